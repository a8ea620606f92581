// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
#include "cli/input/text_util.h"

#include <gtest/gtest.h>

#include <cmath>

namespace modelseal::cli {
namespace {

TEST(TextUtilTest, TrimSpaces) {
  EXPECT_EQ(TrimSpaces(" \t a b \t"), "a b");
  EXPECT_EQ(TrimSpaces("   "), "");
  EXPECT_EQ(TrimSpaces(""), "");
}

TEST(TextUtilTest, QuoteForErrorEscapesAndTruncates) {
  EXPECT_EQ(QuoteForError("ab"), "\"ab\"");
  EXPECT_EQ(QuoteForError(std::string_view("a\0\n\"", 4)),
            "\"a\\x00\\x0a\\x22\"");
  EXPECT_EQ(QuoteForError("abcdef", 3), "\"abc\"...");
}

TEST(TextUtilTest, ParseCsvNumber) {
  EXPECT_EQ(*ParseCsvNumber("1.25"), 1.25);
  EXPECT_EQ(*ParseCsvNumber("-1e-3"), -1e-3);
  EXPECT_TRUE(std::isnan(*ParseCsvNumber("")));
  EXPECT_TRUE(std::isinf(*ParseCsvNumber("infinity")));
  EXPECT_FALSE(ParseCsvNumber("+1"));
  EXPECT_FALSE(ParseCsvNumber("1 "));
  EXPECT_FALSE(ParseCsvNumber("nan(0)"));
  EXPECT_FALSE(ParseCsvNumber("1e400"));
}

TEST(TextUtilTest, ParseIntegralLabel) {
  EXPECT_EQ(*ParseIntegralLabel("-12"), -12);
  EXPECT_EQ(*ParseIntegralLabel("3.0"), 3);
  EXPECT_EQ(*ParseIntegralLabel("1e3"), 1000);
  EXPECT_EQ(*ParseIntegralLabel("9223372036854775807"), INT64_MAX);
  EXPECT_FALSE(ParseIntegralLabel("1.5"));
  EXPECT_FALSE(ParseIntegralLabel("nan"));
  EXPECT_FALSE(ParseIntegralLabel(""));
  EXPECT_FALSE(ParseIntegralLabel("1e300"));
  EXPECT_FALSE(ParseIntegralLabel("cat"));
}

TEST(TextUtilTest, CsvField) {
  EXPECT_EQ(CsvField("cat"), "cat");
  EXPECT_EQ(CsvField("a,b"), "\"a,b\"");
  EXPECT_EQ(CsvField("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(CsvField(" x"), "\" x\"");
  EXPECT_EQ(CsvField("a\nb"), "\"a\nb\"");
  EXPECT_EQ(CsvField(""), "");
}

TEST(TextUtilTest, FormatDoubleRoundTrips) {
  EXPECT_EQ(FormatDouble(0.1), "0.1");
  EXPECT_EQ(FormatDouble(-2), "-2");
  EXPECT_EQ(FormatDouble(1e300), "1e+300");
  EXPECT_EQ(FormatDouble(NAN), "nan");
  EXPECT_EQ(FormatDouble(-INFINITY), "-inf");
  for (double v : {0.1 + 0.2, 1.0 / 3.0, 5e-324, 1.7976931348623157e308}) {
    EXPECT_EQ(*ParseCsvNumber(FormatDouble(v)), v);
  }
}

}  // namespace
}  // namespace modelseal::cli

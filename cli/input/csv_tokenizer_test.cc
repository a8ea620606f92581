// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
#include "cli/input/csv_tokenizer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cli/input/csv.h"
#include "cli/input/typed_csv.h"

namespace modelseal::cli {
namespace {

using Mode = CsvTokenizer::Mode;

CsvOptions Opts() {
  CsvOptions o;
  o.source_name = "t.csv";
  return o;
}

// Every record of `text` as "field|field" strings ('*' marks a quoted one),
// or the first error.
Result<std::vector<std::string>> Records(std::string_view text, Mode mode,
                                         const CsvOptions& o = Opts()) {
  CsvTokenizer tok(text, o, mode);
  MODELSEAL_RETURN_IF_ERROR(tok.CheckSize());
  std::vector<std::string> out;
  std::vector<CsvToken> fields;
  uint64_t width = 0;
  while (!tok.AtEnd()) {
    MODELSEAL_RETURN_IF_ERROR(tok.ReadRecord(width, &fields));
    if (width == 0) width = fields.size();
    std::string r = std::to_string(tok.record_line()) + ":";
    for (size_t i = 0; i < fields.size(); ++i) {
      if (i) r += "|";
      if (fields[i].quoted) r += "*";
      r += fields[i].text;
    }
    out.push_back(r);
  }
  return out;
}

TEST(CsvTokenizerTest, FieldsQuotesAndLineEnds) {
  auto r = Records("a, b ,\"c,\"\"d\"\"\"\r\n,\"\",x", Mode::kSingleLineQuotes);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(*r, (std::vector<std::string>{"1:a| b |*c,\"d\"", "2:|*|x"}));
}

TEST(CsvTokenizerTest, LineEndsInsideQuotesFollowTheMode) {
  const std::string text = "\"a\nb\",\"c\r\nd\"\nx,y\n";
  auto typed = Records(text, Mode::kQuotedLineEnds);
  ASSERT_TRUE(typed.ok()) << typed.status().ToString();
  // The second record starts on physical line 4.
  EXPECT_EQ(*typed, (std::vector<std::string>{"1:*a\nb|*c\r\nd", "4:x|y"}));
  auto numeric = Records(text, Mode::kSingleLineQuotes);
  ASSERT_FALSE(numeric.ok());
  EXPECT_EQ(numeric.status().code(), ErrorCode::kCsvBadQuote);
  EXPECT_EQ(numeric.status().ToString().find(
                "line end inside a quoted field") != std::string::npos,
            true)
      << numeric.status().ToString();
}

TEST(CsvTokenizerTest, ErrorContextIsTheRecordsFirstLine) {
  auto r = Records("a,b\n\"x\ny\",1,2\n", Mode::kQuotedLineEnds);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kCsvRowWidth);
  EXPECT_NE(r.status().ToString().find("t.csv:2:3"), std::string::npos)
      << r.status().ToString();
  auto empty = Records("a\n\"x\ny\"\n\nb\n", Mode::kQuotedLineEnds);
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.status().code(), ErrorCode::kCsvEmptyLine);
  EXPECT_NE(empty.status().ToString().find("t.csv:4:1"), std::string::npos)
      << empty.status().ToString();
}

// A field may hold max_field_bytes bytes of text (after unquoting), quoted
// or not, in both readers; one more is kCsvFieldTooLong. (Before the
// readers shared this tokenizer, a quoted field of the limit's length was
// refused by both, and the numeric reader also counted the quotes.)
TEST(CsvTokenizerTest, FieldLimitCountsTheTextAfterUnquoting) {
  CsvOptions o = Opts();
  o.limits.max_field_bytes = 4;
  for (Mode mode : {Mode::kSingleLineQuotes, Mode::kQuotedLineEnds}) {
    EXPECT_TRUE(Records("1234,\"1234\",\"12\"\"4\"\n", mode, o).ok());
    for (const char* text : {"12345\n", "\"12345\"\n", "\"12\"\"45\"\n"}) {
      auto r = Records(text, mode, o);
      ASSERT_FALSE(r.ok()) << text;
      EXPECT_EQ(r.status().code(), ErrorCode::kCsvFieldTooLong) << text;
    }
  }
  EXPECT_TRUE(ParseCsv("\"1234\",\"-1.5\"\n", o).ok());
  InputColumn city;
  city.name = "city";
  city.type = ColumnType::kString;
  city.nullable = Nullable::kYes;
  auto t = ParseTypedCsv("city\n\"abcd\"\n", {city}, o);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->columns[0].bytes, "abcd");
}

TEST(CsvTokenizerTest, RejectsBadBytes) {
  struct Case {
    std::string text;
    ErrorCode code;
  };
  const std::vector<Case> cases = {
      {std::string("a\0b\n", 4), ErrorCode::kCsvNulByte},
      {std::string("\"a\0\"\n", 5), ErrorCode::kCsvNulByte},
      {"a\rb\n", ErrorCode::kCsvBareCarriageReturn},
      {"\"ab\n", ErrorCode::kCsvBadQuote},
      {"\"a\"b\n", ErrorCode::kCsvBadQuote},
      {"a\"b\n", ErrorCode::kCsvBadQuote},
      {"a\n\nb\n", ErrorCode::kCsvEmptyLine},
      {"a\n\r\nb\n", ErrorCode::kCsvEmptyLine},
  };
  for (Mode mode : {Mode::kSingleLineQuotes, Mode::kQuotedLineEnds}) {
    for (const Case& c : cases) {
      auto r = Records(c.text, mode);
      ASSERT_FALSE(r.ok()) << c.text;
      EXPECT_EQ(r.status().code(), c.code) << c.text;
    }
  }
}

TEST(CsvTokenizerTest, Limits) {
  CsvOptions o = Opts();
  o.limits.max_columns = 2;
  auto r = Records("a,b,c\n", Mode::kQuotedLineEnds, o);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kCsvTooManyColumns);
  o = Opts();
  o.limits.max_bytes = 3;
  r = Records("a,b\n", Mode::kSingleLineQuotes, o);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kCsvTooLarge);
  r = Records("a,b\n1,2,3\n", Mode::kSingleLineQuotes);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kCsvRowWidth);
}

}  // namespace
}  // namespace modelseal::cli

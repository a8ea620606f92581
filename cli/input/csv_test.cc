// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
#include "cli/input/csv.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>

namespace modelseal::cli {
namespace {

CsvOptions Opts(bool header = false) {
  CsvOptions o;
  o.header = header;
  o.source_name = "in.csv";
  return o;
}

Status ParseError(std::string_view text, const CsvOptions& o) {
  auto r = ParseCsv(text, o);
  EXPECT_FALSE(r.ok()) << text;
  return r.status();
}

TEST(CsvTest, ParsesNumbersAndLineEnds) {
  auto r = ParseCsv("1,2.5,-3\r\n4e2, 5 ,\t.5\n", Opts());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->rows, 2u);
  EXPECT_EQ(r->cols, 3u);
  EXPECT_EQ(r->values, (std::vector<double>{1, 2.5, -3, 400, 5, 0.5}));
  EXPECT_TRUE(r->header.empty());
  EXPECT_TRUE(r->labels.empty());
}

TEST(CsvTest, NoFinalNewline) {
  auto r = ParseCsv("1,2\n3,4", Opts());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->values, (std::vector<double>{1, 2, 3, 4}));
}

TEST(CsvTest, NanSpellingsAndInfinity) {
  auto r = ParseCsv(",nan,NaN,NAN,inf,-inf\n", Opts());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  for (int i = 0; i < 4; ++i) EXPECT_TRUE(std::isnan(r->values[i])) << i;
  EXPECT_EQ(r->values[4], std::numeric_limits<double>::infinity());
  EXPECT_EQ(r->values[5], -std::numeric_limits<double>::infinity());
}

TEST(CsvTest, RoundTripsShortestRepresentation) {
  auto r = ParseCsv("0.1,0.30000000000000004,1.7976931348623157e308\n", Opts());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->values[0], 0.1);
  EXPECT_EQ(r->values[1], 0.1 + 0.2);
  EXPECT_EQ(r->values[2], std::numeric_limits<double>::max());
}

TEST(CsvTest, QuotedFields) {
  auto r = ParseCsv("\"a,b\",\"say \"\"hi\"\"\"\n\"1.5\",2\n", Opts(true));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->header, (std::vector<std::string>{"a,b", "say \"hi\""}));
  EXPECT_EQ(r->values, (std::vector<double>{1.5, 2}));
}

TEST(CsvTest, HeaderAndLabelByName) {
  CsvOptions o = Opts(true);
  o.label.kind = CsvLabelColumn::Kind::kName;
  o.label.name = "y";
  auto r = ParseCsv("a,y,b\n1,cat,2\n3, dog ,4\n", o);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->header, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(r->label_header, "y");
  EXPECT_EQ(r->cols, 2u);
  EXPECT_EQ(r->values, (std::vector<double>{1, 2, 3, 4}));
  EXPECT_EQ(r->labels, (std::vector<std::string>{"cat", "dog"}));
}

TEST(CsvTest, LabelLastAndByIndex) {
  CsvOptions o = Opts();
  o.label.kind = CsvLabelColumn::Kind::kLast;
  auto r = ParseCsv("1,2,0\n3,4,1\n", o);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->cols, 2u);
  EXPECT_EQ(r->labels, (std::vector<std::string>{"0", "1"}));
  o.label.kind = CsvLabelColumn::Kind::kIndex;
  o.label.index = 0;
  r = ParseCsv("1,2,0\n3,4,1\n", o);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->values, (std::vector<double>{2, 0, 4, 1}));
  EXPECT_EQ(r->labels, (std::vector<std::string>{"1", "3"}));
}

TEST(CsvTest, LabelOnlyFile) {
  CsvOptions o = Opts();
  o.label.kind = CsvLabelColumn::Kind::kLast;
  auto r = ParseCsv("a\nb\n", o);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->cols, 0u);
  EXPECT_EQ(r->labels.size(), 2u);
}

// One negative test per error code.

TEST(CsvErrorTest, TooLarge) {
  CsvOptions o = Opts();
  o.limits.max_bytes = 4;
  EXPECT_EQ(ParseError("1,2,3\n", o).code(), ErrorCode::kCsvTooLarge);
}

TEST(CsvErrorTest, NulByte) {
  Status s = ParseError(std::string_view("1,2\n3,\0\n", 8), Opts());
  EXPECT_EQ(s.code(), ErrorCode::kCsvNulByte);
  EXPECT_EQ(s.context(), "in.csv:2:2");
  s = ParseError(std::string_view("\"\0\"\n", 4), Opts());
  EXPECT_EQ(s.code(), ErrorCode::kCsvNulByte);
}

TEST(CsvErrorTest, Empty) {
  EXPECT_EQ(ParseError("", Opts()).code(), ErrorCode::kCsvEmpty);
  EXPECT_EQ(ParseError("a,b\n", Opts(true)).code(), ErrorCode::kCsvEmpty);
}

TEST(CsvErrorTest, TooManyRows) {
  CsvOptions o = Opts();
  o.limits.max_rows = 2;
  Status s = ParseError("1\n2\n3\n", o);
  EXPECT_EQ(s.code(), ErrorCode::kCsvTooManyRows);
  EXPECT_EQ(s.context(), "in.csv:3:1");
}

TEST(CsvErrorTest, TooManyColumns) {
  CsvOptions o = Opts();
  o.limits.max_columns = 2;
  Status s = ParseError("1,2,3\n", o);
  EXPECT_EQ(s.code(), ErrorCode::kCsvTooManyColumns);
  EXPECT_EQ(s.context(), "in.csv:1:3");
}

TEST(CsvErrorTest, FieldTooLong) {
  CsvOptions o = Opts();
  o.limits.max_field_bytes = 4;
  EXPECT_EQ(ParseError("1,12345\n", o).code(), ErrorCode::kCsvFieldTooLong);
  EXPECT_EQ(ParseError("\"12345\"\n", o).code(), ErrorCode::kCsvFieldTooLong);
  EXPECT_TRUE(ParseCsv("1234\n", o).ok());
}

TEST(CsvErrorTest, BadNumber) {
  for (const char* bad :
       {"1x", "+1", "0x10", "1 2", "-nan", "nan(1)", "1e999", "abc", "1,,2e"}) {
    Status s = ParseError(std::string(bad) + "\n", Opts());
    EXPECT_EQ(s.code(), ErrorCode::kCsvBadNumber) << bad;
  }
  Status s = ParseError("1,2\n3,oops\n", Opts());
  EXPECT_EQ(s.context(), "in.csv:2:2");
  EXPECT_NE(s.detail().find("\"oops\""), std::string::npos);
  // The first line hints at --header.
  s = ParseError("a,b\n1,2\n", Opts());
  EXPECT_NE(s.detail().find("--header"), std::string::npos);
}

TEST(CsvErrorTest, RowWidth) {
  Status s = ParseError("1,2\n3\n", Opts());
  EXPECT_EQ(s.code(), ErrorCode::kCsvRowWidth);
  EXPECT_EQ(s.context(), "in.csv:2:1");
  s = ParseError("1,2\n3,4,5\n", Opts());
  EXPECT_EQ(s.code(), ErrorCode::kCsvRowWidth);
  EXPECT_EQ(s.context(), "in.csv:2:3");
}

TEST(CsvErrorTest, BareCarriageReturn) {
  EXPECT_EQ(ParseError("1,2\r3,4\n", Opts()).code(),
            ErrorCode::kCsvBareCarriageReturn);
  EXPECT_EQ(ParseError("1,2\r", Opts()).code(),
            ErrorCode::kCsvBareCarriageReturn);
}

TEST(CsvErrorTest, EmptyLine) {
  Status s = ParseError("1\n\n2\n", Opts());
  EXPECT_EQ(s.code(), ErrorCode::kCsvEmptyLine);
  EXPECT_EQ(s.context(), "in.csv:2:1");
  EXPECT_EQ(ParseError("1\n\r\n", Opts()).code(), ErrorCode::kCsvEmptyLine);
  EXPECT_EQ(ParseError("\n1\n", Opts()).code(), ErrorCode::kCsvEmptyLine);
}

TEST(CsvErrorTest, BadQuote) {
  for (const char* bad : {"\"1\n", "\"1\"x\n", "1\"\n", "\"a\nb\"\n"}) {
    EXPECT_EQ(ParseError(bad, Opts(true)).code(), ErrorCode::kCsvBadQuote)
        << bad;
  }
}

TEST(CsvErrorTest, HeaderUtf8) {
  Status s = ParseError("a,\xff\n1,2\n", Opts(true));
  EXPECT_EQ(s.code(), ErrorCode::kCsvHeaderUtf8);
  EXPECT_EQ(s.context(), "in.csv:1:2");
}

TEST(CsvErrorTest, ColumnNotFound) {
  CsvOptions o = Opts(true);
  o.label.kind = CsvLabelColumn::Kind::kName;
  o.label.name = "y";
  EXPECT_EQ(ParseError("a,b\n1,2\n", o).code(), ErrorCode::kCsvColumnNotFound);
  EXPECT_EQ(ParseError("y,y\n1,2\n", o).code(), ErrorCode::kCsvColumnNotFound);
  o.header = false;
  EXPECT_EQ(ParseError("1,2\n", o).code(), ErrorCode::kCsvColumnNotFound);
  o.label.kind = CsvLabelColumn::Kind::kIndex;
  o.label.index = 2;
  EXPECT_EQ(ParseError("1,2\n", o).code(), ErrorCode::kCsvColumnNotFound);
}

TEST(CsvErrorTest, TooManyCells) {
  CsvOptions o = Opts();
  o.limits.max_values = 5;
  Status s = ParseError("1,2\n3,4\n5,6\n", o);
  EXPECT_EQ(s.code(), ErrorCode::kCsvTooManyCells);
  EXPECT_EQ(s.context(), "in.csv:3:1");
}

TEST(CsvHeaderTest, MatchesFeatureNames) {
  EXPECT_TRUE(CheckCsvHeader({"a", "b"}, {"a", "b"}, "x").ok());
  EXPECT_TRUE(CheckCsvHeader({}, {"a", "b"}, "x").ok());
  EXPECT_TRUE(CheckCsvHeader({"a", "b"}, {}, "x").ok());
  Status s = CheckCsvHeader({"a", "c"}, {"a", "b"}, "x.csv");
  EXPECT_EQ(s.code(), ErrorCode::kCsvHeaderMismatch);
  EXPECT_EQ(s.context(), "x.csv:1:2");
  s = CheckCsvHeader({"a"}, {"a", "b"}, "x.csv");
  EXPECT_EQ(s.code(), ErrorCode::kCsvHeaderMismatch);
}

}  // namespace
}  // namespace modelseal::cli

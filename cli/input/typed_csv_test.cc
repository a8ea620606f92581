// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
#include "cli/input/typed_csv.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

namespace modelseal::cli {
namespace {

InputColumn Col(std::string name, ColumnType type,
                Nullable nullable = Nullable::kYes) {
  InputColumn c;
  c.name = std::move(name);
  c.type = type;
  c.nullable = nullable;
  return c;
}

const std::vector<InputColumn> kModel = {
    Col("city", ColumnType::kString), Col("size", ColumnType::kFloat),
    Col("ok", ColumnType::kBoolean), Col("n", ColumnType::kInteger)};

CsvOptions Opts() {
  CsvOptions o;
  o.source_name = "in.csv";
  return o;
}

std::string Str(const TypedCsvColumn& c, size_t row) {
  return c.bytes.substr(c.offsets[row], c.offsets[row + 1] - c.offsets[row]);
}
bool Valid(const TypedCsvColumn& c, size_t row) {
  return (c.validity[row / 8] >> (row % 8)) & 1;
}
bool Bit(const TypedCsvColumn& c, size_t row) {
  return (c.bits[row / 8] >> (row % 8)) & 1;
}

Status ParseError(std::string_view text,
                  const std::vector<InputColumn>& model = kModel,
                  const CsvOptions& o = Opts()) {
  auto r = ParseTypedCsv(text, model, o);
  EXPECT_FALSE(r.ok()) << text;
  return r.status();
}

TEST(TypedCsvTest, MatchesColumnsByNameAndParsesEachType) {
  auto r = ParseTypedCsv(
      "ok,n,size,city\r\n"
      "true,3,1.5,Paris\n"
      "False, 4 ,NaN,\"S\xC3\xA3o Paulo, BR\"\n"
      "1,,NA,\"say \"\"hi\"\"\"\n"
      "0,5,2,\"two\nlines\"\n"
      "NA,6,3, padded \n",
      kModel, Opts());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->rows, 5u);
  ASSERT_EQ(r->columns.size(), 4u);
  const TypedCsvColumn& city = r->columns[0];
  EXPECT_EQ(city.name, "city");
  EXPECT_EQ(city.type, ArrayType::kLargeString);
  EXPECT_EQ(Str(city, 0), "Paris");
  EXPECT_EQ(Str(city, 1), "S\xC3\xA3o Paulo, BR");
  EXPECT_EQ(Str(city, 2), "say \"hi\"");
  EXPECT_EQ(Str(city, 3), "two\nlines");
  EXPECT_EQ(Str(city, 4), " padded ");  // strings are byte-exact
  const TypedCsvColumn& size = r->columns[1];
  EXPECT_EQ(size.numbers[0], 1.5);
  EXPECT_TRUE(std::isnan(size.numbers[1]));
  EXPECT_TRUE(Valid(size, 1));   // "NaN" is a value
  EXPECT_FALSE(Valid(size, 2));  // NA is missing
  const TypedCsvColumn& ok = r->columns[2];
  EXPECT_EQ(ok.type, ArrayType::kBool);
  EXPECT_TRUE(Bit(ok, 0));
  EXPECT_FALSE(Bit(ok, 1));
  EXPECT_TRUE(Bit(ok, 2));
  EXPECT_FALSE(Bit(ok, 3));
  EXPECT_FALSE(Valid(ok, 4));
  const TypedCsvColumn& n = r->columns[3];
  EXPECT_EQ(n.numbers[1], 4.0);
  EXPECT_FALSE(Valid(n, 2));  // empty field: missing
  EXPECT_EQ(r->row_lines, (std::vector<uint64_t>{2, 3, 4, 5, 7}));
  EXPECT_EQ(r->csv_columns, (std::vector<uint64_t>{4, 3, 1, 2}));
  TableView v = r->View(1, 3);
  EXPECT_EQ(v.rows, 3u);
  EXPECT_EQ(v.columns[0].offset, 1u);
  EXPECT_EQ(v.columns[0].validity, nullptr);  // no missing city
  EXPECT_NE(v.columns[1].validity, nullptr);
}

TEST(TypedCsvTest, QuotedEmptyIsTheEmptyStringAndQuotedNaIsText) {
  auto r = ParseTypedCsv("city,size,ok,n\n\"\",1,1,1\n\"NA\",1,1,1\n,1,1,1\n",
                         kModel, Opts());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const TypedCsvColumn& city = r->columns[0];
  EXPECT_TRUE(Valid(city, 0));
  EXPECT_EQ(Str(city, 0), "");
  EXPECT_TRUE(Valid(city, 1));
  EXPECT_EQ(Str(city, 1), "NA");
  EXPECT_FALSE(Valid(city, 2));
  EXPECT_TRUE(city.any_missing);
}

TEST(TypedCsvTest, LabelColumnAndUnnamedModels) {
  CsvOptions o = Opts();
  o.label.kind = CsvLabelColumn::Kind::kName;
  o.label.name = "y";
  auto r = ParseTypedCsv("y,city,size,ok,n\nspam,a,1,0,2\n", kModel, o);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->labels, (std::vector<std::string>{"spam"}));
  EXPECT_EQ(r->label_header, "y");

  // Without names: by position; the header only with --header.
  std::vector<InputColumn> unnamed = {Col("", ColumnType::kString),
                                      Col("", ColumnType::kFloat)};
  auto p = ParseTypedCsv("x,1\n", unnamed, Opts());
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_EQ(p->rows, 1u);
  EXPECT_EQ(Str(p->columns[0], 0), "x");
  EXPECT_EQ(ParseError("x,1,2\n", unnamed).code(), ErrorCode::kInputShape);
}

// ---- One negative test per rule (the new codes and the reused ones) ----

TEST(TypedCsvErrorTest, FieldUtf8) {
  Status s = ParseError("city,size,ok,n\nok,1,1,1\n\"\xC3\x28\",1,1,1\n");
  EXPECT_EQ(s.code(), ErrorCode::kCsvFieldUtf8);
  EXPECT_EQ(s.context(), "in.csv:3:1");
}

TEST(TypedCsvErrorTest, BadBoolean) {
  Status s = ParseError("city,size,ok,n\na,1,yes,1\n");
  EXPECT_EQ(s.code(), ErrorCode::kCsvBadBoolean);
  EXPECT_EQ(s.context(), "in.csv:2:3");
}

TEST(TypedCsvErrorTest, MissingWhereNotNullable) {
  std::vector<InputColumn> model = {
      Col("a", ColumnType::kString, Nullable::kNo),
      Col("b", ColumnType::kFloat, Nullable::kNo)};
  Status s = ParseError("a,b\n\"x\ny\",1\nq,NA\n", model);
  EXPECT_EQ(s.code(), ErrorCode::kInputMissingValue);
  EXPECT_EQ(s.context(), "in.csv:4:2");  // the record starts on line 4
  EXPECT_EQ(ParseError("a,b\n,1\n", model).code(),
            ErrorCode::kInputMissingValue);
}

TEST(TypedCsvErrorTest, HeaderColumns) {
  EXPECT_EQ(ParseError("city,size,ok\na,1,1\n").code(),
            ErrorCode::kCsvColumnNotFound);
  Status extra = ParseError("city,size,ok,n,zzz\na,1,1,1,1\n");
  EXPECT_EQ(extra.code(), ErrorCode::kCsvHeaderMismatch);
  EXPECT_EQ(extra.context(), "in.csv:1:5");
  EXPECT_EQ(ParseError("city,size,ok,n,city\na,1,1,1,1\n").code(),
            ErrorCode::kCsvHeaderMismatch);
  EXPECT_EQ(ParseError("city,size,\xff,n\na,1,1,1\n").code(),
            ErrorCode::kCsvHeaderUtf8);
}

TEST(TypedCsvErrorTest, StructureAndLimits) {
  EXPECT_EQ(ParseError("city,size,ok,n\na,x,1,1\n").code(),
            ErrorCode::kCsvBadNumber);
  EXPECT_EQ(ParseError("city,size,ok,n\n\"a,1,1,1\n").code(),
            ErrorCode::kCsvBadQuote);
  EXPECT_EQ(ParseError("city,size,ok,n\n\"a\"b,1,1,1\n").code(),
            ErrorCode::kCsvBadQuote);
  EXPECT_EQ(ParseError("city,size,ok,n\na\"b,1,1,1\n").code(),
            ErrorCode::kCsvBadQuote);
  EXPECT_EQ(ParseError("city,size,ok,n\na,1,1,1\r").code(),
            ErrorCode::kCsvBareCarriageReturn);
  EXPECT_EQ(ParseError("city,size,ok,n\n\na,1,1,1\n").code(),
            ErrorCode::kCsvEmptyLine);
  EXPECT_EQ(ParseError(std::string("city,size,ok,n\na\0,1,1,1\n", 24)).code(),
            ErrorCode::kCsvNulByte);
  EXPECT_EQ(ParseError("city,size,ok,n\na,1,1\n").code(),
            ErrorCode::kCsvRowWidth);
  EXPECT_EQ(ParseError("city,size,ok,n\n").code(), ErrorCode::kCsvEmpty);
  CsvOptions small = Opts();
  small.limits.max_field_bytes = 4;
  EXPECT_EQ(
      ParseError("city,size,ok,n\n\"abcdef\",1,1,1\n", kModel, small).code(),
      ErrorCode::kCsvFieldTooLong);
  small = Opts();
  small.limits.max_rows = 1;
  EXPECT_EQ(
      ParseError("city,size,ok,n\na,1,1,1\nb,1,1,1\n", kModel, small).code(),
      ErrorCode::kCsvTooManyRows);
  small = Opts();
  small.limits.max_values = 7;
  EXPECT_EQ(
      ParseError("city,size,ok,n\na,1,1,1\nb,1,1,1\n", kModel, small).code(),
      ErrorCode::kCsvTooManyCells);
  small = Opts();
  small.limits.max_columns = 3;
  EXPECT_EQ(ParseError("city,size,ok,n\n", kModel, small).code(),
            ErrorCode::kCsvTooManyColumns);
  small = Opts();
  small.limits.max_bytes = 8;
  EXPECT_EQ(ParseError("city,size,ok,n\n", kModel, small).code(),
            ErrorCode::kCsvTooLarge);
}

}  // namespace
}  // namespace modelseal::cli

// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
#include "cli/input/npy.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include "core/little_endian.h"
namespace modelseal::cli {
namespace {

std::vector<std::byte> FromHex(std::string_view hex) {
  std::vector<std::byte> out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    out.push_back(static_cast<std::byte>(
        std::stoi(std::string(hex.substr(i, 2)), nullptr, 16)));
  }
  return out;
}

void Append(std::vector<std::byte>* out, std::string_view s) {
  for (char c : s) out->push_back(static_cast<std::byte>(c));
}

// A .npy file with `dict` as its header, padded to `align` (with a final
// newline), then `data`. Version 1 uses a u16 length, 2 and 3 a u32.
std::vector<std::byte> MakeNpy(std::string_view dict, int major,
                               std::string_view data, size_t align = 64) {
  size_t preamble = major == 1 ? 10 : 12;
  size_t total = preamble + dict.size() + 1;
  size_t padded = (total + align - 1) / align * align;
  std::string header =
      std::string(dict) + std::string(padded - total, ' ') + "\n";
  std::vector<std::byte> out;
  Append(&out, std::string_view("\x93NUMPY", 6));
  out.push_back(static_cast<std::byte>(major));
  out.push_back(std::byte{0});
  AppendLe(&out, header.size(), major == 1 ? 2 : 4);
  Append(&out, header);
  Append(&out, data);
  return out;
}

std::string F64Bytes(std::vector<double> v) {
  std::string s(v.size() * 8, '\0');
  std::memcpy(s.data(), v.data(), s.size());
  return s;
}

NpyOptions Opts() {
  NpyOptions o;
  o.source_name = "x.npy";
  return o;
}

Status ParseError(const std::vector<std::byte>& bytes,
                  const NpyOptions& o = Opts()) {
  auto r = ParseNpy(bytes, o);
  EXPECT_FALSE(r.ok());
  return r.status();
}

constexpr char kDict[] =
    "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }";

TEST(NpyTest, ParsesFloat64AllVersions) {
  std::vector<double> v = {1, 2, 3, 4.5, -0.0, NAN};
  for (int major : {1, 2, 3}) {
    auto r = ParseNpy(MakeNpy(kDict, major, F64Bytes(v)), Opts());
    ASSERT_TRUE(r.ok()) << major << " " << r.status().ToString();
    EXPECT_EQ(r->rows, 2u);
    EXPECT_EQ(r->cols, 3u);
    EXPECT_EQ(r->source_dtype, DType::kFloat64);
    EXPECT_EQ(r->values[3], 4.5);
    EXPECT_TRUE(std::signbit(r->values[4]));
    EXPECT_TRUE(std::isnan(r->values[5]));
  }
}

// Bytes written by numpy 1.x np.save (float32 and int64).
TEST(NpyTest, ReadsNumpyWrittenFiles) {
  auto f4 = FromHex(
      "934e554d5059010076007b276465736372273a20273c6634272c2027666f727472616e"
      "5f6f72646572273a2046616c73652c20277368617065273a2028322c2032292c207d20"
      "2020202020202020202020202020202020202020202020202020202020202020202020"
      "202020202020202020202020202020202020202020200a0000c03f000000c000004040"
      "00008040");
  auto r = ParseNpy(f4, Opts());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->source_dtype, DType::kFloat32);
  EXPECT_EQ(r->values, (std::vector<double>{1.5, -2, 3, 4}));
  auto i8 = FromHex(
      "934e554d5059010076007b276465736372273a20273c6938272c2027666f727472616e"
      "5f6f72646572273a2046616c73652c20277368617065273a2028312c2033292c207d20"
      "2020202020202020202020202020202020202020202020202020202020202020202020"
      "202020202020202020202020202020202020202020200a010000000000000"
      "0feffffffffffffff0300000000000000");
  r = ParseNpy(i8, Opts());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->source_dtype, DType::kInt64);
  EXPECT_EQ(r->values, (std::vector<double>{1, -2, 3}));
}

TEST(NpyTest, Int32KeyOrderAndOldAlignment) {
  std::string data = {'\xff', '\xff', '\xff', '\xff', 7, 0, 0, 0};
  auto r = ParseNpy(
      MakeNpy("{'shape': (1, 2), \"fortran_order\": False, 'descr': '<i4'}", 1,
              data, 16),
      Opts());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->values, (std::vector<double>{-1, 7}));
}

TEST(NpyTest, OneDimensionalWhenAllowed) {
  auto bytes =
      MakeNpy("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }", 1,
              F64Bytes({1, 2}));
  EXPECT_EQ(ParseError(bytes).code(), ErrorCode::kNpyShapeRank);
  NpyOptions o = Opts();
  o.allow_1d = true;
  auto r = ParseNpy(bytes, o);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->rows, 2u);
  EXPECT_EQ(r->cols, 1u);
}

TEST(NpyTest, ZeroRows) {
  auto r = ParseNpy(
      MakeNpy("{'descr': '<f8', 'fortran_order': False, 'shape': (0, 4), }", 1,
              ""),
      Opts());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->rows, 0u);
  EXPECT_TRUE(r->values.empty());
}

TEST(NpyTest, FormatRoundTrips) {
  std::vector<double> v = {0.1, -2, 1e300, 4, 5, 6};
  auto bytes = FormatNpyFloat64(v, 3, 2);
  ASSERT_TRUE(bytes.ok());
  EXPECT_EQ(bytes->size(), 128u + 48u);  // numpy pads to 64 bytes too
  auto r = ParseNpy(*bytes, Opts());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->values, v);
  EXPECT_EQ(r->rows, 3u);
  EXPECT_FALSE(FormatNpyFloat64(v, 4, 2).ok());
}

// One negative test per error code.

TEST(NpyErrorTest, TooLarge) {
  NpyOptions o = Opts();
  o.limits.max_bytes = 64;
  EXPECT_EQ(
      ParseError(MakeNpy(kDict, 1, F64Bytes({1, 2, 3, 4, 5, 6})), o).code(),
      ErrorCode::kNpyTooLarge);
}

TEST(NpyErrorTest, BadMagic) {
  auto b = MakeNpy(kDict, 1, F64Bytes({1, 2, 3, 4, 5, 6}));
  b[1] = std::byte{'n'};
  EXPECT_EQ(ParseError(b).code(), ErrorCode::kNpyBadMagic);
  EXPECT_EQ(ParseError({}).code(), ErrorCode::kNpyBadMagic);
}

TEST(NpyErrorTest, BadVersion) {
  auto b = MakeNpy(kDict, 1, F64Bytes({1, 2, 3, 4, 5, 6}));
  b[7] = std::byte{1};  // 1.1
  EXPECT_EQ(ParseError(b).code(), ErrorCode::kNpyBadVersion);
  b[6] = std::byte{4};
  b[7] = std::byte{0};
  EXPECT_EQ(ParseError(b).code(), ErrorCode::kNpyBadVersion);
}

TEST(NpyErrorTest, Truncated) {
  auto b = MakeNpy(kDict, 2, "");
  b.resize(10);  // the u32 length is cut
  EXPECT_EQ(ParseError(b).code(), ErrorCode::kNpyTruncated);
  b = MakeNpy(kDict, 1, "");
  b.resize(40);  // the header is cut
  EXPECT_EQ(ParseError(b).code(), ErrorCode::kNpyTruncated);
}

TEST(NpyErrorTest, HeaderPadding) {
  std::string data = F64Bytes({1, 2, 3, 4, 5, 6});
  // Not a multiple of 16.
  EXPECT_EQ(ParseError(MakeNpy(kDict, 1, data, 8)).code(),
            ErrorCode::kNpyHeaderPadding);
  // No final newline / junk in the padding.
  auto b = MakeNpy(kDict, 1, data);
  size_t last = b.size() - data.size() - 1;  // the header's final '\n'
  ASSERT_EQ(b[last], std::byte{'\n'});
  b[last] = std::byte{' '};
  EXPECT_EQ(ParseError(b).code(), ErrorCode::kNpyHeaderPadding);
  b = MakeNpy(kDict, 1, data);
  b[last - 1] = std::byte{'x'};
  EXPECT_EQ(ParseError(b).code(), ErrorCode::kNpyHeaderPadding);
  // Header longer than the limit.
  NpyOptions o = Opts();
  o.limits.max_header_bytes = 32;
  EXPECT_EQ(ParseError(MakeNpy(kDict, 1, data), o).code(),
            ErrorCode::kNpyHeaderPadding);
}

TEST(NpyErrorTest, HeaderSyntax) {
  for (const char* dict :
       {"['descr', '<f8']", "{'descr' '<f8', 'fortran_order': False, }",
        "{'descr': <f8, 'fortran_order': False, 'shape': (1, 1)}",
        "{'descr': '<f8', 'fortran_order': false, 'shape': (1, 1)}",
        "{'descr': '<f8', 'fortran_order': False, 'shape': (1)}",
        "{'descr': '<f8', 'fortran_order': False, 'shape': (1L, 1)}",
        "{'descr': '<f8', 'fortran_order': False, 'shape': (-1, 1)}",
        "{'descr': '<f8' 'fortran_order': False, 'shape': (1, 1)}",
        "{'descr': '<f\\x38', 'fortran_order': False, 'shape': (1, 1)}",
        "{'descr': '<f8', 'fortran_order': False, 'shape': (1, 1)"}) {
    EXPECT_EQ(ParseError(MakeNpy(dict, 1, F64Bytes({1}))).code(),
              ErrorCode::kNpyHeaderSyntax)
        << dict;
  }
}

TEST(NpyErrorTest, HeaderKeys) {
  for (const char* dict :
       {"{'descr': '<f8', 'shape': (1, 1)}",
        "{'descr': '<f8', 'fortran_order': False, 'shape': (1, 1), "
        "'descr': '<f8'}",
        "{'descr': '<f8', 'fortran_order': False, 'shape': (1, 1), 'x': 'y'}",
        "{}"}) {
    EXPECT_EQ(ParseError(MakeNpy(dict, 1, F64Bytes({1}))).code(),
              ErrorCode::kNpyHeaderKeys)
        << dict;
  }
}

TEST(NpyErrorTest, Dtype) {
  for (const char* descr : {">f8", "<f2", "|u1", "<c16", "O", "<U3"}) {
    std::string dict = std::string("{'descr': '") + descr +
                       "', 'fortran_order': False, 'shape': (1, 1), }";
    EXPECT_EQ(ParseError(MakeNpy(dict, 1, F64Bytes({1}))).code(),
              ErrorCode::kNpyDtype)
        << descr;
  }
}

TEST(NpyErrorTest, FortranOrder) {
  EXPECT_EQ(
      ParseError(
          MakeNpy("{'descr': '<f8', 'fortran_order': True, 'shape': (1, 1)}", 3,
                  F64Bytes({1})))
          .code(),
      ErrorCode::kNpyFortranOrder);
}

TEST(NpyErrorTest, ShapeRank) {
  for (const char* shape : {"()", "(1, 1, 1)", "(1,)"}) {
    std::string dict = std::string(
                           "{'descr': '<f8', 'fortran_order': False, "
                           "'shape': ") +
                       shape + "}";
    EXPECT_EQ(ParseError(MakeNpy(dict, 1, F64Bytes({1}))).code(),
              ErrorCode::kNpyShapeRank)
        << shape;
  }
}

TEST(NpyErrorTest, ShapeTooLarge) {
  NpyOptions o = Opts();
  o.limits.max_cols = 2;
  EXPECT_EQ(
      ParseError(MakeNpy(kDict, 1, F64Bytes({1, 2, 3, 4, 5, 6})), o).code(),
      ErrorCode::kNpyShapeTooLarge);
  o = Opts();
  o.limits.max_values = 5;
  EXPECT_EQ(
      ParseError(MakeNpy(kDict, 1, F64Bytes({1, 2, 3, 4, 5, 6})), o).code(),
      ErrorCode::kNpyShapeTooLarge);
  // rows * cols overflows u64: rejected before any allocation.
  o = Opts();
  o.limits.max_rows = ~0ull;
  o.limits.max_cols = ~0ull;
  o.limits.max_values = ~0ull;
  EXPECT_EQ(
      ParseError(MakeNpy("{'descr': '<f8', 'fortran_order': False, 'shape': "
                         "(4294967296, 4294967296)}",
                         1, ""),
                 o)
          .code(),
      ErrorCode::kNpyShapeTooLarge);
}

TEST(NpyErrorTest, DataLength) {
  EXPECT_EQ(ParseError(MakeNpy(kDict, 1, F64Bytes({1, 2, 3, 4, 5}))).code(),
            ErrorCode::kNpyDataLength);
  EXPECT_EQ(
      ParseError(MakeNpy(kDict, 1, F64Bytes({1, 2, 3, 4, 5, 6}) + "x")).code(),
      ErrorCode::kNpyDataLength);
  // rows * cols * itemsize overflows even though rows * cols does not.
  NpyOptions o = Opts();
  o.limits.max_rows = ~0ull;
  o.limits.max_values = ~0ull;
  EXPECT_EQ(ParseError(MakeNpy("{'descr': '<f8', 'fortran_order': False, "
                               "'shape': (4611686018427387904, 1)}",
                               1, ""),
                       o)
                .code(),
            ErrorCode::kNpyDataLength);
}

}  // namespace
}  // namespace modelseal::cli

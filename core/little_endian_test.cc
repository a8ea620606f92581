// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
#include "core/little_endian.h"

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

namespace modelseal {
namespace {

std::vector<std::byte> Bytes(std::initializer_list<int> v) {
  std::vector<std::byte> out;
  for (int b : v) out.push_back(static_cast<std::byte>(b));
  return out;
}

// Compile-time use: the helpers are constexpr.
constexpr std::array<std::byte, 2> kTwo = {std::byte{0x34}, std::byte{0x12}};
static_assert(LoadLe16(std::span<const std::byte, 2>(kTwo)) == 0x1234);
static_assert(LoadLe(std::span<const std::byte>()) == 0);

TEST(LittleEndian, KnownBytePatterns) {
  const auto b = Bytes({0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08});
  const std::span<const std::byte> s(b);
  EXPECT_EQ(LoadLe16(s.first<2>()), 0x0201u);
  EXPECT_EQ(LoadLe32(s.first<4>()), 0x04030201u);
  EXPECT_EQ(LoadLe64(s.first<8>()), 0x0807060504030201ull);
  EXPECT_EQ(LoadLe(s.first(1)), 0x01u);
  EXPECT_EQ(LoadLe(s.first(3)), 0x030201u);
  EXPECT_EQ(LoadLe(s.first(8)), 0x0807060504030201ull);

  const auto high = Bytes({0xff, 0xfe, 0x80, 0x00, 0x00, 0x00, 0x00, 0x80});
  EXPECT_EQ(LoadLe64(std::span<const std::byte>(high).first<8>()),
            0x80000000'0080feffull);
  EXPECT_EQ(static_cast<int64_t>(
                LoadLe64(std::span<const std::byte>(high).first<8>())),
            std::numeric_limits<int64_t>::min() + 0x80feff);

  // 1.0 as an IEEE-754 double and float.
  const auto one64 = Bytes({0, 0, 0, 0, 0, 0, 0xf0, 0x3f});
  EXPECT_EQ(LoadLeF64(std::span<const std::byte>(one64).first<8>()), 1.0);
  const auto one32 = Bytes({0, 0, 0x80, 0x3f});
  EXPECT_EQ(LoadLeF32(std::span<const std::byte>(one32).first<4>()), 1.0f);
}

TEST(LittleEndian, StoresWriteKnownBytePatterns) {
  std::array<std::byte, 8> b{};
  StoreLe16(std::span(b).first<2>(), 0xbeef);
  EXPECT_EQ(std::vector<std::byte>(b.begin(), b.begin() + 2),
            Bytes({0xef, 0xbe}));
  StoreLe32(std::span(b).first<4>(), 0xdeadbeef);
  EXPECT_EQ(std::vector<std::byte>(b.begin(), b.begin() + 4),
            Bytes({0xef, 0xbe, 0xad, 0xde}));
  StoreLe64(std::span(b), 0x0102030405060708ull);
  EXPECT_EQ(std::vector<std::byte>(b.begin(), b.end()),
            Bytes({8, 7, 6, 5, 4, 3, 2, 1}));
  StoreLeF64(std::span(b), -2.0);
  EXPECT_EQ(std::vector<std::byte>(b.begin(), b.end()),
            Bytes({0, 0, 0, 0, 0, 0, 0, 0xc0}));
  // StoreLe writes only the span's bytes: the low ones of the value.
  std::array<std::byte, 4> c{};
  StoreLe(std::span(c).subspan(1, 2), 0xaabbccddull);
  EXPECT_EQ(std::vector<std::byte>(c.begin(), c.end()),
            Bytes({0, 0xdd, 0xcc, 0}));
}

TEST(LittleEndian, AppendsWriteKnownBytePatterns) {
  std::vector<std::byte> out = Bytes({0x55});
  AppendLe16(&out, 0x0102);
  AppendLe32(&out, 0x03040506);
  AppendLe64(&out, 0x0708090a0b0c0d0eull);
  AppendLe(&out, 0xffeeddull, 3);
  EXPECT_EQ(out, Bytes({0x55, 0x02, 0x01, 0x06, 0x05, 0x04, 0x03, 0x0e, 0x0d,
                        0x0c, 0x0b, 0x0a, 0x09, 0x08, 0x07, 0xdd, 0xee, 0xff}));
  std::vector<std::byte> f;
  AppendLeF32(&f, 1.0f);
  AppendLeF64(&f, 1.0);
  EXPECT_EQ(f, Bytes({0, 0, 0x80, 0x3f, 0, 0, 0, 0, 0, 0, 0xf0, 0x3f}));
}

TEST(LittleEndian, RoundTripsAtUnalignedOffsets) {
  const uint64_t values[] = {0,
                             1,
                             0x80,
                             0xff,
                             0x1234,
                             0xffff,
                             0x80000000ull,
                             0xffffffffull,
                             0x0123456789abcdefull,
                             std::numeric_limits<uint64_t>::max()};
  std::array<std::byte, 32> buf{};
  for (size_t offset = 0; offset < 9; ++offset) {
    const std::span<std::byte> at = std::span(buf).subspan(offset);
    for (uint64_t v : values) {
      SCOPED_TRACE(testing::Message() << "offset " << offset << " value " << v);
      StoreLe16(at.first<2>(), static_cast<uint16_t>(v));
      EXPECT_EQ(LoadLe16(at.first<2>()), static_cast<uint16_t>(v));
      StoreLe32(at.first<4>(), static_cast<uint32_t>(v));
      EXPECT_EQ(LoadLe32(at.first<4>()), static_cast<uint32_t>(v));
      StoreLe64(at.first<8>(), v);
      EXPECT_EQ(LoadLe64(at.first<8>()), v);
      // Agrees with the host's representation on little-endian hosts.
      if constexpr (std::endian::native == std::endian::little) {
        uint64_t host = 0;
        std::memcpy(&host, at.data(), 8);
        EXPECT_EQ(host, v);
      }
      std::vector<std::byte> appended(offset, std::byte{0x5a});
      AppendLe64(&appended, v);
      EXPECT_EQ(
          LoadLe64(
              std::span<const std::byte>(appended).subspan(offset).first<8>()),
          v);
    }
    const double doubles[] = {0.0,
                              -0.0,
                              1.5,
                              -3.25e300,
                              std::numeric_limits<double>::denorm_min(),
                              std::numeric_limits<double>::infinity()};
    for (double d : doubles) {
      StoreLeF64(at.first<8>(), d);
      const double back = LoadLeF64(at.first<8>());
      EXPECT_EQ(std::bit_cast<uint64_t>(back), std::bit_cast<uint64_t>(d));
      StoreLeF32(at.first<4>(), static_cast<float>(d));
      const float fback = LoadLeF32(at.first<4>());
      EXPECT_EQ(std::bit_cast<uint32_t>(fback),
                std::bit_cast<uint32_t>(static_cast<float>(d)));
    }
    StoreLeF64(at.first<8>(), std::numeric_limits<double>::quiet_NaN());
    EXPECT_TRUE(std::isnan(LoadLeF64(at.first<8>())));
  }
}

TEST(LittleEndian, VariableWidthLoadsReadOnlyTheirSpan) {
  // Bytes after the span must not leak into the value.
  const auto b = Bytes({0xaa, 0xbb, 0xcc, 0xdd, 0xee});
  const std::span<const std::byte> s(b);
  EXPECT_EQ(LoadLe(s.subspan(1, 2)), 0xccbbu);
  EXPECT_EQ(LoadLe(s.subspan(4, 1)), 0xeeu);
  EXPECT_EQ(LoadLe(s.subspan(5, 0)), 0u);
}

}  // namespace
}  // namespace modelseal

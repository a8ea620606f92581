// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
#include "sandbox/reply.h"

#include <gtest/gtest.h>

#include <span>
#include <string>

#include "core/little_endian.h"

namespace modelseal::sandbox {
namespace {

std::vector<std::byte> Payload(size_t n) {
  std::vector<std::byte> v(n);
  for (size_t i = 0; i < n; ++i) v[i] = static_cast<std::byte>(i);
  return v;
}

constexpr uint64_t kMax = 1 << 20;

ErrorCode DecodeCode(const std::vector<std::byte>& r, uint64_t max = kMax) {
  auto d = DecodeReply(r, max);
  return d.ok() ? ErrorCode::kOk : d.status().code();
}

void SetU16(std::vector<std::byte>* r, size_t at, uint16_t v) {
  StoreLe16(std::span(*r).subspan(at).first<2>(), v);
}

void SetU32(std::vector<std::byte>* r, size_t at, uint32_t v) {
  StoreLe32(std::span(*r).subspan(at).first<4>(), v);
}

void SetU64(std::vector<std::byte>* r, size_t at, uint64_t v) {
  StoreLe64(std::span(*r).subspan(at).first<8>(), v);
}

TEST(ReplyTest, OkRoundTrip) {
  auto p = Payload(1000);
  auto r = EncodeReply(Status::Ok(), p);
  EXPECT_EQ(r.size(), kReplyHeaderSize + 2 * kRecordHeaderSize + 4 + 1000);
  auto d = DecodeReply(r, kMax);
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_EQ(d->code, 0u);
  EXPECT_EQ(d->payload, p);
  EXPECT_TRUE(d->context.empty());
}

TEST(ReplyTest, EmptyPayloadRoundTrip) {
  auto d = DecodeReply(EncodeReply(Status::Ok(), {}), kMax);
  ASSERT_TRUE(d.ok());
  EXPECT_TRUE(d->payload.empty());
}

TEST(ReplyTest, ErrorRoundTrip) {
  Status s(ErrorCode::kTreeChild, "estimator.trees[1].children_left[5]",
           "9999 out of range [0, 7)");
  auto d = DecodeReply(EncodeReply(s, Payload(10)), kMax);
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_EQ(d->code, static_cast<uint32_t>(ErrorCode::kTreeChild));
  EXPECT_EQ(d->context, s.context());
  EXPECT_EQ(d->detail, s.detail());
  EXPECT_TRUE(d->payload.empty());
}

TEST(ReplyTest, LongStringsAreCutAtACharacterBoundary) {
  std::string detail;
  while (detail.size() < kMaxReplyString + 10) detail += "\xc3\xa9";  // é
  detail = "a" + detail;  // odd offset: the cut falls inside a character
  Status s(ErrorCode::kTreeChild, "", detail);
  auto d = DecodeReply(EncodeReply(s, {}), kMax);
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_EQ(d->detail.size(), kMaxReplyString - 1);
  EXPECT_EQ(d->detail, detail.substr(0, kMaxReplyString - 1));
}

TEST(ReplyTest, TooLarge) {
  auto r = EncodeReply(Status::Ok(), Payload(100));
  EXPECT_EQ(DecodeCode(r, r.size()), ErrorCode::kOk);
  EXPECT_EQ(DecodeCode(r, r.size() - 1), ErrorCode::kSandboxReplyTooLarge);
}

TEST(ReplyTest, Truncated) {
  auto r = EncodeReply(Status::Ok(), Payload(100));
  for (size_t n : {size_t{0}, size_t{15}, size_t{16}, r.size() - 1}) {
    std::vector<std::byte> cut(r.begin(), r.begin() + n);
    EXPECT_EQ(DecodeCode(cut), ErrorCode::kSandboxReplyTruncated) << n;
  }
}

TEST(ReplyTest, BadMagic) {
  auto r = EncodeReply(Status::Ok(), {});
  r[3] = std::byte{'Q'};
  EXPECT_EQ(DecodeCode(r), ErrorCode::kSandboxReplyMagic);
}

TEST(ReplyTest, VersionAndFlags) {
  auto r = EncodeReply(Status::Ok(), {});
  SetU16(&r, 4, 2);
  EXPECT_EQ(DecodeCode(r), ErrorCode::kSandboxReplyVersion);
  r = EncodeReply(Status::Ok(), {});
  SetU16(&r, 6, 1);
  EXPECT_EQ(DecodeCode(r), ErrorCode::kSandboxReplyVersion);
}

TEST(ReplyTest, Trailing) {
  auto r = EncodeReply(Status::Ok(), Payload(3));
  r.push_back(std::byte{0});
  EXPECT_EQ(DecodeCode(r), ErrorCode::kSandboxReplyTrailing);
}

TEST(ReplyTest, RecordRules) {
  const size_t rec0 = kReplyHeaderSize;
  const size_t rec1 = rec0 + kRecordHeaderSize + 4;
  {  // first record is not STATUS
    auto r = EncodeReply(Status::Ok(), {});
    SetU16(&r, rec0, 4);
    EXPECT_EQ(DecodeCode(r), ErrorCode::kSandboxReplyRecord);
  }
  {  // reserved bytes set
    auto r = EncodeReply(Status::Ok(), {});
    SetU16(&r, rec1 + 2, 1);
    EXPECT_EQ(DecodeCode(r), ErrorCode::kSandboxReplyRecord);
  }
  {  // ok reply carrying CONTEXT instead of PAYLOAD
    auto r = EncodeReply(Status::Ok(), {});
    SetU16(&r, rec1, 2);
    EXPECT_EQ(DecodeCode(r), ErrorCode::kSandboxReplyRecord);
  }
  {  // unknown tag
    auto r = EncodeReply(Status::Ok(), {});
    SetU16(&r, rec1, 77);
    EXPECT_EQ(DecodeCode(r), ErrorCode::kSandboxReplyRecord);
  }
  {  // record length past the end of the body
    auto r = EncodeReply(Status::Ok(), Payload(8));
    SetU32(&r, rec1 + 4, 9);
    EXPECT_EQ(DecodeCode(r), ErrorCode::kSandboxReplyRecord);
    SetU32(&r, rec1 + 4, 0xffffffffu);
    EXPECT_EQ(DecodeCode(r), ErrorCode::kSandboxReplyRecord);
  }
  {  // a record after the payload (body length adjusted)
    auto r = EncodeReply(Status::Ok(), {});
    std::vector<std::byte> extra(kRecordHeaderSize, std::byte{0});
    extra[0] = std::byte{4};
    r.insert(r.end(), extra.begin(), extra.end());
    SetU64(&r, 8, r.size() - kReplyHeaderSize);
    EXPECT_EQ(DecodeCode(r), ErrorCode::kSandboxReplyRecord);
  }
  {  // the payload record missing (body holds only STATUS)
    auto r = EncodeReply(Status::Ok(), {});
    r.resize(rec1);
    SetU64(&r, 8, r.size() - kReplyHeaderSize);
    EXPECT_EQ(DecodeCode(r), ErrorCode::kSandboxReplyRecord);
  }
  {  // error reply without DETAIL
    auto r = EncodeReply(Status(ErrorCode::kTreeChild, "", ""), {});
    r.resize(r.size() - kRecordHeaderSize);
    SetU64(&r, 8, r.size() - kReplyHeaderSize);
    EXPECT_EQ(DecodeCode(r), ErrorCode::kSandboxReplyRecord);
  }
  {  // status record of the wrong length
    auto r = EncodeReply(Status::Ok(), {});
    SetU32(&r, rec0 + 4, 3);
    EXPECT_EQ(DecodeCode(r), ErrorCode::kSandboxReplyRecord);
  }
  {  // a record header cut short inside the body
    auto r = EncodeReply(Status::Ok(), {});
    r.resize(rec1 + 3);
    SetU64(&r, 8, r.size() - kReplyHeaderSize);
    EXPECT_EQ(DecodeCode(r), ErrorCode::kSandboxReplyRecord);
  }
}

TEST(ReplyTest, StringRules) {
  {  // not UTF-8
    auto r = EncodeReply(Status(ErrorCode::kTreeChild, "ab", "cd"), {});
    size_t ctx_value = kReplyHeaderSize + 2 * kRecordHeaderSize + 4;
    r[ctx_value] = std::byte{0xff};
    EXPECT_EQ(DecodeCode(r), ErrorCode::kSandboxReplyString);
  }
  {  // longer than kMaxReplyString (hand-built: the encoder cuts)
    std::string big(kMaxReplyString + 1, 'a');
    auto r = EncodeReply(Status(ErrorCode::kTreeChild, "", ""), {});
    size_t detail_rec = r.size() - kRecordHeaderSize;
    SetU32(&r, detail_rec + 4, static_cast<uint32_t>(big.size()));
    for (char c : big) r.push_back(static_cast<std::byte>(c));
    SetU64(&r, 8, r.size() - kReplyHeaderSize);
    EXPECT_EQ(DecodeCode(r), ErrorCode::kSandboxReplyString);
  }
}

// Every single-byte change and every truncation of valid replies decodes or
// fails cleanly (run under ASan/UBSan in CI).
TEST(ReplyTest, MutationsNeverCrash) {
  std::vector<std::vector<std::byte>> seeds = {
      EncodeReply(Status::Ok(), Payload(40)),
      EncodeReply(Status(ErrorCode::kTreeChild, "a.b[1]", "why"), {})};
  int accepted = 0;
  for (const auto& seed : seeds) {
    for (size_t i = 0; i < seed.size(); ++i) {
      for (int v : {0x00, 0x01, 0x7f, 0x80, 0xff}) {
        auto m = seed;
        m[i] = static_cast<std::byte>(v);
        if (DecodeReply(m, kMax).ok()) ++accepted;
      }
      std::vector<std::byte> cut(seed.begin(), seed.begin() + i);
      EXPECT_FALSE(DecodeReply(cut, kMax).ok());
    }
  }
  EXPECT_GT(accepted, 0);  // payload bytes may change freely
}

}  // namespace
}  // namespace modelseal::sandbox

// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
#include "sandbox/reply.h"

#include <cstring>
#include <string_view>

#include "core/context_path.h"
#include "core/little_endian.h"
#include "core/utf8.h"

namespace modelseal::sandbox {

namespace {

constexpr std::byte kMagic[4] = {std::byte{'M'}, std::byte{'S'}, std::byte{'R'},
                                 std::byte{'P'}};

void PutRecord(std::vector<std::byte>* out, ReplyTag tag,
               std::span<const std::byte> value) {
  AppendLe16(out, static_cast<uint16_t>(tag));
  AppendLe16(out, 0);
  AppendLe32(out, static_cast<uint32_t>(value.size()));
  size_t at = out->size();
  out->resize(at + value.size());
  if (!value.empty()) std::memcpy(out->data() + at, value.data(), value.size());
}

// Longest prefix of `s` of at most kMaxReplyString bytes that does not end
// inside a UTF-8 sequence.
std::string_view CutString(const std::string& s) {
  size_t n = s.size();
  if (n <= kMaxReplyString) return s;
  n = kMaxReplyString;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xc0) == 0x80) --n;
  return std::string_view(s).substr(0, n);
}

std::span<const std::byte> AsBytes(std::string_view s) {
  return {reinterpret_cast<const std::byte*>(s.data()), s.size()};
}

Status Err(ErrorCode code, std::string context, std::string detail) {
  return Status(code, std::move(context), std::move(detail));
}

}  // namespace

std::vector<std::byte> EncodeReply(const Status& status,
                                   std::span<const std::byte> payload) {
  std::vector<std::byte> body;
  std::byte code[4];
  StoreLe32(code, static_cast<uint32_t>(status.code()));
  PutRecord(&body, ReplyTag::kStatus, code);
  if (status.ok()) {
    PutRecord(&body, ReplyTag::kPayload, payload);
  } else {
    PutRecord(&body, ReplyTag::kContext, AsBytes(CutString(status.context())));
    PutRecord(&body, ReplyTag::kDetail, AsBytes(CutString(status.detail())));
  }
  std::vector<std::byte> out;
  out.reserve(kReplyHeaderSize + body.size());
  for (std::byte m : kMagic) out.push_back(m);
  AppendLe16(&out, kReplyVersion);
  AppendLe16(&out, 0);
  AppendLe64(&out, body.size());
  size_t at = out.size();
  out.resize(at + body.size());
  std::memcpy(out.data() + at, body.data(), body.size());
  return out;
}

Result<Reply> DecodeReply(std::span<const std::byte> bytes, uint64_t max_size) {
  const std::string ctx = "sandbox.reply";
  if (bytes.size() > max_size) {
    return Err(ErrorCode::kSandboxReplyTooLarge, ctx,
               std::to_string(bytes.size()) + " bytes, limit " +
                   std::to_string(max_size));
  }
  if (bytes.size() < kReplyHeaderSize) {
    return Err(ErrorCode::kSandboxReplyTruncated, ctx,
               std::to_string(bytes.size()) + " bytes, header needs " +
                   std::to_string(kReplyHeaderSize));
  }
  if (std::memcmp(bytes.data(), kMagic, sizeof kMagic) != 0) {
    return Err(ErrorCode::kSandboxReplyMagic, ctx, "");
  }
  uint64_t version = LoadLe16(bytes.subspan<4, 2>());
  uint64_t flags = LoadLe16(bytes.subspan<6, 2>());
  if (version != kReplyVersion || flags != 0) {
    return Err(ErrorCode::kSandboxReplyVersion, ctx,
               "version " + std::to_string(version) + ", flags " +
                   std::to_string(flags));
  }
  uint64_t body_len = LoadLe64(bytes.subspan<8, 8>());
  uint64_t have = bytes.size() - kReplyHeaderSize;
  if (body_len > have) {
    return Err(ErrorCode::kSandboxReplyTruncated, ctx,
               "body length " + std::to_string(body_len) + ", have " +
                   std::to_string(have));
  }
  if (body_len < have) {
    return Err(ErrorCode::kSandboxReplyTrailing, ctx,
               std::to_string(have - body_len) + " bytes after the body");
  }

  Reply reply;
  std::span<const std::byte> rest = bytes.subspan(kReplyHeaderSize);
  // Expected record sequence: STATUS, then PAYLOAD (ok) or CONTEXT, DETAIL.
  ReplyTag expected[3] = {ReplyTag::kStatus, ReplyTag::kPayload,
                          ReplyTag::kPayload};
  size_t n_expected = 2;
  for (size_t i = 0; i < n_expected; ++i) {
    std::string rctx = IndexContext(JoinContext(ctx, "records"), i);
    if (rest.size() < kRecordHeaderSize) {
      return Err(ErrorCode::kSandboxReplyRecord, rctx,
                 rest.empty() ? "missing" : "record header cut short");
    }
    uint64_t tag = LoadLe16(rest.subspan<0, 2>());
    uint64_t reserved = LoadLe16(rest.subspan<2, 2>());
    uint64_t len = LoadLe32(rest.subspan<4, 4>());
    if (tag != static_cast<uint16_t>(expected[i])) {
      return Err(ErrorCode::kSandboxReplyRecord, rctx,
                 "tag " + std::to_string(tag) + ", expected " +
                     std::to_string(static_cast<uint16_t>(expected[i])));
    }
    if (reserved != 0) {
      return Err(ErrorCode::kSandboxReplyRecord, rctx,
                 "reserved bytes not zero");
    }
    if (len > rest.size() - kRecordHeaderSize) {
      return Err(ErrorCode::kSandboxReplyRecord, rctx,
                 "length " + std::to_string(len) + " past the end");
    }
    std::span<const std::byte> value = rest.subspan(kRecordHeaderSize, len);
    rest = rest.subspan(kRecordHeaderSize + len);
    switch (expected[i]) {
      case ReplyTag::kStatus:
        if (len != 4) {
          return Err(ErrorCode::kSandboxReplyRecord, rctx,
                     "status length " + std::to_string(len) + ", expected 4");
        }
        reply.code = LoadLe32(value.first<4>());
        if (reply.code != 0) {
          expected[1] = ReplyTag::kContext;
          expected[2] = ReplyTag::kDetail;
          n_expected = 3;
        }
        break;
      case ReplyTag::kContext:
      case ReplyTag::kDetail: {
        std::string_view s(reinterpret_cast<const char*>(value.data()),
                           value.size());
        if (s.size() > kMaxReplyString || !IsValidUtf8(s)) {
          return Err(ErrorCode::kSandboxReplyString, rctx,
                     s.size() > kMaxReplyString
                         ? std::to_string(s.size()) + " bytes, limit " +
                               std::to_string(kMaxReplyString)
                         : "not valid utf-8");
        }
        (expected[i] == ReplyTag::kContext ? reply.context : reply.detail) =
            std::string(s);
        break;
      }
      case ReplyTag::kPayload:
        reply.payload.assign(value.begin(), value.end());
        break;
    }
  }
  if (!rest.empty()) {
    return Err(ErrorCode::kSandboxReplyRecord, ctx,
               std::to_string(rest.size()) + " bytes after the last record");
  }
  return reply;
}

}  // namespace modelseal::sandbox

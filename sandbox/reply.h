// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// The helper's reply on fd 4: a versioned, trivially simple encoding
// (sandbox/README.md, "Reply encoding"). All integers little-endian.
//
//   header (16 bytes): magic "MSRP", u16 version = 1, u16 flags = 0,
//                      u64 body length (bytes after the header)
//   body: records, each u16 tag, u16 reserved = 0, u32 length, value
//     tag 1 STATUS  (length 4: u32 error code, 0 = ok)        always first
//     tag 2 CONTEXT (UTF-8, <= kMaxReplyString bytes)  } only when code != 0,
//     tag 3 DETAIL  (UTF-8, <= kMaxReplyString bytes)  } in this order
//     tag 4 PAYLOAD (validator bytes)                    exactly once when ok
//   Nothing else, nothing after the last record.
//
// DecodeReply is a pure function over bytes (the fuzz target
// fuzz_sandbox_reply calls it); the helper uses EncodeReply.
#ifndef MODELSEAL_SANDBOX_REPLY_H_
#define MODELSEAL_SANDBOX_REPLY_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "modelseal/error.h"

namespace modelseal::sandbox {

inline constexpr uint16_t kReplyVersion = 1;
inline constexpr size_t kReplyHeaderSize = 16;
inline constexpr size_t kRecordHeaderSize = 8;
inline constexpr size_t kMaxReplyString = 4096;

enum class ReplyTag : uint16_t {
  kStatus = 1,
  kContext = 2,
  kDetail = 3,
  kPayload = 4,
};

// A decoded reply. `code` is the raw number the helper sent (0 = ok); the
// caller decides whether it is acceptable (see RunSandboxed).
struct Reply {
  uint32_t code = 0;
  std::string context;
  std::string detail;
  std::vector<std::byte> payload;
};

// Encodes `status` (ok: with `payload`; error: code, context and detail,
// each string cut to kMaxReplyString bytes at a UTF-8 boundary; payload
// ignored). Throws std::bad_alloc only.
std::vector<std::byte> EncodeReply(const Status& status,
                                   std::span<const std::byte> payload);

// Decodes `bytes` strictly. Errors (context "sandbox.reply..."):
// kSandboxReplyTooLarge (bytes longer than max_size), kSandboxReplyTruncated,
// kSandboxReplyMagic, kSandboxReplyVersion, kSandboxReplyTrailing,
// kSandboxReplyRecord, kSandboxReplyString.
Result<Reply> DecodeReply(std::span<const std::byte> bytes, uint64_t max_size);

}  // namespace modelseal::sandbox

#endif  // MODELSEAL_SANDBOX_REPLY_H_

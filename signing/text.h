// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Internal: the strict text rules shared by key, signature and policy files
// (FORMAT.md §1) and a strict base64 codec (standard alphabet, padded,
// canonical: unused trailing bits must be zero).
#ifndef MODELSEAL_SIGNING_TEXT_H_
#define MODELSEAL_SIGNING_TEXT_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "modelseal/error.h"

namespace modelseal::signing::internal {

// Splits `text` into LF-terminated lines. Rules, each with its own code:
// size <= max_bytes (kSignTextTooLarge); no NUL, CR or other control byte
// except LF and TAB (minisign's trusted comments use TAB), and no DEL
// (kSignTextBadByte); every line ends with LF and there are exactly
// `expected_lines` lines when it is nonzero (kSignTextLineCount); each line
// (without LF) <= max_line bytes (kSignTextLineTooLong). `context` names the
// file ("signature").
Result<std::vector<std::string_view>> SplitLines(std::string_view text,
                                                 size_t max_bytes,
                                                 size_t expected_lines,
                                                 size_t max_line,
                                                 const std::string& context);

// The rest of `line` after `prefix`, or kSignCommentPrefix.
Result<std::string_view> StripPrefix(std::string_view line,
                                     std::string_view prefix,
                                     const std::string& context);

std::string Base64Encode(const uint8_t* data, size_t size);
// Decodes exactly `expected_size` bytes into `out`: kBase64Character,
// kBase64Padding, kDecodedLength.
Status Base64DecodeExact(std::string_view text, uint8_t* out,
                         size_t expected_size, const std::string& context);

inline constexpr std::string_view kUntrustedPrefix = "untrusted comment: ";
inline constexpr std::string_view kTrustedPrefix = "trusted comment: ";

}  // namespace modelseal::signing::internal

#endif  // MODELSEAL_SIGNING_TEXT_H_

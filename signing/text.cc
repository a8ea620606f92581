// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
#include "signing/text.h"

#include <string>

namespace modelseal::signing::internal {

Result<std::vector<std::string_view>> SplitLines(std::string_view text,
                                                 size_t max_bytes,
                                                 size_t expected_lines,
                                                 size_t max_line,
                                                 const std::string& context) {
  if (text.size() > max_bytes) {
    return Status(
        ErrorCode::kSignTextTooLarge, context,
        std::to_string(text.size()) + " bytes > " + std::to_string(max_bytes));
  }
  std::vector<std::string_view> lines;
  size_t start = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      const size_t len = i - start;
      if (len > max_line) {
        return Status(
            ErrorCode::kSignTextLineTooLong,
            context + ".line[" + std::to_string(lines.size()) + "]",
            std::to_string(len) + " bytes > " + std::to_string(max_line));
      }
      lines.push_back(text.substr(start, len));
      start = i + 1;
      continue;
    }
    if ((c < 0x20 && c != '\t') || c == 0x7f) {
      return Status(ErrorCode::kSignTextBadByte,
                    context + ".line[" + std::to_string(lines.size()) + "]",
                    "byte 0x" + std::string(1, "0123456789abcdef"[c >> 4]) +
                        std::string(1, "0123456789abcdef"[c & 15]) +
                        " at offset " + std::to_string(i));
    }
    if (i - start >= max_line) {
      return Status(ErrorCode::kSignTextLineTooLong,
                    context + ".line[" + std::to_string(lines.size()) + "]",
                    "more than " + std::to_string(max_line) + " bytes");
    }
  }
  if (start != text.size()) {
    return Status(ErrorCode::kSignTextLineCount, context,
                  "last line has no final newline");
  }
  if (expected_lines != 0 && lines.size() != expected_lines) {
    return Status(ErrorCode::kSignTextLineCount, context,
                  std::to_string(lines.size()) + " lines, expected " +
                      std::to_string(expected_lines));
  }
  return lines;
}

Result<std::string_view> StripPrefix(std::string_view line,
                                     std::string_view prefix,
                                     const std::string& context) {
  if (line.substr(0, prefix.size()) != prefix) {
    return Status(ErrorCode::kSignCommentPrefix, context,
                  "expected \"" + std::string(prefix) + "\"");
  }
  return line.substr(prefix.size());
}

namespace {
constexpr char kAlphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int DecodeChar(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}
}  // namespace

std::string Base64Encode(const uint8_t* data, size_t size) {
  std::string out;
  out.reserve((size + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 3 <= size; i += 3) {
    const uint32_t v =
        (uint32_t{data[i]} << 16) | (uint32_t{data[i + 1]} << 8) | data[i + 2];
    out.push_back(kAlphabet[(v >> 18) & 63]);
    out.push_back(kAlphabet[(v >> 12) & 63]);
    out.push_back(kAlphabet[(v >> 6) & 63]);
    out.push_back(kAlphabet[v & 63]);
  }
  const size_t rest = size - i;
  if (rest == 1) {
    const uint32_t v = uint32_t{data[i]} << 16;
    out.push_back(kAlphabet[(v >> 18) & 63]);
    out.push_back(kAlphabet[(v >> 12) & 63]);
    out += "==";
  } else if (rest == 2) {
    const uint32_t v = (uint32_t{data[i]} << 16) | (uint32_t{data[i + 1]} << 8);
    out.push_back(kAlphabet[(v >> 18) & 63]);
    out.push_back(kAlphabet[(v >> 12) & 63]);
    out.push_back(kAlphabet[(v >> 6) & 63]);
    out.push_back('=');
  }
  return out;
}

Status Base64DecodeExact(std::string_view text, uint8_t* out,
                         size_t expected_size, const std::string& context) {
  // Characters first, so a stray byte is reported as such.
  size_t padding = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '=') {
      ++padding;
      continue;
    }
    if (DecodeChar(text[i]) < 0) {
      return Status(ErrorCode::kBase64Character, context,
                    "at offset " + std::to_string(i));
    }
    if (padding != 0) {
      return Status(ErrorCode::kBase64Padding, context,
                    "data after '=' at offset " + std::to_string(i));
    }
  }
  if (text.size() % 4 != 0 || padding > 2 ||
      (text.empty() && expected_size != 0)) {
    return Status(ErrorCode::kBase64Padding, context,
                  "length " + std::to_string(text.size()) + " with " +
                      std::to_string(padding) + " padding characters");
  }
  const size_t decoded = text.size() / 4 * 3 - padding;
  if (decoded != expected_size) {
    return Status(ErrorCode::kDecodedLength, context,
                  std::to_string(decoded) + " bytes, expected " +
                      std::to_string(expected_size));
  }
  size_t o = 0;
  for (size_t i = 0; i < text.size(); i += 4) {
    uint32_t v = 0;
    int chars = 0;
    for (size_t j = 0; j < 4; ++j) {
      v <<= 6;
      if (text[i + j] != '=') {
        v |= static_cast<uint32_t>(DecodeChar(text[i + j]));
        ++chars;
      }
    }
    const uint8_t b[3] = {static_cast<uint8_t>(v >> 16),
                          static_cast<uint8_t>(v >> 8),
                          static_cast<uint8_t>(v)};
    const int bytes = chars - 1;  // 4 chars → 3, 3 → 2, 2 → 1
    if (bytes < 3 && b[bytes] != 0) {
      return Status(ErrorCode::kBase64Padding, context,
                    "nonzero trailing bits");
    }
    for (int k = 0; k < bytes; ++k) out[o++] = b[k];
  }
  return Status::Ok();
}

}  // namespace modelseal::signing::internal

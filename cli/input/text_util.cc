// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
#include "cli/input/text_util.h"

#include <charconv>
#include <cmath>
#include <limits>
#include <system_error>

namespace modelseal::cli {

std::string_view TrimSpaces(std::string_view s) {
  size_t b = 0;
  size_t e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t')) --e;
  return s.substr(b, e - b);
}

std::string QuoteForError(std::string_view s, size_t max_bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "\"";
  size_t n = s.size() < max_bytes ? s.size() : max_bytes;
  for (size_t i = 0; i < n; ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
      out.push_back(static_cast<char>(c));
    } else {
      out += "\\x";
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  out += "\"";
  if (s.size() > max_bytes) out += "...";
  return out;
}

std::optional<double> ParseCsvNumber(std::string_view s) {
  if (s.empty() || s == "nan" || s == "NaN" || s == "NAN") {
    return std::numeric_limits<double>::quiet_NaN();
  }
  double v = 0;
  const char* end = s.data() + s.size();
  auto [ptr, ec] =
      std::from_chars(s.data(), end, v, std::chars_format::general);
  if (ec != std::errc() || ptr != end) return std::nullopt;
  if (std::isnan(v)) return std::nullopt;  // "-nan", "nan(...)"
  return v;
}

std::optional<int64_t> ParseIntegralLabel(std::string_view s) {
  int64_t i = 0;
  const char* end = s.data() + s.size();
  auto [ptr, ec] = std::from_chars(s.data(), end, i);
  if (ec == std::errc() && ptr == end) return i;
  std::optional<double> d = ParseCsvNumber(s);
  if (!d || s.empty() || !std::isfinite(*d)) return std::nullopt;
  constexpr double kMaxExact = 9007199254740992.0;  // 2^53
  if (std::trunc(*d) != *d || std::fabs(*d) > kMaxExact) return std::nullopt;
  return static_cast<int64_t>(*d);
}

std::string CsvField(std::string_view s) {
  bool quote = !s.empty() && (s.front() == ' ' || s.back() == ' ' ||
                              s.front() == '\t' || s.back() == '\t');
  for (char c : s) {
    if (c == ',' || c == '"' || c == '\r' || c == '\n') quote = true;
  }
  if (!quote) return std::string(s);
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

std::string FormatDouble(double v) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  char buf[64];
  auto [ptr, ec] = std::to_chars(buf, buf + sizeof(buf), v);
  if (ec != std::errc()) return "nan";  // cannot happen with 64 bytes
  return std::string(buf, ptr);
}

}  // namespace modelseal::cli

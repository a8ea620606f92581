// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
#include "cli/input/npy.h"

#include <bit>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "cli/input/text_util.h"
#include "core/checked_math.h"
#include "core/little_endian.h"

namespace modelseal::cli {
namespace {

constexpr char kMagic[] = "\x93NUMPY";
constexpr size_t kMagicSize = 6;

struct Header {
  std::string descr;
  bool fortran_order = false;
  std::vector<uint64_t> shape;
};

// A strict reader of the dict literal numpy writes, e.g.
//   {'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }
class HeaderReader {
 public:
  HeaderReader(std::string_view text, std::string context)
      : s_(text), context_(std::move(context)) {}

  Result<Header> Read() {
    Header h;
    bool seen_descr = false, seen_fortran = false, seen_shape = false;
    SkipSpaces();
    if (!Consume('{')) return Syntax("expected '{'");
    SkipSpaces();
    while (!Peek('}')) {
      MODELSEAL_ASSIGN_OR_RETURN(std::string key, ReadString());
      SkipSpaces();
      if (!Consume(':')) return Syntax("expected ':' after a key");
      SkipSpaces();
      if (key == "descr") {
        if (seen_descr) return Keys("'descr' repeated");
        seen_descr = true;
        MODELSEAL_ASSIGN_OR_RETURN(h.descr, ReadString());
      } else if (key == "fortran_order") {
        if (seen_fortran) return Keys("'fortran_order' repeated");
        seen_fortran = true;
        MODELSEAL_ASSIGN_OR_RETURN(h.fortran_order, ReadBool());
      } else if (key == "shape") {
        if (seen_shape) return Keys("'shape' repeated");
        seen_shape = true;
        MODELSEAL_ASSIGN_OR_RETURN(h.shape, ReadTuple());
      } else {
        return Keys("unknown key " + QuoteForError(key));
      }
      SkipSpaces();
      if (Consume(',')) {
        SkipSpaces();
        continue;
      }
      if (!Peek('}')) return Syntax("expected ',' or '}'");
    }
    ++pos_;  // '}'
    if (!seen_descr || !seen_fortran || !seen_shape) {
      return Keys(std::string("missing ") + (!seen_descr     ? "'descr'"
                                             : !seen_fortran ? "'fortran_order'"
                                                             : "'shape'"));
    }
    // Only padding spaces and the final newline may follow.
    if (s_.empty() || s_.back() != '\n') {
      return Status(ErrorCode::kNpyHeaderPadding, context_,
                    "header does not end with a newline");
    }
    for (size_t i = pos_; i + 1 < s_.size(); ++i) {
      if (s_[i] != ' ') {
        return Status(
            ErrorCode::kNpyHeaderPadding, context_,
            "unexpected " + QuoteForError(s_.substr(i, 1)) + " after the dict");
      }
    }
    return h;
  }

 private:
  Status Syntax(std::string detail) const {
    return Status(ErrorCode::kNpyHeaderSyntax, context_,
                  detail + " at offset " + std::to_string(pos_));
  }
  Status Keys(std::string detail) const {
    return Status(ErrorCode::kNpyHeaderKeys, context_, std::move(detail));
  }
  void SkipSpaces() {
    while (pos_ < s_.size() && s_[pos_] == ' ') ++pos_;
  }
  bool Peek(char c) const { return pos_ < s_.size() && s_[pos_] == c; }
  bool Consume(char c) {
    if (!Peek(c)) return false;
    ++pos_;
    return true;
  }
  bool ConsumeWord(std::string_view w) {
    if (s_.substr(pos_, w.size()) != w) return false;
    pos_ += w.size();
    return true;
  }
  // A short string literal in single or double quotes, printable ASCII, no
  // escapes (numpy never writes any in these keys and values).
  Result<std::string> ReadString() {
    if (pos_ >= s_.size() || (s_[pos_] != '\'' && s_[pos_] != '"')) {
      return Syntax("expected a string");
    }
    char quote = s_[pos_++];
    std::string out;
    while (pos_ < s_.size() && s_[pos_] != quote) {
      char c = s_[pos_];
      if (c < 0x20 || c > 0x7e || c == '\\') {
        return Syntax("unsupported character in a string");
      }
      if (out.size() >= 64) return Syntax("string too long");
      out.push_back(c);
      ++pos_;
    }
    if (!Consume(quote)) return Syntax("unterminated string");
    return out;
  }
  Result<bool> ReadBool() {
    if (ConsumeWord("True")) return true;
    if (ConsumeWord("False")) return false;
    return Syntax("expected True or False");
  }
  Result<uint64_t> ReadInt() {
    size_t start = pos_;
    uint64_t v = 0;
    while (pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9') {
      if (pos_ - start >= 19) return Syntax("integer too long");
      v = v * 10 + static_cast<uint64_t>(s_[pos_] - '0');
      ++pos_;
    }
    if (pos_ == start) return Syntax("expected a non-negative integer");
    return v;
  }
  Result<std::vector<uint64_t>> ReadTuple() {
    std::vector<uint64_t> dims;
    if (!Consume('(')) return Syntax("expected '(' for shape");
    SkipSpaces();
    bool trailing_comma = false;
    while (!Peek(')')) {
      if (dims.size() >= 8) return Syntax("shape has too many dimensions");
      MODELSEAL_ASSIGN_OR_RETURN(uint64_t d, ReadInt());
      dims.push_back(d);
      SkipSpaces();
      trailing_comma = Consume(',');
      SkipSpaces();
      if (!trailing_comma && !Peek(')')) return Syntax("expected ',' or ')'");
    }
    ++pos_;  // ')'
    // Python: (n) is not a tuple; a 1-tuple needs its comma.
    if (dims.size() == 1 && !trailing_comma) {
      return Syntax("a one-element shape needs a trailing comma");
    }
    return dims;
  }

  std::string_view s_;
  std::string context_;
  size_t pos_ = 0;
};

// Where the header dict and the data of a .npy file lie.
struct Layout {
  uint64_t header_offset = 0;  // magic, version and header length before it
  uint64_t header_len = 0;
  uint64_t data_offset = 0;
};

// The magic and the version (1.0, 2.0 or 3.0); returns the major version.
Result<uint8_t> ReadMagicAndVersion(std::span<const std::byte> bytes,
                                    const std::string& src) {
  if (bytes.size() < kMagicSize + 2 ||
      std::memcmp(bytes.data(), kMagic, kMagicSize) != 0) {
    return Status(ErrorCode::kNpyBadMagic, src,
                  "not a .npy file (no \\x93NUMPY magic)");
  }
  uint8_t major = std::to_integer<uint8_t>(bytes[6]);
  uint8_t minor = std::to_integer<uint8_t>(bytes[7]);
  if ((major != 1 && major != 2 && major != 3) || minor != 0) {
    return Status(ErrorCode::kNpyBadVersion, src,
                  "version " + std::to_string(major) + "." +
                      std::to_string(minor) + "; supported: 1.0, 2.0, 3.0");
  }
  return major;
}

// The header length (2 bytes in version 1, else 4): within the limit, all
// present, and the data 16-byte aligned.
Result<Layout> ReadLayout(std::span<const std::byte> bytes, uint8_t major,
                          const std::string& src, const NpyLimits& lim) {
  size_t len_size = major == 1 ? 2 : 4;
  size_t preamble = kMagicSize + 2 + len_size;
  if (bytes.size() < preamble) {
    return Status(ErrorCode::kNpyTruncated, src, "header length missing");
  }
  Layout layout;
  layout.header_offset = preamble;
  layout.header_len = LoadLe(bytes.subspan(kMagicSize + 2, len_size));
  if (layout.header_len > lim.max_header_bytes) {
    return Status(ErrorCode::kNpyHeaderPadding, src + ":header",
                  "header of " + std::to_string(layout.header_len) +
                      " bytes, limit " + std::to_string(lim.max_header_bytes));
  }
  // No overflow: both small.
  layout.data_offset = preamble + layout.header_len;
  if (bytes.size() < layout.data_offset) {
    return Status(ErrorCode::kNpyTruncated, src,
                  "header of " + std::to_string(layout.header_len) +
                      " bytes but " + std::to_string(bytes.size() - preamble) +
                      " follow");
  }
  if (layout.data_offset % 16 != 0) {
    return Status(ErrorCode::kNpyHeaderPadding, src + ":header",
                  "data offset " + std::to_string(layout.data_offset) +
                      " is not a multiple of 16");
  }
  return layout;
}

// The element type named by 'descr'; returns its size in bytes.
Result<size_t> CheckDtype(const std::string& descr, const std::string& ctx,
                          DType* dtype) {
  if (descr == "<f8") {
    *dtype = DType::kFloat64;
    return 8;
  }
  if (descr == "<f4") {
    *dtype = DType::kFloat32;
    return 4;
  }
  if (descr == "<i8") {
    *dtype = DType::kInt64;
    return 8;
  }
  if (descr == "<i4") {
    *dtype = DType::kInt32;
    return 4;
  }
  return Status(ErrorCode::kNpyDtype, ctx,
                "descr " + QuoteForError(descr) +
                    "; supported: '<f8', '<f4', '<i8', '<i4'");
}

// C order, rank 2 (or 1 when allowed) and the shape limits; sets out->rows
// and out->cols and returns the number of values.
Result<uint64_t> CheckShape(const Header& h, const NpyOptions& options,
                            const std::string& ctx, NpyArray* out) {
  const NpyLimits& lim = options.limits;
  if (h.fortran_order) {
    return Status(ErrorCode::kNpyFortranOrder, ctx,
                  "save the array with numpy.ascontiguousarray first");
  }
  if (h.shape.size() == 2) {
    out->rows = h.shape[0];
    out->cols = h.shape[1];
  } else if (h.shape.size() == 1 && options.allow_1d) {
    out->rows = h.shape[0];
    out->cols = 1;
  } else {
    return Status(ErrorCode::kNpyShapeRank, ctx,
                  std::to_string(h.shape.size()) + " dimensions, expected " +
                      (options.allow_1d ? "1 or 2" : "2"));
  }
  if (out->rows > lim.max_rows || out->cols > lim.max_cols) {
    return Status(ErrorCode::kNpyShapeTooLarge, ctx,
                  "shape (" + std::to_string(out->rows) + ", " +
                      std::to_string(out->cols) + ") beyond the limits (" +
                      std::to_string(lim.max_rows) + " rows, " +
                      std::to_string(lim.max_cols) + " columns)");
  }
  std::optional<uint64_t> count = CheckedMul(out->rows, out->cols);
  if (!count || *count > lim.max_values) {
    return Status(ErrorCode::kNpyShapeTooLarge, ctx,
                  "more than " + std::to_string(lim.max_values) + " values");
  }
  return *count;
}

// The payload is exactly count * itemsize bytes; converts it to doubles.
Status ReadValues(std::span<const std::byte> data, uint64_t count,
                  size_t itemsize, const std::string& src, NpyArray* out) {
  std::optional<uint64_t> data_len = CheckedMul(count, itemsize);
  uint64_t actual = data.size();
  if (!data_len || *data_len != actual) {
    return Status(ErrorCode::kNpyDataLength, src,
                  std::to_string(actual) + " data bytes, shape needs " +
                      (data_len ? std::to_string(*data_len) : "overflow"));
  }
  out->values.resize(count);
  const std::byte* p = data.data();
  for (uint64_t i = 0; i < count; ++i, p += itemsize) {
    uint64_t raw = LoadLe(std::span<const std::byte>(p, itemsize));
    double v = 0;
    switch (out->source_dtype) {
      case DType::kFloat64:
        v = std::bit_cast<double>(raw);
        break;
      case DType::kFloat32:
        v = std::bit_cast<float>(static_cast<uint32_t>(raw));
        break;
      case DType::kInt64:
        v = static_cast<double>(static_cast<int64_t>(raw));
        break;
      default:  // kInt32
        v = static_cast<double>(
            static_cast<int32_t>(static_cast<uint32_t>(raw)));
        break;
    }
    out->values[i] = v;
  }
  return Status::Ok();
}

}  // namespace

Result<NpyArray> ParseNpy(std::span<const std::byte> bytes,
                          const NpyOptions& options) {
  const std::string& src = options.source_name;
  const NpyLimits& lim = options.limits;
  if (bytes.size() > lim.max_bytes) {
    return Status(ErrorCode::kNpyTooLarge, src,
                  std::to_string(bytes.size()) + " bytes, limit " +
                      std::to_string(lim.max_bytes));
  }
  MODELSEAL_ASSIGN_OR_RETURN(uint8_t major, ReadMagicAndVersion(bytes, src));
  MODELSEAL_ASSIGN_OR_RETURN(Layout layout, ReadLayout(bytes, major, src, lim));
  std::string_view text(
      reinterpret_cast<const char*>(bytes.data()) + layout.header_offset,
      layout.header_len);
  const std::string header_ctx = src + ":header";
  HeaderReader reader(text, header_ctx);
  MODELSEAL_ASSIGN_OR_RETURN(Header h, reader.Read());

  NpyArray out;
  MODELSEAL_ASSIGN_OR_RETURN(
      size_t itemsize, CheckDtype(h.descr, header_ctx, &out.source_dtype));
  MODELSEAL_ASSIGN_OR_RETURN(uint64_t count,
                             CheckShape(h, options, header_ctx, &out));
  MODELSEAL_RETURN_IF_ERROR(ReadValues(bytes.subspan(layout.data_offset), count,
                                       itemsize, src, &out));
  return out;
}

Result<std::vector<std::byte>> FormatNpyFloat64(
    const std::vector<double>& values, uint64_t rows, uint64_t cols) {
  std::optional<uint64_t> count = CheckedMul(rows, cols);
  if (!count || *count != values.size()) {
    return Status(ErrorCode::kInvalidArgument, "values",
                  "size disagrees with rows x cols");
  }
  std::string dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (" +
                     std::to_string(rows) + ", " + std::to_string(cols) +
                     "), }";
  // Pad with spaces so that preamble + header is a multiple of 64, then '\n'.
  size_t preamble = 10;
  size_t total = preamble + dict.size() + 1;
  size_t padded = (total + 63) / 64 * 64;
  std::string header = dict + std::string(padded - total, ' ') + "\n";
  std::vector<std::byte> out;
  out.reserve(padded + values.size() * 8);
  for (size_t i = 0; i < kMagicSize; ++i) {
    out.push_back(static_cast<std::byte>(kMagic[i]));
  }
  out.push_back(std::byte{1});
  out.push_back(std::byte{0});
  AppendLe16(&out, static_cast<uint16_t>(header.size()));
  for (char c : header) out.push_back(static_cast<std::byte>(c));
  for (double v : values) AppendLeF64(&out, v);
  return out;
}

}  // namespace modelseal::cli

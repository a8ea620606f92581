// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Arrow C Data Interface import (include/modelseal/arrow.h). Every field of
// every struct is checked before it is used; buffers are read only within
// the extent the specification gives them.
#include <cstring>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/context_path.h"
#include "core/utf8.h"
#include "modelseal/arrow.h"

namespace modelseal {

// How one column is read.
enum class ArrowKind : uint8_t {
  kBorrowed,    // g f l i b u U: the producer's buffers as they are
  kWidenInt,    // c C s S I: copied into int64
  kWidenFloat,  // L: copied into float64
  kDictionary,  // integer indices + u/U/vu dictionary: materialised strings
  kStringView,  // vu: materialised strings
};

// The integer formats: element byte width and signedness.
struct ArrowInt {
  uint8_t bytes = 0;
  bool is_signed = false;
};

struct ArrowColumnPlan {
  std::string name;
  std::string format;
  ArrowKind kind = ArrowKind::kBorrowed;
  ArrayType type = ArrayType::kFloat64;  // kBorrowed: the view's type
  ArrowInt index;                        // kWiden*, kDictionary
  bool large_dictionary = false;         // kDictionary: "U" dictionary
  bool view_dictionary = false;          // kDictionary: "vu" dictionary
};

struct ArrowTable::State {
  ArrowArray array{};  // moved in; released once by the destructor
  TableView view;
  // Owned buffers (vectors: moving them keeps their data pointers).
  std::vector<std::vector<int64_t>> ints;
  std::vector<std::vector<double>> doubles;
  std::vector<std::vector<uint8_t>> bitmaps;
  std::vector<std::vector<char>> bytes;
  ~State() {
    if (array.release != nullptr) array.release(&array);
  }
};

namespace {

constexpr size_t kMaxNameInError = 64;

std::string Quoted(std::string_view s) {
  std::string out(1, '"');
  out.append(EscapeForTerminal(s.substr(0, kMaxNameInError)));
  if (s.size() > kMaxNameInError) out.append("...");
  out.push_back('"');
  return out;
}

// A C string of at most `max` bytes (the specification's strings are
// NUL-terminated; a longer one is cut for the error message only).
std::string_view CString(const char* s, size_t max) {
  if (s == nullptr) return {};
  size_t n = 0;
  while (n < max && s[n] != '\0') ++n;
  return std::string_view(s, n);
}

constexpr size_t kMaxFormatBytes = 64;
constexpr size_t kMaxColumnName = limits::kMaxStringBytes;

std::optional<ArrowInt> IntFormat(std::string_view f) {
  if (f.size() != 1) return std::nullopt;
  switch (f[0]) {
    case 'c':
      return ArrowInt{1, true};
    case 'C':
      return ArrowInt{1, false};
    case 's':
      return ArrowInt{2, true};
    case 'S':
      return ArrowInt{2, false};
    case 'i':
      return ArrowInt{4, true};
    case 'I':
      return ArrowInt{4, false};
    case 'l':
      return ArrowInt{8, true};
    case 'L':
      return ArrowInt{8, false};
    default:
      return std::nullopt;
  }
}

// Element `i` of an integer buffer, as a signed value; an unsigned 64-bit
// value above INT64_MAX gives nullopt.
std::optional<int64_t> ReadInt(const void* buffer, ArrowInt t, uint64_t i) {
  const auto* p = static_cast<const unsigned char*>(buffer) + i * t.bytes;
  switch (t.bytes) {
    case 1: {
      uint8_t v;
      std::memcpy(&v, p, 1);
      return t.is_signed ? static_cast<int64_t>(static_cast<int8_t>(v)) : v;
    }
    case 2: {
      uint16_t v;
      std::memcpy(&v, p, 2);
      return t.is_signed ? static_cast<int64_t>(static_cast<int16_t>(v)) : v;
    }
    case 4: {
      uint32_t v;
      std::memcpy(&v, p, 4);
      return t.is_signed ? static_cast<int64_t>(static_cast<int32_t>(v)) : v;
    }
    default: {
      uint64_t v;
      std::memcpy(&v, p, 8);
      if (t.is_signed) return static_cast<int64_t>(v);
      if (v > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
        return std::nullopt;
      }
      return static_cast<int64_t>(v);
    }
  }
}

bool BitSet(const void* bitmap, uint64_t i) {
  return (static_cast<const uint8_t*>(bitmap)[i / 8] >> (i % 8)) & 1;
}

// Buffers of a string view array: validity, views, the variadic data
// buffers and their sizes.
constexpr int64_t kMaxViewBuffers = 1 << 20;

constexpr int64_t kKnownFlags = ARROW_FLAG_DICTIONARY_ORDERED |
                                ARROW_FLAG_NULLABLE |
                                ARROW_FLAG_MAP_KEYS_SORTED;

}  // namespace

// Reads schemas into plans and arrays into tables.
class ArrowImporter {
 public:
  explicit ArrowImporter(const ArrowImportLimits& limits) : limits_(limits) {}

  Status ParseSchema(const ArrowSchema& schema,
                     std::vector<ArrowColumnPlan>* plans) const;
  // Takes ownership of *array.
  Result<ArrowTable> ImportArray(const std::vector<ArrowColumnPlan>& plans,
                                 ArrowArray* array) const;

  // Validates the offsets of string elements [first, first + n) of `a`
  // (offsets[first .. first + n]); sets *data_size to the last offset.
  Status CheckStringOffsets(const ArrowArray& a, bool large, uint64_t first,
                            uint64_t n, const std::string& ctx,
                            uint64_t* data_size) const;

 private:
  Status CheckFlags(const ArrowSchema& s, const std::string& ctx,
                    bool dictionary_encoded) const;
  Status ParseColumn(const ArrowSchema& s, const std::string& ctx,
                     ArrowColumnPlan* plan) const;
  // The checks every array gets: not released, length/offset, null_count,
  // buffers and children counts, dictionary presence. `min_length`: the
  // extent the parent needs; `n_buffers` -1: a string view (3 or more).
  Status CheckArray(const ArrowArray* a, const std::string& ctx,
                    int64_t n_buffers, bool has_dictionary,
                    uint64_t min_length) const;
  Status ImportColumn(const ArrowColumnPlan& plan, const ArrowArray* a,
                      uint64_t parent_offset, uint64_t rows,
                      const std::string& ctx, ArrowTable::State* st,
                      ColumnView* col) const;
  Status Materialise(const ArrowColumnPlan& plan, const ArrowArray& a,
                     uint64_t first, uint64_t rows, const std::string& ctx,
                     ArrowTable::State* st, ColumnView* col) const;

  const ArrowImportLimits& limits_;
};

Status ArrowImporter::CheckFlags(const ArrowSchema& s, const std::string& ctx,
                                 bool dictionary_encoded) const {
  if ((s.flags & ~kKnownFlags) != 0) {
    return Status(ErrorCode::kArrowFlags, ctx,
                  "unknown flag bits " + std::to_string(s.flags));
  }
  if ((s.flags & ARROW_FLAG_MAP_KEYS_SORTED) != 0) {
    return Status(ErrorCode::kArrowFlags, ctx,
                  "ARROW_FLAG_MAP_KEYS_SORTED on a type that is not a map");
  }
  if ((s.flags & ARROW_FLAG_DICTIONARY_ORDERED) != 0 && !dictionary_encoded) {
    return Status(ErrorCode::kArrowFlags, ctx,
                  "ARROW_FLAG_DICTIONARY_ORDERED without a dictionary");
  }
  return Status::Ok();
}

Status ArrowImporter::ParseColumn(const ArrowSchema& s, const std::string& ctx,
                                  ArrowColumnPlan* plan) const {
  plan->name = std::string(CString(s.name, kMaxColumnName + 1));
  if (plan->name.size() > kMaxColumnName) {
    return Status(
        ErrorCode::kArrowTooLarge, ctx,
        "column name longer than " + std::to_string(kMaxColumnName) + " bytes");
  }
  if (s.release == nullptr) {
    return Status(ErrorCode::kArrowReleased, ctx,
                  "column " + Quoted(plan->name) + ": child schema released");
  }
  if (s.format == nullptr) {
    return Status(ErrorCode::kArrowFormatUnsupported, ctx,
                  "column " + Quoted(plan->name) + ": format is NULL");
  }
  std::string_view format = CString(s.format, kMaxFormatBytes);
  plan->format = std::string(format);
  const std::string what =
      "column " + Quoted(plan->name) + " (format " + Quoted(format) + ")";
  if (s.n_children != 0) {
    // No supported column type has children.
    if (s.n_children < 0) {
      return Status(ErrorCode::kArrowChildren, ctx,
                    what + ": n_children " + std::to_string(s.n_children));
    }
    return Status(ErrorCode::kArrowFormatUnsupported, ctx,
                  what + ": nested types are not supported");
  }
  MODELSEAL_RETURN_IF_ERROR(CheckFlags(s, ctx, s.dictionary != nullptr));
  if (s.dictionary != nullptr) {
    std::optional<ArrowInt> index = IntFormat(format);
    if (!index) {
      return Status(ErrorCode::kArrowDictionary, ctx,
                    what + ": dictionary indices must be integers");
    }
    const ArrowSchema& d = *s.dictionary;
    const std::string dctx = JoinContext(ctx, "dictionary");
    if (d.release == nullptr) {
      return Status(ErrorCode::kArrowReleased, dctx,
                    "column " + Quoted(plan->name) + ": dictionary released");
    }
    if (d.n_children != 0 || d.dictionary != nullptr) {
      return Status(ErrorCode::kArrowDictionary, dctx,
                    "column " + Quoted(plan->name) +
                        ": nested or dictionary-encoded dictionary");
    }
    MODELSEAL_RETURN_IF_ERROR(CheckFlags(d, dctx, false));
    std::string_view dformat = CString(d.format, kMaxFormatBytes);
    if (d.format == nullptr ||
        (dformat != "u" && dformat != "U" && dformat != "vu")) {
      return Status(ErrorCode::kArrowDictionary, dctx,
                    "column " + Quoted(plan->name) + ": dictionary format " +
                        Quoted(dformat) +
                        ", only \"u\", \"U\" and \"vu\" supported");
    }
    plan->kind = ArrowKind::kDictionary;
    plan->index = *index;
    plan->large_dictionary = dformat == "U";
    plan->view_dictionary = dformat == "vu";
    plan->type = ArrayType::kLargeString;
    return Status::Ok();
  }
  static constexpr struct {
    const char* format;
    ArrayType type;
  } kBorrowed[] = {{"g", ArrayType::kFloat64},    {"f", ArrayType::kFloat32},
                   {"l", ArrayType::kInt64},      {"i", ArrayType::kInt32},
                   {"b", ArrayType::kBool},       {"u", ArrayType::kString},
                   {"U", ArrayType::kLargeString}};
  for (const auto& b : kBorrowed) {
    if (format == b.format) {
      plan->kind = ArrowKind::kBorrowed;
      plan->type = b.type;
      return Status::Ok();
    }
  }
  if (format == "vu") {
    plan->kind = ArrowKind::kStringView;
    plan->type = ArrayType::kLargeString;
    return Status::Ok();
  }
  if (std::optional<ArrowInt> t = IntFormat(format)) {
    plan->index = *t;
    if (format == "L") {
      plan->kind = ArrowKind::kWidenFloat;
      plan->type = ArrayType::kFloat64;
    } else {
      plan->kind = ArrowKind::kWidenInt;
      plan->type = ArrayType::kInt64;
    }
    return Status::Ok();
  }
  return Status(ErrorCode::kArrowFormatUnsupported, ctx,
                what +
                    ": supported are g f l i b u U vu c C s S I L and "
                    "dictionaries of u/U/vu");
}

Status ArrowImporter::ParseSchema(const ArrowSchema& schema,
                                  std::vector<ArrowColumnPlan>* plans) const {
  plans->clear();
  if (schema.release == nullptr) {
    return Status(ErrorCode::kArrowReleased, "schema", "schema released");
  }
  std::string_view format = CString(schema.format, kMaxFormatBytes);
  if (schema.format == nullptr || format != "+s") {
    return Status(ErrorCode::kArrowNotStruct, "schema",
                  "format " + Quoted(format));
  }
  MODELSEAL_RETURN_IF_ERROR(CheckFlags(schema, "schema", false));
  if (schema.dictionary != nullptr) {
    return Status(ErrorCode::kArrowDictionary, "schema",
                  "a record batch cannot be dictionary-encoded");
  }
  if (schema.n_children < 0 ||
      (schema.n_children > 0 && schema.children == nullptr)) {
    return Status(ErrorCode::kArrowChildren, "schema",
                  "n_children " + std::to_string(schema.n_children) +
                      (schema.children == nullptr ? ", children NULL" : ""));
  }
  if (static_cast<uint64_t>(schema.n_children) > limits_.max_columns) {
    return Status(ErrorCode::kArrowTooLarge, "schema",
                  std::to_string(schema.n_children) + " columns, limit " +
                      std::to_string(limits_.max_columns));
  }
  plans->resize(static_cast<size_t>(schema.n_children));
  for (int64_t i = 0; i < schema.n_children; ++i) {
    const std::string ctx = IndexContext("columns", static_cast<uint64_t>(i));
    const ArrowSchema* child = schema.children[i];
    if (child == nullptr) {
      return Status(ErrorCode::kArrowChildren, ctx, "child schema NULL");
    }
    MODELSEAL_RETURN_IF_ERROR(ParseColumn(*child, ctx, &(*plans)[i]));
  }
  return Status::Ok();
}

Status ArrowImporter::CheckArray(const ArrowArray* a, const std::string& ctx,
                                 int64_t n_buffers, bool has_dictionary,
                                 uint64_t min_length) const {
  if (a == nullptr) {
    return Status(ErrorCode::kArrowChildren, ctx, "child array NULL");
  }
  if (a->release == nullptr) {
    return Status(ErrorCode::kArrowReleased, ctx, "array released");
  }
  if (a->length < 0 || a->offset < 0 ||
      a->length > std::numeric_limits<int64_t>::max() - a->offset) {
    return Status(ErrorCode::kArrowLength, ctx,
                  "length " + std::to_string(a->length) + ", offset " +
                      std::to_string(a->offset));
  }
  if (static_cast<uint64_t>(a->length) < min_length) {
    return Status(ErrorCode::kArrowLength, ctx,
                  "length " + std::to_string(a->length) +
                      ", the parent needs " + std::to_string(min_length));
  }
  if (a->null_count < -1 || a->null_count > a->length) {
    return Status(ErrorCode::kArrowNullCount, ctx,
                  "null_count " + std::to_string(a->null_count) +
                      " for length " + std::to_string(a->length));
  }
  if (a->n_children != 0) {
    return Status(
        ErrorCode::kArrowChildren, ctx,
        "n_children " + std::to_string(a->n_children) + ", the type has none");
  }
  const bool buffers_ok =
      n_buffers >= 0 ? a->n_buffers == n_buffers
                     : a->n_buffers >= 3 && a->n_buffers <= kMaxViewBuffers;
  if (!buffers_ok || a->buffers == nullptr) {
    return Status(ErrorCode::kArrowBuffers, ctx,
                  "n_buffers " + std::to_string(a->n_buffers) +
                      (a->buffers == nullptr ? ", buffers NULL" : "") +
                      ", the format has " +
                      (n_buffers >= 0 ? std::to_string(n_buffers)
                                      : std::string("3 to ") +
                                            std::to_string(kMaxViewBuffers)));
  }
  if ((a->dictionary != nullptr) != has_dictionary) {
    return Status(ErrorCode::kArrowDictionary, ctx,
                  has_dictionary ? "dictionary-encoded type without a "
                                   "dictionary array"
                                 : "dictionary array on a plain type");
  }
  if (a->buffers[0] == nullptr && a->null_count != 0) {
    return Status(ErrorCode::kArrowNullBuffer, ctx,
                  "validity bitmap NULL with null_count " +
                      std::to_string(a->null_count));
  }
  return Status::Ok();
}

Status ArrowImporter::CheckStringOffsets(const ArrowArray& a, bool large,
                                         uint64_t first, uint64_t n,
                                         const std::string& ctx,
                                         uint64_t* data_size) const {
  const void* offsets = a.buffers[1];
  if (offsets == nullptr) {
    // A zero-sized buffer may be NULL; the offsets of a non-empty array
    // (length + 1 entries) are not zero-sized.
    if (first + n != 0) {
      return Status(ErrorCode::kArrowNullBuffer, ctx, "offsets buffer NULL");
    }
    *data_size = 0;
    return Status::Ok();
  }
  const ArrowInt t{static_cast<uint8_t>(large ? 8 : 4), true};
  int64_t prev = *ReadInt(offsets, t, first);
  if (prev < 0) {
    return Status(
        ErrorCode::kArrowStringOffsets, ctx,
        "offsets[" + std::to_string(first) + "] = " + std::to_string(prev));
  }
  for (uint64_t i = 1; i <= n; ++i) {
    int64_t v = *ReadInt(offsets, t, first + i);
    if (v < prev) {
      return Status(ErrorCode::kArrowStringOffsets, ctx,
                    "offsets[" + std::to_string(first + i) +
                        "] = " + std::to_string(v) + " < offsets[" +
                        std::to_string(first + i - 1) +
                        "] = " + std::to_string(prev));
    }
    prev = v;
  }
  *data_size = static_cast<uint64_t>(prev);
  if (*data_size != 0 && a.buffers[2] == nullptr) {
    return Status(ErrorCode::kArrowNullBuffer, ctx,
                  "data buffer NULL with " + std::to_string(*data_size) +
                      " bytes of strings");
  }
  return Status::Ok();
}

// The string entries of a "u", "U" or "vu" array. For u/U the offsets
// must have been checked (CheckStringOffsets) over the entries read; each
// view is checked when it is read.
class StringEntries {
 public:
  // Checks what does not depend on the entry: for "vu", the view and
  // sizes buffers; for u/U, the offsets of entries [first, first + n).
  Status Init(const ArrowImporter& importer, const ArrowArray& a, bool large,
              bool view, uint64_t first, uint64_t n, const std::string& ctx);
  Status Get(uint64_t e, const std::string& ctx, std::string_view* out) const;

 private:
  const ArrowArray* a_ = nullptr;
  bool large_ = false;
  bool view_ = false;
  uint64_t n_variadic_ = 0;
};

Status StringEntries::Init(const ArrowImporter& importer, const ArrowArray& a,
                           bool large, bool view, uint64_t first, uint64_t n,
                           const std::string& ctx) {
  a_ = &a;
  large_ = large;
  view_ = view;
  if (!view) {
    uint64_t size = 0;
    return importer.CheckStringOffsets(a, large, first, n, ctx, &size);
  }
  n_variadic_ = static_cast<uint64_t>(a.n_buffers - 3);
  if (first + n != 0 && a.buffers[1] == nullptr) {
    return Status(ErrorCode::kArrowNullBuffer, ctx, "views buffer NULL");
  }
  if (n_variadic_ != 0 && a.buffers[a.n_buffers - 1] == nullptr) {
    return Status(ErrorCode::kArrowNullBuffer, ctx,
                  "variadic buffer sizes NULL");
  }
  return Status::Ok();
}

Status StringEntries::Get(uint64_t e, const std::string& ctx,
                          std::string_view* out) const {
  if (!view_) {
    const ArrowInt t{static_cast<uint8_t>(large_ ? 8 : 4), true};
    const int64_t begin = *ReadInt(a_->buffers[1], t, e);
    const int64_t end = *ReadInt(a_->buffers[1], t, e + 1);
    *out = std::string_view(static_cast<const char*>(a_->buffers[2]) + begin,
                            static_cast<size_t>(end - begin));
    return Status::Ok();
  }
  // A view: int32 length, then 12 inline bytes (length <= 12) or a 4-byte
  // prefix, int32 buffer index and int32 offset.
  const auto* v = static_cast<const unsigned char*>(a_->buffers[1]) + e * 16;
  int32_t length, buffer, offset;
  std::memcpy(&length, v, 4);
  std::memcpy(&buffer, v + 8, 4);
  std::memcpy(&offset, v + 12, 4);
  const std::string where = IndexContext(JoinContext(ctx, "views"), e);
  if (length < 0) {
    return Status(ErrorCode::kArrowStringView, where,
                  "length " + std::to_string(length));
  }
  if (length <= 12) {
    *out = std::string_view(reinterpret_cast<const char*>(v + 4),
                            static_cast<size_t>(length));
    return Status::Ok();
  }
  if (buffer < 0 || static_cast<uint64_t>(buffer) >= n_variadic_) {
    return Status(ErrorCode::kArrowStringView, where,
                  "buffer index " + std::to_string(buffer) + " of " +
                      std::to_string(n_variadic_));
  }
  int64_t size;
  std::memcpy(
      &size,
      static_cast<const unsigned char*>(a_->buffers[a_->n_buffers - 1]) +
          8 * buffer,
      8);
  if (offset < 0 || size < 0 || offset > size || length > size - offset) {
    return Status(ErrorCode::kArrowStringView, where,
                  "bytes [" + std::to_string(offset) + ", " +
                      std::to_string(int64_t{offset} + length) +
                      ") of a buffer of " + std::to_string(size));
  }
  const char* data = static_cast<const char*>(a_->buffers[2 + buffer]);
  if (data == nullptr) {
    return Status(ErrorCode::kArrowNullBuffer, where,
                  "variadic buffer " + std::to_string(buffer) + " NULL");
  }
  *out = std::string_view(data + offset, static_cast<size_t>(length));
  return Status::Ok();
}

Status ArrowImporter::Materialise(const ArrowColumnPlan& plan,
                                  const ArrowArray& a, uint64_t first,
                                  uint64_t rows, const std::string& ctx,
                                  ArrowTable::State* st,
                                  ColumnView* col) const {
  // Strings come from a dictionary (kDictionary) or from the array itself
  // (kStringView).
  const bool dictionary = plan.kind == ArrowKind::kDictionary;
  const std::string dctx = dictionary ? JoinContext(ctx, "dictionary") : ctx;
  const ArrowArray* d = dictionary ? a.dictionary : &a;
  const bool view = dictionary ? plan.view_dictionary : true;
  if (dictionary) {
    MODELSEAL_RETURN_IF_ERROR(CheckArray(d, dctx, view ? -1 : 3, false, 0));
  }
  const uint64_t dfirst = dictionary ? static_cast<uint64_t>(d->offset) : 0;
  const uint64_t dlen = static_cast<uint64_t>(d->length);
  StringEntries entries;
  MODELSEAL_RETURN_IF_ERROR(
      dictionary ? entries.Init(*this, *d, plan.large_dictionary, view, dfirst,
                                dlen, dctx)
                 : entries.Init(*this, *d, false, true, first, rows, dctx));
  const void* indices = dictionary ? a.buffers[1] : nullptr;
  if (dictionary && indices == nullptr && rows != 0) {
    return Status(ErrorCode::kArrowNullBuffer, ctx, "indices buffer NULL");
  }
  const void* validity = a.null_count == 0 ? nullptr : a.buffers[0];
  const void* dvalidity = d->null_count == 0 ? nullptr : d->buffers[0];
  std::vector<int64_t> offsets;
  offsets.reserve(rows + 1);
  offsets.push_back(0);
  std::vector<uint8_t> bitmap((rows + 7) / 8, 0);
  std::vector<char> bytes;
  bool any_missing = false;
  for (uint64_t r = 0; r < rows; ++r) {
    const uint64_t i = first + r;
    bool present = validity == nullptr || BitSet(validity, i);
    if (present && dictionary) {
      std::optional<int64_t> k = ReadInt(indices, plan.index, i);
      if (!k || *k < 0 || static_cast<uint64_t>(*k) >= dlen) {
        return Status(ErrorCode::kArrowDictionaryIndex, IndexContext(ctx, r),
                      "column " + Quoted(plan.name) + ": index " +
                          (k ? std::to_string(*k) : std::string("> 2^63")) +
                          ", dictionary length " + std::to_string(dlen));
      }
      const uint64_t e = dfirst + static_cast<uint64_t>(*k);
      present = dvalidity == nullptr || BitSet(dvalidity, e);
      if (present) {
        std::string_view text;
        MODELSEAL_RETURN_IF_ERROR(entries.Get(e, dctx, &text));
        if (text.size() > limits_.max_string_bytes - bytes.size()) {
          return Status(ErrorCode::kArrowTooLarge, ctx,
                        "column " + Quoted(plan.name) + ": more than " +
                            std::to_string(limits_.max_string_bytes) +
                            " bytes of strings");
        }
        bytes.insert(bytes.end(), text.begin(), text.end());
      }
    } else if (present) {
      std::string_view text;
      MODELSEAL_RETURN_IF_ERROR(entries.Get(i, dctx, &text));
      if (text.size() > limits_.max_string_bytes - bytes.size()) {
        return Status(ErrorCode::kArrowTooLarge, ctx,
                      "column " + Quoted(plan.name) + ": more than " +
                          std::to_string(limits_.max_string_bytes) +
                          " bytes of strings");
      }
      bytes.insert(bytes.end(), text.begin(), text.end());
    }
    if (present) {
      bitmap[r / 8] |= static_cast<uint8_t>(1u << (r % 8));
    } else {
      any_missing = true;
    }
    offsets.push_back(static_cast<int64_t>(bytes.size()));
  }
  col->type = ArrayType::kLargeString;
  col->offset = 0;
  col->data_size = bytes.size();
  st->ints.push_back(std::move(offsets));
  col->values = st->ints.back().data();
  st->bytes.push_back(std::move(bytes));
  col->data = st->bytes.back().data();
  if (any_missing) {
    st->bitmaps.push_back(std::move(bitmap));
    col->validity = st->bitmaps.back().data();
  }
  return Status::Ok();
}

Status ArrowImporter::ImportColumn(const ArrowColumnPlan& plan,
                                   const ArrowArray* a, uint64_t parent_offset,
                                   uint64_t rows, const std::string& ctx,
                                   ArrowTable::State* st,
                                   ColumnView* col) const {
  const bool is_string =
      plan.kind == ArrowKind::kBorrowed &&
      (plan.type == ArrayType::kString || plan.type == ArrayType::kLargeString);
  const int64_t n_buffers =
      plan.kind == ArrowKind::kStringView ? -1 : (is_string ? 3 : 2);
  MODELSEAL_RETURN_IF_ERROR(CheckArray(a, ctx, n_buffers,
                                       plan.kind == ArrowKind::kDictionary,
                                       parent_offset + rows));
  // Element i of the column is element first + i of this array (a struct's
  // offset applies to its children as well as their own).
  const uint64_t first = static_cast<uint64_t>(a->offset) + parent_offset;
  col->name = plan.name;
  if (plan.kind == ArrowKind::kDictionary ||
      plan.kind == ArrowKind::kStringView) {
    return Materialise(plan, *a, first, rows, ctx, st, col);
  }
  if (first + rows != 0 && a->buffers[1] == nullptr && !is_string) {
    return Status(ErrorCode::kArrowNullBuffer, ctx,
                  "column " + Quoted(plan.name) + ": values buffer NULL");
  }
  const void* validity = a->null_count == 0 ? nullptr : a->buffers[0];
  if (plan.kind == ArrowKind::kBorrowed) {
    col->type = plan.type;
    col->offset = static_cast<size_t>(first);
    col->validity = static_cast<const uint8_t*>(validity);
    col->values = a->buffers[1];
    if (is_string) {
      uint64_t size = 0;
      MODELSEAL_RETURN_IF_ERROR(CheckStringOffsets(
          *a, plan.type == ArrayType::kLargeString, first, rows, ctx, &size));
      col->data = static_cast<const char*>(a->buffers[2]);
      col->data_size = static_cast<size_t>(size);
      if (a->buffers[1] == nullptr) {
        static const int64_t kZeroOffset = 0;
        col->values = &kZeroOffset;
        col->offset = 0;
      }
    }
    return Status::Ok();
  }
  // Widened: owned values and (when there are nulls) an owned bitmap, both
  // starting at element 0.
  col->offset = 0;
  if (validity != nullptr) {
    std::vector<uint8_t> bitmap((rows + 7) / 8, 0);
    for (uint64_t r = 0; r < rows; ++r) {
      if (BitSet(validity, first + r)) {
        bitmap[r / 8] |= static_cast<uint8_t>(1u << (r % 8));
      }
    }
    st->bitmaps.push_back(std::move(bitmap));
    col->validity = st->bitmaps.back().data();
  }
  if (plan.kind == ArrowKind::kWidenInt) {
    std::vector<int64_t> v(rows);
    for (uint64_t r = 0; r < rows; ++r) {
      v[r] = *ReadInt(a->buffers[1], plan.index, first + r);
    }
    col->type = ArrayType::kInt64;
    st->ints.push_back(std::move(v));
    col->values = st->ints.back().data();
  } else {
    std::vector<double> v(rows);
    const auto* p = static_cast<const unsigned char*>(a->buffers[1]);
    for (uint64_t r = 0; r < rows; ++r) {
      uint64_t u;
      std::memcpy(&u, p + (first + r) * 8, 8);
      v[r] = static_cast<double>(u);
    }
    col->type = ArrayType::kFloat64;
    st->doubles.push_back(std::move(v));
    col->values = st->doubles.back().data();
  }
  return Status::Ok();
}

Result<ArrowTable> ArrowImporter::ImportArray(
    const std::vector<ArrowColumnPlan>& plans, ArrowArray* array) const {
  if (array == nullptr || array->release == nullptr) {
    return Status(ErrorCode::kArrowReleased, "array", "array released");
  }
  auto st = std::make_unique<ArrowTable::State>();
  st->array = *array;  // moved: the caller's struct is marked released
  array->release = nullptr;
  const ArrowArray& a = st->array;
  if (a.length < 0 || a.offset < 0 ||
      a.length > std::numeric_limits<int64_t>::max() - a.offset) {
    return Status(ErrorCode::kArrowLength, "array",
                  "length " + std::to_string(a.length) + ", offset " +
                      std::to_string(a.offset));
  }
  if (static_cast<uint64_t>(a.length) > limits_.max_rows) {
    return Status(ErrorCode::kArrowTooLarge, "array",
                  std::to_string(a.length) + " rows, limit " +
                      std::to_string(limits_.max_rows));
  }
  if (a.null_count < -1 || a.null_count > a.length) {
    return Status(ErrorCode::kArrowNullCount, "array",
                  "null_count " + std::to_string(a.null_count) +
                      " for length " + std::to_string(a.length));
  }
  if (a.n_buffers != 1 || a.buffers == nullptr) {
    return Status(ErrorCode::kArrowBuffers, "array",
                  "n_buffers " + std::to_string(a.n_buffers) +
                      (a.buffers == nullptr ? ", buffers NULL" : "") +
                      ", a struct has 1");
  }
  if (a.dictionary != nullptr) {
    return Status(ErrorCode::kArrowDictionary, "array",
                  "dictionary array on a struct");
  }
  if (a.n_children != static_cast<int64_t>(plans.size()) ||
      (a.n_children > 0 && a.children == nullptr)) {
    return Status(ErrorCode::kArrowChildren, "array",
                  "n_children " + std::to_string(a.n_children) +
                      ", the schema has " + std::to_string(plans.size()));
  }
  const uint64_t rows = static_cast<uint64_t>(a.length);
  const uint64_t offset = static_cast<uint64_t>(a.offset);
  if (a.null_count != 0) {
    if (a.buffers[0] == nullptr) {
      return Status(ErrorCode::kArrowNullBuffer, "array",
                    "validity bitmap NULL with null_count " +
                        std::to_string(a.null_count));
    }
    for (uint64_t r = 0; r < rows; ++r) {
      if (!BitSet(a.buffers[0], offset + r)) {
        return Status(ErrorCode::kArrowStructNulls, IndexContext("array", r),
                      "row " + std::to_string(r) + " is null");
      }
    }
  }
  st->view.rows = static_cast<size_t>(rows);
  st->view.columns.resize(plans.size());
  for (size_t i = 0; i < plans.size(); ++i) {
    MODELSEAL_RETURN_IF_ERROR(ImportColumn(plans[i], a.children[i], offset,
                                           rows, IndexContext("columns", i),
                                           st.get(), &st->view.columns[i]));
  }
  return ArrowTable(std::move(st));
}

// ---- ArrowTable
// ---------------------------------------------------------------

ArrowTable::ArrowTable(std::unique_ptr<State> state)
    : state_(std::move(state)) {}
ArrowTable::ArrowTable(ArrowTable&&) noexcept = default;
ArrowTable& ArrowTable::operator=(ArrowTable&&) noexcept = default;
ArrowTable::~ArrowTable() = default;
const TableView& ArrowTable::view() const { return state_->view; }

namespace {

// Releases a moved-in schema at scope exit.
class SchemaGuard {
 public:
  explicit SchemaGuard(ArrowSchema* schema) {
    if (schema != nullptr) {
      schema_ = *schema;
      schema->release = nullptr;
    }
  }
  ~SchemaGuard() {
    if (schema_.release != nullptr) schema_.release(&schema_);
  }
  SchemaGuard(const SchemaGuard&) = delete;
  SchemaGuard& operator=(const SchemaGuard&) = delete;
  const ArrowSchema& get() const { return schema_; }

 private:
  ArrowSchema schema_{};
};

}  // namespace

Result<ArrowTable> ImportArrow(ArrowSchema* schema, ArrowArray* array,
                               const ArrowImportLimits& limits) {
  SchemaGuard guard(schema);
  ArrowImporter importer(limits);
  std::vector<ArrowColumnPlan> plans;
  Status s = importer.ParseSchema(guard.get(), &plans);
  if (!s.ok()) {
    if (array != nullptr && array->release != nullptr) {
      ArrowArray moved = *array;
      array->release = nullptr;
      moved.release(&moved);
    }
    return s;
  }
  return importer.ImportArray(plans, array);
}

// ---- ArrowStreamReader
// ----------------------------------------------------------

class ArrowStreamReader::Impl {
 public:
  explicit Impl(const ArrowImportLimits& import_limits)
      : limits(import_limits) {}
  ~Impl() {
    if (stream.release != nullptr) stream.release(&stream);
  }
  Status CallbackError(int rc, const char* what) {
    std::string detail = std::string(what) + " returned " + std::to_string(rc);
    if (stream.get_last_error != nullptr) {
      std::string_view text = CString(stream.get_last_error(&stream), 1024);
      if (!text.empty()) detail += ": " + EscapeForTerminal(text);
    }
    return Status(ErrorCode::kArrowStream, "stream", detail);
  }

  ArrowArrayStream stream{};
  ArrowImportLimits limits;
  std::vector<ArrowColumnPlan> plans;
  uint64_t batch = 0;
  bool ended = false;
};

ArrowStreamReader::ArrowStreamReader(std::unique_ptr<Impl> impl)
    : impl_(std::move(impl)) {}
ArrowStreamReader::ArrowStreamReader(ArrowStreamReader&&) noexcept = default;
ArrowStreamReader& ArrowStreamReader::operator=(ArrowStreamReader&&) noexcept =
    default;
ArrowStreamReader::~ArrowStreamReader() = default;

Result<ArrowStreamReader> ArrowStreamReader::Open(
    ArrowArrayStream* stream, const ArrowImportLimits& limits) {
  if (stream == nullptr || stream->release == nullptr) {
    return Status(ErrorCode::kArrowReleased, "stream", "stream released");
  }
  auto impl = std::make_unique<Impl>(limits);
  impl->stream = *stream;
  stream->release = nullptr;
  if (impl->stream.get_schema == nullptr || impl->stream.get_next == nullptr) {
    return Status(ErrorCode::kArrowStream, "stream",
                  "get_schema or get_next is NULL");
  }
  ArrowSchema schema{};
  int rc = impl->stream.get_schema(&impl->stream, &schema);
  if (rc != 0) return impl->CallbackError(rc, "get_schema");
  SchemaGuard guard(&schema);
  ArrowImporter importer(impl->limits);
  MODELSEAL_RETURN_IF_ERROR(importer.ParseSchema(guard.get(), &impl->plans));
  return ArrowStreamReader(std::move(impl));
}

Result<std::optional<ArrowTable>> ArrowStreamReader::Next() {
  Impl& s = *impl_;
  if (s.ended) return std::optional<ArrowTable>();
  ArrowArray array{};
  int rc = s.stream.get_next(&s.stream, &array);
  if (rc != 0) {
    // On failure `array` is not valid (the specification): not released.
    s.ended = true;
    return s.CallbackError(rc, "get_next");
  }
  if (array.release == nullptr) {
    s.ended = true;
    return std::optional<ArrowTable>();
  }
  const std::string ctx = IndexContext("batches", s.batch++);
  ArrowImporter importer(s.limits);
  Result<ArrowTable> table = importer.ImportArray(s.plans, &array);
  if (!table.ok()) {
    s.ended = true;
    return table.status().WithPrefix(ctx);
  }
  return std::optional<ArrowTable>(std::move(table).value());
}

}  // namespace modelseal

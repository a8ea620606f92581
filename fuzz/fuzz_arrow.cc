// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Fuzz target: Arrow C Data Interface import (modelseal/arrow.h).
// The bytes describe a record batch: a mode byte (bit 0: through an
// ArrowArrayStream; bit 1: the stream's get_next fails), the struct's
// length, offset and null_count, then per column a format (from a table of
// supported and unsupported ones), flags, length, offset, null_count,
// buffer count, which buffers are NULL, an optional dictionary (u, U, vu or
// an unsupported one), string views with 0-2 variadic buffers, and the
// buffers' contents. Lengths and offsets are small or one of a few hostile
// values (negative, overflowing offset + length); every buffer is allocated
// with the size the specification gives it for its array's offset + length
// (string data: the largest offset), as a conforming producer does, so any read
// beyond it is an importer bug (ASan). Oracles: release callbacks called
// exactly once (on success when the table is destroyed); the caller's structs
// marked released; an accepted table has the struct's rows and one column per
// child, and every value, bit and string byte it names lies within the buffers
// (read here).
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz/fuzz_util.h"
#include "modelseal/arrow.h"

namespace {

using modelseal::fuzz::Fail;

class Bytes {
 public:
  Bytes(const uint8_t* data, size_t size) : data_(data), size_(size) {}
  uint8_t U8() { return pos_ < size_ ? data_[pos_++] : 0; }
  // A small count, or (1 in 16) a negative one. (A huge valid length
  // would promise buffers this harness does not allocate.)
  int64_t Length() {
    uint8_t b = U8();
    if ((b & 0xf0) == 0xf0) {
      return (b & 1) ? -1 : std::numeric_limits<int64_t>::min();
    }
    return b % 24;
  }
  // A small offset, or a hostile one the importer must refuse before any
  // read: negative, or overflowing offset + length (length >= 1).
  int64_t Offset(int64_t length) {
    uint8_t b = U8();
    if (b < 200) return b % 8;
    if (b < 220) return -1;
    if (b < 240 || length < 1) return std::numeric_limits<int64_t>::min();
    return std::numeric_limits<int64_t>::max();
  }
  int64_t NullCount(int64_t length) {
    uint8_t b = U8();
    if (b < 128) return 0;
    if (b < 160) return -1;
    if (b == 255) return -2;
    // May exceed the length by 1.
    return length >= 0 && length < 1024 ? b % (length + 2) : 1;
  }
  void Fill(uint8_t* p, size_t n) {
    for (size_t i = 0; i < n; ++i) p[i] = U8();
  }

 private:
  const uint8_t* data_;
  size_t size_;
  size_t pos_ = 0;
};

const char* const kFormats[] = {"g",      "f",  "l",   "i", "b", "u", "U",
                                "c",      "C",  "s",   "S", "I", "L", "n",
                                "d:10,2", "+s", "tdD", "z", "",  "vu"};
constexpr size_t kNumFormats = sizeof(kFormats) / sizeof(kFormats[0]);

size_t ElementBits(std::string_view f) {
  if (f == "b") return 1;
  if (f == "c" || f == "C") return 8;
  if (f == "s" || f == "S") return 16;
  if (f == "i" || f == "I" || f == "f" || f == "u") return 32;
  return 64;  // g l L U, and 8 bytes for anything else
}

void ReleaseRootSchema(ArrowSchema* s) {
  ++*static_cast<int*>(s->private_data);
  s->release = nullptr;
}
void ReleaseChildSchema(ArrowSchema* s) { s->release = nullptr; }
void ReleaseRootArray(ArrowArray* a) {
  ++*static_cast<int*>(a->private_data);
  a->release = nullptr;
}
void ReleaseChildArray(ArrowArray* a) { a->release = nullptr; }

// One array's storage.
struct Node {
  std::string_view format;  // a literal (kFormats)
  ArrowSchema schema{};
  ArrowArray array{};
  std::vector<std::vector<uint8_t>> storage;
  std::vector<const void*> buffers;
};

// A string view array ("vu") of `elements` views: validity, views (their
// bytes from the input, so lengths, buffer indices and offsets are
// arbitrary), 0-2 variadic data buffers of 0-31 bytes, and their true sizes.
void BuildViews(Bytes& in, Node* n, size_t elements, uint8_t shape,
                uint8_t nulls) {
  const size_t n_variadic = in.U8() % 3;
  size_t n_buffers = 3 + n_variadic;
  if (shape == 254) n_buffers = 2;  // too few
  n->storage.assign(n_buffers, {});
  n->buffers.assign(n_buffers, nullptr);
  std::vector<int64_t> sizes;
  for (size_t i = 0; i < n_buffers; ++i) {
    size_t bytes = 0;
    if (i == 0) {
      bytes = (elements + 7) / 8;
    } else if (i == 1) {
      bytes = elements * 16;
    } else if (i < n_buffers - 1) {
      bytes = in.U8() % 32;
      sizes.push_back(static_cast<int64_t>(bytes));
    } else {
      bytes = sizes.size() * 8;
    }
    if ((nulls >> i) & 1) continue;  // NULL buffer
    n->storage[i].resize(std::max<size_t>(bytes, 1));
    if (i == n_buffers - 1 && n_buffers > 2) {
      if (!sizes.empty()) {
        std::memcpy(n->storage[i].data(), sizes.data(), sizes.size() * 8);
      }
    } else {
      in.Fill(n->storage[i].data(), n->storage[i].size());
    }
    n->buffers[i] = n->storage[i].data();
  }
  n->array.n_buffers = static_cast<int64_t>(n_buffers);
  n->array.buffers = n->buffers.data();
}

// Fills `n` (format already set) from the bytes.
void BuildArray(Bytes& in, Node* n) {
  ArrowArray& a = n->array;
  a.length = in.Length();
  a.offset = in.Offset(a.length);
  a.null_count = in.NullCount(a.length);
  a.release = ReleaseChildArray;
  const bool is_string = n->format == "u" || n->format == "U";
  int64_t n_buffers = is_string ? 3 : 2;
  uint8_t shape = in.U8();
  if (shape == 255) n_buffers += 1;
  if (shape == 254) n_buffers -= 1;
  const bool sane =
      a.length >= 0 && a.offset >= 0 && a.length < 1024 && a.offset < 1024;
  const size_t elements = sane ? static_cast<size_t>(a.length + a.offset) : 0;
  if (n->format == "vu") {
    const uint8_t nulls = in.U8();
    BuildViews(in, n, elements, shape, nulls);
    return;
  }
  n->storage.resize(static_cast<size_t>(n_buffers));
  n->buffers.assign(static_cast<size_t>(n_buffers), nullptr);
  const uint8_t nulls = in.U8();
  for (int64_t i = 0; i < n_buffers; ++i) {
    size_t bytes = 0;
    if (i == 0) {
      bytes = (elements + 7) / 8;
    } else if (i == 1) {
      bytes = is_string ? (elements + 1) * (n->format == "u" ? 4 : 8)
                        : (elements * ElementBits(n->format) + 7) / 8;
    } else if (i == 2 && is_string) {
      // String data: as large as the largest offset.
      int64_t max = 0;
      const std::vector<uint8_t>& o = n->storage[1];
      const size_t w = n->format == "u" ? 4 : 8;
      for (size_t k = 0; k + w <= o.size(); k += w) {
        int64_t v = 0;
        if (w == 4) {
          int32_t v32;
          std::memcpy(&v32, o.data() + k, 4);
          v = v32;
        } else {
          std::memcpy(&v, o.data() + k, 8);
        }
        if (v > max) max = v;
      }
      bytes = static_cast<size_t>(max);
    }
    if ((nulls >> i) & 1) continue;  // NULL buffer
    // Small offsets, mostly increasing: each offset a small step.
    n->storage[i].resize(std::max<size_t>(bytes, 1));
    if (i == 1 && is_string) {
      const size_t w = n->format == "u" ? 4 : 8;
      int64_t v = (in.U8() & 0x80) ? -1 : 0;
      for (size_t k = 0; k + w <= bytes; k += w) {
        uint8_t step = in.U8();
        v += (step == 0xff) ? -3 : step % 5;
        if (w == 4) {
          int32_t v32 = static_cast<int32_t>(v);
          std::memcpy(n->storage[i].data() + k, &v32, 4);
        } else {
          std::memcpy(n->storage[i].data() + k, &v, 8);
        }
      }
    } else {
      in.Fill(n->storage[i].data(), n->storage[i].size());
    }
    n->buffers[i] = n->storage[i].data();
  }
  a.n_buffers = n_buffers;
  a.buffers = n->buffers.data();
}

// Reads every value the column names (ASan finds out-of-bounds reads).
uint64_t Touch(const modelseal::ColumnView& c, size_t rows) {
  using modelseal::ArrayType;
  uint64_t sum = 0;
  const auto* v = static_cast<const uint8_t*>(c.values);
  for (size_t r = 0; r < rows; ++r) {
    const size_t i = c.offset + r;
    if (c.validity != nullptr) sum += (c.validity[i / 8] >> (i % 8)) & 1;
    switch (c.type) {
      case ArrayType::kFloat64:
      case ArrayType::kInt64:
        sum += v[i * 8 + 7];
        break;
      case ArrayType::kFloat32:
      case ArrayType::kInt32:
        sum += v[i * 4 + 3];
        break;
      case ArrayType::kBool:
        sum += (v[i / 8] >> (i % 8)) & 1;
        break;
      case ArrayType::kString:
      case ArrayType::kLargeString: {
        int64_t begin, end;
        if (c.type == ArrayType::kString) {
          int32_t b32, e32;
          std::memcpy(&b32, v + i * 4, 4);
          std::memcpy(&e32, v + (i + 1) * 4, 4);
          begin = b32;
          end = e32;
        } else {
          std::memcpy(&begin, v + i * 8, 8);
          std::memcpy(&end, v + (i + 1) * 8, 8);
        }
        if (begin < 0 || end < begin ||
            static_cast<uint64_t>(end) > c.data_size) {
          Fail("accepted string offsets outside [0, data_size]");
        }
        for (int64_t k = begin; k < end; ++k) sum += c.data[k];
        break;
      }
    }
  }
  return sum;
}

struct Stream {
  static int GetSchema(ArrowArrayStream* s, ArrowSchema* out) {
    auto* self = static_cast<Stream*>(s->private_data);
    *out = *self->schema;
    self->schema->release = nullptr;
    return 0;
  }
  static int GetNext(ArrowArrayStream* s, ArrowArray* out) {
    auto* self = static_cast<Stream*>(s->private_data);
    if (self->fail) return 22;
    if (self->array->release == nullptr) {
      out->release = nullptr;  // end
      return 0;
    }
    *out = *self->array;
    self->array->release = nullptr;
    return 0;
  }
  static const char* LastError(ArrowArrayStream*) { return "fuzz failure"; }
  static void Release(ArrowArrayStream* s) {
    ++static_cast<Stream*>(s->private_data)->releases;
    s->release = nullptr;
  }
  ArrowSchema* schema;
  ArrowArray* array;
  bool fail = false;
  int releases = 0;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Bytes in(data, size);
  const uint8_t mode = in.U8();
  const size_t n_cols = in.U8() % 5;
  std::vector<std::unique_ptr<Node>> nodes;
  std::vector<std::unique_ptr<Node>> dicts;
  std::vector<ArrowSchema*> child_schemas;
  std::vector<ArrowArray*> child_arrays;
  for (size_t c = 0; c < n_cols; ++c) {
    auto n = std::make_unique<Node>();
    n->format = kFormats[in.U8() % kNumFormats];
    n->schema.format = n->format.data();
    n->schema.name = "col";
    uint8_t flags = in.U8();
    n->schema.flags = flags < 200 ? ARROW_FLAG_NULLABLE : flags % 16;
    n->schema.release = ReleaseChildSchema;
    BuildArray(in, n.get());
    uint8_t dict = in.U8();
    if (dict >= 192) {
      auto d = std::make_unique<Node>();
      d->format = (dict & 1) ? "U" : "u";
      if (dict == 255) d->format = "g";
      if (dict == 253) d->format = "vu";
      d->schema.format = d->format.data();
      d->schema.release = ReleaseChildSchema;
      BuildArray(in, d.get());
      if (!(dict & 2)) n->schema.dictionary = &d->schema;
      if (!(dict & 4) || (dict & 2)) n->array.dictionary = &d->array;
      dicts.push_back(std::move(d));
    }
    child_schemas.push_back(&n->schema);
    child_arrays.push_back(&n->array);
    nodes.push_back(std::move(n));
  }
  int schema_releases = 0;
  int array_releases = 0;
  ArrowSchema schema{};
  schema.format = "+s";
  schema.n_children = static_cast<int64_t>(n_cols);
  schema.children = child_schemas.data();
  schema.release = ReleaseRootSchema;
  schema.private_data = &schema_releases;
  ArrowArray array{};
  array.length = in.Length();
  array.offset = in.U8() % 4;
  uint8_t struct_validity[8];
  in.Fill(struct_validity, sizeof struct_validity);
  const void* struct_buffers[1] = {nullptr};
  array.null_count = in.NullCount(array.length);
  if (array.null_count != 0) struct_buffers[0] = struct_validity;
  if (array.length > 40) array.length = array.length % 40;  // bitmap size
  array.n_buffers = 1;
  array.buffers = struct_buffers;
  array.n_children = static_cast<int64_t>(n_cols);
  array.children = child_arrays.data();
  array.release = ReleaseRootArray;
  array.private_data = &array_releases;

  modelseal::ArrowImportLimits limits;
  limits.max_string_bytes = 256;
  if (mode & 1) {
    Stream st{&schema, &array, (mode & 2) != 0};
    ArrowArrayStream stream{};
    stream.get_schema = Stream::GetSchema;
    stream.get_next = Stream::GetNext;
    stream.get_last_error = Stream::LastError;
    stream.release = Stream::Release;
    stream.private_data = &st;
    {
      auto reader = modelseal::ArrowStreamReader::Open(&stream, limits);
      if (stream.release != nullptr) Fail("stream not taken");
      if (reader.ok()) {
        for (int i = 0; i < 3; ++i) {
          auto next = reader->Next();
          if (!next.ok() || !next->has_value()) break;
          const modelseal::TableView& v = (*next)->view();
          for (const auto& c : v.columns) Touch(c, v.rows);
        }
      }
    }
    if (st.releases != 1) Fail("stream released other than once");
    if (schema_releases != 1) Fail("schema released other than once");
    // The stream hands the array over only when asked for it.
    if (array.release != nullptr) array.release(&array);
    if (array_releases != 1) Fail("array released other than once");
    return 0;
  }
  {
    auto table = modelseal::ImportArrow(&schema, &array, limits);
    if (schema.release != nullptr || array.release != nullptr) {
      Fail("caller's structs not marked released");
    }
    if (schema_releases != 1) Fail("schema released other than once");
    if (table.ok()) {
      const modelseal::TableView& v = table->view();
      if (v.rows != static_cast<size_t>(array.length)) Fail("rows differ");
      if (v.columns.size() != n_cols) Fail("column count differs");
      for (const auto& c : v.columns) Touch(c, v.rows);
      if (array_releases != 0) Fail("array released while in use");
    } else if (array_releases != 1) {
      Fail("array not released on failure");
    }
  }
  if (array_releases != 1) Fail("array released other than once");
  return 0;
}

// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Arrow C Data Interface import (modelseal/arrow.h), on record batches built
// by hand; one negative test per kArrow* code.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "modelseal/arrow.h"

namespace modelseal {
namespace {

// Release callbacks: the root ones count their calls in *private_data; the
// children's (owned by the root per the specification) only mark released.
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

struct Col {
  std::string name;
  std::string format;
  int64_t length = 0;
  std::vector<const void*> buffers;  // validity first
  int64_t null_count = 0;
  int64_t offset = 0;
  int64_t flags = ARROW_FLAG_NULLABLE;
  // Dictionary (when dict_format is not empty).
  std::string dict_format;
  int64_t dict_length = 0;
  std::vector<const void*> dict_buffers;
  int64_t dict_null_count = 0;
};

// A record batch of hand-made columns; Build() fills `schema` and `array`.
class TestBatch {
 public:
  TestBatch& Add(Col c) {
    auto s = std::make_unique<Storage>();
    s->col = std::move(c);
    cols_.push_back(std::move(s));
    return *this;
  }
  // `rows` defaults to the first column's length.
  void Build(int64_t rows = -1, int64_t offset = 0) {
    schema_ptrs_.clear();
    array_ptrs_.clear();
    for (auto& st : cols_) {
      Col& c = st->col;
      st->schema = ArrowSchema{};
      st->schema.format = c.format.c_str();
      st->schema.name = c.name.c_str();
      st->schema.flags = c.flags;
      st->schema.release = ReleaseChildSchema;
      st->array = ArrowArray{};
      st->array.length = c.length;
      st->array.null_count = c.null_count;
      st->array.offset = c.offset;
      st->array.n_buffers = static_cast<int64_t>(c.buffers.size());
      st->array.buffers = c.buffers.data();
      st->array.release = ReleaseChildArray;
      if (!c.dict_format.empty()) {
        st->dict_schema = ArrowSchema{};
        st->dict_schema.format = c.dict_format.c_str();
        st->dict_schema.release = ReleaseChildSchema;
        st->schema.dictionary = &st->dict_schema;
        st->dict_array = ArrowArray{};
        st->dict_array.length = c.dict_length;
        st->dict_array.null_count = c.dict_null_count;
        st->dict_array.n_buffers = static_cast<int64_t>(c.dict_buffers.size());
        st->dict_array.buffers = c.dict_buffers.data();
        st->dict_array.release = ReleaseChildArray;
        st->array.dictionary = &st->dict_array;
      }
      schema_ptrs_.push_back(&st->schema);
      array_ptrs_.push_back(&st->array);
    }
    schema = ArrowSchema{};
    schema.format = "+s";
    schema.name = "";
    schema.n_children = static_cast<int64_t>(cols_.size());
    schema.children = schema_ptrs_.data();
    schema.release = ReleaseRootSchema;
    schema.private_data = &schema_releases;
    array = ArrowArray{};
    array.length =
        rows >= 0 ? rows : (cols_.empty() ? 0 : cols_[0]->col.length);
    array.offset = offset;
    array.n_buffers = 1;
    array.buffers = struct_buffers_;
    array.n_children = static_cast<int64_t>(cols_.size());
    array.children = array_ptrs_.data();
    array.release = ReleaseRootArray;
    array.private_data = &array_releases;
  }
  ArrowSchema& child_schema(size_t i) { return cols_[i]->schema; }
  ArrowArray& child_array(size_t i) { return cols_[i]->array; }

  ArrowSchema schema{};
  ArrowArray array{};
  int schema_releases = 0;
  int array_releases = 0;
  const void* struct_buffers_[1] = {nullptr};

 private:
  struct Storage {
    Col col;
    ArrowSchema schema{}, dict_schema{};
    ArrowArray array{}, dict_array{};
  };
  std::vector<std::unique_ptr<Storage>> cols_;
  std::vector<ArrowSchema*> schema_ptrs_;
  std::vector<ArrowArray*> array_ptrs_;
};

const double kDoubles[] = {1.5, -2, 3.25, 4};
const float kFloats[] = {0.5f, 1.5f, 2.5f, 3.5f};
const int64_t kInt64s[] = {10, -20, 30, 40};
const int32_t kInt32s[] = {7, 8, -9, 10};
const uint8_t kBools[] = {0b1010};
const int32_t kOffsets[] = {0, 1, 3, 3, 6};
const int64_t kLargeOffsets[] = {0, 1, 3, 3, 6};
const char kText[] = "abbccc";
const uint8_t kValid0101[] = {0b0101};  // rows 0 and 2 present

Result<ArrowTable> Import(TestBatch& b) {
  return ImportArrow(&b.schema, &b.array);
}

Status ImportError(TestBatch& b) {
  Result<ArrowTable> r = Import(b);
  EXPECT_FALSE(r.ok());
  // Ownership is taken on failure too: both released exactly once.
  EXPECT_EQ(b.schema_releases, 1);
  EXPECT_EQ(b.array_releases, 1);
  EXPECT_EQ(b.schema.release, nullptr);
  EXPECT_EQ(b.array.release, nullptr);
  return r.status();
}

TEST(ArrowImportTest, BorrowsTheDirectTypes) {
  TestBatch b;
  b.Add({"g", "g", 4, {nullptr, kDoubles}})
      .Add({"f", "f", 4, {nullptr, kFloats}})
      .Add({"l", "l", 4, {nullptr, kInt64s}})
      .Add({"i", "i", 4, {nullptr, kInt32s}, 2, 0})
      .Add({"b", "b", 4, {nullptr, kBools}})
      .Add({"u", "u", 4, {nullptr, kOffsets, kText}})
      .Add({"U", "U", 4, {nullptr, kLargeOffsets, kText}});
  b.child_array(3).buffers = nullptr;  // replaced below
  const void* int_buffers[] = {kValid0101, kInt32s};
  b.Build();
  b.child_array(3).buffers = int_buffers;
  {
    Result<ArrowTable> r = Import(b);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    EXPECT_EQ(b.schema_releases, 1);  // the schema is not kept
    EXPECT_EQ(b.array_releases, 0);   // the array is, until destruction
    EXPECT_EQ(b.array.release, nullptr);
    const TableView& v = r->view();
    ASSERT_EQ(v.rows, 4u);
    ASSERT_EQ(v.columns.size(), 7u);
    const ArrayType types[] = {ArrayType::kFloat64,    ArrayType::kFloat32,
                               ArrayType::kInt64,      ArrayType::kInt32,
                               ArrayType::kBool,       ArrayType::kString,
                               ArrayType::kLargeString};
    for (size_t i = 0; i < 7; ++i) {
      EXPECT_EQ(v.columns[i].type, types[i]) << i;
      EXPECT_EQ(v.columns[i].offset, 0u) << i;
    }
    EXPECT_EQ(v.columns[0].name, "g");
    EXPECT_EQ(v.columns[0].values, kDoubles);
    EXPECT_EQ(v.columns[0].validity, nullptr);
    EXPECT_EQ(v.columns[3].validity, kValid0101);
    EXPECT_EQ(v.columns[5].values, kOffsets);
    EXPECT_EQ(v.columns[5].data, kText);
    EXPECT_EQ(v.columns[5].data_size, 6u);
    EXPECT_EQ(v.columns[6].data_size, 6u);
  }
  EXPECT_EQ(b.array_releases, 1);
}

TEST(ArrowImportTest, StructAndChildOffsetsAdd) {
  TestBatch b;
  Col c{"u", "u", 4, {nullptr, kOffsets, kText}};
  c.offset = 1;
  b.Add(c);
  b.Build(/*rows=*/2, /*offset=*/1);  // elements 2 and 3 of the child
  Result<ArrowTable> r = Import(b);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->view().rows, 2u);
  EXPECT_EQ(r->view().columns[0].offset, 2u);
  EXPECT_EQ(r->view().columns[0].data_size, 6u);  // offsets[4]
}

TEST(ArrowImportTest, WidensIntegers) {
  const int8_t i8[] = {-1, 2, -3};
  const uint8_t u8[] = {255, 0, 1};
  const int16_t i16[] = {-300, 2, 3};
  const uint16_t u16[] = {65535, 1, 2};
  const uint32_t u32[] = {4000000000u, 1, 2};
  const uint64_t u64[] = {(1ull << 63) + 1, 1, 2};
  const uint8_t valid[] = {0b101};
  TestBatch b;
  b.Add({"c", "c", 3, {nullptr, i8}})
      .Add({"C", "C", 3, {nullptr, u8}})
      .Add({"s", "s", 3, {valid, i16}, 1})
      .Add({"S", "S", 3, {nullptr, u16}})
      .Add({"I", "I", 3, {nullptr, u32}})
      .Add({"L", "L", 3, {nullptr, u64}});
  b.Build();
  Result<ArrowTable> r = Import(b);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const TableView& v = r->view();
  const int64_t expect[5][3] = {{-1, 2, -3},
                                {255, 0, 1},
                                {-300, 2, 3},
                                {65535, 1, 2},
                                {4000000000, 1, 2}};
  for (size_t c = 0; c < 5; ++c) {
    ASSERT_EQ(v.columns[c].type, ArrayType::kInt64) << c;
    const auto* values = static_cast<const int64_t*>(v.columns[c].values);
    for (size_t i = 0; i < 3; ++i) EXPECT_EQ(values[i], expect[c][i]) << c;
  }
  ASSERT_NE(v.columns[2].validity, nullptr);
  EXPECT_EQ(v.columns[2].validity[0] & 7, 0b101);
  EXPECT_EQ(v.columns[0].validity, nullptr);
  ASSERT_EQ(v.columns[5].type, ArrayType::kFloat64);
  const auto* d = static_cast<const double*>(v.columns[5].values);
  EXPECT_EQ(d[0], 9223372036854775808.0);  // rounded as astype(float64)
  EXPECT_EQ(d[2], 2.0);
}

TEST(ArrowImportTest, WideningHonoursOffsetsAndCopiesTheValidity) {
  const int16_t i16[] = {1, 2, 3, 4, 5};
  const uint8_t valid[] = {0b11011};  // element 2 missing
  TestBatch b;
  Col c{"s", "s", 5, {valid, i16}, 1};
  c.offset = 1;
  b.Add(c);
  b.Build(3, 1);  // elements 2, 3, 4
  Result<ArrowTable> r = Import(b);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const ColumnView& col = r->view().columns[0];
  EXPECT_EQ(col.offset, 0u);
  const auto* values = static_cast<const int64_t*>(col.values);
  EXPECT_EQ(values[0], 3);
  EXPECT_EQ(values[2], 5);
  ASSERT_NE(col.validity, nullptr);
  EXPECT_EQ(col.validity[0] & 7, 0b110);
}

TEST(ArrowImportTest, MaterialisesDictionaries) {
  // Dictionary {"red", null, "blue"}; indices [2, 0, null, 1, 0].
  const int32_t doffsets[] = {0, 3, 3, 7};
  const char dtext[] = "redblue";
  const uint8_t dvalid[] = {0b101};
  const int8_t indices[] = {2, 0, 99, 1, 0};
  const uint8_t valid[] = {0b11011};
  TestBatch b;
  Col c{"color", "c", 5, {valid, indices}, 1};
  c.dict_format = "u";
  c.dict_length = 3;
  c.dict_buffers = {dvalid, doffsets, dtext};
  c.dict_null_count = 1;
  c.flags |= ARROW_FLAG_DICTIONARY_ORDERED;
  b.Add(c);
  b.Build();
  Result<ArrowTable> r = Import(b);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const ColumnView& col = r->view().columns[0];
  EXPECT_EQ(col.name, "color");
  ASSERT_EQ(col.type, ArrayType::kLargeString);
  const auto* offsets = static_cast<const int64_t*>(col.values);
  std::vector<std::string> got;
  for (size_t i = 0; i < 5; ++i) {
    got.emplace_back(col.data + offsets[i], offsets[i + 1] - offsets[i]);
  }
  EXPECT_EQ(got, (std::vector<std::string>{"blue", "red", "", "", "red"}));
  EXPECT_EQ(col.data_size, 10u);
  ASSERT_NE(col.validity, nullptr);
  EXPECT_EQ(col.validity[0] & 31, 0b10011);  // rows 2 and 3 missing
}

// A stream of `batches` copies of a two-row float column.
struct TestStream {
  static int GetSchema(ArrowArrayStream* s, ArrowSchema* out) {
    auto* self = static_cast<TestStream*>(s->private_data);
    if (self->fail_schema) {
      self->error = "no schema today";
      return 5;
    }
    self->batch.Build();
    *out = self->batch.schema;
    self->batch.schema.release = nullptr;
    return 0;
  }
  static int GetNext(ArrowArrayStream* s, ArrowArray* out) {
    auto* self = static_cast<TestStream*>(s->private_data);
    if (self->served == self->fail_at) {
      self->error = "disk on fire";
      return 5;
    }
    if (self->served == self->batches) {
      out->release = nullptr;
      return 0;
    }
    ++self->served;
    self->batch.Build();
    if (self->served == self->bad_batch) self->batch.array.n_children = 9;
    *out = self->batch.array;
    self->batch.array.release = nullptr;
    return 0;
  }
  static const char* LastError(ArrowArrayStream* s) {
    return static_cast<TestStream*>(s->private_data)->error.c_str();
  }
  static void Release(ArrowArrayStream* s) {
    ++static_cast<TestStream*>(s->private_data)->stream_releases;
    s->release = nullptr;
  }
  ArrowArrayStream Make() {
    batch.Add({"x", "g", 2, {nullptr, kDoubles}});
    ArrowArrayStream s{};
    s.get_schema = GetSchema;
    s.get_next = GetNext;
    s.get_last_error = LastError;
    s.release = Release;
    s.private_data = this;
    return s;
  }
  TestBatch batch;
  int batches = 2;
  int served = 0;
  int fail_at = -1;
  int bad_batch = -1;
  bool fail_schema = false;
  int stream_releases = 0;
  std::string error;
};

TEST(ArrowImportTest, StreamGivesEveryBatchThenEnds) {
  TestStream t;
  ArrowArrayStream s = t.Make();
  {
    Result<ArrowStreamReader> reader = ArrowStreamReader::Open(&s);
    ASSERT_TRUE(reader.ok()) << reader.status().ToString();
    EXPECT_EQ(s.release, nullptr);  // moved into the reader
    EXPECT_EQ(t.batch.schema_releases, 1);
    for (int i = 0; i < 2; ++i) {
      auto next = reader->Next();
      ASSERT_TRUE(next.ok()) << next.status().ToString();
      ASSERT_TRUE(next->has_value());
      EXPECT_EQ((*next)->view().rows, 2u);
    }
    auto end = reader->Next();
    ASSERT_TRUE(end.ok());
    EXPECT_FALSE(end->has_value());
    EXPECT_EQ(t.batch.array_releases, 2);
    EXPECT_EQ(t.stream_releases, 0);
  }
  EXPECT_EQ(t.stream_releases, 1);
}

TEST(ArrowImportTest, StreamCallbackFailure) {
  TestStream t;
  t.fail_at = 1;
  ArrowArrayStream s = t.Make();
  {
    Result<ArrowStreamReader> reader = ArrowStreamReader::Open(&s);
    ASSERT_TRUE(reader.ok());
    ASSERT_TRUE(reader->Next().ok());
    auto next = reader->Next();
    ASSERT_FALSE(next.ok());
    EXPECT_EQ(next.status().code(), ErrorCode::kArrowStream);
    EXPECT_NE(next.status().detail().find("get_next returned 5: disk on fire"),
              std::string::npos)
        << next.status().detail();
  }
  EXPECT_EQ(t.stream_releases, 1);
  EXPECT_EQ(t.batch.array_releases, 1);

  TestStream u;
  u.fail_schema = true;
  ArrowArrayStream s2 = u.Make();
  Result<ArrowStreamReader> reader = ArrowStreamReader::Open(&s2);
  ASSERT_FALSE(reader.ok());
  EXPECT_EQ(reader.status().code(), ErrorCode::kArrowStream);
  EXPECT_NE(reader.status().detail().find("no schema today"),
            std::string::npos);
  EXPECT_EQ(u.stream_releases, 1);
}

TEST(ArrowImportTest, StreamBatchErrorNamesTheBatch) {
  TestStream t;
  t.bad_batch = 2;
  ArrowArrayStream s = t.Make();
  Result<ArrowStreamReader> reader = ArrowStreamReader::Open(&s);
  ASSERT_TRUE(reader.ok());
  ASSERT_TRUE(reader->Next().ok());
  auto next = reader->Next();
  ASSERT_FALSE(next.ok());
  EXPECT_EQ(next.status().code(), ErrorCode::kArrowChildren);
  EXPECT_EQ(next.status().context(), "batches[1].array");
  EXPECT_EQ(t.batch.array_releases, 2);
}

// ---- One negative test per code
// ----------------------------------------------

TestBatch OneDouble() {
  TestBatch b;
  b.Add({"x", "g", 4, {nullptr, kDoubles}});
  return b;
}

TEST(ArrowImportErrorTest, Released) {
  TestBatch b;
  b.Add({"x", "g", 4, {nullptr, kDoubles}});
  b.Build();
  b.child_array(0).release = nullptr;
  Status s = ImportError(b);
  EXPECT_EQ(s.code(), ErrorCode::kArrowReleased);
  EXPECT_EQ(s.context(), "columns[0]");

  ArrowSchema released{};
  ArrowArray also{};
  Result<ArrowTable> r = ImportArrow(&released, &also);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kArrowReleased);
}

TEST(ArrowImportErrorTest, NotStruct) {
  TestBatch b;
  b.Add({"x", "g", 4, {nullptr, kDoubles}});
  b.Build();
  b.schema.format = "+l";
  EXPECT_EQ(ImportError(b).code(), ErrorCode::kArrowNotStruct);
}

TEST(ArrowImportErrorTest, FormatUnsupported) {
  for (const char* format : {"n", "d:10,2", "tdD", "+l", "gg", ""}) {
    TestBatch b;
    b.Add({"when", format, 4, {nullptr, kDoubles}});
    b.Build();
    Status s = ImportError(b);
    EXPECT_EQ(s.code(), ErrorCode::kArrowFormatUnsupported) << format;
    EXPECT_EQ(s.context(), "columns[0]");
    EXPECT_NE(s.detail().find("\"when\""), std::string::npos) << s.detail();
    EXPECT_NE(s.detail().find("(format \"" + std::string(format) + "\")"),
              std::string::npos)
        << s.detail();
  }
}

TEST(ArrowImportErrorTest, Children) {
  TestBatch b = OneDouble();
  b.Build();
  b.array.n_children = 2;
  EXPECT_EQ(ImportError(b).code(), ErrorCode::kArrowChildren);

  TestBatch c = OneDouble();
  c.Build();
  c.child_array(0).n_children = 1;
  EXPECT_EQ(ImportError(c).code(), ErrorCode::kArrowChildren);

  TestBatch d = OneDouble();
  d.Build();
  d.schema.n_children = -1;
  EXPECT_EQ(ImportError(d).code(), ErrorCode::kArrowChildren);
}

TEST(ArrowImportErrorTest, Buffers) {
  TestBatch b;
  b.Add({"x", "g", 4, {nullptr, kDoubles, kDoubles}});
  b.Build();
  EXPECT_EQ(ImportError(b).code(), ErrorCode::kArrowBuffers);

  TestBatch c;
  c.Add({"x", "u", 4, {nullptr, kOffsets}});
  c.Build();
  EXPECT_EQ(ImportError(c).code(), ErrorCode::kArrowBuffers);
}

TEST(ArrowImportErrorTest, NullBuffer) {
  TestBatch b;
  b.Add({"x", "g", 4, {nullptr, kDoubles}, /*null_count=*/1});
  b.Build();
  EXPECT_EQ(ImportError(b).code(), ErrorCode::kArrowNullBuffer);

  TestBatch c;
  c.Add({"x", "g", 4, {nullptr, nullptr}});
  c.Build();
  EXPECT_EQ(ImportError(c).code(), ErrorCode::kArrowNullBuffer);

  TestBatch d;
  d.Add({"x", "u", 4, {nullptr, kOffsets, nullptr}});
  d.Build();
  EXPECT_EQ(ImportError(d).code(), ErrorCode::kArrowNullBuffer);

  // Zero-sized buffers may be NULL.
  TestBatch e;
  e.Add({"x", "u", 0, {nullptr, nullptr, nullptr}})
      .Add({"y", "g", 0, {nullptr, nullptr}});
  e.Build();
  Result<ArrowTable> r = Import(e);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->view().rows, 0u);
}

TEST(ArrowImportErrorTest, NullCount) {
  for (int64_t n : {int64_t{-2}, int64_t{5}}) {
    TestBatch b;
    b.Add({"x", "g", 4, {kValid0101, kDoubles}, n});
    b.Build();
    EXPECT_EQ(ImportError(b).code(), ErrorCode::kArrowNullCount) << n;
  }
}

TEST(ArrowImportErrorTest, Length) {
  TestBatch b = OneDouble();
  b.Build();
  b.child_array(0).offset = -1;
  EXPECT_EQ(ImportError(b).code(), ErrorCode::kArrowLength);

  TestBatch c = OneDouble();
  c.Build(/*rows=*/5);  // the child has 4
  EXPECT_EQ(ImportError(c).code(), ErrorCode::kArrowLength);

  TestBatch d = OneDouble();
  d.Build(4, /*offset=*/1);  // needs child elements 1..4
  EXPECT_EQ(ImportError(d).code(), ErrorCode::kArrowLength);

  TestBatch e = OneDouble();
  e.Build();
  e.array.offset = INT64_MAX;
  EXPECT_EQ(ImportError(e).code(), ErrorCode::kArrowLength);
}

TEST(ArrowImportErrorTest, Flags) {
  TestBatch b = OneDouble();
  b.Build();
  b.child_schema(0).flags = 8;
  EXPECT_EQ(ImportError(b).code(), ErrorCode::kArrowFlags);

  TestBatch c = OneDouble();
  c.Build();
  c.child_schema(0).flags = ARROW_FLAG_DICTIONARY_ORDERED;
  EXPECT_EQ(ImportError(c).code(), ErrorCode::kArrowFlags);

  TestBatch d = OneDouble();
  d.Build();
  d.child_schema(0).flags = ARROW_FLAG_MAP_KEYS_SORTED;
  EXPECT_EQ(ImportError(d).code(), ErrorCode::kArrowFlags);
}

TEST(ArrowImportErrorTest, StringOffsets) {
  const int32_t decreasing[] = {0, 3, 2, 4, 6};
  TestBatch b;
  b.Add({"x", "u", 4, {nullptr, decreasing, kText}});
  b.Build();
  Status s = ImportError(b);
  EXPECT_EQ(s.code(), ErrorCode::kArrowStringOffsets);
  EXPECT_NE(s.detail().find("offsets[2] = 2 < offsets[1] = 3"),
            std::string::npos)
      << s.detail();

  const int64_t negative[] = {-1, 0, 1, 2, 3};
  TestBatch c;
  c.Add({"x", "U", 4, {nullptr, negative, kText}});
  c.Build();
  EXPECT_EQ(ImportError(c).code(), ErrorCode::kArrowStringOffsets);
}

TEST(ArrowImportErrorTest, Dictionary) {
  const int8_t indices[] = {0, 0, 0, 0};
  TestBatch b;
  Col c{"x", "c", 4, {nullptr, indices}};
  c.dict_format = "g";
  c.dict_length = 4;
  c.dict_buffers = {nullptr, kDoubles};
  b.Add(c);
  b.Build();
  EXPECT_EQ(ImportError(b).code(), ErrorCode::kArrowDictionary);

  // Indices must be integers.
  TestBatch d;
  Col e{"x", "g", 4, {nullptr, kDoubles}};
  e.dict_format = "u";
  e.dict_length = 4;
  e.dict_buffers = {nullptr, kOffsets, kText};
  d.Add(e);
  d.Build();
  EXPECT_EQ(ImportError(d).code(), ErrorCode::kArrowDictionary);

  // A dictionary array without a dictionary type.
  TestBatch f = OneDouble();
  f.Build();
  ArrowArray stray{};
  f.child_array(0).dictionary = &stray;
  EXPECT_EQ(ImportError(f).code(), ErrorCode::kArrowDictionary);
}

TEST(ArrowImportErrorTest, DictionaryIndex) {
  const int32_t doffsets[] = {0, 1, 2};
  const char dtext[] = "ab";
  for (int16_t bad : {int16_t{2}, int16_t{-1}}) {
    const int16_t indices[] = {0, 1, bad};
    TestBatch b;
    Col c{"x", "s", 3, {nullptr, indices}};
    c.dict_format = "u";
    c.dict_length = 2;
    c.dict_buffers = {nullptr, doffsets, dtext};
    b.Add(c);
    b.Build();
    Status s = ImportError(b);
    EXPECT_EQ(s.code(), ErrorCode::kArrowDictionaryIndex);
    EXPECT_EQ(s.context(), "columns[0][2]");
  }
}

TEST(ArrowImportErrorTest, StructNulls) {
  const uint8_t valid[] = {0b1011};
  TestBatch b = OneDouble();
  b.struct_buffers_[0] = valid;
  b.Build();
  b.array.null_count = 1;
  Status s = ImportError(b);
  EXPECT_EQ(s.code(), ErrorCode::kArrowStructNulls);
  EXPECT_EQ(s.context(), "array[2]");
}

TEST(ArrowImportErrorTest, Stream) {
  TestStream t;
  ArrowArrayStream s = t.Make();
  s.get_next = nullptr;
  Result<ArrowStreamReader> reader = ArrowStreamReader::Open(&s);
  ASSERT_FALSE(reader.ok());
  EXPECT_EQ(reader.status().code(), ErrorCode::kArrowStream);
  EXPECT_EQ(t.stream_releases, 1);
}

TEST(ArrowImportErrorTest, TooLarge) {
  TestBatch b = OneDouble();
  b.Build();
  ArrowImportLimits limits;
  limits.max_rows = 3;
  Result<ArrowTable> r = ImportArrow(&b.schema, &b.array, limits);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kArrowTooLarge);
  EXPECT_EQ(b.array_releases, 1);

  const int8_t indices[] = {0, 0, 0, 0};
  TestBatch c;
  Col col{"x", "c", 4, {nullptr, indices}};
  col.dict_format = "u";
  col.dict_length = 4;
  col.dict_buffers = {nullptr, kOffsets, kText};
  c.Add(col);
  c.Build();
  limits = {};
  limits.max_string_bytes = 3;  // 4 x "a" is 4 bytes
  r = ImportArrow(&c.schema, &c.array, limits);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kArrowTooLarge);
}

// Arrow's string views ("vu", what polars exports): 16-byte views, strings
// of up to 12 bytes inline, longer ones in a variadic data buffer.
struct Views {
  void Add(const std::string& text, int32_t buffer = 0, int32_t offset = -1) {
    uint8_t v[16] = {};
    const int32_t length = static_cast<int32_t>(text.size());
    std::memcpy(v, &length, 4);
    if (text.size() <= 12) {
      std::memcpy(v + 4, text.data(), text.size());
    } else {
      if (offset < 0) {
        offset = static_cast<int32_t>(data.size());
        data += text;
      }
      std::memcpy(v + 4, text.data(), 4);
      std::memcpy(v + 8, &buffer, 4);
      std::memcpy(v + 12, &offset, 4);
    }
    bytes.insert(bytes.end(), v, v + 16);
  }
  std::vector<uint8_t> bytes;
  std::string data;
  int64_t sizes[1] = {0};
};

TEST(ArrowImportTest, MaterialisesStringViews) {
  Views v;
  v.Add("short");
  v.Add("a string longer than twelve bytes");
  v.Add("");  // null below
  v.Add("twelve bytes");
  v.sizes[0] = static_cast<int64_t>(v.data.size());
  const uint8_t valid[] = {0b1011};
  TestBatch b;
  b.Add({"s", "vu", 4, {valid, v.bytes.data(), v.data.data(), v.sizes}, 1});
  b.Build();
  Result<ArrowTable> r = Import(b);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const ColumnView& col = r->view().columns[0];
  ASSERT_EQ(col.type, ArrayType::kLargeString);
  const auto* offsets = static_cast<const int64_t*>(col.values);
  std::vector<std::string> got;
  for (size_t i = 0; i < 4; ++i) {
    got.emplace_back(col.data + offsets[i], offsets[i + 1] - offsets[i]);
  }
  EXPECT_EQ(got, (std::vector<std::string>{"short",
                                           "a string longer than twelve bytes",
                                           "", "twelve bytes"}));
  ASSERT_NE(col.validity, nullptr);
  EXPECT_EQ(col.validity[0] & 15, 0b1011);

  // As a dictionary's values (polars' categoricals).
  const uint32_t indices[] = {1, 0, 3, 1};
  TestBatch d;
  Col c{"cat", "I", 4, {nullptr, indices}};
  c.dict_format = "vu";
  c.dict_length = 4;
  c.dict_buffers = {nullptr, v.bytes.data(), v.data.data(), v.sizes};
  d.Add(c);
  d.Build();
  Result<ArrowTable> rd = Import(d);
  ASSERT_TRUE(rd.ok()) << rd.status().ToString();
  const ColumnView& dc = rd->view().columns[0];
  const auto* doff = static_cast<const int64_t*>(dc.values);
  EXPECT_EQ(std::string(dc.data + doff[0], doff[1] - doff[0]),
            "a string longer than twelve bytes");
  EXPECT_EQ(std::string(dc.data + doff[2], doff[3] - doff[2]), "twelve bytes");
}

TEST(ArrowImportErrorTest, StringView) {
  for (int which = 0; which < 3; ++which) {
    Views v;
    v.Add("a string longer than twelve bytes");
    v.sizes[0] = static_cast<int64_t>(v.data.size());
    if (which == 0) v.Add("another long string here", /*buffer=*/1, 0);
    if (which == 1) v.Add("another long string here", 0, /*offset=*/20);
    if (which == 2) {
      v.Add("x");
      const int32_t negative = -5;
      std::memcpy(v.bytes.data() + 16, &negative, 4);
    }
    TestBatch b;
    b.Add({"s", "vu", 2, {nullptr, v.bytes.data(), v.data.data(), v.sizes}});
    b.Build();
    Status s = ImportError(b);
    EXPECT_EQ(s.code(), ErrorCode::kArrowStringView) << which;
    EXPECT_EQ(s.context(), "columns[0].views[1]") << which;
  }
  // Too few buffers for a view array.
  Views v;
  v.Add("x");
  TestBatch c;
  c.Add({"s", "vu", 1, {nullptr, v.bytes.data()}});
  c.Build();
  EXPECT_EQ(ImportError(c).code(), ErrorCode::kArrowBuffers);
}

}  // namespace
}  // namespace modelseal

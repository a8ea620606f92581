// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// A lying helper cannot make the host allocate more than a fixed multiple
// of its reply (format/REPLY.md, "Lists"): for every list of the reply
// codec, a reply whose count claims more items than the bytes after it can
// hold fails with kModelReplyLimit, and the bytes the decoder allocated
// (counted by the global operator new below, which this test binary
// replaces) stay under kBytesPerReplyByte per payload byte.
#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <memory>
#include <new>
#include <span>
#include <string>
#include <vector>

#include "core/little_endian.h"
#include "format/model_reply.h"
#include "modelseal/format.h"
#include "modelseal/model.h"
#include "tests/testing/example_models.h"

// ---- Counting allocator
// ------------------------------------------------------ Every allocation
// carries a 16-byte header holding its size, so frees can be subtracted; the
// peak of the live total is what the tests read.

namespace {
size_t g_live = 0;
size_t g_peak = 0;
constexpr size_t kHeader = 16;  // keeps malloc's 16-byte alignment

void* CountedAlloc(size_t n) {
  void* p = std::malloc(n + kHeader);
  if (p == nullptr) throw std::bad_alloc();
  std::memcpy(p, &n, sizeof n);
  g_live += n;
  if (g_live > g_peak) g_peak = g_live;
  return static_cast<std::byte*>(p) + kHeader;
}

void CountedFree(void* q) {
  if (q == nullptr) return;
  void* p = static_cast<std::byte*>(q) - kHeader;
  size_t n;
  std::memcpy(&n, p, sizeof n);
  g_live -= n;
  std::free(p);
}
}  // namespace

void* operator new(size_t n) { return CountedAlloc(n); }
void* operator new[](size_t n) { return CountedAlloc(n); }
void operator delete(void* p) noexcept { CountedFree(p); }
void operator delete[](void* p) noexcept { CountedFree(p); }
void operator delete(void* p, size_t) noexcept { CountedFree(p); }
void operator delete[](void* p, size_t) noexcept { CountedFree(p); }

namespace modelseal {
namespace {

// The decoder's allocations per reply byte, at most: the list items'
// budget, plus the strings' and the tensor shapes' own bytes.
constexpr size_t kBytesPerReplyByte = kModelReplyMaxItemBytesPerByte + 2;
// The items' fixed allowance, the Model itself, the error status.
constexpr size_t kSlackBytes = kModelReplyItemBytesAllowance + 4096;

// Trailing bytes after the encoded model: room that a count may claim
// (decoding fails at the count, long before the end would be checked).
constexpr size_t kPadding = 64 * 1024;

struct AllocatedBy {
  ErrorCode code;
  size_t peak;  // bytes allocated at the peak of the decode
};

AllocatedBy Decode(const std::vector<std::byte>& payload) {
  const size_t base = g_live;
  g_peak = base;
  ErrorCode code;
  {
    auto r = DecodeModelReply(payload, {}, nullptr);
    code = r.status().code();
  }
  return {code, g_peak - base};
}

// A model with one list of the codec holding `k` items.
struct ListCase {
  const char* name;
  std::function<void(Model&, int k)> fill;
};

std::vector<ListCase> AllLists() {
  return {
      {"metadata.training_data.shape",
       [](Model& m, int k) { m.metadata.training_data.shape.assign(k, 3); }},
      {"metadata.library_versions",
       [](Model& m, int k) {
         m.metadata.library_versions.assign(k, LibraryVersion{"lib", "1"});
       }},
      {"metadata.cv_scores",
       [](Model& m, int k) { m.metadata.cv_scores.assign(k, CvScore{}); }},
      {"input.feature_names",
       [](Model& m, int k) { m.input.feature_names.assign(k, "f"); }},
      {"output.classes",
       [](Model& m, int k) { m.output.classes.assign(k, ClassLabels{}); }},
      {"output.classes[0].str_labels",
       [](Model& m, int k) {
         m.output.classes.assign(1, ClassLabels{});
         m.output.classes[0].str_labels.assign(k, "label");
       }},
      {"estimator.steps",
       [](Model& m, int k) {
         Pipeline p;
         p.steps.assign(k, Estimator{StandardScaler{}});
         m.estimator.kind = std::move(p);
       }},
      {"estimator.trees (Forest)",
       [](Model& m, int k) {
         Forest f;
         f.trees.assign(k, Tree{});
         m.estimator.kind = std::move(f);
       }},
      {"estimator.trees (GradientBoosting)",
       [](Model& m, int k) {
         GradientBoosting g;
         g.trees.assign(k, Tree{});
         m.estimator.kind = std::move(g);
       }},
      {"estimator.trees (HistGradientBoosting)",
       [](Model& m, int k) {
         HistGradientBoosting h;
         h.trees.assign(k, HistTree{});
         m.estimator.kind = std::move(h);
       }},
      {"estimator.columns",
       [](Model& m, int k) {
         CategoryEncoder c;
         c.columns.assign(k, CategoryColumn{});
         m.estimator.kind = std::move(c);
       }},
      {"estimator.steps[0].trees (nested)",
       [](Model& m, int k) {
         Forest f;
         f.trees.assign(k, Tree{});
         Pipeline p;
         p.steps.assign(3, Estimator{StandardScaler{}});
         p.steps[0].kind = std::move(f);
         m.estimator.kind = std::move(p);
       }},
  };
}

std::vector<std::byte> Encode(const ListCase& c, int k) {
  Model m;
  m.metadata.name = "m";
  m.estimator.kind = StandardScaler{};
  c.fill(m, k);
  auto r = EncodeModelReply(m, {});
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? *r : std::vector<std::byte>();
}

// Where the list's count sits: the first byte at which the encodings with
// one and with two items differ (everything before is the same).
size_t CountOffset(const ListCase& c) {
  auto one = Encode(c, 1);
  auto two = Encode(c, 2);
  size_t i = 0;
  while (i < one.size() && i < two.size() && one[i] == two[i]) ++i;
  return i;
}

void PutU32(std::vector<std::byte>* p, size_t at, uint32_t v) {
  StoreLe32(std::span(*p).subspan(at).first<4>(), v);
}

uint32_t GetU32(const std::vector<std::byte>& p, size_t at) {
  return LoadLe32(std::span(p).subspan(at).first<4>());
}

TEST(ModelReplyAllocTest, ListCasesCoverEveryListAndDecode) {
  for (const ListCase& c : AllLists()) {
    SCOPED_TRACE(c.name);
    auto two = Encode(c, 2);
    size_t at = CountOffset(c);
    ASSERT_LE(at + 4, two.size());
    EXPECT_EQ(GetU32(two, at), 2u);
    AllocatedBy a = Decode(two);
    EXPECT_EQ(a.code, ErrorCode::kOk);
    EXPECT_LE(a.peak, kBytesPerReplyByte * two.size() + kSlackBytes);
  }
}

// Lists of a thousand of the smallest items a reply can hold: within the
// bound; a thousand empty pipeline steps (7 bytes each in the reply, an
// Estimator each in memory) exceed the item budget.
TEST(ModelReplyAllocTest, ThousandSmallestItemsStayWithinBound) {
  for (const ListCase& c : AllLists()) {
    SCOPED_TRACE(c.name);
    auto payload = Encode(c, 1000);
    AllocatedBy a = Decode(payload);
    const bool steps = std::string(c.name) == "estimator.steps";
    EXPECT_EQ(a.code, steps ? ErrorCode::kModelReplyLimit : ErrorCode::kOk);
    EXPECT_LE(a.peak, kBytesPerReplyByte * payload.size() + kSlackBytes)
        << a.peak << " bytes allocated for a reply of " << payload.size();
  }
}

// What honest replies cost: every example model's reply.
TEST(ModelReplyAllocTest, ExampleModelsNeedLittle) {
  for (auto& [name, model] : testing::AllExampleModels()) {
    SCOPED_TRACE(name);
    auto bytes = SerializeModel(model);
    ASSERT_TRUE(bytes.ok()) << bytes.status().ToString();
    void* p = nullptr;
    ASSERT_EQ(posix_memalign(&p, 64, bytes->size()), 0);
    std::unique_ptr<void, decltype(&std::free)> input(p, &std::free);
    std::memcpy(p, bytes->data(), bytes->size());
    std::span<const std::byte> in(static_cast<const std::byte*>(p),
                                  bytes->size());
    std::vector<std::byte> payload;
    ASSERT_TRUE(ValidateModelRequest(in, &payload).ok());
    const size_t base = g_live;
    g_peak = base;
    size_t peak;
    {
      auto r = DecodeModelReply(payload, in, nullptr);
      EXPECT_TRUE(r.ok()) << r.status().ToString();
      peak = g_peak - base;
    }
    EXPECT_LE(peak, 8 * payload.size() + 4096);
  }
}

// A count of one item per three bytes left (the decoder once let a list of
// structs have one per two, a list of estimators one per three) over a
// reply padded with zeros.
TEST(ModelReplyAllocTest, ForgedCountFailsWithinBound) {
  for (const ListCase& c : AllLists()) {
    SCOPED_TRACE(c.name);
    auto payload = Encode(c, 1);
    size_t at = CountOffset(c);
    ASSERT_LE(at + 4, payload.size());
    ASSERT_EQ(GetU32(payload, at), 1u);
    payload.resize(payload.size() + kPadding, std::byte{0});
    const uint32_t forged =
        static_cast<uint32_t>((payload.size() - at - 4) / 3);
    PutU32(&payload, at, forged);
    AllocatedBy a = Decode(payload);
    EXPECT_EQ(a.code, ErrorCode::kModelReplyLimit);
    EXPECT_LE(a.peak, kBytesPerReplyByte * payload.size() + kSlackBytes)
        << a.peak << " bytes allocated for a reply of " << payload.size();
  }
}

// The figure: four million items claimed in a reply of 12 MB.
TEST(ModelReplyAllocTest, FourMillionTreesInTwelveMegabytes) {
  const ListCase forest = AllLists()[7];
  auto payload = Encode(forest, 1);
  size_t at = CountOffset(forest);
  payload.resize(12 * 1000 * 1000, std::byte{0});
  PutU32(&payload, at, 4000000);
  AllocatedBy a = Decode(payload);
  EXPECT_EQ(a.code, ErrorCode::kModelReplyLimit);
  EXPECT_LE(a.peak, 4096u);  // refused before any item exists
}

// Claims of an enclosing list are honoured: a nested count may not use the
// bytes that the enclosing list's later items need.
TEST(ModelReplyAllocTest, NestedCountCannotUseTheOuterItemsBytes) {
  const ListCase nested = AllLists()[11];
  auto payload = Encode(nested, 1);
  size_t at = CountOffset(nested);
  // Steps 1 and 2 follow the forest: 2 x 7 bytes the forest cannot have.
  // Pad so that the bytes after the count are a whole number of empty
  // trees (18 bytes each), and claim exactly that many.
  size_t after = payload.size() - at - 4;
  payload.resize(payload.size() + (18 - after % 18) % 18, std::byte{0});
  after = payload.size() - at - 4;
  PutU32(&payload, at, static_cast<uint32_t>(after / 18));
  EXPECT_EQ(Decode(payload).code, ErrorCode::kModelReplyLimit);
}

}  // namespace
}  // namespace modelseal

// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "core/little_endian.h"
#include "format/container.h"
#include "format/test_util.h"
#include "modelseal/format.h"
#include "modelseal/limits.h"
#include "tests/testing/example_models.h"

namespace modelseal {
namespace {

using format_test::ParseCopy;

TEST(Writer, EveryExampleModelIsValid) {
  for (const auto& [name, model] : testing::AllExampleModels()) {
    Status s = ValidateModel(model);
    EXPECT_TRUE(s.ok()) << name << ": " << s.ToString();
  }
}

// A round trip for every estimator kind: write, read, compare field by field
// (Model::operator== compares tensors by dtype, shape and bytes).
TEST(Writer, RoundTripEveryExample) {
  for (const auto& [name, model] : testing::AllExampleModels()) {
    auto bytes = SerializeModel(model);
    ASSERT_TRUE(bytes.ok()) << name << ": " << bytes.status().ToString();
    auto parsed = ParseCopy(*bytes);
    ASSERT_TRUE(parsed.ok()) << name << ": " << parsed.status().ToString();
    EXPECT_TRUE(*parsed == model) << name;
    // And once more through the parsed model: identical bytes.
    auto again = SerializeModel(*parsed);
    ASSERT_TRUE(again.ok()) << name;
    EXPECT_EQ(*again, *bytes) << name;
  }
}

TEST(Writer, CoversEveryEstimatorKind) {
  std::vector<bool> seen(std::variant_size_v<EstimatorVariant>, false);
  for (const auto& [name, model] : testing::AllExampleModels()) {
    seen[model.estimator.kind.index()] = true;
  }
  for (size_t i = 0; i < seen.size(); ++i) {
    EXPECT_TRUE(seen[i]) << kEstimatorKindNames[i];
  }
}

TEST(Writer, Deterministic) {
  auto a = SerializeModel(testing::MakeForestMultiOutput());
  auto b = SerializeModel(testing::MakeForestMultiOutput());
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(*a, *b);
}

TEST(Writer, HeaderAndCanonicalLayout) {
  auto bytes = SerializeModel(testing::MakeDecisionTreeRegressor());
  ASSERT_TRUE(bytes.ok());
  const std::vector<std::byte>& f = *bytes;
  ASSERT_GE(f.size(), limits::kHeaderSize);
  EXPECT_EQ(std::memcmp(f.data(), format_internal::kMagic.data(), 8), 0);
  const std::span<const std::byte> h(f);
  EXPECT_EQ(LoadLe16(h.subspan<8, 2>()), kFormatMajor);
  // A model with format 1.0 features only is written as format 1.0.
  EXPECT_EQ(LoadLe16(h.subspan<10, 2>()), 0u);
  EXPECT_EQ(LoadLe32(h.subspan<12, 4>()), 0u);
  const uint64_t manifest_length = LoadLe64(h.subspan<16, 8>());
  const uint64_t data_start = (24 + manifest_length + 63) / 64 * 64;
  std::vector<std::byte> copy = f;
  const fb::Manifest* m = format_test::MutableManifest(copy);
  ASSERT_EQ(m->tensors()->size(), 6u);  // a tree: 5 + missing_go_to_left
  uint64_t expected = 0;
  for (auto t : *m->tensors()) {
    EXPECT_EQ(t->offset(), expected);
    expected = (t->offset() + t->length() + 63) / 64 * 64;
    if (t == m->tensors()->Get(m->tensors()->size() - 1)) {
      EXPECT_EQ(data_start + t->offset() + t->length(), f.size());
    }
  }
}

TEST(Writer, TensorsAreBorrowedNotCopied) {
  auto bytes = SerializeModel(testing::MakeLinearRegression());
  ASSERT_TRUE(bytes.ok());
  std::shared_ptr<std::byte> buffer(
      static_cast<std::byte*>(
          ::operator new[](bytes->size(), std::align_val_t(64))),
      [](std::byte* p) { ::operator delete[](p, std::align_val_t(64)); });
  std::memcpy(buffer.get(), bytes->data(), bytes->size());
  auto parsed = ParseModel({buffer.get(), bytes->size()}, buffer);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  const auto& lm = std::get<LinearModel>(parsed->estimator.kind);
  EXPECT_GE(lm.coef.data(), buffer.get());
  EXPECT_LT(lm.coef.data(), buffer.get() + bytes->size());
  EXPECT_EQ(reinterpret_cast<uintptr_t>(lm.coef.data()) % 64, 0u);
}

TEST(Writer, RefusesInvalidModelAndWritesNothing) {
  Model m = testing::MakeLogisticBinary();
  m.metadata.name.clear();
  auto bytes = SerializeModel(m);
  ASSERT_FALSE(bytes.ok());
  EXPECT_EQ(bytes.status().code(), ErrorCode::kStringEmpty);

  std::string dir = ::testing::TempDir() + "writer_refuses_XXXXXX";
  ASSERT_NE(mkdtemp(dir.data()), nullptr);
  std::string path = dir + "/model.seal";
  Status s = WriteModelFile(m, path);
  EXPECT_EQ(s.code(), ErrorCode::kStringEmpty);
  EXPECT_FALSE(std::filesystem::exists(path));
  std::filesystem::remove_all(dir);
}

TEST(Writer, WriteAndReadFile) {
  std::string dir = ::testing::TempDir() + "writer_file_XXXXXX";
  ASSERT_NE(mkdtemp(dir.data()), nullptr);
  std::string path = dir + "/model.seal";
  Model model = testing::MakeHistGradientBoostingCategorical();
  ASSERT_TRUE(WriteModelFile(model, path).ok());
  auto parsed = ReadModelFileUnsandboxed(path, limits::kMaxFileSize);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_TRUE(*parsed == model);
  // Only the final file is left in the directory (no temporary files).
  size_t entries = 0;
  for ([[maybe_unused]] const auto& e :
       std::filesystem::directory_iterator(dir)) {
    ++entries;
  }
  EXPECT_EQ(entries, 1u);
  // A cap below the file size is an I/O error, not a parse.
  auto capped = ReadModelFileUnsandboxed(path, 100);
  EXPECT_EQ(capped.status().code(), ErrorCode::kIoTooLarge);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace modelseal

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

// Format 1.0 models are written exactly as before format 1.1 existed: the
// size and FNV-1a 64 hash of every 1.0 example's file, recorded with the
// writer of commit d5d72f6 (format 1.0 only).
TEST(Writer, Format10BytesUnchanged) {
  struct Golden {
    const char* name;
    size_t size;
    uint64_t fnv1a;
  };
  constexpr Golden kGolden[] = {
      {"linear_regression", 1160, 0x7b48064caeef8fb9ull},
      {"linear_regression_multi_target", 592, 0xe7440a077feb81baull},
      {"logistic_binary", 712, 0xfc2da2c562e11f63ull},
      {"logistic_multiclass_strings", 728, 0x40073eb1a4911a9dull},
      {"linear_svc_binary", 712, 0xe6310f145e87fe75ull},
      {"standard_scaler", 600, 0xe6191d55236db796ull},
      {"decision_tree_classifier", 1272, 0x0aecdeebea57529cull},
      {"decision_tree_regressor", 1093, 0x9a974da9544e7689ull},
      {"forest_multi_output", 2288, 0xa2a7f15434f6706cull},
      {"forest_regressor", 2280, 0xccda10d26fb1d24eull},
      {"gradient_boosting_multiclass", 4440, 0x45b592072a37d5c2ull},
      {"gradient_boosting_regressor", 2440, 0xa3a84ef42ed94601ull},
      {"hist_gradient_boosting_categorical", 3148, 0x5745eb31cb3eb8e9ull},
      {"hist_gradient_boosting_regressor", 2760, 0x86578ddde37a4687ull},
      {"pipeline_scaler_logistic", 1096, 0x4aeb0608d43c3ff6ull},
      {"nested_pipeline", 1384, 0x88454a3d91570902ull},
      {"category_encoder", 672, 0xf2b02235fc2f44a7ull},
      {"pipeline_category_encoder_hgb", 4816, 0xb7656223cc47d9acull},
      {"min_max_scaler", 720, 0x8c68844d9847f6b8ull},
      {"max_abs_scaler", 472, 0xa79d52c8a26a2625ull},
  };
  auto all = testing::AllExampleModels();
  for (const Golden& g : kGolden) {
    const Model* model = nullptr;
    for (const auto& [name, m] : all) {
      if (name == g.name) model = &m;
    }
    ASSERT_NE(model, nullptr) << g.name;
    auto bytes = SerializeModel(*model);
    ASSERT_TRUE(bytes.ok()) << g.name;
    uint64_t h = 1469598103934665603ull;
    for (std::byte b : *bytes) {
      h ^= static_cast<uint8_t>(b);
      h *= 1099511628211ull;
    }
    EXPECT_EQ(bytes->size(), g.size) << g.name;
    EXPECT_EQ(h, g.fnv1a) << g.name;
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

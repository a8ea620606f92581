// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// TargetEncoder through the predictor (h-tenc), hand-checked against
// scikit-learn's TargetEncoder.transform: category lookup, unknown values
// and missing values without a missing category -> target_mean (per class),
// NaN with a missing category -> its row, feature-major multiclass output,
// infinity rejected (string columns: python/tests,
// test_target_power_quantile_parity.py).
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <memory>
#include <vector>

#include "modelseal/predictor.h"
#include "tests/testing/example_models.h"

namespace modelseal {
namespace {

constexpr double kNan = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

CategoryList Nums(std::vector<double> v, bool missing) {
  CategoryList c;
  c.numbers = Tensor::FromVector(std::move(v));
  c.missing = missing ? Nullable::kYes : Nullable::kNo;
  return c;
}

// Two numeric columns: {1, 2} with a NaN category, {5} without; t targets.
Model Encoder(std::vector<double> mean) {
  const uint64_t t = mean.size();
  TargetEncoder e;
  TargetColumn a;
  a.categories = Nums({1, 2}, true);
  std::vector<double> ea, eb;
  for (uint64_t i = 0; i < 3 * t; ++i) ea.push_back(10.0 + i);
  for (uint64_t i = 0; i < t; ++i) eb.push_back(100.0 + i);
  a.encodings = Tensor::FromVector(std::move(ea), {3, t});
  TargetColumn b;
  b.categories = Nums({5}, false);
  b.encodings = Tensor::FromVector(std::move(eb), {1, t});
  e.columns = {std::move(a), std::move(b)};
  e.target_mean = Tensor::FromVector(std::move(mean));
  Model m;
  m.metadata.name = "test";
  m.input.n_features = 2;
  m.output.task = Task::kTransform;
  m.output.n_outputs = 2 * t;
  m.estimator.kind = std::move(e);
  return m;
}

Matrix<double> TransformOf(const Model& m, const std::vector<double>& x) {
  auto p = Predictor::Create(m);
  EXPECT_TRUE(p.ok()) << p.status().ToString();
  Matrix<double> out;
  if (!p.ok()) return out;
  Status s = (*p)->Transform(
      MatrixView{x.data(), DType::kFloat64, x.size() / 2, 2}, &out);
  EXPECT_TRUE(s.ok()) << s.ToString();
  return out;
}

TEST(TargetEncoder, OneTargetLookupUnknownAndMissing) {
  Model m = Encoder({0.5});
  // Rows: (1, 5), (NaN, NaN), (3, 5.5), (-0.0 unknown, 5).
  Matrix<double> out = TransformOf(m, {1, 5, kNan, kNan, 3, 5.5, 2, 5});
  ASSERT_EQ(out.cols, 2u);
  EXPECT_EQ(out.data, std::vector<double>({10, 100,   // categories
                                           12, 0.5,   // NaN category; unknown
                                           0.5, 0.5,  // unknown values
                                           11, 100}));
}

TEST(TargetEncoder, MulticlassIsFeatureMajor) {
  Model m = Encoder({0.2, 0.3, 0.5});
  Matrix<double> out = TransformOf(m, {2, 7, kNan, 5});
  ASSERT_EQ(out.cols, 6u);
  EXPECT_EQ(out.data, std::vector<double>({13, 14, 15, 0.2, 0.3, 0.5,  //
                                           16, 17, 18, 100, 101, 102}));
}

TEST(TargetEncoder, InfinityRejected) {
  auto p = Predictor::Create(Encoder({0.5}));
  ASSERT_TRUE(p.ok());
  Matrix<double> out;
  std::vector<double> x{1, 5, 2, -kInf};
  Status s = (*p)->Transform(MatrixView{x.data(), DType::kFloat64, 2, 2}, &out);
  EXPECT_EQ(s.code(), ErrorCode::kInputInfinite);
  EXPECT_EQ(s.context(), "X[1][1]");
}

TEST(TargetEncoder, CompileChecksTheShapes) {
  Model m = Encoder({0.5, 0.5, 0.5});
  auto& e = std::get<TargetEncoder>(m.estimator.kind);
  e.columns[1].encodings = Tensor::FromVector(std::vector<double>{1, 2});
  EXPECT_EQ(Predictor::Create(m).status().code(), ErrorCode::kPredictorTensor);
  Model z = Encoder({0.5});
  std::get<TargetEncoder>(z.estimator.kind).target_mean =
      Tensor::FromVector(std::vector<double>{});
  EXPECT_FALSE(Predictor::Create(z).ok());
}

}  // namespace
}  // namespace modelseal

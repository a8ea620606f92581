// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// KBinsDiscretizer through the predictor: bins as np.searchsorted(
// bin_edges_[j][1:-1], x, side="right") (expected values checked against
// scikit-learn 1.9.1's transform), the one-hot layout, the float32 cast of
// dtype=numpy.float32, the input rules and the compile checks.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "modelseal/predictor.h"
#include "tests/testing/example_models.h"

namespace modelseal {
namespace {

constexpr double kNan = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

MatrixView View(const std::vector<double>& x, size_t cols) {
  return MatrixView{x.data(), DType::kFloat64, x.size() / cols, cols};
}

KBinsDiscretizer& KBins(Model& m) {
  return std::get<KBinsDiscretizer>(m.estimator.kind);
}

Model Ordinal() {
  Model m = testing::MakeKBinsDiscretizer();
  KBins(m).encode = KBinsEncode::kOrdinal;
  m.output.n_outputs = 3;
  return m;
}

std::vector<double> Transform(const Model& m, const std::vector<double>& x) {
  auto p = Predictor::Create(m);
  EXPECT_TRUE(p.ok()) << p.status().ToString();
  if (!p.ok()) return {};
  Matrix<double> out;
  Status s = (*p)->Transform(View(x, 3), &out);
  EXPECT_TRUE(s.ok()) << s.ToString();
  return out.data;
}

TEST(KBinsDiscretizer, OrdinalCountsInnerEdgesAtOrBelow) {
  // Edges {0, 1, 2, 3}, {-inf, inf}, {-1, 0.5, 4}: inner {1, 2}, {}, {0.5}.
  // An edge equal to x counts (side="right"); the outer edges never do, so
  // values beyond them take the first or last bin.
  EXPECT_EQ(Transform(Ordinal(), {0.999, 1e300, 0.5,    //
                                  1.0, -1e300, 0.4999,  //
                                  2.0, 0, -7,           //
                                  -5, 0, 99}),
            (std::vector<double>{0, 0, 1,  //
                                 1, 0, 0,  //
                                 2, 0, 0,  //
                                 0, 0, 1}));
}

TEST(KBinsDiscretizer, OneHotBlocksPerFeature) {
  EXPECT_EQ(Transform(testing::MakeKBinsDiscretizer(), {1.5, 3, 0.5,  //
                                                        7, 3, -2}),
            (std::vector<double>{0, 1, 0, 1, 0, 1,  //
                                 0, 0, 1, 1, 1, 0}));
}

TEST(KBinsDiscretizer, EqualInnerEdgesSkipABin) {
  // np.searchsorted([1, 1], 1, side="right") == 2: the bin between two
  // equal edges is empty.
  Model m = Ordinal();
  KBins(m).edges = Tensor::FromVector(
      std::vector<double>{0, 1, 1, 3, -kInf, kInf, -1, 0.5, 4});
  EXPECT_EQ(Transform(m, {1.0, 0, 0, 0.9999, 0, 0}),
            (std::vector<double>{2, 0, 0, 0, 0, 0}));
}

TEST(KBinsDiscretizer, Float32DtypeRoundsBeforeComparing) {
  // scikit-learn, dtype=np.float32, edges {0, 1, 2, 3}: 1 - 1e-9 becomes
  // 1.0f (bin 1); as given it is below the edge (bin 0).
  Model m = Ordinal();
  const std::vector<double> x = {1 - 1e-9, 0, 0};
  EXPECT_EQ(Transform(m, x)[0], 0);
  KBins(m).input = KBinsInput::kFloat32;
  EXPECT_EQ(Transform(m, x)[0], 1);
  // A value beyond float32's range becomes infinity: refused.
  auto p = Predictor::Create(m);
  ASSERT_TRUE(p.ok());
  Matrix<double> out;
  EXPECT_EQ((*p)->Transform(View({1e39, 0, 0}, 3), &out).code(),
            ErrorCode::kInputInfinite);
  EXPECT_TRUE((*p)->Transform(View({3e38, 0, 0}, 3), &out).ok());
}

TEST(KBinsDiscretizer, NanAndInfinityRefused) {
  auto p = Predictor::Create(Ordinal());
  ASSERT_TRUE(p.ok());
  Matrix<double> out;
  Status nan = (*p)->Transform(View({0, 0, 0, 0, kNan, 0}, 3), &out);
  EXPECT_EQ(nan.code(), ErrorCode::kInputNaN);
  EXPECT_EQ(nan.context(), "X[1][1]");
  EXPECT_EQ((*p)->Transform(View({0, -kInf, 0}, 3), &out).code(),
            ErrorCode::kInputInfinite);
}

TEST(KBinsDiscretizer, CompileRechecksWhatValidationChecks) {
  // Predictor::Create checks again what it relies on (it may be given a
  // Model that was never validated).
  Model m = Ordinal();
  KBins(m).n_bins.pop_back();
  EXPECT_EQ(Predictor::Create(m).status().code(), ErrorCode::kPredictorTensor);
  m = Ordinal();
  KBins(m).n_bins[0] = 4;  // 10 edges needed, 9 given
  EXPECT_EQ(Predictor::Create(m).status().code(), ErrorCode::kPredictorTensor);
  m = Ordinal();
  KBins(m).n_bins[0] = 0;
  EXPECT_EQ(Predictor::Create(m).status().code(), ErrorCode::kPredictorTensor);
  m = Ordinal();
  KBins(m).edges = Tensor::FromVector(
      std::vector<double>{0, 2, 1, 3, -kInf, kInf, -1, 0.5, 4});
  EXPECT_EQ(Predictor::Create(m).status().code(), ErrorCode::kPredictorTensor);
  KBins(m).edges = Tensor::FromVector(
      std::vector<double>{0, 1, 2, 3, -kInf, kInf, -1, kNan, 4});
  EXPECT_EQ(Predictor::Create(m).status().code(), ErrorCode::kPredictorTensor);
}

}  // namespace
}  // namespace modelseal

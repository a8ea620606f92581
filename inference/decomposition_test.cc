// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Projection through the predictor: each centering against its formula
// (to rounding: OpenBLAS sums in its own order), whitening, a Projection
// feeding a classifier, the output dtype and the input rule.
// python/tests/test_projection_parity.py compares with scikit-learn itself.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "modelseal/predictor.h"
#include "tests/testing/example_models.h"

namespace modelseal {
namespace {

Projection& Proj(Model& m) { return std::get<Projection>(m.estimator.kind); }

MatrixView View(const std::vector<double>& x, size_t cols) {
  return MatrixView{x.data(), DType::kFloat64, x.size() / cols, cols};
}

// 150 rows of 4 features: more than two blocks.
std::vector<double> Rows(size_t cols, size_t rows = 150) {
  std::vector<double> x(rows * cols);
  for (size_t i = 0; i < x.size(); ++i) {
    x[i] = std::cos(0.3 * static_cast<double>(i)) * 5.0;
  }
  return x;
}

// The TruncatedSVD example as a PCA: centering and scale set by the caller.
std::vector<double> Expected(const Projection& k, const double* x) {
  const auto c = k.components.span<double>();
  const size_t n = 4;
  std::vector<double> y(2);
  for (size_t j = 0; j < 2; ++j) {
    double s = 0, offset = 0;
    for (size_t i = 0; i < n; ++i) {
      const double m = k.mean.present() ? k.mean.span<double>()[i] : 0.0;
      if (k.centering == ProjectionCentering::kBefore) {
        s += (x[i] - m) * c[j * n + i];
      } else {
        s += x[i] * c[j * n + i];
        offset += m * c[j * n + i];
      }
    }
    y[j] = s - offset;
    if (k.scale.present()) y[j] /= k.scale.span<double>()[j];
  }
  return y;
}

TEST(ProjectionTransform, EachCenteringAndWhitening) {
  for (auto centering :
       {ProjectionCentering::kNone, ProjectionCentering::kBefore,
        ProjectionCentering::kAfter}) {
    for (bool whiten : {false, true}) {
      Model m = testing::MakeTruncatedSvd();
      Proj(m).centering = centering;
      if (centering != ProjectionCentering::kNone) {
        Proj(m).mean = Tensor::FromVector(std::vector<double>{1, -2, 3, 0.5});
      }
      if (whiten) {
        Proj(m).scale = Tensor::FromVector(std::vector<double>{0.25, 3});
      }
      auto p = Predictor::Create(m);
      ASSERT_TRUE(p.ok()) << p.status().ToString();
      const std::vector<double> x = Rows(4);
      Matrix<double> out;
      ASSERT_TRUE((*p)->Transform(View(x, 4), &out).ok());
      ASSERT_EQ(out.data.size(), 300u);
      for (size_t r = 0; r < 150; ++r) {
        const std::vector<double> want = Expected(Proj(m), x.data() + r * 4);
        for (size_t j = 0; j < 2; ++j) {
          EXPECT_NEAR(out.data[r * 2 + j], want[j],
                      1e-13 * std::max(1.0, std::fabs(want[j])))
              << static_cast<int>(centering) << " " << whiten << " " << r;
        }
      }
      // float64 components: float32 input gives float64 output.
      EXPECT_EQ((*p)->TransformDType(DType::kFloat32), DType::kFloat64);
    }
  }
}

TEST(ProjectionTransform, FeedsTheClassifier) {
  const Model m = testing::MakePcaPipeline();
  auto p = Predictor::Create(m);
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  const std::vector<double> x = {1, -2, 0.5, 3, 4, 5};
  std::vector<Matrix<double>> proba;
  ASSERT_TRUE((*p)->PredictProba(View(x, 3), &proba).ok());
  // Row 0 is the mean: both components are 0, so d = intercept.
  EXPECT_NEAR(proba[0].data[1], 1 / (1 + std::exp(-0.25)), 1e-15);
  // Row 1: z = (x C^T - mean C^T) / scale, d = coef . z + intercept.
  const double z0 = ((3 - 1) * 0.5 + (4 + 2) * -0.5 + (5 - 0.5) * 0.75) / 2;
  const double z1 = ((3 - 1) * 0.25 + (4 + 2) * 1 + (5 - 0.5) * -0.125) / 0.5;
  const double d = 1.5 * z0 - 0.75 * z1 + 0.25;
  EXPECT_NEAR(proba[0].data[3], 1 / (1 + std::exp(-d)), 1e-14);
}

TEST(ProjectionTransform, RefusesNonFiniteInput) {
  const Model m = testing::MakeTruncatedSvd();
  auto p = Predictor::Create(m);
  ASSERT_TRUE(p.ok());
  Matrix<double> out;
  EXPECT_EQ((*p)->Transform(View({0, 1, std::nan(""), 2}, 4), &out).code(),
            ErrorCode::kInputNaN);
  EXPECT_EQ((*p)->Transform(View({0, 1, -HUGE_VAL, 2}, 4), &out).code(),
            ErrorCode::kInputInfinite);
}

}  // namespace
}  // namespace modelseal

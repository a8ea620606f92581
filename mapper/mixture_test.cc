// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// The Gaussian mixture mapper on hand-built state trees: the fitted
// attributes per covariance type, log(weights_), the Bayesian mixture's
// expected log weights and degrees-of-freedom terms (scipy's digamma, the
// values below printed by scipy 1.17), and the refusals.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "mapper/mapper.h"
#include "mapper/test_util.h"

namespace modelseal::mapper {
namespace {

using testing::Arr;
using testing::Dict;
using testing::ExpectRefusals;
using testing::F64;
using testing::F64s;
using testing::Obj;
using testing::Options;
using testing::Override;
using testing::Refusal;

Node Gmm(const char* cov, Node precisions,
         std::vector<std::pair<std::string, Node>> extra = {}) {
  std::vector<std::pair<std::string, Node>> state = {
      {"n_features_in_", Node::Int(2)},
      {"covariance_type", Node::Str(cov)},
      {"means_", F64({0, 0, 3, 1}, {2, 2})},
      {"precisions_cholesky_", std::move(precisions)},
      {"weights_", F64({0.25, 0.75}, {2})},
      {"_sklearn_version", Node::Str("1.9.1")}};
  return Obj("sklearn.mixture._gaussian_mixture", "GaussianMixture",
             Dict(Override(std::move(state), std::move(extra))));
}

Node Bgm(const char* prior, Node concentration, Node dof) {
  return Obj("sklearn.mixture._bayesian_mixture", "BayesianGaussianMixture",
             Dict({{"n_features_in_", Node::Int(2)},
                   {"covariance_type", Node::Str("diag")},
                   {"weight_concentration_prior_type", Node::Str(prior)},
                   {"means_", F64({0, 0, 3, 1}, {2, 2})},
                   {"precisions_cholesky_", F64({1, 2, 0.5, 1}, {2, 2})},
                   {"weight_concentration_", std::move(concentration)},
                   {"degrees_of_freedom_", std::move(dof)},
                   {"mean_precision_", F64({4, 8}, {2})},
                   {"_sklearn_version", Node::Str("1.9.1")}}));
}

TEST(MapperMixture, CovarianceTypesAndLogWeights) {
  struct Case {
    const char* cov;
    Node precisions;
    CovarianceType want;
    std::vector<uint64_t> shape;
  };
  std::vector<Case> cases;
  cases.push_back({"full",
                   F64({1, 0.5, 0, 2, 1, 0, 0, 1}, {2, 2, 2}),
                   CovarianceType::kFull,
                   {2, 2, 2}});
  cases.push_back(
      {"tied", F64({1, 0.5, 0, 2}, {2, 2}), CovarianceType::kTied, {2, 2}});
  cases.push_back(
      {"diag", F64({1, 0.5, 2, 2}, {2, 2}), CovarianceType::kDiag, {2, 2}});
  cases.push_back(
      {"spherical", F64({1, 0.5}, {2}), CovarianceType::kSpherical, {2}});
  for (Case& c : cases) {
    auto m = MapModel(Gmm(c.cov, std::move(c.precisions)), Options());
    ASSERT_TRUE(m.ok()) << m.status().ToString();
    const auto& g = std::get<GaussianMixture>(m->estimator.kind);
    EXPECT_EQ(g.covariance_type, c.want) << c.cov;
    EXPECT_EQ(g.precisions_cholesky.shape(), c.shape) << c.cov;
    EXPECT_EQ(F64s(g.log_weights),
              (std::vector<double>{std::log(0.25), std::log(0.75)}));
    EXPECT_FALSE(g.dof_term.present());
    ASSERT_EQ(m->output.classes.size(), 1u);
    auto labels = m->output.classes[0].int_labels.span<int64_t>();
    EXPECT_EQ(std::vector<int64_t>(labels.begin(), labels.end()),
              (std::vector<int64_t>{0, 1}));
  }
}

TEST(MapperMixture, BayesianTermsFromDigamma) {
  // dirichlet_distribution: digamma(wc) - digamma(sum(wc)), wc = (2, 3):
  // digamma(2) - digamma(5) and digamma(3) - digamma(5).
  auto m = MapModel(
      Bgm("dirichlet_distribution", F64({2, 3}, {2}), F64({2, 25}, {2})),
      Options());
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  const auto& g = std::get<GaussianMixture>(m->estimator.kind);
  EXPECT_EQ(F64s(g.log_weights),
            (std::vector<double>{-1.083333333333333, -0.5833333333333331}));
  // dof_term: 0.5 * 2 * log(dof); lambda_term: 0.5 * (2 log 2 +
  // digamma(dof / 2) + digamma((dof - 1) / 2) - 2 / mean_precision).
  EXPECT_EQ(F64s(g.dof_term),
            (std::vector<double>{std::log(2.0), std::log(25.0)}));
  const double psi1 = -0.5772156649015329, psi05 = -1.9635100260214235;
  EXPECT_EQ(F64s(g.lambda_term)[0],
            0.5 * ((2 * std::log(2.0) + (psi1 + psi05)) - 2.0 / 4));
  // dirichlet_process: a pair (alpha, beta); E[log pi_j] = digamma(a_j) -
  // digamma(a_j + b_j) + sum_{i<j} (digamma(b_i) - digamma(a_i + b_i)).
  m = MapModel(Bgm("dirichlet_process",
                   Node::Tuple({F64({1, 0.5}, {2}), F64({1, 1.5}, {2})}),
                   F64({2, 25}, {2})),
               Options());
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  const double psi2 = 0.42278433509846713;
  EXPECT_EQ(F64s(std::get<GaussianMixture>(m->estimator.kind).log_weights),
            (std::vector<double>{psi1 - psi2,
                                 (psi05 - psi2) + (0.0 + (psi1 - psi2))}));
}

TEST(MapperMixture, Refusals) {
  std::vector<Refusal> cases;
  // Fitted on float32 X: scikit-learn then computes in float32.
  cases.push_back({Gmm("spherical", F64({1, 1}, {2}),
                       {{"means_", Arr<float>("<f4", {0, 0, 3, 1}, {2, 2})}}),
                   ErrorCode::kEstimatorParam, "float32"});
  cases.push_back({Gmm("spherical", F64({1, 1, 1}, {3})),
                   ErrorCode::kStateShape, "expected [2]"});
  cases.push_back({Gmm("tied", F64({1, 0, 0, -1}, {2, 2})),
                   ErrorCode::kStateValue, "Cholesky diagonal"});
  cases.push_back(
      {Gmm("diag", F64({1, 1, 1, 1}, {2, 2}), {{"weights_", F64({0, 1}, {2})}}),
       ErrorCode::kStateValue, "mixture weight"});
  cases.push_back({Gmm("banded", F64({1, 1}, {2})), ErrorCode::kEstimatorParam,
                   "covariance_type 'banded'"});
  cases.push_back(
      {Bgm("dirichlet_process", F64({1, 1}, {2}), F64({2, 25}, {2})),
       ErrorCode::kStateShape, "pair"});
  cases.push_back(
      {Bgm("dirichlet_distribution", F64({2, 3}, {2}), F64({2, 0}, {2})),
       ErrorCode::kStateValue, "degrees of freedom"});
  ExpectRefusals(cases);
}

}  // namespace
}  // namespace modelseal::mapper

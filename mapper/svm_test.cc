// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// The libsvm mappers (SVC, NuSVC, SVR, NuSVR, OneClassSVM) on hand-built
// state trees shaped as scikit-learn 1.9.1 fits them.
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "mapper/mapper.h"
#include "mapper/test_util.h"

namespace modelseal::mapper {
namespace {

using testing::Arr;
using testing::Dict;
using testing::F64;
using testing::I64;
using testing::Obj;
using testing::Options;
using testing::Override;

// `cls` fitted on 2 features; classifiers with 3 classes [0, 1, 2] and
// 2, 1 and 2 support vectors, the others with 3 support vectors.
Node Svm(const char* cls, std::vector<std::pair<std::string, Node>> extra = {},
         Node kernel = Node::Str("rbf")) {
  const std::string name = cls;
  const bool classifier = name == "SVC" || name == "NuSVC";
  const uint64_t l = classifier ? 5 : 3;
  std::vector<std::pair<std::string, Node>> state = {
      {"kernel", std::move(kernel)},
      {"degree", Node::Int(3)},
      {"gamma", Node::Str("scale")},
      {"coef0", Node::Float(0.0)},
      {"n_features_in_", Node::Int(2)},
      {"_sparse", Node::Bool(false)},
      {"_gamma", Node::Float(0.25)},
      {"support_vectors_", F64(std::vector<double>(2 * l, 1.0), {l, 2})},
      {"_sklearn_version", Node::Str("1.9.1")}};
  if (classifier) {
    state.emplace_back("classes_", I64({0, 1, 2}));
    state.emplace_back("_n_support",
                       Arr<int32_t>("<i4", std::vector<int32_t>{2, 1, 2}, {3}));
    state.emplace_back("_dual_coef_",
                       F64(std::vector<double>(10, 0.5), {2, 5}));
    state.emplace_back("_intercept_", F64({0.1, 0.2, 0.3}, {3}));
    state.emplace_back("_probA", F64({}, {0}));
    state.emplace_back("_probB", F64({}, {0}));
    state.emplace_back("decision_function_shape", Node::Str("ovr"));
    state.emplace_back("break_ties", Node::Bool(false));
  } else {
    state.emplace_back("_n_support",
                       Arr<int32_t>("<i4", std::vector<int32_t>{3, 0}, {2}));
    state.emplace_back("_dual_coef_", F64({1, -1, 0.5}, {1, 3}));
    state.emplace_back("_intercept_", F64({0.5}, {1}));
    state.emplace_back("_probA", F64({}, {0}));
    state.emplace_back("_probB", F64({}, {0}));
  }
  return Obj("sklearn.svm._classes", cls,
             Dict(Override(std::move(state), std::move(extra))));
}

TEST(MapperSvm, ClassifierArraysAndOptions) {
  auto m = MapModel(Svm("SVC", {{"decision_function_shape", Node::Str("ovo")},
                                {"_probA", F64({-1, -2, -3}, {3})},
                                {"_probB", F64({0, 0.5, 1}, {3})}}),
                    Options());
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  const auto& k = std::get<SupportVectorMachine>(m->estimator.kind);
  EXPECT_EQ(k.type, SvmType::kCSvc);
  EXPECT_EQ(k.kernel, SvmKernel::kRbf);
  EXPECT_EQ(k.gamma, 0.25);
  EXPECT_EQ(k.decision_shape, SvmDecisionShape::kOvo);
  EXPECT_EQ(k.ties, SvmTies::kVotes);
  EXPECT_EQ(k.n_support.dtype(), DType::kInt32);
  EXPECT_EQ(k.dual_coef.shape(), (std::vector<uint64_t>{2, 5}));
  EXPECT_TRUE(k.prob_a.present());
  EXPECT_EQ(m->output.task, Task::kClassification);
  EXPECT_EQ(m->output.classes[0].count(), 3u);

  m = MapModel(Svm("NuSVC", {{"break_ties", Node::Bool(true)}}), Options());
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  const auto& nu = std::get<SupportVectorMachine>(m->estimator.kind);
  EXPECT_EQ(nu.type, SvmType::kNuSvc);
  EXPECT_EQ(nu.ties, SvmTies::kDecision);
  EXPECT_FALSE(nu.prob_a.present());  // probability=False: empty arrays
}

TEST(MapperSvm, RegressorsAndOneClass) {
  for (const char* cls : {"SVR", "NuSVR"}) {
    auto m = MapModel(Svm(cls), Options());
    ASSERT_TRUE(m.ok()) << m.status().ToString();
    const auto& k = std::get<SupportVectorMachine>(m->estimator.kind);
    EXPECT_FALSE(k.n_support.present());
    EXPECT_EQ(m->output.task, Task::kRegression);
  }
  auto m = MapModel(Svm("OneClassSVM", {}, Node::Str("sigmoid")), Options());
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(std::get<SupportVectorMachine>(m->estimator.kind).type,
            SvmType::kOneClass);
  ASSERT_EQ(m->output.classes.size(), 1u);
  auto labels = m->output.classes[0].int_labels.span<int64_t>();
  EXPECT_EQ(std::vector<int64_t>(labels.begin(), labels.end()),
            (std::vector<int64_t>{-1, 1}));
}

TEST(MapperSvm, Refusals) {
  struct Case {
    Node node;
    const char* why;
  };
  std::vector<Case> cases;
  cases.push_back({Svm("SVC", {}, Node::Str("precomputed")), "precomputed"});
  cases.push_back({Svm("SVR", {}, Node::None()), "callable kernel"});
  cases.push_back({Svm("SVC", {{"_sparse", Node::Bool(true)}}), "sparse"});
  cases.push_back({Svm("SVC", {{"decision_function_shape", Node::Str("ovo")},
                               {"break_ties", Node::Bool(true)}}),
                   "break_ties"});
  cases.push_back({Svm("SVR", {{"degree", Node::Int(-1)}}), "degree"});
  for (const Case& c : cases) {
    auto m = MapModel(c.node, Options());
    ASSERT_FALSE(m.ok()) << c.why;
    EXPECT_EQ(m.status().code(), ErrorCode::kEstimatorParam) << c.why;
    EXPECT_NE(m.status().ToString().find(c.why), std::string::npos)
        << m.status().ToString();
  }
}

Node KernelRidge(std::vector<std::pair<std::string, Node>> extra = {}) {
  std::vector<std::pair<std::string, Node>> state = {
      {"kernel", Node::Str("rbf")},
      {"gamma", Node::None()},
      {"degree", Node::Int(3)},
      {"coef0", Node::Int(1)},
      {"n_features_in_", Node::Int(4)},
      {"X_fit_", F64(std::vector<double>(12, 0.5), {3, 4})},
      {"dual_coef_", F64({1, -2, 0.5}, {3})},
      {"_sklearn_version", Node::Str("1.9.1")}};
  return Obj("sklearn.kernel_ridge", "KernelRidge",
             Dict(Override(std::move(state), std::move(extra))));
}

TEST(MapperSvm, KernelRidgeIsAnSvrOverItsTrainingRows) {
  auto m = MapModel(KernelRidge(), Options());
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  const auto& k = std::get<SupportVectorMachine>(m->estimator.kind);
  EXPECT_EQ(k.type, SvmType::kEpsilonSvr);
  EXPECT_EQ(k.kernel, SvmKernel::kRbf);
  EXPECT_EQ(k.gamma, 0.25);  // None: 1 / n_features
  EXPECT_EQ(k.coef0, 1.0);
  EXPECT_EQ(k.support_vectors.shape(), (std::vector<uint64_t>{3, 4}));
  EXPECT_EQ(k.dual_coef.shape(), (std::vector<uint64_t>{1, 3}));
  EXPECT_EQ(testing::F64s(k.dual_coef), (std::vector<double>{1, -2, 0.5}));
  EXPECT_EQ(testing::F64s(k.intercept), (std::vector<double>{0}));
  EXPECT_EQ(m->output.task, Task::kRegression);
  m = MapModel(KernelRidge({{"kernel", Node::Str("poly")},
                            {"gamma", Node::Float(0.5)},
                            {"degree", Node::Float(2.0)}}),
               Options());
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  const auto& p = std::get<SupportVectorMachine>(m->estimator.kind);
  EXPECT_EQ(p.gamma, 0.5);
  EXPECT_EQ(p.degree, 2u);
}

TEST(MapperSvm, KernelRidgeTargetsAreOutputs) {
  // dual_coef_ [l, t] (a 2-D y of t columns): one row per output.
  auto m = MapModel(
      KernelRidge({{"dual_coef_", F64({1, 10, -2, 20, 0.5, 30}, {3, 2})}}),
      Options());
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  const auto& k = std::get<SupportVectorMachine>(m->estimator.kind);
  EXPECT_EQ(k.dual_coef.shape(), (std::vector<uint64_t>{2, 3}));
  EXPECT_EQ(testing::F64s(k.dual_coef),
            (std::vector<double>{1, -2, 0.5, 10, 20, 30}));
  EXPECT_EQ(testing::F64s(k.intercept), (std::vector<double>{0, 0}));
  EXPECT_EQ(m->output.n_outputs, 2u);
}

TEST(MapperSvm, KernelRidgeRefusals) {
  std::vector<testing::Refusal> cases;
  cases.push_back({KernelRidge({{"kernel", Node::Str("laplacian")}}),
                   ErrorCode::kEstimatorParam, "laplacian"});
  cases.push_back({KernelRidge({{"kernel", Node::Str("poly")},
                                {"degree", Node::Float(2.5)}}),
                   ErrorCode::kEstimatorParam, "whole number"});
  cases.push_back({KernelRidge({{"dual_coef_", F64({1, 2, 3}, {3, 1})}}),
                   ErrorCode::kEstimatorParam, "2-D y of one column"});
  cases.push_back({KernelRidge({{"dual_coef_", F64({1, 2, 3, 4}, {2, 2})}}),
                   ErrorCode::kStateShape, "one row per row of X_fit_"});
  cases.push_back({KernelRidge({{"dual_coef_", F64({1, 2}, {2})}}),
                   ErrorCode::kStateShape, "one row per row of X_fit_"});
  cases.push_back(
      {KernelRidge({{"X_fit_",
                     Arr<float>("<f4", std::vector<float>(12, 1.0f), {3, 4})}}),
       ErrorCode::kEstimatorParam, "float32"});
  cases.push_back({KernelRidge({{"X_fit_", Obj("scipy.sparse._csr",
                                               "csr_matrix", Dict({}))}}),
                   ErrorCode::kEstimatorParam, "sparse"});
  testing::ExpectRefusals(cases);
}

}  // namespace
}  // namespace modelseal::mapper

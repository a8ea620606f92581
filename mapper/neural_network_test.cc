// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// The MLP mappers (MLPClassifier, MLPRegressor) on hand-built state trees
// shaped as scikit-learn 1.9.1 fits them: the layers concatenated, the
// output read from the LabelBinarizer's target type, and the refusals.
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
using testing::I64;
using testing::Obj;
using testing::Options;
using testing::Override;
using testing::Refusal;

Node List(std::vector<Node> items) { return Node::List(std::move(items)); }

// A network on 2 features with one hidden layer of 3 and `out` outputs.
std::vector<std::pair<std::string, Node>> Layers(uint64_t out) {
  std::vector<double> w2(3 * out, 0.25), b2(out, -0.5);
  return {
      {"n_features_in_", Node::Int(2)},
      {"activation", Node::Str("tanh")},
      {"coefs_", List({F64({1, 2, 3, 4, 5, 6}, {2, 3}), F64(w2, {3, out})})},
      {"intercepts_", List({F64({0.5, 0, -0.5}, {3}), F64(b2, {out})})},
      {"n_layers_", Node::Int(3)},
      {"n_outputs_", Node::Int(static_cast<int64_t>(out))},
      {"_sklearn_version", Node::Str("1.9.1")}};
}

Node Binarizer(const char* y_type, Node classes) {
  return Obj("sklearn.preprocessing._label", "LabelBinarizer",
             Dict({{"neg_label", Node::Int(0)},
                   {"pos_label", Node::Int(1)},
                   {"sparse_output", Node::Bool(false)},
                   {"y_type_", Node::Str(y_type)},
                   {"classes_", std::move(classes)}}));
}

// MLPClassifier: `out` output columns for target type `y_type`.
Node Classifier(const char* y_type, std::vector<int64_t> classes,
                std::vector<std::pair<std::string, Node>> extra = {}) {
  const uint64_t out = std::string(y_type) == "binary"
                           ? 1
                           : static_cast<uint64_t>(classes.size());
  auto state = Layers(out);
  state.emplace_back("classes_", I64(classes));
  state.emplace_back("_label_binarizer", Binarizer(y_type, I64(classes)));
  state.emplace_back(
      "out_activation_",
      Node::Str(std::string(y_type) == "multiclass" ? "softmax" : "logistic"));
  return Obj("sklearn.neural_network._multilayer_perceptron", "MLPClassifier",
             Dict(Override(std::move(state), std::move(extra))));
}

Node Regressor(uint64_t out,
               std::vector<std::pair<std::string, Node>> extra = {}) {
  auto state = Layers(out);
  state.emplace_back("out_activation_", Node::Str("identity"));
  return Obj("sklearn.neural_network._multilayer_perceptron", "MLPRegressor",
             Dict(Override(std::move(state), std::move(extra))));
}

TEST(MapperNeuralNetwork, LayersConcatenated) {
  auto m = MapModel(Regressor(2), Options());
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  const auto& k = std::get<NeuralNetwork>(m->estimator.kind);
  EXPECT_EQ(k.hidden_activation, Activation::kTanh);
  EXPECT_EQ(k.output_activation, Activation::kIdentity);
  EXPECT_EQ(k.layer_sizes.span<int64_t>().size(), 3u);
  EXPECT_EQ(k.layer_sizes.span<int64_t>()[1], 3);
  EXPECT_EQ(F64s(k.weights), (std::vector<double>{1, 2, 3, 4, 5, 6, 0.25, 0.25,
                                                  0.25, 0.25, 0.25, 0.25}));
  EXPECT_EQ(F64s(k.biases), (std::vector<double>{0.5, 0, -0.5, -0.5, -0.5}));
  EXPECT_EQ(m->output.task, Task::kRegression);
  EXPECT_EQ(m->output.n_outputs, 2u);
}

TEST(MapperNeuralNetwork, PoissonRegressorIsExp) {
  auto m = MapModel(Regressor(1, {{"out_activation_", Node::Str("exp")}}),
                    Options());
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(std::get<NeuralNetwork>(m->estimator.kind).output_activation,
            Activation::kExp);
}

TEST(MapperNeuralNetwork, ClassifierOutputs) {
  // binary: one logistic column, one output of 2 classes.
  auto m = MapModel(Classifier("binary", {3, 7}), Options());
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(m->output.n_outputs, 1u);
  EXPECT_EQ(m->output.classes[0].count(), 2u);
  EXPECT_EQ(std::get<NeuralNetwork>(m->estimator.kind).output_activation,
            Activation::kLogistic);
  // multiclass: n_outputs_ is the class count, the model has one output.
  m = MapModel(Classifier("multiclass", {0, 1, 2, 5}), Options());
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(m->output.n_outputs, 1u);
  EXPECT_EQ(m->output.classes[0].count(), 4u);
  EXPECT_EQ(std::get<NeuralNetwork>(m->estimator.kind).output_activation,
            Activation::kSoftmax);
  // multilabel: classes_ arange(k), k binary outputs.
  m = MapModel(Classifier("multilabel-indicator", {0, 1, 2}), Options());
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(m->output.n_outputs, 3u);
  for (const ClassLabels& l : m->output.classes) {
    EXPECT_EQ(l.int_labels.span<int64_t>()[1], 1);
  }
}

TEST(MapperNeuralNetwork, Refusals) {
  std::vector<Refusal> cases;
  // float32 weights (fitted on float32 X).
  cases.push_back(
      {Regressor(
           1, {{"coefs_", List({Arr<float>("<f4", {1, 2, 3, 4, 5, 6}, {2, 3}),
                                F64({1, 1, 1}, {3, 1})})}}),
       ErrorCode::kEstimatorParam, "float32"});
  cases.push_back({Regressor(1, {{"activation", Node::Str("softplus")}}),
                   ErrorCode::kEstimatorParam, "softplus"});
  cases.push_back({Regressor(1, {{"out_activation_", Node::Str("softmax")}}),
                   ErrorCode::kEstimatorParam, "out_activation_"});
  // Layers that do not chain; an intercept of the wrong width.
  cases.push_back(
      {Regressor(1, {{"coefs_", List({F64({1, 2, 3, 4, 5, 6}, {2, 3}),
                                      F64({1, 1}, {2, 1})})}}),
       ErrorCode::kStateShape, "previous layer"});
  cases.push_back({Regressor(1, {{"intercepts_",
                                  List({F64({0.5, 0}, {2}), F64({0}, {1})})}}),
                   ErrorCode::kStateShape, "coefs_[0]"});
  cases.push_back(
      {Regressor(1, {{"intercepts_", List({F64({0.5, 0, 1}, {3})})}}),
       ErrorCode::kStateShape, "coefs_ arrays"});
  cases.push_back({Regressor(1, {{"intercepts_", List({F64({0.5, NAN, 1}, {3}),
                                                       F64({0}, {1})})}}),
                   ErrorCode::kStateValue, "not finite"});
  // The output activation against the target type; the output width.
  cases.push_back({Classifier("binary", {0, 1},
                              {{"out_activation_", Node::Str("softmax")}}),
                   ErrorCode::kStateValue, "target type 'binary'"});
  cases.push_back({Classifier("multiclass", {0, 1, 2},
                              {{"coefs_", Layers(2)[2].second},
                               {"intercepts_", Layers(2)[3].second}}),
                   ErrorCode::kStateShape, "output layer"});
  cases.push_back(
      {Classifier("binary", {4}), ErrorCode::kEstimatorParam, "single class"});
  cases.push_back({Classifier("continuous", {0, 1}), ErrorCode::kEstimatorParam,
                   "target type"});
  ExpectRefusals(cases);
}

}  // namespace
}  // namespace modelseal::mapper

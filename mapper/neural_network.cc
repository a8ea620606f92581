// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// scikit-learn's multi-layer perceptrons, MLPClassifier and MLPRegressor
// (sklearn/neural_network/_multilayer_perceptron.py, whose predict-time
// code, _forward_pass_fast, is the same in 1.4.2 to 1.9.1; 1.7 added
// MLPRegressor's loss="poisson" with out_activation_ "exp").
#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include "mapper/common.h"

namespace modelseal::mapper {

namespace {

// The activation named `name` among those `allowed`, or E1121.
Result<Activation> ActivationOf(const Value& est, const char* key,
                                std::initializer_list<Activation> allowed) {
  MODELSEAL_ASSIGN_OR_RETURN(std::string name, StrParam(est, key));
  std::string list;
  for (Activation a : allowed) {
    if (name == EnumName(a)) return a;
    list += (list.empty() ? "" : ", ") + std::string(EnumName(a));
  }
  return Unsupported(est, std::string(key) + " '" + name +
                              "' is not supported (supported: " + list + ")");
}

// coefs_ and intercepts_: the layers' weights and biases, float64 and
// chained (coefs_[i] [s_i, s_i+1], intercepts_[i] [s_i+1]).
Status MapLayers(const Value& est, Activation output, NeuralNetwork* nn,
                 uint64_t* width) {
  MODELSEAL_ASSIGN_OR_RETURN(
      nn->hidden_activation,
      ActivationOf(est, "activation",
                   {Activation::kIdentity, Activation::kLogistic,
                    Activation::kTanh, Activation::kRelu}));
  nn->output_activation = output;
  Value coefs = est.Get("coefs_");
  Value intercepts = est.Get("intercepts_");
  MODELSEAL_ASSIGN_OR_RETURN(size_t layers, coefs.Size());
  MODELSEAL_ASSIGN_OR_RETURN(size_t n_intercepts, intercepts.Size());
  if (layers < 1 || n_intercepts != layers) {
    return intercepts.Fail(ErrorCode::kStateShape,
                           std::to_string(n_intercepts) + " arrays for " +
                               std::to_string(layers) + " coefs_ arrays");
  }
  std::vector<int64_t> sizes;
  std::vector<double> weights, biases;
  for (size_t i = 0; i < layers; ++i) {
    Value c = coefs.At(i);
    Value b = intercepts.At(i);
    MODELSEAL_ASSIGN_OR_RETURN(Elements<double> w, Float64Array(est, c));
    MODELSEAL_ASSIGN_OR_RETURN(Elements<double> bias, Float64Array(est, b));
    const uint64_t in = sizes.empty() ? (w.shape.size() == 2 ? w.shape[0] : 0)
                                      : static_cast<uint64_t>(sizes.back());
    if (w.shape.size() != 2 || w.shape[0] != in || w.shape[1] < 1) {
      return c.Fail(ErrorCode::kStateShape,
                    "expected [" + std::to_string(in) +
                        ", width] (the previous layer's width first)");
    }
    if (bias.shape != std::vector<uint64_t>{w.shape[1]}) {
      return b.Fail(ErrorCode::kStateShape, "expected [" +
                                                std::to_string(w.shape[1]) +
                                                "], one per column of coefs_[" +
                                                std::to_string(i) + "]");
    }
    MODELSEAL_RETURN_IF_ERROR(CheckFiniteValues(c, w.values));
    MODELSEAL_RETURN_IF_ERROR(CheckFiniteValues(b, bias.values));
    if (sizes.empty()) sizes.push_back(static_cast<int64_t>(w.shape[0]));
    sizes.push_back(static_cast<int64_t>(w.shape[1]));
    weights.insert(weights.end(), w.values.begin(), w.values.end());
    biases.insert(biases.end(), bias.values.begin(), bias.values.end());
  }
  *width = static_cast<uint64_t>(sizes.back());
  nn->layer_sizes = Tensor::FromVector(std::move(sizes));
  nn->weights = Tensor::FromVector(std::move(weights));
  nn->biases = Tensor::FromVector(std::move(biases));
  return Status();
}

}  // namespace

// MLPClassifier: the output layer read by its LabelBinarizer (pos_label 1,
// neg_label 0): y_type_ "binary" (one logistic column), "multiclass" (a
// softmax row) or "multilabel-indicator" (one logistic column per label;
// classes_ is arange(k) and each label is an output with classes 0 and 1).
Status MapMlpClassifier(const Value& est, const MapContext&, Mapped* out) {
  Value lb = est.Get("_label_binarizer");
  MODELSEAL_ASSIGN_OR_RETURN(std::string y_type, StrParam(lb, "y_type_"));
  MODELSEAL_ASSIGN_OR_RETURN(int64_t pos, lb.Get("pos_label").AsInt());
  MODELSEAL_ASSIGN_OR_RETURN(int64_t neg, lb.Get("neg_label").AsInt());
  if (pos != 1 || neg != 0) {
    return lb.Fail(ErrorCode::kStateValue,
                   "pos_label " + std::to_string(pos) + ", neg_label " +
                       std::to_string(neg) + " (MLPClassifier's are 1 and 0)");
  }
  Activation output;
  Mapped m;
  m.output.task = Task::kClassification;
  Value classes = est.Get("classes_");
  if (y_type == "binary" || y_type == "multiclass") {
    output = y_type == "binary" ? Activation::kLogistic : Activation::kSoftmax;
    MODELSEAL_ASSIGN_OR_RETURN(ClassLabels labels, LabelsOf(classes));
    if (labels.count() < 2) {
      return Unsupported(est,
                         "fitted on a single class (modelseal needs at least "
                         "2)");
    }
    m.output.classes.push_back(std::move(labels));
  } else if (y_type == "multilabel-indicator") {
    output = Activation::kLogistic;
    MODELSEAL_ASSIGN_OR_RETURN(ClassLabels labels, LabelsOf(classes));
    for (size_t o = 0; o < labels.count(); ++o) {
      ClassLabels pair;
      pair.int_labels = Tensor::FromVector(std::vector<int64_t>{0, 1});
      m.output.classes.push_back(std::move(pair));
    }
  } else {
    return Unsupported(est, "target type '" + y_type + "' is not supported");
  }
  m.output.n_outputs = m.output.classes.size();
  MODELSEAL_ASSIGN_OR_RETURN(
      Activation out_activation,
      ActivationOf(est, "out_activation_",
                   {Activation::kLogistic, Activation::kSoftmax}));
  if (out_activation != output) {
    return est.Get("out_activation_")
        .Fail(ErrorCode::kStateValue, std::string(EnumName(out_activation)) +
                                          " for target type '" + y_type +
                                          "', which has " + EnumName(output));
  }
  NeuralNetwork nn;
  uint64_t width = 0;
  MODELSEAL_RETURN_IF_ERROR(MapLayers(est, output, &nn, &width));
  const uint64_t need = output == Activation::kSoftmax
                            ? m.output.classes[0].count()
                            : m.output.n_outputs;
  if (width != need) {
    return est.Get("coefs_").Fail(
        ErrorCode::kStateShape,
        "the output layer has " + std::to_string(width) + " columns; " +
            std::to_string(need) + " expected for target type '" + y_type +
            "'");
  }
  m.estimator.kind = std::move(nn);
  *out = std::move(m);
  return Status();
}

// MLPRegressor: the output layer's values (identity, or exp for
// loss="poisson").
Status MapMlpRegressor(const Value& est, const MapContext&, Mapped* out) {
  MODELSEAL_ASSIGN_OR_RETURN(
      Activation output,
      ActivationOf(est, "out_activation_",
                   {Activation::kIdentity, Activation::kExp}));
  NeuralNetwork nn;
  uint64_t width = 0;
  MODELSEAL_RETURN_IF_ERROR(MapLayers(est, output, &nn, &width));
  Mapped m;
  m.output = RegressionOutput(width);
  m.estimator.kind = std::move(nn);
  *out = std::move(m);
  return Status();
}

}  // namespace modelseal::mapper

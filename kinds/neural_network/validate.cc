// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Validation of NeuralNetwork (format/SPEC.md §7); compiled into the format
// library.
#include <cstdint>
#include <string>
#include <vector>

#include "format/validate_internal.h"
#include "modelseal/limits.h"

namespace modelseal::format_internal {

namespace {

bool IsHidden(Activation a) {
  return a == Activation::kIdentity || a == Activation::kLogistic ||
         a == Activation::kTanh || a == Activation::kRelu;
}

// The output layer's width the outputs need, for output activation `a`, or
// an E286 error where the task does not allow `a`.
Status OutputWidth(Activation a, const std::string& ctx, const Out& out,
                   uint64_t* width) {
  const std::string actx = JoinContext(ctx, "output_activation");
  const std::string name = EnumName(a);
  if (out.task == Task::kRegression) {
    if (a != Activation::kIdentity && a != Activation::kExp) {
      return Status(ErrorCode::kNeuralNetworkActivation, actx,
                    name + " for a regressor, which has identity or exp");
    }
    *width = out.n_outputs;  // one column per target
    return Status::Ok();
  }
  if (out.task != Task::kClassification) {
    return TaskMismatch(actx, "NeuralNetwork", out);
  }
  if (a == Activation::kSoftmax) {
    // One output, one column per class.
    if (out.n_outputs != 1) {
      return Status(ErrorCode::kNeuralNetworkActivation, actx,
                    "softmax for " + std::to_string(out.n_outputs) +
                        " outputs; it gives one output");
    }
    *width = out.n_classes[0];
    return Status::Ok();
  }
  if (a == Activation::kLogistic) {
    // One column per output, each output binary.
    for (size_t o = 0; o < out.n_classes.size(); ++o) {
      if (out.n_classes[o] != 2) {
        return Status(ErrorCode::kNeuralNetworkActivation, actx,
                      "logistic for output " + std::to_string(o) + " of " +
                          std::to_string(out.n_classes[o]) +
                          " classes; a logistic column gives 2");
      }
    }
    *width = out.n_outputs;
    return Status::Ok();
  }
  return Status(ErrorCode::kNeuralNetworkActivation, actx,
                name + " for a classifier, which has logistic or softmax");
}

}  // namespace

Status ValidateNeuralNetwork(const NeuralNetwork& k, const std::string& ctx,
                             uint64_t n_in, const Out& out) {
  for (auto [a, field] :
       {std::pair{k.hidden_activation, "hidden_activation"},
        std::pair{k.output_activation, "output_activation"}}) {
    if (!IsKnown(a)) {
      return Status(ErrorCode::kUnknownEnum, JoinContext(ctx, field),
                    "Activation " + std::to_string(static_cast<uint8_t>(a)));
    }
  }
  if (!IsHidden(k.hidden_activation)) {
    return Status(ErrorCode::kNeuralNetworkActivation,
                  JoinContext(ctx, "hidden_activation"),
                  std::string(EnumName(k.hidden_activation)) +
                      " is not a hidden activation (identity, logistic, tanh "
                      "or relu)");
  }
  uint64_t width = 0;
  MODELSEAL_RETURN_IF_ERROR(OutputWidth(k.output_activation, ctx, out, &width));

  // layer_sizes: i64 [L + 1], 1 <= L <= kMaxNetworkLayers, each in [1,
  // kMaxFeatures], from the step's features to the output width.
  const std::string sctx = JoinContext(ctx, "layer_sizes");
  const Tensor& ls = k.layer_sizes;
  if (!ls.present() || ls.dtype() != DType::kInt64 || ls.rank() != 1 ||
      ls.shape()[0] < 2 || ls.shape()[0] > limits::kMaxNetworkLayers + 1) {
    return Status(ErrorCode::kNeuralNetworkLayers, sctx,
                  (ls.present() ? std::string(DTypeName(ls.dtype())) + " " +
                                      ShapeString(ls.shape())
                                : std::string("absent")) +
                      ", expected i64 [L + 1] with 1 <= L <= " +
                      std::to_string(limits::kMaxNetworkLayers));
  }
  MODELSEAL_RETURN_IF_ERROR(
      ExpectTensor(ls, sctx, DType::kInt64, {ls.shape()[0]}, true));
  const auto sizes = ls.span<int64_t>();
  const size_t layers = sizes.size() - 1;
  // Each size <= 2^24 and at most 256 layers: the sums below stay < 2^57.
  uint64_t n_weights = 0, n_biases = 0;
  for (size_t i = 0; i < sizes.size(); ++i) {
    if (sizes[i] < 1 ||
        static_cast<uint64_t>(sizes[i]) > limits::kMaxFeatures) {
      return Status(ErrorCode::kNeuralNetworkLayers, IndexContext(sctx, i),
                    std::to_string(sizes[i]) + " is outside [1, " +
                        std::to_string(limits::kMaxFeatures) + "]");
    }
    if (i > 0) {
      n_weights +=
          static_cast<uint64_t>(sizes[i - 1]) * static_cast<uint64_t>(sizes[i]);
      n_biases += static_cast<uint64_t>(sizes[i]);
    }
  }
  if (static_cast<uint64_t>(sizes[0]) != n_in) {
    return Status(ErrorCode::kNeuralNetworkLayers, IndexContext(sctx, 0),
                  std::to_string(sizes[0]) + ", but the step has " +
                      std::to_string(n_in) + " input features");
  }
  if (static_cast<uint64_t>(sizes[layers]) != width) {
    return Status(ErrorCode::kNeuralNetworkLayers, IndexContext(sctx, layers),
                  std::to_string(sizes[layers]) + ", but its " +
                      EnumName(k.output_activation) + " outputs need " +
                      std::to_string(width) + " columns");
  }
  struct Field {
    const Tensor* t;
    const char* name;
    uint64_t size;
  };
  for (const Field& f : {Field{&k.weights, "weights", n_weights},
                         Field{&k.biases, "biases", n_biases}}) {
    const std::string fctx = JoinContext(ctx, f.name);
    if (!f.t->present() || f.t->dtype() != DType::kFloat64 ||
        f.t->rank() != 1 || f.t->shape()[0] != f.size) {
      return Status(ErrorCode::kNeuralNetworkShape, fctx,
                    (f.t->present() ? std::string(DTypeName(f.t->dtype())) +
                                          " " + ShapeString(f.t->shape())
                                    : std::string("absent")) +
                        ", expected f64 [" + std::to_string(f.size) +
                        "] for layer_sizes");
    }
    MODELSEAL_RETURN_IF_ERROR(
        ExpectTensor(*f.t, fctx, DType::kFloat64, {f.size}, true));
    MODELSEAL_RETURN_IF_ERROR(CheckAllFinite(*f.t, fctx));
  }
  return Status::Ok();
}

}  // namespace modelseal::format_internal

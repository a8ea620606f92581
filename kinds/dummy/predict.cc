// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Constant in the predictor: its compile step and its final step
// (evaluation). Compiled into the inference library.
#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>

#include "inference/kernels.h"
#include "inference/predictor_impl.h"

namespace modelseal {

using namespace inference;  // NOLINT(build/namespaces)

namespace {

// sklearn/dummy.py (1.4.2 to 1.9.1): DummyRegressor.predict is
// np.full((n, n_outputs), constant_); DummyClassifier.predict is
// classes_[class_prior_.argmax()] for prior and most_frequent (the index of
// the first largest `values` entry, which the writer made predict_proba's
// row), the constant's class for constant (its one-hot row's only 1).
class ConstantFinal final : public FinalStep {
 public:
  ConstantFinal(const double* values, size_t width)
      : values_(values), width_(width), best_(ArgMax(values, width)) {}

  bool HasProba() const override { return true; }
  bool HasDecision() const override { return false; }

  void ComputeRaw(const Predictor::Impl&, const double*, const float*,
                  size_t rows, int32_t*, double* raw) const override {
    for (size_t r = 0; r < rows; ++r) {
      std::copy(values_, values_ + width_, raw + r * width_);
    }
  }

  void Finish(const Predictor::Impl& p, Method method, const double* raw,
              size_t rows, size_t row0, size_t, Outputs outs) const override {
    if (method == Method::kPredict) {
      if (!p.classifier) return FinishValues(p, raw, rows, row0, outs);
      std::fill_n(outs.classes->data.data() + row0, rows,
                  static_cast<int64_t>(best_));
      return;
    }
    std::copy(raw, raw + rows * width_,
              (*outs.proba)[0].data.data() + row0 * width_);
  }

 private:
  const double* values_;
  size_t width_;
  size_t best_;
};

}  // namespace

Status Predictor::Impl::CompileConstant(const Constant& c,
                                        const std::string& path) {
  const uint64_t width =
      classifier ? (n_outputs == 1 ? class_counts[0] : 0) : n_outputs;
  if (width == 0) {
    return Status(ErrorCode::kPredictorOutputSpec, JoinContext(path, "values"),
                  "a constant classifier needs one classification output");
  }
  MODELSEAL_RETURN_IF_ERROR(CheckTensor(c.values, DType::kFloat64, {width},
                                        JoinContext(path, "values")));
  final_step = std::make_unique<ConstantFinal>(DataOf<double>(c.values), width);
  // DummyClassifier and DummyRegressor do not look at X's values.
  final_rule = InputRule::kAnything;
  raw_width = width;
  return Status::Ok();
}

}  // namespace modelseal

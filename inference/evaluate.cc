// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// The predictor's evaluate half: input checks, the blocks of rows through
// the transformer steps and the final step (TransformStep and FinalStep,
// defined per kind in kinds/<family>/predict.cc), and the conversions the
// final steps share.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <variant>
#include <vector>

#include "core/checked_math.h"
#include "inference/input_source.h"
#include "inference/kernels.h"
#include "inference/predictor_impl.h"
#include "kinds/kinds.h"
#include "modelseal/limits.h"
#include "modelseal/predictor.h"

namespace modelseal {

using namespace inference;  // NOLINT(build/namespaces)

// ---------------------------------------------------------------------------
// Evaluation

Status Predictor::Impl::CheckBlock(const double* x, size_t rows, size_t width,
                                   size_t row0, InputRule rule,
                                   bool allow_nan) const {
  if (rule == InputRule::kAnything || rule == InputRule::kFloat32Any) {
    return Status::Ok();
  }
  // A branch-free scan first (the common case: every value passes); the
  // loop below finds and reports the first failing value.
  const bool nan_ok = rule == InputRule::kAllowNan || allow_nan;
  const size_t count = rows * width;
  unsigned bad = 0;
  if (rule == InputRule::kFloat32) {
    constexpr float kInf = std::numeric_limits<float>::infinity();
    constexpr float kMax = std::numeric_limits<float>::max();
    for (size_t i = 0; i < count; ++i) {
      const float v = std::fabs(static_cast<float>(x[i]));
      bad |= nan_ok ? v == kInf : !(v <= kMax);
    }
  } else {
    constexpr double kInf = std::numeric_limits<double>::infinity();
    constexpr double kMax = std::numeric_limits<double>::max();
    for (size_t i = 0; i < count; ++i) {
      const double v = std::fabs(x[i]);
      bad |= nan_ok ? v == kInf : !(v <= kMax);
    }
  }
  if (!bad) return Status::Ok();
  for (size_t r = 0; r < rows; ++r) {
    for (size_t c = 0; c < width; ++c) {
      double v = x[r * width + c];
      if (rule == InputRule::kFloat32) v = static_cast<float>(v);
      if (std::isnan(v)) {
        if (rule == InputRule::kAllowNan || allow_nan) continue;
        return Status(
            ErrorCode::kInputNaN,
            "X[" + std::to_string(row0 + r) + "][" + std::to_string(c) + "]",
            "");
      }
      if (std::isinf(v)) {
        return Status(
            ErrorCode::kInputInfinite,
            "X[" + std::to_string(row0 + r) + "][" + std::to_string(c) + "]",
            rule == InputRule::kFloat32 ? "too large for float32" : "");
      }
    }
  }
  return Status::Ok();
}

// ---------------------------------------------------------------------------
// Conversions shared by the final steps' Finish.

namespace inference {

size_t FinalStep::DecisionWidth(const Predictor::Impl& p) const {
  return p.raw_width;
}

void FinalStep::FinishDecision(const Predictor::Impl& p, const double* raw,
                               size_t rows, size_t row0, Outputs outs) const {
  FinishValues(p, raw, rows, row0, outs);
}

void FinishValues(const Predictor::Impl& p, const double* raw, size_t rows,
                  size_t row0, Outputs outs, double (*link)(double)) {
  const size_t w = p.raw_width;
  double* out = outs.values->data.data() + row0 * w;
  if (link == nullptr) {
    std::copy(raw, raw + rows * w, out);
    return;
  }
  for (size_t i = 0; i < rows * w; ++i) out[i] = link(raw[i]);
}

void FinishDecisionLabels(const Predictor::Impl& p, const double* raw,
                          size_t rows, size_t row0, Outputs outs,
                          bool at_zero_is_positive) {
  const size_t w = p.raw_width;
  int64_t* out = outs.classes->data.data() + row0;  // one output
  for (size_t r = 0; r < rows; ++r) {
    const double* s = raw + r * w;
    if (w == 1) {
      out[r] = (at_zero_is_positive ? s[0] >= 0 : s[0] > 0) ? 1 : 0;
    } else {
      out[r] = static_cast<int64_t>(ArgMax(s, w));
    }
  }
}

void FinishSoftmaxProba(const Predictor::Impl& p, const double* raw,
                        size_t rows, size_t row0, Outputs outs, RowSum order,
                        bool binary_as_pair) {
  const size_t w = p.raw_width;
  const size_t c = p.class_counts[0];
  for (size_t r = 0; r < rows; ++r) {
    const double* s = raw + r * w;
    double* out = (*outs.proba)[0].data.data() + (row0 + r) * c;
    if (w == 1 && binary_as_pair) {
      out[0] = -s[0];
      out[1] = s[0];
      SoftmaxInPlace(out, 2, order);
    } else if (w == 1) {
      const double q = Expit(s[0]);
      out[0] = 1 - q;
      out[1] = q;
    } else {
      std::copy(s, s + w, out);
      SoftmaxInPlace(out, w, order);
    }
  }
}

}  // namespace inference

void Predictor::Impl::AllocateWorkspace(size_t rows, Workspace* ws) const {
  ws->a.resize(rows * transforms.max_width);
  ws->b.resize(rows * transforms.max_width);
  ws->scratch.resize(rows * transforms.scratch_width);
  if (final_rule == InputRule::kFloat32 ||
      final_rule == InputRule::kFloat32Any) {
    ws->xf.resize(rows * n_features);
  }
  ws->raw.resize(rows * std::max<size_t>(raw_width, 1));
  // Leaf indices: one per row of a block, or one per tree when a block
  // (the last one, say) has fewer than kLockstep rows.
  ws->leaves.resize(std::max({rows, trees.size(), hist_trees.size()}));
}

Status Predictor::Impl::RunRange(const InputSource& X, size_t begin, size_t end,
                                 Method method, Outputs outs) const {
  // Workspace for one block, allocated once per call and thread (no larger
  // than the call needs: a single-row call allocates one row). Predictor::
  // workspace_per_row (compile.cc) reports the same sizes per row.
  const size_t ws_rows = std::min(block_rows, end - begin);
  std::vector<double> x(X.InPlace() ? 0 : ws_rows * input_width);
  Workspace ws;
  AllocateWorkspace(ws_rows, &ws);
  for (size_t row0 = begin; row0 < end; row0 += block_rows) {
    const size_t rows = std::min(block_rows, end - row0);
    const double* xb = nullptr;  // the block's rows in float64
    MODELSEAL_RETURN_IF_ERROR(X.Load(*this, row0, rows, x.data(), &xb));
    const BlockCall call{X, X.dtype(), row0, X.rows()};
    MODELSEAL_RETURN_IF_ERROR(RunBlock(call, xb, rows, method, outs, row0, ws));
  }
  return Status::Ok();
}

Status Predictor::Impl::RunBlock(const BlockCall& call, const double* xb,
                                 size_t rows, Method method, Outputs outs,
                                 size_t out_row0, Workspace& ws) const {
  const size_t row0 = call.row0;
  const size_t count = rows * n_features;
  const StepCall step_call{*this, call.dtype,  row0,
                           rows,  call.source, ws.scratch.data()};
  MODELSEAL_RETURN_IF_ERROR(
      transforms.Run(step_call, xb, ws.a.data(), ws.b.data(), &xb));
  if (method == Method::kTransform) {
    std::copy(xb, xb + count, outs.values->data.data() + out_row0 * n_features);
    return Status::Ok();
  }
  MODELSEAL_RETURN_IF_ERROR(
      CheckBlock(xb, rows, n_features, row0, final_rule, trees_allow_nan));
  MODELSEAL_RETURN_IF_ERROR(final_step->CheckRows(*this, xb, rows, row0));
  float* xf = ws.xf.data();
  if (final_rule == InputRule::kFloat32Any) {
    // Unchecked values: those beyond float32's range become +-inf, as
    // numpy's astype(float32) makes them (a C++ cast of them is
    // undefined). 0x1.ffffffp127 is FLT_MAX plus half its ulp, the
    // smallest magnitude that rounds to infinity.
    for (size_t i = 0; i < count; ++i) {
      constexpr float kInf = std::numeric_limits<float>::infinity();
      const double v = xb[i];
      xf[i] = std::fabs(v) >= 0x1.ffffffp127 ? (v > 0 ? kInf : -kInf)
                                             : static_cast<float>(v);
    }
  } else if (!ws.xf.empty()) {
    for (size_t i = 0; i < count; ++i) xf[i] = static_cast<float>(xb[i]);
  }
  const BlockCall final_call{call.source, transforms.OutDType(call.dtype), row0,
                             call.total_rows};
  MODELSEAL_RETURN_IF_ERROR(final_step->Compute(*this, final_call, method, xb,
                                                xf, rows, ws.leaves.data(),
                                                ws.raw.data()));
  if (method == Method::kDecision) {
    final_step->FinishDecision(*this, ws.raw.data(), rows, out_row0, outs);
    return Status::Ok();
  }
  final_step->Finish(*this, method, ws.raw.data(), rows, out_row0,
                     call.total_rows, outs);
  return final_step->Finalize(*this, method, rows, out_row0, outs);
}

bool Predictor::Impl::Supports(Method method) const {
  // Which methods the model has (scikit-learn's estimator API).
  switch (method) {
    case Method::kPredict:
      return final_step != nullptr && final_step->HasPredict();
    case Method::kProba:
      return final_step != nullptr && classifier && final_step->HasProba();
    case Method::kDecision:
      return final_step != nullptr && classifier && final_step->HasDecision();
    case Method::kTransform:
      return final_step == nullptr;
    case Method::kLogProba:
      return final_step != nullptr && classifier && final_step->HasLogProba();
  }
  return false;
}

Status Predictor::Impl::Run(InputSource& X, Method method, Outputs outs,
                            const PredictOptions& options) const {
  if (options.n_threads < 1 || options.n_threads > kMaxPredictThreads) {
    return Status(ErrorCode::kPredictOptions, "options.n_threads",
                  std::to_string(options.n_threads) + " not in [1, " +
                      std::to_string(kMaxPredictThreads) + "]");
  }
  MODELSEAL_RETURN_IF_ERROR(X.Check(*this));

  if (!Supports(method)) {
    const Estimator* e = &model.estimator;
    while (const auto* p = std::get_if<Pipeline>(&e->kind)) {
      if (p->steps.empty()) break;
      e = &p->steps.back();
    }
    return Status(ErrorCode::kMethodNotSupported, MethodName(method),
                  std::string(e->kind_name()) + " " +
                      (classifier                              ? "classifier"
                       : model.output.task == Task::kTransform ? "transformer"
                                                               : "regressor") +
                      " has no " + MethodName(method));
  }

  // Allocate the outputs.
  const size_t n = X.rows();
  switch (method) {
    case Method::kPredict:
      if (classifier) {
        *outs.classes = Matrix<int64_t>{n, n_outputs, {}};
        outs.classes->data.assign(n * n_outputs, 0);
      } else {
        *outs.values = Matrix<double>{n, raw_width, {}};
        outs.values->data.assign(n * raw_width, 0.0);
      }
      break;
    case Method::kProba:
    case Method::kLogProba:
      outs.proba->assign(n_outputs, Matrix<double>{});
      for (size_t o = 0; o < n_outputs; ++o) {
        (*outs.proba)[o] = Matrix<double>{n, class_counts[o], {}};
        (*outs.proba)[o].data.assign(n * class_counts[o], 0.0);
      }
      break;
    case Method::kDecision: {
      const size_t w = final_step->DecisionWidth(*this);
      *outs.values = Matrix<double>{n, w, {}};
      outs.values->data.assign(n * w, 0.0);
      break;
    }
    case Method::kTransform:
      *outs.values = Matrix<double>{n, n_features, {}};
      outs.values->data.assign(n * n_features, 0.0);
      break;
  }

  // Split the rows into contiguous block-aligned ranges, one per thread.
  const size_t blocks = (n + block_rows - 1) / block_rows;
  const size_t threads =
      std::max<size_t>(1, std::min<size_t>(options.n_threads, blocks));
  if (threads == 1) return RunRange(X, 0, n, method, outs);
  std::vector<Status> results(threads);
  std::vector<std::thread> workers;
  workers.reserve(threads - 1);
  auto range = [&](size_t t) {
    const size_t b0 = blocks * t / threads, b1 = blocks * (t + 1) / threads;
    return std::pair<size_t, size_t>(b0 * block_rows,
                                     std::min(n, b1 * block_rows));
  };
  for (size_t t = 1; t < threads; ++t) {
    workers.emplace_back([&, t] {
      auto [b, e] = range(t);
      results[t] = RunRange(X, b, e, method, outs);
    });
  }
  {
    auto [b, e] = range(0);
    results[0] = RunRange(X, b, e, method, outs);
  }
  for (std::thread& w : workers) w.join();
  // The first failing range holds the first offending row.
  for (const Status& s : results) {
    if (!s.ok()) return s;
  }
  return Status::Ok();
}

DType Predictor::TransformDType(DType input) const {
  return impl_->transforms.OutDType(input) == DType::kFloat32 ? DType::kFloat32
                                                              : DType::kFloat64;
}

bool Predictor::HasMethod(PredictMethod method) const {
  switch (method) {
    case PredictMethod::kPredict:
      return impl_->Supports(Method::kPredict);
    case PredictMethod::kPredictProba:
      return impl_->Supports(Method::kProba);
    case PredictMethod::kDecisionFunction:
      return impl_->Supports(Method::kDecision);
    case PredictMethod::kTransform:
      return impl_->Supports(Method::kTransform);
    case PredictMethod::kPredictLogProba:
      return impl_->Supports(Method::kLogProba);
  }
  return false;
}

Status Predictor::Predict(const MatrixView& X, PredictOutput* out,
                          const PredictOptions& options) const {
  *out = PredictOutput{};
  MatrixSource source(X);
  return impl_->Run(source, Method::kPredict,
                    {&out->classes, &out->values, nullptr}, options);
}

Status Predictor::PredictProba(const MatrixView& X,
                               std::vector<Matrix<double>>* out,
                               const PredictOptions& options) const {
  MatrixSource source(X);
  return impl_->Run(source, Method::kProba, {nullptr, nullptr, out}, options);
}

Status Predictor::PredictLogProba(const MatrixView& X,
                                  std::vector<Matrix<double>>* out,
                                  const PredictOptions& options) const {
  MatrixSource source(X);
  return impl_->Run(source, Method::kLogProba, {nullptr, nullptr, out},
                    options);
}

Status Predictor::DecisionFunction(const MatrixView& X, Matrix<double>* out,
                                   const PredictOptions& options) const {
  MatrixSource source(X);
  return impl_->Run(source, Method::kDecision, {nullptr, out, nullptr},
                    options);
}

Status Predictor::Transform(const MatrixView& X, Matrix<double>* out,
                            const PredictOptions& options) const {
  MatrixSource source(X);
  return impl_->Run(source, Method::kTransform, {nullptr, out, nullptr},
                    options);
}

Status Predictor::Predict(const TableView& X, PredictOutput* out,
                          const PredictOptions& options) const {
  *out = PredictOutput{};
  TableSource source(X);
  return impl_->Run(source, Method::kPredict,
                    {&out->classes, &out->values, nullptr}, options);
}

Status Predictor::PredictProba(const TableView& X,
                               std::vector<Matrix<double>>* out,
                               const PredictOptions& options) const {
  TableSource source(X);
  return impl_->Run(source, Method::kProba, {nullptr, nullptr, out}, options);
}

Status Predictor::PredictLogProba(const TableView& X,
                                  std::vector<Matrix<double>>* out,
                                  const PredictOptions& options) const {
  TableSource source(X);
  return impl_->Run(source, Method::kLogProba, {nullptr, nullptr, out},
                    options);
}

Status Predictor::DecisionFunction(const TableView& X, Matrix<double>* out,
                                   const PredictOptions& options) const {
  TableSource source(X);
  return impl_->Run(source, Method::kDecision, {nullptr, out, nullptr},
                    options);
}

Status Predictor::Transform(const TableView& X, Matrix<double>* out,
                            const PredictOptions& options) const {
  TableSource source(X);
  return impl_->Run(source, Method::kTransform, {nullptr, out, nullptr},
                    options);
}

}  // namespace modelseal

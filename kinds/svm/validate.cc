// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Validation of SupportVectorMachine (format/SPEC.md §7); compiled into the
// format library.
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>

#include "core/checked_math.h"
#include "format/validate_internal.h"

namespace modelseal::format_internal {

namespace {

Status CheckShape(const Tensor& t, const std::string& ctx,
                  const std::vector<uint64_t>& shape) {
  if (!t.present() || t.dtype() != DType::kFloat64 || t.shape() != shape) {
    return Status(ErrorCode::kSvmShape, ctx,
                  (t.present() ? ShapeString(t.shape()) : "absent") +
                      ", expected f64 " + ShapeString(shape));
  }
  return Status::Ok();
}

// The output rules of each type; sets *classes (1 for the regressors and
// OneClassSVM's decision) and *pairs.
Status CheckOutput(const SupportVectorMachine& k, const std::string& ctx,
                   const Out& out, uint64_t* classes, uint64_t* pairs) {
  switch (k.type) {
    case SvmType::kCSvc:
    case SvmType::kNuSvc: {
      if (out.task != Task::kClassification) {
        return TaskMismatch(JoinContext(ctx, "type"), "SupportVectorMachine",
                            out);
      }
      if (out.n_outputs != 1) {
        return Status(ErrorCode::kOutputCount, "output.n_outputs",
                      "an SVM classifier has 1 output, not " +
                          std::to_string(out.n_outputs));
      }
      const uint64_t c = out.n_classes[0];
      if (c < 2) {
        return Status(ErrorCode::kSingleClass, "output.classes[0]",
                      "an SVM classifier needs at least 2 classes");
      }
      *classes = c;
      *pairs = c * (c - 1) / 2;  // c is bounded by the class limit
      return Status::Ok();
    }
    case SvmType::kOneClass:
      if (out.task != Task::kClassification || out.n_outputs != 1 ||
          out.n_classes[0] != 2) {
        return Status(ErrorCode::kSvmOneClassOutput, JoinContext(ctx, "type"),
                      "OneClassSVM predicts -1 or 1: it needs one "
                      "classification output with 2 classes");
      }
      break;
    case SvmType::kEpsilonSvr:
    case SvmType::kNuSvr:
      if (out.task != Task::kRegression) {
        return TaskMismatch(JoinContext(ctx, "type"), "SupportVectorMachine",
                            out);
      }
      // One dual_coef row and intercept per output (KernelRidge fitted on
      // a 2-D y; libsvm's regressors have 1).
      *classes = 1;
      *pairs = out.n_outputs;
      return Status::Ok();
  }
  *classes = 1;
  *pairs = 1;
  return Status::Ok();
}

}  // namespace

Status ValidateSupportVectorMachine(const SupportVectorMachine& k,
                                    const std::string& ctx, uint64_t n_in,
                                    const Out& out) {
  MODELSEAL_RETURN_IF_ERROR(
      KnownEnum(k.type, JoinContext(ctx, "type"), "SvmType"));
  MODELSEAL_RETURN_IF_ERROR(
      KnownEnum(k.kernel, JoinContext(ctx, "kernel"), "SvmKernel"));
  MODELSEAL_RETURN_IF_ERROR(KnownEnum(k.decision_shape,
                                      JoinContext(ctx, "decision_shape"),
                                      "SvmDecisionShape"));
  MODELSEAL_RETURN_IF_ERROR(
      KnownEnum(k.ties, JoinContext(ctx, "ties"), "SvmTies"));
  if (!std::isfinite(k.gamma) || !std::isfinite(k.coef0)) {
    return Status(ErrorCode::kSvmParams,
                  JoinContext(ctx, std::isfinite(k.gamma) ? "coef0" : "gamma"),
                  "not finite");
  }
  if (k.degree > static_cast<uint64_t>(std::numeric_limits<int32_t>::max())) {
    return Status(ErrorCode::kSvmParams, JoinContext(ctx, "degree"),
                  std::to_string(k.degree) + " above 2^31 - 1");
  }
  if (k.ties == SvmTies::kDecision &&
      k.decision_shape != SvmDecisionShape::kOvr) {
    return Status(ErrorCode::kSvmParams, JoinContext(ctx, "ties"),
                  "break_ties needs decision_function_shape ovr");
  }
  uint64_t classes = 1, pairs = 1;
  MODELSEAL_RETURN_IF_ERROR(CheckOutput(k, ctx, out, &classes, &pairs));
  const bool classifier = IsSvmClassifier(k.type);

  // support_vectors [l, n]; l may be 0 (an SVR whose every training row is
  // inside the epsilon tube).
  const std::string sv_ctx = JoinContext(ctx, "support_vectors");
  if (!k.support_vectors.present() ||
      k.support_vectors.dtype() != DType::kFloat64 ||
      k.support_vectors.rank() != 2 || k.support_vectors.shape()[1] != n_in) {
    return Status(
        ErrorCode::kSvmShape, sv_ctx,
        (k.support_vectors.present() ? ShapeString(k.support_vectors.shape())
                                     : std::string("absent")) +
            ", expected f64 [l, " + std::to_string(n_in) + "]");
  }
  MODELSEAL_RETURN_IF_ERROR(ExpectTensor(k.support_vectors, sv_ctx,
                                         DType::kFloat64, {kAny, n_in}, true));
  const uint64_t l = k.support_vectors.shape()[0];

  const std::string ns_ctx = JoinContext(ctx, "n_support");
  if (classifier) {
    if (!k.n_support.present() || k.n_support.dtype() != DType::kInt32 ||
        k.n_support.shape() != std::vector<uint64_t>{classes}) {
      return Status(ErrorCode::kSvmShape, ns_ctx,
                    (k.n_support.present() ? ShapeString(k.n_support.shape())
                                           : std::string("absent")) +
                        ", expected i32 [" + std::to_string(classes) + "]");
    }
    MODELSEAL_RETURN_IF_ERROR(
        ExpectTensor(k.n_support, ns_ctx, DType::kInt32, {classes}, true));
    uint64_t sum = 0;
    auto counts = k.n_support.span<int32_t>();
    for (uint64_t i = 0; i < classes; ++i) {
      if (counts[i] < 0) {
        return Status(ErrorCode::kSvmSupportCount, IndexContext(ns_ctx, i),
                      std::to_string(counts[i]) + " is negative");
      }
      sum += static_cast<uint64_t>(counts[i]);  // < classes * 2^31
    }
    if (sum != l) {
      return Status(ErrorCode::kSvmSupportCount, ns_ctx,
                    "counts sum to " + std::to_string(sum) + " for " +
                        std::to_string(l) + " support vectors");
    }
  } else if (k.n_support.present()) {
    return Status(ErrorCode::kSvmShape, ns_ctx,
                  std::string("present for ") + EnumName(k.type) +
                      ", which has no classes");
  }
  const std::string dc_ctx = JoinContext(ctx, "dual_coef");
  const std::string ic_ctx = JoinContext(ctx, "intercept");
  MODELSEAL_RETURN_IF_ERROR(
      CheckShape(k.dual_coef, dc_ctx, {classifier ? classes - 1 : pairs, l}));
  MODELSEAL_RETURN_IF_ERROR(ExpectTensor(k.dual_coef, dc_ctx, DType::kFloat64,
                                         k.dual_coef.shape(), true));
  MODELSEAL_RETURN_IF_ERROR(CheckShape(k.intercept, ic_ctx, {pairs}));
  MODELSEAL_RETURN_IF_ERROR(
      ExpectTensor(k.intercept, ic_ctx, DType::kFloat64, {pairs}, true));
  for (const auto& [t, c] :
       {std::pair{&k.support_vectors, &sv_ctx},
        std::pair{&k.dual_coef, &dc_ctx}, std::pair{&k.intercept, &ic_ctx}}) {
    auto v = t->span<double>();
    for (size_t i = 0; i < v.size(); ++i) {
      if (!std::isfinite(v[i])) {
        return Status(ErrorCode::kSvmValues, IndexContext(*c, i), "not finite");
      }
    }
  }

  // Platt scaling: both or neither, classifiers only.
  if (k.prob_a.present() || k.prob_b.present()) {
    const std::string pa_ctx = JoinContext(ctx, "prob_a");
    const std::string pb_ctx = JoinContext(ctx, "prob_b");
    if (!classifier) {
      return Status(ErrorCode::kSvmProbability, pa_ctx,
                    std::string("present for ") + EnumName(k.type) +
                        ", which has no predict_proba");
    }
    for (const auto& [t, c] :
         {std::pair{&k.prob_a, &pa_ctx}, std::pair{&k.prob_b, &pb_ctx}}) {
      if (!t->present() || t->dtype() != DType::kFloat64 ||
          t->shape() != std::vector<uint64_t>{pairs}) {
        return Status(
            ErrorCode::kSvmProbability, *c,
            (t->present() ? ShapeString(t->shape()) : std::string("absent")) +
                ", expected f64 [" + std::to_string(pairs) +
                "] (one per class pair)");
      }
      MODELSEAL_RETURN_IF_ERROR(
          ExpectTensor(*t, *c, DType::kFloat64, {pairs}, true));
      auto v = t->span<double>();
      for (size_t i = 0; i < v.size(); ++i) {
        if (!std::isfinite(v[i])) {
          return Status(ErrorCode::kSvmProbability, IndexContext(*c, i),
                        "not finite");
        }
      }
    }
  }
  return Status::Ok();
}

}  // namespace modelseal::format_internal

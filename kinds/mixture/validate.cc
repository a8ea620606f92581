// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Validation of GaussianMixture (format/SPEC.md §7); compiled into the
// format library.
#include <cstdint>
#include <string>
#include <vector>

#include "format/validate_internal.h"

namespace modelseal::format_internal {

namespace {

// precisions_cholesky's shape for k components of n features.
std::vector<uint64_t> PrecisionShape(CovarianceType t, uint64_t k, uint64_t n) {
  switch (t) {
    case CovarianceType::kFull:
      return {k, n, n};
    case CovarianceType::kTied:
      return {n, n};
    case CovarianceType::kDiag:
      return {k, n};
    case CovarianceType::kSpherical:
      return {k};
  }
  return {};
}

// The entries whose logs make log_det: each matrix's diagonal (full, tied)
// or every entry (diag, spherical); each MUST be > 0 (E298).
Status CheckPositive(const GaussianMixture& g, const std::string& ctx,
                     uint64_t n) {
  const auto p = g.precisions_cholesky.span<double>();
  const bool matrix = g.covariance_type == CovarianceType::kFull ||
                      g.covariance_type == CovarianceType::kTied;
  for (size_t i = 0; i < p.size(); ++i) {
    // Entry i of a matrix [n, n] is on its diagonal when (i mod n^2) is a
    // multiple of n + 1.
    if (matrix && (i % (n * n)) % (n + 1) != 0) continue;
    if (!(p[i] > 0)) {
      return Status(ErrorCode::kGaussianMixturePrecision, IndexContext(ctx, i),
                    std::to_string(p[i]) +
                        " is not > 0 (its log is part of "
                        "the log-determinant)");
    }
  }
  return Status::Ok();
}

}  // namespace

Status ValidateGaussianMixture(const GaussianMixture& g, const std::string& ctx,
                               uint64_t n_in, const Out& out) {
  if (!IsKnown(g.covariance_type)) {
    return Status(ErrorCode::kUnknownEnum, JoinContext(ctx, "covariance_type"),
                  "CovarianceType " +
                      std::to_string(static_cast<uint8_t>(g.covariance_type)));
  }
  if (out.task != Task::kClassification) {
    return TaskMismatch(JoinContext(ctx, "means"), "GaussianMixture", out);
  }
  if (out.n_outputs != 1) {
    return Status(ErrorCode::kOutputCount, "output.n_outputs",
                  "a Gaussian mixture has 1 output, not " +
                      std::to_string(out.n_outputs));
  }
  const uint64_t k = out.n_classes[0];
  const std::string mctx = JoinContext(ctx, "means");
  if (k == 0) {
    return Status(ErrorCode::kGaussianMixtureShape, mctx,
                  "no classes: a mixture has at least one component");
  }
  MODELSEAL_RETURN_IF_ERROR(ExpectKindTensor(
      g.means, mctx, DType::kFloat64, {k, n_in},
      ErrorCode::kGaussianMixtureShape,
      "(one mean per component, one column per input feature)"));
  MODELSEAL_RETURN_IF_ERROR(CheckAllFinite(g.means, mctx));
  const std::string pctx = JoinContext(ctx, "precisions_cholesky");
  MODELSEAL_RETURN_IF_ERROR(ExpectKindTensor(
      g.precisions_cholesky, pctx, DType::kFloat64,
      PrecisionShape(g.covariance_type, k, n_in),
      ErrorCode::kGaussianMixtureShape,
      std::string("(covariance_type ") + EnumName(g.covariance_type) + ")"));
  MODELSEAL_RETURN_IF_ERROR(CheckAllFinite(g.precisions_cholesky, pctx));
  MODELSEAL_RETURN_IF_ERROR(CheckPositive(g, pctx, n_in));
  const std::string wctx = JoinContext(ctx, "log_weights");
  MODELSEAL_RETURN_IF_ERROR(ExpectKindTensor(
      g.log_weights, wctx, DType::kFloat64, {k},
      ErrorCode::kGaussianMixtureShape, "(one per component)"));
  MODELSEAL_RETURN_IF_ERROR(CheckAllFinite(g.log_weights, wctx));
  if (!g.dof_term.present() && !g.lambda_term.present()) return Status::Ok();
  for (const auto& [t, name] :
       {std::pair<const Tensor*, const char*>{&g.dof_term, "dof_term"},
        {&g.lambda_term, "lambda_term"}}) {
    const std::string tctx = JoinContext(ctx, name);
    MODELSEAL_RETURN_IF_ERROR(ExpectKindTensor(
        *t, tctx, DType::kFloat64, {k}, ErrorCode::kGaussianMixtureBayesTerms,
        "(BayesianGaussianMixture: dof_term and lambda_term both present, "
        "one per component)"));
    MODELSEAL_RETURN_IF_ERROR(CheckAllFinite(*t, tctx));
  }
  return Status::Ok();
}

}  // namespace modelseal::format_internal

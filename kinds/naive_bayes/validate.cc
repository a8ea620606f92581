// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Validation of NaiveBayes (format/SPEC.md §7); compiled into the format
// library.
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "format/validate_internal.h"

namespace modelseal::format_internal {

namespace {

// A field the type needs: `dtype` of `shape` (kAny: any extent), intact
// (E281 otherwise).
Status CheckNeeded(const Tensor& t, const std::string& ctx, DType dtype,
                   const std::vector<uint64_t>& shape) {
  bool match =
      t.present() && t.dtype() == dtype && t.shape().size() == shape.size();
  for (size_t i = 0; match && i < shape.size(); ++i) {
    match = shape[i] == kAny || t.shape()[i] == shape[i];
  }
  if (!match) {
    std::string want;
    for (uint64_t d : shape) {
      want += (want.empty() ? "" : ", ") +
              (d == kAny ? std::string("K") : std::to_string(d));
    }
    return Status(ErrorCode::kNaiveBayesShape, ctx,
                  (t.present() ? std::string(DTypeName(t.dtype())) + " " +
                                     ShapeString(t.shape())
                               : std::string("absent")) +
                      ", expected " + DTypeName(dtype) + " [" + want + "]");
  }
  return ExpectTensor(t, ctx, dtype, shape, true);
}

// A field the type does not use: absent (E281 otherwise).
Status CheckUnused(const Tensor& t, const std::string& ctx,
                   NaiveBayesType type) {
  if (!t.present()) return Status::Ok();
  return Status(ErrorCode::kNaiveBayesShape, ctx,
                std::string("present for type ") + EnumName(type) +
                    ", which does not use it");
}

}  // namespace

Status ValidateNaiveBayes(const NaiveBayes& k, const std::string& ctx,
                          uint64_t n_in, const Out& out) {
  if (!IsKnown(k.type)) {
    return Status(
        ErrorCode::kUnknownEnum, JoinContext(ctx, "type"),
        "NaiveBayesType " + std::to_string(static_cast<uint8_t>(k.type)));
  }
  if (out.task != Task::kClassification) {
    return TaskMismatch(JoinContext(ctx, "type"), "NaiveBayes", out);
  }
  if (out.n_outputs != 1) {
    return Status(ErrorCode::kOutputCount, "output.n_outputs",
                  "a naive Bayes classifier has 1 output, not " +
                      std::to_string(out.n_outputs));
  }
  const uint64_t c = out.n_classes[0];
  if (c < 2) {
    return Status(ErrorCode::kSingleClass, "output.classes[0]",
                  "a naive Bayes classifier needs at least 2 classes");
  }
  const bool gaussian = k.type == NaiveBayesType::kGaussian;
  const bool discrete = k.type == NaiveBayesType::kDiscrete;
  const bool categorical = k.type == NaiveBayesType::kCategorical;
  // category_log_prob's rows: checked against n_categories below (E283).
  uint64_t rows = kAny;
  if (categorical && k.category_log_prob.present() &&
      k.category_log_prob.rank() == 2) {
    rows = k.category_log_prob.shape()[0];
  }
  struct Field {
    const Tensor* t;
    const char* name;
    bool used;
    DType dtype;
    std::vector<uint64_t> shape;
  };
  const Field fields[] = {
      {&k.class_term, "class_term", true, DType::kFloat64, {c}},
      {&k.theta, "theta", gaussian, DType::kFloat64, {c, n_in}},
      {&k.var, "var", gaussian, DType::kFloat64, {c, n_in}},
      {&k.log_norm, "log_norm", gaussian, DType::kFloat64, {c}},
      {&k.coef, "coef", discrete, DType::kFloat64, {c, n_in}},
      {&k.n_categories, "n_categories", categorical, DType::kInt64, {n_in}},
      {&k.category_log_prob,
       "category_log_prob",
       categorical,
       DType::kFloat64,
       {rows, c}},
  };
  for (const Field& f : fields) {
    const std::string fctx = JoinContext(ctx, f.name);
    MODELSEAL_RETURN_IF_ERROR(f.used ? CheckNeeded(*f.t, fctx, f.dtype, f.shape)
                                     : CheckUnused(*f.t, fctx, k.type));
  }
  if (categorical) {
    // Each feature has at least one category; together they are the rows.
    const std::string nctx = JoinContext(ctx, "n_categories");
    auto counts = k.n_categories.span<int64_t>();
    uint64_t sum = 0;
    for (size_t j = 0; j < counts.size(); ++j) {
      if (counts[j] < 1 || static_cast<uint64_t>(counts[j]) > rows - sum) {
        return Status(
            ErrorCode::kNaiveBayesCategories, IndexContext(nctx, j),
            std::to_string(counts[j]) +
                (counts[j] < 1 ? " is below 1"
                               : " runs past the " + std::to_string(rows) +
                                     " rows of category_log_prob"));
      }
      sum += static_cast<uint64_t>(counts[j]);
    }
    if (sum != rows) {
      return Status(ErrorCode::kNaiveBayesCategories, nctx,
                    "counts sum to " + std::to_string(sum) + " for the " +
                        std::to_string(rows) + " rows of category_log_prob");
    }
  }
  for (const Field& f : fields) {
    if (!f.used || f.dtype != DType::kFloat64) continue;
    // var > 0; class_term and category_log_prob may be -inf (a prior or a
    // category probability of 0).
    const bool positive = f.t == &k.var;
    const bool minus_inf = f.t == &k.class_term || f.t == &k.category_log_prob;
    auto v = f.t->span<double>();
    for (size_t i = 0; i < v.size(); ++i) {
      const bool ok = std::isfinite(v[i]) ? !positive || v[i] > 0
                                          : minus_inf && v[i] == -HUGE_VAL;
      if (!ok) {
        return Status(
            ErrorCode::kNaiveBayesValues,
            IndexContext(JoinContext(ctx, f.name), i),
            std::to_string(v[i]) + (positive    ? " is not finite and > 0"
                                    : minus_inf ? " is NaN or +inf"
                                                : " is not finite"));
      }
    }
  }
  return Status::Ok();
}

}  // namespace modelseal::format_internal

// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// ValidateModel: the semantic rules of format/SPEC.md §5-§8 on an in-memory
// Model. It must be complete on its own (the loader runs it on what the
// sandbox returns): after it succeeds, every array access inference makes is
// in bounds. Nothing here recurses on untrusted depth except composite
// estimators, whose depth is checked before each level. The rules of each
// estimator kind live with the kind (kinds/<family>/validate.cc) and are
// reached through the registry below, expanded from kinds/kinds.def.
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "format/validate_internal.h"
#include "kinds/kinds.h"
#include "modelseal/format.h"
#include "modelseal/limits.h"

namespace modelseal {
namespace format_internal {

// How the registry runs a kind's rules, by role (kinds/kinds.def).
template <typename K>
Status RunKind(Status (*validate)(const K&, const std::string&, uint64_t,
                                  uint64_t*),
               const K& k, const Estimator& e, const std::string& ctx,
               uint64_t n_in, uint64_t /*depth*/, Role role, const Out& out,
               uint64_t* width_out) {
  uint64_t width = 0;
  MODELSEAL_RETURN_IF_ERROR(validate(k, ctx, n_in, &width));
  if (width < 1 || width > limits::kMaxFeatures) {
    return Status(ErrorCode::kTransformWidth, ctx,
                  std::to_string(width) + " output columns, expected 1 to " +
                      std::to_string(limits::kMaxFeatures));
  }
  *width_out = width;
  if (role == Role::kFinal) {
    return CheckFinalTransform(ctx, e.kind_name(), out, width);
  }
  return Status::Ok();
}

Status CheckFinalTransform(const std::string& ctx, const char* what,
                           const Out& out, uint64_t width) {
  if (out.task != Task::kTransform) return TaskMismatch(ctx, what, out);
  if (out.n_outputs != width) {
    return Status(ErrorCode::kOutputCount, "output.n_outputs",
                  std::to_string(out.n_outputs) + ", the transform has " +
                      std::to_string(width) + " columns");
  }
  return Status::Ok();
}

template <typename K>
Status RunKind(Status (*validate)(const K&, const std::string&, uint64_t,
                                  const Out&),
               const K& k, const Estimator& e, const std::string& ctx,
               uint64_t n_in, uint64_t /*depth*/, Role role, const Out& out,
               uint64_t* width_out) {
  if (role == Role::kStep) {
    return Status(ErrorCode::kPipelineShape, ctx,
                  std::string(e.kind_name()) +
                      " is not a transformer and must be the last step");
  }
  *width_out = 0;
  return validate(k, ctx, n_in, out);
}

template <typename K>
Status RunKind(Status (*validate)(const K&, const std::string&, uint64_t,
                                  uint64_t, Role, const Out&, uint64_t*),
               const K& k, const Estimator& /*e*/, const std::string& ctx,
               uint64_t n_in, uint64_t depth, Role role, const Out& out,
               uint64_t* width_out) {
  return validate(k, ctx, n_in, depth, role, out, width_out);
}

namespace {

bool UsesFormat11(const Estimator& e) {
  if (e.kind.index() > kinds::internal::kMaxAbsScaler) return true;
  if (const auto* l = std::get_if<LinearModel>(&e.kind)) {
    return l->output == LinearOutput::kModifiedHuber ||
           l->output == LinearOutput::kExp ||
           l->output == LinearOutput::kDiscriminant ||
           !std::isnan(l->deviance_power);
  }
  if (const auto* p = std::get_if<Pipeline>(&e.kind)) {
    for (const Estimator& s : p->steps) {
      if (UsesFormat11(s)) return true;
    }
  }
  return false;
}

}  // namespace

uint16_t RequiredFormatMinor(const Model& m) {
  if (m.output.shape != OutputShape::kDefault) return 1;
  for (const ClassLabels& c : m.output.classes) {
    if (c.label_type != LabelType::kInt64) return 1;
  }
  return !m.input.columns.empty() || UsesFormat11(m.estimator) ? 1 : 0;
}

// The registry: one case per line of kinds/kinds.def.
Status ValidateEstimator(const Estimator& e, const std::string& ctx,
                         uint64_t n_in, uint64_t depth, Role role,
                         const Out& out, uint64_t* width_out) {
  switch (e.kind.index()) {
#define MODELSEAL_KIND(K, kind_role)                                       \
  case kinds::internal::k##K:                                              \
    return RunKind(&Validate##K, std::get<K>(e.kind), e, ctx, n_in, depth, \
                   role, out, width_out);
#include "kinds/kinds.def"
#undef MODELSEAL_KIND
    default:
      break;  // valueless_by_exception
  }
  return Status(ErrorCode::kUnknownEstimator, ctx, "no estimator");
}

}  // namespace format_internal

namespace {

using namespace format_internal;  // NOLINT(build/namespaces)

bool IsDigits(std::string_view s) {
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

int Num(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

// "YYYY-MM-DDTHH:MM:SSZ" with month 01-12, day 01-31, hour 00-23, minute
// 00-59, second 00-60 (leap second); or empty.
Status CheckTimestamp(const std::string& s, const std::string& ctx) {
  MODELSEAL_RETURN_IF_ERROR(
      CheckString(s, ctx, limits::kMaxStringBytes, false));
  if (s.empty()) return Status::Ok();
  std::string_view v(s);
  bool shape_ok = v.size() == 20 && v[4] == '-' && v[7] == '-' &&
                  v[10] == 'T' && v[13] == ':' && v[16] == ':' &&
                  v[19] == 'Z' && IsDigits(v.substr(0, 4)) &&
                  IsDigits(v.substr(5, 2)) && IsDigits(v.substr(8, 2)) &&
                  IsDigits(v.substr(11, 2)) && IsDigits(v.substr(14, 2)) &&
                  IsDigits(v.substr(17, 2));
  if (!shape_ok || Num(v.substr(5, 2)) < 1 || Num(v.substr(5, 2)) > 12 ||
      Num(v.substr(8, 2)) < 1 || Num(v.substr(8, 2)) > 31 ||
      Num(v.substr(11, 2)) > 23 || Num(v.substr(14, 2)) > 59 ||
      Num(v.substr(17, 2)) > 60) {
    return Status(ErrorCode::kBadTimestamp, ctx, "'" + s + "'");
  }
  return Status::Ok();
}

// "sha256:" followed by 64 lowercase hex digits; or empty.
Status CheckHash(const std::string& s, const std::string& ctx) {
  MODELSEAL_RETURN_IF_ERROR(
      CheckString(s, ctx, limits::kMaxStringBytes, false));
  if (s.empty()) return Status::Ok();
  constexpr std::string_view kPrefix = "sha256:";
  bool ok = s.size() == kPrefix.size() + 64 && s.starts_with(kPrefix);
  for (size_t i = kPrefix.size(); ok && i < s.size(); ++i) {
    char c = s[i];
    ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
  }
  if (!ok) {
    return Status(ErrorCode::kBadHash, ctx,
                  "expected sha256: and 64 lowercase hex digits");
  }
  return Status::Ok();
}

Status ValidateMetadata(const Metadata& m) {
  MODELSEAL_RETURN_IF_ERROR(
      CheckString(m.name, "metadata.name", limits::kMaxStringBytes, true));
  MODELSEAL_RETURN_IF_ERROR(CheckString(m.description, "metadata.description",
                                        limits::kMaxStringBytes, false));
  MODELSEAL_RETURN_IF_ERROR(CheckTimestamp(m.created, "metadata.created"));
  MODELSEAL_RETURN_IF_ERROR(CheckString(m.training_data.uri,
                                        "metadata.training_data.uri",
                                        limits::kMaxStringBytes, false));
  MODELSEAL_RETURN_IF_ERROR(CheckHash(m.training_data.content_hash,
                                      "metadata.training_data.content_hash"));
  MODELSEAL_RETURN_IF_ERROR(CheckListSize(m.training_data.shape.size(),
                                          limits::kMaxRank,
                                          "metadata.training_data.shape"));
  MODELSEAL_RETURN_IF_ERROR(CheckString(m.source.uri, "metadata.source.uri",
                                        limits::kMaxStringBytes, false));
  MODELSEAL_RETURN_IF_ERROR(
      CheckHash(m.source.content_hash, "metadata.source.content_hash"));
  MODELSEAL_RETURN_IF_ERROR(CheckString(m.source.text, "metadata.source.text",
                                        limits::kMaxSourceTextBytes, false));
  MODELSEAL_RETURN_IF_ERROR(CheckListSize(m.library_versions.size(),
                                          limits::kMaxListItems,
                                          "metadata.library_versions"));
  for (size_t i = 0; i < m.library_versions.size(); ++i) {
    const std::string ctx = IndexContext("metadata.library_versions", i);
    MODELSEAL_RETURN_IF_ERROR(CheckString(m.library_versions[i].name,
                                          JoinContext(ctx, "name"),
                                          limits::kMaxStringBytes, true));
    MODELSEAL_RETURN_IF_ERROR(CheckString(m.library_versions[i].version,
                                          JoinContext(ctx, "version"),
                                          limits::kMaxStringBytes, true));
  }
  MODELSEAL_RETURN_IF_ERROR(CheckListSize(
      m.cv_scores.size(), limits::kMaxListItems, "metadata.cv_scores"));
  for (size_t i = 0; i < m.cv_scores.size(); ++i) {
    const std::string ctx = IndexContext("metadata.cv_scores", i);
    MODELSEAL_RETURN_IF_ERROR(CheckString(m.cv_scores[i].scorer,
                                          JoinContext(ctx, "scorer"),
                                          limits::kMaxStringBytes, true));
    MODELSEAL_RETURN_IF_ERROR(
        CheckFinite(m.cv_scores[i].mean, JoinContext(ctx, "mean")));
    MODELSEAL_RETURN_IF_ERROR(
        CheckFinite(m.cv_scores[i].std, JoinContext(ctx, "std")));
  }
  return Status::Ok();
}

Status ValidateInput(const InputSpec& in) {
  if (in.n_features < 1 || in.n_features > limits::kMaxFeatures) {
    return Status(ErrorCode::kFeatureCount, "input.n_features",
                  std::to_string(in.n_features) + " not in [1, " +
                      std::to_string(limits::kMaxFeatures) + "]");
  }
  MODELSEAL_RETURN_IF_ERROR(CheckListSize(
      in.feature_names.size(), limits::kMaxFeatures, "input.feature_names"));
  if (!in.feature_names.empty() && in.feature_names.size() != in.n_features) {
    return Status(ErrorCode::kFeatureNames, "input.feature_names",
                  std::to_string(in.feature_names.size()) + " names for " +
                      std::to_string(in.n_features) + " features");
  }
  for (size_t i = 0; i < in.feature_names.size(); ++i) {
    MODELSEAL_RETURN_IF_ERROR(
        CheckString(in.feature_names[i], IndexContext("input.feature_names", i),
                    limits::kMaxStringBytes, false));
  }
  // Format 1.1 typed columns (SPEC §6 rules 8-10).
  if (!in.columns.empty() && in.columns.size() != in.n_features) {
    return Status(ErrorCode::kInputColumnCount, "input.columns",
                  std::to_string(in.columns.size()) + " columns for " +
                      std::to_string(in.n_features) + " features");
  }
  for (size_t i = 0; i < in.columns.size(); ++i) {
    const InputColumn& c = in.columns[i];
    const std::string ctx = IndexContext("input.columns", i);
    const std::string& expected =
        in.feature_names.empty() ? std::string() : in.feature_names[i];
    if (c.name != expected) {
      MODELSEAL_RETURN_IF_ERROR(CheckString(c.name, JoinContext(ctx, "name"),
                                            limits::kMaxStringBytes, false));
      return Status(ErrorCode::kInputColumnName, JoinContext(ctx, "name"),
                    "'" + c.name + "', expected '" + expected + "'");
    }
    if (!IsKnown(c.type)) {
      return Status(
          ErrorCode::kUnknownEnum, JoinContext(ctx, "type"),
          "ColumnType " + std::to_string(static_cast<uint8_t>(c.type)));
    }
    if (!IsKnown(c.nullable)) {
      return Status(
          ErrorCode::kUnknownEnum, JoinContext(ctx, "nullable"),
          "Nullable " + std::to_string(static_cast<uint8_t>(c.nullable)));
    }
  }
  return Status::Ok();
}

Status ValidateClassLabels(const ClassLabels& c, const std::string& ctx,
                           uint64_t* count) {
  if (c.int_labels.present() && !c.str_labels.empty()) {
    return Status(ErrorCode::kClassesKind, ctx, "both int64 and string labels");
  }
  if (!IsKnown(c.label_type)) {
    return Status(
        ErrorCode::kUnknownEnum, JoinContext(ctx, "label_type"),
        "LabelType " + std::to_string(static_cast<uint8_t>(c.label_type)));
  }
  if (c.int_labels.present()) {
    const std::string ictx = JoinContext(ctx, "int_labels");
    MODELSEAL_RETURN_IF_ERROR(
        ExpectTensor(c.int_labels, ictx, DType::kInt64, {kAny}, true));
    auto v = c.int_labels.span<int64_t>();
    *count = v.size();
    if (v.size() < 1 || v.size() > limits::kMaxClasses) {
      return Status(ErrorCode::kClassesCount, ictx,
                    std::to_string(v.size()) + " classes, expected 1 to " +
                        std::to_string(limits::kMaxClasses));
    }
    MODELSEAL_RETURN_IF_ERROR(
        CheckStrictlyIncreasing(v, ErrorCode::kClassesNotSorted, ictx));
    // The numpy dtype the labels are returned in.
    constexpr int64_t kMaxExact = int64_t{1} << 53;
    for (size_t i = 0; i < v.size(); ++i) {
      const bool fits =
          c.label_type == LabelType::kInt64 ||
          (c.label_type == LabelType::kBool && (v[i] == 0 || v[i] == 1)) ||
          (c.label_type == LabelType::kFloat64 && v[i] >= -kMaxExact &&
           v[i] <= kMaxExact);
      if (!fits) {
        return Status(ErrorCode::kLabelType, IndexContext(ictx, i),
                      std::to_string(v[i]) + " is not a " +
                          EnumName(c.label_type) + " label");
      }
    }
    return Status::Ok();
  }
  if (c.label_type != LabelType::kInt64) {
    return Status(ErrorCode::kLabelType, JoinContext(ctx, "label_type"),
                  std::string(EnumName(c.label_type)) + " with string labels");
  }
  const std::string sctx = JoinContext(ctx, "str_labels");
  const auto& s = c.str_labels;
  *count = s.size();
  if (s.size() < 1 || s.size() > limits::kMaxClasses) {
    return Status(ErrorCode::kClassesCount, sctx,
                  std::to_string(s.size()) + " classes, expected 1 to " +
                      std::to_string(limits::kMaxClasses));
  }
  for (size_t i = 0; i < s.size(); ++i) {
    MODELSEAL_RETURN_IF_ERROR(CheckString(s[i], IndexContext(sctx, i),
                                          limits::kMaxStringBytes, false));
    // Byte order of UTF-8 is code point order, numpy's order for str.
    if (i > 0 && !(s[i - 1] < s[i])) {
      return Status(ErrorCode::kClassesNotSorted, IndexContext(sctx, i),
                    "'" + s[i] + "' after '" + s[i - 1] + "'");
    }
  }
  return Status::Ok();
}

Status ValidateOutput(const OutputSpec& o, Out* out) {
  if (!IsKnown(o.task)) {
    return Status(ErrorCode::kUnknownTask, "output.task",
                  "Task " + std::to_string(static_cast<uint8_t>(o.task)));
  }
  if (o.n_outputs < 1 || o.n_outputs > limits::kMaxOutputs) {
    return Status(ErrorCode::kOutputCount, "output.n_outputs",
                  std::to_string(o.n_outputs) + " not in [1, " +
                      std::to_string(limits::kMaxOutputs) + "]");
  }
  if (!IsKnown(o.shape)) {
    return Status(
        ErrorCode::kUnknownEnum, "output.shape",
        "OutputShape " + std::to_string(static_cast<uint8_t>(o.shape)));
  }
  if (o.shape == OutputShape::kColumn &&
      (o.task != Task::kRegression || o.n_outputs != 1)) {
    return Status(ErrorCode::kOutputColumn, "output.shape",
                  "column on a model that is not a regressor with one output");
  }
  out->task = o.task;
  out->n_outputs = o.n_outputs;
  const uint64_t expected = o.task == Task::kClassification ? o.n_outputs : 0;
  if (o.classes.size() != expected) {
    return Status(ErrorCode::kClassesCount, "output.classes",
                  std::to_string(o.classes.size()) + " label lists, expected " +
                      std::to_string(expected));
  }
  for (size_t i = 0; i < o.classes.size(); ++i) {
    uint64_t count = 0;
    MODELSEAL_RETURN_IF_ERROR(ValidateClassLabels(
        o.classes[i], IndexContext("output.classes", i), &count));
    out->n_classes.push_back(count);
    if (count > out->max_classes) out->max_classes = count;
  }
  return Status::Ok();
}

// The typing rule (SPEC §6 rule 11) on an estimator whose structure
// ValidateEstimator has accepted (so every index below is in range): `in`
// says which of its input columns are strings; `out` receives the same for
// its output (empty for a predictor).
// One byte per column (1: a string column), scanned with memchr: a model may
// carry 2^24-column transformers, and this walk runs on every load.
using StringColumns = std::vector<uint8_t>;

// The first string column of `c`, or c.size() when there is none.
size_t FirstString(const StringColumns& c) {
  const void* hit = c.empty() ? nullptr : std::memchr(c.data(), 1, c.size());
  return hit == nullptr
             ? c.size()
             : static_cast<size_t>(static_cast<const uint8_t*>(hit) - c.data());
}

Status StringInto(const std::string& ctx, size_t column, const char* what) {
  return Status(ErrorCode::kColumnType, ctx,
                "input column " + std::to_string(column) +
                    " is a string column; " + what);
}

// An encoder column's categories must have its input column's type.
Status CheckEncoderColumn(const CategoryList& c, bool is_string,
                          const std::string& columns_ctx, size_t j) {
  const bool string_categories = !c.strings.empty();
  if (is_string == string_categories) return Status::Ok();
  const std::string ctx =
      JoinContext(IndexContext(columns_ctx, j), "categories");
  if (is_string) {
    return StringInto(ctx, j, "the column's categories are numbers");
  }
  return Status(ErrorCode::kColumnType, ctx,
                "input column " + std::to_string(j) +
                    " is numeric; the column's categories are strings");
}

// `total` sums the input widths of every estimator the walk visits (SPEC
// §7 rule 6).
Status CheckTypes(const Estimator& e, const std::string& ctx,
                  const StringColumns& in, StringColumns* out,
                  uint64_t* total) {
  *total += in.size();
  if (*total > limits::kMaxTotalColumns) {
    return Status(ErrorCode::kModelTooWide, ctx,
                  "the input widths of the estimators up to here sum to " +
                      std::to_string(*total) + ", more than " +
                      std::to_string(limits::kMaxTotalColumns));
  }
  if (const auto* p = std::get_if<Pipeline>(&e.kind)) {
    StringColumns cur = in;
    for (size_t i = 0; i < p->steps.size(); ++i) {
      StringColumns next;
      MODELSEAL_RETURN_IF_ERROR(
          CheckTypes(p->steps[i], IndexContext(JoinContext(ctx, "steps"), i),
                     cur, &next, total));
      cur = std::move(next);
    }
    *out = std::move(cur);
    return Status::Ok();
  }
  if (const auto* t = std::get_if<ColumnTransformer>(&e.kind)) {
    out->clear();
    for (size_t i = 0; i < t->groups.size(); ++i) {
      const ColumnGroup& g = t->groups[i];
      StringColumns sub;
      sub.reserve(g.columns.size());
      for (uint64_t c : g.columns) sub.push_back(in[c]);
      StringColumns group_out;
      MODELSEAL_RETURN_IF_ERROR(CheckTypes(
          g.transformer[0],
          IndexContext(JoinContext(IndexContext(JoinContext(ctx, "groups"), i),
                                   "transformer"),
                       0),
          sub, &group_out, total));
      out->insert(out->end(), group_out.begin(), group_out.end());
    }
    return Status::Ok();
  }
  if (const auto* u = std::get_if<FeatureUnion>(&e.kind)) {
    // Every transformer reads all columns; the output is numeric.
    out->clear();
    for (size_t i = 0; i < u->transformers.size(); ++i) {
      const std::string t_ctx =
          IndexContext(JoinContext(ctx, "transformers"), i);
      StringColumns t_out;
      MODELSEAL_RETURN_IF_ERROR(
          CheckTypes(u->transformers[i], t_ctx, in, &t_out, total));
      if (const size_t j = FirstString(t_out); j < t_out.size()) {
        return Status(
            ErrorCode::kUnionStringOutput, t_ctx,
            "its output column " + std::to_string(j) + " is a string column");
      }
      out->insert(out->end(), t_out.begin(), t_out.end());
    }
    return Status::Ok();
  }
  if (const auto* t = std::get_if<TransformedTargetRegressor>(&e.kind)) {
    // The regressor reads the input; the output is its predictions.
    StringColumns sub;
    MODELSEAL_RETURN_IF_ERROR(CheckTypes(
        t->regressor[0], IndexContext(JoinContext(ctx, "regressor"), 0), in,
        &sub, total));
    out->clear();
    return Status::Ok();
  }
  if (const auto* t = std::get_if<ThresholdClassifier>(&e.kind)) {
    // The classifier reads the input; the output is its labels.
    StringColumns sub;
    MODELSEAL_RETURN_IF_ERROR(CheckTypes(
        t->estimator[0], IndexContext(JoinContext(ctx, "estimator"), 0), in,
        &sub, total));
    out->clear();
    return Status::Ok();
  }
  if (const auto* v = std::get_if<Voting>(&e.kind)) {
    // Each estimator reads the input, which must be numbers (a compiled
    // estimator has no dictionary of the strings); the output is their
    // combination.
    if (const size_t j = FirstString(in); j < in.size()) {
      return Status(ErrorCode::kVotingStringInput, ctx,
                    "its input column " + std::to_string(j) +
                        " is a string column; encode string columns before "
                        "the Voting (a ColumnTransformer step before it)");
    }
    for (size_t i = 0; i < v->estimators.size(); ++i) {
      StringColumns sub;
      MODELSEAL_RETURN_IF_ERROR(CheckTypes(
          v->estimators[i], IndexContext(JoinContext(ctx, "estimators"), i), in,
          &sub, total));
    }
    out->clear();
    return Status::Ok();
  }
  if (std::holds_alternative<Passthrough>(e.kind)) {
    *out = in;
    return Status::Ok();
  }
  if (const auto* k = std::get_if<OneHotEncoder>(&e.kind)) {
    const std::string columns_ctx = JoinContext(ctx, "columns");
    uint64_t width = 0;
    for (size_t j = 0; j < k->columns.size(); ++j) {
      MODELSEAL_RETURN_IF_ERROR(
          CheckEncoderColumn(k->columns[j].categories, in[j], columns_ctx, j));
      width += k->columns[j].width;
    }
    out->assign(width, false);
    return Status::Ok();
  }
  if (const auto* k = std::get_if<OrdinalEncoder>(&e.kind)) {
    const std::string columns_ctx = JoinContext(ctx, "columns");
    for (size_t j = 0; j < k->columns.size(); ++j) {
      MODELSEAL_RETURN_IF_ERROR(
          CheckEncoderColumn(k->columns[j].categories, in[j], columns_ctx, j));
    }
    out->assign(k->columns.size(), false);
    return Status::Ok();
  }
  if (const auto* k = std::get_if<TargetEncoder>(&e.kind)) {  // h-tenc
    const std::string columns_ctx = JoinContext(ctx, "columns");
    for (size_t j = 0; j < k->columns.size(); ++j) {
      MODELSEAL_RETURN_IF_ERROR(
          CheckEncoderColumn(k->columns[j].categories, in[j], columns_ctx, j));
    }
    out->assign(k->columns.size() * k->target_mean.size(), false);
    return Status::Ok();
  }
  if (const auto* k = std::get_if<SimpleImputer>(&e.kind)) {
    out->clear();
    for (size_t j = 0; j < k->kept.size(); ++j) {
      const uint64_t c = k->kept[j];
      const std::string kept_ctx = IndexContext(JoinContext(ctx, "kept"), j);
      if (in[c] && k->fill_strings.empty()) {
        return StringInto(kept_ctx, c, "the imputer has no fill_strings");
      }
      if (!in[c] && !k->fill_numbers.present()) {
        return Status(ErrorCode::kColumnType, kept_ctx,
                      "input column " + std::to_string(c) +
                          " is numeric; the imputer has no fill_numbers");
      }
      // scikit-learn drops a column whose statistic is NaN (an empty
      // column with keep_empty_features=False, a mean that overflows): a
      // kept numeric column's fill is a number, possibly infinite (a median
      // that overflows, fill_value=inf), never NaN.
      if (!in[c] && std::isnan(k->fill_numbers.span<double>()[c])) {
        return Status(ErrorCode::kImputerFillNaN,
                      IndexContext(JoinContext(ctx, "fill_numbers"), c),
                      "NaN fills kept column " + std::to_string(c) + " (kept[" +
                          std::to_string(j) + "])");
      }
      out->push_back(in[c]);
    }
    out->insert(out->end(), k->indicator.size(), false);
    return Status::Ok();
  }
  if (const auto* k = std::get_if<FeatureSelector>(&e.kind)) {  // h-sel
    if (const size_t j = FirstString(in); j < in.size()) {
      return StringInto(ctx, j, "FeatureSelector takes numbers only");
    }
    out->assign(k->columns.size(), false);
    return Status::Ok();
  }
  if (const auto* k = std::get_if<MissingIndicator>(&e.kind)) {  // h-sel
    if (const size_t j = FirstString(in); j < in.size()) {
      return StringInto(ctx, j, "MissingIndicator takes numbers only");
    }
    out->assign(k->features.size(), false);
    return Status::Ok();
  }
  // Every other kind takes numbers only; a transformer among them outputs
  // numbers, as many columns as its own rules say (PolynomialFeatures and
  // KBinsDiscretizer's one-hot output change the width: the columns after
  // them are typed at that width, never read past `in`).
  if (const size_t j = FirstString(in); j < in.size()) {
    return StringInto(
        ctx, j, (std::string(e.kind_name()) + " takes numbers only").c_str());
  }
  if (IsTransformer(e)) {
    uint64_t width = 0;
    MODELSEAL_RETURN_IF_ERROR(
        ValidateEstimator(e, ctx, in.size(), 0, Role::kStep, Out{}, &width));
    out->assign(width, false);
  } else {
    out->clear();
  }
  return Status::Ok();
}

}  // namespace

Status ValidateModel(const Model& model) {
  if (model.format_major != kFormatMajor) {
    return Status(ErrorCode::kUnsupportedMajorVersion, "format_major",
                  std::to_string(model.format_major) + ", this reader knows " +
                      std::to_string(kFormatMajor));
  }
  MODELSEAL_RETURN_IF_ERROR(ValidateMetadata(model.metadata));
  MODELSEAL_RETURN_IF_ERROR(ValidateInput(model.input));
  Out out;
  MODELSEAL_RETURN_IF_ERROR(ValidateOutput(model.output, &out));
  uint64_t width = 0;
  MODELSEAL_RETURN_IF_ERROR(ValidateEstimator(model.estimator, "estimator",
                                              model.input.n_features, 1,
                                              Role::kFinal, out, &width));
  StringColumns in(model.input.n_features, false);
  for (size_t i = 0; i < model.input.columns.size(); ++i) {
    in[i] = model.input.columns[i].type == ColumnType::kString;
  }
  StringColumns result;
  uint64_t total_columns = 0;
  MODELSEAL_RETURN_IF_ERROR(
      CheckTypes(model.estimator, "estimator", in, &result, &total_columns));
  if (const size_t i = FirstString(result); i < result.size()) {
    return Status(ErrorCode::kColumnType, "estimator",
                  "output column " + std::to_string(i) +
                      " of the transform is a string column");
  }
  return Status::Ok();
}

}  // namespace modelseal

// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Composition: Pipeline, ColumnTransformer.
#include <utility>

#include "core/context_path.h"
#include "mapper/common.h"

namespace modelseal::mapper {

Status MapPipeline(const Value& est, const MapContext& ctx, Mapped* out) {
  Value steps = est.Get("steps");
  MODELSEAL_ASSIGN_OR_RETURN(size_t n, steps.Size());
  // Steps that are None or "passthrough" do nothing.
  std::vector<std::pair<std::string, Value>> live;
  for (size_t i = 0; i < n; ++i) {
    Value step = steps.At(i);
    MODELSEAL_ASSIGN_OR_RETURN(std::string name, step.At(0).AsStr());
    Value s = step.At(1);
    if (!s.ok()) return s.status();
    if (s.is_none()) continue;
    if (s.is_str()) {
      if (*s.AsStr() == "passthrough") continue;
    }
    live.emplace_back(std::move(name), s);
  }
  if (live.empty()) {
    if (n == 0) return Unsupported(est, "pipeline has no steps");
    // Only "passthrough" / None steps: the identity.
    Mapped m;
    m.estimator.kind = Passthrough{};
    m.output.task = Task::kTransform;
    *out = std::move(m);
    return Status();
  }
  Pipeline p;
  OutputSpec output;
  for (size_t i = 0; i < live.size(); ++i) {
    Value s = live[i].second.WithPath(est.path() + ".steps[" +
                                      std::to_string(i) + "]");
    Mapped m;
    // Every step but the last feeds the next one; the last one too when
    // the pipeline itself stands where a transformer is needed.
    const bool feeds = i + 1 < live.size() || ctx.as_transformer();
    MODELSEAL_RETURN_IF_ERROR(feeds ? ctx.MapTransformer(s, &m)
                                    : ctx.Map(s, &m));
    if (i + 1 < live.size() && m.output.task != Task::kTransform) {
      return Unsupported(s, "step '" + live[i].first +
                                "' is not a transformer but is not the last "
                                "step");
    }
    // A nested pipeline of only passthrough steps does nothing.
    if (std::holds_alternative<Passthrough>(m.estimator.kind)) continue;
    p.steps.push_back(std::move(m.estimator));
    output = std::move(m.output);
  }
  if (p.steps.empty()) {
    Mapped m;
    m.estimator.kind = Passthrough{};
    m.output.task = Task::kTransform;
    *out = std::move(m);
    return Status();
  }
  Mapped m;
  m.estimator.kind = std::move(p);
  m.output = std::move(output);
  *out = std::move(m);
  return Status();
}

namespace {

bool IsPassthrough(const Value& t) {
  if (t.is_str()) return *t.AsStr() == "passthrough";
  // A fitted "passthrough" group is an identity FunctionTransformer.
  auto cls = t.ClassName();
  if (!cls.ok() ||
      cls->first != "sklearn.preprocessing._function_transformer" ||
      cls->second != "FunctionTransformer") {
    return false;
  }
  auto func = t.Find("func");
  return !func.has_value() && t.Has("func");
}

// The input column indices of a fitted group: a list of ints or an integer
// array (`_transformer_to_input_indices[name]`).
Result<std::vector<uint64_t>> GroupIndices(const Value& v, uint64_t n) {
  std::vector<int64_t> raw;
  if (v.kind() == Node::Kind::kArray) {
    MODELSEAL_ASSIGN_OR_RETURN(Elements<int64_t> e, v.Numeric<int64_t>());
    raw = std::move(e.values);
  } else {
    MODELSEAL_ASSIGN_OR_RETURN(size_t count, v.Size());
    for (size_t i = 0; i < count; ++i) {
      MODELSEAL_ASSIGN_OR_RETURN(int64_t x, v.At(i).AsInt());
      raw.push_back(x);
    }
  }
  std::vector<uint64_t> out;
  for (size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] < 0 || static_cast<uint64_t>(raw[i]) >= n) {
      return Status(ErrorCode::kStateValue, IndexContext(v.path(), i),
                    "column index out of range (n_features_in_ " +
                        std::to_string(n) + ")");
    }
    out.push_back(static_cast<uint64_t>(raw[i]));
  }
  return out;
}

}  // namespace

// transform (fitted): for each (name, transformer, columns) of
// transformers_ (the remainder last, when it has columns), skipping "drop"
// and empty selections, the transformer's output on the input columns
// _transformer_to_input_indices[name] (names, masks, slices and callables
// resolved at fit), side by side.
Status MapColumnTransformer(const Value& est, const MapContext& ctx,
                            Mapped* out) {
  if (auto sparse = est.Find("sparse_output_")) {
    MODELSEAL_ASSIGN_OR_RETURN(bool s, sparse->AsBool());
    if (s) {
      return Unsupported(est,
                         "its output is sparse (sparse_output_ is True); "
                         "modelseal outputs dense arrays: set "
                         "sparse_threshold=0");
    }
  }
  if (auto w = est.Find("transformer_weights")) {
    return Unsupported(est, "transformer_weights is not supported");
  }
  MODELSEAL_ASSIGN_OR_RETURN(int64_t n_in, est.Get("n_features_in_").AsInt());
  if (n_in < 0) {
    return est.Get("n_features_in_").Fail(ErrorCode::kStateValue, "< 0");
  }
  Value indices = est.Get("_transformer_to_input_indices");
  Value ts = est.Get("transformers_");
  MODELSEAL_ASSIGN_OR_RETURN(size_t n, ts.Size());
  ColumnTransformer ct;
  uint64_t width = 0;
  ctx.EnterDenseColumnTransformer();
  Status status;
  for (size_t i = 0; i < n && status.ok(); ++i) {
    Value entry = ts.At(i);
    auto name = entry.At(0).AsStr();
    if (!name.ok()) {
      status = name.status();
      break;
    }
    Value t = entry.At(1);
    if (!t.ok()) {
      status = t.status();
      break;
    }
    if (t.is_str() && *t.AsStr() == "drop") continue;
    auto cols = GroupIndices(indices.Get(*name), static_cast<uint64_t>(n_in));
    if (!cols.ok()) {
      status = cols.status();
      break;
    }
    if (cols->empty()) continue;  // skipped by transform
    ColumnGroup g;
    g.columns = std::move(*cols);
    Mapped m;
    if (IsPassthrough(t)) {
      m.estimator.kind = Passthrough{};
    } else if (t.is_str()) {
      status = Unsupported(
          est, "transformer '" + *name + "' is '" + *t.AsStr() + "'");
      break;
    } else {
      status = ctx.MapTransformer(
          t.WithPath(est.path() + ".transformers_[" + std::to_string(i) + "]"),
          &m);
      if (!status.ok()) break;
      if (m.output.task != Task::kTransform) {
        status = Unsupported(
            est, "transformer '" + *name + "' is not a transformer");
        break;
      }
    }
    width += std::holds_alternative<Passthrough>(m.estimator.kind)
                 ? g.columns.size()
                 : m.output.n_outputs;
    g.transformer.push_back(std::move(m.estimator));
    ct.groups.push_back(std::move(g));
  }
  ctx.LeaveDenseColumnTransformer();
  MODELSEAL_RETURN_IF_ERROR(status);
  *out = TransformerMapping(std::move(ct), width);
  return Status();
}

}  // namespace modelseal::mapper

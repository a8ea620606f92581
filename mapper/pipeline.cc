// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Composition: Pipeline.
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
  if (live.empty()) return Unsupported(est, "pipeline has no steps");
  Pipeline p;
  OutputSpec output;
  for (size_t i = 0; i < live.size(); ++i) {
    Value s = live[i].second.WithPath(est.path() + ".steps[" +
                                      std::to_string(i) + "]");
    Mapped m;
    MODELSEAL_RETURN_IF_ERROR(ctx.Map(s, &m));
    if (i + 1 < live.size() && m.output.task != Task::kTransform) {
      return Unsupported(s, "step '" + live[i].first +
                                "' is not a transformer but is not the last "
                                "step");
    }
    p.steps.push_back(std::move(m.estimator));
    output = std::move(m.output);
  }
  Mapped m;
  m.estimator.kind = std::move(p);
  m.output = std::move(output);
  *out = std::move(m);
  return Status();
}

}  // namespace modelseal::mapper

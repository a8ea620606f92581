// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Preprocessing: StandardScaler.
#include "mapper/common.h"

namespace modelseal::mapper {

Status MapStandardScaler(const Value& est, const MapContext&, Mapped* out) {
  StandardScaler s;
  MODELSEAL_ASSIGN_OR_RETURN(bool with_mean, est.Get("with_mean").AsBool());
  MODELSEAL_ASSIGN_OR_RETURN(bool with_std, est.Get("with_std").AsBool());
  if (with_mean) {
    MODELSEAL_ASSIGN_OR_RETURN(s.mean, F64Tensor(est.Get("mean_")));
  }
  if (with_std) {
    MODELSEAL_ASSIGN_OR_RETURN(s.scale, F64Tensor(est.Get("scale_")));
  }
  MODELSEAL_ASSIGN_OR_RETURN(int64_t n, est.Get("n_features_in_").AsInt());
  if (n < 0)
    return est.Get("n_features_in_").Fail(ErrorCode::kStateValue, "< 0");
  Mapped m;
  m.estimator.kind = std::move(s);
  m.output.task = Task::kTransform;
  m.output.n_outputs = static_cast<uint64_t>(n);
  *out = std::move(m);
  return Status();
}

}  // namespace modelseal::mapper

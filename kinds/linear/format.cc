// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// The FlatBuffers mapping of LinearModel (format/model.fbs): the reader
// (Read*) and the writer (Write*). Compiled into the format library.
#include <cmath>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "format/manifest_writer.h"
#include "format/reader_internal.h"

namespace modelseal::format_internal {

Status Converter::ReadLinearModel(const void* value, const std::string& ctx,
                                  uint64_t /*depth*/, Estimator* out) {
  const auto* l = static_cast<const fbs::LinearModel*>(value);
  if (l == nullptr) return Missing(ctx);
  LinearModel linear;
  MODELSEAL_RETURN_IF_ERROR(
      Ref(l->coef(), JoinContext(ctx, "coef"), &linear.coef));
  MODELSEAL_RETURN_IF_ERROR(
      Ref(l->intercept(), JoinContext(ctx, "intercept"), &linear.intercept));
  linear.output = static_cast<LinearOutput>(static_cast<uint8_t>(l->output()));
  // Every NaN means "none": read as the one default NaN, so that a model
  // read from a file writes (nothing) and reads back the same.
  const double power = l->deviance_power();
  linear.deviance_power =
      std::isnan(power) ? std::numeric_limits<double>::quiet_NaN() : power;
  out->kind = std::move(linear);
  return Status::Ok();
}

Offset<void> ManifestWriter::WriteLinearModel(const LinearModel& k) {
  const auto* l = &k;
  int32_t coef = Add(l->coef);
  int32_t intercept = Add(l->intercept);
  // deviance_power is written only when set (its default is NaN, which the
  // builder would not recognise as the default), so a format 1.0 model's
  // bytes stay those of a 1.0 writer.
  fbs::LinearModelBuilder b(fbb_);
  if (!std::isnan(l->deviance_power)) b.add_deviance_power(l->deviance_power);
  b.add_intercept(intercept);
  b.add_coef(coef);
  b.add_output(static_cast<fbs::LinearOutput>(l->output));
  return b.Finish().Union();
}

}  // namespace modelseal::format_internal

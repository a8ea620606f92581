// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// The FlatBuffers mapping of NeuralNetwork (format/model.fbs): the reader
// (Read*) and the writer (Write*). Compiled into the format library.
#include <string>
#include <utility>

#include "format/manifest_writer.h"
#include "format/reader_internal.h"

namespace modelseal::format_internal {

Status Converter::ReadNeuralNetwork(const void* value, const std::string& ctx,
                                    uint64_t /*depth*/, Estimator* out) {
  const auto* s = static_cast<const fbs::NeuralNetwork*>(value);
  if (s == nullptr) return Missing(ctx);
  NeuralNetwork nn;
  nn.hidden_activation =
      static_cast<Activation>(static_cast<uint8_t>(s->hidden_activation()));
  nn.output_activation =
      static_cast<Activation>(static_cast<uint8_t>(s->output_activation()));
  MODELSEAL_RETURN_IF_ERROR(
      Ref(s->layer_sizes(), JoinContext(ctx, "layer_sizes"), &nn.layer_sizes));
  MODELSEAL_RETURN_IF_ERROR(
      Ref(s->weights(), JoinContext(ctx, "weights"), &nn.weights));
  MODELSEAL_RETURN_IF_ERROR(
      Ref(s->biases(), JoinContext(ctx, "biases"), &nn.biases));
  out->kind = std::move(nn);
  return Status::Ok();
}

Offset<void> ManifestWriter::WriteNeuralNetwork(const NeuralNetwork& k) {
  int32_t layer_sizes = Add(k.layer_sizes);
  int32_t weights = Add(k.weights);
  int32_t biases = Add(k.biases);
  return fbs::CreateNeuralNetwork(
             fbb_, static_cast<fbs::Activation>(k.hidden_activation),
             static_cast<fbs::Activation>(k.output_activation), layer_sizes,
             weights, biases)
      .Union();
}

}  // namespace modelseal::format_internal

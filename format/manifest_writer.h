// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// The Model -> FlatBuffers mapping shared by format/writer.cc and the kinds'
// writers (kinds/<family>/format.cc). Tensor indices are assigned in the
// order Add() meets them; every kind's writer adds its tensors in its
// fields' order. Private to the format library.
#ifndef MODELSEAL_FORMAT_MANIFEST_WRITER_H_
#define MODELSEAL_FORMAT_MANIFEST_WRITER_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "flatbuffers/flatbuffers.h"
#include "format/model_generated.h"
#include "modelseal/model.h"

namespace modelseal::format_internal {

namespace fbs = ::modelseal::fb;
using flatbuffers::Offset;

class ManifestWriter {
 public:
  ManifestWriter() { fbb_.ForceDefaults(true); }

  Offset<fbs::Manifest> Build(const Model& m);

  flatbuffers::FlatBufferBuilder& fbb() { return fbb_; }
  const std::vector<const Tensor*>& tensors() const { return tensors_; }

  // The index of `t` in the tensor table (appended), or -1 when absent.
  int32_t Add(const Tensor& t);
  Offset<flatbuffers::Vector<Offset<flatbuffers::String>>> StringVector(
      const std::vector<std::string>& v);
  // The estimator union: dispatches on the kind (kinds/kinds.def).
  std::pair<fbs::Estimator, Offset<void>> BuildEstimator(const Estimator& e);

  // Shared sub-tables (kinds/trees/format.cc, also used by
  // GradientBoosting; kinds/hist_gradient_boosting/format.cc).
  Offset<fbs::Tree> BuildTree(const Tree& t);
  Offset<flatbuffers::Vector<Offset<fbs::Tree>>> BuildTrees(
      const std::vector<Tree>& trees);
  Offset<fbs::HistTree> BuildHistTree(const HistTree& t);

  // One writer per kind (kinds/kinds.def), in kinds/<family>/format.cc:
  // returns the kind's table.
#define MODELSEAL_KIND(K, role) Offset<void> Write##K(const K& k);
#include "kinds/kinds.def"
#undef MODELSEAL_KIND

 private:
  Offset<fbs::Metadata> BuildMetadata(const Metadata& m);
  Offset<fbs::OutputSpec> BuildOutput(const OutputSpec& o);

  flatbuffers::FlatBufferBuilder fbb_;
  std::vector<const Tensor*> tensors_;
};

}  // namespace modelseal::format_internal

#endif  // MODELSEAL_FORMAT_MANIFEST_WRITER_H_

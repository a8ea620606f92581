// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// SerializeModel / WriteModelFile: the only code that writes the format.
// Validates first, then builds the manifest (tensor indices assigned in the
// order fields are met walking the model) and lays the tensors out
// canonically (SPEC §4). The output is a function of the Model alone.
#include <cstring>
#include <span>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "core/checked_math.h"
#include "core/file_util.h"
#include "core/little_endian.h"
#include "flatbuffers/flatbuffers.h"
#include "format/container.h"
#include "format/manifest_writer.h"
#include "format/model_generated.h"
#include "format/validate_internal.h"
#include "format/writer_internal.h"
#include "kinds/kinds.h"
#include "modelseal/format.h"
#include "modelseal/limits.h"

namespace modelseal {
namespace {

using format_internal::ManifestWriter;
namespace fbs = ::modelseal::fb;

using flatbuffers::Offset;

// Upper bound of the manifest's size, computed before building it so that
// an oversized model is refused with kManifestLength instead of reaching
// FlatBuffers' 2 GiB assertion. Every string costs at most its length + 16
// bytes, every tensor 128 (table, vtable, shape vector), every other table
// or list entry 256.
struct SizeEstimate {
  uint64_t bytes = 4096;
  uint64_t tensors = 0;
  void Add(uint64_t n) {
    auto s = CheckedAdd(bytes, n);
    bytes = s ? *s : UINT64_MAX;
  }
  template <typename T>
  void Field(int, const char*, T& value) {
    Visit(value);
  }
  void Visit(std::string& s) { Add(s.size() + 16); }
  void Visit(uint16_t) {}
  void Visit(uint64_t) {}
  void Visit(double) {}
  template <typename E>
  requires std::is_enum_v<E>
  void Visit(E&) {}
  void Visit(Tensor& t) {
    if (!t.present()) return;
    ++tensors;
    Add(128);
  }
  void Visit(std::vector<uint64_t>& v) { Add(8 * v.size() + 16); }
  void Visit(std::vector<std::string>& v) {
    for (auto& s : v) Visit(s);
  }
  void Visit(Estimator& e) {
    Add(256);
    std::visit([this](auto& alt) { alt.Visit(*this); }, e.kind);
  }
  template <typename T>
  void Visit(std::vector<T>& v) {
    for (auto& item : v) Visit(item);
  }
  template <typename T>
  void Visit(T& s) {
    Add(256);
    s.Visit(*this);
  }
};

}  // namespace

namespace format_internal {

Offset<fbs::Manifest> ManifestWriter::Build(const Model& m) {
  auto metadata = BuildMetadata(m.metadata);
  auto feature_names = StringVector(m.input.feature_names);
  // Format 1.1 only: a 1.0 model's manifest has no columns field at all.
  Offset<flatbuffers::Vector<Offset<fbs::InputColumn>>> columns_vec;
  if (!m.input.columns.empty()) {
    std::vector<Offset<fbs::InputColumn>> columns;
    columns.reserve(m.input.columns.size());
    for (const InputColumn& c : m.input.columns) {
      auto name = fbb_.CreateString(c.name);
      columns.push_back(fbs::CreateInputColumn(
          fbb_, name, static_cast<fbs::ColumnType>(c.type),
          static_cast<fbs::Nullable>(c.nullable)));
    }
    columns_vec = fbb_.CreateVector(columns);
  }
  auto input = fbs::CreateInputSpec(fbb_, m.input.n_features, feature_names,
                                    columns_vec);
  auto output = BuildOutput(m.output);
  auto [type, estimator] = BuildEstimator(m.estimator);
  std::vector<Offset<fbs::Tensor>> table;
  uint64_t offset = 0;
  for (const Tensor* t : tensors_) {
    auto shape = fbb_.CreateVector(t->shape());
    table.push_back(fbs::CreateTensor(fbb_, static_cast<fbs::DType>(t->dtype()),
                                      shape, offset, t->nbytes()));
    offset = *AlignUp(offset + t->nbytes(), limits::kTensorAlignment);
  }
  auto tensors = fbb_.CreateVector(table);
  return fbs::CreateManifest(fbb_, kFormatMajor, RequiredFormatMinor(m),
                             metadata, input, output, type, estimator, tensors);
}

int32_t ManifestWriter::Add(const Tensor& t) {
  if (!t.present()) return -1;
  tensors_.push_back(&t);
  return static_cast<int32_t>(tensors_.size() - 1);
}

Offset<flatbuffers::Vector<Offset<flatbuffers::String>>>
ManifestWriter::StringVector(const std::vector<std::string>& v) {
  std::vector<Offset<flatbuffers::String>> out;
  out.reserve(v.size());
  for (const auto& s : v) out.push_back(fbb_.CreateString(s));
  return fbb_.CreateVector(out);
}

Offset<fbs::Metadata> ManifestWriter::BuildMetadata(const Metadata& m) {
  auto name = fbb_.CreateString(m.name);
  auto description = fbb_.CreateString(m.description);
  auto created = fbb_.CreateString(m.created);
  auto td_uri = fbb_.CreateString(m.training_data.uri);
  auto td_hash = fbb_.CreateString(m.training_data.content_hash);
  auto td_shape = fbb_.CreateVector(m.training_data.shape);
  auto training = fbs::CreateTrainingData(fbb_, td_uri, td_hash, td_shape);
  auto src_uri = fbb_.CreateString(m.source.uri);
  auto src_hash = fbb_.CreateString(m.source.content_hash);
  auto src_text = fbb_.CreateString(m.source.text);
  auto source = fbs::CreateSourceRef(fbb_, src_uri, src_hash, src_text);
  std::vector<Offset<fbs::LibraryVersion>> libs;
  for (const auto& l : m.library_versions) {
    auto n = fbb_.CreateString(l.name);
    auto v = fbb_.CreateString(l.version);
    libs.push_back(fbs::CreateLibraryVersion(fbb_, n, v));
  }
  auto libs_vec = fbb_.CreateVector(libs);
  std::vector<Offset<fbs::CvScore>> scores;
  for (const auto& s : m.cv_scores) {
    auto scorer = fbb_.CreateString(s.scorer);
    scores.push_back(
        fbs::CreateCvScore(fbb_, scorer, s.mean, s.std, s.n_splits));
  }
  auto scores_vec = fbb_.CreateVector(scores);
  return fbs::CreateMetadata(fbb_, name, m.version, description, created,
                             training, source, libs_vec, scores_vec);
}

Offset<fbs::OutputSpec> ManifestWriter::BuildOutput(const OutputSpec& o) {
  std::vector<Offset<fbs::ClassLabels>> classes;
  for (const auto& c : o.classes) {
    int32_t ints = Add(c.int_labels);
    auto strs = StringVector(c.str_labels);
    // label_type (format 1.1) is stored only when it is not Int64, its
    // 1.0 meaning: a format 1.0 model keeps the bytes a 1.0 writer gave it.
    fbs::ClassLabelsBuilder b(fbb_);
    b.add_str_labels(strs);
    b.add_int_labels(ints);
    if (c.label_type != LabelType::kInt64) {
      b.add_label_type(static_cast<fbs::LabelType>(c.label_type));
    }
    classes.push_back(b.Finish());
  }
  auto classes_vec = fbb_.CreateVector(classes);
  // shape (format 1.1) is stored only when it is not Default: a 1.0 model
  // keeps the bytes a 1.0 writer gave it (the builder forces defaults).
  fbs::OutputSpecBuilder b(fbb_);
  b.add_n_outputs(o.n_outputs);
  b.add_classes(classes_vec);
  if (o.shape != OutputShape::kDefault) {
    b.add_shape(static_cast<fbs::OutputShape>(o.shape));
  }
  b.add_task(static_cast<fbs::Task>(o.task));
  return b.Finish();
}

// The registry: one case per line of kinds/kinds.def.
std::pair<fbs::Estimator, Offset<void>> ManifestWriter::BuildEstimator(
    const Estimator& e) {
  switch (e.kind.index()) {
#define MODELSEAL_KIND(K, role) \
  case kinds::internal::k##K:   \
    return {fbs::Estimator::K, Write##K(std::get<K>(e.kind))};
#include "kinds/kinds.def"
#undef MODELSEAL_KIND
    default:
      break;  // valueless_by_exception: ValidateModel refuses it
  }
  return {fbs::Estimator::NONE, 0};
}

Result<std::vector<std::byte>> SerializeUnvalidated(const Model& model) {
  SizeEstimate estimate;
  estimate.Visit(const_cast<Model&>(model));  // the estimator only reads
  if (estimate.tensors > limits::kMaxTensors) {
    return Status(ErrorCode::kTooManyTensors, "tensors",
                  std::to_string(estimate.tensors) + " tensors, limit " +
                      std::to_string(limits::kMaxTensors));
  }
  if (estimate.bytes > limits::kMaxManifestSize) {
    return Status(ErrorCode::kManifestLength, "manifest",
                  "about " + std::to_string(estimate.bytes) + " bytes, limit " +
                      std::to_string(limits::kMaxManifestSize));
  }
  ManifestWriter writer;
  writer.fbb().Finish(writer.Build(model), fbs::ManifestIdentifier());
  const uint64_t manifest_length = writer.fbb().GetSize();

  // Canonical layout: data_start = align64(24 + manifest), tensor i at
  // align64(end of tensor i-1). Sizes are bounded by the checks above and
  // ValidateModel's element caps, but stay checked.
  auto data_start =
      AlignUp(limits::kHeaderSize + manifest_length, limits::kTensorAlignment);
  uint64_t end = 0;
  for (const Tensor* t : writer.tensors()) {
    auto aligned = AlignUp(end, limits::kTensorAlignment);
    auto next = aligned ? CheckedAdd(*aligned, t->nbytes()) : std::nullopt;
    if (!next) {
      return Status(ErrorCode::kFileTooLarge, "tensors", "size overflows");
    }
    end = *next;
  }
  auto total = data_start ? CheckedAdd(*data_start, end) : std::nullopt;
  if (!total || *total > limits::kMaxFileSize) {
    return Status(ErrorCode::kFileTooLarge, "",
                  "limit " + std::to_string(limits::kMaxFileSize) + " bytes");
  }
  std::vector<std::byte> out;
  try {
    out.assign(*total, std::byte{0});
  } catch (const std::bad_alloc&) {
    return Status(ErrorCode::kOutOfMemory, "",
                  std::to_string(*total) + " bytes");
  }
  std::memcpy(out.data(), format_internal::kMagic.data(),
              format_internal::kMagic.size());
  const std::span<std::byte, limits::kHeaderSize> header(out.data(),
                                                         limits::kHeaderSize);
  StoreLe16(header.subspan<format_internal::kMajorOffset, 2>(), kFormatMajor);
  StoreLe16(header.subspan<format_internal::kMinorOffset, 2>(),
            format_internal::RequiredFormatMinor(model));
  StoreLe64(header.subspan<format_internal::kLengthOffset, 8>(),
            manifest_length);
  std::memcpy(out.data() + limits::kHeaderSize, writer.fbb().GetBufferPointer(),
              manifest_length);
  uint64_t offset = 0;
  for (const Tensor* t : writer.tensors()) {
    if (t->nbytes() > 0) {
      std::memcpy(out.data() + *data_start + offset, t->data(), t->nbytes());
    }
    offset = *AlignUp(offset + t->nbytes(), limits::kTensorAlignment);
  }
  return out;
}

}  // namespace format_internal

Result<std::vector<std::byte>> SerializeModel(const Model& model) {
  MODELSEAL_RETURN_IF_ERROR(ValidateModel(model));
  return format_internal::SerializeUnvalidated(model);
}

Status WriteModelFile(const Model& model, const std::string& path) {
  MODELSEAL_ASSIGN_OR_RETURN(std::vector<std::byte> bytes,
                             SerializeModel(model));
  return WriteFileAtomic(path, bytes);
}

}  // namespace modelseal

// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// SerializeModel / WriteModelFile: the only code that writes the format.
// Validates first, then builds the manifest (tensor indices assigned in the
// order fields are met walking the model) and lays the tensors out
// canonically (SPEC §4). The output is a function of the Model alone.
#include <cstring>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "core/checked_math.h"
#include "core/file_util.h"
#include "flatbuffers/flatbuffers.h"
#include "format/container.h"
#include "format/model_generated.h"
#include "format/writer_internal.h"
#include "modelseal/format.h"
#include "modelseal/limits.h"

namespace modelseal {
namespace {

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
  void Visit(Task) {}
  void Visit(LinearOutput) {}
  void Visit(GbLoss) {}
  void Visit(HgbLoss) {}
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

class ManifestWriter {
 public:
  ManifestWriter() { fbb_.ForceDefaults(true); }

  Offset<fbs::Manifest> Build(const Model& m) {
    auto metadata = BuildMetadata(m.metadata);
    auto input = fbs::CreateInputSpec(fbb_, m.input.n_features,
                                      StringVector(m.input.feature_names));
    auto output = BuildOutput(m.output);
    auto [type, estimator] = BuildEstimator(m.estimator);
    std::vector<Offset<fbs::Tensor>> table;
    uint64_t offset = 0;
    for (const Tensor* t : tensors_) {
      auto shape = fbb_.CreateVector(t->shape());
      table.push_back(fbs::CreateTensor(fbb_,
                                        static_cast<fbs::DType>(t->dtype()),
                                        shape, offset, t->nbytes()));
      offset = *AlignUp(offset + t->nbytes(), limits::kTensorAlignment);
    }
    auto tensors = fbb_.CreateVector(table);
    return fbs::CreateManifest(fbb_, kFormatMajor, kFormatMinor, metadata,
                               input, output, type, estimator, tensors);
  }

  flatbuffers::FlatBufferBuilder& fbb() { return fbb_; }
  const std::vector<const Tensor*>& tensors() const { return tensors_; }

 private:
  int32_t Add(const Tensor& t) {
    if (!t.present()) return -1;
    tensors_.push_back(&t);
    return static_cast<int32_t>(tensors_.size() - 1);
  }

  Offset<flatbuffers::Vector<Offset<flatbuffers::String>>> StringVector(
      const std::vector<std::string>& v) {
    std::vector<Offset<flatbuffers::String>> out;
    out.reserve(v.size());
    for (const auto& s : v) out.push_back(fbb_.CreateString(s));
    return fbb_.CreateVector(out);
  }

  Offset<fbs::Metadata> BuildMetadata(const Metadata& m) {
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

  Offset<fbs::OutputSpec> BuildOutput(const OutputSpec& o) {
    std::vector<Offset<fbs::ClassLabels>> classes;
    for (const auto& c : o.classes) {
      int32_t ints = Add(c.int_labels);
      auto strs = StringVector(c.str_labels);
      classes.push_back(fbs::CreateClassLabels(fbb_, ints, strs));
    }
    auto classes_vec = fbb_.CreateVector(classes);
    return fbs::CreateOutputSpec(fbb_, static_cast<fbs::Task>(o.task),
                                 o.n_outputs, classes_vec);
  }

  Offset<fbs::Tree> BuildTree(const Tree& t) {
    int32_t left = Add(t.children_left);
    int32_t right = Add(t.children_right);
    int32_t feature = Add(t.feature);
    int32_t threshold = Add(t.threshold);
    int32_t value = Add(t.value);
    int32_t missing = Add(t.missing_go_to_left);
    return fbs::CreateTree(fbb_, left, right, feature, threshold, value,
                           missing);
  }

  Offset<flatbuffers::Vector<Offset<fbs::Tree>>> BuildTrees(
      const std::vector<Tree>& trees) {
    std::vector<Offset<fbs::Tree>> out;
    out.reserve(trees.size());
    for (const auto& t : trees) out.push_back(BuildTree(t));
    return fbb_.CreateVector(out);
  }

  Offset<fbs::HistTree> BuildHistTree(const HistTree& t) {
    int32_t value = Add(t.value);
    int32_t feature_idx = Add(t.feature_idx);
    int32_t num_threshold = Add(t.num_threshold);
    int32_t missing = Add(t.missing_go_to_left);
    int32_t left = Add(t.left);
    int32_t right = Add(t.right);
    int32_t is_leaf = Add(t.is_leaf);
    int32_t is_categorical = Add(t.is_categorical);
    int32_t bitset_idx = Add(t.bitset_idx);
    int32_t bitsets = Add(t.raw_left_cat_bitsets);
    return fbs::CreateHistTree(fbb_, value, feature_idx, num_threshold, missing,
                               left, right, is_leaf, is_categorical, bitset_idx,
                               bitsets);
  }

  std::pair<fbs::Estimator, Offset<void>> BuildEstimator(const Estimator& e) {
    if (const auto* p = std::get_if<Pipeline>(&e.kind)) {
      std::vector<Offset<fbs::EstimatorEntry>> steps;
      for (const auto& step : p->steps) {
        auto [type, value] = BuildEstimator(step);
        steps.push_back(fbs::CreateEstimatorEntry(fbb_, type, value));
      }
      auto steps_vec = fbb_.CreateVector(steps);
      return {fbs::Estimator::Pipeline,
              fbs::CreatePipeline(fbb_, steps_vec).Union()};
    }
    if (const auto* s = std::get_if<StandardScaler>(&e.kind)) {
      int32_t mean = Add(s->mean);
      int32_t scale = Add(s->scale);
      return {fbs::Estimator::StandardScaler,
              fbs::CreateStandardScaler(fbb_, mean, scale).Union()};
    }
    if (const auto* l = std::get_if<LinearModel>(&e.kind)) {
      int32_t coef = Add(l->coef);
      int32_t intercept = Add(l->intercept);
      return {fbs::Estimator::LinearModel,
              fbs::CreateLinearModel(fbb_, coef, intercept,
                                     static_cast<fbs::LinearOutput>(l->output))
                  .Union()};
    }
    if (const auto* d = std::get_if<DecisionTree>(&e.kind)) {
      auto tree = BuildTree(d->tree);
      return {fbs::Estimator::DecisionTree,
              fbs::CreateDecisionTree(fbb_, tree).Union()};
    }
    if (const auto* f = std::get_if<Forest>(&e.kind)) {
      auto trees = BuildTrees(f->trees);
      return {fbs::Estimator::Forest, fbs::CreateForest(fbb_, trees).Union()};
    }
    if (const auto* g = std::get_if<GradientBoosting>(&e.kind)) {
      auto trees = BuildTrees(g->trees);
      int32_t init_raw = Add(g->init_raw);
      return {fbs::Estimator::GradientBoosting,
              fbs::CreateGradientBoosting(fbb_, trees, g->n_stages, init_raw,
                                          g->learning_rate,
                                          static_cast<fbs::GbLoss>(g->loss))
                  .Union()};
    }
    if (const auto* c = std::get_if<CategoryEncoder>(&e.kind)) {
      std::vector<Offset<fbs::CategoryColumn>> columns;
      columns.reserve(c->columns.size());
      for (const auto& col : c->columns) {
        int32_t categories = Add(col.categories);
        columns.push_back(
            fbs::CreateCategoryColumn(fbb_, col.column, categories));
      }
      auto columns_vec = fbb_.CreateVector(columns);
      return {fbs::Estimator::CategoryEncoder,
              fbs::CreateCategoryEncoder(fbb_, columns_vec).Union()};
    }
    const auto& h = std::get<HistGradientBoosting>(e.kind);
    std::vector<Offset<fbs::HistTree>> trees;
    trees.reserve(h.trees.size());
    for (const auto& t : h.trees) trees.push_back(BuildHistTree(t));
    auto trees_vec = fbb_.CreateVector(trees);
    int32_t baseline = Add(h.baseline);
    int32_t known = Add(h.known_cat_bitsets);
    int32_t map = Add(h.f_idx_map);
    return {fbs::Estimator::HistGradientBoosting,
            fbs::CreateHistGradientBoosting(fbb_, trees_vec, h.n_iter, baseline,
                                            static_cast<fbs::HgbLoss>(h.loss),
                                            known, map)
                .Union()};
  }

  flatbuffers::FlatBufferBuilder fbb_;
  std::vector<const Tensor*> tensors_;
};

}  // namespace

namespace format_internal {

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
  format_internal::StoreLe(out.data() + format_internal::kMajorOffset,
                           kFormatMajor, 2);
  format_internal::StoreLe(out.data() + format_internal::kMinorOffset,
                           kFormatMinor, 2);
  format_internal::StoreLe(out.data() + format_internal::kLengthOffset,
                           manifest_length, 8);
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

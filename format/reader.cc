// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// ParseModel: reads a .seal file in the order of SPEC §9. Every check that
// guards a read happens before the read; nothing from the file is trusted
// until ValidateModel has passed.
//
// FlatBuffers 2.0.8 caveats designed around (docs/ARCHITECTURE.md, The format):
// the Verifier does not check union tags, enum ranges, stored indices or UTF-8,
// and Vector::Get only asserts its bounds. So every vector is indexed below its
// verified size() only, every union tag is switched on with a rejecting
// default, and every index and enum is checked here or in ValidateModel.
#include <algorithm>
#include <cstring>
#include <new>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "core/checked_math.h"
#include "core/file_util.h"
#include "core/little_endian.h"
#include "flatbuffers/flatbuffers.h"
#include "format/container.h"
#include "format/model_generated.h"
#include "format/reader_internal.h"
#include "format/validate_internal.h"
#include "kinds/kinds.h"
#include "modelseal/format.h"
#include "modelseal/limits.h"

namespace modelseal {
namespace format_internal {

std::string Str(const flatbuffers::String* s) {
  return s == nullptr ? std::string() : s->str();
}

Status Missing(const std::string& ctx) {
  return Status(ErrorCode::kManifestVerify, ctx, "required table missing");
}

namespace {

// FlatBuffers 2.0.8's Verifier checks the alignment of a vector's 4-byte
// length prefix only, not of 8-byte elements: check before reading them
// (an empty vector has nothing to read and may sit anywhere).
// (The manifest starts at file offset 24 of a 64-byte aligned buffer, so
// address alignment equals alignment within the file.)
Status CheckAligned(const flatbuffers::Vector<uint64_t>* v,
                    const std::string& ctx) {
  if (v != nullptr && v->size() > 0 &&
      reinterpret_cast<uintptr_t>(v->data()) % 8 != 0) {
    return Status(ErrorCode::kManifestVerify, ctx,
                  "vector of 8-byte elements not 8-byte aligned");
  }
  return Status::Ok();
}

}  // namespace

Status Converter::Ref(int32_t index, const std::string& ctx, Tensor* out) {
  if (index == -1) {
    *out = Tensor();
    return Status::Ok();
  }
  if (index < -1 || static_cast<uint64_t>(index) >= table_.size()) {
    return Status(ErrorCode::kTensorIndex, ctx,
                  std::to_string(index) + " out of range [-1, " +
                      std::to_string(table_.size()) + ")");
  }
  if (used_[index]) {
    return Status(ErrorCode::kTensorReferencedTwice, ctx,
                  "tensors[" + std::to_string(index) +
                      "] is already used by another field");
  }
  used_[index] = 1;
  *out = table_[index];
  return Status::Ok();
}

Status Converter::CheckAllReferenced() const {
  for (size_t i = 0; i < used_.size(); ++i) {
    if (!used_[i]) {
      return Status(ErrorCode::kTensorUnreferenced, IndexContext("tensors", i),
                    "");
    }
  }
  return Status::Ok();
}

Status Converter::StringList(
    const flatbuffers::Vector<flatbuffers::Offset<flatbuffers::String>>* v,
    uint64_t max, ErrorCode code, const std::string& ctx,
    std::vector<std::string>* out) {
  if (SizeOf(v) > max) {
    return Status(
        code, ctx,
        std::to_string(SizeOf(v)) + " items, limit " + std::to_string(max));
  }
  out->clear();
  for (flatbuffers::uoffset_t i = 0; i < SizeOf(v); ++i) {
    out->push_back(Str(v->Get(i)));
  }
  return Status::Ok();
}

Status Converter::Metadata(const fbs::Metadata* m, modelseal::Metadata* out) {
  if (m == nullptr) return Missing("metadata");
  out->name = Str(m->name());
  out->version = m->version();
  out->description = Str(m->description());
  out->created = Str(m->created());
  if (const auto* td = m->training_data()) {
    out->training_data.uri = Str(td->uri());
    out->training_data.content_hash = Str(td->content_hash());
    MODELSEAL_RETURN_IF_ERROR(
        CheckAligned(td->shape(), "metadata.training_data.shape"));
    if (SizeOf(td->shape()) > limits::kMaxRank) {
      return Status(ErrorCode::kTooManyItems, "metadata.training_data.shape",
                    std::to_string(SizeOf(td->shape())) + " items");
    }
    for (flatbuffers::uoffset_t i = 0; i < SizeOf(td->shape()); ++i) {
      out->training_data.shape.push_back(td->shape()->Get(i));
    }
  }
  if (const auto* src = m->source()) {
    out->source.uri = Str(src->uri());
    out->source.content_hash = Str(src->content_hash());
    out->source.text = Str(src->text());
  }
  const auto* libs = m->library_versions();
  if (SizeOf(libs) > limits::kMaxListItems) {
    return Status(ErrorCode::kTooManyItems, "metadata.library_versions",
                  std::to_string(SizeOf(libs)) + " items");
  }
  for (flatbuffers::uoffset_t i = 0; i < SizeOf(libs); ++i) {
    const auto* l = libs->Get(i);
    if (l == nullptr)
      return Missing(IndexContext("metadata.library_versions", i));
    out->library_versions.push_back({Str(l->name()), Str(l->version())});
  }
  const auto* scores = m->cv_scores();
  if (SizeOf(scores) > limits::kMaxListItems) {
    return Status(ErrorCode::kTooManyItems, "metadata.cv_scores",
                  std::to_string(SizeOf(scores)) + " items");
  }
  for (flatbuffers::uoffset_t i = 0; i < SizeOf(scores); ++i) {
    const auto* s = scores->Get(i);
    if (s == nullptr) return Missing(IndexContext("metadata.cv_scores", i));
    out->cv_scores.push_back(
        {Str(s->scorer()), s->mean(), s->std(), s->n_splits()});
  }
  return Status::Ok();
}

Status Converter::Output(const fbs::OutputSpec* o, OutputSpec* out) {
  if (o == nullptr) return Missing("output");
  out->task = static_cast<Task>(static_cast<uint8_t>(o->task()));
  out->n_outputs = o->n_outputs();
  out->shape = static_cast<OutputShape>(static_cast<uint8_t>(o->shape()));
  const auto* classes = o->classes();
  if (SizeOf(classes) > limits::kMaxOutputs) {
    return Status(ErrorCode::kClassesCount, "output.classes",
                  std::to_string(SizeOf(classes)) + " label lists");
  }
  for (flatbuffers::uoffset_t i = 0; i < SizeOf(classes); ++i) {
    const auto* c = classes->Get(i);
    const std::string ctx = IndexContext("output.classes", i);
    if (c == nullptr) return Missing(ctx);
    ClassLabels labels;
    MODELSEAL_RETURN_IF_ERROR(Ref(
        c->int_labels(), JoinContext(ctx, "int_labels"), &labels.int_labels));
    MODELSEAL_RETURN_IF_ERROR(StringList(
        c->str_labels(), limits::kMaxClasses, ErrorCode::kClassesCount,
        JoinContext(ctx, "str_labels"), &labels.str_labels));
    labels.label_type =
        static_cast<LabelType>(static_cast<uint8_t>(c->label_type()));
    out->classes.push_back(std::move(labels));
  }
  return Status::Ok();
}

// The registry: one case per line of kinds/kinds.def; union tag i is
// variant index i - 1.
#define MODELSEAL_KIND(K, role)                                            \
  static_assert(                                                           \
      static_cast<size_t>(fbs::Estimator::K) == kinds::internal::k##K + 1, \
      "union tag of " #K " disagrees with kinds/kinds.def");
#include "kinds/kinds.def"
#undef MODELSEAL_KIND

Status Converter::ConvertEstimator(fbs::Estimator type, const void* value,
                                   const std::string& ctx, uint64_t depth,
                                   Estimator* out) {
  switch (type) {
#define MODELSEAL_KIND(K, role) \
  case fbs::Estimator::K:       \
    return Read##K(value, ctx, depth, out);
#include "kinds/kinds.def"
#undef MODELSEAL_KIND
    default:
      break;  // NONE and tags this reader does not know
  }
  return Status(ErrorCode::kUnknownEstimator, ctx,
                "union tag " + std::to_string(static_cast<int>(type)));
}

}  // namespace format_internal

namespace {

using format_internal::CheckAligned;
using format_internal::Converter;
using format_internal::Missing;
using format_internal::SizeOf;
namespace fbs = ::modelseal::fb;

bool AllZero(const std::byte* p, uint64_t n) {
  for (uint64_t i = 0; i < n; ++i) {
    if (p[i] != std::byte{0}) return false;
  }
  return true;
}

// The tensor table (SPEC §4): builds one borrowed Tensor per entry after
// checking dtype, rank, element count, length, alignment, canonical
// placement, padding and the end of the file.
Status ReadTensorTable(
    const flatbuffers::Vector<flatbuffers::Offset<fbs::Tensor>>* tensors,
    std::span<const std::byte> bytes, uint64_t data_start,
    const std::shared_ptr<const void>& keepalive, std::vector<Tensor>* out) {
  if (tensors == nullptr) return Missing("tensors");
  if (tensors->size() > limits::kMaxTensors) {
    return Status(ErrorCode::kTooManyTensors, "tensors",
                  std::to_string(tensors->size()) + " tensors, limit " +
                      std::to_string(limits::kMaxTensors));
  }
  const uint64_t size = bytes.size();
  uint64_t expected = 0;  // canonical offset of the next tensor
  uint64_t prev_end = 0;  // end of the previous tensor (data relative)
  for (flatbuffers::uoffset_t i = 0; i < tensors->size(); ++i) {
    const std::string ctx = IndexContext("tensors", i);
    const auto* t = tensors->Get(i);
    if (t == nullptr) return Missing(ctx);
    const uint8_t raw_dtype = static_cast<uint8_t>(t->dtype());
    if (!DTypeIsValid(raw_dtype)) {
      return Status(ErrorCode::kTensorDType, JoinContext(ctx, "dtype"),
                    std::to_string(raw_dtype));
    }
    const DType dtype = static_cast<DType>(raw_dtype);
    MODELSEAL_RETURN_IF_ERROR(
        CheckAligned(t->shape(), JoinContext(ctx, "shape")));
    const uint64_t rank = SizeOf(t->shape());
    if (rank < 1 || rank > limits::kMaxRank) {
      return Status(ErrorCode::kTensorRank, JoinContext(ctx, "shape"),
                    "rank " + std::to_string(rank) + " not in [1, " +
                        std::to_string(limits::kMaxRank) + "]");
    }
    std::vector<uint64_t> shape(rank);
    uint64_t elements = 1;
    for (flatbuffers::uoffset_t d = 0; d < rank; ++d) {
      shape[d] = t->shape()->Get(d);
      auto p = CheckedMul(elements, shape[d]);
      if (!p || *p > limits::kMaxTensorElements) {
        return Status(ErrorCode::kTensorTooLarge, JoinContext(ctx, "shape"),
                      "element count overflows or exceeds " +
                          std::to_string(limits::kMaxTensorElements));
      }
      elements = *p;
    }
    const uint64_t length = t->length();
    if (elements * DTypeSize(dtype) != length) {  // cannot overflow: 2^36 * 8
      return Status(ErrorCode::kTensorLength, JoinContext(ctx, "length"),
                    std::to_string(length) + " bytes, expected " +
                        std::to_string(elements * DTypeSize(dtype)));
    }
    const uint64_t offset = t->offset();
    if (offset % limits::kTensorAlignment != 0) {
      return Status(ErrorCode::kTensorMisaligned, JoinContext(ctx, "offset"),
                    std::to_string(offset));
    }
    if (offset != expected) {
      return Status(
          ErrorCode::kTensorNotCanonical, JoinContext(ctx, "offset"),
          std::to_string(offset) + ", expected " + std::to_string(expected));
    }
    auto begin = CheckedAdd(data_start, offset);
    auto end = begin ? CheckedAdd(*begin, length) : std::nullopt;
    if (!end || *end > size) {
      return Status(
          ErrorCode::kTruncated, ctx,
          "ends past the end of the file (" + std::to_string(size) + " bytes)");
    }
    if (!AllZero(bytes.data() + data_start + prev_end, offset - prev_end)) {
      return Status(ErrorCode::kPaddingNotZero, ctx,
                    "padding before the tensor");
    }
    out->push_back(Tensor::Borrow(dtype, std::move(shape),
                                  bytes.data() + *begin, length, keepalive));
    prev_end = offset + length;
    // Cannot overflow: prev_end < size <= kMaxFileSize.
    expected = *AlignUp(prev_end, limits::kTensorAlignment);
  }
  if (data_start + prev_end != size) {
    return Status(ErrorCode::kTrailingBytes, "",
                  std::to_string(size - data_start - prev_end) +
                      " bytes after the last tensor");
  }
  return Status::Ok();
}

// input.columns (format 1.1), bounded before allocating.
Status ReadInputColumns(
    const flatbuffers::Vector<flatbuffers::Offset<fbs::InputColumn>>* v,
    std::vector<InputColumn>* out) {
  if (SizeOf(v) > limits::kMaxFeatures) {
    return Status(ErrorCode::kInputColumnCount, "input.columns",
                  std::to_string(SizeOf(v)) + " columns, limit " +
                      std::to_string(limits::kMaxFeatures));
  }
  out->resize(SizeOf(v));
  for (flatbuffers::uoffset_t i = 0; i < SizeOf(v); ++i) {
    const auto* c = v->Get(i);
    if (c == nullptr) return Missing(IndexContext("input.columns", i));
    InputColumn& col = (*out)[i];
    col.name = format_internal::Str(c->name());
    col.type = static_cast<ColumnType>(static_cast<uint8_t>(c->type()));
    col.nullable = static_cast<Nullable>(static_cast<uint8_t>(c->nullable()));
  }
  return Status::Ok();
}

}  // namespace

Result<Model> ParseModel(std::span<const std::byte> bytes,
                         std::shared_ptr<const void> keepalive) {
  if (reinterpret_cast<uintptr_t>(bytes.data()) % limits::kTensorAlignment !=
      0) {
    return Status(ErrorCode::kInvalidArgument, "",
                  "input buffer not 64-byte aligned");
  }
  // 1. Size caps before anything else.
  const uint64_t size = bytes.size();
  if (size < limits::kHeaderSize) {
    return Status(ErrorCode::kFileTooSmall, "",
                  std::to_string(size) + " bytes");
  }
  if (size > limits::kMaxFileSize) {
    return Status(ErrorCode::kFileTooLarge, "",
                  std::to_string(size) + " bytes, limit " +
                      std::to_string(limits::kMaxFileSize));
  }
  // 2. The container header.
  const std::byte* p = bytes.data();
  const std::span<const std::byte, limits::kHeaderSize> header(
      p, limits::kHeaderSize);
  if (std::memcmp(p, format_internal::kMagic.data(),
                  format_internal::kMagic.size()) != 0) {
    return Status(ErrorCode::kBadMagic, "header.magic", "");
  }
  const uint64_t major =
      LoadLe16(header.subspan<format_internal::kMajorOffset, 2>());
  const uint64_t minor =
      LoadLe16(header.subspan<format_internal::kMinorOffset, 2>());
  if (major != kFormatMajor) {
    return Status(ErrorCode::kUnsupportedMajorVersion, "header.format_major",
                  std::to_string(major) + ", this reader knows " +
                      std::to_string(kFormatMajor));
  }
  if (LoadLe32(header.subspan<format_internal::kReservedOffset, 4>()) != 0) {
    return Status(ErrorCode::kHeaderReservedNonZero, "header.reserved", "");
  }
  const uint64_t manifest_length =
      LoadLe64(header.subspan<format_internal::kLengthOffset, 8>());
  if (manifest_length < limits::kMinManifestSize ||
      manifest_length > limits::kMaxManifestSize ||
      manifest_length > size - limits::kHeaderSize) {
    return Status(ErrorCode::kManifestLength, "header.manifest_length",
                  std::to_string(manifest_length) + " not in [" +
                      std::to_string(limits::kMinManifestSize) + ", " +
                      std::to_string(std::min(limits::kMaxManifestSize,
                                              size - limits::kHeaderSize)) +
                      "]");
  }
  const uint64_t manifest_end = limits::kHeaderSize + manifest_length;
  const uint64_t data_start =
      *AlignUp(manifest_end, limits::kTensorAlignment);  // small: no overflow
  if (data_start > size) {
    return Status(ErrorCode::kTruncated, "",
                  "file ends before the data section starts");
  }
  if (!AllZero(p + manifest_end, data_start - manifest_end)) {
    return Status(ErrorCode::kPaddingNotZero, "", "padding after the manifest");
  }
  // 3. The manifest: identifier, then the Verifier with explicit limits.
  const auto* manifest_bytes =
      reinterpret_cast<const uint8_t*>(p + limits::kHeaderSize);
  if (!flatbuffers::BufferHasIdentifier(manifest_bytes,
                                        fbs::ManifestIdentifier())) {
    return Status(ErrorCode::kManifestIdentifier, "manifest", "expected MSL1");
  }
  flatbuffers::Verifier::Options options;
  options.max_depth =
      static_cast<flatbuffers::uoffset_t>(limits::kMaxFlatbufferDepth);
  options.max_tables =
      static_cast<flatbuffers::uoffset_t>(manifest_length / 4 + 16);
  options.check_alignment = true;
  options.check_nested_flatbuffers = false;  // the schema has none
  flatbuffers::Verifier verifier(manifest_bytes, manifest_length, options);
  if (!fbs::VerifyManifestBuffer(verifier)) {
    return Status(ErrorCode::kManifestVerify, "manifest", "");
  }
  const fbs::Manifest* m = fbs::GetManifest(manifest_bytes);
  if (m->format_major() != major || m->format_minor() != minor) {
    return Status(ErrorCode::kManifestVersion, "manifest.format_minor",
                  "manifest " + std::to_string(m->format_major()) + "." +
                      std::to_string(m->format_minor()) + ", header " +
                      std::to_string(major) + "." + std::to_string(minor));
  }
  // 4. The tensor table, then every field, then the semantic pass.
  std::vector<Tensor> table;
  MODELSEAL_RETURN_IF_ERROR(
      ReadTensorTable(m->tensors(), bytes, data_start, keepalive, &table));
  Converter conv(std::move(table));
  Model model;
  model.format_major = static_cast<uint16_t>(major);
  model.format_minor = static_cast<uint16_t>(minor);
  MODELSEAL_RETURN_IF_ERROR(conv.Metadata(m->metadata(), &model.metadata));
  const auto* input = m->input();
  if (input == nullptr) return Missing("input");
  model.input.n_features = input->n_features();
  MODELSEAL_RETURN_IF_ERROR(conv.StringList(
      input->feature_names(), limits::kMaxFeatures, ErrorCode::kTooManyItems,
      "input.feature_names", &model.input.feature_names));
  MODELSEAL_RETURN_IF_ERROR(
      ReadInputColumns(input->columns(), &model.input.columns));
  MODELSEAL_RETURN_IF_ERROR(conv.Output(m->output(), &model.output));
  MODELSEAL_RETURN_IF_ERROR(conv.ConvertEstimator(
      m->estimator_type(), m->estimator(), "estimator", 1, &model.estimator));
  MODELSEAL_RETURN_IF_ERROR(conv.CheckAllReferenced());
  // A file that says 1.0 uses only 1.0 features (SPEC §10); a newer minor
  // is accepted.
  if (minor < format_internal::RequiredFormatMinor(model)) {
    return Status(ErrorCode::kMinorVersionFeature, "header.format_minor",
                  std::to_string(minor) +
                      ", the file uses input.columns, a label type or a format "
                      "1.1 kind");
  }
  MODELSEAL_RETURN_IF_ERROR(ValidateModel(model));
  return model;
}

Result<Model> ReadModelFileUnsandboxed(const std::string& path,
                                       uint64_t max_size) {
  const uint64_t cap = std::min(max_size, limits::kMaxFileSize);
  MODELSEAL_ASSIGN_OR_RETURN(std::vector<std::byte> raw,
                             ReadFileBounded(path, cap));
  // ParseModel needs 64-byte alignment; the tensors borrow from this copy.
  struct AlignedBytes {
    std::byte* data = nullptr;
    ~AlignedBytes() {
      ::operator delete[](data, std::align_val_t(limits::kTensorAlignment));
    }
  };
  auto buffer = std::make_shared<AlignedBytes>();
  buffer->data = static_cast<std::byte*>(::operator new[](
      raw.size() + 1, std::align_val_t(limits::kTensorAlignment),
      std::nothrow));
  if (buffer->data == nullptr) {
    return Status(ErrorCode::kOutOfMemory, path,
                  std::to_string(raw.size()) + " bytes");
  }
  if (!raw.empty()) std::memcpy(buffer->data, raw.data(), raw.size());
  std::span<const std::byte> view(buffer->data, raw.size());
  Result<Model> model = ParseModel(view, buffer);
  if (!model.ok()) return model.status().WithPrefix(path);
  return model;
}

}  // namespace modelseal

// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Reader tests: one negative test per container and tensor-table rule
// (suite "Negative", named after the error code; each takes a valid file
// and corrupts one field), the versioning policy, every truncation of a
// small model, and 10,000 seeded single-byte mutations.
#include <gtest/gtest.h>
#include <sys/mman.h>

#include <bit>
#include <cmath>
#include <limits>
#include <random>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "core/little_endian.h"
#include "flatbuffers/flatbuffers.h"
#include "format/container.h"
#include "format/test_util.h"
#include "modelseal/format.h"
#include "modelseal/limits.h"
#include "tests/testing/example_models.h"

namespace modelseal {
namespace {

using format_test::MutableManifest;
using format_test::ParseCopy;

std::vector<std::byte> FileOf(const Model& m) {
  auto bytes = SerializeModel(m);
  EXPECT_TRUE(bytes.ok()) << bytes.status().ToString();
  return bytes.ok() ? *bytes : std::vector<std::byte>();
}

uint64_t ManifestLength(const std::vector<std::byte>& f) {
  return LoadLe64(
      std::span(f).subspan(format_internal::kLengthOffset).first<8>());
}

uint64_t DataStart(const std::vector<std::byte>& f) {
  return (limits::kHeaderSize + ManifestLength(f) + 63) / 64 * 64;
}

void ExpectFileRejected(const std::vector<std::byte>& f, ErrorCode code,
                        const std::string& context) {
  auto parsed = ParseCopy(f);
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.status().code(), code) << parsed.status().ToString();
  EXPECT_EQ(parsed.status().context(), context) << parsed.status().ToString();
}

fb::Tensor* TensorAt(std::vector<std::byte>& f, uint32_t i) {
  return MutableManifest(f)->mutable_tensors()->GetMutableObject(i);
}

fb::Tree* DecisionTreeOf(std::vector<std::byte>& f) {
  auto* dt =
      static_cast<fb::DecisionTree*>(MutableManifest(f)->mutable_estimator());
  return dt->mutable_tree();
}

// The bytes of a file around a hand-built manifest with no tensors.
std::vector<std::byte> Wrap(flatbuffers::FlatBufferBuilder& fbb) {
  const uint64_t len = fbb.GetSize();
  std::vector<std::byte> f((limits::kHeaderSize + len + 63) / 64 * 64);
  std::memcpy(f.data(), format_internal::kMagic.data(), 8);
  StoreLe(std::span(f.data() + format_internal::kMajorOffset, 2), kFormatMajor);
  StoreLe(std::span(f.data() + format_internal::kMinorOffset, 2), kFormatMinor);
  StoreLe(std::span(f.data() + format_internal::kLengthOffset, 8), len);
  std::memcpy(f.data() + limits::kHeaderSize, fbb.GetBufferPointer(), len);
  return f;
}

// A manifest with valid metadata and specs around `estimator` and `tensors`.
void FinishManifest(
    flatbuffers::FlatBufferBuilder& fbb, fb::Estimator type,
    flatbuffers::Offset<void> estimator,
    flatbuffers::Offset<flatbuffers::Vector<flatbuffers::Offset<fb::Tensor>>>
        tensors) {
  auto name = fbb.CreateString("hand-built");
  auto metadata = fb::CreateMetadata(fbb, name);
  auto input = fb::CreateInputSpec(fbb, 2);
  auto output = fb::CreateOutputSpec(fbb, fb::Task::Regression, 1);
  fbb.Finish(fb::CreateManifest(fbb, kFormatMajor, kFormatMinor, metadata,
                                input, output, type, estimator, tensors),
             fb::ManifestIdentifier());
}

TEST(Reader, ValidFileParses) {
  for (const auto& [name, model] : testing::AllExampleModels()) {
    auto parsed = ParseCopy(FileOf(model));
    EXPECT_TRUE(parsed.ok()) << name << ": " << parsed.status().ToString();
  }
}

TEST(Reader, RejectsUnalignedBuffer) {
  std::vector<std::byte> f = FileOf(testing::MakeLinearRegression());
  std::vector<std::byte> shifted(f.size() + 64);
  auto* base = shifted.data();
  size_t skew = (64 - reinterpret_cast<uintptr_t>(base) % 64) % 64 + 8;
  std::memcpy(base + skew, f.data(), f.size());
  auto parsed = ParseModel({base + skew, f.size()}, nullptr);
  EXPECT_EQ(parsed.status().code(), ErrorCode::kInvalidArgument);
}

TEST(Negative, FileTooSmall) {
  std::vector<std::byte> f = FileOf(testing::MakeLinearRegression());
  f.resize(limits::kHeaderSize - 1);
  ExpectFileRejected(f, ErrorCode::kFileTooSmall, "");
  ExpectFileRejected({}, ErrorCode::kFileTooSmall, "");
}

// The size cap is checked before any byte is read: an untouched PROT_NONE
// range one byte longer than the limit stands in for the file.
TEST(Negative, FileTooLarge) {
  const size_t size = limits::kMaxFileSize + 1;
  void* p = mmap(nullptr, size, PROT_NONE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  ASSERT_NE(p, MAP_FAILED);
  auto parsed = ParseModel({static_cast<const std::byte*>(p), size}, nullptr);
  munmap(p, size);
  EXPECT_EQ(parsed.status().code(), ErrorCode::kFileTooLarge);
}

TEST(Negative, BadMagic) {
  std::vector<std::byte> f = FileOf(testing::MakeLinearRegression());
  f[5] = std::byte{'\n' ^ 0x20};  // a text-mode CRLF conversion would do this
  ExpectFileRejected(f, ErrorCode::kBadMagic, "header.magic");
}

TEST(Negative, UnsupportedMajorVersion) {
  std::vector<std::byte> f = FileOf(testing::MakeLinearRegression());
  StoreLe(std::span(f.data() + format_internal::kMajorOffset, 2), 2);
  ExpectFileRejected(f, ErrorCode::kUnsupportedMajorVersion,
                     "header.format_major");
  EXPECT_EQ(ParseCopy(f).status().category(), ErrorCategory::kUnsupported);
}

// Versioning policy (SPEC §10): a newer minor version of the same major
// version is read; what this reader does not know of it is ignored.
TEST(Reader, NewerMinorVersionIsAccepted) {
  std::vector<std::byte> f = FileOf(testing::MakeDecisionTreeClassifier());
  StoreLe(std::span(f.data() + format_internal::kMinorOffset, 2),
          kFormatMinor + 1);
  ASSERT_TRUE(MutableManifest(f)->mutate_format_minor(kFormatMinor + 1));
  auto parsed = ParseCopy(f);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->format_minor, kFormatMinor + 1);
}

// Format 1.1 (SPEC §10): a file that says 1.0 uses no 1.1 feature.
void SetMinor(std::vector<std::byte>& f, uint16_t minor) {
  StoreLe(std::span(f.data() + format_internal::kMinorOffset, 2), minor);
  ASSERT_TRUE(MutableManifest(f)->mutate_format_minor(minor));
}

TEST(Negative, MinorVersionFeature) {
  // A 1.1 kind (OneHotEncoder, no input columns: the string column of the
  // example is made a float column and its categories numbers).
  Model kind = testing::MakeOneHotEncoder();
  kind.input.columns.clear();
  std::get<OneHotEncoder>(kind.estimator.kind).columns[0].categories =
      std::get<OneHotEncoder>(kind.estimator.kind).columns[1].categories;
  std::get<OneHotEncoder>(kind.estimator.kind).columns[0].slots =
      Tensor::FromVector(std::vector<int64_t>{0, 1, 2, 3});
  std::get<OneHotEncoder>(kind.estimator.kind).columns[0].width = 4;
  // A 1.1 kind nested in a Pipeline; typed columns around a 1.0 kind.
  Model nested = testing::MakeColumnTransformerPipeline();
  Model columns = testing::MakeLinearRegression();
  for (const std::string& name : columns.input.feature_names) {
    columns.input.columns.push_back(
        {name, ColumnType::kInteger, Nullable::kNo});
  }
  ASSERT_EQ(columns.input.columns.size(), 3u);
  // A 1.1 output of a 1.0 kind (LinearModel's ModifiedHuber).
  Model huber = testing::MakeLogisticBinary();
  std::get<LinearModel>(huber.estimator.kind).output =
      LinearOutput::kModifiedHuber;
  // A 1.1 output shape on a 1.0 kind.
  Model column = testing::MakeLinearRegression();
  column.output.shape = OutputShape::kColumn;
  for (const Model& m : {kind, nested, columns, huber, column}) {
    std::vector<std::byte> f = FileOf(m);
    ASSERT_FALSE(f.empty());
    EXPECT_TRUE(ParseCopy(f).ok());
    SetMinor(f, 0);
    ExpectFileRejected(f, ErrorCode::kMinorVersionFeature,
                       "header.format_minor");
  }
}

// Any NaN in LinearModel's deviance_power means "none" and reads as the one
// default NaN, which the writer leaves out: the round trip keeps the model
// (found by fuzz_format: a NaN with another payload read back changed).
TEST(Reader, DeviancePowerNaNReadsAsTheDefault) {
  std::vector<std::byte> f = FileOf(testing::MakePoissonRegressor());
  auto* l =
      static_cast<fb::LinearModel*>(MutableManifest(f)->mutable_estimator());
  ASSERT_TRUE(l->mutate_deviance_power(
      std::bit_cast<double>(uint64_t{0xfff0000000000123})));
  auto parsed = ParseCopy(f);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  const double p = std::get<LinearModel>(parsed->estimator.kind).deviance_power;
  EXPECT_EQ(std::bit_cast<uint64_t>(p),
            std::bit_cast<uint64_t>(std::numeric_limits<double>::quiet_NaN()));
  auto bytes = SerializeModel(*parsed);
  ASSERT_TRUE(bytes.ok());
  auto again = ParseCopy(*bytes);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(*again == *parsed);
}

// The writer writes format_minor 1 exactly when the model uses a 1.1
// feature; a newer minor with 1.1 features is read too.
TEST(Reader, Format11FilesSayMinor1) {
  for (const auto& [name, model] : testing::AllExampleModels()) {
    std::vector<std::byte> f = FileOf(model);
    const uint16_t minor = LoadLe16(
        std::span(f).subspan(format_internal::kMinorOffset).first<2>());
    bool uses_11 = !model.input.columns.empty() ||
                   model.estimator.kind.index() > 9 ||  // after MaxAbsScaler
                   name == "column_transformer_pipeline" ||
                   name == "bernoulli_nb" ||  // pipelines of 1.1 kinds
                   name == "pca_pipeline" ||
                   name == "poisson_regressor" ||         // LinearOutput Exp
                   name == "linear_regression_column" ||  // output.shape Column
                   name == "lda_binary";  // LinearOutput Discriminant
    for (const ClassLabels& c : model.output.classes) {
      uses_11 = uses_11 || c.label_type != LabelType::kInt64;
    }
    EXPECT_EQ(minor, uses_11 ? 1 : 0) << name;
    EXPECT_EQ(MutableManifest(f)->format_minor(), minor) << name;
    if (!uses_11) {
      // No trace of the 1.1 field in a 1.0 file.
      EXPECT_EQ(MutableManifest(f)->input()->columns(), nullptr) << name;
      continue;
    }
    auto parsed = ParseCopy(f);
    ASSERT_TRUE(parsed.ok()) << name << ": " << parsed.status().ToString();
    EXPECT_EQ(parsed->format_minor, 1) << name;
    EXPECT_TRUE(*parsed == model) << name;
    SetMinor(f, 2);
    parsed = ParseCopy(f);
    ASSERT_TRUE(parsed.ok()) << name << ": " << parsed.status().ToString();
    EXPECT_EQ(parsed->format_minor, 2) << name;
  }
}

// Every format 1.1 field survives the file: a model with every new kind
// and typed input columns reads back equal, tensor by tensor.
TEST(Reader, Format11ModelReadsBackEqual) {
  Model m = testing::MakeColumnTransformerPipeline();
  auto& ct = std::get<ColumnTransformer>(
      std::get<Pipeline>(m.estimator.kind).steps[0].kind);
  // The passthrough group becomes an OrdinalEncoder of the city column
  // with a NaN code for the missing value; the linear model's input width
  // stays 7.
  OrdinalEncoder ordinal;
  OrdinalColumn col;
  col.categories.strings = {"oslo", "rome"};
  col.categories.missing = Nullable::kYes;
  col.codes = Tensor::FromVector(
      std::vector<double>{0, 1, std::numeric_limits<double>::quiet_NaN()});
  ordinal.columns.push_back(std::move(col));
  ordinal.unknown = UnknownCategory::kSlot;
  ordinal.unknown_value = std::numeric_limits<double>::quiet_NaN();
  ct.groups[2].columns = {0};
  ct.groups[2].transformer[0].kind = std::move(ordinal);
  std::vector<std::byte> f = FileOf(m);
  auto parsed = ParseCopy(f);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_TRUE(*parsed == m);
  EXPECT_EQ(parsed->input.columns, m.input.columns);
  const auto& back = std::get<ColumnTransformer>(
      std::get<Pipeline>(parsed->estimator.kind).steps[0].kind);
  const auto& o = std::get<OrdinalEncoder>(back.groups[2].transformer[0].kind);
  EXPECT_TRUE(std::isnan(o.unknown_value));
  EXPECT_TRUE(std::isnan(o.columns[0].codes.span<double>()[2]));
  EXPECT_EQ(o.columns[0].categories.missing, Nullable::kYes);
}

TEST(Negative, HeaderReservedNonZero) {
  std::vector<std::byte> f = FileOf(testing::MakeLinearRegression());
  f[format_internal::kReservedOffset + 3] = std::byte{1};
  ExpectFileRejected(f, ErrorCode::kHeaderReservedNonZero, "header.reserved");
}

TEST(Negative, ManifestLength) {
  std::vector<std::byte> f = FileOf(testing::MakeLinearRegression());
  for (uint64_t bad : {uint64_t{0}, limits::kMinManifestSize - 1,
                       uint64_t{f.size() - limits::kHeaderSize + 1},
                       limits::kMaxManifestSize + 1, ~uint64_t{0}}) {
    std::vector<std::byte> g = f;
    StoreLe(std::span(g.data() + format_internal::kLengthOffset, 8), bad);
    ExpectFileRejected(g, ErrorCode::kManifestLength, "header.manifest_length");
  }
}

TEST(Negative, ManifestVerify) {
  std::vector<std::byte> f = FileOf(testing::MakeLinearRegression());
  // The root table offset points past the end of the manifest.
  StoreLe(std::span(f.data() + limits::kHeaderSize, 4), 0x7ffffff0);
  ExpectFileRejected(f, ErrorCode::kManifestVerify, "manifest");
}

// FlatBuffers 2.0.8's verifier checks only the 4-byte alignment of a vector's
// length prefix; a [ulong] vector moved by 4 bytes passes it and would be
// read misaligned (UBSan: misaligned load). The reader rejects it.
TEST(Reader, MisalignedUlongVectorIsRejected) {
  std::vector<std::byte> f = FileOf(testing::MakeLinearRegression());
  auto* table = reinterpret_cast<flatbuffers::Table*>(TensorAt(f, 0));
  auto* field = const_cast<uint8_t*>(table->GetAddressOf(fb::Tensor::VT_SHAPE));
  ASSERT_NE(field, nullptr);
  const std::span<std::byte, 4> p(reinterpret_cast<std::byte*>(field), 4);
  StoreLe32(p, LoadLe32(p) + 4);
  ExpectFileRejected(f, ErrorCode::kManifestVerify, "tensors[0].shape");
}

TEST(Negative, ManifestIdentifier) {
  std::vector<std::byte> f = FileOf(testing::MakeLinearRegression());
  f[limits::kHeaderSize + 4 + 3] = std::byte{'2'};  // "MSL2"
  ExpectFileRejected(f, ErrorCode::kManifestIdentifier, "manifest");
}

TEST(Negative, ManifestVersion) {
  std::vector<std::byte> f = FileOf(testing::MakeLinearRegression());
  ASSERT_TRUE(MutableManifest(f)->mutate_format_minor(3));
  ExpectFileRejected(f, ErrorCode::kManifestVersion, "manifest.format_minor");
}

TEST(Negative, PaddingNotZero) {
  // Between two tensors: children_left is 5 * 4 = 20 bytes, then 44 bytes
  // of padding before children_right.
  std::vector<std::byte> f = FileOf(testing::MakeDecisionTreeRegressor());
  ASSERT_EQ(TensorAt(f, 0)->length(), 20u);
  f[DataStart(f) + 20 + 7] = std::byte{1};
  ExpectFileRejected(f, ErrorCode::kPaddingNotZero, "tensors[1]");
  // Between the manifest and the data section.
  std::vector<std::byte> g = FileOf(testing::MakeDecisionTreeRegressor());
  const uint64_t manifest_end = limits::kHeaderSize + ManifestLength(g);
  ASSERT_LT(manifest_end, DataStart(g)) << "no padding in this example";
  g[manifest_end] = std::byte{0x20};
  ExpectFileRejected(g, ErrorCode::kPaddingNotZero, "");
}

TEST(Negative, Truncated) {
  std::vector<std::byte> f = FileOf(testing::MakeDecisionTreeRegressor());
  const uint32_t last = MutableManifest(f)->tensors()->size() - 1;
  f.pop_back();
  ExpectFileRejected(f, ErrorCode::kTruncated,
                     "tensors[" + std::to_string(last) + "]");
}

TEST(Negative, TrailingBytes) {
  std::vector<std::byte> f = FileOf(testing::MakeDecisionTreeRegressor());
  f.resize(f.size() + 64);
  ExpectFileRejected(f, ErrorCode::kTrailingBytes, "");
}

TEST(Negative, TooManyTensors) {
  flatbuffers::FlatBufferBuilder fbb;
  auto shape = fbb.CreateVector(std::vector<uint64_t>{0});
  auto t = fb::CreateTensor(fbb, fb::DType::Float64, shape, 0, 0);
  // kMaxTensors + 1 entries sharing one table keep the manifest at 16 MiB.
  std::vector<flatbuffers::Offset<fb::Tensor>> entries(limits::kMaxTensors + 1,
                                                       t);
  auto tensors = fbb.CreateVector(entries);
  auto scaler = fb::CreateStandardScaler(fbb);
  FinishManifest(fbb, fb::Estimator::StandardScaler, scaler.Union(), tensors);
  ExpectFileRejected(Wrap(fbb), ErrorCode::kTooManyTensors, "tensors");
}

TEST(Reader, TooManyTreesInFile) {
  flatbuffers::FlatBufferBuilder fbb;
  auto tree = fb::CreateTree(fbb);
  std::vector<flatbuffers::Offset<fb::Tree>> entries(limits::kMaxTrees + 1,
                                                     tree);
  auto trees = fbb.CreateVector(entries);
  auto forest = fb::CreateForest(fbb, trees);
  auto tensors =
      fbb.CreateVector(std::vector<flatbuffers::Offset<fb::Tensor>>{});
  FinishManifest(fbb, fb::Estimator::Forest, forest.Union(), tensors);
  ExpectFileRejected(Wrap(fbb), ErrorCode::kTooManyTrees, "estimator.trees");
}

TEST(Reader, HandBuiltManifestWithoutTensorsParses) {
  // The helpers above make valid files: a StandardScaler with neither mean
  // nor scale (identity) is a valid transform of 2 features.
  flatbuffers::FlatBufferBuilder fbb;
  auto scaler = fb::CreateStandardScaler(fbb);
  auto tensors =
      fbb.CreateVector(std::vector<flatbuffers::Offset<fb::Tensor>>{});
  auto name = fbb.CreateString("identity");
  auto metadata = fb::CreateMetadata(fbb, name);
  auto input = fb::CreateInputSpec(fbb, 2);
  auto output = fb::CreateOutputSpec(fbb, fb::Task::Transform, 2);
  fbb.Finish(fb::CreateManifest(fbb, kFormatMajor, kFormatMinor, metadata,
                                input, output, fb::Estimator::StandardScaler,
                                scaler.Union(), tensors),
             fb::ManifestIdentifier());
  auto parsed = ParseCopy(Wrap(fbb));
  EXPECT_TRUE(parsed.ok()) << parsed.status().ToString();
}

TEST(Negative, TensorDType) {
  for (uint8_t bad : {0, 7, 255}) {
    std::vector<std::byte> f = FileOf(testing::MakeLinearRegression());
    ASSERT_TRUE(TensorAt(f, 1)->mutate_dtype(static_cast<fb::DType>(bad)));
    ExpectFileRejected(f, ErrorCode::kTensorDType, "tensors[1].dtype");
  }
}

TEST(Negative, TensorRank) {
  std::vector<std::byte> f = FileOf(testing::MakeLinearRegression());
  // The vector's length prefix: rank 2 becomes rank 0 (shrinking keeps the
  // vector inside the buffer, so only the rank rule can fail).
  auto* shape = TensorAt(f, 0)->mutable_shape();
  ASSERT_EQ(shape->size(), 2u);
  StoreLe(std::span(reinterpret_cast<std::byte*>(shape), 4), 0);
  ExpectFileRejected(f, ErrorCode::kTensorRank, "tensors[0].shape");
}

TEST(Negative, TensorTooLarge) {
  std::vector<std::byte> f = FileOf(testing::MakeLinearRegression());
  TensorAt(f, 0)->mutable_shape()->Mutate(1, 1ull << 40);
  ExpectFileRejected(f, ErrorCode::kTensorTooLarge, "tensors[0].shape");
  std::vector<std::byte> g = FileOf(testing::MakeLinearRegression());
  TensorAt(g, 0)->mutable_shape()->Mutate(0, 1ull << 32);
  TensorAt(g, 0)->mutable_shape()->Mutate(1, 1ull << 32);
  ExpectFileRejected(g, ErrorCode::kTensorTooLarge, "tensors[0].shape");
}

TEST(Negative, TensorLength) {
  std::vector<std::byte> f = FileOf(testing::MakeLinearRegression());
  ASSERT_TRUE(TensorAt(f, 0)->mutate_length(TensorAt(f, 0)->length() - 8));
  ExpectFileRejected(f, ErrorCode::kTensorLength, "tensors[0].length");
}

TEST(Negative, TensorMisaligned) {
  std::vector<std::byte> f = FileOf(testing::MakeLinearRegression());
  ASSERT_TRUE(TensorAt(f, 1)->mutate_offset(TensorAt(f, 1)->offset() + 8));
  ExpectFileRejected(f, ErrorCode::kTensorMisaligned, "tensors[1].offset");
}

TEST(Negative, TensorNotCanonical) {
  std::vector<std::byte> f = FileOf(testing::MakeLinearRegression());
  // A hole of 64 bytes before tensor 1 ...
  ASSERT_TRUE(TensorAt(f, 1)->mutate_offset(TensorAt(f, 1)->offset() + 64));
  ExpectFileRejected(f, ErrorCode::kTensorNotCanonical, "tensors[1].offset");
  // ... and an overlap: tensor 1 at tensor 0's offset.
  std::vector<std::byte> g = FileOf(testing::MakeLinearRegression());
  ASSERT_TRUE(TensorAt(g, 1)->mutate_offset(0));
  ExpectFileRejected(g, ErrorCode::kTensorNotCanonical, "tensors[1].offset");
}

TEST(Negative, TensorIndex) {
  for (int32_t bad : {6, 9999, -2}) {
    std::vector<std::byte> f = FileOf(testing::MakeDecisionTreeRegressor());
    ASSERT_TRUE(DecisionTreeOf(f)->mutate_children_right(bad));
    ExpectFileRejected(f, ErrorCode::kTensorIndex,
                       "estimator.tree.children_right");
  }
}

TEST(Negative, TensorUnreferenced) {
  std::vector<std::byte> f = FileOf(testing::MakeStandardScaler());
  auto* scaler =
      static_cast<fb::StandardScaler*>(MutableManifest(f)->mutable_estimator());
  ASSERT_EQ(scaler->mean(), 0);
  ASSERT_TRUE(scaler->mutate_mean(-1));  // the mean tensor is orphaned
  ExpectFileRejected(f, ErrorCode::kTensorUnreferenced, "tensors[0]");
}

TEST(Negative, TensorReferencedTwice) {
  std::vector<std::byte> f = FileOf(testing::MakeDecisionTreeRegressor());
  fb::Tree* tree = DecisionTreeOf(f);
  ASSERT_TRUE(tree->mutate_children_right(tree->children_left()));
  ExpectFileRejected(f, ErrorCode::kTensorReferencedTwice,
                     "estimator.tree.children_right");
}

// The reader's mapping of a CategoryEncoder (union tag 8): its column
// scalars and tensor references are read from the file.
TEST(Reader, CategoryEncoderFields) {
  std::vector<std::byte> f = FileOf(testing::MakeCategoryEncoder());
  ASSERT_EQ(MutableManifest(f)->estimator_type(),
            fb::Estimator::CategoryEncoder);
  auto* enc = static_cast<fb::CategoryEncoder*>(
      MutableManifest(f)->mutable_estimator());
  auto* col1 = enc->mutable_columns()->GetMutableObject(1);
  ASSERT_EQ(col1->column(), 3u);
  ASSERT_TRUE(col1->mutate_column(7));
  ExpectFileRejected(f, ErrorCode::kCategoryColumnRange,
                     "estimator.columns[1].column");
  ASSERT_TRUE(col1->mutate_column(3));
  ASSERT_TRUE(ParseCopy(f).ok());
  ASSERT_TRUE(col1->mutate_categories(enc->columns()->Get(0)->categories()));
  ExpectFileRejected(f, ErrorCode::kTensorReferencedTwice,
                     "estimator.columns[1].categories");
  ASSERT_TRUE(col1->mutate_categories(-1));
  ExpectFileRejected(f, ErrorCode::kTensorUnreferenced, "tensors[1]");
}

// Union tags: NONE and tags this reader does not know are rejected, never
// skipped (the FlatBuffers verifier accepts both).
TEST(Reader, UnknownUnionTagInFile) {
  // NONE, the first tag after the last kind, and a large one.
  constexpr uint8_t kFirstUnknown =
      static_cast<uint8_t>(std::variant_size_v<EstimatorVariant> + 1);
  for (uint8_t tag : {uint8_t{0}, kFirstUnknown, uint8_t{200}}) {
    std::vector<std::byte> f = FileOf(testing::MakeLinearRegression());
    auto* table = reinterpret_cast<flatbuffers::Table*>(MutableManifest(f));
    ASSERT_TRUE(
        table->SetField<uint8_t>(fb::Manifest::VT_ESTIMATOR_TYPE, tag, 0));
    ExpectFileRejected(f, ErrorCode::kUnknownEstimator, "estimator");
  }
}

TEST(Reader, ErrorMessageHasPath) {
  std::vector<std::byte> f = FileOf(testing::MakeLinearRegression());
  ASSERT_TRUE(TensorAt(f, 1)->mutate_offset(TensorAt(f, 1)->offset() + 8));
  EXPECT_EQ(ParseCopy(f).status().ToString(),
            "tensors[1].offset: tensor offset not 64-byte aligned: 72 (E125 "
            "TensorMisaligned)");
}

// Every truncation of a small model, at every byte offset, is rejected
// (and, under ASan+UBSan, without any out-of-bounds access).
TEST(Reader, EveryTruncationIsRejected) {
  for (const Model& model : {testing::MakeDecisionTreeRegressor(),
                             testing::MakePipelineScalerLogistic()}) {
    std::vector<std::byte> f = FileOf(model);
    ASSERT_TRUE(ParseCopy(f).ok());
    for (size_t n = 0; n < f.size(); ++n) {
      auto parsed = ParseCopy(std::span<const std::byte>(f.data(), n));
      ASSERT_FALSE(parsed.ok()) << "prefix of " << n << " bytes parsed";
    }
  }
}

// 10,000 single-byte mutations (fixed seed) of each of two models never
// crash; whatever parses passes ValidateModel and serializes again.
TEST(Reader, RandomSingleByteMutations) {
  const std::pair<Model, uint64_t> cases[] = {
      {testing::MakeHistGradientBoostingCategorical(), 0x5ea10001},
      {testing::MakeNestedPipeline(), 0x5ea10002},
  };
  for (const auto& [model, seed] : cases) {
    std::vector<std::byte> f = FileOf(model);
    std::mt19937_64 rng(seed);
    std::uniform_int_distribution<size_t> pos(0, f.size() - 1);
    std::uniform_int_distribution<int> flip(1, 255);
    int accepted = 0;
    for (int i = 0; i < 10000; ++i) {
      std::vector<std::byte> g = f;
      const size_t at = pos(rng);
      g[at] ^= static_cast<std::byte>(flip(rng));
      auto parsed = ParseCopy(g);
      if (!parsed.ok()) {
        const bool major = at >= format_internal::kMajorOffset &&
                           at < format_internal::kMinorOffset;
        EXPECT_EQ(parsed.status().category(),
                  major ? ErrorCategory::kUnsupported : ErrorCategory::kFormat)
            << "byte " << at << ": " << parsed.status().ToString();
        continue;
      }
      ++accepted;
      ASSERT_TRUE(ValidateModel(*parsed).ok()) << "byte " << at;
      ASSERT_TRUE(SerializeModel(*parsed).ok()) << "byte " << at;
    }
    // Most bytes are structure; tensor values and some scalars may change
    // freely. Both outcomes must occur for the test to mean anything.
    EXPECT_GT(accepted, 0);
    EXPECT_LT(accepted, 10000);
    std::cout << model.metadata.name << ": " << f.size() << " bytes, "
              << accepted << " of 10000 mutations accepted\n";
  }
}

}  // namespace
}  // namespace modelseal

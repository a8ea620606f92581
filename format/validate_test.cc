// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Negative tests of the semantic rules (SPEC §4-§8): one per error code,
// suite "Negative", named after the code. Each corrupts one field of a
// valid example model and checks that ValidateModel rejects it with the
// code and context, and (where the corruption can be written) that the
// reader rejects the file the same way.
#include <gtest/gtest.h>
#include <sys/mman.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "format/test_util.h"
#include "format/writer_internal.h"
#include "modelseal/format.h"
#include "modelseal/limits.h"
#include "tests/testing/builders.h"
#include "tests/testing/example_models.h"

namespace modelseal {
namespace {

using testing::MakeCategoryEncoder;
using testing::MakeColumnTransformer;
using testing::MakeColumnTransformerPipeline;
using testing::MakeDecisionTreeClassifier;
using testing::MakeDecisionTreeRegressor;
using testing::MakeFeatureSelector;
using testing::MakeForestMultiOutput;
using testing::MakeGradientBoostingMulticlass;
using testing::MakeHistGradientBoostingCategorical;
using testing::MakeLinearRegression;
using testing::MakeLogisticBinary;
using testing::MakeLogisticMulticlassStrings;
using testing::MakeMaxAbsScaler;
using testing::MakeMinMaxScaler;
using testing::MakeNormalizer;
using testing::MakeOneHotEncoder;
using testing::MakeOrdinalEncoder;
using testing::MakePassthrough;
using testing::MakePipelineCategoryEncoderHgb;
using testing::MakePipelineScalerLogistic;
using testing::MakeRobustScaler;
using testing::MakeSimpleImputer;
using testing::MakeStandardScaler;

enum class Via { kModelAndFile, kModelOnly };

void ExpectRejected(const Model& m, ErrorCode code, const std::string& context,
                    Via via = Via::kModelAndFile) {
  Status s = ValidateModel(m);
  EXPECT_EQ(s.code(), code) << s.ToString();
  EXPECT_EQ(s.context(), context) << s.ToString();
  if (via == Via::kModelOnly) return;
  auto bytes = format_internal::SerializeUnvalidated(m);
  ASSERT_TRUE(bytes.ok()) << bytes.status().ToString();
  auto parsed = format_test::ParseCopy(*bytes);
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.status().code(), code) << parsed.status().ToString();
  EXPECT_EQ(parsed.status().context(), context) << parsed.status().ToString();
  // SerializeModel refuses it too.
  EXPECT_EQ(SerializeModel(m).status().code(), code);
}

Tree& FirstTree(Model& m) {
  return std::get<DecisionTree>(m.estimator.kind).tree;
}

template <typename T>
Tensor Replace(const Tensor& t, size_t i, T v) {
  std::vector<T> values(t.span<T>().begin(), t.span<T>().end());
  values.at(i) = v;
  return Tensor::FromVector(std::move(values), t.shape());
}

TEST(Negative, TensorWrongDType) {
  Model m = MakeDecisionTreeClassifier();
  FirstTree(m).threshold =
      Tensor::FromVector(std::vector<float>{0.5f, -2, 1.5f, -2, -2});
  ExpectRejected(m, ErrorCode::kTensorWrongDType, "estimator.tree.threshold");
}

TEST(Negative, TensorWrongShape) {
  Model m = MakeLogisticBinary();
  auto& lm = std::get<LinearModel>(m.estimator.kind);
  lm.intercept = Tensor::FromVector(std::vector<double>{1, 2});
  ExpectRejected(m, ErrorCode::kTensorWrongShape, "estimator.intercept");
}

TEST(Negative, TensorMissing) {
  Model m = MakeDecisionTreeClassifier();
  FirstTree(m).value = Tensor();
  ExpectRejected(m, ErrorCode::kTensorMissing, "estimator.tree.value");
}

TEST(Negative, ValueNotFinite) {
  Model m = MakeLinearRegression();
  auto& lm = std::get<LinearModel>(m.estimator.kind);
  lm.coef = Replace<double>(lm.coef, 1, std::nan(""));
  ExpectRejected(m, ErrorCode::kValueNotFinite, "estimator.coef[1]");
}

TEST(Negative, ValueNotFiniteThresholdNan) {
  Model m = MakeDecisionTreeClassifier();
  FirstTree(m).threshold =
      Replace<double>(FirstTree(m).threshold, 2, std::nan(""));
  ExpectRejected(m, ErrorCode::kValueNotFinite, "estimator.tree.threshold[2]");
}

TEST(Negative, StringTooLong) {
  Model m = MakeLinearRegression();
  m.metadata.description.assign(limits::kMaxStringBytes + 1, 'x');
  ExpectRejected(m, ErrorCode::kStringTooLong, "metadata.description");
}

TEST(Negative, StringNotUtf8) {
  Model m = MakePipelineScalerLogistic();
  m.input.feature_names[2] = "c\xc0\xaf";  // overlong '/'
  ExpectRejected(m, ErrorCode::kStringNotUtf8, "input.feature_names[2]");
}

TEST(Negative, StringEmpty) {
  Model m = MakeLinearRegression();
  m.metadata.name.clear();
  ExpectRejected(m, ErrorCode::kStringEmpty, "metadata.name");
}

TEST(Negative, TooManyItems) {
  Model m = MakeLinearRegression();
  m.metadata.library_versions.assign(limits::kMaxListItems + 1,
                                     {"numpy", "2.0"});
  ExpectRejected(m, ErrorCode::kTooManyItems, "metadata.library_versions");
}

TEST(Negative, BadTimestamp) {
  for (const char* bad : {"2026-13-01T00:00:00Z", "2026-11-28 12:00:00Z",
                          "2026-11-28T12:00:00", "2026-11-28T24:00:00Z"}) {
    Model m = MakeLinearRegression();
    m.metadata.created = bad;
    ExpectRejected(m, ErrorCode::kBadTimestamp, "metadata.created");
  }
}

TEST(Negative, BadHash) {
  Model m = MakeLinearRegression();
  m.metadata.source.content_hash =
      "sha256:2C26B46B68FFC68FF99B453C1D30413413422D706483BFA0F98A5E886266E7AE";
  ExpectRejected(m, ErrorCode::kBadHash, "metadata.source.content_hash");
  m.metadata.source.content_hash = "md5:d41d8cd98f00b204e9800998ecf8427e";
  ExpectRejected(m, ErrorCode::kBadHash, "metadata.source.content_hash");
}

TEST(Negative, UnknownTask) {
  Model m = MakeLinearRegression();
  m.output.task = static_cast<Task>(9);
  ExpectRejected(m, ErrorCode::kUnknownTask, "output.task");
}

TEST(Negative, FeatureCount) {
  Model m = MakeLinearRegression();
  m.input.n_features = 0;
  m.input.feature_names.clear();
  ExpectRejected(m, ErrorCode::kFeatureCount, "input.n_features");
}

TEST(Negative, FeatureNames) {
  Model m = MakeLinearRegression();
  m.input.feature_names.pop_back();
  ExpectRejected(m, ErrorCode::kFeatureNames, "input.feature_names");
}

TEST(Negative, OutputCount) {
  Model m = MakeStandardScaler();
  m.output.n_outputs = 4;
  ExpectRejected(m, ErrorCode::kOutputCount, "output.n_outputs");
}

TEST(Negative, ClassesCount) {
  Model m = MakeLogisticBinary();
  m.output.classes[0].int_labels = Tensor::FromVector(std::vector<int64_t>{});
  ExpectRejected(m, ErrorCode::kClassesCount, "output.classes[0].int_labels");
}

TEST(Negative, SingleClass) {
  // One class: a linear classifier cannot have it (trees can).
  Model m = MakeLogisticBinary();
  m.output.classes[0].int_labels = Tensor::FromVector(std::vector<int64_t>{0});
  ExpectRejected(m, ErrorCode::kSingleClass, "output.classes[0]");
}

TEST(Negative, LabelType) {
  Model m = MakeLogisticBinary();  // labels 0, 1
  m.output.classes[0].label_type = LabelType::kBool;
  EXPECT_TRUE(ValidateModel(m).ok()) << ValidateModel(m).ToString();
  m.output.classes[0].int_labels =
      Tensor::FromVector(std::vector<int64_t>{0, 2});
  ExpectRejected(m, ErrorCode::kLabelType, "output.classes[0].int_labels[1]");
  m.output.classes[0].label_type = LabelType::kFloat64;
  EXPECT_TRUE(ValidateModel(m).ok()) << ValidateModel(m).ToString();
  m.output.classes[0].int_labels =
      Tensor::FromVector(std::vector<int64_t>{0, (int64_t{1} << 53) + 1});
  ExpectRejected(m, ErrorCode::kLabelType, "output.classes[0].int_labels[1]");
  Model s = MakeLogisticMulticlassStrings();
  s.output.classes[0].label_type = LabelType::kBool;
  ExpectRejected(s, ErrorCode::kLabelType, "output.classes[0].label_type");
}

TEST(Negative, ClassesCountRegressionWithClasses) {
  Model m = MakeLinearRegression();
  m.output.classes = MakeLogisticBinary().output.classes;
  ExpectRejected(m, ErrorCode::kClassesCount, "output.classes");
}

TEST(Negative, ClassesKind) {
  Model m = MakeLogisticBinary();
  m.output.classes[0].str_labels = {"a", "b"};
  ExpectRejected(m, ErrorCode::kClassesKind, "output.classes[0]");
}

TEST(Negative, ClassesNotSorted) {
  Model m = MakeLogisticMulticlassStrings();
  m.output.classes[0].str_labels = {"bird", "dog", "cat"};
  ExpectRejected(m, ErrorCode::kClassesNotSorted,
                 "output.classes[0].str_labels[2]");
}

// The reader's path for an unknown union tag is in reader_test.cc; here, an
// Estimator whose variant holds no value.
TEST(Negative, UnknownEstimator) {
  Model m = MakeLinearRegression();
  struct Throws {
    Throws() = default;
    Throws(const Throws&) { throw 1; }
    operator LinearModel() const { throw 1; }
  };
  try {
    m.estimator.kind.emplace<LinearModel>(Throws());
  } catch (int) {
  }
  ASSERT_TRUE(m.estimator.kind.valueless_by_exception());
  ExpectRejected(m, ErrorCode::kUnknownEstimator, "estimator", Via::kModelOnly);
}

TEST(Negative, UnknownEnum) {
  Model m = MakeLogisticBinary();
  std::get<LinearModel>(m.estimator.kind).output = static_cast<LinearOutput>(8);
  ExpectRejected(m, ErrorCode::kUnknownEnum, "estimator.output");
  Model g = MakeGradientBoostingMulticlass();
  std::get<GradientBoosting>(g.estimator.kind).loss = static_cast<GbLoss>(0);
  ExpectRejected(g, ErrorCode::kUnknownEnum, "estimator.loss");
}

TEST(Negative, NestingTooDeep) {
  Model m = MakeStandardScaler();
  for (uint64_t i = 0; i < limits::kMaxNestingDepth; ++i) {
    Pipeline p;
    p.steps.push_back(std::move(m.estimator));
    m.estimator.kind = std::move(p);
  }
  std::string ctx = "estimator";
  for (uint64_t i = 0; i < limits::kMaxNestingDepth; ++i) ctx += ".steps[0]";
  // kMaxNestingDepth pipelines around a scaler are fine ...
  ASSERT_TRUE(ValidateModel(m).ok()) << ValidateModel(m).ToString();
  // ... one more is not.
  Pipeline p;
  p.steps.push_back(std::move(m.estimator));
  m.estimator.kind = std::move(p);
  ExpectRejected(m, ErrorCode::kNestingTooDeep,
                 ctx.substr(0, ctx.size() - std::string(".steps[0]").size()) +
                     ".steps[0]");
}

TEST(Negative, NestingTooDeepColumnTransformer) {
  Model m = MakePassthrough();
  auto wrap = [](Model& model) {
    ColumnTransformer t;
    t.groups.emplace_back();
    t.groups[0].columns = {0, 1};
    t.groups[0].transformer.push_back(std::move(model.estimator));
    model.estimator.kind = std::move(t);
  };
  for (uint64_t i = 0; i < limits::kMaxNestingDepth; ++i) wrap(m);
  // kMaxNestingDepth ColumnTransformers around a Passthrough are fine ...
  ASSERT_TRUE(ValidateModel(m).ok()) << ValidateModel(m).ToString();
  // ... one more is not.
  wrap(m);
  std::string ctx = "estimator";
  for (uint64_t i = 0; i < limits::kMaxNestingDepth; ++i) {
    ctx += ".groups[0].transformer[0]";
  }
  ExpectRejected(m, ErrorCode::kNestingTooDeep, ctx);
}

TEST(Negative, PipelineShape) {
  Model m = MakePipelineScalerLogistic();
  auto& p = std::get<Pipeline>(m.estimator.kind);
  std::swap(p.steps[0], p.steps[1]);  // the predictor is no longer last
  ExpectRejected(m, ErrorCode::kPipelineShape, "estimator.steps[0]");
  std::get<Pipeline>(m.estimator.kind).steps.clear();
  ExpectRejected(m, ErrorCode::kPipelineShape, "estimator.steps");
}

TEST(Negative, TaskMismatch) {
  Model m = MakeLinearRegression();
  m.output.task = Task::kTransform;
  m.output.n_outputs = 1;
  ExpectRejected(m, ErrorCode::kTaskMismatch, "estimator.output");
  Model g = MakeGradientBoostingMulticlass();
  std::get<GradientBoosting>(g.estimator.kind).loss = GbLoss::kLogLossBinary;
  ExpectRejected(g, ErrorCode::kTaskMismatch, "estimator.loss");
}

TEST(Negative, EstimatorFeatures) {
  Model m = MakePipelineScalerLogistic();
  auto& p = std::get<Pipeline>(m.estimator.kind);
  std::get<StandardScaler>(p.steps[0].kind).mean =
      Tensor::FromVector(std::vector<double>{1, 2, 3});
  ExpectRejected(m, ErrorCode::kEstimatorFeatures, "estimator.steps[0].mean");
}

// SPEC §7 rule 6: a few hundred bytes must not describe a model whose
// per-column bookkeeping is gigabytes (a fuzzing find: Normalizers on 2^24
// columns, then a FeatureSelector down to one output).
TEST(Negative, ModelTooWide) {
  const uint64_t n = limits::kMaxFeatures;
  auto wide = [n](int normalizers) {
    Model m = MakeFeatureSelector();
    m.input.n_features = n;
    m.output.n_outputs = 1;
    Pipeline p;
    for (int i = 0; i < normalizers; ++i) {
      Normalizer z;
      z.norm = NormKind::kL2;
      p.steps.emplace_back().kind = z;
    }
    FeatureSelector f;
    f.columns = {n - 1};
    f.input = SelectorInput::kAny;
    p.steps.emplace_back().kind = f;
    m.estimator.kind = std::move(p);
    return m;
  };
  // The Pipeline, two Normalizers and the selector: 4 * 2^24 columns, the
  // limit exactly.
  static_assert(4 * limits::kMaxFeatures == limits::kMaxTotalColumns);
  const Model at_limit = wide(2);
  EXPECT_TRUE(ValidateModel(at_limit).ok())
      << ValidateModel(at_limit).ToString();
  ExpectRejected(wide(3), ErrorCode::kModelTooWide, "estimator.steps[3]");
  // Nested estimators count too: with a FeatureUnion of one Normalizer in
  // place of the first Normalizer, the union's member is the fifth 2^24.
  Model u = wide(2);
  FeatureUnion fu;
  Normalizer z;
  z.norm = NormKind::kMax;
  fu.transformers.emplace_back().kind = z;
  std::get<Pipeline>(u.estimator.kind).steps[0].kind = std::move(fu);
  ExpectRejected(u, ErrorCode::kModelTooWide, "estimator.steps[2]");
}

TEST(Negative, ScalarOutOfRange) {
  Model m = MakeGradientBoostingMulticlass();
  std::get<GradientBoosting>(m.estimator.kind).learning_rate = -0.1;
  ExpectRejected(m, ErrorCode::kScalarOutOfRange, "estimator.learning_rate");
  Model s = MakeStandardScaler();
  auto& sc = std::get<StandardScaler>(s.estimator.kind);
  sc.scale = Replace<double>(sc.scale, 1, 0.0);
  ExpectRejected(s, ErrorCode::kScalarOutOfRange, "estimator.scale[1]");
  Model h = MakeHistGradientBoostingCategorical();
  auto& hist = std::get<HistGradientBoosting>(h.estimator.kind);
  hist.trees[1].is_leaf = Replace<uint8_t>(hist.trees[1].is_leaf, 1, 2);
  ExpectRejected(h, ErrorCode::kScalarOutOfRange,
                 "estimator.trees[1].is_leaf[1]");
}

TEST(Negative, TreeEmpty) {
  Model m = MakeDecisionTreeRegressor();
  Tree& t = FirstTree(m);
  t.children_left = Tensor::FromVector(std::vector<int32_t>{});
  ExpectRejected(m, ErrorCode::kTreeEmpty, "estimator.tree");
}

// 2^31 nodes cannot be built in a test's memory; the node count is checked
// before any node is read, so an address range that is never touched
// (PROT_NONE) stands in for the data.
TEST(Negative, TreeTooLarge) {
  constexpr uint64_t nodes = limits::kMaxTreeNodes + 1;
  constexpr size_t nbytes = nodes * sizeof(int32_t);
  void* p = mmap(nullptr, nbytes, PROT_NONE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  ASSERT_NE(p, MAP_FAILED);
  std::shared_ptr<void> unmap(p, [](void* q) { munmap(q, nbytes); });
  Model m = MakeDecisionTreeRegressor();
  FirstTree(m).children_left = Tensor::Borrow(
      DType::kInt32, {nodes}, static_cast<std::byte*>(p), nbytes, unmap);
  ExpectRejected(m, ErrorCode::kTreeTooLarge, "estimator.tree",
                 Via::kModelOnly);
}

TEST(Negative, TreeChild) {
  Model m = MakeForestMultiOutput();
  auto& trees = std::get<Forest>(m.estimator.kind).trees;
  trees[1].children_left = Replace<int32_t>(trees[1].children_left, 2, 9999);
  ExpectRejected(m, ErrorCode::kTreeChild,
                 "estimator.trees[1].children_left[2]");
  Status s = ValidateModel(m);
  EXPECT_EQ(s.detail(), "9999 out of range [-1, 5)");
}

TEST(Negative, TreeNotATree) {
  // A cycle: node 2's left child is the root.
  Model m = MakeDecisionTreeClassifier();
  FirstTree(m).children_left =
      Replace<int32_t>(FirstTree(m).children_left, 2, 0);
  ExpectRejected(m, ErrorCode::kTreeNotATree,
                 "estimator.tree.children_left[2]");
  // Shared child: node 2's children both point to node 3; 4 is unreachable.
  Model d = MakeDecisionTreeClassifier();
  FirstTree(d).children_right =
      Replace<int32_t>(FirstTree(d).children_right, 2, 3);
  ExpectRejected(d, ErrorCode::kTreeNotATree,
                 "estimator.tree.children_left[2]");
  // Unreachable node: node 2 becomes a leaf, 3 and 4 hang loose.
  Model u = MakeDecisionTreeClassifier();
  FirstTree(u).children_left =
      Replace<int32_t>(FirstTree(u).children_left, 2, -1);
  FirstTree(u).children_right =
      Replace<int32_t>(FirstTree(u).children_right, 2, -1);
  ExpectRejected(u, ErrorCode::kTreeNotATree, "estimator.tree");
}

TEST(Positive, TreeNotInDepthFirstOrderIsStillATree) {
  // Node 3's left child is node 2: a valid tree that the quick check for
  // scikit-learn's layout (children after parents) does not accept, so the
  // full walk decides.
  Model m = MakeDecisionTreeClassifier();
  Tree& t = FirstTree(m);
  t.children_left = Tensor::FromVector(std::vector<int32_t>{3, -1, -1, 2, -1});
  t.children_right = Tensor::FromVector(std::vector<int32_t>{1, -1, -1, 4, -1});
  t.feature = Tensor::FromVector(std::vector<int32_t>{0, -2, -2, 1, -2});
  t.threshold = Tensor::FromVector(std::vector<double>{0.5, -2, -2, 1.5, -2});
  Status s = ValidateModel(m);
  EXPECT_TRUE(s.ok()) << s.ToString();
  // The same layout with a node reached twice is still refused.
  t.children_right = Replace<int32_t>(t.children_right, 3, 2);
  ExpectRejected(m, ErrorCode::kTreeNotATree,
                 "estimator.tree.children_left[3]");
}

TEST(Negative, TreeLeaf) {
  Model m = MakeDecisionTreeRegressor();
  FirstTree(m).children_right =
      Replace<int32_t>(FirstTree(m).children_right, 0, -1);
  ExpectRejected(m, ErrorCode::kTreeLeaf, "estimator.tree.children_left[0]");
}

TEST(Negative, TreeFeature) {
  Model m = MakeDecisionTreeRegressor();
  FirstTree(m).feature = Replace<int32_t>(FirstTree(m).feature, 2, 2);
  ExpectRejected(m, ErrorCode::kTreeFeature, "estimator.tree.feature[2]");
  Model h = MakeHistGradientBoostingCategorical();
  auto& hist = std::get<HistGradientBoosting>(h.estimator.kind);
  hist.trees[1].feature_idx =
      Replace<uint32_t>(hist.trees[1].feature_idx, 0, 3);
  ExpectRejected(h, ErrorCode::kTreeFeature,
                 "estimator.trees[1].feature_idx[0]");
}

// kMaxTrees + 1 trees do not fit a test's memory as Tree structs; the reader
// test (reader_test.cc, TooManyTreesInFile) covers the file path. Here the
// count is checked before any tree is looked at, so default trees do.
TEST(Negative, TooManyTrees) {
  Model m = MakeGradientBoostingMulticlass();
  auto& gb = std::get<GradientBoosting>(m.estimator.kind);
  gb.trees.resize(limits::kMaxTrees + 1);
  ExpectRejected(m, ErrorCode::kTooManyTrees, "estimator.trees",
                 Via::kModelOnly);
}

TEST(Negative, TreeCount) {
  Model m = MakeGradientBoostingMulticlass();
  std::get<GradientBoosting>(m.estimator.kind).trees.pop_back();
  ExpectRejected(m, ErrorCode::kTreeCount, "estimator.trees");
}

TEST(Negative, BitsetIndex) {
  Model m = MakeHistGradientBoostingCategorical();
  auto& hist = std::get<HistGradientBoosting>(m.estimator.kind);
  hist.trees[0].bitset_idx = Replace<uint32_t>(hist.trees[0].bitset_idx, 0, 1);
  ExpectRejected(m, ErrorCode::kBitsetIndex,
                 "estimator.trees[0].bitset_idx[0]");
}

TEST(Negative, CategoricalMap) {
  Model m = MakeHistGradientBoostingCategorical();
  auto& hist = std::get<HistGradientBoosting>(m.estimator.kind);
  hist.f_idx_map = Replace<int32_t>(hist.f_idx_map, 1, 1);
  ExpectRejected(m, ErrorCode::kCategoricalMap, "estimator.f_idx_map[1]");
  // A categorical split on a feature the map says is numeric.
  Model n = MakeHistGradientBoostingCategorical();
  auto& h2 = std::get<HistGradientBoosting>(n.estimator.kind);
  h2.f_idx_map = Tensor::FromVector(std::vector<int32_t>{-1, -1, 0});
  ExpectRejected(n, ErrorCode::kCategoricalMap,
                 "estimator.trees[0].is_categorical[0]");
}

CategoryEncoder& EncoderOf(Model& m) {
  if (auto* p = std::get_if<Pipeline>(&m.estimator.kind)) {
    return std::get<CategoryEncoder>(p->steps[0].kind);
  }
  return std::get<CategoryEncoder>(m.estimator.kind);
}

TEST(Negative, CategoryColumnCount) {
  Model m = MakeCategoryEncoder();
  EncoderOf(m).columns.clear();
  ExpectRejected(m, ErrorCode::kCategoryColumnCount, "estimator.columns");
  // More columns than the 4 input columns (the extra ones are otherwise
  // valid: the count is checked first).
  Model w = MakePipelineCategoryEncoderHgb();
  auto& cols = EncoderOf(w).columns;
  const CategoryColumn extra = cols[0];
  for (int i = 0; i < 3; ++i) cols.push_back(extra);
  ExpectRejected(w, ErrorCode::kCategoryColumnCount,
                 "estimator.steps[0].columns");
}

TEST(Negative, CategoryColumnRange) {
  Model m = MakePipelineCategoryEncoderHgb();
  EncoderOf(m).columns[1].column = 4;
  ExpectRejected(m, ErrorCode::kCategoryColumnRange,
                 "estimator.steps[0].columns[1].column");
}

TEST(Negative, CategoryColumnOrder) {
  Model m = MakeCategoryEncoder();
  EncoderOf(m).columns[1].column = 1;  // the same column twice
  ExpectRejected(m, ErrorCode::kCategoryColumnOrder,
                 "estimator.columns[1].column");
  std::swap(EncoderOf(m).columns[0], EncoderOf(m).columns[1]);
  EncoderOf(m).columns[0].column = 3;
  ExpectRejected(m, ErrorCode::kCategoryColumnOrder,
                 "estimator.columns[1].column");
}

TEST(Negative, CategoryCount) {
  Model m = MakeCategoryEncoder();
  EncoderOf(m).columns[0].categories =
      Tensor::FromVector(std::vector<double>{});
  ExpectRejected(m, ErrorCode::kCategoryCount,
                 "estimator.columns[0].categories");
  std::vector<double> many(limits::kMaxCategories + 1);
  for (size_t i = 0; i < many.size(); ++i) many[i] = static_cast<double>(i);
  EncoderOf(m).columns[0].categories = Tensor::FromVector(many);
  ExpectRejected(m, ErrorCode::kCategoryCount,
                 "estimator.columns[0].categories");
  many.pop_back();  // exactly the limit is fine
  EncoderOf(m).columns[0].categories = Tensor::FromVector(many);
  EXPECT_TRUE(ValidateModel(m).ok()) << ValidateModel(m).ToString();
}

TEST(Negative, CategoriesNotSorted) {
  Model m = MakePipelineCategoryEncoderHgb();
  auto& cats = EncoderOf(m).columns[1].categories;
  cats = Replace<double>(cats, 2, 0.0);  // {-1.5, 0, 0, 8}: a duplicate
  ExpectRejected(m, ErrorCode::kCategoriesNotSorted,
                 "estimator.steps[0].columns[1].categories[2]");
  // -0.0 and 0.0 are one category, as in numpy.
  cats = Tensor::FromVector(std::vector<double>{-1.5, -0.0, 0.0, 8});
  ExpectRejected(m, ErrorCode::kCategoriesNotSorted,
                 "estimator.steps[0].columns[1].categories[2]");
  cats = Tensor::FromVector(std::vector<double>{8, 2.25, 0, -1.5});
  ExpectRejected(m, ErrorCode::kCategoriesNotSorted,
                 "estimator.steps[0].columns[1].categories[1]");
}

// The codes the encoder shares with other kinds (SPEC §7 CategoryEncoder).
TEST(CategoryEncoderRules, SharedCodes) {
  Model m = MakeCategoryEncoder();
  EncoderOf(m).columns[0].categories =
      Replace<double>(EncoderOf(m).columns[0].categories, 2, std::nan(""));
  ExpectRejected(m, ErrorCode::kValueNotFinite,
                 "estimator.columns[0].categories[2]");
  EncoderOf(m).columns[0].categories =
      Tensor::FromVector(std::vector<double>{3, 7, HUGE_VAL});
  ExpectRejected(m, ErrorCode::kValueNotFinite,
                 "estimator.columns[0].categories[2]");
  EncoderOf(m).columns[0].categories = Tensor();
  ExpectRejected(m, ErrorCode::kTensorMissing,
                 "estimator.columns[0].categories");
  EncoderOf(m).columns[0].categories =
      Tensor::FromVector(std::vector<int64_t>{3, 7, 10});
  ExpectRejected(m, ErrorCode::kTensorWrongDType,
                 "estimator.columns[0].categories");
  EncoderOf(m).columns[0].categories =
      Tensor::FromVector(std::vector<double>{3, 7, 10, 11}, {2, 2});
  ExpectRejected(m, ErrorCode::kTensorWrongShape,
                 "estimator.columns[0].categories");
}

TEST(CategoryEncoderRules, FinalEstimatorIsATransform) {
  Model m = MakeCategoryEncoder();
  m.output.n_outputs = 3;
  ExpectRejected(m, ErrorCode::kOutputCount, "output.n_outputs");
  Model r = MakeCategoryEncoder();
  r.output.task = Task::kRegression;
  r.output.n_outputs = 4;
  ExpectRejected(r, ErrorCode::kTaskMismatch, "estimator");
  // A pipeline of an encoder and a scaler is a transformer.
  Model p = MakeCategoryEncoder();
  Pipeline pipe;
  pipe.steps.push_back(std::move(p.estimator));
  StandardScaler scaler;
  scaler.scale = Tensor::FromVector(std::vector<double>{1, 2, 3, 4});
  pipe.steps.push_back({std::move(scaler)});
  p.estimator.kind = std::move(pipe);
  EXPECT_TRUE(ValidateModel(p).ok()) << ValidateModel(p).ToString();
  // An encoder cannot follow the predictor.
  Model q = MakePipelineCategoryEncoderHgb();
  auto& steps = std::get<Pipeline>(q.estimator.kind).steps;
  std::swap(steps[0], steps[1]);
  ExpectRejected(q, ErrorCode::kPipelineShape, "estimator.steps[0]");
}

// Rules of the tensor table that ValidateModel applies to in-memory tensors
// as well (the loader's re-check). The file path of these is in
// reader_test.cc.
TEST(ValidateTensors, LengthDisagreesWithShape) {
  Model m = MakeLogisticBinary();
  auto& lm = std::get<LinearModel>(m.estimator.kind);
  lm.coef = Tensor::FromVector(std::vector<double>{1, 2, 3, 4}, {1, 3});
  Status s = ValidateModel(m);
  EXPECT_EQ(s.code(), ErrorCode::kTensorLength) << s.ToString();
}

TEST(ValidateTensors, MisalignedData) {
  Model m = MakeLogisticBinary();
  auto& lm = std::get<LinearModel>(m.estimator.kind);
  auto holder = std::make_shared<std::vector<double>>(6, 0.0);
  lm.coef = Tensor::Borrow(
      DType::kFloat64, {1, 4},
      reinterpret_cast<const std::byte*>(holder->data()) + 4, 32, holder);
  Status s = ValidateModel(m);
  EXPECT_EQ(s.code(), ErrorCode::kTensorMisaligned) << s.ToString();
}

TEST(ValidateTensors, BadDTypeAndRank) {
  Model m = MakeLogisticBinary();
  auto& lm = std::get<LinearModel>(m.estimator.kind);
  auto holder = std::make_shared<std::vector<double>>(4, 0.0);
  const auto* data = reinterpret_cast<const std::byte*>(holder->data());
  lm.coef = Tensor::Borrow(static_cast<DType>(42), {1, 4}, data, 32, holder);
  EXPECT_EQ(ValidateModel(m).code(), ErrorCode::kTensorDType);
  lm.coef = Tensor::Borrow(DType::kFloat64, {1, 1, 1, 1, 4}, data, 32, holder);
  EXPECT_EQ(ValidateModel(m).code(), ErrorCode::kTensorRank);
  lm.coef = Tensor::Borrow(DType::kFloat64, {1ull << 40, 1ull << 40}, data, 32,
                           holder);
  EXPECT_EQ(ValidateModel(m).code(), ErrorCode::kTensorTooLarge);
}

TEST(ValidateModelTest, ErrorMessageHasPathAndDetail) {
  Model m = MakeForestMultiOutput();
  auto& trees = std::get<Forest>(m.estimator.kind).trees;
  trees[1].children_left = Replace<int32_t>(trees[1].children_left, 2, 9999);
  EXPECT_EQ(ValidateModel(m).ToString(),
            "estimator.trees[1].children_left[2]: tree child index out of "
            "range: 9999 out of range [-1, 5) (E182 TreeChild)");
}

TEST(ValidateModelTest, NewerMinorVersionInMemoryIsAccepted) {
  Model m = MakeLinearRegression();
  m.format_minor = 7;
  EXPECT_TRUE(ValidateModel(m).ok());
  m.format_major = 2;
  EXPECT_EQ(ValidateModel(m).code(), ErrorCode::kUnsupportedMajorVersion);
}

TEST(Negative, MinMaxClipRange) {
  Model m = MakeMinMaxScaler();
  auto& s = std::get<MinMaxScaler>(m.estimator.kind);
  s.clip_range = Tensor::FromVector(std::vector<double>{1.0, 1.0});
  ExpectRejected(m, ErrorCode::kMinMaxClipRange, "estimator.clip_range");
  s.clip_range = Tensor::FromVector(std::vector<double>{2.0, 1.0});
  ExpectRejected(m, ErrorCode::kMinMaxClipRange, "estimator.clip_range");
  s.clip_range = Tensor::FromVector(
      std::vector<double>{0.0, std::numeric_limits<double>::infinity()});
  ExpectRejected(m, ErrorCode::kMinMaxClipRange, "estimator.clip_range");
  s.clip_range = Tensor::FromVector(
      std::vector<double>{0.0, std::numeric_limits<double>::quiet_NaN()});
  ExpectRejected(m, ErrorCode::kMinMaxClipRange, "estimator.clip_range");
  // No clip range is fine (clip=False); so is any finite increasing one.
  s.clip_range = Tensor();
  EXPECT_TRUE(ValidateModel(m).ok()) << ValidateModel(m).ToString();
  s.clip_range = Tensor::FromVector(std::vector<double>{-10.0, 10.0});
  EXPECT_TRUE(ValidateModel(m).ok()) << ValidateModel(m).ToString();
  // The other fields: required, [n], finite.
  Model n = MakeMinMaxScaler();
  std::get<MinMaxScaler>(n.estimator.kind).min = Tensor();
  ExpectRejected(n, ErrorCode::kTensorMissing, "estimator.min");
  Model w = MakeMinMaxScaler();
  std::get<MinMaxScaler>(w.estimator.kind).scale =
      Tensor::FromVector(std::vector<double>{1.0, 2.0});
  ExpectRejected(w, ErrorCode::kEstimatorFeatures, "estimator.scale");
  Model f = MakeMinMaxScaler();
  auto& fs = std::get<MinMaxScaler>(f.estimator.kind);
  fs.min = Replace<double>(fs.min, 2, std::numeric_limits<double>::quiet_NaN());
  ExpectRejected(f, ErrorCode::kValueNotFinite, "estimator.min[2]");
}

TEST(Negative, MaxAbsScale) {
  Model m = MakeMaxAbsScaler();
  auto& s = std::get<MaxAbsScaler>(m.estimator.kind);
  const Tensor good = s.scale;
  for (double bad : {0.0, -0.0, -1.0, std::numeric_limits<double>::quiet_NaN(),
                     std::numeric_limits<double>::infinity()}) {
    s.scale = Replace<double>(good, 1, bad);
    ExpectRejected(m, ErrorCode::kMaxAbsScale, "estimator.scale[1]");
  }
  s.scale = Tensor();
  ExpectRejected(m, ErrorCode::kTensorMissing, "estimator.scale");
}

TEST(Transformers, NewScalersServeTransformOnly) {
  Model m = MakeMaxAbsScaler();
  m.output.task = Task::kRegression;
  ExpectRejected(m, ErrorCode::kTaskMismatch, "estimator");
  Model w = MakeMinMaxScaler();
  w.output.n_outputs = 2;
  ExpectRejected(w, ErrorCode::kOutputCount, "output.n_outputs");
}

// ---- Format 1.1: typed input columns, encoders, imputer, ColumnTransformer
// (SPEC §6 rules 8-11, §7).

OneHotEncoder& OneHot(Model& m) {
  return std::get<OneHotEncoder>(m.estimator.kind);
}
OrdinalEncoder& Ordinal(Model& m) {
  return std::get<OrdinalEncoder>(m.estimator.kind);
}
SimpleImputer& Imputer(Model& m) {
  return std::get<SimpleImputer>(m.estimator.kind);
}
ColumnTransformer& Columns(Model& m) {
  return std::get<ColumnTransformer>(m.estimator.kind);
}

TEST(Negative, InputColumnCount) {
  Model m = MakeOneHotEncoder();
  m.input.columns.pop_back();
  ExpectRejected(m, ErrorCode::kInputColumnCount, "input.columns");
  // Empty is fine (every column a float): the OneHotEncoder's string
  // column then gets numbers, which the typing rule refuses.
  Model e = MakeOneHotEncoder();
  e.input.columns.clear();
  ExpectRejected(e, ErrorCode::kColumnType, "estimator.columns[0].categories");
}

TEST(Negative, InputColumnName) {
  Model m = MakeOneHotEncoder();
  m.input.columns[1].name = "Size";
  ExpectRejected(m, ErrorCode::kInputColumnName, "input.columns[1].name");
  // Without feature names, the names are empty.
  Model o = MakeOrdinalEncoder();
  // (Each name one char built, not assigned from a literal: GCC 12 warns
  // falsely, -Wrestrict, on such an assignment once inlined here.)
  o.input.columns[0].name = std::string(1, 'a');
  ExpectRejected(o, ErrorCode::kInputColumnName, "input.columns[0].name");
  o.input.columns[0].name = std::string(1, '\xff');
  ExpectRejected(o, ErrorCode::kStringNotUtf8, "input.columns[0].name");
}

TEST(Negative, UnknownEnumFormat11) {
  Model m = MakeOneHotEncoder();
  m.input.columns[0].type = static_cast<ColumnType>(0);
  ExpectRejected(m, ErrorCode::kUnknownEnum, "input.columns[0].type");
  m = MakeOneHotEncoder();
  m.input.columns[1].nullable = static_cast<Nullable>(3);
  ExpectRejected(m, ErrorCode::kUnknownEnum, "input.columns[1].nullable");
  m = MakeOneHotEncoder();
  OneHot(m).columns[0].categories.missing = static_cast<Nullable>(0);
  ExpectRejected(m, ErrorCode::kUnknownEnum,
                 "estimator.columns[0].categories.missing");
  m = MakeOneHotEncoder();
  OneHot(m).unknown = static_cast<UnknownCategory>(7);
  ExpectRejected(m, ErrorCode::kUnknownEnum, "estimator.unknown");
  Model o = MakeOrdinalEncoder();
  Ordinal(o).unknown = static_cast<UnknownCategory>(0);
  ExpectRejected(o, ErrorCode::kUnknownEnum, "estimator.unknown");
}

TEST(Negative, CategoryListKind) {
  Model m = MakeOneHotEncoder();
  OneHot(m).columns[1].categories.strings = {"x", "y", "z"};
  ExpectRejected(m, ErrorCode::kCategoryListKind,
                 "estimator.columns[1].categories");
  // Neither: only the missing category.
  Model n = MakeOneHotEncoder();
  auto& cats = OneHot(n).columns[0].categories;
  cats.strings.clear();
  OneHot(n).columns[0].slots = Tensor::FromVector(std::vector<int64_t>{0, -1});
  ExpectRejected(n, ErrorCode::kCategoryListKind,
                 "estimator.columns[0].categories");
}

TEST(Negative, CategoryCountCategoryList) {
  Model m = MakeOrdinalEncoder();
  auto& col = Ordinal(m).columns[1];
  col.categories.numbers = Tensor::FromVector(std::vector<double>{});
  col.codes = Tensor::FromVector(std::vector<double>{0});
  ExpectRejected(m, ErrorCode::kCategoryCount,
                 "estimator.columns[1].categories.numbers");
  Model s = MakeOrdinalEncoder();
  auto& scol = Ordinal(s).columns[0];
  scol.categories.strings.clear();
  for (uint64_t i = 0; i <= limits::kMaxCategories; ++i) {
    std::string v = std::to_string(1000000 + i);
    scol.categories.strings.push_back(v);
  }
  scol.codes = Tensor::FromVector(
      std::vector<double>(scol.categories.strings.size(), 0.0));
  ExpectRejected(s, ErrorCode::kCategoryCount,
                 "estimator.columns[0].categories.strings");
}

TEST(Negative, CategoriesNotSortedCategoryList) {
  Model m = MakeOneHotEncoder();
  OneHot(m).columns[0].categories.strings = {"blue", "red", "green"};
  ExpectRejected(m, ErrorCode::kCategoriesNotSorted,
                 "estimator.columns[0].categories.strings[2]");
  OneHot(m).columns[0].categories.strings = {"blue", "blue", "red"};
  ExpectRejected(m, ErrorCode::kCategoriesNotSorted,
                 "estimator.columns[0].categories.strings[1]");
  Model n = MakeOneHotEncoder();
  OneHot(n).columns[1].categories.numbers =
      Tensor::FromVector(std::vector<double>{1, 3, 2});
  ExpectRejected(n, ErrorCode::kCategoriesNotSorted,
                 "estimator.columns[1].categories.numbers[2]");
  // Finite numbers, valid strings.
  OneHot(n).columns[1].categories.numbers = Tensor::FromVector(
      std::vector<double>{1, 2, std::numeric_limits<double>::quiet_NaN()});
  ExpectRejected(n, ErrorCode::kValueNotFinite,
                 "estimator.columns[1].categories.numbers[2]");
  Model u = MakeOneHotEncoder();
  OneHot(u).columns[0].categories.strings[2] = "r\xc3";
  ExpectRejected(u, ErrorCode::kStringNotUtf8,
                 "estimator.columns[0].categories.strings[2]");
}

TEST(Negative, OneHotSlot) {
  Model m = MakeOneHotEncoder();
  auto& col = OneHot(m).columns[1];
  col.slots = Replace<int64_t>(col.slots, 1, 2);  // width 2
  ExpectRejected(m, ErrorCode::kOneHotSlot, "estimator.columns[1].slots[1]");
  col.slots = Replace<int64_t>(col.slots, 1, -2);
  ExpectRejected(m, ErrorCode::kOneHotSlot, "estimator.columns[1].slots[1]");
  // Width 0 (drop on a one-category column): every slot -1.
  Model z = MakeOneHotEncoder();
  auto& zc = OneHot(z).columns[1];
  zc.categories.numbers = Tensor::FromVector(std::vector<double>{5});
  zc.slots = Tensor::FromVector(std::vector<int64_t>{-1, -1});
  zc.width = 0;
  z.output.n_outputs = 4;
  EXPECT_TRUE(ValidateModel(z).ok()) << ValidateModel(z).ToString();
  zc.slots = Tensor::FromVector(std::vector<int64_t>{0, -1});
  ExpectRejected(z, ErrorCode::kOneHotSlot, "estimator.columns[1].slots[0]");
  // The slots' shape is [count + 1].
  Model s = MakeOneHotEncoder();
  OneHot(s).columns[0].slots =
      Tensor::FromVector(std::vector<int64_t>{0, 1, 2, 3});
  ExpectRejected(s, ErrorCode::kTensorWrongShape, "estimator.columns[0].slots");
  OneHot(s).columns[0].slots = Tensor();
  ExpectRejected(s, ErrorCode::kTensorMissing, "estimator.columns[0].slots");
}

TEST(Negative, TransformWidth) {
  Model m = MakeOneHotEncoder();
  for (auto& col : OneHot(m).columns) {
    col.width = 0;
    col.slots = Tensor::FromVector(
        std::vector<int64_t>(col.categories.count() + 1, -1));
  }
  ExpectRejected(m, ErrorCode::kTransformWidth, "estimator");
  Model w = MakeOneHotEncoder();
  OneHot(w).columns[1].width = limits::kMaxFeatures;
  ExpectRejected(w, ErrorCode::kTransformWidth, "estimator.columns[1].width");
  // An imputer that keeps nothing.
  Model i = MakeSimpleImputer();
  Imputer(i).kept.clear();
  Imputer(i).indicator.clear();
  ExpectRejected(i, ErrorCode::kTransformWidth, "estimator");
}

TEST(Negative, OrdinalUnknownValue) {
  Model m = MakeOrdinalEncoder();
  Ordinal(m).unknown = UnknownCategory::kError;
  ExpectRejected(m, ErrorCode::kOrdinalUnknownValue, "estimator.unknown_value");
  Ordinal(m).unknown_value = -0.0;
  ExpectRejected(m, ErrorCode::kOrdinalUnknownValue, "estimator.unknown_value");
  Ordinal(m).unknown_value = 0.0;
  EXPECT_TRUE(ValidateModel(m).ok()) << ValidateModel(m).ToString();
  // With Slot any value, NaN included.
  Ordinal(m).unknown = UnknownCategory::kSlot;
  Ordinal(m).unknown_value = std::numeric_limits<double>::quiet_NaN();
  EXPECT_TRUE(ValidateModel(m).ok()) << ValidateModel(m).ToString();
  // The codes: f64 [count].
  Model c = MakeOrdinalEncoder();
  Ordinal(c).columns[1].codes = Tensor::FromVector(std::vector<double>{0, 1});
  ExpectRejected(c, ErrorCode::kTensorWrongShape, "estimator.columns[1].codes");
  Model f = MakeOrdinalEncoder();
  Ordinal(f).columns.pop_back();
  ExpectRejected(f, ErrorCode::kEstimatorFeatures, "estimator.columns");
}

TEST(Negative, ImputerColumns) {
  Model m = MakeSimpleImputer();
  Imputer(m).kept = {2, 0};
  ExpectRejected(m, ErrorCode::kImputerColumns, "estimator.kept[1]");
  Imputer(m).kept = {0, 0};
  ExpectRejected(m, ErrorCode::kImputerColumns, "estimator.kept[1]");
  Model r = MakeSimpleImputer();
  Imputer(r).indicator = {3};
  ExpectRejected(r, ErrorCode::kImputerColumns, "estimator.indicator[0]");
}

TEST(Negative, ImputerFill) {
  Model m = MakeSimpleImputer();
  Imputer(m).fill_numbers = Tensor();
  ExpectRejected(m, ErrorCode::kImputerFill, "estimator");
  Model s = MakeSimpleImputer();
  Imputer(s).fill_strings = {"a", "b"};
  ExpectRejected(s, ErrorCode::kImputerFill, "estimator.fill_strings");
  Model n = MakeSimpleImputer();
  Imputer(n).fill_numbers = Tensor::FromVector(std::vector<double>{1, 2});
  ExpectRejected(n, ErrorCode::kEstimatorFeatures, "estimator.fill_numbers");
}

TEST(Negative, ImputerFillNaN) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  // scikit-learn drops a column whose statistic is NaN: a kept column
  // never has a NaN fill.
  Model m = MakeSimpleImputer();  // kept {0, 2}, indicator {1}
  Imputer(m).fill_numbers = Tensor::FromVector(std::vector<double>{nan, 0, -2});
  ExpectRejected(m, ErrorCode::kImputerFillNaN, "estimator.fill_numbers[0]");
  // NaN where the column is not kept (dropped, or only indicated), and
  // infinities (a median that overflows, fill_value=inf), are what
  // scikit-learn's statistics_ hold.
  Model ok = MakeSimpleImputer();
  Imputer(ok).fill_numbers =
      Tensor::FromVector(std::vector<double>{inf, nan, -inf});
  EXPECT_TRUE(ValidateModel(ok).ok()) << ValidateModel(ok).ToString();
  // A kept string column takes its fill string: its fill number may be NaN.
  Model p = MakeColumnTransformerPipeline();
  auto& ct = std::get<ColumnTransformer>(
      std::get<Pipeline>(p.estimator.kind).steps[0].kind);
  auto& city = std::get<Pipeline>(ct.groups[0].transformer[0].kind);
  std::get<SimpleImputer>(city.steps[0].kind).fill_numbers =
      Tensor::FromVector(std::vector<double>{nan});
  EXPECT_TRUE(ValidateModel(p).ok()) << ValidateModel(p).ToString();
  // ... but a kept numeric column inside a ColumnTransformer may not.
  auto& nums = std::get<Pipeline>(ct.groups[1].transformer[0].kind);
  std::get<SimpleImputer>(nums.steps[0].kind).fill_numbers =
      Tensor::FromVector(std::vector<double>{40, nan});
  ExpectRejected(p, ErrorCode::kImputerFillNaN,
                 "estimator.steps[0].groups[1].transformer[0].steps[0]."
                 "fill_numbers[1]");
}

TEST(Negative, ColumnGroupCount) {
  Model m = MakeColumnTransformer();
  Columns(m).groups.clear();
  ExpectRejected(m, ErrorCode::kColumnGroupCount, "estimator.groups");
  Model t = MakeColumnTransformer();
  t.input.columns[0].type = ColumnType::kFloat;
  t.output.n_outputs = 65;
  const ColumnGroup group = Columns(t).groups[2];
  Columns(t).groups.clear();
  for (uint64_t i = 0; i <= limits::kMaxPipelineSteps; ++i) {
    Columns(t).groups.push_back(group);
  }
  ExpectRejected(t, ErrorCode::kColumnGroupCount, "estimator.groups");
}

TEST(Negative, ColumnGroupColumns) {
  Model m = MakeColumnTransformer();
  Columns(m).groups[2].columns = {2, 3};
  ExpectRejected(m, ErrorCode::kColumnGroupColumns,
                 "estimator.groups[2].columns[1]");
  Columns(m).groups[2].columns.clear();
  ExpectRejected(m, ErrorCode::kColumnGroupColumns,
                 "estimator.groups[2].columns");
}

TEST(Negative, ColumnGroupTransformer) {
  Model m = MakeColumnTransformer();
  Columns(m).groups[1].transformer[0] = MakeLinearRegression().estimator;
  ExpectRejected(m, ErrorCode::kColumnGroupTransformer,
                 "estimator.groups[1].transformer[0]");
  // A pipeline ending in a predictor is no transformer either.
  Columns(m).groups[1].transformer[0] = MakePipelineScalerLogistic().estimator;
  ExpectRejected(m, ErrorCode::kColumnGroupTransformer,
                 "estimator.groups[1].transformer[0]");
  // Exactly one entry (the reader checks it before converting the entries).
  Model two = MakeColumnTransformer();
  Columns(two).groups[2].transformer.push_back({Passthrough{}});
  ExpectRejected(two, ErrorCode::kColumnGroupTransformer,
                 "estimator.groups[2].transformer");
  Columns(two).groups[2].transformer.clear();
  ExpectRejected(two, ErrorCode::kColumnGroupTransformer,
                 "estimator.groups[2].transformer");
  // The group's width is its transformer's input width.
  Model w = MakeColumnTransformer();
  Columns(w).groups[1].columns = {1, 2};
  ExpectRejected(w, ErrorCode::kEstimatorFeatures,
                 "estimator.groups[1].transformer[0].scale");
}

TEST(Negative, ColumnType) {
  // A string column into a numeric step.
  Model m = MakeColumnTransformer();
  Columns(m).groups[1].columns = {0};
  ExpectRejected(m, ErrorCode::kColumnType,
                 "estimator.groups[1].transformer[0]");
  // A numeric column into string categories.
  Model n = MakeColumnTransformer();
  Columns(n).groups[0].columns = {1};
  ExpectRejected(n, ErrorCode::kColumnType,
                 "estimator.groups[0].transformer[0].columns[0].categories");
  // A string column into an imputer without a fill string, a numeric one
  // into an imputer without fill numbers.
  Model p = MakeColumnTransformerPipeline();
  auto& ct = std::get<ColumnTransformer>(
      std::get<Pipeline>(p.estimator.kind).steps[0].kind);
  Model q = p;
  ct.groups[1].columns = {0, 2};
  ExpectRejected(
      p, ErrorCode::kColumnType,
      "estimator.steps[0].groups[1].transformer[0].steps[0].kept[0]");
  auto& ct_q = std::get<ColumnTransformer>(
      std::get<Pipeline>(q.estimator.kind).steps[0].kind);
  ct_q.groups[0].columns = {1};
  ExpectRejected(
      q, ErrorCode::kColumnType,
      "estimator.steps[0].groups[0].transformer[0].steps[0].kept[0]");
  // A transform whose output has a string column.
  Model t = MakePassthrough();
  t.input.columns = {{"", ColumnType::kString, Nullable::kNo},
                     {"", ColumnType::kFloat, Nullable::kNo}};
  ExpectRejected(t, ErrorCode::kColumnType, "estimator");
  // A string column straight into a predictor.
  Model l = MakeLinearRegression();
  l.input.columns = {{"x0", ColumnType::kFloat, Nullable::kYes},
                     {"x1", ColumnType::kString, Nullable::kYes},
                     {"x2", ColumnType::kFloat, Nullable::kYes}};
  l.input.feature_names = {"x0", "x1", "x2"};
  ExpectRejected(l, ErrorCode::kColumnType, "estimator");
  EXPECT_NE(ValidateModel(l).detail().find("input column 1"),
            std::string::npos);
  // Integer and boolean columns are numeric.
  l.input.columns[1].type = ColumnType::kBoolean;
  EXPECT_TRUE(ValidateModel(l).ok()) << ValidateModel(l).ToString();
}

TEST(Transformers, Format11KindsAsSteps) {
  // Passthrough as a Pipeline step before a predictor.
  Model m = MakePipelineScalerLogistic();
  auto& steps = std::get<Pipeline>(m.estimator.kind).steps;
  steps.insert(steps.begin(), Estimator{Passthrough{}});
  EXPECT_TRUE(ValidateModel(m).ok()) << ValidateModel(m).ToString();
  // A ColumnTransformer nested in a ColumnTransformer.
  Model c = MakeColumnTransformer();
  Model inner = MakeColumnTransformer();
  Columns(c).groups[2].columns = {0, 1, 2};
  Columns(c).groups[2].transformer[0] = inner.estimator;
  c.output.n_outputs = 2 + 4;
  EXPECT_TRUE(ValidateModel(c).ok()) << ValidateModel(c).ToString();
  // The transform's n_outputs is the ColumnTransformer's width.
  c.output.n_outputs = 5;
  ExpectRejected(c, ErrorCode::kOutputCount, "output.n_outputs");
}

// ---- Numeric preprocessing kinds (format 1.1).

TEST(Negative, RobustScale) {
  Model m = MakeRobustScaler();
  auto& s = std::get<RobustScaler>(m.estimator.kind);
  const Tensor good = s.scale;
  for (double bad : {0.0, -0.0, -1.0}) {
    s.scale = Replace<double>(good, 1, bad);
    ExpectRejected(m, ErrorCode::kRobustScale, "estimator.scale[1]");
  }
  // Non-finite entries are E133 (either tensor); wrong extents E175.
  s.scale = Replace<double>(good, 2, std::numeric_limits<double>::infinity());
  ExpectRejected(m, ErrorCode::kValueNotFinite, "estimator.scale[2]");
  s.scale = good;
  s.center = Replace<double>(s.center, 0, std::nan(""));
  ExpectRejected(m, ErrorCode::kValueNotFinite, "estimator.center[0]");
  s.center = Tensor::FromVector(std::vector<double>{1.0, 2.0});
  ExpectRejected(m, ErrorCode::kEstimatorFeatures, "estimator.center");
  // Either part may be absent (with_centering / with_scaling False).
  s.center = Tensor();
  EXPECT_TRUE(ValidateModel(m).ok()) << ValidateModel(m).ToString();
  s.scale = Tensor();
  EXPECT_TRUE(ValidateModel(m).ok()) << ValidateModel(m).ToString();
  // A transformer: Transform task only.
  Model t = MakeRobustScaler();
  t.output.task = Task::kRegression;
  ExpectRejected(t, ErrorCode::kTaskMismatch, "estimator");
}

TEST(Transformers, NormalizerNormIsAListedEnum) {
  Model m = MakeNormalizer();
  EXPECT_TRUE(ValidateModel(m).ok()) << ValidateModel(m).ToString();
  for (uint8_t bad : {0, 4, 255}) {
    std::get<Normalizer>(m.estimator.kind).norm = static_cast<NormKind>(bad);
    ExpectRejected(m, ErrorCode::kUnknownEnum, "estimator.norm");
  }
  Model w = MakeNormalizer();
  w.output.n_outputs = 3;  // stateless: width n
  ExpectRejected(w, ErrorCode::kOutputCount, "output.n_outputs");
}

// ---- KBinsDiscretizer (SPEC §7) ----

KBinsDiscretizer& KBins(Model& m) {
  return std::get<KBinsDiscretizer>(m.estimator.kind);
}

TEST(Negative, KBinsFeatureCount) {
  Model m = testing::MakeKBinsDiscretizer();
  EXPECT_TRUE(ValidateModel(m).ok()) << ValidateModel(m).ToString();
  KBins(m).n_bins.pop_back();
  ExpectRejected(m, ErrorCode::kKBinsFeatureCount, "estimator.n_bins");
}

TEST(Negative, KBinsBinCount) {
  Model m = testing::MakeKBinsDiscretizer();
  KBins(m).n_bins[1] = 0;
  ExpectRejected(m, ErrorCode::kKBinsBinCount, "estimator.n_bins[1]");
  m = testing::MakeKBinsDiscretizer();
  KBins(m).n_bins[2] = limits::kMaxCategories + 1;
  ExpectRejected(m, ErrorCode::kKBinsBinCount, "estimator.n_bins[2]");
}

TEST(Negative, KBinsEdgeCount) {
  Model m = testing::MakeKBinsDiscretizer();
  KBins(m).n_bins[0] = 2;  // 8 edges expected, 9 given
  ExpectRejected(m, ErrorCode::kKBinsEdgeCount, "estimator.edges");
  m = testing::MakeKBinsDiscretizer();
  KBins(m).edges = Tensor();
  ExpectRejected(m, ErrorCode::kTensorMissing, "estimator.edges");
}

TEST(Negative, KBinsEdgeOrder) {
  Model m = testing::MakeKBinsDiscretizer();
  const Tensor good = KBins(m).edges;
  // Feature 2's edges start at index 6: {-1, 0.5, 4}.
  KBins(m).edges = Replace<double>(good, 7, -2.0);
  ExpectRejected(m, ErrorCode::kKBinsEdgeOrder, "estimator.edges[7]");
  KBins(m).edges =
      Replace<double>(good, 8, std::numeric_limits<double>::quiet_NaN());
  ExpectRejected(m, ErrorCode::kKBinsEdgeOrder, "estimator.edges[8]");
  KBins(m).edges =
      Replace<double>(good, 6, std::numeric_limits<double>::quiet_NaN());
  ExpectRejected(m, ErrorCode::kKBinsEdgeOrder, "estimator.edges[6]");
  // A feature's first edge may be below the previous feature's last, and
  // equal adjacent edges (np.linspace over a tiny range) are sorted.
  KBins(m).edges = Replace<double>(good, 7, -1.0);
  EXPECT_TRUE(ValidateModel(m).ok()) << ValidateModel(m).ToString();
}

TEST(Transformers, KBinsDiscretizerWidthsEnumsAndFormat11) {
  Model m = testing::MakeKBinsDiscretizer();
  // onehot: sum(n_bins) = 6 outputs; ordinal: one per feature.
  m.output.n_outputs = 3;
  ExpectRejected(m, ErrorCode::kOutputCount, "output.n_outputs");
  KBins(m).encode = KBinsEncode::kOrdinal;
  EXPECT_TRUE(ValidateModel(m).ok()) << ValidateModel(m).ToString();
  KBins(m).encode = static_cast<KBinsEncode>(3);
  ExpectRejected(m, ErrorCode::kUnknownEnum, "estimator.encode");
  KBins(m).encode = KBinsEncode::kOrdinal;
  KBins(m).input = static_cast<KBinsInput>(0);
  ExpectRejected(m, ErrorCode::kUnknownEnum, "estimator.input");
}

// ---- end KBinsDiscretizer ----

// ---- h-tenc: TargetEncoder (SPEC §7) ----

TargetEncoder& Target(Model& m) {
  return std::get<TargetEncoder>(m.estimator.kind);
}

TEST(Negative, TargetCount) {
  Model m = testing::MakeTargetEncoder();
  EXPECT_TRUE(ValidateModel(m).ok()) << ValidateModel(m).ToString();
  Target(m).target_mean = Tensor::FromVector(std::vector<double>{});
  ExpectRejected(m, ErrorCode::kTargetCount, "estimator.target_mean");
}

TEST(TargetEncoderValidation, ShapesFinitenessAndTypes) {
  // One target: encodings [count, 1].
  Model one = testing::MakeTargetEncoder();
  Target(one).target_mean = Tensor::FromVector(std::vector<double>{0.5});
  ExpectRejected(one, ErrorCode::kTensorWrongShape,
                 "estimator.columns[0].encodings");
  for (auto& col : Target(one).columns) {
    col.encodings =
        Tensor::FromVector(std::vector<double>(col.categories.count(), 0.25),
                           {col.categories.count(), 1});
  }
  one.output.n_outputs = 2;
  EXPECT_TRUE(ValidateModel(one).ok()) << ValidateModel(one).ToString();
  // Not finite.
  Model nf = testing::MakeTargetEncoder();
  Target(nf).columns[1].encodings =
      Replace<double>(Target(nf).columns[1].encodings, 4,
                      std::numeric_limits<double>::infinity());
  ExpectRejected(nf, ErrorCode::kValueNotFinite,
                 "estimator.columns[1].encodings[4]");
  Model nm = testing::MakeTargetEncoder();
  Target(nm).target_mean = Replace<double>(
      Target(nm).target_mean, 2, std::numeric_limits<double>::quiet_NaN());
  ExpectRejected(nm, ErrorCode::kValueNotFinite, "estimator.target_mean[2]");
  // Missing tensors, wrong column count.
  Model mt = testing::MakeTargetEncoder();
  Target(mt).target_mean = Tensor();
  ExpectRejected(mt, ErrorCode::kTensorMissing, "estimator.target_mean");
  Model me = testing::MakeTargetEncoder();
  Target(me).columns[0].encodings = Tensor();
  ExpectRejected(me, ErrorCode::kTensorMissing,
                 "estimator.columns[0].encodings");
  Model f = testing::MakeTargetEncoder();
  Target(f).columns.pop_back();
  ExpectRejected(f, ErrorCode::kEstimatorFeatures, "estimator.columns");
  // A string column into numeric categories.
  Model ty = testing::MakeTargetEncoder();
  ty.input.columns[1].type = ColumnType::kString;
  ExpectRejected(ty, ErrorCode::kColumnType, "estimator.columns[1].categories");
  // The output width is n * t.
  Model w = testing::MakeTargetEncoder();
  w.output.n_outputs = 2;
  EXPECT_FALSE(ValidateModel(w).ok());
}
// ---- end h-tenc ----

// ---- FeatureUnion (SPEC §7).

FeatureUnion& Union(Model& m) {
  return std::get<FeatureUnion>(m.estimator.kind);
}

TEST(Negative, UnionTransformerCount) {
  Model m = testing::MakeFeatureUnion();
  Union(m).transformers.clear();
  Union(m).weights = Tensor();
  ExpectRejected(m, ErrorCode::kUnionTransformerCount,
                 "estimator.transformers");
  Model t = testing::MakeFeatureUnion();
  t.output.n_outputs = limits::kMaxPipelineSteps + 1;
  Union(t).weights = Tensor();
  const Estimator y = Union(t).transformers[2];
  Union(t).transformers.assign(limits::kMaxPipelineSteps + 1, y);
  ExpectRejected(t, ErrorCode::kUnionTransformerCount,
                 "estimator.transformers");
}

TEST(Negative, UnionTransformer) {
  Model m = testing::MakeFeatureUnion();
  Union(m).transformers[1] = MakeLinearRegression().estimator;
  ExpectRejected(m, ErrorCode::kUnionTransformer, "estimator.transformers[1]");
  // A pipeline ending in a predictor is no transformer either.
  Union(m).transformers[1] = MakePipelineScalerLogistic().estimator;
  ExpectRejected(m, ErrorCode::kUnionTransformer, "estimator.transformers[1]");
}

TEST(Negative, UnionWeights) {
  Model m = testing::MakeFeatureUnion();
  Union(m).weights = Tensor::FromVector(std::vector<double>{2.0, 0.5});
  ExpectRejected(m, ErrorCode::kUnionWeights, "estimator.weights");
  Union(m).weights =
      Tensor::FromVector(std::vector<double>{2.0, std::nan(""), 1.0});
  ExpectRejected(m, ErrorCode::kUnionWeights, "estimator.weights[1]");
  Union(m).weights =
      Tensor::FromVector(std::vector<double>{2.0, 1.0, -INFINITY});
  ExpectRejected(m, ErrorCode::kUnionWeights, "estimator.weights[2]");
  // Without weights the union is valid.
  Union(m).weights = Tensor();
  EXPECT_TRUE(ValidateModel(m).ok());
}

TEST(Negative, UnionStringOutput) {
  // A Passthrough sees every column, the string column "city" too.
  Model m = testing::MakeFeatureUnion();
  Union(m).transformers[2] = {Passthrough{}};
  m.output.n_outputs = 1 + 2 + 3;
  ExpectRejected(m, ErrorCode::kUnionStringOutput, "estimator.transformers[2]");
  // With "city" numeric the encoder refuses it first (E212).
  Model n = testing::MakeFeatureUnion();
  n.input.columns[0].type = ColumnType::kFloat;
  ExpectRejected(n, ErrorCode::kColumnType,
                 "estimator.transformers[0].groups[0].transformer[0].columns[0]"
                 ".categories");
  // The transformers' widths add up (E163 for a wrong n_outputs).
  Model w = testing::MakeFeatureUnion();
  w.output.n_outputs = 5;
  ExpectRejected(w, ErrorCode::kOutputCount, "output.n_outputs");
}

// ---- FunctionTransformer (SPEC §7): its func is a closed enum (E171).

TEST(Negative, UnknownEnumUfunc) {
  Model m = testing::MakeFunctionTransformer();
  auto& f = std::get<FunctionTransformer>(m.estimator.kind);
  f.func = static_cast<Ufunc>(13);
  ExpectRejected(m, ErrorCode::kUnknownEnum, "estimator.func");
  f.func = static_cast<Ufunc>(0);
  ExpectRejected(m, ErrorCode::kUnknownEnum, "estimator.func");
  // Numbers only: a string column into it is E212.
  Model s = testing::MakeFunctionTransformer();
  s.input.columns = {InputColumn{"a", ColumnType::kString, Nullable::kYes},
                     InputColumn{"b", ColumnType::kFloat, Nullable::kYes}};
  s.input.feature_names = {"a", "b"};
  ExpectRejected(s, ErrorCode::kColumnType, "estimator");
}

// ---- TransformedTargetRegressor (SPEC §7).

TransformedTargetRegressor& Ttr(Model& m) {
  return std::get<TransformedTargetRegressor>(m.estimator.kind);
}

TEST(Negative, TargetRegressor) {
  Model m = testing::MakeTransformedTarget();
  Ttr(m).regressor.clear();
  ExpectRejected(m, ErrorCode::kTargetRegressor, "estimator.regressor");
  Model two = testing::MakeTransformedTarget();
  Ttr(two).regressor.push_back(Ttr(two).regressor[0]);
  ExpectRejected(two, ErrorCode::kTargetRegressor, "estimator.regressor");
  // A transformer is not a regressor.
  Model t = testing::MakeTransformedTarget();
  Ttr(t).regressor[0] = {Passthrough{}};
  ExpectRejected(t, ErrorCode::kTargetRegressor, "estimator.regressor[0]");
  // The regressor is checked against the output spec like a final
  // estimator: a linear model of 1 target for 2 outputs.
  Model w = testing::MakeTransformedTarget();
  std::get<Pipeline>(Ttr(w).regressor[0].kind).steps[1] =
      MakeLinearRegression().estimator;
  ExpectRejected(w, ErrorCode::kTensorWrongShape,
                 "estimator.regressor[0].steps[1].coef");
  // Only the final estimator, and only for regression.
  Model step = testing::MakeTransformedTarget();
  Pipeline p;
  p.steps.push_back(step.estimator);
  p.steps.push_back(testing::MakeLinearRegressionMultiTarget().estimator);
  step.estimator.kind = std::move(p);
  ExpectRejected(step, ErrorCode::kPipelineShape, "estimator.steps[0]");
  Model c = testing::MakeTransformedTarget();
  c.output.task = Task::kClassification;
  c.output.n_outputs = 1;
  c.output.classes = testing::MakeLogisticBinary().output.classes;
  ExpectRejected(c, ErrorCode::kTaskMismatch, "estimator");
}

TEST(Negative, TargetStepCount) {
  Model m = testing::MakeTransformedTarget();
  InverseStep id;
  Ttr(m).inverse.assign(limits::kMaxPipelineSteps + 1, id);
  ExpectRejected(m, ErrorCode::kTargetStepCount, "estimator.inverse");
  Ttr(m).inverse.resize(limits::kMaxPipelineSteps);
  EXPECT_TRUE(ValidateModel(m).ok());
}

TEST(Negative, TargetStepFields) {
  Model m = testing::MakeTransformedTarget();
  Ttr(m).inverse[0].values = Tensor();  // Multiply without values
  ExpectRejected(m, ErrorCode::kTargetStepFields,
                 "estimator.inverse[0].values");
  Model v = testing::MakeTransformedTarget();
  Ttr(v).inverse[2].values =  // Ufunc with values
      Tensor::FromVector(std::vector<double>{1.0, 1.0});
  ExpectRejected(v, ErrorCode::kTargetStepFields,
                 "estimator.inverse[2].values");
  Model f = testing::MakeTransformedTarget();
  Ttr(f).inverse[1].func = Ufunc::kLog;  // Add with a function
  ExpectRejected(f, ErrorCode::kTargetStepFields, "estimator.inverse[1].func");
  Model u = testing::MakeTransformedTarget();
  Ttr(u).inverse[2].func = Ufunc{};  // Ufunc without one
  ExpectRejected(u, ErrorCode::kTargetStepFields, "estimator.inverse[2].func");
  Model i = testing::MakeTransformedTarget();
  Ttr(i).inverse[0].op = TargetOp::kIdentity;  // Identity with values
  ExpectRejected(i, ErrorCode::kTargetStepFields,
                 "estimator.inverse[0].values");
  // values: f64 [n_outputs].
  Model s = testing::MakeTransformedTarget();
  Ttr(s).inverse[1].values = Tensor::FromVector(std::vector<double>{1.0});
  ExpectRejected(s, ErrorCode::kTensorWrongShape,
                 "estimator.inverse[1].values");
}

TEST(Negative, TargetStepValues) {
  Model m = testing::MakeTransformedTarget();
  Ttr(m).inverse[0].values =
      Tensor::FromVector(std::vector<double>{2.0, std::nan("")});
  ExpectRejected(m, ErrorCode::kTargetStepValues,
                 "estimator.inverse[0].values[1]");
  Ttr(m).inverse[0].values =
      Tensor::FromVector(std::vector<double>{INFINITY, 1.0});
  ExpectRejected(m, ErrorCode::kTargetStepValues,
                 "estimator.inverse[0].values[0]");
  // A zero divisor (a zero multiplier is valid).
  Ttr(m).inverse[0].values = Tensor::FromVector(std::vector<double>{0.0, 1.0});
  EXPECT_TRUE(ValidateModel(m).ok());
  Ttr(m).inverse[0].op = TargetOp::kDivide;
  ExpectRejected(m, ErrorCode::kTargetStepValues,
                 "estimator.inverse[0].values[0]");
}

TEST(Negative, UnknownEnumTargetStep) {
  Model m = testing::MakeTransformedTarget();
  Ttr(m).inverse[0].check = static_cast<TargetCheck>(0);
  ExpectRejected(m, ErrorCode::kUnknownEnum, "estimator.inverse[0].check");
  Model o = testing::MakeTransformedTarget();
  Ttr(o).inverse[1].op = static_cast<TargetOp>(7);
  ExpectRejected(o, ErrorCode::kUnknownEnum, "estimator.inverse[1].op");
  Model f = testing::MakeTransformedTarget();
  Ttr(f).inverse[2].func = static_cast<Ufunc>(13);
  ExpectRejected(f, ErrorCode::kUnknownEnum, "estimator.inverse[2].func");
}

// ---- h-sel: FeatureSelector (SPEC §7) ----

FeatureSelector& Selector(Model& m) {
  return std::get<FeatureSelector>(m.estimator.kind);
}

TEST(Negative, SelectorColumns) {
  Model m = testing::MakeFeatureSelector();
  EXPECT_TRUE(ValidateModel(m).ok()) << ValidateModel(m).ToString();
  Selector(m).columns = {1, 4};  // 4 features: index 4 out of range
  ExpectRejected(m, ErrorCode::kSelectorColumns, "estimator.columns[1]");
  Model d = testing::MakeFeatureSelector();
  Selector(d).columns = {3, 3};
  ExpectRejected(d, ErrorCode::kSelectorColumns, "estimator.columns[1]");
  Model r = testing::MakeFeatureSelector();
  Selector(r).columns = {3, 1};
  ExpectRejected(r, ErrorCode::kSelectorColumns, "estimator.columns[1]");
}

TEST(Transformers, FeatureSelectorEmptyInputEnumAndStrings) {
  Model e = testing::MakeFeatureSelector();
  Selector(e).columns.clear();
  ExpectRejected(e, ErrorCode::kTransformWidth, "estimator", Via::kModelOnly);
  for (uint8_t bad : {0, 3, 255}) {
    Model m = testing::MakeFeatureSelector();
    Selector(m).input = static_cast<SelectorInput>(bad);
    ExpectRejected(m, ErrorCode::kUnknownEnum, "estimator.input");
  }
  Model w = testing::MakeFeatureSelector();
  w.output.n_outputs = 4;  // the width is the selection's, 2
  ExpectRejected(w, ErrorCode::kOutputCount, "output.n_outputs");
  Model s = testing::MakeFeatureSelector();
  s.input.columns = {{"a", ColumnType::kFloat, Nullable::kYes},
                     {"b", ColumnType::kString, Nullable::kYes},
                     {"c", ColumnType::kFloat, Nullable::kYes},
                     {"d", ColumnType::kFloat, Nullable::kYes}};
  s.input.feature_names = {"a", "b", "c", "d"};
  ExpectRejected(s, ErrorCode::kColumnType, "estimator");
}

// ---- h-sel: MissingIndicator (SPEC §7) ----

MissingIndicator& Indicator(Model& m) {
  return std::get<MissingIndicator>(m.estimator.kind);
}

TEST(Negative, IndicatorFeatures) {
  Model m = testing::MakeMissingIndicator();
  EXPECT_TRUE(ValidateModel(m).ok()) << ValidateModel(m).ToString();
  Indicator(m).features = {0, 3};  // 3 features: index 3 out of range
  ExpectRejected(m, ErrorCode::kIndicatorFeatures, "estimator.features[1]");
  Model d = testing::MakeMissingIndicator();
  Indicator(d).features = {2, 0};
  ExpectRejected(d, ErrorCode::kIndicatorFeatures, "estimator.features[1]");
}

TEST(Negative, IndicatorMissingValue) {
  for (double bad : {std::numeric_limits<double>::infinity(),
                     -std::numeric_limits<double>::infinity()}) {
    Model m = testing::MakeMissingIndicator();
    Indicator(m).missing_value = bad;
    ExpectRejected(m, ErrorCode::kIndicatorMissingValue,
                   "estimator.missing_value");
  }
}

TEST(Transformers, MissingIndicatorEmptyAndEnum) {
  Model e = testing::MakeMissingIndicator();
  Indicator(e).features.clear();
  ExpectRejected(e, ErrorCode::kTransformWidth, "estimator", Via::kModelOnly);
  for (uint8_t bad : {0, 3, 255}) {
    Model m = testing::MakeMissingIndicator();
    Indicator(m).on_new = static_cast<IndicatorNew>(bad);
    ExpectRejected(m, ErrorCode::kUnknownEnum, "estimator.on_new");
  }
  Model nan = testing::MakeMissingIndicator();
  Indicator(nan).missing_value = std::nan("");
  EXPECT_TRUE(ValidateModel(nan).ok()) << ValidateModel(nan).ToString();
}

// ---- PolynomialFeatures (SPEC §7): the product table refers only to
// earlier columns and to input features in range.

PolynomialFeatures& Poly(Model& m) {
  return std::get<PolynomialFeatures>(m.estimator.kind);
}

TEST(Negative, PolyColumnCount) {
  Model m = testing::MakePolynomialFeatures();
  EXPECT_TRUE(ValidateModel(m).ok()) << ValidateModel(m).ToString();
  Poly(m).feature.pop_back();
  ExpectRejected(m, ErrorCode::kPolyColumnCount, "estimator.feature");
  m = testing::MakePolynomialFeatures();
  Poly(m).base.clear();
  Poly(m).feature.clear();
  ExpectRejected(m, ErrorCode::kPolyColumnCount, "estimator.feature");
}

TEST(Negative, PolyBase) {
  Model m = testing::MakePolynomialFeatures();
  Poly(m).base[3] = 4;  // column 3 from column 3: itself
  ExpectRejected(m, ErrorCode::kPolyBase, "estimator.base[3]");
  m = testing::MakePolynomialFeatures();
  Poly(m).base[1] = 6;  // a later column
  ExpectRejected(m, ErrorCode::kPolyBase, "estimator.base[1]");
  m = testing::MakePolynomialFeatures();
  Poly(m).base[5] = 5;  // column 4: allowed
  EXPECT_TRUE(ValidateModel(m).ok()) << ValidateModel(m).ToString();
}

TEST(Negative, PolyFeature) {
  Model m = testing::MakePolynomialFeatures();
  Poly(m).feature[4] = 3;  // input feature 2 of 2
  ExpectRejected(m, ErrorCode::kPolyFeature, "estimator.feature[4]");
  m = testing::MakePolynomialFeatures();
  Poly(m).feature[3] = 0;  // a product without a factor
  ExpectRejected(m, ErrorCode::kPolyFeature, "estimator.feature[3]");
}

TEST(Negative, PolyOutput) {
  Model m = testing::MakePolynomialFeatures();
  Poly(m).output[2] = 6;
  ExpectRejected(m, ErrorCode::kPolyOutput, "estimator.output[2]");
  m = testing::MakePolynomialFeatures();
  Poly(m).output.clear();
  ExpectRejected(m, ErrorCode::kPolyOutput, "estimator.output");
  // The width is the output's length (E163 for a wrong n_outputs).
  m = testing::MakePolynomialFeatures();
  Poly(m).output.pop_back();
  ExpectRejected(m, ErrorCode::kOutputCount, "output.n_outputs");
  // Numbers only: a string column into it is E212.
  Model s = testing::MakePolynomialFeatures();
  s.input.columns = {InputColumn{"a", ColumnType::kString, Nullable::kYes},
                     InputColumn{"b", ColumnType::kFloat, Nullable::kYes}};
  s.input.feature_names = {"a", "b"};
  ExpectRejected(s, ErrorCode::kColumnType, "estimator");
}

// ---- SPEC §6 rule 11 after a transformer that changes the width ----
// CT1 = [x -> PolynomialFeatures (1, x, x*x), s -> passthrough]: columns
// n, n, n, s. CT2 reads column 3 (the string) and 0-2. The types after the
// polynomial expansion were once tracked at its input width (1), so CT2's
// column 3 was read past the end of that list.
Model PolyThenColumns(Estimator reads_string) {
  Model m;
  m.metadata.name = "poly-types";
  m.metadata.version = 1;
  m.format_minor = 1;
  m.input.n_features = 2;
  m.input.feature_names = {"s", "x"};
  m.input.columns = {{"s", ColumnType::kString, Nullable::kNo},
                     {"x", ColumnType::kFloat, Nullable::kNo}};
  m.output.task = Task::kTransform;
  m.output.n_outputs = 4;
  PolynomialFeatures p;
  p.base = {0, 0, 2};
  p.feature = {0, 1, 1};
  p.output = {0, 1, 2};
  auto group = [](std::vector<uint64_t> columns, Estimator t) {
    ColumnGroup g;
    g.columns = std::move(columns);
    g.transformer.push_back(std::move(t));
    return g;
  };
  ColumnTransformer ct1;
  ct1.groups.push_back(group({1}, {std::move(p)}));
  ct1.groups.push_back(group({0}, {Passthrough{}}));
  ColumnTransformer ct2;
  ct2.groups.push_back(group({3}, std::move(reads_string)));
  ct2.groups.push_back(group({0, 1, 2}, {Passthrough{}}));
  Pipeline pipe;
  pipe.steps.push_back({std::move(ct1)});
  pipe.steps.push_back({std::move(ct2)});
  m.estimator.kind = std::move(pipe);
  return m;
}

TEST(Transformers, ColumnTypesFollowAWidthChangingTransformer) {
  OrdinalEncoder ordinal;
  OrdinalColumn c;
  c.categories.strings = {"a", "b"};
  c.codes = Tensor::FromVector(std::vector<double>{0, 1});
  ordinal.columns.push_back(std::move(c));
  ordinal.unknown = UnknownCategory::kError;
  Model ok = PolyThenColumns({std::move(ordinal)});
  EXPECT_TRUE(ValidateModel(ok).ok()) << ValidateModel(ok).ToString();
  // The string column into a StandardScaler: E212 at CT2's first group.
  StandardScaler scaler;
  scaler.mean = Tensor::FromVector(std::vector<double>{0});
  scaler.scale = Tensor::FromVector(std::vector<double>{1});
  ExpectRejected(PolyThenColumns({std::move(scaler)}), ErrorCode::kColumnType,
                 "estimator.steps[1].groups[0].transformer[0]");
}

// ---- QuantileTransformer (SPEC §7, h-pq) ----

QuantileTransformer& Quantile(Model& m) {
  return std::get<QuantileTransformer>(m.estimator.kind);
}

TEST(Negative, QuantileShape) {
  Model m = testing::MakeQuantileTransformer();
  EXPECT_TRUE(ValidateModel(m).ok()) << ValidateModel(m).ToString();
  // 3 columns for 2 input features.
  Quantile(m).quantiles =
      Tensor::FromVector(std::vector<double>{0, 0, 0, 1, 1, 1}, {2, 3});
  ExpectRejected(m, ErrorCode::kQuantileShape, "estimator.quantiles");
  m = testing::MakeQuantileTransformer();
  Quantile(m).references = Tensor::FromVector(std::vector<double>{0, 1});
  ExpectRejected(m, ErrorCode::kQuantileShape, "estimator.references");
  m = testing::MakeQuantileTransformer();
  Quantile(m).quantiles = Tensor();
  ExpectRejected(m, ErrorCode::kTensorMissing, "estimator.quantiles");
}

TEST(Negative, QuantileOrder) {
  Model m = testing::MakeQuantileTransformer();
  const Tensor good = Quantile(m).quantiles;
  // Feature 0's third quantile (index 4) below its second (-1).
  Quantile(m).quantiles = Replace<double>(good, 4, -1.5);
  ExpectRejected(m, ErrorCode::kQuantileOrder, "estimator.quantiles[4]");
  Quantile(m).quantiles =
      Replace<double>(good, 1, std::numeric_limits<double>::quiet_NaN());
  ExpectRejected(m, ErrorCode::kQuantileOrder, "estimator.quantiles[1]");
  Quantile(m).quantiles =
      Replace<double>(good, 7, std::numeric_limits<double>::infinity());
  ExpectRejected(m, ErrorCode::kQuantileOrder, "estimator.quantiles[7]");
  // Equal neighbours are sorted (feature 1 already repeats 1).
  Quantile(m).quantiles = Replace<double>(good, 2, -2.0);
  EXPECT_TRUE(ValidateModel(m).ok()) << ValidateModel(m).ToString();
}

TEST(Negative, QuantileReferences) {
  Model m = testing::MakeQuantileTransformer();
  const Tensor good = Quantile(m).references;
  Quantile(m).references = Replace<double>(good, 3, 1.5);
  ExpectRejected(m, ErrorCode::kQuantileReferences, "estimator.references[3]");
  Quantile(m).references = Replace<double>(good, 2, 0.25);
  ExpectRejected(m, ErrorCode::kQuantileReferences, "estimator.references[2]");
  Quantile(m).references =
      Replace<double>(good, 0, std::numeric_limits<double>::quiet_NaN());
  ExpectRejected(m, ErrorCode::kQuantileReferences, "estimator.references[0]");
}

TEST(Transformers, QuantileTransformerOutputEnum) {
  Model m = testing::MakeQuantileTransformer();
  Quantile(m).output = static_cast<QuantileOutput>(3);
  ExpectRejected(m, ErrorCode::kUnknownEnum, "estimator.output");
}

// ---- end QuantileTransformer ----

// ---- PowerTransformer (SPEC §7, h-power) ----

PowerTransformer& Power(Model& m) {
  return std::get<PowerTransformer>(m.estimator.kind);
}

TEST(Negative, PowerLambdas) {
  Model m = testing::MakePowerTransformer();
  EXPECT_TRUE(ValidateModel(m).ok()) << ValidateModel(m).ToString();
  const Tensor good = Power(m).lambdas;
  Power(m).lambdas = Tensor::FromVector(std::vector<double>{0.5, 1, 2});
  ExpectRejected(m, ErrorCode::kPowerLambdas, "estimator.lambdas");
  Power(m).lambdas =
      Replace<double>(good, 1, std::numeric_limits<double>::quiet_NaN());
  ExpectRejected(m, ErrorCode::kPowerLambdas, "estimator.lambdas[1]");
  Power(m).lambdas =
      Replace<double>(good, 0, -std::numeric_limits<double>::infinity());
  ExpectRejected(m, ErrorCode::kPowerLambdas, "estimator.lambdas[0]");
  Power(m).lambdas = Tensor();
  ExpectRejected(m, ErrorCode::kTensorMissing, "estimator.lambdas");
}

TEST(Negative, PowerStandardize) {
  Model m = testing::MakePowerTransformer();
  Power(m).scale = Tensor();
  ExpectRejected(m, ErrorCode::kPowerStandardize, "estimator.scale");
  m = testing::MakePowerTransformer();
  Power(m).mean = Tensor();
  ExpectRejected(m, ErrorCode::kPowerStandardize, "estimator.mean");
  m = testing::MakePowerTransformer();
  Power(m).scale = Tensor::FromVector(std::vector<double>{1});
  ExpectRejected(m, ErrorCode::kPowerStandardize, "estimator.scale");
  // standardize=False: neither.
  m = testing::MakePowerTransformer();
  Power(m).mean = Tensor();
  Power(m).scale = Tensor();
  EXPECT_TRUE(ValidateModel(m).ok()) << ValidateModel(m).ToString();
}

TEST(Negative, PowerScale) {
  Model m = testing::MakePowerTransformer();
  const Tensor mean = Power(m).mean, scale = Power(m).scale;
  Power(m).scale = Replace<double>(scale, 1, 0.0);
  ExpectRejected(m, ErrorCode::kPowerScale, "estimator.scale[1]");
  Power(m).scale = Replace<double>(scale, 0, -2.0);
  ExpectRejected(m, ErrorCode::kPowerScale, "estimator.scale[0]");
  Power(m).scale =
      Replace<double>(scale, 0, std::numeric_limits<double>::infinity());
  ExpectRejected(m, ErrorCode::kPowerScale, "estimator.scale[0]");
  Power(m).scale = scale;
  Power(m).mean =
      Replace<double>(mean, 1, std::numeric_limits<double>::quiet_NaN());
  ExpectRejected(m, ErrorCode::kPowerScale, "estimator.mean[1]");
}

TEST(Transformers, PowerTransformerMethodEnum) {
  Model m = testing::MakePowerTransformer();
  Power(m).method = static_cast<PowerMethod>(4);
  ExpectRejected(m, ErrorCode::kUnknownEnum, "estimator.method");
  Power(m).method = static_cast<PowerMethod>(0);
  ExpectRejected(m, ErrorCode::kUnknownEnum, "estimator.method");
}

// ---- end PowerTransformer ----

// ---- SupportVectorMachine (SPEC §7) ----

SupportVectorMachine& Svm(Model& m) {
  return std::get<SupportVectorMachine>(m.estimator.kind);
}

TEST(Negative, SvmParams) {
  for (Model m : {testing::MakeSvcMulticlass(), testing::MakeSvrPoly(),
                  testing::MakeOneClassSvm()}) {
    EXPECT_TRUE(ValidateModel(m).ok()) << ValidateModel(m).ToString();
  }
  Model m = testing::MakeSvcMulticlass();
  Svm(m).gamma = std::numeric_limits<double>::infinity();
  ExpectRejected(m, ErrorCode::kSvmParams, "estimator.gamma");
  m = testing::MakeSvrPoly();
  Svm(m).coef0 = std::nan("");
  ExpectRejected(m, ErrorCode::kSvmParams, "estimator.coef0");
  m = testing::MakeSvrPoly();
  Svm(m).degree = uint64_t{1} << 31;
  ExpectRejected(m, ErrorCode::kSvmParams, "estimator.degree");
  Svm(m).degree = (uint64_t{1} << 31) - 1;  // libsvm's largest int
  EXPECT_TRUE(ValidateModel(m).ok()) << ValidateModel(m).ToString();
  m = testing::MakeSvcMulticlass();
  Svm(m).decision_shape = SvmDecisionShape::kOvo;
  Svm(m).ties = SvmTies::kDecision;
  ExpectRejected(m, ErrorCode::kSvmParams, "estimator.ties");
  m = testing::MakeSvcMulticlass();
  Svm(m).kernel = static_cast<SvmKernel>(9);
  ExpectRejected(m, ErrorCode::kUnknownEnum, "estimator.kernel");
}

TEST(Negative, SvmShape) {
  Model m = testing::MakeSvcMulticlass();
  Svm(m).support_vectors =
      Tensor::FromVector(std::vector<double>(15, 0.0), {5, 3});
  ExpectRejected(m, ErrorCode::kSvmShape, "estimator.support_vectors");
  m = testing::MakeSvcMulticlass();
  Svm(m).n_support = Tensor::FromVector(std::vector<int32_t>{2, 3});
  ExpectRejected(m, ErrorCode::kSvmShape, "estimator.n_support");
  m = testing::MakeSvcMulticlass();
  Svm(m).n_support = Tensor::FromVector(std::vector<int64_t>{2, 1, 2});
  ExpectRejected(m, ErrorCode::kSvmShape, "estimator.n_support");
  m = testing::MakeSvcMulticlass();
  Svm(m).dual_coef = Tensor::FromVector(std::vector<double>(5, 1.0), {1, 5});
  ExpectRejected(m, ErrorCode::kSvmShape, "estimator.dual_coef");
  m = testing::MakeSvcMulticlass();
  Svm(m).intercept = Tensor::FromVector(std::vector<double>{0, 0});
  ExpectRejected(m, ErrorCode::kSvmShape, "estimator.intercept");
  m = testing::MakeSvrPoly();
  Svm(m).n_support = Tensor::FromVector(std::vector<int32_t>{3});
  ExpectRejected(m, ErrorCode::kSvmShape, "estimator.n_support");
  m = testing::MakeSvrPoly();
  Svm(m).intercept = Tensor();
  ExpectRejected(m, ErrorCode::kSvmShape, "estimator.intercept");
  // A regressor's dual_coef and intercept: one row and one value per
  // output (KernelRidge on a 2-D y).
  m = testing::MakeKernelRidgeTwoTargets();
  EXPECT_TRUE(ValidateModel(m).ok()) << ValidateModel(m).ToString();
  Svm(m).dual_coef = Tensor::FromVector(std::vector<double>(3, 1.0), {1, 3});
  ExpectRejected(m, ErrorCode::kSvmShape, "estimator.dual_coef");
  m = testing::MakeKernelRidgeTwoTargets();
  Svm(m).intercept = Tensor::FromVector(std::vector<double>{0});
  ExpectRejected(m, ErrorCode::kSvmShape, "estimator.intercept");
  // No support vectors (an SVR whose training rows all fit in the tube).
  m = testing::MakeSvrPoly();
  Svm(m).support_vectors = Tensor::FromVector(std::vector<double>{}, {0, 2});
  Svm(m).dual_coef = Tensor::FromVector(std::vector<double>{}, {1, 0});
  EXPECT_TRUE(ValidateModel(m).ok()) << ValidateModel(m).ToString();
}

TEST(Negative, SvmSupportCount) {
  Model m = testing::MakeSvcMulticlass();
  Svm(m).n_support = Tensor::FromVector(std::vector<int32_t>{2, 1, 1});
  ExpectRejected(m, ErrorCode::kSvmSupportCount, "estimator.n_support");
  Svm(m).n_support = Tensor::FromVector(std::vector<int32_t>{4, -1, 2});
  ExpectRejected(m, ErrorCode::kSvmSupportCount, "estimator.n_support[1]");
  // CVE-2020-28975's shape: counts larger than the vectors.
  Svm(m).n_support = Tensor::FromVector(std::vector<int32_t>{2, 1, 2147483647});
  ExpectRejected(m, ErrorCode::kSvmSupportCount, "estimator.n_support");
}

TEST(Negative, SvmValues) {
  Model m = testing::MakeSvcMulticlass();
  Svm(m).support_vectors =
      Replace<double>(Svm(m).support_vectors, 3, std::nan(""));
  ExpectRejected(m, ErrorCode::kSvmValues, "estimator.support_vectors[3]");
  m = testing::MakeSvcMulticlass();
  Svm(m).dual_coef = Replace<double>(Svm(m).dual_coef, 7,
                                     std::numeric_limits<double>::infinity());
  ExpectRejected(m, ErrorCode::kSvmValues, "estimator.dual_coef[7]");
  m = testing::MakeSvrPoly();
  Svm(m).intercept = Replace<double>(Svm(m).intercept, 0, std::nan(""));
  ExpectRejected(m, ErrorCode::kSvmValues, "estimator.intercept[0]");
}

TEST(Negative, SvmProbability) {
  Model m = testing::MakeSvcMulticlass();
  Svm(m).prob_b = Tensor();
  ExpectRejected(m, ErrorCode::kSvmProbability, "estimator.prob_b");
  m = testing::MakeSvcMulticlass();
  Svm(m).prob_a = Tensor::FromVector(std::vector<double>{1, 2});
  ExpectRejected(m, ErrorCode::kSvmProbability, "estimator.prob_a");
  m = testing::MakeSvcMulticlass();
  Svm(m).prob_b = Replace<double>(Svm(m).prob_b, 2, std::nan(""));
  ExpectRejected(m, ErrorCode::kSvmProbability, "estimator.prob_b[2]");
  m = testing::MakeSvrPoly();
  Svm(m).prob_a = Tensor::FromVector(std::vector<double>{1});
  Svm(m).prob_b = Tensor::FromVector(std::vector<double>{1});
  ExpectRejected(m, ErrorCode::kSvmProbability, "estimator.prob_a");
  // Without probabilities: valid.
  m = testing::MakeSvcMulticlass();
  Svm(m).prob_a = Tensor();
  Svm(m).prob_b = Tensor();
  EXPECT_TRUE(ValidateModel(m).ok()) << ValidateModel(m).ToString();
}

TEST(Negative, SvmOneClassOutput) {
  Model m = testing::MakeOneClassSvm();
  m.output.classes[0] = testing::IntClasses({-1, 0, 1});
  ExpectRejected(m, ErrorCode::kSvmOneClassOutput, "estimator.type");
  m = testing::MakeOneClassSvm();
  m.output.task = Task::kRegression;
  m.output.classes.clear();
  ExpectRejected(m, ErrorCode::kSvmOneClassOutput, "estimator.type");
  // The classifier and regressor types take the generic task codes.
  m = testing::MakeSvrPoly();
  m.output.task = Task::kClassification;
  m.output.classes.push_back(testing::IntClasses({0, 1}));
  ExpectRejected(m, ErrorCode::kTaskMismatch, "estimator.type");
  m = testing::MakeSvcMulticlass();
  m.output.classes[0] = testing::IntClasses({4});
  ExpectRejected(m, ErrorCode::kSingleClass, "output.classes[0]");
}

// ---- end SupportVectorMachine ----

// ---- NaiveBayes (format 1.1; SPEC §7) ----

NaiveBayes& Nb(Model& m) { return std::get<NaiveBayes>(m.estimator.kind); }
NaiveBayes& BernoulliNb(Model& m) {
  return std::get<NaiveBayes>(
      std::get<Pipeline>(m.estimator.kind).steps[1].kind);
}

TEST(Negative, NaiveBayesShape) {
  for (Model m : {testing::MakeGaussianNb(), testing::MakeBernoulliNb()}) {
    EXPECT_TRUE(ValidateModel(m).ok()) << ValidateModel(m).ToString();
  }
  Model m = testing::MakeGaussianNb();
  Nb(m).theta = Tensor::FromVector(std::vector<double>(4, 0.0), {2, 2});
  ExpectRejected(m, ErrorCode::kNaiveBayesShape, "estimator.theta");
  m = testing::MakeGaussianNb();
  Nb(m).var = Tensor::FromVector(std::vector<float>(6, 1.0f), {3, 2});
  ExpectRejected(m, ErrorCode::kNaiveBayesShape, "estimator.var");
  m = testing::MakeGaussianNb();
  Nb(m).log_norm = Tensor();
  ExpectRejected(m, ErrorCode::kNaiveBayesShape, "estimator.log_norm");
  m = testing::MakeGaussianNb();
  Nb(m).class_term = Tensor::FromVector(std::vector<double>{0, 0});
  ExpectRejected(m, ErrorCode::kNaiveBayesShape, "estimator.class_term");
  // A field the type does not use.
  m = testing::MakeGaussianNb();
  Nb(m).coef = Tensor::FromVector(std::vector<double>(6, 0.0), {3, 2});
  ExpectRejected(m, ErrorCode::kNaiveBayesShape, "estimator.coef");
  m = testing::MakeBernoulliNb();
  BernoulliNb(m).coef = Tensor::FromVector(std::vector<double>(4, 0.0), {2, 2});
  ExpectRejected(m, ErrorCode::kNaiveBayesShape, "estimator.steps[1].coef");
  m = testing::MakeBernoulliNb();
  BernoulliNb(m).theta =
      Tensor::FromVector(std::vector<double>(6, 0.0), {2, 3});
  ExpectRejected(m, ErrorCode::kNaiveBayesShape, "estimator.steps[1].theta");
}

TEST(Negative, NaiveBayesValues) {
  Model m = testing::MakeGaussianNb();
  Nb(m).var = Replace<double>(Nb(m).var, 4, 0.0);
  ExpectRejected(m, ErrorCode::kNaiveBayesValues, "estimator.var[4]");
  m = testing::MakeGaussianNb();
  Nb(m).var = Replace<double>(Nb(m).var, 1, -1.0);
  ExpectRejected(m, ErrorCode::kNaiveBayesValues, "estimator.var[1]");
  m = testing::MakeGaussianNb();
  Nb(m).theta = Replace<double>(Nb(m).theta, 5, std::nan(""));
  ExpectRejected(m, ErrorCode::kNaiveBayesValues, "estimator.theta[5]");
  m = testing::MakeGaussianNb();
  Nb(m).log_norm = Replace<double>(Nb(m).log_norm, 2, -HUGE_VAL);
  ExpectRejected(m, ErrorCode::kNaiveBayesValues, "estimator.log_norm[2]");
  // class_term may be -inf (a prior of 0), never +inf or NaN.
  m = testing::MakeGaussianNb();
  Nb(m).class_term = Replace<double>(Nb(m).class_term, 0, -HUGE_VAL);
  EXPECT_TRUE(ValidateModel(m).ok()) << ValidateModel(m).ToString();
  Nb(m).class_term = Replace<double>(Nb(m).class_term, 1, HUGE_VAL);
  ExpectRejected(m, ErrorCode::kNaiveBayesValues, "estimator.class_term[1]");
  Nb(m).class_term = Replace<double>(Nb(m).class_term, 1, std::nan(""));
  ExpectRejected(m, ErrorCode::kNaiveBayesValues, "estimator.class_term[1]");
  m = testing::MakeBernoulliNb();
  BernoulliNb(m).coef = Replace<double>(BernoulliNb(m).coef, 3, -HUGE_VAL);
  ExpectRejected(m, ErrorCode::kNaiveBayesValues, "estimator.steps[1].coef[3]");
}

TEST(Negative, NaiveBayesCategories) {
  Model m = testing::MakeCategoricalNb();
  EXPECT_TRUE(ValidateModel(m).ok()) << ValidateModel(m).ToString();
  Nb(m).n_categories = Tensor::FromVector(std::vector<int64_t>{3, 1});
  ExpectRejected(m, ErrorCode::kNaiveBayesCategories, "estimator.n_categories");
  Nb(m).n_categories = Tensor::FromVector(std::vector<int64_t>{6, 0});
  ExpectRejected(m, ErrorCode::kNaiveBayesCategories,
                 "estimator.n_categories[1]");
  Nb(m).n_categories = Tensor::FromVector(std::vector<int64_t>{-1, 7});
  ExpectRejected(m, ErrorCode::kNaiveBayesCategories,
                 "estimator.n_categories[0]");
  // Counts running past the table (an overflowing sum included).
  Nb(m).n_categories = Tensor::FromVector(std::vector<int64_t>{4, INT64_MAX});
  ExpectRejected(m, ErrorCode::kNaiveBayesCategories,
                 "estimator.n_categories[1]");
}

NeuralNetwork& Nn(Model& m) {
  return std::get<NeuralNetwork>(m.estimator.kind);
}

TEST(Negative, NeuralNetworkLayers) {
  for (Model m : {testing::MakeMlpClassifier(), testing::MakeMlpRegressor(),
                  testing::MakeMlpMultilabel()}) {
    EXPECT_TRUE(ValidateModel(m).ok()) << ValidateModel(m).ToString();
  }
  Model m = testing::MakeMlpClassifier();
  Nn(m).layer_sizes = Tensor::FromVector(std::vector<int32_t>{3, 4, 5, 3});
  ExpectRejected(m, ErrorCode::kNeuralNetworkLayers, "estimator.layer_sizes");
  Nn(m).layer_sizes = Tensor::FromVector(std::vector<int64_t>{3});
  ExpectRejected(m, ErrorCode::kNeuralNetworkLayers, "estimator.layer_sizes");
  Nn(m).layer_sizes = Tensor();
  ExpectRejected(m, ErrorCode::kNeuralNetworkLayers, "estimator.layer_sizes");
  Nn(m).layer_sizes = Tensor::FromVector(std::vector<int64_t>(258, 3));
  ExpectRejected(m, ErrorCode::kNeuralNetworkLayers, "estimator.layer_sizes");
  // An entry outside [1, 2^24].
  Nn(m).layer_sizes = Tensor::FromVector(std::vector<int64_t>{3, 0, 5, 3});
  ExpectRejected(m, ErrorCode::kNeuralNetworkLayers,
                 "estimator.layer_sizes[1]");
  Nn(m).layer_sizes =
      Tensor::FromVector(std::vector<int64_t>{3, 4, INT64_MAX, 3});
  ExpectRejected(m, ErrorCode::kNeuralNetworkLayers,
                 "estimator.layer_sizes[2]");
  // s_0 is not the input width; s_L not the classes.
  Nn(m).layer_sizes = Tensor::FromVector(std::vector<int64_t>{2, 4, 5, 3});
  ExpectRejected(m, ErrorCode::kNeuralNetworkLayers,
                 "estimator.layer_sizes[0]");
  Nn(m).layer_sizes = Tensor::FromVector(std::vector<int64_t>{3, 4, 5, 2});
  ExpectRejected(m, ErrorCode::kNeuralNetworkLayers,
                 "estimator.layer_sizes[3]");
  // A regressor's last size is its targets; a multilabel one its outputs.
  m = testing::MakeMlpRegressor();
  Nn(m).layer_sizes = Tensor::FromVector(std::vector<int64_t>{2, 3, 1});
  ExpectRejected(m, ErrorCode::kNeuralNetworkLayers,
                 "estimator.layer_sizes[2]");
  m = testing::MakeMlpMultilabel();
  Nn(m).layer_sizes = Tensor::FromVector(std::vector<int64_t>{2, 2, 1});
  ExpectRejected(m, ErrorCode::kNeuralNetworkLayers,
                 "estimator.layer_sizes[2]");
}

TEST(Negative, NeuralNetworkShape) {
  Model m = testing::MakeMlpClassifier();
  // 3*4 + 4*5 + 5*3 = 47 weights, 4 + 5 + 3 = 12 biases.
  Nn(m).weights = Tensor::FromVector(std::vector<double>(46, 0.5));
  ExpectRejected(m, ErrorCode::kNeuralNetworkShape, "estimator.weights");
  m = testing::MakeMlpClassifier();
  Nn(m).weights = Tensor::FromVector(std::vector<float>(47, 0.5f));
  ExpectRejected(m, ErrorCode::kNeuralNetworkShape, "estimator.weights");
  m = testing::MakeMlpClassifier();
  Nn(m).weights = Tensor::FromVector(std::vector<double>(47, 0.5), {47, 1});
  ExpectRejected(m, ErrorCode::kNeuralNetworkShape, "estimator.weights");
  m = testing::MakeMlpClassifier();
  Nn(m).biases = Tensor();
  ExpectRejected(m, ErrorCode::kNeuralNetworkShape, "estimator.biases");
  m = testing::MakeMlpClassifier();
  Nn(m).biases = Tensor::FromVector(std::vector<double>(13, 0.5));
  ExpectRejected(m, ErrorCode::kNeuralNetworkShape, "estimator.biases");
}

TEST(Negative, LinearDeviancePower) {
  Model m = testing::MakePoissonRegressor();
  for (double p : {0.5, std::numeric_limits<double>::infinity(),
                   -std::numeric_limits<double>::infinity()}) {
    std::get<LinearModel>(m.estimator.kind).deviance_power = p;
    ExpectRejected(m, ErrorCode::kLinearDeviancePower,
                   "estimator.deviance_power");
  }
  // Only regressors have a deviance.
  m = testing::MakeLogisticBinary();
  std::get<LinearModel>(m.estimator.kind).deviance_power = 1.0;
  ExpectRejected(m, ErrorCode::kLinearDeviancePower,
                 "estimator.deviance_power");
  // The bounds: 0, 1 and negative powers are Tweedie powers.
  for (double p : {0.0, 1.0, -1.5, 3.0}) {
    Model ok = testing::MakePoissonRegressor();
    std::get<LinearModel>(ok.estimator.kind).deviance_power = p;
    EXPECT_TRUE(ValidateModel(ok).ok()) << p;
  }
}

TEST(Negative, NeuralNetworkActivation) {
  Model m = testing::MakeMlpClassifier();
  Nn(m).hidden_activation = Activation::kSoftmax;
  ExpectRejected(m, ErrorCode::kNeuralNetworkActivation,
                 "estimator.hidden_activation");
  Nn(m).hidden_activation = Activation::kExp;
  ExpectRejected(m, ErrorCode::kNeuralNetworkActivation,
                 "estimator.hidden_activation");
  m = testing::MakeMlpClassifier();
  Nn(m).output_activation = Activation::kIdentity;
  ExpectRejected(m, ErrorCode::kNeuralNetworkActivation,
                 "estimator.output_activation");
  // Logistic needs 2 classes per output; softmax one output.
  Nn(m).output_activation = Activation::kLogistic;
  ExpectRejected(m, ErrorCode::kNeuralNetworkActivation,
                 "estimator.output_activation");
  m = testing::MakeMlpMultilabel();
  Nn(m).output_activation = Activation::kSoftmax;
  ExpectRejected(m, ErrorCode::kNeuralNetworkActivation,
                 "estimator.output_activation");
  m = testing::MakeMlpRegressor();
  for (Activation a : {Activation::kLogistic, Activation::kSoftmax,
                       Activation::kTanh, Activation::kRelu}) {
    Nn(m).output_activation = a;
    ExpectRejected(m, ErrorCode::kNeuralNetworkActivation,
                   "estimator.output_activation");
  }
  Nn(m).output_activation = Activation::kExp;
  EXPECT_TRUE(ValidateModel(m).ok()) << ValidateModel(m).ToString();
}

TEST(NeuralNetworkRules, EnumsAndValues) {
  Model m = testing::MakeMlpClassifier();
  Nn(m).hidden_activation = static_cast<Activation>(7);
  ExpectRejected(m, ErrorCode::kUnknownEnum, "estimator.hidden_activation");
  m = testing::MakeMlpClassifier();
  Nn(m).output_activation = static_cast<Activation>(0);
  ExpectRejected(m, ErrorCode::kUnknownEnum, "estimator.output_activation");
  m = testing::MakeMlpClassifier();
  Nn(m).weights = Replace<double>(Nn(m).weights, 40, std::nan(""));
  ExpectRejected(m, ErrorCode::kValueNotFinite, "estimator.weights[40]");
  m = testing::MakeMlpRegressor();
  Nn(m).biases = Replace<double>(Nn(m).biases, 4, -HUGE_VAL);
  ExpectRejected(m, ErrorCode::kValueNotFinite, "estimator.biases[4]");
}

Projection& Proj(Model& m) {
  if (auto* p = std::get_if<Pipeline>(&m.estimator.kind)) {
    return std::get<Projection>(p->steps[0].kind);
  }
  return std::get<Projection>(m.estimator.kind);
}

Clustering& Clu(Model& m) { return std::get<Clustering>(m.estimator.kind); }

TEST(Negative, ClusteringShape) {
  for (Model m : {testing::MakeKMeans(), testing::MakeBisectingKMeans()}) {
    EXPECT_TRUE(ValidateModel(m).ok()) << ValidateModel(m).ToString();
  }
  Model m = testing::MakeKMeans();
  // centers: f64 [k, n], k the class count, n the input width.
  Clu(m).centers = Tensor::FromVector(std::vector<double>(4, 0.0), {2, 2});
  ExpectRejected(m, ErrorCode::kClusteringShape, "estimator.centers");
  Clu(m).centers = Tensor::FromVector(std::vector<double>(9, 0.0), {3, 3});
  ExpectRejected(m, ErrorCode::kClusteringShape, "estimator.centers");
  Clu(m).centers = Tensor::FromVector(std::vector<float>(6, 0.0f), {3, 2});
  ExpectRejected(m, ErrorCode::kClusteringShape, "estimator.centers");
  Clu(m).centers = Tensor();
  ExpectRejected(m, ErrorCode::kClusteringShape, "estimator.centers");
  // The tree: all three arrays or none, of 2k - 1 nodes.
  m = testing::MakeBisectingKMeans();
  Clu(m).tree_labels = Tensor();
  ExpectRejected(m, ErrorCode::kClusteringShape, "estimator.tree_labels");
  m = testing::MakeBisectingKMeans();
  Clu(m).tree_children =
      Tensor::FromVector(std::vector<int32_t>{1, 2, -1, -1, -1, -1}, {3, 2});
  ExpectRejected(m, ErrorCode::kClusteringShape, "estimator.tree_children");
  m = testing::MakeBisectingKMeans();
  Clu(m).tree_centers = Tensor::FromVector(std::vector<double>(5, 0.0), {5, 1});
  ExpectRejected(m, ErrorCode::kClusteringShape, "estimator.tree_centers");
  // Non-finite centers are the generic E133.
  m = testing::MakeKMeans();
  Clu(m).centers = Tensor::FromVector(
      std::vector<double>{0, 0, 4, 0, 0, std::nan("")}, {3, 2});
  ExpectRejected(m, ErrorCode::kValueNotFinite, "estimator.centers[5]");
}

TEST(Negative, ClusteringTree) {
  auto with = [](std::vector<int32_t> children, std::vector<int32_t> labels) {
    Model m = testing::MakeBisectingKMeans();
    Clu(m).tree_children = Tensor::FromVector(std::move(children), {5, 2});
    Clu(m).tree_labels = Tensor::FromVector(std::move(labels), {5});
    return m;
  };
  const std::vector<int32_t> labels = {-1, 2, -1, 0, 1};
  // A child before its parent (a cycle back to the root).
  ExpectRejected(with({1, 2, -1, -1, 0, 4, -1, -1, -1, -1}, labels),
                 ErrorCode::kClusteringTree, "estimator.tree_children[2]");
  // A child out of range.
  ExpectRejected(with({1, 2, -1, -1, 3, 5, -1, -1, -1, -1}, labels),
                 ErrorCode::kClusteringTree, "estimator.tree_children[2]");
  // One child only.
  ExpectRejected(with({1, 2, -1, -1, 3, -1, -1, -1, -1, -1}, labels),
                 ErrorCode::kClusteringTree, "estimator.tree_children[2]");
  // A node with two parents (and so one nobody's child).
  ExpectRejected(with({1, 2, -1, -1, 3, 1, -1, -1, -1, -1}, labels),
                 ErrorCode::kClusteringTree, "estimator.tree_children[2]");
  ExpectRejected(with({1, 2, -1, -1, 3, 3, -1, -1, -1, -1}, labels),
                 ErrorCode::kClusteringTree, "estimator.tree_children[2]");
  // Leaf labels: each cluster once, in range; internal nodes -1.
  const std::vector<int32_t> tree = {1, 2, -1, -1, 3, 4, -1, -1, -1, -1};
  ExpectRejected(with(tree, {-1, 2, -1, 0, 0}), ErrorCode::kClusteringTree,
                 "estimator.tree_labels[4]");
  ExpectRejected(with(tree, {-1, 2, -1, 0, 3}), ErrorCode::kClusteringTree,
                 "estimator.tree_labels[4]");
  ExpectRejected(with(tree, {-1, 2, -1, -1, 1}), ErrorCode::kClusteringTree,
                 "estimator.tree_labels[3]");
  ExpectRejected(with(tree, {0, 2, -1, 0, 1}), ErrorCode::kClusteringTree,
                 "estimator.tree_labels[0]");
}

Constant& Const(Model& m) { return std::get<Constant>(m.estimator.kind); }

TEST(Negative, ConstantShape) {
  for (Model m :
       {testing::MakeDummyClassifier(), testing::MakeDummyRegressor()}) {
    EXPECT_TRUE(ValidateModel(m).ok()) << ValidateModel(m).ToString();
  }
  // One value per output (regression), one probability per class.
  Model m = testing::MakeDummyRegressor();
  Const(m).values = Tensor::FromVector(std::vector<double>{1});
  ExpectRejected(m, ErrorCode::kConstantShape, "estimator.values");
  Const(m).values = Tensor::FromVector(std::vector<float>{1, 2});
  ExpectRejected(m, ErrorCode::kConstantShape, "estimator.values");
  Const(m).values = Tensor();
  ExpectRejected(m, ErrorCode::kConstantShape, "estimator.values");
  m = testing::MakeDummyClassifier();
  Const(m).values = Tensor::FromVector(std::vector<double>{0.5, 0.5});
  ExpectRejected(m, ErrorCode::kConstantShape, "estimator.values");
  Const(m).values =
      Tensor::FromVector(std::vector<double>{0.25, 0.5, 0.25, 0}, {2, 2});
  ExpectRejected(m, ErrorCode::kConstantShape, "estimator.values");
  // Non-finite values are the generic E133.
  m = testing::MakeDummyRegressor();
  Const(m).values = Tensor::FromVector(std::vector<double>{1, INFINITY});
  ExpectRejected(m, ErrorCode::kValueNotFinite, "estimator.values[1]");
}

TEST(Negative, ConstantProba) {
  Model m = testing::MakeDummyClassifier();
  Const(m).values = Tensor::FromVector(std::vector<double>{0.25, 1.5, 0.25});
  ExpectRejected(m, ErrorCode::kConstantProba, "estimator.values[1]");
  Const(m).values = Tensor::FromVector(std::vector<double>{-0.25, 1, 0.25});
  ExpectRejected(m, ErrorCode::kConstantProba, "estimator.values[0]");
}

QuadraticDiscriminant& Qda(Model& m) {
  return std::get<QuadraticDiscriminant>(m.estimator.kind);
}

TEST(Negative, QuadraticShape) {
  Model m = testing::MakeQuadraticDiscriminant();
  EXPECT_TRUE(ValidateModel(m).ok()) << ValidateModel(m).ToString();
  // Fewer components (r = 1 < n = 2) for every class is a valid model.
  Qda(m).rotations =
      Tensor::FromVector(std::vector<double>{1, 0, 0, 1, 1, 0}, {3, 2, 1});
  Qda(m).scalings = Tensor::FromVector(std::vector<double>{1, 2, 4}, {3, 1});
  EXPECT_TRUE(ValidateModel(m).ok()) << ValidateModel(m).ToString();
  // rotations [k, n, r] with 1 <= r <= n; the others follow k, n and r.
  m = testing::MakeQuadraticDiscriminant();
  Qda(m).rotations =
      Tensor::FromVector(std::vector<double>(18, 0.0), {3, 2, 3});
  ExpectRejected(m, ErrorCode::kQuadraticShape, "estimator.rotations");
  Qda(m).rotations = Tensor::FromVector(std::vector<double>(8, 0.0), {2, 2, 2});
  ExpectRejected(m, ErrorCode::kQuadraticShape, "estimator.rotations");
  Qda(m).rotations = Tensor::FromVector(std::vector<double>(12, 0.0), {3, 4});
  ExpectRejected(m, ErrorCode::kQuadraticShape, "estimator.rotations");
  Qda(m).rotations = Tensor();
  ExpectRejected(m, ErrorCode::kQuadraticShape, "estimator.rotations");
  m = testing::MakeQuadraticDiscriminant();
  Qda(m).means = Tensor::FromVector(std::vector<double>(6, 0.0), {2, 3});
  ExpectRejected(m, ErrorCode::kQuadraticShape, "estimator.means");
  m = testing::MakeQuadraticDiscriminant();
  Qda(m).scalings = Tensor::FromVector(std::vector<double>{1, 1, 1}, {3, 1});
  ExpectRejected(m, ErrorCode::kQuadraticShape, "estimator.scalings");
  m = testing::MakeQuadraticDiscriminant();
  Qda(m).priors = Tensor::FromVector(std::vector<float>{0.5f, 0.25f, 0.25f});
  ExpectRejected(m, ErrorCode::kQuadraticShape, "estimator.priors");
  // Non-finite means and rotations are the generic E133; an unknown proba
  // E171.
  m = testing::MakeQuadraticDiscriminant();
  Qda(m).means =
      Tensor::FromVector(std::vector<double>{0, 0, 3, INFINITY, 0, 3}, {3, 2});
  ExpectRejected(m, ErrorCode::kValueNotFinite, "estimator.means[3]");
  m = testing::MakeQuadraticDiscriminant();
  Qda(m).proba = static_cast<QuadraticProba>(3);
  ExpectRejected(m, ErrorCode::kUnknownEnum, "estimator.proba");
}

TEST(Negative, QuadraticScalings) {
  Model m = testing::MakeQuadraticDiscriminant();
  Qda(m).scalings =
      Tensor::FromVector(std::vector<double>{1, 1, 2, 0, 4, 0.25}, {3, 2});
  ExpectRejected(m, ErrorCode::kQuadraticScalings, "estimator.scalings[3]");
  Qda(m).scalings =
      Tensor::FromVector(std::vector<double>{1, -1, 2, 1, 4, 0.25}, {3, 2});
  ExpectRejected(m, ErrorCode::kQuadraticScalings, "estimator.scalings[1]");
  Qda(m).scalings = Tensor::FromVector(
      std::vector<double>{1, 1, 2, 1, 4, std::nan("")}, {3, 2});
  ExpectRejected(m, ErrorCode::kQuadraticScalings, "estimator.scalings[5]");
}

TEST(Negative, QuadraticPriors) {
  Model m = testing::MakeQuadraticDiscriminant();
  Qda(m).priors = Tensor::FromVector(std::vector<double>{0.5, 0, 0.5});
  ExpectRejected(m, ErrorCode::kQuadraticPriors, "estimator.priors[1]");
  Qda(m).priors = Tensor::FromVector(std::vector<double>{0.5, 0.5, INFINITY});
  ExpectRejected(m, ErrorCode::kQuadraticPriors, "estimator.priors[2]");
}

Isotonic& Iso(Model& m) { return std::get<Isotonic>(m.estimator.kind); }

TEST(Negative, IsotonicShape) {
  Model ok = testing::MakeIsotonic();
  EXPECT_TRUE(ValidateModel(ok).ok()) << ValidateModel(ok).ToString();
  // One threshold is a valid model (scikit-learn's constant prediction).
  Model one = testing::MakeIsotonic();
  Iso(one).x_thresholds = Tensor::FromVector(std::vector<double>{2});
  Iso(one).y_thresholds = Tensor::FromVector(std::vector<double>{7});
  EXPECT_TRUE(ValidateModel(one).ok()) << ValidateModel(one).ToString();
  Model m = testing::MakeIsotonic();
  Iso(m).x_thresholds = Tensor();
  ExpectRejected(m, ErrorCode::kIsotonicShape, "estimator.x_thresholds");
  Iso(m).x_thresholds = Tensor::FromVector(std::vector<double>{});
  ExpectRejected(m, ErrorCode::kIsotonicShape, "estimator.x_thresholds");
  Iso(m).x_thresholds = Tensor::FromVector(std::vector<float>{1, 2, 4, 5});
  ExpectRejected(m, ErrorCode::kIsotonicShape, "estimator.x_thresholds");
  Iso(m).x_thresholds =
      Tensor::FromVector(std::vector<double>{1, 2, 4, 5}, {2, 2});
  ExpectRejected(m, ErrorCode::kIsotonicShape, "estimator.x_thresholds");
  // y one per x.
  m = testing::MakeIsotonic();
  Iso(m).y_thresholds = Tensor::FromVector(std::vector<double>{0.5, 1.5, 3});
  ExpectRejected(m, ErrorCode::kIsotonicShape, "estimator.y_thresholds");
  Iso(m).y_thresholds = Tensor();
  ExpectRejected(m, ErrorCode::kIsotonicShape, "estimator.y_thresholds");
  // One input column.
  m = testing::MakeIsotonic();
  m.input.n_features = 2;
  ExpectRejected(m, ErrorCode::kIsotonicShape, "estimator.x_thresholds");
  // Non-finite thresholds are the generic E133, unknown enums E171.
  m = testing::MakeIsotonic();
  Iso(m).y_thresholds =
      Tensor::FromVector(std::vector<double>{0.5, 1.5, 1.5, INFINITY});
  ExpectRejected(m, ErrorCode::kValueNotFinite, "estimator.y_thresholds[3]");
  m = testing::MakeIsotonic();
  Iso(m).out_of_bounds = static_cast<IsotonicBounds>(4);
  ExpectRejected(m, ErrorCode::kUnknownEnum, "estimator.out_of_bounds");
  m = testing::MakeIsotonic();
  Iso(m).direction = static_cast<IsotonicDirection>(0);
  ExpectRejected(m, ErrorCode::kUnknownEnum, "estimator.direction");
}

TEST(Negative, IsotonicOrder) {
  Model m = testing::MakeIsotonic();
  Iso(m).x_thresholds = Tensor::FromVector(std::vector<double>{1, 2, 2, 5});
  ExpectRejected(m, ErrorCode::kIsotonicOrder, "estimator.x_thresholds[2]");
  Iso(m).x_thresholds = Tensor::FromVector(std::vector<double>{1, 4, 2, 5});
  ExpectRejected(m, ErrorCode::kIsotonicOrder, "estimator.x_thresholds[2]");
  // y monotone in the stated direction (ties allowed).
  m = testing::MakeIsotonic();
  Iso(m).y_thresholds = Tensor::FromVector(std::vector<double>{0.5, 1.5, 1, 3});
  ExpectRejected(m, ErrorCode::kIsotonicOrder, "estimator.y_thresholds[2]");
  m = testing::MakeIsotonic();
  Iso(m).direction = IsotonicDirection::kDecreasing;
  ExpectRejected(m, ErrorCode::kIsotonicOrder, "estimator.y_thresholds[1]");
  Iso(m).y_thresholds = Tensor::FromVector(std::vector<double>{3, 1.5, 1.5, 0});
  EXPECT_TRUE(ValidateModel(m).ok()) << ValidateModel(m).ToString();
}

IsolationForest& Ifo(Model& m) {
  return std::get<IsolationForest>(m.estimator.kind);
}

TEST(Negative, IsolationForestOutput) {
  Model m = testing::MakeIsolationForest();
  EXPECT_TRUE(ValidateModel(m).ok()) << ValidateModel(m).ToString();
  m.output.classes[0] = ClassLabels();
  m.output.classes[0].int_labels =
      Tensor::FromVector(std::vector<int64_t>{-1, 0, 1});
  ExpectRejected(m, ErrorCode::kIsolationForestOutput, "estimator.trees");
  m = testing::MakeIsolationForest();
  m.output.task = Task::kRegression;
  m.output.classes.clear();
  ExpectRejected(m, ErrorCode::kIsolationForestOutput, "estimator.trees");
}

TEST(Negative, IsolationForestDenominator) {
  for (double bad : {-1.0, std::numeric_limits<double>::quiet_NaN(),
                     std::numeric_limits<double>::infinity()}) {
    Model m = testing::MakeIsolationForest();
    Ifo(m).denominator = bad;
    ExpectRejected(m, ErrorCode::kIsolationForestDenominator,
                   "estimator.denominator");
  }
  Model m = testing::MakeIsolationForest();
  Ifo(m).denominator = 0;  // max_samples_ 1
  EXPECT_TRUE(ValidateModel(m).ok()) << ValidateModel(m).ToString();
}

TEST(Negative, IsolationForestOffset) {
  for (double bad : {std::numeric_limits<double>::quiet_NaN(),
                     -std::numeric_limits<double>::infinity()}) {
    Model m = testing::MakeIsolationForest();
    Ifo(m).offset = bad;
    ExpectRejected(m, ErrorCode::kIsolationForestOffset, "estimator.offset");
  }
}

TEST(Validate, IsolationForestTreeRules) {
  // The forest's tree rules, with value [nodes, 1, 1] and finite.
  Model m = testing::MakeIsolationForest();
  Ifo(m).trees.clear();
  ExpectRejected(m, ErrorCode::kTreeCount, "estimator.trees");
  m = testing::MakeIsolationForest();
  Ifo(m).trees[1].value =
      Tensor::FromVector(std::vector<double>(10, 1.0), {5, 1, 2});
  ExpectRejected(m, ErrorCode::kTensorWrongShape, "estimator.trees[1].value");
  m = testing::MakeIsolationForest();
  Ifo(m).trees[0].value = Tensor::FromVector(
      std::vector<double>{0, 1, std::numeric_limits<double>::infinity(), 2, 3},
      {5, 1, 1});
  ExpectRejected(m, ErrorCode::kValueNotFinite, "estimator.trees[0].value[2]");
  m = testing::MakeIsolationForest();
  Ifo(m).trees[0].feature =
      Tensor::FromVector(std::vector<int32_t>{2, -2, 1, -2, -2});
  ExpectRejected(m, ErrorCode::kTreeFeature, "estimator.trees[0].feature[0]");
  m = testing::MakeIsolationForest();
  Ifo(m).input = static_cast<IsolationInput>(9);
  ExpectRejected(m, ErrorCode::kUnknownEnum, "estimator.input");
}

TEST(Negative, OutputColumn) {
  Model m = testing::MakeLinearRegressionColumn();
  EXPECT_TRUE(ValidateModel(m).ok()) << ValidateModel(m).ToString();
  // Only a regressor's one output is returned as a column.
  m = testing::MakeLogisticBinary();
  m.format_minor = 1;
  m.output.shape = OutputShape::kColumn;
  ExpectRejected(m, ErrorCode::kOutputColumn, "output.shape");
  m = testing::MakeLinearRegressionMultiTarget();
  m.format_minor = 1;
  m.output.shape = OutputShape::kColumn;
  ExpectRejected(m, ErrorCode::kOutputColumn, "output.shape");
  m.output.shape = static_cast<OutputShape>(2);
  ExpectRejected(m, ErrorCode::kUnknownEnum, "output.shape");
}

NearestCentroid& Nc(Model& m) {
  return std::get<NearestCentroid>(m.estimator.kind);
}

TEST(Negative, NearestCentroidShape) {
  for (Model m : {testing::MakeNearestCentroid(),
                  testing::MakeNearestCentroidManhattan()}) {
    EXPECT_TRUE(ValidateModel(m).ok()) << ValidateModel(m).ToString();
  }
  // centroids: f64 [k, n], k the class count, n the input width.
  Model m = testing::MakeNearestCentroid();
  Nc(m).centroids = Tensor::FromVector(std::vector<double>(4, 0.0), {2, 2});
  ExpectRejected(m, ErrorCode::kNearestCentroidShape, "estimator.centroids");
  Nc(m).centroids = Tensor::FromVector(std::vector<double>(9, 0.0), {3, 3});
  ExpectRejected(m, ErrorCode::kNearestCentroidShape, "estimator.centroids");
  Nc(m).centroids = Tensor();
  ExpectRejected(m, ErrorCode::kNearestCentroidShape, "estimator.centroids");
  // std_dev [n] and priors [k], both or neither.
  m = testing::MakeNearestCentroid();
  Nc(m).std_dev = Tensor::FromVector(std::vector<double>{1, 1, 1});
  ExpectRejected(m, ErrorCode::kNearestCentroidShape, "estimator.std_dev");
  m = testing::MakeNearestCentroid();
  Nc(m).priors = Tensor::FromVector(std::vector<float>{0.5f, 0.25f, 0.25f});
  ExpectRejected(m, ErrorCode::kNearestCentroidShape, "estimator.priors");
  m = testing::MakeNearestCentroid();
  Nc(m).priors = Tensor();
  ExpectRejected(m, ErrorCode::kNearestCentroidShape, "estimator.priors");
  m = testing::MakeNearestCentroidManhattan();
  Nc(m).std_dev = Tensor::FromVector(std::vector<double>{1, 1});
  ExpectRejected(m, ErrorCode::kNearestCentroidShape, "estimator.priors");
  // The centroids finite.
  m = testing::MakeNearestCentroid();
  Nc(m).centroids = Tensor::FromVector(
      std::vector<double>{0, 0, 3, std::numeric_limits<double>::infinity(), 0,
                          3},
      {3, 2});
  ExpectRejected(m, ErrorCode::kValueNotFinite, "estimator.centroids[3]");
}

TEST(Negative, NearestCentroidRule) {
  Model m = testing::MakeNearestCentroidManhattan();
  Nc(m).rule = CentroidRule::kDiscriminant;
  ExpectRejected(m, ErrorCode::kNearestCentroidRule, "estimator.rule");
  m = testing::MakeNearestCentroid();
  Nc(m).rule = static_cast<CentroidRule>(3);
  ExpectRejected(m, ErrorCode::kUnknownEnum, "estimator.rule");
  m = testing::MakeNearestCentroid();
  Nc(m).metric = static_cast<CentroidMetric>(0);
  ExpectRejected(m, ErrorCode::kUnknownEnum, "estimator.metric");
}

TEST(Negative, NearestCentroidStdDev) {
  for (double bad : {-0.5, std::numeric_limits<double>::quiet_NaN(),
                     std::numeric_limits<double>::infinity()}) {
    Model m = testing::MakeNearestCentroid();
    Nc(m).std_dev = Tensor::FromVector(std::vector<double>{1, bad});
    ExpectRejected(m, ErrorCode::kNearestCentroidStdDev,
                   "estimator.std_dev[1]");
  }
}

TEST(Negative, NearestCentroidPriors) {
  for (double bad : {0.0, -0.25, std::numeric_limits<double>::quiet_NaN()}) {
    Model m = testing::MakeNearestCentroid();
    Nc(m).priors = Tensor::FromVector(std::vector<double>{0.5, bad, 0.25});
    ExpectRejected(m, ErrorCode::kNearestCentroidPriors, "estimator.priors[1]");
  }
}

TEST(Validate, NearestCentroidOutput) {
  Model m = testing::MakeNearestCentroid();
  m.output.classes[0] = testing::StrClasses({"a"});
  ExpectRejected(m, ErrorCode::kSingleClass, "output.classes[0]");
  m = testing::MakeNearestCentroid();
  m.output.task = Task::kRegression;
  m.output.classes.clear();
  ExpectRejected(m, ErrorCode::kTaskMismatch, "estimator.centroids");
}

GaussianMixture& Gm(Model& m) {
  return std::get<GaussianMixture>(m.estimator.kind);
}

TEST(Negative, GaussianMixtureShape) {
  for (Model m : {testing::MakeGaussianMixture(),
                  testing::MakeBayesianGaussianMixture()}) {
    EXPECT_TRUE(ValidateModel(m).ok()) << ValidateModel(m).ToString();
  }
  Model m = testing::MakeGaussianMixture();
  // means: f64 [k, n], k the class count, n the input width.
  Gm(m).means = Tensor::FromVector(std::vector<double>(6, 0.0), {3, 2});
  ExpectRejected(m, ErrorCode::kGaussianMixtureShape, "estimator.means");
  Gm(m).means = Tensor::FromVector(std::vector<float>(4, 0.0f), {2, 2});
  ExpectRejected(m, ErrorCode::kGaussianMixtureShape, "estimator.means");
  // precisions_cholesky: the shape its covariance_type names.
  m = testing::MakeGaussianMixture();
  Gm(m).covariance_type = CovarianceType::kTied;
  ExpectRejected(m, ErrorCode::kGaussianMixtureShape,
                 "estimator.precisions_cholesky");
  Gm(m).precisions_cholesky =
      Tensor::FromVector(std::vector<double>{1, 0, 0, 1}, {2, 2});
  EXPECT_TRUE(ValidateModel(m).ok()) << ValidateModel(m).ToString();
  Gm(m).covariance_type = CovarianceType::kDiag;  // [k, n] = [2, 2] too
  ExpectRejected(m, ErrorCode::kGaussianMixturePrecision,
                 "estimator.precisions_cholesky[1]");  // a 0 entry
  Gm(m).covariance_type = CovarianceType::kSpherical;
  ExpectRejected(m, ErrorCode::kGaussianMixtureShape,
                 "estimator.precisions_cholesky");
  // log_weights: f64 [k].
  m = testing::MakeGaussianMixture();
  Gm(m).log_weights = Tensor::FromVector(std::vector<double>{-1, -1, -1});
  ExpectRejected(m, ErrorCode::kGaussianMixtureShape, "estimator.log_weights");
  Gm(m).log_weights = Tensor();
  ExpectRejected(m, ErrorCode::kGaussianMixtureShape, "estimator.log_weights");
  // Non-finite values are the generic E133; an unknown covariance_type E171.
  m = testing::MakeGaussianMixture();
  Gm(m).log_weights = Tensor::FromVector(
      std::vector<double>{-1, -std::numeric_limits<double>::infinity()});
  ExpectRejected(m, ErrorCode::kValueNotFinite, "estimator.log_weights[1]");
  m = testing::MakeGaussianMixture();
  Gm(m).covariance_type = static_cast<CovarianceType>(9);
  ExpectRejected(m, ErrorCode::kUnknownEnum, "estimator.covariance_type");
}

TEST(Negative, GaussianMixturePrecision) {
  // The Cholesky factors' diagonal (full, tied) must be > 0; entries off it
  // may be anything finite.
  Model m = testing::MakeGaussianMixture();
  Gm(m).precisions_cholesky = Tensor::FromVector(
      std::vector<double>{1, -3, 0, 2, 0.5, 0, 0, -0.25}, {2, 2, 2});
  ExpectRejected(m, ErrorCode::kGaussianMixturePrecision,
                 "estimator.precisions_cholesky[7]");
  Gm(m).precisions_cholesky = Tensor::FromVector(
      std::vector<double>{1, -3, 0, 2, 0.5, 0, 0, 0.25}, {2, 2, 2});
  EXPECT_TRUE(ValidateModel(m).ok()) << ValidateModel(m).ToString();
  // diag and spherical: every entry.
  m = testing::MakeBayesianGaussianMixture();
  Gm(m).precisions_cholesky = Tensor::FromVector(std::vector<double>{1, 0, 2});
  ExpectRejected(m, ErrorCode::kGaussianMixturePrecision,
                 "estimator.precisions_cholesky[1]");
}

TEST(Negative, GaussianMixtureBayesTerms) {
  Model m = testing::MakeBayesianGaussianMixture();
  Gm(m).lambda_term = Tensor();
  ExpectRejected(m, ErrorCode::kGaussianMixtureBayesTerms,
                 "estimator.lambda_term");
  m = testing::MakeBayesianGaussianMixture();
  Gm(m).dof_term = Tensor::FromVector(std::vector<double>{1, 2});
  ExpectRejected(m, ErrorCode::kGaussianMixtureBayesTerms,
                 "estimator.dof_term");
  // Neither: a GaussianMixture.
  m = testing::MakeBayesianGaussianMixture();
  Gm(m).dof_term = Tensor();
  Gm(m).lambda_term = Tensor();
  EXPECT_TRUE(ValidateModel(m).ok()) << ValidateModel(m).ToString();
}

TEST(Negative, ProjectionShape) {
  for (Model m : {testing::MakePcaPipeline(), testing::MakeTruncatedSvd()}) {
    EXPECT_TRUE(ValidateModel(m).ok()) << ValidateModel(m).ToString();
  }
  Model m = testing::MakePcaPipeline();
  // components: [k, n] with n the step's input, f64.
  Proj(m).components = Tensor::FromVector(std::vector<double>(4, 0.5), {2, 2});
  ExpectRejected(m, ErrorCode::kProjectionShape,
                 "estimator.steps[0].components");
  Proj(m).components = Tensor::FromVector(std::vector<double>(3, 0.5));
  ExpectRejected(m, ErrorCode::kProjectionShape,
                 "estimator.steps[0].components");
  Proj(m).components = Tensor();
  ExpectRejected(m, ErrorCode::kProjectionShape,
                 "estimator.steps[0].components");
  Proj(m).components = Tensor::FromVector(std::vector<float>(6, 0.5f), {2, 3});
  ExpectRejected(m, ErrorCode::kProjectionShape,
                 "estimator.steps[0].components");
  // mean: [n] for a centering, absent without one.
  m = testing::MakePcaPipeline();
  Proj(m).mean = Tensor::FromVector(std::vector<double>{1, 2});
  ExpectRejected(m, ErrorCode::kProjectionShape, "estimator.steps[0].mean");
  Proj(m).mean = Tensor();
  ExpectRejected(m, ErrorCode::kProjectionShape, "estimator.steps[0].mean");
  m = testing::MakeTruncatedSvd();
  Proj(m).mean = Tensor::FromVector(std::vector<double>(4, 0.0));
  ExpectRejected(m, ErrorCode::kProjectionShape, "estimator.mean");
  // scale: [k].
  m = testing::MakePcaPipeline();
  Proj(m).scale = Tensor::FromVector(std::vector<double>{1, 1, 1});
  ExpectRejected(m, ErrorCode::kProjectionShape, "estimator.steps[0].scale");
}

TEST(Negative, ProjectionScale) {
  Model m = testing::MakePcaPipeline();
  Proj(m).scale = Tensor::FromVector(std::vector<double>{1, 0});
  ExpectRejected(m, ErrorCode::kProjectionScale, "estimator.steps[0].scale[1]");
  Proj(m).scale = Tensor::FromVector(std::vector<double>{-1, 1});
  ExpectRejected(m, ErrorCode::kProjectionScale, "estimator.steps[0].scale[0]");
}

TEST(ProjectionRules, EnumsAndValues) {
  Model m = testing::MakeTruncatedSvd();
  Proj(m).centering = static_cast<ProjectionCentering>(4);
  ExpectRejected(m, ErrorCode::kUnknownEnum, "estimator.centering");
  m = testing::MakeTruncatedSvd();
  Proj(m).components = Replace<double>(Proj(m).components, 5, HUGE_VAL);
  ExpectRejected(m, ErrorCode::kValueNotFinite, "estimator.components[5]");
  m = testing::MakePcaPipeline();
  Proj(m).mean = Replace<double>(Proj(m).mean, 2, std::nan(""));
  ExpectRejected(m, ErrorCode::kValueNotFinite, "estimator.steps[0].mean[2]");
  m = testing::MakePcaPipeline();
  Proj(m).scale = Replace<double>(Proj(m).scale, 0, HUGE_VAL);
  ExpectRejected(m, ErrorCode::kValueNotFinite, "estimator.steps[0].scale[0]");
  // Its width is the components': the classifier after it reads 2.
  m = testing::MakePcaPipeline();
  std::get<LinearModel>(std::get<Pipeline>(m.estimator.kind).steps[1].kind)
      .coef = Tensor::FromVector(std::vector<double>{1, 2, 3}, {1, 3});
  EXPECT_FALSE(ValidateModel(m).ok());
}

TEST(NaiveBayesRules, CategoricalShapesAndValues) {
  Model m = testing::MakeCategoricalNb();
  Nb(m).n_categories = Tensor::FromVector(std::vector<int32_t>{3, 3});
  ExpectRejected(m, ErrorCode::kNaiveBayesShape, "estimator.n_categories");
  m = testing::MakeCategoricalNb();
  Nb(m).category_log_prob =
      Tensor::FromVector(std::vector<double>(18, -1.0), {6, 3});
  ExpectRejected(m, ErrorCode::kNaiveBayesShape, "estimator.category_log_prob");
  m = testing::MakeCategoricalNb();
  Nb(m).coef = Tensor::FromVector(std::vector<double>(4, 0.0), {2, 2});
  ExpectRejected(m, ErrorCode::kNaiveBayesShape, "estimator.coef");
  m = testing::MakeGaussianNb();
  Nb(m).n_categories = Tensor::FromVector(std::vector<int64_t>{1, 1});
  ExpectRejected(m, ErrorCode::kNaiveBayesShape, "estimator.n_categories");
  // A category probability of 0 (-inf) is kept; NaN and +inf are not.
  m = testing::MakeCategoricalNb();
  Nb(m).category_log_prob =
      Replace<double>(Nb(m).category_log_prob, 3, -HUGE_VAL);
  EXPECT_TRUE(ValidateModel(m).ok()) << ValidateModel(m).ToString();
  Nb(m).category_log_prob =
      Replace<double>(Nb(m).category_log_prob, 6, std::nan(""));
  ExpectRejected(m, ErrorCode::kNaiveBayesValues,
                 "estimator.category_log_prob[6]");
}

TEST(NaiveBayesRules, OutputAndType) {
  Model m = testing::MakeGaussianNb();
  Nb(m).type = static_cast<NaiveBayesType>(9);
  ExpectRejected(m, ErrorCode::kUnknownEnum, "estimator.type");
  m = testing::MakeGaussianNb();
  m.output.classes[0] = testing::IntClasses({4});
  ExpectRejected(m, ErrorCode::kSingleClass, "output.classes[0]");
  m = testing::MakeGaussianNb();
  m.output.task = Task::kRegression;
  m.output.classes.clear();
  ExpectRejected(m, ErrorCode::kTaskMismatch, "estimator.type");
}

// ---- end NaiveBayes ----

// ---- Neighbors ----

Neighbors& Knn(Model& m) { return std::get<Neighbors>(m.estimator.kind); }

TEST(Negative, NeighborsCount) {
  for (uint64_t bad : {uint64_t{0}, uint64_t{7}}) {
    Model m = testing::MakeNeighborsClassifier();
    EXPECT_TRUE(ValidateModel(m).ok()) << ValidateModel(m).ToString();
    Knn(m).n_neighbors = bad;
    ExpectRejected(m, ErrorCode::kNeighborsCount, "estimator.n_neighbors");
  }
  Model m = testing::MakeNeighborsClassifier();
  Knn(m).n_neighbors = 6;  // every training row
  EXPECT_TRUE(ValidateModel(m).ok()) << ValidateModel(m).ToString();
}

TEST(Negative, NeighborsMinkowskiP) {
  for (double bad : {0.5, std::numeric_limits<double>::quiet_NaN(),
                     std::numeric_limits<double>::infinity()}) {
    Model m = testing::MakeNeighborsRegressor();
    EXPECT_TRUE(ValidateModel(m).ok()) << ValidateModel(m).ToString();
    Knn(m).p = bad;
    ExpectRejected(m, ErrorCode::kNeighborsMinkowskiP, "estimator.p");
  }
  // p is minkowski's only.
  Model m = testing::MakeNeighborsClassifier();
  Knn(m).p = 0.5;
  EXPECT_TRUE(ValidateModel(m).ok()) << ValidateModel(m).ToString();
}

TEST(Negative, NeighborsData) {
  Model m = testing::MakeNeighborsBrute();
  EXPECT_TRUE(ValidateModel(m).ok()) << ValidateModel(m).ToString();
  Knn(m).fit_x = Tensor::FromVector(std::vector<double>(6, 0.0), {2, 3});
  ExpectRejected(m, ErrorCode::kNeighborsData, "estimator.fit_x");
  m = testing::MakeNeighborsBrute();
  Knn(m).fit_x = Replace<double>(Knn(m).fit_x, 5, std::nan(""));
  ExpectRejected(m, ErrorCode::kNeighborsData, "estimator.fit_x[5]");
}

TEST(Negative, NeighborsTargetShape) {
  Model m = testing::MakeNeighborsClassifier();
  Knn(m).y = Tensor::FromVector(std::vector<double>(6, 0.0), {6, 1});
  ExpectRejected(m, ErrorCode::kNeighborsTargetShape, "estimator.y");
  m = testing::MakeNeighborsRegressor();
  Knn(m).y = Tensor::FromVector(std::vector<double>(6, 0.0), {6, 1});
  ExpectRejected(m, ErrorCode::kNeighborsTargetShape, "estimator.y");
}

TEST(Negative, NeighborsTargetValue) {
  Model m = testing::MakeNeighborsClassifier();
  Knn(m).y = Replace<int32_t>(Knn(m).y, 4, 2);  // classes 0 and 1
  ExpectRejected(m, ErrorCode::kNeighborsTargetValue, "estimator.y[4]");
  m = testing::MakeNeighborsClassifier();
  Knn(m).y = Replace<int32_t>(Knn(m).y, 0, -1);
  ExpectRejected(m, ErrorCode::kNeighborsTargetValue, "estimator.y[0]");
  m = testing::MakeNeighborsRegressor();
  Knn(m).y = Replace<double>(Knn(m).y, 7, HUGE_VAL);
  ExpectRejected(m, ErrorCode::kNeighborsTargetValue, "estimator.y[7]");
}

TEST(Negative, NeighborsTreeShape) {
  Model m = testing::MakeNeighborsBrute();
  Knn(m).node_data = Tensor::FromVector(std::vector<int64_t>{0, 6, 1}, {1, 3});
  ExpectRejected(m, ErrorCode::kNeighborsTreeShape, "estimator.node_data");
  m = testing::MakeNeighborsClassifier();
  Knn(m).node_data = Tensor();
  ExpectRejected(m, ErrorCode::kNeighborsTreeShape, "estimator.node_data");
  // A KDTree's bounds are [2, m, d], a BallTree's centroids [1, m, d].
  m = testing::MakeNeighborsClassifier();
  Knn(m).node_bounds =
      Tensor::FromVector(std::vector<double>(6, 0.0), {1, 3, 2});
  ExpectRejected(m, ErrorCode::kNeighborsTreeShape, "estimator.node_bounds");
  m = testing::MakeNeighborsRegressor();
  Knn(m).idx_array = Tensor::FromVector(std::vector<int64_t>{0, 1, 2});
  ExpectRejected(m, ErrorCode::kNeighborsTreeShape, "estimator.idx_array");
}

TEST(Negative, NeighborsIdxArray) {
  Model m = testing::MakeNeighborsClassifier();
  Knn(m).idx_array = Replace<int64_t>(Knn(m).idx_array, 3, 0);  // 0 twice
  ExpectRejected(m, ErrorCode::kNeighborsIdxArray, "estimator.idx_array[3]");
  m = testing::MakeNeighborsClassifier();
  Knn(m).idx_array = Replace<int64_t>(Knn(m).idx_array, 1, 6);
  ExpectRejected(m, ErrorCode::kNeighborsIdxArray, "estimator.idx_array[1]");
}

TEST(Negative, NeighborsNodeRange) {
  struct Case {
    size_t entry;
    int64_t value;
  };
  // node 1: idx_start 0 -> -1, 3 (empty), idx_end 3 -> 7, is_leaf 1 -> 2.
  for (const Case& c : {Case{3, -1}, Case{3, 3}, Case{4, 7}, Case{5, 2}}) {
    Model m = testing::MakeNeighborsClassifier();
    Knn(m).node_data = Replace<int64_t>(Knn(m).node_data, c.entry, c.value);
    ExpectRejected(m, ErrorCode::kNeighborsNodeRange, "estimator.node_data[1]");
  }
}

TEST(Negative, NeighborsNodeChildren) {
  // Node 1 not a leaf: its children 3 and 4 do not exist.
  Model m = testing::MakeNeighborsRegressor();
  Knn(m).node_data = Replace<int64_t>(Knn(m).node_data, 5, 0);
  ExpectRejected(m, ErrorCode::kNeighborsNodeChildren,
                 "estimator.node_data[1]");
}

TEST(Negative, NeighborsNodeBounds) {
  Model m = testing::MakeNeighborsClassifier();
  Knn(m).node_bounds = Replace<double>(Knn(m).node_bounds, 9, std::nan(""));
  ExpectRejected(m, ErrorCode::kNeighborsNodeBounds,
                 "estimator.node_bounds[9]");
  m = testing::MakeNeighborsRegressor();
  Knn(m).node_radius = Replace<double>(Knn(m).node_radius, 2, -0.5);
  ExpectRejected(m, ErrorCode::kNeighborsNodeBounds,
                 "estimator.node_radius[2]");
}

TEST(Validate, NeighborsEnumsAndTask) {
  Model m = testing::MakeNeighborsBrute();
  Knn(m).metric = static_cast<NeighborsMetric>(9);
  ExpectRejected(m, ErrorCode::kUnknownEnum, "estimator.metric");
  m = testing::MakeNeighborsBrute();
  Knn(m).algorithm = static_cast<NeighborsAlgorithm>(0);
  ExpectRejected(m, ErrorCode::kUnknownEnum, "estimator.algorithm");
  m = testing::MakeNeighborsBrute();
  Knn(m).weights = static_cast<NeighborsWeights>(3);
  ExpectRejected(m, ErrorCode::kUnknownEnum, "estimator.weights");
}

// ---- end Neighbors ----

// ---- ThresholdClassifier ----

ThresholdClassifier& Thr(Model& m) {
  return std::get<ThresholdClassifier>(m.estimator.kind);
}

TEST(Negative, ThresholdEstimator) {
  Model m = testing::MakeThresholdClassifier();
  Thr(m).estimator.push_back(Thr(m).estimator[0]);
  ExpectRejected(m, ErrorCode::kThresholdEstimator, "estimator.estimator");
  // A transformer is not a classifier.
  m = testing::MakeThresholdClassifier();
  Thr(m).estimator[0] = testing::MakeStandardScaler().estimator;
  ExpectRejected(m, ErrorCode::kThresholdEstimator, "estimator.estimator[0]");
  // Three classes: not binary.
  m = testing::MakeLogisticMulticlassStrings();
  ThresholdClassifier t;
  t.estimator.push_back(std::move(m.estimator));
  m.estimator.kind = std::move(t);
  ExpectRejected(m, ErrorCode::kThresholdEstimator, "output");
}

TEST(Negative, ThresholdValue) {
  Model m = testing::MakeThresholdClassifier();
  Thr(m).threshold = std::numeric_limits<double>::quiet_NaN();
  ExpectRejected(m, ErrorCode::kThresholdValue, "estimator.threshold");
  // With source auto the field is not read.
  m = testing::MakeThresholdClassifierDecision();
  Thr(m).threshold = std::numeric_limits<double>::quiet_NaN();
  EXPECT_TRUE(ValidateModel(m).ok());
}

TEST(Negative, ThresholdPositive) {
  Model m = testing::MakeThresholdClassifier();
  Thr(m).positive = 2;
  ExpectRejected(m, ErrorCode::kThresholdPositive, "estimator.positive");
}

TEST(Validate, ThresholdEnumsAndTask) {
  Model m = testing::MakeThresholdClassifier();
  Thr(m).response = static_cast<ThresholdResponse>(0);
  ExpectRejected(m, ErrorCode::kUnknownEnum, "estimator.response");
  m = testing::MakeThresholdClassifier();
  Thr(m).source = static_cast<ThresholdSource>(7);
  ExpectRejected(m, ErrorCode::kUnknownEnum, "estimator.source");
  // A pipeline step cannot be a ThresholdClassifier.
  m = testing::MakeThresholdClassifier();
  Pipeline p;
  p.steps.push_back({std::move(m.estimator)});
  p.steps.push_back(testing::MakeLogisticBinary().estimator);
  m.estimator.kind = std::move(p);
  ExpectRejected(m, ErrorCode::kPipelineShape, "estimator.steps[0]");
}

// ---- end ThresholdClassifier ----

// ---- LocalOutlierFactor ----

LocalOutlierFactor& Lof(Model& m) {
  return std::get<LocalOutlierFactor>(m.estimator.kind);
}

TEST(Negative, LocalOutlierFactorOutput) {
  Model m = testing::MakeLocalOutlierFactor();
  EXPECT_TRUE(ValidateModel(m).ok()) << ValidateModel(m).ToString();
  m.output.classes[0] = testing::IntClasses({-1, 0, 1});
  ExpectRejected(m, ErrorCode::kLocalOutlierFactorOutput, "estimator.lrd");
  m = testing::MakeLocalOutlierFactor();
  m.output.task = Task::kRegression;
  m.output.classes.clear();
  ExpectRejected(m, ErrorCode::kLocalOutlierFactorOutput, "estimator.lrd");
}

TEST(Negative, LocalOutlierFactorCount) {
  for (uint64_t bad : {uint64_t{0}, uint64_t{7}}) {
    Model m = testing::MakeLocalOutlierFactor();
    Lof(m).n_neighbors = bad;
    ExpectRejected(m, ErrorCode::kLocalOutlierFactorCount,
                   "estimator.n_neighbors");
  }
  Model m = testing::MakeLocalOutlierFactor();
  Lof(m).n_neighbors = 6;  // every training row
  EXPECT_TRUE(ValidateModel(m).ok()) << ValidateModel(m).ToString();
}

TEST(Negative, LocalOutlierFactorMinkowskiP) {
  for (double bad : {0.5, std::numeric_limits<double>::quiet_NaN(),
                     std::numeric_limits<double>::infinity()}) {
    Model m = testing::MakeLocalOutlierFactor();
    Lof(m).metric = NeighborsMetric::kMinkowski;
    Lof(m).p = 3;
    EXPECT_TRUE(ValidateModel(m).ok()) << ValidateModel(m).ToString();
    Lof(m).p = bad;
    ExpectRejected(m, ErrorCode::kLocalOutlierFactorMinkowskiP, "estimator.p");
  }
  // p is minkowski's only.
  Model m = testing::MakeLocalOutlierFactor();
  Lof(m).p = 0.5;
  EXPECT_TRUE(ValidateModel(m).ok()) << ValidateModel(m).ToString();
}

TEST(Negative, LocalOutlierFactorData) {
  Model m = testing::MakeLocalOutlierFactorBrute();
  EXPECT_TRUE(ValidateModel(m).ok()) << ValidateModel(m).ToString();
  Lof(m).fit_x = Tensor::FromVector(std::vector<double>(6, 0.0), {2, 3});
  ExpectRejected(m, ErrorCode::kLocalOutlierFactorData, "estimator.fit_x");
  m = testing::MakeLocalOutlierFactorBrute();
  Lof(m).fit_x = Tensor();
  ExpectRejected(m, ErrorCode::kLocalOutlierFactorData, "estimator.fit_x");
  m = testing::MakeLocalOutlierFactorBrute();
  Lof(m).fit_x = Replace<double>(Lof(m).fit_x, 5, -HUGE_VAL);
  ExpectRejected(m, ErrorCode::kLocalOutlierFactorData, "estimator.fit_x[5]");
}

TEST(Negative, LocalOutlierFactorDensity) {
  Model m = testing::MakeLocalOutlierFactor();
  Lof(m).lrd = Tensor::FromVector(std::vector<double>(5, 1.0));
  ExpectRejected(m, ErrorCode::kLocalOutlierFactorDensity, "estimator.lrd");
  for (double bad : {0.0, -1.0, std::nan(""), HUGE_VAL}) {
    m = testing::MakeLocalOutlierFactor();
    Lof(m).lrd = Replace<double>(Lof(m).lrd, 2, bad);
    ExpectRejected(m, ErrorCode::kLocalOutlierFactorDensity,
                   "estimator.lrd[2]");
  }
}

TEST(Negative, LocalOutlierFactorKDistance) {
  Model m = testing::MakeLocalOutlierFactor();
  Lof(m).k_distance = Tensor::FromVector(std::vector<float>(6, 1.0f));
  ExpectRejected(m, ErrorCode::kLocalOutlierFactorKDistance,
                 "estimator.k_distance");
  for (double bad : {-0.5, std::nan(""), HUGE_VAL}) {
    m = testing::MakeLocalOutlierFactor();
    Lof(m).k_distance = Replace<double>(Lof(m).k_distance, 4, bad);
    ExpectRejected(m, ErrorCode::kLocalOutlierFactorKDistance,
                   "estimator.k_distance[4]");
  }
  m = testing::MakeLocalOutlierFactor();
  Lof(m).k_distance = Replace<double>(Lof(m).k_distance, 4, 0.0);
  EXPECT_TRUE(ValidateModel(m).ok()) << ValidateModel(m).ToString();
}

TEST(Negative, LocalOutlierFactorOffset) {
  for (double bad : {std::nan(""), HUGE_VAL, -HUGE_VAL}) {
    Model m = testing::MakeLocalOutlierFactor();
    Lof(m).offset = bad;
    ExpectRejected(m, ErrorCode::kLocalOutlierFactorOffset, "estimator.offset");
  }
}

TEST(Validate, LocalOutlierFactorTreeRulesAndEnums) {
  // The tree arrays follow Neighbors' rules (E325-E329).
  Model m = testing::MakeLocalOutlierFactorBrute();
  Lof(m).node_data = Tensor::FromVector(std::vector<int64_t>{0, 6, 1}, {1, 3});
  ExpectRejected(m, ErrorCode::kNeighborsTreeShape, "estimator.node_data");
  m = testing::MakeLocalOutlierFactor();
  Lof(m).node_radius = Tensor();
  ExpectRejected(m, ErrorCode::kNeighborsTreeShape, "estimator.node_radius");
  m = testing::MakeLocalOutlierFactor();
  Lof(m).idx_array = Replace<int64_t>(Lof(m).idx_array, 3, 0);
  ExpectRejected(m, ErrorCode::kNeighborsIdxArray, "estimator.idx_array[3]");
  m = testing::MakeLocalOutlierFactor();
  Lof(m).node_data = Replace<int64_t>(Lof(m).node_data, 4, 7);
  ExpectRejected(m, ErrorCode::kNeighborsNodeRange, "estimator.node_data[1]");
  m = testing::MakeLocalOutlierFactor();
  Lof(m).node_data = Replace<int64_t>(Lof(m).node_data, 5, 0);
  ExpectRejected(m, ErrorCode::kNeighborsNodeChildren,
                 "estimator.node_data[1]");
  m = testing::MakeLocalOutlierFactor();
  Lof(m).node_bounds = Replace<double>(Lof(m).node_bounds, 1, HUGE_VAL);
  ExpectRejected(m, ErrorCode::kNeighborsNodeBounds,
                 "estimator.node_bounds[1]");
  m = testing::MakeLocalOutlierFactor();
  Lof(m).metric = static_cast<NeighborsMetric>(9);
  ExpectRejected(m, ErrorCode::kUnknownEnum, "estimator.metric");
  m = testing::MakeLocalOutlierFactor();
  Lof(m).algorithm = static_cast<NeighborsAlgorithm>(0);
  ExpectRejected(m, ErrorCode::kUnknownEnum, "estimator.algorithm");
}

// ---- end LocalOutlierFactor ----

// ---- SplineTransformer ----

SplineTransformer& Spline(Model& m) {
  return std::get<SplineTransformer>(m.estimator.kind);
}

TEST(Negative, SplineShape) {
  Model m = testing::MakeSplineTransformer();
  Spline(m).degree = 3;  // 7 knots, 8 needed
  ExpectRejected(m, ErrorCode::kSplineShape, "estimator.knots");
  m = testing::MakeSplineTransformer();
  Spline(m).degree = 100;
  ExpectRejected(m, ErrorCode::kSplineShape, "estimator.knots");
  m = testing::MakeSplineTransformer();
  // Periodic: n_knots 6 - 4 = 2 is not above the degree 2.
  Spline(m).extrapolation = SplineExtrapolation::kPeriodic;
  Spline(m).knots = Tensor::FromVector(std::vector<double>(12, 0.0), {2, 6});
  Spline(m).bound.clear();
  ExpectRejected(m, ErrorCode::kSplineShape, "estimator.knots");
  m = testing::MakeSplineTransformer();
  Spline(m).knots = Tensor::FromVector(std::vector<double>(21, 0.0), {3, 7});
  ExpectRejected(m, ErrorCode::kSplineShape, "estimator.knots");
  // Degree 0 on 2 knots without the bias: no column.
  m = testing::MakeSplineTransformer();
  Spline(m).knots = Tensor::FromVector(std::vector<double>{0, 1, 0, 1}, {2, 2});
  Spline(m).degree = 0;
  Spline(m).extrapolation = SplineExtrapolation::kConstant;
  Spline(m).bound.clear();
  ExpectRejected(m, ErrorCode::kSplineShape, "estimator.knots");
}

TEST(Negative, SplineKnots) {
  Model m = testing::MakeSplineTransformer();
  std::vector<double> t = {-4, -2, 0, 2, 4, 6, 8, 0, 5, 10, 9, 20, 25, 30};
  Spline(m).knots = Tensor::FromVector(t, {2, 7});
  ExpectRejected(m, ErrorCode::kSplineKnots, "estimator.knots[10]");
  t[10] = std::numeric_limits<double>::infinity();
  m = testing::MakeSplineTransformer();
  Spline(m).knots = Tensor::FromVector(t, {2, 7});
  ExpectRejected(m, ErrorCode::kSplineKnots, "estimator.knots[10]");
  t[10] = 10;  // equal knots are allowed (quantile knots of repeated values)
  m = testing::MakeSplineTransformer();
  Spline(m).knots = Tensor::FromVector(t, {2, 7});
  EXPECT_TRUE(ValidateModel(m).ok()) << ValidateModel(m).ToString();
}

TEST(Negative, SplineIncludeBias) {
  Model m = testing::MakeSplineTransformer();
  Spline(m).include_bias = 2;
  ExpectRejected(m, ErrorCode::kSplineIncludeBias, "estimator.include_bias");
}

TEST(Negative, SplineBound) {
  Model m = testing::MakeSplineTransformer();
  Spline(m).bound = {2};
  ExpectRejected(m, ErrorCode::kSplineBound, "estimator.bound");
  m = testing::MakeSplineTransformer();
  Spline(m).bound = {2, 1};  // below the degree
  ExpectRejected(m, ErrorCode::kSplineBound, "estimator.bound[1]");
  m = testing::MakeSplineTransformer();
  Spline(m).bound = {5, 2};  // above m - 1 - degree
  ExpectRejected(m, ErrorCode::kSplineBound, "estimator.bound[0]");
  m = testing::MakeSplineTransformer();
  Spline(m).extrapolation = SplineExtrapolation::kConstant;  // bound set
  ExpectRejected(m, ErrorCode::kSplineBound, "estimator.bound");
  m = testing::MakeSplineTransformer();
  Spline(m).bound = {3, 4};  // within range
  EXPECT_TRUE(ValidateModel(m).ok()) << ValidateModel(m).ToString();
}

TEST(Validate, SplineEnums) {
  Model m = testing::MakeSplineTransformer();
  Spline(m).extrapolation = static_cast<SplineExtrapolation>(6);
  ExpectRejected(m, ErrorCode::kUnknownEnum, "estimator.extrapolation");
  m = testing::MakeSplineTransformer();
  Spline(m).missing = static_cast<SplineMissing>(0);
  ExpectRejected(m, ErrorCode::kUnknownEnum, "estimator.missing");
  m = testing::MakeSplineTransformer();
  Spline(m).derivative = static_cast<SplineDerivative>(3);
  ExpectRejected(m, ErrorCode::kUnknownEnum, "estimator.derivative");
}

// ---- end SplineTransformer ----

// ---- RadiusNeighbors ----

RadiusNeighbors& Rnn(Model& m) {
  return std::get<RadiusNeighbors>(m.estimator.kind);
}

TEST(Validate, RadiusNeighborsExamplesAccepted) {
  for (Model m : {testing::MakeRadiusNeighborsClassifier(),
                  testing::MakeRadiusNeighborsRegressor(),
                  testing::MakeRadiusNeighborsBrute()}) {
    EXPECT_TRUE(ValidateModel(m).ok()) << ValidateModel(m).ToString();
  }
}

TEST(Negative, RadiusNeighborsRadius) {
  for (double bad : {std::nan(""), HUGE_VAL, -0.5}) {
    Model m = testing::MakeRadiusNeighborsClassifier();
    Rnn(m).radius = bad;
    ExpectRejected(m, ErrorCode::kRadiusNeighborsRadius, "estimator.radius");
  }
  Model m = testing::MakeRadiusNeighborsBrute();
  Rnn(m).radius = 0.0;  // a radius of 0 is scikit-learn's minimum
  EXPECT_TRUE(ValidateModel(m).ok());
}

TEST(Negative, RadiusNeighborsOutlierShape) {
  Model m = testing::MakeRadiusNeighborsClassifier();
  Rnn(m).outlier_class = Tensor();
  ExpectRejected(m, ErrorCode::kRadiusNeighborsOutlierShape,
                 "estimator.outlier_proba");
  m = testing::MakeRadiusNeighborsClassifier();
  Rnn(m).outlier_class = Tensor::FromVector(std::vector<int64_t>{1, 1});
  ExpectRejected(m, ErrorCode::kRadiusNeighborsOutlierShape,
                 "estimator.outlier_class");
  m = testing::MakeRadiusNeighborsClassifier();
  Rnn(m).outlier_proba = Tensor::FromVector(std::vector<int32_t>{1});
  ExpectRejected(m, ErrorCode::kRadiusNeighborsOutlierShape,
                 "estimator.outlier_proba");
  m = testing::MakeRadiusNeighborsRegressor();
  Rnn(m).outlier_proba = Tensor::FromVector(std::vector<int64_t>{0, 0});
  Rnn(m).outlier_class = Tensor::FromVector(std::vector<int64_t>{0, 0});
  ExpectRejected(m, ErrorCode::kRadiusNeighborsOutlierShape,
                 "estimator.outlier_proba");
}

TEST(Negative, RadiusNeighborsOutlierValue) {
  Model m = testing::MakeRadiusNeighborsClassifier();
  Rnn(m).outlier_proba = Tensor::FromVector(std::vector<int64_t>{2});
  ExpectRejected(m, ErrorCode::kRadiusNeighborsOutlierValue,
                 "estimator.outlier_proba[0]");
  m = testing::MakeRadiusNeighborsClassifier();
  Rnn(m).outlier_class = Tensor::FromVector(std::vector<int64_t>{-2});
  ExpectRejected(m, ErrorCode::kRadiusNeighborsOutlierValue,
                 "estimator.outlier_class[0]");
  m = testing::MakeRadiusNeighborsClassifier();
  Rnn(m).outlier_proba = Tensor::FromVector(std::vector<int64_t>{-1});
  Rnn(m).outlier_class = Tensor::FromVector(std::vector<int64_t>{-1});
  ExpectRejected(m, ErrorCode::kRadiusNeighborsOutlierValue,
                 "estimator.outlier_class[0]");
  // One of the two -1 is a valid outlier handling.
  m = testing::MakeRadiusNeighborsClassifier();
  Rnn(m).outlier_proba = Tensor::FromVector(std::vector<int64_t>{-1});
  EXPECT_TRUE(ValidateModel(m).ok());
}

TEST(Validate, RadiusNeighborsSharedRulesAndEnums) {
  // p, fit_x, y and the tree follow Neighbors' rules (E321-E329).
  Model m = testing::MakeRadiusNeighborsBrute();
  Rnn(m).metric = NeighborsMetric::kMinkowski;
  Rnn(m).p = 0.5;
  ExpectRejected(m, ErrorCode::kNeighborsMinkowskiP, "estimator.p");
  m = testing::MakeRadiusNeighborsBrute();
  Rnn(m).fit_x = Replace<double>(Rnn(m).fit_x, 3, std::nan(""));
  ExpectRejected(m, ErrorCode::kNeighborsData, "estimator.fit_x[3]");
  m = testing::MakeRadiusNeighborsBrute();
  Rnn(m).y = Replace<int32_t>(Rnn(m).y, 2, 3);
  ExpectRejected(m, ErrorCode::kNeighborsTargetValue, "estimator.y[2]");
  m = testing::MakeRadiusNeighborsRegressor();
  Rnn(m).y = Tensor::FromVector(std::vector<double>{1, 2, 3, 4, 5, 6}, {6, 1});
  ExpectRejected(m, ErrorCode::kNeighborsTargetShape, "estimator.y");
  m = testing::MakeRadiusNeighborsRegressor();
  Rnn(m).node_data = Tensor::FromVector(std::vector<int64_t>{0, 6, 1}, {1, 3});
  ExpectRejected(m, ErrorCode::kNeighborsTreeShape, "estimator.node_data");
  m = testing::MakeRadiusNeighborsClassifier();
  Rnn(m).idx_array = Replace<int64_t>(Rnn(m).idx_array, 3, 0);
  ExpectRejected(m, ErrorCode::kNeighborsIdxArray, "estimator.idx_array[3]");
  m = testing::MakeRadiusNeighborsClassifier();
  Rnn(m).euclidean = static_cast<RadiusEuclidean>(0);
  ExpectRejected(m, ErrorCode::kUnknownEnum, "estimator.euclidean");
  m = testing::MakeRadiusNeighborsClassifier();
  Rnn(m).weights = static_cast<NeighborsWeights>(3);
  ExpectRejected(m, ErrorCode::kUnknownEnum, "estimator.weights");
}

// ---- end RadiusNeighbors ----

// ---- Voting ----

Voting& Vote(Model& m) { return std::get<Voting>(m.estimator.kind); }

TEST(Negative, VotingEstimators) {
  Model m = testing::MakeVotingSoft();
  Vote(m).estimators.clear();
  Vote(m).weights = Tensor();
  ExpectRejected(m, ErrorCode::kVotingEstimators, "estimator.estimators");
  m = testing::MakeVotingHard();
  for (int i = 0; i < 64; ++i) {
    Vote(m).estimators.push_back(Vote(m).estimators[0]);
  }
  ExpectRejected(m, ErrorCode::kVotingEstimators, "estimator.estimators");
}

TEST(Negative, VotingEstimator) {
  Model m = testing::MakeVotingHard();
  Vote(m).estimators[1] = testing::MakeStandardScaler().estimator;
  ExpectRejected(m, ErrorCode::kVotingEstimator, "estimator.estimators[1]");
  // An estimator's own rules still apply (here: its coef's width).
  m = testing::MakeVotingHard();
  Vote(m).estimators[2] = testing::MakeLogisticBinary().estimator;
  EXPECT_FALSE(ValidateModel(m).ok());
}

TEST(Negative, VotingWeights) {
  Model m = testing::MakeVotingSoft();
  Vote(m).weights = Tensor::FromVector(std::vector<double>{1.0, 2.0});
  ExpectRejected(m, ErrorCode::kVotingWeights, "estimator.weights");
  m = testing::MakeVotingSoft();
  Vote(m).weights = Tensor::FromVector(
      std::vector<double>{1.0, std::numeric_limits<double>::infinity(), 1.0});
  ExpectRejected(m, ErrorCode::kVotingWeights, "estimator.weights[1]");
  m = testing::MakeVotingSoft();
  Vote(m).weights = Tensor::FromVector(std::vector<double>{1.0, -1.5, 0.5});
  ExpectRejected(m, ErrorCode::kVotingWeights, "estimator.weights");
}

TEST(Negative, VotingTask) {
  Model m = testing::MakeVotingRegressor();
  Vote(m).rule = VotingRule::kSoft;
  ExpectRejected(m, ErrorCode::kVotingTask, "output");
  m = testing::MakeVotingHard();
  Vote(m).rule = VotingRule::kAverage;
  ExpectRejected(m, ErrorCode::kVotingTask, "output");
}

TEST(Negative, VotingStringInput) {
  Model m = testing::MakeVotingRegressor();
  m.input.columns.resize(3);
  const char* names[] = {"a", "b", "c"};
  for (size_t j = 0; j < 3; ++j) m.input.columns[j].name = names[j];
  m.input.feature_names = {"a", "b", "c"};
  ASSERT_TRUE(ValidateModel(m).ok()) << ValidateModel(m).ToString();
  m.input.columns[1].type = ColumnType::kString;
  ExpectRejected(m, ErrorCode::kVotingStringInput, "estimator");
}

TEST(Validate, VotingEnumAndRole) {
  Model m = testing::MakeVotingSoft();
  Vote(m).rule = static_cast<VotingRule>(9);
  ExpectRejected(m, ErrorCode::kUnknownEnum, "estimator.rule");
  // A pipeline step cannot be a Voting.
  m = testing::MakeVotingRegressor();
  Pipeline p;
  p.steps.push_back({std::move(m.estimator)});
  p.steps.push_back(testing::MakeLinearRegression().estimator);
  m.estimator.kind = std::move(p);
  ExpectRejected(m, ErrorCode::kPipelineShape, "estimator.steps[0]");
}

// ---- end Voting ----

}  // namespace
}  // namespace modelseal

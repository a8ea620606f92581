// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
#include "tests/testing/example_models.h"

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "tests/testing/builders.h"

namespace modelseal::testing {
namespace {

Model Base(const std::string& name, uint64_t n_features, Task task,
           uint64_t n_outputs) {
  Model m;
  m.metadata.name = name;
  m.metadata.version = 1;
  m.input.n_features = n_features;
  m.output.task = task;
  m.output.n_outputs = n_outputs;
  return m;
}

// Format 1.1 helpers.
InputColumn Column(std::string name, ColumnType type, Nullable nullable) {
  return {std::move(name), type, nullable};
}

CategoryList NumberCategories(std::vector<double> v,
                              Nullable missing = Nullable::kNo) {
  CategoryList c;
  c.numbers = Tensor::FromVector(std::move(v));
  c.missing = missing;
  return c;
}

CategoryList StringCategories(std::vector<std::string> v,
                              Nullable missing = Nullable::kNo) {
  CategoryList c;
  c.strings = std::move(v);
  c.missing = missing;
  return c;
}

OneHotColumn OneHot(CategoryList categories, std::vector<int64_t> slots,
                    uint64_t width) {
  OneHotColumn c;
  c.categories = std::move(categories);
  c.slots = Tensor::FromVector(std::move(slots));
  c.width = width;
  return c;
}

OrdinalColumn Ordinal(CategoryList categories, std::vector<double> codes) {
  OrdinalColumn c;
  c.categories = std::move(categories);
  c.codes = Tensor::FromVector(std::move(codes));
  return c;
}

ColumnGroup Group(std::vector<uint64_t> columns, Estimator transformer) {
  ColumnGroup g;
  g.columns = std::move(columns);
  g.transformer.push_back(std::move(transformer));
  return g;
}

StandardScaler Scaler(std::vector<double> mean, std::vector<double> scale) {
  StandardScaler s;
  if (!mean.empty()) s.mean = Tensor::FromVector(std::move(mean));
  if (!scale.empty()) s.scale = Tensor::FromVector(std::move(scale));
  return s;
}

CategoryColumn CatColumn(uint64_t column, std::vector<double> categories) {
  CategoryColumn c;
  c.column = column;
  c.categories = Tensor::FromVector(std::move(categories));
  return c;
}

LinearModel Linear(std::vector<double> coef, uint64_t k, uint64_t n,
                   std::vector<double> intercept, LinearOutput output) {
  LinearModel l;
  l.coef = Tensor::FromVector(std::move(coef), {k, n});
  l.intercept = Tensor::FromVector(std::move(intercept));
  l.output = output;
  return l;
}

}  // namespace

Model MakeLinearRegression() {
  Model m = Base("linear-regression", 3, Task::kRegression, 1);
  m.metadata.description = "y = 0.5 a - 1.25 b + 2 c + 0.75";
  m.metadata.created = "2026-11-28T12:34:56Z";
  m.metadata.training_data.uri = "s3://datasets/housing/v3/train.parquet";
  m.metadata.training_data.content_hash =
      "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
  m.metadata.training_data.shape = {1000, 3};
  m.metadata.source.uri = "git+https://example.org/models.git@abc123#train.py";
  m.metadata.source.content_hash =
      "sha256:2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae";
  m.metadata.source.text = "model = LinearRegression().fit(X, y)\n";
  m.metadata.library_versions = {
      {"scikit-learn", "1.5.2"}, {"numpy", "2.1.3"}, {"python", "3.11.2"}};
  m.metadata.cv_scores = {{"r2", 0.91, 0.02, 5}};
  m.input.feature_names = {"area", "age", "rooms"};
  m.estimator.kind =
      Linear({0.5, -1.25, 2.0}, 1, 3, {0.75}, LinearOutput::kRegression);
  return m;
}

Model MakeLinearRegressionMultiTarget() {
  Model m = Base("linear-regression-2", 3, Task::kRegression, 2);
  m.estimator.kind = Linear({1, 2, 3, -1, 0, 0.5}, 2, 3, {0.1, -0.2},
                            LinearOutput::kRegression);
  return m;
}

Model MakePoissonRegressor() {
  Model m = Base("poisson-regressor", 3, Task::kRegression, 1);
  LinearModel l = Linear({0.2, -0.1, 0.05}, 1, 3, {0.3}, LinearOutput::kExp);
  l.deviance_power = 1.0;
  m.estimator.kind = std::move(l);
  m.format_minor = 1;  // as read back: output Exp is format 1.1
  return m;
}

Model MakeLogisticBinary() {
  Model m = Base("logistic-binary", 4, Task::kClassification, 1);
  m.output.classes.push_back(IntClasses({0, 1}));
  m.estimator.kind =
      Linear({0.3, -0.7, 1.1, 0.05}, 1, 4, {-0.4}, LinearOutput::kLogisticOvr);
  return m;
}

Model MakeLogisticMulticlassStrings() {
  Model m = Base("logistic-multiclass", 4, Task::kClassification, 1);
  m.output.classes.push_back(StrClasses({"bird", "cat", "dog"}));
  m.estimator.kind =
      Linear({0.1, 0.2, -0.3, 0.4, -0.5, 0.6, 0.7, -0.8, 0.9, -1.0, 1.1, 1.2},
             3, 4, {0.01, -0.02, 0.03}, LinearOutput::kSoftmax);
  return m;
}

Model MakeLinearSvcBinary() {
  Model m = Base("linear-svc", 2, Task::kClassification, 1);
  m.output.classes.push_back(IntClasses({-1, 1}));
  m.estimator.kind = Linear({1.5, -2.5}, 1, 2, {0.25}, LinearOutput::kDecision);
  return m;
}

Model MakeStandardScaler() {
  Model m = Base("standard-scaler", 3, Task::kTransform, 3);
  m.estimator.kind = Scaler({1.0, -2.0, 3.5}, {0.5, 2.0, 10.0});
  return m;
}

Model MakeDecisionTreeClassifier() {
  Model m = Base("decision-tree-classifier", 2, Task::kClassification, 1);
  m.output.classes.push_back(IntClasses({0, 1, 2}));
  DecisionTree dt;
  dt.tree = FiveNodeTree(0, 0.5, 1, 1.5,
                         {0.4, 0.3, 0.3,  //
                          1.0, 0.0, 0.0,  //
                          0.0, 0.5, 0.5,  //
                          0.0, 1.0, 0.0,  //
                          0.0, 0.0, 1.0},
                         1, 3);
  m.estimator.kind = std::move(dt);
  return m;
}

Model MakeDecisionTreeRegressor() {
  Model m = Base("decision-tree-regressor", 2, Task::kRegression, 1);
  DecisionTree dt;
  dt.tree = FiveNodeTree(1, -0.25, 0, 3.0, {2.0, -1.0, 3.5, 3.0, 4.0}, 1, 1);
  dt.tree.missing_go_to_left =
      Tensor::FromVector(std::vector<uint8_t>{1, 0, 0, 0, 0});
  m.estimator.kind = std::move(dt);
  return m;
}

Model MakeForestMultiOutput() {
  Model m = Base("forest-multi-output", 2, Task::kClassification, 2);
  m.output.classes.push_back(IntClasses({0, 1}));
  m.output.classes.push_back(StrClasses({"x", "y", "z"}));
  Forest f;
  // value [5, 2, 3]: output 0 uses the first 2 columns, output 1 all 3.
  f.trees.push_back(FiveNodeTree(0, 0.5, 1, 1.5,
                                 {0.5, 0.5, 0, 0.2, 0.3, 0.5,  //
                                  1,   0,   0, 1,   0,   0,    //
                                  0,   1,   0, 0,   0.5, 0.5,  //
                                  0,   1,   0, 0,   1,   0,    //
                                  0,   1,   0, 0,   0,   1},
                                 2, 3));
  f.trees.push_back(FiveNodeTree(1, 0.0, 0, -1.0,
                                 {0.6,  0.4,  0, 0.3, 0.3, 0.4,  //
                                  0,    1,    0, 0,   0,   1,    //
                                  0.75, 0.25, 0, 0.5, 0.5, 0,    //
                                  1,    0,    0, 1,   0,   0,    //
                                  0.5,  0.5,  0, 0,   1,   0},
                                 2, 3));
  m.estimator.kind = std::move(f);
  return m;
}

Model MakeForestRegressor() {
  Model m = Base("forest-regressor", 2, Task::kRegression, 1);
  Forest f;
  f.trees.push_back(FiveNodeTree(0, 0.5, 1, 1.5, {1, 0, 2, 1.5, 2.5}, 1, 1));
  f.trees.push_back(FiveNodeTree(1, 0.0, 0, 2.0, {1, 3, -1, -2, 0}, 1, 1));
  f.trees.push_back(
      FiveNodeTree(0, -1.0, 0, 1.0, {0.5, -4, 1, 0.75, 1.25}, 1, 1));
  m.estimator.kind = std::move(f);
  return m;
}

Model MakeGradientBoostingMulticlass() {
  Model m = Base("gradient-boosting-multiclass", 2, Task::kClassification, 1);
  m.output.classes.push_back(IntClasses({3, 5, 7}));
  GradientBoosting gb;
  gb.n_stages = 2;
  gb.learning_rate = 0.1;
  gb.loss = GbLoss::kLogLossMulticlass;
  gb.init_raw = Tensor::FromVector(std::vector<double>{-1.1, -0.9, -1.3});
  for (int stage = 0; stage < 2; ++stage) {
    for (int k = 0; k < 3; ++k) {
      gb.trees.push_back(RegressionStump(k % 2, 0.25 * (stage + k),
                                         -0.5 + 0.1 * k, 0.5 - 0.2 * stage));
    }
  }
  m.estimator.kind = std::move(gb);
  return m;
}

Model MakeGradientBoostingRegressor() {
  Model m = Base("gradient-boosting-regressor", 2, Task::kRegression, 1);
  GradientBoosting gb;
  gb.n_stages = 3;
  gb.learning_rate = 0.05;
  gb.loss = GbLoss::kSquaredError;
  gb.init_raw = Tensor::FromVector(std::vector<double>{10.5});
  gb.trees.push_back(RegressionStump(0, 1.0, -2, 2));
  gb.trees.push_back(RegressionStump(1, -1.0, -1, 1.5));
  gb.trees.push_back(RegressionStump(0, 0.0, 0.25, -0.25));
  m.estimator.kind = std::move(gb);
  return m;
}

Model MakeHistGradientBoostingCategorical() {
  Model m =
      Base("hist-gradient-boosting-categorical", 3, Task::kClassification, 1);
  m.output.classes.push_back(StrClasses({"no", "yes"}));
  HistGradientBoosting h;
  h.n_iter = 2;
  h.loss = HgbLoss::kLogLossBinary;
  h.baseline = Tensor::FromVector(std::vector<double>{-0.2});
  // Feature 0 is categorical with known categories {0, 1, 2, 5}; categories
  // {1, 5} go left in the first predictor.
  h.known_cat_bitsets = Tensor::FromVector(
      std::vector<uint32_t>{0x27, 0, 0, 0, 0, 0, 0, 0}, {1, 8});
  h.f_idx_map = Tensor::FromVector(std::vector<int32_t>{0, -1, -1});
  h.trees.push_back(
      HistStump(0, 0, 0.3, -0.1, true, {0x22, 0, 0, 0, 0, 0, 0, 0}));
  h.trees.push_back(HistStump(2, 4.5, -0.05, 0.15, false, {}));
  m.estimator.kind = std::move(h);
  return m;
}

Model MakeHistGradientBoostingRegressor() {
  Model m = Base("hist-gradient-boosting-regressor", 2, Task::kRegression, 1);
  HistGradientBoosting h;
  h.n_iter = 2;
  h.loss = HgbLoss::kSquaredError;
  h.baseline = Tensor::FromVector(std::vector<double>{3.0});
  h.trees.push_back(HistStump(0, 0.5, -1.0, 1.0, false, {}));
  h.trees.push_back(HistStump(1, -2.0, 0.25, -0.5, false, {}));
  m.estimator.kind = std::move(h);
  return m;
}

Model MakeCategoryEncoder() {
  Model m = Base("category-encoder", 4, Task::kTransform, 4);
  CategoryEncoder e;
  e.columns.push_back(CatColumn(1, {3, 7, 10}));
  e.columns.push_back(CatColumn(3, {-1.5, 0, 2.25, 8}));
  m.estimator.kind = std::move(e);
  return m;
}

Model MakePipelineCategoryEncoderHgb() {
  Model m = Base("pipeline-category-encoder-hgb", 4, Task::kClassification, 1);
  m.output.classes.push_back(IntClasses({0, 1}));
  CategoryEncoder e;
  e.columns.push_back(CatColumn(1, {3, 7, 10}));
  e.columns.push_back(CatColumn(3, {-1.5, 0, 2.25, 8}));
  // The encoder's output: [code(x1), code(x3), x0, x2].
  HistGradientBoosting h;
  h.n_iter = 3;
  h.loss = HgbLoss::kLogLossBinary;
  h.baseline = Tensor::FromVector(std::vector<double>{0.1});
  h.known_cat_bitsets = Tensor::FromVector(
      std::vector<uint32_t>{0x7, 0, 0, 0, 0, 0, 0, 0, 0xf, 0, 0, 0, 0, 0, 0, 0},
      {2, 8});
  h.f_idx_map = Tensor::FromVector(std::vector<int32_t>{0, 1, -1, -1});
  // Code 1 (x1 == 7) goes left; codes {0, 2} of x3 (-1.5, 2.25) go left.
  h.trees.push_back(
      HistStump(0, 0, 0.5, -0.25, true, {0x2, 0, 0, 0, 0, 0, 0, 0}));
  h.trees.push_back(
      HistStump(1, 0, -0.125, 0.375, true, {0x5, 0, 0, 0, 0, 0, 0, 0}));
  h.trees.push_back(HistStump(2, 0.5, 0.0625, -0.0625, false, {}));
  Pipeline p;
  p.steps.push_back({std::move(e)});
  p.steps.push_back({std::move(h)});
  m.estimator.kind = std::move(p);
  return m;
}

Model MakePipelineScalerLogistic() {
  Model m = Base("pipeline-scaler-logistic", 4, Task::kClassification, 1);
  m.input.feature_names = {"a", "b", "c", "d"};
  m.output.classes.push_back(IntClasses({0, 1}));
  Pipeline p;
  p.steps.push_back({Scaler({1, 2, 3, 4}, {0.5, 1, 2, 4})});
  p.steps.push_back({Linear({0.3, -0.7, 1.1, 0.05}, 1, 4, {-0.4},
                            LinearOutput::kLogisticOvr)});
  m.estimator.kind = std::move(p);
  return m;
}

Model MakeNestedPipeline() {
  Model m = Base("nested-pipeline", 2, Task::kRegression, 1);
  Pipeline inner;
  inner.steps.push_back({Scaler({0.5, -0.5}, {})});
  inner.steps.push_back({Scaler({}, {2.0, 4.0})});
  DecisionTree dt;
  dt.tree = FiveNodeTree(0, 0.0, 1, 0.0, {0, -1, 1, 0.5, 1.5}, 1, 1);
  Pipeline outer;
  outer.steps.push_back({std::move(inner)});
  outer.steps.push_back({std::move(dt)});
  m.estimator.kind = std::move(outer);
  return m;
}

Model MakeMinMaxScaler() {
  Model m = Base("min-max-scaler", 3, Task::kTransform, 3);
  MinMaxScaler s;
  s.scale = Tensor::FromVector(std::vector<double>{0.5, 2.0, 0.25});
  s.min = Tensor::FromVector(std::vector<double>{-0.5, 1.0, 0.0});
  s.clip_range = Tensor::FromVector(std::vector<double>{0.0, 1.0});
  m.estimator.kind = std::move(s);
  return m;
}

Model MakeMaxAbsScaler() {
  Model m = Base("max-abs-scaler", 3, Task::kTransform, 3);
  MaxAbsScaler s;
  s.scale = Tensor::FromVector(std::vector<double>{2.0, 1.0, 0.5});
  m.estimator.kind = std::move(s);
  return m;
}

Model MakeRobustScaler() {
  Model m = Base("robust-scaler", 3, Task::kTransform, 3);
  m.format_minor = 1;  // as read back: the model uses format 1.1
  RobustScaler s;
  s.center = Tensor::FromVector(std::vector<double>{1.0, -2.0, 0.5});
  s.scale = Tensor::FromVector(std::vector<double>{2.0, 0.5, 4.0});
  m.estimator.kind = std::move(s);
  return m;
}

Model MakeNormalizer() {
  Model m = Base("normalizer", 4, Task::kTransform, 4);
  m.format_minor = 1;  // as read back: the model uses format 1.1
  Normalizer n;
  n.norm = NormKind::kL1;
  m.estimator.kind = n;
  return m;
}

Model MakeBinarizer() {
  Model m = Base("binarizer", 2, Task::kTransform, 2);
  m.format_minor = 1;  // as read back: the model uses format 1.1
  Binarizer b;
  b.threshold = 0.5;
  m.estimator.kind = b;
  return m;
}

Model MakeFeatureSelector() {  // h-sel
  Model m = Base("feature-selector", 4, Task::kTransform, 2);
  m.format_minor = 1;  // as read back: the model uses format 1.1
  FeatureSelector f;
  f.columns = {1, 3};
  f.input = SelectorInput::kFinite;
  m.estimator.kind = f;
  return m;
}

Model MakeMissingIndicator() {  // h-sel
  Model m = Base("missing-indicator", 3, Task::kTransform, 2);
  m.format_minor = 1;  // as read back: the model uses format 1.1
  MissingIndicator mi;
  mi.features = {0, 2};
  mi.missing_value = -1;
  mi.on_new = IndicatorNew::kError;
  m.estimator.kind = mi;
  return m;
}

Model MakeOneHotEncoder() {
  Model m = Base("one-hot-encoder", 2, Task::kTransform, 6);
  m.format_minor = 1;  // as read back: the model uses format 1.1
  m.input.feature_names = {"color", "size"};
  m.input.columns = {Column("color", ColumnType::kString, Nullable::kYes),
                     Column("size", ColumnType::kInteger, Nullable::kNo)};
  OneHotEncoder e;
  e.columns.push_back(
      OneHot(StringCategories({"blue", "green", "red"}, Nullable::kYes),
             {0, 1, 2, 3, -1}, 4));
  e.columns.push_back(OneHot(NumberCategories({1, 2, 3}), {-1, 0, 1, -1}, 2));
  e.unknown = UnknownCategory::kSlot;
  m.estimator.kind = std::move(e);
  return m;
}

Model MakeOrdinalEncoder() {
  Model m = Base("ordinal-encoder", 2, Task::kTransform, 2);
  m.format_minor = 1;  // as read back: the model uses format 1.1
  m.input.columns = {Column("", ColumnType::kString, Nullable::kNo),
                     Column("", ColumnType::kFloat, Nullable::kYes)};
  OrdinalEncoder e;
  e.columns.push_back(Ordinal(StringCategories({"high", "low"}), {0, 1}));
  e.columns.push_back(
      Ordinal(NumberCategories({0.5, 2}, Nullable::kYes),
              {0, 1, std::numeric_limits<double>::quiet_NaN()}));
  e.unknown = UnknownCategory::kSlot;
  e.unknown_value = -1;
  m.estimator.kind = std::move(e);
  return m;
}

Model MakeSimpleImputer() {
  Model m = Base("simple-imputer", 3, Task::kTransform, 3);
  m.format_minor = 1;  // as read back: the model uses format 1.1
  SimpleImputer s;
  s.fill_numbers = Tensor::FromVector(std::vector<double>{1.5, 0, -2});
  s.kept = {0, 2};
  s.indicator = {1};
  m.estimator.kind = std::move(s);
  return m;
}

Model MakePassthrough() {
  Model m = Base("passthrough", 2, Task::kTransform, 2);
  m.format_minor = 1;  // as read back: the model uses format 1.1
  m.estimator.kind = Passthrough{};
  return m;
}

Model MakeColumnTransformer() {
  Model m = Base("column-transformer", 3, Task::kTransform, 4);
  m.format_minor = 1;  // as read back: the model uses format 1.1
  m.input.feature_names = {"grade", "x", "y"};
  m.input.columns = {Column("grade", ColumnType::kString, Nullable::kNo),
                     Column("x", ColumnType::kFloat, Nullable::kYes),
                     Column("y", ColumnType::kBoolean, Nullable::kNo)};
  OrdinalEncoder ordinal;
  ordinal.columns.push_back(
      Ordinal(StringCategories({"a", "b", "c"}), {0, 1, 2}));
  MaxAbsScaler scaler;
  scaler.scale = Tensor::FromVector(std::vector<double>{4.0});
  ColumnTransformer t;
  t.groups.push_back(Group({0}, {std::move(ordinal)}));
  t.groups.push_back(Group({1}, {std::move(scaler)}));
  t.groups.push_back(Group({2, 1}, {Passthrough{}}));
  m.estimator.kind = std::move(t);
  return m;
}

Model MakeColumnTransformerPipeline() {
  Model m = Base("column-transformer-pipeline", 4, Task::kClassification, 1);
  m.format_minor = 1;  // as read back: the model uses format 1.1
  m.input.feature_names = {"city", "age", "income", "member"};
  m.input.columns = {Column("city", ColumnType::kString, Nullable::kYes),
                     Column("age", ColumnType::kFloat, Nullable::kYes),
                     Column("income", ColumnType::kFloat, Nullable::kNo),
                     Column("member", ColumnType::kBoolean, Nullable::kNo)};
  m.output.classes.push_back(IntClasses({0, 1}));
  // city: impute "missing", then one-hot (unknown cities: all zeros).
  SimpleImputer impute_city;
  impute_city.fill_strings = {"missing"};
  impute_city.kept = {0};
  OneHotEncoder onehot;
  onehot.columns.push_back(
      OneHot(StringCategories({"oslo", "paris", "rome"}), {0, 1, 2, -1}, 3));
  onehot.unknown = UnknownCategory::kSlot;
  Pipeline city;
  city.steps.push_back({std::move(impute_city)});
  city.steps.push_back({std::move(onehot)});
  // age, income: mean-impute with an indicator for age, then scale.
  SimpleImputer impute_num;
  impute_num.fill_numbers = Tensor::FromVector(std::vector<double>{40, 3000});
  impute_num.kept = {0, 1};
  impute_num.indicator = {0};
  Pipeline numeric;
  numeric.steps.push_back({std::move(impute_num)});
  numeric.steps.push_back({Scaler({40, 3000, 0.1}, {12, 900, 0.3})});
  ColumnTransformer t;
  t.groups.push_back(Group({0}, {std::move(city)}));
  t.groups.push_back(Group({1, 2}, {std::move(numeric)}));
  t.groups.push_back(Group({3}, {Passthrough{}}));
  Pipeline p;
  p.steps.push_back({std::move(t)});
  p.steps.push_back({Linear({0.2, -0.1, 0.4, 0.8, -0.3, 0.5, 1.0}, 1, 7, {-0.2},
                            LinearOutput::kLogisticOvr)});
  m.estimator.kind = std::move(p);
  return m;
}

Model MakeKBinsDiscretizer() {
  Model m = Base("kbins-discretizer", 3, Task::kTransform, 6);
  m.format_minor = 1;  // as read back: the model uses format 1.1
  constexpr double kInf = std::numeric_limits<double>::infinity();
  KBinsDiscretizer k;
  k.n_bins = {3, 1, 2};
  k.edges = Tensor::FromVector(
      std::vector<double>{0, 1, 2, 3, -kInf, kInf, -1, 0.5, 4});
  k.encode = KBinsEncode::kOneHot;
  m.estimator.kind = std::move(k);
  return m;
}

// ---- h-tenc ----
Model MakeTargetEncoder() {
  Model m = Base("target-encoder", 2, Task::kTransform, 6);
  m.format_minor = 1;  // as read back: the model uses format 1.1
  m.input.feature_names = {"city", "rooms"};
  m.input.columns = {Column("city", ColumnType::kString, Nullable::kYes),
                     Column("rooms", ColumnType::kFloat, Nullable::kYes)};
  TargetEncoder e;
  TargetColumn city;
  city.categories = StringCategories({"lyon", "paris"}, Nullable::kYes);
  city.encodings = Tensor::FromVector(
      std::vector<double>{0.5, 0.25, 0.25, 0.1, 0.6, 0.3, 0.2, 0.2, 0.6},
      {3, 3});
  TargetColumn rooms;
  rooms.categories = NumberCategories({1, 2, 4});
  rooms.encodings = Tensor::FromVector(
      std::vector<double>{0.4, 0.4, 0.2, 0.3, 0.3, 0.4, 0.7, 0.1, 0.2}, {3, 3});
  e.columns = {std::move(city), std::move(rooms)};
  e.target_mean = Tensor::FromVector(std::vector<double>{0.35, 0.4, 0.25});
  m.estimator.kind = std::move(e);
  return m;
}
// ---- end h-tenc ----

Model MakeFeatureUnion() {
  Model m = Base("feature-union", 3, Task::kTransform, 4);
  m.format_minor = 1;  // as read back: the model uses format 1.1
  m.input.feature_names = {"city", "x", "y"};
  m.input.columns = {Column("city", ColumnType::kString, Nullable::kYes),
                     Column("x", ColumnType::kFloat, Nullable::kYes),
                     Column("y", ColumnType::kFloat, Nullable::kYes)};
  OrdinalEncoder ordinal;
  ordinal.columns.push_back(
      Ordinal(StringCategories({"oslo", "rome"}), {0, 1}));
  ColumnTransformer cities;
  cities.groups.push_back(Group({0}, {std::move(ordinal)}));
  MaxAbsScaler scaler;
  scaler.scale = Tensor::FromVector(std::vector<double>{4.0, 2.0});
  ColumnTransformer scaled;
  scaled.groups.push_back(Group({1, 2}, {std::move(scaler)}));
  ColumnTransformer y;
  y.groups.push_back(Group({2}, {Passthrough{}}));
  FeatureUnion u;
  u.transformers.push_back({std::move(cities)});
  u.transformers.push_back({std::move(scaled)});
  u.transformers.push_back({std::move(y)});
  u.weights = Tensor::FromVector(std::vector<double>{2.0, 0.5, 1.0});
  m.estimator.kind = std::move(u);
  return m;
}

Model MakeFunctionTransformer() {
  Model m = Base("function-transformer", 2, Task::kTransform, 2);
  m.format_minor = 1;  // as read back: the model uses format 1.1
  FunctionTransformer f;
  f.func = Ufunc::kLog1p;
  m.estimator.kind = f;
  return m;
}

Model MakeTransformedTarget() {
  Model m = Base("transformed-target", 3, Task::kRegression, 2);
  m.format_minor = 1;  // as read back: the model uses format 1.1
  StandardScaler s;
  s.mean = Tensor::FromVector(std::vector<double>{1.0, -2.0, 0.5});
  s.scale = Tensor::FromVector(std::vector<double>{2.0, 4.0, 0.25});
  Pipeline p;
  p.steps.push_back({s});
  p.steps.push_back({Linear({1, 2, 3, -1, 0, 0.5}, 2, 3, {0.1, -0.2},
                            LinearOutput::kRegression)});
  TransformedTargetRegressor t;
  t.regressor.push_back({std::move(p)});
  InverseStep mul;
  mul.check = TargetCheck::kAllowNan;
  mul.op = TargetOp::kMultiply;
  mul.values = Tensor::FromVector(std::vector<double>{2.0, 0.5});
  InverseStep add;
  add.op = TargetOp::kAdd;
  add.values = Tensor::FromVector(std::vector<double>{10.0, -1.0});
  InverseStep f;
  f.check = TargetCheck::kFinite;
  f.op = TargetOp::kUfunc;
  f.func = Ufunc::kExpm1;
  t.inverse = {mul, add, f};
  m.estimator.kind = std::move(t);
  return m;
}

Model MakePolynomialFeatures() {
  Model m = Base("polynomial-features", 2, Task::kTransform, 4);
  m.format_minor = 1;  // as read back: the model uses format 1.1
  PolynomialFeatures p;
  // XP: 1, x0, x1, x0 * x0, x1 * x0, x1 * x1; output 1 and degree 2.
  p.base = {0, 0, 0, 2, 3, 3};
  p.feature = {0, 1, 2, 1, 1, 2};
  p.output = {0, 3, 4, 5};
  m.estimator.kind = std::move(p);
  return m;
}

Model MakeQuantileTransformer() {
  Model m = Base("quantile-transformer", 2, Task::kTransform, 2);
  m.format_minor = 1;  // as read back: the model uses format 1.1
  QuantileTransformer q;
  // quantiles_ [n_quantiles 4, 2 features]; feature 1 repeats a quantile.
  q.quantiles = Tensor::FromVector(
      std::vector<double>{-2, 0, -1, 1, 0.5, 1, 3, 5}, {4, 2});
  q.references =
      Tensor::FromVector(std::vector<double>{0, 1.0 / 3, 2.0 / 3, 1});
  q.output = QuantileOutput::kNormal;
  m.estimator.kind = std::move(q);
  return m;
}

Model MakePowerTransformer() {
  Model m = Base("power-transformer", 2, Task::kTransform, 2);
  m.format_minor = 1;  // as read back: the model uses format 1.1
  PowerTransformer p;
  p.lambdas = Tensor::FromVector(std::vector<double>{0.5, -1.5});
  p.method = PowerMethod::kYeoJohnsonExpm1;
  p.mean = Tensor::FromVector(std::vector<double>{0.25, -0.5});
  p.scale = Tensor::FromVector(std::vector<double>{2, 0.5});
  m.estimator.kind = std::move(p);
  return m;
}

Model MakeSplineTransformer() {
  Model m = Base("spline-transformer", 2, Task::kTransform, 6);
  m.format_minor = 1;  // as read back: the model uses format 1.1
  SplineTransformer s;
  // SplineTransformer(n_knots=3, degree=2, extrapolation="linear",
  // include_bias=False) fitted on [[0, 10], [1, 12], [2, 14], [4, 20]].
  s.knots = Tensor::FromVector(
      std::vector<double>{-4, -2, 0, 2, 4, 6, 8, 0, 5, 10, 15, 20, 25, 30},
      {2, 7});
  s.degree = 2;
  s.extrapolation = SplineExtrapolation::kLinear;
  s.include_bias = 0;
  s.bound = {2, 2};
  m.estimator.kind = std::move(s);
  return m;
}

Model MakeSvcMulticlass() {
  Model m = Base("svc-rbf", 2, Task::kClassification, 1);
  m.format_minor = 1;  // as read back: the model uses format 1.1
  m.output.classes.push_back(StrClasses({"bird", "cat", "dog"}));
  SupportVectorMachine k;
  k.type = SvmType::kCSvc;
  k.kernel = SvmKernel::kRbf;
  k.gamma = 0.5;
  k.support_vectors = Tensor::FromVector(
      std::vector<double>{0, 0, 1, 0.5, 2, 2, 3, 1, -1, 2}, {5, 2});
  k.n_support = Tensor::FromVector(std::vector<int32_t>{2, 1, 2});
  k.dual_coef = Tensor::FromVector(
      std::vector<double>{1, 0.5, -1, -0.25, -0.25, 0.75, 0.25, 1, -0.5, -0.5},
      {2, 5});
  k.intercept = Tensor::FromVector(std::vector<double>{0.1, -0.2, 0.05});
  k.prob_a = Tensor::FromVector(std::vector<double>{-2, -1.5, -3});
  k.prob_b = Tensor::FromVector(std::vector<double>{0.1, 0, -0.2});
  k.decision_shape = SvmDecisionShape::kOvr;
  k.ties = SvmTies::kVotes;
  m.estimator.kind = std::move(k);
  return m;
}

Model MakeSvrPoly() {
  Model m = Base("svr-poly", 2, Task::kRegression, 1);
  m.format_minor = 1;
  SupportVectorMachine k;
  k.type = SvmType::kEpsilonSvr;
  k.kernel = SvmKernel::kPoly;
  k.gamma = 0.5;
  k.coef0 = 1;
  k.degree = 3;
  k.support_vectors =
      Tensor::FromVector(std::vector<double>{0, 1, 2, -1, 1, 1}, {3, 2});
  k.dual_coef = Tensor::FromVector(std::vector<double>{0.5, -1, 0.25}, {1, 3});
  k.intercept = Tensor::FromVector(std::vector<double>{1.5});
  m.estimator.kind = std::move(k);
  return m;
}

Model MakeLinearRegressionColumn() {
  Model m = MakeLinearRegression();
  m.format_minor = 1;
  m.output.shape = OutputShape::kColumn;
  return m;
}

Model MakeKernelRidgeTwoTargets() {
  Model m = Base("kernel-ridge-two-targets", 2, Task::kRegression, 2);
  m.format_minor = 1;
  SupportVectorMachine k;
  k.type = SvmType::kEpsilonSvr;
  k.kernel = SvmKernel::kRbf;
  k.gamma = 0.5;
  k.support_vectors =
      Tensor::FromVector(std::vector<double>{0, 1, 2, -1, 1, 1}, {3, 2});
  k.dual_coef =
      Tensor::FromVector(std::vector<double>{0.5, -1, 0.25, 2, 0, -3}, {2, 3});
  k.intercept = Tensor::FromVector(std::vector<double>{0, 0});
  m.estimator.kind = std::move(k);
  return m;
}

Model MakeOneClassSvm() {
  Model m = Base("one-class-svm", 2, Task::kClassification, 1);
  m.format_minor = 1;
  m.output.classes.push_back(IntClasses({-1, 1}));
  SupportVectorMachine k;
  k.type = SvmType::kOneClass;
  k.kernel = SvmKernel::kSigmoid;
  k.gamma = 0.25;
  k.coef0 = -0.5;
  k.support_vectors =
      Tensor::FromVector(std::vector<double>{1, 1, -1, 0.5}, {2, 2});
  k.dual_coef = Tensor::FromVector(std::vector<double>{1, 0.5}, {1, 2});
  k.intercept = Tensor::FromVector(std::vector<double>{0.2});
  m.estimator.kind = std::move(k);
  return m;
}

Model MakeGaussianNb() {
  Model m = Base("gaussian-nb", 2, Task::kClassification, 1);
  m.format_minor = 1;
  m.output.classes.push_back(StrClasses({"bird", "cat", "dog"}));
  NaiveBayes k;
  k.type = NaiveBayesType::kGaussian;
  k.class_term = Tensor::FromVector(
      std::vector<double>{std::log(0.25), std::log(0.5), std::log(0.25)});
  k.theta = Tensor::FromVector(std::vector<double>{0, 0, 1, 2, -1, 3}, {3, 2});
  k.var =
      Tensor::FromVector(std::vector<double>{1, 0.5, 2, 1, 0.25, 4}, {3, 2});
  std::vector<double> norm(3);
  const auto var = k.var.span<double>();
  for (size_t i = 0; i < 3; ++i) {
    norm[i] = -0.5 * (std::log(2 * M_PI * var[2 * i]) +
                      std::log(2 * M_PI * var[2 * i + 1]));
  }
  k.log_norm = Tensor::FromVector(std::move(norm));
  m.estimator.kind = std::move(k);
  return m;
}

Model MakeBernoulliNb() {
  Model m = Base("bernoulli-nb", 3, Task::kClassification, 1);
  m.format_minor = 1;
  m.output.classes.push_back(IntClasses({0, 1}));
  NaiveBayes k;
  k.type = NaiveBayesType::kDiscrete;
  k.class_term = Tensor::FromVector(std::vector<double>{-0.5, -1.25});
  k.coef = Tensor::FromVector(std::vector<double>{1.5, -0.5, 0.25, -1, 2, 0.75},
                              {2, 3});
  Pipeline p;
  p.steps.push_back(Estimator{Binarizer{0.5}});
  p.steps.push_back(Estimator{std::move(k)});
  m.estimator.kind = std::move(p);
  return m;
}

Model MakeCategoricalNb() {
  Model m = Base("categorical-nb", 2, Task::kClassification, 1);
  m.format_minor = 1;
  m.output.classes.push_back(IntClasses({0, 1}));
  NaiveBayes k;
  k.type = NaiveBayesType::kCategorical;
  k.class_term = Tensor::FromVector(std::vector<double>{-0.25, -1.5});
  k.n_categories = Tensor::FromVector(std::vector<int64_t>{3, 3});
  // Rows: feature 0's categories 0, 1, 2, then feature 1's.
  k.category_log_prob =
      Tensor::FromVector(std::vector<double>{-1, -2, -0.5, -0.25, -3, -1, -0.75,
                                             -2, -0.5, -0.125, -2, -0.5},
                         {6, 2});
  m.estimator.kind = std::move(k);
  return m;
}

namespace {

// Weights and biases for `sizes` with values cycling through a small set
// of exact binary fractions of both signs.
void FillNetwork(NeuralNetwork& k, std::vector<int64_t> sizes) {
  static constexpr double kValues[] = {0.5,  -0.25, 0.75, -1,   0.125,
                                       -0.5, 1.5,   0.25, -0.75};
  size_t n_weights = 0, n_biases = 0;
  for (size_t i = 1; i < sizes.size(); ++i) {
    n_weights += static_cast<size_t>(sizes[i - 1] * sizes[i]);
    n_biases += static_cast<size_t>(sizes[i]);
  }
  std::vector<double> w(n_weights), b(n_biases);
  for (size_t i = 0; i < w.size(); ++i) w[i] = kValues[i % 9];
  for (size_t i = 0; i < b.size(); ++i) b[i] = kValues[(i + 4) % 9];
  k.layer_sizes = Tensor::FromVector(std::move(sizes));
  k.weights = Tensor::FromVector(std::move(w));
  k.biases = Tensor::FromVector(std::move(b));
}

}  // namespace

Model MakeMlpClassifier() {
  Model m = Base("mlp-classifier", 3, Task::kClassification, 1);
  m.format_minor = 1;
  m.output.classes.push_back(StrClasses({"bird", "cat", "dog"}));
  NeuralNetwork k;
  k.hidden_activation = Activation::kRelu;
  k.output_activation = Activation::kSoftmax;
  FillNetwork(k, {3, 4, 5, 3});
  m.estimator.kind = std::move(k);
  return m;
}

Model MakeMlpRegressor() {
  Model m = Base("mlp-regressor", 2, Task::kRegression, 2);
  m.format_minor = 1;
  NeuralNetwork k;
  k.hidden_activation = Activation::kTanh;
  k.output_activation = Activation::kIdentity;
  FillNetwork(k, {2, 3, 2});
  m.estimator.kind = std::move(k);
  return m;
}

Model MakeMlpMultilabel() {
  Model m = Base("mlp-multilabel", 2, Task::kClassification, 3);
  m.format_minor = 1;
  for (int o = 0; o < 3; ++o) m.output.classes.push_back(IntClasses({0, 1}));
  NeuralNetwork k;
  k.hidden_activation = Activation::kLogistic;
  k.output_activation = Activation::kLogistic;
  FillNetwork(k, {2, 2, 3});
  m.estimator.kind = std::move(k);
  return m;
}

Model MakePcaPipeline() {
  Model m = Base("pca-pipeline", 3, Task::kClassification, 1);
  m.format_minor = 1;
  m.output.classes.push_back(IntClasses({0, 1}));
  Projection pca;
  pca.centering = ProjectionCentering::kAfter;
  pca.components = Tensor::FromVector(
      std::vector<double>{0.5, -0.5, 0.75, 0.25, 1, -0.125}, {2, 3});
  pca.mean = Tensor::FromVector(std::vector<double>{1, -2, 0.5});
  pca.scale = Tensor::FromVector(std::vector<double>{2, 0.5});
  LinearModel lr;
  lr.coef = Tensor::FromVector(std::vector<double>{1.5, -0.75}, {1, 2});
  lr.intercept = Tensor::FromVector(std::vector<double>{0.25});
  lr.output = LinearOutput::kLogisticOvr;
  Pipeline p;
  p.steps.push_back(Estimator{std::move(pca)});
  p.steps.push_back(Estimator{std::move(lr)});
  m.estimator.kind = std::move(p);
  return m;
}

Model MakeTruncatedSvd() {
  Model m = Base("truncated-svd", 4, Task::kTransform, 2);
  m.format_minor = 1;
  Projection k;
  k.centering = ProjectionCentering::kNone;
  k.components = Tensor::FromVector(
      std::vector<double>{0.5, 0.5, 0.5, 0.5, 0.5, -0.5, 0.5, -0.5}, {2, 4});
  m.estimator.kind = std::move(k);
  return m;
}

Model MakeKMeans() {
  Model m = Base("kmeans", 2, Task::kClassification, 1);
  m.format_minor = 1;
  m.output.classes.push_back(IntClasses({0, 1, 2}));
  Clustering k;
  k.centers = Tensor::FromVector(std::vector<double>{0, 0, 4, 0, 0, 3}, {3, 2});
  m.estimator.kind = std::move(k);
  return m;
}

Model MakeBisectingKMeans() {
  // Root 0 splits into leaf 1 (cluster 2) and node 2, which splits into
  // leaves 3 (cluster 0) and 4 (cluster 1).
  Model m = Base("bisecting-kmeans", 2, Task::kClassification, 1);
  m.format_minor = 1;
  m.output.classes.push_back(IntClasses({0, 1, 2}));
  Clustering k;
  k.centers =
      Tensor::FromVector(std::vector<double>{4, 1, 4, -1, -2, 0}, {3, 2});
  k.tree_children = Tensor::FromVector(
      std::vector<int32_t>{1, 2, -1, -1, 3, 4, -1, -1, -1, -1}, {5, 2});
  k.tree_centers = Tensor::FromVector(
      std::vector<double>{1, 0, -2, 0, 4, 0, 4, 1, 4, -1}, {5, 2});
  k.tree_labels =
      Tensor::FromVector(std::vector<int32_t>{-1, 2, -1, 0, 1}, {5});
  m.estimator.kind = std::move(k);
  return m;
}

Model MakeDummyClassifier() {
  Model m = Base("dummy-classifier", 3, Task::kClassification, 1);
  m.format_minor = 1;
  m.output.classes.push_back(StrClasses({"bird", "cat", "dog"}));
  Constant k;
  k.values = Tensor::FromVector(std::vector<double>{0.25, 0.5, 0.25});
  m.estimator.kind = std::move(k);
  return m;
}

Model MakeDummyRegressor() {
  Model m = Base("dummy-regressor", 2, Task::kRegression, 2);
  m.format_minor = 1;
  Constant k;
  k.values = Tensor::FromVector(std::vector<double>{1.5, -3});
  m.estimator.kind = std::move(k);
  return m;
}

Model MakeQuadraticDiscriminant() {
  Model m = Base("quadratic-discriminant", 2, Task::kClassification, 1);
  m.format_minor = 1;
  m.output.classes.push_back(StrClasses({"a", "b", "c"}));
  QuadraticDiscriminant k;
  k.proba = QuadraticProba::kLogSoftmax;
  k.means = Tensor::FromVector(std::vector<double>{0, 0, 3, 0, 0, 3}, {3, 2});
  k.rotations = Tensor::FromVector(
      std::vector<double>{1, 0, 0, 1, 0.6, -0.8, 0.8, 0.6, 0, 1, 1, 0},
      {3, 2, 2});
  k.scalings =
      Tensor::FromVector(std::vector<double>{1, 1, 2, 0.5, 4, 0.25}, {3, 2});
  k.priors = Tensor::FromVector(std::vector<double>{0.5, 0.25, 0.25});
  m.estimator.kind = std::move(k);
  return m;
}

Model MakeLinearDiscriminantBinary() {
  Model m = Base("lda-binary", 2, Task::kClassification, 1);
  m.format_minor = 1;
  m.output.classes.push_back(IntClasses({0, 1}));
  m.estimator.kind =
      Linear({2.0, -1.0}, 1, 2, {0.5}, LinearOutput::kDiscriminant);
  return m;
}

Model MakeIsotonic() {
  Model m = Base("isotonic", 1, Task::kRegression, 1);
  m.format_minor = 1;
  Isotonic k;
  k.x_thresholds = Tensor::FromVector(std::vector<double>{0, 1, 2.5, 4});
  k.y_thresholds = Tensor::FromVector(std::vector<double>{0.5, 1.5, 1.5, 3});
  k.out_of_bounds = IsotonicBounds::kNan;
  k.direction = IsotonicDirection::kIncreasing;
  m.estimator.kind = std::move(k);
  return m;
}

Model MakeGaussianMixture() {
  // Two components on 2 features, full precisions (upper triangular, as
  // scikit-learn's): means (0, 0) and (3, 1), weights 0.4 and 0.6.
  Model m = Base("gaussian-mixture", 2, Task::kClassification, 1);
  m.format_minor = 1;
  m.output.classes.push_back(IntClasses({0, 1}));
  GaussianMixture k;
  k.covariance_type = CovarianceType::kFull;
  k.means = Tensor::FromVector(std::vector<double>{0, 0, 3, 1}, {2, 2});
  k.precisions_cholesky = Tensor::FromVector(
      std::vector<double>{1, 0.5, 0, 2, 0.5, 0, 0, 0.25}, {2, 2, 2});
  k.log_weights =
      Tensor::FromVector(std::vector<double>{std::log(0.4), std::log(0.6)});
  m.estimator.kind = std::move(k);
  return m;
}

Model MakeBayesianGaussianMixture() {
  // Three spherical components on 3 features with the Bayesian terms.
  Model m = Base("bayesian-gaussian-mixture", 3, Task::kClassification, 1);
  m.format_minor = 1;
  m.output.classes.push_back(IntClasses({0, 1, 2}));
  GaussianMixture k;
  k.covariance_type = CovarianceType::kSpherical;
  k.means = Tensor::FromVector(std::vector<double>{0, 0, 0, 1, 2, 3, -1, 0, 4},
                               {3, 3});
  k.precisions_cholesky = Tensor::FromVector(std::vector<double>{1, 0.5, 2});
  k.log_weights = Tensor::FromVector(std::vector<double>{-1.5, -0.5, -2});
  k.dof_term = Tensor::FromVector(std::vector<double>{6.2, 5.9, 4.1});
  k.lambda_term = Tensor::FromVector(std::vector<double>{5.8, 5.6, 3.3});
  m.estimator.kind = std::move(k);
  return m;
}

Model MakeIsolationForest() {
  Model m = Base("isolation-forest", 2, Task::kClassification, 1);
  m.format_minor = 1;
  m.output.classes.push_back(IntClasses({-1, 1}));
  IsolationForest k;
  k.trees.push_back(FiveNodeTree(0, 0.5, 1, 1.5, {0, 1, 1, 2, 2.5}, 1, 1));
  k.trees.push_back(FiveNodeTree(1, 0.0, 0, -1.0, {0, 1.5, 1, 2, 3}, 1, 1));
  k.trees[1].missing_go_to_left =
      Tensor::FromVector(std::vector<uint8_t>{1, 0, 0, 0, 0});
  k.denominator = 4;
  k.offset = -0.6;
  k.input = IsolationInput::kAny;
  m.estimator.kind = std::move(k);
  return m;
}

Model MakeNearestCentroid() {
  Model m = Base("nearest-centroid", 2, Task::kClassification, 1);
  m.format_minor = 1;
  m.output.classes.push_back(StrClasses({"a", "b", "c"}));
  NearestCentroid k;
  k.rule = CentroidRule::kDiscriminant;
  k.centroids =
      Tensor::FromVector(std::vector<double>{0, 0, 3, 0, 0, 3}, {3, 2});
  k.std_dev = Tensor::FromVector(std::vector<double>{0.5, 0});
  k.priors = Tensor::FromVector(std::vector<double>{0.5, 0.25, 0.25});
  m.estimator.kind = std::move(k);
  return m;
}

Model MakeNearestCentroidManhattan() {
  Model m = Base("nearest-centroid-manhattan", 2, Task::kClassification, 1);
  m.format_minor = 1;
  m.output.classes.push_back(IntClasses({0, 1}));
  NearestCentroid k;
  k.metric = CentroidMetric::kManhattan;
  k.centroids = Tensor::FromVector(std::vector<double>{0, 0, 2, 2}, {2, 2});
  m.estimator.kind = std::move(k);
  return m;
}

namespace {

// Six rows in two clusters of three; the tree (3 nodes) splits them.
Neighbors NeighborsBase(NeighborsAlgorithm algorithm) {
  Neighbors k;
  k.algorithm = algorithm;
  k.fit_x = Tensor::FromVector(
      std::vector<double>{0, 0, 1, 0, 0, 1, 3, 3, 4, 3, 3, 4}, {6, 2});
  if (algorithm == NeighborsAlgorithm::kBrute) return k;
  k.idx_array = Tensor::FromVector(std::vector<int64_t>{2, 0, 1, 3, 5, 4});
  k.node_data = Tensor::FromVector(
      std::vector<int64_t>{0, 6, 0, 0, 3, 1, 3, 6, 1}, {3, 3});
  k.node_radius = Tensor::FromVector(std::vector<double>{3.6, 0.75, 0.75});
  if (algorithm == NeighborsAlgorithm::kKdTree) {
    k.node_bounds = Tensor::FromVector(
        std::vector<double>{0, 0, 0, 0, 3, 3, 4, 4, 1, 1, 4, 4}, {2, 3, 2});
  } else {
    k.node_bounds = Tensor::FromVector(
        std::vector<double>{2, 2, 0.25, 0.25, 3.25, 3.25}, {1, 3, 2});
  }
  return k;
}

}  // namespace

Model MakeNeighborsClassifier() {
  Model m = Base("kneighbors-classifier", 2, Task::kClassification, 1);
  m.format_minor = 1;
  m.output.classes.push_back(IntClasses({0, 1}));
  Neighbors k = NeighborsBase(NeighborsAlgorithm::kKdTree);
  k.n_neighbors = 3;
  k.weights = NeighborsWeights::kDistance;
  k.y = Tensor::FromVector(std::vector<int32_t>{0, 0, 1, 1, 1, 0}, {6, 1});
  m.estimator.kind = std::move(k);
  return m;
}

Model MakeNeighborsRegressor() {
  Model m = Base("kneighbors-regressor", 2, Task::kRegression, 2);
  m.format_minor = 1;
  Neighbors k = NeighborsBase(NeighborsAlgorithm::kBallTree);
  k.n_neighbors = 2;
  k.metric = NeighborsMetric::kMinkowski;
  k.p = 3;
  k.y = Tensor::FromVector(
      std::vector<double>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, {6, 2});
  m.estimator.kind = std::move(k);
  return m;
}

Model MakeNeighborsBrute() {
  Model m = Base("kneighbors-brute", 2, Task::kClassification, 1);
  m.format_minor = 1;
  m.output.classes.push_back(IntClasses({0, 1, 2}));
  Neighbors k = NeighborsBase(NeighborsAlgorithm::kBrute);
  k.n_neighbors = 4;
  k.metric = NeighborsMetric::kManhattan;
  k.y = Tensor::FromVector(std::vector<int32_t>{0, 1, 2, 2, 1, 0}, {6, 1});
  m.estimator.kind = std::move(k);
  return m;
}

Model MakeThresholdClassifier() {
  Model m = Base("threshold-classifier", 2, Task::kClassification, 1);
  m.format_minor = 1;  // as read back: the model uses format 1.1
  m.output.classes.push_back(StrClasses({"no", "yes"}));
  Pipeline p;
  p.steps.push_back({Scaler({1.0, -2.0}, {2.0, 0.5})});
  p.steps.push_back(
      {Linear({0.8, -1.2}, 1, 2, {0.1}, LinearOutput::kLogisticOvr)});
  ThresholdClassifier t;
  t.estimator.push_back({std::move(p)});
  t.response = ThresholdResponse::kProba;
  t.threshold = 0.3;
  t.positive = 0;
  m.estimator.kind = std::move(t);
  return m;
}

Model MakeThresholdClassifierDecision() {
  Model m = MakeLinearSvcBinary();
  m.metadata.name = "threshold-classifier-decision";
  m.format_minor = 1;
  ThresholdClassifier t;
  t.estimator.push_back(std::move(m.estimator));
  t.response = ThresholdResponse::kAuto;
  t.source = ThresholdSource::kAuto;
  m.estimator.kind = std::move(t);
  return m;
}

namespace {

// Two softmax classifiers of 4 features and 3 classes (the class indices),
// the second behind a StandardScaler, and a third of one-vs-rest scores.
std::vector<Estimator> VotingClassifiers() {
  std::vector<Estimator> out;
  out.push_back(
      {Linear({0.1, 0.2, -0.3, 0.4, -0.5, 0.6, 0.7, -0.8, 0.9, -1.0, 1.1, 1.2},
              3, 4, {0.01, -0.02, 0.03}, LinearOutput::kSoftmax)});
  Pipeline p;
  p.steps.push_back({Scaler({0.5, -1.0, 0.0, 2.0}, {2.0, 1.0, 0.5, 4.0})});
  p.steps.push_back(
      {Linear({-0.4, 0.3, 0.2, -0.1, 0.6, -0.2, 0.1, 0.5, -0.3, 0.8, -0.7, 0.4},
              3, 4, {0.2, 0.0, -0.2}, LinearOutput::kSoftmax)});
  out.push_back({std::move(p)});
  out.push_back(
      {Linear({1.0, -1.0, 0.5, 0.0, -0.5, 1.5, -1.0, 0.25, 0.3, 0.3, -0.6, 0.9},
              3, 4, {0.0, 0.1, -0.1}, LinearOutput::kLogisticOvr)});
  return out;
}

}  // namespace

Model MakeVotingSoft() {
  Model m = Base("voting-soft", 4, Task::kClassification, 1);
  m.format_minor = 1;
  m.output.classes.push_back(StrClasses({"bird", "cat", "dog"}));
  Voting v;
  v.estimators = VotingClassifiers();
  v.weights = Tensor::FromVector(std::vector<double>{2.0, 1.0, 0.5});
  v.rule = VotingRule::kSoft;
  m.estimator.kind = std::move(v);
  return m;
}

Model MakeVotingHard() {
  Model m = Base("voting-hard", 4, Task::kClassification, 1);
  m.format_minor = 1;
  m.output.classes.push_back(IntClasses({3, 5, 7}));
  Voting v;
  v.estimators = VotingClassifiers();
  v.rule = VotingRule::kHard;
  m.estimator.kind = std::move(v);
  return m;
}

Model MakeVotingRegressor() {
  Model m = Base("voting-regressor", 3, Task::kRegression, 1);
  m.format_minor = 1;
  Voting v;
  v.estimators.push_back(
      {Linear({0.5, -1.25, 2.0}, 1, 3, {0.75}, LinearOutput::kRegression)});
  Pipeline p;
  p.steps.push_back({Scaler({1.0, 0.0, -1.0}, {2.0, 3.0, 0.5})});
  p.steps.push_back(
      {Linear({1.0, 0.5, -0.25}, 1, 3, {10.0}, LinearOutput::kRegression)});
  v.estimators.push_back({std::move(p)});
  v.weights = Tensor::FromVector(std::vector<double>{1.0, 3.0});
  v.rule = VotingRule::kAverage;
  m.estimator.kind = std::move(v);
  return m;
}

namespace {

LocalOutlierFactor LofBase(NeighborsAlgorithm algorithm) {
  Neighbors nb = NeighborsBase(algorithm);
  LocalOutlierFactor k;
  k.algorithm = algorithm;
  k.n_neighbors = 2;
  k.fit_x = std::move(nb.fit_x);
  k.idx_array = std::move(nb.idx_array);
  k.node_data = std::move(nb.node_data);
  k.node_radius = std::move(nb.node_radius);
  k.node_bounds = std::move(nb.node_bounds);
  const double r2 = std::sqrt(2.0);
  k.k_distance = Tensor::FromVector(std::vector<double>{1, r2, r2, 1, r2, r2});
  k.offset = -1.5;
  return k;
}

}  // namespace

Model MakeLocalOutlierFactor() {
  Model m = Base("local-outlier-factor", 2, Task::kClassification, 1);
  m.format_minor = 1;
  m.output.classes.push_back(IntClasses({-1, 1}));
  LocalOutlierFactor k = LofBase(NeighborsAlgorithm::kKdTree);
  // 1 / (mean(reach) + 1e-10), reach_j = max(d_j, k_distance[j]) over the
  // two nearest other rows: {sqrt 2, sqrt 2} for rows 0 and 3, {1, sqrt 2}
  // for the others.
  const double a = 1.0 / ((std::sqrt(2.0) + std::sqrt(2.0)) / 2.0 + 1e-10);
  const double b = 1.0 / ((1.0 + std::sqrt(2.0)) / 2.0 + 1e-10);
  k.lrd = Tensor::FromVector(std::vector<double>{a, b, b, a, b, b});
  m.estimator.kind = std::move(k);
  return m;
}

Model MakeLocalOutlierFactorBrute() {
  Model m = Base("local-outlier-factor-brute", 2, Task::kClassification, 1);
  m.format_minor = 1;
  m.output.classes.push_back(IntClasses({-1, 1}));
  LocalOutlierFactor k = LofBase(NeighborsAlgorithm::kBrute);
  k.lrd = Tensor::FromVector(std::vector<double>{0.7, 0.8, 0.9, 1.0, 1.1, 1.2});
  m.estimator.kind = std::move(k);
  return m;
}

namespace {

RadiusNeighbors RadiusBase(NeighborsAlgorithm algorithm) {
  Neighbors nb = NeighborsBase(algorithm);
  RadiusNeighbors k;
  k.algorithm = algorithm;
  k.fit_x = std::move(nb.fit_x);
  k.idx_array = std::move(nb.idx_array);
  k.node_data = std::move(nb.node_data);
  k.node_radius = std::move(nb.node_radius);
  k.node_bounds = std::move(nb.node_bounds);
  return k;
}

}  // namespace

Model MakeRadiusNeighborsClassifier() {
  Model m = Base("radius-neighbors-classifier", 2, Task::kClassification, 1);
  m.format_minor = 1;
  m.output.classes.push_back(IntClasses({0, 1}));
  RadiusNeighbors k = RadiusBase(NeighborsAlgorithm::kKdTree);
  k.radius = 1.5;
  k.weights = NeighborsWeights::kDistance;
  k.y = Tensor::FromVector(std::vector<int32_t>{0, 0, 1, 1, 1, 0}, {6, 1});
  k.outlier_proba = Tensor::FromVector(std::vector<int64_t>{1});
  k.outlier_class = Tensor::FromVector(std::vector<int64_t>{1});
  m.estimator.kind = std::move(k);
  return m;
}

Model MakeRadiusNeighborsRegressor() {
  Model m = Base("radius-neighbors-regressor", 2, Task::kRegression, 2);
  m.format_minor = 1;
  RadiusNeighbors k = RadiusBase(NeighborsAlgorithm::kBrute);
  k.radius = 1.5;
  k.y = Tensor::FromVector(
      std::vector<double>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, {6, 2});
  m.estimator.kind = std::move(k);
  return m;
}

Model MakeRadiusNeighborsBrute() {
  Model m = Base("radius-neighbors-brute", 2, Task::kClassification, 1);
  m.format_minor = 1;
  m.output.classes.push_back(IntClasses({0, 1, 2}));
  RadiusNeighbors k = RadiusBase(NeighborsAlgorithm::kBrute);
  k.radius = 1.5;
  k.euclidean = RadiusEuclidean::kDirect;
  k.y = Tensor::FromVector(std::vector<int32_t>{0, 1, 2, 2, 1, 0}, {6, 1});
  m.estimator.kind = std::move(k);
  return m;
}

std::vector<std::pair<std::string, Model>> AllExampleModels() {
  std::vector<std::pair<std::string, Model>> all;
  all.emplace_back("linear_regression", MakeLinearRegression());
  all.emplace_back("linear_regression_multi_target",
                   MakeLinearRegressionMultiTarget());
  all.emplace_back("poisson_regressor", MakePoissonRegressor());
  all.emplace_back("logistic_binary", MakeLogisticBinary());
  all.emplace_back("logistic_multiclass_strings",
                   MakeLogisticMulticlassStrings());
  all.emplace_back("linear_svc_binary", MakeLinearSvcBinary());
  all.emplace_back("standard_scaler", MakeStandardScaler());
  all.emplace_back("decision_tree_classifier", MakeDecisionTreeClassifier());
  all.emplace_back("decision_tree_regressor", MakeDecisionTreeRegressor());
  all.emplace_back("forest_multi_output", MakeForestMultiOutput());
  all.emplace_back("forest_regressor", MakeForestRegressor());
  all.emplace_back("gradient_boosting_multiclass",
                   MakeGradientBoostingMulticlass());
  all.emplace_back("gradient_boosting_regressor",
                   MakeGradientBoostingRegressor());
  all.emplace_back("hist_gradient_boosting_categorical",
                   MakeHistGradientBoostingCategorical());
  all.emplace_back("hist_gradient_boosting_regressor",
                   MakeHistGradientBoostingRegressor());
  all.emplace_back("pipeline_scaler_logistic", MakePipelineScalerLogistic());
  all.emplace_back("nested_pipeline", MakeNestedPipeline());
  all.emplace_back("category_encoder", MakeCategoryEncoder());
  all.emplace_back("pipeline_category_encoder_hgb",
                   MakePipelineCategoryEncoderHgb());
  all.emplace_back("min_max_scaler", MakeMinMaxScaler());
  all.emplace_back("max_abs_scaler", MakeMaxAbsScaler());
  all.emplace_back("one_hot_encoder", MakeOneHotEncoder());
  all.emplace_back("ordinal_encoder", MakeOrdinalEncoder());
  all.emplace_back("simple_imputer", MakeSimpleImputer());
  all.emplace_back("passthrough", MakePassthrough());
  all.emplace_back("column_transformer", MakeColumnTransformer());
  all.emplace_back("column_transformer_pipeline",
                   MakeColumnTransformerPipeline());
  all.emplace_back("robust_scaler", MakeRobustScaler());
  all.emplace_back("normalizer", MakeNormalizer());
  all.emplace_back("binarizer", MakeBinarizer());
  all.emplace_back("kbins_discretizer", MakeKBinsDiscretizer());
  all.emplace_back("target_encoder", MakeTargetEncoder());  // h-tenc
  all.emplace_back("feature_union", MakeFeatureUnion());
  all.emplace_back("function_transformer", MakeFunctionTransformer());
  all.emplace_back("transformed_target", MakeTransformedTarget());
  all.emplace_back("feature_selector", MakeFeatureSelector());  // h-sel
  all.emplace_back("missing_indicator", MakeMissingIndicator());
  all.emplace_back("polynomial_features", MakePolynomialFeatures());
  all.emplace_back("quantile_transformer",
                   MakeQuantileTransformer());                    // h-pq
  all.emplace_back("power_transformer", MakePowerTransformer());  // h-power
  all.emplace_back("spline_transformer", MakeSplineTransformer());
  all.emplace_back("svc_multiclass", MakeSvcMulticlass());
  all.emplace_back("svr_poly", MakeSvrPoly());
  all.emplace_back("one_class_svm", MakeOneClassSvm());
  all.emplace_back("gaussian_nb", MakeGaussianNb());
  all.emplace_back("bernoulli_nb", MakeBernoulliNb());
  all.emplace_back("categorical_nb", MakeCategoricalNb());
  all.emplace_back("mlp_classifier", MakeMlpClassifier());
  all.emplace_back("mlp_regressor", MakeMlpRegressor());
  all.emplace_back("mlp_multilabel", MakeMlpMultilabel());
  all.emplace_back("pca_pipeline", MakePcaPipeline());
  all.emplace_back("truncated_svd", MakeTruncatedSvd());
  all.emplace_back("kmeans", MakeKMeans());
  all.emplace_back("bisecting_kmeans", MakeBisectingKMeans());
  all.emplace_back("dummy_classifier", MakeDummyClassifier());
  all.emplace_back("dummy_regressor", MakeDummyRegressor());
  all.emplace_back("quadratic_discriminant", MakeQuadraticDiscriminant());
  all.emplace_back("lda_binary", MakeLinearDiscriminantBinary());
  all.emplace_back("isotonic", MakeIsotonic());
  all.emplace_back("gaussian_mixture", MakeGaussianMixture());
  all.emplace_back("bayesian_gaussian_mixture", MakeBayesianGaussianMixture());
  all.emplace_back("isolation_forest", MakeIsolationForest());
  all.emplace_back("kernel_ridge_two_targets", MakeKernelRidgeTwoTargets());
  all.emplace_back("linear_regression_column", MakeLinearRegressionColumn());
  all.emplace_back("nearest_centroid", MakeNearestCentroid());
  all.emplace_back("nearest_centroid_manhattan",
                   MakeNearestCentroidManhattan());
  all.emplace_back("kneighbors_classifier", MakeNeighborsClassifier());
  all.emplace_back("kneighbors_regressor", MakeNeighborsRegressor());
  all.emplace_back("kneighbors_brute", MakeNeighborsBrute());
  all.emplace_back("threshold_classifier", MakeThresholdClassifier());
  all.emplace_back("threshold_classifier_decision",
                   MakeThresholdClassifierDecision());
  all.emplace_back("local_outlier_factor", MakeLocalOutlierFactor());
  all.emplace_back("local_outlier_factor_brute", MakeLocalOutlierFactorBrute());
  all.emplace_back("radius_neighbors_classifier",
                   MakeRadiusNeighborsClassifier());
  all.emplace_back("radius_neighbors_regressor",
                   MakeRadiusNeighborsRegressor());
  all.emplace_back("radius_neighbors_brute", MakeRadiusNeighborsBrute());
  all.emplace_back("voting_soft", MakeVotingSoft());
  all.emplace_back("voting_hard", MakeVotingHard());
  all.emplace_back("voting_regressor", MakeVotingRegressor());
  return all;
}

}  // namespace modelseal::testing

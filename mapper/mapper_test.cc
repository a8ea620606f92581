// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// The mappers on hand-built state trees: what they produce, and one
// negative test per mapper error code (suite "MapperNegative") plus the
// state errors a mapper reports for a missing, mistyped or misshapen field.
#include "mapper/mapper.h"

#include <gtest/gtest.h>

#include <cfloat>
#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "mapper/test_util.h"

namespace modelseal::mapper {
namespace {

using testing::Arr;
using testing::Dict;
using testing::F64;
using testing::I64;
using testing::Obj;
using testing::Options;

Node Ridge(Node coef, Node intercept, int64_t n_features = 2) {
  return Obj("sklearn.linear_model._ridge", "Ridge",
             Dict({{"alpha", Node::Float(1.0)},
                   {"coef_", std::move(coef)},
                   {"intercept_", std::move(intercept)},
                   {"n_features_in_", Node::Int(n_features)},
                   {"_sklearn_version", Node::Str("1.9.1")}}));
}

Node Logistic(const char* multi_class, int n_classes) {
  std::vector<int64_t> classes;
  for (int i = 0; i < n_classes; ++i) classes.push_back(i);
  int rows = n_classes == 2 ? 1 : n_classes;
  std::vector<std::pair<std::string, Node>> kv = {
      {"solver", Node::Str("lbfgs")},
      {"classes_", I64(classes)},
      {"coef_", F64(std::vector<double>(rows * 2, 0.5),
                    {static_cast<uint64_t>(rows), 2})},
      {"intercept_",
       F64(std::vector<double>(rows, 0.0), {static_cast<uint64_t>(rows)})},
      {"n_features_in_", Node::Int(2)}};
  if (multi_class != nullptr)
    kv.push_back({"multi_class", Node::Str(multi_class)});
  return Obj("sklearn.linear_model._logistic", "LogisticRegression",
             Dict(std::move(kv)));
}

TEST(Mapper, RidgeWithScalarIntercept) {
  auto m = MapModel(Ridge(F64({1, 2}, {2}), Node::Float(0.5)), Options());
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  const auto& lm = std::get<LinearModel>(m->estimator.kind);
  EXPECT_EQ(lm.coef.shape(), (std::vector<uint64_t>{1, 2}));
  EXPECT_EQ(lm.intercept.span<double>()[0], 0.5);
  EXPECT_EQ(m->input.n_features, 2u);
  EXPECT_EQ(m->output.task, Task::kRegression);
}

TEST(Mapper, LogisticResolutionFollowsTheFittingRelease) {
  // 1.4 - 1.7 record multi_class; 1.8+: binary ovr, multiclass softmax.
  struct Case {
    const char* mc;
    int classes;
    LinearOutput want;
  } cases[] = {{nullptr, 3, LinearOutput::kSoftmax},
               {nullptr, 2, LinearOutput::kLogisticOvr},
               {"ovr", 3, LinearOutput::kLogisticOvr},
               {"auto", 3, LinearOutput::kSoftmax},
               {"deprecated", 2, LinearOutput::kLogisticOvr},
               {"multinomial", 2, LinearOutput::kSoftmax}};
  for (const Case& c : cases) {
    auto m = MapModel(Logistic(c.mc, c.classes), Options());
    ASSERT_TRUE(m.ok()) << m.status().ToString();
    EXPECT_EQ(std::get<LinearModel>(m->estimator.kind).output, c.want)
        << (c.mc ? c.mc : "none") << " " << c.classes;
  }
}

TEST(Mapper, SupportedEstimatorsAreTheRegistry) {
  auto names = SupportedEstimators();
  EXPECT_EQ(names.size(), 121u);
  EXPECT_TRUE(std::is_sorted(names.begin(), names.end()));
}

TEST(Mapper, ParseSklearnVersion) {
  EXPECT_EQ(ParseSklearnVersion("1.4.2"), (SklearnVersion{1, 4, 2}));
  EXPECT_EQ(ParseSklearnVersion("1.5.dev0"), (SklearnVersion{1, 5, 0}));
  EXPECT_EQ(ParseSklearnVersion("1.6"), (SklearnVersion{1, 6, 0}));
}

TEST(MapperNegative, EstimatorClass) {
  Node knn = Obj("sklearn.semi_supervised._label_propagation", "LabelSpreading",
                 Dict({{"n_features_in_", Node::Int(2)}}));
  auto m = MapModel(knn, Options());
  EXPECT_EQ(m.status().code(), ErrorCode::kEstimatorClass);
  EXPECT_EQ(m.status().context(), "estimator");
  EXPECT_NE(m.status().detail().find("LabelSpreading"), std::string::npos);
  EXPECT_NE(m.status().detail().find("RandomForestClassifier"),
            std::string::npos);
  // Same qualname under another module (a look-alike): refused.
  Node fake = Obj("mypkg", "Ridge", Dict({}));
  EXPECT_EQ(MapModel(fake, Options()).status().code(),
            ErrorCode::kEstimatorClass);
}

TEST(MapperNegative, EstimatorParam) {
  Node svc = Obj("sklearn.svm._classes", "SVC",
                 Dict({{"kernel", Node::Str("precomputed")},
                       {"_sparse", Node::Bool(false)},
                       {"classes_", I64({0, 1})},
                       {"n_features_in_", Node::Int(2)}}));
  auto m = MapModel(svc, Options());
  EXPECT_EQ(m.status().code(), ErrorCode::kEstimatorParam);
  EXPECT_NE(m.status().detail().find("precomputed"), std::string::npos);
}

TEST(MapperLinear, SgdLossPicksTheOutput) {
  for (auto [loss, output] :
       {std::pair{"hinge", LinearOutput::kDecision},
        std::pair{"log_loss", LinearOutput::kLogisticOvr},
        std::pair{"modified_huber", LinearOutput::kModifiedHuber}}) {
    Node sgd = Obj("sklearn.linear_model._stochastic_gradient", "SGDClassifier",
                   Dict({{"loss", Node::Str(loss)},
                         {"coef_", F64({1, 2}, {1, 2})},
                         {"intercept_", F64({0}, {1})},
                         {"classes_", I64({0, 1})},
                         {"n_features_in_", Node::Int(2)}}));
    auto m = MapModel(sgd, Options());
    ASSERT_TRUE(m.ok()) << m.status().ToString();
    EXPECT_EQ(std::get<LinearModel>(m->estimator.kind).output, output) << loss;
  }
}

Node Glm(const char* cls, std::vector<std::pair<std::string, Node>> params) {
  std::vector<std::pair<std::string, Node>> d = {
      {"coef_", F64({0.5, -0.25}, {2})},
      {"intercept_", Node::Float(0.125)},
      {"n_features_in_", Node::Int(2)}};
  for (auto& p : params) d.push_back(std::move(p));
  return Obj("sklearn.linear_model._glm.glm", cls, Dict(std::move(d)));
}

TEST(MapperLinear, GlmLinkAndPower) {
  struct Case {
    const char* cls;
    const char* link;  // TweedieRegressor only
    double power;
    LinearOutput want;
  };
  for (const Case& c :
       {Case{"PoissonRegressor", nullptr, 1, LinearOutput::kExp},
        Case{"GammaRegressor", nullptr, 2, LinearOutput::kExp},
        Case{"TweedieRegressor", "auto", 0, LinearOutput::kRegression},
        Case{"TweedieRegressor", "auto", 1.5, LinearOutput::kExp},
        Case{"TweedieRegressor", "log", 0, LinearOutput::kExp},
        Case{"TweedieRegressor", "identity", 3, LinearOutput::kRegression},
        Case{"TweedieRegressor", "auto", -1, LinearOutput::kRegression}}) {
    std::vector<std::pair<std::string, Node>> params;
    if (c.link != nullptr) {
      params = {{"link", Node::Str(c.link)}, {"power", Node::Float(c.power)}};
    }
    auto m = MapModel(Glm(c.cls, std::move(params)), Options());
    ASSERT_TRUE(m.ok()) << m.status().ToString();
    const auto& l = std::get<LinearModel>(m->estimator.kind);
    EXPECT_EQ(l.output, c.want) << c.cls << " " << c.power;
    EXPECT_EQ(l.deviance_power, c.power) << c.cls;
    EXPECT_EQ(m->output.task, Task::kRegression);
  }
}

TEST(MapperNegative, GlmPower) {
  auto m = MapModel(Glm("TweedieRegressor", {{"link", Node::Str("auto")},
                                             {"power", Node::Float(0.5)}}),
                    Options());
  EXPECT_EQ(m.status().code(), ErrorCode::kEstimatorParam);
  EXPECT_NE(m.status().detail().find("power"), std::string::npos);
}

TEST(MapperLinear, RansacIsItsEstimator) {
  Node inner = Obj("sklearn.linear_model._base", "LinearRegression",
                   Dict({{"coef_", F64({1, 2}, {2})},
                         {"intercept_", Node::Float(3)},
                         {"n_features_in_", Node::Int(2)}}));
  Node ransac =
      Obj("sklearn.linear_model._ransac", "RANSACRegressor",
          Dict({{"estimator_", inner}, {"n_features_in_", Node::Int(2)}}));
  auto m = MapModel(ransac, Options());
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  const auto& l = std::get<LinearModel>(m->estimator.kind);
  EXPECT_EQ(l.output, LinearOutput::kRegression);
  EXPECT_EQ(l.intercept.shape(), (std::vector<uint64_t>{1}));
  // A classifier as estimator_ is refused.
  Node clf = Obj("sklearn.linear_model._logistic", "LogisticRegression",
                 Dict({{"coef_", F64({1, 2}, {1, 2})},
                       {"intercept_", F64({0}, {1})},
                       {"classes_", I64({0, 1})},
                       {"n_features_in_", Node::Int(2)}}));
  Node bad = Obj("sklearn.linear_model._ransac", "RANSACRegressor",
                 Dict({{"estimator_", clf}, {"n_features_in_", Node::Int(2)}}));
  auto r = MapModel(bad, Options());
  EXPECT_EQ(r.status().code(), ErrorCode::kEstimatorParam);
  EXPECT_NE(r.status().detail().find("not a regressor"), std::string::npos);
}

Node DummyClf(const char* strategy, Node constant = Node::None()) {
  return Obj("sklearn.dummy", "DummyClassifier",
             Dict({{"strategy", Node::Str(strategy)},
                   {"_strategy", Node::Str(strategy)},
                   {"constant", std::move(constant)},
                   {"classes_", I64({3, 5, 7})},
                   {"class_prior_", F64({0.25, 0.5, 0.25}, {3})},
                   {"n_outputs_", Node::Int(1)},
                   {"n_features_in_", Node::Int(2)}}));
}

TEST(MapperDummy, ClassifierStrategiesGiveTheProbaRow) {
  struct Case {
    const char* strategy;
    Node constant;
    std::vector<double> want;
  };
  for (const Case& c : {Case{"prior", Node::None(), {0.25, 0.5, 0.25}},
                        Case{"most_frequent", Node::None(), {0, 1, 0}},
                        Case{"constant", Node::Int(7), {0, 0, 1}}}) {
    auto m = MapModel(DummyClf(c.strategy, c.constant), Options());
    ASSERT_TRUE(m.ok()) << m.status().ToString();
    EXPECT_EQ(testing::F64s(std::get<Constant>(m->estimator.kind).values),
              c.want)
        << c.strategy;
  }
  Node reg = Obj("sklearn.dummy", "DummyRegressor",
                 Dict({{"constant_", F64({2.5, -1}, {1, 2})},
                       {"n_outputs_", Node::Int(2)},
                       {"n_features_in_", Node::Int(3)}}));
  auto m = MapModel(reg, Options());
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(testing::F64s(std::get<Constant>(m->estimator.kind).values),
            (std::vector<double>{2.5, -1}));
  EXPECT_EQ(m->output.n_outputs, 2u);
}

std::vector<std::pair<std::string, Node>> IsoState() {
  return {{"out_of_bounds", Node::Str("clip")},
          {"increasing", Node::Str("auto")},
          {"increasing_", Node::Bool(false)},
          {"X_thresholds_", F64({1, 2, 4}, {3})},
          {"y_thresholds_", F64({3, 2, 2}, {3})},
          {"X_min_", Node::Float(1)},
          {"X_max_", Node::Float(4)}};
}

Node Iso(std::vector<std::pair<std::string, Node>> extra = {}) {
  return Obj("sklearn.isotonic", "IsotonicRegression",
             Dict(testing::Override(IsoState(), std::move(extra))));
}

TEST(MapperIsotonic, ThresholdsBoundsAndOneColumn) {
  // No n_features_in_ (check_array records none): one input column.
  auto m = MapModel(Iso(), Options());
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(m->input.n_features, 1u);
  EXPECT_EQ(m->output.task, Task::kRegression);
  const auto& k = std::get<Isotonic>(m->estimator.kind);
  EXPECT_EQ(testing::F64s(k.x_thresholds), (std::vector<double>{1, 2, 4}));
  EXPECT_EQ(testing::F64s(k.y_thresholds), (std::vector<double>{3, 2, 2}));
  EXPECT_EQ(k.out_of_bounds, IsotonicBounds::kClip);
  EXPECT_EQ(k.direction, IsotonicDirection::kDecreasing);
  m = MapModel(Iso({{"out_of_bounds", Node::Str("raise")},
                    {"n_features_in_", Node::Int(1)}}),
               Options());
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(std::get<Isotonic>(m->estimator.kind).out_of_bounds,
            IsotonicBounds::kRaise);
}

TEST(MapperNegative, IsotonicRefusals) {
  using testing::Refusal;
  testing::ExpectRefusals({
      Refusal{Iso({{"out_of_bounds", Node::Str("wrap")}}),
              ErrorCode::kEstimatorParam, "not one of nan, clip, raise"},
      Refusal{Iso({{"X_thresholds_", Arr<float>("<f4", {1, 2, 4}, {3})}}),
              ErrorCode::kEstimatorParam, "fit on float64 X"},
      Refusal{Iso({{"X_thresholds_", F64({1, 4, 2}, {3})}}),
              ErrorCode::kEstimatorParam, "not strictly increasing"},
      Refusal{Iso({{"increasing_", Node::Bool(true)}}),
              ErrorCode::kEstimatorParam, "not non-decreasing"},
      Refusal{Iso({{"X_max_", Node::Float(5)}}), ErrorCode::kEstimatorParam,
              "X_min_ and X_max_"},
      Refusal{Iso({{"y_thresholds_", F64({3, 2}, {2})}}),
              ErrorCode::kStateShape, "one per X threshold"},
      Refusal{Iso({{"y_thresholds_", F64({3, NAN, 2}, {3})}}),
              ErrorCode::kStateValue, "not finite"},
  });
}

TEST(MapperNegative, DummyWithoutWidth) {
  // Fitted by scikit-learn < 1.6: no n_features_in_.
  Node reg = Obj(
      "sklearn.dummy", "DummyRegressor",
      Dict({{"constant_", F64({2.5}, {1, 1})}, {"n_outputs_", Node::Int(1)}}));
  auto m = MapModel(reg, Options());
  EXPECT_EQ(m.status().code(), ErrorCode::kStateMissing);
  EXPECT_EQ(m.status().context(), "estimator.n_features_in_");
  EXPECT_NE(m.status().detail().find("scikit-learn < 1.6"), std::string::npos);
}

TEST(MapperNegative, DummyRandomStrategies) {
  for (const char* s : {"stratified", "uniform"}) {
    auto m = MapModel(DummyClf(s), Options());
    EXPECT_EQ(m.status().code(), ErrorCode::kEstimatorParam) << s;
    EXPECT_NE(m.status().detail().find("random"), std::string::npos);
  }
  auto m = MapModel(DummyClf("constant", Node::Int(4)), Options());
  EXPECT_EQ(m.status().code(), ErrorCode::kEstimatorParam);
  EXPECT_NE(m.status().detail().find("not one of classes_"), std::string::npos);
}

Node MinMax(bool clip, Node range) {
  return Obj("sklearn.preprocessing._data", "MinMaxScaler",
             Dict({{"feature_range", std::move(range)},
                   {"clip", Node::Bool(clip)},
                   {"scale_", F64({0.5, 2}, {2})},
                   {"min_", F64({-1, 0.25}, {2})},
                   {"n_features_in_", Node::Int(2)},
                   {"_sklearn_version", Node::Str("1.9.1")}}));
}

Node MaxAbs(std::optional<bool> clip) {
  std::vector<std::pair<std::string, Node>> kv = {
      {"scale_", F64({4, 0.5}, {2})},
      {"max_abs_", F64({4, 0.5}, {2})},
      {"n_features_in_", Node::Int(2)},
      {"_sklearn_version", Node::Str(clip ? "1.8.0" : "1.7.2")}};
  if (clip) kv.push_back({"clip", Node::Bool(*clip)});
  return Obj("sklearn.preprocessing._data", "MaxAbsScaler",
             Dict(std::move(kv)));
}

TEST(Mapper, MinMaxScalerKeepsFeatureRangeOnlyWhenClipping) {
  auto plain = MapModel(
      MinMax(false, Node::Tuple({Node::Int(0), Node::Int(1)})), Options());
  ASSERT_TRUE(plain.ok()) << plain.status().ToString();
  const auto& s = std::get<MinMaxScaler>(plain->estimator.kind);
  EXPECT_EQ(s.scale.span<double>()[1], 2.0);
  EXPECT_EQ(s.min.span<double>()[0], -1.0);
  EXPECT_FALSE(s.clip_range.present());
  EXPECT_EQ(plain->output.task, Task::kTransform);
  EXPECT_EQ(plain->output.n_outputs, 2u);
  auto clipped = MapModel(
      MinMax(true, Node::Tuple({Node::Int(-1), Node::Float(0.5)})), Options());
  ASSERT_TRUE(clipped.ok()) << clipped.status().ToString();
  const auto& c = std::get<MinMaxScaler>(clipped->estimator.kind);
  ASSERT_TRUE(c.clip_range.present());
  EXPECT_EQ(c.clip_range.span<double>()[0], -1.0);
  EXPECT_EQ(c.clip_range.span<double>()[1], 0.5);
}

TEST(Mapper, MaxAbsScalerWithAndWithoutTheClipParameter) {
  for (std::optional<bool> clip : {std::optional<bool>(), {false}}) {
    auto m = MapModel(MaxAbs(clip), Options());
    ASSERT_TRUE(m.ok()) << m.status().ToString();
    const auto& s = std::get<MaxAbsScaler>(m->estimator.kind);
    EXPECT_EQ(s.scale.span<double>()[0], 4.0);
    EXPECT_EQ(m->output.n_outputs, 2u);
  }
}

TEST(MapperNegative, MaxAbsScalerClipRefused) {
  auto m = MapModel(MaxAbs(true), Options());
  EXPECT_EQ(m.status().code(), ErrorCode::kEstimatorParam);
  EXPECT_EQ(m.status().context(), "estimator");
  EXPECT_NE(m.status().detail().find("clip=True"), std::string::npos);
}

TEST(MapperNegative, MinMaxScalerFeatureRangeMalformed) {
  auto three = MapModel(
      MinMax(true, Node::Tuple({Node::Int(0), Node::Int(1), Node::Int(2)})),
      Options());
  EXPECT_EQ(three.status().code(), ErrorCode::kStateShape);
  EXPECT_EQ(three.status().context(), "estimator.feature_range");
  auto text = MapModel(
      MinMax(true, Node::Tuple({Node::Str("0"), Node::Int(1)})), Options());
  EXPECT_EQ(text.status().code(), ErrorCode::kStateType);
  // Not clipping: feature_range is not read.
  EXPECT_TRUE(MapModel(MinMax(false, Node::Str("x")), Options()).ok());
}

TEST(MapperNegative, EstimatorNotFitted) {
  Node unfitted = Obj("sklearn.svm._classes", "LinearSVC",
                      Dict({{"C", Node::Float(1.0)},
                            {"_sklearn_version", Node::Str("1.9.1")}}));
  auto m = MapModel(unfitted, Options());
  EXPECT_EQ(m.status().code(), ErrorCode::kEstimatorNotFitted);
  EXPECT_NE(m.status().detail().find("not fitted"), std::string::npos);
}

TEST(MapperNegative, SklearnVersion) {
  Node old = Ridge(F64({1, 2}, {2}), Node::Float(0));
  MapOptions o = Options();
  auto m = MapModel(Obj("sklearn.linear_model._ridge", "Ridge",
                        Dict({{"coef_", F64({1, 2}, {2})},
                              {"intercept_", Node::Float(0)},
                              {"n_features_in_", Node::Int(2)},
                              {"_sklearn_version", Node::Str("1.3.2")}})),
                    o);
  EXPECT_EQ(m.status().code(), ErrorCode::kSklearnVersion);
  EXPECT_NE(m.status().detail().find("1.3.2"), std::string::npos);
  EXPECT_EQ(CheckSklearnVersion("1.10.0").code(), ErrorCode::kSklearnVersion);
  EXPECT_TRUE(CheckSklearnVersion("1.4.0").ok());
  // Without _sklearn_version, the running release decides.
  o.running_sklearn_version = "2.0.0";
  Node no_version = Obj("sklearn.linear_model._ridge", "Ridge",
                        Dict({{"coef_", F64({1, 2}, {2})},
                              {"intercept_", Node::Float(0)},
                              {"n_features_in_", Node::Int(2)}}));
  EXPECT_EQ(MapModel(no_version, o).status().code(),
            ErrorCode::kSklearnVersion);
  EXPECT_TRUE(MapModel(old, Options()).ok());
}

Node RidgeWithClasses(Node classes) {
  return Obj("sklearn.linear_model._ridge", "RidgeClassifier",
             Dict({{"coef_", F64({1, 2}, {1, 2})},
                   {"intercept_", F64({0}, {1})},
                   {"classes_", std::move(classes)},
                   {"n_features_in_", Node::Int(2)}}));
}

TEST(MapperTest, BoolAndWholeFloatClassLabels) {
  auto f = MapModel(RidgeWithClasses(F64({-1.0, 2.0}, {2})), Options());
  ASSERT_TRUE(f.ok()) << f.status().ToString();
  EXPECT_EQ(f->output.classes[0].label_type, LabelType::kFloat64);
  EXPECT_EQ(f->output.classes[0].int_labels,
            Tensor::FromVector(std::vector<int64_t>{-1, 2}));
  auto b = MapModel(
      RidgeWithClasses(Arr<uint8_t>("|b1", std::vector<uint8_t>{0, 1}, {2})),
      Options());
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  EXPECT_EQ(b->output.classes[0].label_type, LabelType::kBool);
  EXPECT_EQ(b->output.classes[0].int_labels,
            Tensor::FromVector(std::vector<int64_t>{0, 1}));
}

TEST(MapperNegative, ClassLabels) {
  // A float label that is not a whole number (scikit-learn's classifiers
  // refuse such targets; a state tree can still hold one).
  auto m = MapModel(RidgeWithClasses(F64({0.0, 1.5}, {2})), Options());
  EXPECT_EQ(m.status().code(), ErrorCode::kClassLabels);
  EXPECT_EQ(m.status().context(), "estimator.classes_[1]");
  EXPECT_NE(m.status().detail().find("whole number"), std::string::npos);
  // Byte-string labels.
  auto c = MapModel(
      RidgeWithClasses(Arr<uint8_t>("|S1", std::vector<uint8_t>{65, 66}, {2})),
      Options());
  EXPECT_EQ(c.status().code(), ErrorCode::kClassLabels);
  EXPECT_EQ(c.status().context(), "estimator.classes_");
}

TEST(MapperNegative, MissingWrongTypeAndShapeFieldsNameTheirPath) {
  auto missing = MapModel(Obj("sklearn.linear_model._ridge", "Ridge",
                              Dict({{"intercept_", Node::Float(0)},
                                    {"n_features_in_", Node::Int(2)}})),
                          Options());
  EXPECT_EQ(missing.status().code(), ErrorCode::kStateMissing);
  EXPECT_EQ(missing.status().context(), "estimator.coef_");
  auto wrong_dtype = MapModel(
      Ridge(Arr<uint32_t>("<U1", {65, 66}, {2}), Node::Float(0)), Options());
  EXPECT_EQ(wrong_dtype.status().code(), ErrorCode::kStateDType);
  EXPECT_EQ(wrong_dtype.status().context(), "estimator.coef_");
  auto wrong_shape =
      MapModel(Ridge(F64({1, 2, 3, 4, 5, 6, 7, 8}, {2, 2, 2}), Node::Float(0)),
               Options());
  EXPECT_EQ(wrong_shape.status().code(), ErrorCode::kStateShape);
  auto wrong_type = MapModel(Ridge(Node::Str("x"), Node::Float(0)), Options());
  EXPECT_EQ(wrong_type.status().code(), ErrorCode::kStateType);
}

TEST(Mapper, RidgeClassifierClassesFromTheLabelBinarizerBefore18) {
  Node est = Obj("sklearn.linear_model._ridge", "RidgeClassifier",
                 Dict({{"coef_", F64({1, 2}, {1, 2})},
                       {"intercept_", F64({0}, {1})},
                       {"_label_binarizer",
                        Obj("sklearn.preprocessing._label", "LabelBinarizer",
                            Dict({{"y_type_", Node::Str("binary")},
                                  {"classes_", I64({3, 5})}}))},
                       {"n_features_in_", Node::Int(2)},
                       {"_sklearn_version", Node::Str("1.7.2")}}));
  auto m = MapModel(est, Options());
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(m->output.classes.at(0).int_labels.span<int64_t>()[1], 5);
}

// A DecisionTreeClassifier with one split, for the tree and version tests.
Node TreeState(std::vector<double> values) {
  ArrayData nodes;
  nodes.typestr = "|V64";
  nodes.itemsize = 64;
  nodes.fields = {{"left_child", "<i8", 0},
                  {"right_child", "<i8", 8},
                  {"feature", "<i8", 16},
                  {"threshold", "<f8", 24},
                  {"impurity", "<f8", 32},
                  {"n_node_samples", "<i8", 40},
                  {"weighted_n_node_samples", "<f8", 48},
                  {"missing_go_to_left", "|u1", 56}};
  nodes.shape = {3};
  nodes.bytes.resize(3 * 64);
  int64_t ints[3][3] = {{1, 2, 0}, {-1, -1, -2}, {-1, -1, -2}};
  for (int i = 0; i < 3; ++i) {
    std::memcpy(nodes.bytes.data() + i * 64, ints[i], 24);
    double t = i == 0 ? 0.5 : -2.0;
    std::memcpy(nodes.bytes.data() + i * 64 + 24, &t, 8);
  }
  return Obj("sklearn.tree._tree", "Tree",
             Dict({{"nodes", Node::Array(std::move(nodes))},
                   {"values", F64(values, {3, 1, 2})},
                   {"node_count", Node::Int(3)}}));
}

Node TreeClassifierState(const char* version, std::vector<double> values,
                         const char* splitter = "best",
                         const char* criterion = "gini") {
  return Obj("sklearn.tree._classes", "DecisionTreeClassifier",
             Dict({{"criterion", Node::Str(criterion)},
                   {"splitter", Node::Str(splitter)},
                   {"monotonic_cst", Node::None()},
                   {"classes_", I64({0, 1})},
                   {"n_outputs_", Node::Int(1)},
                   {"n_features_in_", Node::Int(1)},
                   {"tree_", TreeState(std::move(values))},
                   {"_sklearn_version", Node::Str(version)}}));
}

// NaN support follows the recorded release and the parameters (issue 19
// item 8; python/tests/test_nan_rule.py checks it against scikit-learn).
TEST(Mapper, TreeKeepsMissingGoToLeftOnlyWhereTheReleaseAcceptsNan) {
  struct Case {
    const char* version;
    const char* splitter;
    const char* criterion;
    bool accepts;
  };
  const Case cases[] = {{"1.5.2", "random", "gini", false},
                        {"1.6.1", "random", "gini", true},
                        {"1.8.0", "best", "absolute_error", false},
                        {"1.9.1", "random", "absolute_error", true},
                        {"1.4.2", "best", "entropy", true}};
  for (const Case& c : cases) {
    auto m = MapModel(TreeClassifierState(c.version, {1, 0, 0, 1, 1, 0},
                                          c.splitter, c.criterion),
                      Options());
    ASSERT_TRUE(m.ok()) << m.status().ToString();
    EXPECT_EQ(std::get<modelseal::DecisionTree>(m->estimator.kind)
                  .tree.missing_go_to_left.present(),
              c.accepts)
        << c.version << " " << c.splitter << " " << c.criterion;
  }
}

TEST(Mapper, TreeValuesNormalisedBefore141) {
  std::vector<double> counts = {3, 1, 2, 0, 0, 0};
  auto old = MapModel(TreeClassifierState("1.4.0", counts), Options());
  ASSERT_TRUE(old.ok()) << old.status().ToString();
  auto v = std::get<modelseal::DecisionTree>(old->estimator.kind)
               .tree.value.span<double>();
  EXPECT_EQ(v[0], 0.75);
  EXPECT_EQ(v[2], 1.0);
  EXPECT_EQ(v[4], 0.0);  // a zero row stays zero
  auto now = MapModel(TreeClassifierState("1.4.1", counts), Options());
  ASSERT_TRUE(now.ok());
  EXPECT_EQ(std::get<modelseal::DecisionTree>(now->estimator.kind)
                .tree.value.span<double>()[0],
            3.0);
  EXPECT_TRUE(std::get<modelseal::DecisionTree>(now->estimator.kind)
                  .tree.missing_go_to_left.present());
}

Node GbState(const char* version, double p1, const char* loss) {
  ObjectData stages;
  ArrayData a;
  a.typestr = "|O";
  a.itemsize = 8;
  a.shape = {1, 1};
  a.objects.push_back(Obj("sklearn.tree._classes", "DecisionTreeRegressor",
                          Dict({{"tree_", TreeState({1, 0, 2, 0, 3, 0})}})));
  return Obj(
      "sklearn.ensemble._gb", "GradientBoostingClassifier",
      Dict({{"loss", Node::Str(loss)},
            {"learning_rate", Node::Float(0.1)},
            {"n_classes_", Node::Int(2)},
            {"classes_", I64({0, 1})},
            {"n_features_in_", Node::Int(1)},
            {"estimators_", Node::Array(std::move(a))},
            {"init_", Obj("sklearn.dummy", "DummyClassifier",
                          Dict({{"strategy", Node::Str("prior")},
                                {"_strategy", Node::Str("prior")},
                                {"class_prior_", F64({1 - p1, p1}, {2})}}))},
            {"_sklearn_version", Node::Str(version)}}));
}

TEST(Mapper, GradientBoostingInitFollowsEachReleasesLoss) {
  auto init = [](const char* version, double p1, const char* loss,
                 const char* scipy) {
    MapOptions o = Options();
    o.scipy_version = scipy;
    auto m = MapModel(GbState(version, p1, loss), o);
    EXPECT_TRUE(m.ok()) << m.status().ToString();
    return std::get<modelseal::GradientBoosting>(m->estimator.kind)
        .init_raw.span<double>()[0];
  };
  // Clipped with float32's eps before 1.8 and float64's from 1.8.
  double e32 = FLT_EPSILON;
  EXPECT_EQ(init("1.7.2", 1.0, "log_loss", "1.16.3"),
            std::log((1 - e32) / (1 - (1 - e32))));
  EXPECT_EQ(init("1.8.0", 1.0, "log_loss", "1.16.3"),
            std::log((1 - DBL_EPSILON) / (1 - (1 - DBL_EPSILON))));
  // scipy 1.15 evaluates logit with log1p near 0.5.
  double p = 0.55;
  EXPECT_EQ(init("1.9.1", p, "log_loss", "1.13.1"), std::log(p / (1 - p)));
  EXPECT_EQ(init("1.9.1", p, "log_loss", "1.17.1"),
            std::log1p(2 * (p - 0.5)) - std::log1p(-2 * (p - 0.5)));
  EXPECT_EQ(init("1.9.1", 0.2, "exponential", "1.17.1"),
            0.5 * std::log(0.2 / (1 - 0.2)));
}

}  // namespace
}  // namespace modelseal::mapper

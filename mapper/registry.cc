// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// The one table of supported scikit-learn classes, and the entry points.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <optional>
#include <span>
#include <type_traits>
#include <utility>
#include <variant>

#include "mapper/common.h"
#include "mapper/mapper.h"

namespace modelseal::mapper {
namespace {

using MapFn = Status (*)(const Value&, const MapContext&, Mapped*);

struct Entry {
  std::string_view module;  // type(est).__module__, the same in 1.4 - 1.9
  std::string_view qualname;
  MapFn fn;
};

// Keyed by the exact (module, qualname) scikit-learn pickles each class
// under (checked on 1.4.2, 1.5.2, 1.6.1, 1.7.2, 1.8.0 and 1.9.1).
constexpr Entry kRegistry[] = {
    {"sklearn.pipeline", "Pipeline", MapPipeline},
    {"sklearn.compose._column_transformer", "ColumnTransformer",
     MapColumnTransformer},
    {"sklearn.preprocessing._encoders", "OneHotEncoder", MapOneHotEncoder},
    {"sklearn.preprocessing._encoders", "OrdinalEncoder", MapOrdinalEncoder},
    {"sklearn.impute._base", "SimpleImputer", MapSimpleImputer},
    {"sklearn.preprocessing._data", "StandardScaler", MapStandardScaler},
    {"sklearn.preprocessing._data", "MinMaxScaler", MapMinMaxScaler},
    {"sklearn.preprocessing._data", "MaxAbsScaler", MapMaxAbsScaler},
    {"sklearn.linear_model._base", "LinearRegression", MapLinearRegressor},
    {"sklearn.linear_model._ridge", "Ridge", MapLinearRegressor},
    {"sklearn.linear_model._coordinate_descent", "Lasso", MapLinearRegressor},
    {"sklearn.linear_model._coordinate_descent", "ElasticNet",
     MapLinearRegressor},
    {"sklearn.linear_model._stochastic_gradient", "SGDRegressor",
     MapLinearRegressor},
    {"sklearn.linear_model._logistic", "LogisticRegression",
     MapLogisticRegression},
    {"sklearn.svm._classes", "LinearSVC", MapLinearDecision},
    {"sklearn.linear_model._ridge", "RidgeClassifier", MapLinearDecision},
    {"sklearn.linear_model._stochastic_gradient", "SGDClassifier",
     MapSgdClassifier},
    // The rest of the linear family (issue 14): predict (decision_function
    // for the classifiers) is LinearModel's X @ coef_.T + intercept_ in
    // every release 1.4 - 1.9, from the same coef_ / intercept_ state.
    {"sklearn.linear_model._least_angle", "Lars", MapLinearRegressor},
    {"sklearn.linear_model._least_angle", "LassoLars", MapLinearRegressor},
    {"sklearn.linear_model._least_angle", "LassoLarsIC", MapLinearRegressor},
    {"sklearn.linear_model._least_angle", "LarsCV", MapLinearRegressor},
    {"sklearn.linear_model._least_angle", "LassoLarsCV", MapLinearRegressor},
    {"sklearn.linear_model._omp", "OrthogonalMatchingPursuit",
     MapLinearRegressor},
    {"sklearn.linear_model._omp", "OrthogonalMatchingPursuitCV",
     MapLinearRegressor},
    {"sklearn.linear_model._bayes", "BayesianRidge", MapLinearRegressor},
    {"sklearn.linear_model._bayes", "ARDRegression", MapLinearRegressor},
    {"sklearn.linear_model._huber", "HuberRegressor", MapLinearRegressor},
    {"sklearn.linear_model._quantile", "QuantileRegressor", MapLinearRegressor},
    {"sklearn.linear_model._theil_sen", "TheilSenRegressor",
     MapLinearRegressor},
    {"sklearn.linear_model._ridge", "RidgeCV", MapLinearRegressor},
    {"sklearn.linear_model._coordinate_descent", "LassoCV", MapLinearRegressor},
    {"sklearn.linear_model._coordinate_descent", "ElasticNetCV",
     MapLinearRegressor},
    {"sklearn.linear_model._coordinate_descent", "MultiTaskLasso",
     MapLinearRegressor},
    {"sklearn.linear_model._coordinate_descent", "MultiTaskElasticNet",
     MapLinearRegressor},
    {"sklearn.linear_model._coordinate_descent", "MultiTaskLassoCV",
     MapLinearRegressor},
    {"sklearn.linear_model._coordinate_descent", "MultiTaskElasticNetCV",
     MapLinearRegressor},
    {"sklearn.linear_model._passive_aggressive", "PassiveAggressiveRegressor",
     MapLinearRegressor},
    {"sklearn.svm._classes", "LinearSVR", MapLinearRegressor},
    {"sklearn.linear_model._perceptron", "Perceptron", MapLinearDecision},
    {"sklearn.linear_model._passive_aggressive", "PassiveAggressiveClassifier",
     MapLinearDecision},
    {"sklearn.linear_model._ridge", "RidgeClassifierCV", MapLinearDecision},
    {"sklearn.linear_model._logistic", "LogisticRegressionCV",
     MapLogisticRegression},
    {"sklearn.linear_model._glm.glm", "PoissonRegressor", MapGlm},
    {"sklearn.linear_model._glm.glm", "GammaRegressor", MapGlm},
    {"sklearn.linear_model._glm.glm", "TweedieRegressor", MapGlm},
    {"sklearn.linear_model._ransac", "RANSACRegressor", MapRansac},
    {"sklearn.dummy", "DummyRegressor", MapDummyRegressor},
    {"sklearn.dummy", "DummyClassifier", MapDummyClassifier},
    {"sklearn.kernel_ridge", "KernelRidge", MapKernelRidge},
    {"sklearn.discriminant_analysis", "LinearDiscriminantAnalysis",
     MapLinearDiscriminant},
    {"sklearn.discriminant_analysis", "QuadraticDiscriminantAnalysis",
     MapQuadraticDiscriminant},
    {"sklearn.isotonic", "IsotonicRegression", MapIsotonicRegression},
    {"sklearn.cluster._kmeans", "KMeans", MapKMeans},
    {"sklearn.cluster._kmeans", "MiniBatchKMeans", MapKMeans},
    {"sklearn.cluster._bisect_k_means", "BisectingKMeans", MapBisectingKMeans},
    {"sklearn.mixture._gaussian_mixture", "GaussianMixture",
     MapGaussianMixture},
    {"sklearn.mixture._bayesian_mixture", "BayesianGaussianMixture",
     MapGaussianMixture},
    {"sklearn.ensemble._iforest", "IsolationForest", MapIsolationForest},
    {"sklearn.neighbors._nearest_centroid", "NearestCentroid",
     MapNearestCentroid},
    {"sklearn.neighbors._classification", "KNeighborsClassifier",
     MapKNeighborsClassifier},
    {"sklearn.neighbors._regression", "KNeighborsRegressor",
     MapKNeighborsRegressor},
    {"sklearn.neighbors._lof", "LocalOutlierFactor", MapLocalOutlierFactor},
    {"sklearn.neighbors._classification", "RadiusNeighborsClassifier",
     MapRadiusNeighborsClassifier},
    {"sklearn.neighbors._regression", "RadiusNeighborsRegressor",
     MapRadiusNeighborsRegressor},
    {"sklearn.tree._classes", "DecisionTreeClassifier",
     MapDecisionTreeClassifier},
    {"sklearn.tree._classes", "DecisionTreeRegressor",
     MapDecisionTreeRegressor},
    {"sklearn.ensemble._forest", "RandomForestClassifier", MapForestClassifier},
    {"sklearn.ensemble._forest", "RandomForestRegressor", MapForestRegressor},
    {"sklearn.ensemble._forest", "ExtraTreesClassifier", MapForestClassifier},
    {"sklearn.ensemble._forest", "ExtraTreesRegressor", MapForestRegressor},
    {"sklearn.ensemble._gb", "GradientBoostingClassifier",
     MapGradientBoostingClassifier},
    {"sklearn.ensemble._gb", "GradientBoostingRegressor",
     MapGradientBoostingRegressor},
    {"sklearn.ensemble._hist_gradient_boosting.gradient_boosting",
     "HistGradientBoostingClassifier", MapHistGradientBoostingClassifier},
    {"sklearn.ensemble._hist_gradient_boosting.gradient_boosting",
     "HistGradientBoostingRegressor", MapHistGradientBoostingRegressor},
    {"sklearn.preprocessing._data", "RobustScaler", MapRobustScaler},
    {"sklearn.preprocessing._data", "Normalizer", MapNormalizer},
    {"sklearn.preprocessing._data", "Binarizer", MapBinarizer},
    {"sklearn.preprocessing._discretization", "KBinsDiscretizer",
     MapKBinsDiscretizer},
    {"sklearn.preprocessing._target_encoder", "TargetEncoder",
     MapTargetEncoder},  // h-tenc
    {"sklearn.pipeline", "FeatureUnion", MapFeatureUnion},
    {"sklearn.preprocessing._function_transformer", "FunctionTransformer",
     MapFunctionTransformer},
    {"sklearn.compose._target", "TransformedTargetRegressor",
     MapTransformedTargetRegressor},
    {"sklearn.feature_selection._variance_threshold", "VarianceThreshold",
     MapVarianceThreshold},  // h-sel
    {"sklearn.feature_selection._univariate_selection", "SelectKBest",
     MapSelectKBest},
    {"sklearn.feature_selection._univariate_selection", "SelectPercentile",
     MapSelectPercentile},
    {"sklearn.feature_selection._univariate_selection", "SelectFpr",
     MapSelectFpr},
    {"sklearn.feature_selection._univariate_selection", "SelectFdr",
     MapSelectFdr},
    {"sklearn.feature_selection._univariate_selection", "SelectFwe",
     MapSelectFwe},
    {"sklearn.feature_selection._univariate_selection",
     "GenericUnivariateSelect", MapGenericUnivariateSelect},
    {"sklearn.feature_selection._from_model", "SelectFromModel",
     MapSelectFromModel},
    {"sklearn.feature_selection._rfe", "RFE", MapSupportSelector},
    {"sklearn.feature_selection._rfe", "RFECV", MapSupportSelector},
    {"sklearn.feature_selection._sequential", "SequentialFeatureSelector",
     MapSupportSelector},
    {"sklearn.impute._base", "MissingIndicator", MapMissingIndicator},
    {"sklearn.preprocessing._polynomial", "PolynomialFeatures",
     MapPolynomialFeatures},  // h-poly
    {"sklearn.preprocessing._polynomial", "SplineTransformer",
     MapSplineTransformer},
    {"sklearn.preprocessing._data", "QuantileTransformer",
     MapQuantileTransformer},  // h-pq
    {"sklearn.preprocessing._data", "PowerTransformer",
     MapPowerTransformer},  // h-power
    {"sklearn.svm._classes", "SVC", MapSvc},
    {"sklearn.svm._classes", "NuSVC", MapNuSvc},
    {"sklearn.svm._classes", "SVR", MapSvr},
    {"sklearn.svm._classes", "NuSVR", MapNuSvr},
    {"sklearn.svm._classes", "OneClassSVM", MapOneClassSvm},
    {"sklearn.naive_bayes", "GaussianNB", MapGaussianNb},
    {"sklearn.naive_bayes", "MultinomialNB", MapMultinomialNb},
    {"sklearn.naive_bayes", "ComplementNB", MapComplementNb},
    {"sklearn.naive_bayes", "BernoulliNB", MapBernoulliNb},
    {"sklearn.naive_bayes", "CategoricalNB", MapCategoricalNb},
    {"sklearn.neural_network._multilayer_perceptron", "MLPClassifier",
     MapMlpClassifier},
    {"sklearn.neural_network._multilayer_perceptron", "MLPRegressor",
     MapMlpRegressor},
    {"sklearn.decomposition._pca", "PCA", MapPca},
    {"sklearn.decomposition._incremental_pca", "IncrementalPCA",
     MapIncrementalPca},
    {"sklearn.decomposition._truncated_svd", "TruncatedSVD", MapTruncatedSvd},
    // Hyper-parameter searches (issue 15): their best_estimator_.
    {"sklearn.model_selection._search", "GridSearchCV", MapSearchCV},
    {"sklearn.model_selection._search", "RandomizedSearchCV", MapSearchCV},
    {"sklearn.model_selection._search_successive_halving",
     "HalvingGridSearchCV", MapSearchCV},
    {"sklearn.model_selection._search_successive_halving",
     "HalvingRandomSearchCV", MapSearchCV},
    // Voting ensembles (issue 15).
    {"sklearn.ensemble._voting", "VotingClassifier", MapVoting},
    {"sklearn.ensemble._voting", "VotingRegressor", MapVoting},
    // Threshold classifiers (issue 15; scikit-learn 1.5+).
    {"sklearn.model_selection._classification_threshold",
     "FixedThresholdClassifier", MapThresholdClassifier},
    {"sklearn.model_selection._classification_threshold",
     "TunedThresholdClassifierCV", MapThresholdClassifier},
};

constexpr int kMaxNesting = 16;  // composite estimators inside each other

std::string SupportedList() {
  std::string out;
  for (const std::string& n : SupportedEstimators()) {
    out += out.empty() ? n : ", " + n;
  }
  return out;
}

// scikit-learn's check_is_fitted for classes without __sklearn_is_fitted__:
// some attribute ends with "_" and does not start with "__".
bool IsFitted(const Value& est) {
  auto keys = est.Keys();
  if (!keys.ok()) return false;
  for (const std::string& k : *keys) {
    if (!k.empty() && k.back() == '_' && k.rfind("__", 0) != 0) return true;
  }
  return false;
}

}  // namespace

bool IsLinearEstimator(std::string_view module, std::string_view qualname) {
  for (const Entry& e : kRegistry) {
    if (e.module == module && e.qualname == qualname) {
      return e.fn == MapLinearRegressor || e.fn == MapLogisticRegression ||
             e.fn == MapLinearDecision || e.fn == MapSgdClassifier ||
             e.fn == MapGlm;
    }
  }
  return false;
}

SklearnVersion ParseSklearnVersion(std::string_view version) {
  int parts[3] = {0, 0, 0};
  size_t start = 0;
  for (int i = 0; i < 3 && start <= version.size(); ++i) {
    size_t end = version.find('.', start);
    if (end == std::string_view::npos) end = version.size();
    int v = 0;
    for (char c : version.substr(start, end - start)) {
      if (std::isdigit(static_cast<unsigned char>(c)) && v < 100000000) {
        v = v * 10 + (c - '0');
      }
    }
    parts[i] = v;
    if (end == version.size()) break;
    start = end + 1;
  }
  return {parts[0], parts[1], parts[2]};
}

Status CheckSklearnVersion(std::string_view version) {
  SklearnVersion v = ParseSklearnVersion(version);
  SklearnVersion mm{v.major, v.minor, 0};
  if (mm < SklearnVersion{1, 4, 0} || mm > SklearnVersion{1, 9, 0}) {
    return Status(ErrorCode::kSklearnVersion, "sklearn",
                  "scikit-learn " + std::string(version) +
                      " is not supported: the mappers know the attribute "
                      "layouts of 1.4 to 1.9");
  }
  return Status();
}

std::vector<std::string> SupportedEstimators() {
  std::vector<std::string> out;
  for (const Entry& e : kRegistry) out.emplace_back(e.qualname);
  std::sort(out.begin(), out.end());
  return out;
}

void MapContext::NumpyLog(std::vector<double>& v) const {
  if (options_ != nullptr && options_->numpy_log) return options_->numpy_log(v);
  for (double& x : v) x = std::log(x);
}

void MapContext::NumpyExp(std::vector<double>& v) const {
  if (options_ != nullptr && options_->numpy_exp) return options_->numpy_exp(v);
  for (double& x : v) x = std::exp(x);
}

Status MapContext::Map(const Value& v, Mapped* out) const {
  if (!v.ok()) return v.status();
  if (v.kind() != Node::Kind::kObject) {
    return v.Fail(
        ErrorCode::kEstimatorClass,
        std::string(NodeKindName(v.kind())) +
            " is not an estimator; supported estimators: " + SupportedList());
  }
  const ObjectData& o = *v.node()->object();
  const Entry* entry = nullptr;
  for (const Entry& e : kRegistry) {
    if (e.module == o.module && e.qualname == o.qualname) entry = &e;
  }
  if (entry == nullptr) {
    return v.Fail(
        ErrorCode::kEstimatorClass,
        o.module + "." + o.qualname +
            " is not supported; supported estimators: " + SupportedList());
  }
  // A Pipeline and a FeatureUnion are fitted when their steps are (each
  // step's own mapping checks it).
  // FunctionTransformer is stateless (__sklearn_is_fitted__ is True).
  if (entry->fn != MapPipeline && entry->fn != MapFeatureUnion &&
      entry->fn != MapFunctionTransformer && !IsFitted(v)) {
    return v.Fail(
        ErrorCode::kEstimatorNotFitted,
        "This " + o.qualname + " instance is not fitted yet; call 'fit' first");
  }
  if (depth_ >= kMaxNesting) {
    return v.Fail(
        ErrorCode::kStateTooDeep,
        "estimators nested more than " + std::to_string(kMaxNesting) + " deep");
  }
  ++depth_;
  const bool outer = as_transformer_;
  as_transformer_ = want_transformer_;
  want_transformer_ = false;
  Status s = entry->fn(v, *this, out);
  as_transformer_ = outer;
  --depth_;
  return s;
}

Status MapContext::MapTransformer(const Value& v, Mapped* out) const {
  want_transformer_ = true;
  Status s = Map(v, out);
  want_transformer_ = false;  // when Map failed before reading it
  return s;
}

// n_features_in_ and feature_names_in_: a Pipeline delegates to its first
// step, as its properties do ("passthrough" / None steps skipped: they have
// none). A pipeline of only such steps has no input width: an error. A
// FeatureUnion delegates to its first transformer (scikit-learn's property
// reads transformer_list[0]; "drop" and "passthrough" entries, which have
// none, are skipped: every transformer saw the same input). A
// TransformedTargetRegressor delegates to regressor_.
Value InputOwner(const Value& est) {
  Value v = est;
  for (int i = 0; i < kMaxNesting; ++i) {
    auto cls = v.ClassName();
    if (!cls.ok()) return v;
    const bool pipeline =
        cls->first == "sklearn.pipeline" && cls->second == "Pipeline";
    const bool union_ =
        cls->first == "sklearn.pipeline" && cls->second == "FeatureUnion";
    if (cls->first == "sklearn.compose._target" &&
        cls->second == "TransformedTargetRegressor") {
      // n_features_in_ is regressor_'s (a property).
      v = v.Get("regressor_");
      continue;
    }
    if (cls->first == "sklearn.ensemble._voting" && v.Has("estimators_")) {
      // n_features_in_ is estimators_[0]'s (a property).
      v = v.Get("estimators_").At(0);
      continue;
    }
    if ((cls->first == "sklearn.model_selection._search" ||
         cls->first == "sklearn.model_selection._search_successive_halving") &&
        v.Has("best_estimator_")) {
      // n_features_in_ and feature_names_in_ are best_estimator_'s
      // (BaseSearchCV's properties).
      v = v.Get("best_estimator_");
      continue;
    }
    if (cls->first == "sklearn.feature_selection._from_model" &&
        cls->second == "SelectFromModel" && v.Has("estimator_")) {
      // n_features_in_ is estimator_'s (a property).
      v = v.Get("estimator_");
      continue;
    }
    if (!pipeline && !union_) return v;
    Value steps = v.Get(pipeline ? "steps" : "transformer_list");
    auto n = steps.Size();
    if (!n.ok()) return Value::Error(n.status());
    std::optional<Value> first;
    for (size_t j = 0; j < *n && !first; ++j) {
      Value s = steps.At(j).At(1);
      if (!s.ok()) return s;
      if (s.is_none() || s.is_str()) continue;
      first = s;
    }
    if (!first) {
      return Value::Error(Unsupported(
          v, pipeline ? "every step is 'passthrough' or None: the number of "
                        "input features is unknown"
                      : "every transformer is 'drop' or 'passthrough': the "
                        "number of input features is unknown"));
    }
    v = *first;
  }
  return v;
}

namespace {

// The input columns' types, read from the mapped estimator: a column is a
// string when an encoder column with string categories or an imputer column
// with a fill string reads it (through pipelines' steps, ColumnTransformer
// groups and the columns imputers and passthrough groups pass on), else a
// float. `cols[j]` is the input column that feeds position j of the
// estimator's input (-1: a derived value). Returns the output's provenance.
std::vector<int64_t> TraceStrings(const Estimator& est,
                                  const std::vector<int64_t>& cols,
                                  std::vector<bool>* is_string) {
  auto mark = [&](size_t j) {
    if (j < cols.size() && cols[j] >= 0) (*is_string)[cols[j]] = true;
  };
  return std::visit(
      [&](const auto& k) -> std::vector<int64_t> {
        using K = std::decay_t<decltype(k)>;
        if constexpr (std::is_same_v<K, Pipeline>) {
          std::vector<int64_t> c = cols;
          for (const Estimator& s : k.steps) c = TraceStrings(s, c, is_string);
          return c;
        } else if constexpr (std::is_same_v<K, Passthrough>) {
          return cols;
        } else if constexpr (std::is_same_v<K, ColumnTransformer>) {
          std::vector<int64_t> outc;
          for (const ColumnGroup& g : k.groups) {
            std::vector<int64_t> in;
            for (uint64_t c : g.columns) {
              in.push_back(c < cols.size() ? cols[c] : -1);
            }
            std::vector<int64_t> o =
                g.transformer.empty()
                    ? in
                    : TraceStrings(g.transformer[0], in, is_string);
            outc.insert(outc.end(), o.begin(), o.end());
          }
          return outc;
        } else if constexpr (std::is_same_v<K, FeatureUnion>) {
          std::vector<int64_t> outc;
          for (const Estimator& t : k.transformers) {
            std::vector<int64_t> o = TraceStrings(t, cols, is_string);
            outc.insert(outc.end(), o.begin(), o.end());
          }
          return outc;
        } else if constexpr (std::is_same_v<K, TransformedTargetRegressor>) {
          if (!k.regressor.empty())
            TraceStrings(k.regressor[0], cols, is_string);
          return {};
        } else if constexpr (std::is_same_v<K, Voting>) {
          for (const Estimator& e : k.estimators) {
            TraceStrings(e, cols, is_string);
          }
          return {};
        } else if constexpr (std::is_same_v<K, ThresholdClassifier>) {
          if (!k.estimator.empty())
            TraceStrings(k.estimator[0], cols, is_string);
          return {};
        } else if constexpr (std::is_same_v<K, SimpleImputer>) {
          std::vector<int64_t> outc;
          for (uint64_t j : k.kept) {
            if (!k.fill_strings.empty()) mark(j);
            outc.push_back(j < cols.size() ? cols[j] : -1);
          }
          for (size_t j = 0; j < k.indicator.size(); ++j) outc.push_back(-1);
          return outc;
        } else if constexpr (std::is_same_v<K, OneHotEncoder> ||
                             std::is_same_v<K, OrdinalEncoder> ||
                             std::is_same_v<K, TargetEncoder>) {
          for (size_t j = 0; j < k.columns.size(); ++j) {
            if (!k.columns[j].categories.numbers.present()) mark(j);
          }
          return {};
        } else {
          return {};
        }
      },
      est.kind);
}

}  // namespace

Result<Model> MapModel(const Node& root, const MapOptions& options) {
  MODELSEAL_RETURN_IF_ERROR(CheckState(root, options.limits, "estimator"));
  Value est(root, "estimator");
  std::string version = options.running_sklearn_version;
  if (est.is_object()) {
    if (auto v = est.Find("_sklearn_version")) {
      MODELSEAL_ASSIGN_OR_RETURN(version, v->AsStr());
    }
  }
  MODELSEAL_RETURN_IF_ERROR(CheckSklearnVersion(version));
  bool log1p = true;
  if (!options.scipy_version.empty()) {
    // The version scheme is the same as scikit-learn's.
    log1p =
        ParseSklearnVersion(options.scipy_version) >= SklearnVersion{1, 15, 0};
  }
  MapContext ctx(ParseSklearnVersion(version), log1p, &options);
  Mapped m;
  MODELSEAL_RETURN_IF_ERROR(ctx.Map(est, &m));
  Model model;
  Value owner = InputOwner(est);
  if (!owner.ok()) return owner.status();
  if (!owner.is_object()) {
    return Status(ErrorCode::kStateMissing, "estimator",
                  ClassOf(est) + ": n_features_in_ is missing");
  }
  if (!owner.Has("n_features_in_")) {
    auto cls = owner.ClassName();
    if (cls.ok() && cls->first == "sklearn.dummy") {
      // The dummies never look at X; before scikit-learn 1.6 their fit
      // does not record its width either.
      return Status(ErrorCode::kStateMissing, owner.path() + ".n_features_in_",
                    cls->second +
                        " fitted by scikit-learn < 1.6 does not record its "
                        "input width (n_features_in_): refit it with 1.6 or "
                        "later, or save it in a Pipeline after a step that "
                        "records it");
    }
  }
  int64_t n = 1;
  auto owner_cls = owner.ClassName();
  if (owner_cls.ok() && owner_cls->first == "sklearn.isotonic" &&
      !owner.Has("n_features_in_")) {
    // IsotonicRegression validates X with check_array, which records no
    // width: it reads one column (an array (n,) or (n, 1)).
  } else {
    MODELSEAL_ASSIGN_OR_RETURN(n, owner.Get("n_features_in_").AsInt());
  }
  if (n < 0) return owner.Fail(ErrorCode::kStateValue, "negative");
  model.input.n_features = static_cast<uint64_t>(n);
  if (auto names = owner.Find("feature_names_in_")) {
    MODELSEAL_ASSIGN_OR_RETURN(size_t count, names->Size());
    for (size_t i = 0; i < count; ++i) {
      MODELSEAL_ASSIGN_OR_RETURN(std::string s, names->At(i).AsStr());
      model.input.feature_names.push_back(std::move(s));
    }
  }
  model.output = std::move(m.output);
  model.estimator = std::move(m.estimator);
  model.metadata.cv_scores = ctx.TakeCvScores();
  // Format 1.1 input columns, only when some column holds strings (a
  // numeric model stays a 1.0 file).
  std::vector<int64_t> cols(model.input.n_features);
  for (size_t j = 0; j < cols.size(); ++j) cols[j] = static_cast<int64_t>(j);
  std::vector<bool> is_string(cols.size(), false);
  TraceStrings(model.estimator, cols, &is_string);
  if (std::find(is_string.begin(), is_string.end(), true) != is_string.end()) {
    for (size_t j = 0; j < cols.size(); ++j) {
      InputColumn c;
      if (!model.input.feature_names.empty()) {
        c.name = model.input.feature_names[j];
      }
      c.type = is_string[j] ? ColumnType::kString : ColumnType::kFloat;
      c.nullable = Nullable::kYes;
      model.input.columns.push_back(std::move(c));
    }
  }
  return model;
}

}  // namespace modelseal::mapper

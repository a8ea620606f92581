// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Helpers shared by the family mappers (internal to mapper/).
#ifndef MODELSEAL_MAPPER_COMMON_H_
#define MODELSEAL_MAPPER_COMMON_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/pairwise_sum.h"
#include "mapper/mapper.h"
#include "mapper/state.h"

namespace modelseal::mapper {

// The class name (qualname) of the object at `est`, or "?".
std::string ClassOf(const Value& est);
// E1121 EstimatorParam at the estimator's path: "<Class>: <why>".
Status Unsupported(const Value& est, std::string_view why);

// The mapping of a transformer: `kind`, task Transform, `width` output
// columns.
Mapped TransformerMapping(EstimatorVariant kind, uint64_t width);

// numpy.asarray(x, float64) of an array, as an f64 tensor of its shape.
Result<Tensor> F64Tensor(const Value& v);
// The elements of the float64 array at `v` (an attribute of `est`). Any
// other dtype is E1121 at `est`: a model fitted on float32 X keeps float32
// weights, and scikit-learn then computes in float32 for float32 input,
// where modelseal computes in float64.
Result<Elements<double>> Float64Array(const Value& est, const Value& v);
// The neighbours estimators' effective_metric_ (with
// effective_metric_params_) as a NeighborsMetric and p; every other metric
// and metric_params key is E1121 at `est`.
Status NeighborsMetricOf(const Value& est, NeighborsMetric* metric, double* p);
// The fitted KDTree or BallTree `_tree` of `est`, whose data must be fit_x
// ([n, d]): its idx_array, node_data, node_radius and node_bounds.
Status MapNeighborsTree(const Value& est, const std::vector<double>& fit_x,
                        uint64_t n, uint64_t d, bool kd, Tensor* idx_array,
                        Tensor* node_data, Tensor* node_radius,
                        Tensor* node_bounds);
// E1114 StateValue at `at` naming the first entry of `values` that is not
// finite.
Status CheckFiniteValues(const Value& at, const std::vector<double>& values);
// E1121 EstimatorParam at `est` naming the first entry of `v` (at `at`) that
// is not > 0; `what` says why it must be.
Status CheckPositiveValues(const Value& est, const Value& at,
                           const std::vector<double>& v, const char* what);
// A value-preserving cast of an array (or a record field) to T.
template <typename T>
Result<Tensor> ExactTensor(const Value& v, std::string_view field = {});

// UTF-32 code units (numpy "<U"/">U") to UTF-8, trailing NULs removed as
// numpy does when it reads an element; E1114 for an invalid code point.
Result<std::string> Utf32ToUtf8(const std::byte* p, uint64_t units, bool swap,
                                const std::string& path);

// A str parameter of an estimator.
Result<std::string> StrParam(const Value& est, std::string_view name);

// One output's class labels from a classes_ array: int64 (from integer,
// bool or whole-number float arrays) or strings.
Result<ClassLabels> LabelsOf(const Value& classes);
// The output spec of a classifier: one ClassLabels per output, from
// `classes_` (an array, or a list of arrays for multi-output).
Result<OutputSpec> ClassifierOutput(const Value& est);
OutputSpec RegressionOutput(uint64_t n_outputs);

// The enum value named `loss` among `supported` (a subset of E's names), or
// E1121 naming the supported ones.
template <typename E, size_t N>
Result<E> SupportedLoss(const Value& est, const std::string& loss,
                        const char* const (&supported)[N]) {
  std::string list;
  bool known = false;
  for (const char* l : supported) {
    known = known || loss == l;
    list += list.empty() ? l : std::string(", ") + l;
  }
  if (known) {
    for (const auto& [value, name] : EnumNames<E>::kNames) {
      if (loss == name) return value;
    }
  }
  return Unsupported(
      est, "loss '" + loss + "' is not supported (supported: " + list + ")");
}

// LinearModel from coef_ (1-D or 2-D) and intercept_ (scalar or array).
Result<LinearModel> MakeLinear(const Value& coef, const Value& intercept,
                               LinearOutput output);

// A Tree from a sklearn.tree._tree.Tree object's state.
Result<Tree> MapTree(const Value& tree, bool classifier, const MapContext& ctx);

// Whether (module, qualname) is registered with one of the linear mappers
// below (registry.cc).
bool IsLinearEstimator(std::string_view module, std::string_view qualname);

// Family mappers (registered in registry.cc).
Status MapLinearRegressor(const Value& est, const MapContext& ctx, Mapped* out);
Status MapLogisticRegression(const Value& est, const MapContext& ctx,
                             Mapped* out);
Status MapLinearDecision(const Value& est, const MapContext& ctx, Mapped* out);
Status MapGlm(const Value& est, const MapContext& ctx, Mapped* out);
Status MapRansac(const Value& est, const MapContext& ctx, Mapped* out);
// GridSearchCV, RandomizedSearchCV, HalvingGridSearchCV,
// HalvingRandomSearchCV (model_selection.cc): best_estimator_'s model, and
// the best candidate's cross-validation score when the search is saved.
Status MapSearchCV(const Value& est, const MapContext& ctx, Mapped* out);
// FixedThresholdClassifier, TunedThresholdClassifierCV (model_selection.cc):
// a ThresholdClassifier around estimator_'s model.
Status MapThresholdClassifier(const Value& est, const MapContext& ctx,
                              Mapped* out);
// VotingClassifier, VotingRegressor (ensemble.cc): a Voting of estimators_.
Status MapVoting(const Value& est, const MapContext& ctx, Mapped* out);
Status MapKMeans(const Value& est, const MapContext& ctx, Mapped* out);
Status MapDummyRegressor(const Value& est, const MapContext& ctx, Mapped* out);
Status MapDummyClassifier(const Value& est, const MapContext& ctx, Mapped* out);
Status MapIsotonicRegression(const Value& est, const MapContext& ctx,
                             Mapped* out);
Status MapBisectingKMeans(const Value& est, const MapContext& ctx, Mapped* out);
Status MapGaussianMixture(const Value& est, const MapContext& ctx, Mapped* out);
Status MapIsolationForest(const Value& est, const MapContext& ctx, Mapped* out);
Status MapNearestCentroid(const Value& est, const MapContext& ctx, Mapped* out);
Status MapKNeighborsClassifier(const Value& est, const MapContext& ctx,
                               Mapped* out);
Status MapKNeighborsRegressor(const Value& est, const MapContext& ctx,
                              Mapped* out);
Status MapRadiusNeighborsClassifier(const Value& est, const MapContext& ctx,
                                    Mapped* out);
Status MapRadiusNeighborsRegressor(const Value& est, const MapContext& ctx,
                                   Mapped* out);
Status MapLocalOutlierFactor(const Value& est, const MapContext& ctx,
                             Mapped* out);
Status MapSgdClassifier(const Value& est, const MapContext& ctx, Mapped* out);
Status MapDecisionTreeClassifier(const Value& est, const MapContext& ctx,
                                 Mapped* out);
Status MapDecisionTreeRegressor(const Value& est, const MapContext& ctx,
                                Mapped* out);
Status MapForestClassifier(const Value& est, const MapContext& ctx,
                           Mapped* out);
Status MapForestRegressor(const Value& est, const MapContext& ctx, Mapped* out);
Status MapGradientBoostingClassifier(const Value& est, const MapContext& ctx,
                                     Mapped* out);
Status MapGradientBoostingRegressor(const Value& est, const MapContext& ctx,
                                    Mapped* out);
Status MapHistGradientBoostingClassifier(const Value& est,
                                         const MapContext& ctx, Mapped* out);
Status MapHistGradientBoostingRegressor(const Value& est, const MapContext& ctx,
                                        Mapped* out);
Status MapStandardScaler(const Value& est, const MapContext& ctx, Mapped* out);
Status MapMinMaxScaler(const Value& est, const MapContext& ctx, Mapped* out);
Status MapMaxAbsScaler(const Value& est, const MapContext& ctx, Mapped* out);
Status MapRobustScaler(const Value& est, const MapContext& ctx, Mapped* out);
Status MapNormalizer(const Value& est, const MapContext& ctx, Mapped* out);
Status MapBinarizer(const Value& est, const MapContext& ctx, Mapped* out);
Status MapPipeline(const Value& est, const MapContext& ctx, Mapped* out);
Status MapColumnTransformer(const Value& est, const MapContext& ctx,
                            Mapped* out);
Status MapOneHotEncoder(const Value& est, const MapContext& ctx, Mapped* out);
Status MapOrdinalEncoder(const Value& est, const MapContext& ctx, Mapped* out);
Status MapSimpleImputer(const Value& est, const MapContext& ctx, Mapped* out);
Status MapKBinsDiscretizer(const Value& est, const MapContext& ctx,
                           Mapped* out);
Status MapPowerTransformer(const Value& est, const MapContext& ctx,
                           Mapped* out);
Status MapSvc(const Value& est, const MapContext& ctx, Mapped* out);
Status MapNuSvc(const Value& est, const MapContext& ctx, Mapped* out);
Status MapSvr(const Value& est, const MapContext& ctx, Mapped* out);
Status MapNuSvr(const Value& est, const MapContext& ctx, Mapped* out);
Status MapOneClassSvm(const Value& est, const MapContext& ctx, Mapped* out);
Status MapKernelRidge(const Value& est, const MapContext& ctx, Mapped* out);
Status MapGaussianNb(const Value& est, const MapContext& ctx, Mapped* out);
Status MapMultinomialNb(const Value& est, const MapContext& ctx, Mapped* out);
Status MapComplementNb(const Value& est, const MapContext& ctx, Mapped* out);
Status MapBernoulliNb(const Value& est, const MapContext& ctx, Mapped* out);
Status MapCategoricalNb(const Value& est, const MapContext& ctx, Mapped* out);
Status MapMlpClassifier(const Value& est, const MapContext& ctx, Mapped* out);
Status MapMlpRegressor(const Value& est, const MapContext& ctx, Mapped* out);
Status MapPca(const Value& est, const MapContext& ctx, Mapped* out);
Status MapIncrementalPca(const Value& est, const MapContext& ctx, Mapped* out);
Status MapTruncatedSvd(const Value& est, const MapContext& ctx, Mapped* out);
Status MapQuantileTransformer(const Value& est, const MapContext& ctx,
                              Mapped* out);
Status MapTargetEncoder(const Value& est, const MapContext& ctx,
                        Mapped* out);  // h-tenc
Status MapFeatureUnion(const Value& est, const MapContext& ctx, Mapped* out);
Status MapSplineTransformer(const Value& est, const MapContext& ctx,
                            Mapped* out);
Status MapPolynomialFeatures(const Value& est, const MapContext& ctx,
                             Mapped* out);
Status MapFunctionTransformer(const Value& est, const MapContext& ctx,
                              Mapped* out);
Status MapTransformedTargetRegressor(const Value& est, const MapContext& ctx,
                                     Mapped* out);
// h-sel: feature selectors (mapper/feature_selection.cc,
// mapper/select_from_model.cc).
Status MapVarianceThreshold(const Value& est, const MapContext& ctx,
                            Mapped* out);
Status MapSelectKBest(const Value& est, const MapContext& ctx, Mapped* out);
Status MapSelectPercentile(const Value& est, const MapContext& ctx,
                           Mapped* out);
Status MapSupportSelector(const Value& est, const MapContext& ctx, Mapped* out);
Status MapSelectFpr(const Value& est, const MapContext& ctx, Mapped* out);
Status MapSelectFdr(const Value& est, const MapContext& ctx, Mapped* out);
Status MapSelectFwe(const Value& est, const MapContext& ctx, Mapped* out);
Status MapLinearDiscriminant(const Value& est, const MapContext& ctx,
                             Mapped* out);
Status MapQuadraticDiscriminant(const Value& est, const MapContext& ctx,
                                Mapped* out);
Status MapGenericUnivariateSelect(const Value& est, const MapContext& ctx,
                                  Mapped* out);
Status MapSelectFromModel(const Value& est, const MapContext& ctx, Mapped* out);
Status MapMissingIndicator(const Value& est, const MapContext& ctx,
                           Mapped* out);
// A fitted MissingIndicator's features_ (SimpleImputer's indicator_ too):
// strictly increasing feature indices below n (E1114 otherwise).
Result<std::vector<uint64_t>> IndicatorFeatures(const Value& indicator,
                                                uint64_t n);
// A FunctionTransformer's func / inverse_func: nullopt for None (the
// identity), else one of the allowed numpy ufuncs (E1121 naming any other
// function by module and qualname).
Result<std::optional<Ufunc>> FunctionOf(const Value& est,
                                        std::string_view field);
// validate, accept_sparse False; kw_args, inv_kw_args None or {} (E1121).
Status CheckFunctionTransformerParams(const Value& est);
// The estimator whose n_features_in_ and feature_names_in_ `est` has (itself,
// or through Pipelines' and FeatureUnions' first steps), or an error value.
Value InputOwner(const Value& est);

}  // namespace modelseal::mapper

#endif  // MODELSEAL_MAPPER_COMMON_H_

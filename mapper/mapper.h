// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// The mappers: from a fitted scikit-learn estimator's state tree
// (mapper/state.h) to a Model. One mapper per estimator family, in its own
// file (linear.cc, tree.cc, gradient_boosting.cc, hist_gradient_boosting.cc,
// preprocessing.cc, pipeline.cc); one registry (registry.cc) keyed by the
// exact (module, qualname) scikit-learn pickles the class under — the same
// in every supported release, 1.4 to 1.9. A subclass, or a class under
// another name, is not supported (it may change behaviour).
//
// Version differences are handled in the mappers, from the `_sklearn_version`
// the estimator's state records (the release that fitted or pickled it),
// falling back to the running release given in MapOptions.
#ifndef MODELSEAL_MAPPER_MAPPER_H_
#define MODELSEAL_MAPPER_MAPPER_H_

#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "mapper/state.h"
#include "modelseal/error.h"
#include "modelseal/model.h"

namespace modelseal::mapper {

struct SklearnVersion {
  int major = 0, minor = 0, patch = 0;
  auto operator<=>(const SklearnVersion&) const = default;
};
// "1.4.2" -> {1, 4, 2}: the first three dot-separated parts, each reduced
// to its digits ("1.5.dev0" -> {1, 5, 0}; an empty part is 0).
SklearnVersion ParseSklearnVersion(std::string_view version);
// kSklearnVersion unless 1.4 <= major.minor <= 1.9.
[[nodiscard]] Status CheckSklearnVersion(std::string_view version);

struct MapOptions {
  // The running scikit-learn's version, used when the state has none.
  std::string running_sklearn_version;
  // The scipy whose special.logit evaluates GradientBoosting's binary
  // init at predict time: 1.15 and later use log1p near 0.5, earlier
  // releases log(p / (1 - p)). Empty: the newer formula.
  std::string scipy_version;
  // Elementwise log and exp, in place, of the numpy that evaluates the
  // multiclass GradientBoosting init at predict time. numpy's SIMD log/exp
  // (AVX-512 CPUs) can differ from the C library's by an ulp, so save()
  // passes numpy's ufuncs; unset (the importer): the C library's.
  std::function<void(std::vector<double>&)> numpy_log;
  std::function<void(std::vector<double>&)> numpy_exp;
  StateLimits limits;
};

// What one estimator maps to.
struct Mapped {
  Estimator estimator;
  OutputSpec output;
};

// Shared by the mappers of one tree.
class MapContext {
 public:
  explicit MapContext(SklearnVersion version, bool scipy_logit_log1p = true,
                      const MapOptions* options = nullptr)
      : version_(version),
        scipy_logit_log1p_(scipy_logit_log1p),
        options_(options) {}
  SklearnVersion version() const { return version_; }
  // Whether scipy.special.logit uses log1p near 0.5 (scipy >= 1.15).
  bool scipy_logit_log1p() const { return scipy_logit_log1p_; }
  // The running scipy's version (MapOptions::scipy_version; empty when not
  // known).
  std::string_view scipy_version() const {
    return options_ == nullptr ? std::string_view()
                               : std::string_view(options_->scipy_version);
  }
  // numpy.log / numpy.exp of every element (MapOptions::numpy_log/_exp, or
  // the C library's).
  void NumpyLog(std::vector<double>& v) const;
  void NumpyExp(std::vector<double>& v) const;
  // Maps the estimator at `v` (its path is the estimator's context):
  // looks its class up in the registry, checks that it is fitted, runs its
  // mapper, which fills `out`.
  [[nodiscard]] Status Map(const Value& v, Mapped* out) const;
  // Map where a transformer is needed (a Pipeline step before the last, a
  // ColumnTransformer or FeatureUnion member, and the last step of a
  // Pipeline that stands there itself): an estimator that is both a
  // classifier and a transformer (LinearDiscriminantAnalysis) maps to its
  // transform.
  [[nodiscard]] Status MapTransformer(const Value& v, Mapped* out) const;
  // Whether the estimator being mapped stands where a transformer is
  // needed (it was reached through MapTransformer).
  bool as_transformer() const { return as_transformer_; }
  // Whether the estimator being mapped is inside a ColumnTransformer whose
  // output is dense (sparse_output_ false): a sparse OneHotEncoder output is
  // then densified, so the encoder's sparse_output does not matter.
  bool in_dense_column_transformer() const { return dense_groups_ > 0; }
  void EnterDenseColumnTransformer() const { ++dense_groups_; }
  void LeaveDenseColumnTransformer() const { --dense_groups_; }
  // Whether the estimator being mapped is the one saved (not inside
  // another): a search records its score only then.
  bool at_root() const { return depth_ == 1; }
  // A cross-validation score the saved estimator carries (a search's best
  // candidate's), for the model's metadata.cv_scores.
  void RecordCvScore(CvScore s) const { cv_scores_.push_back(std::move(s)); }
  std::vector<CvScore> TakeCvScores() const { return std::move(cv_scores_); }

 private:
  SklearnVersion version_;
  bool scipy_logit_log1p_;
  const MapOptions* options_;
  mutable int depth_ = 0;         // estimators being mapped inside each other
  mutable int dense_groups_ = 0;  // dense ColumnTransformers being mapped
  mutable bool as_transformer_ = false;     // of the estimator being mapped
  mutable bool want_transformer_ = false;   // for the next Map
  mutable std::vector<CvScore> cv_scores_;  // RecordCvScore's
};

// Maps a whole model (input spec, output spec, estimator; of the metadata
// only the cv_scores a saved search records) from the state tree of a fitted
// estimator. Checks the tree against options.limits first. Errors name the path
// from "estimator".
[[nodiscard]] Result<Model> MapModel(const Node& root,
                                     const MapOptions& options);

// The class names the registry knows, sorted.
std::vector<std::string> SupportedEstimators();

}  // namespace modelseal::mapper

#endif  // MODELSEAL_MAPPER_MAPPER_H_

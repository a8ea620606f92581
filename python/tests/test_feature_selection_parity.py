# Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
"""Feature selectors and MissingIndicator (h-sel). VarianceThreshold,
SelectKBest, SelectPercentile, RFE, RFECV and SequentialFeatureSelector are
each exported as a FeatureSelector with the columns its get_support() mask
selects; MissingIndicator as a MissingIndicator (bool output as 1.0 / 0.0).
Compared with scikit-learn on held-out data alone, in a Pipeline before a
predictor and inside a ColumnTransformer, with NaN where the estimator
accepts it. Transforms copy columns or compare values: bit-exact
(np.array_equal)."""

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import (AdaBoostClassifier, ExtraTreesClassifier,
                              ExtraTreesRegressor, GradientBoostingClassifier,
                              GradientBoostingRegressor,
                              HistGradientBoostingRegressor,
                              RandomForestClassifier, RandomForestRegressor)
from sklearn.feature_selection import (RFE, RFECV, GenericUnivariateSelect,
                                       SelectFdr, SelectFpr, SelectFromModel,
                                       SelectFwe, SelectKBest,
                                       SelectPercentile,
                                       SequentialFeatureSelector,
                                       VarianceThreshold, f_classif,
                                       f_regression)
from sklearn.impute import MissingIndicator, SimpleImputer
from sklearn.linear_model import (Lasso, LinearRegression, LogisticRegression,
                                  Ridge)
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import LinearSVC
from sklearn.tree import (DecisionTreeClassifier, DecisionTreeRegressor,
                          ExtraTreeClassifier, ExtraTreeRegressor)

import modelseal
from compare import assert_same, quiet


def refuse(est, match):
    with pytest.raises(modelseal.UnsupportedEstimatorError, match=match):
        modelseal.save(est, "/nonexistent/x.seal", name="x", version=1,
                       source=None)


def data(n=240, seed=0, width=8):
    """Columns of different spreads, a constant column (3) and a copy of
    column 0 (6: equal scores, a tie)."""
    rng = np.random.RandomState(seed)
    X = rng.normal(0, 1, size=(n, width)) * np.arange(1, width + 1)
    X[:, 3] = 2.5
    X[:, 6] = X[:, 0]
    y = (X[:, 0] + 0.3 * X[:, 1] - 0.1 * X[:, 4] > 0).astype(int)
    return X, y


def same_transform(est, model, X):
    want = quiet(est.transform, X)
    got = model.transform(X)
    assert np.array_equal(np.asarray(got, dtype=np.float64),
                          np.asarray(want, dtype=np.float64), equal_nan=True)


def same_nan_check(est, model, X_nan):
    """X_nan transformed as scikit-learn does, or refused (E903) where
    scikit-learn's transform raises (the allow_nan tag says finite)."""
    try:
        want = quiet(est.transform, X_nan)
    except ValueError:
        with pytest.raises(modelseal.InputError, match="E903"):
            model.transform(X_nan)
    else:
        assert np.array_equal(model.transform(X_nan), want, equal_nan=True)


def with_missing(X, seed=5, share=0.1):
    X = X.copy()
    rng = np.random.RandomState(seed)
    X[rng.rand(*X.shape) < share] = np.nan
    return X


@pytest.mark.parametrize("threshold", [0.0, 0.5, 4.0, 30.0])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_variance_threshold(threshold, dtype, roundtrip):
    X, _ = data()
    est = VarianceThreshold(threshold=threshold).fit(with_missing(X))
    model = roundtrip(est)
    X_new = with_missing(data(seed=1)[0], seed=7).astype(dtype)
    X_new[3, 2] = np.inf  # allow_nan: transform checks nothing
    X_new[4, 5] = -np.inf
    same_transform(est, model, X_new)


@pytest.mark.parametrize("k", [1, 2, 5, 7, 8, "all"])
def test_select_k_best(k, roundtrip):
    X, y = data()
    # f_classif: the constant column's score is NaN (finfo.min in the
    # ranking), columns 0 and 6 tie.
    est = quiet(SelectKBest(f_classif, k=k).fit, X, y)
    model = roundtrip(est)
    same_transform(est, model, data(seed=2)[0])


@pytest.mark.parametrize(
    "percentile", [1, 10, 12.5, 25, 33.3, 50, 62.5, 75, 99, 100])
def test_select_percentile(percentile, roundtrip):
    X, y = data()
    est = quiet(SelectPercentile(f_classif, percentile=percentile).fit, X, y)
    if not est.get_support().any():
        # 1%, 10%: the two top scores tie at the threshold and
        # int(8 * p / 100) = 0 ties are kept: scikit-learn selects nothing.
        assert percentile < 12.5
        refuse(est, "selects no feature")
        return
    model = roundtrip(est)
    same_transform(est, model, data(seed=2)[0])


def test_select_percentile_mask_on_random_scores(roundtrip):
    """The mask as scikit-learn computes it (np.percentile's interpolation
    and the ties rule) on many score vectors full of ties and NaN."""
    X, y = data(width=12)
    rng = np.random.RandomState(3)
    X_new = data(seed=2, width=12)[0]
    checked = 0
    for trial in range(300):
        pct = [1, 5, 10, 20, 25, 30, 33.3, 40, 50, 60, 66.7, 75, 80, 90,
               99][trial % 15]
        est = quiet(SelectPercentile(f_classif, percentile=pct).fit, X, y)
        scores = rng.choice([0.0, 1.0, 2.0, 2.5, np.nan, 1e300, 7.25], 12)
        if trial % 3 == 0:
            scores = rng.normal(size=12)
        est.scores_ = scores
        if not est.get_support().any():
            refuse(est, "selects no feature")
            continue
        same_transform(est, roundtrip(est), X_new)
        checked += 1
    assert checked > 200


def test_select_k_best_mask_on_random_scores(roundtrip):
    X, y = data(width=10)
    rng = np.random.RandomState(4)
    X_new = data(seed=2, width=10)[0]
    for trial in range(150):
        est = quiet(SelectKBest(f_classif, k=1 + trial % 10).fit, X, y)
        est.scores_ = rng.choice([0.0, -1.0, 2.0, np.nan, -np.inf, np.inf],
                                 10)
        same_transform(est, roundtrip(est), X_new)


def test_univariate_refuse_nan_and_infinity(roundtrip):
    X, y = data()
    est = quiet(SelectKBest(f_classif, k=3).fit, X, y)
    model = roundtrip(est)
    X_new = data(seed=1)[0]
    X_new[7, 3] = np.nan  # a column the selection drops: still checked
    with pytest.raises(ValueError):
        est.transform(X_new)  # scikit-learn refuses too
    with pytest.raises(modelseal.InputError, match="E903"):
        model.transform(X_new)
    X_new[7, 3] = np.inf
    with pytest.raises(ValueError):
        est.transform(X_new)
    with pytest.raises(modelseal.InputError, match="E904"):
        model.transform(X_new)


def test_rfe_and_rfecv_in_pipeline(roundtrip):
    X, y = data()
    X_new = data(seed=3)[0]
    for sel in [RFE(LogisticRegression(), n_features_to_select=3),
                RFE(LogisticRegression(), n_features_to_select=0.5, step=2),
                RFECV(LogisticRegression(), cv=3)]:
        est = make_pipeline(StandardScaler(), sel,
                            LogisticRegression()).fit(X, y)
        model = roundtrip(est)
        assert_same("predict", model.predict(X_new), est.predict(X_new), True)
        assert_same("predict_proba", model.predict_proba(X_new),
                    est.predict_proba(X_new), False)
        same_transform(est[:2], roundtrip(est[:2]), X_new)


def test_sequential_selector_and_nan_through_hgb(roundtrip):
    X, y = data()
    target = X[:, 0] * 2 + X[:, 1]
    X_new = data(seed=3)[0]
    for direction in ["forward", "backward"]:
        sfs = SequentialFeatureSelector(LinearRegression(),
                                        n_features_to_select=3,
                                        direction=direction, cv=3)
        est = make_pipeline(sfs, Ridge()).fit(X, target)
        model = roundtrip(est)
        assert_same("predict", model.predict(X_new), est.predict(X_new),
                    False)
    # An estimator that allows NaN: the selector lets NaN (and infinity)
    # through to the next step.
    sfs = SequentialFeatureSelector(HistGradientBoostingRegressor(max_iter=5),
                                    n_features_to_select=2, cv=2)
    est = make_pipeline(sfs, HistGradientBoostingRegressor(max_iter=10))
    est.fit(with_missing(X), target)
    model = roundtrip(est)
    X_nan = with_missing(X_new, seed=9)
    assert_same("predict", model.predict(X_nan), est.predict(X_nan), True)
    same_transform(est[0], roundtrip(est[0]), X_nan)


def test_selectors_in_column_transformer(roundtrip):
    X, y = data()
    cols = list("abcdefgh")
    frame = pd.DataFrame(X, columns=cols)
    ct = ColumnTransformer(
        [("v", VarianceThreshold(1.0), ["a", "b", "c", "d"]),
         ("k", SelectKBest(f_regression, k=2), ["e", "f", "g", "h"])],
        remainder="passthrough")
    est = quiet(make_pipeline(ct, LogisticRegression()).fit, frame, y)
    model = roundtrip(est)
    X_new = pd.DataFrame(data(seed=4)[0], columns=cols)
    assert_same("predict", model.predict(X_new), est.predict(X_new), True)
    assert_same("predict_proba", model.predict_proba(X_new),
                est.predict_proba(X_new), False)
    fitted_ct = est[0]
    same_transform(fitted_ct, roundtrip(fitted_ct), X_new)


def test_refusals_name_the_parameter():
    X, y = data()
    est = quiet(SelectKBest(f_classif, k=2).fit, X, y)
    est.k = 0
    refuse(est, "k=0")
    pct = quiet(SelectPercentile(f_classif, percentile=10).fit, X, y)
    pct.percentile = 0
    refuse(pct, "percentile=0")
    vt = VarianceThreshold().fit(X)
    vt.threshold = 1e9
    refuse(vt, "threshold=")
    rfe = RFE(AdaBoostClassifier(n_estimators=3, random_state=0),
              n_features_to_select=2).fit(X, y)
    refuse(rfe, "estimator=AdaBoostClassifier")


@pytest.mark.parametrize("estimator", [
    DecisionTreeClassifier(random_state=0),
    ExtraTreeClassifier(random_state=0),
    RandomForestClassifier(n_estimators=5, random_state=0),
    GradientBoostingClassifier(n_estimators=5, random_state=0)],
    ids=lambda e: type(e).__name__)
def test_rfe_over_trees_checks_nan_as_the_release_does(estimator, roundtrip):
    """RFE's transform checks its input by the estimator's allow_nan tag,
    which for trees depends on the release, criterion and splitter."""
    X, y = data()
    rfe = RFE(estimator, n_features_to_select=3).fit(X, y)
    model = roundtrip(rfe)
    X_new = data(seed=3)[0]
    same_transform(rfe, model, X_new)
    X_new[5, 1] = np.nan
    same_nan_check(rfe, model, X_new)


# ---- MissingIndicator ----

def holes(X, missing, cols, seed, share=0.15):
    X = np.round(X.copy())
    rng = np.random.RandomState(seed)
    for c in cols:
        X[rng.rand(len(X)) < share, c] = missing
    return X


@pytest.mark.parametrize("features", ["missing-only", "all"])
@pytest.mark.parametrize("missing", [np.nan, -1, 0, 3])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_missing_indicator(features, missing, dtype, roundtrip):
    X, _ = data()
    X_fit = holes(X, missing, [0, 2, 5], seed=1)
    if not np.isnan(missing):
        X_fit[:, [1, 3, 4, 6, 7]] += 0.5  # no value equal to missing there
    est = MissingIndicator(missing_values=missing, features=features,
                           error_on_new=False)
    est.fit(X_fit.astype(dtype))
    model = roundtrip(est)
    X_new = holes(data(seed=2)[0], missing, [0, 1, 2], seed=3).astype(dtype)
    same_transform(est, model, X_new)
    assert est.transform(X_new).dtype == bool  # modelseal: 1.0 / 0.0


@pytest.mark.parametrize("missing", [np.nan, -1])
def test_missing_indicator_error_on_new(missing, roundtrip):
    X, _ = data()
    X_fit = holes(X, missing, [0, 2], seed=1)
    if not np.isnan(missing):
        X_fit[:, [1, 3, 4, 5, 6, 7]] += 0.5
    est = MissingIndicator(missing_values=missing, error_on_new=True)
    est.fit(X_fit)
    model = roundtrip(est)
    X_ok = holes(data(seed=2)[0], missing, [0, 2], seed=3)
    if not np.isnan(missing):
        X_ok[:, [1, 3, 4, 5, 6, 7]] += 0.5
    same_transform(est, model, X_ok)
    X_new = X_ok.copy()
    X_new[11, 5] = missing
    with pytest.raises(ValueError, match="have missing values in transform"):
        est.transform(X_new)
    with pytest.raises(modelseal.InputError, match="E914"):
        model.transform(X_new)


def test_missing_indicator_input_checks(roundtrip):
    X, _ = data()
    nan_est = MissingIndicator(error_on_new=False)
    nan_est.fit(holes(X, np.nan, [0], seed=1))
    num_est = MissingIndicator(missing_values=-1, error_on_new=False)
    num_est.fit(holes(X, -1, [0], seed=1))
    X_new = np.round(data(seed=2)[0])
    X_new[4, 3] = np.inf
    for est in (nan_est, num_est):
        with pytest.raises(ValueError):
            est.transform(X_new)
        with pytest.raises(modelseal.InputError, match="E904"):
            roundtrip(est).transform(X_new)
    X_new[4, 3] = np.nan
    same_transform(nan_est, roundtrip(nan_est), X_new)
    with pytest.raises(ValueError):
        num_est.transform(X_new)
    with pytest.raises(modelseal.InputError, match="E903"):
        roundtrip(num_est).transform(X_new)


def test_missing_indicator_in_union_and_column_transformer(roundtrip):
    from sklearn.pipeline import make_union
    X, y = data()
    X_fit = holes(X, np.nan, [0, 2, 5], seed=1)
    est = make_pipeline(make_union(SimpleImputer(), MissingIndicator()),
                        LogisticRegression()).fit(X_fit, y)
    model = roundtrip(est)
    X_new = holes(data(seed=2)[0], np.nan, [0, 2, 5], seed=3)
    assert_same("predict", model.predict(X_new), est.predict(X_new), True)
    assert_same("predict_proba", model.predict_proba(X_new),
                est.predict_proba(X_new), False)
    cols = list("abcdefgh")
    frame = pd.DataFrame(X_fit, columns=cols)
    ct = ColumnTransformer(
        [("m", MissingIndicator(features="all"), ["a", "c", "d"]),
         ("i", SimpleImputer(), ["a", "b", "c"])]).fit(frame)
    same_transform(ct, roundtrip(ct), pd.DataFrame(X_new, columns=cols))


def test_missing_indicator_refusals():
    X, _ = data()
    X_fit = holes(X, np.nan, [0], seed=1)
    refuse(MissingIndicator(sparse=True).fit(X_fit), "sparse=True")
    refuse(MissingIndicator(missing_values=0.1).fit(X),
           "missing_values=")
    refuse(MissingIndicator().fit(np.round(X)), "features_ is empty")


# ---- SelectFpr, SelectFdr, SelectFwe, GenericUnivariateSelect ----

def same_predictions(est, model, X):
    """A LogisticRegression after the selector: labels identical, the
    probabilities within the linear kernel's bound (predictor.h)."""
    assert_same("predict", model.predict(X), est.predict(X), True)
    assert_same("predict_proba", model.predict_proba(X),
                est.predict_proba(X), False)


@pytest.mark.parametrize("cls", [SelectFpr, SelectFdr, SelectFwe])
@pytest.mark.parametrize("alpha", [0.001, 0.05, 0.3, 1.0])
def test_pvalue_selectors(cls, alpha, roundtrip):
    X, y = data()
    est = quiet(cls(f_classif, alpha=alpha).fit, X, y)
    X_new = data(seed=1)[0]
    if not est.get_support().any():
        refuse(est, "selects no feature")
        return
    same_transform(est, roundtrip(est), X_new)


def test_pvalue_selector_masks_on_random_pvalues(roundtrip):
    """The masks on many p-value vectors with ties, NaN and values on the
    Benjamini-Hochberg bounds (k * alpha / n)."""
    X, y = data(width=10)
    X_new = data(seed=2, width=10)[0]
    rng = np.random.RandomState(6)
    checked = 0
    for trial in range(300):
        cls = [SelectFpr, SelectFdr, SelectFwe][trial % 3]
        alpha = [0.05, 0.1, 0.2, 0.5][trial % 4]
        est = quiet(cls(f_classif, alpha=alpha).fit, X, y)
        p = rng.choice([0.0, 0.005, 0.01, 0.02, 0.03, alpha, alpha / 10,
                        2 * alpha / 10, np.nan, 0.9], 10)
        if trial % 5 == 0:
            p = rng.uniform(0, 2 * alpha, 10)
        est.pvalues_ = p
        if not est.get_support().any():
            refuse(est, "selects no feature")
            continue
        same_transform(est, roundtrip(est), X_new)
        checked += 1
    assert checked > 150


@pytest.mark.parametrize("mode,param", [("percentile", 25), ("k_best", 3),
                                        ("k_best", "all"), ("fpr", 0.05),
                                        ("fdr", 0.05), ("fwe", 0.05)])
def test_generic_univariate_select(mode, param, roundtrip):
    X, y = data()
    est = quiet(GenericUnivariateSelect(f_classif, mode=mode,
                                        param=param).fit, X, y)
    same_transform(est, roundtrip(est), data(seed=1)[0])
    # In a Pipeline before a classifier.
    pipe = quiet(make_pipeline(
        GenericUnivariateSelect(f_classif, mode=mode, param=param),
        LogisticRegression()).fit, X, y)
    same_predictions(pipe, roundtrip(pipe), data(seed=3)[0])


def test_generic_univariate_select_refusals():
    X, y = data()
    # The default param 1e-5 with mode k_best: scikit-learn's transform
    # fails slicing with a float.
    est = quiet(GenericUnivariateSelect(f_classif, mode="k_best").fit, X, y)
    with pytest.raises(TypeError):
        est.transform(X)
    refuse(est, "mode='k_best'")


# ---- SelectFromModel ----

def from_model_data(n=300, seed=0, width=8):
    rng = np.random.RandomState(seed)
    X = rng.normal(0, 1, size=(n, width))
    y3 = (X[:, 0] + X[:, 2] > 0).astype(int) + (X[:, 5] > 0.5)
    return X, y3


@pytest.mark.parametrize("threshold", [None, "mean", "median", "1.25*mean",
                                       "0.5*median", 0.1])
@pytest.mark.parametrize("norm_order", [1, 2, np.inf])
def test_select_from_model_logistic(threshold, norm_order, roundtrip):
    X, y3 = from_model_data()
    # Multiclass: coef_ is 2-D, reduced by the norm over the classes.
    est = SelectFromModel(LogisticRegression(max_iter=500),
                          threshold=threshold, norm_order=norm_order)
    est.fit(X, y3)
    X_new = from_model_data(seed=1)[0]
    same_transform(est, roundtrip(est), X_new)
    pipe = make_pipeline(
        SelectFromModel(LogisticRegression(max_iter=500),
                        threshold=threshold, norm_order=norm_order),
        LogisticRegression()).fit(X, y3)
    same_predictions(pipe, roundtrip(pipe), X_new)


@pytest.mark.parametrize("max_features", [1, 3, 8])
def test_select_from_model_lasso_and_max_features(max_features, roundtrip):
    X, y3 = from_model_data()
    y = X[:, 0] * 2 + X[:, 3] - 0.05 * X[:, 6]
    # Lasso: 1-D coef_, the default threshold 1e-5 (an L1 model).
    est = SelectFromModel(Lasso(alpha=0.05)).fit(X, y)
    same_transform(est, roundtrip(est), from_model_data(seed=2)[0])
    est = SelectFromModel(LinearSVC(penalty="l1", dual=False, C=0.05),
                          threshold=-np.inf,
                          max_features=max_features).fit(X, y3 > 0)
    same_transform(est, roundtrip(est), from_model_data(seed=2)[0])


def test_select_from_model_thresholds_on_random_coefs(roundtrip):
    """Thresholds equal to a score (median of an odd count, means of
    equal scores) and ties under max_features: the mask exactly."""
    X, y3 = from_model_data(width=9)
    X_new = from_model_data(seed=4, width=9)[0]
    rng = np.random.RandomState(8)
    checked = 0
    for trial in range(200):
        threshold = ["mean", "median", "2*mean", "0.75*median", None,
                     0.5][trial % 6]
        est = SelectFromModel(LogisticRegression(max_iter=300),
                              threshold=threshold,
                              norm_order=[1, 2, np.inf][trial % 3],
                              max_features=[None, 4][trial % 2])
        est.fit(X, y3)
        coef = rng.choice([0.0, 0.1, -0.1, 0.3, 1.0 / 3, -0.7, 2.0],
                          est.estimator_.coef_.shape)
        if trial % 4 == 0:
            coef = rng.normal(size=coef.shape)
        est.estimator_.coef_ = coef
        if not est.get_support().any():
            refuse(est, "selects no feature")
            continue
        same_transform(est, roundtrip(est), X_new)
        checked += 1
    assert checked > 150


# Tree estimators: feature_importances_ is computed from the trees (not
# stored); the mapper computes it as scikit-learn does. A threshold equal to
# one feature's importance keeps that feature only if the importance is
# bit-identical, so these tests check the importances exactly.
TREE_SELECTORS = {
    "tree_classifier": lambda s: DecisionTreeClassifier(
        max_depth=5, random_state=s),
    "tree_regressor": lambda s: DecisionTreeRegressor(
        max_depth=6, random_state=s),
    "extra_tree_classifier": lambda s: ExtraTreeClassifier(random_state=s),
    "extra_tree_regressor": lambda s: ExtraTreeRegressor(
        criterion="absolute_error", max_depth=4, random_state=s),
    "forest_classifier": lambda s: RandomForestClassifier(
        n_estimators=15, max_depth=4, random_state=s),
    "forest_regressor": lambda s: RandomForestRegressor(
        n_estimators=12, max_depth=5, random_state=s),
    "extra_trees_classifier": lambda s: ExtraTreesClassifier(
        n_estimators=10, criterion="entropy", random_state=s),
    "extra_trees_regressor": lambda s: ExtraTreesRegressor(
        n_estimators=8, min_samples_leaf=3, random_state=s),
    "boosting_classifier": lambda s: GradientBoostingClassifier(
        n_estimators=12, max_depth=2, random_state=s),
    "boosting_regressor": lambda s: GradientBoostingRegressor(
        n_estimators=15, subsample=0.7, random_state=s),
}


def tree_target(name, X):
    if name.endswith("regressor"):
        return X[:, 0] * 2 + np.sin(X[:, 3]) - 0.3 * X[:, 6] ** 2
    return (X[:, 0] + X[:, 2] > 0).astype(int) + (X[:, 5] > 0.5)


@pytest.mark.parametrize("name", sorted(TREE_SELECTORS))
def test_select_from_model_trees(name, roundtrip):
    X, _ = from_model_data(width=9)
    y = tree_target(name, X)
    w = np.random.RandomState(3).uniform(0.2, 3.0, len(y))
    X_new = from_model_data(seed=5, width=9)[0]
    checked = 0
    for seed in range(3):
        base = TREE_SELECTORS[name](seed)
        fitted = clone(base).fit(X, y, sample_weight=w if seed == 1 else None)
        importances = fitted.feature_importances_
        thresholds = [None, "median", "1.5*mean", 0.02]
        # At an importance the feature stays, one ulp above it goes.
        thresholds += [float(v) for v in importances]
        thresholds += [float(np.nextafter(v, np.inf)) for v in importances]
        for i, threshold in enumerate(thresholds):
            est = SelectFromModel(clone(base), threshold=threshold,
                                  max_features=[None, 3][i % 2])
            est.fit(X, y, sample_weight=w if seed == 1 else None)
            if not est.get_support().any():
                refuse(est, "selects no feature")
                continue
            model = roundtrip(est)
            same_transform(est, model, X_new)
            checked += 1
    assert checked >= 50


@pytest.mark.parametrize("name", sorted(TREE_SELECTORS))
def test_select_from_model_trees_nan_as_the_release_does(name, roundtrip):
    """transform checks its input by the allow_nan tag of the estimator,
    which depends on the release, the class, criterion and splitter."""
    X, _ = from_model_data(width=9)
    est = SelectFromModel(TREE_SELECTORS[name](0)).fit(X, tree_target(name, X))
    model = roundtrip(est)
    X_new = from_model_data(seed=6, width=9)[0]
    X_new[2, 4] = np.nan
    same_nan_check(est, model, X_new)


def test_select_from_model_tree_in_a_pipeline(roundtrip):
    X, y3 = from_model_data(width=9)
    pipe = make_pipeline(
        SelectFromModel(RandomForestClassifier(n_estimators=10,
                                               random_state=0)),
        LogisticRegression()).fit(X, y3)
    same_predictions(pipe, roundtrip(pipe), from_model_data(seed=7,
                                                            width=9)[0])


def test_select_from_model_refusals():
    X, y3 = from_model_data()
    est = SelectFromModel(AdaBoostClassifier(n_estimators=3,
                                             random_state=0)).fit(X, y3)
    refuse(est, "AdaBoostClassifier")
    est = SelectFromModel(DecisionTreeClassifier(random_state=0),
                          importance_getter="coef_").fit(X, y3)
    refuse(est, "importance_getter='coef_'")
    est = SelectFromModel(LogisticRegression(),
                          importance_getter=lambda e: e.coef_).fit(X, y3)
    refuse(est, "importance_getter")
    est = SelectFromModel(LogisticRegression(),
                          threshold="1.5*max").fit(X, y3)
    refuse(est, "threshold")

# Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
"""NearestCentroid saved, signed, loaded through the sandbox and compared
with scikit-learn on held-out rows (a held-out split, fresh rows over the
fitted range, rows 10x and 100x beyond it, sign-flipped rows, zeros): the
euclidean and manhattan metrics, shrink_threshold, and from scikit-learn
1.6 the priors ("uniform", "empirical", an array) that decide whether
predict is the nearest centroid or the largest discriminant. Labels
identical; the methods present exactly where scikit-learn has them
(predict_proba, predict_log_proba and decision_function: euclidean, fitted
by 1.6 or later); decision_function within RTOL of the row's decision
scale, and so are predict_proba and predict_log_proba (they carry the
error of the differences between decision values). The tie rules: a row equidistant from two centroids goes to the
first class (ArgKmin keeps the first smallest), equal discriminants to the
first class (np.argmax). Run ``pytest -s test_nearest_centroid_parity.py``
to print the largest differences."""

import warnings

import numpy as np
import pandas as pd
import pytest
import sklearn
from sklearn import datasets
from sklearn.model_selection import train_test_split
from sklearn.neighbors import NearestCentroid
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

import modelseal
from compare import classification_split, held_out

# The bound stated in include/modelseal/predictor.h (NearestCentroid):
# decision values, probabilities and log-probabilities, relative to the
# row's scale (1 + max |d|).
RTOL = 1e-12
WORST = {}
VERSION = tuple(int(p) for p in sklearn.__version__.split(".")[:2])
HAS_PRIORS = VERSION >= (1, 6)
METHODS = ("predict_proba", "predict_log_proba", "decision_function")


def _note(key, value):
    WORST[key] = max(WORST.get(key, 0.0), float(value))


def _compare(key, est, model, Z):
    np.testing.assert_array_equal(model.predict(Z), est.predict(Z))
    for m in METHODS:
        assert hasattr(model, m) == hasattr(est, m), m
    if not hasattr(est, "predict_proba"):
        return
    want, got = est.decision_function(Z), model.decision_function(Z)
    assert got.shape == want.shape
    w2 = want.reshape(len(Z), -1)
    scale = 1 + np.abs(w2).max(axis=1)
    err = (np.abs(got.reshape(len(Z), -1) - w2).max(axis=1) / scale).max()
    _note(key + " decision", err)
    assert err <= RTOL, f"{key}: decision {err:.3g}"
    # A probability and a log-probability carry the error of the
    # differences d_i - max d: held to RTOL of the same row scale.
    want_p, got_p = est.predict_proba(Z), model.predict_proba(Z)
    perr = (np.abs(got_p - want_p).max(axis=1) / scale).max()
    _note(key + " proba", perr)
    assert perr <= RTOL, f"{key}: proba {perr:.3g}"
    with np.errstate(divide="ignore"):
        want_l, got_l = est.predict_log_proba(Z), model.predict_log_proba(Z)
    np.testing.assert_array_equal(np.isinf(got_l), np.isinf(want_l))
    fin = np.isfinite(want_l)
    diff = np.where(fin, np.abs(got_l - want_l), 0.0)
    lerr = (diff.max(axis=1) / scale).max()
    _note(key + " log_proba", lerr)
    assert lerr <= RTOL, f"{key}: log_proba {lerr:.3g}"


def _priors(kind, y):
    k = len(np.unique(y))
    if kind == "array":  # 1, 2, ..., k, normalised; a list, as scikit-learn
        # compares priors with "empirical" by ==
        return (np.arange(1, k + 1) / (k * (k + 1) / 2)).tolist()
    return kind


SETTINGS = {
    "euclidean": {},
    "manhattan": {"metric": "manhattan"},
    "shrink": {"shrink_threshold": 0.2},
    "manhattan-shrink": {"metric": "manhattan", "shrink_threshold": 0.5},
}
PRIORS = ["uniform", "empirical", "array"]


@pytest.mark.parametrize("ds", ["iris", "wine", "cancer", "digits",
                                "strings"])
@pytest.mark.parametrize("setting", list(SETTINGS))
def test_held_out(setting, ds, sealed):
    X_fit, X_test, y_fit, _ = classification_split(ds)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zero within-class variances
        est = NearestCentroid(**SETTINGS[setting]).fit(X_fit, y_fit)
    _compare(setting, est, sealed(est), held_out(X_fit, X_test))


@pytest.mark.skipif(not HAS_PRIORS, reason="priors came in scikit-learn 1.6")
@pytest.mark.parametrize("ds", ["iris", "wine", "cancer", "strings"])
@pytest.mark.parametrize("metric", ["euclidean", "manhattan"])
@pytest.mark.parametrize("priors", PRIORS)
def test_priors_held_out(priors, metric, ds, sealed):
    """Non-uniform priors (empirical on unbalanced classes, an array):
    predict is the largest discriminant; uniform ones keep the nearest
    centroid."""
    X_fit, X_test, y_fit, _ = classification_split(ds)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        est = NearestCentroid(metric=metric, priors=_priors(priors, y_fit))
        est.fit(X_fit, y_fit)
    model = sealed(est)
    rule = model._native.model_dict()["estimator"]["rule"]
    uniform = np.isclose(est.class_prior_, 1 / len(est.classes_)).all()
    assert rule == ("nearest" if uniform else "discriminant")
    _compare(f"{metric}-{priors}", est, model, held_out(X_fit, X_test))


def test_pipeline_dataframe_and_threads(sealed):
    X, y = datasets.load_wine(return_X_y=True, as_frame=True)
    X_fit, X_test, y_fit, _ = train_test_split(X, y, random_state=1)
    est = make_pipeline(StandardScaler(), NearestCentroid()).fit(X_fit, y_fit)
    Z = pd.DataFrame(held_out(X_fit.to_numpy(), X_test.to_numpy()),
                     columns=X.columns)
    one = sealed(est)
    _compare("pipeline", est, one, Z)
    two = sealed(est, n_threads=2)
    big = pd.concat([Z] * 40, ignore_index=True)
    np.testing.assert_array_equal(two.predict(big), one.predict(big))
    if hasattr(est, "predict_proba"):
        np.testing.assert_array_equal(two.predict_proba(big),
                                      one.predict_proba(big))


@pytest.mark.parametrize("metric", ["euclidean", "manhattan"])
def test_equidistant_row_goes_to_the_first_class(metric, sealed):
    """Centroids (0, 0) and (2, 0): a row on the bisector (1, t) is at the
    same distance from both (for euclidean also ||c||^2 - 2 x.c: 0 and
    4 - 4); pairwise_distances_argmin keeps the first smallest."""
    X = np.array([[-1.0, 0], [1, 0], [1, 0], [3, 0]])
    y = np.array(["left", "left", "right", "right"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a zero within-class variance
        est = NearestCentroid(metric=metric).fit(X, y)
    np.testing.assert_array_equal(est.centroids_, [[0.0, 0], [2, 0]])
    Z = np.array([[1.0, 0], [1, 3], [1, -5], [0.5, 0], [1.5, 0]])
    want = est.predict(Z)
    np.testing.assert_array_equal(want[:3], "left")
    np.testing.assert_array_equal(want[3:], ["left", "right"])
    np.testing.assert_array_equal(sealed(est).predict(Z), want)


@pytest.mark.skipif(not HAS_PRIORS, reason="priors came in scikit-learn 1.6")
def test_equal_discriminants_go_to_the_first_class(sealed):
    """Non-uniform priors with two equal ones and data whose arithmetic is
    exact (within-class standard deviation 1 on the first feature): a row
    on the bisector of those two centroids has equal discriminants;
    np.argmax keeps the first."""
    X = np.array([[-1.0, 0], [1, 0], [1, 0], [3, 0], [1, 9], [1, 10],
                  [1, 11]])
    y = np.array([0, 0, 1, 1, 2, 2, 2])
    est = NearestCentroid(priors=[0.4, 0.4, 0.2]).fit(X, y)
    assert est.within_class_std_dev_[0] == 1.0
    model = sealed(est)
    assert model._native.model_dict()["estimator"]["rule"] == "discriminant"
    Z = np.array([[1.0, 0], [1, 0], [0.5, 0], [1.5, 0]])
    d = est.decision_function(Z)
    np.testing.assert_array_equal(d[:2, 0], d[:2, 1])
    np.testing.assert_array_equal(est.predict(Z), [0, 0, 0, 1])
    np.testing.assert_array_equal(model.predict(Z), est.predict(Z))
    got = model.decision_function(Z)
    np.testing.assert_array_equal(got[:2, 0], got[:2, 1])


@pytest.mark.skipif(VERSION >= (1, 5),
                    reason="scikit-learn 1.5 allows euclidean and manhattan")
def test_other_metric_is_refused(sealed):
    X, y = datasets.load_iris(return_X_y=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # deprecated metric
        est = NearestCentroid(metric="chebyshev").fit(X, y)
    with pytest.raises(modelseal.UnsupportedEstimatorError,
                       match="metric 'chebyshev'"):
        sealed(est)


def test_report_largest_errors():
    """Prints the largest differences measured (pytest -s)."""
    for name, err in sorted(WORST.items()):
        print(f"\n{name}: {err:.3g}")

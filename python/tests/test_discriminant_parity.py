# Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
"""LinearDiscriminantAnalysis and QuadraticDiscriminantAnalysis saved,
signed, loaded through the sandbox and compared with scikit-learn on
held-out rows (a held-out split, fresh rows over the fitted range, rows 10x
and 100x beyond it, sign-flipped rows, zeros): labels identical;
decision_function within RTOL of the row's decision scale, predict_proba
within ATOL, predict_log_proba within RTOL of its magnitude (equal where
either is infinite). LinearDiscriminantAnalysis before another step is its
transform (a Projection), compared as a transform. Run
``pytest -s test_discriminant_parity.py`` to print the largest
differences."""

import warnings

import numpy as np
import pytest
import sklearn
from sklearn import datasets
from sklearn.decomposition import PCA
from sklearn.discriminant_analysis import (LinearDiscriminantAnalysis,
                                           QuadraticDiscriminantAnalysis)
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline, make_pipeline
from sklearn.preprocessing import StandardScaler

from compare import classification_split, held_out

# The bounds stated in include/modelseal/predictor.h (discriminant
# analysis): decision values relative to the row's scale (1 + max |d|),
# probabilities absolute.
RTOL = 1e-12
ATOL = 1e-12
WORST = {}
SKLEARN = tuple(int(p) for p in sklearn.__version__.split(".")[:2])


def _note(key, value):
    WORST[key] = max(WORST.get(key, 0.0), float(value))


def _compare(key, est, model, Z):
    np.testing.assert_array_equal(model.predict(Z), est.predict(Z))
    want, got = est.decision_function(Z), model.decision_function(Z)
    assert got.shape == want.shape
    w2 = want.reshape(len(Z), -1)
    scale = 1 + np.abs(w2).max(axis=1)
    err = (np.abs(got.reshape(len(Z), -1) - w2).max(axis=1) / scale).max()
    _note(key + " decision", err)
    assert err <= RTOL, f"{key}: decision {err:.3g}"
    want_p, got_p = est.predict_proba(Z), model.predict_proba(Z)
    _note(key + " proba", np.abs(got_p - want_p).max())
    np.testing.assert_allclose(got_p, want_p, rtol=0, atol=ATOL)
    with np.errstate(divide="ignore"):
        want_l, got_l = est.predict_log_proba(Z), model.predict_log_proba(Z)
    np.testing.assert_array_equal(np.isinf(got_l), np.isinf(want_l))
    fin = np.isfinite(want_l)
    lerr = (np.abs(got_l[fin] - want_l[fin]) /
            (1 + np.abs(want_l[fin]))).max()
    _note(key + " log_proba", lerr)
    assert lerr <= RTOL, f"{key}: log_proba {lerr:.3g}"


LDA = {
    "svd": lambda: LinearDiscriminantAnalysis(),
    "lsqr-shrinkage": lambda: LinearDiscriminantAnalysis(
        solver="lsqr", shrinkage="auto"),
    "eigen": lambda: LinearDiscriminantAnalysis(solver="eigen",
                                                shrinkage=0.1),
    "svd-priors": lambda: LinearDiscriminantAnalysis(priors=None,
                                                     tol=1e-6),
}


@pytest.mark.parametrize("ds", ["iris", "wine", "cancer", "strings"])
@pytest.mark.parametrize("name", list(LDA))
def test_lda_held_out(name, ds, sealed):
    X_fit, X_test, y_fit, _ = classification_split(ds)
    est = LDA[name]()
    if name == "svd-priors":
        k = len(np.unique(y_fit))
        est.set_params(priors=np.arange(1, k + 1) / (k * (k + 1) / 2))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # collinear variables
        est.fit(X_fit, y_fit)
    _compare("LDA", est, sealed(est), held_out(X_fit, X_test))


@pytest.mark.parametrize("solver", ["svd", "eigen"])
@pytest.mark.parametrize("ds", ["iris", "wine", "strings"])
def test_lda_transform_before_another_step(solver, ds, sealed):
    """LDA's transform (svd: (X - xbar_) @ scalings_, eigen: X @ scalings_;
    the first _max_components columns) in a transformer pipeline, a
    FeatureUnion and before a classifier."""
    X_fit, X_test, y_fit, _ = classification_split(ds)
    Z = held_out(X_fit, X_test)
    # eigen needs shrinkage where features are collinear (make_classification).
    kw = {"solver": solver} if solver == "svd" else \
        {"solver": solver, "shrinkage": 0.1}
    lda = LinearDiscriminantAnalysis(n_components=2, **kw)
    pipe = make_pipeline(StandardScaler(), lda, StandardScaler())
    union = FeatureUnion([("lda", LinearDiscriminantAnalysis(**kw)),
                          ("pca", PCA(2))])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        pipe.fit(X_fit, y_fit)
        union.fit(X_fit, y_fit)
    for est in (pipe, union):
        want, got = est.transform(Z), sealed(est).transform(Z)
        assert got.shape == want.shape and got.dtype == want.dtype
        err = (np.abs(got - want) / (1 + np.abs(want))).max()
        _note("LDA transform", err)
        assert err <= RTOL, f"transform {err:.3g}"
    clf = make_pipeline(
        StandardScaler(), LinearDiscriminantAnalysis(**kw),
        LogisticRegression())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        clf.fit(X_fit, y_fit)
    model = sealed(clf)
    np.testing.assert_array_equal(model.predict(Z), clf.predict(Z))
    np.testing.assert_allclose(model.predict_proba(Z), clf.predict_proba(Z),
                               rtol=0, atol=ATOL)


def test_lda_lsqr_has_no_transform(sealed):
    """scikit-learn's lsqr solver has no transform: refused before another
    step (it predicts as the last one)."""
    import modelseal
    X_fit, _, y_fit, _ = classification_split("iris")
    # A Pipeline cannot fit it (fit_transform raises): steps fitted alone.
    est = Pipeline([
        ("lda", LinearDiscriminantAnalysis(solver="lsqr").fit(X_fit, y_fit)),
        ("lr", LogisticRegression().fit(X_fit[:, :2], y_fit))])
    with pytest.raises(modelseal.UnsupportedEstimatorError,
                       match="has no transform"):
        sealed(est)


def test_lda_log_proba_floor(sealed):
    """A zero probability: scikit-learn's predict_log_proba adds the
    smallest normal (log -708.4), not -inf."""
    X_fit, _, y_fit, _ = classification_split("cancer")
    est = LinearDiscriminantAnalysis().fit(X_fit, y_fit)
    Z = X_fit * 100
    want = est.predict_log_proba(Z)
    assert np.any(want == np.log(np.finfo(np.float64).smallest_normal))
    np.testing.assert_array_equal(sealed(est).predict_log_proba(Z), want)


def _qda_kwargs():
    out = {"plain": {}, "reg": {"reg_param": 0.1},
           "priors": {"priors": None}}
    if SKLEARN >= (1, 8):  # solver and shrinkage came with 1.8
        out["eigen-shrinkage"] = {"solver": "eigen", "shrinkage": 0.2}
    return out


@pytest.mark.parametrize("ds", ["iris", "wine", "cancer", "strings"])
@pytest.mark.parametrize("kind", list(_qda_kwargs()))
def test_qda_held_out(kind, ds, sealed):
    X_fit, X_test, y_fit, _ = classification_split(ds)
    kwargs = dict(_qda_kwargs()[kind])
    if kind == "priors":
        k = len(np.unique(y_fit))
        kwargs["priors"] = np.arange(1, k + 1) / (k * (k + 1) / 2)
    if ds == "cancer" and kind in ("plain", "priors"):
        kwargs["reg_param"] = 1e-3  # collinear features
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        est = make_pipeline(StandardScaler(),
                            QuadraticDiscriminantAnalysis(**kwargs))
        est.fit(X_fit, y_fit)
    _compare("QDA", est, sealed(est), held_out(X_fit, X_test))


def test_qda_identical_classes_tie_to_the_first(sealed):
    """Two classes fitted on the same rows: every decision value ties;
    predict is the first class (argmax), decision_function 0."""
    X = np.random.RandomState(0).normal(size=(40, 3))
    Xy = np.vstack([X, X])
    y = np.repeat(["no", "yes"], 40)
    est = QuadraticDiscriminantAnalysis().fit(Xy, y)
    model = sealed(est)
    Z = held_out(X)
    np.testing.assert_array_equal(est.predict(Z), "no")
    np.testing.assert_array_equal(model.predict(Z), est.predict(Z))
    np.testing.assert_array_equal(model.decision_function(Z),
                                  est.decision_function(Z))


def test_qda_zero_variance_is_refused(sealed):
    """A zero variance along a component makes scikit-learn's decision
    infinite (1.4 - 1.7 fit it from a constant feature with a warning; 1.8
    and later refuse to): refused at save."""
    import modelseal
    X, y = datasets.load_iris(return_X_y=True)
    est = QuadraticDiscriminantAnalysis().fit(X, y)
    est.scalings_[1][-1] = 0.0
    with pytest.raises(modelseal.UnsupportedEstimatorError,
                       match="reg_param"):
        sealed(est)


def test_report_largest_errors():
    """Prints the largest differences measured (pytest -s)."""
    for name, err in sorted(WORST.items()):
        print(f"\n{name}: {err:.3g}")

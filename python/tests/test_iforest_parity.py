# Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
"""scikit-learn's IsolationForest (the IsolationForest kind) saved with
modelseal.save, signed, loaded through the sandbox and evaluated by the
native engine, compared with scikit-learn's predict, decision_function and
score_samples on held-out rows (a held-out split, fresh rows over the
fitted range, rows 10x and 100x beyond it, sign-flipped rows, zeros):
contamination "auto" and a float, max_features < 1 and an int, bootstrap,
max_samples as an int and a float (and 1: a zero
denominator), inside a Pipeline, fitted on a DataFrame, fitted on sparse
X, warm_start, float32 input, NaN and infinity where the release accepts
them, several threads, and the methods present as in scikit-learn.

predict must be identical. The leaf path values are scikit-learn's own
(fitted attributes) and summed in its order, so the sum is bit-exact; the
final 2 ** -x is the C library's pow where numpy may use its own SIMD pow
(numpy 2.x on AVX512F: 5% of values 1 ulp apart). score_samples is held to
|got - want| <= BOUND_ULPS * eps * |want| (predictor.h states the bound);
decision_function is computed from it as scikit-learn does. Run ``pytest -s
test_iforest_parity.py`` to print the largest difference measured."""

import warnings

import numpy as np
import pandas as pd
import pytest
import sklearn
from sklearn import datasets
from sklearn.ensemble import IsolationForest
from sklearn.ensemble._iforest import _average_path_length
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

import modelseal
from compare import held_out

EPS = np.finfo(np.float64).eps
# The bound on score_samples, in eps of |score_samples| (predictor.h).
BOUND_ULPS = 2.0
VERSION = tuple(int(p) for p in sklearn.__version__.split(".")[:2])
# score_samples accepts NaN and infinity from 1.6 on (ensure_all_finite=
# False); 1.4 and 1.5 refuse them.
ACCEPTS_NONFINITE = VERSION >= (1, 6)

WORST = {"score_samples": 0.0}


def _data(name):
    if name == "blobs":
        X, _ = datasets.make_blobs(n_samples=600, n_features=5, centers=3,
                                   random_state=0)
        rng = np.random.RandomState(3)
        return np.vstack([X, rng.uniform(-20, 20, size=(30, 5))])
    X = getattr(datasets, f"load_{name}")(return_X_y=True)[0]
    return X


SETTINGS = {
    "auto": {},
    "contamination": {"contamination": 0.1},
    "max_features": {"max_features": 0.5, "contamination": 0.05},
    "bootstrap": {"bootstrap": True, "max_features": 3},
    "max_features_int": {"max_features": 2, "contamination": 0.15},
    "max_samples_int": {"max_samples": 64, "contamination": 0.2},
    "max_samples_float": {"max_samples": 0.3},
    "max_samples_one": {"max_samples": 1},
}


def _fit(est, X):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return est.fit(X)


def _compare(name, est, model, X):
    want = est.predict(X)
    got = model.predict(X)
    assert got.dtype == want.dtype and got.shape == want.shape
    assert np.array_equal(got, want), \
        f"{name}: labels differ at {np.flatnonzero(got != want)[:10]}"
    s_want, s_got = est.score_samples(X), model.score_samples(X)
    assert s_got.dtype == np.float64 and s_got.shape == s_want.shape
    ulps = np.abs(s_got - s_want) / (EPS * np.abs(s_want))
    WORST["score_samples"] = max(WORST["score_samples"], float(ulps.max()))
    assert ulps.max() <= BOUND_ULPS, f"{name}: {ulps.max():.3g} eps"
    d_want, d_got = est.decision_function(X), model.decision_function(X)
    assert d_got.dtype == np.float64 and d_got.shape == d_want.shape
    # decision_function = score_samples - offset_, both sides.
    final = est.steps[-1][1] if hasattr(est, "steps") else est
    assert np.array_equal(d_got, s_got - final.offset_)
    assert np.array_equal(d_want, s_want - final.offset_)


@pytest.mark.parametrize("ds", ["iris", "breast_cancer", "wine", "blobs"])
@pytest.mark.parametrize("setting", list(SETTINGS))
def test_held_out(setting, ds, sealed):
    X = _data(ds)
    X_fit, X_test = train_test_split(X, test_size=0.3, random_state=0)
    est = _fit(IsolationForest(n_estimators=30, random_state=0,
                               **SETTINGS[setting]), X_fit)
    model = sealed(est)
    _compare(f"{setting}@{ds}", est, model, held_out(X_fit, X_test))
    # The denominator, computed at save with numpy's log, is scikit-learn's.
    d = model._native.model_dict()["estimator"]
    assert d["denominator"] == \
        len(est.estimators_) * _average_path_length([est._max_samples])[0]
    assert d["offset"] == est.offset_


def test_methods(sealed):
    X = _data("iris")
    est = _fit(IsolationForest(n_estimators=10, random_state=0), X)
    model = sealed(est)
    for m in ("predict", "decision_function", "score_samples", "offset_"):
        assert hasattr(model, m) and hasattr(est, m), m
    # No classes_, predict_proba, predict_log_proba, transform or score, as
    # scikit-learn's.
    for m in ("classes_", "predict_proba", "predict_log_proba", "transform",
              "score"):
        assert not hasattr(model, m) and not hasattr(est, m), m
    with pytest.raises(modelseal.errors.MethodNotSupportedError,
                       match="outlier detector has no predict_proba"):
        model.predict_proba(X)
    assert model.n_features_in_ == 4
    assert model.offset_ == est.offset_ == -0.5
    assert model.predict(X).dtype == est.predict(X).dtype


def test_pipeline_dataframe_and_threads(sealed):
    X = _data("breast_cancer")
    df = pd.DataFrame(X, columns=[f"f{i}" for i in range(X.shape[1])])
    est = _fit(make_pipeline(StandardScaler(), IsolationForest(
        n_estimators=40, contamination=0.05, random_state=0)), df)
    one, two = sealed(est), sealed(est, n_threads=2)
    Zdf = pd.DataFrame(held_out(X), columns=df.columns)
    _compare("Pipeline-dataframe", est, one, Zdf)
    assert list(one.feature_names_in_) == list(df.columns)
    assert np.array_equal(two.predict(Zdf), one.predict(Zdf))
    assert np.array_equal(two.score_samples(Zdf), one.score_samples(Zdf))
    assert np.array_equal(two.decision_function(Zdf),
                          one.decision_function(Zdf))


def test_many_blocks_and_threads(sealed):
    X, _ = datasets.make_blobs(n_samples=6000, n_features=8, centers=5,
                               random_state=2)
    est = _fit(IsolationForest(n_estimators=100, random_state=0,
                               contamination=0.02), X[:3000])
    one, two = sealed(est), sealed(est, n_threads=2)
    _compare("many-blocks", est, one, X[3000:])
    assert np.array_equal(two.score_samples(X[3000:]),
                          one.score_samples(X[3000:]))
    # Single rows (the across-trees walk) equal the block walk.
    got = np.concatenate([one.score_samples(X[i:i + 1])
                          for i in range(3000, 3020)])
    assert np.array_equal(got, one.score_samples(X[3000:3020]))


def test_float32_input(sealed):
    # scikit-learn casts X to float32 either way: float32 input gives the
    # same answers as its float64 values.
    X = _data("wine")
    est = _fit(IsolationForest(n_estimators=25, random_state=0), X)
    model = sealed(est)
    Z = held_out(X)
    Z32 = Z.astype(np.float32)
    assert np.array_equal(model.score_samples(Z32),
                          model.score_samples(Z32.astype(np.float64)))
    _compare("float32", est, model, Z32)


def test_nonfinite_input(sealed):
    X = _data("iris")
    est = _fit(IsolationForest(n_estimators=25, random_state=0), X)
    model = sealed(est)
    Z = held_out(X)[:40].copy()
    Z[0, 1] = np.nan
    Z[1, :] = np.nan
    Z[2, 0] = np.inf
    Z[3, 3] = -np.inf
    Z[4, 2] = 1e300  # infinity once cast to float32
    if ACCEPTS_NONFINITE:
        _compare("nonfinite", est, model, Z)
    else:
        for row in range(5):
            with pytest.raises(ValueError):
                est.score_samples(Z[row:row + 1])
            with pytest.raises(modelseal.errors.InputError):
                model.score_samples(Z[row:row + 1])


def test_fitted_with_nan(sealed):
    # From 1.6 fit accepts NaN too (the trees' missing_go_to_left);
    # 1.4 and 1.5 refuse it at fit.
    X = _data("wine").copy()
    rng = np.random.RandomState(0)
    X[rng.rand(*X.shape) < 0.1] = np.nan
    est = IsolationForest(n_estimators=25, random_state=0,
                          contamination=0.1)
    if not ACCEPTS_NONFINITE:
        with pytest.raises(ValueError):
            est.fit(X)
        return
    _fit(est, X)
    Z = held_out(np.nan_to_num(X))
    Z[rng.rand(*Z.shape) < 0.1] = np.nan
    _compare("fitted-with-nan", est, sealed(est), Z)


def test_fitted_on_sparse_and_warm_start(sealed):
    # A model fitted on sparse (csc) X is the same kind of state; it is
    # evaluated on dense X, as scikit-learn does with dense input.
    import scipy.sparse as sp
    X = _data("breast_cancer")
    est = _fit(IsolationForest(n_estimators=20, random_state=0,
                               contamination=0.1), sp.csc_matrix(X))
    _compare("sparse-fit", est, sealed(est), held_out(X))
    # warm_start: trees added by a second fit; every tree's path lengths
    # are recomputed then.
    est = _fit(IsolationForest(n_estimators=10, warm_start=True,
                               random_state=0), X)
    est.set_params(n_estimators=25)
    _fit(est, X)
    assert len(est.estimators_) == 25
    _compare("warm-start", est, sealed(est), held_out(X))


def test_report_largest_errors():
    """Prints the largest difference measured (pytest -s)."""
    print(f"\nIsolationForest score_samples: max |got - want| / "
          f"(eps |want|) {WORST['score_samples']:.3g} "
          f"(scikit-learn {sklearn.__version__}, numpy {np.__version__})")

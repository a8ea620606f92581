# Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
"""Numeric preprocessing kinds of issue 13 (RobustScaler, ...): exported with
modelseal.save, evaluated by the native engine and compared with
scikit-learn on held-out data (with NaN where the estimator accepts it),
alone, in a Pipeline before a predictor and inside a ColumnTransformer.
Transforms are bit-exact; linear predictors after them within
compare.RTOL."""


import numpy as np
import pandas as pd
import pytest
from sklearn.compose import ColumnTransformer
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import Binarizer, Normalizer, RobustScaler
from sklearn.tree import DecisionTreeClassifier

import modelseal
from compare import assert_same, quiet


def refuse(est, match):
    with pytest.raises(modelseal.UnsupportedEstimatorError, match=match):
        modelseal.save(est, "/nonexistent/x.seal", name="x", version=1,
                       source=None)


def numbers(n=200, seed=0, nan=0.1, width=5):
    """Skewed columns with outliers, a constant column (index 3) and NaN."""
    rng = np.random.RandomState(seed)
    X = rng.lognormal(0, 1.5, size=(n, width)) * rng.choice([-1, 1], (n, 1))
    X[:, 1] = rng.normal(3, 0.1, n)
    X[:, 3] = 7.0
    X[rng.rand(n, width) < nan] = np.nan
    return X


def same_transform(est, model, X):
    want = quiet(est.transform, X)
    got = model.transform(X)
    assert np.array_equal(np.asarray(got, dtype=np.float64),
                          np.asarray(want, dtype=np.float64), equal_nan=True)


ROBUST = [
    {},
    {"with_centering": False},
    {"with_scaling": False},
    {"with_centering": False, "with_scaling": False},
    {"quantile_range": (10.0, 90.0)},
    {"quantile_range": (5.0, 95.0), "unit_variance": True},
]


@pytest.mark.parametrize("setting", ROBUST, ids=str)
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_robust_scaler_transform(setting, dtype, roundtrip):
    est = quiet(RobustScaler(**setting).fit, numbers().astype(dtype))
    model = roundtrip(est)
    for X in (numbers(seed=1), numbers(seed=2, nan=0.0) * 1e3):
        same_transform(est, model, X.astype(dtype))
    # float32 held-out data through a model fitted on float64 and back.
    same_transform(est, model, numbers(seed=3).astype(np.float32))
    same_transform(est, model, numbers(seed=3))


def test_robust_scaler_in_pipeline_and_column_transformer(roundtrip):
    X = np.nan_to_num(numbers(nan=0.0))
    y = (X[:, 0] + X[:, 2] > 0).astype(int)
    X_new = np.nan_to_num(numbers(seed=5, nan=0.0))
    for est, methods in (
            (make_pipeline(RobustScaler(), LogisticRegression()),
             ("predict", "predict_proba", "decision_function")),
            (make_pipeline(RobustScaler(quantile_range=(5.0, 95.0)),
                           Ridge()), ("predict",)),
            (make_pipeline(RobustScaler(), DecisionTreeClassifier(
                random_state=0)), ("predict", "predict_proba"))):
        est.fit(X, y)
        model = roundtrip(est)
        for method in methods:
            assert_same(method, getattr(model, method)(X_new),
                        getattr(est, method)(X_new),
                        "Tree" in str(est), method)
    frame = pd.DataFrame(numbers(), columns=list("abcde"))
    frame_new = pd.DataFrame(numbers(seed=7), columns=list("abcde"))
    ct = ColumnTransformer(
        [("robust", RobustScaler(), ["a", "c"]),
         ("plain", RobustScaler(with_centering=False), ["e"])],
        remainder="passthrough").fit(frame)
    same_transform(ct, roundtrip(ct), frame_new)


def test_robust_scaler_refusals():
    X = numbers(nan=0.0)
    X[:, 2] = np.nan  # all NaN at fit: center_[2] and scale_[2] are NaN
    refuse(quiet(RobustScaler().fit, X), r"center_\[2\]")
    refuse(quiet(RobustScaler(with_centering=False).fit, X), r"scale_\[2\]")
    # unit_variance with equal quantiles divides by 0 at fit: scale_ inf;
    # with quantiles 0 and 100 by infinity: scale_ 0.
    refuse(quiet(RobustScaler(quantile_range=(50.0, 50.0),
                              unit_variance=True).fit, numbers(nan=0.0)),
           r"scale_\[0\]")
    refuse(quiet(RobustScaler(quantile_range=(0.0, 100.0),
                              unit_variance=True).fit, numbers(nan=0.0)),
           r"scale_\[0\]")


def test_robust_scaler_refuses_infinity_at_predict(roundtrip):
    model = roundtrip(RobustScaler().fit(numbers()))
    X = numbers(seed=1)
    X[3, 1] = np.inf
    with pytest.raises(modelseal.InputError, match="E904"):
        model.transform(X)


def rows(n=300, width=5, seed=0):
    """Rows of mixed signs and magnitudes, a zero row and a tiny one."""
    rng = np.random.RandomState(seed)
    X = rng.lognormal(0, 2, size=(n, width)) * rng.choice([-1, 1], (n, width))
    X[0] = 0
    X[1] = 1e-17
    return X


@pytest.mark.parametrize("norm", ["l1", "l2", "max"])
@pytest.mark.parametrize("width", [1, 3, 8, 9, 17, 40, 130, 300])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_normalizer_c_order_is_bit_exact(norm, width, dtype, roundtrip):
    est = Normalizer(norm=norm).fit(rows(width=width))
    model = roundtrip(est)
    X = rows(width=width, seed=1).astype(dtype)
    X[2] = np.float32(1e-7)  # a float32 norm below 10 eps32 stays 1
    same_transform(est, model, X)


@pytest.mark.parametrize("norm", ["l1", "l2", "max"])
def test_normalizer_dataframe_within_the_stated_bound(norm, roundtrip):
    """A DataFrame reaches normalize as an F-order array, which numpy sums
    left to right: predictor.h states n * eps relative for l1 / l2."""
    width = 40
    cols = [f"c{i}" for i in range(width)]
    est = Normalizer(norm=norm).fit(pd.DataFrame(rows(width=width),
                                                 columns=cols))
    model = roundtrip(est)
    frame = pd.DataFrame(rows(width=width, seed=2), columns=cols)
    within_bound(model.transform(frame), est.transform(frame), width, norm)


def within_bound(got, want, width, norm):
    rel = np.abs(got - want) / np.maximum(np.abs(want), 1e-300)
    assert rel.max() <= width * np.finfo(np.float64).eps
    if norm == "max":
        assert np.array_equal(got, want)


def test_normalizer_in_pipeline_and_column_transformer(roundtrip):
    X = rows()
    y = (X[:, 0] > X[:, 1]).astype(int)
    est = make_pipeline(RobustScaler(), Normalizer(), LogisticRegression())
    est.fit(X, y)
    model = roundtrip(est)
    X_new = rows(seed=3)
    assert_same("predict", model.predict(X_new), est.predict(X_new), True)
    assert_same("predict_proba", model.predict_proba(X_new),
                est.predict_proba(X_new), False)
    # A column selection is F-order: summed left to right, which for fewer
    # than 8 columns is numpy's pairwise sum too (l1), not einsum's (l2).
    ct = ColumnTransformer([("n", Normalizer(norm="l1"), [0, 2, 4]),
                            ("m", Normalizer(norm="max"), [1, 3])]).fit(X)
    same_transform(ct, roundtrip(ct), X_new)
    wide = rows(width=30)
    ct = ColumnTransformer([("l2", Normalizer(), list(range(1, 30))),
                            ("l1", Normalizer(norm="l1"),
                             list(range(0, 30, 2)))]).fit(wide)
    within_bound(roundtrip(ct).transform(rows(width=30, seed=3)),
                 ct.transform(rows(width=30, seed=3)), 29, "l2")


def test_normalizer_refuses_nan_and_infinity(roundtrip):
    model = roundtrip(Normalizer().fit(rows()))
    X = rows(seed=1)
    X[5, 2] = np.nan
    with pytest.raises(ValueError):
        Normalizer().fit(rows()).transform(X)  # scikit-learn refuses too
    with pytest.raises(modelseal.InputError, match="E903"):
        model.transform(X)
    X[5, 2] = np.inf
    with pytest.raises(modelseal.InputError, match="E904"):
        model.transform(X)


@pytest.mark.parametrize("threshold", [0.0, 0.1, -1.5, 2, 1e300])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_binarizer(threshold, dtype, roundtrip):
    est = Binarizer(threshold=threshold).fit(rows())
    model = roundtrip(est)
    X = rows(seed=1)
    X[:5, 0] = [0.1, np.float32(0.1), -1.5, 2, 0]  # values at thresholds
    same_transform(est, model, X.astype(dtype))


def test_binarizer_in_pipeline_and_column_transformer(roundtrip):
    X = rows()
    y = (X[:, 0] > X[:, 1]).astype(int)
    est = make_pipeline(Binarizer(threshold=0.5),
                        DecisionTreeClassifier(random_state=0)).fit(X, y)
    model = roundtrip(est)
    X_new = rows(seed=4)
    assert_same("predict", model.predict(X_new), est.predict(X_new), True)
    assert_same("predict_proba", model.predict_proba(X_new),
                est.predict_proba(X_new), True)
    frame = pd.DataFrame(rows(), columns=list("abcde"))
    ct = ColumnTransformer([("b", Binarizer(), ["a", "b"]),
                            ("r", RobustScaler(), ["c"])],
                           remainder="drop").fit(frame)
    same_transform(ct, roundtrip(ct),
                   pd.DataFrame(X_new, columns=list("abcde")))


def test_binarizer_refuses_nan_and_infinity(roundtrip):
    model = roundtrip(Binarizer().fit(rows()))
    X = rows(seed=1)
    X[7, 1] = np.nan
    with pytest.raises(ValueError):
        Binarizer().fit(rows()).transform(X)  # scikit-learn refuses too
    with pytest.raises(modelseal.InputError, match="E903"):
        model.transform(X)
    X[7, 1] = -np.inf
    with pytest.raises(modelseal.InputError, match="E904"):
        model.transform(X)

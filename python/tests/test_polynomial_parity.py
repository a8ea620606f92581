# Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
"""PolynomialFeatures exported with modelseal.save and evaluated by the
native engine, compared with scikit-learn's dense transform on held-out data
(values far beyond the fitted range, products that overflow to infinity and
then meet a zero): bit-exact in float64 and in float32, alone, inside a
Pipeline before a predictor and inside a ColumnTransformer. NaN and infinity
are refused as scikit-learn refuses them; an expansion beyond the width limit
or with no output is refused at save, naming the parameter (E1121)."""

import itertools

import numpy as np
import pandas as pd
import pytest
from sklearn.compose import ColumnTransformer
from sklearn.linear_model import Ridge
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import PolynomialFeatures, StandardScaler

import modelseal
from compare import quiet


def data(n=300, d=4, seed=0):
    rng = np.random.RandomState(seed)
    return rng.normal(size=(n, d)) * rng.lognormal(size=d)


def held_out(d=4, seed=1):
    """Fresh rows, rows far beyond the fitted range (products overflow to
    infinity, and infinity times a zero is NaN in a higher degree), zeros,
    negative zeros and subnormal values."""
    X = data(200, d, seed)
    X[:10] *= 1e80
    X[10:20] *= 1e160
    X[20:25, 0] = 0.0
    X[25:30, 1] = -0.0
    X[30:35] *= 1e-310
    X32 = X.copy()
    X32[:10] /= 1e62  # float32: finite, ~1e18, so the cubes overflow
    X32[10:20] /= 1e140
    X32[30:35] *= 1e270
    return X, X32.astype(np.float32)


def same(a, b):
    return a.shape == b.shape and np.array_equal(a, b, equal_nan=True)


DEGREES = [0, 1, 2, 3, (0, 2), (1, 3), (2, 2), (2, 4), (3, 3), (4, 4)]
SETTINGS = [dict(degree=d, interaction_only=i, include_bias=b, order=o)
            for d, i, b, o in itertools.product(DEGREES, (False, True),
                                                (True, False), ("C", "F"))
            if not (d in (0, (0, 0)) and not b)]


@pytest.mark.parametrize("setting", SETTINGS, ids=str)
def test_polynomial_transform_bit_exact(setting, roundtrip):
    est = PolynomialFeatures(**setting).fit(data())
    model = roundtrip(est)
    X, X32 = held_out()
    want = quiet(est.transform, X)
    assert same(model.transform(X), want)
    # float32 input: scikit-learn keeps it float32, every product rounded.
    want32 = quiet(est.transform, X32)
    assert want32.dtype == np.float32
    assert same(model.transform(X32), want32.astype(np.float64))


def test_polynomial_float32_rounding_is_visible(roundtrip):
    est = PolynomialFeatures(degree=3).fit(data())
    model = roundtrip(est)
    _, X32 = held_out()
    got = model.transform(X32)
    assert not np.array_equal(
        got, quiet(est.transform, X32.astype(np.float64)), equal_nan=True)
    assert np.isinf(got).any()  # float32 cubes beyond its range


@pytest.mark.parametrize("dtype", [np.float64, np.float32], ids=str)
def test_polynomial_in_pipeline_before_ridge(dtype, roundtrip):
    X = data()
    y = X[:, 0] * X[:, 1] - X[:, 2] ** 2 + 0.5 * X[:, 3]
    for setting in (dict(degree=2), dict(degree=(2, 3), include_bias=False),
                    dict(degree=3, interaction_only=True)):
        pipe = make_pipeline(StandardScaler(), PolynomialFeatures(**setting),
                             Ridge(alpha=0.1)).fit(X, y)
        model = roundtrip(pipe)
        Xt = data(200, 4, 5).astype(dtype)
        want = pipe.predict(Xt)
        got = model.predict(Xt)
        # The transform is bit-exact (checked above); Ridge's dot product
        # sums in its own order.
        np.testing.assert_allclose(got, want, rtol=1e-9, atol=1e-9)
        # The steps before the predictor, saved alone, match bit for bit.
        front = roundtrip(pipe[:-1])
        want_t = pipe[:-1].transform(Xt)
        assert same(front.transform(Xt), want_t.astype(np.float64))


def test_polynomial_in_column_transformer(roundtrip):
    cols = ["a", "b", "c", "d"]
    ct = ColumnTransformer([
        ("poly", PolynomialFeatures(degree=2), ["a", "b"]),
        ("inter", PolynomialFeatures(degree=(2, 3), interaction_only=True,
                                     include_bias=False), ["b", "c", "d"]),
        ("raw", "passthrough", ["d"])]).fit(pd.DataFrame(data(), columns=cols))
    model = roundtrip(ct)
    X, _ = held_out()
    Xt = pd.DataFrame(X, columns=cols)
    want = quiet(ct.transform, Xt)
    assert same(model.transform(Xt), want)
    assert same(model.transform(X), want)


def test_polynomial_refuses_nan_and_infinity_as_scikit_learn(roundtrip):
    est = PolynomialFeatures(degree=2).fit(data())
    model = roundtrip(est)
    for bad, code in ((np.nan, 903), (np.inf, 904), (-np.inf, 904)):
        Xt = data(5, 4, 2)
        Xt[3, 1] = bad
        with pytest.raises(ValueError):
            est.transform(Xt)
        with pytest.raises(modelseal.InputError) as e:
            model.transform(Xt)
        assert e.value.code == code


def test_polynomial_refusals_name_the_parameter():
    # 20 features to degree 40: C(60, 40) - 1 columns, far beyond the limit.
    est = PolynomialFeatures(degree=40).fit(data(5, 20))
    with pytest.raises(modelseal.UnsupportedEstimatorError,
                       match="degree") as e:
        modelseal.save(est, "/nonexistent/x.seal", name="x", version=1,
                       source=None)
    assert e.value.code == 1121
    # interaction_only with min_degree above the feature count: no column.
    est = PolynomialFeatures(degree=(3, 3), interaction_only=True,
                             include_bias=False).fit(data(5, 2))
    assert est.transform(data(3, 2)).shape == (3, 0)
    with pytest.raises(modelseal.UnsupportedEstimatorError,
                       match="degree") as e:
        modelseal.save(est, "/nonexistent/x.seal", name="x", version=1,
                       source=None)
    assert e.value.code == 1121

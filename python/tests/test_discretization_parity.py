# Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
"""KBinsDiscretizer exported with modelseal.save and evaluated by the native
engine, compared with scikit-learn's transform on held-out data (values
beyond the fitted range, exactly on the bin edges and one ulp either side):
bit-exact, alone, inside a Pipeline before a predictor and inside a
ColumnTransformer. NaN is refused as scikit-learn refuses it; unsupported
settings are refused at save, naming the parameter (E1121)."""


import numpy as np
import pandas as pd
import pytest
from sklearn.compose import ColumnTransformer
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import KBinsDiscretizer, StandardScaler
from sklearn.tree import DecisionTreeRegressor

import modelseal
from compare import quiet


def data(n=400, seed=0):
    """Four features: normal, skewed, few distinct values (narrow quantile
    bins are pruned), constant (one bin, edges -inf, inf)."""
    rng = np.random.RandomState(seed)
    return np.column_stack([rng.normal(size=n), rng.lognormal(size=n),
                            rng.randint(0, 4, size=n).astype(float),
                            np.full(n, 2.5)])


def held_out(est, seed=1):
    """Fresh rows, rows beyond the fitted range, and every bin edge of every
    feature, exactly and one ulp either side (the other features random)."""
    X = data(200, seed)
    X[:10] *= 100
    rows = []
    for j, edges in enumerate(est.bin_edges_):
        for e in edges[np.isfinite(edges)]:
            for v in (np.nextafter(e, -np.inf), e, np.nextafter(e, np.inf)):
                r = X[len(rows) % len(X)].copy()
                r[j] = v
                rows.append(r)
    return np.vstack([X] + rows)


def same(a, b):
    return a.shape == b.shape and np.array_equal(a, b)


SETTINGS = [dict(strategy=s, encode=e, n_bins=n)
            for s in ("uniform", "quantile", "kmeans")
            for e in ("ordinal", "onehot-dense")
            for n in (3, 7)]


@pytest.mark.parametrize("setting", SETTINGS, ids=str)
def test_kbins_transform_bit_exact(setting, roundtrip):
    X = data()
    est = quiet(KBinsDiscretizer(**setting, random_state=0).fit, X)
    model = roundtrip(est)
    Xt = held_out(est)
    assert same(model.transform(Xt), est.transform(Xt).astype(np.float64))
    # float32 input: scikit-learn keeps it float32 (exact in float64).
    X32 = Xt.astype(np.float32)
    assert same(model.transform(X32), est.transform(X32).astype(np.float64))


@pytest.mark.parametrize("dtype", [np.float32, np.float64], ids=str)
@pytest.mark.parametrize("encode", ["ordinal", "onehot-dense"])
def test_kbins_dtype_parameter(dtype, encode, roundtrip):
    X = data()
    est = quiet(KBinsDiscretizer(n_bins=5, encode=encode, dtype=dtype,
                                 strategy="uniform").fit, X)
    model = roundtrip(est)
    Xt = held_out(est)
    # dtype=float32 rounds X to float32 first: values within half a float32
    # ulp of an edge land on its other side.
    Xt = np.vstack([Xt, Xt + 1e-9, Xt - 1e-9])
    got = model.transform(Xt)
    want = est.transform(Xt)
    assert want.dtype == dtype
    assert same(got, want.astype(np.float64))
    if dtype is np.float32:
        # The rounding is visible: comparing the float64 values differs.
        as_given = quiet(KBinsDiscretizer(n_bins=5, encode=encode,
                                          strategy="uniform").fit, X)
        assert not np.array_equal(as_given.transform(Xt), want)
        # A value beyond float32's range becomes infinity: refused by both.
        big = Xt[:1].copy()
        big[0, 0] = 1e39
        with pytest.raises(ValueError):
            quiet(est.transform, big)
        with pytest.raises(modelseal.InputError) as e:
            model.transform(big)
        assert e.value.code == 904


def test_kbins_in_pipeline_before_predictors(roundtrip):
    X = data()
    y = (X[:, 0] + np.log(X[:, 1]) > 0.3).astype(int)
    clf = quiet(make_pipeline(
        StandardScaler(),
        KBinsDiscretizer(n_bins=6, encode="onehot-dense",
                         strategy="quantile"),
        LogisticRegression(max_iter=500)).fit, X, y)
    model = roundtrip(clf)
    Xt = held_out(clf[1])
    assert same(model.predict(Xt), clf.predict(Xt))
    np.testing.assert_allclose(model.predict_proba(Xt),
                               clf.predict_proba(Xt), rtol=1e-12, atol=0)
    reg = quiet(make_pipeline(
        KBinsDiscretizer(n_bins=4, encode="ordinal", strategy="kmeans",
                         random_state=0),
        DecisionTreeRegressor(random_state=0)).fit, X, X[:, 0])
    model = roundtrip(reg)
    Xt = held_out(reg[0])
    assert same(model.predict(Xt), reg.predict(Xt))
    ridge = quiet(make_pipeline(
        KBinsDiscretizer(n_bins=5, encode="onehot-dense"), Ridge()).fit,
        X, X[:, 0])
    model = roundtrip(ridge)
    np.testing.assert_allclose(model.predict(Xt), ridge.predict(Xt),
                               rtol=1e-12, atol=1e-12)


def test_kbins_in_column_transformer(roundtrip):
    X = pd.DataFrame(data(), columns=["a", "b", "c", "d"])
    ct = quiet(ColumnTransformer([
        ("bins", KBinsDiscretizer(n_bins=4, encode="onehot-dense"),
         ["a", "b"]),
        ("ord", KBinsDiscretizer(n_bins=3, encode="ordinal",
                                 strategy="uniform"), ["c", "d"])],
        remainder="drop").fit, X)
    model = roundtrip(ct)
    Xt = pd.DataFrame(data(300, 3), columns=["a", "b", "c", "d"])
    assert same(model.transform(Xt), ct.transform(Xt).astype(np.float64))


def test_kbins_refuses_nan_and_infinity_as_scikit_learn(roundtrip):
    X = data()
    est = quiet(KBinsDiscretizer(n_bins=3, encode="ordinal").fit, X)
    model = roundtrip(est)
    for bad, code in ((np.nan, 903), (np.inf, 904)):
        Xt = data(5, 2)
        Xt[3, 1] = bad
        with pytest.raises(ValueError):
            est.transform(Xt)
        with pytest.raises(modelseal.InputError) as e:
            model.transform(Xt)
        assert e.value.code == code


def test_kbins_refusals_name_the_parameter():
    X = data()
    with pytest.raises(modelseal.UnsupportedEstimatorError,
                       match="encode='onehot'") as e:
        modelseal.save(quiet(KBinsDiscretizer(n_bins=3).fit, X),
                       "/nonexistent/x.seal", name="x", version=1,
                       source=None)
    assert e.value.code == 1121

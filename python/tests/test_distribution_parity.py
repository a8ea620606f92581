# Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
"""QuantileTransformer exported with modelseal.save and evaluated by the
native engine, compared with scikit-learn's transform on held-out data
(values beyond the fitted range, exactly on the quantiles and one ulp
either side, within BOUNDS_THRESHOLD of the ends, NaN): bit-exact, alone,
inside a Pipeline before a predictor and inside a ColumnTransformer.
Unsupported states are refused at save, naming the cause (E1121)."""


import numpy as np
import pandas as pd
import pytest
from sklearn.compose import ColumnTransformer
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import QuantileTransformer
from sklearn.tree import DecisionTreeClassifier

import modelseal
from compare import quiet


def data(n=400, seed=0):
    """Four features: normal, skewed, few distinct values (repeated
    quantiles), constant (all quantiles equal)."""
    rng = np.random.RandomState(seed)
    return np.column_stack([rng.normal(size=n), rng.lognormal(size=n),
                            rng.randint(0, 4, size=n).astype(float),
                            np.full(n, 2.5)])


def held_out(est, seed=1):
    """Fresh rows, rows beyond the fitted range, NaN, and for every
    quantile of every feature the quantile, one ulp either side and the
    quantile +- BOUNDS_THRESHOLD (the normal bounds) nudged by an ulp."""
    X = data(200, seed)
    X[:10] *= 100
    X[10:20] -= 50
    X[20, 0] = np.nan
    X[21, 1:3] = np.nan
    rows = []
    q = est.quantiles_
    for j in range(q.shape[1]):
        for e in np.unique(q[:, j]):
            vals = [np.nextafter(e, -np.inf), e, np.nextafter(e, np.inf)]
            for t in (e - 1e-7, e + 1e-7):
                vals += [np.nextafter(t, -np.inf), t, np.nextafter(t, np.inf)]
            for v in vals:
                r = X[len(rows) % len(X)].copy()
                r[j] = v
                rows.append(r)
    return np.vstack([X] + rows)


def same(a, b):
    """Bit-exact, NaN where NaN."""
    return a.shape == b.shape and np.array_equal(a, b, equal_nan=True)


SETTINGS = [dict(output_distribution=d, n_quantiles=n)
            for d in ("uniform", "normal") for n in (1, 2, 10, 1000)]


@pytest.mark.parametrize("setting", SETTINGS, ids=str)
def test_quantile_transform_bit_exact(setting, roundtrip):
    X = data()
    est = quiet(QuantileTransformer(**setting, random_state=0).fit, X)
    model = roundtrip(est)
    Xt = held_out(est)
    assert same(model.transform(Xt), est.transform(Xt))
    # float32 input: scikit-learn keeps it float32.
    X32 = Xt.astype(np.float32)
    want = est.transform(X32)
    assert want.dtype == np.float32
    got = model.transform(X32)
    want = want.astype(np.float64)
    if np.lib.NumpyVersion(np.__version__) >= "2.0.0":
        assert same(got, want)
        return
    # numpy 1.x compares a float32 column with the float64 bounds in
    # float32 (value-based casting), numpy 2 in float64, which modelseal
    # follows (include/modelseal/predictor.h): the entries may differ only
    # where the value equals a quantile rounded to float32 but not the
    # quantile itself.
    differ = ~((got == want) | (np.isnan(got) & np.isnan(want)))
    for r, c in zip(*np.nonzero(differ)):
        x = X32[r, c]
        q = est.quantiles_[:, c]
        assert np.any((q.astype(np.float32) == x) & (q != np.float64(x))), (
            f"row {r} column {c}: {x!r} {got[r, c]!r} != {want[r, c]!r}")


def test_quantile_subsample_and_fit_only_parameters(roundtrip):
    # subsample < n_samples and ignore_implicit_zeros (sparse only) only
    # change fit; the dense transform reads quantiles_.
    X = data(3000)
    est = quiet(QuantileTransformer(n_quantiles=50, subsample=500,
                                    ignore_implicit_zeros=True,
                                    output_distribution="normal",
                                    random_state=3).fit, X)
    model = roundtrip(est)
    Xt = held_out(est)
    assert same(model.transform(Xt), est.transform(Xt))


def test_quantile_in_pipeline_before_predictors(roundtrip):
    X = data()
    y = (X[:, 0] + np.log(X[:, 1]) > 0.3).astype(int)
    Xt = np.nan_to_num(held_out(QuantileTransformer(n_quantiles=30).fit(X)))
    for dist in ("uniform", "normal"):
        clf = quiet(make_pipeline(
            QuantileTransformer(n_quantiles=30, output_distribution=dist),
            LogisticRegression(max_iter=500)).fit, X, y)
        model = roundtrip(clf)
        assert same(model.predict(Xt), clf.predict(Xt))
        np.testing.assert_allclose(model.predict_proba(Xt),
                                   clf.predict_proba(Xt), rtol=1e-12, atol=0)
        tree = quiet(make_pipeline(
            QuantileTransformer(n_quantiles=30, output_distribution=dist),
            DecisionTreeClassifier(random_state=0)).fit, X, y)
        model = roundtrip(tree)
        assert same(model.predict(Xt), tree.predict(Xt))
        ridge = quiet(make_pipeline(
            QuantileTransformer(output_distribution=dist), Ridge()).fit,
            X, X[:, 0])
        model = roundtrip(ridge)
        np.testing.assert_allclose(model.predict(Xt), ridge.predict(Xt),
                                   rtol=1e-12, atol=1e-12)


def test_quantile_in_column_transformer(roundtrip):
    cols = ["a", "b", "c", "d"]
    X = pd.DataFrame(data(), columns=cols)
    ct = quiet(ColumnTransformer([
        ("u", QuantileTransformer(n_quantiles=20), ["a", "b"]),
        ("n", QuantileTransformer(n_quantiles=7,
                                  output_distribution="normal"),
         ["c", "d"])], remainder="drop").fit, X)
    model = roundtrip(ct)
    Xt = pd.DataFrame(held_out(ct.named_transformers_["u"]), columns=cols)
    assert same(model.transform(Xt), ct.transform(Xt))


def test_quantile_refuses_infinity_as_scikit_learn(roundtrip):
    X = data()
    est = quiet(QuantileTransformer(n_quantiles=10).fit, X)
    model = roundtrip(est)
    Xt = data(5, 2)
    Xt[3, 1] = np.inf
    with pytest.raises(ValueError):
        est.transform(Xt)
    with pytest.raises(modelseal.InputError) as e:
        model.transform(Xt)
    assert e.value.code == 904


def test_quantile_refusals_name_the_cause():
    # A feature that was all NaN at fit has NaN quantiles.
    X = data()
    X[:, 2] = np.nan
    est = quiet(QuantileTransformer(n_quantiles=10).fit, X)
    with pytest.raises(modelseal.UnsupportedEstimatorError,
                       match="quantiles_ of feature 2") as e:
        modelseal.save(est, "/nonexistent/x.seal", name="x", version=1,
                       source=None)
    assert e.value.code == 1121

# Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
"""TransformedTargetRegressor exported with modelseal.save and evaluated by
the native engine, compared with scikit-learn's predict on held-out data:
bit-exact after a regressor whose predictions are (trees, histogram
gradient boosting) and arithmetic inverses; within UFUNC_ULPS ulp after a
ufunc inverse; within 1e-12 relative after a linear model (compare.py)."""

import numpy as np
import pandas as pd
import pytest
from sklearn.compose import ColumnTransformer, TransformedTargetRegressor
from sklearn.ensemble import HistGradientBoostingRegressor
from sklearn.ensemble import RandomForestRegressor
from sklearn.impute import SimpleImputer
from sklearn.linear_model import Ridge
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer, MaxAbsScaler
from sklearn.preprocessing import MinMaxScaler, OneHotEncoder
from sklearn.preprocessing import QuantileTransformer, RobustScaler
from sklearn.preprocessing import StandardScaler
from sklearn.tree import DecisionTreeRegressor

import modelseal
from compare import quiet, ulp_distance

UFUNC_ULPS = 4  # include/modelseal/predictor.h, FunctionTransformer


def data(n=400, seed=0, targets=1):
    rng = np.random.RandomState(seed)
    X = rng.normal(size=(n, 4)) * [1, 10, 0.1, 3] + [0, 5, -1, 2]
    y = 50 + 20 * X[:, 0] + X[:, 1] ** 2 + rng.normal(size=n)
    if targets == 2:
        y = np.column_stack([y, 3 * y - 7 + rng.normal(size=n)])
    return X, y


def held_out(n=300):
    return data(n, seed=11)[0]


def frame(n=400, seed=0):
    rng = np.random.RandomState(seed)
    age = rng.normal(40, 10, size=n)
    age[rng.rand(n) < 0.1] = np.nan
    city = np.array(["Zürich", "Genève", "", "東京"],
                    dtype=object)[rng.randint(0, 4, size=n)]
    city[rng.rand(n) < 0.08] = None
    X = pd.DataFrame({"age": age, "city": city,
                      "income": rng.lognormal(10, 1, size=n)})
    y = np.nan_to_num(age, nan=40) * 1000 + X["income"].to_numpy() \
        + (city == "Zürich") * 5e4
    return X, y


TRANSFORMERS = {
    "standard": lambda: StandardScaler(),
    "standard-no-mean": lambda: StandardScaler(with_mean=False),
    "standard-no-std": lambda: StandardScaler(with_std=False),
    "standard-neither": lambda: StandardScaler(with_mean=False,
                                               with_std=False),
    "minmax": lambda: MinMaxScaler(),
    "minmax-range-clip": lambda: MinMaxScaler(feature_range=(-2, 3),
                                              clip=True),
    "maxabs": lambda: MaxAbsScaler(),
    "robust": lambda: RobustScaler(),
    "robust-no-centering": lambda: RobustScaler(with_centering=False),
    "pipeline": lambda: make_pipeline(StandardScaler(), "passthrough",
                                      MinMaxScaler((1, 2))),
    "identity-function": lambda: FunctionTransformer(),
}


@pytest.mark.parametrize("name", sorted(TRANSFORMERS))
def test_arithmetic_inverse_bit_exact(name, roundtrip):
    X, y = data()
    ttr = TransformedTargetRegressor(
        regressor=DecisionTreeRegressor(max_depth=7, random_state=0),
        transformer=TRANSFORMERS[name]()).fit(X, y)
    model = roundtrip(ttr)
    Xt = held_out()
    want = ttr.predict(Xt)
    got = model.predict(Xt)
    assert got.shape == want.shape
    assert np.array_equal(got, want), np.abs(got - want).max()


@pytest.mark.parametrize("name", ["standard", "minmax", "robust", "pipeline"])
def test_two_targets_bit_exact(name, roundtrip):
    X, y = data(targets=2)
    ttr = TransformedTargetRegressor(
        regressor=RandomForestRegressor(n_estimators=5, max_depth=5,
                                        random_state=0),
        transformer=TRANSFORMERS[name]()).fit(X, y)
    Xt = held_out()
    got = roundtrip(ttr).predict(Xt)
    want = ttr.predict(Xt)
    assert got.shape == want.shape == (len(Xt), 2)
    assert np.array_equal(got, want)


@pytest.mark.parametrize("func,inverse", [(np.log, np.exp),
                                          (np.log1p, np.expm1),
                                          (np.sqrt, np.square)],
                         ids=["log-exp", "log1p-expm1", "sqrt-square"])
def test_function_inverse(func, inverse, roundtrip):
    X, y = data()
    y = np.abs(y) + 1
    for ttr in (TransformedTargetRegressor(
                    regressor=HistGradientBoostingRegressor(max_iter=30),
                    func=func, inverse_func=inverse),
                TransformedTargetRegressor(
                    regressor=HistGradientBoostingRegressor(max_iter=30),
                    transformer=FunctionTransformer(func, inverse,
                                                    validate=False))):
        quiet(ttr.fit, X, y)
        Xt = held_out()
        want = ttr.predict(Xt)
        got = roundtrip(ttr).predict(Xt)
        assert ulp_distance(got, want).max() <= UFUNC_ULPS
        if inverse is np.square:
            assert np.array_equal(got, want)


def test_linear_regressor_and_pipelines(roundtrip):
    X, y = data()
    Xt = held_out()
    ttr = TransformedTargetRegressor(
        regressor=make_pipeline(StandardScaler(), Ridge(alpha=0.5)),
        transformer=StandardScaler()).fit(X, y)
    np.testing.assert_allclose(roundtrip(ttr).predict(Xt), ttr.predict(Xt),
                               rtol=1e-12, atol=0)
    # Inside a Pipeline, after a transformer.
    pipe = make_pipeline(
        MinMaxScaler(),
        TransformedTargetRegressor(
            regressor=DecisionTreeRegressor(max_depth=5, random_state=0),
            transformer=RobustScaler())).fit(X, y)
    assert np.array_equal(roundtrip(pipe).predict(Xt), pipe.predict(Xt))
    # A TransformedTargetRegressor around another.
    nested = TransformedTargetRegressor(
        regressor=TransformedTargetRegressor(
            regressor=DecisionTreeRegressor(max_depth=5, random_state=0),
            transformer=MaxAbsScaler()),
        transformer=StandardScaler()).fit(X, y)
    assert np.array_equal(roundtrip(nested).predict(Xt), nested.predict(Xt))


def test_mixed_dataframe(roundtrip):
    X, y = frame()
    pre = ColumnTransformer([
        ("num", make_pipeline(SimpleImputer(), StandardScaler()),
         ["age", "income"]),
        ("cat", OneHotEncoder(handle_unknown="ignore"), ["city"])])
    ttr = TransformedTargetRegressor(
        regressor=make_pipeline(pre, HistGradientBoostingRegressor(
            max_iter=40, random_state=0)),
        func=np.log, inverse_func=np.exp).fit(X, y)
    model = roundtrip(ttr)
    Xt, _ = frame(200, seed=3)
    Xt.loc[::9, "city"] = "Nowhere"
    assert [name for name, _ in model._columns] == ["age", "city", "income"]
    want = ttr.predict(Xt)
    got = model.predict(Xt)
    assert ulp_distance(got, want).max() <= UFUNC_ULPS


def save_fails(est, match):
    with pytest.raises(modelseal.UnsupportedEstimatorError, match=match):
        modelseal.save(est, "/nonexistent/x.seal", name="x", version=1,
                       source=None)


def test_refusals():
    X, y = data()
    reg = DecisionTreeRegressor(max_depth=3, random_state=0)
    save_fails(TransformedTargetRegressor(
        regressor=reg, transformer=QuantileTransformer(n_quantiles=50)).fit(
            X, y), "transformer_ QuantileTransformer is not supported")
    save_fails(quiet(TransformedTargetRegressor(
        regressor=reg, func=lambda v: v * 2,
        inverse_func=lambda v: v / 2).fit, X, y),
        r"inverse_func=.*<lambda> is not supported")
    save_fails(TransformedTargetRegressor(
        regressor=reg, transformer=StandardScaler()).fit(X, y[:, None]),
        "2-D target with one column")

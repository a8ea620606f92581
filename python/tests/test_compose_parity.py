# Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
"""FeatureUnion (and the kinds that follow it in this file) exported with
modelseal.save and evaluated by the native engine, compared with
scikit-learn on held-out data: transform outputs and labels bit-exact,
probabilities of linear models within 1e-12 relative (compare.py)."""


import numpy as np
import pandas as pd
import pytest
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.ensemble import RandomForestRegressor
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.pipeline import FeatureUnion, Pipeline, make_pipeline
from sklearn.preprocessing import MaxAbsScaler, MinMaxScaler
from sklearn.preprocessing import OneHotEncoder, OrdinalEncoder
from sklearn.preprocessing import StandardScaler

import modelseal
from compare import EXP, assert_same, quiet, check_methods


def numeric(n=300, seed=0, nan=True):
    rng = np.random.RandomState(seed)
    X = rng.normal(size=(n, 4)) * [1, 10, 0.1, 1000] + [0, 5, -1, 3]
    if nan:
        X[rng.rand(n, 4) < 0.08] = np.nan
    return X


def frame(n=300, seed=0, unseen=False):
    rng = np.random.RandomState(seed)
    age = rng.normal(40, 10, size=n)
    age[rng.rand(n) < 0.1] = np.nan
    city = np.array(["Zürich", "Genève", "", "東京"],
                    dtype=object)[rng.randint(0, 4, size=n)]
    city[rng.rand(n) < 0.08] = None
    if unseen:
        city[::7] = "Nowhere"
    return pd.DataFrame({"age": age, "city": city,
                         "income": rng.lognormal(10, 1, size=n)})


def save_fails(est, cls, match):
    with pytest.raises(cls, match=match):
        modelseal.save(est, "/nonexistent/x.seal", name="x", version=1,
                       source=None)


# ---- FeatureUnion

UNION_WEIGHTS = [None, {}, {"s": 2.5, "p": -0.3}, {"mm": 3, "s": None},
                 {"s": np.float32(0.1), "p": 1e300, "mm": 0.0}]


@pytest.mark.parametrize("weights", UNION_WEIGHTS, ids=str)
def test_feature_union_transform(weights, roundtrip):
    X = numeric()
    fu = FeatureUnion([("s", StandardScaler()), ("d", "drop"),
                       ("p", "passthrough"), ("mm", MinMaxScaler()),
                       ("nested", make_pipeline(SimpleImputer(),
                                                MaxAbsScaler()))],
                      transformer_weights=weights).fit(X)
    model = roundtrip(fu)
    Xt = numeric(seed=1)
    assert model.transform(Xt).shape == (300, 16)
    assert np.array_equal(model.transform(Xt), fu.transform(Xt),
                          equal_nan=True)


def test_feature_union_in_pipelines(roundtrip):
    X, Xt = numeric(nan=False), numeric(seed=2, nan=False)
    y = (X[:, 0] + X[:, 1] / 10 > 0.5).astype(int)
    fu = FeatureUnion([("s", StandardScaler()),
                       ("m", make_pipeline(MinMaxScaler(), "passthrough"))],
                      transformer_weights={"m": 4.0})
    clf = make_pipeline(fu, LogisticRegression(max_iter=1000)).fit(X, y)
    check_methods(clf, roundtrip(clf), Xt, False)
    reg = make_pipeline(FeatureUnion([("a", StandardScaler()),
                                      ("b", "passthrough")]),
                        RandomForestRegressor(n_estimators=5,
                                              random_state=0)).fit(X, X[:, 3])
    check_methods(reg, roundtrip(reg), Xt, True)
    # A union of a union.
    deep = FeatureUnion([("u", FeatureUnion([("s", StandardScaler()),
                                             ("p", "passthrough")],
                                            transformer_weights={"p": 2})),
                         ("q", MaxAbsScaler())],
                        transformer_weights={"u": 0.5}).fit(X)
    assert np.array_equal(roundtrip(deep).transform(Xt), deep.transform(Xt))


def _imputer_leaves_none():
    # Releases before the one that made SimpleImputer(missing_values=nan)
    # treat None as missing leave None in place: the divergence README.md
    # states (modelseal's string columns hold one missing value).
    out = SimpleImputer(strategy="constant", fill_value="?").fit_transform(
        np.array([[None], ["a"]], dtype=object))
    return out[0, 0] is None


def _none_as_nan(frame_):
    frame_ = frame_.copy()
    frame_["city"] = frame_["city"].astype(object).where(
        frame_["city"].notna(), np.nan)
    return frame_


def test_feature_union_of_column_transformers_with_strings(roundtrip):
    X = frame()
    if _imputer_leaves_none():
        X = _none_as_nan(X)
    y = np.where(np.nan_to_num(X["age"], nan=40) > 40, "old", "young")
    fu = FeatureUnion([
        ("cat", ColumnTransformer([
            ("o", make_pipeline(
                SimpleImputer(strategy="constant", fill_value="?"),
                OneHotEncoder(handle_unknown="ignore", sparse_output=False)),
             ["city"])])),
        ("num", ColumnTransformer([("s", StandardScaler(), ["age", "income"])])),
        ("ord", ColumnTransformer([
            ("o", OrdinalEncoder(handle_unknown="use_encoded_value",
                                 unknown_value=-1), ["city"]),
            ("a", "passthrough", ["age"])]))],
        transformer_weights={"num": 1.5, "ord": 0.25})
    est = make_pipeline(fu, HistGradientBoostingClassifier(random_state=0))
    est.fit(X, y)
    model = roundtrip(est)
    assert [t for _, t in model._columns] == ["float", "string", "float"]
    Xt = frame(seed=3, unseen=True)
    if _imputer_leaves_none():
        Xt = _none_as_nan(Xt)
    check_methods(est, model, Xt, EXP)
    fu_model = roundtrip(fu)
    assert np.array_equal(fu_model.transform(Xt), fu.transform(Xt),
                          equal_nan=True)


def test_feature_union_inside_a_column_transformer(roundtrip):
    X = frame()
    ct = ColumnTransformer([
        ("u", FeatureUnion([("s", StandardScaler()), ("p", "passthrough")],
                           transformer_weights={"s": -2.0}),
         ["age", "income"]),
        ("c", OneHotEncoder(sparse_output=False, handle_unknown="ignore"),
         ["city"])]).fit(X)
    model = roundtrip(ct)
    Xt = frame(seed=4, unseen=True)
    assert np.array_equal(model.transform(Xt), ct.transform(Xt),
                          equal_nan=True)
    reg = make_pipeline(ct, Ridge()).fit(X.fillna({"age": 40}), X["income"])
    Xr = Xt.fillna({"age": 40})
    check_methods(reg, roundtrip(reg), Xr, False)


def test_feature_union_refusals():
    X = numeric()
    save_fails(FeatureUnion([("s", StandardScaler())],
                            transformer_weights={"s": np.inf}).fit(X),
               modelseal.UnsupportedEstimatorError,
               r"transformer_weights\['s'\] is not finite")
    save_fails(FeatureUnion([("a", "drop"), ("b", "drop")]).fit(X),
               modelseal.UnsupportedEstimatorError, "'drop'")
    # A passthrough of a string column would output strings.
    df = frame()
    save_fails(FeatureUnion([("c", ColumnTransformer([
        ("o", OrdinalEncoder(), ["city"])])), ("p", "passthrough")]).fit(
            df.fillna({"city": "?"})),
        modelseal.ModelsealError, "E263|string")
    # A sparse one-hot output outside a dense ColumnTransformer.
    save_fails(FeatureUnion([("o", OneHotEncoder())]).fit(df[["city"]].fillna(
        "?")), modelseal.UnsupportedEstimatorError, "sparse_output")


# ---- FunctionTransformer

UFUNC_ULPS = 4  # include/modelseal/predictor.h (measured at most 3)
EXACT_UFUNCS = [np.abs, np.absolute, np.square, np.negative, np.reciprocal]
LIBM_UFUNCS = [np.log, np.log1p, np.exp, np.expm1, np.sqrt, np.sin, np.cos,
               np.tanh]


def wide(n=20000, seed=0):
    """Values over float64's range and around the functions' interesting
    points, with NaN, infinities, zeros of both signs and negatives."""
    rng = np.random.RandomState(seed)
    x = np.concatenate([
        rng.standard_normal(n) * 10.0 ** rng.uniform(-300, 300, n),
        rng.uniform(-800, 800, n), rng.uniform(-50, 50, n),
        rng.uniform(-1, 1, n),
        [np.nan, np.inf, -np.inf, 0.0, -0.0, -1.0, 1e-320, 710.0, -745.2]])
    return x.reshape(-1, 1)


@pytest.mark.parametrize("func", EXACT_UFUNCS + LIBM_UFUNCS,
                         ids=lambda f: f.__name__)
def test_function_transformer_against_numpy(func, roundtrip):
    from compare import ulp_distance
    from sklearn.preprocessing import FunctionTransformer
    X = wide()
    ft = FunctionTransformer(func).fit(X)
    model = roundtrip(ft)
    with np.errstate(all="ignore"):
        want = ft.transform(X)
    got = model.transform(X)
    if func in EXACT_UFUNCS:
        assert np.array_equal(got, want, equal_nan=True)
    else:
        d = ulp_distance(got, want)
        assert d.max() <= UFUNC_ULPS, (func.__name__, d.max())
    assert np.array_equal(np.isnan(got), np.isnan(want))


def test_function_transformer_in_pipelines(roundtrip):
    from sklearn.preprocessing import FunctionTransformer
    X = np.abs(numeric(nan=False)) + 1
    Xt = np.abs(numeric(seed=5, nan=False)) + 1
    y = np.log(X[:, 1]) + X[:, 0]
    reg = make_pipeline(FunctionTransformer(np.log), StandardScaler(),
                        Ridge()).fit(X, y)
    # log within UFUNC_ULPS, then a linear model: within 1e-12 relative.
    np.testing.assert_allclose(roundtrip(reg).predict(Xt), reg.predict(Xt),
                               rtol=1e-12, atol=0)
    # Identity (func=None), kw_args={} and inside a ColumnTransformer and a
    # FeatureUnion, NaN flowing through.
    Xn = numeric()
    ct = ColumnTransformer([
        ("l", FunctionTransformer(np.log1p, kw_args={}), [0, 1]),
        ("i", FunctionTransformer(), [2]),
        ("u", FeatureUnion([("s", FunctionTransformer(np.sqrt)),
                            ("t", FunctionTransformer(np.tanh))]), [3])])
    ct.fit(Xn)
    with np.errstate(all="ignore"):
        want = ct.transform(numeric(seed=6))
    from compare import ulp_distance
    assert ulp_distance(roundtrip(ct).transform(numeric(seed=6)),
                        want).max() <= UFUNC_ULPS


def test_function_transformer_refusals(tmp_path):
    from sklearn.preprocessing import FunctionTransformer
    X = numeric(nan=False)
    for ft, match in [
            (FunctionTransformer(lambda v: v + 1), r"func=.*<lambda>"),
            (FunctionTransformer(np.power, kw_args={"x2": 2}), "kw_args"),
            (FunctionTransformer(np.power), r"func=numpy\.power"),
            (FunctionTransformer(np.log, validate=True), "validate=True"),
            (FunctionTransformer(np.log, accept_sparse=True),
             "accept_sparse=True"),
            (FunctionTransformer(np.log, inv_kw_args={"a": 1}),
             "inv_kw_args")]:
        save_fails(quiet(ft.fit, X), modelseal.UnsupportedEstimatorError,
                   match)
    # float32 input: numpy's float32 loops are not reproduced.
    model_path = tmp_path / "ft32.seal"
    modelseal.save(FunctionTransformer(np.exp).fit(X), model_path, name="x",
                   version=1, source=None)
    model = modelseal._load_unsandboxed(model_path)
    with pytest.raises(modelseal.InputError) as e:
        model.transform(X.astype(np.float32))
    assert e.value.code == 916


def test_state_names_ufuncs_by_reference():
    from modelseal import _state
    # numpy 1.x ufuncs have no __module__: named in "numpy" when numpy has
    # them under the name pickle gives (np.abs is np.absolute).
    assert _state.build(np.log) == ("G", "numpy", "log")
    assert _state.build(np.abs) == ("G", "numpy", "absolute")
    assert _state.build(np.tanh, "f") == ("G", "numpy", "tanh")

# Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
"""Typed input (issue 13): encoders, SimpleImputer and ColumnTransformer on
mixed-type DataFrames (strings, None, NaN, pd.NA, unicode, empty strings,
categories unseen at fit) exported with modelseal.save and evaluated by the
native engine, compared with scikit-learn: transform outputs and labels
bit-exact, probabilities of HistGradientBoosting within compare.EXP_ULPS ulp
(numpy's exp), linear models within 1e-12 relative."""


import numpy as np
import pandas as pd
import pytest
from sklearn.compose import ColumnTransformer, make_column_selector
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.ensemble import RandomForestClassifier
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import OneHotEncoder, OrdinalEncoder
from sklearn.preprocessing import StandardScaler

import modelseal
from compare import EXP, assert_same, quiet, check_methods

NUMS = ["age", "income"]
CATS = ["city", "colour"]


def frame(n=300, seed=0, unseen=False):
    """A mixed-type frame: numbers with NaN; strings with None, NaN, unicode,
    the empty string; with unseen=True, categories not in the fit frame."""
    rng = np.random.RandomState(seed)
    age = rng.normal(40, 10, size=n)
    age[rng.rand(n) < 0.1] = np.nan
    income = rng.lognormal(10, 1, size=n)
    income[rng.rand(n) < 0.05] = np.nan
    cities = np.array(["Zürich", "Genève", "", "Lyon", "東京", "Oslo"],
                      dtype=object)
    city = cities[rng.randint(0, len(cities), size=n)]
    colour = np.array(["red", "green", "blue", "rare"],
                      dtype=object)[rng.choice(4, size=n,
                                               p=[0.4, 0.35, 0.23, 0.02])]
    city[rng.rand(n) < 0.08] = None
    colour[rng.rand(n) < 0.05] = np.nan
    if unseen:
        city[::7] = "Nowhere"
        colour[::11] = "ultraviolet"
    return pd.DataFrame({"age": age, "income": income, "city": city,
                         "colour": colour, "flag": rng.rand(n) < 0.5})


def target(X):
    score = np.nan_to_num(X["age"].to_numpy(), nan=40) / 10 + \
        (X["city"] == "Zürich") - (X["colour"] == "blue") + X["flag"]
    return np.where(score > 4.5, "yes", "no")


def headline(clf):
    return make_pipeline(
        ColumnTransformer([
            ("num", make_pipeline(SimpleImputer(), StandardScaler()), NUMS),
            # Dense: a sparse result (density below sparse_threshold)
            # would not fit HistGradientBoosting in scikit-learn either.
            ("cat", OneHotEncoder(handle_unknown="ignore",
                                  sparse_output=False), CATS)]),
        clf)


@pytest.mark.parametrize("clf,exact", [
    (HistGradientBoostingClassifier(random_state=0), EXP),
    (RandomForestClassifier(n_estimators=10, random_state=0), True),
    (LogisticRegression(max_iter=500), False)],
    ids=["hgb", "forest", "logistic"])
def test_headline_pipeline(clf, exact, roundtrip):
    X = frame()
    est = headline(clf).fit(X, target(X))
    model = roundtrip(est)
    assert [t for _, t in model._columns] == \
        ["float", "float", "string", "string", "float"]
    check_methods(est, model, frame(seed=1, unseen=True), exact)


def test_transform_of_the_column_transformer_is_bit_exact(roundtrip):
    X = frame()
    ct = ColumnTransformer([
        ("num", make_pipeline(SimpleImputer(), StandardScaler()), NUMS),
        ("cat", OneHotEncoder(handle_unknown="ignore",
                              sparse_output=False), CATS)],
        remainder="passthrough").fit(X)
    model = roundtrip(ct)
    Xt = frame(seed=2, unseen=True)
    assert np.array_equal(model.transform(Xt),
                          ct.transform(Xt).astype(np.float64), equal_nan=True)


ONEHOT = [
    {"drop": "first", "handle_unknown": "ignore"},
    {"drop": "if_binary"},
    {"min_frequency": 10, "handle_unknown": "infrequent_if_exist"},
    {"max_categories": 3, "handle_unknown": "infrequent_if_exist",
     "drop": "first"},
    {"min_frequency": 0.05, "handle_unknown": "ignore"},
]


@pytest.mark.parametrize("setting", ONEHOT, ids=str)
def test_one_hot_encoder(setting, roundtrip):
    X = frame()[CATS]
    enc = OneHotEncoder(sparse_output=False, **setting).fit(X)
    model = roundtrip(enc)
    unseen = setting.get("handle_unknown", "error") != "error"
    Xt = frame(seed=3, unseen=unseen)[CATS]
    assert np.array_equal(model.transform(Xt), quiet(enc.transform, Xt))


def test_one_hot_encoder_drop_if_binary_on_a_binary_column(roundtrip):
    X = pd.DataFrame({"b": ["y", "n", "y"] * 5, "c": ["a", "b", "c"] * 5})
    enc = OneHotEncoder(drop="if_binary", sparse_output=False).fit(X)
    model = roundtrip(enc)
    assert np.array_equal(model.transform(X), enc.transform(X))


@pytest.mark.parametrize("setting", [
    {},
    {"handle_unknown": "use_encoded_value", "unknown_value": -1},
    {"handle_unknown": "use_encoded_value", "unknown_value": np.nan,
     "encoded_missing_value": -2},
    {"min_frequency": 10, "handle_unknown": "use_encoded_value",
     "unknown_value": 99},
], ids=str)
def test_ordinal_encoder(setting, roundtrip):
    X = frame()[CATS]
    X = X.assign(colour=X["colour"].where(X["colour"].notna(), np.nan))
    enc = OrdinalEncoder(**setting).fit(X)
    model = roundtrip(enc)
    unseen = "unknown_value" in setting
    Xt = frame(seed=4, unseen=unseen)[CATS]
    assert np.array_equal(model.transform(Xt), enc.transform(Xt),
                          equal_nan=True)


@pytest.mark.parametrize("setting", [
    {"strategy": "mean"},
    {"strategy": "median", "add_indicator": True},
    {"strategy": "most_frequent"},
    {"strategy": "constant", "fill_value": 7.5},
    {"strategy": "mean", "keep_empty_features": True},
    {"strategy": "mean", "keep_empty_features": False, "add_indicator": True},
], ids=str)
def test_simple_imputer_numeric(setting, roundtrip):
    X = frame()[NUMS].assign(empty=np.nan)
    imp = SimpleImputer(**setting).fit(X)
    model = roundtrip(imp)
    Xt = frame(seed=5)[NUMS].assign(empty=1.0)
    assert np.array_equal(model.transform(Xt), quiet(imp.transform, Xt),
                          equal_nan=True)


@pytest.mark.parametrize("setting", [
    {"strategy": "mean"},  # overflows: NaN, the column is dropped
    {"strategy": "mean", "keep_empty_features": True},  # ... or filled 0
    {"strategy": "median"},  # overflows: inf, kept
    {"strategy": "constant", "fill_value": np.inf},
], ids=str)
def test_simple_imputer_statistics_beyond_float64(setting, roundtrip):
    # The statistics_ a fitted SimpleImputer may hold besides finite
    # numbers (SPEC §7 SimpleImputer rule 4, E213): NaN for a column it
    # drops, +-inf for one it fills.
    X = pd.DataFrame({"big": [1e308, 1.5e308, np.nan],
                      "x": [1.0, np.nan, 2.0]})
    imp = SimpleImputer(**setting).fit(X)
    model = roundtrip(imp)
    Xt = pd.DataFrame({"big": [np.nan, 3.0], "x": [np.nan, 4.0]})
    assert np.array_equal(model.transform(Xt), quiet(imp.transform, Xt),
                          equal_nan=True)


@pytest.mark.parametrize("setting", [
    {"strategy": "most_frequent"},
    {"strategy": "constant", "fill_value": "missing"},
    {"strategy": "constant", "fill_value": "ünknown"},
], ids=str)
def test_simple_imputer_strings_then_encoder(setting, roundtrip):
    # missing_values=NaN: scikit-learn's mask of an object column finds NaN
    # only (x != x), so the frames carry NaN, not None, here.
    def nan_only(df):
        return df.assign(city=df["city"].where(df["city"].notna(), np.nan))
    X = nan_only(frame()[CATS])
    pipe = make_pipeline(SimpleImputer(**setting),
                         OneHotEncoder(handle_unknown="ignore",
                                       sparse_output=False)).fit(X)
    model = roundtrip(pipe)
    assert [t for _, t in model._columns] == ["string", "string"]
    Xt = nan_only(frame(seed=6, unseen=True)[CATS])
    assert np.array_equal(model.transform(Xt), quiet(pipe.transform, Xt))


SELECTIONS = {
    "names": (["income"], CATS),
    "indices": ([1], [2, 3]),
    "mask": ([False, True, False, False], [False, False, True, True]),
    "callable": (lambda df: ["income"], lambda df: CATS),
    "selector": (make_column_selector(pattern="^income$"),
                 make_column_selector(dtype_include=object)),
}


@pytest.mark.parametrize("columns", list(SELECTIONS))
@pytest.mark.parametrize("remainder", ["drop", "passthrough", "scaler"])
def test_column_transformer_selections(columns, remainder, roundtrip):
    # "age" is left to the remainder.
    X = frame()[NUMS + CATS]
    num, cat = SELECTIONS[columns]
    ct = ColumnTransformer([
        ("num", SimpleImputer(), num),
        ("gone", "drop", []),
        ("cat", OneHotEncoder(handle_unknown="ignore"), cat)],
        remainder=StandardScaler() if remainder == "scaler" else remainder,
        sparse_threshold=0).fit(X)
    model = roundtrip(ct)
    Xt = frame(seed=7, unseen=True)[NUMS + CATS]
    want = ct.transform(Xt)
    got = model.transform(Xt)
    if remainder == "scaler":
        assert np.allclose(got, want, rtol=1e-12, atol=0, equal_nan=True)
    else:
        assert np.array_equal(got, want, equal_nan=True)


def test_pipeline_with_passthrough_steps(roundtrip):
    X = frame()
    est = Pipeline([
        ("skip", "passthrough"),
        ("ct", ColumnTransformer([
            ("num", SimpleImputer(), NUMS),
            ("cat", Pipeline([("none", None),
                              ("enc", OneHotEncoder(handle_unknown="ignore"))]),
             CATS)], sparse_threshold=0)),
        ("also", None),
        ("clf", LogisticRegression(max_iter=500))]).fit(X, target(X))
    model = roundtrip(est)
    Xt = frame(seed=8, unseen=True)
    assert np.array_equal(model.predict(Xt), est.predict(Xt))


def test_pandas_dtypes_and_numpy_object_input(roundtrip):
    X = frame()
    est = headline(RandomForestClassifier(n_estimators=5, random_state=0))
    est.fit(X, target(X))
    model = roundtrip(est)
    Xt = frame(seed=9, unseen=True)
    want = est.predict_proba(Xt)
    # pandas string and category dtypes, nullable Float64 with pd.NA.
    typed = Xt.astype({"city": "string", "colour": "category",
                       "age": "Float64", "flag": "boolean"})
    typed.loc[2, "flag"] = pd.NA
    assert np.array_equal(model.predict_proba(typed), want)
    # A numpy object array: columns by position.
    assert np.array_equal(model.predict_proba(Xt.to_numpy(dtype=object)),
                          want)


def test_numeric_models_stay_format_1_0(roundtrip, tmp_path):
    X = frame()[NUMS]
    est = make_pipeline(SimpleImputer(), StandardScaler()).fit(X)
    path = tmp_path / "n.seal"
    modelseal.save(est, path, name="n", version=1, source=None)
    model = modelseal._load_unsandboxed(path)
    assert model._columns == []
    assert np.array_equal(model.transform(X), est.transform(X))


def test_errors_unknown_category_missing_column_bad_value(roundtrip):
    X = frame()[CATS]
    enc = OneHotEncoder(sparse_output=False).fit(X)
    model = roundtrip(enc)
    with pytest.raises(modelseal.InputError) as e:
        model.transform(frame(seed=1, unseen=True)[CATS])
    assert e.value.code == 912
    with pytest.raises(modelseal.InputError) as e:
        model.transform(X[["city"]])
    assert e.value.code == 908
    with pytest.raises(modelseal.InputError) as e:
        model.transform(X.assign(extra=1.0))
    assert e.value.code == 909
    bad = X.astype({"city": object})
    bad.loc[3, "city"] = 17
    with pytest.raises(modelseal.InputError) as e:
        model.transform(bad)
    assert e.value.code == 910
    assert "city" in str(e.value) and "row 3" in str(e.value)


def test_refusals_name_the_parameter():
    X = frame()[CATS]
    with pytest.raises(modelseal.UnsupportedEstimatorError,
                       match="sparse_output"):
        modelseal.save(OneHotEncoder().fit(X), "/nonexistent/x.seal",
                       name="x", version=1, source=None)
    with pytest.raises(modelseal.UnsupportedEstimatorError,
                       match="missing_values=-1"):
        modelseal.save(SimpleImputer(missing_values=-1).fit(
            np.array([[1.0], [-1.0]])), "/nonexistent/x.seal",
            name="x", version=1, source=None)


def test_typed_input_codes_are_input_errors():
    from modelseal.errors import FormatError, InputError, class_for_code
    for code in range(908, 914):
        assert class_for_code(code) is InputError, code
    assert class_for_code(927) is FormatError


def test_state_names_pd_na_as_pickle_does():
    import pickle
    from modelseal import _state
    # pandas 3: "pandas"; pandas 2: "pandas._libs.missing" (its
    # __module__); pickle names the same global.
    na = ("G", pd.NA.__module__, "NA")
    assert _state.build(pd.NA) == na
    assert pd.NA.__module__.encode() in pickle.dumps(pd.NA, 4)
    imp = SimpleImputer(missing_values=pd.NA).fit(
        pd.DataFrame({"a": pd.array([1.0, None, 3.0], dtype="Float64")}))
    assert na in _state.build(imp)[4][1]
    modelseal.export(imp, name="na", source=None)  # mapped: pd.NA accepted


def test_columns_the_column_transformer_drops_may_hold_anything(roundtrip):
    X = frame().assign(id=[f"row{i}" for i in range(300)])
    ct = ColumnTransformer([
        ("num", SimpleImputer(), NUMS),
        ("cat", OneHotEncoder(handle_unknown="ignore"), CATS)],
        sparse_threshold=0).fit(X)  # "flag" and "id" dropped
    model = roundtrip(ct)
    assert [t for _, t in model._columns] == \
        ["float", "float", "string", "string", "float", "float"]
    Xt = frame(seed=10, unseen=True).assign(id="other")
    assert np.array_equal(model.transform(Xt), ct.transform(Xt),
                          equal_nan=True)
    assert np.array_equal(model.transform(Xt.to_numpy(dtype=object)),
                          ct.transform(Xt), equal_nan=True)


def test_columns_a_nested_column_transformer_drops_may_hold_anything(
        roundtrip):
    # Which columns no step reads is the engine's answer (input_read), so it
    # holds wherever the dropping ColumnTransformer is: here inside another,
    # whose group selects "id" but whose inner transformer drops it.
    X = frame().assign(id=[f"row{i}" for i in range(300)])
    inner = ColumnTransformer([
        ("num", SimpleImputer(), NUMS),
        ("cat", OneHotEncoder(handle_unknown="ignore"), CATS)],
        sparse_threshold=0)
    outer = ColumnTransformer([("inner", inner, NUMS + CATS + ["id"])],
                              sparse_threshold=0).fit(X)
    model = roundtrip(outer)
    assert model._columns[5] == ("id", "float")
    Xt = frame(seed=11).assign(id="other")
    assert np.array_equal(model.transform(Xt), outer.transform(Xt),
                          equal_nan=True)


def hgb_frame(n=400, seed=0, unseen=False, dtype="category"):
    """Numbers with NaN and two string category columns ("category" dtype
    with an extra category no row has, or object), with NaN / None missing;
    with unseen=True, strings the fit frame never had."""
    rng = np.random.RandomState(seed)
    x = rng.normal(size=n)
    x[rng.rand(n) < 0.1] = np.nan
    city = np.array(["Zürich", "Genève", "", "Lyon", "東京"],
                    dtype=object)[rng.randint(0, 5, size=n)]
    colour = np.array(["red", "green", "blue"],
                      dtype=object)[rng.randint(0, 3, size=n)]
    city[rng.rand(n) < 0.08] = None
    colour[rng.rand(n) < 0.06] = np.nan
    if unseen:
        city[::7] = "Nowhere"
        colour[::11] = "ultraviolet"
    X = pd.DataFrame({"x": x, "city": city, "n": rng.rand(n),
                      "colour": colour})
    if dtype == "category":
        X["city"] = pd.Categorical(
            X["city"], categories=["", "Genève", "Lyon", "Zürich", "東京",
                                   "never"] + (["Nowhere"] if unseen else []))
        X["colour"] = X["colour"].astype("category")
    return X


def hgb_target(X, classes):
    score = np.nan_to_num(X["x"].to_numpy(), nan=0.5) + \
        2.0 * (X["city"].astype(object) == "Zürich") - \
        1.5 * (X["colour"].astype(object) == "blue") + X["n"].to_numpy()
    if classes == 0:
        return score
    return np.digitize(score, np.quantile(score, np.linspace(0, 1, classes +
                                                              1)[1:-1]))


@pytest.mark.parametrize("dtype,categorical", [
    ("category", "from_dtype"),
    ("object", ["city", "colour"]),
    ("object", [False, True, False, True])], ids=["from_dtype", "names",
                                                  "mask"])
@pytest.mark.parametrize("classes", [0, 2, 3],
                         ids=["regressor", "binary", "multiclass"])
def test_hist_gradient_boosting_string_categories(dtype, categorical,
                                                  classes, roundtrip):
    from sklearn.ensemble import HistGradientBoostingRegressor
    X = hgb_frame(dtype=dtype)
    cls = HistGradientBoostingRegressor if classes == 0 else \
        HistGradientBoostingClassifier
    est = cls(categorical_features=categorical, max_iter=30,
              random_state=0).fit(X, hgb_target(X, classes))
    assert list(est.is_categorical_) == [False, True, False, True]
    model = roundtrip(est)
    assert [t for _, t in model._columns] == \
        ["float", "string", "float", "string"]
    for Xt in (hgb_frame(seed=1, dtype=dtype),
               hgb_frame(seed=2, unseen=True, dtype=dtype)):
        check_methods(est, model, Xt, EXP if classes else True)


def test_hist_gradient_boosting_numeric_categories_keep_category_encoder(
        roundtrip):
    X = hgb_frame(dtype="object")
    X["city"] = X["city"].map({"Zürich": 0, "Genève": 1, "": 2, "Lyon": 3,
                               "東京": 4})
    X = X.drop(columns="colour")
    est = HistGradientBoostingClassifier(
        categorical_features=[False, True, False], max_iter=10,
        random_state=0).fit(X, hgb_target(hgb_frame(dtype="object"), 2))
    model = roundtrip(est)
    assert not model._columns or \
        [t for _, t in model._columns] == ["float"] * 3
    check_methods(est, model, X, EXP)

# Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
"""Arrow input: objects with __arrow_c_stream__ (pyarrow Table and
RecordBatch, polars DataFrame) go through the Arrow C stream interface into
the predictor's column-table methods, batch by batch; results equal the
numpy path's."""

import numpy as np
import pandas as pd
import pyarrow as pa
import polars as pl
import pytest
from sklearn import ensemble, linear_model, preprocessing

import modelseal
from modelseal import _native

NAMES = ["a", "b", "c", "d"]


def _code(name):
    return {n: num for num, n, _, _ in _native.error_codes()}[name]


def _data(rows=40, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(rows, 4))
    X[:, 2] = np.round(X[:, 2] * 3)  # an integral column (int64 below)
    y = (X[:, 0] + X[:, 1] > 0).astype(int)
    return X, y


def _load(est, tmp_path):
    path = tmp_path / "m.seal"
    modelseal.save(est, path, name="m", source=None)
    return modelseal.load(path, insecure_allow_unsigned=True)


def _table(X, int_column=True):
    cols = {n: X[:, j] for j, n in enumerate(NAMES)}
    if int_column:
        cols["c"] = X[:, 2].astype(np.int64)
    return pa.table(cols)


@pytest.fixture(scope="module")
def fitted():
    X, y = _data()
    df = pd.DataFrame(X, columns=NAMES)
    return {
        "logistic": linear_model.LogisticRegression().fit(df, y),
        "forest": ensemble.RandomForestClassifier(
            n_estimators=3, random_state=0).fit(df, y),
        "scaler": preprocessing.StandardScaler().fit(df),
    }


class OnlyStream:
    """Nothing but the PyCapsule stream interface (no __array__)."""

    def __init__(self, table):
        self._table = table

    def __arrow_c_stream__(self, requested_schema=None):
        return self._table.__arrow_c_stream__(requested_schema)


def test_pyarrow_table_matches_numpy(tmp_path, fitted):
    X, _ = _data()
    m = _load(fitted["logistic"], tmp_path)
    t = _table(X)
    np.testing.assert_array_equal(m.predict(OnlyStream(t)), m.predict(X))
    np.testing.assert_array_equal(m.predict(t), m.predict(X))
    np.testing.assert_array_equal(m.predict_proba(t), m.predict_proba(X))
    np.testing.assert_array_equal(m.decision_function(t),
                                  m.decision_function(X))


def test_record_batch_polars_and_several_batches(tmp_path, fitted):
    X, _ = _data()
    m = _load(fitted["forest"], tmp_path)
    expected = m.predict_proba(X)
    t = _table(X)
    np.testing.assert_array_equal(m.predict_proba(t.to_batches()[0]),
                                  expected)
    # Three batches of 13, 13 and 14 rows, one of them empty in between.
    batches = [t.slice(0, 13), t.slice(13, 0), t.slice(13, 13),
               t.slice(26)]
    chunked = pa.concat_tables(batches)
    assert chunked.column(0).num_chunks >= 3
    np.testing.assert_array_equal(m.predict_proba(chunked), expected)
    np.testing.assert_array_equal(m.predict(pl.from_arrow(t)), m.predict(X))


def test_columns_matched_by_name_and_transform(tmp_path, fitted):
    X, _ = _data()
    m = _load(fitted["scaler"], tmp_path)
    t = _table(X).select(["d", "c", "b", "a"])  # another order
    np.testing.assert_array_equal(m.transform(t), m.transform(X))


def test_nulls_are_missing_values(tmp_path, fitted):
    X, _ = _data(rows=6)
    m = _load(fitted["scaler"], tmp_path)
    a = pa.array([1.0, None, 3.0, 4.0, None, 6.0])
    t = _table(X).set_column(0, "a", a)
    X2 = X.copy()
    X2[:, 0] = [1.0, np.nan, 3.0, 4.0, np.nan, 6.0]
    np.testing.assert_array_equal(m.transform(t), m.transform(X2))


def test_errors(tmp_path, fitted):
    X, _ = _data(rows=5)
    m = _load(fitted["logistic"], tmp_path)
    # A string column where the model takes numbers.
    t = _table(X).set_column(1, "b", pa.array(["x"] * 5))
    with pytest.raises(modelseal.InputError) as e:
        m.predict(t)
    assert e.value.code == _code("InputColumnType")
    # An unsupported Arrow type, named with its format.
    t = _table(X).set_column(1, "b", pa.array([1] * 5, pa.decimal128(5, 2)))
    with pytest.raises(modelseal.InputError) as e:
        m.predict(t)
    assert e.value.code == _code("ArrowFormatUnsupported")
    assert '"b"' in e.value.detail and "d:5,2" in e.value.detail
    # Strings arrive as polars' string views and as dictionaries (pandas
    # categoricals through pyarrow, polars categoricals): read, then refused
    # for a numeric column.
    for t in [pl.from_arrow(_table(X)).with_columns(pl.lit("x").alias("b")),
              pl.from_arrow(_table(X)).with_columns(
                  pl.lit("x").cast(pl.Categorical).alias("b")),
              _table(X).set_column(
                  1, "b", pa.array(pd.Categorical(["x", "y"] * 2 + ["x"])))]:
        with pytest.raises(modelseal.InputError) as e:
            m.predict(t)
        assert e.value.code == _code("InputColumnType"), e.value
    # A missing column; no rows.
    with pytest.raises(modelseal.InputError) as e:
        m.predict(_table(X).drop(["d"]))
    assert e.value.code == _code("InputColumnMissing")
    with pytest.raises(modelseal.InputError) as e:
        m.predict(_table(X).slice(0, 0))
    assert e.value.code == _code("InputNoRows")


def test_typed_model_takes_arrow_columns_by_name(tmp_path):
    # A model with typed input columns (format 1.1): an Arrow table's
    # columns go to the predictor by name, in any order, strings included;
    # two float columns swapped must not be read by position.
    from sklearn.compose import ColumnTransformer
    from sklearn.pipeline import make_pipeline
    rng = np.random.default_rng(3)
    df = pd.DataFrame({"a": rng.normal(size=60), "b": rng.normal(size=60),
                       "c": np.array(["x", "y", "z"] * 20, dtype=object)})
    y = (df["a"] - 2 * df["b"] > 0).astype(int)
    est = make_pipeline(
        ColumnTransformer([("o", preprocessing.OneHotEncoder(), ["c"])],
                          remainder="passthrough"),
        linear_model.LogisticRegression()).fit(df, y)
    model = _load(est, tmp_path)
    want = model.predict_proba(df)  # the DataFrame path, by name
    np.testing.assert_allclose(want, est.predict_proba(df), rtol=1e-12)
    table = pa.table({"b": df["b"], "c": df["c"].astype(str), "a": df["a"]})
    assert np.array_equal(model.predict_proba(table), want)
    assert np.array_equal(
        model.predict_proba(pl.from_arrow(table)), want)
    with pytest.raises(modelseal.InputError) as e:
        model.predict(table.drop_columns(["a"]))
    assert e.value.code == _code("InputColumnMissing")

# Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
"""Edge cases of the Python front end (issue 19, items 7, 10 and 12): paths
(NUL bytes, bytes, os.PathLike, undecodable names), the wrapper's own input
errors and their codes, n_threads, model names at save, 0-row input,
nullable pandas columns, sparse input, predict_log_proba and hasattr."""

import os
import warnings

import numpy as np
import pandas as pd
import pytest
import scipy.sparse
from sklearn import ensemble, linear_model, pipeline, preprocessing, tree

import cases
import modelseal
from modelseal import _native



@pytest.fixture(scope="module")
def keys(tmp_path_factory):
    d = tmp_path_factory.mktemp("keys")
    modelseal.keygen(d / "a.key", d / "a.pub")
    return d


@pytest.fixture(scope="module")
def forest():
    X, y, _ = cases.dataset("iris")
    return ensemble.RandomForestClassifier(n_estimators=3,
                                           random_state=0).fit(X, y)


def _code(name):
    return {n: num for num, n, _, _ in _native.error_codes()}[name]


def _unsigned(path):
    return modelseal.load(path, insecure_allow_unsigned=True)


# ---- Paths (item 7) ---------------------------------------------------------

def test_path_with_nul_byte_is_refused_not_truncated(tmp_path, keys, forest):
    good = tmp_path / "m.seal"
    modelseal.save(forest, good, name="m", source=None)
    modelseal.sign(good, keys / "a.key")
    nul = str(tmp_path / "x.seal\0.txt")
    calls = [
        lambda: modelseal.save(forest, nul, name="m", source=None),
        lambda: modelseal.load(nul, insecure_allow_unsigned=True),
        lambda: modelseal.load(good, trusted_keys=[str(keys / "a.pub\0")]),
        lambda: modelseal.load(good, trusted_keys=[keys / "a.pub"],
                               signature_path=str(good) + ".minisig\0x"),
        lambda: modelseal.verify(nul, trusted_keys=[keys / "a.pub"]),
        lambda: modelseal.verify(good, policy=str(tmp_path / "p\0")),
        lambda: modelseal.sign(good, str(keys / "a.key\0"), name="m",
                               version=1),
        lambda: modelseal.sign(good, keys / "a.key", signature_path=nul),
        lambda: modelseal.keygen(nul, tmp_path / "k.pub"),
        lambda: modelseal._load_unsandboxed(nul),
        lambda: modelseal.save(forest, os.fsencode(nul), name="m",
                               source=None),
    ]
    for i, call in enumerate(calls):
        with pytest.raises(modelseal.UsageError) as e:
            call()
        assert e.value.name == "InvalidPath", i
        assert e.value.code == _code("InvalidPath") != 0
        assert "NUL byte" in str(e.value)
    # Nothing was written at the truncated path.
    assert not (tmp_path / "x.seal").exists()
    assert not (tmp_path / "k.pub").exists()


def test_bytes_and_pathlike_paths_work_like_open(tmp_path, keys, forest):
    X = cases.dataset("iris")[0]
    path = os.fsencode(tmp_path / "b.seal")
    modelseal.save(forest, path, name="m", source=None)
    sig = modelseal.sign(path, os.fsencode(keys / "a.key"))
    assert sig == os.fsdecode(path) + ".minisig"
    st = modelseal.verify(path, trusted_keys=os.fsencode(keys / "a.pub"))
    assert st["name"] == "m"
    model = modelseal.load(path, trusted_keys=(keys / "a.pub",),
                           signature_path=os.fsencode(sig))
    assert np.array_equal(model.predict(X), forest.predict(X))


def test_undecodable_file_name(tmp_path, keys, forest):
    # A name os.listdir() returns with surrogate escapes round-trips to its
    # bytes, as with open().
    raw = os.fsencode(tmp_path) + b"/m\xff\xfe.seal"
    name = os.fsdecode(raw)
    modelseal.save(forest, name, name="m", source=None)
    assert b"m\xff\xfe.seal" in os.listdir(os.fsencode(tmp_path))
    sig = modelseal.sign(name, keys / "a.key")
    assert os.fsencode(sig) == raw + b".minisig"
    model = modelseal.load(name, trusted_keys=[keys / "a.pub"])
    assert model.n_features_in_ == 4
    model = modelseal.load(raw, trusted_keys=[keys / "a.pub"])
    # A str the file system encoding cannot encode at all.
    with pytest.raises(modelseal.UsageError) as e:
        modelseal.load(str(tmp_path) + "/\ud800.seal",
                       insecure_allow_unsigned=True)
    assert e.value.name == "InvalidPath"


def test_non_path_arguments_are_usage_errors(tmp_path, forest):
    for bad in (12, None, 1.5):
        with pytest.raises(modelseal.UsageError) as e:
            modelseal.save(forest, bad, name="m", source=None)
        assert e.value.name == "InvalidPath"
    with pytest.raises(modelseal.UsageError) as e:
        modelseal.load(tmp_path / "m.seal", trusted_keys=5)
    assert e.value.name == "InvalidPath"
    with pytest.raises(modelseal.UsageError) as e:
        modelseal.load(tmp_path / "m.seal", trusted_keys=[tmp_path, 5])
    assert e.value.name == "InvalidPath"
    assert e.value.context == "trusted_keys[1]"


# ---- Model names at save (item 7) -------------------------------------------

@pytest.mark.parametrize("name", ["churn model", "modèle", "a" * 129, "",
                                  "-churn", "churn\n"])
def test_save_refuses_names_sign_would_refuse(tmp_path, forest, name):
    path = tmp_path / "m.seal"
    with pytest.raises(modelseal.StatementError) as e:
        modelseal.save(forest, path, name=name, source=None)
    assert e.value.name == "StatementName"
    assert e.value.code == _code("StatementName")
    assert not path.exists()


def test_save_accepts_every_name_sign_accepts(tmp_path, keys, forest):
    for i, name in enumerate(["a" * 128, "churn/v2.1_x-y", "7"]):
        path = tmp_path / f"m{i}.seal"
        modelseal.save(forest, path, name=name, source=None)
        modelseal.sign(path, keys / "a.key")
        assert modelseal.verify(path, trusted_keys=[keys / "a.pub"])[
            "name"] == name


# ---- n_threads (item 7) -----------------------------------------------------

def test_n_threads_out_of_range_is_a_usage_error(tmp_path, forest):
    path = tmp_path / "m.seal"
    modelseal.save(forest, path, name="m", source=None)
    for bad in (-1, 0, _native.MAX_PREDICT_THREADS + 1, "2", 1.5):
        for load in (_unsigned_threads, modelseal._load_unsandboxed):
            with pytest.raises(modelseal.UsageError) as e:
                load(path, n_threads=bad)
            assert e.value.name == "PredictOptions", bad
            assert e.value.code == _code("PredictOptions")
    model = modelseal.load(path, insecure_allow_unsigned=True,
                           n_threads=_native.MAX_PREDICT_THREADS)
    X = cases.dataset("iris")[0]
    assert np.array_equal(model.predict(X), forest.predict(X))


def _unsigned_threads(path, n_threads):
    return modelseal.load(path, insecure_allow_unsigned=True,
                          n_threads=n_threads)


# ---- The wrapper's input errors have codes (item 7) ------------------------

def test_input_errors_have_codes(tmp_path, forest):
    path = tmp_path / "m.seal"
    modelseal.save(forest, path, name="m", source=None)
    model = _unsigned(path)
    X = cases.dataset("iris")[0]
    bad = {
        "InputRank": [np.zeros(4), np.zeros((2, 2, 4)), 3.0],
        "InputNotNumeric": [np.array([["a", "b", "c", "d"]]),
                            np.array([[b"a", b"b", b"c", b"d"]]),
                            np.array([[1, 2, 3, "x"]], dtype=object),
                            np.zeros((2, 4), dtype=complex)],
        "InputRagged": [[[1, 2, 3, 4], [1, 2, 3]]],
    }
    for name, inputs in bad.items():
        for x in inputs:
            with pytest.raises(modelseal.InputError) as e:
                model.predict(x)
            assert e.value.name == name, (name, x)
            assert e.value.code == _code(name) != 0
    named = ensemble.RandomForestClassifier(n_estimators=2).fit(
        pd.DataFrame(X, columns=list("abcd")), cases.dataset("iris")[1])
    modelseal.save(named, path, name="m", source=None)
    with pytest.raises(modelseal.InputError) as e:
        _unsigned(path).predict(pd.DataFrame(X, columns=list("abce")))
    assert e.value.name == "InputFeatureNames"
    assert e.value.code == _code("InputFeatureNames")
    # An object array of numbers is converted, as check_array does.
    obj = X[:5].astype(object)
    assert np.array_equal(model.predict(obj), forest.predict(obj))
    assert np.array_equal(model.predict(X[:5].tolist()), forest.predict(X[:5]))


# ---- 0 rows (item 10) -------------------------------------------------------

@pytest.mark.parametrize("X0", [np.zeros((0, 4)), np.zeros((0, 4), np.float32),
                                np.zeros((0, 3)), np.zeros((0, 4), np.int64)])
def test_zero_rows_raise_as_in_scikit_learn(tmp_path, forest, X0):
    path = tmp_path / "m.seal"
    modelseal.save(forest, path, name="m", source=None)
    model = _unsigned(path)
    for method in ("predict", "predict_proba", "predict_log_proba"):
        with pytest.raises(ValueError, match=r"Found array with 0 sample"):
            getattr(forest, method)(X0)
        with pytest.raises(modelseal.InputError) as e:
            getattr(model, method)(X0)
        assert e.value.name == "InputNoRows"
        assert e.value.code == _code("InputNoRows")
        assert f"found array with 0 sample(s) (shape=(0, {X0.shape[1]})) " \
            "while a minimum of 1 is required" in str(e.value)
    with pytest.raises(modelseal.InputError) as e:
        model.predict(pd.DataFrame(X0))
    assert e.value.name == "InputNoRows"


def test_zero_rows_transform_and_decision(tmp_path):
    X, y, _ = cases.dataset("breast_cancer")
    for est in (preprocessing.StandardScaler().fit(X),
                linear_model.LogisticRegression(max_iter=5000).fit(X, y)):
        path = tmp_path / "m.seal"
        modelseal.save(est, path, name="m", source=None)
        model = _unsigned(path)
        method = "transform" if hasattr(est, "transform") else \
            "decision_function"
        with pytest.raises(ValueError, match=r"Found array with 0 sample"):
            getattr(est, method)(X[:0])
        with pytest.raises(modelseal.InputError) as e:
            getattr(model, method)(X[:0])
        assert e.value.name == "InputNoRows"


# ---- Methods (item 12) ------------------------------------------------------

def test_missing_method_is_an_attribute_error(tmp_path):
    X, y, _ = cases.dataset("diabetes")
    est = pipeline.make_pipeline(preprocessing.StandardScaler(),
                                 linear_model.Ridge()).fit(X, y)
    path = tmp_path / "m.seal"
    modelseal.save(est, path, name="m", source=None)
    model = _unsigned(path)
    for m in ("predict_proba", "predict_log_proba", "decision_function",
              "transform", "score_samples"):
        assert not hasattr(est, m) and not hasattr(model, m), m
    with pytest.raises(AttributeError):
        model.predict_proba
    with pytest.raises(modelseal.UsageError) as e:
        model.predict_proba(X)
    assert isinstance(e.value, modelseal.MethodNotSupportedError)
    assert e.value.name == "MethodNotSupported"
    assert "LinearModel regressor has no predict_proba" in str(e.value)
    assert model.score(X, y) == pytest.approx(est.score(X, y), rel=1e-12)


def test_predict_log_proba_zero_probability(tmp_path):
    X, y, _ = cases.dataset("iris")
    est = tree.DecisionTreeClassifier(random_state=0).fit(X, y)
    path = tmp_path / "m.seal"
    modelseal.save(est, path, name="m", source=None)
    model = _unsigned(path)
    with pytest.warns(RuntimeWarning, match="divide by zero"):
        want = est.predict_log_proba(X)
    with pytest.warns(RuntimeWarning, match="divide by zero"):
        got = model.predict_log_proba(X)
    assert np.isneginf(got).any()
    assert np.array_equal(got, want)


# ---- Nullable pandas columns and sparse input (item 12) --------------------

def _frames():
    X = cases.dataset("nan_clf")[0][:40]
    cols = [f"f{i}" for i in range(X.shape[1])]
    plain = pd.DataFrame(np.nan_to_num(X), columns=cols)
    with_na = pd.DataFrame(X, columns=cols)
    out = {}
    out["Float64"] = with_na.astype("Float64")
    out["Float64-noNA"] = plain.astype("Float64")
    ints = plain.round().astype("Int64")
    ints.iloc[3, 1] = pd.NA
    out["Int64"] = ints
    out["Int64-noNA"] = plain.round().astype("Int64")
    flags = plain.copy()
    flags["f2"] = pd.array([bool(i % 2) if i % 7 else None
                            for i in range(len(flags))], dtype="boolean")
    out["boolean"] = flags
    out["Float32"] = plain.astype("Float32")
    return cols, out


@pytest.mark.parametrize("kind", ["Float64", "Float64-noNA", "Int64",
                                  "Int64-noNA", "boolean", "Float32"])
def test_nullable_pandas_columns_as_scikit_learn(tmp_path, kind):
    cols, frames = _frames()
    X, y, _ = cases.dataset("nan_clf")
    df = pd.DataFrame(np.nan_to_num(X), columns=cols)
    hgb = ensemble.HistGradientBoostingClassifier(
        max_iter=5, early_stopping=False, random_state=0).fit(
            pd.DataFrame(X, columns=cols), y)
    logistic = linear_model.LogisticRegression(max_iter=5000).fit(df, y)
    frame = frames[kind]
    for est in (hgb, logistic):
        path = tmp_path / "m.seal"
        modelseal.save(est, path, name="m", source=None)
        model = _unsigned(path)
        try:
            want = est.predict_proba(frame)
        except ValueError as e:
            # scikit-learn turned pd.NA into nan, which this estimator
            # refuses: so does the model.
            assert "NaN" in str(e)
            with pytest.raises(modelseal.InputError) as got:
                model.predict_proba(frame)
            assert got.value.name == "InputNaN"
            continue
        got = model.predict_proba(frame)
        np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-15)
        assert got.dtype == want.dtype


def test_sparse_input_is_refused_with_a_message(tmp_path, forest):
    path = tmp_path / "m.seal"
    modelseal.save(forest, path, name="m", source=None)
    model = _unsigned(path)
    X = cases.dataset("iris")[0]
    for sparse in (scipy.sparse.csr_matrix(X), scipy.sparse.csc_array(X)):
        assert np.array_equal(forest.predict(sparse), forest.predict(X))
        with pytest.raises(modelseal.InputError) as e:
            model.predict(sparse)
        assert e.value.name == "InputSparse"
        assert e.value.code == _code("InputSparse")
        assert "sparse input" in str(e.value) and "toarray" in str(e.value)
    df = pd.DataFrame({c: pd.arrays.SparseArray(X[:, i])
                       for i, c in enumerate("abcd")})
    unnamed = modelseal.load(path, insecure_allow_unsigned=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(modelseal.InputError) as e:
            unnamed.predict(df)
    assert e.value.name == "InputSparse"
    assert "Sparse columns" in str(e.value)

# Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
"""Exporter tests: every parity case's exported dict, evaluated by the
independent numpy reference (reference_eval.py), reproduces scikit-learn; the
dict survives the C++ dict<->Model conversion unchanged; unsupported inputs
raise UnsupportedEstimatorError naming what is wrong."""

import numpy as np
import pytest
from sklearn import dummy, ensemble, linear_model, pipeline, semi_supervised
from sklearn import preprocessing
from sklearn import kernel_approximation, svm

import cases
import modelseal
from compare import assert_same
from modelseal import _export, _native
from reference_eval import evaluate

N_EVAL = 120  # rows evaluated by the (slow) reference


def reference_methods(model, X):
    """What each scikit-learn method returns, computed from the dict."""
    out = evaluate(model["estimator"], X)
    spec = model["output"]
    task = spec["task"]
    res = {}
    if task == "transform":
        res["transform"] = out["transform"]
        return res
    if "values" in out:  # trees and forests: [rows, outputs, width]
        v = out["values"]
        if task == "regression":
            r = v[:, :, 0]
            res["predict"] = r[:, 0] if r.shape[1] == 1 else r
            return res
        probas, labels = [], []
        for o, c in enumerate(spec["classes"]):
            lab = c["int_labels"] if c.get("int_labels") is not None else \
                np.asarray(c["str_labels"])
            p = v[:, o, :len(lab)]
            probas.append(p)
            labels.append(lab[p.argmax(axis=1)])
        res["predict_proba"] = probas[0] if len(probas) == 1 else probas
        res["predict"] = labels[0] if len(labels) == 1 else \
            np.stack(labels, axis=1)
        return res
    raw = out["raw"]
    if task == "regression":
        res["predict"] = raw[:, 0] if raw.shape[1] == 1 else raw
        if "predict_transform" in out:  # IsotonicRegression
            res["transform"] = out["predict_transform"]
        return res
    c = spec["classes"][0]
    lab = c["int_labels"] if c.get("int_labels") is not None else \
        np.asarray(c["str_labels"])
    res["predict"] = lab[out["label_index"]]
    res["decision_function"] = raw[:, 0] if raw.shape[1] == 1 else raw
    if "proba" in out:
        res["predict_proba"] = out["proba"][0]
    return res


@pytest.mark.parametrize("case", cases.cases(), ids=lambda c: c[0])
def test_export_matches_sklearn(case):
    _, name, setting, ds = case
    est = cases.fitted(name, setting, ds)
    X = cases.dataset(ds)[0][:N_EVAL]
    model = modelseal.export(est, name="t", source=None)
    ref = reference_methods(model, X)
    for m in cases.methods(est):
        want = getattr(est, m)(X)
        assert m in ref, f"{m} not exported"
        # The reference is a different implementation: compare within the
        # tolerance everywhere except labels.
        assert_same(m, ref[m], want, False, f"{case[0]}.{m}")


def _assert_dict_equal(a, b, path="model"):
    if isinstance(a, dict):
        for k, v in a.items():
            assert k in b, f"{path}.{k} missing after round trip"
            _assert_dict_equal(v, b[k], f"{path}.{k}")
    elif isinstance(a, list):
        assert len(a) == len(b), path
        for i, (x, y) in enumerate(zip(a, b)):
            _assert_dict_equal(x, y, f"{path}[{i}]")
    elif isinstance(a, np.ndarray):
        assert b.dtype == a.dtype and np.array_equal(a, b, equal_nan=True), \
            path
    elif isinstance(a, float) and a != a:
        assert isinstance(b, float) and b != b, path  # NaN (unset) stays NaN
    else:
        assert a == b, path


@pytest.mark.parametrize("name", sorted(cases.ESTIMATORS))
def test_dict_round_trip_through_cpp_model(name):
    _, _, dsets, _ = cases.ESTIMATORS[name]
    est = cases.fitted(name, 0, dsets[0])
    model = modelseal.export(est, name="t", source=None)
    _assert_dict_equal(model, _native.dict_roundtrip(model))


def test_unsupported_estimator_names_class_and_lists_supported():
    X, y, _ = cases.dataset("iris")
    knn = semi_supervised.LabelSpreading().fit(X, y)
    with pytest.raises(modelseal.UnsupportedEstimatorError) as e:
        modelseal.export(knn, name="t", source=None)
    assert "LabelSpreading" in str(e.value)
    assert "RandomForestClassifier" in str(e.value)
    assert isinstance(e.value, modelseal.ModelsealError)


def test_unsupported_step_in_pipeline_has_path():
    X, y, _ = cases.dataset("iris")
    # RBFSampler: a transformer no issue plans to support.
    p = pipeline.make_pipeline(
        kernel_approximation.RBFSampler(n_components=8, random_state=0),
        linear_model.LogisticRegression()).fit(X, y)
    with pytest.raises(modelseal.UnsupportedEstimatorError) as e:
        modelseal.export(p, name="t", source=None)
    assert e.value.context == "estimator.steps[0]"
    assert "RBFSampler" in str(e.value)


def test_subclass_is_not_supported():
    class MyForest(ensemble.RandomForestClassifier):
        pass
    X, y, _ = cases.dataset("iris")
    with pytest.raises(modelseal.UnsupportedEstimatorError):
        modelseal.export(MyForest(n_estimators=2).fit(X, y), name="t",
                         source=None)


def test_unsupported_parameters():
    X, y, _ = cases.dataset("iris")
    gb = ensemble.GradientBoostingClassifier(
        n_estimators=2, init=linear_model.LogisticRegression(max_iter=500))
    gb.fit(X, y)
    with pytest.raises(modelseal.UnsupportedEstimatorError,
                       match="init estimator LogisticRegression"):
        modelseal.export(gb, name="t", source=None)
    Xr, yr, _ = cases.dataset("diabetes")
    hgb = ensemble.HistGradientBoostingRegressor(
        loss="quantile", quantile=0.5, max_iter=2).fit(Xr, yr)
    modelseal.export(hgb, name="t", source=None)  # supported


@pytest.mark.parametrize("kind", ["float", "bool"])
def test_float_and_bool_labels_keep_their_dtype(kind):
    # scikit-learn keeps y's dtype in classes_ (whole-number floats, bools)
    # and predict returns it: so does modelseal (ClassLabels.label_type).
    X, y, _ = cases.dataset("iris")
    labels = y.astype(float) - 1.0 if kind == "float" else (y == 1)
    for est in (linear_model.LogisticRegression(max_iter=500),
                ensemble.RandomForestClassifier(n_estimators=5,
                                                random_state=0)):
        est.fit(X, labels)
        pred = modelseal._predictor_from_dict(
            modelseal.export(est, name="t", source=None))
        got, want = pred.predict(X), est.predict(X)
        assert got.dtype == want.dtype == est.classes_.dtype
        assert np.array_equal(got, want)
        assert np.array_equal(pred.classes_, est.classes_)
        assert pred.classes_.dtype == est.classes_.dtype


def test_single_class_tree_and_forest():
    X, y, _ = cases.dataset("iris")
    ones = np.full(len(y), 7)
    for est in (ensemble.RandomForestClassifier(n_estimators=3,
                                                random_state=0),
                ensemble.ExtraTreesClassifier(n_estimators=3,
                                              random_state=0)):
        est.fit(X, ones)
        pred = modelseal._predictor_from_dict(
            modelseal.export(est, name="t", source=None))
        assert np.array_equal(pred.predict(X), est.predict(X))
        assert np.array_equal(pred.predict_proba(X), est.predict_proba(X))


@pytest.mark.parametrize("ds", ["iris", "breast_cancer", "digits"])
def test_sgd_modified_huber_proba(ds):
    # q = (clip(d, -1, 1) + 1) / 2, normalised by its row sum s; rows where
    # every class's decision is <= -1 get scikit-learn's uniform row. d
    # differs from scikit-learn's by rounding of its magnitude M = |x| |coef|
    # + |intercept| (BLAS order), which q carries absolutely (d + 1 cancels
    # near d = -1) and the division by s amplifies: bound 1e-12 (1 + M) / s
    # (predictor.h's linear bound).
    X, y, _ = cases.dataset(ds)
    est = linear_model.SGDClassifier(loss="modified_huber",
                                     random_state=0).fit(X, y)
    pred = modelseal._predictor_from_dict(
        modelseal.export(est, name="t", source=None))
    rows = np.vstack([X, X * -100, X * 100, np.zeros((3, X.shape[1]))])
    want = est.predict_proba(rows)
    got = pred.predict_proba(rows)
    assert np.array_equal(pred.predict(rows), est.predict(rows))
    M = (np.abs(rows) @ np.abs(est.coef_).T
         + np.abs(est.intercept_)).max(axis=1, keepdims=True)
    q = (np.clip(est.decision_function(rows), -1, 1) + 1.0) / 2.0
    s = np.ones((len(rows), 1)) if q.ndim == 1 else \
        np.maximum(q.sum(axis=1, keepdims=True), 1e-300)
    bound = 1e-12 * (1 + M) / s
    assert (np.abs(got - want) <= bound).all(), \
        np.max(np.abs(got - want) / bound)
    # The rows scikit-learn made uniform (every q exactly 0).
    uniform = np.zeros(len(rows), bool) if q.ndim == 1 else q.sum(axis=1) == 0
    if ds == "iris":
        assert uniform.any()
    assert np.array_equal(got[uniform], want[uniform])


@pytest.mark.skipif(
    "clip" not in preprocessing.MaxAbsScaler().get_params(),
    reason="MaxAbsScaler has clip from scikit-learn 1.8")
def test_max_abs_scaler_clip_refused():
    X, _, _ = cases.dataset("iris")
    with pytest.raises(modelseal.UnsupportedEstimatorError,
                       match="clip=True") as e:
        modelseal.export(preprocessing.MaxAbsScaler(clip=True).fit(X),
                         name="t", source=None)
    assert e.value.context == "estimator"
    modelseal.export(preprocessing.MaxAbsScaler(clip=False).fit(X),
                     name="t", source=None)  # supported


def test_unfitted_estimator():
    with pytest.raises(Exception, match="not fitted"):
        modelseal.export(svm.LinearSVC(), name="t", source=None)


def test_sklearn_version_checked(monkeypatch):
    import sklearn
    monkeypatch.setattr(sklearn, "__version__", "1.3.2")
    with pytest.raises(modelseal.UnsupportedEstimatorError, match="1.3.2"):
        _export.check_sklearn_version()
    monkeypatch.setattr(sklearn, "__version__", "1.10.0")
    with pytest.raises(modelseal.UnsupportedEstimatorError, match="1.10.0"):
        _export.check_sklearn_version()
    monkeypatch.setattr(sklearn, "__version__", "1.4.0")
    _export.check_sklearn_version()


def test_logistic_resolution_follows_installed_sklearn():
    X, y, _ = cases.dataset("iris")
    multi = linear_model.LogisticRegression(max_iter=1000).fit(X, y)
    binary = linear_model.LogisticRegression(max_iter=1000).fit(X, (y > 0).astype(int))
    assert _export._logistic(multi, "e")[0]["output"] == "softmax"
    assert _export._logistic(binary, "e")[0]["output"] == "logistic_ovr"


@pytest.mark.parametrize("cls", [ensemble.HistGradientBoostingClassifier,
                                 ensemble.HistGradientBoostingRegressor])
def test_hgb_arbitrary_categories_and_unseen_values(cls):
    """Categories that are not 0..k-1 go through the CategoryEncoder step,
    which reproduces scikit-learn's OrdinalEncoder preprocessing: unseen
    values, non-integers and NaN are treated as missing, columns reordered."""
    rng = np.random.RandomState(3)
    n = 300
    X = np.column_stack([
        rng.normal(size=n), rng.choice([3.0, 7.0, 10.0], size=n),
        rng.normal(size=n), rng.choice([-2.0, 0.0, 4.0, 100.0], size=n)])
    X[rng.rand(n) < 0.1, 1] = np.nan
    y = ((X[:, 0] + (X[:, 1] == 7) * 2 - (X[:, 3] == 4)).round() % 3).astype(
        np.int64)
    est = cls(max_iter=8, categorical_features=[1, 3], random_state=0,
              early_stopping=False).fit(X, y)
    d = modelseal.export(est, name="cat", source=None)
    assert d["estimator"]["kind"] == "Pipeline"
    assert d["estimator"]["steps"][0]["kind"] == "CategoryEncoder"
    Xt = X[:40].copy()
    Xt[:8, 1] = [1.0, 2.0, 2.5, 8.0, np.nan, -0.0, 3.0, 10.0]
    Xt[:8, 3] = [1.0, -0.0, 0.0, 5.0, 4.0, np.nan, 100.0, -3.0]
    pred = modelseal._predictor_from_dict(d)
    assert np.array_equal(pred.predict(Xt), est.predict(Xt))
    if hasattr(est, "predict_proba"):
        np.testing.assert_allclose(pred.predict_proba(Xt),
                                   est.predict_proba(Xt), rtol=1e-12, atol=0)
        assert np.array_equal(pred.decision_function(Xt),
                              est.decision_function(Xt))


def test_dummy_constant_strategy_and_unread_input(sealed):
    # DummyClassifier(strategy="constant"): predict is the constant, its
    # probability 1; neither dummy reads X's values (NaN and infinity pass,
    # as in scikit-learn).
    X, y, _ = cases.dataset("iris_str")
    est = dummy.DummyClassifier(strategy="constant",
                                constant="virginica").fit(X, y)
    if not hasattr(est, "n_features_in_"):
        # scikit-learn < 1.6: the width is unknown, a clear refusal.
        with pytest.raises(modelseal.UnsupportedEstimatorError,
                           match="does not record its input width"):
            modelseal.export(est, name="t", source=None)
        return
    model = sealed(est)
    Z = X[:5].copy()
    Z[0, 0], Z[1, 2] = np.nan, np.inf
    assert model.predict(Z).tolist() == est.predict(Z).tolist()
    assert np.array_equal(model.predict_proba(Z), est.predict_proba(Z))
    reg = dummy.DummyRegressor(strategy="quantile", quantile=0.9).fit(
        X, np.arange(len(X), dtype=float))
    assert np.array_equal(sealed(reg).predict(Z), reg.predict(Z))
    for strategy in ("stratified", "uniform"):
        rnd = dummy.DummyClassifier(strategy=strategy).fit(X, y)
        with pytest.raises(modelseal.UnsupportedEstimatorError,
                           match="random"):
            modelseal.export(rnd, name="t", source=None)

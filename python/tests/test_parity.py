# Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
"""Parity suite: every supported estimator x datasets x hyper-parameter
settings x method, exported with modelseal.save, read back and evaluated by
the C++ inference engine, compared with scikit-learn on the full dataset.

Labels identical; trees, forests, GradientBoosting and HistGradientBoosting
bit-exact (np.array_equal) except their outputs that go through numpy's exp
(within compare.EXP_ULPS ulp); linear models within 1e-12 relative."""

import warnings

import numpy as np
import pytest

import cases
import modelseal
from compare import EXP, assert_same


METHOD_CASES = [(f"{cid}-{m}", name, setting, ds, m)
                for cid, name, setting, ds in cases.cases()
                for m in cases.methods(cases.fitted(name, setting, ds))]


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    cache = {}
    d = tmp_path_factory.mktemp("parity")

    def get(name, setting, ds):
        key = (name, setting, ds)
        if key not in cache:
            path = d / f"{name}-{setting}-{ds}.seal"
            modelseal.save(cases.fitted(name, setting, ds), path,
                           name="parity", version=1, source=None)
            cache[key] = modelseal._load_unsandboxed(path)
        return cache[key]
    return get


def test_case_count():
    # Reported in the parity summary: (estimator, dataset, method) triples
    # over all settings.
    triples = {(n, ds, m) for _, n, _, ds, m in METHOD_CASES}
    print(f"\nparity: {len(METHOD_CASES)} cases "
          f"({len(triples)} distinct (estimator, dataset, method))")
    assert len(METHOD_CASES) > 300


@pytest.mark.parametrize("case", METHOD_CASES, ids=lambda c: c[0])
def test_parity(case, loaded):
    cid, name, setting, ds, method = case
    est = cases.fitted(name, setting, ds)
    X = cases.dataset(ds)[0]
    model = loaded(name, setting, ds)
    want = getattr(est, method)(X)
    got = getattr(model, method)(X)
    exact = cases.bit_exact(name)
    if exact and cases.goes_through_exp(name, setting, method):
        exact = EXP
    assert_same(method, got, want, exact, cid)


@pytest.mark.parametrize("ds", ["iris", "breast_cancer"])
def test_float32_input_matches(ds, loaded):
    est = cases.fitted("RandomForestClassifier", 0, ds)
    X = cases.dataset(ds)[0].astype(np.float32)
    model = loaded("RandomForestClassifier", 0, ds)
    assert np.array_equal(model.predict_proba(X), est.predict_proba(X))


# Item 12 of issue 19: every method the estimator has (and no other), with
# scikit-learn's output dtype, for float64 and float32 input.
API_METHODS = ("predict", "predict_proba", "predict_log_proba",
               "decision_function", "transform", "score_samples", "score")


def _dtypes(out):
    if isinstance(out, list):
        return [o.dtype for o in out]
    return out.dtype


def _call(obj, method, *args, **kwargs):
    """(result, None) or (None, exception type) with numpy's warnings off
    (np.log(0) in predict_log_proba warns in both)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return getattr(obj, method)(*args, **kwargs), None
        except ValueError as e:
            return None, e


@pytest.mark.parametrize("case", cases.cases(), ids=lambda c: c[0])
def test_methods_and_dtypes(case, loaded):
    cid, name, setting, ds = case
    est = cases.fitted(name, setting, ds)
    model = loaded(name, setting, ds)
    X, y, _ = cases.dataset(ds)
    for m in API_METHODS:
        assert hasattr(model, m) == hasattr(est, m), f"{cid}: hasattr {m}"
    for m in API_METHODS[:-2]:
        if not hasattr(est, m):
            continue
        for dtype in (np.float64, np.float32):
            Xd = X.astype(dtype)
            want, _ = _call(est, m, Xd)
            got, _ = _call(model, m, Xd)
            what = f"{cid}-{m}-{np.dtype(dtype).name}"
            assert _dtypes(got) == _dtypes(want), what
            exact = cases.bit_exact(name)
            if exact and cases.goes_through_exp(
                    name, setting,
                    "predict_proba" if m == "predict_log_proba" else m):
                exact = EXP
            # float32 input is as exact as float64 input: the engine rounds
            # to float32 where scikit-learn keeps float32 (StandardScaler).
            assert_same(m, got, want, exact, what)
    if hasattr(est, "score"):
        w = np.arange(len(X)) % 3 + 0.5
        for kwargs in ({}, {"sample_weight": w}):
            if kwargs and name == "RANSACRegressor":
                # Its score takes no sample_weight (1.4 - 1.5) or only
                # through metadata routing (1.6 and later); the model's
                # score is estimator_'s, which takes it.
                continue
            want, want_err = _call(est, "score", X, y, **kwargs)
            got, got_err = _call(model, "score", X, y, **kwargs)
            if want_err is not None:  # multiclass-multioutput accuracy
                assert type(got_err) is type(want_err), cid
                assert str(got_err) == str(want_err), cid
            else:
                assert type(got) is type(want), cid
                np.testing.assert_allclose(got, want, rtol=1e-12,
                                           err_msg=cid)

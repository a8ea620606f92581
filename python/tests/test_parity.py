# Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
"""Parity suite: every supported estimator x datasets x hyper-parameter
settings x method, exported with modelseal.save, read back and evaluated by
the C++ inference engine, compared with scikit-learn on the full dataset.

Labels identical; trees, forests, GradientBoosting and HistGradientBoosting
bit-exact (np.array_equal) except their outputs that go through numpy's exp
(within compare.EXP_ULPS ulp); linear models within 1e-12 relative."""

import numpy as np
import pytest

import cases
import modelseal
from compare import EXP, assert_same
from modelseal import _native

pytestmark = pytest.mark.skipif(not _native.HAVE_PREDICTOR,
                                reason="built without format/inference")

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


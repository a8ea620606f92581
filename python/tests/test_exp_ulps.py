# Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
"""How far outputs computed with exp (boosting softmax, HGB gamma/poisson
predict) are from scikit-learn's on rows the model was not fitted on: within
compare.EXP_ULPS ulp (issue 19, item 9; the bound include/modelseal/
predictor.h states)."""

import math
import warnings

import numpy as np
import pytest

import cases
import modelseal
from compare import EXP_ULPS, ulp_distance


# Outputs that go through exp, on rows the model was not fitted on: the
# held-out half of each dataset plus 20 jittered copies of it (more distinct
# exp arguments). Prints the largest distance in ulp per case; run with
#   cd python/tests && pytest -s test_exp_ulps.py
EXP_HELDOUT = [
    ("GradientBoostingClassifier", 0, "iris", "predict_proba"),
    ("GradientBoostingClassifier", 0, "wine", "predict_proba"),
    ("GradientBoostingClassifier", 0, "digits", "predict_proba"),
    ("HistGradientBoostingClassifier", 0, "iris", "predict_proba"),
    ("HistGradientBoostingClassifier", 0, "wine", "predict_proba"),
    ("HistGradientBoostingClassifier", 0, "digits", "predict_proba"),
    ("HistGradientBoostingClassifierCat", 0, "cat_clf", "predict_proba"),
    ("HistGradientBoostingRegressorPoisson", 0, "diabetes", "predict"),
    ("HistGradientBoostingRegressorCat", 1, "cat_reg", "predict"),
]


@pytest.mark.parametrize("case", EXP_HELDOUT, ids=lambda c: "-".join(
    str(x) for x in c))
def test_exp_heldout_within_bound(case, tmp_path):
    name, setting, ds, method = case
    X, y, _ = cases.dataset(ds)
    if name == "HistGradientBoostingRegressorCat":
        y = np.exp(y / 4)  # gamma needs y > 0, as cases.fitted does
    rng = np.random.RandomState(1)
    order = rng.permutation(len(X))
    fit_rows, held = order[: len(X) // 2], order[len(X) // 2:]
    est = cases.ESTIMATORS[name][0](cases.ESTIMATORS[name][1][setting])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        est.fit(X[fit_rows], y[fit_rows])
    Xh = X[held]
    scale = np.nanstd(X, axis=0)
    jitter = [Xh + rng.normal(size=Xh.shape) * scale * 0.05
              for _ in range(20)]
    if "Cat" in name:  # keep the categorical columns' values
        for j in jitter:
            j[:, [1, 3]] = Xh[:, [1, 3]]
    Xh = np.vstack([Xh] + jitter)
    path = tmp_path / "m.seal"
    modelseal.save(est, path, name="heldout", version=1, source=None)
    model = modelseal._load_unsandboxed(path)
    want = getattr(est, method)(Xh)
    got = getattr(model, method)(Xh)
    d = ulp_distance(got, want)
    print(f"\n{'-'.join(str(x) for x in case)}: {want.size} values, "
          f"{np.count_nonzero(d)} differ, max {int(d.max())} ulp")
    assert int(d.max()) <= EXP_ULPS


def _softmax_with_libm_exp(raw):
    """sklearn.utils.extmath.softmax on scikit-learn's raw scores (same array
    layout, so numpy sums each row in the same order), with math.exp (the C
    library's) in place of numpy's exp."""
    X = np.array(raw, copy=True)  # keeps the layout, as softmax's copy
    X -= X.max(axis=1).reshape(-1, 1)
    for idx in np.ndindex(X.shape):
        X[idx] = math.exp(X[idx])
    X /= X.sum(axis=1).reshape(-1, 1)
    return X


@pytest.mark.parametrize("case", [
    ("GradientBoostingClassifier", "digits"),
    ("HistGradientBoostingClassifier", "digits"),
    ("HistGradientBoostingClassifier", "wine"),
], ids=lambda c: "-".join(c))
def test_softmax_bit_exact_with_the_same_exp(case, tmp_path):
    # The only difference left is exp: with the C library's exp in
    # scikit-learn's softmax, modelseal's predict_proba is bit-exact, for a
    # many-row call (HistGradientBoosting's Fortran-order raw scores: each
    # row summed left to right) and for one-row calls (pairwise).
    name, ds = case
    est = cases.fitted(name, 0, ds)
    X = cases.dataset(ds)[0]
    path = tmp_path / "m.seal"
    modelseal.save(est, path, name="softmax", version=1, source=None)
    model = modelseal._load_unsandboxed(path)
    raw = est.decision_function(X)
    assert np.array_equal(model.decision_function(X), raw)
    assert np.array_equal(model.predict_proba(X), _softmax_with_libm_exp(raw))
    for i in range(0, len(X), 37):
        row = X[i:i + 1]
        assert np.array_equal(model.predict_proba(row),
                              _softmax_with_libm_exp(
                                  est.decision_function(row))), i

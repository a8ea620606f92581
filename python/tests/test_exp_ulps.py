# Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
"""How far outputs computed with exp (boosting softmax, HGB gamma/poisson
predict) are from scikit-learn's on rows the model was not fitted on: within
compare.EXP_ULPS ulp (issue 19, item 9; the bound include/modelseal/
predictor.h states)."""

import warnings

import numpy as np
import pytest

import cases
import modelseal
from compare import EXP_ULPS, ulp_distance
from modelseal import _native

pytestmark = pytest.mark.skipif(not _native.HAVE_PREDICTOR,
                                reason="built without format/inference")

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

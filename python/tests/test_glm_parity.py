# Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
"""The GLMs (PoissonRegressor, GammaRegressor, TweedieRegressor: LinearModel
with the log link's exp output, or identity) and RANSACRegressor saved,
signed, loaded through the sandbox and compared with scikit-learn on
held-out rows (a held-out split, fresh rows over the fitted range, rows 10x
and 100x beyond it, sign-flipped rows, zeros), and their score (D^2 for the
GLMs) on the held-out split. exp turns the linear predictor's absolute
rounding into a relative one, so values are held to RTOL relative. Run
``pytest -s test_glm_parity.py`` to print the largest differences."""

import warnings

import numpy as np
import pytest
from sklearn import datasets, linear_model
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from compare import held_out

# The bound (include/modelseal/predictor.h, LinearModel).
RTOL = 1e-12
WORST = {}


def _poisson_data():
    rng = np.random.RandomState(0)
    X = rng.normal(size=(4000, 8))
    y = rng.poisson(np.exp(X[:, 0] * 0.3 + 0.5)).astype(float)
    return X, y


ESTIMATORS = {
    "PoissonRegressor": lambda: linear_model.PoissonRegressor(),
    "PoissonRegressor-alpha": lambda: linear_model.PoissonRegressor(
        alpha=0.01),
    "GammaRegressor": lambda: linear_model.GammaRegressor(),
    "TweedieRegressor-1.5": lambda: linear_model.TweedieRegressor(power=1.5),
    "TweedieRegressor-0": lambda: linear_model.TweedieRegressor(power=0),
    "TweedieRegressor-0-log": lambda: linear_model.TweedieRegressor(
        power=0, link="log"),
    "RANSACRegressor": lambda: linear_model.RANSACRegressor(random_state=0),
}


@pytest.mark.parametrize("ds", ["diabetes", "poisson"])
@pytest.mark.parametrize("name", list(ESTIMATORS))
def test_held_out(name, ds, sealed):
    if ds == "diabetes":
        X, y = datasets.load_diabetes(return_X_y=True)
    else:
        X, y = _poisson_data()
        if name.startswith("Gamma"):
            y = y + 0.5  # Gamma needs y > 0
    X_fit, X_test, y_fit, y_test = train_test_split(X, y, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # lbfgs convergence
        est = make_pipeline(StandardScaler(), ESTIMATORS[name]()).fit(
            X_fit, y_fit)
    model = sealed(est)
    Z = held_out(X_fit, X_test)
    want, got = est.predict(Z), model.predict(Z)
    rel = np.abs(got - want) / np.abs(want)
    key = name.split("-")[0]
    WORST[key] = max(WORST.get(key, 0.0), float(rel.max()))
    assert rel.max() <= RTOL, f"{name}-{ds}: {rel.max():.3g}"
    want_score, got_score = est.score(X_test, y_test), model.score(X_test,
                                                                  y_test)
    assert type(got_score) is type(want_score)
    np.testing.assert_allclose(got_score, want_score, rtol=1e-12, atol=1e-13)


def test_report_largest_errors():
    """Prints the largest relative differences measured (pytest -s)."""
    for name, rel in sorted(WORST.items()):
        print(f"\n{name}: max relative difference {rel:.3g}")

# Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
"""The shape of a regressor's one output (SPEC §6.12, output.shape):
scikit-learn's LinearRegression and multi-task regressors fitted on a 2-D y
of one column predict [n, 1] (X @ coef_.T with a 2-D coef_); the other
linear regressors store a 1-D coef_ then and predict [n]. The loaded model
returns the same shape and values within the linear bound."""

import warnings

import numpy as np
import pytest
from sklearn import linear_model
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from compare import held_out

ESTIMATORS = {
    "LinearRegression": linear_model.LinearRegression,
    "Ridge": linear_model.Ridge,
    "Lasso": lambda: linear_model.Lasso(alpha=0.01),
    "MultiTaskLasso": lambda: linear_model.MultiTaskLasso(alpha=0.01),
    "MultiTaskElasticNet": lambda: linear_model.MultiTaskElasticNet(
        alpha=0.01),
    "Pipeline": lambda: make_pipeline(StandardScaler(),
                                      linear_model.LinearRegression()),
}


def _data():
    rng = np.random.RandomState(0)
    X = rng.normal(size=(120, 4))
    y = X @ [1.0, -2.0, 0.5, 3.0] + 0.3 + 0.1 * rng.normal(size=120)
    return X, y


@pytest.mark.parametrize("name", list(ESTIMATORS))
@pytest.mark.parametrize("two_d", [False, True])
def test_one_output_keeps_scikit_learns_shape(name, two_d, sealed):
    X, y = _data()
    if name.startswith("MultiTask") and not two_d:
        pytest.skip("multi-task models need a 2-D y")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a column vector y
        est = ESTIMATORS[name]().fit(X, y[:, None] if two_d else y)
    model = sealed(est)
    Z = held_out(X)
    want, got = est.predict(Z), model.predict(Z)
    assert got.shape == want.shape and got.dtype == want.dtype
    np.testing.assert_allclose(got, want, rtol=1e-12,
                               atol=1e-12 * np.abs(want).max())
    d = model._native.model_dict()["output"]
    assert (d.get("shape") == "column") == (want.ndim == 2)
    yt = y[:, None] if two_d else y
    np.testing.assert_allclose(model.score(X, yt), est.score(X, yt),
                               rtol=1e-12)

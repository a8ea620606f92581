# Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
"""KernelRidge (saved as an SVR over its training rows: support vectors
X_fit_, dual coefficients dual_coef_, intercept 0) saved, signed, loaded
through the sandbox and compared with scikit-learn on held-out rows (a
held-out split, fresh rows over the fitted range, rows 10x and 100x beyond
it, sign-flipped rows, zeros). scikit-learn sums K @ dual_coef_ with BLAS
and builds K with its own formulas (rbf through ||x||^2 + ||s||^2 - 2 x.s);
the engine sums in its order with libsvm's kernels, so predictions are held
to RTOL of the magnitude summed, sum_i |dual_coef_i K(x, s_i)| (as the SVR
bound in include/modelseal/predictor.h). Run ``pytest -s
test_kernel_ridge_parity.py`` to print the largest differences."""

import numpy as np
import pytest
from sklearn import datasets
from sklearn.kernel_ridge import KernelRidge
from sklearn.metrics.pairwise import pairwise_kernels
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from compare import held_out

RTOL = 1e-12
WORST = {}

SETTINGS = {
    "linear": {"kernel": "linear", "alpha": 1.0},
    "rbf": {"kernel": "rbf", "alpha": 0.1},
    "rbf-gamma": {"kernel": "rbf", "alpha": 1e-3, "gamma": 0.05},
    "poly": {"kernel": "poly", "alpha": 1.0, "degree": 2, "coef0": 1.5},
    "poly-3": {"kernel": "poly", "alpha": 10.0},
    "sigmoid": {"kernel": "sigmoid", "alpha": 1.0, "gamma": 0.01},
}


@pytest.mark.parametrize("ds", ["diabetes", "friedman"])
@pytest.mark.parametrize("name", list(SETTINGS))
def test_held_out(name, ds, sealed):
    if ds == "diabetes":
        X, y = datasets.load_diabetes(return_X_y=True)
    else:
        X, y = datasets.make_friedman1(n_samples=500, random_state=0)
    X_fit, X_test, y_fit, y_test = train_test_split(X, y, random_state=0)
    kr = KernelRidge(**SETTINGS[name])
    est = make_pipeline(StandardScaler(), kr).fit(X_fit, y_fit)
    model = sealed(est)
    Z = held_out(X_fit, X_test)
    want, got = est.predict(Z), model.predict(Z)
    assert got.shape == want.shape and got.dtype == want.dtype
    Zs = est[0].transform(Z)
    K = pairwise_kernels(Zs, kr.X_fit_, metric=kr.kernel, filter_params=True,
                         gamma=kr.gamma, degree=kr.degree, coef0=kr.coef0)
    scale = np.abs(K) @ np.abs(kr.dual_coef_)
    err = np.abs(got - want)
    rel = np.where(err == 0, 0.0, err / np.maximum(scale, 1e-300))
    WORST[name] = max(WORST.get(name, 0.0), float(rel.max()))
    assert (err <= RTOL * scale).all(), f"{name}-{ds}: {rel.max():.3g}"
    np.testing.assert_allclose(model.score(X_test, y_test),
                               est.score(X_test, y_test), rtol=1e-10)


@pytest.mark.parametrize("name", ["linear", "rbf", "poly"])
def test_several_targets(name, sealed):
    """A 2-D y of 3 targets: dual_coef_ [l, 3], predict [n, 3], one value
    per target held to the bound; score is scikit-learn's R² averaged over
    the targets."""
    X, y = datasets.make_friedman1(n_samples=400, random_state=1)
    Y = np.column_stack([y, np.sin(X[:, 0] * 3), X[:, 1] * X[:, 2] - y])
    X_fit, X_test, Y_fit, Y_test = train_test_split(X, Y, random_state=0)
    kr = KernelRidge(**SETTINGS[name])
    est = make_pipeline(StandardScaler(), kr).fit(X_fit, Y_fit)
    model = sealed(est)
    Z = held_out(X_fit, X_test)
    want, got = est.predict(Z), model.predict(Z)
    assert got.shape == want.shape == (len(Z), 3)
    assert got.dtype == want.dtype
    K = pairwise_kernels(est[0].transform(Z), kr.X_fit_, metric=kr.kernel,
                         filter_params=True, gamma=kr.gamma,
                         degree=kr.degree, coef0=kr.coef0)
    scale = np.abs(K) @ np.abs(kr.dual_coef_)
    err = np.abs(got - want)
    rel = np.where(err == 0, 0.0, err / np.maximum(scale, 1e-300))
    WORST[name + "-3-targets"] = max(WORST.get(name + "-3-targets", 0.0),
                                     float(rel.max()))
    assert (err <= RTOL * scale).all(), f"{name}: {rel.max():.3g}"
    np.testing.assert_allclose(model.score(X_test, Y_test),
                               est.score(X_test, Y_test), rtol=1e-10)


def test_refusals(sealed):
    """A 2-D y of one column (scikit-learn's predict is then [n, 1]), a
    kernel libsvm does not have, and a fractional degree are refused at
    save (UnsupportedEstimatorError, E1121)."""
    import modelseal
    X, y = datasets.load_diabetes(return_X_y=True)
    for est, says in (
            (KernelRidge().fit(X, y[:, None]), "2-D y of one column"),
            (KernelRidge(kernel="laplacian").fit(X, y), "laplacian"),
            (KernelRidge(kernel="poly", degree=2.5).fit(X, y),
             "whole number")):
        with pytest.raises(modelseal.UnsupportedEstimatorError, match=says):
            sealed(est)


def test_report_largest_errors():
    """Prints the largest differences measured (pytest -s)."""
    for name, rel in sorted(WORST.items()):
        print(f"\n{name}: {rel:.3g} of sum |dual_coef K|")

# Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
"""scikit-learn's Gaussian mixtures (GaussianMixture and
BayesianGaussianMixture with either weight_concentration_prior_type: the
GaussianMixture kind) for the four covariance types, saved with
modelseal.save, signed, loaded through the sandbox and evaluated by the
native engine, compared with scikit-learn's predict, predict_proba,
score_samples and score on held-out rows (a held-out split, fresh rows over
the fitted range, rows 10x and 100x beyond it, sign-flipped rows, zeros);
inside a Pipeline; fitted on a DataFrame; float32 input; several threads;
the tie rule; the refusals; and the mapper's digamma against scipy's.

predict is the component index, int64 as scikit-learn's argmax: labels must
be identical. The weighted log-probabilities w_j are computed in
scikit-learn's order of operations, but the matrix products are OpenBLAS
dgemm calls per block of rows and the squared norm of a row an einsum in
scikit-learn, so w_j differs from scikit-learn's by rounding relative to the
magnitudes that are added: S = max_j (0.5 M_j + |log_det_j| + |log w_j| +
|Bayesian terms|) + n log(2 pi), with M_j the sum of the squared magnitudes
of the terms of the quadratic form (full, tied: sum_i (|x P_j|_i +
|mu_j P_j|_i)^2; diag, spherical: 2 sum_i p_i (mu_i^2 + x_i^2)).
score_samples is held to |got - want| <= RTOL S, predict_proba to
|got - want| <= 2 RTOL S + 8 eps. Run ``pytest -s test_mixture_parity.py``
to print the largest ratios measured."""

import math
import warnings

import numpy as np
import pandas as pd
import pytest
from scipy.special import digamma
from sklearn import datasets
from sklearn.mixture import BayesianGaussianMixture, GaussianMixture
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

import modelseal
from compare import held_out

# The bound (include/modelseal/predictor.h states it for GaussianMixture).
RTOL = 1e-12
EPS = np.finfo(np.float64).eps

# name -> [max |ss diff| / S, max |proba diff| (absolute)]
WORST = {}

COVARIANCE_TYPES = ["full", "tied", "diag", "spherical"]


def _data(name):
    if name == "blobs":
        X, _ = datasets.make_blobs(n_samples=500, n_features=6, centers=4,
                                   random_state=0)
        return X
    X = getattr(datasets, f"load_{name}")(return_X_y=True)[0]
    return X


def _fit(est, X):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # convergence warnings
        return est.fit(X)


def _estimators():
    out = {}
    for cov in COVARIANCE_TYPES:
        out[f"GMM-{cov}"] = lambda cov=cov: GaussianMixture(
            4, covariance_type=cov, random_state=0)
        out[f"BGM-dp-{cov}"] = lambda cov=cov: BayesianGaussianMixture(
            n_components=5, covariance_type=cov, random_state=0,
            max_iter=200)
        out[f"BGM-dd-{cov}"] = lambda cov=cov: BayesianGaussianMixture(
            n_components=3, covariance_type=cov, random_state=1,
            weight_concentration_prior_type="dirichlet_distribution",
            max_iter=200)
    return out


ESTIMATORS = _estimators()


def _final_and_input(est, X):
    if hasattr(est, "steps"):
        for _, step in est.steps[:-1]:
            X = step.transform(X)
        est = est.steps[-1][1]
    return est, np.asarray(X, dtype=np.float64)


def _scale(gm, X):
    """S per row (the module docstring)."""
    n = X.shape[1]
    pc = gm.precisions_cholesky_
    means = gm.means_
    k = means.shape[0]
    cov = gm.covariance_type
    mags = np.empty((X.shape[0], k))
    for j in range(k):
        if cov in ("full", "tied"):
            P = pc[j] if cov == "full" else pc
            mags[:, j] = ((np.abs(X @ P) + np.abs(means[j] @ P)) ** 2).sum(1)
        else:
            p = pc[j] ** 2
            mags[:, j] = 2 * (p * (means[j] ** 2 + X ** 2)).sum(1)
    if cov == "full":
        log_det = np.log(np.stack([np.diag(P) for P in pc])).sum(1)
    elif cov == "tied":
        log_det = np.full(k, np.log(np.diag(pc)).sum())
    elif cov == "diag":
        log_det = np.log(pc).sum(1)
    else:
        log_det = n * np.log(pc)
    extra = np.abs(log_det) + np.abs(gm._estimate_log_weights())
    if isinstance(gm, BayesianGaussianMixture):
        extra = extra + 0.5 * n * np.abs(np.log(gm.degrees_of_freedom_)) \
            + np.abs(gm._estimate_log_prob(np.zeros((1, n)))[0]).max()
    return (0.5 * mags + extra).max(1) + n * math.log(2 * math.pi)


def _compare(name, est, model, X):
    want = est.predict(X)
    got = model.predict(X)
    assert got.dtype == want.dtype == np.int64
    assert np.array_equal(got, want), \
        f"{name}: labels differ at {np.flatnonzero(got != want)[:10]}"
    gm, Xs = _final_and_input(est, X)
    S = _scale(gm, Xs)
    ss_want, ss_got = est.score_samples(X), model.score_samples(X)
    assert ss_got.dtype == np.float64 and ss_got.shape == ss_want.shape
    ratio = np.abs(ss_got - ss_want) / S
    p_want, p_got = est.predict_proba(X), model.predict_proba(X)
    assert p_got.dtype == np.float64 and p_got.shape == p_want.shape
    p_diff = np.abs(p_got - p_want)
    worst = WORST.setdefault(name.split("@")[0], [0.0, 0.0])
    worst[0] = max(worst[0], float(ratio.max()))
    worst[1] = max(worst[1], float(p_diff.max()))
    assert ratio.max() <= RTOL, f"{name}: {ratio.max():.3g} (bound {RTOL})"
    assert (p_diff <= 2 * RTOL * S[:, None] + 8 * EPS).all(), \
        f"{name}: proba {p_diff.max():.3g}"
    s_want, s_got = est.score(X), model.score(X)
    assert type(s_got) is type(s_want)
    assert abs(s_got - s_want) <= RTOL * S.mean() + 8 * EPS * abs(s_want)


@pytest.mark.parametrize("ds", ["iris", "wine", "blobs"])
@pytest.mark.parametrize("name", list(ESTIMATORS))
def test_held_out(name, ds, sealed):
    X = _data(ds)
    if ds == "wine":
        X = StandardScaler().fit_transform(X)
    X_fit, X_test = train_test_split(X, test_size=0.3, random_state=0)
    est = _fit(ESTIMATORS[name](), X_fit)
    model = sealed(est)
    _compare(f"{name}@{ds}", est, model, held_out(X_fit, X_test))


def test_methods(sealed):
    X = _data("iris")
    for est in (_fit(GaussianMixture(3, random_state=0), X),
                _fit(BayesianGaussianMixture(n_components=3, random_state=0),
                     X)):
        model = sealed(est)
        for m in ("predict", "predict_proba", "score_samples", "score"):
            assert hasattr(model, m) and hasattr(est, m), m
        # No classes_, decision_function, predict_log_proba or transform,
        # as scikit-learn's mixtures.
        for m in ("classes_", "decision_function", "predict_log_proba",
                  "transform"):
            assert not hasattr(model, m) and not hasattr(est, m), m
        with pytest.raises(modelseal.errors.MethodNotSupportedError,
                           match="density estimator has no transform"):
            model.transform(X)
        assert model.n_features_in_ == 4
        assert type(model.score(X)) is type(est.score(X, None))
        assert abs(model.score(X) - est.score(X)) <= 1e-12 * abs(est.score(X))


def test_pipeline_dataframe_and_threads(sealed):
    X = _data("breast_cancer")
    df = pd.DataFrame(X, columns=[f"f{i}" for i in range(X.shape[1])])
    est = _fit(make_pipeline(StandardScaler(),
                             GaussianMixture(3, covariance_type="diag",
                                             random_state=0)), df)
    one, two = sealed(est), sealed(est, n_threads=2)
    Zdf = pd.DataFrame(held_out(X), columns=df.columns)
    _compare("Pipeline-dataframe", est, one, Zdf)
    assert np.array_equal(two.predict(Zdf), one.predict(Zdf))
    assert np.array_equal(two.predict_proba(Zdf), one.predict_proba(Zdf))
    assert np.array_equal(two.score_samples(Zdf), one.score_samples(Zdf))


def test_many_blocks(sealed):
    # More rows than one block of the engine; a full mixture of 6
    # components on 10 features.
    X, _ = datasets.make_blobs(n_samples=3000, n_features=10, centers=6,
                               random_state=2)
    est = _fit(GaussianMixture(6, random_state=0), X[:1500])
    _compare("GMM-full-many", est, sealed(est), X[1500:])


def test_float32_input(sealed):
    # The engine computes float32 X in float64 (scikit-learn 1.7 and later
    # store full and tied mixtures' squared distances in a float32 array
    # for float32 X; diag and spherical compute in float64 as here).
    X = _data("iris")
    for cov in COVARIANCE_TYPES:
        est = _fit(GaussianMixture(3, covariance_type=cov, random_state=0), X)
        model = sealed(est)
        X32 = held_out(X).astype(np.float32)
        X64 = X32.astype(np.float64)
        assert np.array_equal(model.predict(X32), model.predict(X64))
        assert np.array_equal(model.score_samples(X32),
                              model.score_samples(X64))
        _compare(f"float32-{cov}", est, model, X64)


def test_ties_go_to_the_first_component(sealed):
    # Components 0 and 2 identical (mean, precision, weight): their
    # weighted log-probabilities are equal to the bit, and numpy's argmax
    # takes the first.
    X = _data("iris")
    for cov in COVARIANCE_TYPES:
        est = _fit(GaussianMixture(3, covariance_type=cov, random_state=0), X)
        est.means_[2] = est.means_[0]
        if cov != "tied":
            est.precisions_cholesky_[2] = est.precisions_cholesky_[0]
        w = est.weights_.copy()
        w[2] = w[0]
        est.weights_ = w / w.sum()
        model = sealed(est)
        Z = held_out(X)
        want = est.predict(Z)
        assert 2 not in set(want.tolist())
        assert np.array_equal(model.predict(Z), want)
        assert np.array_equal(model.predict(X[:60]), est.predict(X[:60]))


def test_bayesian_constants_match_scipy(sealed):
    # The mapper's log weights (scipy's digamma, reimplemented) and the
    # Bayesian terms against scikit-learn's own, on fitted models and on a
    # grid of concentrations from 1e-3 to 1e7 (every branch of digamma:
    # integers, (0, 1), (1, 2], (2, 10), large).
    X = _data("iris")
    grid = np.concatenate([np.geomspace(1e-3, 1e7, 97),
                           np.arange(1.0, 11.0), [1.5, 2.5, 9.75, 10.5]])
    est = _fit(BayesianGaussianMixture(
        n_components=4, random_state=0,
        weight_concentration_prior_type="dirichlet_distribution"), X)
    worst = 0.0
    for lo in range(0, len(grid), 4):
        wc = grid[lo:lo + 4]
        if len(wc) < 4:
            wc = np.concatenate([wc, grid[:4 - len(wc)]])
        est.weight_concentration_ = wc.copy()
        got = np.asarray(sealed(est)._native.model_dict()["estimator"]
                         ["log_weights"])
        want = est._estimate_log_weights()
        assert np.array_equal(got, want) or \
            np.abs(got - want).max() <= 4 * EPS * np.abs(want).max(), wc
        worst = max(worst, float((np.abs(got - want) /
                                  np.maximum(np.abs(want), 1e-300)).max()))
    WORST["digamma-log-weights-rel"] = [worst, 0.0]
    for cov in COVARIANCE_TYPES:
        for prior in ("dirichlet_process", "dirichlet_distribution"):
            est = _fit(BayesianGaussianMixture(
                n_components=4, covariance_type=cov, random_state=0,
                weight_concentration_prior_type=prior), X)
            d = sealed(est)._native.model_dict()["estimator"]
            want = est._estimate_log_weights()
            got = np.asarray(d["log_weights"])
            assert np.abs(got - want).max() <= 4 * EPS * np.abs(want).max()
            # dof_term and lambda_term rebuild _estimate_log_prob's terms.
            n = X.shape[1]
            lam = n * np.log(2.0) + np.sum(digamma(
                0.5 * (est.degrees_of_freedom_ -
                       np.arange(0, n)[:, np.newaxis])), 0)
            want_l = 0.5 * (lam - n / est.mean_precision_)
            want_d = np.broadcast_to(
                0.5 * n * np.log(est.degrees_of_freedom_), (4,))
            for g, w in ((d["lambda_term"], want_l), (d["dof_term"], want_d)):
                g = np.asarray(g)
                assert np.abs(g - w).max() <= 4 * EPS * np.abs(w).max(), cov


def test_refusals(sealed, tmp_path):
    X = _data("iris")
    # Fitted on float32: scikit-learn 1.5 and later keep float32 parameters
    # (refused, as they compute in float32); 1.4's are float64 (saved).
    est = _fit(GaussianMixture(3, random_state=0), X.astype(np.float32))
    if est.means_.dtype == np.float32:
        with pytest.raises(modelseal.errors.UnsupportedEstimatorError,
                           match="float32"):
            modelseal.save(est, tmp_path / "f32.seal", name="f32",
                           version=1, source=None)
        assert not (tmp_path / "f32.seal").exists()
    else:
        _compare("float32-fitted", est, sealed(est), held_out(X))
    model = sealed(_fit(GaussianMixture(3, random_state=0), X))
    bad = X[:3].copy()
    bad[1, 2] = np.nan
    with pytest.raises(modelseal.errors.InputError, match="nan"):
        model.predict(bad)
    bad[1, 2] = np.inf
    with pytest.raises(modelseal.errors.InputError):
        model.score_samples(bad)


def test_report_largest_errors():
    """Prints the largest differences measured (pytest -s)."""
    for name, (ratio, proba) in sorted(WORST.items()):
        print(f"\n{name}: max |ss_got - ss_want| / S {ratio:.3g}, "
              f"max |p_got - p_want| {proba:.3g}")

# Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
"""Comparison helpers shared by the parity and exporter tests."""

import warnings

import numpy as np
from sklearn.base import is_classifier

RTOL = 1e-12
# Outputs that go through exp (predict_proba of GradientBoosting and
# HistGradientBoosting; HGB's gamma/poisson predict): modelseal follows
# scikit-learn's sequence but uses the C library's exp where scikit-learn uses
# numpy's, which on AVX512F machines is numpy's own SIMD exp, 1 ulp from the C
# library's for about 5% of arguments with numpy 2.3-2.4 and 24% with numpy
# 1.26. Measured at most 5 ulp (numpy 1.26.4, softmax over 10 classes; 3 with
# numpy 2.x; test_exp_ulps.py); the bound asserted and stated in
# include/modelseal/predictor.h keeps a margin over that. predict_log_proba
# (np.log of those) is held to EXP_ULPS * 2**-52 absolute plus 1 ulp instead.
EXP_ULPS = 8
EXP = "exp"  # the `bit_exact` value selecting the EXP_ULPS rule


def ulp_distance(a, b):
    """Per entry, how many float64 values lie between a and b (0 when equal,
    both NaN, or +0 and -0); a and b same shape."""
    a = np.ascontiguousarray(a, dtype=np.float64)
    b = np.ascontiguousarray(b, dtype=np.float64)

    def ordered(x):  # monotone in x, as Python ints (no overflow)
        i = x.view(np.int64).astype(object)
        return np.where(i < 0, -(2**63) - i, i)

    d = np.abs(ordered(a) - ordered(b))
    d[np.isnan(a) & np.isnan(b)] = 0
    d[np.isnan(a) ^ np.isnan(b)] = 2**64
    return d


def assert_same(method, got, want, bit_exact, what=""):
    """Labels identical; bit-exact outputs (bit_exact True) identical
    (np.array_equal, NaN equal); bit_exact == EXP: within EXP_ULPS ulp;
    others within RTOL relative (plus an absolute floor of RTOL times the
    largest magnitude, for entries that are ~0)."""
    if isinstance(want, list):
        assert isinstance(got, list) and len(got) == len(want), what
        for g, w in zip(got, want):
            assert_same(method, g, w, bit_exact, what)
        return
    got = np.asarray(got)
    want = np.asarray(want)
    assert got.shape == want.shape, f"{what}: shape {got.shape} != {want.shape}"
    if method == "predict" and want.dtype.kind in "iuUSOb":
        assert np.array_equal(got.astype(want.dtype), want), \
            f"{what}: labels differ at {np.flatnonzero(got != want)[:10]}"
        return
    if isinstance(bit_exact, str):
        assert bit_exact == EXP, bit_exact
        if method == "predict_log_proba":
            _assert_log_of_exp_bound(got, want, what)
            return
        d = ulp_distance(got, want) if got.size else np.zeros(0)
        worst = int(d.max()) if d.size else 0
        assert worst <= EXP_ULPS, \
            f"{what}: {worst} ulp apart (bound {EXP_ULPS}) at " \
            f"{np.flatnonzero(d > EXP_ULPS)[:10]}"
        return
    if bit_exact:
        if not np.array_equal(got, want, equal_nan=True):
            diff = np.abs(got - want)
            raise AssertionError(
                f"{what}: not bit-exact: {np.count_nonzero(got != want)} of "
                f"{got.size} differ, max abs diff {np.nanmax(diff):.3e}, "
                f"max rel {np.nanmax(diff / np.maximum(np.abs(want), 1e-300)):.3e}")
        return
    np.testing.assert_allclose(got, want, rtol=RTOL,
                               atol=RTOL * _finite_scale(want), err_msg=what)


def _assert_log_of_exp_bound(got, want, what):
    """predict_log_proba is np.log(predict_proba) on both sides, so a
    probability p within EXP_ULPS ulp (relative error at most EXP_ULPS * 2**-52)
    becomes a log within EXP_ULPS * 2**-52 absolute, plus the log's own
    rounding (1 ulp of the result). Counted in ulp of the log it is unbounded
    near p = 1 (log p -> 0): p = 0.906 one ulp off is about 9 ulp of
    log p = -0.0988 (measured: GradientBoostingClassifier on wine, scikit-learn
    1.4.2 with numpy 1.26.4)."""
    same = (got == want) | (np.isnan(got) & np.isnan(want))
    bound = EXP_ULPS * 2.0**-52 + np.spacing(np.abs(want))
    with np.errstate(invalid="ignore"):
        diff = np.abs(got - want)
    ok = same | (diff <= bound)
    assert ok.all(), \
        f"{what}: log-probabilities beyond {EXP_ULPS} * 2**-52 + 1 ulp at " \
        f"{np.flatnonzero(~ok)[:10]} (max abs diff {np.nanmax(diff[~ok]):.3e})"


def _finite_scale(want):
    """The largest finite magnitude (predict_log_proba has -inf where a
    probability is 0; assert_allclose requires those to match exactly)."""
    finite = np.abs(want[np.isfinite(want)])
    return float(finite.max()) if finite.size else 0.0


def quiet(fn, *args, **kwargs):
    """fn(*args, **kwargs) with warnings silenced (scikit-learn's, e.g.
    unknown categories, on both sides of a comparison)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return fn(*args, **kwargs)


def check_methods(est, model, X, exact):
    """Each of predict, predict_proba, decision_function and transform that
    `est` has, on X, against `model`'s: labels and transforms bit-exact,
    scores (a regressor's predict among them) bit-exact when `exact`, else
    within assert_same's bounds. A regressor's predict is a score: a linear
    one is numpy's dot product, whose summation order is OpenBLAS's kernel
    for the CPU (numpy 1.26.4's OpenBLAS 0.3.23 runs its generic Prescott
    kernel on some AVX-512 Xeons, and differs there from ours by an ulp)."""
    for method in ("predict", "predict_proba", "decision_function",
                   "transform"):
        if not hasattr(est, method):
            continue
        want = quiet(getattr(est, method), X)
        got = quiet(getattr(model, method), X)
        always = method == "transform" or (method == "predict" and
                                           is_classifier(est))
        assert_same(method, got, want, always or exact, method)


def held_out(X_fit, X_first=None, seed=1, n=150):
    """X_first (default: X_fit), then n fresh rows over X_fit's range (10%
    wider), of which rows 0-9 are scaled 10x and 10-19 100x beyond it,
    20-24 sign-flipped 5x out and 25-27 zeros."""
    rng = np.random.RandomState(seed)
    lo, hi = X_fit.min(axis=0), X_fit.max(axis=0)
    span = hi - lo
    Z = lo - 0.1 * span + 1.2 * span * rng.rand(n, X_fit.shape[1])
    Z[:10] *= 10
    Z[10:20] *= 100
    Z[20:25] *= -5
    Z[25:28] = 0.0
    return np.vstack([X_fit if X_first is None else X_first, Z])


def classification_split(name):
    """train_test_split (random_state 0) of a classification set: iris,
    wine, cancer (breast_cancer), digits, or "strings" (make_classification,
    600 rows, 6 features, 4 string-labelled classes)."""
    from sklearn import datasets
    from sklearn.model_selection import train_test_split
    if name == "strings":
        X, y = datasets.make_classification(
            n_samples=600, n_features=6, n_informative=4, n_redundant=0,
            n_classes=4, random_state=0)
        y = np.array(["ant", "bee", "cat", "dog"])[y]
    else:
        load = "breast_cancer" if name == "cancer" else name
        X, y = getattr(datasets, f"load_{load}")(return_X_y=True)
    return train_test_split(X, y, random_state=0)

#!/usr/bin/env python3
# Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
"""Linear projections (Projection kind): scikit-learn against modelseal,
through Python on both sides.

    python bench/projection_bench.py [--smoke] [--out FILE.md]

Models (fitted on 5,000 rows of correlated features: 30 latent factors
plus noise, around non-zero means):
- PCA(n_components=20) on 100 features (transform);
- PCA(n_components=50, whiten=True) on 200 features (transform);
- TruncatedSVD(n_components=50) on 200 features (transform);
- Pipeline(StandardScaler, PCA(n_components=20), LogisticRegression) on
  100 features, 3 classes (predict_proba).
Figures (medians): the method on one row (many calls), and on a 100k-row
batch on one thread (threadpoolctl's limit of 1 on scikit-learn's BLAS,
whose transform is one dgemm, and OMP_NUM_THREADS=OPENBLAS_NUM_THREADS=1;
n_threads=1 for modelseal). Checks the outputs against scikit-learn's (exit
1 otherwise): labels identical, transform within the bound
include/modelseal/predictor.h states (RTOL times the magnitude each output
is computed from, as python/tests/test_projection_parity.py measures it),
predict_proba within that bound carried through the LogisticRegression.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import warnings

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")  # before numpy and scikit-learn load

import numpy as np  # noqa: E402

from benchlib import (batch_and_single, cpu_name, fmt,  # noqa: E402
                      write_results)

# The bound of test_projection_parity.py: |got - want| <= RTOL * magnitude
# (+ ATOL on probabilities).
RTOL = 1e-12
ATOL = 1e-15
EPS = np.finfo(np.float64).eps


def centering(est) -> str:
    """The formula of the release that fitted est (the running one here):
    'none' (TruncatedSVD), 'before' (scikit-learn 1.4), 'after' (>= 1.5)."""
    import sklearn
    if not hasattr(est, "mean_"):
        return "none"
    new = np.lib.NumpyVersion(sklearn.__version__) >= "1.5.0"
    return "after" if new else "before"


def magnitude(est, X) -> np.ndarray:
    """[rows, k]: sum_j |x_j - mean_j| |c_kj| (1.4), sum_j |x_j c_kj| +
    sum_j |mean_j c_kj| (>= 1.5) or sum_j |x_j c_kj| (TruncatedSVD),
    divided by the whitening scale (clipped at eps from 1.5)."""
    C = np.abs(est.components_)
    how = centering(est)
    if how == "before":
        M = np.abs(X - est.mean_) @ C.T
    elif how == "after":
        M = np.abs(X) @ C.T + np.abs(est.mean_) @ C.T
    else:
        M = np.abs(X) @ C.T
    if getattr(est, "whiten", False):
        scale = np.sqrt(est.explained_variance_)
        if how == "after":
            scale = np.maximum(scale, EPS)
        M = M / scale
    return M


def error(got, want, scale, atol=0.0) -> tuple[float, float, float, bool]:
    """(max |got - want|, max |got - want| / (scale + atol / RTOL) (0
    where equal), the share of values bit-identical, within RTOL * scale +
    atol)."""
    err = np.abs(got - want)
    with np.errstate(invalid="ignore", divide="ignore"):
        relm = np.where(err == 0, 0.0, err / (scale + atol / RTOL))
    ok = bool((err <= RTOL * scale + atol).all())
    same = float(np.count_nonzero(got == want)) / got.size
    return float(err.max()), float(relm.max()), same, ok


def transform_error(est, X, got, want):
    return error(got, want, magnitude(est, X))


def proba_error(pipe, X, got, want):
    """predict_proba after StandardScaler -> projection: the decision's
    magnitude D = (|z| + M) |coef|.T + |b|, a probability within RTOL *
    want * (1 + 2 max D) + ATOL (test_projection_parity.py)."""
    Xp = pipe[:-2].transform(X)
    z = pipe[-2].transform(Xp)
    lr = pipe[-1]
    D = (np.abs(z) + magnitude(pipe[-2], Xp)) @ np.abs(lr.coef_).T + \
        np.abs(lr.intercept_)
    scale = want * (1.0 + 2.0 * D.max(axis=1, keepdims=True))
    return error(got, want, scale, ATOL)


def make_data(n, n_features, seed):
    """Rows of 30 latent factors mixed into n_features plus 5% noise,
    around means in [-50, 50]."""
    rng = np.random.default_rng(seed)
    mix = np.random.default_rng(1000 + n_features).normal(
        size=(30, n_features))
    mean = np.random.default_rng(2000 + n_features).uniform(
        -50, 50, n_features)
    latent = rng.normal(size=(n, 30))
    return latent @ mix + 0.05 * np.abs(mix).sum(axis=0) * \
        rng.normal(size=(n, n_features)) + mean


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--smoke", action="store_true")
    ap.add_argument("--out")
    args = ap.parse_args()

    import sklearn
    from sklearn.decomposition import PCA, TruncatedSVD
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler
    from threadpoolctl import threadpool_limits

    import modelseal

    n_single = 20 if args.smoke else 1000
    repeat = 1 if args.smoke else 5
    n_batch = 2000 if args.smoke else 100000
    n_fit = 500 if args.smoke else 5000

    X100 = make_data(n_fit, 100, 0)
    X200 = make_data(n_fit, 200, 0)
    # Three classes from two latent directions of the 100-feature rows.
    score = X100 @ np.random.default_rng(3).normal(size=(100, 2))
    y100 = np.digitize(score[:, 0] - 0.5 * score[:, 1],
                       np.quantile(score[:, 0] - 0.5 * score[:, 1],
                                   [1 / 3, 2 / 3]))
    Xb100 = make_data(n_batch, 100, 1)
    Xb200 = make_data(n_batch, 200, 1)
    cases = [
        ("PCA(n_components=20), 100 features", PCA(n_components=20),
         X100, None, Xb100, "transform"),
        ("PCA(n_components=50, whiten=True), 200 features",
         PCA(n_components=50, whiten=True), X200, None, Xb200, "transform"),
        ("TruncatedSVD(n_components=50), 200 features",
         TruncatedSVD(n_components=50, random_state=0), X200, None, Xb200,
         "transform"),
        ("Pipeline(StandardScaler, PCA(n_components=20), "
         "LogisticRegression), 100 features, 3 classes",
         make_pipeline(StandardScaler(), PCA(n_components=20),
                       LogisticRegression(max_iter=1000)),
         X100, y100, Xb100, "predict_proba"),
    ]

    import scipy
    cpu = cpu_name()
    command = " ".join([os.path.relpath(sys.executable),
                        "bench/projection_bench.py"] + sys.argv[1:])
    lines = [
        "# Linear projection benchmark (Projection kind)",
        "",
        f"Command: `{command}` ({cpu}, {os.cpu_count()} cores; load "
        f"average {os.getloadavg()[0]:.2f} at the start).",
        "",
        "transform() (PCA, TruncatedSVD) and predict_proba() (the "
        "Pipeline) through Python; batch on one thread (threadpoolctl "
        "limit 1 on scikit-learn's BLAS, "
        f"OMP_NUM_THREADS={os.environ['OMP_NUM_THREADS']}, "
        f"OPENBLAS_NUM_THREADS={os.environ['OPENBLAS_NUM_THREADS']}, "
        f"modelseal n_threads=1; median of {repeat}); 1 row: median of "
        f"{n_single} calls. Fitted on {n_fit} rows. scikit-learn "
        f"{sklearn.__version__}, numpy {np.__version__}, scipy "
        f"{scipy.__version__}. Outputs: the largest difference from "
        "scikit-learn's, absolute and as a fraction of the bound's scale "
        f"(RTOL = {RTOL:.0e} of it; test_projection_parity.py), and the "
        "share of values bit-identical to scikit-learn's.",
        "",
        "| model | batch rows | batch scikit-learn | batch modelseal | "
        "speed-up | 1 row scikit-learn | 1 row modelseal | speed-up | "
        "outputs |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    ok_all = True

    with tempfile.TemporaryDirectory() as tmp, \
            threadpool_limits(1, user_api="blas"):
        for i, (name, est, X, y, Xb, method) in enumerate(cases):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # ConvergenceWarning
                est.fit(X, y)
            path = os.path.join(tmp, f"projection{i}.seal")
            modelseal.save(est, path, name="projection-bench")
            model = modelseal.load(path, insecure_allow_unsigned=True,
                                   n_threads=1)
            sk_fn, ms_fn = getattr(est, method), getattr(model, method)
            got, want = ms_fn(Xb), sk_fn(Xb)
            if method == "transform":
                abs_err, relm, same, within = transform_error(est, Xb, got,
                                                              want)
                n_diff = 0
                labels = ""
            else:
                abs_err, relm, same, within = proba_error(est, Xb, got,
                                                          want)
                n_diff = int(np.count_nonzero(model.predict(Xb) !=
                                              est.predict(Xb)))
                labels = "labels identical; "
            ok = n_diff == 0 and within and got.dtype == want.dtype
            verdict = (f"{labels}{method}: max abs diff {abs_err:.1e}, "
                       f"{relm:.1e} of the bound's scale, "
                       f"{100 * same:.0f}% bit-identical"
                       if ok else
                       f"DIFFER: {n_diff} labels, {method} {relm:.1e} of "
                       f"the bound's scale (bound {RTOL:.0e}), dtype "
                       f"{got.dtype}")
            ok_all = ok_all and ok
            sk_b, ms_b, sk_1, ms_1 = batch_and_single(
                sk_fn, ms_fn, Xb, n_single, repeat)
            lines.append(
                f"| {name} | {len(Xb)} | {fmt(sk_b)} | {fmt(ms_b)} | "
                f"{sk_b / ms_b:.1f}x | {fmt(sk_1)} | {fmt(ms_1)} | "
                f"{sk_1 / ms_1:.1f}x | {verdict} |")
    lines.append("")
    write_results("\n".join(lines), args.out)
    return 0 if ok_all else 1


if __name__ == "__main__":
    sys.exit(main())

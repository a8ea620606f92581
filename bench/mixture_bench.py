#!/usr/bin/env python3
# Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
"""Gaussian mixtures (GaussianMixture kind): scikit-learn against modelseal,
through Python on both sides.

    python bench/mixture_bench.py [--smoke] [--out FILE.md]

Models (16 features; fitted on 5,000 rows of make_blobs around 8 centers in
[-10, 10], standard deviation 1; random_state=0):
- GaussianMixture(n_components=8) with covariance_type full, tied, diag
  and spherical;
- BayesianGaussianMixture(n_components=8) full (dirichlet_process) and diag
  (dirichlet_distribution).
Figures (medians) for predict (the component index, int64), predict_proba
and score_samples: the method on one row (many calls), and on a 100k-row
batch of the same blobs on one thread (threadpoolctl's limit of 1 on
scikit-learn's BLAS pool, OMP_NUM_THREADS=OPENBLAS_NUM_THREADS=1;
n_threads=1 for modelseal). The issue's targets: single-row predict >= 20x
scikit-learn, batch >= scikit-learn on one thread (a Targets table; not a
failure). Checks the outputs against scikit-learn's (exit 1 otherwise):
labels identical and int64, score_samples within RTOL S and predict_proba
within 2 RTOL S + 8 eps of scikit-learn's (S per row as
python/tests/test_mixture_parity.py defines it; include/modelseal/
predictor.h states the bound); it prints the largest differences.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import tempfile
import warnings

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")  # before numpy and scikit-learn load

import numpy as np  # noqa: E402

from benchlib import (add_targets, batch_and_single, blas_libraries,  # noqa: E402
                      cpu_name, fmt, results_tables,
                      write_results)

# The bound of test_mixture_parity.py (predictor.h).
RTOL = 1e-12
EPS = float(np.finfo(np.float64).eps)


def scale(gm, X):
    """S per row: max_j (0.5 M_j + |log_det_j| + |log_weights_j| + the
    Bayesian terms) + n log(2 pi) (test_mixture_parity.py)."""
    from sklearn.mixture import BayesianGaussianMixture
    n = X.shape[1]
    pc, means, cov = gm.precisions_cholesky_, gm.means_, gm.covariance_type
    k = means.shape[0]
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


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--smoke", action="store_true")
    ap.add_argument("--out")
    args = ap.parse_args()

    import sklearn
    from sklearn.datasets import make_blobs
    from sklearn.mixture import BayesianGaussianMixture, GaussianMixture
    from threadpoolctl import threadpool_limits

    import modelseal

    n_single = 20 if args.smoke else 1000
    repeat = 1 if args.smoke else 5
    n_batch = 2000 if args.smoke else 100000
    n_fit = 500 if args.smoke else 5000
    n_features = 16

    centers = np.random.default_rng(0).uniform(-10, 10, (8, n_features))
    X, _ = make_blobs(n_samples=n_fit, centers=centers, random_state=0)
    Xb, _ = make_blobs(n_samples=n_batch, centers=centers, random_state=1)
    cases = [(f"GaussianMixture({cov})",
              GaussianMixture(8, covariance_type=cov, random_state=0))
             for cov in ("full", "tied", "diag", "spherical")]
    cases += [
        ("BayesianGaussianMixture(full, dirichlet_process)",
         BayesianGaussianMixture(n_components=8, random_state=0)),
        ("BayesianGaussianMixture(diag, dirichlet_distribution)",
         BayesianGaussianMixture(
             n_components=8, covariance_type="diag", random_state=0,
             weight_concentration_prior_type="dirichlet_distribution")),
    ]

    cpu = cpu_name()
    load = os.getloadavg()[0]
    command = " ".join([os.path.relpath(sys.executable),
                        "bench/mixture_bench.py"] + sys.argv[1:])
    rows = []
    targets = []
    ok_all = True

    with tempfile.TemporaryDirectory() as tmp, threadpool_limits(1):
        for i, (name, est) in enumerate(cases):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # ConvergenceWarning
                est.fit(X)
            path = os.path.join(tmp, f"mixture{i}.seal")
            modelseal.save(est, path, name="mixture-bench")
            model = modelseal.load(path, insecure_allow_unsigned=True,
                                   n_threads=1)
            S = scale(est, Xb)
            got_l, want_l = model.predict(Xb), est.predict(Xb)
            n_diff = int(np.count_nonzero(got_l != want_l))
            ss_err = np.abs(model.score_samples(Xb) - est.score_samples(Xb))
            p_err = np.abs(model.predict_proba(Xb) - est.predict_proba(Xb))
            ss_ratio = float((ss_err / S).max())
            ok = (n_diff == 0 and got_l.dtype == want_l.dtype == np.int64
                  and ss_ratio <= RTOL
                  and bool((p_err <= 2 * RTOL * S[:, None] + 8 * EPS).all()))
            print(f"{name}: {n_diff} labels differ; score_samples "
                  f"{ss_ratio:.2e} of S, proba max abs diff "
                  f"{p_err.max():.2e}", file=sys.stderr)
            ok_all = ok_all and ok
            for method in ("predict", "predict_proba", "score_samples"):
                if not ok:
                    verdict = (f"DIFFER: {n_diff} labels, score_samples "
                               f"{ss_ratio:.1e} of S, proba "
                               f"{p_err.max():.1e}")
                elif method == "predict":
                    verdict = f"labels identical ({len(Xb)} rows, int64)"
                elif method == "predict_proba":
                    verdict = f"max abs diff {p_err.max():.1e}"
                else:
                    verdict = (f"max abs diff {ss_err.max():.1e} "
                               f"({ss_ratio:.1e} of S)")
                sk_fn, ms_fn = getattr(est, method), getattr(model, method)
                sk_b, ms_b, sk_1, ms_1 = batch_and_single(
                    sk_fn, ms_fn, Xb, n_single, repeat)
                rows.append(
                    f"| {name} | {method} | {len(Xb)} | {fmt(sk_b)} | "
                    f"{fmt(ms_b)} | {sk_b / ms_b:.1f}x | {fmt(sk_1)} | "
                    f"{fmt(ms_1)} | {sk_1 / ms_1:.1f}x | {verdict} |")
                add_targets(targets, name, method, sk_b, ms_b, sk_1, ms_1)

    import scipy
    import threadpoolctl
    blas = blas_libraries()
    lines = [
        "# Gaussian mixture benchmark (GaussianMixture kind)",
        "",
        f"Command: `{command}` ({cpu}, {os.cpu_count()} cores; load "
        f"average {load:.2f} at the start).",
        "",
        "predict() (the component index), predict_proba() and "
        "score_samples() through Python; batch on one thread "
        "(threadpoolctl limit 1 on scikit-learn's BLAS pool, "
        f"OMP_NUM_THREADS={os.environ['OMP_NUM_THREADS']}, "
        f"OPENBLAS_NUM_THREADS={os.environ['OPENBLAS_NUM_THREADS']}; "
        f"modelseal n_threads=1; median of {repeat}); 1 row: median of "
        f"{n_single} calls. {n_features} features, 8 components; fitted on "
        f"{n_fit} rows of make_blobs around 8 centers, the batch drawn "
        f"around the same centers. scikit-learn {sklearn.__version__}, "
        f"numpy {np.__version__}, scipy {scipy.__version__}, threadpoolctl "
        f"{threadpoolctl.__version__}; BLAS libraries loaded: {blas}. "
        "Outputs: labels against scikit-learn's; score_samples' largest "
        "absolute difference and as a fraction of S (the bound "
        f"predictor.h states: {RTOL:.0e} of S; test_mixture_parity.py); "
        "predict_proba's largest absolute difference.",
        "",
        *results_tables(rows, targets),
    ]
    write_results("\n".join(lines), args.out)
    return 0 if ok_all else 1


if __name__ == "__main__":
    sys.exit(main())

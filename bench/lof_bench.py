#!/usr/bin/env python3
# Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
"""LocalOutlierFactor with novelty=True (LocalOutlierFactor kind):
scikit-learn against modelseal, through Python on both sides.

    python bench/lof_bench.py [--smoke] [--out FILE.md]

Models, fitted on 10,000 rows of 8 features (3 Gaussian blobs):
- LocalOutlierFactor(novelty=True) (auto: kd_tree, k 20);
- LocalOutlierFactor(novelty=True, algorithm="ball_tree",
  metric="manhattan", contamination=0.05);
- LocalOutlierFactor(novelty=True, algorithm="brute") (euclidean: BLAS
  dgemm on both sides);
- Pipeline(StandardScaler, LocalOutlierFactor(novelty=True,
  n_neighbors=10)).
Figures (medians) for predict and score_samples: on one row (many calls),
and on a 100k-row batch from the same distribution (10% of it uniform
noise) on one thread (modelseal n_threads=1; OMP_NUM_THREADS=1 for
scikit-learn). The issue's targets: single-row predict >= 20x
scikit-learn, batch >= 2x on one thread (a Targets table; not a failure).
Checks the outputs against scikit-learn's (exit 1 otherwise): labels
identical, score_samples within the bound include/modelseal/predictor.h
states (8 eps of |score_samples|).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")  # before numpy and scikit-learn load

import numpy as np  # noqa: E402

from benchlib import (add_targets, batch_and_single, cpu_name,  # noqa: E402
                      fmt, results_tables, write_results)

EPS = np.finfo(np.float64).eps
# The score_samples bound of test_lof_parity.py (predictor.h), in eps of
# |score_samples|.
BOUND_ULPS = 8.0


def data(n, seed, noise=0.0):
    from sklearn.datasets import make_blobs
    X, _ = make_blobs(n_samples=n, n_features=8, centers=3,
                      random_state=seed)
    m = int(n * noise)
    if m:
        rng = np.random.RandomState(seed)
        X[:m] = rng.uniform(-15, 15, size=(m, X.shape[1]))
    return X


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--smoke", action="store_true")
    ap.add_argument("--out")
    args = ap.parse_args()

    import sklearn
    from sklearn.neighbors import LocalOutlierFactor
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    import modelseal

    n_single = 20 if args.smoke else 500
    repeat = 1 if args.smoke else 3
    n_batch = 2000 if args.smoke else 100000
    n_fit = 1000 if args.smoke else 10000
    X = data(n_fit, 0)
    Xb = data(n_batch, 1, noise=0.1)
    cases = [
        ("LocalOutlierFactor(novelty=True)",
         LocalOutlierFactor(novelty=True)),
        ("LocalOutlierFactor(novelty=True, algorithm='ball_tree', "
         "metric='manhattan', contamination=0.05)",
         LocalOutlierFactor(novelty=True, algorithm="ball_tree",
                            metric="manhattan", contamination=0.05)),
        ("LocalOutlierFactor(novelty=True, algorithm='brute')",
         LocalOutlierFactor(novelty=True, algorithm="brute")),
        ("Pipeline(StandardScaler, LocalOutlierFactor(novelty=True, "
         "n_neighbors=10))",
         make_pipeline(StandardScaler(),
                       LocalOutlierFactor(novelty=True, n_neighbors=10))),
    ]
    cpu = cpu_name()
    load = os.getloadavg()[0]
    command = " ".join([os.path.relpath(sys.executable),
                        "bench/lof_bench.py"] + sys.argv[1:])
    rows = []
    targets = []
    ok_all = True
    with tempfile.TemporaryDirectory() as tmp:
        for i, (name, est) in enumerate(cases):
            est.fit(X)
            path = os.path.join(tmp, f"lof{i}.seal")
            modelseal.save(est, path, name="lof-bench")
            model = modelseal.load(path, insecure_allow_unsigned=True,
                                   n_threads=1)
            want, got = est.predict(Xb), model.predict(Xb)
            s_want, s_got = est.score_samples(Xb), model.score_samples(Xb)
            worst = float(np.max(np.abs(s_got - s_want) /
                                 (EPS * np.abs(s_want))))
            ok = np.array_equal(got, want) and worst <= BOUND_ULPS
            verdict = (f"labels equal; score_samples max {worst:.2f} eps"
                       if ok else f"DIFFER: labels "
                       f"{int(np.sum(got != want))}, {worst:.2f} eps")
            ok_all = ok_all and ok
            print(f"{name}: {verdict}", file=sys.stderr)
            for method in ("predict", "score_samples"):
                sk_b, ms_b, sk_1, ms_1 = batch_and_single(
                    getattr(est, method), getattr(model, method), Xb,
                    n_single, repeat)
                rows.append(
                    f"| {name} | {method} | {len(Xb)} | {fmt(sk_b)} | "
                    f"{fmt(ms_b)} | {sk_b / ms_b:.1f}x | {fmt(sk_1)} | "
                    f"{fmt(ms_1)} | {sk_1 / ms_1:.1f}x | {verdict} |")
                add_targets(targets, name, method, sk_b, ms_b, sk_1, ms_1)

    lines = [
        "# LocalOutlierFactor benchmark (LocalOutlierFactor kind)",
        "",
        f"Command: `{command}` ({cpu}, {os.cpu_count()} cores; load "
        f"average {load:.2f} at the start).",
        "",
        "Through Python on both sides; batch on one thread (modelseal "
        f"n_threads=1, OMP_NUM_THREADS=1; median of {repeat}); 1 row: "
        f"median of {n_single} calls. Fitted on {n_fit} rows of 8 features "
        f"(3 blobs); the batch {n_batch} rows of the same distribution, 10% "
        f"of them uniform noise. scikit-learn {sklearn.__version__}, numpy "
        f"{np.__version__}. Outputs: labels against scikit-learn's, "
        "score_samples' largest difference in eps of |score_samples| (the "
        f"bound predictor.h states: {BOUND_ULPS:g}; test_lof_parity.py).",
        "",
        *results_tables(rows, targets),
    ]
    write_results("\n".join(lines), args.out)
    return 0 if ok_all else 1


if __name__ == "__main__":
    sys.exit(main())

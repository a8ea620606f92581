#!/usr/bin/env python3
# Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
"""RadiusNeighborsClassifier and RadiusNeighborsRegressor
(RadiusNeighbors kind): scikit-learn against modelseal, through Python on
both sides.

    python bench/radius_bench.py [--smoke] [--out FILE.md]

Models, fitted on 10,000 rows of 8 features (3 Gaussian blobs; the
regressor's target the first feature plus noise), radius 2 (about 30
neighbours per row), outlier_label 'most_frequent':
- RadiusNeighborsClassifier() (auto: kd_tree, uniform);
- RadiusNeighborsClassifier(weights="distance", algorithm="ball_tree",
  metric="manhattan", radius 4);
- RadiusNeighborsClassifier(algorithm="brute", metric="manhattan")
  (uniform, one output: scikit-learn's RadiusNeighborsClassMode);
- RadiusNeighborsRegressor(weights="distance", algorithm="brute")
  (euclidean: scikit-learn's BLAS dgemm; the engine's fused multiply-add
  chains per pair);
- Pipeline(StandardScaler, RadiusNeighborsClassifier(radius=0.6)).
Figures (medians) for predict: on one row (many calls), and on a 100k-row
batch from the same distribution on one thread (modelseal n_threads=1;
OMP_NUM_THREADS=1 for scikit-learn). The issue's targets: single-row
predict >= 20x scikit-learn, batch >= 2x on one thread (a Targets table;
not a failure). Checks the outputs against scikit-learn's (exit 1
otherwise): classifier labels identical, regressor predictions within the
bound include/modelseal/predictor.h states (bit-identical; rows without
neighbour NaN on both sides).
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
# The regressor bound of test_radius_neighbors_parity.py (predictor.h), in
# eps of max |y|: bit-identical.
BOUND_ULPS = 0.0


def data(n, seed):
    from sklearn.datasets import make_blobs
    X, y = make_blobs(n_samples=n, n_features=8, centers=3,
                      random_state=seed)
    return X, y


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--smoke", action="store_true")
    ap.add_argument("--out")
    args = ap.parse_args()

    import sklearn
    from sklearn.neighbors import (RadiusNeighborsClassifier,
                                   RadiusNeighborsRegressor)
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    import modelseal

    n_single = 20 if args.smoke else 500
    repeat = 1 if args.smoke else 3
    n_batch = 2000 if args.smoke else 100000
    n_fit = 1000 if args.smoke else 10000
    X, y = data(n_fit, 0)
    Xb, _ = data(n_batch, 1)
    yr = X[:, 0] + np.random.RandomState(2).normal(size=n_fit)
    mf = "most_frequent"
    cases = [
        ("RadiusNeighborsClassifier(radius=2)",
         RadiusNeighborsClassifier(radius=2, outlier_label=mf), y),
        ("RadiusNeighborsClassifier(radius=4, weights='distance', "
         "algorithm='ball_tree', metric='manhattan')",
         RadiusNeighborsClassifier(radius=4, weights="distance",
                                   algorithm="ball_tree", metric="manhattan",
                                   outlier_label=mf), y),
        ("RadiusNeighborsClassifier(radius=4, algorithm='brute', "
         "metric='manhattan')",
         RadiusNeighborsClassifier(radius=4, algorithm="brute",
                                   metric="manhattan", outlier_label=mf), y),
        ("RadiusNeighborsRegressor(radius=2, weights='distance', "
         "algorithm='brute')",
         RadiusNeighborsRegressor(radius=2, weights="distance",
                                  algorithm="brute"), yr),
        ("Pipeline(StandardScaler, RadiusNeighborsClassifier(radius=0.6))",
         make_pipeline(StandardScaler(), RadiusNeighborsClassifier(
             radius=0.6, outlier_label=mf)), y),
    ]
    cpu = cpu_name()
    load = os.getloadavg()[0]
    command = " ".join([os.path.relpath(sys.executable),
                        "bench/radius_bench.py"] + sys.argv[1:])
    rows = []
    targets = []
    ok_all = True
    with tempfile.TemporaryDirectory() as tmp:
        for i, (name, est, target) in enumerate(cases):
            est.fit(X, target)
            path = os.path.join(tmp, f"radius{i}.seal")
            modelseal.save(est, path, name="radius-bench")
            model = modelseal.load(path, insecure_allow_unsigned=True,
                                   n_threads=1)
            with np.errstate(all="ignore"):
                want, got = est.predict(Xb), model.predict(Xb)
            if want.dtype.kind == "f":
                same = (got == want) | (np.isnan(got) & np.isnan(want))
                worst = float(np.max(np.where(same, 0.0, np.abs(got - want)))
                              / (EPS * np.max(np.abs(target))))
                ok = got.shape == want.shape and worst <= BOUND_ULPS
                verdict = (f"max {worst:.2f} eps of max |y|" if ok else
                           f"DIFFER: {worst:.2f} eps (bound {BOUND_ULPS})")
            else:
                ok = np.array_equal(got, want)
                verdict = "labels equal" if ok else "labels DIFFER"
            ok_all = ok_all and ok
            print(f"{name}: {verdict}", file=sys.stderr)
            sk_b, ms_b, sk_1, ms_1 = batch_and_single(
                est.predict, model.predict, Xb, n_single, repeat)
            rows.append(
                f"| {name} | predict | {len(Xb)} | {fmt(sk_b)} | "
                f"{fmt(ms_b)} | {sk_b / ms_b:.1f}x | {fmt(sk_1)} | "
                f"{fmt(ms_1)} | {sk_1 / ms_1:.1f}x | {verdict} |")
            add_targets(targets, name, "predict", sk_b, ms_b, sk_1, ms_1)

    lines = [
        "# radius-neighbours benchmark (RadiusNeighbors kind)",
        "",
        f"Command: `{command}` ({cpu}, {os.cpu_count()} cores; load "
        f"average {load:.2f} at the start).",
        "",
        "Through Python on both sides; batch on one thread (modelseal "
        f"n_threads=1, OMP_NUM_THREADS=1; median of {repeat}); 1 row: "
        f"median of {n_single} calls. Fitted on {n_fit} rows of 8 features "
        f"(3 blobs); the batch {n_batch} rows of the same distribution. "
        f"scikit-learn {sklearn.__version__}, numpy {np.__version__}. "
        "Outputs: classifier labels against scikit-learn's, regressor "
        "predictions' largest difference in eps of max |y| (the bound "
        f"predictor.h states: {BOUND_ULPS:g}; "
        "test_radius_neighbors_parity.py).",
        "",
        *results_tables(rows, targets),
    ]
    write_results("\n".join(lines), args.out)
    return 0 if ok_all else 1


if __name__ == "__main__":
    sys.exit(main())

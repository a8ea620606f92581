#!/usr/bin/env python3
# Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
"""NearestCentroid (NearestCentroid kind): scikit-learn against modelseal,
through Python on both sides.

    python bench/nearest_centroid_bench.py [--smoke] [--out FILE.md]

Models, fitted on 20,000 rows of 30 features (10 Gaussian blobs):
- NearestCentroid() (euclidean);
- NearestCentroid(metric="manhattan");
- NearestCentroid(priors="empirical") on unbalanced classes (scikit-learn
  1.6 on: predict by the largest discriminant), else shrink_threshold=0.5;
- Pipeline(StandardScaler, NearestCentroid()).
Figures (medians) for predict, and for predict_proba where scikit-learn
has it (euclidean, fitted by 1.6 or later): on one row (many calls), and on
a 100k-row batch on one thread (modelseal n_threads=1; OpenBLAS and
OpenMP held to one thread). The issue's targets: single-row predict >= 20x
scikit-learn, batch >= scikit-learn on one thread (a Targets table; not a
failure). Checks the outputs against scikit-learn's (exit 1 otherwise):
labels identical, predict_proba within the bound include/modelseal/
predictor.h states (1e-12 of the row's decision scale, as
python/tests/test_nearest_centroid_parity.py measures it).
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

# The bound of test_nearest_centroid_parity.py (predictor.h).
RTOL = 1e-12


def data(n, seed, weights=None):
    from sklearn.datasets import make_classification
    return make_classification(n_samples=n, n_features=30, n_informative=12,
                               n_classes=10, n_clusters_per_class=1,
                               weights=weights, random_state=seed)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--smoke", action="store_true")
    ap.add_argument("--out")
    args = ap.parse_args()

    import sklearn
    from sklearn.neighbors import NearestCentroid
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    import modelseal

    n_single = 20 if args.smoke else 1000
    repeat = 1 if args.smoke else 5
    n_batch = 2000 if args.smoke else 100000
    n_fit = 1000 if args.smoke else 20000
    priors = tuple(int(p) for p in sklearn.__version__.split(".")[:2]) >= \
        (1, 6)

    X, y = data(n_fit, 0)
    Xb, _ = data(n_batch, 1)
    unbalanced = data(n_fit, 0, weights=[0.3, 0.2, 0.1, 0.1, 0.1, 0.05,
                                         0.05, 0.04, 0.03, 0.03])
    cases = [
        ("NearestCentroid()", NearestCentroid(), (X, y)),
        ('NearestCentroid(metric="manhattan")',
         NearestCentroid(metric="manhattan"), (X, y)),
        ('NearestCentroid(priors="empirical"), unbalanced' if priors else
         "NearestCentroid(shrink_threshold=0.5), unbalanced",
         NearestCentroid(priors="empirical") if priors else
         NearestCentroid(shrink_threshold=0.5), unbalanced),
        ("Pipeline(StandardScaler, NearestCentroid())",
         make_pipeline(StandardScaler(), NearestCentroid()), (X, y)),
    ]

    cpu = cpu_name()
    load = os.getloadavg()[0]
    command = " ".join([os.path.relpath(sys.executable),
                        "bench/nearest_centroid_bench.py"] + sys.argv[1:])
    rows = []
    targets = []
    ok_all = True

    with tempfile.TemporaryDirectory() as tmp:
        for i, (name, est, (Xf, yf)) in enumerate(cases):
            est.fit(Xf, yf)
            path = os.path.join(tmp, f"nc{i}.seal")
            modelseal.save(est, path, name="nearest-centroid-bench")
            model = modelseal.load(path, insecure_allow_unsigned=True,
                                   n_threads=1)
            labels_ok = np.array_equal(model.predict(Xb), est.predict(Xb))
            methods = ["predict"]
            worst = 0.0
            if hasattr(est, "predict_proba"):
                methods.append("predict_proba")
                d = est.decision_function(Xb).reshape(len(Xb), -1)
                scale = 1 + np.abs(d).max(axis=1)
                diff = np.abs(model.predict_proba(Xb) -
                              est.predict_proba(Xb)).max(axis=1)
                worst = float((diff / scale).max())
            ok = labels_ok and worst <= RTOL
            ok_all = ok_all and ok
            verdict = (f"labels equal; proba max {worst:.2g} of the scale"
                       if ok else f"DIFFER: labels {labels_ok}, proba "
                       f"{worst:.3g} (bound {RTOL:g})")
            print(f"{name}: {verdict}", file=sys.stderr)
            for method in methods:
                sk_b, ms_b, sk_1, ms_1 = batch_and_single(
                    getattr(est, method), getattr(model, method), Xb,
                    n_single, repeat)
                rows.append(
                    f"| {name} | {method} | {len(Xb)} | {fmt(sk_b)} | "
                    f"{fmt(ms_b)} | {sk_b / ms_b:.1f}x | {fmt(sk_1)} | "
                    f"{fmt(ms_1)} | {sk_1 / ms_1:.1f}x | {verdict} |")
                add_targets(targets, name, method, sk_b, ms_b, sk_1, ms_1)

    lines = [
        "# NearestCentroid benchmark (NearestCentroid kind)",
        "",
        f"Command: `{command}` ({cpu}, {os.cpu_count()} cores; load "
        f"average {load:.2f} at the start).",
        "",
        "Through Python on both sides; batch on one thread (modelseal "
        f"n_threads=1; median of {repeat}); 1 row: median of {n_single} "
        f"calls. Fitted on {n_fit} rows of 30 features (10 classes); the "
        f"batch {n_batch} rows of the same generator. scikit-learn "
        f"{sklearn.__version__}, numpy {np.__version__}. Outputs: labels "
        "against scikit-learn's and predict_proba's largest difference "
        "relative to the row's decision scale 1 + max |d| (the bound "
        f"predictor.h states: {RTOL:g}; test_nearest_centroid_parity.py).",
        "",
        *results_tables(rows, targets),
    ]
    write_results("\n".join(lines), args.out)
    return 0 if ok_all else 1


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
# Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
"""IsolationForest (IsolationForest kind): scikit-learn against modelseal,
through Python on both sides.

    python bench/iforest_bench.py [--smoke] [--out FILE.md]

Models (random_state 0), fitted on 20,000 rows of 10 features (4 Gaussian
blobs plus 2% uniform outliers):
- IsolationForest() (100 trees, max_samples "auto" = 256, contamination
  "auto");
- IsolationForest(n_estimators=200, max_features=0.5, contamination=0.05);
- IsolationForest(max_samples=2048, bootstrap=True);
- Pipeline(StandardScaler, IsolationForest(contamination=0.02)).
Figures (medians) for predict and score_samples (decision_function is
score_samples - offset_ on both sides and is checked, not timed): on one
row (many calls), and on a 100k-row batch from the same distribution on
one thread (modelseal n_threads=1; scikit-learn's score_samples runs its
trees sequentially by default). The issue's targets: single-row predict >=
20x scikit-learn, batch >= scikit-learn on one thread (a Targets table; not
a failure). Checks the outputs against scikit-learn's (exit 1 otherwise):
labels identical, score_samples within the bound
include/modelseal/predictor.h states (|got - want| <= 2 eps |want|, as
python/tests/test_iforest_parity.py measures it); it reports the largest
difference in eps and the share of values bit-identical.
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
# The bound of test_iforest_parity.py (predictor.h), in eps of |want|.
BOUND_ULPS = 2.0


def check(got, want) -> tuple[bool, float, float]:
    """(within the bound with the same dtype, max |got - want| / (eps
    |want|), share of values bit-identical)."""
    if got.dtype != want.dtype or got.shape != want.shape:
        return False, float("inf"), 0.0
    ulps = np.abs(got - want) / (EPS * np.abs(want))
    worst = float(ulps.max())
    same = float(np.count_nonzero(got == want)) / want.size
    return worst <= BOUND_ULPS, worst, same


def data(n, rng):
    from sklearn.datasets import make_blobs
    X, _ = make_blobs(n_samples=n, n_features=10, centers=4,
                      random_state=rng.randint(1 << 30))
    k = n // 50
    X[:k] = rng.uniform(-15, 15, size=(k, 10))
    return X


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--smoke", action="store_true")
    ap.add_argument("--out")
    args = ap.parse_args()

    import sklearn
    from sklearn.ensemble import IsolationForest
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    import modelseal

    n_single = 20 if args.smoke else 1000
    repeat = 1 if args.smoke else 5
    n_batch = 2000 if args.smoke else 100000
    n_fit = 1000 if args.smoke else 20000
    trees = 10 if args.smoke else 100

    rng = np.random.RandomState(0)
    X = data(n_fit, rng)
    Xb = data(n_batch, np.random.RandomState(1))
    cases = [
        (f"IsolationForest(n_estimators={trees})",
         IsolationForest(n_estimators=trees, random_state=0)),
        (f"IsolationForest(n_estimators={2 * trees}, max_features=0.5, "
         "contamination=0.05)",
         IsolationForest(n_estimators=2 * trees, max_features=0.5,
                         contamination=0.05, random_state=0)),
        (f"IsolationForest(n_estimators={trees}, max_samples=2048, "
         "bootstrap=True)",
         IsolationForest(n_estimators=trees,
                         max_samples=min(2048, n_fit), bootstrap=True,
                         random_state=0)),
        (f"Pipeline(StandardScaler, IsolationForest(n_estimators={trees}, "
         "contamination=0.02))",
         make_pipeline(StandardScaler(),
                       IsolationForest(n_estimators=trees,
                                       contamination=0.02, random_state=0))),
    ]

    cpu = cpu_name()
    load = os.getloadavg()[0]
    command = " ".join([os.path.relpath(sys.executable),
                        "bench/iforest_bench.py"] + sys.argv[1:])
    rows = []
    targets = []
    ok_all = True

    with tempfile.TemporaryDirectory() as tmp:
        for i, (name, est) in enumerate(cases):
            est.fit(X)
            path = os.path.join(tmp, f"iforest{i}.seal")
            modelseal.save(est, path, name="iforest-bench")
            model = modelseal.load(path, insecure_allow_unsigned=True,
                                   n_threads=1)
            labels_ok = np.array_equal(model.predict(Xb), est.predict(Xb))
            s_want = est.score_samples(Xb)
            ok, worst, same = check(model.score_samples(Xb), s_want)
            # decision_function = score_samples - offset_: score_samples'
            # difference plus the subtraction's rounding.
            d_got, d_want = model.decision_function(Xb), \
                est.decision_function(Xb)
            d_ok = d_got.dtype == d_want.dtype and bool(np.all(
                np.abs(d_got - d_want) <= BOUND_ULPS * EPS * np.abs(s_want)
                + EPS * np.abs(d_want)))
            ok = ok and labels_ok and d_ok
            ok_all = ok_all and ok
            print(f"{name}: labels {'equal' if labels_ok else 'DIFFER'}, "
                  f"score_samples max {worst:.2f} eps, {100 * same:.1f}% "
                  "bit-identical", file=sys.stderr)
            verdict = (f"labels equal; score_samples max {worst:.2f} eps, "
                       f"{100 * same:.0f}% bit-identical" if ok
                       else f"DIFFER: labels {labels_ok}, {worst:.2f} eps "
                       f"(bound {BOUND_ULPS})")
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
        "# IsolationForest benchmark (IsolationForest kind)",
        "",
        f"Command: `{command}` ({cpu}, {os.cpu_count()} cores; load "
        f"average {load:.2f} at the start).",
        "",
        "Through Python on both sides; batch on one thread (modelseal "
        f"n_threads=1; median of {repeat}); 1 row: median of {n_single} "
        f"calls. Fitted on {n_fit} rows of 10 features (4 blobs, 2% "
        f"uniform outliers); the batch {n_batch} rows of the same "
        f"distribution. scikit-learn {sklearn.__version__}, numpy "
        f"{np.__version__}. Outputs: labels against scikit-learn's and "
        "score_samples' largest difference in eps of |score_samples| (the "
        f"bound predictor.h states: {BOUND_ULPS:g}; "
        "test_iforest_parity.py), with the share of values bit-identical.",
        "",
        *results_tables(rows, targets),
    ]
    write_results("\n".join(lines), args.out)
    return 0 if ok_all else 1


if __name__ == "__main__":
    sys.exit(main())

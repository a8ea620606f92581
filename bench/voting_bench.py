#!/usr/bin/env python3
# Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
"""VotingClassifier and VotingRegressor (Voting kind): scikit-learn against
modelseal, through Python on both sides.

    python bench/voting_bench.py [--smoke] [--out FILE.md]

Models, fitted on 20,000 rows of 30 features:
- VotingClassifier(soft, weights 2, 1, 1) of Pipeline(StandardScaler,
  LogisticRegression), RandomForestClassifier(50 trees, depth 8) and
  GaussianNB on 10 classes;
- the same estimators with voting="hard";
- VotingRegressor of LinearRegression, RandomForestRegressor(50 trees,
  depth 8) and Pipeline(StandardScaler, Ridge).
Figures (medians) for predict, and predict_proba for the soft classifier:
on one row (many calls), and on a 100k-row batch on one thread (modelseal
n_threads=1; OpenBLAS and OpenMP held to one thread). The targets of the
other kinds: single-row >= 20x scikit-learn, batch >= scikit-learn on one
thread (a Targets table; not a failure). Checks the outputs against
scikit-learn's (exit 1 otherwise): labels identical, probabilities and
regression values within RTOL relative (the bound include/modelseal/
predictor.h states for Voting: its estimators' bounds).
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

# Relative bound on probabilities and regression values: the estimators'
# (logistic regression's exp, the linear models' dot products).
RTOL = 1e-12


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--smoke", action="store_true")
    ap.add_argument("--out")
    args = ap.parse_args()

    import sklearn
    from sklearn.datasets import make_classification, make_regression
    from sklearn.ensemble import (RandomForestClassifier,
                                  RandomForestRegressor, VotingClassifier,
                                  VotingRegressor)
    from sklearn.linear_model import (LinearRegression, LogisticRegression,
                                      Ridge)
    from sklearn.naive_bayes import GaussianNB
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    import modelseal

    n_single = 20 if args.smoke else 1000
    repeat = 1 if args.smoke else 5
    n_batch = 2000 if args.smoke else 100000
    n_fit = 1000 if args.smoke else 20000
    trees = 5 if args.smoke else 50

    Xc, yc = make_classification(n_samples=n_fit + n_batch, n_features=30,
                                 n_informative=12, n_classes=10,
                                 n_clusters_per_class=1, random_state=0)
    Xr, yr = make_regression(n_samples=n_fit + n_batch, n_features=30,
                             n_informative=12, noise=5.0, random_state=0)

    def members():
        return [("lr", make_pipeline(StandardScaler(),
                                     LogisticRegression(max_iter=500))),
                ("rf", RandomForestClassifier(n_estimators=trees,
                                              max_depth=8, random_state=0)),
                ("nb", GaussianNB())]

    cases = [
        ("VotingClassifier(soft, weights 2,1,1; LR, RF, NB)",
         VotingClassifier(members(), voting="soft", weights=[2, 1, 1]),
         Xc, yc),
        ("VotingClassifier(hard; LR, RF, NB)",
         VotingClassifier(members(), voting="hard"), Xc, yc),
        ("VotingRegressor(LinearRegression, RF, Ridge)",
         VotingRegressor([
             ("lin", LinearRegression()),
             ("rf", RandomForestRegressor(n_estimators=trees, max_depth=8,
                                          random_state=0)),
             ("ridge", make_pipeline(StandardScaler(), Ridge()))]),
         Xr, yr),
    ]

    cpu = cpu_name()
    load = os.getloadavg()[0]
    command = " ".join([os.path.relpath(sys.executable),
                        "bench/voting_bench.py"] + sys.argv[1:])
    rows = []
    targets = []
    ok_all = True

    with tempfile.TemporaryDirectory() as tmp:
        for i, (name, est, X, y) in enumerate(cases):
            est.fit(X[:n_fit], y[:n_fit])
            Xb = X[n_fit:]
            path = os.path.join(tmp, f"voting{i}.seal")
            modelseal.save(est, path, name="voting-bench")
            model = modelseal.load(path, insecure_allow_unsigned=True,
                                   n_threads=1)
            methods = ["predict"]
            worst = 0.0
            if hasattr(est, "predict_proba"):
                methods.append("predict_proba")
            if hasattr(est, "classes_"):
                ok = np.array_equal(model.predict(Xb), est.predict(Xb))
                if "predict_proba" in methods:
                    worst = float(np.abs(model.predict_proba(Xb) -
                                         est.predict_proba(Xb)).max())
            else:
                want = est.predict(Xb)
                worst = float((np.abs(model.predict(Xb) - want) /
                               np.abs(want).max()).max())
                ok = True
            ok = ok and worst <= RTOL
            ok_all = ok_all and ok
            what = "labels equal; " if hasattr(est, "classes_") else ""
            verdict = (f"{what}max diff {worst:.2g}" if ok else
                       f"DIFFER: max diff {worst:.3g} (bound {RTOL:g})")
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
        "# Voting benchmark (Voting kind)",
        "",
        f"Command: `{command}` ({cpu}, {os.cpu_count()} cores; load "
        f"average {load:.2f} at the start).",
        "",
        "Through Python on both sides; batch on one thread (modelseal "
        f"n_threads=1; median of {repeat}); 1 row: median of {n_single} "
        f"calls. Fitted on {n_fit} rows of 30 features; the batch "
        f"{n_batch} further rows of the same generator. scikit-learn "
        f"{sklearn.__version__}, numpy {np.__version__}. Outputs: labels "
        "against scikit-learn's; probabilities' largest absolute "
        "difference, regression values' largest difference relative to "
        f"max |y| (bound {RTOL:g}).",
        "",
        *results_tables(rows, targets),
    ]
    write_results("\n".join(lines), args.out)
    return 0 if ok_all else 1


if __name__ == "__main__":
    sys.exit(main())

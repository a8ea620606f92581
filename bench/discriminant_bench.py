#!/usr/bin/env python3
# Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
"""Discriminant analysis (LinearModel and QuadraticDiscriminant kinds):
scikit-learn against modelseal, through Python on both sides.

    python bench/discriminant_bench.py [--smoke] [--out FILE.md]

Models (20 features; fitted on 5,000 rows of make_classification with
n_informative=10, n_redundant=0, 4 classes, random_state=0; the batch is
drawn with random_state=1):
- LinearDiscriminantAnalysis() (the svd solver; a LinearModel, output
  Discriminant);
- LinearDiscriminantAnalysis(solver="lsqr", shrinkage="auto");
- QuadraticDiscriminantAnalysis(reg_param=1e-3) (QuadraticDiscriminant);
- Pipeline(StandardScaler, LinearDiscriminantAnalysis(n_components=3),
  LogisticRegression()) (LDA as a transform, a Projection, before a
  classifier);
- QuadraticDiscriminantAnalysis(reg_param=1e-3) on 2 classes (the same
  make_classification with n_classes=2; decision_function is 1-D).
Figures (medians) for predict and predict_proba (and decision_function for
the two QDA cases): the method on one row (many calls), and on a 100k-row
batch on one thread (threadpoolctl's limit of 1 on scikit-learn's BLAS and
OpenMP pools, OMP_NUM_THREADS=OPENBLAS_NUM_THREADS=1; n_threads=1 for
modelseal). The issue's targets: single-row predict >= 20x scikit-learn,
batch >= scikit-learn on one thread (a Targets table; not a failure).
Checks the outputs against scikit-learn's (exit 1 otherwise), with the
bounds include/modelseal/predictor.h states (as
python/tests/test_discriminant_parity.py measures them): labels identical,
same dtype; decision_function within RTOL of the row's scale
1 + max |d|; predict_proba within ATOL absolute; it prints the largest
differences measured.
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

from benchlib import (add_targets, batch_and_single, blas_libraries,  # noqa: E402
                      cpu_name, fmt, targets_table,
                      write_results)

# predictor.h (discriminant analysis): decision_function within 1e-12 of
# the row's scale 1 + max |d|; predict_proba within 1e-12 absolute.
RTOL = 1e-12
ATOL = 1e-12


def check(method, got, want) -> tuple[bool, float, str]:
    """(within the bound, the largest difference (labels: the count that
    differ), the outputs cell) for one method's outputs on the batch."""
    if got.dtype != want.dtype or got.shape != want.shape:
        return False, float("inf"), (
            f"DIFFER: dtype {got.dtype} shape {got.shape}, scikit-learn "
            f"{want.dtype} {want.shape}")
    if method == "predict":
        n_diff = int(np.count_nonzero(got != want))
        if n_diff:
            return False, float(n_diff), f"DIFFER: {n_diff} labels differ"
        return True, 0.0, f"labels identical ({len(got)} rows, {got.dtype})"
    same = float(np.count_nonzero(got == want)) / got.size
    if method == "decision_function":
        w2 = want.reshape(len(want), -1)
        scale = 1 + np.abs(w2).max(axis=1)
        err = float((np.abs(got.reshape(len(got), -1) - w2).max(axis=1)
                     / scale).max())
        if err > RTOL:
            return False, err, (f"DIFFER: {err:.1e} of 1 + max abs(d) "
                                f"(bound {RTOL:.0e})")
        return True, err, (f"max {err:.1e} of 1 + max abs(d); "
                           f"{100 * same:.0f}% bit-identical")
    err = float(np.abs(got - want).max())
    if err > ATOL:
        return False, err, f"DIFFER: max abs diff {err:.1e} (bound {ATOL:.0e})"
    return True, err, (f"max abs diff {err:.1e}; {100 * same:.0f}% "
                       "bit-identical")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--smoke", action="store_true")
    ap.add_argument("--out")
    args = ap.parse_args()

    import sklearn
    from sklearn.datasets import make_classification
    from sklearn.discriminant_analysis import (LinearDiscriminantAnalysis,
                                               QuadraticDiscriminantAnalysis)
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler
    from threadpoolctl import threadpool_limits

    import modelseal

    n_single = 20 if args.smoke else 1000
    repeat = 1 if args.smoke else 5
    n_batch = 2000 if args.smoke else 100000
    n_fit = 500 if args.smoke else 5000
    n_features = 20

    def data(n_classes):
        """(X fit, y fit, X batch): the fit rows with random_state=0, the
        batch rows from the same generator with random_state=1."""
        kw = dict(n_features=n_features, n_informative=10, n_redundant=0,
                  n_classes=n_classes)
        X, y = make_classification(n_samples=n_fit, random_state=0, **kw)
        Xb, _ = make_classification(n_samples=n_batch, random_state=1, **kw)
        return X, y, Xb

    data4, data2 = data(4), data(2)
    pa = ["predict", "predict_proba"]
    pad = ["predict", "predict_proba", "decision_function"]
    # (name, estimator, data, expected modelseal kind, methods)
    cases = [
        ("LinearDiscriminantAnalysis() (svd)",
         LinearDiscriminantAnalysis(), data4, "LinearModel", pa),
        ('LinearDiscriminantAnalysis(solver="lsqr", shrinkage="auto")',
         LinearDiscriminantAnalysis(solver="lsqr", shrinkage="auto"), data4,
         "LinearModel", pa),
        ("QuadraticDiscriminantAnalysis(reg_param=1e-3)",
         QuadraticDiscriminantAnalysis(reg_param=1e-3), data4,
         "QuadraticDiscriminant", pad),
        ("Pipeline(StandardScaler, LinearDiscriminantAnalysis("
         "n_components=3), LogisticRegression())",
         make_pipeline(StandardScaler(),
                       LinearDiscriminantAnalysis(n_components=3),
                       LogisticRegression()), data4, "LinearModel", pa),
        ("QuadraticDiscriminantAnalysis(reg_param=1e-3), 2 classes",
         QuadraticDiscriminantAnalysis(reg_param=1e-3), data2,
         "QuadraticDiscriminant", pad),
    ]

    cpu = cpu_name()
    load = os.getloadavg()[0]
    command = " ".join([os.path.relpath(sys.executable),
                        "bench/discriminant_bench.py"] + sys.argv[1:])
    rows = []
    targets = []
    worst = {}  # method -> (largest difference, model name)
    ok_all = True

    with tempfile.TemporaryDirectory() as tmp, threadpool_limits(1):
        for i, (name, est, (X, y, Xb), want_kind, methods) in \
                enumerate(cases):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # ConvergenceWarning etc.
                est.fit(X, y)
            path = os.path.join(tmp, f"discriminant{i}.seal")
            modelseal.save(est, path, name="discriminant-bench")
            model = modelseal.load(path, insecure_allow_unsigned=True,
                                   n_threads=1)
            got_kind = getattr(model, "_final_kind", want_kind)
            if got_kind != want_kind:
                print(f"{name}: kind {got_kind}, expected {want_kind}",
                      file=sys.stderr)
                ok_all = False
            for method in methods:
                sk_fn, ms_fn = getattr(est, method), getattr(model, method)
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    got, want = ms_fn(Xb), sk_fn(Xb)
                ok, err, verdict = check(method, got, want)
                print(f"{name} {method}: {verdict}", file=sys.stderr)
                ok_all = ok_all and ok
                if method != "predict" and err >= worst.get(method,
                                                            (-1.0,))[0]:
                    worst[method] = (err, name)
                sk_b, ms_b, sk_1, ms_1 = batch_and_single(
                    sk_fn, ms_fn, Xb, n_single, repeat)
                rows.append(
                    f"| {name} | {got_kind} | {method} | {len(Xb)} | "
                    f"{fmt(sk_b)} | {fmt(ms_b)} | {sk_b / ms_b:.1f}x | "
                    f"{fmt(sk_1)} | {fmt(ms_1)} | {sk_1 / ms_1:.1f}x | "
                    f"{verdict} |")
                add_targets(targets, name, method, sk_b, ms_b, sk_1, ms_1)

    for method, what in (("decision_function", "of 1 + max |d|"),
                         ("predict_proba", "absolute")):
        if method in worst:
            err, name = worst[method]
            print(f"largest {method} difference: {err:.3e} {what} ({name})",
                  file=sys.stderr)

    import scipy
    import threadpoolctl
    blas = blas_libraries()
    ms_version = getattr(modelseal, "__version__", "unknown")
    met = sum(value >= goal for _, value, goal in targets)
    largest = "; ".join(
        f"{method} {worst[method][0]:.1e} {what}"
        for method, what in (("decision_function", "of 1 + max abs(d)"),
                             ("predict_proba", "absolute"))
        if method in worst)
    lines = [
        "# Discriminant analysis benchmark (LinearModel and "
        "QuadraticDiscriminant kinds)",
        "",
        f"Command: `{command}` ({cpu}, {os.cpu_count()} cores; load "
        f"average {load:.2f} at the start).",
        "",
        "predict() and predict_proba() (and decision_function() for the "
        "two QDA models) through Python; batch on one thread (threadpoolctl "
        "limit 1 on scikit-learn's BLAS and OpenMP pools, "
        f"OMP_NUM_THREADS={os.environ['OMP_NUM_THREADS']}, "
        f"OPENBLAS_NUM_THREADS={os.environ['OPENBLAS_NUM_THREADS']}; "
        f"modelseal n_threads=1; median of {repeat}); 1 row: median of "
        f"{n_single} calls. {n_features} features; fitted on {n_fit} rows "
        "of make_classification (n_informative=10, n_redundant=0, 4 "
        "classes, or 2 for the binary QDA; random_state=0), the batch from "
        "the same generator with random_state=1. "
        f"modelseal {ms_version}, scikit-learn {sklearn.__version__}, "
        f"numpy {np.__version__}, scipy {scipy.__version__}, threadpoolctl "
        f"{threadpoolctl.__version__}, Python {sys.version.split()[0]}; "
        f"BLAS libraries loaded: {blas}. Outputs: labels against "
        "scikit-learn's; decision_function's largest difference as a "
        "fraction of the row's scale 1 + max abs(d) (the bound predictor.h "
        f"states: {RTOL:.0e}; test_discriminant_parity.py); predict_proba's "
        f"largest absolute difference (bound {ATOL:.0e}); the share of "
        "values bit-identical to scikit-learn's.",
        "",
        "| model | kind | method | batch rows | batch scikit-learn | "
        "batch modelseal | speed-up | 1 row scikit-learn | 1 row modelseal "
        "| speed-up | outputs |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
        *rows,
        "",
        f"Largest differences over all models: {largest}.",
        "",
        "## Targets",
        "",
        f"{met} of {len(targets)} met.",
        "",
        *targets_table(targets),
        "",
    ]
    write_results("\n".join(lines), args.out)
    return 0 if ok_all else 1


if __name__ == "__main__":
    sys.exit(main())

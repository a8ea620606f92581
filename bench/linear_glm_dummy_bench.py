#!/usr/bin/env python3
# Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
"""The GLMs, RANSACRegressor and the dummies: scikit-learn against
modelseal, through Python on both sides.

    python bench/linear_glm_dummy_bench.py [--smoke] [--out FILE.md]

Models (20 standard normal features; fitted on 5,000 rows):
- PoissonRegressor, GammaRegressor, TweedieRegressor(power=1.5) (the
  LinearModel kind with the log link's exp output), on the positive target
  y = exp(0.1 X w) * Gamma(shape 2, scale 1/2) noise (predict);
- RANSACRegressor (default LinearRegression; mapped as its fitted
  estimator_, LinearModel) on y = X w + noise with 10% gross outliers
  (predict);
- DummyRegressor(strategy="median") on the GLMs' target (predict);
- DummyClassifier(strategy="prior") on 3 unbalanced classes (predict and
  predict_proba); the dummies are the Constant kind;
- FixedThresholdClassifier(LogisticRegression(), threshold=0.3) on a
  binary target (predict; the ThresholdClassifier kind around LinearModel,
  whose kind the table's column shows; scikit-learn 1.5+).
Figures (medians): the method on one row (many calls), and on a 100k-row
batch on one thread (threadpoolctl's limit of 1 on scikit-learn's BLAS and
OpenMP pools, OMP_NUM_THREADS=OPENBLAS_NUM_THREADS=1; n_threads=1 for
modelseal). The issue's targets: single-row predict >= 20x scikit-learn,
batch >= scikit-learn on one thread (a Targets table; not a failure).
Checks the outputs against scikit-learn's (exit 1 otherwise), with the
bounds include/modelseal/predictor.h states: the GLMs' predictions within
RTOL relative to the value (the log link turns the decision's absolute
rounding into a relative one); RANSACRegressor's within RTOL of the
decision's magnitude |x| |coef| + |intercept| (a linear model's bound);
the dummies' outputs bit-identical and labels identical, dtypes equal.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import warnings

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")  # before numpy and scikit-learn load

import numpy as np  # noqa: E402

from benchlib import (add_targets, batch_and_single, blas_libraries,  # noqa: E402
                      cpu_name, fmt, targets_table,
                      write_results)

# predictor.h: linear models (GLMs included) within 1e-12 relative;
# Constant (the dummies) bit-exact.
RTOL = 1e-12


def relative_error(got, want, scale) -> tuple[float, float, bool]:
    """(max |got - want| / scale (0 where equal), the share of values
    bit-identical, within RTOL * scale)."""
    err = np.abs(got - want)
    with np.errstate(invalid="ignore", divide="ignore"):
        rel = np.where(err == 0, 0.0, err / scale)
    ok = bool((err <= RTOL * scale).all())
    same = float(np.count_nonzero(got == want)) / got.size
    return float(rel.max()), same, ok


def check(kind, est, X, method, got, want) -> tuple[bool, str]:
    """(within the bound, the outputs cell) for one method's outputs."""
    if got.dtype != want.dtype or got.shape != want.shape:
        return False, (f"DIFFER: dtype {got.dtype} shape {got.shape}, "
                       f"scikit-learn {want.dtype} {want.shape}")
    if kind == "glm":
        rel, same, ok = relative_error(got, want, np.abs(want))
        what = "relative to the value"
    elif kind == "ransac":
        lin = est.estimator_
        scale = np.abs(X) @ np.abs(lin.coef_) + abs(lin.intercept_)
        rel, same, ok = relative_error(got, want, scale)
        what = "of the decision's magnitude"
    else:  # the dummies and the threshold: bit-exact (labels: identical)
        n_diff = int(np.count_nonzero(got != want))
        if n_diff:
            if method == "predict" and want.dtype.kind != "f":
                return False, f"DIFFER: {n_diff} labels differ"
            return False, f"DIFFER: {n_diff} values not bit-identical"
        if method == "predict" and want.dtype.kind != "f":
            return True, f"labels identical ({len(got)} rows, {got.dtype})"
        return True, f"bit-identical ({got.size} values)"
    if not ok:
        return False, (f"DIFFER: {rel:.1e} {what} (bound {RTOL:.0e})")
    return True, (f"max {rel:.1e} {what}; {100 * same:.0f}% "
                  "bit-identical")


def machine() -> tuple[str, str]:
    """(nproc, lscpu's model name), /proc/cpuinfo's when lscpu is absent."""
    try:
        # nproc honours OMP_NUM_THREADS, set to 1 above.
        env = {k: v for k, v in os.environ.items()
               if k not in ("OMP_NUM_THREADS", "OMP_THREAD_LIMIT")}
        nproc = subprocess.run(["nproc"], capture_output=True, text=True,
                               check=True, env=env).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        nproc = str(len(os.sched_getaffinity(0)))
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True,
                             check=True, env={**os.environ, "LC_ALL": "C"})
        model = next(line.split(":", 1)[1].strip()
                     for line in out.stdout.splitlines()
                     if line.startswith("Model name"))
    except (OSError, subprocess.CalledProcessError, StopIteration):
        model = cpu_name()
    return nproc, model


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--smoke", action="store_true")
    ap.add_argument("--out")
    args = ap.parse_args()

    import sklearn
    from sklearn.dummy import DummyClassifier, DummyRegressor
    from sklearn.linear_model import (GammaRegressor, PoissonRegressor,
                                      RANSACRegressor, TweedieRegressor)
    from threadpoolctl import threadpool_limits

    import modelseal

    n_single = 20 if args.smoke else 1000
    repeat = 1 if args.smoke else 5
    n_batch = 2000 if args.smoke else 100000
    n_fit = 500 if args.smoke else 5000
    n_features = 20

    rng = np.random.default_rng(0)
    w = rng.normal(size=n_features)
    X = rng.normal(size=(n_fit, n_features))
    Xb = np.random.default_rng(1).normal(size=(n_batch, n_features))
    # Positive targets for the GLMs: a log-linear mean times gamma noise.
    y_pos = np.exp(0.1 * X @ w) * rng.gamma(2.0, 0.5, n_fit)
    # RANSAC: a linear target with 10% gross outliers.
    y_lin = X @ w + 3.0 + 0.1 * rng.normal(size=n_fit)
    out = rng.random(n_fit) < 0.1
    y_lin[out] += rng.normal(0, 50, int(out.sum()))
    # DummyClassifier: 3 unbalanced classes (50% / 30% / 20%).
    y_clf = rng.choice(np.array([0, 1, 2]), size=n_fit, p=[0.5, 0.3, 0.2])
    # The threshold classifier: a noisy linear binary target.
    y_bin = (X @ w + rng.normal(size=n_fit) > 0).astype(int)

    # (name, estimator, y, check kind, expected modelseal kind, methods)
    cases = [
        ("PoissonRegressor", PoissonRegressor(), y_pos, "glm",
         "LinearModel", ["predict"]),
        ("GammaRegressor", GammaRegressor(), y_pos, "glm", "LinearModel",
         ["predict"]),
        ("TweedieRegressor(power=1.5)", TweedieRegressor(power=1.5), y_pos,
         "glm", "LinearModel", ["predict"]),
        ("RANSACRegressor (LinearRegression)",
         RANSACRegressor(random_state=0), y_lin, "ransac", "LinearModel",
         ["predict"]),
        ('DummyRegressor(strategy="median")',
         DummyRegressor(strategy="median"), y_pos, "dummy", "Constant",
         ["predict"]),
        ('DummyClassifier(strategy="prior"), 3 classes',
         DummyClassifier(strategy="prior"), y_clf, "dummy", "Constant",
         ["predict", "predict_proba"]),
    ]
    try:
        from sklearn.linear_model import LogisticRegression
        from sklearn.model_selection import FixedThresholdClassifier
        cases.append(
            ("FixedThresholdClassifier(LogisticRegression(), threshold=0.3)",
             FixedThresholdClassifier(LogisticRegression(), threshold=0.3),
             y_bin, "dummy", "LinearModel", ["predict"]))
    except ImportError:  # scikit-learn < 1.5
        pass

    nproc, cpu = machine()
    load = os.getloadavg()[0]
    command = " ".join([os.path.relpath(sys.executable),
                        "bench/linear_glm_dummy_bench.py"] + sys.argv[1:])
    rows = []
    targets = []
    ok_all = True

    with tempfile.TemporaryDirectory() as tmp, threadpool_limits(1):
        for i, (name, est, y, kind, want_kind, methods) in enumerate(cases):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # ConvergenceWarning etc.
                est.fit(X, y)
            path = os.path.join(tmp, f"glm_dummy{i}.seal")
            modelseal.save(est, path, name="linear-glm-dummy-bench")
            model = modelseal.load(path, insecure_allow_unsigned=True,
                                   n_threads=1)
            got_kind = getattr(model, "_final_kind", want_kind)
            if got_kind != want_kind:
                print(f"{name}: kind {got_kind}, expected {want_kind}",
                      file=sys.stderr)
                ok_all = False
            for method in methods:
                sk_fn, ms_fn = getattr(est, method), getattr(model, method)
                got, want = ms_fn(Xb), sk_fn(Xb)
                ok, verdict = check(kind, est, Xb, method, got, want)
                print(f"{name} {method}: {verdict}", file=sys.stderr)
                ok_all = ok_all and ok
                sk_b, ms_b, sk_1, ms_1 = batch_and_single(
                    sk_fn, ms_fn, Xb, n_single, repeat)
                rows.append(
                    f"| {name} | {got_kind} | {method} | {len(Xb)} | "
                    f"{fmt(sk_b)} | {fmt(ms_b)} | {sk_b / ms_b:.1f}x | "
                    f"{fmt(sk_1)} | {fmt(ms_1)} | {sk_1 / ms_1:.1f}x | "
                    f"{verdict} |")
                add_targets(targets, name, method, sk_b, ms_b, sk_1, ms_1)

    import scipy
    import threadpoolctl
    blas = blas_libraries()
    ms_version = getattr(modelseal, "__version__", "unknown")
    met = sum(value >= goal for _, value, goal in targets)
    lines = [
        "# GLM, RANSAC and dummy benchmark (LinearModel and Constant kinds)",
        "",
        f"Command: `{command}` ({cpu}, nproc {nproc}; load average "
        f"{load:.2f} at the start).",
        "",
        "predict() (and DummyClassifier's predict_proba()) through Python; "
        "batch on one thread (threadpoolctl limit 1 on scikit-learn's BLAS "
        "and OpenMP pools, "
        f"OMP_NUM_THREADS={os.environ['OMP_NUM_THREADS']}, "
        f"OPENBLAS_NUM_THREADS={os.environ['OPENBLAS_NUM_THREADS']}; "
        f"modelseal n_threads=1; median of {repeat}); 1 row: median of "
        f"{n_single} calls. {n_features} standard normal features; fitted "
        f"on {n_fit} rows: the GLMs and DummyRegressor on y = exp(0.1 X w) "
        "times Gamma(2, 1/2) noise, RANSACRegressor on y = X w + 3 + noise "
        "with 10% gross outliers, DummyClassifier on 3 classes (50/30/20%). "
        f"modelseal {ms_version}, scikit-learn {sklearn.__version__}, "
        f"numpy {np.__version__}, scipy {scipy.__version__}, threadpoolctl "
        f"{threadpoolctl.__version__}, Python {sys.version.split()[0]}; "
        f"BLAS libraries loaded: {blas}. Outputs: the GLMs' largest "
        "difference relative to scikit-learn's value, RANSACRegressor's "
        "relative to the decision's magnitude Σ abs(x_j coef_j) + "
        "abs(intercept) "
        f"(the bound predictor.h states: {RTOL:.0e} of it), the share of "
        "values bit-identical to scikit-learn's; the dummies must be "
        "bit-identical.",
        "",
        "| model | kind | method | batch rows | batch scikit-learn | "
        "batch modelseal | speed-up | 1 row scikit-learn | 1 row modelseal "
        "| speed-up | outputs |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
        *rows,
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

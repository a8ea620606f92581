#!/usr/bin/env python3
# Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
"""IsotonicRegression (Isotonic kind): scikit-learn against modelseal,
through Python on both sides.

    python bench/isotonic_bench.py [--smoke] [--out FILE.md]

Models (fitted on 20,000 values x uniform in [-3, 5], y = sin(x) + 0.8 x
plus normal noise, x rounded to 3 decimals so that X values repeat;
random_state 0):
- IsotonicRegression() (out_of_bounds "nan");
- IsotonicRegression(increasing="auto", out_of_bounds="clip");
- IsotonicRegression(out_of_bounds="raise");
- Pipeline(StandardScaler, IsotonicRegression(out_of_bounds="clip")).
Figures (medians) for predict (transform gives the same values): on one
row (many calls; X of shape (1,), (1, 1) for the Pipeline), and on a
100k-row batch over the fitted range (10% wider except for "raise") on one
thread (modelseal n_threads=1; scikit-learn's interpolation is
single-threaded numpy). The issue's targets: single-row predict >= 20x
scikit-learn, batch >= scikit-learn on one thread (a Targets table; not a
failure). Checks the outputs against scikit-learn's (exit 1 otherwise):
float64, NaN where scikit-learn's is NaN and within the bound
include/modelseal/predictor.h states (|got - want| <= RTOL |want|, as
python/tests/test_isotonic_parity.py measures it); it reports the share of
values bit-identical.
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

# The bound of test_isotonic_parity.py (predictor.h).
RTOL = 1e-12


def check(got, want) -> tuple[bool, float, float]:
    """(within the bound with the same NaNs and dtype, max relative
    difference, share of values bit-identical)."""
    if got.dtype != want.dtype or got.shape != want.shape:
        return False, float("inf"), 0.0
    nan = np.isnan(want)
    if not np.array_equal(np.isnan(got), nan):
        return False, float("inf"), 0.0
    diff = np.abs(got[~nan] - want[~nan])
    rel = diff / np.maximum(np.abs(want[~nan]), np.finfo(float).tiny)
    worst = float(rel.max()) if rel.size else 0.0
    same = float(np.count_nonzero(diff == 0) + nan.sum()) / want.size
    return worst <= RTOL, worst, same


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--smoke", action="store_true")
    ap.add_argument("--out")
    args = ap.parse_args()

    import sklearn
    from sklearn.isotonic import IsotonicRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    import modelseal

    n_single = 20 if args.smoke else 1000
    repeat = 1 if args.smoke else 5
    n_batch = 2000 if args.smoke else 100000
    n_fit = 500 if args.smoke else 20000

    rng = np.random.RandomState(0)
    x = np.round(rng.uniform(-3, 5, n_fit), 3)
    y = np.sin(x) + 0.8 * x + 0.6 * rng.normal(size=n_fit)
    lo, hi = x.min(), x.max()
    span = hi - lo
    brng = np.random.RandomState(1)
    wide = lo - 0.1 * span + 1.2 * span * brng.rand(n_batch)
    inside = lo + span * brng.rand(n_batch)
    cases = [
        ("IsotonicRegression()", IsotonicRegression(), wide, False),
        ('IsotonicRegression(increasing="auto", out_of_bounds="clip")',
         IsotonicRegression(increasing="auto", out_of_bounds="clip"), wide,
         False),
        ('IsotonicRegression(out_of_bounds="raise")',
         IsotonicRegression(out_of_bounds="raise"), inside, False),
        ('Pipeline(StandardScaler, IsotonicRegression(out_of_bounds="clip"))',
         make_pipeline(StandardScaler(),
                       IsotonicRegression(out_of_bounds="clip")), wide, True),
    ]

    cpu = cpu_name()
    load = os.getloadavg()[0]
    command = " ".join([os.path.relpath(sys.executable),
                        "bench/isotonic_bench.py"] + sys.argv[1:])
    rows = []
    targets = []
    ok_all = True
    thresholds = []

    with tempfile.TemporaryDirectory() as tmp:
        for i, (name, est, Xb, two_d) in enumerate(cases):
            Xfit = x.reshape(-1, 1) if two_d else x
            Xb = Xb.reshape(-1, 1) if two_d else Xb
            est.fit(Xfit, y)
            final = est[-1] if hasattr(est, "steps") else est
            thresholds.append(len(final.X_thresholds_))
            path = os.path.join(tmp, f"isotonic{i}.seal")
            modelseal.save(est, path, name="isotonic-bench")
            model = modelseal.load(path, insecure_allow_unsigned=True,
                                   n_threads=1)
            got, want = model.predict(Xb), est.predict(Xb)
            ok, worst, same = check(got, want)
            t_ok = np.array_equal(model.transform(Xb), est.transform(Xb),
                                  equal_nan=True) or check(
                model.transform(Xb), est.transform(Xb))[0]
            ok = ok and t_ok
            ok_all = ok_all and ok
            print(f"{name}: max rel diff {worst:.3e}, "
                  f"{100 * same:.1f}% bit-identical", file=sys.stderr)
            verdict = (f"max rel diff {worst:.1e}; {100 * same:.0f}% "
                       f"bit-identical ({len(Xb)} rows, float64)" if ok
                       else f"DIFFER: {worst:.1e} (bound {RTOL:.0e}) or "
                       "NaNs / dtype / transform")
            sk_b, ms_b, sk_1, ms_1 = batch_and_single(
                est.predict, model.predict, Xb, n_single, repeat)
            rows.append(
                f"| {name} | predict | {len(Xb)} | {fmt(sk_b)} | "
                f"{fmt(ms_b)} | {sk_b / ms_b:.1f}x | {fmt(sk_1)} | "
                f"{fmt(ms_1)} | {sk_1 / ms_1:.1f}x | {verdict} |")
            add_targets(targets, name, "predict", sk_b, ms_b, sk_1, ms_1)

    import scipy
    lines = [
        "# IsotonicRegression benchmark (Isotonic kind)",
        "",
        f"Command: `{command}` ({cpu}, {os.cpu_count()} cores; load "
        f"average {load:.2f} at the start).",
        "",
        "predict() through Python (transform gives the same values and "
        "is checked, not timed); batch on one thread (modelseal "
        f"n_threads=1; median of {repeat}); 1 row: median of {n_single} "
        f"calls. Fitted on {n_fit} values (x rounded to 3 decimals; "
        f"{', '.join(str(t) for t in thresholds)} thresholds after fit); "
        "the batch uniform over the fitted range 10% wider on each side "
        "(inside it for out_of_bounds=\"raise\"). scikit-learn "
        f"{sklearn.__version__}, numpy {np.__version__}, scipy "
        f"{scipy.__version__}. Outputs: the largest relative difference "
        f"to scikit-learn's (the bound predictor.h states: {RTOL:.0e}; "
        "test_isotonic_parity.py) and the share of values bit-identical "
        "(NaNs included).",
        "",
        *results_tables(rows, targets),
    ]
    write_results("\n".join(lines), args.out)
    return 0 if ok_all else 1


if __name__ == "__main__":
    sys.exit(main())

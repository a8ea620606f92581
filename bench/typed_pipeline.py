#!/usr/bin/env python3
# Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
"""The typed-pipeline benchmark: a ColumnTransformer(SimpleImputer +
StandardScaler on 10 numeric columns, OneHotEncoder(handle_unknown="ignore")
on 10 string columns) + HistGradientBoostingClassifier, fitted on a 20-column
mixed pandas DataFrame (5% missing values in every column), against
scikit-learn.

    python bench/typed_pipeline.py [--smoke] [--out FILE.md]

Figures (medians):
- 1-row predict through Python: scikit-learn's pipeline.predict on a
  one-row DataFrame vs modelseal's Predictor.predict on the same DataFrame;
- 100k-row batch, one thread (OMP_NUM_THREADS=1 for scikit-learn's
  HistGradientBoosting; n_threads=1 for modelseal): the DataFrame through
  Python, and the C++ column-table path (a pyarrow Table handed over through
  the Arrow C stream interface, zero-copy, so the time is the C++ import and
  predict);
and checks that every label equals scikit-learn's (exit 1 otherwise).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile

os.environ.setdefault("OMP_NUM_THREADS", "1")  # before scikit-learn loads

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from benchlib import median_time, write_results  # noqa: E402


def make_frame(rows: int, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    cols = {}
    for j in range(10):
        v = rng.normal(j, 1 + j, rows)
        v[rng.random(rows) < 0.05] = np.nan
        cols[f"num{j}"] = v
    for j in range(10):
        k = 5 + 3 * j
        cats = np.array([f"c{j}-{i}-ü" for i in range(k)], dtype=object)
        v = cats[rng.integers(0, k, rows)]
        v[rng.random(rows) < 0.05] = None
        cols[f"cat{j}"] = v
    return pd.DataFrame(cols)


def target(X: pd.DataFrame, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    score = np.nan_to_num(X["num0"].to_numpy()) - np.nan_to_num(
        X["num3"].to_numpy()) / 4
    score += X["cat1"].isin(["c1-0-ü", "c1-3-ü"]).to_numpy() * 2
    return (score + rng.normal(0, 1, len(X)) > 0.5).astype(np.int64)



def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--smoke", action="store_true")
    ap.add_argument("--out")
    args = ap.parse_args()

    from sklearn.compose import ColumnTransformer
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.impute import SimpleImputer
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    import modelseal

    n_train = 2000 if args.smoke else 20000
    n_batch = 2000 if args.smoke else 100000
    n_single = 20 if args.smoke else 300
    n_batch_repeat = 1 if args.smoke else 5
    X_train = make_frame(n_train, 1)
    y_train = target(X_train, 2)
    nums = [c for c in X_train.columns if c.startswith("num")]
    cats = [c for c in X_train.columns if c.startswith("cat")]
    pipe = make_pipeline(
        ColumnTransformer([
            ("num", make_pipeline(SimpleImputer(), StandardScaler()), nums),
            ("cat", OneHotEncoder(handle_unknown="ignore",
                                  sparse_output=False), cats)]),
        HistGradientBoostingClassifier(max_iter=20 if args.smoke else 100,
                                       random_state=0))
    pipe.fit(X_train, y_train)
    X = make_frame(n_batch, 3)

    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "typed.seal")
        modelseal.save(pipe, path, name="typed-bench")
        model = modelseal.load(path, insecure_allow_unsigned=True)

    want = pipe.predict(X)
    got = model.predict(X)
    ok = bool(np.array_equal(want, got))
    try:
        import pyarrow as pa
        table = pa.Table.from_pandas(X, preserve_index=False)
        got_arrow = model.predict(table)
        ok = ok and bool(np.array_equal(want, got_arrow))
    except ImportError:
        table = None

    rng = np.random.default_rng(4)
    rows = [X.iloc[[int(i)]] for i in rng.integers(0, n_batch, n_single)]
    it = iter(range(10**9))

    def one(fn):
        return lambda: fn(rows[next(it) % len(rows)])

    for r in rows[:5]:  # warm up both
        pipe.predict(r)
        model.predict(r)
    sk_single = median_time(one(pipe.predict), n_single)
    ms_single = median_time(one(model.predict), n_single)
    sk_batch = median_time(lambda: pipe.predict(X), n_batch_repeat)
    ms_batch = median_time(lambda: model.predict(X), n_batch_repeat)
    ms_arrow = (median_time(lambda: model.predict(table), n_batch_repeat)
                if table is not None else float("nan"))

    def fmt(s):
        return f"{s * 1e3:.3f} ms" if s < 1 else f"{s:.2f} s"

    lines = [
        "# Typed pipeline benchmark (issue 13)",
        "",
        f"ColumnTransformer(SimpleImputer+StandardScaler on 10 numeric, "
        f"OneHotEncoder(handle_unknown='ignore') on 10 string columns) + "
        f"HistGradientBoostingClassifier; train {n_train} rows, batch "
        f"{n_batch} rows; scikit-learn {__import__('sklearn').__version__}, "
        f"OMP_NUM_THREADS={os.environ['OMP_NUM_THREADS']}; modelseal "
        f"n_threads=1. Labels identical to scikit-learn's: "
        f"{'yes' if ok else 'NO'}.",
        "",
        "| figure | scikit-learn | modelseal | speed-up | target |",
        "|---|---|---|---|---|",
        f"| 1-row predict, DataFrame through Python (median of {n_single}) | "
        f"{fmt(sk_single)} | {fmt(ms_single)} | "
        f"{sk_single / ms_single:.1f}x | ≥ 50x |",
        f"| {n_batch}-row batch, DataFrame through Python, 1 thread | "
        f"{fmt(sk_batch)} | {fmt(ms_batch)} | {sk_batch / ms_batch:.2f}x | "
        f"≥ 2x |",
        f"| {n_batch}-row batch, C++ column-table path (pyarrow Table via "
        f"the Arrow C stream), 1 thread | {fmt(sk_batch)} | {fmt(ms_arrow)} | "
        f"{sk_batch / ms_arrow:.2f}x | ≥ 5x |",
        "",
    ]
    write_results("\n".join(lines), args.out)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

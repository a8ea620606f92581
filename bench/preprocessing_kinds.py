#!/usr/bin/env python3
# Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
"""Per-kind transform benchmark for the preprocessing kinds of issue 13
(RobustScaler, Normalizer, Binarizer, KBinsDiscretizer, TargetEncoder,
FeatureUnion, FunctionTransformer, PolynomialFeatures, QuantileTransformer,
PowerTransformer, SplineTransformer,
VarianceThreshold, SelectKBest, TransformedTargetRegressor), against
scikit-learn.

    python bench/preprocessing_kinds.py [--smoke] [--out FILE.md]

For each kind, fitted on 20 numeric columns (TargetEncoder: 10 string
columns): the median time of transform() (a regressor's predict()) on a batch (100k rows; one thread:
OMP_NUM_THREADS=1, modelseal n_threads=1) and on one row, through Python on
both sides. Checks every output against scikit-learn's: bit-exact where
include/modelseal/predictor.h says so, else within its stated bound (exit 1
otherwise).
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



def strings(rows: int, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    cols = {}
    for j in range(10):
        cats = np.array([f"c{j}-{i}" for i in range(4 + 2 * j)], dtype=object)
        cols[f"s{j}"] = cats[rng.integers(0, len(cats), rows)]
    return pd.DataFrame(cols)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--smoke", action="store_true")
    ap.add_argument("--out")
    args = ap.parse_args()

    from sklearn.compose import TransformedTargetRegressor
    from sklearn.feature_selection import (SelectKBest, VarianceThreshold,
                                           f_classif)
    from sklearn.pipeline import FeatureUnion
    from sklearn.tree import DecisionTreeRegressor
    from sklearn.preprocessing import (Binarizer, FunctionTransformer,
                                       KBinsDiscretizer, Normalizer,
                                       PolynomialFeatures,
                                       PowerTransformer,
                                       QuantileTransformer, RobustScaler,
                                       SplineTransformer, StandardScaler,
                                       TargetEncoder)

    import modelseal

    n_train = 2000 if args.smoke else 20000
    n_batch = 2000 if args.smoke else 100000
    n_single = 20 if args.smoke else 300
    repeat = 1 if args.smoke else 5
    rng = np.random.default_rng(1)
    X_train = rng.normal(0, 3, (n_train, 20))
    X = rng.normal(0, 3, (n_batch, 20))
    S_train, S = strings(n_train, 2), strings(n_batch, 3)
    y_train = (rng.random(n_train) < 0.4).astype(np.int64)
    y_reg = 100 + 3 * X_train[:, 0] + X_train[:, 1] ** 2

    # (name, estimator, training input, batch input, relative bound; 0 is
    # bit-exact). Bounds from include/modelseal/predictor.h.
    cases = [
        ("TransformedTargetRegressor (DecisionTree depth 8, StandardScaler;"
         " predict)",
         TransformedTargetRegressor(
             regressor=DecisionTreeRegressor(max_depth=8, random_state=0),
             transformer=StandardScaler()), X_train, X, 0),
        ("RobustScaler", RobustScaler(), X_train, X, 0),
        ("Normalizer (l2)", Normalizer(), X_train, X, 0),
        ("Binarizer", Binarizer(threshold=0.5), X_train, X, 0),
        ("KBinsDiscretizer (onehot-dense, 5 bins)",
         KBinsDiscretizer(n_bins=5, encode="onehot-dense",
                          strategy="uniform"), X_train, X, 0),
        ("TargetEncoder (binary, 10 string columns)",
         TargetEncoder(target_type="binary"), S_train, S, 0),
        ("FeatureUnion (StandardScaler, RobustScaler; weights)",
         FeatureUnion([("s", StandardScaler()), ("r", RobustScaler())],
                      transformer_weights={"s": 2.0, "r": 0.5}),
         X_train, X, 0),
        # 4 ulp (predictor.h): 4 * 2**-52 relative.
        ("FunctionTransformer (np.log1p)",
         FunctionTransformer(np.log1p), np.abs(X_train), np.abs(X),
         4 * 2.0 ** -52),
        ("VarianceThreshold (threshold 9)", VarianceThreshold(9.0),
         X_train, X, 0),
        ("SelectKBest (f_classif, k=10)", SelectKBest(f_classif, k=10),
         X_train, X, 0),
        ("PolynomialFeatures (degree 2, 231 outputs)",
         PolynomialFeatures(degree=2), X_train, X, 0),
        ("SplineTransformer (5 knots, cubic, linear extrapolation, "
         "140 outputs)",
         SplineTransformer(extrapolation="linear"), X_train, X, 0),
        ("QuantileTransformer (normal, 1000 quantiles)",
         QuantileTransformer(output_distribution="normal"), X_train, X, 0),
        # Box-Cox bit-exact with scipy 1.16-1.17; Yeo-Johnson 4 ulp (predictor.h)
        # of the power term (standardize=False: relative to the output).
        ("PowerTransformer (box-cox, standardize)",
         PowerTransformer(method="box-cox"), np.abs(X_train) + 0.1,
         np.abs(X) + 0.1, 0),
        ("PowerTransformer (yeo-johnson, standardize=False)",
         PowerTransformer(standardize=False), X_train, X, 4 * 2.0 ** -52),
    ]
    lines = [
        "# Preprocessing kinds benchmark (issue 13)",
        "",
        f"transform() (a regressor: predict()) through Python, batch {n_batch} rows x 20 columns "
        f"(TargetEncoder: 10 string columns), one thread "
        f"(OMP_NUM_THREADS={os.environ['OMP_NUM_THREADS']}, modelseal "
        f"n_threads=1); 1 row: median of {n_single}. scikit-learn "
        f"{__import__('sklearn').__version__}.",
        "",
        "| kind | batch scikit-learn | batch modelseal | speed-up | "
        "1 row scikit-learn | 1 row modelseal | speed-up | outputs |",
        "|---|---|---|---|---|---|---|---|",
    ]
    ok_all = True

    def fmt(s):
        return f"{s * 1e3:.3f} ms" if s < 1 else f"{s:.2f} s"

    with tempfile.TemporaryDirectory() as tmp:
        for i, (name, est, Xtr, Xb, bound) in enumerate(cases):
            if isinstance(est, (TargetEncoder, SelectKBest)):
                est.fit(Xtr, y_train)
            elif isinstance(est, TransformedTargetRegressor):
                est.fit(Xtr, y_reg)
            else:
                est.fit(Xtr)
            method = "transform" if hasattr(est, "transform") else "predict"
            sk_fn = getattr(est, method)
            path = os.path.join(tmp, f"k{i}.seal")
            modelseal.save(est, path, name="kinds-bench")
            model = modelseal.load(path, insecure_allow_unsigned=True,
                                   n_threads=1)
            ms_fn = getattr(model, method)
            want = np.asarray(sk_fn(Xb), dtype=np.float64)
            got = ms_fn(Xb)
            if bound == 0:
                ok = bool(np.array_equal(want, got, equal_nan=True))
                verdict = "bit-exact" if ok else "DIFFER"
            else:
                ok = bool(np.allclose(got, want, rtol=bound, atol=0))
                verdict = f"within {bound:.1e} rel." if ok else "DIFFER"
            ok_all = ok_all and ok
            if hasattr(Xb, "iloc"):
                rows = [Xb.iloc[[j]] for j in range(n_single)]
            else:
                rows = [Xb[j:j + 1] for j in range(n_single)]
            it = iter(range(10**9))

            def one(fn):
                return lambda: fn(rows[next(it) % len(rows)])

            for r in rows[:5]:
                sk_fn(r)
                ms_fn(r)
            sk_b = median_time(lambda: sk_fn(Xb), repeat)
            ms_b = median_time(lambda: ms_fn(Xb), repeat)
            sk_1 = median_time(one(sk_fn), n_single)
            ms_1 = median_time(one(ms_fn), n_single)
            lines.append(
                f"| {name} | {fmt(sk_b)} | {fmt(ms_b)} | {sk_b / ms_b:.1f}x "
                f"| {fmt(sk_1)} | {fmt(ms_1)} | {sk_1 / ms_1:.1f}x | "
                f"{verdict} |")
    lines.append("")
    write_results("\n".join(lines), args.out)
    return 0 if ok_all else 1


if __name__ == "__main__":
    sys.exit(main())

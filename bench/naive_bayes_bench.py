#!/usr/bin/env python3
# Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
"""Naive Bayes classifiers (NaiveBayes kind): scikit-learn against
modelseal, through Python on both sides.

    python bench/naive_bayes_bench.py [--smoke] [--out FILE.md]

Models:
- GaussianNB on a 20-feature 5-class make_classification set (2,000 rows);
- MultinomialNB on a 500-feature 10-class Poisson count matrix (5,000 rows,
  about 100 counts a row, class rates about 20% apart);
- CategoricalNB on 30 categorical features (2 to 20 categories) and 4
  classes (5,000 rows).
Figures (medians): predict_proba on one row (many calls), and on a batch
(GaussianNB and CategoricalNB 100k rows, MultinomialNB 20k rows: 80 MB of
float64) on one
thread (OMP_NUM_THREADS=OPENBLAS_NUM_THREADS=1 for scikit-learn, whose
MultinomialNB multiplies by the BLAS; n_threads=1 for modelseal). Checks
the outputs against scikit-learn's (exit 1 otherwise): predict identical,
predict_proba within the bound include/modelseal/predictor.h states (RTOL
times the probability times the jll magnitude, as
python/tests/test_naive_bayes_parity.py measures it).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")  # before numpy and scikit-learn load

import numpy as np  # noqa: E402

from benchlib import (batch_and_single, cpu_name, fmt,  # noqa: E402
                      write_results)

# The bound of test_naive_bayes_parity.py: |got - want| <= RTOL * want *
# (1 + M[c] + max_k M[k]) + DENORMAL, M the jll magnitude.
RTOL = 4e-15
DENORMAL = 2.0 ** -1022



def jll_magnitude(est, X) -> np.ndarray:
    """[rows, classes]: the magnitude each class's joint log likelihood is
    computed from (GaussianNB: |log prior| + |log_norm| + 0.5 sum (x -
    theta)^2 / var; MultinomialNB: |x| . |coef| + |class_log_prior_|)."""
    from sklearn import naive_bayes
    if isinstance(est, naive_bayes.CategoricalNB):
        Xi = X.astype(np.int64)
        mag = np.tile(np.abs(est.class_log_prior_), (len(X), 1))
        for j, f in enumerate(est.feature_log_prob_):
            mag += np.abs(f[:, Xi[:, j]].T)
        return mag
    if isinstance(est, naive_bayes.GaussianNB):
        lp = np.abs(np.log(est.class_prior_))
        norm = np.abs(-0.5 * np.log(2.0 * np.pi * est.var_).sum(axis=1))
        q = np.stack([(((X - est.theta_[i]) ** 2) / est.var_[i]).sum(axis=1)
                      for i in range(len(est.classes_))], axis=1)
        return lp + norm + 0.5 * q
    return np.abs(X) @ np.abs(est.feature_log_prob_).T + \
        np.abs(est.class_log_prior_)


def proba_error(est, X, got, want) -> tuple[float, float, bool]:
    """(max |got - want|, max |got - want| / (want (1 + M[c] + max M)) over
    probabilities in the normal range, within the bound)."""
    M = jll_magnitude(est, X)
    m = 1.0 + M + M.max(axis=1, keepdims=True)
    err = np.abs(got - want)
    normal = want >= np.finfo(np.float64).tiny
    rel = np.where(normal, err / np.where(normal, want * m, 1.0), 0.0)
    ok = bool((err <= RTOL * want * m + DENORMAL).all())
    return float(err.max()), float(rel.max()), ok


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--smoke", action="store_true")
    ap.add_argument("--out")
    args = ap.parse_args()

    import sklearn
    from sklearn import datasets, naive_bayes

    import modelseal

    n_single = 20 if args.smoke else 1000
    repeat = 1 if args.smoke else 5
    rng = np.random.default_rng(0)

    # GaussianNB: 20 features, 5 classes; batch rows around the data.
    Xg, yg = datasets.make_classification(
        n_samples=2000, n_features=20, n_informative=10, n_redundant=4,
        n_classes=5, n_clusters_per_class=1, random_state=0)
    ng = 2000 if args.smoke else 100000
    Xg_b = rng.normal(0, 1.5, (ng, 20))
    # MultinomialNB: 500 features, 10 classes of Poisson counts (about 100
    # per row); the classes' rates differ by about 20%, so that the
    # probabilities are spread (median largest one about 0.65), not 0 / 1.
    k, n = 10, 500
    rates = 0.2 * rng.gamma(0.8, 1.2, size=n) * np.exp(
        rng.normal(0, 0.2, (k, n)))
    ym = rng.integers(0, k, 5000)
    Xm = rng.poisson(rates[ym]).astype(np.float64)
    nm = 1000 if args.smoke else 20000
    Xm_b = rng.poisson(rates[rng.integers(0, k, nm)]).astype(np.float64)
    # CategoricalNB: 30 features of 2 to 20 categories, 4 classes, each
    # class its own category distribution per feature.
    cats = rng.integers(2, 21, 30)
    probs = [rng.dirichlet(np.ones(c), size=4) for c in cats]

    def categorical_rows(labels):
        return np.stack([[rng.choice(c, p=p[label]) for label in labels]
                         for c, p in zip(cats, probs)], axis=1)

    yc = rng.integers(0, 4, 5000)
    Xc = categorical_rows(yc).astype(np.float64)
    nc = 2000 if args.smoke else 100000
    Xc_b = np.stack([rng.integers(0, c, nc) for c in cats],
                    axis=1).astype(np.float64)
    cases = [
        ("GaussianNB, 20 features, 5 classes", naive_bayes.GaussianNB(),
         Xg, yg, Xg_b),
        ("MultinomialNB, 500 features, 10 classes",
         naive_bayes.MultinomialNB(), Xm, ym, Xm_b),
        ("CategoricalNB, 30 features, 4 classes",
         naive_bayes.CategoricalNB(min_categories=cats), Xc, yc, Xc_b),
    ]

    import scipy
    cpu = cpu_name()
    command = " ".join([os.path.relpath(sys.executable),
                        "bench/naive_bayes_bench.py"] + sys.argv[1:])
    lines = [
        "# Naive Bayes benchmark (NaiveBayes kind)",
        "",
        f"Command: `{command}` ({cpu}, {os.cpu_count()} cores; load "
        f"average {os.getloadavg()[0]:.2f} at the start).",
        "",
        "predict_proba() through Python; batch on one thread "
        f"(OMP_NUM_THREADS={os.environ['OMP_NUM_THREADS']}, "
        f"OPENBLAS_NUM_THREADS={os.environ['OPENBLAS_NUM_THREADS']}, "
        f"modelseal n_threads=1; median of {repeat}); 1 row: median of "
        f"{n_single} calls. scikit-learn {sklearn.__version__}, numpy "
        f"{np.__version__}, scipy {scipy.__version__}.",
        "",
        "| model | batch rows | batch scikit-learn | batch modelseal | "
        "speed-up | 1 row scikit-learn | 1 row modelseal | speed-up | "
        "outputs |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    ok_all = True


    with tempfile.TemporaryDirectory() as tmp:
        for i, (name, est, X, y, Xb) in enumerate(cases):
            est.fit(X, y)
            path = os.path.join(tmp, f"nb{i}.seal")
            modelseal.save(est, path, name="naive-bayes-bench")
            model = modelseal.load(path, insecure_allow_unsigned=True,
                                   n_threads=1)
            n_diff = int(np.count_nonzero(model.predict(Xb) !=
                                          est.predict(Xb)))
            want = est.predict_proba(Xb)
            got = model.predict_proba(Xb)
            abs_err, rel, within = proba_error(est, Xb, got, want)
            ok = n_diff == 0 and within
            verdict = (f"labels identical; predict_proba: max abs diff "
                       f"{abs_err:.1e}, {rel:.1e} of the bound's magnitude"
                       if ok else
                       f"DIFFER: {n_diff} labels, predict_proba "
                       f"{rel:.1e} of magnitude (bound {RTOL:.0e})")
            ok_all = ok_all and ok
            sk_b, ms_b, sk_1, ms_1 = batch_and_single(
                est.predict_proba, model.predict_proba, Xb, n_single, repeat)
            lines.append(
                f"| {name} | {len(Xb)} | {fmt(sk_b)} | {fmt(ms_b)} | "
                f"{sk_b / ms_b:.1f}x | {fmt(sk_1)} | {fmt(ms_1)} | "
                f"{sk_1 / ms_1:.1f}x | {verdict} |")
    lines.append("")
    write_results("\n".join(lines), args.out)
    return 0 if ok_all else 1


if __name__ == "__main__":
    sys.exit(main())

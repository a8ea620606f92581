#!/usr/bin/env python3
# Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
"""libsvm estimators (SupportVectorMachine kind): scikit-learn against
modelseal, through Python on both sides.

    python bench/svm_bench.py [--smoke] [--out FILE.md]

Models (rbf kernel, gamma 'scale'):
- SVC on iris (4 features, 3 classes);
- SVC on a 20-feature 3-class make_classification set (800 rows, about 500
  support vectors);
- SVR on a 20-feature make_regression set (1000 rows, C=100, epsilon=1:
  577 support vectors);
- KernelRidge(kernel="rbf", alpha=0.1) on the same regression set (saved as
  an SVR over its 1,000 training rows).
Figures (medians): predict on one row (many calls), and on a 100k-row batch
on one thread (OMP_NUM_THREADS=OPENBLAS_NUM_THREADS=1 for scikit-learn,
whose libsvm calls BLAS ddot per kernel value; n_threads=1 for modelseal).
Checks the outputs against scikit-learn's (exit 1 otherwise): labels
identical, SVC decision_function and SVR predict within the bound
include/modelseal/predictor.h states (RTOL times each value's magnitude, as
python/tests/test_svm_parity.py measures it; KernelRidge's as
test_kernel_ridge_parity.py does).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")  # before numpy and scikit-learn load

import numpy as np  # noqa: E402

from benchlib import batch_and_single, fmt, write_results  # noqa: E402

# The bound of include/modelseal/predictor.h for the libsvm estimators'
# continuous outputs, relative to each value's magnitude (below).
RTOL = 1e-12



def rbf_magnitude(est, X, chunk: int = 5000) -> np.ndarray:
    """[rows, pairs]: |intercept| + sum over support vectors of |dual_coef|
    K (1 + gamma |x - s|^2), an rbf decision value's magnitude (the measure
    of test_svm_parity.py)."""
    sv = est.support_vectors_
    g = float(est._gamma)
    coef = np.abs(est._dual_coef_)
    b = np.abs(est._intercept_)
    start = np.concatenate([[0], np.cumsum(est._n_support)])
    if est._impl in ("c_svc", "nu_svc"):
        k = len(est.classes_)
        W = []
        for i in range(k):
            for j in range(i + 1, k):
                w = np.zeros(len(sv))
                w[start[i]:start[i + 1]] = coef[j - 1, start[i]:start[i + 1]]
                w[start[j]:start[j + 1]] = coef[i, start[j]:start[j + 1]]
                W.append(w)
        W = np.array(W).T
    else:
        W = coef[0][:, None]
    out = []
    s2 = (sv ** 2).sum(axis=1)
    for r in range(0, len(X), chunk):
        x = X[r:r + chunk]
        d = np.maximum((x ** 2).sum(axis=1)[:, None] + s2[None, :] -
                       2 * x @ sv.T, 0.0)
        with np.errstate(under="ignore"):
            m = np.exp(-g * d) * (1 + g * d)
        out.append(m @ W + b[None, :])
    return np.vstack(out)


def decision_magnitude(est, X) -> np.ndarray:
    """rbf_magnitude in decision_function's shape ('ovr': a class sums its
    pairs')."""
    M = rbf_magnitude(est, X)
    if est._impl not in ("c_svc", "nu_svc") or len(est.classes_) == 2:
        return M[:, 0]
    if est.decision_function_shape == "ovo":
        return M
    k = len(est.classes_)
    out = np.zeros((len(X), k))
    p = 0
    for i in range(k):
        for j in range(i + 1, k):
            out[:, i] += M[:, p]
            out[:, j] += M[:, p]
            p += 1
    return out


def kernel_ridge_magnitude(est, X, chunk: int = 5000) -> np.ndarray:
    """[rows]: sum_i |dual_coef_i K(x, s_i)| over KernelRidge's training
    rows (the measure of test_kernel_ridge_parity.py)."""
    from sklearn.metrics.pairwise import pairwise_kernels
    out = []
    for r in range(0, len(X), chunk):
        K = pairwise_kernels(X[r:r + chunk], est.X_fit_, metric=est.kernel,
                             filter_params=True, gamma=est.gamma,
                             degree=est.degree, coef0=est.coef0)
        out.append(np.abs(K) @ np.abs(est.dual_coef_))
    return np.concatenate(out)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--smoke", action="store_true")
    ap.add_argument("--out")
    args = ap.parse_args()

    import sklearn
    from sklearn import datasets, svm
    from sklearn.kernel_ridge import KernelRidge

    import modelseal

    n_batch = 2000 if args.smoke else 100000
    n_single = 20 if args.smoke else 1000
    repeat = 1 if args.smoke else 3
    rng = np.random.default_rng(0)

    Xi, yi = datasets.load_iris(return_X_y=True)
    # Iris-like batch rows: iris rows with 5% jitter.
    Xi_b = Xi[rng.integers(0, len(Xi), n_batch)] + \
        rng.normal(0, 0.05, (n_batch, 4)) * Xi.std(axis=0)
    Xc, yc = datasets.make_classification(
        n_samples=800, n_features=20, n_informative=8, n_redundant=4,
        n_classes=3, flip_y=0.05, random_state=0)
    Xc_b = rng.normal(0, 1.5, (n_batch, 20))
    Xr, yr = datasets.make_regression(n_samples=1000, n_features=20,
                                      n_informative=10, noise=10.0,
                                      random_state=0)
    yr = yr / yr.std() * 10
    Xr_b = rng.normal(0, 1.2, (n_batch, 20))
    cases = [
        ("SVC rbf, iris (4 features, 3 classes)", svm.SVC(), Xi, yi, Xi_b),
        ("SVC rbf, 20 features, 3 classes", svm.SVC(), Xc, yc, Xc_b),
        ("SVR rbf, 20 features", svm.SVR(C=100.0, epsilon=1.0), Xr, yr,
         Xr_b),
        # KernelRidge: an SVR over all of its 1,000 training rows.
        ("KernelRidge rbf, 20 features", KernelRidge(kernel="rbf", alpha=0.1),
         Xr, yr, Xr_b),
    ]

    lines = [
        "# libsvm estimators benchmark (SupportVectorMachine kind)",
        "",
        f"predict() through Python; batch {n_batch} rows on one thread "
        f"(OMP_NUM_THREADS={os.environ['OMP_NUM_THREADS']}, "
        f"OPENBLAS_NUM_THREADS={os.environ['OPENBLAS_NUM_THREADS']}, "
        f"modelseal n_threads=1; median of {repeat}); 1 row: median of "
        f"{n_single} calls. scikit-learn {sklearn.__version__}, numpy "
        f"{np.__version__}.",
        "",
        "| model | support vectors | batch scikit-learn | batch modelseal | "
        "speed-up | 1 row scikit-learn | 1 row modelseal | speed-up | "
        "outputs |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    ok_all = True


    with tempfile.TemporaryDirectory() as tmp:
        for i, (name, est, X, y, Xb) in enumerate(cases):
            est.fit(X, y)
            path = os.path.join(tmp, f"svm{i}.seal")
            modelseal.save(est, path, name="svm-bench")
            model = modelseal.load(path, insecure_allow_unsigned=True,
                                   n_threads=1)
            want = est.predict(Xb)
            got = model.predict(Xb)
            if getattr(est, "_impl", None) == "c_svc":
                n_diff = int(np.count_nonzero(got != want))
                check_X = Xb[:20000]
                err = np.abs(model.decision_function(check_X) -
                             est.decision_function(check_X))
                rel = float((err / decision_magnitude(est, check_X)).max())
                ok = n_diff == 0 and rel <= RTOL
                verdict = (f"labels identical, decision_function {rel:.1e} "
                           "of magnitude" if ok else
                           f"DIFFER: {n_diff} labels, decision_function "
                           f"{rel:.1e} of magnitude")
            else:
                err = np.abs(got - want)
                mag = kernel_ridge_magnitude(est, Xb) \
                    if isinstance(est, KernelRidge) \
                    else rbf_magnitude(est, Xb)[:, 0]
                rel = float((err / mag).max())
                ok = rel <= RTOL
                verdict = (f"within {rel:.1e} of magnitude" if ok else
                           f"DIFFER: {rel:.1e} of magnitude")
            ok_all = ok_all and ok
            n_sv = len(est.X_fit_) if isinstance(est, KernelRidge) \
                else len(est.support_)
            sk_b, ms_b, sk_1, ms_1 = batch_and_single(
                est.predict, model.predict, Xb, n_single, repeat)
            lines.append(
                f"| {name} | {n_sv} | {fmt(sk_b)} | "
                f"{fmt(ms_b)} | {sk_b / ms_b:.1f}x | {fmt(sk_1)} | "
                f"{fmt(ms_1)} | {sk_1 / ms_1:.1f}x | {verdict} |")
    lines.append("")
    write_results("\n".join(lines), args.out)
    return 0 if ok_all else 1


if __name__ == "__main__":
    sys.exit(main())

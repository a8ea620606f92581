#!/usr/bin/env python3
# Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
"""Multi-layer perceptrons (NeuralNetwork kind): scikit-learn against
modelseal, through Python on both sides.

    python bench/mlp_bench.py [--smoke] [--out FILE.md]

Models (20 features; fitted on 2,000 rows with adam):
- MLPClassifier, one hidden layer of 100 relu units, 3 classes
  (predict_proba);
- MLPClassifier, two hidden layers of 64 tanh units, 3 classes
  (predict_proba);
- MLPRegressor, one hidden layer of 100 relu units (predict).
Figures (medians): the method on one row (many calls), and on a 100k-row
batch on one thread (OMP_NUM_THREADS=OPENBLAS_NUM_THREADS=1 for
scikit-learn, whose layers are BLAS matrix products; n_threads=1 for
modelseal). Checks the outputs against scikit-learn's (exit 1 otherwise):
labels identical, predict_proba / predict within the bound
include/modelseal/predictor.h states (RTOL times the magnitude each value
is computed from, plus ATOL on probabilities, as
python/tests/test_mlp_parity.py measures it).
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

from benchlib import (batch_and_single, cpu_name, fmt,  # noqa: E402
                      write_results)

# The bound of test_mlp_parity.py: |got - want| <= RTOL * scale + ATOL
# (ATOL on probabilities only), scale from the forward pass's magnitude.
RTOL = 1e-12
ATOL = 1e-15


def forward_magnitude(mlp, X) -> np.ndarray:
    """[rows, outputs]: the magnitude of the output layer's pre-activation
    ((|a| + E) |W| + |b| per layer, E = L * the previous magnitude + |a|
    after an activation of Lipschitz constant L; test_mlp_parity.py)."""
    from scipy.special import expit
    act = {"identity": lambda z: z, "relu": lambda z: np.maximum(z, 0.0),
           "tanh": np.tanh, "logistic": expit}[mlp.activation]
    lip = 0.25 if mlp.activation == "logistic" else 1.0
    a = np.asarray(X, dtype=np.float64)
    E = np.zeros_like(a)
    last = len(mlp.coefs_) - 1
    for i, (W, b) in enumerate(zip(mlp.coefs_, mlp.intercepts_)):
        M = (np.abs(a) + E) @ np.abs(W) + np.abs(b)
        if i == last:
            return M
        a = act(a @ W + b)
        E = lip * M + np.abs(a)
    raise AssertionError("no layers")


def output_error(est, X, got, want) -> tuple[float, float, float, bool]:
    """(max |got - want|, max |got - want| / max(|want|, tiny), max
    |got - want| / the bound's scale, within the bound)."""
    got = got.reshape(len(got), -1)
    want = want.reshape(len(want), -1)
    M = forward_magnitude(est, X)
    if est.out_activation_ == "identity":
        scale, atol = M, 0.0
    elif est.out_activation_ == "softmax":
        scale, atol = want * (1.0 + 2.0 * M.max(axis=1, keepdims=True)), ATOL
    else:  # logistic (binary: [1 - p, p])
        if want.shape[1] == 2 and M.shape[1] == 1:
            M = np.hstack([M, M])
        scale, atol = want * (1.0 + M), ATOL
    err = np.abs(got - want)
    rel = err / np.maximum(np.abs(want), np.finfo(np.float64).tiny)
    with np.errstate(invalid="ignore", divide="ignore"):
        relm = np.where(err == 0, 0.0, err / (scale + atol / RTOL))
    ok = bool((err <= RTOL * scale + atol).all())
    return float(err.max()), float(rel.max()), float(relm.max()), ok


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--smoke", action="store_true")
    ap.add_argument("--out")
    args = ap.parse_args()

    import sklearn
    from sklearn import datasets
    from sklearn.neural_network import MLPClassifier, MLPRegressor

    import modelseal

    n_single = 20 if args.smoke else 1000
    repeat = 1 if args.smoke else 5
    n_batch = 2000 if args.smoke else 100000
    max_iter = 5 if args.smoke else 200
    rng = np.random.default_rng(0)

    Xc, yc = datasets.make_classification(
        n_samples=2000, n_features=20, n_informative=10, n_redundant=4,
        n_classes=3, n_clusters_per_class=1, random_state=0)
    Xr, yr = datasets.make_regression(
        n_samples=2000, n_features=20, n_informative=12, noise=5.0,
        random_state=0)
    yr = yr / yr.std()
    # Batch rows around the data (standard normal features, a bit wider).
    Xc_b = rng.normal(0, 1.5, (n_batch, 20))
    Xr_b = rng.normal(0, 1.5, (n_batch, 20))
    cases = [
        ("MLPClassifier (100,) relu, 20 features, 3 classes",
         MLPClassifier(hidden_layer_sizes=(100,), activation="relu",
                       max_iter=max_iter, random_state=0),
         Xc, yc, Xc_b),
        ("MLPClassifier (64, 64) tanh, 20 features, 3 classes",
         MLPClassifier(hidden_layer_sizes=(64, 64), activation="tanh",
                       max_iter=max_iter, random_state=0),
         Xc, yc, Xc_b),
        ("MLPRegressor (100,) relu, 20 features",
         MLPRegressor(hidden_layer_sizes=(100,), activation="relu",
                      max_iter=max_iter, random_state=0),
         Xr, yr, Xr_b),
    ]

    import scipy
    cpu = cpu_name()
    command = " ".join([os.path.relpath(sys.executable),
                        "bench/mlp_bench.py"] + sys.argv[1:])
    lines = [
        "# Multi-layer perceptron benchmark (NeuralNetwork kind)",
        "",
        f"Command: `{command}` ({cpu}, {os.cpu_count()} cores; load "
        f"average {os.getloadavg()[0]:.2f} at the start).",
        "",
        "predict_proba() (classifiers) and predict() (regressor) through "
        "Python; batch on one thread "
        f"(OMP_NUM_THREADS={os.environ['OMP_NUM_THREADS']}, "
        f"OPENBLAS_NUM_THREADS={os.environ['OPENBLAS_NUM_THREADS']}, "
        f"modelseal n_threads=1; median of {repeat}); 1 row: median of "
        f"{n_single} calls. scikit-learn {sklearn.__version__}, numpy "
        f"{np.__version__}, scipy {scipy.__version__}. Outputs: the "
        "largest difference from scikit-learn's, absolute, relative to "
        "max(|value|, tiny), and as a fraction of the bound's scale "
        f"(RTOL = {RTOL:.0e} of it; test_mlp_parity.py).",
        "",
        "| model | batch rows | batch scikit-learn | batch modelseal | "
        "speed-up | 1 row scikit-learn | 1 row modelseal | speed-up | "
        "outputs |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    ok_all = True

    with tempfile.TemporaryDirectory() as tmp:
        for i, (name, est, X, y, Xb) in enumerate(cases):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # ConvergenceWarning
                est.fit(X, y)
            path = os.path.join(tmp, f"mlp{i}.seal")
            modelseal.save(est, path, name="mlp-bench")
            model = modelseal.load(path, insecure_allow_unsigned=True,
                                   n_threads=1)
            is_clf = hasattr(est, "predict_proba")
            n_diff = int(np.count_nonzero(model.predict(Xb) !=
                                          est.predict(Xb))) if is_clf else 0
            method = "predict_proba" if is_clf else "predict"
            sk_fn, ms_fn = getattr(est, method), getattr(model, method)
            abs_err, rel, relm, within = output_error(est, Xb, ms_fn(Xb),
                                                      sk_fn(Xb))
            ok = n_diff == 0 and within
            labels = "labels identical; " if is_clf else ""
            verdict = (f"{labels}{method}: max abs diff {abs_err:.1e}, "
                       f"rel {rel:.1e}, {relm:.1e} of the bound's scale"
                       if ok else
                       f"DIFFER: {n_diff} labels, {method} {relm:.1e} of "
                       f"the bound's scale (bound {RTOL:.0e})")
            ok_all = ok_all and ok
            sk_b, ms_b, sk_1, ms_1 = batch_and_single(
                sk_fn, ms_fn, Xb, n_single, repeat)
            lines.append(
                f"| {name} | {len(Xb)} | {fmt(sk_b)} | {fmt(ms_b)} | "
                f"{sk_b / ms_b:.1f}x | {fmt(sk_1)} | {fmt(ms_1)} | "
                f"{sk_1 / ms_1:.1f}x | {verdict} |")
    lines.append("")
    write_results("\n".join(lines), args.out)
    return 0 if ok_all else 1


if __name__ == "__main__":
    sys.exit(main())

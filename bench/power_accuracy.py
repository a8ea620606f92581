# Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
"""PowerTransformer accuracy against the installed scikit-learn (the figures
in include/modelseal/predictor.h and the README). 1M values: 200 lambdas
(uniform in [-3, 5] plus 0, 2, 1e-17, 2 + 1e-16, 1, -1, 0.5, 3) times 5000
rows of N(0, 1) * 10^U(-6, 2) (absolute values for Box-Cox).

Box-Cox: relative ulp (|got - want| / (eps |want|)) and how many differ.
Yeo-Johnson: the formula-aware measure of predictor.h, as eps multiples of
  np.power form (scikit-learn <= 1.8): max(|want|, P / |l'|), P the power
    term ((x+1)^l or (1-x)^(2-l)) and l' its exponent;
  expm1 form (1.9): |want| * max(1, |t|), t = l' * log1p(|x|).
Run with each release's interpreter, e.g. build-matrix/venv-1.4.2/bin/python
bench/power_accuracy.py (python/run-version-matrix.sh makes those)."""

import os
import tempfile

import numpy as np
import scipy
import sklearn
from sklearn.preprocessing import PowerTransformer

import modelseal

EPS = 2.0 ** -52


def data(positive):
    rng = np.random.RandomState(0)
    n_feat, n_rows = 200, 5000
    lambdas = np.concatenate([rng.uniform(-3, 5, n_feat - 8),
                              [0.0, 2.0, 1e-17, 2 + 1e-16, 1.0, -1.0, 0.5,
                               3.0]])
    X = rng.normal(size=(n_rows, n_feat)) * \
        10.0 ** rng.uniform(-6, 2, size=(n_rows, n_feat))
    if positive:
        X = np.abs(X)
        X[X == 0] = 1.0
    return X, lambdas


def both(method, X, lambdas):
    """(modelseal's transform, scikit-learn's) with the given lambdas_."""
    est = PowerTransformer(method=method, standardize=False).fit(X[:50])
    est.lambdas_ = lambdas.copy()
    path = os.path.join(tempfile.mkdtemp(), "power.seal")
    modelseal.save(est, path, name="power", version=1, source=None)
    got = modelseal._load_unsandboxed(path).transform(X)
    with np.errstate(all="ignore"):
        want = est.transform(X)
    return got, want


def box_cox():
    X, lambdas = data(positive=True)
    got, want = both("box-cox", X, lambdas)
    fin = np.isfinite(want)
    assert np.array_equal(got[~fin], want[~fin])
    d = np.abs(got - want)[fin]
    ulp = np.where(d == 0, 0, d / (EPS * np.abs(want[fin])))
    print(f"box-cox: max {ulp.max():.3g} ulp relative, "
          f"{np.count_nonzero(d)} of {d.size} differ")


def yeo_johnson():
    X, lambdas = data(positive=False)
    got, want = both("yeo-johnson", X, lambdas)
    L = np.broadcast_to(lambdas, X.shape)
    lp = np.where(X >= 0, L, 2 - L)
    with np.errstate(all="ignore"):
        t = lp * np.log1p(np.abs(X))
        power = np.exp(t)
        if np.lib.NumpyVersion(sklearn.__version__) >= "1.9.0":
            form, mag = "expm1", np.abs(want) * np.maximum(1, np.abs(t))
        else:
            form = "np.power"
            mag = np.maximum(np.abs(want), power / np.abs(lp))
    fin = np.isfinite(want) & np.isfinite(got)
    d = np.abs(got - want)
    with np.errstate(all="ignore"):
        r = np.where(d == 0, 0, d / (EPS * mag))[fin]
    print(f"yeo-johnson ({form} form): max {r.max():.3g} in predictor.h's "
          f"measure, {np.count_nonzero(d[fin])} of {fin.sum()} finite "
          f"values differ")


if __name__ == "__main__":
    print(f"scikit-learn {sklearn.__version__}, numpy {np.__version__}, "
          f"scipy {scipy.__version__}")
    box_cox()
    yeo_johnson()

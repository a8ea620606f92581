# Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
"""PowerTransformer exported with modelseal.save and evaluated by the native
engine, compared with scikit-learn's transform on held-out data (values
beyond the fitted range, both signs, zero, tiny and large magnitudes, NaN),
with and without standardize, alone, inside a Pipeline before a predictor
and inside a ColumnTransformer. Box-Cox is scipy.special.boxcox with the C
library's log and expm1: bit-exact against scipy 1.16.3 and 1.17.1 (1.13
within the bound below); Yeo-Johnson uses
numpy's power, log1p and expm1, which numpy may compute with its own SIMD
code: within 4 ulp of the power term (include/modelseal/predictor.h). Input
errors: infinity (E904), a value <= 0 into Box-Cox (E919, as scikit-learn's
ValueError), float32 input (E916)."""

import numpy as np
import pandas as pd
import pytest
import scipy
import sklearn
from sklearn.compose import ColumnTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import PowerTransformer
from sklearn.tree import DecisionTreeClassifier

import modelseal
from compare import quiet

EPS = 2.0 ** -52
BOUND = 4  # ulp of the power term, include/modelseal/predictor.h


def data(n=400, seed=0, positive=False):
    """Four features: normal, lognormal (skewed), negative lognormal (skewed
    the other way) and a small-magnitude one; strictly positive for
    Box-Cox."""
    rng = np.random.RandomState(seed)
    X = np.column_stack([rng.normal(size=n) * 3, rng.lognormal(size=n),
                         -rng.lognormal(size=n) + 1,
                         rng.normal(size=n) * 1e-3])
    if positive:
        X = np.abs(X) + 1e-3
    return X


def held_out(seed=1, positive=False):
    """Fresh rows, rows 100x beyond the fitted range, zeros, tiny values
    and NaN."""
    X = data(300, seed, positive)
    X[:10] *= 100
    X[10:20] *= 1e-6
    X[25, 1:3] = np.nan
    X[26, 0] = np.nan
    if not positive:
        X[20:25] = 0.0
        X[30:35] = -X[30:35]
    return X


def same(a, b):
    """Bit-exact, NaN where NaN."""
    return a.shape == b.shape and np.array_equal(a, b, equal_nan=True)


def error_in_ulps(est, X, got, want):
    """|got - want| in the error measure of include/modelseal/predictor.h:
    units of eps times the magnitude the power term's error is carried
    with. With p the power (l, or 2 - l for x < 0 in Yeo-Johnson) and t = p
    * log(x) (Box-Cox) or p * log1p(|x|) (Yeo-Johnson): for expm1(t) / p
    (Box-Cox, Yeo-Johnson from scikit-learn 1.9) |y| * max(1, |t|), expm1's
    condition; for (power(x + 1, p) - 1) / p (Yeo-Johnson up to 1.8)
    max(|y|, e^t / |p|), the power before the cancelling - 1. With
    standardize that magnitude / scale_ plus |mean_| / scale_."""
    nan = np.isnan(want)
    assert np.array_equal(nan, np.isnan(got))
    lam = np.broadcast_to(est.lambdas_, X.shape)
    with np.errstate(all="ignore"):
        if est.method == "box-cox":
            p, t = lam, lam * np.log(X)
        else:
            p = np.where(X >= 0, lam, 2 - lam)
            t = p * np.log1p(np.abs(X))
        mean, scale = 0.0, 1.0
        if est.standardize:
            mean, scale = est._scaler.mean_, est._scaler.scale_
        y = np.abs(want * scale + mean)
        if est.method == "yeo-johnson" and not sklearn_at_least("1.9.0"):
            mag = np.maximum(y, np.exp(t) / np.abs(p))
        else:
            mag = y * np.maximum(1.0, np.abs(t))
        mag = mag / scale + np.abs(mean) / scale
        err = np.abs(got - want)
        ratio = np.where(err == 0, 0.0, err / (EPS * mag))
    return float(np.max(ratio[~nan], initial=0.0))


def sklearn_at_least(version):
    return np.lib.NumpyVersion(sklearn.__version__) >= version


def scipy_at_least(version):
    return np.lib.NumpyVersion(scipy.__version__) >= version


@pytest.mark.parametrize("standardize", [True, False])
@pytest.mark.parametrize("method", ["yeo-johnson", "box-cox"])
def test_power_transform_parity(method, standardize, roundtrip):
    positive = method == "box-cox"
    est = quiet(PowerTransformer(method=method, standardize=standardize).fit,
                data(positive=positive))
    model = roundtrip(est)
    Xt = held_out(positive=positive)
    got = model.transform(Xt)
    want = est.transform(Xt)
    assert got.shape == want.shape
    assert error_in_ulps(est, Xt, got, want) <= BOUND
    if method == "box-cox" and scipy_at_least("1.16.3"):
        assert same(got, want)


@pytest.mark.parametrize("lambdas", [[0.0, 2.0, 1.0, -1.5],
                                     [1e-17, 2.0 + 1e-15, 0.5, 3.5]])
def test_power_edge_lambdas(lambdas, roundtrip):
    """lambda 0 and 2 take Yeo-Johnson's log1p branches (|l| < eps, |l - 2|
    <= eps); Box-Cox's log branch is |l| < 1e-19."""
    for method, positive in (("yeo-johnson", False), ("box-cox", True)):
        est = quiet(PowerTransformer(method=method).fit,
                    data(positive=positive))
        est.lambdas_ = np.array(lambdas)
        model = roundtrip(est)
        Xt = held_out(positive=positive)
        got = model.transform(Xt)
        want = est.transform(Xt)
        assert error_in_ulps(est, Xt, got, want) <= BOUND
        if method == "box-cox" and scipy_at_least("1.16.3"):
            assert same(got, want)


def test_power_box_cox_beyond_expm1_range(roundtrip):
    """lambda * log(x) >= 709.78: scipy 1.16+ computes exp(t - log|l|) -
    1 / l, finite where expm1(t) / l would overflow first (scipy 1.13
    returns infinity there)."""
    est = quiet(PowerTransformer(method="box-cox", standardize=False).fit,
                data(positive=True)[:, :2])
    est.lambdas_ = np.array([2.0, -2.4])
    model = roundtrip(est)
    X = np.array([[1.6518496811469927e+154, 1e-300], [1e154, 1e-290],
                  [3.0, 0.5]])
    got = model.transform(X)
    assert got[0, 0] == 1.3643036845527858e+308
    assert got[0, 1] == -np.inf
    if scipy_at_least("1.16.3"):
        assert same(got, est.transform(X))


def test_power_in_pipeline_and_column_transformer(roundtrip):
    X = data()
    y = (X[:, 0] + np.log(X[:, 1]) > 0.3).astype(int)
    Xt = np.nan_to_num(held_out())
    clf = quiet(make_pipeline(PowerTransformer(),
                              LogisticRegression(max_iter=500)).fit, X, y)
    model = roundtrip(clf)
    assert np.mean(model.predict(Xt) == clf.predict(Xt)) > 0.99
    np.testing.assert_allclose(model.predict_proba(Xt), clf.predict_proba(Xt),
                               rtol=1e-12, atol=1e-15)
    tree = quiet(make_pipeline(PowerTransformer(method="box-cox"),
                               DecisionTreeClassifier(random_state=0)).fit,
                 np.abs(X) + 1e-3, y)
    model = roundtrip(tree)
    Xp = np.abs(Xt) + 1e-3
    assert same(model.predict(Xp), tree.predict(Xp))
    cols = ["a", "b", "c", "d"]
    df = pd.DataFrame(np.abs(X) + 1e-3, columns=cols)
    ct = quiet(ColumnTransformer([
        ("yj", PowerTransformer(standardize=False), ["a", "c"]),
        ("bc", PowerTransformer(method="box-cox"), ["b", "d"])]).fit, df)
    model = roundtrip(ct)
    dft = pd.DataFrame(np.abs(held_out()) + 1e-3, columns=cols)
    got = model.transform(dft)
    want = ct.transform(dft)
    assert error_in_ulps(ct.named_transformers_["yj"],
                         dft[["a", "c"]].to_numpy(), got[:, :2],
                         want[:, :2]) <= BOUND
    assert error_in_ulps(ct.named_transformers_["bc"],
                         dft[["b", "d"]].to_numpy(), got[:, 2:],
                         want[:, 2:]) <= BOUND
    if scipy_at_least("1.16.3"):
        assert same(got[:, 2:], want[:, 2:])  # the Box-Cox columns


def test_power_input_errors_as_scikit_learn(roundtrip):
    est = quiet(PowerTransformer(method="box-cox").fit,
                data(positive=True))
    model = roundtrip(est)
    Xt = held_out(positive=True)[:5]
    Xt[3, 2] = 0.0
    with pytest.raises(ValueError, match="strictly positive"):
        est.transform(Xt)
    with pytest.raises(modelseal.InputError, match="E919") as e:
        model.transform(Xt)
    assert "X[3][2]" in str(e.value)
    Xt[3, 2] = np.inf
    with pytest.raises(ValueError):
        est.transform(Xt)
    with pytest.raises(modelseal.InputError, match="E904"):
        model.transform(Xt)
    yj = roundtrip(quiet(PowerTransformer().fit, data()))
    with pytest.raises(modelseal.InputError, match="E916"):
        yj.transform(data(5).astype(np.float32))


def test_power_unsupported_state_refused(tmp_path):
    est = quiet(PowerTransformer().fit, data())
    est.lambdas_[1] = np.nan
    with pytest.raises(modelseal.UnsupportedEstimatorError, match="E1121"):
        modelseal.save(est, tmp_path / "m.seal", name="p", version=1,
                       source=None)

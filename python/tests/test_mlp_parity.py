# Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
"""scikit-learn's multi-layer perceptrons (MLPClassifier, MLPRegressor: the
NeuralNetwork kind) saved with modelseal.save, signed, loaded through the
sandbox and evaluated by the native engine, compared with scikit-learn on
held-out rows (a held-out split, fresh rows over the fitted range, rows 10x
and 100x beyond it, sign-flipped rows, zeros): every hidden activation
(identity, logistic, tanh, relu) with no hidden layer and with 1, 2 and 3
hidden layers, solvers lbfgs and adam; binary, multiclass (3 and 5 classes;
string and unordered integer labels) and multilabel classifiers; one-target,
multi-target and Poisson (scikit-learn >= 1.7) regressors; after a
StandardScaler in a Pipeline, fitted on a DataFrame, float32 input at
predict, single rows, several threads, score, predict_log_proba; exact ties
of the output layer (a probability of exactly 0.5, equal logits); and the
refusals (a model fitted on float32 X, non-finite input).

Labels are identical. The continuous outputs (a regressor's predict,
predict_proba) are not always bit-exact: the engine calls Debian's OpenBLAS
dgemm per block of rows where scikit-learn calls numpy's OpenBLAS once, and
uses glibc's vector tanh and the C library's exp where numpy uses its SIMD
ones. They are held to RTOL times the
magnitude each value is computed from (``forward_magnitude``): a layer's
pre-activation z = a W + b has the magnitude (|a| + E) |W| + |b|, where E,
the magnitude of a's own error, is 0 for the input and L times the previous
pre-activation's magnitude plus |a| after an activation of Lipschitz
constant L (1; the logistic's 1/4). Then, with M the output layer's
magnitude:

    identity (regressors)      |got - want| <= RTOL * M
    exp (Poisson regressors)   |got - want| <= RTOL * want * (1 + M)
    logistic (binary columns   |got - want| <= RTOL * want * (1 + M) + ATOL
    1 - p and p; multilabel)
    softmax                    |got - want| <= RTOL * want * (1 + 2 max M)
                                                + ATOL

ATOL covers the 1 - p column where p rounds near 1 (one ulp of p is 1.1e-16
absolute there) and probabilities below the normal range. Run
``pytest -s test_mlp_parity.py`` to print the largest differences measured
per hidden activation and output activation: absolute, relative to
max(|want|, tiny) on the held-out split and on all rows, and in the bound's
measure above."""

import warnings

import numpy as np
import pandas as pd
import pytest
import sklearn
from scipy.special import expit
from sklearn import datasets
from sklearn.datasets import (make_classification,
                              make_multilabel_classification, make_regression)
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier, MLPRegressor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from threadpoolctl import threadpool_limits

import modelseal
from compare import held_out, quiet

# The bound above (include/modelseal/predictor.h states it for the
# NeuralNetwork kind): RTOL relative to the magnitude a value is computed
# from, ATOL absolute on probabilities.
RTOL = 1e-12
ATOL = 1e-15

# MLPRegressor(loss="poisson") (output activation exp) exists from
# scikit-learn 1.7.
POISSON = np.lib.NumpyVersion(sklearn.__version__) >= "1.7.0"

# "hidden->output" -> [max |diff|, max |diff| / max(|want|, tiny) on the
# held-out split, the same on all rows, max |diff| / bound scale], printed
# by test_report_largest_errors.
WORST = {}


# ------------------------------------------------------------ fixtures

# sealed(est, n_threads=1): save, sign and load, in conftest.py.


# ----------------------------------------------------------------- data

def clf_data(name):
    """(X, y): a binary synthetic set (5 features), iris (3 classes,
    unscaled), a 5-class synthetic set (6 features), breast_cancer (30
    unscaled features, binary) and a multilabel set (8 count features, 4
    labels: y an indicator matrix)."""
    if name == "binary":
        return make_classification(n_samples=300, n_features=5,
                                   n_informative=3, random_state=1)
    if name == "iris":
        return datasets.load_iris(return_X_y=True)
    if name == "five":
        return make_classification(
            n_samples=400, n_features=6, n_informative=4, n_redundant=0,
            n_classes=5, n_clusters_per_class=1, class_sep=1.5,
            random_state=0)
    if name == "breast_cancer":
        return datasets.load_breast_cancer(return_X_y=True)
    if name == "multilabel":
        X, Y = make_multilabel_classification(
            n_samples=300, n_features=8, n_classes=4, random_state=0)
        return X.astype(np.float64), Y
    raise KeyError(name)


def reg_data(name):
    """(X, y): diabetes (one target), a 3-target synthetic set (6
    features) and Poisson counts (5 features, log-linear rate)."""
    if name == "diabetes":
        return datasets.load_diabetes(return_X_y=True)
    if name == "multi":
        X, y = make_regression(n_samples=300, n_features=6, n_informative=4,
                               n_targets=3, noise=5.0, random_state=0)
        return X, y / 50 + np.sin(X[:, :1])
    if name == "poisson":
        rng = np.random.RandomState(0)
        X = rng.normal(size=(300, 5))
        w = np.array([0.5, -0.3, 0.2, 0.0, 0.4])
        return X, rng.poisson(np.exp(X @ w + 0.5)).astype(np.float64)
    raise KeyError(name)


def split4(X, y, seed=0):
    """(X_train, X_test, y_train, y_test): a 70/30 split (stratified for a
    single label column)."""
    strat = y if y.ndim == 1 and y.dtype.kind in "iuU" else None
    return train_test_split(X, y, test_size=0.3, random_state=seed,
                            stratify=strat)


def split(X, y, seed=0):
    """(X_train, X_test, y_train) of split4."""
    return split4(X, y, seed)[:3]


# ------------------------------------------------------------ the measure

ACTIVATIONS = {
    "identity": lambda z: z,
    "relu": lambda z: np.maximum(z, 0.0),
    "tanh": np.tanh,
    "logistic": expit,
}
LIPSCHITZ = {"identity": 1.0, "relu": 1.0, "tanh": 1.0, "logistic": 0.25}


def final(est):
    return est[-1] if hasattr(est, "steps") else est


def inner_X(est, X):
    """X as the MLP step sees it (after a Pipeline's transformers), as
    float64 (float32 input is widened exactly, as numpy's float32 @
    float64 does)."""
    if hasattr(est, "steps"):
        X = est[:-1].transform(X)
    return np.asarray(X, dtype=np.float64)


def forward_magnitude(mlp, X):
    """[rows, outputs]: the magnitude of the output layer's pre-activation
    (the module docstring's M)."""
    a = np.asarray(X, dtype=np.float64)
    E = np.zeros_like(a)
    act = ACTIVATIONS[mlp.activation]
    L = LIPSCHITZ[mlp.activation]
    last = len(mlp.coefs_) - 1
    with np.errstate(over="ignore"):
        for i, (W, b) in enumerate(zip(mlp.coefs_, mlp.intercepts_)):
            M = (np.abs(a) + E) @ np.abs(W) + np.abs(b)
            if i == last:
                return M
            a = act(a @ W + b)
            E = L * M + np.abs(a)
    raise AssertionError("no layers")


def bound_scale(mlp, Xi, want):
    """(scale, atol) in want's shape (2-D): |got - want| <= RTOL * scale +
    atol (the module docstring's table); Xi as the MLP step sees it."""
    M = forward_magnitude(mlp, Xi)
    out = mlp.out_activation_
    if out == "identity":
        return M.reshape(want.shape), 0.0
    if out == "exp":
        return want * (1.0 + M.reshape(want.shape)), 0.0
    if out == "logistic":
        if want.shape[1] == 2 and M.shape[1] == 1:  # binary: [1 - p, p]
            M = np.hstack([M, M])
        return want * (1.0 + M), ATOL
    if out == "softmax":
        return want * (1.0 + 2.0 * M.max(axis=1, keepdims=True)), ATOL
    raise AssertionError(out)


def output_key(mlp):
    hidden = mlp.activation if len(mlp.coefs_) > 1 else "none"
    out = mlp.out_activation_
    if out == "logistic" and mlp.n_outputs_ > 1:
        out = "logistic-multilabel"
    return f"{hidden}->{out}"


def assert_output(key, est, X, got, want, n_split=0):
    """got (modelseal's predict of a regressor, or predict_proba) against
    want (scikit-learn's) within the bound; records the largest
    differences."""
    mlp = final(est)
    got = np.asarray(got)
    want = np.asarray(want)
    assert got.shape == want.shape, f"{key}: {got.shape} != {want.shape}"
    assert got.dtype == np.float64, f"{key}: dtype {got.dtype}"
    g2 = got.reshape(len(got), -1)
    w2 = want.reshape(len(want), -1)
    # exp overflows to inf on rows far out: the same rows on both sides.
    inf = ~np.isfinite(w2)
    assert np.array_equal(inf, ~np.isfinite(g2)), \
        f"{key}: non-finite values at other places " \
        f"{np.argwhere(inf != ~np.isfinite(g2))[:5].tolist()}"
    assert np.array_equal(g2[inf], w2[inf]), key
    w2 = np.where(inf, 0.0, w2)
    g2 = np.where(inf, 0.0, g2)
    scale, atol = bound_scale(mlp, inner_X(est, X), w2)
    scale = np.where(inf, 1.0, scale)
    err = np.abs(g2 - w2)
    rel = err / np.maximum(np.abs(w2), np.finfo(np.float64).tiny)
    with np.errstate(invalid="ignore", divide="ignore"):
        relm = np.where(err == 0, 0.0, err / (scale + atol / RTOL))
    w = WORST.setdefault(output_key(mlp), [0.0, 0.0, 0.0, 0.0])
    w[0] = max(w[0], float(err.max(initial=0.0)))
    if n_split:
        w[1] = max(w[1], float(rel[:n_split].max(initial=0.0)))
    w[2] = max(w[2], float(rel.max(initial=0.0)))
    w[3] = max(w[3], float(relm.max(initial=0.0)))
    bound = RTOL * scale + atol
    bad = ~(err <= bound)
    if bad.any():
        k = np.unravel_index(np.argmax(np.where(bad, err / bound, -1)),
                             w2.shape)
        raise AssertionError(
            f"{key}: {np.count_nonzero(bad)} of {w2.size} beyond the bound; "
            f"worst at {tuple(int(i) for i in k)}: got {g2[k]!r}, want "
            f"{w2[k]!r}, |diff| {err[k]:.3e}, scale {scale[k]:.3e}")


def assert_labels(key, got, want, est, X):
    """Identical labels; on a difference, the rows and scikit-learn's
    outputs there."""
    got = np.asarray(got)
    want = np.asarray(want)
    assert got.shape == want.shape, f"{key}: {got.shape} != {want.shape}"
    assert got.dtype.kind == want.dtype.kind, \
        f"{key}: dtype {got.dtype} != {want.dtype}"
    differ = got != want
    if differ.ndim == 2:
        differ = differ.any(axis=1)
    rows = np.flatnonzero(differ)
    if rows.size:
        Xr = X.iloc[rows[:5]] if hasattr(X, "iloc") else X[rows[:5]]
        out = quiet(est.predict_proba, Xr) \
            if hasattr(est, "predict_proba") else None
        raise AssertionError(
            f"{key}: {rows.size} labels differ, at rows {rows[:10]}: got "
            f"{got[rows[:5]]}, want {want[rows[:5]]}; scikit-learn's "
            f"predict_proba there {out!r}")


def check(key, est, model, X, *, n_split=0):
    """Labels identical (classifiers); predict (regressors) or
    predict_proba (classifiers) within the bound; predict_log_proba
    within the bound divided by the probability; no decision_function."""
    mlp = final(est)
    want = quiet(est.predict, X)
    got = model.predict(X)
    assert not hasattr(model, "decision_function"), key
    if isinstance(mlp, MLPRegressor):
        assert_output(key, est, X, got, want, n_split)
        assert not hasattr(model, "predict_proba"), key
        assert not hasattr(model, "predict_log_proba"), key
        return want
    assert_labels(key, got, want, est, X)
    assert np.array_equal(model.classes_, mlp.classes_), key
    assert model.classes_.dtype.kind == mlp.classes_.dtype.kind, key
    p_want = quiet(est.predict_proba, X)
    p_got = model.predict_proba(X)
    assert_output(key, est, X, p_got, p_want, n_split)
    # predict_log_proba is np.log(predict_proba) on both sides: within the
    # bound divided by the probability, plus the log's rounding. Where a
    # probability is 0 on one side, the other is within ATOL of it.
    lp_want = quiet(est.predict_log_proba, X)
    lp_got = quiet(model.predict_log_proba, X)
    assert lp_got.shape == lp_want.shape, key
    scale, atol = bound_scale(mlp, inner_X(est, X), p_want)
    both = (p_want > 0) & (p_got > 0)
    with np.errstate(invalid="ignore", over="ignore"):
        bound = (RTOL * scale + atol) / np.where(both, p_want, 1.0) + \
            2 * np.spacing(np.abs(lp_want))
        diff = np.abs(lp_got - lp_want)
    bad = both & ~(diff <= bound)
    assert not bad.any(), \
        f"{key}: predict_log_proba beyond the bound at " \
        f"{np.argwhere(bad)[:5].tolist()}"
    assert np.array_equal(np.isneginf(lp_got) & (p_got == 0), p_got == 0), \
        key
    return p_want


def fit(est, X, y):
    # One BLAS thread: the fits' matrices are tiny, and OpenBLAS's threads
    # only add synchronisation (20x slower on a busy machine).
    with warnings.catch_warnings(), threadpool_limits(1, user_api="blas"):
        warnings.simplefilter("ignore")  # ConvergenceWarning: max_iter
        return est.fit(X, y)


# Each network: (hidden activation, hidden_layer_sizes); no hidden layer
# once (its activation is never applied), 1, 2 and 3 hidden layers with
# each activation.
NETS = [("relu", ())] + [(act, sizes)
                         for act in sorted(ACTIVATIONS)
                         for sizes in ((8,), (10, 6), (12, 8, 5))]


def net_id(net):
    act, sizes = net
    return f"{act}-{'x'.join(map(str, sizes)) or 'none'}"


def mlp_params(i, act, sizes):
    """lbfgs for two networks in three, adam (a larger learning rate, few
    epochs) for the third: the solver changes the fit only."""
    params = {"activation": act, "hidden_layer_sizes": sizes,
              "random_state": i}
    if i % 3 == 2:
        params.update(solver="adam", max_iter=40, learning_rate_init=0.01)
    else:
        params.update(solver="lbfgs", max_iter=60)
    return params


# ------------------------------------------------------------ classifiers

@pytest.mark.parametrize("net", NETS, ids=net_id)
@pytest.mark.parametrize("ds", ["binary", "iris", "five", "multilabel"])
def test_classifier_parity(ds, net, sealed):
    X, y = clf_data(ds)
    Xa, Xb, ya = split(X, y)
    i = NETS.index(net)
    est = fit(MLPClassifier(**mlp_params(i, *net)), Xa, ya)
    if ds == "multilabel":
        assert est.out_activation_ == "logistic" and est.n_outputs_ == 4
    elif ds == "binary":
        assert est.out_activation_ == "logistic" and est.n_outputs_ == 1
    else:
        assert est.out_activation_ == "softmax"
    model = sealed(est)
    check(f"MLPClassifier-{ds}-{net_id(net)}-seed{i}", est, model,
          held_out(Xa, Xb), n_split=len(Xb))


def test_multilabel_outputs_as_scikit_learn(sealed):
    """A multilabel fit (y an indicator matrix): predict is an int
    indicator matrix, predict_proba one (n, k) array of the positive
    probabilities, classes_ arange(k)."""
    X, Y = clf_data("multilabel")
    est = fit(MLPClassifier(hidden_layer_sizes=(10,), solver="lbfgs",
                            max_iter=100, random_state=0), X, Y)
    model = sealed(est)
    Xh = held_out(X, X[:50])
    got, want = model.predict(Xh), est.predict(Xh)
    assert got.shape == want.shape == (len(Xh), 4)
    assert got.dtype == want.dtype
    assert np.array_equal(got, want)
    assert set(np.unique(want)) == {0, 1}
    p = model.predict_proba(Xh)
    assert isinstance(p, np.ndarray) and p.shape == (len(Xh), 4)
    assert np.array_equal(model.classes_, np.arange(4))
    assert np.array_equal(est.classes_, np.arange(4))
    check("MLPClassifier-multilabel", est, model, Xh)


@pytest.mark.parametrize("ds", ["binary", "iris", "five"])
def test_string_and_unordered_labels(ds, sealed):
    """classes_ are sorted; the labels come back as the fitted ones:
    strings, and negative, non-contiguous integers."""
    X, y = clf_data(ds)
    Xa, Xb, ya = split(X, y)
    names = np.array(["zeta", "alpha", "mu", "beta", "omega"])
    for labels in (names[ya], np.array([7, -3, 40, 0, 12])[ya]):
        est = fit(MLPClassifier(hidden_layer_sizes=(10,), solver="lbfgs",
                                max_iter=80, random_state=3), Xa, labels)
        model = sealed(est)
        check(f"MLPClassifier-labels-{ds}-{labels.dtype.kind}", est, model,
              held_out(Xa, Xb), n_split=len(Xb))


# ------------------------------------------------------------ regressors

@pytest.mark.parametrize("net", NETS, ids=net_id)
@pytest.mark.parametrize("ds", ["diabetes", "multi"])
def test_regressor_parity(ds, net, sealed):
    X, y = reg_data(ds)
    Xa, Xb, ya = split(X, y)
    i = NETS.index(net)
    est = fit(MLPRegressor(**mlp_params(i, *net)), Xa, ya)
    assert est.out_activation_ == "identity"
    model = sealed(est)
    want = check(f"MLPRegressor-{ds}-{net_id(net)}-seed{i}", est, model,
                 held_out(Xa, Xb), n_split=len(Xb))
    assert want.ndim == (1 if ds == "diabetes" else 2)


@pytest.mark.skipif(not POISSON,
                    reason="MLPRegressor(loss='poisson') from scikit-learn "
                           "1.7")
@pytest.mark.parametrize("net", NETS, ids=net_id)
def test_poisson_regressor_parity(net, sealed):
    X, y = reg_data("poisson")
    Xa, Xb, ya = split(X, y)
    i = NETS.index(net)
    est = fit(MLPRegressor(loss="poisson", **mlp_params(i, *net)), Xa, ya)
    assert est.out_activation_ == "exp"
    model = sealed(est)
    # The rows 100x out overflow exp (inf on both sides) for some nets.
    check(f"MLPRegressor-poisson-{net_id(net)}-seed{i}", est, model,
          quiet(held_out, Xa, Xb), n_split=len(Xb))


# ------------------------------------------------------------ Pipeline

def test_in_pipeline_after_standard_scaler(sealed):
    X, y = clf_data("breast_cancer")
    Xa, Xb, ya = split(X, y)
    for act in sorted(ACTIVATIONS):
        est = fit(make_pipeline(StandardScaler(), MLPClassifier(
            hidden_layer_sizes=(16, 8), activation=act, solver="lbfgs",
            max_iter=60, random_state=0)), Xa, ya)
        model = sealed(est)
        check(f"Pipeline-MLPClassifier-breast_cancer-{act}", est, model,
              held_out(Xa, Xb), n_split=len(Xb))
    X5, y5 = clf_data("five")
    X5 = X5 * 50 + 3
    Xa, Xb, ya = split(X5, y5)
    est = fit(make_pipeline(StandardScaler(), MLPClassifier(
        hidden_layer_sizes=(12,), max_iter=50, random_state=0)), Xa, ya)
    check("Pipeline-MLPClassifier-five", est, sealed(est),
          held_out(Xa, Xb), n_split=len(Xb))
    for ds in ("diabetes", "multi"):
        Xr, yr = reg_data(ds)
        Xa, Xb, ya = split(Xr, yr)
        est = fit(make_pipeline(StandardScaler(), MLPRegressor(
            hidden_layer_sizes=(16, 8), activation="tanh", solver="lbfgs",
            max_iter=80, random_state=0)), Xa, ya)
        check(f"Pipeline-MLPRegressor-{ds}", est, sealed(est),
              held_out(Xa, Xb), n_split=len(Xb))


def test_fitted_on_a_dataframe(sealed):
    """Fitted on a DataFrame: the feature names are recorded and a
    DataFrame predicts as in scikit-learn."""
    X, y = clf_data("five")
    cols = [f"f{j}" for j in range(X.shape[1])]
    Xa, Xb, ya = split(X, y)
    frame = pd.DataFrame(Xa, columns=cols)
    for est in (MLPClassifier(hidden_layer_sizes=(10,), solver="lbfgs",
                              max_iter=60, random_state=0),
                make_pipeline(StandardScaler(), MLPRegressor(
                    hidden_layer_sizes=(10,), solver="lbfgs", max_iter=60,
                    random_state=0))):
        target = ya if isinstance(est, MLPClassifier) else \
            Xa[:, 0] * 3 + np.sin(Xa[:, 1])
        est = fit(est, frame, target)
        model = sealed(est)
        assert list(model.feature_names_in_) == cols
        Xt = pd.DataFrame(held_out(Xa, Xb), columns=cols)
        key = f"DataFrame-{type(final(est)).__name__}"
        check(key, est, model, Xt, n_split=len(Xb))


# ------------------------------------------- input dtypes, rows, threads

def test_float32_input_as_scikit_learn(sealed):
    """float32 X on a model fitted on float64 X: scikit-learn multiplies
    float32 @ float64 (X widened exactly), as the engine computes."""
    for ds in ("binary", "five", "multilabel"):
        X, y = clf_data(ds)
        Xa, Xb, ya = split(X, y)
        est = fit(MLPClassifier(hidden_layer_sizes=(10, 6),
                                activation="tanh", solver="lbfgs",
                                max_iter=60, random_state=0), Xa, ya)
        model = sealed(est)
        X32 = held_out(Xa, Xb).astype(np.float32)
        assert quiet(est.predict_proba, X32).dtype == np.float64
        check(f"MLPClassifier-{ds}-float32", est, model, X32)
    for ds in ("diabetes", "multi"):
        X, y = reg_data(ds)
        Xa, Xb, ya = split(X, y)
        est = fit(MLPRegressor(hidden_layer_sizes=(10,), solver="lbfgs",
                               max_iter=60, random_state=0), Xa, ya)
        check(f"MLPRegressor-{ds}-float32", est, sealed(est),
              held_out(Xa, Xb).astype(np.float32))
    X, y = clf_data("breast_cancer")
    est = fit(make_pipeline(StandardScaler(), MLPClassifier(
        hidden_layer_sizes=(8,), activation="logistic", solver="lbfgs",
        max_iter=60, random_state=0)), X, y)
    check("Pipeline-MLPClassifier-float32", est, sealed(est),
          X.astype(np.float32))


def test_single_rows(sealed):
    """One row at a time: labels identical and outputs within the bound,
    as in a batch."""
    X, y = clf_data("five")
    Xa, Xb, ya = split(X, y)
    clf = fit(MLPClassifier(hidden_layer_sizes=(12, 8), solver="lbfgs",
                            max_iter=60, random_state=0), Xa, ya)
    Xr, yr = reg_data("multi")
    Ra, Rb, ra = split(Xr, yr)
    reg = fit(MLPRegressor(hidden_layer_sizes=(12,), activation="tanh",
                           solver="lbfgs", max_iter=60, random_state=0),
              Ra, ra)
    for est, Xh in ((clf, held_out(Xa, Xb)), (reg, held_out(Ra, Rb))):
        model = sealed(est)
        for r in range(0, len(Xh), 7):
            row = Xh[r:r + 1]
            check(f"{type(est).__name__}-row{r}", est, model, row)
            # A list of one row (not an array) works too.
            assert np.array_equal(model.predict(row.tolist()),
                                  model.predict(row))


def test_several_threads(sealed):
    X, y = clf_data("five")
    est = fit(MLPClassifier(hidden_layer_sizes=(12,), solver="lbfgs",
                            max_iter=60, random_state=0), X, y)
    model = sealed(est, n_threads=4)
    rng = np.random.RandomState(5)
    Xh = rng.normal(0.0, 2.0, size=(20000, X.shape[1]))
    check("MLPClassifier-threads", est, model, Xh)


# ------------------------------------------------------------ score

def test_score(sealed):
    """ClassifierMixin.score (accuracy; subset accuracy for multilabel)
    and RegressorMixin.score (r2, uniform average over targets), with and
    without sample_weight."""
    for ds in ("binary", "five", "multilabel"):
        X, y = clf_data(ds)
        Xa, Xb, ya, yb = split4(X, y)
        est = fit(MLPClassifier(hidden_layer_sizes=(8,), solver="lbfgs",
                                max_iter=40, random_state=0), Xa, ya)
        model = sealed(est)
        w = np.arange(len(Xb)) % 3 + 0.5
        for kwargs in ({}, {"sample_weight": w}):
            want = est.score(Xb, yb, **kwargs)
            got = model.score(Xb, yb, **kwargs)
            assert got == want, f"{ds}: {got} != {want}"
            assert 0.0 < want < 1.0, ds  # both right and wrong rows
    for ds in ("diabetes", "multi"):
        X, y = reg_data(ds)
        Xa, Xb, ya, yb = split4(X, y)
        est = fit(MLPRegressor(hidden_layer_sizes=(8,), solver="lbfgs",
                               max_iter=40, random_state=0), Xa, ya)
        model = sealed(est)
        w = np.arange(len(Xb)) % 3 + 0.5
        for kwargs in ({}, {"sample_weight": w}):
            want = est.score(Xb, yb, **kwargs)
            got = model.score(Xb, yb, **kwargs)
            np.testing.assert_allclose(got, want, rtol=1e-12, err_msg=ds)


# ------------------------------------------------------------ ties

def test_output_ties_exact(sealed):
    """The output layer set by hand (zero weights, chosen intercepts) so
    that scikit-learn's thresholds and argmax meet exact ties: a
    probability of exactly 0.5 is not > 0.5 (the first class; 0 in a
    multilabel column), also for a logit too small to move expit(z) off
    0.5 (1e-300, 1e-17: the threshold is on p, not on z); equal logits give
    equal probabilities and the first class among them."""
    Xb_, yb_ = clf_data("binary")
    Xb_ = Xb_[:8]
    names = np.array(["no", "yes"])
    for z in (0.0, -0.0, 1e-300, 1e-17, 5e-17, 1.2e-16, 2.3e-16, 4.5e-16,
              1e-15, -1e-17, -1.2e-16, -4.5e-16):
        est = fit(MLPClassifier(hidden_layer_sizes=(4,), solver="lbfgs",
                                max_iter=20, random_state=0),
                  clf_data("binary")[0], names[yb_])
        est.coefs_[-1][:] = 0.0
        est.intercepts_[-1][:] = z
        model = sealed(est)
        check(f"tie-binary-{z!r}", est, model, Xb_)
        if z in (0.0, 1e-300, 1e-17):
            assert np.all(est.predict_proba(Xb_) == 0.5)
            assert np.all(est.predict(Xb_) == "no"), z
            assert np.all(model.predict_proba(Xb_) == 0.5), z
    # Multiclass: equal logits (all, or the largest two or three).
    X, y = clf_data("five")
    Xt = held_out(X, X[:20])
    for b in ([0.0] * 5, [1.0, 2.0, 2.0, 0.5, 2.0], [3.0, 3.0, 1.0, 1.0, 1.0],
              [-1.0, -1.0, -1.0, -1.0, -0.5]):
        est = fit(MLPClassifier(hidden_layer_sizes=(6,), solver="lbfgs",
                                max_iter=20, random_state=0), X, y)
        est.coefs_[-1][:] = 0.0
        est.intercepts_[-1][:] = b
        model = sealed(est)
        assert np.all(est.predict(Xt) == int(np.argmax(b))), b
        p = check(f"tie-multiclass-{b}", est, model, Xt)
        got = model.predict_proba(Xt)
        top = np.array(b) == max(b)
        # The tied classes' probabilities are equal on both sides.
        assert np.all(got[:, top] == got[:, top][:, :1]), b
        assert np.all(p[:, top] == p[:, top][:, :1]), b
        if len(set(b)) == 1:
            assert np.all(got == 0.2) and np.all(p == 0.2)
    # The argmax is the probabilities', not the logits': logits one ulp
    # apart (z1 > z0) whose exp(z - max) both round to 1 tie, and the
    # first class wins.
    z0 = 1e-3
    b = [z0, np.nextafter(z0, 1.0), -1.0, -2.0, 0.0]
    est = fit(MLPClassifier(hidden_layer_sizes=(6,), solver="lbfgs",
                            max_iter=20, random_state=0), X, y)
    est.coefs_[-1][:] = 0.0
    est.intercepts_[-1][:] = b
    p = est.predict_proba(Xt)
    assert np.all(p[:, 0] == p[:, 1]) and np.all(est.predict(Xt) == 0)
    check("tie-multiclass-one-ulp", est, sealed(est), Xt)
    # Multilabel: columns at exactly 0.5, and just above and below it.
    Xm, Ym = clf_data("multilabel")
    est = fit(MLPClassifier(hidden_layer_sizes=(5,), solver="lbfgs",
                            max_iter=20, random_state=0), Xm, Ym)
    est.coefs_[-1][:] = 0.0
    est.intercepts_[-1][:] = [0.0, 1e-17, 4.5e-16, -4.5e-16]
    model = sealed(est)
    want = est.predict(Xm[:6])
    check("tie-multilabel", est, model, Xm[:6])
    assert np.array_equal(want[0], [0, 0, 1, 0])


# ------------------------------------------------------------ the dict

def test_exported_dict():
    """The NeuralNetwork kind's fields: activations, layer sizes, and the
    weights and biases flattened in layer order (coefs_[i] row-major)."""
    X, y = clf_data("iris")
    est = fit(MLPClassifier(hidden_layer_sizes=(7, 5), activation="tanh",
                            solver="lbfgs", max_iter=20, random_state=0),
              X, y)
    d = modelseal.export(est, name="t", source=None)["estimator"]
    assert d["kind"] == "NeuralNetwork"
    assert d["hidden_activation"] == "tanh"
    assert d["output_activation"] == "softmax"
    assert list(np.asarray(d["layer_sizes"])) == [4, 7, 5, 3]
    assert np.array_equal(np.asarray(d["weights"], dtype=np.float64),
                          np.concatenate([c.ravel() for c in est.coefs_]))
    assert np.array_equal(np.asarray(d["biases"], dtype=np.float64),
                          np.concatenate(est.intercepts_))
    Xr, yr = reg_data("diabetes")
    reg = fit(MLPRegressor(hidden_layer_sizes=(), solver="lbfgs",
                           max_iter=20, random_state=0), Xr, yr)
    d = modelseal.export(reg, name="t", source=None)["estimator"]
    assert d["output_activation"] == "identity"
    assert list(np.asarray(d["layer_sizes"])) == [10, 1]


# ------------------------------------------------------------ refusals

def test_float32_fit_refused(tmp_path):
    """Fitted on float32 X, an MLP keeps float32 coefs_ (and computes in
    float32): refused at save."""
    X, y = clf_data("iris")
    X32 = X.astype(np.float32)
    Xr, yr = reg_data("diabetes")
    cases = [
        MLPClassifier(hidden_layer_sizes=(5,), max_iter=10, random_state=0),
        MLPRegressor(hidden_layer_sizes=(5,), max_iter=10, random_state=0),
        make_pipeline(StandardScaler(), MLPClassifier(
            hidden_layer_sizes=(5,), max_iter=10, random_state=0)),
    ]
    for i, est in enumerate(cases):
        if isinstance(final(est), MLPRegressor):
            est = fit(est, Xr.astype(np.float32), yr)
        else:
            est = fit(est, X32, y)
        assert final(est).coefs_[0].dtype == np.float32
        with pytest.raises(modelseal.UnsupportedEstimatorError):
            modelseal.save(est, tmp_path / f"m{i}.seal", name="mlp",
                           version=1, source=None)


@pytest.mark.parametrize("ds", ["binary", "multilabel", "diabetes"])
def test_nonfinite_input_refused_as_scikit_learn(ds, sealed):
    if ds == "diabetes":
        X, y = reg_data(ds)
        est = fit(MLPRegressor(hidden_layer_sizes=(5,), max_iter=10,
                               random_state=0), X, y)
    else:
        X, y = clf_data(ds)
        est = fit(MLPClassifier(hidden_layer_sizes=(5,), max_iter=10,
                                random_state=0), X, y)
    model = sealed(est)
    methods = ["predict", "score"]
    if ds != "diabetes":
        methods += ["predict_proba", "predict_log_proba"]
    for bad in (np.nan, np.inf, -np.inf):
        Xb = X[:5].copy()
        Xb[2, 1] = bad
        with pytest.raises(ValueError):
            est.predict(Xb)
        for method in methods:
            args = (Xb, y[:5]) if method == "score" else (Xb,)
            with pytest.raises(modelseal.InputError):
                getattr(model, method)(*args)
        with pytest.raises(modelseal.InputError):
            model.predict(Xb.astype(np.float32))


# ------------------------------------------------------------ report

def test_report_largest_errors():
    """Prints the largest differences measured by the tests above (run
    with -s), per hidden activation -> output activation: absolute,
    relative to max(|want|, tiny) on the held-out split and on all rows,
    and in the bound's measure (|diff| / (scale + ATOL / RTOL))."""
    if not WORST:
        pytest.skip("no comparisons ran")
    print(f"\nscikit-learn {sklearn.__version__}, numpy {np.__version__}")
    print(f"{'hidden->output':28} {'max |diff|':>11} {'rel split':>11} "
          f"{'rel all':>11} {'/bound':>11}")
    for key in sorted(WORST):
        a, rs, ra, rm = WORST[key]
        print(f"{key:28} {a:11.3e} {rs:11.3e} {ra:11.3e} {rm:11.3e}")
    assert max(rm for _, _, _, rm in WORST.values()) <= RTOL

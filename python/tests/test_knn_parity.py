# Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
"""scikit-learn's KNeighborsClassifier and KNeighborsRegressor (the
Neighbors kind) saved with modelseal.save, signed, loaded through the
sandbox and evaluated by the native engine, compared with scikit-learn on
held-out rows: every metric (euclidean, manhattan, chebyshev, minkowski
p 3 and 1.5) x weights (uniform, distance) x algorithm (auto, kd_tree,
ball_tree, brute), data with exact ties (iris's duplicate rows; integer
grids built so that the k-th neighbour ties, votes tie and rows sit at
zero distance), multi-output, string labels, a Pipeline with
StandardScaler fitted on a DataFrame, and the refusals.

Classifier labels must be identical. predict_proba is bit-exact except
under minkowski with distance weights (numpy's pow for the distances,
held to POW_PROBA_EPS). Euclidean brute force is computed as scikit-learn
does, |x|^2 + (-2 x.y) + |y|^2 with BLAS (bit-exact here: the same
OpenBLAS kernels). scikit-learn is run on one OpenMP thread (see _sk).
Regressor predictions are held to BOUND_ULPS eps of the largest |y|
(predictor.h). Run ``pytest -s test_knn_parity.py`` to print the largest
differences measured."""

import warnings

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from sklearn import datasets
from threadpoolctl import threadpool_limits
from sklearn.model_selection import train_test_split
from sklearn.neighbors import KNeighborsClassifier, KNeighborsRegressor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

import modelseal
from compare import held_out

EPS = np.finfo(np.float64).eps
# Regressor predictions: |got - want| <= BOUND_ULPS * eps * max |y|
# (predictor.h).
BOUND_ULPS = 4.0
# predict_proba under minkowski with distance weights (numpy's pow), eps.
POW_PROBA_EPS = 4.0
WORST = {"regressor_ulps_of_max_y": 0.0, "pow_proba_eps": 0.0}

METRICS = {
    "euclidean": {"metric": "euclidean"},
    "manhattan": {"metric": "manhattan"},
    "chebyshev": {"metric": "chebyshev"},
    "minkowski3": {"metric": "minkowski", "p": 3},
    "minkowski1.5": {"metric": "minkowski", "p": 1.5},
}
ALGORITHMS = ["auto", "kd_tree", "ball_tree", "brute"]
WEIGHTS = ["uniform", "distance"]


def _iris():
    X, y = datasets.load_iris(return_X_y=True)
    return train_test_split(X, y, test_size=0.3, random_state=0)


def _grid(seed, n=80, d=2, hi=4, classes=3):
    """Integer-valued float64 rows: many duplicates and equal distances."""
    rng = np.random.RandomState(seed)
    X = rng.randint(0, hi, size=(n, d)).astype(np.float64)
    y = rng.randint(0, classes, size=n)
    Z = np.vstack([X[:20], rng.randint(-1, hi + 1, size=(60, d))
                   .astype(np.float64), rng.randint(0, hi, size=(40, d)) + 0.5])
    return X, y, Z


def _pow_path(est):
    """Distance weights under minkowski: the tree's rdist_to_dist is
    numpy's rdist ** (1 / p), which may be numpy's own SIMD pow, where the
    engine calls the C library's pow."""
    final = est[-1] if hasattr(est, "steps") else est
    return (final.weights == "distance" and
            final.effective_metric_ == "minkowski")


def _sk(f, Z):
    # scikit-learn's brute-force kneighbors with 2+ OpenMP threads and
    # fewer than 4 * 256 * threads query rows splits the training rows
    # between threads and merges their heaps, which changes which of the
    # rows tied at the k-th distance it keeps; the engine (and
    # scikit-learn on one thread) pushes them in training order.
    with threadpool_limits(limits=1, user_api="openmp"):
        return f(Z)


def _compare_classifier(what, est, model, Z):
    pow_path = _pow_path(est)
    want = _sk(est.predict, Z)
    got = model.predict(Z)
    assert got.shape == want.shape, what
    bad = np.flatnonzero(got != want) if want.ndim == 1 else \
        np.flatnonzero((got != want).any(axis=1))
    assert bad.size == 0, f"{what}: labels differ at rows {bad[:10]}"
    pw = _sk(est.predict_proba, Z)
    pg = model.predict_proba(Z)
    if not isinstance(pw, list):
        pw, pg = [pw], [pg]
    for w, g in zip(pw, pg):
        assert g.shape == w.shape, what
        if pow_path:
            err = np.max(np.abs(g - w)) / EPS
            WORST["pow_proba_eps"] = max(WORST["pow_proba_eps"], err)
            assert err <= POW_PROBA_EPS, f"{what}: proba {err} eps"
        else:
            assert np.array_equal(g, w), \
                f"{what}: proba differs at {np.argwhere(g != w)[:5]}"


def _compare_regressor(what, est, model, Z, y):
    want = _sk(est.predict, Z)
    got = model.predict(Z)
    assert got.shape == want.shape, what
    scale = np.max(np.abs(y))
    err = np.max(np.abs(got - want)) / (EPS * scale)
    WORST["regressor_ulps_of_max_y"] = max(WORST["regressor_ulps_of_max_y"],
                                           err)
    assert err <= BOUND_ULPS, f"{what}: {err} eps of max |y|"


def _fit(est, X, y):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return est.fit(X, y)


@pytest.mark.parametrize("algorithm", ALGORITHMS)
@pytest.mark.parametrize("weights", WEIGHTS)
@pytest.mark.parametrize("metric", list(METRICS))
def test_classifier_iris(metric, weights, algorithm, sealed):
    X, Xt, y, _ = _iris()
    est = _fit(KNeighborsClassifier(n_neighbors=7, weights=weights,
                                    algorithm=algorithm, leaf_size=5,
                                    **METRICS[metric]), X, y)
    _compare_classifier(f"{metric}/{weights}/{algorithm}", est, sealed(est),
                        held_out(X, Xt))


@pytest.mark.parametrize("algorithm", ALGORITHMS)
@pytest.mark.parametrize("weights", WEIGHTS)
@pytest.mark.parametrize("metric", list(METRICS))
def test_regressor_diabetes(metric, weights, algorithm, sealed):
    X, y = datasets.load_diabetes(return_X_y=True)
    X, Xt, y, _ = train_test_split(X, y, test_size=0.2, random_state=0)
    est = _fit(KNeighborsRegressor(n_neighbors=6, weights=weights,
                                   algorithm=algorithm, leaf_size=8,
                                   **METRICS[metric]), X, y)
    _compare_regressor(f"{metric}/{weights}/{algorithm}", est, sealed(est),
                       held_out(X, Xt), y)


def _kth_ties(est, Z, k):
    """Rows of Z whose k-th and (k+1)-th nearest training rows are at the
    same distance (brute force in float64, exact on integer data)."""
    d = np.sort(np.abs(Z[:, None, :] - est._fit_X[None, :, :]).sum(axis=2)
                if est.effective_metric_ == "manhattan" else
                ((Z[:, None, :] - est._fit_X[None, :, :]) ** 2).sum(axis=2),
                axis=1)
    return int(np.sum(d[:, k - 1] == d[:, k]))


@pytest.mark.parametrize("algorithm", ["kd_tree", "ball_tree", "brute"])
@pytest.mark.parametrize("metric", ["euclidean", "manhattan"])
def test_tie_at_the_kth_neighbour(metric, algorithm, sealed):
    # Which of the rows tied at the k-th distance are neighbours depends on
    # the heap's push order (training order, or the tree's visiting order).
    X, y, Z = _grid(0)
    for k in (3, 5):
        est = _fit(KNeighborsClassifier(n_neighbors=k, algorithm=algorithm,
                                        metric=metric, leaf_size=4), X, y)
        assert _kth_ties(est, Z, k) > 20  # the rule is exercised
        _compare_classifier(f"tie-k{k}/{metric}/{algorithm}", est,
                            sealed(est), Z)
        reg = _fit(KNeighborsRegressor(n_neighbors=k, algorithm=algorithm,
                                       metric=metric, leaf_size=4),
                   X, y * 10.0 + np.arange(len(y)))
        assert np.array_equal(sealed(reg).predict(Z), _sk(reg.predict, Z)), \
            "integer targets average exactly"


@pytest.mark.parametrize("algorithm", ["kd_tree", "ball_tree", "brute"])
def test_vote_tie_goes_to_the_smallest_class(algorithm, sealed):
    X, y, Z = _grid(1, classes=2)
    est = _fit(KNeighborsClassifier(n_neighbors=4, algorithm=algorithm,
                                    leaf_size=4), X, y)
    proba = _sk(est.predict_proba, Z)
    assert np.sum(proba[:, 0] == proba[:, 1]) > 10  # the rule is exercised
    _compare_classifier(f"vote-tie/{algorithm}", est, sealed(est), Z)


@pytest.mark.parametrize("algorithm", ["kd_tree", "ball_tree", "brute"])
def test_zero_distance_weights(algorithm, sealed):
    # A row at zero distance from some neighbours weights only those.
    X, y, Z = _grid(2)
    est = _fit(KNeighborsClassifier(n_neighbors=6, weights="distance",
                                    algorithm=algorithm, leaf_size=4), X, y)
    dist, _ = _sk(est.kneighbors, Z)
    assert np.sum(dist[:, 0] == 0) > 10  # the rule is exercised
    _compare_classifier(f"zero-distance/{algorithm}", est, sealed(est), Z)
    reg = _fit(KNeighborsRegressor(n_neighbors=6, weights="distance",
                                   algorithm=algorithm, leaf_size=4),
               X, y * 2.5)
    _compare_regressor(f"zero-distance-reg/{algorithm}", reg, sealed(reg), Z,
                       y * 2.5)


def test_iris_duplicates_all_training_rows(sealed):
    # iris has duplicate rows: predicting the training set itself puts
    # rows at distance 0 from two training rows.
    X, y = datasets.load_iris(return_X_y=True)
    for algorithm in ALGORITHMS:
        for weights in WEIGHTS:
            est = _fit(KNeighborsClassifier(n_neighbors=10, weights=weights,
                                            algorithm=algorithm), X, y)
            _compare_classifier(f"iris-train/{algorithm}/{weights}", est,
                                sealed(est), X)


def test_large_k_sort(sealed):
    # k > 15: simultaneous_sort's introsort rather than its insertion sort.
    X, y = datasets.load_wine(return_X_y=True)
    for algorithm in ALGORITHMS:
        est = _fit(KNeighborsClassifier(n_neighbors=40, weights="distance",
                                        metric="manhattan",
                                        algorithm=algorithm), X, y)
        _compare_classifier(f"k40/{algorithm}", est, sealed(est), held_out(X))


def test_multi_output_and_string_labels(sealed):
    X, y = datasets.load_iris(return_X_y=True)
    names = np.array(["setosa", "versicolor", "virginica"])
    Y = np.column_stack([names[y], (X[:, 0] > 5.8).astype(int)])
    for algorithm in ALGORITHMS:
        for weights in WEIGHTS:
            est = _fit(KNeighborsClassifier(n_neighbors=5, weights=weights,
                                            algorithm=algorithm), X, Y)
            _compare_classifier(f"multi/{algorithm}/{weights}", est,
                                sealed(est), held_out(X))
    est = _fit(KNeighborsClassifier(n_neighbors=5), X, names[y])
    _compare_classifier("strings", est, sealed(est), held_out(X))
    Yr = np.column_stack([X[:, 3], X[:, 2] * 3])
    reg = _fit(KNeighborsRegressor(n_neighbors=4, algorithm="ball_tree"), X[:, :2],
               Yr)
    _compare_regressor("multi-reg", reg, sealed(reg), held_out(X[:, :2]), Yr)


def test_pipeline_dataframe_and_threads(sealed):
    X, y = datasets.load_breast_cancer(return_X_y=True, as_frame=True)
    X, Xt, y, _ = train_test_split(X, y, test_size=0.3, random_state=0)
    for algorithm in ALGORITHMS:
        pipe = _fit(make_pipeline(
            StandardScaler(), KNeighborsClassifier(n_neighbors=5,
                                                   algorithm=algorithm)),
            X, y)
        Zdf = pd.DataFrame(held_out(X.to_numpy(), Xt.to_numpy()),
                           columns=X.columns)
        _compare_classifier(f"pipeline/{algorithm}", pipe,
                            sealed(pipe, n_threads=2), Zdf)


def test_refusals(tmp_path):
    X, y = datasets.load_iris(return_X_y=True)
    cases = [
        (KNeighborsClassifier(metric="cosine"), X, "metric 'cosine'"),
        (KNeighborsClassifier(weights=lambda d: d), X, "callable weights"),
        (KNeighborsClassifier(), sp.csr_matrix(X), "sparse"),
        (KNeighborsClassifier(metric="minkowski", p=2,
                              metric_params={"w": np.ones(4)}), X,
         "metric_params"),
        (KNeighborsClassifier(), X.astype(np.float32), "float32"),
    ]
    for est, Xf, says in cases:
        _fit(est, Xf, y)
        with pytest.raises(modelseal.errors.UnsupportedEstimatorError,
                           match=says.replace("(", r"\(")):
            modelseal.save(est, tmp_path / "m.seal", name="m", version=1,
                           source=None)


def test_report_largest_errors():
    print(f"\nKNN largest differences: {WORST}")

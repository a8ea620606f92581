# Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
"""scikit-learn's LocalOutlierFactor with novelty=True (the
LocalOutlierFactor kind) saved with modelseal.save, signed, loaded through
the sandbox and evaluated by the native engine, compared with
scikit-learn's predict, decision_function and score_samples on held-out
rows (a held-out split, fresh rows over the fitted range, rows 10x and
100x beyond it, sign-flipped rows, zeros): every metric (euclidean,
manhattan, chebyshev, minkowski p 3) x algorithm (auto, kd_tree,
ball_tree, brute), n_neighbors from 1 to more than the training rows,
contamination "auto" and a float, integer grids with duplicate rows and
ties at the k-th neighbour (the tied rows' densities differ), a Pipeline
with StandardScaler fitted on a DataFrame, float32 input, several
threads, the methods present as in scikit-learn, and the refusals
(novelty=False, other metrics, sparse or float32 training data).

predict must be identical. score_samples is held to |got - want| <=
BOUND_ULPS * eps * |want| (predictor.h states the bound); decision_function
is computed from it as scikit-learn does. Rows tied in distance are sorted
as the saving release sorts them (1.9's introsort; 1.4 to 1.8's quicksort),
so integer data with ties give scikit-learn's scores exactly. LOF is not
in cases.py (the generic parity test): float32 input is computed in
float64 there, as here within F32_BOUND. scikit-learn is run on one
OpenMP thread (see _sk). Run ``pytest -s test_lof_parity.py`` to print the
largest difference measured."""

import warnings

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from sklearn import datasets
from sklearn.model_selection import train_test_split
from sklearn.neighbors import LocalOutlierFactor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from threadpoolctl import threadpool_limits

import modelseal
from compare import held_out

EPS = np.finfo(np.float64).eps
# The bound on score_samples, in eps of |score_samples| (predictor.h).
BOUND_ULPS = 8.0
# float32 input, computed in float64 where scikit-learn rounds the query's
# distances to float32: the largest relative difference of score_samples
# (predictor.h).
F32_BOUND = 1e-6
WORST = {"score_samples": 0.0, "float32_input": 0.0}

METRICS = {
    "euclidean": {"metric": "euclidean"},
    "manhattan": {"metric": "manhattan"},
    "chebyshev": {"metric": "chebyshev"},
    "minkowski3": {"metric": "minkowski", "p": 3},
}
ALGORITHMS = ["auto", "kd_tree", "ball_tree", "brute"]


def _data(name):
    if name == "blobs":
        X, _ = datasets.make_blobs(n_samples=400, n_features=5, centers=3,
                                   random_state=0)
        rng = np.random.RandomState(3)
        return np.vstack([X, rng.uniform(-20, 20, size=(20, 5))])
    return getattr(datasets, f"load_{name}")(return_X_y=True)[0]


def _fit(est, X):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return est.fit(X)


def _sk(f, Z):
    # scikit-learn's brute-force kneighbors with 2+ OpenMP threads and few
    # query rows splits the training rows between threads and merges their
    # heaps, which changes which of the rows tied at the k-th distance it
    # keeps; the engine (and scikit-learn on one thread) pushes them in
    # training order.
    with threadpool_limits(limits=1, user_api="openmp"):
        return f(Z)


def _compare(name, est, model, Z, worst="score_samples"):
    want = _sk(est.predict, Z)
    got = model.predict(Z)
    assert got.dtype == want.dtype and got.shape == want.shape
    assert np.array_equal(got, want), \
        f"{name}: labels differ at {np.flatnonzero(got != want)[:10]}"
    s_want, s_got = _sk(est.score_samples, Z), model.score_samples(Z)
    assert s_got.dtype == np.float64 and s_got.shape == s_want.shape
    ulps = np.abs(s_got - s_want) / (EPS * np.abs(s_want))
    WORST[worst] = max(WORST[worst], float(ulps.max()))
    assert ulps.max() <= BOUND_ULPS, \
        f"{name}: {ulps.max():.3g} eps at {np.argmax(ulps)}"
    d_want, d_got = _sk(est.decision_function, Z), model.decision_function(Z)
    assert d_got.dtype == np.float64 and d_got.shape == d_want.shape
    # decision_function = score_samples - offset_, both sides.
    final = est.steps[-1][1] if hasattr(est, "steps") else est
    assert np.array_equal(d_got, s_got - final.offset_)
    assert np.array_equal(d_want, s_want - final.offset_)
    return s_got


@pytest.mark.parametrize("ds", ["iris", "breast_cancer", "wine", "blobs"])
@pytest.mark.parametrize("algorithm", ALGORITHMS)
@pytest.mark.parametrize("metric", list(METRICS))
def test_held_out(metric, algorithm, ds, sealed):
    X = _data(ds)
    X_fit, X_test = train_test_split(X, test_size=0.3, random_state=0)
    est = _fit(LocalOutlierFactor(novelty=True, algorithm=algorithm,
                                  **METRICS[metric]), X_fit)
    model = sealed(est)
    _compare(f"{metric}/{algorithm}@{ds}", est, model,
             held_out(X_fit, X_test))
    d = model._native.model_dict()["estimator"]
    assert d["offset"] == est.offset_ and d["n_neighbors"] == est.n_neighbors_


@pytest.mark.parametrize("algorithm", ["kd_tree", "ball_tree", "brute"])
@pytest.mark.parametrize("k", [1, 3, 9, 35, 500])
def test_n_neighbors_and_contamination(k, algorithm, sealed):
    # k 9 and 35: numpy's mean is a pairwise sum past 8 values; 500 is more
    # than the training rows (n_neighbors_ is n - 1).
    X = _data("wine")
    X_fit, X_test = train_test_split(X, test_size=0.3, random_state=1)
    for contamination in ("auto", 0.1, 0.3):
        est = _fit(LocalOutlierFactor(n_neighbors=k, novelty=True,
                                      algorithm=algorithm, leaf_size=5,
                                      contamination=contamination), X_fit)
        Z = held_out(X_fit, X_test)
        s = _compare(f"k{k}/{contamination}/{algorithm}", est, sealed(est), Z)
        if contamination == 0.3:
            # Both labels occur: the threshold is exercised.
            labels = est.predict(Z)
            assert (labels == -1).any() and (labels == 1).any(), s


def _grid(seed, n=80, d=2, hi=5):
    """Integer-valued float64 rows: duplicates and equal distances."""
    rng = np.random.RandomState(seed)
    X = rng.randint(0, hi, size=(n, d)).astype(np.float64)
    # Rows far apart make the training rows' densities differ.
    X[:8] *= 3
    Z = np.vstack([X[:20], rng.randint(-1, 3 * hi, size=(80, d))
                   .astype(np.float64), rng.randint(0, hi, size=(40, d)) + 0.5])
    return X, Z


def _kth_ties(est, Z, k):
    """Rows of Z whose k-th and (k+1)-th nearest training rows are at the
    same distance and differ in density (exact on integer data)."""
    diff = Z[:, None, :] - est._fit_X[None, :, :]
    d = (np.abs(diff).sum(axis=2) if est.effective_metric_ == "manhattan"
         else (diff ** 2).sum(axis=2))
    order = np.argsort(d, axis=1, kind="stable")
    ds = np.take_along_axis(d, order, axis=1)
    lrd = est._lrd[order]
    return int(np.sum((ds[:, k - 1] == ds[:, k]) &
                      (lrd[:, k - 1] != lrd[:, k])))


@pytest.mark.parametrize("algorithm", ["kd_tree", "ball_tree", "brute"])
@pytest.mark.parametrize("metric", ["euclidean", "manhattan"])
def test_tie_at_the_kth_neighbour(metric, algorithm, sealed):
    # Which of the rows tied at the k-th distance are neighbours depends on
    # the heap's push order (training order, or the tree's visiting order);
    # the tied rows' densities differ, so the score shows the choice.
    X, Z = _grid(0)
    for k in (3, 5, 10):
        est = _fit(LocalOutlierFactor(n_neighbors=k, novelty=True,
                                      algorithm=algorithm, metric=metric,
                                      leaf_size=4, contamination=0.2), X)
        assert _kth_ties(est, Z, k) > 10  # the rule is exercised
        model = sealed(est)
        _compare(f"tie-k{k}/{metric}/{algorithm}", est, model, Z)
        # Integer data: the same neighbours give the same score exactly.
        assert np.array_equal(model.score_samples(Z),
                              _sk(est.score_samples, Z))


def test_pipeline_dataframe_and_threads(sealed):
    X = _data("breast_cancer")
    X_fit, X_test = train_test_split(X, test_size=0.3, random_state=0)
    cols = [f"f{i}" for i in range(X.shape[1])]
    pipe = _fit(make_pipeline(StandardScaler(), LocalOutlierFactor(
        n_neighbors=15, novelty=True, contamination=0.1)),
        pd.DataFrame(X_fit, columns=cols))
    Z = pd.DataFrame(held_out(X_fit, X_test), columns=cols)
    _compare("pipeline", pipe, sealed(pipe), Z)
    est = _fit(LocalOutlierFactor(novelty=True, contamination=0.05), X_fit)
    Z = held_out(X_fit, X_test, n=3000)
    one, two = sealed(est), sealed(est, n_threads=2)
    assert np.array_equal(one.score_samples(Z), two.score_samples(Z))
    _compare("threads", est, two, Z)


def test_float32_input(sealed):
    # scikit-learn rounds the query's distances to float32 for float32 X
    # (score_samples: distances_X.astype(X.dtype)); the engine computes in
    # float64 (predictor.h). Labels must still agree here.
    X = _data("blobs")
    X_fit, X_test = train_test_split(X, test_size=0.3, random_state=0)
    est = _fit(LocalOutlierFactor(novelty=True), X_fit)
    model = sealed(est)
    Z = held_out(X_fit, X_test).astype(np.float32)
    want = _sk(est.predict, Z)
    assert np.array_equal(model.predict(Z), want)
    s_want, s_got = _sk(est.score_samples, Z), model.score_samples(Z)
    rel = float((np.abs(s_got - s_want) / np.abs(s_want)).max())
    WORST["float32_input"] = max(WORST["float32_input"], rel)
    assert rel <= F32_BOUND, rel


def test_methods(sealed):
    X = _data("iris")
    est = _fit(LocalOutlierFactor(novelty=True), X)
    model = sealed(est)
    for m in ("predict", "decision_function", "score_samples", "offset_"):
        assert hasattr(model, m) and hasattr(est, m), m
    assert model.offset_ == est.offset_
    for m in ("classes_", "predict_proba", "predict_log_proba", "transform",
              "score"):
        assert not hasattr(model, m) and not hasattr(est, m), m
    with pytest.raises(modelseal.errors.InputError):
        model.predict(np.full((1, 4), np.nan))


def test_refusals(tmp_path):
    X = _data("iris")
    cases = [
        (LocalOutlierFactor(), X, "novelty=False"),
        (LocalOutlierFactor(novelty=True, metric="cosine"), X,
         "metric 'cosine'"),
        (LocalOutlierFactor(novelty=True, metric="l2", algorithm="brute"), X,
         "metric 'l2' with brute force"),
        (LocalOutlierFactor(novelty=True), sp.csr_matrix(X), "sparse"),
        (LocalOutlierFactor(novelty=True), X.astype(np.float32), "float32"),
        (LocalOutlierFactor(novelty=True, metric="minkowski", p=2,
                            metric_params={"w": np.ones(4)}), X,
         "metric_params"),
    ]
    for est, Xf, says in cases:
        _fit(est, Xf)
        with pytest.raises(modelseal.errors.UnsupportedEstimatorError,
                           match=says.replace("(", r"\(")):
            modelseal.save(est, tmp_path / "m.seal", name="m", version=1,
                           source=None)


def test_report_largest_errors():
    print(f"\nLocalOutlierFactor largest differences: {WORST}")

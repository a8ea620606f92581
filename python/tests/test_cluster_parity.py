# Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
"""scikit-learn's k-means clusterers (KMeans, MiniBatchKMeans,
BisectingKMeans: the Clustering kind) saved with modelseal.save, signed,
loaded through the sandbox and evaluated by the native engine, compared
with scikit-learn's predict and transform on held-out rows (a held-out
split, fresh rows over the fitted range, rows 10x and 100x beyond it,
sign-flipped rows, zeros): KMeans with algorithm 'lloyd' and 'elkan',
MiniBatchKMeans, BisectingKMeans with both bisecting strategies and fitted
on sparse X; inside Pipelines; fitted on a DataFrame; float32 input;
several threads; the tie rule; and the refusals.

predict is the cluster index, int32 as scikit-learn's: the first center
with the smallest ||c||^2 - 2 x.c (BisectingKMeans: down its tree, the left
child on a tie). Labels must be identical. transform is euclidean_distances:
sqrt(max(-2 x.c + ||x||^2 + ||c||^2, 0)), whose cancellation scikit-learn
has too; x.c is an OpenBLAS dgemm as scikit-learn's but called per block of
rows, and the norms are summed in another order, so a distance d is held to
|d_got^2 - d_want^2| <= RTOL (||x||^2 + ||c||^2). Run ``pytest -s
test_cluster_parity.py`` to print the largest differences measured."""

import warnings

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from sklearn import datasets
from sklearn.cluster import BisectingKMeans, KMeans, MiniBatchKMeans
from sklearn.decomposition import PCA
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

import modelseal
from compare import held_out

# The bound (include/modelseal/predictor.h states it for Clustering).
RTOL = 1e-12

# name -> [max |got - want|, max |got^2 - want^2| / (||x||^2 + ||c||^2)]
WORST = {}


def _data(name):
    if name == "blobs":
        X, _ = datasets.make_blobs(n_samples=600, n_features=12, centers=7,
                                   random_state=0)
        return X
    return getattr(datasets, f"load_{name}")(return_X_y=True)[0]


def _fit(est, X):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # n_init / memory-leak warnings
        return est.fit(X)


def _centers_and_input(est, X):
    """The centers transform measures against and X as they see it (after
    a Pipeline's earlier steps)."""
    if hasattr(est, "steps"):
        for _, step in est.steps[:-1]:
            X = step.transform(X)
        est = est.steps[-1][1]
    return est.cluster_centers_, np.asarray(X, dtype=np.float64)


def _compare(name, est, model, X):
    want_labels = est.predict(X)
    got_labels = model.predict(X)
    assert got_labels.dtype == want_labels.dtype == np.int32
    assert np.array_equal(got_labels, want_labels), \
        f"{name}: labels differ at {np.flatnonzero(got_labels != want_labels)[:10]}"
    want = est.transform(X)
    got = model.transform(X)
    assert got.dtype == want.dtype == np.float64
    assert got.shape == want.shape
    C, Xs = _centers_and_input(est, X)
    scale = (Xs ** 2).sum(axis=1)[:, None] + (C ** 2).sum(axis=1)[None, :]
    rel = np.abs(got ** 2 - want ** 2) / scale
    worst = WORST.setdefault(name.split("-")[0], [0.0, 0.0])
    worst[0] = max(worst[0], float(np.abs(got - want).max()))
    worst[1] = max(worst[1], float(rel.max()))
    assert rel.max() <= RTOL, f"{name}: {rel.max():.3g} (bound {RTOL})"


ESTIMATORS = {
    "KMeans-lloyd": lambda: KMeans(5, n_init=2, random_state=0),
    "KMeans-elkan": lambda: KMeans(8, algorithm="elkan", n_init=1,
                                   random_state=1),
    "KMeans-one": lambda: KMeans(1, n_init=1, random_state=0),
    "MiniBatchKMeans": lambda: MiniBatchKMeans(6, n_init=3, random_state=0),
    "BisectingKMeans-biggest": lambda: BisectingKMeans(7, random_state=0),
    "BisectingKMeans-largest": lambda: BisectingKMeans(
        5, bisecting_strategy="largest_cluster", random_state=0),
    "BisectingKMeans-one": lambda: BisectingKMeans(1, random_state=0),
    "Pipeline-scaled": lambda: make_pipeline(
        StandardScaler(), KMeans(4, n_init=2, random_state=0)),
    "Pipeline-pca": lambda: make_pipeline(
        StandardScaler(), PCA(3, random_state=0),
        BisectingKMeans(4, random_state=0)),
}


@pytest.mark.parametrize("ds", ["iris", "wine", "digits", "breast_cancer",
                                "blobs"])
@pytest.mark.parametrize("name", list(ESTIMATORS))
def test_held_out(name, ds, sealed):
    X = _data(ds)
    X_fit, X_test = train_test_split(X, test_size=0.3, random_state=0)
    est = _fit(ESTIMATORS[name](), X_fit)
    model = sealed(est)
    _compare(f"{name}-{ds}", est, model, held_out(X_fit, X_test))


def test_methods(sealed):
    X = _data("iris")
    for est in (_fit(KMeans(3, n_init=1, random_state=0), X),
                _fit(BisectingKMeans(3, random_state=0), X)):
        model = sealed(est)
        for m in ("predict", "transform"):
            assert hasattr(model, m)
        # A clusterer has no classes_, probabilities or decision values;
        # scikit-learn's score (-inertia) is not provided.
        for m in ("classes_", "predict_proba", "decision_function",
                  "predict_log_proba"):
            assert not hasattr(model, m) and not hasattr(est, m), m
        with pytest.raises(modelseal.errors.MethodNotSupportedError,
                           match="clusterer has no score"):
            model.score(X)
        assert model.n_features_in_ == 4


def test_sparse_fitted_bisecting(sealed):
    # Fitted on sparse X: no _X_mean, the tree's centers as stored.
    X = _data("wine")
    est = _fit(BisectingKMeans(4, random_state=0), sp.csr_matrix(X))
    assert not hasattr(est, "_X_mean")
    _compare("BisectingKMeans-sparse", est, sealed(est), held_out(X))


def test_dataframe_and_threads(sealed):
    X = _data("breast_cancer")
    df = pd.DataFrame(X, columns=[f"f{i}" for i in range(X.shape[1])])
    est = _fit(make_pipeline(StandardScaler(),
                             KMeans(6, n_init=2, random_state=0)), df)
    one, two = sealed(est), sealed(est, n_threads=2)
    Z = held_out(X)
    Zdf = pd.DataFrame(Z, columns=df.columns)
    _compare("Pipeline-dataframe", est, one, Zdf)
    assert np.array_equal(two.predict(Zdf), one.predict(Zdf))
    assert np.array_equal(two.transform(Zdf), one.transform(Zdf))


def test_float32_input(sealed):
    # scikit-learn's KMeans.predict refuses float32 X for a model fitted on
    # float64 ("Buffer dtype mismatch"); the engine computes in float64, as
    # scikit-learn's transform does.
    X = _data("iris")
    est = _fit(KMeans(3, n_init=1, random_state=0), X)
    model = sealed(est)
    X32 = held_out(X).astype(np.float32)
    with pytest.raises(ValueError):
        est.predict(X32)
    assert np.array_equal(model.predict(X32),
                          est.predict(X32.astype(np.float64)))
    assert np.array_equal(model.transform(X32),
                          model.transform(X32.astype(np.float64)))


def test_ties_go_to_the_first_center(sealed):
    # Centers (0, 0), (4, 0), (0, 3): (2, 0) and (0, 1.5) are equidistant
    # from two centers, exactly (small integers): the first one wins.
    X = _data("iris")[:, :2]
    est = _fit(KMeans(3, n_init=1, random_state=0), X)
    est.cluster_centers_ = np.array([[0.0, 0.0], [4.0, 0.0], [0.0, 3.0]])
    model = sealed(est)
    ties = np.array([[2.0, 0.0], [0.0, 1.5], [2.0, 1.5]])
    assert est.predict(ties).tolist() == [0, 0, 0]
    assert model.predict(ties).tolist() == [0, 0, 0]


def test_refusals(sealed, tmp_path):
    X = _data("iris")
    # Fitted on float32: scikit-learn keeps float32 centers and computes in
    # float32 (and refuses float64 input).
    est = _fit(KMeans(3, n_init=1, random_state=0), X.astype(np.float32))
    with pytest.raises(modelseal.errors.UnsupportedEstimatorError,
                       match="float32"):
        modelseal.save(est, tmp_path / "f32.seal", name="f32", version=1,
                       source=None)
    assert not (tmp_path / "f32.seal").exists()
    model = sealed(_fit(KMeans(3, n_init=1, random_state=0), X))
    bad = X[:3].copy()
    bad[1, 2] = np.nan
    with pytest.raises(modelseal.errors.InputError, match="nan"):
        model.predict(bad)
    bad[1, 2] = np.inf
    with pytest.raises(modelseal.errors.InputError):
        model.transform(bad)


def test_report_largest_errors():
    """Prints the largest differences measured (pytest -s)."""
    for name, (abs_diff, rel) in sorted(WORST.items()):
        print(f"\n{name}: max |d_got - d_want| {abs_diff:.3g}, "
              f"max |d_got^2 - d_want^2| / (|x|^2 + |c|^2) {rel:.3g}")

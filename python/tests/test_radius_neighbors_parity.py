# Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
"""scikit-learn's RadiusNeighborsClassifier and RadiusNeighborsRegressor
(the RadiusNeighbors kind) saved with modelseal.save, signed, loaded through
the sandbox and evaluated by the native engine, compared with scikit-learn's
predict and predict_proba on held-out rows (a held-out split, fresh rows
over the fitted range, rows 10x and 100x beyond it, sign-flipped rows,
zeros: the far rows have no neighbour): every metric (euclidean, manhattan,
chebyshev, minkowski p 3, l2) x algorithm (auto, kd_tree, ball_tree, brute) x
weights (uniform, distance), outlier_label None (rows without a neighbour
refused, E928, where scikit-learn raises), a class label, 'most_frequent',
an integer that is a class index but not the class (RadiusNeighborsClassMode,
the path of uniform weights, brute force, one output and a non-euclidean
metric, compares the parameter with class indices from 1.9, with classes_
cast to integers before), per-output lists; multi-output y (string and integer
labels), rows exactly on the radius (decimal grids, the radius a distance
that occurs), training rows queried (zero distances), a Pipeline with a
StandardScaler, several threads, and the refusals.

Labels must be identical; probabilities and regression values
bit-identical (the neighbours are found and summed in scikit-learn's
order; predictor.h). scikit-learn is called on float64 C-ordered arrays:
the input its RadiusNeighborsClassMode path takes (see predictor.h for
other input layouts). Run ``pytest -s`` to print the largest difference."""

import warnings

import numpy as np
import pytest
import sklearn
from sklearn import datasets
from sklearn.metrics import pairwise_distances
from sklearn.model_selection import train_test_split
from sklearn.neighbors import (RadiusNeighborsClassifier,
                               RadiusNeighborsRegressor)
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

import modelseal
from compare import held_out

METRICS = {
    "euclidean": {"metric": "euclidean"},
    "manhattan": {"metric": "manhattan"},
    "chebyshev": {"metric": "chebyshev"},
    "minkowski3": {"metric": "minkowski", "p": 3},
    "l2": {"metric": "l2"},
}
ALGORITHMS = ["auto", "kd_tree", "ball_tree", "brute"]
SK19 = tuple(int(v) for v in sklearn.__version__.split(".")[:2]) >= (1, 9)
WORST = {"proba": 0.0, "regression": 0.0}


def _data(name):
    if name == "blobs":
        X, y = datasets.make_blobs(n_samples=300, n_features=3, centers=4,
                                   random_state=0)
        return X, y
    return getattr(datasets, f"load_{name}")(return_X_y=True)


def _radius(X_fit, Z, q, **metric):
    """A radius that the q-quantile of Z's distances to X_fit reach."""
    kw = dict(metric)
    d = pairwise_distances(Z, X_fit, metric=kw.pop("metric"), **kw)
    return float(np.quantile(d, q))


def _quiet(f, *args):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return f(*args)


def _ulps(got, want):
    eps = np.finfo(np.float64).eps
    ok = np.isfinite(want) & (want != 0)
    if not ok.any():
        return 0.0
    return float((np.abs(got[ok] - want[ok]) / (eps * np.abs(want[ok]))).max())


def _compare_classifier(name, est, model, Z):
    want = _quiet(est.predict, Z)
    got = model.predict(Z)
    assert got.dtype == want.dtype and got.shape == want.shape, name
    assert np.array_equal(got, want), \
        f"{name}: labels differ at {np.flatnonzero(got != want)[:10]}"
    p_want = _quiet(est.predict_proba, Z)
    p_got = model.predict_proba(Z)
    if not isinstance(p_want, list):
        p_want, p_got = [p_want], [p_got]
    for pw, pg in zip(p_want, p_got):
        assert pg.dtype == np.float64 and pg.shape == pw.shape, name
        WORST["proba"] = max(WORST["proba"], _ulps(pg, pw))
        assert np.array_equal(pg, pw), \
            f"{name}: proba differs at {np.argwhere(pg != pw)[:5]}"


def _compare_regressor(name, est, model, Z):
    want = _quiet(est.predict, Z)
    got = model.predict(Z)
    assert got.dtype == want.dtype and got.shape == want.shape, name
    WORST["regression"] = max(WORST["regression"], _ulps(got, want))
    assert np.array_equal(got, want, equal_nan=True), \
        f"{name}: values differ at {np.argwhere(~((got == want) | (np.isnan(got) & np.isnan(want))))[:5]}"


def _inliers(est, Z, radius):
    """Rows of Z with a training row well within the radius."""
    final = est.steps[-1][1] if hasattr(est, "steps") else est
    if hasattr(est, "steps"):
        Z = est[:-1].transform(Z)
    ind = final.radius_neighbors(Z, radius=radius * 0.999,
                                 return_distance=False)
    return np.array([len(i) > 0 for i in ind])


@pytest.mark.parametrize("ds", ["iris", "wine", "blobs"])
@pytest.mark.parametrize("algorithm", ALGORITHMS)
@pytest.mark.parametrize("metric", list(METRICS))
@pytest.mark.parametrize("weights", ["uniform", "distance"])
def test_classifier_held_out(weights, metric, algorithm, ds, sealed):
    X, y = _data(ds)
    X_fit, X_test, y_fit, _ = train_test_split(X, y, test_size=0.3,
                                               random_state=0)
    Z = held_out(X_fit, X_test)
    r = _radius(X_fit, X_test, 0.1, **METRICS[metric])
    classes = np.unique(y_fit)
    for outlier in (None, "most_frequent", int(classes[-1]), 1):
        est = RadiusNeighborsClassifier(
            radius=r, weights=weights, algorithm=algorithm,
            outlier_label=outlier, leaf_size=5, **METRICS[metric]).fit(
                X_fit, y_fit)
        model = sealed(est)
        name = f"{weights}/{metric}/{algorithm}@{ds}/{outlier!r}"
        if outlier is None:
            keep = _inliers(est, Z, r)
            assert (~keep).any()
            _compare_classifier(name, est, model, Z[keep])
            with pytest.raises(ValueError, match="No neighbors found"):
                est.predict(Z)
            with pytest.raises(modelseal.errors.InputError, match="E928"):
                model.predict(Z)
            with pytest.raises(modelseal.errors.InputError, match="E928"):
                model.predict_proba(Z)
        else:
            _compare_classifier(name, est, model, Z)
        # Training rows: zero distances.
        if outlier is not None:
            _compare_classifier(name + "/train", est, model, X_fit)


@pytest.mark.parametrize("algorithm", ALGORITHMS)
@pytest.mark.parametrize("metric", list(METRICS))
@pytest.mark.parametrize("weights", ["uniform", "distance"])
def test_regressor_held_out(weights, metric, algorithm, sealed):
    for ds in ("diabetes", "blobs"):
        X, y = _data(ds)
        y = y.astype(np.float64) * 1.1
        X_fit, X_test, y_fit, _ = train_test_split(X, y, test_size=0.3,
                                                   random_state=0)
        Z = held_out(X_fit, X_test)
        for q in (0.02, 0.2):
            r = _radius(X_fit, X_test, q, **METRICS[metric])
            est = RadiusNeighborsRegressor(
                radius=r, weights=weights, algorithm=algorithm, leaf_size=5,
                **METRICS[metric]).fit(X_fit, y_fit)
            model = sealed(est)
            name = f"{weights}/{metric}/{algorithm}@{ds}/{q}"
            _compare_regressor(name, est, model, Z)
            assert np.isnan(model.predict(Z)).any()  # rows without neighbour
            _compare_regressor(name + "/train", est, model, X_fit)


def _grid(seed, n=120, d=2):
    """Decimal rows (tenths): many pairs at equal distances, some exactly
    on a radius that is one of those distances."""
    rng = np.random.RandomState(seed)
    X = rng.randint(0, 30, size=(n, d)) / 10.0
    Z = np.vstack([rng.randint(-5, 35, size=(200, d)) / 10.0, X[:30]])
    return X, Z


@pytest.mark.parametrize("algorithm", ALGORITHMS)
@pytest.mark.parametrize("metric", ["euclidean", "manhattan", "minkowski3",
                                    "l2"])
@pytest.mark.parametrize("weights", ["uniform", "distance"])
def test_rows_on_the_radius(weights, metric, algorithm, sealed):
    X, Z = _grid(0)
    y = (X[:, 0] * 10).astype(int) % 3
    kw = dict(METRICS[metric])
    for r in (0.3, 0.5, 0.5 ** 0.5, 0.7):
        d = pairwise_distances(Z, X, **kw)
        if metric in ("euclidean", "l2") or r != 0.5 ** 0.5:
            assert (np.abs(d - r) < 1e-12).any()  # rows near the boundary
        est = RadiusNeighborsClassifier(
            radius=r, weights=weights, algorithm=algorithm,
            outlier_label="most_frequent", leaf_size=4, **kw).fit(X, y)
        _compare_classifier(f"grid-c/{r}/{weights}/{metric}/{algorithm}",
                            est, sealed(est), Z)
        reg = RadiusNeighborsRegressor(
            radius=r, weights=weights, algorithm=algorithm, leaf_size=4,
            **kw).fit(X, y * 0.7 + X[:, 1])
        _compare_regressor(f"grid-r/{r}/{weights}/{metric}/{algorithm}",
                           reg, sealed(reg), Z)


@pytest.mark.parametrize("algorithm", ["kd_tree", "brute"])
@pytest.mark.parametrize("weights", ["uniform", "distance"])
def test_multi_output(weights, algorithm, sealed):
    X, y = _data("iris")
    X_fit, X_test, y_fit, _ = train_test_split(X, y, test_size=0.3,
                                               random_state=2)
    Z = held_out(X_fit, X_test)
    Y2 = np.stack([y_fit, (X_fit[:, 1] > 3).astype(np.int64)], axis=1)
    for Yk, outlier in ((Y2, [2, 0]), (Y2, "most_frequent"), (Y2, 1)):
        est = RadiusNeighborsClassifier(
            radius=0.6, weights=weights, algorithm=algorithm,
            outlier_label=outlier).fit(X_fit, Yk)
        _compare_classifier(f"multi/{weights}/{algorithm}/{outlier!r}", est,
                            sealed(est), Z)
    # String labels in one output: outlier labels given per output.
    Ys = np.stack([np.array(["a", "b", "c"])[y_fit],
                   np.array(["x", "y"])[(X_fit[:, 1] > 3).astype(int)]],
                  axis=1)
    est = RadiusNeighborsClassifier(
        radius=0.6, weights=weights, algorithm=algorithm,
        outlier_label=["b", "y"]).fit(X_fit, Ys)
    _compare_classifier(f"multi-str/{weights}/{algorithm}", est, sealed(est),
                        Z)
    Yr = np.stack([X_fit[:, 0] * 1.3, X_fit[:, 2] - y_fit], axis=1)
    reg = RadiusNeighborsRegressor(radius=0.6, weights=weights,
                                   algorithm=algorithm).fit(X_fit, Yr)
    _compare_regressor(f"multi-r/{weights}/{algorithm}", reg, sealed(reg), Z)
    # y of one column: predict is [n, 1].
    reg = RadiusNeighborsRegressor(radius=0.6, weights=weights,
                                   algorithm=algorithm).fit(X_fit, Yr[:, :1])
    _compare_regressor(f"column-r/{weights}/{algorithm}", reg, sealed(reg), Z)


def test_string_classes_single_output(sealed):
    X, y = _data("iris")
    X_fit, X_test, y_fit, _ = train_test_split(X, y, test_size=0.3,
                                               random_state=0)
    ys = np.array(["setosa", "versicolor", "virginica"])[y_fit]
    Z = held_out(X_fit, X_test)
    for weights, algorithm, metric in (
            ("distance", "brute", "manhattan"), ("uniform", "kd_tree", "l1"),
            ("uniform", "brute", "euclidean"), ("uniform", "brute", "l1")):
        est = RadiusNeighborsClassifier(
            radius=0.5, weights=weights, algorithm=algorithm, metric=metric,
            outlier_label="setosa").fit(X_fit, ys)
        if (weights, algorithm, metric) == ("uniform", "brute", "l1") and \
                not SK19:
            # RadiusNeighborsClassMode casts classes_ to integers before 1.9
            # and raises on string classes: scikit-learn cannot predict.
            with pytest.raises(ValueError):
                est.predict_proba(Z)
            with pytest.raises(modelseal.UnsupportedEstimatorError,
                               match="before 1.9"):
                sealed(est)
            continue
        _compare_classifier(f"str/{weights}/{algorithm}/{metric}", est,
                            sealed(est), Z)


def test_outlier_label_not_a_class(sealed):
    X, y = _data("iris")
    X_fit, X_test, y_fit, _ = train_test_split(X, y, test_size=0.3,
                                               random_state=0)
    Z = held_out(X_fit, X_test)
    # -1 is not a class: scikit-learn predicts it for a row without
    # neighbour; modelseal refuses to save.
    est = RadiusNeighborsClassifier(radius=0.5, weights="distance",
                                    outlier_label=-1).fit(X_fit, y_fit)
    assert (_quiet(est.predict, Z) == -1).any()
    with pytest.raises(modelseal.UnsupportedEstimatorError,
                       match="outlier_label not among classes_"):
        sealed(est)
    # Labels 10, 20, 30 with outlier_label 1: RadiusNeighborsClassMode
    # (uniform, brute force, one output, not euclidean) gives probability 1
    # to class index 1 from 1.9 (20 is predicted); before, none matches and
    # 1 is predicted (not a class: refused).
    est = RadiusNeighborsClassifier(radius=0.5, algorithm="brute",
                                    metric="manhattan", outlier_label=1).fit(
                                        X_fit, (y_fit + 1) * 10)
    if SK19:
        assert (_quiet(est.predict, Z) == 20).sum() > \
            (est.predict(X_test) == 20).sum()
        _compare_classifier("index-quirk", est, sealed(est), Z)
        # Euclidean takes the general path: the label's class, 10.
        est = RadiusNeighborsClassifier(radius=0.5, algorithm="brute",
                                        outlier_label=10).fit(
                                            X_fit, (y_fit + 1) * 10)
        _compare_classifier("euclidean-general", est, sealed(est), Z)
    else:
        with pytest.raises(modelseal.UnsupportedEstimatorError):
            sealed(est)
    # outlier_label 20 before 1.9: classes cast to integers, index 1;
    # from 1.9 no index matches, all zeros, predict 20.
    est = RadiusNeighborsClassifier(radius=0.5, algorithm="brute",
                                    metric="chebyshev", outlier_label=20).fit(
                                        X_fit, (y_fit + 1) * 10)
    _compare_classifier("cast-classes", est, sealed(est), Z)


def test_pipeline_scaler_and_threads(sealed):
    X, y = _data("wine")
    X_fit, X_test, y_fit, _ = train_test_split(X, y, test_size=0.3,
                                               random_state=0)
    Z = held_out(X_fit, X_test, n=400)
    for weights in ("uniform", "distance"):
        pipe = make_pipeline(StandardScaler(), RadiusNeighborsClassifier(
            radius=2.5, weights=weights, outlier_label="most_frequent"))
        pipe.fit(X_fit, y_fit)
        one, two = sealed(pipe), sealed(pipe, n_threads=2)
        _compare_classifier(f"pipe/{weights}", pipe, one, Z)
        assert np.array_equal(one.predict_proba(Z), two.predict_proba(Z))
        reg = make_pipeline(StandardScaler(), RadiusNeighborsRegressor(
            radius=2.5, weights=weights)).fit(X_fit, y_fit * 0.5 + X_fit[:, 0])
        _compare_regressor(f"pipe-r/{weights}", reg, sealed(reg), Z)
        pipe_none = make_pipeline(StandardScaler(), RadiusNeighborsClassifier(
            radius=2.5, weights=weights)).fit(X_fit, y_fit)
        keep = _inliers(pipe_none, Z, 2.5)
        _compare_classifier(f"pipe-none/{weights}", pipe_none,
                            sealed(pipe_none), Z[keep])


def test_refusals(sealed):
    X, y = _data("iris")
    for est in (
            RadiusNeighborsClassifier(weights=lambda d: d).fit(X, y),
            RadiusNeighborsClassifier(metric="cosine",
                                      algorithm="brute").fit(X, y),
            RadiusNeighborsRegressor().fit(X, y)):  # integer targets
        with pytest.raises(modelseal.UnsupportedEstimatorError):
            sealed(est)


def test_zz_report():
    print(f"\nlargest differences (ulps): {WORST}")

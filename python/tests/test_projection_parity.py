# Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
"""scikit-learn's linear projections (PCA, IncrementalPCA, TruncatedSVD:
the Projection kind) saved with modelseal.save, signed, loaded through the
sandbox and evaluated by the native engine, compared with scikit-learn's
transform on held-out rows (a held-out split, fresh rows over the fitted
range, rows 10x and 100x beyond it, sign-flipped rows, zeros): PCA with
n_components an int, a variance ratio, 'mle' and None, whiten or not, each
svd_solver ('full', 'randomized', 'arpack', 'covariance_eigh' from
scikit-learn 1.5); IncrementalPCA (whiten or not, batch_size);
TruncatedSVD (algorithm 'randomized' and 'arpack'); inside a Pipeline
before a LogisticRegression, an SVC and an MLPClassifier; fitted on a
DataFrame; float32 input; single rows; several threads; whitening a
component of (near) zero variance; the formula of the release that fitted
the model; and the refusals (a model fitted on float32 X, non-finite
input).

The projection follows the release that fitted (pickled) the model:

    scikit-learn 1.4      (X - mean_) @ components_.T, then / sqrt(
                          explained_variance_) if whiten
    scikit-learn >= 1.5   X @ components_.T - mean_ @ components_.T, then /
                          max(sqrt(explained_variance_), eps) if whiten
    TruncatedSVD          X @ components_.T

The products are OpenBLAS dgemm calls as numpy's, but the engine calls it
per block of rows where numpy calls it once (and another OpenBLAS build
may run another kernel), so an output is not always bit-identical. It is
held to RTOL times the magnitude it is computed from (``magnitude``): for
the 1.4 formula sum_j |x_j - mean_j| |c_kj|, for the >= 1.5 one sum_j
|x_j c_kj| + sum_j |mean_j c_kj|, for TruncatedSVD sum_j |x_j c_kj|; each
divided by the (clipped) scale when whitening. Run ``pytest -s
test_projection_parity.py`` to print the largest differences measured per
estimator, whiten and formula (absolute and in that measure) and how many
outputs were bit-identical."""

import warnings

import numpy as np
import pandas as pd
import pytest
import sklearn
from sklearn import datasets
from sklearn.datasets import make_low_rank_matrix
from sklearn.decomposition import PCA, IncrementalPCA, TruncatedSVD
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC
from threadpoolctl import threadpool_limits

import modelseal
from compare import held_out, quiet
from modelseal import _export, _native, _state
from test_nan_rule import _with_release

# The bound (include/modelseal/predictor.h states it for the Projection
# kind): RTOL relative to the magnitude an output is computed from; ATOL
# absolute on the probabilities of a classifier after the projection.
RTOL = 1e-12
ATOL = 1e-15
EPS = np.finfo(np.float64).eps

# scikit-learn 1.5 changed PCA's transform (centering after the product,
# the whitening scale clipped at eps) and added svd_solver
# 'covariance_eigh'.
NEW_FORMULA = np.lib.NumpyVersion(sklearn.__version__) >= "1.5.0"

# "estimator whiten centering" -> [max |diff|, max |diff| / magnitude,
# outputs bit-identical, outputs compared], printed by
# test_report_largest_errors.
WORST = {}


# ------------------------------------------------------------ fixtures

# sealed(est, n_threads=1): save, sign and load, in conftest.py.


# ----------------------------------------------------------------- data

def data(name):
    """X: iris (4 features), wine (13, unscaled: proline ~750),
    breast_cancer (30, unscaled: areas ~600), a 12-feature set of rank 5
    plus noise around 1000 (the >= 1.5 formula's product and mean term
    cancel to ~1), and a 40-feature low-rank matrix (effective rank 5,
    fast-decaying tail: variances down to ~1e-6 of the largest)."""
    if name in ("iris", "wine", "breast_cancer", "digits"):
        return getattr(datasets, f"load_{name}")(return_X_y=True)[0]
    rng = np.random.RandomState(0)
    if name == "offset":
        latent = rng.normal(size=(300, 5))
        mix = rng.normal(size=(5, 12)) * rng.uniform(0.1, 3.0, size=12)
        return latent @ mix + 0.1 * rng.normal(size=(300, 12)) + 1000.0
    if name == "lowrank":
        X = make_low_rank_matrix(300, 40, effective_rank=5,
                                 tail_strength=0.01, random_state=0)
        return X * 10 + rng.uniform(-3, 3, size=40)
    raise KeyError(name)


DATASETS = ["iris", "wine", "breast_cancer", "offset", "lowrank"]


def split(X, seed=0):
    """(X_train, X_test): a 70/30 split."""
    return train_test_split(X, test_size=0.3, random_state=seed)


def fit(est, X, y=None):
    # One BLAS thread: the fits' matrices are tiny, and OpenBLAS's threads
    # only add synchronisation.
    with warnings.catch_warnings(), threadpool_limits(1, user_api="blas"):
        warnings.simplefilter("ignore")  # ConvergenceWarning: max_iter
        return est.fit(X, y)


# ------------------------------------------------------------ the measure

def release_formula(est, release=None):
    """'none' (TruncatedSVD), 'before' (PCA / IncrementalPCA fitted by
    scikit-learn 1.4) or 'after' (>= 1.5); release defaults to the running
    one (the release recorded in the estimator's state)."""
    if isinstance(est, TruncatedSVD):
        return "none"
    release = release or sklearn.__version__
    return "after" if np.lib.NumpyVersion(release) >= "1.5.0" else "before"


def whiten_scale(est, centering):
    """The divisor of a whitened projection ([k]), None without
    whitening: sqrt(explained_variance_), clipped at eps by the >= 1.5
    formula."""
    if not getattr(est, "whiten", False):
        return None
    scale = np.sqrt(est.explained_variance_)
    if centering == "after":
        scale = np.where(scale < EPS, EPS, scale)
    return scale


def numpy_transform(est, X, centering):
    """The transform of the release `centering` stands for, as that
    release computes it with numpy (for a release other than the running
    one)."""
    X = np.asarray(X, dtype=np.float64)
    C = est.components_
    if centering == "before":
        Y = (X - est.mean_) @ C.T
    elif centering == "after":
        Y = X @ C.T
        Y -= est.mean_.reshape(1, -1) @ C.T
    else:
        Y = X @ C.T
    scale = whiten_scale(est, centering)
    if scale is not None:
        with np.errstate(divide="ignore", invalid="ignore"):
            Y /= scale
    return Y


def magnitude(est, X, centering):
    """[rows, k]: the magnitude each output is computed from (the module
    docstring's measure); X as the projection sees it, widened to
    float64 exactly as numpy widens float32 @ float64."""
    X = np.asarray(X, dtype=np.float64)
    C = np.abs(est.components_)
    with np.errstate(over="ignore"):
        if centering == "before":
            M = np.abs(X - est.mean_) @ C.T
        elif centering == "after":
            M = np.abs(X) @ C.T + np.abs(est.mean_) @ C.T
        else:
            M = np.abs(X) @ C.T
    scale = whiten_scale(est, centering)
    if scale is not None:
        with np.errstate(divide="ignore"):
            M = M / scale
    return M


def worst_key(proj, centering):
    whiten = "whiten" if getattr(proj, "whiten", False) else "plain"
    return f"{type(proj).__name__} {whiten} {centering}"


def assert_transform(key, proj, Xp, got, want, centering=None):
    """got (modelseal's transform) against want (scikit-learn's): shape,
    float64, non-finite values at the same places and equal, the rest
    within RTOL times the magnitude; records the largest differences.
    Xp: the projection's input."""
    centering = centering or release_formula(proj)
    got = np.asarray(got)
    want = np.asarray(want)
    assert got.shape == want.shape, f"{key}: {got.shape} != {want.shape}"
    assert got.dtype == np.float64 and want.dtype == np.float64, \
        f"{key}: dtype {got.dtype}, scikit-learn's {want.dtype}"
    inf = ~np.isfinite(want)
    assert np.array_equal(inf, ~np.isfinite(got)), \
        f"{key}: non-finite values at other places " \
        f"{np.argwhere(inf != ~np.isfinite(got))[:5].tolist()}"
    assert np.array_equal(got[inf], want[inf], equal_nan=True), key
    g = np.where(inf, 0.0, got)
    w = np.where(inf, 0.0, want)
    M = magnitude(proj, Xp, centering)
    M = np.where(inf | ~np.isfinite(M), 1.0, M)
    err = np.abs(g - w)
    with np.errstate(invalid="ignore", divide="ignore"):
        rel = np.where(err == 0, 0.0, err / M)
    rec = WORST.setdefault(worst_key(proj, centering), [0.0, 0.0, 0, 0])
    rec[0] = max(rec[0], float(err.max(initial=0.0)))
    rec[1] = max(rec[1], float(rel.max(initial=0.0)))
    rec[2] += int(np.count_nonzero((got == want) | inf))
    rec[3] += got.size
    bad = ~(err <= RTOL * M)
    if bad.any():
        k = np.unravel_index(np.argmax(np.where(bad, rel, -1)), w.shape)
        raise AssertionError(
            f"{key}: {np.count_nonzero(bad)} of {w.size} beyond the bound; "
            f"worst at {tuple(int(i) for i in k)}: got {g[k]!r}, want "
            f"{w[k]!r}, |diff| {err[k]:.3e}, magnitude {M[k]:.3e}")


def check(key, est, model, X, centering=None):
    """The model's transform against scikit-learn's (est a projection or
    a Pipeline of transformers ending in one); the model offers transform
    only (not PCA's score and score_samples, the probabilistic model's
    log-likelihood, nor inverse_transform)."""
    want = quiet(est.transform, X)
    got = model.transform(X)
    proj, Xp = projection_input(est, X)
    assert_transform(key, proj, Xp, got, want, centering)
    for method in ("predict", "score", "score_samples", "inverse_transform"):
        assert not hasattr(model, method), f"{key}: {method}"
    return want


def projection_input(est, X):
    """(the projection step, X as it sees it): est a projection or a
    Pipeline holding one."""
    if not hasattr(est, "steps"):
        return est, X
    for i, (_, step) in enumerate(est.steps):
        if isinstance(step, (PCA, IncrementalPCA, TruncatedSVD)):
            return step, (est[:i].transform(X) if i else X)
    raise AssertionError("no projection step")


# ------------------------------------------------------------ PCA

# (svd_solver, n_components): every n_components form each solver takes.
PCA_SETTINGS = [
    ("full", 2), ("full", 0.999), ("full", "mle"), ("full", None),
    ("randomized", 2), ("randomized", None),
    ("arpack", 2), ("arpack", None),
    ("covariance_eigh", 2), ("covariance_eigh", 0.999),
    ("covariance_eigh", "mle"), ("covariance_eigh", None),
    ("auto", 3),
]


def setting_id(s):
    return f"{s[0]}-{s[1]}"


@pytest.mark.parametrize("whiten", [False, True], ids=["plain", "whiten"])
@pytest.mark.parametrize("setting", PCA_SETTINGS, ids=setting_id)
def test_pca_parity(setting, whiten, sealed):
    solver, n = setting
    if solver == "covariance_eigh" and not NEW_FORMULA:
        pytest.skip("svd_solver='covariance_eigh' from scikit-learn 1.5")
    for ds in DATASETS:
        Xa, Xb = split(data(ds))
        est = fit(PCA(n_components=n, whiten=whiten, svd_solver=solver,
                      random_state=0), Xa)
        assert est.components_.dtype == np.float64
        model = sealed(est)
        key = f"PCA-{ds}-{setting_id(setting)}-whiten{whiten}"
        check(key, est, model, held_out(Xa, Xb))
        assert model.transform(Xb).shape == (len(Xb), est.n_components_)


# ------------------------------------------------------------ IncrementalPCA

IPCA_SETTINGS = [{"n_components": 2}, {"n_components": 3, "batch_size": 50},
                 {"n_components": None, "batch_size": 100}]


@pytest.mark.parametrize("whiten", [False, True], ids=["plain", "whiten"])
@pytest.mark.parametrize("setting", IPCA_SETTINGS,
                         ids=lambda s: "-".join(map(str, s.values())))
def test_incremental_pca_parity(setting, whiten, sealed):
    for ds in DATASETS:
        Xa, Xb = split(data(ds))
        est = fit(IncrementalPCA(whiten=whiten, **setting), Xa)
        model = sealed(est)
        key = f"IncrementalPCA-{ds}-{setting}-whiten{whiten}"
        check(key, est, model, held_out(Xa, Xb))


def test_incremental_pca_fitted_on_float32_is_float64(sealed):
    """IncrementalPCA widens float32 X at fit (float64 components_): saved
    and evaluated as any other."""
    for whiten in (False, True):
        Xa, Xb = split(data("wine"))
        est = fit(IncrementalPCA(n_components=4, whiten=whiten),
                  Xa.astype(np.float32))
        assert est.components_.dtype == np.float64
        Xh = held_out(Xa, Xb)
        check(f"IncrementalPCA-float32-fit-whiten{whiten}", est, sealed(est),
              Xh)
        check(f"IncrementalPCA-float32-fit-whiten{whiten}-float32", est,
              sealed(est), Xh.astype(np.float32))


# ------------------------------------------------------------ TruncatedSVD

SVD_SETTINGS = [{"n_components": 2}, {"n_components": 3,
                                      "algorithm": "arpack"},
                {"n_components": 3, "n_iter": 2}]


@pytest.mark.parametrize("setting", SVD_SETTINGS,
                         ids=lambda s: "-".join(map(str, s.values())))
def test_truncated_svd_parity(setting, sealed):
    for ds in DATASETS + ["digits"]:
        Xa, Xb = split(data(ds))
        est = fit(TruncatedSVD(random_state=0, **setting), Xa)
        model = sealed(est)
        check(f"TruncatedSVD-{ds}-{setting}", est, model, held_out(Xa, Xb))


# ------------------------------------------------------------ whitening 0

def rank_deficient(n=200, seed=0):
    """iris-like rows with two columns repeated, one scaled copy and a
    constant column: 8 features of rank 4 once centred."""
    rng = np.random.RandomState(seed)
    A = rng.normal(size=(n, 4)) * [3.0, 1.0, 0.5, 2.0] + [5.0, -2.0, 0, 1]
    return np.column_stack([A, A[:, :2], 2.5 * A[:, 3], np.full(n, 7.0)])


@pytest.mark.skipif(not NEW_FORMULA,
                    reason="the whitening scale is clipped at eps from "
                           "scikit-learn 1.5 (1.4 divides by 0)")
def test_whiten_near_zero_variance(sealed):
    """Components of (near) zero variance: scikit-learn >= 1.5 divides by
    max(sqrt(explained_variance_), eps). The outputs there are the
    product's rounding residue over eps (noise of the magnitude's order,
    as in scikit-learn); finite, and within the bound like every other."""
    X = rank_deficient()
    Xa, Xb = split(X)
    Xh = held_out(Xa, Xb)
    Xh[-3:] = Xa[:3]  # rows of the fitted subspace
    clipped = 0
    for solver, n in (("full", None), ("covariance_eigh", None),
                      ("arpack", 7), ("randomized", None)):
        est = fit(PCA(n_components=n, whiten=True, svd_solver=solver,
                      random_state=0), Xa)
        scale = np.sqrt(est.explained_variance_)
        clipped += int(np.count_nonzero(scale < EPS))
        model = sealed(est)
        want = check(f"PCA-rank-deficient-{solver}", est, model, Xh)
        assert np.isfinite(want).all()
        d = modelseal.export(est, name="t", source=None)["estimator"]
        assert np.array_equal(np.asarray(d["scale"]),
                              whiten_scale(est, "after"))
    for bs in (None, 60):
        est = fit(IncrementalPCA(whiten=True, batch_size=bs), Xa)
        clipped += int(np.count_nonzero(
            np.sqrt(est.explained_variance_) < EPS))
        check(f"IncrementalPCA-rank-deficient-{bs}", est, sealed(est), Xh)
    # At least one solver meets a variance below eps ** 2 (covariance_eigh
    # sets its negative eigenvalues to 0).
    assert clipped > 0


# ------------------------------------------------------------ the release

@pytest.mark.parametrize("release", ["1.4.2", "1.5.0", "1.7.2", "1.9.1"])
def test_formula_follows_the_recorded_release(release):
    """The mapper picks the formula from the release recorded in the
    estimator's state (`_sklearn_version`), so both are checked on any
    running release by rewriting it (test_nan_rule.py): 1.4 centres
    first and divides by the unclipped scale, >= 1.5 subtracts
    mean_ @ components_.T after the product; TruncatedSVD never
    centres."""
    Xa, Xb = split(data("offset"))
    Xh = held_out(Xa, Xb)
    for est in (PCA(n_components=4, random_state=0),
                PCA(n_components=4, whiten=True, random_state=0),
                IncrementalPCA(n_components=3, whiten=True, batch_size=80),
                TruncatedSVD(n_components=3, random_state=0)):
        est = fit(est, Xa)
        centering = release_formula(est, release)
        tree = _with_release(_state.build(est), release)
        d = _native.map_model(tree, *_export._versions())
        e = d["estimator"]
        assert e["kind"] == "Projection"
        assert e["centering"] == centering, (release, est)
        d["metadata"] = {"name": "projection", "version": 1}
        model = modelseal._predictor_from_dict(d)
        want = numpy_transform(est, Xh, centering)
        if centering == release_formula(est):
            assert np.array_equal(want, est.transform(Xh)), \
                "numpy_transform is not scikit-learn's"
        assert_transform(f"{type(est).__name__}-recorded-{release}", est,
                         Xh, model.transform(Xh), want, centering)


# ------------------------------------------------------------ Pipeline

def classifier_bound(est, X, want):
    """(scale, atol): |predict_proba difference| <= RTOL * scale + atol
    for a LogisticRegression after the projection: the decision d = z
    coef.T + b has the magnitude D = (|z| + M) |coef|.T + |b| (M the
    projection's, its error's measure; |z| the decision's own rounding),
    and a probability moves by at most want * 2 max |dd| (softmax; expit
    moves less)."""
    proj, Xp = projection_input(est[:-1], X)
    M = magnitude(proj, Xp, release_formula(proj))
    z = est[:-1].transform(X)
    lr = est[-1]
    D = (np.abs(z) + M) @ np.abs(lr.coef_).T + np.abs(lr.intercept_)
    return want * (1.0 + 2.0 * D.max(axis=1, keepdims=True)), ATOL, D


def assert_labels(key, got, want):
    got = np.asarray(got)
    want = np.asarray(want)
    assert got.dtype.kind == want.dtype.kind, key
    rows = np.flatnonzero(got != want)
    assert rows.size == 0, \
        f"{key}: {rows.size} labels differ, at rows {rows[:10]}"


def check_pipeline(key, est, model, X, sealed):
    """Labels identical; LogisticRegression's predict_proba and
    decision_function within the bound propagated from the projection's;
    an SVC's decision_function and an MLP's predict_proba within 1e-9
    (relative to max(1, |value|); their own bounds are their tests'); and
    the transformer part, saved alone, within the projection's bound."""
    assert_labels(key, model.predict(X), quiet(est.predict, X))
    final = est[-1]
    if isinstance(final, LogisticRegression):
        p_want = quiet(est.predict_proba, X)
        p_got = model.predict_proba(X)
        scale, atol, D = classifier_bound(est, X, p_want)
        err = np.abs(p_got - p_want)
        assert (err <= RTOL * scale + atol).all(), \
            f"{key}: predict_proba max |diff| {err.max():.3e}"
        d_want = quiet(est.decision_function, X)
        d_got = model.decision_function(X)
        D = D[:, 0] if d_want.ndim == 1 else D
        assert (np.abs(d_got - d_want) <= RTOL * D).all(), key
    else:
        method = "predict_proba" if isinstance(final, MLPClassifier) \
            else "decision_function"
        want = quiet(getattr(est, method), X)
        got = getattr(model, method)(X)
        np.testing.assert_allclose(
            got, want, rtol=1e-9, atol=1e-9, err_msg=f"{key}: {method}")
    check(f"{key}-transformers", est[:-1], sealed(est[:-1]), X)


def clf_data(name):
    if name == "iris_str":
        X, y = datasets.load_iris(return_X_y=True)
        return X, np.array(["setosa", "versicolor", "virginica"])[y]
    return getattr(datasets, f"load_{name}")(return_X_y=True)


def clf_split(name):
    X, y = clf_data(name)
    Xa, Xb, ya, _ = train_test_split(X, y, test_size=0.3, random_state=0,
                                     stratify=y)
    return Xa, ya, held_out(Xa, Xb)


PIPELINES = {
    "scaler-pca-logistic": lambda: make_pipeline(
        StandardScaler(), PCA(n_components=3),
        LogisticRegression(max_iter=2000)),
    "scaler-pca-whiten-logistic": lambda: make_pipeline(
        StandardScaler(), PCA(n_components=0.95, whiten=True),
        LogisticRegression(max_iter=2000)),
    "pca-randomized-logistic": lambda: make_pipeline(
        PCA(n_components=3, svd_solver="randomized", random_state=0),
        LogisticRegression(max_iter=5000)),
    "ipca-whiten-logistic": lambda: make_pipeline(
        IncrementalPCA(n_components=3, whiten=True),
        LogisticRegression(max_iter=2000)),
    "svd-logistic": lambda: make_pipeline(
        TruncatedSVD(n_components=3, random_state=0),
        LogisticRegression(max_iter=5000)),
    "pca-whiten-svc": lambda: make_pipeline(
        PCA(n_components=3, whiten=True), SVC()),
    "scaler-pca-svc-poly": lambda: make_pipeline(
        StandardScaler(), PCA(n_components=3), SVC(kernel="poly",
                                                   degree=2)),
    "scaler-pca-mlp": lambda: make_pipeline(
        StandardScaler(), PCA(n_components=3), MLPClassifier(
            hidden_layer_sizes=(10,), solver="lbfgs", max_iter=100,
            random_state=0)),
}


@pytest.mark.parametrize("ds", ["iris_str", "wine", "breast_cancer"])
@pytest.mark.parametrize("pipe", sorted(PIPELINES))
def test_in_pipeline_before_a_classifier(pipe, ds, sealed):
    Xa, ya, Xh = clf_split(ds)
    est = fit(PIPELINES[pipe](), Xa, ya)
    model = sealed(est)
    check_pipeline(f"{pipe}-{ds}", est, model, Xh, sealed)
    assert np.array_equal(model.classes_, est.classes_)


def test_fitted_on_a_dataframe(sealed):
    """Fitted on a DataFrame: the feature names are recorded and a
    DataFrame transforms as in scikit-learn."""
    X = data("wine")
    cols = [f"f{j}" for j in range(X.shape[1])]
    Xa, Xb = split(X)
    frame = pd.DataFrame(Xa, columns=cols)
    Xt = pd.DataFrame(held_out(Xa, Xb), columns=cols)
    for est in (PCA(n_components=4, whiten=True), IncrementalPCA(3),
                TruncatedSVD(3, random_state=0),
                make_pipeline(StandardScaler(), PCA(n_components=0.9))):
        est = fit(est, frame)
        model = sealed(est)
        assert list(model.feature_names_in_) == cols
        check(f"DataFrame-{type(est).__name__}", est, model, Xt)
    y = (Xa[:, 0] > np.median(Xa[:, 0])).astype(int)
    est = fit(make_pipeline(StandardScaler(), PCA(n_components=5),
                            LogisticRegression()), frame, y)
    model = sealed(est)
    assert list(model.feature_names_in_) == cols
    check_pipeline("DataFrame-Pipeline", est, model, Xt, sealed)


# ------------------------------------------- input dtypes, rows, threads

def test_float32_input_as_scikit_learn(sealed):
    """float32 X on a model fitted on float64 X: scikit-learn's product
    float32 @ float64 widens X exactly and returns float64 (1.4's X -
    mean_ too); the model returns float64 of the same values."""
    for ds in ("iris", "breast_cancer", "offset"):
        Xa, Xb = split(data(ds))
        X32 = held_out(Xa, Xb).astype(np.float32)
        for est in (PCA(n_components=3), PCA(n_components=3, whiten=True),
                    IncrementalPCA(n_components=2, whiten=True),
                    TruncatedSVD(n_components=2, random_state=0)):
            est = fit(est, Xa)
            model = sealed(est)
            want = check(f"{type(est).__name__}-{ds}-float32", est, model,
                         X32)
            assert want.dtype == np.float64
            assert model.transform(X32).dtype == want.dtype
    Xa, ya, Xh = clf_split("breast_cancer")
    est = fit(PIPELINES["scaler-pca-logistic"](), Xa, ya)
    check_pipeline("Pipeline-float32", est, sealed(est),
                   Xh.astype(np.float32), sealed)


def test_single_rows(sealed):
    """One row at a time (as a 1 x n array and as a list): within the
    bound, as in a batch."""
    Xa, Xb = split(data("breast_cancer"))
    Xh = held_out(Xa, Xb)
    for est in (PCA(n_components=5), PCA(n_components=5, whiten=True),
                IncrementalPCA(n_components=4),
                TruncatedSVD(n_components=4, random_state=0)):
        est = fit(est, Xa)
        model = sealed(est)
        for r in range(0, len(Xh), 7):
            row = Xh[r:r + 1]
            want = check(f"{type(est).__name__}-row{r}", est, model, row)
            assert want.shape == (1, est.n_components)
            assert np.array_equal(model.transform(row.tolist()),
                                  model.transform(row))


def test_several_threads(sealed):
    Xa, Xb = split(data("lowrank"))
    rng = np.random.RandomState(5)
    Xh = Xa.mean(axis=0) + rng.normal(0.0, 2.0, size=(20000, Xa.shape[1]))
    for est in (PCA(n_components=10, whiten=True),
                TruncatedSVD(n_components=8, random_state=0)):
        est = fit(est, Xa)
        model = sealed(est, n_threads=4)
        check(f"{type(est).__name__}-threads", est, model, Xh)


# ------------------------------------------------------------ the dict

@pytest.mark.parametrize("whiten", [False, True])
def test_exported_dict(whiten):
    """The Projection kind's fields: centering ('before' for a model
    fitted by scikit-learn 1.4, 'after' from 1.5, 'none' for
    TruncatedSVD), components [k, n], mean [n] (none for TruncatedSVD),
    scale [k] (the divisor, clipped at eps from 1.5) when whitening."""
    X = data("offset")
    for est in (PCA(n_components=3, whiten=whiten),
                IncrementalPCA(n_components=3, whiten=whiten),
                TruncatedSVD(n_components=3, random_state=0)):
        est = fit(est, X)
        d = modelseal.export(est, name="t", source=None)
        assert d["output"]["task"] == "transform"
        e = d["estimator"]
        assert e["kind"] == "Projection"
        centering = release_formula(est)
        assert e["centering"] == centering
        C = np.asarray(e["components"], dtype=np.float64)
        assert C.shape == est.components_.shape
        assert np.array_equal(C, est.components_)
        if centering == "none":
            assert e.get("mean") is None
        else:
            assert np.array_equal(np.asarray(e["mean"]), est.mean_)
        scale = whiten_scale(est, centering)
        if scale is None:
            assert e.get("scale") is None
        else:
            assert np.array_equal(np.asarray(e["scale"]), scale)


# ------------------------------------------------------------ refusals

def test_float32_fit_refused(tmp_path):
    """PCA and TruncatedSVD fitted on float32 X keep float32 components_
    (and transform in float32): refused at save, alone and in a
    Pipeline."""
    X, y = datasets.load_iris(return_X_y=True)
    X32 = X.astype(np.float32)
    cases = [PCA(n_components=2), PCA(n_components=2, whiten=True),
             PCA(n_components=2, svd_solver="arpack", random_state=0),
             PCA(n_components=2, svd_solver="randomized", random_state=0),
             TruncatedSVD(n_components=2, random_state=0),
             TruncatedSVD(n_components=2, algorithm="arpack",
                          random_state=0),
             make_pipeline(StandardScaler(), PCA(n_components=2)),
             make_pipeline(PCA(n_components=2), LogisticRegression()),
             make_pipeline(StandardScaler(), TruncatedSVD(2, random_state=0),
                           LogisticRegression())]
    for i, est in enumerate(cases):
        est = fit(est, X32, y)
        proj = projection_input(est, X32[:1])[0]
        assert proj.components_.dtype == np.float32
        with pytest.raises(modelseal.UnsupportedEstimatorError):
            modelseal.save(est, tmp_path / f"m{i}.seal", name="projection",
                           version=1, source=None)


def test_nonfinite_input_refused_as_scikit_learn(sealed):
    X, y = datasets.load_iris(return_X_y=True)
    models = []
    for est in (PCA(n_components=2), PCA(n_components=2, whiten=True),
                IncrementalPCA(n_components=2),
                TruncatedSVD(n_components=2, random_state=0),
                make_pipeline(PCA(n_components=2), LogisticRegression())):
        est = fit(est, X, y)
        models.append((est, sealed(est)))
    for bad in (np.nan, np.inf, -np.inf):
        Xb = X[:5].copy()
        Xb[2, 1] = bad
        for est, model in models:
            method = "predict" if hasattr(est, "predict") else "transform"
            with pytest.raises(ValueError):
                getattr(est, method)(Xb)
            for X_in in (Xb, Xb.astype(np.float32)):
                with pytest.raises(modelseal.InputError):
                    getattr(model, method)(X_in)


# ------------------------------------------------------------ report

def test_report_largest_errors():
    """Prints the largest differences measured by the tests above (run
    with -s), per estimator, whiten and formula: absolute, in the bound's
    measure (|diff| / magnitude), and the share of outputs bit-identical
    to scikit-learn's."""
    if not WORST:
        pytest.skip("no comparisons ran")
    print(f"\nscikit-learn {sklearn.__version__}, numpy {np.__version__}")
    print(f"{'estimator whiten centering':34} {'max |diff|':>11} "
          f"{'/magnitude':>11} {'identical':>18}")
    for key in sorted(WORST):
        a, r, same, n = WORST[key]
        print(f"{key:34} {a:11.3e} {r:11.3e} {same:9d}/{n:<8d}")
    assert max(r for _, r, _, _ in WORST.values()) <= RTOL

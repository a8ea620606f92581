# Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
"""scikit-learn's naive Bayes classifiers (GaussianNB, MultinomialNB,
ComplementNB, BernoulliNB, CategoricalNB: the NaiveBayes kind) saved with
modelseal.save,
signed, loaded through the sandbox and evaluated by the native engine,
compared with scikit-learn on held-out rows (a held-out split, fresh rows
over the fitted range, rows 10x and 100x beyond it, sign-flipped rows,
zeros): priors given or fitted, a zero prior, var_smoothing, string and
unordered labels, fit_prior / class_prior, ComplementNB's norm,
BernoulliNB's binarize (None, 0.0, a threshold; float32 input, compared in
float32 as numpy does), float32 input, after a StandardScaler in a Pipeline,
CategoricalNB's truncation of its input to category indices (alpha 0,
min_categories, fractional and out-of-range values), and the refusals (a
single-class fit, non-finite input).

Labels are identical. predict_proba is exp(jll - logsumexp(jll)) on both
sides, but not bit-exact: the engine sums a discrete model's x . coef in
another order than scikit-learn's BLAS, uses the C library's exp and log
where scikit-learn uses numpy's, and scipy >= 1.15's logsumexp separates the
row maximum out (log1p). A probability p of class c is held to

    |got - want| <= RTOL * want * (1 + M[c] + max_k M[k]) + DENORMAL

where M[k] is the magnitude class k's joint log likelihood is computed from
(``jll_magnitude``): an absolute error of eps * M in jll is a relative one
of the same size in exp(jll - lse). DENORMAL covers probabilities below the
normal range (2**-1022), which carry fewer significant bits. Run
``pytest -s test_naive_bayes_parity.py`` to print the largest differences
measured per estimator: absolute, relative to the probability, and in the
measure above."""

import warnings

import numpy as np
import pytest
from sklearn import datasets, naive_bayes
from sklearn.datasets import make_classification
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

import modelseal
from compare import held_out, quiet

# The bound above (include/modelseal/predictor.h states it for NaiveBayes's
# predict_proba): RTOL relative to the probability times the jll magnitude.
# Measured at most 7.8e-16 (ComplementNB; scikit-learn 1.9.1 with numpy
# 2.4.6 and scipy 1.17.1, and 1.4.2 with numpy 1.26.4 and scipy 1.13.1; run
# with -s for the figures); the bound leaves a factor of 5 for other BLAS
# kernels and libm builds.
RTOL = 4e-15
# The absolute slack of probabilities below the normal range (a denormal's
# last bit is 2**-1074; exp(a - lse) there keeps only a few bits).
DENORMAL = 2.0 ** -1022
# On the held-out split (rows like the fitted ones) the plain differences
# are also held to what was measured: |got - want| (at most 3.4e-13) and
# |got - want| / want over probabilities in the normal range (at most
# 1.4e-12; both MultinomialNB / ComplementNB on count features). Rows far
# beyond the fitted range have larger jll, hence larger relative
# differences (up to 1.2e-10 here): the bound above scales with them.
ABS_TOL = 4e-13
REL_TOL = 2e-12

# estimator -> [max |diff|, max |diff| / want (normal range), max |diff| /
# (want * magnitude)], printed by test_report_largest_errors.
WORST = {}


# ------------------------------------------------------------ fixtures

# sealed(est, n_threads=1): save, sign and load, in conftest.py.


# ----------------------------------------------------------------- data

def gaussian_data(name):
    """(X, y) for GaussianNB: iris (3 classes), a binary synthetic set (5
    features), a 5-class synthetic set (6 features) and breast_cancer (30
    unscaled features, binary)."""
    if name == "iris":
        return datasets.load_iris(return_X_y=True)
    if name == "binary":
        return make_classification(n_samples=300, n_features=5,
                                   n_informative=3, random_state=1)
    if name == "five":
        return make_classification(
            n_samples=400, n_features=6, n_informative=4, n_redundant=0,
            n_classes=5, n_clusters_per_class=1, class_sep=1.5,
            random_state=0)
    if name == "breast_cancer":
        return datasets.load_breast_cancer(return_X_y=True)
    raise KeyError(name)


def count_data(name):
    """(X, y) count matrices for the discrete models: a Poisson matrix (4
    classes, 60 features, class-specific rates), load_digits (0-16 pixel
    counts, 10 classes) and a binary Poisson set."""
    if name == "digits":
        return datasets.load_digits(return_X_y=True)
    if name not in ("poisson", "poisson_binary"):
        raise KeyError(name)
    rng = np.random.RandomState(0 if name == "poisson" else 3)
    k, n, rows = (4, 60, 600) if name == "poisson" else (2, 25, 300)
    rates = rng.gamma(1.0, 1.5, size=(k, n))
    y = rng.randint(0, k, size=rows)
    X = rng.poisson(rates[y]).astype(np.float64)
    return X, y


def split(X, y, seed=0):
    """(X_train, X_test, y_train): a stratified 70/30 split."""
    Xa, Xb, ya, _ = train_test_split(X, y, test_size=0.3, random_state=seed,
                                     stratify=y)
    return Xa, Xb, ya


def held_out_counts(X_train, X_test, seed=1, n=150):
    """The held-out split, then fresh count rows (Poisson around the
    feature means), rows of 10x and 100x the counts, a few negated rows
    (scikit-learn does not refuse them at predict), zeros and one-hot
    rows."""
    rng = np.random.RandomState(seed)
    mean = X_train.mean(axis=0)
    Z = rng.poisson(mean * 1.5 + 0.1, size=(n, X_train.shape[1])).astype(
        np.float64)
    Z[:10] *= 10
    Z[10:20] *= 100
    Z[20:25] *= -1
    Z[25:28] = 0.0
    eye = np.eye(X_train.shape[1])[:20] * 3
    return np.vstack([X_test, Z, eye])


# ------------------------------------------------------------ the measure

def final(est):
    return est[-1] if hasattr(est, "steps") else est


def inner_X(est, X):
    """X as the naive Bayes step sees it (a Pipeline's transformers, then
    BernoulliNB's binarize)."""
    X = est[:-1].transform(X) if hasattr(est, "steps") else X
    nb = final(est)
    if isinstance(nb, naive_bayes.CategoricalNB):
        return np.asarray(X).astype(np.int64)
    if isinstance(nb, naive_bayes.BernoulliNB) and nb.binarize is not None:
        X = (X > nb.binarize).astype(np.float64)
    return np.asarray(X, dtype=np.float64)


def jll_magnitude(est, X):
    """[rows, classes]: the magnitude each class's joint log likelihood is
    computed from: |log prior| + |log_norm| + 0.5 sum (x - theta)^2 / var
    for GaussianNB, |x| . |coef| + |class term| for the discrete models
    (a class with prior 0 counts its finite terms only)."""
    nb = final(est)
    Xi = inner_X(est, X)
    if isinstance(nb, naive_bayes.GaussianNB):
        with np.errstate(divide="ignore"):
            lp = np.abs(np.log(nb.class_prior_))
        lp[~np.isfinite(lp)] = 0.0
        norm = np.abs(-0.5 * np.log(2.0 * np.pi * nb.var_).sum(axis=1))
        q = np.stack([(((Xi - nb.theta_[i]) ** 2) / nb.var_[i]).sum(axis=1)
                      for i in range(len(nb.classes_))], axis=1)
        return lp + norm + 0.5 * q
    if isinstance(nb, naive_bayes.CategoricalNB):
        # Every term is <= 0: the magnitude is |jll| over its finite terms.
        term = nb.class_log_prior_
        mag = np.tile(np.where(np.isfinite(term), np.abs(term), 0.0),
                      (len(Xi), 1))
        for j, f in enumerate(nb.feature_log_prob_):
            t = f[:, Xi[:, j]].T
            mag += np.where(np.isfinite(t), np.abs(t), 0.0)
        return mag
    flp = nb.feature_log_prob_
    term = nb.class_log_prior_
    if isinstance(nb, naive_bayes.BernoulliNB):
        neg = np.log(1 - np.exp(flp))
        coef = flp - neg
        term = term + neg.sum(axis=1)
    elif isinstance(nb, naive_bayes.ComplementNB):
        coef, term = flp, np.zeros(len(nb.classes_))
    else:
        coef = flp
    term = np.where(np.isfinite(term), np.abs(term), 0.0)
    return np.abs(Xi) @ np.abs(coef).T + term


def _record(key, err, rel, relm):
    w = WORST.setdefault(key, [0.0, 0.0, 0.0])
    w[0] = max(w[0], float(err.max(initial=0.0)))
    w[1] = max(w[1], float(rel.max(initial=0.0)))
    w[2] = max(w[2], float(relm.max(initial=0.0)))


def assert_proba(key, got, want, mag, n_split=0):
    """The bound of the module docstring, entry by entry; records the
    largest differences, over all rows and over the first n_split rows
    (the held-out split: data like the fitted rows)."""
    got = np.asarray(got)
    want = np.asarray(want)
    assert got.shape == want.shape, f"{key}: {got.shape} != {want.shape}"
    assert got.dtype == np.float64, f"{key}: dtype {got.dtype}"
    assert np.isfinite(got).all(), key
    err = np.abs(got - want)
    m = 1.0 + mag + mag.max(axis=1, keepdims=True)
    normal = want >= np.finfo(np.float64).tiny
    rel = np.where(normal, err / np.where(normal, want, 1.0), 0.0)
    relm = np.where(normal, rel / m, 0.0)
    _record(key, err, rel, relm)
    if n_split:
        s = slice(0, n_split)
        _record(key + " (split)", err[s], rel[s], relm[s])
        assert err[s].max() <= ABS_TOL, f"{key}: {err[s].max():.3e}"
        assert rel[s].max() <= REL_TOL, f"{key}: {rel[s].max():.3e}"
    bound = RTOL * want * m + DENORMAL
    bad = ~(err <= bound)
    if bad.any():
        k = np.unravel_index(np.argmax(np.where(bad, err / bound, -1)),
                             want.shape)
        raise AssertionError(
            f"{key}: {np.count_nonzero(bad)} of {want.size} beyond the "
            f"bound; worst at {tuple(int(i) for i in k)}: got {got[k]!r}, "
            f"want {want[k]!r}, |diff| {err[k]:.3e}, magnitude {m[k]:.3e}")


def check(key, est, model, X, *, n_split=0, log_proba=True):
    """predict identical; predict_proba within the bound; no
    decision_function; predict_log_proba (jll - logsumexp(jll), natively)
    within the bound, underflowing probabilities included."""
    want_labels = quiet(est.predict, X)
    got_labels = model.predict(X)
    assert got_labels.dtype.kind == want_labels.dtype.kind, key
    np.testing.assert_array_equal(got_labels, want_labels, err_msg=key)
    assert np.array_equal(model.classes_, final(est).classes_), key
    want = quiet(est.predict_proba, X)
    assert_proba(type(final(est)).__name__, model.predict_proba(X), want,
                 jll_magnitude(est, X), n_split)
    assert not hasattr(est, "decision_function")
    assert not hasattr(model, "decision_function"), \
        f"{key}: the model exposes decision_function"
    assert hasattr(model, "predict_log_proba")
    if log_proba:
        lp_want = quiet(est.predict_log_proba, X)
        lp_got = quiet(model.predict_log_proba, X)
        assert lp_got.shape == lp_want.shape, key
        # Every finite value, underflowing probabilities included (both
        # sides compute jll - logsumexp(jll)).
        ok = np.isfinite(lp_want)
        bound = RTOL * (1.0 + 2 * jll_magnitude(est, X).max(
            axis=1, keepdims=True)) + 2 * np.spacing(np.abs(lp_want))
        bound = np.broadcast_to(bound, lp_want.shape)
        with np.errstate(invalid="ignore"):  # -inf - -inf
            diff = np.abs(lp_got - lp_want)
        assert (diff[ok] <= bound[ok]).all(), key
        # A probability of exactly 0 (a zero prior; jll - lse below the
        # exp's range) is -inf on both sides.
        zero = (want == 0) & np.isneginf(lp_want)
        assert np.isneginf(lp_got[zero]).all(), key
    return want


def fit(est, X, y):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a zero prior: log(0)
        return est.fit(X, y)


# ------------------------------------------------------------ GaussianNB

GAUSSIAN_SETTINGS = {
    "default": {},
    "priors": "priors",  # filled in per class count
    "var_smoothing": {"var_smoothing": 1e-3},
    "tiny_smoothing": {"var_smoothing": 1e-12},
}


@pytest.mark.parametrize("setting", sorted(GAUSSIAN_SETTINGS))
@pytest.mark.parametrize("ds", ["binary", "iris", "five", "breast_cancer"])
def test_gaussian_nb_parity(ds, setting, sealed):
    X, y = gaussian_data(ds)
    Xa, Xb, ya = split(X, y)
    params = GAUSSIAN_SETTINGS[setting]
    if params == "priors":
        k = len(np.unique(y))
        p = np.arange(1.0, k + 1)
        params = {"priors": p / p.sum()}
    est = fit(naive_bayes.GaussianNB(**params), Xa, ya)
    model = sealed(est)
    Xh = held_out(Xa, Xb)
    check(f"GaussianNB-{ds}-{setting}", est, model, Xh, n_split=len(Xb))


def test_gaussian_nb_zero_prior(sealed):
    """priors=[0, 0.5, 0.5]: class 0's jll is -inf (log(0)); it is never
    predicted and its probability is exactly 0, on both sides."""
    X, y = gaussian_data("iris")
    Xa, Xb, ya = split(X, y)
    est = fit(naive_bayes.GaussianNB(priors=[0.0, 0.5, 0.5]), Xa, ya)
    # (save warns as numpy does: divide by zero in log.)
    model = quiet(sealed, est)
    Xh = held_out(Xa, Xb)
    # Rows that class 0 (setosa) wins with a fitted prior.
    Xh = np.vstack([Xh, Xa[ya == 0]])
    assert np.all(naive_bayes.GaussianNB().fit(Xa, ya).predict(
        Xa[ya == 0]) == 0)
    want = check("GaussianNB-zero-prior", est, model, Xh)
    got_labels = model.predict(Xh)
    assert not np.any(got_labels == 0)
    assert np.all(want[:, 0] == 0.0)
    assert np.all(model.predict_proba(Xh)[:, 0] == 0.0)
    # Two zero priors: only one class can be predicted.
    est = fit(naive_bayes.GaussianNB(priors=[0.0, 0.0, 1.0]), Xa, ya)
    # (save warns as numpy does: divide by zero in log.)
    model = quiet(sealed, est)
    check("GaussianNB-zero-prior", est, model, Xh)
    assert np.all(model.predict(Xh) == 2)
    assert np.all(model.predict_proba(Xh) == [0.0, 0.0, 1.0])


def test_gaussian_nb_string_and_unordered_labels(sealed):
    X, y = gaussian_data("five")
    Xa, Xb, ya = split(X, y)
    names = np.array(["zeta", "alpha", "mu", "beta", "omega"])
    for labels in (names[ya], np.array([7, -3, 40, 0, 12])[ya]):
        est = fit(naive_bayes.GaussianNB(), Xa, labels)
        model = sealed(est)
        check(f"GaussianNB-labels-{labels.dtype.kind}", est, model,
              held_out(Xa, Xb), n_split=len(Xb))


def test_gaussian_nb_in_pipeline_after_standard_scaler(sealed):
    for ds in ("breast_cancer", "five"):
        X, y = gaussian_data(ds)
        X = X * 50 + 3
        Xa, Xb, ya = split(X, y)
        est = fit(make_pipeline(StandardScaler(), naive_bayes.GaussianNB(
            var_smoothing=1e-6)), Xa, ya)
        model = sealed(est)
        check(f"Pipeline-GaussianNB-{ds}", est, model, held_out(Xa, Xb),
              n_split=len(Xb))


def test_gaussian_nb_float32_input(sealed):
    """float32 X: X - theta_ is float64 in scikit-learn (a float64 array
    operand), as the engine computes it."""
    X, y = gaussian_data("iris")
    Xa, Xb, ya = split(X, y)
    est = fit(naive_bayes.GaussianNB(), Xa, ya)
    model = sealed(est)
    check("GaussianNB-float32", est, model,
          held_out(Xa, Xb).astype(np.float32))


# ------------------------------------------- MultinomialNB, ComplementNB

DISCRETE_SETTINGS = {
    "MultinomialNB": [{}, {"alpha": 0.01}, {"fit_prior": False},
                      "class_prior"],
    "ComplementNB": [{}, {"norm": True}, {"alpha": 0.1, "norm": True},
                     {"alpha": 3.0}],
}


@pytest.mark.parametrize("setting", range(4))
@pytest.mark.parametrize("cls", sorted(DISCRETE_SETTINGS))
@pytest.mark.parametrize("ds", ["poisson", "digits", "poisson_binary"])
def test_multinomial_complement_parity(ds, cls, setting, sealed):
    X, y = count_data(ds)
    Xa, Xb, ya = split(X, y)
    params = DISCRETE_SETTINGS[cls][setting]
    if params == "class_prior":
        k = len(np.unique(y))
        p = np.arange(k, 0, -1.0)
        params = {"class_prior": p / p.sum()}
    est = fit(getattr(naive_bayes, cls)(**params), Xa, ya)
    model = sealed(est)
    check(f"{cls}-{ds}-{setting}", est, model, held_out_counts(Xa, Xb),
          n_split=len(Xb))


def test_discrete_float32_and_string_labels(sealed):
    X, y = count_data("poisson")
    Xa, Xb, ya = split(X, y)
    names = np.array(["north", "east", "south", "west"])
    for cls in (naive_bayes.MultinomialNB, naive_bayes.ComplementNB):
        est = fit(cls(), Xa, names[ya])
        model = sealed(est)
        Xh = held_out_counts(Xa, Xb)
        check(f"{cls.__name__}-str", est, model, Xh, n_split=len(Xb))
        check(f"{cls.__name__}-float32", est, model, Xh.astype(np.float32))


def test_discrete_zero_rows_tie(sealed):
    """A zero row with uniform priors: every class's jll is equal (0 +
    the same class term), so the first class wins on both sides, with
    equal probabilities."""
    X, y = count_data("poisson")
    Xa, _, ya = split(X, y)
    Z = np.zeros((3, X.shape[1]))
    for est in (naive_bayes.MultinomialNB(fit_prior=False),
                naive_bayes.MultinomialNB(class_prior=[0.25] * 4),
                naive_bayes.ComplementNB()):
        est = fit(est, Xa, ya)
        model = sealed(est)
        assert np.all(est.predict(Z) == est.classes_[0])
        check(f"{type(est).__name__}-tie", est, model, Z)
        assert np.array_equal(model.predict_proba(Z), est.predict_proba(Z))
        assert np.all(model.predict_proba(Z) == 0.25)


# ------------------------------------------------------------ BernoulliNB

@pytest.mark.parametrize("binarize", [0.0, 4.5, None])
@pytest.mark.parametrize("ds", ["digits", "poisson", "gaussian"])
def test_bernoulli_nb_parity(ds, binarize, sealed):
    """binarize=0.0 and a threshold (a Binarizer step before the
    NaiveBayes step), binarize=None on 0/1 input (no step)."""
    if ds == "gaussian":
        X, y = gaussian_data("five")
        threshold = {4.5: 0.3}.get(binarize, binarize)
    else:
        X, y = count_data(ds)
        threshold = binarize
    Xa, Xb, ya = split(X, y)
    Xh = held_out(Xa, Xb) if ds == "gaussian" else held_out_counts(Xa, Xb)
    if binarize is None:
        Xa = (Xa > 1.0).astype(np.float64)
        Xh = (Xh > 1.0).astype(np.float64)
    for params in ({}, {"alpha": 0.05, "fit_prior": False}):
        est = fit(naive_bayes.BernoulliNB(binarize=threshold, **params),
                  Xa, ya)
        model = sealed(est)
        check(f"BernoulliNB-{ds}-{binarize}", est, model, Xh,
              n_split=len(Xb))
    steps = modelseal.export(est, name="t", source=None)["estimator"]
    if binarize is None:
        assert steps["kind"] == "NaiveBayes"
    else:
        assert [s["kind"] for s in steps["steps"]] == ["Binarizer",
                                                      "NaiveBayes"]


def test_bernoulli_nb_binarize_none_fractional_input(sealed):
    """binarize=None on values in [0, 1]: scikit-learn uses them as they
    are (x . coef), and so does the engine."""
    X, y = gaussian_data("five")
    X = 1 / (1 + np.exp(-X))
    Xa, Xb, ya = split(X, y)
    est = fit(naive_bayes.BernoulliNB(binarize=None), Xa, ya)
    model = sealed(est)
    Xh = np.clip(held_out(Xa, Xb), 0.0, 1.0)
    check("BernoulliNB-fractional-None", est, model, Xh, n_split=len(Xb))


def test_bernoulli_nb_binarize_none_counts_refused(tmp_path):
    """binarize=None fitted on counts: a feature probability above 1,
    log(1 - p) is NaN and scikit-learn's predict_proba is NaN: refused at
    save."""
    X, y = count_data("poisson_binary")
    est = fit(naive_bayes.BernoulliNB(binarize=None), X, y)
    assert (est.feature_log_prob_ > 0).any()
    assert np.isnan(quiet(est.predict_proba, X[:5])).any()
    with pytest.raises(modelseal.UnsupportedEstimatorError) as e:
        quiet(modelseal.save, est, tmp_path / "m.seal", name="nb",
              version=1, source=None)
    assert "feature_log_prob_" in str(e.value)


def test_bernoulli_nb_float32_threshold(sealed):
    """float32 X with binarize=0.1: numpy compares a float32 array with the
    threshold in float32 (0.1 rounded to float32), so x = float32(0.1) is
    not above it; in float64 it would be (float32(0.1) > 0.1)."""
    X, y = gaussian_data("five")
    X = np.abs(X) / 10
    Xa, Xb, ya = split(X, y)
    est = fit(naive_bayes.BernoulliNB(binarize=0.1), Xa, ya)
    model = sealed(est)
    Xh = held_out(Xa, Xb).astype(np.float32)
    f = np.float32(0.1)
    assert float(f) > 0.1
    Xh[:, 0] = f
    Xh[::2, 1] = f
    # The rows where the two rules differ change scikit-learn's labels.
    as64 = est.predict_proba(Xh.astype(np.float64))
    assert not np.array_equal(as64, est.predict_proba(Xh))
    check("BernoulliNB-float32", est, model, Xh)
    assert np.array_equal(model.predict(Xh), est.predict(Xh))


# --------------------------------------------------------- CategoricalNB

def categorical_data(seed=0, rows=600, categories=(3, 5, 2, 8, 4), k=3):
    """(X, y): integer category columns drawn from class-dependent
    distributions (k classes)."""
    rng = np.random.RandomState(seed)
    y = rng.randint(0, k, size=rows)
    cols = []
    for c in categories:
        p = rng.dirichlet(np.ones(c), size=k)
        cols.append([rng.choice(c, p=p[label]) for label in y])
    return np.array(cols, dtype=np.int64).T, y


CATEGORICAL_SETTINGS = {
    "default": {},
    "alpha": {"alpha": 0.3},
    "alpha_zero": {"alpha": 0.0, "force_alpha": True},
    "min_categories": {"min_categories": [4, 5, 3, 9, 6]},
    "no_fit_prior": {"fit_prior": False},
    "class_prior": {"class_prior": [0.2, 0.5, 0.3]},
}


@pytest.mark.parametrize("setting", sorted(CATEGORICAL_SETTINGS))
def test_categorical_nb_parity(setting, sealed):
    X, y = categorical_data()
    Xa, Xb, ya = split(X, y)
    est = fit(naive_bayes.CategoricalNB(**CATEGORICAL_SETTINGS[setting]),
              Xa, ya)
    model = quiet(sealed, est)
    # Every category of each feature (the unused min_categories ones too),
    # and fractional values: check_array(dtype="int") truncates them.
    rng = np.random.RandomState(1)
    n_cat = est.n_categories_
    Z = np.stack([rng.randint(0, c, size=200) for c in n_cat], axis=1)
    frac = Z + rng.rand(*Z.shape) * 0.999
    frac[:20, 0] = -0.75  # truncates to 0
    Xh = np.vstack([Xb, Z]).astype(np.float64)
    check(f"CategoricalNB-{setting}", est, model, Xh, n_split=len(Xb))
    check(f"CategoricalNB-{setting}-fractional", est, model, frac)
    check(f"CategoricalNB-{setting}-float32", est, model,
          frac.astype(np.float32))


def test_categorical_nb_string_labels_in_pipeline(sealed):
    from sklearn.preprocessing import FunctionTransformer
    X, y = categorical_data(seed=2, k=4)
    labels = np.array(["d", "a", "c", "b"])[y]
    Xa, Xb, ya = split(X, labels)
    est = fit(make_pipeline(FunctionTransformer(),
                            naive_bayes.CategoricalNB()), Xa, ya)
    model = sealed(est)
    check("CategoricalNB-pipeline", est, model, Xb.astype(np.float64))


def test_categorical_nb_refuses_what_scikit_learn_refuses(sealed):
    """A negative value (ValueError in scikit-learn), a category index the
    feature did not have (IndexError), a value beyond int64 (negative after
    numpy's cast): InputError E915 naming the cell."""
    X, y = categorical_data()
    est = fit(naive_bayes.CategoricalNB(), X, y)
    model = sealed(est)
    n_cat = est.n_categories_
    for col, bad, exc in [(0, -1.0, ValueError),
                          (1, float(n_cat[1]), IndexError),
                          (3, n_cat[3] + 0.5, IndexError),
                          (2, 1e300, ValueError)]:
        Xbad = X[:4].astype(np.float64)
        Xbad[3, col] = bad
        with pytest.raises(exc):
            quiet(est.predict, Xbad)
        for method in ("predict", "predict_proba"):
            with pytest.raises(modelseal.InputError, match="E915") as e:
                getattr(model, method)(Xbad)
            assert f"X[3][{col}]" in str(e.value)
    Xnan = X[:4].astype(np.float64)
    Xnan[1, 2] = np.nan
    with pytest.raises(ValueError):
        est.predict(Xnan)
    with pytest.raises(modelseal.InputError, match="E903"):
        model.predict(Xnan)


# ------------------------------------------------------------ refusals

def test_single_class_fit_refused(tmp_path):
    X, _ = count_data("poisson")
    y = np.zeros(len(X), dtype=int)
    for i, est in enumerate([
            naive_bayes.GaussianNB(), naive_bayes.MultinomialNB(),
            naive_bayes.ComplementNB(), naive_bayes.BernoulliNB(),
            naive_bayes.BernoulliNB(binarize=None),
            make_pipeline(StandardScaler(), naive_bayes.GaussianNB())]):
        est = fit(est, X, y)
        with pytest.raises(modelseal.UnsupportedEstimatorError) as e:
            modelseal.save(est, tmp_path / f"m{i}.seal", name="nb",
                           version=1, source=None)
        assert "single class" in str(e.value)


@pytest.mark.parametrize("cls", ["GaussianNB", "MultinomialNB",
                                 "ComplementNB", "BernoulliNB"])
def test_nonfinite_input_refused_as_scikit_learn(cls, sealed):
    X, y = count_data("poisson")
    est = fit(getattr(naive_bayes, cls)(), X, y)
    model = sealed(est)
    for bad in (np.nan, np.inf, -np.inf):
        Xb = X[:5].copy()
        Xb[2, 1] = bad
        with pytest.raises(ValueError):
            est.predict(Xb)
        for method in ("predict", "predict_proba", "predict_log_proba",
                       "score"):
            args = (Xb, y[:5]) if method == "score" else (Xb,)
            with pytest.raises(modelseal.InputError):
                getattr(model, method)(*args)
        with pytest.raises(modelseal.InputError):
            model.predict(Xb.astype(np.float32))


# -------------------------------------------- predict_log_proba underflow

def test_log_proba_of_underflowing_probabilities(sealed):
    """Where a probability underflows to 0, predict_log_proba stays finite
    (jll - logsumexp(jll)), as scikit-learn's naive Bayes; np.log of
    predict_proba would be -inf."""
    X, y = gaussian_data("iris")
    est = fit(naive_bayes.GaussianNB(), X, y)
    model = sealed(est)
    # Virginica rows with longer, wider petals: setosa's log probability is
    # about -1100, its probability 0.
    Xt = X[100:105] * np.array([1.0, 1.0, 1.3, 1.3])
    want = est.predict_log_proba(Xt)
    assert np.isfinite(want).all()
    assert (est.predict_proba(Xt) == 0).any()
    got = model.predict_log_proba(Xt)
    np.testing.assert_allclose(got, want, rtol=1e-12)


# ------------------------------------------------------------ report

def test_report_largest_errors():
    """Prints the largest predict_proba differences measured by the tests
    above (run with -s): absolute, relative to the probability (normal
    range), and in the bound's measure (relative / (1 + M[c] + max M))."""
    if not WORST:
        pytest.skip("no comparisons ran")
    print(f"\n{'predict_proba':22} {'max |diff|':>11} {'max rel':>11} "
          f"{'/magnitude':>11}")
    for key in sorted(WORST):
        a, r, rm = WORST[key]
        print(f"{key:22} {a:11.3e} {r:11.3e} {rm:11.3e}")
    split = [v for k, v in WORST.items() if k.endswith("(split)")]
    assert max(a for a, _, _ in split) <= ABS_TOL
    assert max(r for _, r, _ in split) <= REL_TOL
    assert max(rm for _, _, rm in WORST.values()) <= RTOL

# Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
"""scikit-learn's libsvm estimators (SVC, NuSVC, SVR, NuSVR, OneClassSVM)
exported with modelseal.save and evaluated by the native engine, compared
with scikit-learn on the fitted rows and on held-out rows (fresh rows, rows
10x and 100x beyond the fitted range, sign-flipped rows, zeros), for each
kernel (linear, poly, rbf, sigmoid), gamma 'scale' / 'auto' / a number,
decision_function_shape 'ovo' and 'ovr', break_ties, probability=True,
string labels, class_weight, alone and after a StandardScaler in a Pipeline.

Labels (predict of SVC, NuSVC, OneClassSVM) are identical, exact ties
included: libsvm votes for the second class of a pair whose decision value
is not > 0, takes the first class among equal votes, and OneClassSVM says -1
at exactly 0; the 'ovr' decision function counts a 0 for the first class
(its dec < 0 test), so break_ties can differ from the vote. The one
exception is a row with a decision value within the bound below of 0, whose
label rounding decides (ambiguous_rows; counted and printed, at most 2% of
a test's rows).

The continuous outputs are not bit-exact: the engine sums the kernel's dot
products in another order than the BLAS ddot scikit-learn's libsvm calls.
They are held to RTOL times the magnitude the value is computed from
(``magnitude`` below), the error measure include/modelseal/predictor.h
states. Run ``pytest -s test_svm_parity.py`` to print the largest errors
measured per estimator and output, in that measure and relative to
max(1, |value|)."""

import warnings

import numpy as np
import pytest
import scipy.sparse
from sklearn import datasets, svm
from sklearn.datasets import make_classification, make_regression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

import modelseal
from compare import held_out, quiet

# The bound include/modelseal/predictor.h states for the libsvm estimators'
# continuous outputs (decision_function, SVR / NuSVR predict, predict_proba):
# |got - want| <= RTOL * magnitude(value), where a decision value's magnitude
# is |intercept| + sum over support vectors of |dual_coef| times the kernel
# term's own magnitude (its condition: sum_j |x_j sv_j| for linear,
# (|gamma| sum_j |x_j sv_j| + |coef0|)^degree for poly, 1 + |gamma|
# sum_j |x_j sv_j| + |coef0| for sigmoid, K (1 + gamma sum_j (x_j - sv_j)^2)
# for rbf); an 'ovr' score's is the sum of its pairs', a probability's is
# 1 + max over pairs |probA| times the pair's magnitude.
RTOL = 1e-12

KERNELS = {
    "linear": {"kernel": "linear"},
    "poly": {"kernel": "poly", "degree": 3, "coef0": 1.0},
    "rbf": {"kernel": "rbf"},
    # gamma 'scale' and 'auto' make unscaled iris's sigmoid fit degenerate
    # (5-7% accuracy; with 'auto' most decision values are rounding
    # residues of 0): a number.
    "sigmoid": {"kernel": "sigmoid", "coef0": -1.0, "gamma": 0.02},
}

# (estimator/output) -> [max |got - want|, max error / magnitude, max
# |got - want| / max(1, |want|)], printed by test_report_largest_errors.
WORST = {}
# estimator -> [ambiguous rows, of which labels differed, rows compared]
AMBIGUOUS = {}


# ----------------------------------------------------------------- data

def clf_data(name):
    """(X, y): iris (3 classes, unscaled), a 5-class synthetic set (6
    features), a binary synthetic set (5 features) and breast_cancer (30
    unscaled features, binary)."""
    if name == "iris":
        return datasets.load_iris(return_X_y=True)
    if name == "five":
        return make_classification(
            n_samples=300, n_features=6, n_informative=4, n_redundant=0,
            n_classes=5, n_clusters_per_class=1, class_sep=1.5,
            random_state=0)
    if name == "binary":
        return make_classification(n_samples=200, n_features=5,
                                   n_informative=3, random_state=1)
    if name == "breast_cancer":
        return datasets.load_breast_cancer(return_X_y=True)
    raise KeyError(name)


def reg_data(name):
    if name == "diabetes":
        return datasets.load_diabetes(return_X_y=True)
    if name == "synthetic":
        X, y = make_regression(n_samples=250, n_features=6, n_informative=4,
                               noise=5.0, random_state=0)
        return X, y / 10 + np.sin(X[:, 0])
    raise KeyError(name)


# ------------------------------------------------------------ the measure

def _kernel_magnitude(est, X):
    """[rows, support vectors]: the magnitude each kernel term K(x, sv) is
    computed from (its rounding errors are a few ulp of it)."""
    sv = est.support_vectors_
    g = abs(float(est._gamma))
    absdot = np.abs(X) @ np.abs(sv).T
    if est.kernel == "linear":
        return absdot
    if est.kernel == "poly":
        return (g * absdot + abs(est.coef0)) ** est.degree
    if est.kernel == "sigmoid":
        return 1.0 + g * absdot + abs(est.coef0)
    if est.kernel == "rbf":
        d = ((X[:, None, :] - sv[None, :, :]) ** 2).sum(axis=2)
        with np.errstate(under="ignore"):
            return np.exp(-est._gamma * d) * (1.0 + est._gamma * d)
    raise AssertionError(est.kernel)


def _pairs(n_classes):
    return [(i, j) for i in range(n_classes) for j in range(i + 1, n_classes)]


def magnitude(est, X):
    """The magnitude of each libsvm decision value on X: [rows, pairs] for
    SVC / NuSVC (libsvm's pair order), [rows, 1] for SVR, NuSVR and
    OneClassSVM."""
    X = np.asarray(X, dtype=np.float64)
    m = _kernel_magnitude(est, X)
    coef = np.abs(est._dual_coef_)
    b = np.abs(est._intercept_)
    if coef.shape[0] == 1 and len(getattr(est, "classes_", [0, 1])) <= 2:
        return m @ coef[0][:, None] + b[None, :]
    start = np.concatenate([[0], np.cumsum(est._n_support)])
    cols = []
    for i, j in _pairs(len(est._n_support)):
        w = np.zeros(m.shape[1])
        w[start[i]:start[i + 1]] = coef[j - 1, start[i]:start[i + 1]]
        w[start[j]:start[j + 1]] = coef[i, start[j]:start[j + 1]]
        cols.append(m @ w)
    return np.column_stack(cols) + b[None, :]


def decision_magnitude(est, X):
    """magnitude() in the shape of est.decision_function(X)."""
    M = magnitude(est, X)
    n_classes = len(getattr(est, "classes_", []))
    if n_classes > 2 and est.decision_function_shape == "ovr":
        out = np.zeros((M.shape[0], n_classes))
        for p, (i, j) in enumerate(_pairs(n_classes)):
            out[:, i] += M[:, p]
            out[:, j] += M[:, p]
        return out
    return M[:, 0] if M.shape[1] == 1 else M


def proba_magnitude(est, X):
    """[rows, 1]: 1 + max over pairs of |probA| times the pair's
    magnitude (a probability moves by at most |probA| / 4 per unit of a
    decision value, then through the pairwise coupling)."""
    M = magnitude(est, X) * np.abs(est._probA)[None, :]
    return 1.0 + M.max(axis=1, keepdims=True)


def assert_close(key, got, want, mag):
    """|got - want| <= RTOL * mag entry by entry; records the worst."""
    got = np.asarray(got)
    want = np.asarray(want)
    assert got.shape == want.shape, f"{key}: {got.shape} != {want.shape}"
    assert got.dtype == np.float64, f"{key}: dtype {got.dtype}"
    assert np.isfinite(want).all()
    err = np.abs(got - want)
    mag = np.broadcast_to(mag, want.shape)
    rel = err / mag
    rel1 = err / np.maximum(1.0, np.abs(want))
    w = WORST.setdefault(key, [0.0, 0.0, 0.0])
    w[0] = max(w[0], float(err.max(initial=0.0)))
    w[1] = max(w[1], float(rel.max(initial=0.0)))
    w[2] = max(w[2], float(rel1.max(initial=0.0)))
    bad = ~(err <= RTOL * mag)
    if bad.any():
        k = np.unravel_index(np.argmax(np.where(bad, rel, -1)), want.shape)
        raise AssertionError(
            f"{key}: {np.count_nonzero(bad)} of {want.size} beyond RTOL * "
            f"magnitude; worst at {tuple(int(i) for i in k)}: got "
            f"{got[k]!r}, want {want[k]!r}, |diff| {err[k]:.3e}, magnitude "
            f"{mag[k]:.3e} ({rel[k]:.3e} of it)")


def assert_labels(key, got, want, ambiguous=None):
    """Identical labels, except on `ambiguous` rows (whose label rounding
    decides, see ambiguous_rows), which are counted in AMBIGUOUS."""
    got = np.asarray(got)
    want = np.asarray(want)
    assert got.shape == want.shape, f"{key}: {got.shape} != {want.shape}"
    assert got.dtype.kind == want.dtype.kind, \
        f"{key}: dtype {got.dtype} != {want.dtype}"
    differ = got != want
    if ambiguous is not None:
        a = AMBIGUOUS.setdefault(key.split("-")[0], [0, 0, 0])
        a[0] += int(ambiguous.sum())
        a[1] += int((differ & ambiguous).sum())
        a[2] += ambiguous.size
        differ &= ~ambiguous
    diff = np.flatnonzero(differ)
    assert diff.size == 0, \
        f"{key}: {diff.size} labels differ, at rows {diff[:10]}: got " \
        f"{got[diff[:5]]}, want {want[diff[:5]]}"


def ambiguous_rows(svc, Xi):
    """Rows whose label rounding decides: a libsvm decision value within
    RTOL * magnitude of 0 (the vote, OneClassSVM's sign), or, with
    break_ties, the two largest 'ovr' scores within the sum of their bounds.
    (Degenerate fits have them: a zero row through a sigmoid or poly kernel
    makes every kernel value equal, and a pair's dual coefficients sum to
    0, so its decision value is its intercept plus rounding; when that
    intercept is 0 the sign is the rounding's.) Exact ties are tested
    separately (test_*_exactly_zero, test_multiclass_vote_ties)."""
    Xi = np.asarray(Xi, dtype=np.float64)
    M = magnitude(svc, Xi)
    d = svc._decision_function(Xi).reshape(M.shape)
    amb = (np.abs(d) <= RTOL * M).any(axis=1)
    k = len(getattr(svc, "classes_", []))
    if k > 2 and svc.decision_function_shape == "ovr" and svc.break_ties:
        s = svc.decision_function(Xi)
        Ms = decision_magnitude(svc, Xi)
        order = np.argsort(-s, axis=1, kind="stable")
        r = np.arange(len(s))
        a, b = order[:, 0], order[:, 1]
        amb |= s[r, a] - s[r, b] <= RTOL * (Ms[r, a] + Ms[r, b])
    return amb


def final(est):
    return est[-1] if hasattr(est, "steps") else est


def inner_X(est, X):
    """X as the SVM step sees it (after a Pipeline's transformers)."""
    return est[:-1].transform(X) if hasattr(est, "steps") else X


def check_classifier(key, est, model, X):
    """predict identical (but on ambiguous rows); decision_function (and
    predict_proba when the model has it) within the bound; an 'ovr'
    decision function counts votes, so not on ambiguous rows either."""
    svc = final(est)
    Xi = inner_X(est, X)
    amb = ambiguous_rows(svc, Xi)
    assert amb.mean() <= 0.02, f"{key}: {amb.sum()} ambiguous rows"
    assert_labels(f"{key}.predict", model.predict(X), est.predict(X), amb)
    got, want = model.decision_function(X), est.decision_function(X)
    if want.ndim == 2 and svc.decision_function_shape == "ovr":
        got, want, Xi_ = got[~amb], want[~amb], Xi[~amb]
    else:
        Xi_ = Xi
    assert_close(f"{type(svc).__name__}.decision_function", got, want,
                 decision_magnitude(svc, Xi_))
    assert hasattr(model, "predict_proba") == hasattr(est, "predict_proba")
    if hasattr(est, "predict_proba"):
        assert_close(f"{type(svc).__name__}.predict_proba",
                     model.predict_proba(X), quiet(est.predict_proba, X),
                     proba_magnitude(svc, Xi))
        # predict_log_proba is np.log of those on both sides: within the
        # bound divided by the probability, plus the log's rounding.
        p = quiet(est.predict_proba, X)
        lp_want = quiet(est.predict_log_proba, X)
        lp_got = quiet(model.predict_log_proba, X)
        assert lp_got.shape == lp_want.shape, key
        bound = RTOL * proba_magnitude(svc, Xi) / p + \
            2 * np.spacing(np.abs(lp_want))
        assert (np.abs(lp_got - lp_want) <= bound).all(), key
    assert np.array_equal(model.classes_, est.classes_), key


def fit(est, X, y=None):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # probability=True: FutureWarning
        return est.fit(X) if y is None else est.fit(X, y)


# ------------------------------------------------------------ SVC / NuSVC

@pytest.mark.parametrize("shape", ["ovo", "ovr"])
@pytest.mark.parametrize("kernel", sorted(KERNELS))
@pytest.mark.parametrize("ds", ["binary", "iris", "five"])
def test_svc_parity(ds, kernel, shape, roundtrip):
    X, y = clf_data(ds)
    est = fit(svm.SVC(decision_function_shape=shape, **KERNELS[kernel]), X, y)
    model = roundtrip(est)
    check_classifier(f"SVC-{ds}-{kernel}-{shape}", est, model, held_out(X))


@pytest.mark.parametrize("gamma", ["scale", "auto", 0.3])
@pytest.mark.parametrize("kernel", ["poly", "rbf", "sigmoid"])
def test_svc_gamma(kernel, gamma, roundtrip):
    X, y = clf_data("five")
    params = dict(KERNELS[kernel], gamma=gamma)
    if kernel == "poly":
        params.update(degree=2, coef0=0.0)
    est = fit(svm.SVC(**params), X, y)
    model = roundtrip(est)
    check_classifier(f"SVC-gamma-{kernel}-{gamma}", est, model, held_out(X))


@pytest.mark.parametrize("kernel", sorted(KERNELS))
@pytest.mark.parametrize("ds", ["iris", "five"])
def test_svc_break_ties(ds, kernel, roundtrip):
    """break_ties=True: argmax of the 'ovr' decision function instead of
    the vote (3+ classes)."""
    X, y = clf_data(ds)
    est = fit(svm.SVC(decision_function_shape="ovr", break_ties=True,
                      **KERNELS[kernel]), X, y)
    model = roundtrip(est)
    Xh = held_out(X)
    check_classifier(f"SVC-break_ties-{ds}-{kernel}", est, model, Xh)
    plain = fit(svm.SVC(decision_function_shape="ovr", **KERNELS[kernel]),
                X, y)
    # The data has rows where the two rules disagree (else the test would
    # not tell them apart) ...
    if kernel == "rbf" and ds == "five":
        assert np.any(est.predict(Xh) != plain.predict(Xh))
    # ... and the model without break_ties still votes.
    assert_labels(f"SVC-no-break_ties-{ds}-{kernel}",
                  roundtrip(plain).predict(Xh), plain.predict(Xh),
                  ambiguous_rows(plain, Xh))


@pytest.mark.parametrize("kernel", sorted(KERNELS))
@pytest.mark.parametrize("ds", ["binary", "iris", "five"])
def test_svc_predict_proba(ds, kernel, roundtrip):
    X, y = clf_data(ds)
    est = fit(svm.SVC(probability=True, random_state=0, **KERNELS[kernel]),
              X, y)
    model = roundtrip(est)
    check_classifier(f"SVC-proba-{ds}-{kernel}", est, model, held_out(X))


def test_svc_without_probability_has_no_predict_proba(roundtrip):
    X, y = clf_data("iris")
    est = fit(svm.SVC(), X, y)
    model = roundtrip(est)
    assert not hasattr(est, "predict_proba")
    assert not hasattr(model, "predict_proba")
    assert not hasattr(model, "predict_log_proba")


@pytest.mark.parametrize("ds", ["binary", "iris", "five"])
def test_svc_string_and_unordered_labels(ds, roundtrip):
    """classes_ are sorted; the labels come back as the fitted ones:
    strings, and negative, non-contiguous integers."""
    X, y = clf_data(ds)
    names = np.array(["zeta", "alpha", "mu", "beta", "omega"])
    for labels in (names[y], np.array([7, -3, 40, 0, 12])[y]):
        est = fit(svm.SVC(probability=ds != "five", random_state=0), X,
                  labels)
        model = roundtrip(est)
        check_classifier(f"SVC-labels-{ds}-{labels.dtype.kind}", est, model,
                         held_out(X))


def test_svc_class_weight(roundtrip):
    """class_weight changes the fit only; the fitted model predicts as
    any other."""
    X, y = clf_data("five")
    for cw in ("balanced", {0: 5.0, 3: 0.2}):
        est = fit(svm.SVC(class_weight=cw, probability=True, random_state=0),
                  X, y)
        model = roundtrip(est)
        check_classifier("SVC-class_weight", est, model, held_out(X))


@pytest.mark.parametrize("shape", ["ovo", "ovr"])
@pytest.mark.parametrize("kernel", sorted(KERNELS))
@pytest.mark.parametrize("ds", ["binary", "iris", "five"])
def test_nusvc_parity(ds, kernel, shape, roundtrip):
    X, y = clf_data(ds)
    est = fit(svm.NuSVC(nu=0.3, decision_function_shape=shape,
                        **KERNELS[kernel]), X, y)
    model = roundtrip(est)
    check_classifier(f"NuSVC-{ds}-{kernel}-{shape}", est, model, held_out(X))


def test_nusvc_break_ties_and_proba(roundtrip):
    X, y = clf_data("five")
    est = fit(svm.NuSVC(nu=0.2, break_ties=True, probability=True,
                        random_state=0), X, y)
    model = roundtrip(est)
    check_classifier("NuSVC-break_ties-proba", est, model, held_out(X))


# ------------------------------------------------------------ SVR / NuSVR

def check_regressor(key, est, model, X):
    reg = final(est)
    want = est.predict(X)
    assert_close(f"{type(reg).__name__}.predict", model.predict(X), want,
                 magnitude(reg, inner_X(est, X))[:, 0])
    assert not hasattr(model, "decision_function")
    assert not hasattr(model, "predict_proba")


@pytest.mark.parametrize("kernel", sorted(KERNELS))
@pytest.mark.parametrize("ds", ["diabetes", "synthetic"])
def test_svr_parity(ds, kernel, roundtrip):
    X, y = reg_data(ds)
    for params in ({}, {"C": 30.0, "epsilon": 0.5}):
        est = fit(svm.SVR(**KERNELS[kernel], **params), X, y)
        model = roundtrip(est)
        check_regressor(f"SVR-{ds}-{kernel}", est, model, held_out(X))


@pytest.mark.parametrize("kernel", sorted(KERNELS))
@pytest.mark.parametrize("ds", ["diabetes", "synthetic"])
def test_nusvr_parity(ds, kernel, roundtrip):
    X, y = reg_data(ds)
    for params in ({}, {"C": 30.0, "nu": 0.2}):
        est = fit(svm.NuSVR(**KERNELS[kernel], **params), X, y)
        model = roundtrip(est)
        check_regressor(f"NuSVR-{ds}-{kernel}", est, model, held_out(X))


@pytest.mark.parametrize("gamma", ["scale", "auto", 2.5])
def test_svr_gamma(gamma, roundtrip):
    X, y = reg_data("synthetic")
    est = fit(svm.SVR(gamma=gamma, C=10.0), X, y)
    check_regressor(f"SVR-gamma-{gamma}", est, roundtrip(est), held_out(X))


# ------------------------------------------------------------ OneClassSVM

@pytest.mark.parametrize("kernel", sorted(KERNELS))
@pytest.mark.parametrize("ds", ["iris", "five"])
def test_one_class_svm_parity(ds, kernel, roundtrip):
    X, _ = clf_data(ds)
    for nu in (0.1, 0.5):
        est = fit(svm.OneClassSVM(nu=nu, **KERNELS[kernel]), X)
        model = roundtrip(est)
        Xh = held_out(X)
        want = est.predict(Xh)
        assert set(np.unique(want)) == {-1, 1}  # both sides are exercised
        assert_labels(f"OneClassSVM-{ds}-{kernel}-{nu}.predict",
                      model.predict(Xh), want, ambiguous_rows(est, Xh))
        assert_close("OneClassSVM.decision_function",
                     model.decision_function(Xh), est.decision_function(Xh),
                     magnitude(est, Xh)[:, 0])
        assert not hasattr(model, "predict_proba")
        # An outlier detector's API: score_samples (decision_function +
        # offset_), offset_, no classes_ and no score.
        assert np.array_equal(model.offset_, est.offset_)
        assert_close("OneClassSVM.score_samples", model.score_samples(Xh),
                     est.score_samples(Xh),
                     magnitude(est, Xh)[:, 0] + np.abs(est.offset_))
        assert not hasattr(model, "classes_")
        assert not hasattr(model, "score")


# ------------------------------------------------------------ Pipeline

def test_in_pipeline_after_standard_scaler(roundtrip):
    X, y = clf_data("breast_cancer")
    for kernel in sorted(KERNELS):
        est = fit(make_pipeline(StandardScaler(), svm.SVC(
            probability=True, random_state=0, **KERNELS[kernel])), X, y)
        model = roundtrip(est)
        check_classifier(f"Pipeline-SVC-{kernel}", est, model, held_out(X))
    X5, y5 = clf_data("five")
    est = fit(make_pipeline(StandardScaler(), svm.NuSVC(
        decision_function_shape="ovo")), X5 * 50 + 3, y5)
    check_classifier("Pipeline-NuSVC", est, roundtrip(est),
                     held_out(X5 * 50 + 3))
    Xr, yr = reg_data("diabetes")
    for cls in (svm.SVR, svm.NuSVR):
        est = fit(make_pipeline(StandardScaler(), cls(C=50.0)), Xr, yr)
        check_regressor(f"Pipeline-{cls.__name__}", est, roundtrip(est),
                        held_out(Xr))
    est = fit(make_pipeline(StandardScaler(), svm.OneClassSVM(nu=0.2)), X)
    model = roundtrip(est)
    Xh = held_out(X)
    assert_labels("OneClassSVM-pipeline.predict", model.predict(Xh),
                  est.predict(Xh),
                  ambiguous_rows(est[-1], est[:-1].transform(Xh)))
    assert_close("OneClassSVM.decision_function",
                 model.decision_function(Xh), est.decision_function(Xh),
                 magnitude(est[-1], est[:-1].transform(Xh))[:, 0])


def test_float32_input_as_scikit_learn(roundtrip):
    """scikit-learn's libsvm reads float32 X as float64."""
    X, y = clf_data("iris")
    est = fit(svm.SVC(probability=True, random_state=0), X, y)
    model = roundtrip(est)
    X32 = held_out(X).astype(np.float32)
    check_classifier("SVC-float32", est, model, X32)
    Xr, yr = reg_data("synthetic")
    reg = fit(svm.SVR(C=10.0), Xr, yr)
    check_regressor("SVR-float32", reg, roundtrip(reg),
                    held_out(Xr).astype(np.float32))


def test_nonfinite_input_refused_as_scikit_learn(roundtrip):
    X, y = clf_data("iris")
    est = fit(svm.SVC(), X, y)
    model = roundtrip(est)
    for bad in (np.nan, np.inf):
        Xb = X[:5].copy()
        Xb[2, 1] = bad
        with pytest.raises(ValueError):
            est.predict(Xb)
        with pytest.raises(modelseal.InputError):
            model.predict(Xb)
        with pytest.raises(modelseal.InputError):
            model.decision_function(Xb)


# ------------------------------------------------------------ ties

def _set_state(est, sv, dual_coef, intercept, n_support, probA=None,
               probB=None):
    """Replaces a fitted libsvm estimator's model, keeping the public and
    private attributes consistent as fit leaves them (binary SVC / NuSVC
    keep dual_coef_ and intercept_ negated)."""
    sv = np.ascontiguousarray(sv, dtype=np.float64)
    est.support_vectors_ = sv
    est.support_ = np.arange(len(sv), dtype=np.int32)
    est._n_support = np.asarray(n_support, dtype=np.int32)
    est._dual_coef_ = np.ascontiguousarray(dual_coef, dtype=np.float64)
    est._intercept_ = np.asarray(intercept, dtype=np.float64)
    flip = est._impl in ("c_svc", "nu_svc") and len(est.classes_) == 2
    est.dual_coef_ = -est._dual_coef_ if flip else est._dual_coef_
    est.intercept_ = -est._intercept_ if flip else est._intercept_.copy()
    if est._impl == "one_class":
        est.offset_ = -est._intercept_
    if probA is not None:
        est._probA = np.asarray(probA, dtype=np.float64)
        est._probB = np.asarray(probB, dtype=np.float64)
    est.shape_fit_ = (len(sv), sv.shape[1])
    est.n_features_in_ = sv.shape[1]
    return est


def test_binary_decision_exactly_zero(roundtrip):
    """A decision value of exactly 0 is not > 0: libsvm votes for the
    second class (decision_function returns -0.0)."""
    X = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [2.0, 1.0]] * 5)
    y = np.array([0, 1, 1, 0] * 5)
    for intercept in (0.0, 0.5):
        est = fit(svm.SVC(kernel="linear", probability=True, random_state=0),
                  X, y)
        # dec(x) = x0 - x1 + intercept.
        _set_state(est, [[1.0, 0.0], [0.0, 1.0]], [[1.0, -1.0]],
                   [intercept], [1, 1], probA=[-2.0], probB=[0.0])
        Xt = np.array([[a, a + intercept] for a in
                       (0.0, 1.0, -3.25, 1e10, 2.0**-40)] +
                      [[1.0, 0.0], [0.0, 1.0], [3.0, 3.5]])
        want = est.decision_function(Xt)
        assert np.count_nonzero(want == 0) >= 5  # the ties are exact
        model = roundtrip(est)
        assert_labels("tie-binary.predict", model.predict(Xt),
                      est.predict(Xt))
        assert np.array_equal(model.decision_function(Xt), want)
        p = quiet(est.predict_proba, Xt)
        assert np.all(p[want == 0] == 0.5)
        assert_close("SVC.predict_proba", model.predict_proba(Xt), p,
                     proba_magnitude(est, Xt))
        assert np.all(model.predict_proba(Xt)[want == 0] == 0.5)


def test_multiclass_vote_ties(roundtrip):
    """Three classes, one support vector each, linear kernel on the unit
    vectors: dec(i, j) = x_i - x_j + b_p. Exact zeros (a vote for j, but
    for i in 'ovr'), equal votes (the first class), and break_ties (the
    'ovr' scores, first maximum)."""
    X = np.vstack([np.eye(3) * s for s in (1.0, 2.0, 3.0, 4.0)])
    y = np.array([0, 1, 2] * 4)
    Xt = np.array([[0.0, 0.0, 0.0], [1.0, 1.0, 1.0], [2.0, 2.0, 0.0],
                   [0.0, 2.0, 2.0], [2.0, 0.0, 2.0], [1.0, 2.0, 3.0],
                   [3.0, 2.0, 1.0], [0.5, 0.25, 0.5], [-1.0, 5.0, 5.0]])
    # sv_coef[j-1][sv of i] = 1, sv_coef[i][sv of j] = -1 for each pair.
    dual = [[1.0, -1.0, -1.0], [1.0, 1.0, -1.0]]
    for intercepts in ([0.0, 0.0, 0.0], [1.0, -1.0, 1.0], [1.0, -2.0, 1.0],
                       [-1.0, 1.0, -1.0], [0.0, 1.0, 0.0]):
        for shape, ties in (("ovo", False), ("ovr", False), ("ovr", True)):
            est = fit(svm.SVC(kernel="linear", decision_function_shape=shape,
                              break_ties=ties), X, y)
            _set_state(est, np.eye(3), dual, intercepts, [1, 1, 1])
            model = roundtrip(est)
            key = f"tie-3-{intercepts}-{shape}-{ties}"
            assert_labels(key, model.predict(Xt), est.predict(Xt))
            assert np.array_equal(model.decision_function(Xt),
                                  est.decision_function(Xt)), key
            if intercepts == [0.0, 0.0, 0.0]:
                # All three decisions 0 at x = 0: votes (0, 1, 2), so the
                # vote picks class 2; 'ovr' counts them (2, 1, 0) and
                # break_ties picks class 0.
                assert est.predict(Xt[:1])[0] == (0 if ties else 2)
            if intercepts == [1.0, -1.0, 1.0] and not ties:
                # Votes (1, 1, 1) at x = 0: the first class.
                assert est.predict(Xt[:1])[0] == 0
            if intercepts == [1.0, -2.0, 1.0]:
                # Votes (1, 1, 1) again, 'ovr' scores 1 - 1/6, 1, 1 + 1/6.
                assert est.predict(Xt[:1])[0] == (2 if ties else 0)


def test_one_class_decision_exactly_zero(roundtrip):
    X = np.random.RandomState(0).normal(size=(50, 2))
    est = fit(svm.OneClassSVM(kernel="linear"), X)
    _set_state(est, [[1.0, 0.0], [0.0, 1.0]], [[1.0, -1.0]], [0.0], [2, 2])
    Xt = np.array([[0.0, 0.0], [1.0, 1.0], [-7.5, -7.5], [1.0, 0.0],
                   [0.0, 1.0]])
    want = est.predict(Xt)
    assert list(want) == [-1, -1, -1, 1, -1]
    model = roundtrip(est)
    assert_labels("tie-one-class.predict", model.predict(Xt), want)
    assert np.array_equal(model.decision_function(Xt),
                          est.decision_function(Xt))


# ------------------------------------------------------------ refusals

def test_unsupported_kernels_and_states_refused(tmp_path):
    """kernel='precomputed', a callable kernel, a model fitted on sparse
    input, break_ties with 'ovo': UnsupportedEstimatorError at save."""
    X, y = clf_data("iris")
    X, y = X[::3] / 10, y[::3]  # a quick fit: 50 rows
    K = X @ X.T

    def linear(A, B):
        return A @ B.T

    cases = [svm.SVC(kernel="precomputed").fit(K, y),
             svm.SVR(kernel="precomputed").fit(K, X[:, 0]),
             svm.OneClassSVM(kernel="precomputed").fit(K),
             svm.SVC(kernel=linear).fit(X, y),
             svm.NuSVR(kernel=linear).fit(X, X[:, 0]),
             svm.OneClassSVM(kernel=linear).fit(X),
             make_pipeline(StandardScaler(),
                           svm.NuSVC(kernel="precomputed")).fit(K, y),
             # Fitted on a sparse matrix (libsvm's sparse kernels).
             svm.SVC().fit(scipy.sparse.csr_matrix(X), y),
             svm.SVR().fit(scipy.sparse.csr_matrix(X), X[:, 0]),
             # scikit-learn's predict raises ValueError for this one.
             svm.SVC(break_ties=True, decision_function_shape="ovo").fit(
                 X, y)]
    for i, est in enumerate(cases):
        with pytest.raises(modelseal.UnsupportedEstimatorError):
            modelseal.save(est, tmp_path / f"m{i}.seal", name="svm",
                           version=1, source=None)


# ------------------------------------------------------------ report

def test_report_largest_errors():
    """Prints the largest differences measured by the tests above (run
    with -s): absolute, in the bound's measure, and relative to
    max(1, |value|)."""
    if not WORST:
        pytest.skip("no comparisons ran")
    print(f"\n{'output':44} {'max |diff|':>11} {'/magnitude':>11} "
          f"{'/max(1,|v|)':>11}")
    for key in sorted(WORST):
        a, r, r1 = WORST[key]
        print(f"{key:44} {a:11.3e} {r:11.3e} {r1:11.3e}")
    for name in sorted(AMBIGUOUS):
        n, differ, rows = AMBIGUOUS[name]
        print(f"{name}: {n} of {rows} rows ambiguous (a decision value "
              f"within the bound of 0), labels differed on {differ}")
    assert max(r for _, r, _ in WORST.values()) <= RTOL

# Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
"""SplineTransformer exported with modelseal.save and evaluated by the
native engine (SplineTransformer kind), compared with scikit-learn's dense
transform on held-out data with values inside, at and far outside the
fitted range: every extrapolation ('error', 'constant', 'linear',
'continue', 'periodic'), degrees 0 to 4, uniform, quantile and explicit
knots, include_bias, order, handle_missing='zeros' with NaN and infinity
(scikit-learn >= 1.8), quantile knots of repeated values (zero-length knot
spans), float32 input, and inside a Pipeline before Ridge and in a
ColumnTransformer. Bit-identical in every case checked; the largest
difference seen is printed. sparse_output=True and configurations where
scikit-learn's own transform indexes outside a feature's splines are
refused at save (E1121); 'error' refuses values beyond the knots (E918)."""

import itertools

import numpy as np
import pytest
import sklearn
from sklearn.compose import ColumnTransformer
from sklearn.linear_model import Ridge
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import SplineTransformer, StandardScaler

import modelseal
from compare import quiet

SKLEARN = tuple(int(p) for p in sklearn.__version__.split(".")[:2])
NUMPY2 = np.lib.NumpyVersion(np.__version__) >= "2.0.0"
try:
    import scipy
    SCIPY = tuple(int(p) for p in scipy.__version__.split(".")[:2])
except ImportError:  # pragma: no cover
    SCIPY = (0, 0)
HANDLE_MISSING = SKLEARN >= (1, 8)
WORST = [0.0]


def data(n=200, d=3, seed=0):
    rng = np.random.RandomState(seed)
    return rng.normal(size=(n, d)) * rng.lognormal(size=d) + rng.normal(size=d)


def held_out(X_fit, seed=1):
    """Fresh rows inside the range, the fitted minimum and maximum exactly,
    rows 1.5x and 100x beyond, and tiny offsets around the boundaries."""
    rng = np.random.RandomState(seed)
    lo, hi = X_fit.min(axis=0), X_fit.max(axis=0)
    span = hi - lo
    rows = [lo + rng.uniform(size=(200, X_fit.shape[1])) * span,
            lo[None, :], hi[None, :],
            (lo - 0.5 * span)[None, :], (hi + 0.5 * span)[None, :],
            (lo - 100 * span)[None, :], (hi + 100 * span)[None, :],
            np.nextafter(lo, -np.inf)[None, :],
            np.nextafter(hi, np.inf)[None, :],
            lo - rng.uniform(size=(50, X_fit.shape[1])) * 3 * span,
            hi + rng.uniform(size=(50, X_fit.shape[1])) * 3 * span]
    return np.vstack(rows)


def inside(X, est):
    """The rows of X scikit-learn's 'error' accepts (within every
    feature's [t[k], t[n]], compared in float64)."""
    keep = np.ones(len(X), bool)
    X64 = X.astype(np.float64)
    for i, spl in enumerate(est.bsplines_):
        n = spl.t.size - spl.k - 1
        keep &= (X64[:, i] >= spl.t[spl.k]) & (X64[:, i] <= spl.t[n])
    return X[keep]


def check(got, want):
    assert got.shape == want.shape
    w = want.astype(np.float64)
    same = (got == w) | (np.isnan(got) & np.isnan(w))
    with np.errstate(invalid="ignore"):
        diff = np.abs(np.where(same, 0.0, got - w))
    diff = np.where(np.isnan(diff), np.inf, diff)
    if diff.size:
        WORST[0] = max(WORST[0], float(diff.max()))
    assert np.array_equal(got, want.astype(np.float64), equal_nan=True), (
        f"max difference {diff.max()!r}")


def accepted(X, est):
    """The rows scikit-learn transforms without raising."""
    if est.extrapolation == "error":
        X = inside(X, est)
    if est.degree == 0 and est.extrapolation == "constant":
        # scikit-learn fails above the last knot there (tested below).
        top = np.array([s.t[-1] for s in est.bsplines_])
        X = X[np.all(~(X.astype(np.float64) > top), axis=1)]
    return X


def compare(model, est, X):
    X = accepted(X, est)
    want = quiet(est.transform, X)
    check(model.transform(X), want)
    # float32: numpy >= 2 computes the mixed float32 / float64-scalar
    # arithmetic in float64, which modelseal follows; numpy 1.x computes
    # it in float32 where the branch does arithmetic on X.
    if NUMPY2 or est.extrapolation in ("continue", "error"):
        X32 = accepted(X.astype(np.float32), est)
        want32 = quiet(est.transform, X32)
        assert want32.dtype == np.float32
        check(model.transform(X32), want32)


def explicit_knots(X, n_knots):
    lo, hi = X.min(axis=0), X.max(axis=0)
    # Uneven spacing, a bit inside the range (values beyond extrapolate).
    u = np.sort(np.r_[0.1, 0.9, np.linspace(0.2, 0.8, max(n_knots - 2, 0))])
    u = u[:n_knots] if n_knots >= 2 else u
    return lo[None, :] + u[:, None] ** 1.3 * (hi - lo)[None, :]


EXTRAPOLATIONS = ["error", "constant", "linear", "continue", "periodic"]
SETTINGS = [dict(extrapolation=e, degree=d, knots=k, n_knots=n,
                 include_bias=b)
            for e, d, k, n, b in itertools.product(
                EXTRAPOLATIONS, (0, 1, 2, 3, 4), ("uniform", "quantile",
                                                  "array"),
                (2, 3, 6), (True, False))
            if not (e == "periodic" and n <= d)
            and not (e == "linear" and d == 0 and n == 2)
            and not (n == 2 and d == 0 and not b)
            and not (e == "periodic" and n == 2 and not b)]


def fit(setting, X):
    s = dict(setting)
    if s["knots"] == "array":
        s["knots"] = explicit_knots(X, s["n_knots"])
    return SplineTransformer(**s).fit(X)


@pytest.mark.parametrize("setting", SETTINGS, ids=str)
def test_spline_transform_bit_exact(setting, roundtrip):
    X = data()
    est = fit(setting, X)
    model = roundtrip(est)
    compare(model, est, held_out(X))


@pytest.mark.parametrize("order", ["C", "F"])
def test_spline_order_and_one_feature(order, roundtrip):
    X = data(d=1)
    for e in EXTRAPOLATIONS:
        est = SplineTransformer(n_knots=4, degree=3, extrapolation=e,
                                order=order).fit(X)
        compare(roundtrip(est), est, held_out(X))


@pytest.mark.parametrize("degree", [0, 1, 2, 3])
def test_spline_linear_degree_carried_across_features(degree, roundtrip):
    # scikit-learn 1.4 - 1.9's loop grows its `degree` variable from 0 or 1
    # to 2 across the features: the later features' boundary moves inward.
    X = data(d=4)
    for n_knots in (3, 4, 7):
        est = SplineTransformer(n_knots=n_knots, degree=degree,
                                extrapolation="linear").fit(X)
        compare(roundtrip(est), est, held_out(X))


@pytest.mark.parametrize("extrapolation", EXTRAPOLATIONS)
def test_spline_repeated_quantile_knots(extrapolation, roundtrip):
    # Discrete data: quantile knots repeat (zero-length knot spans), at the
    # top too (the linear slope there is scipy's derivative step at a
    # zero-length span, which differs by scipy release; scipy <= 1.14
    # reads uninitialised memory there).
    rng = np.random.RandomState(3)
    X = np.c_[rng.randint(0, 4, 300), rng.poisson(0.3, 300),
              np.minimum(rng.randint(0, 10, 300), 6)].astype(float)
    for degree in (1, 2, 3):
        if extrapolation == "periodic" and degree >= 5:
            continue
        est = SplineTransformer(n_knots=5, degree=degree, knots="quantile",
                                extrapolation=extrapolation).fit(X)
        Xt = held_out(X)
        if extrapolation == "linear" and SCIPY < (1, 15):
            Xt = Xt[np.all(Xt <= X.max(axis=0), axis=1)]
        compare(roundtrip(est), est, Xt)


@pytest.mark.skipif(not HANDLE_MISSING, reason="handle_missing is 1.8+")
@pytest.mark.parametrize("extrapolation", EXTRAPOLATIONS)
def test_spline_handle_missing_zeros(extrapolation, roundtrip):
    X = data()
    X[::7, 0] = np.nan
    X[::11, 2] = np.nan
    est = SplineTransformer(n_knots=5, degree=3, extrapolation=extrapolation,
                            handle_missing="zeros").fit(X)
    model = roundtrip(est)
    Xt = held_out(np.nan_to_num(X, nan=0.0))
    Xt[::5, 1] = np.nan
    Xt[::9, 0] = np.nan
    compare(model, est, Xt)
    if extrapolation != "error":
        # Infinity passes check_array here and is evaluated.
        Xi = Xt[:20].copy()
        Xi[::2, 2] = np.inf
        Xi[1::2, 1] = -np.inf
        check(model.transform(Xi), quiet(est.transform, Xi))


@pytest.mark.skipif(not HANDLE_MISSING, reason="handle_missing is 1.8+")
def test_spline_periodic_constant_feature(roundtrip):
    # A constant training column: zero period, 1.8+ evaluates at 0.0.
    X = data()
    X[:, 1] = 2.5
    est = SplineTransformer(n_knots=4, degree=2,
                            extrapolation="periodic").fit(X)
    compare(roundtrip(est), est, held_out(X))


def test_spline_in_pipelines(roundtrip):
    X = data(300, 3)
    y = np.sin(X[:, 0]) + X[:, 1] ** 2 - X[:, 2]
    Xt = held_out(X)
    for e in ("constant", "linear", "continue", "periodic"):
        pipe = make_pipeline(StandardScaler(),
                             SplineTransformer(n_knots=6, degree=3,
                                               extrapolation=e),
                             Ridge(alpha=1e-3)).fit(X, y)
        model = roundtrip(pipe)
        want = pipe.predict(Xt)
        got = model.predict(Xt)
        np.testing.assert_allclose(got, want, rtol=1e-12,
                                   atol=1e-12 * np.abs(want).max())
        # The spline step's output itself, through a transform-only
        # Pipeline, is bit-identical.
        head = make_pipeline(*[s for _, s in pipe.steps[:2]])
        check(roundtrip(head).transform(Xt), head.transform(Xt))
    ct = ColumnTransformer([("s", SplineTransformer(n_knots=4,
                                                    extrapolation="linear"),
                             [0, 2]),
                            ("p", "passthrough", [1])]).fit(X)
    check(roundtrip(ct).transform(Xt), ct.transform(Xt))


def test_spline_error_extrapolation_refuses_beyond_the_knots(roundtrip):
    X = data()
    est = SplineTransformer(extrapolation="error").fit(X)
    model = roundtrip(est)
    bad = X[:3].copy()
    bad[1, 2] = X[:, 2].max() + 1e-9
    with pytest.raises(ValueError, match="beyond the limits of the knots"):
        est.transform(bad)
    with pytest.raises(modelseal.InputError) as e:
        model.transform(bad)
    assert e.value.code == 918
    assert "X[1][2]" in str(e.value)


def test_spline_degree_zero_constant_above_the_last_knot(roundtrip):
    X = data()
    est = SplineTransformer(n_knots=4, degree=0,
                            extrapolation="constant").fit(X)
    model = roundtrip(est)
    bad = X[:2].copy()
    bad[0, 0] = X[:, 0].max() + 1
    with pytest.raises(ValueError):
        est.transform(bad)
    with pytest.raises(modelseal.InputError) as e:
        model.transform(bad)
    assert e.value.code == 918


def test_spline_nan_and_infinity_refused_without_handle_missing(roundtrip):
    X = data()
    est = SplineTransformer().fit(X)
    model = roundtrip(est)
    for bad, code in ((np.nan, 903), (np.inf, 904), (-np.inf, 904)):
        Xb = X[:3].copy()
        Xb[1, 1] = bad
        with pytest.raises(ValueError):
            est.transform(Xb)
        with pytest.raises(modelseal.InputError) as e:
            model.transform(Xb)
        assert e.value.code == code


def test_spline_refused_at_save(tmp_path):
    X = data()
    cases = [
        (SplineTransformer(sparse_output=True), "sparse_output=True"),
        (SplineTransformer(n_knots=2, degree=1, extrapolation="periodic",
                           include_bias=False), "outputs 0 columns"),
        (SplineTransformer(n_knots=2, degree=0, extrapolation="linear"),
         "indexes outside"),
    ]
    for est, says in cases:
        est.fit(X)
        with pytest.raises(modelseal.UnsupportedEstimatorError,
                           match=says) as e:
            modelseal.save(est, tmp_path / "m.seal", name="s", version=1,
                           source=None)
        assert e.value.code == 1121
    # scikit-learn's own transform fails there too (it indexes past the
    # second feature's splines).
    est = cases[-1][0]
    with pytest.raises(IndexError):
        est.transform(held_out(X))


def test_spline_largest_difference():
    print(f"\nSplineTransformer largest difference: {WORST[0]!r}")

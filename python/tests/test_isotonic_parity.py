# Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
"""scikit-learn's IsotonicRegression (the Isotonic kind) saved with
modelseal.save, signed, loaded through the sandbox and evaluated by the
native engine, compared with scikit-learn's predict and transform on
held-out data: increasing True, False and "auto", out_of_bounds "nan",
"clip" and "raise", y_min / y_max, sample weights (zeros drop rows),
duplicate X values, a single distinct X (one threshold), a constant y;
rows inside the fitted range, at the thresholds and outside it; X of shape
(n,) and (n, 1); inside a Pipeline after a StandardScaler; float32 input;
NaN and infinity (scikit-learn's check_array refuses them); and the
refusals.

The engine computes np.interp's operations in numpy's order (SPEC §7
Isotonic); a value is held to |got - want| <= RTOL |want| and NaN where
scikit-learn gives NaN. Run ``pytest -s test_isotonic_parity.py`` to print
the largest differences measured."""

import numpy as np
import pytest
from sklearn.isotonic import IsotonicRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

import modelseal

# The bound (include/modelseal/predictor.h states it for Isotonic).
RTOL = 1e-12

WORST = {"max |got - want| / |want|": 0.0, "values": 0, "differing": 0}


def _data(name, n=400, seed=0):
    rng = np.random.RandomState(seed)
    x = rng.uniform(-3, 5, size=n)
    if name == "ties":
        x = np.round(x, 1)  # duplicate X values: _make_unique averages them
    y = np.sin(x) + 0.8 * x + 0.6 * rng.normal(size=n)
    if name == "decreasing":
        y = -y
    if name == "steep":
        y = np.exp(2 * x) + rng.normal(size=n)
    return x, y


def _held_out(x, seed=1, n=300):
    """Fresh values over the fitted range, the thresholds themselves, the
    range's ends, and values 10% / 10x / 100x beyond it."""
    rng = np.random.RandomState(seed)
    lo, hi = x.min(), x.max()
    span = hi - lo
    inside = lo + span * rng.rand(n)
    outside = np.concatenate([lo - 0.1 * span * rng.rand(10),
                              hi + 0.1 * span * rng.rand(10),
                              [lo - 10 * span, hi + 100 * span]])
    return inside, np.concatenate([[lo, hi], np.unique(x)[::7], outside])


def _compare(name, est, model, X):
    want = est.predict(X)
    got = model.predict(X)
    assert got.dtype == want.dtype == np.float64, name
    assert got.shape == want.shape, name
    assert np.array_equal(np.isnan(got), np.isnan(want)), name
    ok = ~np.isnan(want)
    diff = np.abs(got[ok] - want[ok])
    rel = diff / np.maximum(np.abs(want[ok]), np.finfo(float).tiny)
    worst = float(rel.max()) if rel.size else 0.0
    WORST["max |got - want| / |want|"] = max(
        WORST["max |got - want| / |want|"], worst)
    WORST["values"] += int(ok.sum())
    WORST["differing"] += int((diff > 0).sum())
    assert worst <= RTOL, f"{name}: {worst:.3g} (bound {RTOL})"
    t_want, t_got = est.transform(X), model.transform(X)
    assert t_got.dtype == t_want.dtype and t_got.shape == t_want.shape, name
    assert np.array_equal(t_got, got, equal_nan=True), name
    assert np.array_equal(t_want, want, equal_nan=True), name


SETTINGS = [
    {},
    {"increasing": False},
    {"increasing": "auto"},
    {"out_of_bounds": "clip"},
    {"increasing": "auto", "out_of_bounds": "clip"},
    {"increasing": False, "out_of_bounds": "clip", "y_min": -1.5,
     "y_max": 2.0},
    {"out_of_bounds": "raise"},
    {"increasing": "auto", "out_of_bounds": "raise"},
]


@pytest.mark.parametrize("ds", ["smooth", "ties", "decreasing", "steep"])
@pytest.mark.parametrize("setting", range(len(SETTINGS)))
def test_held_out(setting, ds, sealed):
    s = SETTINGS[setting]
    x, y = _data(ds)
    w = np.random.RandomState(2).rand(len(x)) * 2
    w[::13] = 0.0  # zero weights: those rows are dropped at fit
    for weights in (None, w):
        est = IsotonicRegression(**s).fit(x, y, sample_weight=weights)
        model = sealed(est)
        inside, edges = _held_out(x)
        name = f"{s}-{ds}-{'w' if weights is not None else 'u'}"
        _compare(name, est, model, inside)
        _compare(name, est, model, inside.reshape(-1, 1))  # (n, 1)
        lo, hi = est.X_thresholds_[0], est.X_thresholds_[-1]
        out = (edges < lo) | (edges > hi)
        if s.get("out_of_bounds") != "raise":
            _compare(name, est, model, edges)
            _compare(name, est, model, edges.reshape(-1, 1))
            continue
        _compare(name, est, model, edges[~out])
        with pytest.raises(ValueError, match="interpolation range"):
            est.predict(edges)
        with pytest.raises(modelseal.errors.InputError, match="E917") as e:
            model.predict(edges)
        first = int(np.flatnonzero(out)[0])
        assert f"X[{first}][0]" in str(e.value)


def test_single_threshold_and_constant_y(sealed):
    # One distinct X: f_ is a lambda giving y_thresholds_[0] on every row,
    # never NaN, never raising, whatever out_of_bounds says.
    for bounds in ("nan", "clip", "raise"):
        est = IsotonicRegression(out_of_bounds=bounds).fit(
            [2.0, 2.0, 2.0], [1.0, 2.0, 4.5])
        assert est.X_thresholds_.shape == (1,)
        model = sealed(est)
        X = np.array([-50.0, 2.0, 3.0, 1e300])
        _compare(f"one-{bounds}", est, model, X)
    # A constant y: the thresholds shrink to the two ends.
    x, _ = _data("smooth")
    est = IsotonicRegression().fit(x, np.full(len(x), 3.25))
    assert est.X_thresholds_.shape == (2,)
    _compare("constant-y", est, sealed(est), _held_out(x)[1])


def test_pipeline_after_a_scaler(sealed):
    x, y = _data("smooth")
    X = x.reshape(-1, 1)
    for bounds in ("nan", "clip"):
        est = make_pipeline(StandardScaler(),
                            IsotonicRegression(out_of_bounds=bounds)).fit(X, y)
        model = sealed(est)
        inside, edges = _held_out(x)
        for Z in (inside, edges):
            _compare(f"pipeline-{bounds}", est, model, Z.reshape(-1, 1))
        # A Pipeline's first step wants 2-D X, as scikit-learn's.
        with pytest.raises(ValueError):
            est.predict(inside)
        with pytest.raises(modelseal.errors.InputError, match="E1060"):
            model.predict(inside)


def test_inputs_lists_float32_nan_and_width(sealed):
    x, y = _data("ties")
    est = IsotonicRegression(out_of_bounds="clip").fit(x, y)
    model = sealed(est)
    assert model.n_features_in_ == 1
    assert not hasattr(est, "n_features_in_")
    Z = _held_out(x)[0][:20]
    assert np.array_equal(model.predict(list(Z)), est.predict(list(Z)))
    # float32 X: scikit-learn casts it to the thresholds' float64.
    Z32 = Z.astype(np.float32)
    assert est.predict(Z32).dtype == model.predict(Z32).dtype == np.float64
    assert np.array_equal(model.predict(Z32), est.predict(Z32))
    assert np.array_equal(model.transform(Z32), est.transform(Z32))
    assert model.score(Z, est.predict(Z) + 0.5) == pytest.approx(
        est.score(Z, est.predict(Z) + 0.5), rel=1e-12)
    for bad, code in ((np.nan, "E903"), (np.inf, "E904")):
        Zb = Z.copy()
        Zb[3] = bad
        with pytest.raises(ValueError):
            est.predict(Zb)
        with pytest.raises(modelseal.errors.InputError, match=code):
            model.predict(Zb)
    # Two columns: scikit-learn's "1d array or 2d array with 1 feature".
    with pytest.raises(ValueError, match="1 feature"):
        est.predict(np.column_stack([Z, Z]))
    with pytest.raises(modelseal.errors.InputError, match="E900"):
        model.predict(np.column_stack([Z, Z]))
    for m in ("predict_proba", "decision_function", "predict_log_proba"):
        assert not hasattr(model, m) and not hasattr(est, m), m


def test_refusals(tmp_path):
    x, y = _data("smooth")
    # Fitted on float32: float32 thresholds, interpolated by scipy's own
    # float32 formula (not np.interp): refused.
    est = IsotonicRegression().fit(x.astype(np.float32), y)
    with pytest.raises(modelseal.errors.UnsupportedEstimatorError,
                       match="float32"):
        modelseal.save(est, tmp_path / "f32.seal", name="f32", version=1,
                       source=None)
    assert not (tmp_path / "f32.seal").exists()
    # A state altered after fit (X_max_ not the last threshold).
    est = IsotonicRegression(out_of_bounds="clip").fit(x, y)
    est.X_max_ = est.X_max_ + 1
    with pytest.raises(modelseal.errors.UnsupportedEstimatorError,
                       match="X_max_"):
        modelseal.export(est, name="t", source=None)


def test_report_largest_errors():
    """Prints the largest differences measured (pytest -s)."""
    print("\nIsotonic:", WORST)

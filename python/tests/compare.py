# Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
"""Comparison helpers shared by the parity and exporter tests."""

import numpy as np

RTOL = 1e-12


def assert_same(method, got, want, bit_exact, what=""):
    """Labels identical; bit-exact outputs identical (np.array_equal, NaN
    equal); others within RTOL relative (plus an absolute floor of RTOL times
    the largest magnitude, for entries that are ~0)."""
    if isinstance(want, list):
        assert isinstance(got, list) and len(got) == len(want), what
        for g, w in zip(got, want):
            assert_same(method, g, w, bit_exact, what)
        return
    got = np.asarray(got)
    want = np.asarray(want)
    assert got.shape == want.shape, f"{what}: shape {got.shape} != {want.shape}"
    if method == "predict" and want.dtype.kind in "iuUSOb":
        assert np.array_equal(got.astype(want.dtype), want), \
            f"{what}: labels differ at {np.flatnonzero(got != want)[:10]}"
        return
    if bit_exact:
        if not np.array_equal(got, want, equal_nan=True):
            diff = np.abs(got - want)
            raise AssertionError(
                f"{what}: not bit-exact: {np.count_nonzero(got != want)} of "
                f"{got.size} differ, max abs diff {np.nanmax(diff):.3e}, "
                f"max rel {np.nanmax(diff / np.maximum(np.abs(want), 1e-300)):.3e}")
        return
    np.testing.assert_allclose(got, want, rtol=RTOL,
                               atol=RTOL * _finite_scale(want), err_msg=what)


def _finite_scale(want):
    """The largest finite magnitude (predict_log_proba has -inf where a
    probability is 0; assert_allclose requires those to match exactly)."""
    finite = np.abs(want[np.isfinite(want)])
    return float(finite.max()) if finite.size else 0.0

# Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
"""The dtype each step sees: scikit-learn's float32 arithmetic applies only
where float32 reaches the step. An encoder outputs float64 and a
ColumnTransformer joining it with float32 columns outputs float64, so a
StandardScaler or PolynomialFeatures after them computes in float64; a
KBinsDiscretizer(dtype=float32) makes float32 from float64 input. Bit-exact
against scikit-learn, and transform's dtype is scikit-learn's."""

import numpy as np
import pytest
from sklearn.compose import ColumnTransformer
from sklearn.impute import MissingIndicator
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import (KBinsDiscretizer, OneHotEncoder,
                                   PolynomialFeatures, StandardScaler)

from compare import quiet


def data(n=400, seed=0):
    rng = np.random.RandomState(seed)
    return np.c_[rng.randint(0, 3, n),
                 rng.normal(size=(n, 2)) * 1000 + 0.1]


def check(est, model, X):
    want = est.transform(X)
    got = model.transform(X)
    assert got.dtype == want.dtype, (got.dtype, want.dtype)
    assert np.array_equal(got, want, equal_nan=True)


@pytest.mark.parametrize("after", [StandardScaler, lambda: PolynomialFeatures(2)])
def test_encoder_then_float32_aware_step(after, roundtrip):
    X = data().astype(np.float32)
    est = make_pipeline(
        ColumnTransformer([("oh", OneHotEncoder(), [0]),
                           ("p", "passthrough", [1, 2])]), after()).fit(X)
    check(est, roundtrip(est), data(seed=1).astype(np.float32))


def test_float32_kept_without_an_encoder(roundtrip):
    X = data().astype(np.float32)
    est = make_pipeline(
        ColumnTransformer([("s", StandardScaler(), [1, 2]),
                           ("m", MissingIndicator(features="all"), [1])]),
        PolynomialFeatures(2)).fit(X)
    X_new = data(seed=2).astype(np.float32)
    assert est.transform(X_new).dtype == np.float32
    check(est, roundtrip(est), X_new)


def test_kbins_float32_output_then_scaler(roundtrip):
    X = data()[:, 1:]
    est = quiet(make_pipeline(
        KBinsDiscretizer(n_bins=7, encode="ordinal", dtype=np.float32),
        StandardScaler()).fit, X)
    X_new = data(seed=3)[:, 1:]
    check(est, roundtrip(est), X_new.astype(np.float32))
    # float64 input: the scaler still sees KBinsDiscretizer's float32; the
    # transform returns float32 (scikit-learn's dtype), modelseal float64
    # holding the same float32 values.
    want = est.transform(X_new)
    got = roundtrip(est).transform(X_new)
    assert np.array_equal(got, want.astype(np.float64))

# Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
"""TargetEncoder (h-tenc): modelseal.save -> load and transform compared
with scikit-learn's TargetEncoder.transform (never fit_transform's cross
fitting) on held-out frames with categories unseen at fit and missing values
(None in object columns, NaN in numeric ones), alone and inside a
ColumnTransformer before a predictor. Transform outputs are bit-exact: the
engine only looks up stored encodings and target means."""


import numpy as np
import pandas as pd
import pytest
from sklearn.compose import ColumnTransformer
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler, TargetEncoder

import modelseal
from compare import assert_same, quiet

CATS = ["city", "colour", "rooms"]


def frame(n=400, seed=0, unseen=False):
    """Strings with None (city) and NaN (colour), a numeric category column
    with NaN (rooms), and a plain number."""
    rng = np.random.RandomState(seed)
    cities = np.array(["Zürich", "Genève", "", "Lyon", "東京", "Oslo"],
                      dtype=object)
    city = cities[rng.randint(0, len(cities), size=n)]
    city[rng.rand(n) < 0.08] = None
    colour = np.array(["red", "green", "blue"], dtype=object)[
        rng.randint(0, 3, size=n)]
    colour[rng.rand(n) < 0.06] = np.nan
    rooms = rng.randint(1, 6, size=n).astype(np.float64)
    rooms[rng.rand(n) < 0.07] = np.nan
    if unseen:
        city[::7] = "Nowhere"
        colour[::11] = "ultraviolet"
        rooms[::13] = 9.0
    return pd.DataFrame({"city": city, "colour": colour, "rooms": rooms,
                         "x": rng.normal(size=n)})


def targets(X, kind):
    rng = np.random.RandomState(7)
    score = (X["city"] == "Lyon") * 1.5 - (X["colour"] == "blue") + \
        np.nan_to_num(X["rooms"].to_numpy(), nan=3) / 3 + \
        rng.normal(scale=0.5, size=len(X))
    if kind == "continuous":
        return score.to_numpy()
    if kind == "binary":
        return np.where(score > 1.2, "yes", "no")
    return np.digitize(score, [0.8, 1.6, 2.2])  # 4 classes


@pytest.mark.parametrize("kind", ["binary", "continuous", "multiclass"])
@pytest.mark.parametrize("smooth", ["auto", 5.0])
def test_target_encoder_transform(kind, smooth, roundtrip):
    X = frame()[CATS]
    enc = TargetEncoder(smooth=smooth).fit(X, targets(X, kind))
    assert enc.target_type_ == kind
    model = roundtrip(enc)
    Xt = frame(seed=1, unseen=True)[CATS]
    want = enc.transform(Xt)
    got = model.transform(Xt)
    assert got.shape == want.shape
    if kind == "multiclass":
        assert want.shape[1] == 3 * len(enc.classes_)
    assert np.array_equal(got, want)
    # The unseen rows took target_mean_ (per class for multiclass).
    t = want.shape[1] // 3
    assert np.array_equal(got[0, :t], np.atleast_1d(enc.target_mean_))


def test_target_encoder_missing_unseen_at_fit_takes_the_mean(roundtrip):
    # No missing value at fit: a missing value at transform is unknown.
    X = frame().dropna()[CATS]
    enc = TargetEncoder().fit(X, targets(X, "continuous"))
    model = roundtrip(enc)
    Xt = frame(seed=2)[CATS]
    want = enc.transform(Xt)
    assert np.array_equal(model.transform(Xt), want)
    assert want[Xt["rooms"].isna().to_numpy(), 2][0] == enc.target_mean_


def test_target_encoder_numeric_categories_reject_infinity(roundtrip):
    X = frame()[["rooms"]]
    enc = TargetEncoder().fit(X, targets(frame(), "binary"))
    model = roundtrip(enc)
    bad = pd.DataFrame({"rooms": [1.0, np.inf]})
    with pytest.raises(ValueError):
        enc.transform(bad)
    with pytest.raises(modelseal.InputError, match="E904"):
        model.transform(bad)


@pytest.mark.parametrize("kind,clf", [
    ("binary", LogisticRegression(max_iter=500)),
    ("multiclass", LogisticRegression(max_iter=500)),
    ("continuous", Ridge())], ids=["binary", "multiclass", "continuous"])
def test_target_encoder_in_a_column_transformer(kind, clf, roundtrip):
    X = frame()
    est = make_pipeline(
        ColumnTransformer([("te", TargetEncoder(), CATS),
                           ("num", StandardScaler(), ["x"])]),
        clf).fit(X, targets(X, kind))
    model = roundtrip(est)
    Xt = frame(seed=3, unseen=True)
    assert_same("predict", model.predict(Xt), est.predict(Xt),
                kind == "binary" or kind == "multiclass", "predict")
    if hasattr(est, "predict_proba"):
        assert_same("predict_proba", model.predict_proba(Xt),
                    est.predict_proba(Xt), False, "predict_proba")
    # The ColumnTransformer alone: bit-exact.
    ct = est[0]
    ct_model = roundtrip(ct)
    assert np.array_equal(ct_model.transform(Xt), ct.transform(Xt))


def test_target_encoder_none_and_nan_in_one_column(roundtrip):
    # scikit-learn's categories_ holds one NaN for None and NaN together.
    X = pd.DataFrame({"c": np.array(["a", None, np.nan, "b"] * 5,
                                    dtype=object)})
    y = np.linspace(0, 1, 20)
    enc = TargetEncoder(target_type="continuous").fit(X, y)
    cats = list(enc.categories_[0])
    if any(c is None for c in cats):
        # Releases whose categories_ keep None and NaN apart (1.4): the two
        # missing categories are refused at save, as for OrdinalEncoder.
        with pytest.raises(modelseal.UnsupportedError,
                           match="both None and NaN are categories"):
            roundtrip(enc)
        return
    model = roundtrip(enc)
    Xt = pd.DataFrame({"c": np.array([None, np.nan, "a", "z"], dtype=object)})
    assert np.array_equal(model.transform(Xt), enc.transform(Xt))


def test_target_encoder_unsupported_target_type_refused(tmp_path):
    X = frame()[CATS]
    enc = TargetEncoder().fit(X, targets(X, "binary"))
    enc.target_type_ = "multilabel-indicator"
    with pytest.raises(modelseal.UnsupportedError, match="E1121") as e:
        modelseal.save(enc, tmp_path / "m.seal", name="x", version=1,
                       source=None)
    assert "target_type_" in str(e.value)

# Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
"""NaN input: a tree or forest model accepts it exactly where the
scikit-learn release that fitted it does (issue 19, item 8), and refuses it
as scikit-learn does, with a ValueError: InputError InputNaN (E903).

Which estimators accept NaN differs by release (1.4-1.5 refuse it for
splitter="random" trees and ExtraTrees; 1.4-1.8 for criterion=
"absolute_error" and monotonic_cst; 1.9 accepts all of them), so these cases
decide on each release of the version matrix (python/run-version-matrix.sh)."""

import numpy as np
import pytest
from sklearn import ensemble, tree

import modelseal
from modelseal import _native


MONO = [1, 0, -1, 0, 0]

# (id, factory, classifier)
CASES = [
    ("dt", lambda: tree.DecisionTreeClassifier(random_state=0), True),
    ("dt-random", lambda: tree.DecisionTreeClassifier(
        splitter="random", random_state=0), True),
    ("dt-monotonic", lambda: tree.DecisionTreeClassifier(
        monotonic_cst=MONO, random_state=0), True),
    ("dtr-absolute", lambda: tree.DecisionTreeRegressor(
        criterion="absolute_error", random_state=0), False),
    ("dtr-random", lambda: tree.DecisionTreeRegressor(
        splitter="random", random_state=0), False),
    ("rf", lambda: ensemble.RandomForestClassifier(
        n_estimators=3, random_state=0), True),
    ("rf-monotonic", lambda: ensemble.RandomForestClassifier(
        n_estimators=3, monotonic_cst=MONO, random_state=0), True),
    ("rfr-absolute", lambda: ensemble.RandomForestRegressor(
        n_estimators=3, criterion="absolute_error", random_state=0), False),
    ("et", lambda: ensemble.ExtraTreesClassifier(
        n_estimators=3, random_state=0), True),
    ("etr", lambda: ensemble.ExtraTreesRegressor(
        n_estimators=3, random_state=0), False),
]


def _data(classifier):
    rng = np.random.RandomState(0)
    X = rng.normal(size=(200, 5))
    y = X[:, 0] - X[:, 2] + 0.1 * rng.normal(size=200)
    return X, ((y > 0).astype(np.int64) if classifier else y)


def _round_trip(est, tmp_path):
    path = tmp_path / "m.seal"
    modelseal.save(est, path, name="nan", version=1, source=None)
    return modelseal._load_unsandboxed(path)


def _check_same_nan_behaviour(est, model, X, classifier):
    Xn = X[:40].copy()
    Xn[::3, 1] = np.nan
    Xn[1::3, 0] = np.nan
    methods = ["predict"] + (["predict_proba"] if classifier else [])
    try:
        want = {m: getattr(est, m)(Xn) for m in methods}
    except ValueError as e:
        assert "NaN" in str(e)
        for m in methods:
            with pytest.raises(modelseal.InputError) as got:
                getattr(model, m)(Xn)
            assert got.value.name == "InputNaN"
            assert isinstance(got.value, ValueError)
        return "refused"
    for m in methods:
        assert np.array_equal(getattr(model, m)(Xn), want[m]), m
    return "accepted"


@pytest.mark.parametrize("case", CASES, ids=lambda c: c[0])
def test_nan_as_the_fitting_release(case, tmp_path):
    cid, factory, classifier = case
    X, y = _data(classifier)
    est = factory().fit(X, y)
    model = _round_trip(est, tmp_path)
    # NaN-free rows are unaffected.
    assert np.array_equal(model.predict(X), est.predict(X))
    import sklearn
    print(f"\n{cid}: NaN {_check_same_nan_behaviour(est, model, X, classifier)}"
          f" (scikit-learn {sklearn.__version__})")


# (id, recorded release, accepts NaN): the mapper decides from the release
# recorded in the estimator's state (`_sklearn_version`, which
# BaseEstimator.__getstate__ sets to the running release, as a pickle from
# that release holds) and the parameters (mapper/tree.cc,
# PredictAcceptsNan), so every rule is checked on any running release by
# rewriting the recorded release in the state tree.
RELEASE_CASES = [
    ("dt-random", "1.5.2", False), ("dt-random", "1.6.1", True),
    ("et", "1.5.2", False), ("et", "1.6.1", True),
    ("dtr-absolute", "1.8.0", False), ("dtr-absolute", "1.9.1", True),
    ("rfr-absolute", "1.8.0", False), ("rf-monotonic", "1.8.0", False),
    ("dt-monotonic", "1.9.1", True), ("rf", "1.4.2", True),
]


def _with_release(node, release):
    """The state tree `node` (python/modelseal/_state.py) with every
    recorded `_sklearn_version` replaced by `release`."""
    if isinstance(node, list):
        return [_with_release(x, release) for x in node]
    if isinstance(node, tuple) and node and node[0] == "D":
        items = list(node[1])
        for i in range(0, len(items), 2):
            if items[i] == "_sklearn_version":
                items[i + 1] = release
            else:
                items[i + 1] = _with_release(items[i + 1], release)
        return ("D", items)
    if isinstance(node, tuple) and node and node[0] in ("O", "T", "A"):
        return tuple(_with_release(x, release) if isinstance(x, (list, tuple))
                     else x for x in node)
    return node


@pytest.mark.parametrize("cid,release,accepts", RELEASE_CASES,
                         ids=lambda v: str(v))
def test_nan_rule_follows_the_recorded_release(cid, release, accepts):
    from modelseal import _export, _state
    _, factory, classifier = next(c for c in CASES if c[0] == cid)
    X, y = _data(classifier)
    est = factory().fit(X, y)
    tree = _with_release(_state.build(est), release)
    d = _native.map_model(tree, *_export._versions())
    dicts = d["estimator"].get("trees") or [d["estimator"]["tree"]]
    assert all((t.get("missing_go_to_left") is not None) == accepts
               for t in dicts)
    d["metadata"] = {"name": "nan", "version": 1}
    model = modelseal._predictor_from_dict(d)
    Xn = X[:5].copy()
    Xn[0, 1] = np.nan
    if accepts:
        model.predict(Xn)
    else:
        with pytest.raises(modelseal.InputError) as got:
            model.predict(Xn)
        assert got.value.name == "InputNaN"
        assert isinstance(got.value, ValueError)

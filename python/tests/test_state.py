# Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
"""The state tree save() builds from a live estimator (modelseal._state) and
its mapping in C++: normalisation of numpy values, Fortran-ordered arrays,
ints beyond int64, and refusals naming the path."""

import threading

import numpy as np
import pytest
from sklearn import linear_model

import cases
import modelseal
from modelseal import _export, _native, _state


def test_numpy_values_are_normalised():
    assert _state.build(np.float32(1.5)) == 1.5
    assert type(_state.build(np.float64(2.0))) is float
    assert _state.build(np.int64(-3)) == -3
    assert _state.build(np.bool_(True)) is True
    assert _state.build(np.dtype("float64")) == "<f8"
    assert _state.build((1, "a")) == ("T", [1, "a"])
    assert _state.build({"k": None}) == ("D", ["k", None])


def test_ints_beyond_int64_are_bigint_nodes():
    assert _state.build(1 << 64) == ("I", (1 << 64).to_bytes(9, "little",
                                                              signed=True))
    X, y, _ = cases.dataset("diabetes")
    est = linear_model.Ridge().fit(X, y)
    est.extra_ = 1 << 100  # state the mapper never reads
    modelseal.export(est, name="t", source=None)


def test_record_and_fortran_arrays():
    a = np.zeros(2, dtype=[("x", "<i4"), ("y", "<f8")])
    node = _state.build(a)
    assert node[0] == "A" and node[1] == f"|V{a.dtype.itemsize}"
    assert node[2] == [["x", "<i4", 0], ["y", "<f8", 4]]  # packed
    f = np.asfortranarray(np.arange(6.0).reshape(2, 3))
    assert _state.build(f)[5] is True


def test_fortran_coef_maps_like_c_order():
    X, y, _ = cases.dataset("multi_reg")
    est = linear_model.LinearRegression().fit(X, y)
    want = modelseal.export(est, name="t", source=None)["estimator"]
    est.coef_ = np.asfortranarray(est.coef_)
    assert est.coef_.flags.f_contiguous and not est.coef_.flags.c_contiguous
    got = modelseal.export(est, name="t", source=None)["estimator"]
    assert np.array_equal(got["coef"], want["coef"])


def test_unreducible_state_is_refused_with_its_path():
    X, y, _ = cases.dataset("diabetes")
    est = linear_model.Ridge().fit(X, y)
    est.lock_ = threading.Lock()
    with pytest.raises(modelseal.UnsupportedEstimatorError) as e:
        modelseal.export(est, name="t", source=None)
    assert e.value.context == "estimator.lock_"


def test_mapper_errors_are_unsupported_estimator_errors():
    X, y, _ = cases.dataset("diabetes")
    est = linear_model.Ridge().fit(X, y)
    del est.coef_
    with pytest.raises(modelseal.UnsupportedEstimatorError) as e:
        modelseal.export(est, name="t", source=None)
    assert e.value.name == "StateMissing" and e.value.code == 1110
    assert e.value.context == "estimator.coef_"


def test_supported_estimators_come_from_the_registry():
    names = modelseal.supported_estimators()
    assert names == sorted(_native.supported_estimators())
    assert len(names) == 121 and "PolynomialFeatures" in names
    assert "PowerTransformer" in names and "LogisticRegressionCV" in names
    assert "ColumnTransformer" in names and "TransformedTargetRegressor" in names
    assert "VarianceThreshold" in names and "MissingIndicator" in names
    assert "QuantileTransformer" in names
    assert "KBinsDiscretizer" in names and "FeatureUnion" in names


def test_sklearn_version_recorded_in_the_state_is_checked():
    X, y, _ = cases.dataset("diabetes")
    est = linear_model.Ridge().fit(X, y)
    tree = _state.build(est)
    items = tree[4][1]
    i = items.index("_sklearn_version")
    items[i + 1] = "1.3.2"
    with pytest.raises(modelseal.UnsupportedEstimatorError, match="1.3.2"):
        _native.map_model(tree, "1.9.1", None)
    _export.check_sklearn_version()


def test_malformed_trees_are_refused_by_the_binding():
    with pytest.raises(modelseal.UnsupportedEstimatorError) as e:
        _native.map_model(("Z", 1), "1.9.1", None)
    assert e.value.name == "StateUnrepresentable"
    with pytest.raises(modelseal.UnsupportedEstimatorError) as e:
        _native.map_model(("A", "<f8", [], 8, [3], False, b"\0" * 16),
                          "1.9.1", None)
    assert e.value.name == "StateBadArray"
    deep = None
    for _ in range(200):
        deep = [deep]
    with pytest.raises(modelseal.UnsupportedEstimatorError) as e:
        _native.map_model(deep, "1.9.1", None)
    assert e.value.name == "StateTooDeep"

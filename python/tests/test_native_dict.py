# Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
"""The C++ dict -> Model visitor: one negative test per rule, each reporting
the path of the offending field; and the error-class mapping."""

import numpy as np
import pytest

import modelseal
from modelseal import _native, errors


def _model(**estimator):
    est = {"kind": "LinearModel", "coef": np.ones((1, 2)),
           "intercept": np.zeros(1), "output": "regression"}
    est.update(estimator)
    return {"metadata": {"name": "x", "version": 1},
            "input": {"n_features": 2}, "output": {"task": "regression"},
            "estimator": est}


def _fails(d, context, match):
    with pytest.raises(modelseal.UsageError) as e:
        _native.dict_roundtrip(d)
    assert e.value.context == context
    assert e.value.name == "InvalidArgument"
    assert match in e.value.detail, e.value.detail


def test_valid_dict_round_trips():
    out = _native.dict_roundtrip(_model())
    assert out["estimator"]["kind"] == "LinearModel"
    assert np.array_equal(out["estimator"]["coef"], np.ones((1, 2)))
    assert out["metadata"]["training_data"]["shape"] == []


def test_unknown_field():
    d = _model()
    d["metadata"]["nme"] = "x"
    _fails(d, "metadata.nme", "unknown field")
    _fails(_model(coeff=np.ones(2)), "estimator.coeff", "unknown field")


def test_wrong_python_types():
    d = _model()
    d["metadata"]["name"] = 3
    _fails(d, "metadata.name", "expected str")
    d = _model()
    d["metadata"]["version"] = "1"
    _fails(d, "metadata.version", "expected int")
    d = _model()
    d["metadata"]["version"] = True
    _fails(d, "metadata.version", "expected int")
    d = _model()
    d["input"] = []
    _fails(d, "input", "expected a dict")
    d = _model()
    d["input"]["feature_names"] = "ab"
    _fails(d, "input.feature_names", "expected list")
    d = _model()
    d["metadata"]["cv_scores"] = [{"scorer": "r2", "mean": "high"}]
    _fails(d, "metadata.cv_scores[0].mean", "expected float")


def test_integer_out_of_range():
    d = _model()
    d["metadata"]["version"] = -1
    _fails(d, "metadata.version", "out of range")
    d = _model()
    d["format_major"] = 70000
    _fails(d, "format_major", "out of range")


def test_unknown_enum_name():
    d = _model(output="logistic")
    _fails(d, "estimator.output", "unknown name 'logistic'")
    d = _model()
    d["output"]["task"] = "Regression"
    _fails(d, "output.task", "expected one of regression")


def test_enum_none_is_unset():
    # None is the unset value 0 (InverseStep.func outside op "ufunc"); it
    # round-trips as None, and the validator, not the dict reader, refuses
    # it where 0 is not allowed (E-UnknownEnum).
    out = _native.dict_roundtrip(_model(output=None))
    assert out["estimator"]["output"] is None


def test_tensor_rules():
    _fails(_model(coef=[[1.0, 1.0]]), "estimator.coef",
           "expected numpy.ndarray")
    _fails(_model(coef=np.ones((1, 2), dtype=np.float16)), "estimator.coef",
           "unsupported dtype")
    _fails(_model(coef=np.ones((1, 2), dtype=">f8")), "estimator.coef",
           "unsupported dtype")
    _fails(_model(coef=np.ones((2, 4))[:, ::2]), "estimator.coef",
           "C-contiguous")


def test_estimator_kind_rules():
    d = _model()
    del d["estimator"]["kind"]
    _fails(d, "estimator.kind", "missing")
    d = _model(kind="SVC")
    _fails(d, "estimator.kind", "unknown kind 'SVC'")
    d = _model()
    d["estimator"] = {"kind": "Pipeline", "steps": [
        {"kind": "StandardScaler", "mean": np.zeros(2)},
        {"kind": "Forest", "trees": [{"threshold": np.zeros(1),
                                      "bogus": 1}]}]}
    _fails(d, "estimator.steps[1].trees[0].bogus", "unknown field")


def test_writer_reports_validator_errors(tmp_path):
    d = _model(coef=np.ones((1, 3)))
    with pytest.raises(modelseal.FormatError) as e:
        _native.write_model(d, str(tmp_path / "bad.seal"))
    assert e.value.code >= 100 and e.value.context.startswith("estimator")
    assert not (tmp_path / "bad.seal").exists()


def test_every_cpp_code_maps_to_a_class():
    seen = set()
    for number, name, category, message in _native.error_codes():
        cls = errors.class_for_code(number)
        assert issubclass(cls, modelseal.ModelsealError)
        exc = errors._from_native(number, "ctx", "why")
        assert isinstance(exc, cls) and exc.code == number
        assert exc.name == name and message in str(exc)
        seen.add(category)
        if category == "internal":
            assert cls is errors.InternalError
    assert {"usage", "io", "format", "signature", "untrusted_key",
            "statement", "sandbox", "input"} <= seen
    by_name = {n: num for num, n, _, _ in _native.error_codes()}
    assert errors.class_for_code(by_name["StatementExpired"]) is \
        modelseal.ExpiredSignatureError
    assert errors.class_for_code(by_name["SigInvalid"]) is \
        modelseal.TamperedFileError
    assert errors.class_for_code(by_name["UnknownKeyId"]) is \
        modelseal.UntrustedKeyError

# Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
"""Provenance helpers: training data references, source, CV scores."""

import hashlib

import numpy as np
import pandas as pd
import pytest
from sklearn import linear_model

import cases
import modelseal


def test_training_data_ndarray_hash_depends_on_values_dtype_shape():
    a = np.arange(12, dtype=np.float64).reshape(3, 4)
    td = modelseal.training_data(a, uri="s3://b/a.npy")
    assert td["uri"] == "s3://b/a.npy" and td["shape"] == [3, 4]
    assert td["content_hash"].startswith("sha256:")
    assert len(td["content_hash"]) == 7 + 64
    assert modelseal.training_data(a.copy())["content_hash"] == \
        td["content_hash"]
    b = a.copy()
    b[2, 3] += 1
    assert modelseal.training_data(b)["content_hash"] != td["content_hash"]
    assert modelseal.training_data(a.reshape(4, 3))["content_hash"] != \
        td["content_hash"]
    assert modelseal.training_data(a.astype(np.float32))["content_hash"] != \
        td["content_hash"]
    # Fortran order hashes like C order (the values are the same).
    assert modelseal.training_data(np.asfortranarray(a))["content_hash"] == \
        td["content_hash"]


def test_training_data_dataframe():
    df = pd.DataFrame({"a": [1.0, 2.0], "b": ["x", "y"]})
    td = modelseal.training_data(df)
    assert td["shape"] == [2, 2]
    renamed = df.rename(columns={"a": "c"})
    assert modelseal.training_data(renamed)["content_hash"] != \
        td["content_hash"]
    changed = df.copy()
    changed.loc[1, "b"] = "z"
    assert modelseal.training_data(changed)["content_hash"] != \
        td["content_hash"]


def test_training_data_file(tmp_path):
    p = tmp_path / "train.csv"
    p.write_bytes(b"a,b\n1,2\n")
    td = modelseal.training_data(p)
    assert td["content_hash"] == "sha256:" + hashlib.sha256(
        b"a,b\n1,2\n").hexdigest()
    assert td["uri"] == str(p) and td["shape"] == []
    with pytest.raises(modelseal.UsageError):
        modelseal.training_data(tmp_path / "missing.csv")
    with pytest.raises(modelseal.UsageError):
        modelseal.training_data([1, 2, 3])
    with pytest.raises(modelseal.UsageError):
        modelseal.training_data(np.array([object()]))


def test_source_defaults_to_caller_and_can_include_text():
    src = modelseal.source(include_text=True)
    with open(__file__, "rb") as f:
        text = f.read()
    assert src["uri"] == __file__
    assert src["content_hash"] == "sha256:" + hashlib.sha256(text).hexdigest()
    assert src["text"] == text.decode()
    assert modelseal.source()["text"] == ""


def test_cv_scores_given_and_computed():
    s = modelseal.cv_score("r2", [0.5, 0.7])
    assert s == {"scorer": "r2", "mean": 0.6, "std": pytest.approx(0.1),
                 "n_splits": 2}
    with pytest.raises(modelseal.UsageError):
        modelseal.cv_score("r2", [])
    X, y, _ = cases.dataset("diabetes")
    r = modelseal.cross_val(linear_model.Ridge(), X, y, cv=4,
                            scoring="neg_mean_absolute_error")
    assert r["scorer"] == "neg_mean_absolute_error" and r["n_splits"] == 4
    assert r["mean"] < 0
    d = modelseal.cross_val(linear_model.Ridge(), X, y, cv=3)
    assert d["scorer"] == "r2"


def test_export_records_versions_and_time():
    X, y, _ = cases.dataset("diabetes")
    est = linear_model.Ridge().fit(X, y)
    m = modelseal.export(est, name="r", version=4, description="d",
                         training_data=X)
    md = m["metadata"]
    assert md["name"] == "r" and md["version"] == 4
    assert md["description"] == "d"
    assert len(md["created"]) == 20 and md["created"].endswith("Z")
    assert md["training_data"]["shape"] == [442, 10]
    versions = {v["name"]: v["version"] for v in md["library_versions"]}
    import sklearn
    assert versions["scikit-learn"] == sklearn.__version__
    assert versions["numpy"] == np.__version__
    assert md["source"]["uri"] == __file__

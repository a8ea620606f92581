# Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
"""End to end from Python: keygen -> save -> sign -> verify -> sandboxed
load, the error classes of each failure, provenance, DataFrames, threads."""

import concurrent.futures
import datetime
import hashlib
import os

import numpy as np
import pandas as pd
import pytest
from sklearn import ensemble, linear_model, semi_supervised

import cases
import modelseal



@pytest.fixture(scope="module")
def keys(tmp_path_factory):
    d = tmp_path_factory.mktemp("keys")
    kid = modelseal.keygen(d / "a.key", d / "a.pub")
    other = modelseal.keygen(d / "b.key", d / "b.pub")
    assert kid != other and len(kid) == 16
    return d


@pytest.fixture(scope="module")
def iris_forest():
    X, y, _ = cases.dataset("iris_str")
    return ensemble.RandomForestClassifier(n_estimators=4,
                                           random_state=0).fit(X, y), X, y


def test_round_trip_keygen_save_sign_verify_sandboxed_load(
        tmp_path, keys, iris_forest):
    est, X, y = iris_forest
    path = tmp_path / "iris.seal"
    modelseal.save(est, path, name="iris", version=3,
                   training_data=modelseal.training_data(X, uri="s3://x/iris"),
                   cv_scores=modelseal.cross_val(est, X, y, cv=3))
    sig = modelseal.sign(path, keys / "a.key")
    assert sig == str(path) + ".minisig"
    st = modelseal.verify(path, trusted_keys=[keys / "a.pub"])
    assert st["name"] == "iris" and st["version"] == 3
    assert st["size"] == os.path.getsize(path)
    model = modelseal.load(path, trusted_keys=[keys / "a.pub"])
    assert model.signature["name"] == "iris"
    assert np.array_equal(model.predict(X), est.predict(X))
    assert np.array_equal(model.predict_proba(X), est.predict_proba(X))
    assert list(model.classes_) == list(est.classes_)
    assert model.n_features_in_ == 4
    md = model.metadata
    assert md["name"] == "iris" and md["version"] == 3
    assert md["training_data"]["uri"] == "s3://x/iris"
    assert md["training_data"]["shape"] == [150, 4]
    names = {lv["name"] for lv in md["library_versions"]}
    assert {"scikit-learn", "numpy", "scipy", "python",
            "platform"} <= names
    # source="auto" recorded this test file.
    with open(__file__, "rb") as f:
        digest = "sha256:" + hashlib.sha256(f.read()).hexdigest()
    assert md["source"]["content_hash"] == digest
    assert md["cv_scores"][0]["scorer"] == "accuracy"
    assert md["cv_scores"][0]["n_splits"] == 3
    report = modelseal.check(model, X, y)
    assert report["scores"][0]["score"] == pytest.approx(
        est.score(X, y))
    # On its training data the forest scores above its cv range.
    assert report["scores"][0]["score"] >= md["cv_scores"][0]["mean"]


def test_check_flags_a_score_out_of_range(tmp_path, keys):
    X, y, _ = cases.dataset("breast_cancer")
    est = ensemble.RandomForestClassifier(n_estimators=3,
                                          random_state=0).fit(X, y)
    path = tmp_path / "bc.seal"
    modelseal.save(est, path, name="bc", version=1,
                   cv_scores=modelseal.cv_score("accuracy", [0.94, 0.95]))
    modelseal.sign(path, keys / "a.key")
    good = modelseal.check(path, X, y, trusted_keys=keys / "a.pub",
                           n_std=1e9)
    assert good["ok"]
    bad = modelseal.check(path, X, 1 - y, trusted_keys=keys / "a.pub")
    assert not bad["ok"] and bad["scores"][0]["score"] < 0.2


def _signed(tmp_path, keys, est, **sign_kwargs):
    path = tmp_path / "m.seal"
    modelseal.save(est, path, name="m", version=1)
    modelseal.sign(path, keys / "a.key", **sign_kwargs)
    return path


def test_unsupported_estimator_error_class():
    X, y, _ = cases.dataset("iris")
    knn = semi_supervised.LabelSpreading().fit(X, y)
    with pytest.raises(modelseal.UnsupportedEstimatorError):
        modelseal.save(knn, "/nonexistent/x.seal", name="k")


def test_tampered_file_error_class(tmp_path, keys, iris_forest):
    path = _signed(tmp_path, keys, iris_forest[0])
    data = bytearray(path.read_bytes())
    data[-1] ^= 1
    path.write_bytes(bytes(data))
    with pytest.raises(modelseal.TamperedFileError) as e:
        modelseal.load(path, trusted_keys=[keys / "a.pub"])
    assert e.value.name == "SigInvalid" and e.value.code == 412
    assert isinstance(e.value, modelseal.SignatureError)
    with pytest.raises(modelseal.TamperedFileError):
        modelseal.verify(path, trusted_keys=[keys / "a.pub"])


def test_untrusted_key_error_class(tmp_path, keys, iris_forest):
    path = _signed(tmp_path, keys, iris_forest[0])
    with pytest.raises(modelseal.UntrustedKeyError) as e:
        modelseal.load(path, trusted_keys=[keys / "b.pub"])
    assert e.value.name == "UnknownKeyId"
    assert not isinstance(e.value, modelseal.TamperedFileError)


def test_expired_signature_error_class(tmp_path, keys, iris_forest):
    path = _signed(tmp_path, keys, iris_forest[0],
                   expires=datetime.timedelta(hours=1))
    model = modelseal.load(path, trusted_keys=[keys / "a.pub"])
    assert model.signature["expires"] is not None
    later = datetime.datetime.now(datetime.timezone.utc) + \
        datetime.timedelta(hours=2)
    with pytest.raises(modelseal.ExpiredSignatureError) as e:
        modelseal.load(path, trusted_keys=[keys / "a.pub"], now=later)
    assert isinstance(e.value, modelseal.StatementError)
    assert e.value.code == 451


def test_error_classes_are_distinct():
    classes = [modelseal.UnsupportedEstimatorError,
               modelseal.TamperedFileError, modelseal.UntrustedKeyError,
               modelseal.ExpiredSignatureError]
    for a in classes:
        assert issubclass(a, modelseal.ModelsealError)
        for b in classes:
            assert a is b or not issubclass(a, b)


def test_name_pin_and_rollback(tmp_path, keys, iris_forest):
    path = _signed(tmp_path, keys, iris_forest[0])
    with pytest.raises(modelseal.StatementError) as e:
        modelseal.load(path, trusted_keys=[keys / "a.pub"], name="other")
    assert e.value.name == "StatementNameMismatch"
    with pytest.raises(modelseal.StatementError) as e:
        modelseal.load(path, trusted_keys=[keys / "a.pub"], name="m",
                       min_version=2)
    assert e.value.name == "StatementRollback"


def test_unsigned_requires_opt_in(tmp_path, iris_forest):
    path = tmp_path / "u.seal"
    modelseal.save(iris_forest[0], path, name="u")
    with pytest.raises(modelseal.UsageError) as e:
        modelseal.load(path)
    assert e.value.name == "UnsignedNotAllowed"
    m = modelseal.load(path, insecure_allow_unsigned=True)
    assert m.signature is None


def test_corrupt_unsigned_file_is_format_error(tmp_path, iris_forest):
    path = tmp_path / "c.seal"
    modelseal.save(iris_forest[0], path, name="c")
    data = bytearray(path.read_bytes())
    data[0] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(modelseal.FormatError) as e:
        modelseal.load(path, insecure_allow_unsigned=True)
    assert e.value.name == "BadMagic"


def test_dataframe_feature_names_checked(tmp_path, keys):
    X, y, _ = cases.dataset("diabetes")
    cols = [f"f{i}" for i in range(X.shape[1])]
    df = pd.DataFrame(X, columns=cols)
    est = linear_model.Ridge().fit(df, y)
    path = _signed(tmp_path, keys, est)
    model = modelseal.load(path, trusted_keys=[keys / "a.pub"])
    assert list(model.feature_names_in_) == cols
    np.testing.assert_allclose(model.predict(df), est.predict(df),
                               rtol=1e-12)
    np.testing.assert_allclose(model.predict(X), est.predict(X), rtol=1e-12)
    with pytest.raises(modelseal.InputError):
        model.predict(df[cols[::-1]])


def test_input_errors(tmp_path, keys, iris_forest):
    model = modelseal.load(_signed(tmp_path, keys, iris_forest[0]),
                           trusted_keys=[keys / "a.pub"])
    with pytest.raises(modelseal.InputError) as e:
        model.predict(np.zeros((2, 3)))
    assert e.value.name == "InputShape"
    with pytest.raises(modelseal.InputError):
        model.predict(np.zeros(4))
    with pytest.raises(modelseal.UsageError) as e:
        model.transform(np.zeros((2, 4)))
    assert e.value.name == "MethodNotSupported"


def test_concurrent_loads_and_predicts(tmp_path, keys):
    X, y, _ = cases.dataset("digits")
    est = ensemble.HistGradientBoostingClassifier(
        max_iter=5, early_stopping=False, random_state=0).fit(X, y)
    path = _signed(tmp_path, keys, est)
    want = est.predict_proba(X)

    def work(_):
        m = modelseal.load(path, trusted_keys=[keys / "a.pub"])
        return [m.predict_proba(X) for _ in range(3)]

    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(work, range(8)))
    for rs in results:
        for r in rs:
            np.testing.assert_allclose(r, want, rtol=1e-12, atol=0)
    shared = modelseal.load(path, trusted_keys=[keys / "a.pub"], n_threads=2)
    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        labels = list(pool.map(lambda _: shared.predict(X), range(8)))
    for lab in labels:
        assert np.array_equal(lab, est.predict(X))

# Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
"""Input and output paths from Python (issue 19, items 1, 2, 5, 6): a FIFO
at any input path is refused at once, a signed load checks the signed size
before reading, an unsigned load has a size limit, oversized signature and
key files are signature errors, and outputs replace only regular files and
keep their mode."""

import faulthandler
import os
import stat

import pytest
from sklearn import linear_model

import cases
import modelseal
from modelseal.errors import ModelsealIOError



@pytest.fixture(autouse=True)
def hang_guard():
    # Before the fix a FIFO input blocked open() forever: kill the run with
    # a traceback after a generous two minutes instead of hanging the suite.
    faulthandler.dump_traceback_later(120, exit=True)
    yield
    faulthandler.cancel_dump_traceback_later()


@pytest.fixture(scope="module")
def keys(tmp_path_factory):
    d = tmp_path_factory.mktemp("keys")
    modelseal.keygen(d / "a.key", d / "a.pub")
    return d


@pytest.fixture
def signed(tmp_path, keys):
    X, y, _ = cases.dataset("iris")
    est = linear_model.LogisticRegression(max_iter=500).fit(X, y)
    path = tmp_path / "m.seal"
    modelseal.save(est, path, name="iris", version=1)
    modelseal.sign(path, keys / "a.key")
    return path


def _fifo(tmp_path, name="fifo"):
    p = tmp_path / name
    os.mkfifo(p)
    return p


def _refused(e, path):
    assert e.value.code == 5 and e.value.name == "IoNotRegularFile"
    assert e.value.context == str(path)
    assert e.value.detail == "a fifo"


def test_fifo_inputs_refused_without_blocking(tmp_path, keys, signed):
    fifo = _fifo(tmp_path)
    pub = keys / "a.pub"
    # The model, unsigned and signed.
    with pytest.raises(ModelsealIOError) as e:
        modelseal.load(fifo, insecure_allow_unsigned=True)
    _refused(e, fifo)
    with pytest.raises(ModelsealIOError) as e:
        modelseal.load(fifo, trusted_keys=[pub],
                       signature_path=str(signed) + ".minisig")
    _refused(e, fifo)
    # The .minisig, the public key, the policy.
    with pytest.raises(ModelsealIOError) as e:
        modelseal.load(signed, trusted_keys=[pub], signature_path=fifo)
    _refused(e, fifo)
    with pytest.raises(ModelsealIOError) as e:
        modelseal.load(signed, trusted_keys=[fifo])
    _refused(e, fifo)
    with pytest.raises(ModelsealIOError) as e:
        modelseal.load(signed, policy=fifo)
    _refused(e, fifo)
    with pytest.raises(ModelsealIOError) as e:
        modelseal.verify(signed, trusted_keys=[pub], signature_path=fifo)
    _refused(e, fifo)
    # The secret key and the file to sign.
    with pytest.raises(ModelsealIOError) as e:
        modelseal.sign(signed, fifo)
    _refused(e, fifo)
    with pytest.raises(ModelsealIOError) as e:
        modelseal.sign(fifo, keys / "a.key", name="iris", version=1,
                       signature_path=tmp_path / "x.minisig")
    _refused(e, fifo)


def test_oversized_signature_and_key_files_are_signature_errors(
        tmp_path, keys, signed):
    big = tmp_path / "big"
    big.write_bytes(b"a" * (16 * 1024 + 1))
    with pytest.raises(modelseal.SignatureError) as e:
        modelseal.load(signed, trusted_keys=[keys / "a.pub"],
                       signature_path=big)
    assert e.value.code == 400 and e.value.name == "SignTextTooLarge"
    assert e.value.detail == "16385 bytes, limit 16384"
    with pytest.raises(modelseal.SignatureError) as e:
        modelseal.load(signed, trusted_keys=[big])
    assert e.value.code == 400
    with pytest.raises(modelseal.SignatureError) as e:
        modelseal.sign(signed, big)
    assert e.value.code == 400
    bigpolicy = tmp_path / "policy"
    bigpolicy.write_bytes(b"a" * (64 * 1024 + 1))
    with pytest.raises(modelseal.UsageError) as e:
        modelseal.load(signed, policy=bigpolicy)
    assert e.value.code == 471


def test_signed_size_checked_before_reading(keys, signed):
    size = os.path.getsize(signed)
    # A sparse 256 MiB file next to a valid signature: refused from the
    # signed statement (E450) before reading; hashing it first would have
    # failed the signature (E412) after copying it into memory.
    os.truncate(signed, 256 << 20)
    with pytest.raises(modelseal.StatementError) as e:
        modelseal.load(signed, trusted_keys=[keys / "a.pub"])
    assert e.value.code == 450
    assert e.value.detail == f"signed {size}, file has {256 << 20}"
    with pytest.raises(modelseal.StatementError) as e:
        modelseal.verify(signed, trusted_keys=[keys / "a.pub"])
    assert e.value.code == 450


def test_unsigned_load_size_limit(signed):
    size = os.path.getsize(signed)
    with pytest.raises(ModelsealIOError) as e:
        modelseal.load(signed, insecure_allow_unsigned=True,
                       max_unsigned_size=size - 1)
    assert e.value.code == 823 and e.value.name == "UnsignedTooLarge"
    assert f"the limit of an unsigned load is {size - 1}" in str(e.value)
    assert "max_unsigned_size=" in str(e.value)
    model = modelseal.load(signed, insecure_allow_unsigned=True,
                           max_unsigned_size=size)
    assert model.signature is None
    with pytest.raises(modelseal.UsageError):
        modelseal.load(signed, insecure_allow_unsigned=True,
                       max_unsigned_size=-1)
    # The default: 256 MiB.
    os.truncate(signed, (256 << 20) + 1)
    with pytest.raises(ModelsealIOError) as e:
        modelseal.load(signed, insecure_allow_unsigned=True)
    assert e.value.code == 823


def test_outputs_keep_mode_and_refuse_non_regular(tmp_path, keys, signed):
    X, y, _ = cases.dataset("iris")
    est = linear_model.LogisticRegression(max_iter=500).fit(X, y)
    fifo = _fifo(tmp_path)
    with pytest.raises(ModelsealIOError) as e:
        modelseal.save(est, fifo, name="iris")
    assert e.value.code == 5 and e.value.context == str(fifo)
    assert e.value.detail == "exists as a fifo; refusing to replace it"
    with pytest.raises(ModelsealIOError):
        modelseal.sign(signed, keys / "a.key", signature_path=fifo)
    with pytest.raises(ModelsealIOError):
        modelseal.keygen(fifo, tmp_path / "n.pub")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    # Replaced files keep their mode; a secret key stays private.
    os.chmod(signed, 0o640)
    modelseal.save(est, signed, name="iris", version=2)
    assert stat.S_IMODE(os.stat(signed).st_mode) == 0o640
    sig = str(signed) + ".minisig"
    os.chmod(sig, 0o600)
    modelseal.sign(signed, keys / "a.key")
    assert stat.S_IMODE(os.stat(sig).st_mode) == 0o600
    key = tmp_path / "k.key"
    key.write_text("old")
    os.chmod(key, 0o644)
    modelseal.keygen(key, tmp_path / "k.pub")
    assert stat.S_IMODE(os.stat(key).st_mode) == 0o600


def test_provenance_file_inputs_refuse_fifos(tmp_path):
    fifo = _fifo(tmp_path)
    with pytest.raises(modelseal.UsageError):
        modelseal.training_data(fifo)
    with pytest.raises(modelseal.UsageError):
        modelseal.source(fifo)
    # The open itself (a FIFO swapped in after the isfile check) does not
    # block either.
    from modelseal import _provenance
    with pytest.raises(modelseal.UsageError, match="not a regular file"):
        _provenance._sha256_file(str(fifo), "training_data")
    f = tmp_path / "data.csv"
    f.write_bytes(b"1,2\n")
    assert modelseal.training_data(f)["content_hash"].startswith("sha256:")

# Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
"""Exception messages quote models, signatures and the sandbox helper's
reply: their control characters are escaped as the CLI escapes them, while
the context and detail attributes keep the exact text."""

import os
import stat

import pytest
from sklearn import linear_model

import cases
import modelseal
from modelseal.errors import ModelsealError, escape_for_terminal


CONTROL = ("\x1b", "\x07", "\x9b")


def _assert_escaped(exc, shown):
    message = str(exc)
    for c in CONTROL:
        assert c not in message, repr(message)
    assert shown in message, repr(message)


def test_escape_for_terminal():
    assert escape_for_terminal("plain ok") == "plain ok"
    assert escape_for_terminal("a\x1b]0;pwn\x07b") == "a\\x1b]0;pwn\\x07b"
    assert escape_for_terminal("caf\u00e9 \u20ac") == "caf\u00e9 \u20ac"
    assert escape_for_terminal("\x9b\x7f\x00") == "\\u009b\\x7f\\x00"
    assert escape_for_terminal("\udcff") == "\\xff"  # surrogateescape


def test_python_raised_messages_are_escaped():
    e = ModelsealError("bad \x1b[2J name")
    assert str(e) == "bad \\x1b[2J name"


@pytest.fixture(scope="module")
def model_bytes(tmp_path_factory):
    X, y, _ = cases.dataset("iris")
    est = linear_model.LogisticRegression(max_iter=500).fit(X, y)
    path = tmp_path_factory.mktemp("m") / "m.seal"
    modelseal.save(est, path, name="mmmmmmmmmmmm", version=1,
                   created="2024-01-01T00:00:00Z")
    return path.read_bytes()


def _patched(tmp_path, data, old, new):
    assert len(old) == len(new) and data.count(old) == 1
    path = tmp_path / "p.seal"
    path.write_bytes(data.replace(old, new))
    return path


def test_e144_message_escapes_the_timestamp(tmp_path, model_bytes):
    evil = b"\x1b]0;pwned\x07\x1b[2J\xc2\x9bxxxx"
    path = _patched(tmp_path, model_bytes, b"2024-01-01T00:00:00Z", evil)
    with pytest.raises(modelseal.FormatError) as e:
        modelseal.load(path, insecure_allow_unsigned=True)
    assert e.value.code == 144
    _assert_escaped(e.value, "'\\x1b]0;pwned\\x07\\x1b[2J\\u009bxxxx'")
    assert "\x1b]0;pwned\x07" in e.value.detail  # the exact text


def test_e822_message_escapes_the_models_name(tmp_path, model_bytes):
    keys = tmp_path / "keys"
    keys.mkdir()
    modelseal.keygen(keys / "a.key", keys / "a.pub")
    path = _patched(tmp_path, model_bytes, b"mmmmmmmmmmmm",
                    b"e\x1b]0;pwn\x07\xc2\x9bz")
    modelseal.sign(path, keys / "a.key", name="other", version=1)
    with pytest.raises(modelseal.StatementError) as e:
        modelseal.load(path, trusted_keys=[keys / "a.pub"])
    assert e.value.code == 822
    _assert_escaped(e.value, '"e\\x1b]0;pwn\\x07\\u009bz"')


def _fake_helper_reply():
    def le(v, n):
        return v.to_bytes(n, "little")

    def record(tag, value):
        return le(tag, 2) + le(0, 2) + le(len(value), 4) + value

    body = (record(1, le(106, 4))
            + record(2, "manifest\x1b[2J\x9b".encode())
            + record(3, b"\x07bell"))
    return b"MSRP" + le(1, 2) + le(0, 2) + le(len(body), 8) + body


def test_e106_from_a_lying_helper_is_escaped(tmp_path, model_bytes,
                                            monkeypatch):
    # A helper that prints a crafted reply on fd 4 (printf: a shell
    # builtin, as the helper may not start processes).
    octal = "".join(f"\\{b:03o}" for b in _fake_helper_reply())
    helper = tmp_path / "fake-helper"
    helper.write_text(f"#!/bin/sh\nprintf '{octal}' >&4\n")
    helper.chmod(helper.stat().st_mode | stat.S_IXUSR)
    path = tmp_path / "m.seal"
    path.write_bytes(model_bytes)
    monkeypatch.setenv("MODELSEAL_SANDBOX_HELPER", os.fspath(helper))
    with pytest.raises(modelseal.FormatError) as e:
        modelseal.load(path, insecure_allow_unsigned=True)
    assert e.value.code == 106
    _assert_escaped(e.value, "manifest\\x1b[2J\\u009b: ")
    assert "\\x07bell" in str(e.value)
    assert e.value.context == "manifest\x1b[2J\x9b"

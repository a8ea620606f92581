# Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))


import pytest  # noqa: E402

import modelseal  # noqa: E402


@pytest.fixture(scope="module")
def roundtrip(request, tmp_path_factory):
    """save_load(est): saves `est` (format as written by modelseal.save) in
    a directory of the test module's own and loads it back in process."""
    name = request.module.__name__.replace("test_", "").replace("_", "-")
    d = tmp_path_factory.mktemp(name)
    count = [0]

    def save_load(est):
        count[0] += 1
        path = d / f"m{count[0]}.seal"
        modelseal.save(est, path, name=name, version=1, source=None)
        return modelseal._load_unsandboxed(path)
    return save_load


@pytest.fixture(scope="module")
def sealed(request, tmp_path_factory):
    """sealed(est, n_threads=1): modelseal.save -> modelseal.sign ->
    modelseal.load, the signature verified and the file parsed in the
    sandbox helper; a key pair and a directory of the test module's own."""
    name = request.module.__name__.replace("test_", "").replace("_", "-")
    d = tmp_path_factory.mktemp(name)
    modelseal.keygen(d / "a.key", d / "a.pub")
    count = [0]

    def save_sign_load(est, n_threads=1):
        count[0] += 1
        path = d / f"m{count[0]}.seal"
        modelseal.save(est, path, name=name, version=1, source=None)
        modelseal.sign(path, d / "a.key")
        return modelseal.load(path, trusted_keys=[d / "a.pub"],
                              n_threads=n_threads)
    return save_sign_load

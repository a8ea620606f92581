# Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
"""Provenance helpers: what scikit-learn's model persistence guidance says to
keep with a model (training data reference, source, library versions and
cross-validation scores). The results are plain dicts with the field names of
model.h (TrainingData, SourceRef, LibraryVersion, CvScore)."""

from __future__ import annotations

import datetime
import hashlib
import os
import platform
import stat
import sys

import numpy as np

from .errors import UsageError

_CHUNK = 1 << 20


def _open_regular(path: str, what: str):
    """Opens `path` for reading if it is a regular file, without blocking on
    a FIFO (O_NONBLOCK until fstat said it is regular), as the C++ side's
    OpenRegularFile does."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC |
                     os.O_NOCTTY)
    except OSError as e:
        raise UsageError(f"{what}: {path}: {e.strerror}", context=what,
                         detail=path) from None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise UsageError(f"{what}: {path}: not a regular file",
                         context=what, detail=path)
    os.set_blocking(fd, True)
    return os.fdopen(fd, "rb")


def _sha256_file(path: str, what: str) -> str:
    h = hashlib.sha256()
    with _open_regular(path, what) as f:
        while True:
            block = f.read(_CHUNK)
            if not block:
                break
            h.update(block)
    return "sha256:" + h.hexdigest()


def _is_dataframe(obj) -> bool:
    return type(obj).__module__.split(".")[0] == "pandas" and \
        hasattr(obj, "columns") and hasattr(obj, "to_numpy")


def training_data(data, uri: str = "") -> dict:
    """Reference to the training data: `uri` (where the immutable snapshot
    lives), content hash and shape.

    `data` is a numpy array (hash: SHA-256 of dtype string, shape and the
    C-order bytes), a pandas DataFrame (SHA-256 of
    pandas.util.hash_pandas_object over rows and index, plus the column
    names) or a path to a file (SHA-256 of its bytes; shape empty; uri
    defaults to the absolute path).
    """
    if isinstance(data, (str, os.PathLike)):
        path = os.fspath(data)
        if not os.path.isfile(path):
            raise UsageError(f"training_data: {path}: not a regular file",
                             context="training_data", detail=path)
        return {"uri": uri or os.path.abspath(path),
                "content_hash": _sha256_file(path, "training_data"),
                "shape": []}
    if _is_dataframe(data):
        import pandas as pd
        h = hashlib.sha256()
        h.update(repr([str(c) for c in data.columns]).encode())
        h.update(pd.util.hash_pandas_object(data, index=True)
                 .to_numpy().tobytes())
        return {"uri": uri, "content_hash": "sha256:" + h.hexdigest(),
                "shape": [int(s) for s in data.shape]}
    if isinstance(data, np.ndarray):
        if data.dtype.kind == "O":
            raise UsageError("training_data: object arrays cannot be hashed "
                             "reproducibly", context="training_data")
        h = hashlib.sha256()
        h.update(f"{data.dtype.str}{data.shape}".encode())
        h.update(np.ascontiguousarray(data).tobytes())
        return {"uri": uri, "content_hash": "sha256:" + h.hexdigest(),
                "shape": [int(s) for s in data.shape]}
    raise UsageError(
        f"training_data: unsupported type {type(data).__name__} (expected a "
        "numpy array, a pandas DataFrame or a file path)",
        context="training_data")


def source(path: str | None = None, *, include_text: bool = False,
           uri: str = "", _depth: int = 1) -> dict:
    """Reference to the source that produced the model: by default the
    calling script (its path and SHA-256), optionally with its full text."""
    if path is None:
        path = sys._getframe(_depth).f_code.co_filename
    path = os.fspath(path)
    if not os.path.isfile(path):
        raise UsageError(f"source: {path}: not a regular file",
                         context="source", detail=path)
    out = {"uri": uri or os.path.abspath(path),
           "content_hash": _sha256_file(path, "source"), "text": ""}
    if include_text:
        with _open_regular(path, "source") as f:
            out["text"] = f.read().decode("utf-8", errors="strict")
    return out


def cv_score(scorer: str, scores) -> dict:
    """A cross-validation result from scores you computed."""
    s = np.asarray(scores, dtype=np.float64).reshape(-1)
    if s.size == 0:
        raise UsageError("cv_score: no scores", context="cv_score")
    return {"scorer": str(scorer), "mean": float(s.mean()),
            "std": float(s.std()), "n_splits": int(s.size)}


def cross_val(estimator, X, y, *, cv=5, scoring: str | None = None) -> dict:
    """Runs sklearn.model_selection.cross_val_score and records the result.
    `scoring` must be a scorer name (it is stored); None uses the
    estimator's default (accuracy for classifiers, r2 for regressors)."""
    from sklearn.base import is_classifier
    from sklearn.model_selection import cross_val_score
    if scoring is not None and not isinstance(scoring, str):
        raise UsageError("cross_val: scoring must be a scorer name",
                         context="cross_val")
    name = scoring or ("accuracy" if is_classifier(estimator) else "r2")
    scores = cross_val_score(estimator, X, y, cv=cv, scoring=name)
    return cv_score(name, scores)


def library_versions() -> list[dict]:
    """The versions recorded automatically with every model."""
    out = [{"name": "python", "version": platform.python_version()},
           {"name": "numpy", "version": np.__version__}]
    for mod in ("sklearn", "scipy"):
        try:
            m = __import__(mod)
            out.append({"name": "scikit-learn" if mod == "sklearn" else mod,
                        "version": m.__version__})
        except ImportError:
            pass
    from . import __version__
    out.append({"name": "modelseal", "version": __version__})
    out.append({"name": "platform", "version": platform.platform()})
    return out


def utc_now() -> str:
    return datetime.datetime.now(datetime.timezone.utc).strftime(
        "%Y-%m-%dT%H:%M:%SZ")

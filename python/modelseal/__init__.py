# Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
"""modelseal: signed, sandboxed, schema-only scikit-learn models.

    import modelseal
    modelseal.save(fitted_estimator, "model.seal", name="churn", version=3)
    model = modelseal.load("model.seal", trusted_keys=["pub.key"])
    model.predict(X)

Nothing is ever pickled or unpickled. Errors are modelseal.errors classes
with the common base ModelsealError.
"""

from __future__ import annotations

import os

__version__ = "0.1.0"

from . import errors  # noqa: E402
from ._provenance import (cross_val, cv_score, source,  # noqa: E402
                          training_data)
from .errors import (ExpiredSignatureError, FormatError,  # noqa: E402
                     InputError, ModelsealError, SignatureError,
                     UnsupportedEstimatorError, UntrustedKeyError, UsageError)

__all__ = [
    "save", "load", "export", "supported_estimators", "training_data",
    "source", "cv_score", "cross_val", "ModelsealError",
    "UnsupportedEstimatorError", "FormatError", "SignatureError",
    "UntrustedKeyError", "ExpiredSignatureError", "InputError", "UsageError",
]


def supported_estimators() -> list[str]:
    """Names of the scikit-learn classes save() accepts."""
    from ._export import supported_estimators as s
    return s()


def export(estimator, *, name: str, version: int = 1, description: str = "",
           training_data=None, source="auto", cv_scores=None,
           created: str | None = None, _depth: int = 2) -> dict:
    """The model dict save() writes (keys as in include/modelseal/model.h).

    training_data: a dict from modelseal.training_data(), or an array /
      DataFrame / file path to reference (hashed here).
    source: "auto" (the calling script, if it is a file), None, a path, or a
      dict from modelseal.source().
    cv_scores: a dict or list of dicts from modelseal.cv_score() /
      modelseal.cross_val().
    """
    from . import _provenance as p
    from ._export import export_model
    if training_data is None:
        td = {}
    elif isinstance(training_data, dict):
        td = training_data
    else:
        td = p.training_data(training_data)
    if source is None:
        src = {}
    elif isinstance(source, dict):
        src = source
    elif isinstance(source, str) and source == "auto":
        import sys
        caller = sys._getframe(_depth - 1).f_code.co_filename
        src = p.source(caller) if os.path.isfile(caller) else {}
    else:
        src = p.source(source)
    if cv_scores is None:
        cvs = []
    elif isinstance(cv_scores, dict):
        cvs = [cv_scores]
    else:
        cvs = list(cv_scores)
    metadata = {
        "name": name, "version": int(version), "description": description,
        "created": created if created is not None else p.utc_now(),
        "training_data": td, "source": src,
        "library_versions": p.library_versions(), "cv_scores": cvs,
    }
    return export_model(estimator, metadata)


def save(estimator, path, *, name: str, version: int = 1,
         description: str = "", training_data=None, source="auto",
         cv_scores=None, created: str | None = None) -> None:
    """Exports a fitted scikit-learn estimator to a .seal file (written to a
    temporary file and renamed). Never pickles. See export() for the
    provenance arguments. Raises UnsupportedEstimatorError for an estimator,
    parameter or scikit-learn version the exporter does not support, and the
    C++ validator's error (a FormatError subclass) for an invalid model."""
    from . import _native
    d = export(estimator, name=name, version=version, description=description,
               training_data=training_data, source=source,
               cv_scores=cv_scores, created=created, _depth=3)
    if not getattr(_native, "HAVE_FORMAT", False):
        raise errors.UnsupportedError(
            "this build of modelseal has no model writer (format/ missing)")
    _native.write_model(d, os.fspath(path))


def _load_unsandboxed(path, *, n_threads: int = 1):
    """INTERNAL, for the parity tests: parses `path` in-process with no
    signature check and no sandbox. Never use it on untrusted files."""
    from . import _native
    from ._predictor import Predictor
    return Predictor(_native.load_unsandboxed(os.fspath(path)),
                     n_threads=n_threads)


def _predictor_from_dict(d, *, n_threads: int = 1):
    """INTERNAL, for tests: validates a model dict and builds a predictor."""
    from . import _native
    from ._predictor import Predictor
    return Predictor(_native.predictor_from_dict(d), n_threads=n_threads)

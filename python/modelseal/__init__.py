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
                     InputError, MethodNotSupportedError, ModelsealError,
                     SandboxError,
                     SignatureError, StatementError, TamperedFileError,
                     UnsupportedEstimatorError, UnsupportedError,
                     UntrustedKeyError, UsageError)

__all__ = [
    "save", "load", "export", "supported_estimators", "training_data",
    "keygen", "sign", "verify", "check", "SandboxError", "StatementError",
    "TamperedFileError", "UnsupportedError",
    "source", "cv_score", "cross_val", "ModelsealError",
    "UnsupportedEstimatorError", "FormatError", "SignatureError",
    "UntrustedKeyError", "ExpiredSignatureError", "InputError", "UsageError",
    "MethodNotSupportedError",
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
    C++ validator's error (a FormatError subclass) for an invalid model,
    and StatementError (E443 StatementName) for a `name` a signature cannot
    carry (signing/FORMAT.md §4: 1-128 of [A-Za-z0-9._/-], starting with a
    letter or digit), the rule sign() applies.

    Paths here and in load/sign/verify/keygen are str, bytes or os.PathLike,
    as open() takes them; a path with a NUL byte raises UsageError (E10)."""
    from . import _native
    if not isinstance(name, str):
        raise errors.error("StatementName", "name",
                           f"expected a str, got {type(name).__name__}")
    _native.check_model_name(name)
    d = export(estimator, name=name, version=version, description=description,
               training_data=training_data, source=source,
               cv_scores=cv_scores, created=created, _depth=3)
    _native.write_model(d, path)


def _load_unsandboxed(path, *, n_threads: int = 1):
    """INTERNAL, for the parity tests: parses `path` in-process with no
    signature check and no sandbox. Never use it on untrusted files."""
    from . import _native
    from ._predictor import Predictor
    return Predictor(_native.load_unsandboxed(path),
                     n_threads=n_threads)


def _predictor_from_dict(d, *, n_threads: int = 1):
    """INTERNAL, for tests: validates a model dict and builds a predictor."""
    from . import _native
    from ._predictor import Predictor
    return Predictor(_native.predictor_from_dict(d), n_threads=n_threads)


def _signing():
    from . import _native
    return _native


def keygen(secret_key_path, public_key_path, *, passphrase=None,
           passphrase_env: str | None = None, fast_kdf: bool = False) -> str:
    """Creates a minisign-compatible Ed25519 key pair and returns its key id.

    The secret key file (mode 0600) is encrypted with scrypt when a
    passphrase is given (`passphrase`, or the name of an environment variable
    in `passphrase_env`), and unencrypted otherwise (for CI signing).
    `fast_kdf` uses light scrypt limits (tests only)."""
    if isinstance(passphrase, bytes):
        passphrase = passphrase.decode()
    return _signing().keygen(secret_key_path, public_key_path, passphrase,
                             passphrase_env, bool(fast_kdf))


def _utc_seconds(t) -> int | None:
    import datetime
    if t is None:
        return None
    if isinstance(t, datetime.datetime):
        if t.tzinfo is None:
            raise UsageError("expires: use a timezone-aware datetime")
        return int(t.timestamp())
    if isinstance(t, datetime.timedelta):
        now = datetime.datetime.now(datetime.timezone.utc)
        return int((now + t).timestamp())
    return int(t)


def sign(path, secret_key_path, *, name: str | None = None,
         version: int | None = None, expires=None, passphrase=None,
         passphrase_env: str | None = None, signature_path=None) -> str:
    """Signs a model file (detached minisign signature, default
    "<path>.minisig") and returns the signature path.

    The signed statement records `name` and `version` (default: the ones in
    the model's metadata), the file size and an optional expiry (`expires`:
    unix seconds, an aware datetime, or a timedelta from now)."""
    if name is None or version is None:
        from . import _native
        meta = _native.read_model_unsandboxed(path)["metadata"]
        name = meta["name"] if name is None else name
        version = meta["version"] if version is None else version
    if isinstance(passphrase, bytes):
        passphrase = passphrase.decode()
    return _signing().sign(
        path, secret_key_path, name, int(version), _utc_seconds(expires),
        passphrase, passphrase_env, signature_path)


def _key_paths(trusted_keys):
    if trusted_keys is None:
        return []
    if isinstance(trusted_keys, (str, bytes, os.PathLike)):
        return [trusted_keys]
    try:
        return list(trusted_keys)
    except TypeError:
        raise errors.error(
            "InvalidPath", "trusted_keys",
            f"expected a path or a list of paths, not "
            f"{type(trusted_keys).__name__}") from None


def verify(path, *, trusted_keys=None, policy=None, signature_path=None,
           name: str | None = None, min_version: int = 0) -> dict:
    """Verifies a model file's signature against `trusted_keys` (public key
    file paths) or a trust `policy` file, and enforces the signed statement
    (size, expiry, optional `name` pin and `min_version`). Returns the
    statement as a dict. Raises SignatureError (TamperedFileError when the
    bytes changed), UntrustedKeyError, ExpiredSignatureError,
    StatementError."""
    keys = _key_paths(trusted_keys)
    if not keys and policy is None:
        raise UsageError("verify: give trusted_keys or policy")
    return _signing().verify(path, keys, policy, signature_path, name,
                             int(min_version))


def load(path, *, trusted_keys=None, policy=None, signature_path=None,
         name: str | None = None, min_version: int = 0,
         insecure_allow_unsigned: bool = False, n_threads: int = 1,
         now=None, max_unsigned_size: int = 256 << 20):
    """Loads a model safely and returns a Predictor (predict, predict_proba,
    predict_log_proba, decision_function, transform, score - each only when
    the estimator has it -, classes_, n_features_in_, feature_names_in_).

    The file is read once into a sealed memory buffer while hashing, its
    detached signature ("<path>.minisig" unless `signature_path`) is checked
    against `trusted_keys` (public key files) or a trust `policy` file with
    the signed statement enforced (`name` pin, `min_version`), then it is
    parsed and validated inside the seccomp-restricted modelseal-sandbox
    helper and re-validated here. `insecure_allow_unsigned` skips only the
    signature check (development only); such an unsigned load reads at
    most `max_unsigned_size` bytes (default 256 MiB; a larger file raises
    ModelsealIOError E823 UnsignedTooLarge before anything is read). A
    signed load reads nothing of a file whose size differs from the one its
    verified statement records (StatementError E450). `now` (unix seconds
    or an aware datetime; default: the current time) is the time the expiry
    is checked against. The GIL is released while loading.
    """
    from . import _native
    from ._predictor import Predictor
    keys = _key_paths(trusted_keys)
    from ._predictor import _threads
    _threads(n_threads, _native.MAX_PREDICT_THREADS)  # before loading
    native, signature = _native.load(
        path, keys, policy, signature_path, name, int(min_version),
        bool(insecure_allow_unsigned), None, _utc_seconds(now) or 0,
        _max_unsigned_size(max_unsigned_size))
    p = Predictor(native, n_threads=n_threads)
    p.signature = signature
    return p


def _max_unsigned_size(value) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise errors.error("InvalidArgument", "max_unsigned_size",
                           "must be a non-negative int (bytes)")
    return min(value, (1 << 64) - 1)


def _sklearn_view(predictor):
    """A scikit-learn estimator facade over a Predictor, so that sklearn's
    scorers (which check estimator tags) accept it."""
    from sklearn.base import BaseEstimator, ClassifierMixin, RegressorMixin
    mixin = ClassifierMixin if predictor.task == "classification" else \
        RegressorMixin

    class _View(mixin, BaseEstimator):
        def __init__(self):
            pass

        def __sklearn_is_fitted__(self):
            return True

    view = _View()
    for attr in ("predict", "predict_proba", "decision_function"):
        if hasattr(predictor, attr):
            setattr(view, attr, getattr(predictor, attr))
    if hasattr(predictor, "classes_"):
        view.classes_ = predictor.classes_
    view.n_features_in_ = predictor.n_features_in_
    return view


def check(model, X, y, *, n_std: float = 3.0, atol: float = 1e-9,
          **load_kwargs) -> dict:
    """Re-scores a model on (X, y) with every recorded cross-validation
    scorer and says whether each score is in the recorded range
    (mean +- max(n_std * std, atol)).

    `model` is a Predictor or a path, loaded with modelseal.load(**load_kwargs)
    (trusted_keys=... or policy=...). Returns {"ok": bool, "scores": [{scorer,
    score, recorded_mean, recorded_std, n_splits, ok}]}. A model without
    recorded scores gives ok=False and an empty list."""
    from sklearn.metrics import get_scorer
    from ._predictor import Predictor
    predictor = model if isinstance(model, Predictor) else load(
        model, **load_kwargs)
    view = _sklearn_view(predictor)
    results = []
    for cv in predictor.metadata.get("cv_scores", []):
        score = float(get_scorer(cv["scorer"])(view, X, y))
        margin = max(n_std * cv["std"], atol)
        results.append({
            "scorer": cv["scorer"], "score": score,
            "recorded_mean": cv["mean"], "recorded_std": cv["std"],
            "n_splits": cv["n_splits"],
            "ok": abs(score - cv["mean"]) <= margin})
    return {"ok": bool(results) and all(r["ok"] for r in results),
            "scores": results}

# Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
"""Exception classes of modelseal: the one place where C++ error codes map to
Python classes.

Every exception derives from :class:`ModelsealError` and carries ``code`` (the
stable number from include/modelseal/errors/*.def, 0 only for
UnsupportedEstimatorError raised by the Python exporter), ``name`` (e.g. ``"TensorMisaligned"``), ``context`` (where,
path-like) and ``detail`` (why). Each C++ error category has a subclass;
a few codes the package promises to tell apart have their own class.

The message (``str(exc)``) may quote a model, a signature or the sandbox
helper's reply: its control characters are escaped as the CLI escapes them
(``\x1b``, ``\u009b``), so printing it cannot drive a terminal. ``context``
and ``detail`` keep the exact text.
"""

from __future__ import annotations

import re


class ModelsealError(Exception):
    """Base class of every modelseal error."""

    def __init__(self, message: str = "", *, code: int = 0, name: str = "",
                 context: str = "", detail: str = ""):
        self.code = code
        self.name = name
        self.context = context
        self.detail = detail
        super().__init__(
            escape_for_terminal(message
                                or _format(code, name, context, detail, "")))


class UsageError(ModelsealError, ValueError):
    """The caller passed something invalid."""


class ModelsealIOError(ModelsealError, OSError):
    """Reading or writing a file failed."""


class FormatError(ModelsealError):
    """The model file breaks a rule of the format (corrupt or tampered)."""


class UnsupportedError(ModelsealError):
    """Valid but not supported here (e.g. a newer format major version)."""


class UnsupportedEstimatorError(UnsupportedError, TypeError):
    """The exporter does not support this estimator, parameter or layout."""


class SignatureError(ModelsealError):
    """The signature or a key is malformed or does not verify (this is what
    a tampered signed file raises)."""


class TamperedFileError(SignatureError):
    """The file's bytes are not the ones that were signed (the signature does
    not verify over them)."""


class UntrustedKeyError(ModelsealError):
    """Signed by a key the trust policy does not list."""


class StatementError(ModelsealError):
    """The signed statement was rejected (size, name, version, expiry)."""


class ExpiredSignatureError(StatementError):
    """The signature's statement has expired."""


class SandboxError(ModelsealError):
    """The sandboxed helper failed or broke its policy."""


class InputError(ModelsealError, ValueError):
    """Prediction input is invalid (shape, dtype, column names)."""


class InternalError(ModelsealError):
    """A bug in modelseal."""


class MethodNotSupportedError(UsageError, AttributeError):
    """The model has no such method (the estimator has none either). Also an
    AttributeError, so that hasattr(model, "predict_proba") answers as it
    does on the scikit-learn estimator."""


_CATEGORY_CLASSES = {
    "usage": UsageError,
    "io": ModelsealIOError,
    "format": FormatError,
    "unsupported": UnsupportedError,
    "signature": SignatureError,
    "untrusted_key": UntrustedKeyError,
    "statement": StatementError,
    "sandbox": SandboxError,
    "input": InputError,
    "internal": InternalError,
}

# Codes (by name) with a class of their own. Names that are not (yet) in the
# C++ code list are simply unused.
_CODE_CLASSES = {
    "StatementExpired": ExpiredSignatureError,
    "SigInvalid": TamperedFileError,
    "MethodNotSupported": MethodNotSupportedError,
}

_codes: dict[int, tuple[str, str, str]] | None = None


def _code_table() -> dict[int, tuple[str, str, str]]:
    global _codes
    if _codes is None:
        from . import _native
        _codes = {num: (name, cat, msg)
                  for num, name, cat, msg in _native.error_codes()}
    return _codes


# C0 controls, DEL, C1 controls, and surrogates (undecodable bytes).
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def _escape_char(match: re.Match[str]) -> str:
    o = ord(match.group())
    if o < 0x80:
        return f"\\x{o:02x}"
    if 0xdc80 <= o <= 0xdcff:  # a byte that surrogateescape kept
        return f"\\x{o - 0xdc00:02x}"
    return f"\\u{o:04x}"


def escape_for_terminal(text: str) -> str:
    """``text`` safe to print on a terminal, escaped as the modelseal CLI
    escapes model strings: C0 controls and DEL become ``\\xNN``, C1 controls
    ``\\u00NN``, undecodable bytes kept as surrogates ``\\xNN``."""
    return _UNPRINTABLE.sub(_escape_char, text)


def _format(code: int, name: str, context: str, detail: str,
            message: str) -> str:
    parts = [p for p in (context, message, detail) if p]
    text = ": ".join(parts) if parts else "error"
    if code:
        text += f" (E{code} {name})"
    return text


# The mapper's codes (include/modelseal/errors/mapper.def): the estimator,
# its state or the scikit-learn release is not supported.
_ESTIMATOR_CODES = range(1100, 1200)


def class_for_code(code: int) -> type[ModelsealError]:
    """The exception class raised for a C++ error code number."""
    if code in _ESTIMATOR_CODES:
        return UnsupportedEstimatorError
    name, category, _ = _code_table().get(code, ("", "internal", ""))
    return _CODE_CLASSES.get(name) or _CATEGORY_CLASSES.get(category,
                                                            InternalError)


def _from_native(code: int, context: str, detail: str) -> ModelsealError:
    """Builds the exception for a Status from C++ (called by _native)."""
    name, _, message = _code_table().get(code, ("Unknown", "internal", ""))
    cls = class_for_code(code)
    return cls(_format(code, name, context, detail, message), code=code,
               name=name, context=context, detail=detail)


_names: dict[str, int] | None = None


def error(name: str, context: str, detail: str) -> ModelsealError:
    """The exception for the C++ error code called `name` (e.g.
    "InputRank"), for errors the Python package finds itself."""
    global _names
    if _names is None:
        _names = {n: num for num, (n, _, _) in _code_table().items()}
    return _from_native(_names[name], context, detail)

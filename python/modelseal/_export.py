# Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
"""scikit-learn exporter: fitted estimator -> the model dict of model.h.

There is no per-class code here. The estimator's state tree is built
generically through the reduce protocol (_state.py) and mapped to a Model
by the C++ mappers (mapper/: one per family, one registry keyed by the
exact (module, qualname) of each class), the same mappers the pickle
importer uses. Unsupported classes, parameters, layouts and releases raise
UnsupportedEstimatorError (codes 1100-1199) naming the path.
"""

from __future__ import annotations

from . import _state

# scikit-learn versions whose fitted-attribute layouts the mappers know.
MIN_SKLEARN = (1, 4)
MAX_SKLEARN = (1, 9)


def _native():
    from . import _native as n
    return n


def check_sklearn_version() -> None:
    """Raises UnsupportedEstimatorError unless the running scikit-learn is
    one the mappers know."""
    import sklearn
    _native().check_sklearn_version(sklearn.__version__)


def supported_estimators() -> list[str]:
    """Names of the scikit-learn classes the mappers support."""
    return list(_native().supported_estimators())


def _versions() -> tuple[str, str | None]:
    import sklearn
    try:
        import scipy
        scipy_version = scipy.__version__
    except ImportError:  # pragma: no cover - scikit-learn needs scipy
        scipy_version = None
    return sklearn.__version__, scipy_version


def map_model(est) -> dict:
    """The model dict (metadata empty) the mappers make of `est`."""
    sk, sp = _versions()
    return _native().map_model(_state.build(est), sk, sp)


def export_estimator(est, path: str = "estimator") -> tuple[dict, dict]:
    """(estimator dict, output spec dict) of a fitted estimator."""
    d = map_model(est)
    return d["estimator"], d["output"]


# Kept for tests that inspect one class's mapping.
_logistic = export_estimator


def export_model(est, metadata: dict) -> dict:
    """The whole model dict (model.h Model) of a fitted estimator."""
    check_sklearn_version()
    d = map_model(est)
    # A saved hyper-parameter search records its best candidate's score
    # (mapper/model_selection.cc), after the scores the caller gave.
    mapped = (d.get("metadata") or {}).get("cv_scores") or []
    metadata = dict(metadata)
    metadata["cv_scores"] = list(metadata.get("cv_scores") or []) + [
        dict(s) for s in mapped]
    return {"metadata": metadata, "input": d["input"], "output": d["output"],
            "estimator": d["estimator"]}

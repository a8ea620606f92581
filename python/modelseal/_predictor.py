# Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
"""The loaded-model object, with scikit-learn's method and attribute names."""

from __future__ import annotations

import numpy as np

from .errors import InputError, UsageError


def _is_dataframe(obj) -> bool:
    return type(obj).__module__.split(".")[0] == "pandas" and \
        hasattr(obj, "columns") and hasattr(obj, "to_numpy")


class Predictor:
    """A verified, loaded model. Methods release the GIL while computing, and
    one Predictor may be used from many threads at once.

    Attributes: ``n_features_in_``, ``feature_names_in_`` (when recorded),
    ``classes_`` (classifiers; a list of arrays for multi-output),
    ``metadata`` (the recorded provenance, a dict), ``task``.
    """

    def __init__(self, native, *, n_threads: int = 1):
        self._native = native
        self._n_threads = int(n_threads)
        spec = native.spec()
        self.metadata = spec["metadata"]
        self.task = spec["output"]["task"]
        self.n_outputs_ = int(spec["output"]["n_outputs"])
        self.n_features_in_ = int(spec["input"]["n_features"])
        names = spec["input"]["feature_names"]
        if names:
            self.feature_names_in_ = np.asarray(names, dtype=object)
        labels = []
        for c in spec["output"]["classes"]:
            if c["int_labels"] is not None:
                labels.append(np.asarray(c["int_labels"], dtype=np.int64))
            else:
                labels.append(np.asarray(c["str_labels"], dtype=object))
        self._labels = labels
        if labels:
            self.classes_ = labels[0] if len(labels) == 1 else labels

    def _X(self, X):
        names = getattr(self, "feature_names_in_", None)
        if _is_dataframe(X):
            cols = [str(c) for c in X.columns]
            if names is not None and cols != list(names):
                raise InputError(
                    "X: column names differ from the recorded feature names "
                    f"(expected {list(names)}, got {cols})", context="X",
                    detail="feature names")
            X = X.to_numpy()
        X = np.asarray(X)
        if X.dtype not in (np.float64, np.float32):
            if X.dtype.kind not in "fiub":
                raise InputError(f"X: dtype {X.dtype} is not numeric",
                                 context="X")
            X = X.astype(np.float64)
        if X.ndim != 2:
            raise InputError(f"X: expected a 2-D array, got {X.ndim}-D",
                             context="X")
        return np.ascontiguousarray(X)

    def predict(self, X):
        out = self._native.predict(self._X(X), self._n_threads)
        if self.task == "classification":
            cols = [self._labels[o][out[:, o]] for o in range(out.shape[1])]
            if len(cols) == 1:
                return cols[0]
            return np.stack(cols, axis=1)
        if self.task != "regression":
            raise UsageError("predict: this model is a transformer")
        return out[:, 0] if out.shape[1] == 1 else out

    def predict_proba(self, X):
        out = self._native.predict_proba(self._X(X), self._n_threads)
        return out[0] if len(out) == 1 else out

    def decision_function(self, X):
        out = self._native.decision_function(self._X(X), self._n_threads)
        return out[:, 0] if out.shape[1] == 1 else out

    def transform(self, X):
        return self._native.transform(self._X(X), self._n_threads)

    def __repr__(self):
        return (f"modelseal.Predictor(name={self.metadata.get('name')!r}, "
                f"version={self.metadata.get('version')}, task={self.task})")

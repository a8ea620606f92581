# Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
"""The loaded-model object, with scikit-learn's method and attribute names."""

from __future__ import annotations

import operator
import types

import numpy as np

from .errors import error


def _is_dataframe(obj) -> bool:
    return type(obj).__module__.split(".")[0] == "pandas" and \
        hasattr(obj, "columns") and hasattr(obj, "to_numpy")


def _is_sparse(obj) -> bool:
    # scipy.sparse matrices and arrays, without importing scipy.
    return type(obj).__module__.startswith("scipy.sparse") and \
        hasattr(obj, "nnz")


def _is_extension_dtype(dtype) -> bool:
    # pandas' nullable (Int64, Float64, boolean), sparse and categorical
    # columns: not numpy dtypes.
    return not isinstance(dtype, np.dtype)


def _dataframe_values(X):
    """A DataFrame as an array, converted as scikit-learn's check_array does:
    numpy-typed columns keep their common dtype; with any pandas extension
    column (nullable Int64/Float64/boolean, Sparse, Categorical) the frame
    becomes float64 with pd.NA as nan (the model then refuses nan where the
    estimator does)."""
    dtypes = list(X.dtypes)
    if not any(_is_extension_dtype(d) for d in dtypes):
        return X.to_numpy()
    try:
        return X.to_numpy(dtype=np.float64, na_value=np.nan)
    except (TypeError, ValueError) as e:
        bad = [f"{c} ({d})" for c, d in zip(X.columns, dtypes)
               if _is_extension_dtype(d) and
               getattr(d, "kind", "O") not in "fiub"]
        raise error("InputNotNumeric", "X",
                    "columns not convertible to float64: " +
                    (", ".join(bad) if bad else str(e))) from None


class _Method:
    """A prediction method that exists only when the estimator has it
    (scikit-learn's available_if): on a model without it, the attribute
    lookup raises MethodNotSupportedError, an AttributeError, so hasattr()
    answers as it does on the estimator."""

    def __init__(self, fn):
        self._fn = fn
        self.__doc__ = fn.__doc__
        self.__name__ = fn.__name__

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        if not obj._has(self.__name__):
            raise error("MethodNotSupported", self.__name__,
                        f"{obj._final_kind} {obj._role} has no "
                        f"{self.__name__}")
        return types.MethodType(self._fn, obj)


def _final_estimator(native):
    """The model's final estimator as a dict (the model_dict of its last
    Pipeline step, nested Pipelines and a ThresholdClassifier's classifier
    followed down)."""
    final = native.model_dict()["estimator"]
    while final["kind"] in ("Pipeline", "ThresholdClassifier"):
        final = (final["steps"][-1] if final["kind"] == "Pipeline"
                 else final["estimator"][0])
    return final


class Predictor:
    """A verified, loaded model. Methods release the GIL while computing, and
    one Predictor may be used from many threads at once.

    Methods, each present only when the scikit-learn estimator has it:
    ``predict``, ``predict_proba``, ``predict_log_proba``,
    ``decision_function``, ``transform``, ``score``, ``score_samples``
    (OneClassSVM, IsolationForest, LocalOutlierFactor, the Gaussian
    mixtures). Outputs have
    scikit-learn's dtypes.

    Attributes: ``n_features_in_``, ``feature_names_in_`` (when recorded),
    ``classes_`` (classifiers; a list of arrays for multi-output),
    ``metadata`` (the recorded provenance, a dict), ``task``.
    """

    def __init__(self, native, *, n_threads: int = 1):
        from . import _native
        self._native = native
        self._n_threads = _threads(n_threads, _native.MAX_PREDICT_THREADS)
        spec = native.spec()
        self.metadata = spec["metadata"]
        self.task = spec["output"]["task"]
        self.n_outputs_ = int(spec["output"]["n_outputs"])
        # One regression output returned as [n, 1], as scikit-learn's
        # LinearRegression fitted on a 2-D y of one column (SPEC §6.12).
        self._column = spec["output"].get("shape") == "column"
        self.n_features_in_ = int(spec["input"]["n_features"])
        names = spec["input"]["feature_names"]
        if names:
            self.feature_names_in_ = np.asarray(names, dtype=object)
        labels = []
        for c in spec["output"]["classes"]:
            if c["int_labels"] is not None:
                # The dtype scikit-learn's classes_ had (int64, bool or
                # whole-number float64: LabelType, SPEC §6.8).
                dtype = {"bool": bool, "float64": np.float64}.get(
                    c.get("label_type"), np.int64)
                labels.append(np.asarray(c["int_labels"]).astype(dtype))
            else:
                # numpy's str dtype, as classes_ of an estimator fitted on a
                # numpy array of strings.
                labels.append(np.asarray(c["str_labels"], dtype=str))
        self._labels = labels
        # Format 1.1 typed input columns (a model reading strings); a model
        # without them takes numeric arrays (_X, the fast path).
        self._columns = [(c["name"], c["type"])
                         for c in spec["input"].get("columns") or []]
        # The input columns no step reads (the engine's answer): a
        # ColumnTransformer drops them, so they may hold values of any type.
        self._unread = frozenset(
            j for j, read in enumerate(native.input_read()) if not read)
        if labels:
            self.classes_ = labels[0] if len(labels) == 1 else labels
        self._final_kind = native.final_kind()
        self._role = {"classification": "classifier",
                      "regression": "regressor"}.get(self.task, "transformer")
        methods = {m for m in ("predict", "predict_proba",
                               "decision_function", "transform")
                   if native.has_method(m)}
        # scikit-learn's predict_log_proba: np.log(predict_proba(X)) on
        # trees, forests, GradientBoosting, LogisticRegression and
        # SGDClassifier; HistGradientBoostingClassifier and
        # VotingClassifier have none.
        if "predict_proba" in methods and \
                self._final_kind not in ("HistGradientBoosting", "Voting"):
            methods.add("predict_log_proba")
        # ClassifierMixin / RegressorMixin.score (a Pipeline has it when its
        # last step has it).
        if "predict" in methods:
            methods.add("score")
        # An MLPClassifier fitted on a label indicator matrix (multilabel):
        # its LabelBinarizer's classes_ is arange(k), and predict_proba is
        # one [n, k] array of each label's positive probability.
        self._multilabel = (self._final_kind == "NeuralNetwork" and
                            self.task == "classification" and
                            len(labels) > 1)
        if self._multilabel:
            self.classes_ = np.arange(len(labels))
        if self._final_kind == "SupportVectorMachine":
            final = _final_estimator(native)
            if final["type"] == "one_class":
                # OneClassSVM is an outlier detector: predict gives -1 or 1
                # (the engine's two classes), no classes_ and no score;
                # score_samples is decision_function + offset_ (-_intercept_).
                self._role = "outlier detector"
                del self.classes_
                methods.discard("score")
                methods.add("score_samples")
                self.offset_ = -np.asarray(final["intercept"], dtype=np.float64)
        # IsolationForest and LocalOutlierFactor (novelty=True) are outlier
        # detectors as OneClassSVM: predict gives -1 or 1, no classes_ and
        # no score. The engine's decision value is score_samples;
        # decision_function is score_samples - offset_, computed here as
        # scikit-learn computes it.
        self._score_raw = self._final_kind in ("IsolationForest",
                                               "LocalOutlierFactor")
        if self._score_raw:
            final = _final_estimator(native)
            self._role = "outlier detector"
            del self.classes_
            methods -= {"score", "predict_log_proba"}
            methods.add("score_samples")
            self.offset_ = float(final["offset"])
        # KMeans, MiniBatchKMeans and BisectingKMeans (Clustering): predict
        # is the cluster index (int32, as scikit-learn's), transform the
        # distances to the centers (the engine's decision values). No
        # classes_, and no score (scikit-learn's is -inertia, not provided).
        self._clusterer = self._final_kind == "Clustering"
        if self._clusterer:
            self._role = "clusterer"
            del self.classes_
            methods -= {"decision_function", "score", "predict_log_proba"}
            methods.add("transform")
        # IsotonicRegression (Isotonic) is a regressor and a transformer:
        # transform gives predict's values, [n] float64. Saved alone it also
        # takes X of shape (n,) (its check_array has ensure_2d=False).
        self._one_d = False
        if self._final_kind == "Isotonic":
            methods.add("transform")
            self._one_d = native.model_dict()["estimator"]["kind"] == \
                "Isotonic"
        # GaussianMixture and BayesianGaussianMixture (GaussianMixture kind):
        # predict is the component index (int64, as scikit-learn's argmax),
        # predict_proba the responsibilities, score_samples the engine's
        # decision value (logsumexp of the weighted log-probabilities) and
        # score their mean. No classes_, decision_function or
        # predict_log_proba (scikit-learn's have none).
        self._mixture = self._final_kind == "GaussianMixture"
        if self._mixture:
            self._role = "density estimator"
            del self.classes_
            methods -= {"decision_function", "predict_log_proba"}
            methods.add("score_samples")
        # The GLMs' score is D^2, the fraction of Tweedie deviance explained
        # (LinearModel's deviance_power); a Pipeline's score is its last
        # step's.
        self._deviance_power = None
        # LinearDiscriminantAnalysis (LinearModel output "discriminant"):
        # predict_log_proba raises a zero probability to the smallest normal
        # before the log.
        self._log_proba_floor = False
        if self._final_kind == "LinearModel":
            final = _final_estimator(native)
            power = float(final.get("deviance_power", float("nan")))
            if power == power and self.task == "regression":
                self._deviance_power = power
            self._log_proba_floor = final.get("output") == "discriminant"
        self._methods = frozenset(methods)

    def _has(self, method: str) -> bool:
        return method in self._methods

    def _X(self, X):
        """X as scikit-learn's check_array sees it, as a C-contiguous float64
        or float32 array."""
        # pyarrow, polars: typed columns (pandas has its own path below).
        if _is_arrow_stream(X):
            from . import _native
            return _native.ArrowInput(X.__arrow_c_stream__())
        if _is_sparse(X):
            raise error("InputSparse", "X",
                        f"scipy sparse input ({type(X).__name__}) is not "
                        "supported; pass a dense array (X.toarray())")
        names = getattr(self, "feature_names_in_", None)
        if _is_dataframe(X):
            cols = [str(c) for c in X.columns]
            if names is not None and cols != list(names):
                raise error("InputFeatureNames", "X",
                            "column names differ from the recorded feature "
                            f"names (expected {list(names)}, got {cols})")
            if any(type(d).__name__ == "SparseDtype" for d in X.dtypes):
                raise error("InputSparse", "X",
                            "pandas Sparse columns are not supported; "
                            "pass dense columns (X.sparse.to_dense())")
            X = _dataframe_values(X)
        if not isinstance(X, np.ndarray):
            try:
                X = np.asarray(X)
            except ValueError as e:
                raise error("InputRagged", "X",
                            f"not a rectangular array ({e})") from None
        if X.ndim == 1 and self._one_d:
            X = X.reshape(-1, 1)  # IsotonicRegression: one value per row
        if X.ndim != 2:
            raise error("InputRank", "X",
                        f"expected a 2-D array, got a {X.ndim}-D array; "
                        "reshape it with X.reshape(-1, 1) for a single "
                        "feature or X.reshape(1, -1) for a single sample")
        if X.dtype not in (np.float64, np.float32):
            if X.dtype.kind == "O":
                # As check_array: an object array of numbers becomes float64.
                try:
                    X = X.astype(np.float64)
                except (TypeError, ValueError) as e:
                    raise error("InputNotNumeric", "X",
                                f"dtype object not convertible to float64 "
                                f"({e})") from None
            elif X.dtype.kind in "iubf":
                X = X.astype(np.float64)
            else:
                raise error("InputNotNumeric", "X",
                            f"dtype {X.dtype} is not numeric")
        return np.ascontiguousarray(X)

    def _table(self, X):
        """X as the native table methods take it: (rows, [(name, kind,
        array)]), kind "s" (an object array of str / None / NaN / pd.NA,
        converted to UTF-8 in the binding) for the model's string columns
        and "f" (float64, NaN for a missing value) for the others. A
        DataFrame's columns go by name (extra or missing ones are the
        predictor's E909 / E908), a 2-D array's by position."""
        if _is_sparse(X):
            raise error("InputSparse", "X",
                        f"scipy sparse input ({type(X).__name__}) is not "
                        "supported; pass a dense array (X.toarray())")
        index = {name: j for j, (name, _) in enumerate(self._columns)}
        named = bool(self._columns[0][0])

        def column(values, name, j, rows):
            if j in self._unread:
                # No step reads it: any dtype, passed as missing values.
                return (name, "f", np.full(rows, np.nan))
            kind = self._columns[j][1] if j is not None else "float"
            return _table_column(values, name, kind)

        if _is_dataframe(X):
            cols = []
            # A column's array by position (pandas' _get_column_array, in
            # pandas 1.3 to 3.x) builds no Series: a Series per column
            # dominated a one-row call (12 us each, 20 columns: 0.24 ms of
            # 0.84 ms). The arrays convert as their Series do (Series.to_numpy
            # is its array's). items() where pandas lacks it.
            get = getattr(X, "_get_column_array", None)
            arrays = ((label, get(j)) for j, label in enumerate(X.columns)) \
                if callable(get) else X.items()
            for j, (label, values) in enumerate(arrays):
                name = str(label)
                m = index.get(name) if named else \
                    (j if j < len(self._columns) else None)
                cols.append(column(values, name, m, len(X)))
            return len(X), cols
        if not isinstance(X, np.ndarray):
            try:
                X = np.asarray(X, dtype=object) if isinstance(X, list) \
                    else np.asarray(X)
            except ValueError as e:
                raise error("InputRagged", "X",
                            f"not a rectangular array ({e})") from None
        if X.ndim != 2:
            raise error("InputRank", "X",
                        f"expected a 2-D array, got a {X.ndim}-D array; "
                        "reshape it with X.reshape(-1, 1) for a single "
                        "feature or X.reshape(1, -1) for a single sample")
        cols = []
        for j in range(X.shape[1]):
            known = j < len(self._columns)
            name = self._columns[j][0] if known else f"column {j}"
            cols.append(column(X[:, j], name, j if known else None,
                               X.shape[0]))
        return X.shape[0], cols

    def _call(self, method: str, X):
        """The native method on X: the table method for a typed model,
        else the matrix one."""
        # Arrow streams (pyarrow, polars) take the C stream path for every
        # model: the predictor matches their columns by name and type. (np.
        # asarray of a pyarrow Table would match them by position.)
        if self._columns and not _is_arrow_stream(X):
            rows, cols = self._table(X)
            return getattr(self._native, method + "_table")(
                rows, cols, self._n_threads)
        return getattr(self._native, method)(self._X(X), self._n_threads)

    @_Method
    def predict(self, X):
        """Class labels (classifiers) or values (regressors), [n] or
        [n, n_outputs]."""
        out = self._call("predict", X)
        if self._clusterer:
            return out[:, 0].astype(np.int32)
        if self.task == "classification":
            cols = [self._labels[o][out[:, o]] for o in range(out.shape[1])]
            if len(cols) == 1:
                if self._final_kind == "Constant" and cols[0].dtype.kind == "U" \
                        and len(cols[0]):
                    # DummyClassifier tiles its one label: a str dtype as
                    # long as that label, not the longest class's.
                    return cols[0].astype(np.asarray([cols[0][0]]).dtype)
                return cols[0]
            return np.stack(cols, axis=1)
        return out[:, 0] if out.shape[1] == 1 and not self._column else out

    @_Method
    def predict_proba(self, X):
        """Class probabilities, float64 [n, n_classes] (a list of them for
        multi-output; a multilabel MLPClassifier's [n, n_labels] positive
        probabilities, as scikit-learn's)."""
        out = self._call("predict_proba", X)
        if self._multilabel:
            return np.stack([p[:, 1] for p in out], axis=1)
        return out[0] if len(out) == 1 else out

    @_Method
    def predict_log_proba(self, X):
        """np.log(predict_proba(X)), as scikit-learn computes it (a zero
        probability gives -inf and numpy's divide-by-zero warning;
        LinearDiscriminantAnalysis first raises it to the smallest normal);
        the naive Bayes classifiers' jll - logsumexp(jll) and
        QuadraticDiscriminantAnalysis's, computed natively (finite where the
        probability underflows)."""
        if self._native.has_method("predict_log_proba"):
            out = self._call("predict_log_proba", X)
            return out[0] if len(out) == 1 else out
        proba = self.predict_proba(X)
        if self._log_proba_floor:
            proba[proba == 0.0] += np.finfo(proba.dtype).smallest_normal
        if isinstance(proba, list):
            return [np.log(p) for p in proba]
        return np.log(proba)

    @_Method
    def decision_function(self, X):
        """Raw scores, float64 [n] (binary) or [n, n_classes]; an
        IsolationForest's or LocalOutlierFactor's score_samples(X) -
        offset_."""
        if self._score_raw:
            return self.score_samples(X) - self.offset_
        out = self._call("decision_function", X)
        return out[:, 0] if out.shape[1] == 1 else out

    @_Method
    def score_samples(self, X):
        """OneClassSVM's score_samples: decision_function(X) + offset_; a
        Gaussian mixture's: the log-likelihood of each row; an
        IsolationForest's: the opposite of the anomaly score; a
        LocalOutlierFactor's: the opposite of the local outlier factor;
        float64 [n]."""
        if self._mixture or self._score_raw:
            return self._call("decision_function", X)[:, 0]
        return self.decision_function(X) + self.offset_

    @_Method
    def transform(self, X):
        """The transformed X in scikit-learn's dtype: float32 X stays
        float32 where every step keeps it (StandardScaler does; an encoder
        or a ColumnTransformer joining float64 columns makes float64)."""
        if self._clusterer:
            # The distances to the centers, float64 as euclidean_distances.
            return self._call("decision_function", X)
        if self._final_kind == "Isotonic":
            # IsotonicRegression.transform is its predict (_transform).
            return self._call("predict", X)[:, 0]
        if self._columns:
            return self._call("transform", X)
        X = self._X(X)
        out = self._native.transform(X, self._n_threads)
        if X.dtype == np.float32 and self._native.transform_keeps_float32():
            return out.astype(np.float32)
        return out

    @_Method
    def score(self, X, y=None, sample_weight=None):
        """scikit-learn's score: accuracy_score for classifiers, r2_score
        (uniform average over outputs) for regressors, d2_tweedie_score for
        the GLMs (PoissonRegressor, GammaRegressor, TweedieRegressor; needs
        scikit-learn); a Gaussian mixture's mean log-likelihood of X (y
        ignored, no sample_weight, as scikit-learn's)."""
        if self._mixture:
            if sample_weight is not None:
                raise TypeError("a Gaussian mixture's score takes no "
                                "sample_weight")
            mean = self.score_samples(X).mean()
            # A Python float from scikit-learn 1.9 (array API support wraps
            # it in float()), a numpy float64 before.
            import sklearn
            major, minor = (int(p) for p in sklearn.__version__.split(".")[:2])
            return float(mean) if (major, minor) >= (1, 9) else mean
        if y is None:
            raise TypeError("score() missing the argument 'y'")
        from sklearn.metrics import accuracy_score, d2_tweedie_score, r2_score
        if self._deviance_power is not None:
            d2 = d2_tweedie_score(y, self.predict(X),
                                  sample_weight=sample_weight,
                                  power=self._deviance_power)
            # The GLMs' score is a numpy float64 up to scikit-learn 1.8 and a
            # Python float from 1.9 (array API support, which wraps it in
            # float()); d2_tweedie_score's type varies on its own.
            import sklearn
            major, minor = (int(p) for p in sklearn.__version__.split(".")[:2])
            return float(d2) if (major, minor) >= (1, 9) else np.float64(d2)
        metric = accuracy_score if self.task == "classification" else r2_score
        return metric(y, self.predict(X), sample_weight=sample_weight)

    def __repr__(self):
        return (f"modelseal.Predictor(name={self.metadata.get('name')!r}, "
                f"version={self.metadata.get('version')}, task={self.task})")


def _is_arrow_stream(X) -> bool:
    """An object of the Arrow PyCapsule stream interface (pyarrow Table and
    RecordBatch, polars DataFrame); pandas DataFrames keep their own path."""
    return hasattr(X, "__arrow_c_stream__") and not _is_dataframe(X)


def _table_column(col, name: str, kind: str):
    """One column (a pandas Series or a 1-D array) as (name, kind, array)
    for the native table methods."""
    if kind == "string":
        if hasattr(col, "to_numpy"):
            # object, pandas string (pd.NA) and category (NaN) columns.
            values = col.to_numpy(dtype=object)
        else:
            values = np.asarray(col).astype(object)
        return (name, "s", np.ascontiguousarray(values, dtype=object))
    dtype = getattr(col, "dtype", None)
    try:
        if hasattr(col, "to_numpy") and _is_extension_dtype(dtype):
            # nullable Int64 / Float64 / boolean (pd.NA) and categories.
            values = col.to_numpy(dtype=np.float64, na_value=np.nan)
        else:
            values = np.asarray(col)
            if values.dtype.kind == "O":
                values = np.array([np.nan if v is None or
                                   type(v).__name__ == "NAType" else v
                                   for v in values], dtype=np.float64)
            elif values.dtype.kind in "iubf":
                values = values.astype(np.float64)
            else:
                raise TypeError(f"dtype {values.dtype}")
    except (TypeError, ValueError) as e:
        raise error("InputColumnType", f"X[{name!r}]",
                    f"column {name!r} is not numeric, as the model's "
                    f"{kind} column ({e})") from None
    return (name, "f", np.ascontiguousarray(values, dtype=np.float64))


def _threads(n, limit: int) -> int:
    try:
        n = operator.index(n)
    except TypeError:
        raise error("PredictOptions", "n_threads",
                    f"expected an int, got {type(n).__name__}") from None
    if not 1 <= n <= limit:
        raise error("PredictOptions", "n_threads",
                    f"{n} not in [1, {limit}]")
    return n

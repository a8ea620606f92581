# Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
"""scikit-learn exporter: fitted estimator -> the model dict of model.h.

Each supported class has one function here that reads its fitted attributes
through a fixed, explicit list and returns the estimator dict (keys are the
field names of the matching Visit() in include/modelseal/model.h). Nothing is
pickled and nothing is validated here that the C++ validator checks; this
module checks only what Python knows: the class, its parameters and the
scikit-learn version whose attribute layout it reads.
"""

from __future__ import annotations

import numpy as np

from .errors import UnsupportedEstimatorError

# scikit-learn versions whose fitted-attribute layouts this exporter knows.
MIN_SKLEARN = (1, 4)
MAX_SKLEARN = (1, 9)


def sklearn_version() -> tuple[int, int, int]:
    import sklearn
    parts = []
    for p in sklearn.__version__.split(".")[:3]:
        digits = "".join(ch for ch in p if ch.isdigit())
        parts.append(int(digits) if digits else 0)
    while len(parts) < 3:
        parts.append(0)
    return tuple(parts)


def check_sklearn_version() -> None:
    import sklearn
    v = sklearn_version()
    if v[:2] < MIN_SKLEARN or v[:2] > MAX_SKLEARN:
        raise UnsupportedEstimatorError(
            f"scikit-learn {sklearn.__version__} is not supported: the exporter "
            f"knows the attribute layouts of {MIN_SKLEARN[0]}.{MIN_SKLEARN[1]}"
            f" to {MAX_SKLEARN[0]}.{MAX_SKLEARN[1]}",
            context="sklearn", detail=sklearn.__version__)


def _unsupported(est, path: str, why: str) -> UnsupportedEstimatorError:
    name = type(est).__name__
    return UnsupportedEstimatorError(
        f"{path}: {name}: {why}", context=path, detail=why)


def _f64(a) -> np.ndarray:
    return np.ascontiguousarray(np.asarray(a, dtype=np.float64))


def _as(a, dtype) -> np.ndarray:
    """Casts to `dtype`, refusing values the cast would change."""
    a = np.asarray(a)
    out = np.ascontiguousarray(a.astype(dtype))
    if not np.array_equal(out, a):
        raise ValueError(f"values do not fit {np.dtype(dtype).name}")
    return out


# --------------------------------------------------------------------------
# Output specs.

def class_labels(classes, path: str) -> dict:
    """ClassLabels for one output: int64 or strings, as scikit-learn sorted
    them."""
    c = np.asarray(classes)
    if c.dtype.kind in "iu":
        if c.dtype.kind == "u" and c.size and c.max() > np.iinfo(np.int64).max:
            raise UnsupportedEstimatorError(
                f"{path}: class labels do not fit int64", context=path)
        return {"int_labels": np.ascontiguousarray(c.astype(np.int64))}
    if c.dtype.kind == "U" or (c.dtype.kind == "O" and
                               all(isinstance(x, str) for x in c)):
        return {"str_labels": [str(x) for x in c]}
    raise UnsupportedEstimatorError(
        f"{path}: class labels of dtype {c.dtype} are not supported "
        "(supported: integers, strings)", context=path,
        detail=f"dtype {c.dtype}")


def _classifier_output(est, path: str) -> dict:
    classes = est.classes_
    n_outputs = getattr(est, "n_outputs_", 1)
    if n_outputs > 1 or isinstance(classes, list):
        lists = [class_labels(c, f"{path}.classes_[{i}]")
                 for i, c in enumerate(classes)]
    else:
        lists = [class_labels(classes, f"{path}.classes_")]
    return {"task": "classification", "n_outputs": len(lists),
            "classes": lists}


# --------------------------------------------------------------------------
# Estimators. Each returns (estimator_dict, output_dict or None).

def _scaler(est, path):
    mean = _f64(est.mean_) if est.with_mean else None
    scale = _f64(est.scale_) if est.with_std else None
    d = {"kind": "StandardScaler", "mean": mean, "scale": scale}
    return d, {"task": "transform", "n_outputs": int(est.n_features_in_)}


def _min_max_scaler(est, path):
    # transform: X *= scale_; X += min_; np.clip(X, *feature_range) if clip.
    d = {"kind": "MinMaxScaler", "scale": _f64(est.scale_),
         "min": _f64(est.min_),
         "clip_range": (_f64(est.feature_range) if est.clip else None)}
    return d, {"task": "transform", "n_outputs": int(est.n_features_in_)}


def _max_abs_scaler(est, path):
    # transform: X /= scale_ (zeros of max_abs_ replaced by 1 at fit).
    if getattr(est, "clip", False):  # scikit-learn >= 1.8
        raise _unsupported(est, path, "clip=True is not supported")
    d = {"kind": "MaxAbsScaler", "scale": _f64(est.scale_)}
    return d, {"task": "transform", "n_outputs": int(est.n_features_in_)}


def _linear(coef, intercept, output: str) -> dict:
    coef = np.asarray(coef, dtype=np.float64)
    if coef.ndim == 1:
        coef = coef.reshape(1, -1)
    k = coef.shape[0]
    intercept = np.asarray(intercept, dtype=np.float64)
    if intercept.ndim == 0:
        intercept = np.full(k, float(intercept))
    return {"kind": "LinearModel", "coef": _f64(coef),
            "intercept": _f64(intercept.reshape(-1)), "output": output}


def _linear_regressor(est, path):
    coef = np.asarray(est.coef_)
    n_targets = 1 if coef.ndim == 1 else coef.shape[0]
    d = _linear(coef, est.intercept_, "regression")
    return d, {"task": "regression", "n_outputs": n_targets}


def _logistic_is_ovr(est) -> bool:
    """Whether predict_proba of the installed scikit-learn uses one-vs-rest
    logistic normalisation (else softmax), for this fitted estimator."""
    n_classes = np.asarray(est.classes_).size
    params = est.get_params(deep=False)
    if "multi_class" in params:  # scikit-learn 1.4 - 1.7
        mc = params["multi_class"]
        return mc in ("ovr", "warn") or (
            mc in ("auto", "deprecated") and
            (n_classes <= 2 or est.solver == "liblinear"))
    return n_classes <= 2  # 1.8+: binary logistic, multiclass softmax


def _logistic(est, path):
    if np.asarray(est.classes_).size < 2:
        raise _unsupported(est, path, "fitted on a single class")
    out = "logistic_ovr" if _logistic_is_ovr(est) else "softmax"
    return _linear(est.coef_, est.intercept_, out), \
        _classifier_output(est, path)


def _linear_decision(est, path):
    y_type = getattr(est, "_label_binarizer", None)
    if y_type is not None and getattr(y_type, "y_type_", "") == \
            "multilabel-indicator":
        raise _unsupported(est, path, "multilabel targets are not supported")
    return _linear(est.coef_, est.intercept_, "decision"), \
        _classifier_output(est, path)


def _sgd_classifier(est, path):
    if est.loss == "modified_huber":
        raise _unsupported(est, path, "loss 'modified_huber' is not supported "
                           "(its predict_proba has no exported form; "
                           "supported: every other loss)")
    out = "logistic_ovr" if est.loss == "log_loss" else "decision"
    return _linear(est.coef_, est.intercept_, out), \
        _classifier_output(est, path)


def _tree_dict(tree, classifier: bool) -> dict:
    value = np.asarray(tree.value, dtype=np.float64)
    if classifier and sklearn_version() < (1, 4, 1):
        # Before 1.4.1 classifier trees stored weighted counts; predict_proba
        # divided each row by its sum.
        norm = value.sum(axis=2, keepdims=True)
        norm[norm == 0.0] = 1.0
        value = value / norm
    d = {
        "children_left": _as(tree.children_left, np.int32),
        "children_right": _as(tree.children_right, np.int32),
        "feature": _as(tree.feature, np.int32),
        "threshold": _f64(tree.threshold),
        "value": np.ascontiguousarray(value),
    }
    mgl = getattr(tree, "missing_go_to_left", None)
    if mgl is not None:
        d["missing_go_to_left"] = _as(mgl, np.uint8)
    return d


def _decision_tree(est, path):
    from sklearn.base import is_classifier
    clf = is_classifier(est)
    d = {"kind": "DecisionTree", "tree": _tree_dict(est.tree_, clf)}
    if clf:
        return d, _classifier_output(est, path)
    return d, {"task": "regression", "n_outputs": int(est.n_outputs_)}


def _forest(est, path):
    from sklearn.base import is_classifier
    clf = is_classifier(est)
    trees = [_tree_dict(t.tree_, clf) for t in est.estimators_]
    d = {"kind": "Forest", "trees": trees}
    if clf:
        return d, _classifier_output(est, path)
    return d, {"task": "regression", "n_outputs": int(est.n_outputs_)}


_GB_REGRESSION_LOSSES = ("squared_error", "absolute_error", "huber",
                         "quantile")


def _gradient_boosting(est, path):
    from sklearn.base import is_classifier
    from sklearn.dummy import DummyClassifier, DummyRegressor
    clf = is_classifier(est)
    init = est.init_
    if not (isinstance(init, str) and init == "zero") and \
            type(init) not in (DummyClassifier, DummyRegressor):
        raise _unsupported(
            est, path, f"init estimator {type(init).__name__} is not "
            "supported (supported: init=None, 'zero')")
    if clf:
        n_classes = int(est.n_classes_)
        if est.loss == "log_loss":
            loss = "log_loss_binary" if n_classes == 2 else \
                "log_loss_multiclass"
        elif est.loss == "exponential":
            loss = "exponential"
        else:
            raise _unsupported(est, path, f"loss {est.loss!r} is not "
                               "supported (supported: log_loss, exponential)")
    else:
        if est.loss not in _GB_REGRESSION_LOSSES:
            raise _unsupported(est, path, f"loss {est.loss!r} is not "
                               f"supported (supported: "
                               f"{', '.join(_GB_REGRESSION_LOSSES)})")
        loss = est.loss
    n_features = int(est.n_features_in_)
    # The init estimators above predict a constant: evaluate it once.
    init_raw = est._raw_predict_init(np.zeros((1, n_features)))[0]
    stages = est.estimators_  # ndarray [n_stages, K] of regression trees
    trees = [_tree_dict(stages[s, k].tree_, False)
             for s in range(stages.shape[0]) for k in range(stages.shape[1])]
    d = {"kind": "GradientBoosting", "trees": trees,
         "n_stages": int(stages.shape[0]), "init_raw": _f64(init_raw),
         "learning_rate": float(est.learning_rate), "loss": loss}
    if clf:
        return d, _classifier_output(est, path)
    return d, {"task": "regression", "n_outputs": 1}


_HGB_REGRESSION_LOSSES = ("squared_error", "absolute_error", "gamma",
                          "poisson", "quantile")


def _hgb_category_encoder(est, path):
    """The CategoryEncoder step reproducing HistGradientBoosting's
    `_preprocessor` (an OrdinalEncoder on the categorical columns, placed
    first; unknown values and NaN become NaN), or None without one."""
    pre = getattr(est, "_preprocessor", None)
    if pre is None:
        return None
    is_cat = np.asarray(est.is_categorical_, dtype=bool)
    encoder = pre.named_transformers_["encoder"]
    columns = []
    for col, cats in zip(np.flatnonzero(is_cat), encoder.categories_):
        cats = np.asarray(cats)
        if cats.dtype.kind not in "fiu":
            raise _unsupported(
                est, path, "categorical features with non-numeric categories "
                "(e.g. pandas categoricals or strings) are not supported; "
                "pass numeric columns and their indices as "
                "categorical_features")
        c = cats.astype(np.float64)
        # OrdinalEncoder lists NaN last when the training data had it; NaN
        # maps to NaN anyway.
        c = c[~np.isnan(c)]
        columns.append({"column": int(col), "categories": c})
    return {"kind": "CategoryEncoder", "columns": columns}


def _hist_gradient_boosting(est, path):
    from sklearn.base import is_classifier
    clf = is_classifier(est)
    if clf:
        if est.loss != "log_loss":
            raise _unsupported(est, path, f"loss {est.loss!r} is not "
                               "supported (supported: log_loss)")
        k = int(est.n_trees_per_iteration_)
        loss = "log_loss_binary" if k == 1 else "log_loss_multiclass"
    else:
        if est.loss not in _HGB_REGRESSION_LOSSES:
            raise _unsupported(est, path, f"loss {est.loss!r} is not "
                               f"supported (supported: "
                               f"{', '.join(_HGB_REGRESSION_LOSSES)})")
        loss = est.loss
    encoder = _hgb_category_encoder(est, path)
    trees = []
    for iteration in est._predictors:
        for predictor in iteration:
            nodes = predictor.nodes
            # Indices into the encoder's output (categorical columns first)
            # when there is an encoder, as in scikit-learn.
            feature_idx = np.asarray(nodes["feature_idx"])
            bitsets = np.asarray(predictor.raw_left_cat_bitsets)
            trees.append({
                "value": _f64(nodes["value"]),
                "feature_idx": _as(feature_idx, np.uint32),
                "num_threshold": _f64(nodes["num_threshold"]),
                "missing_go_to_left": _as(nodes["missing_go_to_left"],
                                          np.uint8),
                "left": _as(nodes["left"], np.uint32),
                "right": _as(nodes["right"], np.uint32),
                "is_leaf": _as(nodes["is_leaf"], np.uint8),
                "is_categorical": _as(nodes["is_categorical"], np.uint8),
                "bitset_idx": _as(nodes["bitset_idx"], np.uint32),
                "raw_left_cat_bitsets": (_as(bitsets, np.uint32)
                                         if bitsets.size else None),
            })
    d = {"kind": "HistGradientBoosting", "trees": trees,
         "n_iter": len(est._predictors),
         "baseline": _f64(np.asarray(est._baseline_prediction).reshape(-1)),
         "loss": loss}
    if encoder is not None:
        known, f_idx_map = est._bin_mapper.make_known_categories_bitsets()
        remapped = np.asarray(est._is_categorical_remapped, dtype=bool)
        d["known_cat_bitsets"] = _as(known, np.uint32)
        d["f_idx_map"] = np.where(remapped, f_idx_map, -1).astype(np.int32)
        d = {"kind": "Pipeline", "steps": [encoder, d]}
    if clf:
        return d, _classifier_output(est, path)
    return d, {"task": "regression", "n_outputs": 1}


def _pipeline(est, path):
    steps = []
    output = None
    live = [(n, s) for n, s in est.steps if s is not None and
            not (isinstance(s, str) and s == "passthrough")]
    if not live:
        raise _unsupported(est, path, "pipeline has no steps")
    for i, (name, step) in enumerate(live):
        sub = f"{path}.steps[{i}]"
        d, output = export_estimator(step, sub)
        if i < len(live) - 1 and output["task"] != "transform":
            raise _unsupported(step, sub, f"step {name!r} is not a "
                               "transformer but is not the last step")
        steps.append(d)
    return {"kind": "Pipeline", "steps": steps}, output


def _exporters():
    from sklearn import ensemble, linear_model, pipeline, preprocessing, svm
    from sklearn import tree
    return {
        pipeline.Pipeline: _pipeline,
        preprocessing.StandardScaler: _scaler,
        preprocessing.MinMaxScaler: _min_max_scaler,
        preprocessing.MaxAbsScaler: _max_abs_scaler,
        linear_model.LinearRegression: _linear_regressor,
        linear_model.Ridge: _linear_regressor,
        linear_model.Lasso: _linear_regressor,
        linear_model.ElasticNet: _linear_regressor,
        linear_model.SGDRegressor: _linear_regressor,
        linear_model.LogisticRegression: _logistic,
        svm.LinearSVC: _linear_decision,
        linear_model.RidgeClassifier: _linear_decision,
        linear_model.SGDClassifier: _sgd_classifier,
        tree.DecisionTreeClassifier: _decision_tree,
        tree.DecisionTreeRegressor: _decision_tree,
        ensemble.RandomForestClassifier: _forest,
        ensemble.RandomForestRegressor: _forest,
        ensemble.ExtraTreesClassifier: _forest,
        ensemble.ExtraTreesRegressor: _forest,
        ensemble.GradientBoostingClassifier: _gradient_boosting,
        ensemble.GradientBoostingRegressor: _gradient_boosting,
        ensemble.HistGradientBoostingClassifier: _hist_gradient_boosting,
        ensemble.HistGradientBoostingRegressor: _hist_gradient_boosting,
    }


def supported_estimators() -> list[str]:
    """Names of the scikit-learn classes the exporter supports."""
    return sorted(c.__name__ for c in _exporters())


def export_estimator(est, path: str = "estimator") -> tuple[dict, dict]:
    """Returns (estimator dict, output spec dict) for a fitted estimator.

    Raises UnsupportedEstimatorError naming the class (exact type match: a
    subclass may change behaviour) and listing the supported ones.
    """
    fn = _exporters().get(type(est))
    if fn is None:
        raise UnsupportedEstimatorError(
            f"{path}: {type(est).__module__}.{type(est).__name__} is not "
            f"supported; supported estimators: "
            f"{', '.join(supported_estimators())}",
            context=path, detail=type(est).__name__)
    from sklearn.utils.validation import check_is_fitted
    if not isinstance(est, __import__("sklearn").pipeline.Pipeline):
        check_is_fitted(est)
    return fn(est, path)


def export_model(est, metadata: dict) -> dict:
    """The whole model dict (model.h Model) of a fitted estimator."""
    check_sklearn_version()
    estimator, output = export_estimator(est)
    n_features = getattr(est, "n_features_in_", None)
    if n_features is None:
        raise _unsupported(est, "estimator", "n_features_in_ is missing")
    inp = {"n_features": int(n_features)}
    names = getattr(est, "feature_names_in_", None)
    if names is not None:
        inp["feature_names"] = [str(n) for n in names]
    return {"metadata": metadata, "input": inp, "output": output,
            "estimator": estimator}

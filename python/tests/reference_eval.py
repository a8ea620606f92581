# Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
"""A slow, obvious numpy evaluator of an exported model dict, written from the
semantics documented in include/modelseal/model.h. The exporter tests use it
to check that the dict means what the fitted estimator does, independently of
the C++ inference engine (whose parity test_parity.py checks)."""

import numpy as np
from scipy.special import expit, softmax


def _tree_leaves(t, X):
    """Leaf index per row for a model.h Tree (inputs cast through float32)."""
    X32 = X.astype(np.float32).astype(np.float64)
    left, right = t["children_left"], t["children_right"]
    feature, thr = t["feature"], t["threshold"]
    mgl = t.get("missing_go_to_left")
    out = np.empty(X.shape[0], dtype=np.int64)
    for r in range(X.shape[0]):
        n = 0
        while left[n] != -1:
            v = X32[r, feature[n]]
            if np.isnan(v):
                go_left = mgl is not None and mgl[n] != 0
            else:
                go_left = v <= thr[n]
            n = left[n] if go_left else right[n]
        out[r] = n
    return out


def _tree_values(t, X):
    return t["value"][_tree_leaves(t, X)]  # [rows, n_outputs, width]


def _hist_tree(t, X, known, f_idx_map):
    def bit(bitsets, row, v):
        return (int(bitsets[row, v // 32]) >> (v % 32)) & 1

    out = np.empty(X.shape[0])
    for r in range(X.shape[0]):
        n = 0
        while not t["is_leaf"][n]:
            v = X[r, t["feature_idx"][n]]
            mgl = bool(t["missing_go_to_left"][n])
            if np.isnan(v):
                go_left = mgl
            elif t["is_categorical"][n]:
                c = int(v)
                if v < 0 or v >= 256:
                    go_left = mgl
                elif bit(t["raw_left_cat_bitsets"], t["bitset_idx"][n], c):
                    go_left = True
                elif bit(known, f_idx_map[t["feature_idx"][n]], c):
                    go_left = False
                else:
                    go_left = mgl
            else:
                go_left = v <= t["num_threshold"][n]
            n = t["left"][n] if go_left else t["right"][n]
        out[r] = t["value"][n]
    return out


def evaluate(est, X):
    """Returns a dict of the outputs this estimator dict produces:
    'transform' or 'raw' (regression values / decision scores) and, for
    classifiers, 'proba' (list per output) and 'label_index'."""
    kind = est["kind"]
    if kind == "Pipeline":
        for step in est["steps"][:-1]:
            X = evaluate(step, X)["transform"]
        return evaluate(est["steps"][-1], X)
    if kind == "CategoryEncoder":
        listed = [c["column"] for c in est["columns"]]
        out = []
        for c in est["columns"]:
            cats, x = np.asarray(c["categories"]), X[:, c["column"]]
            idx = np.searchsorted(cats, x)
            code = np.full(x.shape, np.nan)
            hit = ~np.isnan(x) & (idx < cats.size)
            hit[hit] = cats[idx[hit]] == x[hit]
            code[hit] = idx[hit]
            out.append(code[:, None])
        rest = [j for j in range(X.shape[1]) if j not in set(listed)]
        return {"transform": np.hstack(out + [X[:, rest]])}
    if kind == "StandardScaler":
        Y = X.copy()
        if est.get("mean") is not None:
            Y = Y - est["mean"]
        if est.get("scale") is not None:
            Y = Y / est["scale"]
        return {"transform": Y}
    if kind == "MinMaxScaler":
        Y = X * est["scale"]
        Y = Y + est["min"]
        if est.get("clip_range") is not None:
            lo, hi = est["clip_range"]
            Y = np.where(np.isnan(Y), Y, np.where(Y > lo, Y, lo))
            Y = np.where(np.isnan(Y), Y, np.where(Y < hi, Y, hi))
        return {"transform": Y}
    if kind == "MaxAbsScaler":
        return {"transform": X / est["scale"]}
    if kind == "LinearModel":
        d = X @ est["coef"].T + est["intercept"]
        out = {"raw": d}
        k = d.shape[1]
        if est["output"] == "decision":
            out["label_index"] = (d[:, 0] > 0).astype(int) if k == 1 \
                else d.argmax(axis=1)
        elif est["output"] == "logistic_ovr":
            p = expit(d)
            if k == 1:
                proba = np.hstack([1 - p, p])
            else:
                proba = p / p.sum(axis=1, keepdims=True)
            out["proba"] = [proba]
            out["label_index"] = (d[:, 0] > 0).astype(int) if k == 1 \
                else d.argmax(axis=1)
        elif est["output"] == "softmax":
            z = np.hstack([-d, d]) if k == 1 else d
            out["proba"] = [softmax(z, axis=1)]
            out["label_index"] = (d[:, 0] > 0).astype(int) if k == 1 \
                else d.argmax(axis=1)
        return out
    if kind in ("DecisionTree", "Forest"):
        trees = [est["tree"]] if kind == "DecisionTree" else est["trees"]
        acc = None
        for t in trees:
            v = _tree_values(t, X)
            acc = v.copy() if acc is None else acc + v
        if kind == "Forest":
            acc = acc / len(trees)
        return {"values": acc}
    if kind == "GradientBoosting":
        K = est["init_raw"].size
        raw = np.tile(est["init_raw"], (X.shape[0], 1))
        lr = est["learning_rate"]
        for s in range(est["n_stages"]):
            for k in range(K):
                t = est["trees"][s * K + k]
                raw[:, k] += lr * _tree_values(t, X)[:, 0, 0]
        return _boost_out(raw, est["loss"], ">=")
    if kind == "HistGradientBoosting":
        K = est["baseline"].size
        raw = np.zeros((X.shape[0], K)) + est["baseline"]
        for i in range(est["n_iter"]):
            for k in range(K):
                raw[:, k] += _hist_tree(est["trees"][i * K + k], X,
                                        est.get("known_cat_bitsets"),
                                        est.get("f_idx_map"))
        return _boost_out(raw, est["loss"], ">")
    raise ValueError(kind)


def _boost_out(raw, loss, tie):
    out = {"raw": raw}
    if loss in ("log_loss_binary", "exponential"):
        p = expit(2 * raw[:, 0] if loss == "exponential" else raw[:, 0])
        out["proba"] = [np.stack([1 - p, p], axis=1)]
        out["label_index"] = (raw[:, 0] >= 0 if tie == ">=" else
                              raw[:, 0] > 0).astype(int)
    elif loss == "log_loss_multiclass":
        out["proba"] = [softmax(raw, axis=1)]
        out["label_index"] = raw.argmax(axis=1)
    elif loss in ("gamma", "poisson"):
        out["raw"] = np.exp(raw)
    return out

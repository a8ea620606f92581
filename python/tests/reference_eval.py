# Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
"""A slow, obvious numpy evaluator of an exported model dict, written from the
semantics documented in include/modelseal/model.h. The exporter tests use it
to check that the dict means what the fitted estimator does, independently of
the C++ inference engine (whose parity test_parity.py checks)."""

import numpy as np
from scipy.special import expit, logsumexp, softmax


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
    if kind == "Binarizer":
        return {"transform": (X > est["threshold"]).astype(np.float64)}
    if kind == "Isotonic":
        xt = np.asarray(est["x_thresholds"], dtype=np.float64)
        yt = np.asarray(est["y_thresholds"], dtype=np.float64)
        x = X[:, 0]
        if len(xt) == 1:
            y = np.full(len(x), yt[0])
            return {"raw": y[:, None], "predict_transform": y}
        if est["out_of_bounds"] == "clip":
            x = np.clip(x, xt[0], xt[-1])
        y = np.interp(x, xt, yt)
        y[(x < xt[0]) | (x > xt[-1])] = np.nan  # "raise" never gets here
        # IsotonicRegression's transform is its predict, [n].
        return {"raw": y[:, None], "predict_transform": y}
    if kind == "Constant":
        v = np.asarray(est["values"], dtype=np.float64)
        raw = np.tile(v, (X.shape[0], 1))
        # A regressor reads raw; a classifier proba and label_index.
        return {"raw": raw, "proba": [raw],
                "label_index": np.full(X.shape[0], int(v.argmax()))}
    if kind == "LinearModel":
        d = X @ est["coef"].T + est["intercept"]
        if est["output"] == "exp":  # the GLMs' log link
            d = np.exp(d)
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
        elif est["output"] == "modified_huber":
            q = (np.clip(d, -1, 1) + 1.0) / 2.0
            if k == 1:
                proba = np.hstack([1 - q, q])
            else:
                s = q.sum(axis=1, keepdims=True)
                zero = s[:, 0] == 0
                q[zero] = 1.0
                s[zero] = k
                proba = q / s
            out["proba"] = [proba]
            out["label_index"] = (d[:, 0] > 0).astype(int) if k == 1 \
                else d.argmax(axis=1)
        elif est["output"] in ("softmax", "discriminant"):
            # discriminant (LinearDiscriminantAnalysis): expit when binary.
            z = np.hstack([-d, d]) if k == 1 and \
                est["output"] == "softmax" else d
            if k == 1 and est["output"] == "discriminant":
                z = np.hstack([np.zeros_like(d), d])
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
    if kind == "IsolationForest":
        # Path values summed over the trees in order, then score_samples =
        # -2 ** -(d / denominator) (quotient 1 when the denominator is 0);
        # decision_function = score_samples - offset; -1 where it is < 0.
        d = np.zeros(X.shape[0])
        for t in est["trees"]:
            d = d + _tree_values(t, X)[:, 0, 0]
        den = est["denominator"]
        q = d / den if den != 0 else np.ones_like(d)
        dec = -(2.0 ** -q) - est["offset"]
        return {"raw": dec[:, None], "label_index": (dec >= 0).astype(int)}
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
    if kind == "SupportVectorMachine":
        return _svm(est, X)
    if kind == "NaiveBayes":
        return _naive_bayes(est, X)
    if kind == "NeuralNetwork":
        return _neural_network(est, X)
    if kind == "Projection":
        return _projection(est, X)
    if kind == "QuadraticDiscriminant":
        return _quadratic(est, X)
    if kind == "NearestCentroid":
        return _nearest_centroid(est, X)
    raise ValueError(kind)


def _nearest_centroid(est, X):
    """NearestCentroid: predict the nearest centroid ('nearest': the metric's
    distance, first smallest) or the largest discriminant d_i = -D(X / s,
    c_i / s)^2 + 2 log prior_i (dividing only where s != 0); 'raw' is d (d_1
    - d_0 for two classes) and proba its softmax, where the model has s."""
    C = np.asarray(est["centroids"], dtype=np.float64).reshape(-1, X.shape[1])

    def dist(A, B):
        diff = A[:, None, :] - B[None, :, :]
        if est["metric"] == "manhattan":
            return np.abs(diff).sum(axis=2)
        return np.sqrt((diff ** 2).sum(axis=2))

    out = {"label_index": dist(X, C).argmin(axis=1),
           "raw": np.zeros((X.shape[0], 1))}
    if est.get("std_dev") is None:
        return out
    s = np.asarray(est["std_dev"], dtype=np.float64)
    s = np.where(s != 0, s, 1.0)
    d = -dist(X / s, C / s) ** 2 + 2 * np.log(est["priors"])
    if est["rule"] == "discriminant":
        out["label_index"] = d.argmax(axis=1)
    out["raw"] = (d[:, 1] - d[:, 0])[:, None] if d.shape[1] == 2 else d
    out["proba"] = [softmax(d, axis=1)]
    return out


def _quadratic(est, X):
    """QuadraticDiscriminant: d_i = -0.5 (||(X - mean_i) (R_i S_i^-0.5)||^2
    + sum log S_i) + log prior_i; 'raw' is decision_function (d_1 - d_0 for
    two classes)."""
    d = np.column_stack([
        -0.5 * (np.sum(((X - m) @ (R * S ** -0.5)) ** 2, axis=1) +
                np.sum(np.log(S))) + np.log(p)
        for m, R, S, p in zip(est["means"], est["rotations"],
                              est["scalings"], est["priors"])])
    raw = (d[:, 1] - d[:, 0])[:, None] if d.shape[1] == 2 else d
    return {"raw": raw, "proba": [softmax(d, axis=1)],
            "label_index": d.argmax(axis=1)}


def _projection(est, X):
    """Projection (PCA, IncrementalPCA, TruncatedSVD): components is
    [k, n]; centering 'before' is (X - mean) @ components.T (scikit-learn
    1.4's PCA), 'after' X @ components.T - mean @ components.T (>= 1.5),
    'none' X @ components.T (TruncatedSVD); then divided by scale (the
    whitening divisor, already clipped) when there is one."""
    C = np.asarray(est["components"], dtype=np.float64)
    C = C.reshape(-1, X.shape[1])
    centering = est["centering"]
    if centering == "before":
        Y = (X - est["mean"]) @ C.T
    elif centering == "after":
        Y = X @ C.T - np.reshape(est["mean"], (1, -1)) @ C.T
    elif centering == "none":
        Y = X @ C.T
    else:
        raise ValueError(centering)
    if est.get("scale") is not None:
        Y = Y / est["scale"]
    return {"transform": Y}


def _naive_bayes(est, X):
    """NaiveBayes: 'raw' is the joint log likelihood jll [rows, classes];
    predict its first argmax, predict_proba exp(jll - logsumexp(jll))."""
    term = est["class_term"]
    if est["type"] == "gaussian":
        theta, var, norm = est["theta"], est["var"], est["log_norm"]
        jll = np.stack([
            term[c] + (norm[c] - 0.5 * (((X - theta[c]) ** 2) /
                                        var[c]).sum(axis=1))
            for c in range(term.size)], axis=1)
    elif est["type"] == "discrete":
        jll = X @ est["coef"].T + term
    else:
        raise ValueError(est["type"])
    with np.errstate(invalid="ignore"):  # -inf - -inf (no finite jll)
        proba = np.exp(jll - logsumexp(jll, axis=1, keepdims=True))
    return {"raw": jll, "label_index": jll.argmax(axis=1), "proba": [proba]}


_NN_HIDDEN = {
    "identity": lambda z: z,
    "relu": lambda z: np.maximum(z, 0.0),
    "tanh": np.tanh,
    "logistic": expit,
}


def _neural_network(est, X):
    """NeuralNetwork: scikit-learn's _forward_pass_fast. Layer i is
    z = a @ W_i + b_i, W_i the next layer_sizes[i] x layer_sizes[i + 1]
    weights (row-major) and b_i the next layer_sizes[i + 1] biases; the
    hidden activation after each layer but the last, the output activation
    after the last. 'raw' is the last layer's z (regressors: the output
    activation's value); classifiers' labels come from the probabilities
    (p > 0.5, strictly; the first argmax), as scikit-learn's do."""
    sizes = [int(n) for n in np.asarray(est["layer_sizes"]).ravel()]
    w = np.asarray(est["weights"], dtype=np.float64).ravel()
    b = np.asarray(est["biases"], dtype=np.float64).ravel()
    hidden = _NN_HIDDEN[est["hidden_activation"]]
    a, wo, bo = X, 0, 0
    for i in range(len(sizes) - 1):
        n_in, n_out = sizes[i], sizes[i + 1]
        W = w[wo:wo + n_in * n_out].reshape(n_in, n_out)
        z = a @ W + b[bo:bo + n_out]
        wo, bo = wo + n_in * n_out, bo + n_out
        a = hidden(z)
    assert (wo, bo) == (w.size, b.size), "layer sizes and tensors disagree"
    out = est["output_activation"]
    if out == "identity":
        return {"raw": z}
    if out == "exp":
        return {"raw": np.exp(z)}
    if out == "softmax":
        p = softmax(z, axis=1)
        return {"raw": z, "proba": [p], "label_index": p.argmax(axis=1)}
    if out == "logistic":
        p = expit(z)
        if z.shape[1] == 1:  # binary: [1 - p, p]
            return {"raw": z, "proba": [np.hstack([1 - p, p])],
                    "label_index": (p[:, 0] > 0.5).astype(int)}
        return {"raw": z, "proba": [p], "label_index": (p > 0.5).astype(int)}
    raise ValueError(out)


def _svm_kernel(est, X):
    """[rows, support vectors]: K(x, s) as model.h's SvmKernel says."""
    sv = est["support_vectors"]
    g = est["gamma"]
    if est["kernel"] == "rbf":
        return np.exp(-g * ((X[:, None, :] - sv[None, :, :]) ** 2).sum(2))
    dot = X @ sv.T
    if est["kernel"] == "linear":
        return dot
    if est["kernel"] == "poly":
        return (g * dot + est["coef0"]) ** int(est["degree"])
    if est["kernel"] == "sigmoid":
        return np.tanh(g * dot + est["coef0"])
    raise ValueError(est["kernel"])


def _svm_coupling(r):
    """libsvm's multiclass_probability (Wu, Lin and Weng's method 2) for
    one row's pairwise probabilities r (k x k)."""
    k = r.shape[0]
    Q = np.where(np.eye(k, dtype=bool), 0.0, -r.T * r)
    np.fill_diagonal(Q, (r ** 2).sum(axis=0) - np.diag(r) ** 2)
    p = np.full(k, 1.0 / k)
    for _ in range(max(100, k)):
        Qp = Q @ p
        pQp = p @ Qp
        if np.max(np.abs(Qp - pQp)) < 0.005 / k:
            break
        for t in range(k):
            diff = (pQp - Qp[t]) / Q[t, t]
            p[t] += diff
            pQp = (pQp + diff * (diff * Q[t, t] + 2 * Qp[t])) / (1 + diff) ** 2
            Qp = (Qp + diff * Q[t]) / (1 + diff)
            p = p / (1 + diff)
    return p


def _svm(est, X):
    """SupportVectorMachine: 'raw' is scikit-learn's decision_function
    (regressors: predict), as [rows, columns]."""
    K = _svm_kernel(est, X)
    coef, b = est["dual_coef"], est["intercept"]
    if est["type"] not in ("c_svc", "nu_svc"):
        d = K @ coef[0] + b[0]
        out = {"raw": d[:, None]}
        if est["type"] == "one_class":
            out["label_index"] = (d > 0).astype(int)
        return out
    ns = est["n_support"]
    start = np.concatenate([[0], np.cumsum(ns)])
    C = len(ns)
    pairs = [(i, j) for i in range(C) for j in range(i + 1, C)]
    d = np.zeros((X.shape[0], len(pairs)))
    for k, (i, j) in enumerate(pairs):
        si, sj = slice(start[i], start[i + 1]), slice(start[j], start[j + 1])
        d[:, k] = K[:, si] @ coef[j - 1, si] + K[:, sj] @ coef[i, sj] + b[k]
    votes = np.zeros((X.shape[0], C), dtype=np.int64)
    ovr_votes = np.zeros((X.shape[0], C))
    conf = np.zeros((X.shape[0], C))
    for k, (i, j) in enumerate(pairs):
        votes[:, i] += d[:, k] > 0
        votes[:, j] += ~(d[:, k] > 0)
        ovr_votes[:, i] += d[:, k] >= 0
        ovr_votes[:, j] += d[:, k] < 0
        conf[:, i] += d[:, k]
        conf[:, j] -= d[:, k]
    ovr = ovr_votes + conf / (3 * (np.abs(conf) + 1))
    out = {}
    if C == 2:
        out["raw"] = -d
    else:
        out["raw"] = ovr if est["decision_shape"] == "ovr" else d
    if est["ties"] == "decision" and C > 2:
        out["label_index"] = ovr.argmax(axis=1)
    else:
        out["label_index"] = votes.argmax(axis=1)
    if est.get("prob_a") is not None:
        f = d * est["prob_a"] + est["prob_b"]
        s = np.where(f >= 0, np.exp(-np.abs(f)) / (1 + np.exp(-np.abs(f))),
                     1 / (1 + np.exp(-np.abs(f))))
        s = np.clip(s, 1e-7, 1 - 1e-7)
        proba = np.zeros((X.shape[0], C))
        for r in range(X.shape[0]):
            R = np.zeros((C, C))
            for k, (i, j) in enumerate(pairs):
                R[i, j], R[j, i] = s[r, k], 1 - s[r, k]
            proba[r] = _svm_coupling(R)
        out["proba"] = [proba]
    return out


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

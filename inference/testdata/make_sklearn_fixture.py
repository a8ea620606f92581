"""Writes inference/testdata/sklearn_fixture.json: tiny scikit-learn models
(their fitted arrays, mapped by hand onto the model description, not through
modelseal's exporter), rows to predict and scikit-learn's own outputs.
inference/sklearn_fixture_test.cc runs one parameterised test per case.

Run from the repository root with scikit-learn installed:
    python3 inference/testdata/make_sklearn_fixture.py
The output is committed (test data); rerun it after changing this script.
Models are small on purpose: the full fidelity suite lives in python/tests.

A case: {"name", "model" (tests/testing/model_json.h), "x" (rows),
"checks": [{"method", "compare", "want"}]} with method predict (class
indices), predict_proba (output 0), decision_function or transform, and
compare "exact" (bit for bit, nan equal to nan), "near" (1e-12 relative:
outputs through exp or a dot product, docs/ARCHITECTURE.md, Fidelity) or
"differs" (the output must differ from `want`).
"""
import json
import math
import sys

import numpy as np
import sklearn
from sklearn.ensemble import (GradientBoostingClassifier,
                              HistGradientBoostingClassifier,
                              RandomForestClassifier)
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.tree import DecisionTreeClassifier

OUT = "inference/testdata/sklearn_fixture.json"


def num(x):
    x = float(x)
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return x


def floats(a):
    return [num(x) for x in np.asarray(a, dtype=np.float64).ravel()]


def tensor(a, dtype):
    a = np.asarray(a)
    data = (floats(a) if dtype in ("<f8", "<f4")
            else [int(x) for x in a.ravel()])
    return {"dtype": dtype, "shape": list(a.shape), "data": data}


def tree(t):
    return {"children_left": tensor(t.children_left, "<i4"),
            "children_right": tensor(t.children_right, "<i4"),
            "feature": tensor(t.feature, "<i4"),
            "threshold": tensor(t.threshold, "<f8"),
            "value": tensor(t.value, "<f8"),
            "missing_go_to_left": tensor(t.missing_go_to_left, "|u1")}


def hist_tree(pr):
    n = pr.nodes
    d = {"value": tensor(n["value"], "<f8"),
         "feature_idx": tensor(n["feature_idx"], "<u4"),
         "num_threshold": tensor(n["num_threshold"], "<f8"),
         "missing_go_to_left": tensor(n["missing_go_to_left"], "|u1"),
         "left": tensor(n["left"], "<u4"),
         "right": tensor(n["right"], "<u4"),
         "is_leaf": tensor(n["is_leaf"], "|u1"),
         "is_categorical": tensor(n["is_categorical"], "|u1"),
         "bitset_idx": tensor(n["bitset_idx"], "<u4")}
    b = pr.raw_left_cat_bitsets
    if b.shape[0] > 0:
        d["raw_left_cat_bitsets"] = tensor(b, "<u4")
    return d


def classifier(n_features, n_classes, estimator):
    labels = tensor(np.arange(n_classes), "<i8")
    return {"metadata": {"name": "fixture"},
            "input": {"n_features": n_features},
            "output": {"task": "classification", "n_outputs": 1,
                       "classes": [{"int_labels": labels}]},
            "estimator": estimator}


def transformer(n_features, estimator):
    return {"metadata": {"name": "fixture"},
            "input": {"n_features": n_features},
            "output": {"task": "transform", "n_outputs": n_features},
            "estimator": estimator}


cases = []


def case(name, model, x, *checks):
    cases.append({"name": name, "model": model,
                  "x": [floats(r) for r in np.asarray(x)],
                  "checks": [{"method": m, "compare": c, "want": w}
                             for m, c, w in checks]})


rng = np.random.RandomState(0)
X = rng.normal(size=(120, 3))
y3 = (X[:, 0] + 0.5 * X[:, 1] > 0).astype(int) + (X[:, 2] > 0.7)
Xn = X.copy()
Xn[rng.rand(120) < 0.1, 1] = np.nan
# Rows scikit-learn is asked about: training-like rows, a nan and ties.
R = np.array([[0.1, -0.3, 0.9], [-1.2, 0.4, 0.0], [0.5, np.nan, -0.2],
              [2.0, 1.0, 1.5], [0.0, 0.0, 0.0], [-0.7, -2.0, 0.8]])
Rf = R.copy()
Rf[2, 1] = 0.25  # finite rows for estimators that reject nan


def labels(a):
    return [int(v) for v in np.asarray(a).astype(np.int64)]


# DecisionTree trained with nan (missing_go_to_left is meaningful).
dt = DecisionTreeClassifier(max_depth=3, random_state=0).fit(Xn, y3)
case("DecisionTreeClassifierWithNan",
     classifier(3, 3, {"kind": "DecisionTree", "tree": tree(dt.tree_)}), R,
     ("predict", "exact", labels(dt.predict(R))),
     ("predict_proba", "exact", floats(dt.predict_proba(R))))

# RandomForest: probabilities averaged in tree order.
rf = RandomForestClassifier(n_estimators=4, max_depth=3,
                            random_state=0).fit(Xn, y3)
case("RandomForestClassifier",
     classifier(3, 3, {"kind": "Forest",
                       "trees": [tree(e.tree_) for e in rf.estimators_]}), R,
     ("predict", "exact", labels(rf.predict(R))),
     ("predict_proba", "exact", floats(rf.predict_proba(R))))

# GradientBoosting multiclass: raw scores bit-exact; softmax within 1e-12.
gb = GradientBoostingClassifier(n_estimators=3, max_depth=2,
                                learning_rate=0.3, random_state=0).fit(X, y3)
gb_trees = []
for s in range(gb.estimators_.shape[0]):
    for k in range(gb.estimators_.shape[1]):
        t = tree(gb.estimators_[s, k].tree_)
        del t["missing_go_to_left"]
        gb_trees.append(t)
case("GradientBoostingClassifierMulticlass",
     classifier(3, 3, {"kind": "GradientBoosting", "trees": gb_trees,
                       "n_stages": int(gb.estimators_.shape[0]),
                       "init_raw": tensor(gb._raw_predict_init(Rf[:1])[0],
                                          "<f8"),
                       "learning_rate": float(gb.learning_rate),
                       "loss": "log_loss_multiclass"}), Rf,
     ("predict", "exact", labels(gb.predict(Rf))),
     ("decision_function", "exact", floats(gb.decision_function(Rf))),
     ("predict_proba", "near", floats(gb.predict_proba(Rf))))


def hgb_dict(hgb, f_idx_map_source):
    known, f_idx_map = hgb._bin_mapper.make_known_categories_bitsets()
    fmap = np.where(f_idx_map_source, f_idx_map.astype(np.int64), -1)
    return {"kind": "HistGradientBoosting",
            "trees": [hist_tree(pr) for it in hgb._predictors for pr in it],
            "n_iter": len(hgb._predictors),
            "baseline": tensor(np.asarray(hgb._baseline_prediction).ravel(),
                               "<f8"),
            "loss": "log_loss_binary",
            "known_cat_bitsets": tensor(known, "<u4"),
            "f_idx_map": tensor(fmap, "<i4")}


# HistGradientBoosting binary with a categorical first column (so that
# scikit-learn's preprocessing keeps the column order) and nan.
Xc = Xn.copy()
Xc[:, 0] = rng.randint(0, 4, size=120)
yb = ((Xc[:, 0] == 1) | (Xc[:, 0] == 3)) ^ (X[:, 2] > 0.5)
hgb = HistGradientBoostingClassifier(max_iter=3, max_leaf_nodes=4,
                                     categorical_features=[0],
                                     random_state=0).fit(Xc, yb)
Rc = R.copy()
Rc[:, 0] = [1, 0, 3, 7, -1, 2]  # 7 unseen, -1 negative
case("HistGradientBoostingClassifierCategorical",
     classifier(3, 2, hgb_dict(hgb, hgb.is_categorical_)), Rc,
     ("predict", "exact", labels(hgb.predict(Rc))),
     ("decision_function", "exact", floats(hgb.decision_function(Rc))),
     ("predict_proba", "near", floats(hgb.predict_proba(Rc))))

# HistGradientBoosting with categorical columns that are not first and whose
# values are not 0..k-1: scikit-learn's _preprocessor (OrdinalEncoder over
# the categorical columns, placed first, then the others) becomes a
# CategoryEncoder step before the trees. Unseen values, nan, -0.0 and values
# that would be known codes without the encoder (1, 2) at predict time.
rs = np.random.RandomState(1)
Xe = rs.normal(size=(200, 5))
Xe[:, 1] = rs.choice([3.0, 7.0, 10.0], size=200)
Xe[:, 3] = rs.choice([-2.0, 0.0, 4.0, 100.0], size=200)
Xe[rs.rand(200) < 0.1, 3] = np.nan
ye = ((Xe[:, 1] == 7) ^ (Xe[:, 3] >= 4)) | (Xe[:, 0] > 1.2)
hgbe = HistGradientBoostingClassifier(max_iter=4, max_leaf_nodes=5,
                                      categorical_features=[1, 3],
                                      random_state=0).fit(Xe, ye)
pre = hgbe._preprocessor
enc = pre.named_transformers_["encoder"]
cat_cols = np.flatnonzero(hgbe.is_categorical_)
assert list(pre.output_indices_["encoder"].indices(5)[:2]) == [0, len(cat_cols)]

columns = []
for col, cats in zip(cat_cols, enc.categories_):
    cats = np.asarray(cats, dtype=np.float64)
    if len(cats) and np.isnan(cats[-1]):
        cats = cats[:-1]  # OrdinalEncoder's trailing nan (SPEC.md)
    columns.append({"column": int(col), "categories": tensor(cats, "<f8")})
encoder = {"kind": "CategoryEncoder", "columns": columns}

Re = np.array([[0.3, 7.0, 1.0, 4.0, -0.5],     # known, known
               [1.5, 3.0, -1.0, 0.0, 0.2],     # known, known
               [-0.2, 10.0, 0.4, -0.0, 1.0],   # -0.0 is category 0.0
               [0.1, 5.0, 0.0, 100.0, -1.0],   # 5 unseen
               [0.1, np.nan, 0.0, np.nan, 0.0],  # nan, nan
               [2.0, 1.0, 0.5, 2.0, 0.3],      # 1 and 2: unseen values
               [-1.0, 7.0, 2.0, 1.0, 0.0],     # 1 unseen in column 3
               [0.0, 3.0, 0.0, -2.0, 0.0]])
case("CategoryEncoderMatchesPreprocessor", transformer(5, encoder), Re,
     ("transform", "exact", floats(pre.transform(Re))))
trees_e = hgb_dict(hgbe, hgbe._is_categorical_remapped)
case("CategoryEncoderThenHistGradientBoosting",
     classifier(5, 2, {"kind": "Pipeline", "steps": [encoder, trees_e]}), Re,
     ("predict", "exact", labels(hgbe.predict(Re))),
     ("decision_function", "exact", floats(hgbe.decision_function(Re))),
     ("predict_proba", "near", floats(hgbe.predict_proba(Re))))
# Without the encoder the trees would read the raw values.
case("HistGradientBoostingWithoutItsEncoderDiffers",
     classifier(5, 2, trees_e), Re,
     ("decision_function", "differs", floats(hgbe.decision_function(Re))))

# StandardScaler + multinomial LogisticRegression.
lr = make_pipeline(StandardScaler(), LogisticRegression()).fit(X, y3)
sc, lg = lr.steps[0][1], lr.steps[1][1]
case("ScalerLogisticRegressionPipeline",
     classifier(3, 3, {"kind": "Pipeline", "steps": [
         {"kind": "StandardScaler", "mean": tensor(sc.mean_, "<f8"),
          "scale": tensor(sc.scale_, "<f8")},
         {"kind": "LinearModel", "coef": tensor(lg.coef_, "<f8"),
          "intercept": tensor(lg.intercept_, "<f8"), "output": "softmax"}]}),
     Rf,
     ("predict", "exact", labels(lr.predict(Rf))),
     ("decision_function", "near", floats(lr.decision_function(Rf))),
     ("predict_proba", "near", floats(lr.predict_proba(Rf))))

doc = {"generated_by": "inference/testdata/make_sklearn_fixture.py",
       "scikit_learn": sklearn.__version__, "numpy": np.__version__,
       "cases": cases}
with open(OUT, "w") as f:
    json.dump(doc, f, indent=1, allow_nan=False)
    f.write("\n")
print("wrote", OUT, file=sys.stderr)

"""Writes inference/sklearn_fixture_test.cc: tiny scikit-learn models, their
fitted arrays and scikit-learn's own outputs on a few rows, as C++ literals.

Run from the repository root with scikit-learn installed:
    python3 inference/testdata/make_sklearn_fixture.py
The output is committed (it is test source, not build output); rerun it
after changing this script. Models are small on purpose: the full fidelity
suite lives in python/tests.
"""
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

OUT = "inference/sklearn_fixture_test.cc"


def lit(v, kind="d"):
    v = np.asarray(v).ravel()
    if kind == "d":
        items = []
        for x in v:
            x = float(x)
            if np.isnan(x):
                items.append("kNan")
            elif np.isinf(x):
                items.append("kInf" if x > 0 else "-kInf")
            else:
                items.append(repr(x))
    else:
        items = [str(int(x)) for x in v]
    return "{" + ", ".join(items) + "}"


def tree_code(t, name, outputs, width):
    return (f"  Tree {name} = MakeTree({lit(t.children_left, 'i')},\n"
            f"      {lit(t.children_right, 'i')},\n"
            f"      {lit(t.feature, 'i')},\n"
            f"      {lit(t.threshold)},\n"
            f"      {lit(t.value)}, {outputs}, {width},\n"
            f"      std::vector<uint8_t>{lit(t.missing_go_to_left, 'i')});\n")


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

parts = []
emit = parts.append

# DecisionTree trained with nan (missing_go_to_left is meaningful).
dt = DecisionTreeClassifier(max_depth=3, random_state=0).fit(Xn, y3)
emit("TEST(SklearnFixture, DecisionTreeClassifierWithNan) {\n")
emit(tree_code(dt.tree_, "t", 1, 3))
emit("  auto p = Make(Classifier(3, {3}, DecisionTree{t}));\n  ASSERT_TRUE(p);\n")
emit(f"  const std::vector<double> x = {lit(R)};\n")
emit(f"  EXPECT_EQ(Classes(*p, x), (std::vector<int64_t>{lit(dt.predict(R), 'i')}));\n")
emit(f"  EXPECT_EQ(Proba(*p, x)[0].data, (std::vector<double>{lit(dt.predict_proba(R))}));\n}}\n\n")

# RandomForest: probabilities averaged in tree order.
rf = RandomForestClassifier(n_estimators=4, max_depth=3, random_state=0).fit(Xn, y3)
emit("TEST(SklearnFixture, RandomForestClassifier) {\n  Forest f;\n")
for i, e in enumerate(rf.estimators_):
    emit(tree_code(e.tree_, f"t{i}", 1, 3))
    emit(f"  f.trees.push_back(t{i});\n")
emit("  auto p = Make(Classifier(3, {3}, f));\n  ASSERT_TRUE(p);\n")
emit(f"  const std::vector<double> x = {lit(R)};\n")
emit(f"  EXPECT_EQ(Classes(*p, x), (std::vector<int64_t>{lit(rf.predict(R), 'i')}));\n")
emit(f"  EXPECT_EQ(Proba(*p, x)[0].data, (std::vector<double>{lit(rf.predict_proba(R))}));\n}}\n\n")

# GradientBoosting multiclass: raw scores bit-exact; softmax within 1e-12.
gb = GradientBoostingClassifier(n_estimators=3, max_depth=2, learning_rate=0.3,
                                random_state=0).fit(X, y3)
init = gb._raw_predict_init(Rf[:1])[0]
emit("TEST(SklearnFixture, GradientBoostingClassifierMulticlass) {\n  std::vector<Tree> trees;\n")
for s in range(gb.estimators_.shape[0]):
    for k in range(gb.estimators_.shape[1]):
        t = gb.estimators_[s, k].tree_
        emit(f"  trees.push_back(MakeTree({lit(t.children_left, 'i')}, {lit(t.children_right, 'i')},\n"
             f"      {lit(t.feature, 'i')}, {lit(t.threshold)}, {lit(t.value)}, 1, 1));\n")
emit(f"  GradientBoosting g;\n  g.trees = trees;\n  g.n_stages = {gb.estimators_.shape[0]};\n"
     f"  g.init_raw = Tensor::FromVector(std::vector<double>{lit(init)});\n"
     f"  g.learning_rate = {gb.learning_rate!r};\n  g.loss = GbLoss::kLogLossMulticlass;\n")
emit("  auto p = Make(Classifier(3, {3}, g));\n  ASSERT_TRUE(p);\n")
emit(f"  const std::vector<double> x = {lit(Rf)};\n")
emit(f"  EXPECT_EQ(Classes(*p, x), (std::vector<int64_t>{lit(gb.predict(Rf), 'i')}));\n")
emit(f"  EXPECT_EQ(Decision(*p, x), (std::vector<double>{lit(gb.decision_function(Rf))}));\n")
emit(f"  ExpectNear(Proba(*p, x)[0].data, {lit(gb.predict_proba(Rf))});\n}}\n\n")

# HistGradientBoosting binary with a categorical first column (so that
# scikit-learn's preprocessing keeps the column order) and nan.
Xc = Xn.copy()
Xc[:, 0] = rng.randint(0, 4, size=120)
yb = ((Xc[:, 0] == 1) | (Xc[:, 0] == 3)) ^ (X[:, 2] > 0.5)
hgb = HistGradientBoostingClassifier(max_iter=3, max_leaf_nodes=4,
                                     categorical_features=[0],
                                     random_state=0).fit(Xc, yb)
known, f_idx_map = hgb._bin_mapper.make_known_categories_bitsets()
emit("TEST(SklearnFixture, HistGradientBoostingClassifierCategorical) {\n"
     "  HistGradientBoosting h;\n")


def emit_hist_trees(hgb):
    for it in hgb._predictors:
        for pr in it:
            emit_hist_tree(pr)


def emit_hist_tree(pr):
    if True:
        n = pr.nodes
        emit("  {\n    HistTree t;\n"
             f"    t.value = Tensor::FromVector(std::vector<double>{lit(n['value'])});\n"
             f"    t.feature_idx = Tensor::FromVector(std::vector<uint32_t>{lit(n['feature_idx'], 'i')});\n"
             f"    t.num_threshold = Tensor::FromVector(std::vector<double>{lit(n['num_threshold'])});\n"
             f"    t.missing_go_to_left = Tensor::FromVector(std::vector<uint8_t>{lit(n['missing_go_to_left'], 'i')});\n"
             f"    t.left = Tensor::FromVector(std::vector<uint32_t>{lit(n['left'], 'i')});\n"
             f"    t.right = Tensor::FromVector(std::vector<uint32_t>{lit(n['right'], 'i')});\n"
             f"    t.is_leaf = Tensor::FromVector(std::vector<uint8_t>{lit(n['is_leaf'], 'i')});\n"
             f"    t.is_categorical = Tensor::FromVector(std::vector<uint8_t>{lit(n['is_categorical'], 'i')});\n"
             f"    t.bitset_idx = Tensor::FromVector(std::vector<uint32_t>{lit(n['bitset_idx'], 'i')});\n")
        b = pr.raw_left_cat_bitsets
        if b.shape[0] > 0:
            emit(f"    t.raw_left_cat_bitsets = Tensor::FromVector(std::vector<uint32_t>{lit(b, 'i')}, {{{b.shape[0]}, 8}});\n")
        emit("    h.trees.push_back(t);\n  }\n")


emit_hist_trees(hgb)
fmap = np.where(hgb.is_categorical_, f_idx_map.astype(np.int64), -1)
emit(f"  h.n_iter = {len(hgb._predictors)};\n"
     f"  h.baseline = Tensor::FromVector(std::vector<double>{lit(hgb._baseline_prediction)});\n"
     "  h.loss = HgbLoss::kLogLossBinary;\n"
     f"  h.known_cat_bitsets = Tensor::FromVector(std::vector<uint32_t>{lit(known, 'i')}, {{{known.shape[0]}, 8}});\n"
     f"  h.f_idx_map = Tensor::FromVector(std::vector<int32_t>{lit(fmap, 'i')});\n")
Rc = R.copy()
Rc[:, 0] = [1, 0, 3, 7, -1, 2]  # 7 unseen, -1 negative
emit("  auto p = Make(Classifier(3, {2}, h));\n  ASSERT_TRUE(p);\n")
emit(f"  const std::vector<double> x = {lit(Rc)};\n")
emit(f"  EXPECT_EQ(Classes(*p, x), (std::vector<int64_t>{lit(hgb.predict(Rc).astype(int), 'i')}));\n")
emit(f"  EXPECT_EQ(Decision(*p, x), (std::vector<double>{lit(hgb.decision_function(Rc))}));\n")
emit(f"  ExpectNear(Proba(*p, x)[0].data, {lit(hgb.predict_proba(Rc))});\n}}\n\n")

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
ke, fe = hgbe._bin_mapper.make_known_categories_bitsets()
fmape = np.where(hgbe._is_categorical_remapped, fe.astype(np.int64), -1)


def encoder_code(name):
    out = f"  CategoryEncoder {name};\n"
    for col, cats in zip(cat_cols, enc.categories_):
        cats = np.asarray(cats, dtype=np.float64)
        if len(cats) and np.isnan(cats[-1]):
            cats = cats[:-1]  # OrdinalEncoder's trailing nan (SPEC §7)
        out += (f"  {name}.columns.push_back({{{int(col)}, "
                f"Tensor::FromVector(std::vector<double>{lit(cats)})}});\n")
    return out


Re = np.array([[0.3, 7.0, 1.0, 4.0, -0.5],     # known, known
               [1.5, 3.0, -1.0, 0.0, 0.2],     # known, known
               [-0.2, 10.0, 0.4, -0.0, 1.0],   # -0.0 is category 0.0
               [0.1, 5.0, 0.0, 100.0, -1.0],   # 5 unseen
               [0.1, np.nan, 0.0, np.nan, 0.0],  # nan, nan
               [2.0, 1.0, 0.5, 2.0, 0.3],      # 1 and 2: unseen values
               [-1.0, 7.0, 2.0, 1.0, 0.0],     # 1 unseen in column 3
               [0.0, 3.0, 0.0, -2.0, 0.0]])
emit("TEST(SklearnFixture, CategoryEncoderMatchesPreprocessor) {\n")
emit(encoder_code("e"))
emit("  Model m = Classifier(5, {2}, e);\n"
     "  m.output = OutputSpec{Task::kTransform, 5, {}};\n"
     "  auto p = Make(m);\n  ASSERT_TRUE(p);\n"
     f"  const std::vector<double> x = {lit(Re)};\n"
     "  Matrix<double> out;\n"
     "  ASSERT_TRUE(p->Transform(View(x, 5), &out).ok());\n"
     f"  ExpectSame(out.data, {lit(pre.transform(Re))});\n}}\n\n")
emit("TEST(SklearnFixture, CategoryEncoderThenHistGradientBoosting) {\n"
     "  HistGradientBoosting h;\n")
emit_hist_trees(hgbe)
emit(f"  h.n_iter = {len(hgbe._predictors)};\n"
     f"  h.baseline = Tensor::FromVector(std::vector<double>{lit(hgbe._baseline_prediction)});\n"
     "  h.loss = HgbLoss::kLogLossBinary;\n"
     f"  h.known_cat_bitsets = Tensor::FromVector(std::vector<uint32_t>{lit(ke, 'i')}, {{{ke.shape[0]}, 8}});\n"
     f"  h.f_idx_map = Tensor::FromVector(std::vector<int32_t>{lit(fmape, 'i')});\n")
emit(encoder_code("e"))
emit("  Pipeline pl;\n  pl.steps.push_back({e});\n  pl.steps.push_back({h});\n"
     "  Model m = Classifier(5, {2}, pl);\n"
     "  ASSERT_TRUE(ValidateModel(m).ok()) << ValidateModel(m).ToString();\n"
     "  auto p = Make(m);\n  ASSERT_TRUE(p);\n")
emit(f"  const std::vector<double> x = {lit(Re)};\n")
emit(f"  EXPECT_EQ(Classes(*p, x), (std::vector<int64_t>{lit(hgbe.predict(Re).astype(int), 'i')}));\n")
emit(f"  EXPECT_EQ(Decision(*p, x), (std::vector<double>{lit(hgbe.decision_function(Re))}));\n")
emit(f"  ExpectNear(Proba(*p, x)[0].data, {lit(hgbe.predict_proba(Re))});\n"
     "  // Without the encoder the trees would read the raw values.\n"
     "  auto raw = Make(Classifier(5, {2}, h));\n  ASSERT_TRUE(raw);\n"
     "  EXPECT_NE(Decision(*raw, x), Decision(*p, x));\n}\n\n")

# StandardScaler + multinomial LogisticRegression.
lr = make_pipeline(StandardScaler(), LogisticRegression()).fit(X, y3)
sc, lg = lr.steps[0][1], lr.steps[1][1]
emit("TEST(SklearnFixture, ScalerLogisticRegressionPipeline) {\n  Pipeline pl;\n  StandardScaler s;\n"
     f"  s.mean = Tensor::FromVector(std::vector<double>{lit(sc.mean_)});\n"
     f"  s.scale = Tensor::FromVector(std::vector<double>{lit(sc.scale_)});\n"
     "  pl.steps.push_back({s});\n  LinearModel l;\n"
     f"  l.coef = Tensor::FromVector(std::vector<double>{lit(lg.coef_)}, {{{lg.coef_.shape[0]}, {lg.coef_.shape[1]}}});\n"
     f"  l.intercept = Tensor::FromVector(std::vector<double>{lit(lg.intercept_)});\n"
     "  l.output = LinearOutput::kSoftmax;\n  pl.steps.push_back({l});\n"
     "  auto p = Make(Classifier(3, {3}, pl));\n  ASSERT_TRUE(p);\n")
emit(f"  const std::vector<double> x = {lit(Rf)};\n")
emit(f"  EXPECT_EQ(Classes(*p, x), (std::vector<int64_t>{lit(lr.predict(Rf), 'i')}));\n")
emit(f"  ExpectNear(Decision(*p, x), {lit(lr.decision_function(Rf))});\n")
emit(f"  ExpectNear(Proba(*p, x)[0].data, {lit(lr.predict_proba(Rf))});\n}}\n\n")

header = f'''// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// GENERATED by inference/testdata/make_sklearn_fixture.py with scikit-learn
// {sklearn.__version__} and numpy {np.__version__}: tiny fitted models and
// scikit-learn's own outputs, as literals. Trees, forests and boosting raw
// scores must match bit for bit; outputs through exp or a dot product within
// 1e-12 relative (docs/ARCHITECTURE.md, Fidelity).
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "modelseal/format.h"
#include "modelseal/predictor.h"

namespace modelseal {{
namespace {{

constexpr double kNan = std::numeric_limits<double>::quiet_NaN();
[[maybe_unused]] constexpr double kInf = std::numeric_limits<double>::infinity();

Tree MakeTree(std::vector<int32_t> left, std::vector<int32_t> right,
              std::vector<int32_t> feature, std::vector<double> threshold,
              std::vector<double> value, uint64_t outputs, uint64_t width,
              std::vector<uint8_t> missing = {{}}) {{
  Tree t;
  const uint64_t n = left.size();
  t.children_left = Tensor::FromVector(std::move(left));
  t.children_right = Tensor::FromVector(std::move(right));
  t.feature = Tensor::FromVector(std::move(feature));
  t.threshold = Tensor::FromVector(std::move(threshold));
  t.value = Tensor::FromVector(std::move(value), {{n, outputs, width}});
  if (!missing.empty()) {{
    t.missing_go_to_left = Tensor::FromVector(std::move(missing));
  }}
  return t;
}}

Model Classifier(uint64_t n_features, std::vector<size_t> classes,
                 EstimatorVariant e) {{
  Model m;
  m.metadata.name = "fixture";
  m.input.n_features = n_features;
  m.output.task = Task::kClassification;
  m.output.n_outputs = classes.size();
  for (size_t c : classes) {{
    std::vector<int64_t> labels;
    for (size_t i = 0; i < c; ++i) labels.push_back(static_cast<int64_t>(i));
    ClassLabels l;
    l.int_labels = Tensor::FromVector(labels);
    m.output.classes.push_back(l);
  }}
  m.estimator.kind = std::move(e);
  return m;
}}

std::unique_ptr<Predictor> Make(const Model& m) {{
  auto p = Predictor::Create(m);
  EXPECT_TRUE(p.ok()) << p.status().ToString();
  if (!p.ok()) return nullptr;
  return std::move(p).value();
}}

MatrixView View(const std::vector<double>& x, size_t cols) {{
  return MatrixView{{x.data(), DType::kFloat64, x.size() / cols, cols}};
}}

std::vector<int64_t> Classes(const Predictor& p, const std::vector<double>& x) {{
  PredictOutput out;
  Status s = p.Predict(View(x, p.n_features()), &out);
  EXPECT_TRUE(s.ok()) << s.ToString();
  return out.classes.data;
}}

std::vector<Matrix<double>> Proba(const Predictor& p,
                                  const std::vector<double>& x) {{
  std::vector<Matrix<double>> out;
  Status s = p.PredictProba(View(x, p.n_features()), &out);
  EXPECT_TRUE(s.ok()) << s.ToString();
  return out;
}}

std::vector<double> Decision(const Predictor& p, const std::vector<double>& x) {{
  Matrix<double> out;
  Status s = p.DecisionFunction(View(x, p.n_features()), &out);
  EXPECT_TRUE(s.ok()) << s.ToString();
  return out.data;
}}

// Exact equality, with nan equal to nan.
[[maybe_unused]] void ExpectSame(const std::vector<double>& got,
                                 const std::vector<double>& want) {{
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < got.size(); ++i) {{
    if (std::isnan(want[i])) {{
      EXPECT_TRUE(std::isnan(got[i])) << "index " << i << ": " << got[i];
    }} else {{
      EXPECT_EQ(got[i], want[i]) << "index " << i;
    }}
  }}
}}

void ExpectNear(const std::vector<double>& got,
                const std::vector<double>& want) {{
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < got.size(); ++i) {{
    EXPECT_LE(std::fabs(got[i] - want[i]), 1e-12 * std::fabs(want[i]) + 1e-300)
        << "index " << i << ": " << got[i] << " vs " << want[i];
  }}
}}

'''
footer = "}  // namespace\n}  // namespace modelseal\n"
with open(OUT, "w") as f:
    f.write(header + "".join(parts) + footer)
print("wrote", OUT, file=sys.stderr)

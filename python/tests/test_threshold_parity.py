# Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
"""FixedThresholdClassifier and TunedThresholdClassifierCV (scikit-learn
1.5+) saved, signed, loaded through the sandbox and compared with
scikit-learn on held-out rows: predict's labels identical (the positive
class where the classifier's score of it is >= the threshold), and
predict_proba / predict_log_proba / decision_function the classifier's own,
present exactly where scikit-learn has them. Covers response_method auto /
predict_proba / decision_function, threshold "auto" and values, pos_label
None, the first class and string labels, a pipeline classifier and a
DataFrame with string columns, and the tie rule (a score equal to the
threshold is the positive class)."""

import numpy as np
import pandas as pd
import pytest
from sklearn import datasets
from sklearn.compose import ColumnTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.naive_bayes import GaussianNB
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler
from sklearn.svm import SVC, LinearSVC
from sklearn.tree import DecisionTreeClassifier

import modelseal
from compare import check_methods, held_out

thr = pytest.importorskip("sklearn.model_selection._classification_threshold",
                          reason="threshold classifiers are scikit-learn 1.5+")
FixedThresholdClassifier = thr.FixedThresholdClassifier
TunedThresholdClassifierCV = thr.TunedThresholdClassifierCV
METHODS = ("predict_proba", "predict_log_proba", "decision_function")


def _cancer(labels=None):
    X, y = datasets.load_breast_cancer(return_X_y=True)
    if labels is not None:
        y = np.asarray(labels)[y]
    return train_test_split(X, y, test_size=0.3, random_state=0, stratify=y)


def _compare(est, model, Z):
    np.testing.assert_array_equal(model.predict(Z), est.predict(Z))
    for m in METHODS:
        assert hasattr(model, m) == hasattr(est, m), m
    check_methods(est, model, Z, exact=False)


def _lr():
    return make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000))


FIXED = {
    "proba-0.3": lambda: FixedThresholdClassifier(_lr(), threshold=0.3),
    "proba-auto": lambda: FixedThresholdClassifier(_lr()),
    "decision-0.7": lambda: FixedThresholdClassifier(
        _lr(), threshold=0.7, response_method="decision_function"),
    "auto-without-proba": lambda: FixedThresholdClassifier(
        make_pipeline(StandardScaler(), LinearSVC()), threshold=-0.25),
    "auto-without-proba-auto": lambda: FixedThresholdClassifier(
        make_pipeline(StandardScaler(), SVC())),
    "pos-first-proba": lambda: FixedThresholdClassifier(
        _lr(), threshold=0.2, pos_label=0),
    "pos-first-decision": lambda: FixedThresholdClassifier(
        _lr(), threshold=0.5, pos_label=0,
        response_method="decision_function"),
    "tree-inf": lambda: FixedThresholdClassifier(
        DecisionTreeClassifier(max_depth=4, random_state=0),
        threshold=float("inf")),
    "nb": lambda: FixedThresholdClassifier(GaussianNB(), threshold=0.9),
}


@pytest.mark.parametrize("name", sorted(FIXED))
def test_fixed_threshold(name, sealed):
    X_train, X_test, y_train, _ = _cancer()
    est = FIXED[name]().fit(X_train, y_train)
    model = sealed(est)
    Z = np.vstack([X_test, held_out(X_train, seed=3)])
    _compare(est, model, Z)


@pytest.mark.parametrize("pos_label", [None, "benign", "malignant"])
def test_string_labels_and_pos_label(pos_label, sealed):
    X_train, X_test, y_train, _ = _cancer(["malignant", "benign"])
    est = FixedThresholdClassifier(_lr(), threshold=0.35,
                                   pos_label=pos_label).fit(X_train, y_train)
    model = sealed(est)
    _compare(est, model, X_test)


@pytest.mark.parametrize("scoring", ["balanced_accuracy", "f1"])
def test_tuned_threshold(scoring, sealed):
    X_train, X_test, y_train, _ = _cancer()
    est = TunedThresholdClassifierCV(_lr(), scoring=scoring, cv=3,
                                     random_state=0).fit(X_train, y_train)
    model = sealed(est)
    Z = np.vstack([X_test, held_out(X_train, seed=5)])
    _compare(est, model, Z)


def test_tuned_threshold_pos_label_from_scorer(sealed):
    from sklearn.metrics import f1_score, make_scorer
    X_train, X_test, y_train, _ = _cancer()
    scorer = make_scorer(f1_score, pos_label=0)
    est = TunedThresholdClassifierCV(_lr(), scoring=scorer, cv=3,
                                     random_state=0).fit(X_train, y_train)
    model = sealed(est)
    _compare(est, model, X_test)


def test_score_equal_to_threshold_is_positive(tmp_path):
    # A tree's predict_proba takes few values: threshold at one of them.
    X_train, X_test, y_train, _ = _cancer()
    tree = DecisionTreeClassifier(max_depth=3, random_state=0)
    tree.fit(X_train, y_train)
    p = tree.predict_proba(X_test)[:, 1]
    t = float(np.unique(p)[len(np.unique(p)) // 2])
    assert (p == t).any()
    est = FixedThresholdClassifier(tree, threshold=t).fit(X_train, y_train)
    modelseal.save(est, tmp_path / "m.seal", name="m", source=None)
    model = modelseal._load_unsandboxed(tmp_path / "m.seal")
    got = model.predict(X_test)
    np.testing.assert_array_equal(got, est.predict(X_test))
    assert (got[p == t] == 1).all()


def test_dataframe_with_string_columns(sealed):
    rng = np.random.default_rng(1)
    n = 400
    df = pd.DataFrame({"x": rng.normal(size=n),
                       "city": rng.choice(["Zürich", "Lyon", "東京"], n)})
    y = ((df["x"] > 0) ^ (df["city"] == "Lyon")).astype(int)
    pre = ColumnTransformer([("num", StandardScaler(), ["x"]),
                             ("cat", OneHotEncoder(), ["city"])])
    est = FixedThresholdClassifier(
        make_pipeline(pre, LogisticRegression()), threshold=0.6)
    est.fit(df.iloc[:300], y.iloc[:300])
    model = sealed(est)
    _compare(est, model, df.iloc[300:])


def test_refusals(tmp_path):
    # A pos_label that is not a class: scikit-learn's predict raises.
    X_train, _, y_train, _ = _cancer()
    est = FixedThresholdClassifier(_lr(), pos_label=7).fit(X_train, y_train)
    with pytest.raises(modelseal.UnsupportedEstimatorError,
                       match="pos_label"):
        modelseal.save(est, tmp_path / "m.seal", name="m", source=None)
    assert not (tmp_path / "m.seal").exists()
    # An outlier detector has two "classes" but is no classifier.
    from sklearn.svm import OneClassSVM
    est = FixedThresholdClassifier(OneClassSVM()).fit(X_train, y_train)
    with pytest.raises(modelseal.UnsupportedEstimatorError,
                       match="outlier detector"):
        modelseal.save(est, tmp_path / "m.seal", name="m", source=None)

# Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
"""VotingClassifier (hard and soft) and VotingRegressor saved, signed,
loaded through the sandbox and compared with scikit-learn on held-out rows:
labels identical; probabilities and regression values bit-exact where every
estimator's are (trees, forests, naive Bayes, neighbours), else within
compare.py's bounds. Covers weights (None, floats, ints, negative), a
"drop" estimator, string and integer labels, pipelines as estimators, a
Voting behind a ColumnTransformer on a DataFrame with string columns,
single-row calls (numpy's pairwise sum of one row, 8 estimators or more),
and the refusals."""

import numpy as np
import pandas as pd
import pytest
from sklearn import datasets
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import (RandomForestClassifier, RandomForestRegressor,
                              VotingClassifier, VotingRegressor)
from sklearn.linear_model import LinearRegression, LogisticRegression, Ridge
from sklearn.model_selection import train_test_split
from sklearn.naive_bayes import GaussianNB
from sklearn.neighbors import KNeighborsClassifier, KNeighborsRegressor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler
from sklearn.svm import SVC, LinearSVC
from sklearn.tree import DecisionTreeClassifier, DecisionTreeRegressor

import modelseal
from compare import assert_same, held_out, quiet

METHODS = ("predict_proba", "predict_log_proba", "decision_function",
           "transform")


def _split(X, y):
    return train_test_split(X, y, test_size=0.3, random_state=0)


def _compare(est, model, Z, exact):
    """Labels identical; a regressor's values and predict_proba bit-exact
    when `exact`, else within compare.py's bounds. The methods are
    scikit-learn's, but for transform (the estimators' outputs), which
    modelseal does not provide."""
    want = quiet(est.predict, Z)
    if hasattr(est, "classes_"):
        np.testing.assert_array_equal(model.predict(Z), want)
    else:
        assert_same("predict", model.predict(Z), want, exact)
    for m in METHODS[:3]:
        assert hasattr(model, m) == hasattr(est, m), m
    assert not hasattr(model, "transform")
    if hasattr(est, "predict_proba"):
        assert_same("predict_proba", model.predict_proba(Z),
                    quiet(est.predict_proba, Z), exact)


def _tree(d=4):
    return DecisionTreeClassifier(max_depth=d, random_state=0)


def _lr():
    return make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000))


# name -> (estimators, exact): exact where every estimator's probabilities
# are exact (no exp, no BLAS).
CLASSIFIERS = {
    "trees": ([("a", _tree(3)), ("b", _tree(6)),
               ("c", RandomForestClassifier(n_estimators=7, max_depth=5,
                                            random_state=0))], True),
    "mixed": ([("lr", _lr()), ("nb", GaussianNB()), ("t", _tree()),
               ("knn", KNeighborsClassifier(7))], False),
    "with-drop": ([("lr", _lr()), ("x", "drop"), ("t", _tree())], False),
    "svc": ([("svc", make_pipeline(StandardScaler(),
                                   SVC(probability=True, random_state=0))),
             ("t", _tree())], False),
}
WEIGHTS = {"none": None, "floats": [0.7, 1.9, 0.3, 1.1],
           "ints": [2, 1, 3, 1]}


def _weights(name, n):
    w = WEIGHTS[name]
    return None if w is None else w[:n]


@pytest.mark.parametrize("voting", ["soft", "hard"])
@pytest.mark.parametrize("weights", sorted(WEIGHTS))
@pytest.mark.parametrize("case", sorted(CLASSIFIERS))
def test_classifier_wine(case, weights, voting, sealed):
    estimators, exact = CLASSIFIERS[case]
    X, y = datasets.load_wine(return_X_y=True)
    X_train, X_test, y_train, _ = _split(X, y)
    est = VotingClassifier(estimators, voting=voting,
                           weights=_weights(weights, len(estimators)))
    quiet(est.fit, X_train, y_train)
    model = sealed(est)
    Z = np.vstack([X_test, held_out(X_train, seed=2)])
    _compare(est, model, Z, exact)


@pytest.mark.parametrize("voting", ["soft", "hard"])
def test_string_labels_binary(voting, sealed):
    X, y = datasets.load_breast_cancer(return_X_y=True)
    y = np.array(["malignant", "benign"])[y]
    X_train, X_test, y_train, _ = _split(X, y)
    est = VotingClassifier([("lr", _lr()), ("t", _tree()), ("nb", GaussianNB())],
                           voting=voting, weights=[1, 2, 1.5])
    est.fit(X_train, y_train)
    _compare(est, sealed(est), X_test, exact=False)


def test_hard_ties_go_to_the_first_class(sealed):
    # Two estimators that disagree: every disagreement is a tie of one
    # vote each, which bincount's argmax gives to the smaller index.
    X, y = datasets.load_iris(return_X_y=True)
    X_train, X_test, y_train, _ = _split(X, y)
    est = VotingClassifier([("a", _tree(1)), ("b", GaussianNB())],
                           voting="hard").fit(X_train, y_train)
    Z = held_out(X_train, X_test, seed=4)
    a = est.estimators_[0].predict(Z)
    b = est.estimators_[1].predict(Z)
    assert (a != b).any()
    _compare(est, sealed(est), Z, exact=True)


def test_negative_weights(sealed):
    # bincount has no bins above the largest vote: a negative weight can
    # make an absent smaller class win, never an absent larger one.
    X, y = datasets.load_iris(return_X_y=True)
    X_train, X_test, y_train, _ = _split(X, y)
    est = VotingClassifier([("a", _tree(2)), ("b", _tree(5)),
                            ("c", GaussianNB())],
                           voting="hard", weights=[-1.0, 2.5, -0.5])
    est.fit(X_train, y_train)
    _compare(est, sealed(est), held_out(X_train, X_test, seed=6), exact=True)


REGRESSORS = {
    "trees": ([("a", DecisionTreeRegressor(max_depth=4, random_state=0)),
               ("b", RandomForestRegressor(n_estimators=5, max_depth=6,
                                           random_state=0)),
               ("c", KNeighborsRegressor(5))], True),
    "linear": ([("lr", LinearRegression()),
                ("ridge", make_pipeline(StandardScaler(), Ridge(1.0))),
                ("t", DecisionTreeRegressor(max_depth=5, random_state=0))],
               False),
}


@pytest.mark.parametrize("weights", [None, [0.3, 1.7, 0.9], [1, 2, 3]])
@pytest.mark.parametrize("case", sorted(REGRESSORS))
def test_regressor(case, weights, sealed):
    estimators, exact = REGRESSORS[case]
    X, y = datasets.load_diabetes(return_X_y=True)
    X_train, X_test, y_train, _ = _split(X, y)
    est = VotingRegressor(estimators, weights=weights).fit(X_train, y_train)
    model = sealed(est)
    Z = np.vstack([X_test, held_out(X_train, seed=3)])
    _compare(est, model, Z, exact)


@pytest.mark.parametrize("weights", [None, "floats"])
def test_regressor_single_rows_many_estimators(weights, sealed):
    # Nine estimators: one row's mean is numpy's pairwise sum of the nine
    # (eight running sums), two rows' the sum in order.
    X, y = datasets.load_diabetes(return_X_y=True)
    X_train, X_test, y_train, _ = _split(X, y)
    estimators = [(f"t{d}", DecisionTreeRegressor(max_depth=d, random_state=0))
                  for d in range(2, 11)]
    w = None if weights is None else list(np.linspace(0.13, 2.9, 9))
    est = VotingRegressor(estimators, weights=w).fit(X_train, y_train)
    model = sealed(est)
    for i in range(40):
        row = X_test[i:i + 1]
        np.testing.assert_array_equal(model.predict(row), est.predict(row))
    np.testing.assert_array_equal(model.predict(X_test), est.predict(X_test))


@pytest.mark.parametrize("voting", ["soft", "hard"])
def test_single_rows_many_classifiers(voting, sealed):
    X, y = datasets.load_wine(return_X_y=True)
    X_train, X_test, y_train, _ = _split(X, y)
    estimators = [(f"t{d}", _tree(d)) for d in range(1, 11)]
    est = VotingClassifier(estimators, voting=voting,
                           weights=list(np.linspace(0.2, 3.1, 10)))
    est.fit(X_train, y_train)
    model = sealed(est)
    for i in range(30):
        row = X_test[i:i + 1]
        np.testing.assert_array_equal(model.predict(row), est.predict(row))
        if voting == "soft":
            np.testing.assert_array_equal(model.predict_proba(row),
                                          est.predict_proba(row))


def test_behind_a_column_transformer_with_strings(sealed):
    rng = np.random.default_rng(1)
    n = 500
    df = pd.DataFrame({"x": rng.normal(size=n), "z": rng.normal(size=n),
                       "city": rng.choice(["Zürich", "Lyon", "東京"], n)})
    y = np.where((df["x"] > 0) ^ (df["city"] == "Lyon"), "yes", "no")
    pre = ColumnTransformer([("num", StandardScaler(), ["x", "z"]),
                             ("cat", OneHotEncoder(handle_unknown="ignore"),
                              ["city"])])
    vote = VotingClassifier([("lr", LogisticRegression()), ("t", _tree()),
                             ("nb", GaussianNB())], voting="soft")
    est = make_pipeline(pre, vote).fit(df.iloc[:400], y[:400])
    test = df.iloc[400:].copy()
    test.iloc[:5, 2] = "Paris"  # unseen: all-zero one-hot
    _compare(est, sealed(est), test, exact=False)


def test_refusals(tmp_path):
    X, y = datasets.load_iris(return_X_y=True)
    path = tmp_path / "m.seal"
    # Soft voting needs predict_proba of every estimator; scikit-learn
    # refuses at fit, so a hard Voting of a LinearSVC is the case here.
    est = VotingClassifier([("svc", LinearSVC()), ("t", _tree())],
                           voting="hard")
    quiet(est.fit, X, y)
    modelseal.save(est, path, name="m", source=None)  # hard: fine
    path.unlink()
    # Weights that sum to zero: numpy's average raises.
    est = VotingRegressor([("a", LinearRegression()), ("b", Ridge())],
                          weights=[1.0, -1.0]).fit(X, y)
    with pytest.raises(modelseal.UnsupportedEstimatorError, match="sum to zero"):
        modelseal.save(est, path, name="m", source=None)
    assert not path.exists()
    # String columns into the estimators: their encoders belong before the
    # Voting (E357).
    rng = np.random.default_rng(0)
    df = pd.DataFrame({"x": rng.normal(size=200),
                       "c": rng.choice(["a", "b"], 200)})
    yd = (df["x"] > 0).astype(int)
    inner = ColumnTransformer([("n", StandardScaler(), ["x"]),
                               ("c", OneHotEncoder(), ["c"])])
    est = VotingClassifier([("a", make_pipeline(inner, LogisticRegression())),
                            ]).fit(df, yd)
    with pytest.raises(modelseal.FormatError, match="E357"):
        modelseal.save(est, path, name="m", source=None)
    assert not path.exists()
    # A Voting as a transformer (its transform: the predictions).
    est = make_pipeline(VotingRegressor([("a", LinearRegression())]),
                        LinearRegression())
    est.fit(X, y)
    with pytest.raises(modelseal.UnsupportedEstimatorError,
                       match="last step"):
        modelseal.save(est, path, name="m", source=None)
    assert not path.exists()

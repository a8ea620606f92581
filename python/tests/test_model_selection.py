# Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
"""Hyper-parameter searches (GridSearchCV, RandomizedSearchCV,
HalvingGridSearchCV, HalvingRandomSearchCV) saved as their best_estimator_,
signed, loaded through the sandbox and compared with the search's own
predict / predict_proba / decision_function / transform on held-out rows;
the best candidate's cross-validation score recorded in the model's
provenance (scorer name, mean, std, splits: cv_results_ at best_index_),
so modelseal.check re-scores the model with no extra code."""

import numpy as np
import pandas as pd
import pytest
from sklearn import datasets
from sklearn.compose import ColumnTransformer
from sklearn.experimental import enable_halving_search_cv  # noqa: F401
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.model_selection import (GridSearchCV, HalvingGridSearchCV,
                                     HalvingRandomSearchCV,
                                     RandomizedSearchCV, train_test_split)
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler
from sklearn.svm import SVC

import modelseal
from compare import check_methods, quiet


def _iris():
    X, y = datasets.load_iris(return_X_y=True)
    return train_test_split(X, y, test_size=0.3, random_state=0,
                            stratify=y)


def _best_score(search, metric="score"):
    i = search.best_index_
    r = search.cv_results_
    return (float(r[f"mean_test_{metric}"][i]),
            float(r[f"std_test_{metric}"][i]), int(search.n_splits_))


def _recorded(model):
    return [(s["scorer"], s["mean"], s["std"], s["n_splits"])
            for s in model.metadata["cv_scores"]]


SEARCHES = {
    "grid-svc": lambda: GridSearchCV(
        SVC(), {"C": [0.1, 1, 10], "gamma": ["scale", 0.1]}, cv=3),
    "grid-svc-proba-f1": lambda: GridSearchCV(
        SVC(probability=True, random_state=0), {"C": [0.5, 2]},
        scoring="f1_macro", cv=4),
    "random-logistic": lambda: RandomizedSearchCV(
        make_pipeline(StandardScaler(), LogisticRegression(max_iter=500)),
        {"logisticregression__C": np.logspace(-2, 2, 20)}, n_iter=5, cv=3,
        random_state=0, scoring="balanced_accuracy"),
    "halving-grid": lambda: HalvingGridSearchCV(
        LogisticRegression(max_iter=500), {"C": [0.01, 0.1, 1, 10]}, cv=3,
        factor=2, random_state=0),
    "halving-random": lambda: HalvingRandomSearchCV(
        SVC(), {"C": np.logspace(-1, 1, 10)}, cv=3, factor=2,
        random_state=0),
}
SCORERS = {"grid-svc": "accuracy", "grid-svc-proba-f1": "f1_macro",
           "random-logistic": "balanced_accuracy", "halving-grid": "accuracy",
           "halving-random": "accuracy"}


@pytest.mark.parametrize("name", sorted(SEARCHES))
def test_classifier_search_is_its_best_estimator(name, sealed):
    X_train, X_test, y_train, _ = _iris()
    search = quiet(SEARCHES[name]().fit, X_train, y_train)
    model = sealed(search)
    check_methods(search, model, X_test, exact=False)
    mean, std, n = _best_score(search)
    assert _recorded(model) == [(SCORERS[name], mean, std, n)]
    assert mean == search.best_score_


def test_regressor_search_records_r2_and_check_passes(sealed):
    X, y = datasets.load_diabetes(return_X_y=True)
    X_train, X_test, y_train, y_test = train_test_split(X, y,
                                                        random_state=0)
    search = GridSearchCV(Ridge(), {"alpha": [0.01, 0.1, 1.0]}, cv=5)
    search.fit(X_train, y_train)
    model = sealed(search)
    check_methods(search, model, X_test, exact=False)
    assert _recorded(model) == [("r2",) + _best_score(search)]
    # modelseal.check re-scores with the recorded scorer, nothing else
    # given.
    report = modelseal.check(model, X_train, y_train)
    assert [s["scorer"] for s in report["scores"]] == ["r2"]
    assert report["scores"][0]["recorded_mean"] == search.best_score_


def test_search_over_a_mixed_type_pipeline(sealed):
    rng = np.random.default_rng(0)
    n = 400
    df = pd.DataFrame({
        "age": rng.normal(40, 10, n),
        "city": rng.choice(["Zürich", "Lyon", "東京", ""], n),
        "plan": rng.choice(["a", "b"], n),
    })
    y = (df["age"] > 40).astype(int) ^ (df["city"] == "Lyon").astype(int)
    pre = ColumnTransformer([
        ("num", StandardScaler(), ["age"]),
        ("cat", OneHotEncoder(handle_unknown="ignore"), ["city", "plan"])])
    search = GridSearchCV(
        make_pipeline(pre, HistGradientBoostingClassifier(random_state=0)),
        {"histgradientboostingclassifier__max_depth": [2, 4]}, cv=3)
    search.fit(df.iloc[:300], y.iloc[:300])
    model = sealed(search)
    test = df.iloc[300:]
    np.testing.assert_array_equal(model.predict(test), search.predict(test))
    np.testing.assert_allclose(model.predict_proba(test),
                               search.predict_proba(test), rtol=0,
                               atol=1e-15)
    assert _recorded(model) == [("accuracy",) + _best_score(search)]


def test_multimetric_records_each_metric_refit_first(sealed):
    X_train, X_test, y_train, _ = _iris()
    search = GridSearchCV(
        LogisticRegression(max_iter=500), {"C": [0.1, 1, 10]}, cv=3,
        scoring={"acc": "accuracy", "bal": "balanced_accuracy"},
        refit="bal")
    search.fit(X_train, y_train)
    model = sealed(search)
    check_methods(search, model, X_test, exact=False)
    assert _recorded(model) == [
        ("balanced_accuracy",) + _best_score(search, "bal"),
        ("accuracy",) + _best_score(search, "acc")]


def test_user_scores_come_first_and_callables_are_not_recorded(tmp_path):
    from sklearn.metrics import make_scorer, accuracy_score
    X_train, _, y_train, _ = _iris()
    search = GridSearchCV(LogisticRegression(max_iter=500),
                          {"C": [0.1, 1]}, cv=3)
    search.fit(X_train, y_train)
    mine = modelseal.cv_score("f1_macro", [0.5, 0.7])
    d = modelseal.export(search, name="m", source=None, cv_scores=mine)
    assert [s["scorer"] for s in d["metadata"]["cv_scores"]] == [
        "f1_macro", "accuracy"]
    # A callable scorer has no name modelseal.check could look up.
    custom = GridSearchCV(LogisticRegression(max_iter=500),
                          {"C": [0.1, 1]}, cv=3,
                          scoring=make_scorer(accuracy_score))
    custom.fit(X_train, y_train)
    d = modelseal.export(custom, name="m", source=None)
    assert d["metadata"]["cv_scores"] == []


def test_nested_search_records_nothing(tmp_path):
    X_train, X_test, y_train, _ = _iris()
    pipe = make_pipeline(StandardScaler(),
                         GridSearchCV(LogisticRegression(max_iter=500),
                                      {"C": [0.1, 1]}, cv=3))
    pipe.fit(X_train, y_train)
    d = modelseal.export(pipe, name="m", source=None)
    assert d["metadata"]["cv_scores"] == []
    model = modelseal._predictor_from_dict(d)
    np.testing.assert_array_equal(model.predict(X_test), pipe.predict(X_test))


def test_refit_false_is_refused(tmp_path):
    X_train, _, y_train, _ = _iris()
    search = GridSearchCV(LogisticRegression(max_iter=500),
                          {"C": [0.1, 1]}, cv=3, refit=False)
    search.fit(X_train, y_train)
    with pytest.raises(modelseal.UnsupportedEstimatorError,
                       match="refit=False"):
        modelseal.save(search, tmp_path / "m.seal", name="m", source=None)
    assert not (tmp_path / "m.seal").exists()

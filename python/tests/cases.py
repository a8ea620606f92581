# Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
"""The parity case matrix: every supported estimator x the datasets shipped
with scikit-learn plus synthetic data (NaNs, categorical features, string
labels, multi-output), with several hyper-parameter settings each."""

import functools

import numpy as np
from sklearn import datasets, decomposition, discriminant_analysis, dummy
from sklearn import ensemble, isotonic, linear_model
from sklearn import naive_bayes, neighbors
from sklearn import neural_network, pipeline, preprocessing, svm, tree

CLF_REAL = ["iris", "wine", "breast_cancer", "digits", "iris_str"]
REG_REAL = ["diabetes"]


@functools.lru_cache(maxsize=None)
def dataset(name):
    """(X, y, kind) with kind in clf, reg, multi_clf, multi_reg."""
    rng = np.random.RandomState(0)
    if name in ("iris", "wine", "breast_cancer", "digits", "diabetes"):
        X, y = getattr(datasets, f"load_{name}")(return_X_y=True)
        return X, y, "reg" if name == "diabetes" else "clf"
    if name == "iris_str":
        X, y = datasets.load_iris(return_X_y=True)
        return X, np.array(["setosa", "versicolor", "virginica"])[y], "clf"
    if name == "nan_free_bin_str":
        X, y = datasets.load_breast_cancer(return_X_y=True)
        return X, np.array(["benign", "malignant"])[1 - y], "clf"
    if name in ("nan_clf", "nan_reg"):
        X = rng.normal(size=(300, 5))
        y_reg = X[:, 0] * 2 + np.sin(X[:, 1]) + 0.1 * rng.normal(size=300)
        X[rng.rand(*X.shape) < 0.15] = np.nan
        if name == "nan_reg":
            return X, y_reg, "reg"
        return X, (y_reg > 0).astype(np.int64) * 7 - 3, "clf"  # labels -3, 4
    if name in ("cat_clf", "cat_reg"):
        n = 400
        X = np.column_stack([
            rng.normal(size=n), rng.randint(0, 5, size=n).astype(float),
            rng.normal(size=n), rng.randint(0, 3, size=n).astype(float)])
        X[rng.rand(n) < 0.1, 1] = np.nan
        y_reg = X[:, 0] + np.nan_to_num(X[:, 1] % 2, nan=0.5) * 2 + \
            (X[:, 3] == 1) - 0.1 * X[:, 2]
        if name == "cat_reg":
            return X, y_reg, "reg"
        return X, np.digitize(y_reg, [0.5, 1.5]), "clf"  # 3 classes
    if name == "one_col_reg":
        # One column (IsotonicRegression): diabetes' bmi, with ties.
        X, y = datasets.load_diabetes(return_X_y=True)
        return np.round(X[:, 2:3], 3), y, "reg"
    if name == "multi_clf":
        X, y = datasets.load_iris(return_X_y=True)
        y2 = np.column_stack([y, (X[:, 0] > 5.8).astype(int) + 10])
        return X, y2, "multi_clf"
    if name == "multi_reg":
        X, y = datasets.load_diabetes(return_X_y=True)
        return X, np.column_stack([y, X[:, 0] * 100 - y / 3]), "multi_reg"
    raise KeyError(name)


def _dummy(est):
    """The dummies record n_features_in_ from scikit-learn 1.6 on; before
    it a bare one cannot be saved (its input width is unknown), so it is
    saved after a StandardScaler."""
    import sklearn
    if tuple(int(p) for p in sklearn.__version__.split(".")[:2]) >= (1, 6):
        return est
    return pipeline.make_pipeline(preprocessing.StandardScaler(), est)


def _centroid_setting(s):
    """NearestCentroid's priors came in scikit-learn 1.6: before it the
    'priors' setting shrinks the centroids instead."""
    import sklearn
    if "priors" not in s or \
            tuple(int(p) for p in sklearn.__version__.split(".")[:2]) >= (1, 6):
        return s
    return {"shrink_threshold": 0.5}


def _scaled(est):
    return pipeline.make_pipeline(preprocessing.StandardScaler(), est)


# name -> (factory(setting) , settings, datasets, bit_exact)
ESTIMATORS = {
    "StandardScaler": (
        lambda s: preprocessing.StandardScaler(**s),
        [{}, {"with_mean": False}, {"with_std": False}],
        ["iris", "diabetes", "digits"], False),
    "MinMaxScaler": (
        lambda s: preprocessing.MinMaxScaler(**s),
        [{}, {"feature_range": (-2, 3)}, {"clip": True},
         {"feature_range": (-1, 0.5), "clip": True}],
        ["iris", "diabetes", "digits"], True),
    "MaxAbsScaler": (
        lambda s: preprocessing.MaxAbsScaler(**s),
        [{}], ["iris", "diabetes", "digits"], True),
    "LinearRegression": (
        lambda s: linear_model.LinearRegression(**s),
        [{}, {"fit_intercept": False}], REG_REAL + ["multi_reg"], False),
    "Ridge": (lambda s: linear_model.Ridge(**s),
              [{"alpha": 1.0}, {"alpha": 0.01}], REG_REAL + ["multi_reg"],
              False),
    "Lasso": (lambda s: linear_model.Lasso(**s),
              [{"alpha": 0.1}, {"alpha": 1.0}], REG_REAL + ["multi_reg"],
              False),
    "ElasticNet": (lambda s: linear_model.ElasticNet(**s),
                   [{"alpha": 0.1, "l1_ratio": 0.5}, {"l1_ratio": 0.9}],
                   REG_REAL, False),
    "SGDRegressor": (lambda s: _scaled(linear_model.SGDRegressor(
        random_state=0, **s)), [{}, {"penalty": "l1"}], REG_REAL, False),
    "LogisticRegression": (
        lambda s: _scaled(linear_model.LogisticRegression(max_iter=2000, **s)),
        [{}, {"C": 0.1}, {"solver": "newton-cg", "C": 10.0}], CLF_REAL,
        False),
    "LogisticRegressionBinary": (
        lambda s: _scaled(linear_model.LogisticRegression(max_iter=2000, **s)),
        [{"solver": "liblinear"}, {"class_weight": "balanced"}],
        ["breast_cancer", "nan_free_bin_str"], False),
    "LinearSVC": (lambda s: _scaled(svm.LinearSVC(random_state=0, **s)),
                  [{}, {"C": 0.05}], CLF_REAL, False),
    "RidgeClassifier": (lambda s: linear_model.RidgeClassifier(**s),
                        [{}, {"alpha": 10.0}], CLF_REAL, False),
    "SGDClassifier": (lambda s: _scaled(linear_model.SGDClassifier(
        random_state=0, **s)), [{"loss": "hinge"}, {"loss": "log_loss"},
                                {"loss": "squared_hinge", "alpha": 0.01}],
        CLF_REAL, False),
    # The rest of the linear family: the same linear kernel (issue 14).
    "Lars": (lambda s: linear_model.Lars(**s),
             [{}, {"n_nonzero_coefs": 3, "fit_intercept": False}],
             REG_REAL + ["multi_reg"], False),
    "LassoLars": (lambda s: linear_model.LassoLars(**s),
                  [{"alpha": 0.1}], REG_REAL + ["multi_reg"], False),
    "LassoLarsIC": (lambda s: linear_model.LassoLarsIC(**s),
                    [{}, {"criterion": "bic"}], REG_REAL, False),
    "LarsCV": (lambda s: linear_model.LarsCV(cv=3, **s), [{}], REG_REAL,
               False),
    "LassoLarsCV": (lambda s: linear_model.LassoLarsCV(cv=3, **s), [{}],
                    REG_REAL, False),
    "OrthogonalMatchingPursuit": (
        lambda s: linear_model.OrthogonalMatchingPursuit(**s),
        [{}, {"n_nonzero_coefs": 3}], REG_REAL + ["multi_reg"], False),
    "OrthogonalMatchingPursuitCV": (
        lambda s: linear_model.OrthogonalMatchingPursuitCV(cv=3, **s), [{}],
        REG_REAL, False),
    "BayesianRidge": (lambda s: linear_model.BayesianRidge(**s),
                      [{}, {"fit_intercept": False}], REG_REAL, False),
    "ARDRegression": (lambda s: linear_model.ARDRegression(**s), [{}],
                      REG_REAL, False),
    "HuberRegressor": (lambda s: linear_model.HuberRegressor(**s),
                       [{}, {"epsilon": 1.8, "alpha": 0.01}], REG_REAL,
                       False),
    "QuantileRegressor": (
        lambda s: linear_model.QuantileRegressor(solver="highs", **s),
        [{"alpha": 0.0}, {"quantile": 0.9, "alpha": 0.01}], REG_REAL, False),
    "TheilSenRegressor": (
        lambda s: linear_model.TheilSenRegressor(random_state=0, **s),
        [{"max_subpopulation": 300}], REG_REAL, False),
    "RidgeCV": (lambda s: linear_model.RidgeCV(**s),
                [{}, {"alphas": (0.1, 1.0, 10.0), "fit_intercept": False}],
                REG_REAL + ["multi_reg"], False),
    "LassoCV": (lambda s: linear_model.LassoCV(cv=3, random_state=0, **s),
                [{}], REG_REAL, False),
    "ElasticNetCV": (
        lambda s: linear_model.ElasticNetCV(cv=3, random_state=0, **s),
        [{"l1_ratio": [0.5, 0.9]}], REG_REAL, False),
    "MultiTaskLasso": (lambda s: linear_model.MultiTaskLasso(**s),
                       [{"alpha": 0.1}], ["multi_reg"], False),
    "MultiTaskElasticNet": (
        lambda s: linear_model.MultiTaskElasticNet(**s),
        [{"alpha": 0.1, "l1_ratio": 0.3}], ["multi_reg"], False),
    "MultiTaskLassoCV": (
        lambda s: linear_model.MultiTaskLassoCV(cv=3, **s), [{}],
        ["multi_reg"], False),
    "MultiTaskElasticNetCV": (
        lambda s: linear_model.MultiTaskElasticNetCV(cv=3, **s), [{}],
        ["multi_reg"], False),
    # The GLMs: LinearModel with the log link's exp output.
    "PoissonRegressor": (
        lambda s: _scaled(linear_model.PoissonRegressor(**s)),
        [{}, {"alpha": 0.1, "fit_intercept": False}], REG_REAL, False),
    "GammaRegressor": (
        lambda s: _scaled(linear_model.GammaRegressor(**s)),
        [{}, {"alpha": 0.01}], REG_REAL, False),
    "TweedieRegressor": (
        lambda s: _scaled(linear_model.TweedieRegressor(**s)),
        [{"power": 1.5}, {"power": 0.0}, {"power": 0.0, "link": "log"},
         {"power": 2.5, "alpha": 0.1}], REG_REAL, False),
    "RANSACRegressor": (
        lambda s: linear_model.RANSACRegressor(random_state=0, **s),
        [{}, {"estimator": linear_model.Ridge(alpha=0.5), "min_samples": 0.5}],
        REG_REAL + ["multi_reg"], False),
    # QuadraticDiscriminantAnalysis; reg_param > 0 keeps every variance
    # positive on digits' constant pixels and breast_cancer's collinear
    # features. (LinearDiscriminantAnalysis is in
    # test_discriminant_parity.py: a loaded one has no transform of its own,
    # which this matrix's hasattr check would flag.)
    "QuadraticDiscriminantAnalysis": (
        lambda s: discriminant_analysis.QuadraticDiscriminantAnalysis(**s),
        [{"reg_param": 1e-3}, {"reg_param": 0.1}], CLF_REAL, False),
    # NearestCentroid: the nearest centroid (euclidean, manhattan), or with
    # scikit-learn 1.6's non-uniform priors the largest discriminant.
    # Distances and discriminants are products summed in another order than
    # scikit-learn's BLAS (test_nearest_centroid_parity.py holds them to
    # predictor.h's bound on held-out data).
    "NearestCentroid": (
        lambda s: neighbors.NearestCentroid(**_centroid_setting(s)),
        [{}, {"metric": "manhattan"}, {"shrink_threshold": 0.2},
         {"priors": "empirical"}],
        CLF_REAL, False),
    # The dummies: outputs that do not depend on X (Constant), bit-exact.
    "DummyClassifier": (lambda s: _dummy(dummy.DummyClassifier(**s)),
                        [{"strategy": "prior"}, {"strategy": "most_frequent"}],
                        CLF_REAL + ["nan_clf"], True),
    "DummyRegressor": (lambda s: _dummy(dummy.DummyRegressor(**s)),
                       [{"strategy": "mean"}, {"strategy": "median"},
                        {"strategy": "quantile", "quantile": 0.3},
                        {"strategy": "constant", "constant": [2.5]}],
                       REG_REAL + ["nan_reg"], True),
    # IsotonicRegression (Isotonic): np.interp between the thresholds,
    # bit-exact; predict and transform.
    "IsotonicRegression": (
        lambda s: isotonic.IsotonicRegression(**s),
        [{}, {"increasing": False, "out_of_bounds": "clip"},
         {"increasing": "auto", "y_min": 60, "y_max": 250}],
        ["one_col_reg"], True),
    "PassiveAggressiveRegressor": (
        lambda s: _scaled(linear_model.PassiveAggressiveRegressor(
            random_state=0, **s)), [{}, {"C": 0.1}], REG_REAL, False),
    "LinearSVR": (lambda s: _scaled(svm.LinearSVR(random_state=0, **s)),
                  [{}, {"C": 0.1, "loss": "squared_epsilon_insensitive"}],
                  REG_REAL, False),
    "Perceptron": (lambda s: _scaled(linear_model.Perceptron(
        random_state=0, **s)), [{}, {"penalty": "l2", "alpha": 1e-3}],
        CLF_REAL, False),
    "PassiveAggressiveClassifier": (
        lambda s: _scaled(linear_model.PassiveAggressiveClassifier(
            random_state=0, **s)), [{}], CLF_REAL, False),
    "RidgeClassifierCV": (lambda s: linear_model.RidgeClassifierCV(**s),
                          [{}], CLF_REAL, False),
    "LogisticRegressionCV": (
        lambda s: _scaled(linear_model.LogisticRegressionCV(
            Cs=4, cv=3, max_iter=1000, **s)), [{}],
        ["iris", "breast_cancer", "iris_str"], False),
    "DecisionTreeClassifier": (
        lambda s: tree.DecisionTreeClassifier(random_state=0, **s),
        [{}, {"max_depth": 3}, {"min_samples_leaf": 5,
                                "criterion": "entropy"}],
        CLF_REAL + ["nan_clf", "multi_clf"], True),
    "DecisionTreeRegressor": (
        lambda s: tree.DecisionTreeRegressor(random_state=0, **s),
        [{}, {"max_depth": 4}], REG_REAL + ["nan_reg", "multi_reg"], True),
    "RandomForestClassifier": (
        lambda s: ensemble.RandomForestClassifier(random_state=0, **s),
        [{"n_estimators": 5}, {"n_estimators": 7, "max_depth": 4}],
        CLF_REAL + ["nan_clf", "multi_clf"], True),
    "RandomForestRegressor": (
        lambda s: ensemble.RandomForestRegressor(random_state=0, **s),
        [{"n_estimators": 5}, {"n_estimators": 6, "max_features": 0.5}],
        REG_REAL + ["nan_reg", "multi_reg"], True),
    "ExtraTreesClassifier": (
        lambda s: ensemble.ExtraTreesClassifier(random_state=0, **s),
        [{"n_estimators": 5}, {"n_estimators": 4, "max_depth": 5}],
        CLF_REAL + ["multi_clf"], True),
    "ExtraTreesRegressor": (
        lambda s: ensemble.ExtraTreesRegressor(random_state=0, **s),
        [{"n_estimators": 5}], REG_REAL + ["multi_reg"], True),
    "GradientBoostingClassifier": (
        lambda s: ensemble.GradientBoostingClassifier(random_state=0, **s),
        [{"n_estimators": 8}, {"n_estimators": 5, "learning_rate": 0.3,
                               "max_depth": 2, "subsample": 0.8},
         {"n_estimators": 5, "init": "zero"}],
        ["iris", "wine", "breast_cancer", "iris_str"], True),
    "GradientBoostingClassifierExp": (
        lambda s: ensemble.GradientBoostingClassifier(
            random_state=0, loss="exponential", **s),
        [{"n_estimators": 8}], ["breast_cancer"], True),
    "GradientBoostingRegressor": (
        lambda s: ensemble.GradientBoostingRegressor(random_state=0, **s),
        [{"n_estimators": 8}, {"n_estimators": 6, "loss": "absolute_error"},
         {"n_estimators": 6, "loss": "huber"},
         {"n_estimators": 6, "loss": "quantile", "alpha": 0.8}],
        REG_REAL, True),
    "HistGradientBoostingClassifier": (
        lambda s: ensemble.HistGradientBoostingClassifier(
            random_state=0, early_stopping=False, **s),
        [{"max_iter": 10}, {"max_iter": 6, "max_leaf_nodes": 7,
                            "learning_rate": 0.3}],
        CLF_REAL + ["nan_clf"], True),
    "HistGradientBoostingClassifierCat": (
        lambda s: ensemble.HistGradientBoostingClassifier(
            random_state=0, early_stopping=False, categorical_features=[1, 3],
            **s), [{"max_iter": 10}], ["cat_clf"], True),
    "HistGradientBoostingRegressor": (
        lambda s: ensemble.HistGradientBoostingRegressor(
            random_state=0, early_stopping=False, **s),
        [{"max_iter": 10}, {"max_iter": 8, "loss": "absolute_error"},
         {"max_iter": 8, "loss": "quantile", "quantile": 0.3}],
        REG_REAL + ["nan_reg"], True),
    "HistGradientBoostingRegressorPoisson": (
        lambda s: ensemble.HistGradientBoostingRegressor(
            random_state=0, early_stopping=False, loss="poisson", **s),
        [{"max_iter": 8}], REG_REAL, True),
    "HistGradientBoostingRegressorCat": (
        lambda s: ensemble.HistGradientBoostingRegressor(
            random_state=0, early_stopping=False, categorical_features=[1, 3],
            **s), [{"max_iter": 10}, {"max_iter": 5, "loss": "gamma"}],
        ["cat_reg"], True),
    # IsolationForest: an outlier detector (predict -1 / 1, no classes_);
    # the leaf path values are summed bit-exactly, but the final 2 ** x is
    # the C library's pow where numpy may use its own (predictor.h's bound;
    # test_iforest_parity.py holds score_samples to it on held-out data,
    # contamination given as a float there: its offset_ is a percentile of
    # the training scores, which a training row can equal exactly). y is
    # ignored at fit.
    "IsolationForest": (
        lambda s: ensemble.IsolationForest(random_state=0, **s),
        [{"n_estimators": 20},
         {"n_estimators": 12, "max_features": 0.5, "bootstrap": True},
         {"n_estimators": 10, "max_samples": 40}],
        ["iris", "breast_cancer", "digits", "diabetes"], False),
    # libsvm's estimators (SupportVectorMachine kind): not bit-exact, the
    # kernels' dot products are summed in another order than scikit-learn's
    # BLAS (test_svm_parity.py holds them to predictor.h's bound on held-out
    # data; OneClassSVM is tested there only: it has no score and has
    # score_samples, which the generic API test would compare).
    "SVC": (lambda s: _scaled(svm.SVC(**s)),
            [{}, {"kernel": "poly", "degree": 2, "coef0": 1.0,
                  "decision_function_shape": "ovo"},
             {"kernel": "linear", "C": 0.5, "break_ties": True},
             {"kernel": "sigmoid", "gamma": 0.01, "coef0": -1.0}],
            CLF_REAL, False),
    "SVCProba": (lambda s: _scaled(svm.SVC(probability=True, random_state=0,
                                           **s)),
                 [{}, {"kernel": "linear", "class_weight": "balanced"}],
                 ["iris", "breast_cancer", "iris_str"], False),
    "NuSVC": (lambda s: _scaled(svm.NuSVC(**s)),
              [{"nu": 0.3}, {"nu": 0.2, "kernel": "linear",
                             "decision_function_shape": "ovo"}],
              CLF_REAL, False),
    "SVR": (lambda s: _scaled(svm.SVR(**s)),
            [{"C": 100.0}, {"kernel": "linear", "C": 10.0, "epsilon": 2.0},
             {"kernel": "poly", "degree": 2, "C": 30.0, "gamma": "auto"}],
            REG_REAL, False),
    "NuSVR": (lambda s: _scaled(svm.NuSVR(**s)),
              [{"C": 50.0}, {"nu": 0.2, "kernel": "sigmoid", "gamma": 0.05,
                             "C": 10.0}],
              REG_REAL, False),
    # scikit-learn's naive Bayes classifiers (NaiveBayes kind): not
    # bit-exact, the engine's exp, log and x . coef round differently from
    # numpy's and the BLAS's (test_naive_bayes_parity.py holds them to
    # predictor.h's bound on held-out data). GaussianNB's default
    # var_smoothing makes probabilities underflow on iris and breast_cancer:
    # predict_log_proba is jll - logsumexp(jll) there, natively, finite as
    # scikit-learn's.
    "GaussianNB": (lambda s: naive_bayes.GaussianNB(**s),
                   [{}, {"var_smoothing": 1e-3}, {"var_smoothing": 0.1}],
                   ["iris", "wine", "breast_cancer", "iris_str"], False),
    "GaussianNBScaled": (lambda s: _scaled(naive_bayes.GaussianNB(**s)),
                         [{}, {"var_smoothing": 0.1}], ["wine"], False),
    # The discrete models need non-negative X at fit: every CLF_REAL set
    # has it (digits: pixel counts 0-16).
    "MultinomialNB": (lambda s: naive_bayes.MultinomialNB(**s),
                      [{}, {"alpha": 0.1, "fit_prior": False}], CLF_REAL,
                      False),
    "ComplementNB": (lambda s: naive_bayes.ComplementNB(**s),
                     [{}, {"norm": True, "alpha": 0.5}], CLF_REAL, False),
    # binarize != None: a Binarizer step before the NaiveBayes step.
    "BernoulliNB": (lambda s: naive_bayes.BernoulliNB(**s),
                    [{"binarize": 3.0}, {"binarize": 5.0, "alpha": 0.1,
                                         "fit_prior": False}],
                    CLF_REAL, False),
    # scikit-learn's multi-layer perceptrons (NeuralNetwork kind): not
    # bit-exact, each layer's products are summed in another order than
    # scikit-learn's BLAS and tanh / exp are the C library's
    # (test_mlp_parity.py holds them to predictor.h's bound on held-out
    # data, multilabel and Poisson included). Small networks and few
    # iterations (ConvergenceWarning silenced in fitted()): the solver
    # changes the fit only.
    "MLPClassifier": (
        lambda s: _scaled(neural_network.MLPClassifier(random_state=0, **s)),
        [{"hidden_layer_sizes": (10,), "solver": "lbfgs", "max_iter": 60},
         {"hidden_layer_sizes": (8, 6), "activation": "tanh",
          "max_iter": 30, "learning_rate_init": 0.01},
         {"hidden_layer_sizes": (6,), "activation": "logistic",
          "solver": "lbfgs", "max_iter": 60}],
        CLF_REAL, False),
    "MLPClassifierUnscaled": (
        lambda s: neural_network.MLPClassifier(random_state=0, **s),
        [{"hidden_layer_sizes": (), "solver": "lbfgs", "max_iter": 50},
         {"hidden_layer_sizes": (5, 4, 3), "activation": "identity",
          "solver": "lbfgs", "max_iter": 50}],
        ["iris", "iris_str"], False),
    "MLPRegressor": (
        lambda s: _scaled(neural_network.MLPRegressor(random_state=0, **s)),
        [{"hidden_layer_sizes": (10,), "solver": "lbfgs", "max_iter": 80},
         {"hidden_layer_sizes": (8, 4), "activation": "tanh",
          "max_iter": 50, "learning_rate_init": 0.01},
         {"hidden_layer_sizes": (), "activation": "logistic",
          "solver": "lbfgs", "max_iter": 50}],
        REG_REAL + ["multi_reg"], False),
    # scikit-learn's linear projections (Projection kind): not bit-exact,
    # the engine calls OpenBLAS dgemm per block of rows where numpy calls it
    # once (test_projection_parity.py holds them to predictor.h's bound on
    # held-out data, every svd_solver and whitening included). A PCA alone
    # has score and score_samples (the probabilistic model's
    # log-likelihood), which the model does not offer: PCA is here inside a
    # Pipeline before a classifier; IncrementalPCA and TruncatedSVD
    # (transform only) alone.
    "IncrementalPCA": (
        lambda s: decomposition.IncrementalPCA(**s),
        [{"n_components": 3},
         {"n_components": 2, "whiten": True, "batch_size": 60}],
        ["iris", "wine", "breast_cancer", "digits"], False),
    "TruncatedSVD": (
        lambda s: decomposition.TruncatedSVD(random_state=0, **s),
        [{"n_components": 2}, {"n_components": 3, "algorithm": "arpack"}],
        ["iris", "breast_cancer", "digits"], False),
    "PCALogisticRegression": (
        lambda s: pipeline.make_pipeline(
            preprocessing.StandardScaler(), decomposition.PCA(**s),
            linear_model.LogisticRegression(max_iter=2000)),
        [{"n_components": 3}, {"n_components": 0.9, "whiten": True},
         {"n_components": 3, "svd_solver": "randomized",
          "random_state": 0}],
        CLF_REAL, False),
}


def cases():
    """[(case_id, estimator_name, setting_index, dataset)]."""
    out = []
    for name, (_, settings, dsets, _) in ESTIMATORS.items():
        for i in range(len(settings)):
            for ds in dsets:
                out.append((f"{name}-{i}-{ds}", name, i, ds))
    return out


@functools.lru_cache(maxsize=None)
def fitted(name, setting, ds):
    factory, settings, _, _ = ESTIMATORS[name]
    X, y, _ = dataset(ds)
    if ds == "cat_reg" and settings[setting].get("loss") == "gamma":
        y = np.exp(y / 4)
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # deprecated classes warn at init
        est = factory(settings[setting])
        est.fit(X, y)
    return est


def methods(est):
    """The prediction methods scikit-learn offers on this fitted estimator."""
    out = []
    for m in ("predict", "predict_proba", "decision_function", "transform"):
        if hasattr(est, m):
            out.append(m)
    return out


def bit_exact(name):
    return ESTIMATORS[name][3]


def goes_through_exp(name, setting, method):
    """Outputs computed with exp (sigmoid, softmax, gamma/poisson links):
    compared within compare.EXP_ULPS ulp, not bit-exact (numpy's exp is not
    the C library's on every machine; predictor.h)."""
    if method == "predict_proba" and "Boosting" in name:
        return True
    loss = ESTIMATORS[name][1][setting].get("loss", "")
    return method == "predict" and (loss in ("gamma", "poisson") or
                                    name.endswith("Poisson"))

// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Small, valid in-memory Models of every estimator kind, for tests of every
// component (format round trips, fuzz seeds, sandbox and loader tests,
// inference). Each function builds a fresh Model whose tensors own their
// bytes (Tensor::FromVector); every one passes ValidateModel (format.h), and
// format/writer_test.cc checks that (Writer.EveryExampleModelIsValid).
//
// The numbers are made up but consistent: trees are real trees, class
// fractions sum to one, shapes agree with the input and output specs.
#ifndef MODELSEAL_TESTS_TESTING_EXAMPLE_MODELS_H_
#define MODELSEAL_TESTS_TESTING_EXAMPLE_MODELS_H_

#include <string>
#include <utility>
#include <vector>

#include "modelseal/model.h"

namespace modelseal::testing {

// LinearRegression, 3 features, 1 target, with full provenance metadata
// (created, hashes, source text, library versions, CV score).
Model MakeLinearRegression();
// LinearRegression, 3 features, 2 targets.
Model MakeLinearRegressionMultiTarget();
// LogisticRegression, 4 features, int64 classes {0, 1}, output kLogisticOvr.
// PoissonRegressor: LinearModel output Exp, deviance_power 1 (format 1.1).
Model MakePoissonRegressor();
Model MakeLogisticBinary();
// LogisticRegression (multinomial), 4 features, string classes
// {"bird", "cat", "dog"}, output kSoftmax.
Model MakeLogisticMulticlassStrings();
// LinearSVC-like binary classifier, output kDecision, classes {-1, 1}.
Model MakeLinearSvcBinary();
// A lone StandardScaler (task kTransform), 3 features, with mean and scale.
Model MakeStandardScaler();
// DecisionTreeClassifier, 2 features, 5 nodes, int64 classes {0, 1, 2}.
Model MakeDecisionTreeClassifier();
// DecisionTreeRegressor, 2 features, 5 nodes, with missing_go_to_left.
Model MakeDecisionTreeRegressor();
// RandomForestClassifier with 2 outputs (classes {0, 1} and {"x", "y",
// "z"}), 2 trees, value width 3.
Model MakeForestMultiOutput();
// RandomForestRegressor, 3 trees, 2 features.
Model MakeForestRegressor();
// GradientBoostingClassifier, 3 classes, 2 stages (6 trees), 2 features.
Model MakeGradientBoostingMulticlass();
// GradientBoostingRegressor, squared error, 3 stages.
Model MakeGradientBoostingRegressor();
// HistGradientBoostingClassifier (binary), 3 features, feature 0
// categorical, 2 iterations: one categorical and one numeric split.
Model MakeHistGradientBoostingCategorical();
// HistGradientBoostingRegressor, numeric only, 2 features, 2 iterations.
Model MakeHistGradientBoostingRegressor();
// Pipeline(StandardScaler, LogisticRegression binary), 4 features.
Model MakePipelineScalerLogistic();
// Pipeline(Pipeline(StandardScaler, StandardScaler), DecisionTreeRegressor).
Model MakeNestedPipeline();
// A lone CategoryEncoder (task kTransform), 4 features: column 1 with
// categories {3, 7, 10}, column 3 with {-1.5, 0, 2.25, 8}.
Model MakeCategoryEncoder();
// Pipeline(CategoryEncoder as above, HistGradientBoostingClassifier binary,
// int64 classes {0, 1}, 3 iterations): categorical splits on encoded
// columns 0 (x1: code 1 left) and 1 (x3: codes {0, 2} left), a numeric
// split on column 2 (x0 <= 0.5).
Model MakePipelineCategoryEncoderHgb();
// A lone MinMaxScaler (task kTransform), 3 features, scale {0.5, 2, 0.25},
// min {-0.5, 1, 0}, clipped to feature_range [0, 1].
Model MakeMinMaxScaler();
// A lone MaxAbsScaler (task kTransform), 3 features, scale {2, 1, 0.5}.
Model MakeMaxAbsScaler();

// Format 1.1 (typed input columns, encoders, imputer, ColumnTransformer;
// format_minor 1, as the reader returns them):
// A lone OneHotEncoder (task kTransform), columns "color" (string, nullable:
// categories {"blue", "green", "red"} and the missing value, 4 slots) and
// "size" (integer: categories {1, 2, 3}, the first dropped, 2 slots);
// unknown values: all zeros. 6 outputs.
Model MakeOneHotEncoder();
// A lone OrdinalEncoder, unnamed columns: a string column {"high", "low"}
// and a float column {0.5, 2} plus the missing value (code NaN); unknown
// values become -1.
Model MakeOrdinalEncoder();
// A lone SimpleImputer, 3 numeric features (untyped input), fill {1.5, 0,
// -2}, kept {0, 2}, indicator {1}: 3 outputs.
Model MakeSimpleImputer();
// A lone Passthrough, 2 features.
Model MakePassthrough();
// A lone ColumnTransformer, columns "grade" (string), "x" (float), "y"
// (boolean): OrdinalEncoder on grade ({"a", "b", "c"}), MaxAbsScaler on x,
// Passthrough on (y, x). 4 outputs.
Model MakeColumnTransformer();
// Pipeline(ColumnTransformer(city: Pipeline(SimpleImputer "missing",
// OneHotEncoder {"oslo", "paris", "rome"}); age, income: Pipeline(
// SimpleImputer with an indicator for age, StandardScaler); member:
// Passthrough), LogisticRegression binary on the 7 columns), columns
// "city" (string, nullable), "age" (float, nullable), "income" (float),
// "member" (boolean).
Model MakeColumnTransformerPipeline();
// A lone RobustScaler (format 1.1), 3 features, center {1, -2, 0.5},
// scale {2, 0.5, 4}.
Model MakeRobustScaler();
// A lone Normalizer (format 1.1), norm l1, 4 features.
Model MakeNormalizer();
// A lone Binarizer (format 1.1), threshold 0.5, 2 features.
Model MakeBinarizer();
// h-sel: a lone FeatureSelector (format 1.1) of 4 features selecting
// columns {1, 3}, input finite.
Model MakeFeatureSelector();
// h-sel: a lone MissingIndicator (format 1.1) of 3 features, missing_value
// -1, features {0, 2}, error_on_new.
Model MakeMissingIndicator();
// A lone KBinsDiscretizer (encode "onehot-dense", task kTransform), 3
// features: n_bins {3, 1, 2}, bin_edges_ {0, 1, 2, 3}, {-inf, inf} (a
// constant feature) and {-1, 0.5, 4}; 6 outputs.
Model MakeKBinsDiscretizer();
// h-tenc: a multiclass TargetEncoder (3 classes) of a nullable string
// column with a missing category and a numeric column without one.
Model MakeTargetEncoder();
// A FeatureUnion over columns "city" (string), "x", "y" (floats) of
// ColumnTransformer(OrdinalEncoder oslo/rome on city) weighted 2,
// ColumnTransformer(MaxAbsScaler 4, 2 on x, y) weighted 0.5 and
// ColumnTransformer(Passthrough on y) weighted 1. 4 outputs.
Model MakeFeatureUnion();
// FunctionTransformer(np.log1p) on 2 features.
Model MakeFunctionTransformer();
// TransformedTargetRegressor: Pipeline(StandardScaler, LinearModel) with 2
// targets; inverse y * [2, 0.5] + [10, -1], then expm1 (checked finite).
Model MakeTransformedTarget();
// PolynomialFeatures(degree=(2, 2), include_bias=True) on 2 features: 4
// outputs 1, x0^2, x0 x1, x1^2 (a product table of 6 columns).
Model MakePolynomialFeatures();
// h-pq: QuantileTransformer(output_distribution="normal") on 2 features,
// quantiles_ [[-2, 0], [-1, 1], [0.5, 1], [3, 5]], references_ [0, 1/3,
// 2/3, 1].
Model MakeQuantileTransformer();
// SplineTransformer(n_knots=3, degree=2, extrapolation="linear",
// include_bias=False) on 2 features (scikit-learn 1.9.1): 6 columns.
Model MakeSplineTransformer();
// h-power: PowerTransformer(method="yeo-johnson") as scikit-learn 1.9 fits
// it (YeoJohnsonExpm1) on 2 features, lambdas_ [0.5, -1.5], standardize
// with _scaler.mean_ [0.25, -0.5] and _scaler.scale_ [2, 0.5].
Model MakePowerTransformer();
// SVC(kernel="rbf", gamma=0.5) on 2 features, classes bird, cat, dog with
// 2, 1 and 2 support vectors, probability=True (prob_a, prob_b), ovr.
Model MakeSvcMulticlass();
// SVR(kernel="poly", gamma=0.5, coef0=1, degree=3), 3 support vectors.
Model MakeSvrPoly();
// LinearRegression fitted on a 2-D y of one column: MakeLinearRegression
// with output.shape Column (format 1.1; predict returns [n, 1]).
Model MakeLinearRegressionColumn();
// KernelRidge fitted on a 2-D y of 2 targets: an epsilon-SVR (rbf) with
// dual_coef [2, 3] and intercept {0, 0}, 2 regression outputs.
Model MakeKernelRidgeTwoTargets();
// OneClassSVM(kernel="sigmoid", gamma=0.25, coef0=-0.5), 2 support vectors.
Model MakeOneClassSvm();
// GaussianNB on 2 features, classes bird, cat, dog (class_prior_ 0.25, 0.5,
// 0.25).
Model MakeGaussianNb();
// BernoulliNB(binarize=0.5) on 3 features, classes 0 and 1: Pipeline
// [Binarizer(0.5), NaiveBayes (discrete)].
Model MakeBernoulliNb();
// MLPClassifier on 3 features, hidden layers (4, 5) relu, softmax over
// classes "bird", "cat", "dog".
Model MakeMlpClassifier();
// MLPRegressor on 2 features, one tanh hidden layer of 3, 2 targets.
Model MakeMlpRegressor();
// MLPClassifier fitted on a 3-label indicator matrix: 2 features, one
// logistic hidden layer of 2, 3 logistic outputs (classes 0 and 1 each).
Model MakeMlpMultilabel();
// PCA(2, whiten=True) as scikit-learn 1.5+ fits it (centering after the
// product) on 3 features, then LogisticRegression on classes 0 and 1.
Model MakePcaPipeline();
// TruncatedSVD(2) on 4 features (a Transform task).
Model MakeTruncatedSvd();
// Clustering (format 1.1): KMeans with 3 centers; BisectingKMeans with its
// 5-node tree.
Model MakeKMeans();
Model MakeBisectingKMeans();
// Constant (format 1.1): DummyClassifier (prior) and DummyRegressor.
Model MakeDummyClassifier();
Model MakeDummyRegressor();
// QuadraticDiscriminant (format 1.1): 3 classes on 2 features, r = 2, as
// scikit-learn 1.6+ normalises proba.
Model MakeQuadraticDiscriminant();
// LinearDiscriminantAnalysis on 2 features, classes 0 and 1 (LinearModel
// output Discriminant, format 1.1).
Model MakeLinearDiscriminantBinary();
// Isotonic (format 1.1): IsotonicRegression, increasing, out_of_bounds
// "nan", thresholds x {0, 1, 2.5, 4} -> y {0.5, 1.5, 1.5, 3}.
Model MakeIsotonic();
// GaussianMixture (format 1.1): a full GaussianMixture of 2 components on 2
// features; a spherical BayesianGaussianMixture of 3 on 3.
Model MakeGaussianMixture();
Model MakeBayesianGaussianMixture();
// IsolationForest (format 1.1): two 5-node trees on 2 features, path values
// at the leaves, denominator 4, offset -0.6; input Any, the second tree's
// root sending NaN left.
Model MakeIsolationForest();
// NearestCentroid (format 1.1): 3 classes ("a", "b", "c") on 2 features,
// euclidean, with std_dev {0.5, 0} and priors {0.5, 0.25, 0.25} (rule
// discriminant); the second is manhattan, as fitted before 1.6 (no priors).
Model MakeNearestCentroid();
Model MakeNearestCentroidManhattan();
// Neighbors (format 1.1) over six rows of 2 features in two clusters:
// a KDTree classifier (k 3, distance weights, classes 0 and 1), a BallTree
// regressor (k 2, minkowski p 3, 2 outputs) and a brute-force classifier
// (k 4, manhattan, 3 classes).
Model MakeNeighborsClassifier();
Model MakeNeighborsRegressor();
Model MakeNeighborsBrute();
// ThresholdClassifier (format 1.1): a StandardScaler + binary
// LogisticRegression pipeline thresholded at 0.3 on predict_proba's column
// of the first class (positive = 0); the second thresholds a LinearSVC's
// decision at "auto" (0.0) with response auto (it has no predict_proba).
Model MakeThresholdClassifier();
Model MakeThresholdClassifierDecision();
// Voting (format 1.1): three classifiers of 4 features and 3 classes (two
// softmax, one behind a StandardScaler; one one-vs-rest), soft with weights
// 2, 1, 0.5 or hard; and a regressor averaging two linear regressions of 3
// features (one behind a StandardScaler) with weights 1, 3.
Model MakeVotingSoft();
Model MakeVotingHard();
Model MakeVotingRegressor();
// LocalOutlierFactor (format 1.1, novelty=True) over the same six rows,
// k 2, labels -1 and 1, offset -1.5: a KDTree model (euclidean, lrd and
// k_distance as scikit-learn fits them) and a brute-force one (euclidean,
// lrd 0.7 0.8 0.9 1 1.1 1.2 so that a tie's winner shows in the score).
Model MakeLocalOutlierFactor();
Model MakeLocalOutlierFactorBrute();
// RadiusNeighbors (format 1.1) over the same six rows: a KDTree classifier
// (radius 1.5, distance weights, classes 0 and 1, outlier label the class
// 1: outlier_proba 1, outlier_class 1), a brute-force regressor (radius
// 1.5, euclidean as |x|^2 - 2 x.y + |y|^2, 2 outputs) and a brute-force
// classifier (radius 1.5, uniform, 'l2': the sum of squares, 3 classes, no
// outlier label: a row with no neighbour is refused, E928).
Model MakeRadiusNeighborsClassifier();
Model MakeRadiusNeighborsRegressor();
Model MakeRadiusNeighborsBrute();
// CategoricalNB on 2 features with 3 categories each, classes 0 and 1.
Model MakeCategoricalNb();

// Every model above, with a short unique name ("linear_regression", ...).
std::vector<std::pair<std::string, Model>> AllExampleModels();

}  // namespace modelseal::testing

#endif  // MODELSEAL_TESTS_TESTING_EXAMPLE_MODELS_H_

// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Native inference with scikit-learn's semantics (docs/ARCHITECTURE.md,
// Fidelity).
//
// A Predictor is built once from a Model and then evaluates predict,
// predict_proba, decision_function and transform over row-major matrices.
// All methods are const and touch no shared mutable state: any number of
// threads may call them on one Predictor at the same time.
//
// Fidelity contract: class labels identical to scikit-learn's; trees and
// forests (predict, predict_proba), GradientBoosting and
// HistGradientBoosting decision_function and their identity-link predict
// bit-exact. Their outputs that go through exp (predict_proba: sigmoid or
// softmax; HistGradientBoosting's gamma/poisson predict) follow scikit-learn's
// sequence (softmax: subtract the row max, exp, sum in numpy's order, divide)
// with the C library's exp where scikit-learn calls numpy's; numpy's own SIMD
// exp (used on AVX512F machines) differs from it by up to 1 ulp, so these
// outputs are within 8 ulp of scikit-learn's (measured at most 5 ulp for a
// softmax over 10 classes with numpy 1.26, 3 with numpy 2.3-2.4; 1 ulp for
// the gamma/poisson link; python/tests/test_exp_ulps.py in the version
// matrix) and bit-exact where numpy's exp is the C library's. The Python
// front end's predict_log_proba is np.log of those probabilities, as
// scikit-learn's: within 8 * 2^-52 absolute plus 1 ulp (a probability near 1
// one ulp off moves its log by about 9 ulp of the log; measured on
// GradientBoostingClassifier/wine, scikit-learn 1.4.2 and 1.7.2).
// MinMaxScaler and MaxAbsScaler transforms bit-exact (the same one multiply,
// one add / one divide per value as numpy; float32 input rounded to float32
// after each, as scikit-learn keeps it float32). RobustScaler bit-exact
// (one subtract, one divide per value, float32 input rounded after each).
// Normalizer bit-exact for a C-order X (numpy's pairwise sum for l1, its
// einsum kernel's order for l2, max exact; float32 input in float32
// arithmetic), which is what modelseal evaluates; scikit-learn sums an
// F-order X (a pandas DataFrame's values, a ColumnTransformer's selection
// of columns, or a step's output computed from one) left to right, so l1
// (from 8 features on) and l2 outputs are then within n * eps relative (n
// features, eps of the input's float type; measured at most 0.56 n eps, 16
// ulp at 300 features, over 2 to 1000 features; the parity test checks
// DataFrame and ColumnTransformer input against this bound).
// Binarizer bit-exact (one comparison; float32 input against the threshold
// rounded to float32, as numpy compares with a Python float threshold; a
// threshold that was a numpy float64 scalar compares in float64 under
// numpy >= 2, which the file cannot tell apart: float32 values between the
// two roundings then differ; a DataFrame's float32 columns are compared as
// float64).
// Linear models (the LinearModel kind of every linear-family estimator:
// a dot product, then sigmoid or softmax) within 1e-12
// relative. The GLMs' log link (output Exp; PoissonRegressor, GammaRegressor,
// TweedieRegressor) turns d's absolute rounding into exp(d)'s relative one:
// measured (python/tests/test_glm_parity.py) at most 5.7e-14 relative on
// diabetes and a synthetic Poisson set, held-out rows up to 100x out, with
// scikit-learn 1.4.2, 1.7.2 and 1.9.1; within the same 1e-12.
// SGDClassifier(loss="modified_huber")'s predict_proba, q = (clip(d, -1, 1) +
// 1) / 2 over its row sum s, carries d's rounding absolutely (d + 1 cancels
// near d = -1): within 1e-12 (1 + M) / s, M the decision's magnitude |x| |coef|
// + |intercept| (python/tests/ test_export.py; measured on iris, breast_cancer
// and digits, rows up to 100x out); rows scikit-learn makes uniform (every q
// exactly 0) are equal. OneHotEncoder, OrdinalEncoder, SimpleImputer,
// ColumnTransformer and Passthrough transforms bit-exact: they only select,
// copy and compare values (categories by exact equality: numbers as float64,
// strings by their UTF-8 bytes) and write stored constants (0.0, 1.0, codes,
// fill values). KBinsDiscretizer transforms bit-exact: a bin is a count of
// float64 comparisons (np.searchsorted side="right"; float32 values and edges
// convert to float64 exactly), output as an integer or a one-hot 1.0.
// TargetEncoder transform bit-exact: a category lookup as OrdinalEncoder's
// that copies stored encodings or target means.
// FeatureUnion transforms bit-exact: its transformers' outputs side by side,
// each multiplied by its weight (one IEEE multiply, as numpy's res * weight).
// FeatureSelector transforms bit-exact: it copies the selected columns.
// MissingIndicator transforms bit-exact: a comparison per value, 1.0 / 0.0
// where scikit-learn outputs bool.
// FunctionTransformer: absolute, square (x * x), negative and reciprocal
// (1.0 / x) bit-exact; log, log1p, exp, expm1, sqrt, sin, cos and tanh use
// the C library's functions, numpy may use its own (SIMD) ones: measured
// against numpy over 800k values (normal * 10^U(-300, 300), U(-800, 800),
// U(-50, 50), U(-1, 1); Python's math module as the C library's) on an
// AVX512F machine, glibc 2.36 (python/tests/test_compose_parity.py checks
// the bound on 80k such values): numpy 2.4 log, log1p, exp, expm1
// within 1 ulp, tanh 3 ulp; numpy 1.26 log, log1p, expm1 within 2 ulp, exp
// 1 ulp, tanh 3 ulp; sqrt, sin and cos bit-exact in both. Bound: 4 ulp (a
// relative error of 4 * 2^-52). A later step's comparison (a tree split,
// an encoder category) on a value that close to its threshold may then go
// the other way.
// TransformedTargetRegressor: its regressor's predictions, then the inverse
// transform's IEEE operations in scikit-learn's order (x * scale + mean, (x
// - min) / scale, ...): bit-exact after a regressor whose predictions are
// bit-exact (trees, forests, boosting; measured over every scaler, a
// Pipeline of them and the identity on 300 held-out rows, 1 and 2 targets,
// python/tests/test_target_parity.py), within 1e-12 relative after a linear
// model; an inverse ufunc within FunctionTransformer's 4 ulp.
// PolynomialFeatures transforms bit-exact: each column is one IEEE multiply
// of the same earlier column by the same feature as scikit-learn's dense
// transform loop (np.multiply(XP[:, start:end], X[:, f:f+1])), the bias
// 1.0 and the features copied; float32 input in float32 arithmetic (each
// product rounded to float32, exact: the float64 product of two float32
// values is exact).
// SplineTransformer transforms bit-exact: scipy's BSpline evaluation
// (_find_interval, _deBoor_D and evaluate_spline's sum over the identity
// coefficients) in the same operations and order, and scikit-learn's
// extrapolation branches as the release computes them (the 'linear'
// boundary per feature; scipy's derivative rule at a zero-length knot
// span, >= 1.17 or 1.15 - 1.16, recorded from the scipy at save: on the
// spans SplineTransformer evaluates there every value is 0, so the two
// agree (checked with scipy 1.16.3 and 1.17.1 on repeated quantile
// knots); scipy <= 1.14 reads uninitialised memory there, so a 'linear'
// model whose last two knots are equal has no defined slope above them
// with it: seen 0.5 where 1.15+ give 0, varying from call to call). Measured
// (python/tests/test_spline_parity.py: every extrapolation, degree 0-4,
// uniform/quantile/explicit knots, held-out values up to 100x outside the
// range and at the boundaries, repeated quantile knots, NaN and infinity
// with handle_missing='zeros', Pipelines) against scikit-learn 1.9.1/scipy
// 1.17.1, 1.7.2/scipy 1.16.3 and 1.4.2/scipy 1.13.1: max difference 0.
// float32 input follows numpy >= 2 (float64 arithmetic, each output
// rounded to float32); numpy 1.x computes the 'constant', 'linear' and
// 'periodic' branches' comparisons and arithmetic on X in float32.
// QuantileTransformer: np.interp's arithmetic and special cases (numpy 1.26
// and 2.x alike) bit-exact; output_distribution="normal" then applies
// Cephes' ndtri in scipy's operation order with the C library's log and
// sqrt: bit-identical to scipy 1.17.1's stats.norm.ppf (the pin of
// scikit-learn 1.8 and 1.9; measured on 8.8M transformed values incl.
// within 1e-9 of 0 and 1, float64 and float32 input, 0 differing). scipy
// 1.13.1 (the pin of scikit-learn 1.4.2) computes ndtri differently: its
// special.ndtri differs from 1.17.1's on 1.1% of 2.2M points by at most
// 7.5e-11 relative (453 ulp); that is this kind's bound against such an
// environment. scipy 1.14-1.16 not measured. float32 input follows numpy
// >= 2 (the bounds compared in float64; numpy 1.x compares them in float32,
// so a float32 value equal to a quantile rounded to float32 but not to the
// quantile can map differently there).
// PowerTransformer: Box-Cox is scipy.special.boxcox's expm1(l * log(x)) / l
// (log(x) for |l| < 1e-19; exp(t - log|l|) beyond t = l * log(x) =
// 709.78, where scipy 1.16-1.17 stay finite and scipy 1.13 overflows to
// infinity) with the C library's log, exp and expm1, as scipy:
// bit-identical to scipy 1.16.3 and 1.17.1 (measured on 1M values, 200
// lambdas in [-3, 5] and the edge ones, x = |N(0, 1)| * 10^U(-6, 2); 0
// differing); scipy 1.13.1 (scikit-learn 1.4.2's pin) differs on 8.2% of
// them by at most 2.82 ulp relative. Yeo-Johnson runs the fitting
// release's formula (scikit-learn <= 1.8: (np.power(x + 1, p) - 1) / p;
// 1.9: scipy.stats.yeojohnson's expm1(p * log1p(x)) / p; p = l, or 2 - l
// for x < 0) with the C library's pow, log1p and expm1; numpy computes
// them with its own SIMD code on AVX512F machines. Error measure: |ours -
// theirs| in eps times the magnitude the power term's error carries to the
// output: |y| * max(1, |t|) for the expm1 forms (t = p * log1p(|x|) or l *
// log(x): expm1's condition, so far from 0 a relative error of |t| ulp)
// and max(|y|, e^t / |p|) for the np.power form (the power before the
// cancelling - 1, so near x = 0 the relative error of y can be large);
// with standardize that magnitude / scale_ plus |mean_| / scale_.
// Measured on 1M values as above but x = N(0, 1) * 10^U(-6, 2), on an
// AVX512F machine (python/tests/test_power_parity.py checks the bound):
// vs scikit-learn 1.9.1/numpy 2.4.6 (expm1 form) at most 3.04 (5.3% of
// values differing); vs 1.7.2/numpy 2.3.5 (np.power form) at most 1.87
// (4.5%); vs 1.4.2/numpy 1.26.4 at most 1.90 (18%). Bound: 4. float32
// input is refused (E916): scikit-learn's float32 arithmetic here depends
// on numpy's casting rules (value-based in 1.x).
// SupportVectorMachine (SVC, NuSVC, SVR, NuSVR, OneClassSVM): libsvm's
// decision values with its order of sums over the support vectors, pairs
// and classes, but each kernel's dot product (or squared distance) is
// summed in kernels.h Dot's lanes where scikit-learn calls BLAS ddot, so
// values differ by rounding. Measured against scikit-learn 1.9.1 (OpenBLAS
// ddot) on held-out rows up to 100x outside the training range
// (python/tests/test_svm_parity.py): the difference over the magnitude of
// the terms summed (|intercept| + sum |dual_coef| x the kernel term's size:
// linear sum |x_j s_j|; poly (|gamma| sum |x_j s_j| + |coef0|)^degree;
// sigmoid 1 + |gamma| sum |x_j s_j| + |coef0|; rbf K (1 + gamma |x - s|^2))
// at most 7.6e-16 (decision_function of SVC, NuSVC, OneClassSVM; predict
// of SVR, NuSVR). Bound: 1e-12 of that magnitude (the dot product's error
// grows with the number of features and the degree).
// Labels are identical except where a decision value is within that
// rounding of 0 (or of a tie in break_ties' argmax). Probabilities go
// through libsvm's coupling iteration, whose stopping test (max error <
// 0.005 / k) can take a different number of steps from inputs that differ
// in the last bits; measured at most 1.3e-13 absolute (SVC) and bound by
// the same 1e-12 of 1 + max over pairs |prob_a| x the pair's magnitude.
// KernelRidge is an SVR over its training rows; scikit-learn builds its
// kernel with pairwise_kernels (rbf from ||x||^2 + ||s||^2 - 2 x.s, which
// cancels near a training row) and sums K @ dual_coef_ with BLAS. Measured
// (python/tests/test_kernel_ridge_parity.py, diabetes and friedman1,
// held-out rows up to 100x out; and friedman1 with 3 targets, per target)
// against scikit-learn 1.9.1 (1.4.2 and 1.7.2 within the bound): at most
// 1.2e-13 (rbf), 5.9e-16 (poly), 1.4e-16 (linear), 3.8e-16 (sigmoid) of
// sum_i |dual_coef_i K(x, s_i)|. Bound: 1e-12 of it.
// NaiveBayes: GaussianNB's joint log likelihood (jll) follows scikit-learn's
// order of operations (numpy's pairwise row sum; log(class_prior_) and the
// log normaliser computed at save with numpy's log) and CategoricalNB's sums
// its table rows in feature order as scikit-learn does; MultinomialNB,
// ComplementNB and BernoulliNB sum x . coef in kernels.h Dot's lanes where
// scikit-learn calls BLAS. predict_proba is exp(jll - logsumexp(jll)) with
// the C library's exp and log and scipy 1.13's logsumexp (scipy >= 1.15 and
// scikit-learn 1.9 separate the row maximum and add log1p). Measured
// against scikit-learn 1.4.2, 1.7.2 and 1.9.1 on held-out rows and rows up
// to 100x outside the fitted range (python/tests/test_naive_bayes_parity.py):
// |ours - theirs| / (p (1 + M_c + max_k M_k)) at most 7.8e-16, where p is
// scikit-learn's probability of class c and M_k the magnitude class k's jll
// is summed from (|terms| added); on the held-out split at most 3.4e-13
// absolute and 1.4e-12 relative (MultinomialNB, ComplementNB on counts).
// Bound: 4e-15 of that measure, plus 2^-1022 for probabilities below the
// normal range. Labels identical except where two classes' jll are within
// that rounding. predict_log_proba is jll - logsumexp(jll) as scikit-learn
// computes it (PredictLogProba): within 4e-15 (1 + 2 max_k M_k) plus 2 ulp
// of the value, measured as the probabilities.
// NeuralNetwork (MLPClassifier, MLPRegressor): each layer's product is
// OpenBLAS's dgemm (Debian's 0.3.21, one OpenBLAS thread; numpy's wheels carry
// their own OpenBLAS, 0.3.31 with numpy 2.4), per block of rows where
// scikit-learn makes one call for all rows, then the intercept and the
// activation in scikit-learn's order: relu, identity and logistic
// (scipy's expit is 1 / (1 + exp(-x)) with the C library's exp, as ours)
// networks are mostly bit-identical to scikit-learn's. tanh is glibc's
// libmvec vector tanh and softmax/exp use the C library's exp, where numpy
// uses its own SIMD tanh and exp (a few ulp apart). Error measure
// (python/tests/test_mlp_parity.py): a layer's pre-activation z = a W + b
// has the magnitude (|a| + E) |W| + |b|, E = 0 for the input and L times
// the previous magnitude plus |a| after an activation of Lipschitz constant
// L (1; logistic 1/4); with M the output layer's magnitude, the scale is M
// for identity outputs, want (1 + M) for exp and logistic columns and
// want (1 + 2 max M) for softmax, plus 1e-15 absolute on probabilities.
// Measured against scikit-learn 1.4.2, 1.7.2 and 1.9.1 on held-out rows,
// rows 10x and 100x outside the fitted range and exact ties (every hidden
// activation, 0 to 3 hidden layers, binary, multiclass, multilabel,
// multi-target and Poisson): at most 7.4e-16 of that scale; probabilities
// at most 6.2e-15 absolute. Bound: 1e-12 of the scale. Labels
// identical except where a probability is within that of 0.5 or of
// another class's (predict takes the first largest probability, as
// scikit-learn's LabelBinarizer does).
// Projection (PCA, IncrementalPCA, TruncatedSVD): the product is
// OpenBLAS's dgemm with the components transposed, per block of rows, as
// numpy's matmul of components_.T calls it (numpy's own OpenBLAS may block
// differently: 27-96% of values bit-identical, TruncatedSVD's 100% in the
// bench), the mean subtracted before (1.4) or its projection after (1.5
// on), then the division by scale. Error measure
// (python/tests/test_projection_parity.py): |ours - theirs| over the
// magnitude sum_j |x_j - mean_j| |C_kj| (before) or sum_j |x_j C_kj| +
// sum_j |mean_j C_kj| (after, none), divided by scale[k] when whitening.
// Measured against scikit-learn 1.4.2, 1.7.2 and 1.9.1 on held-out rows,
// rows 10x and 100x outside the fitted range and rank-deficient data: at
// most 8.2e-16 of it. Bound: 1e-12 of it.
// Constant (DummyRegressor, DummyClassifier) bit-exact: stored values
// copied to every row; predict the first largest probability.
// Isotonic (IsotonicRegression, predict and transform): np.interp's
// operations in its order (the slope divided per interval, then s * (x -
// x_j) + y_j, no fused multiply-add), the threshold found by binary search
// where numpy searches with a guess from the previous row (the same
// interval). Measured (python/tests/test_isotonic_parity.py, 45,702
// values in and out of the fitted range, at the thresholds, with ties,
// weights, y_min / y_max, one threshold) against scikit-learn 1.4.2
// (numpy 1.26.4, scipy 1.13.1), 1.7.2 (numpy 2.3.5, scipy 1.16.3) and
// 1.9.1 (numpy 2.4.6, scipy 1.17.1): bit-identical (0 values differ), the
// NaNs in the same places. Bound: 1e-12 relative.
// Clustering (KMeans, MiniBatchKMeans, BisectingKMeans): x.c is OpenBLAS's
// dgemm per block of rows (BisectingKMeans's walk: a Dot per node), the
// squared norms summed in another order than numpy's einsum. Labels
// identical except where two centers' scores ||c||^2 - 2 x.c are within
// that rounding (scikit-learn's own gemm decides those). transform's
// distances d, measured (python/tests/test_cluster_parity.py) against
// scikit-learn 1.4.2, 1.7.2 and 1.9.1 on held-out rows and rows 10x and
// 100x out: |d_ours^2 - d_theirs^2| at most 1.5e-15 of ||x||^2 + ||c||^2
// (scikit-learn's formula cancels as much). Bound: 1e-12 of it.
// Discriminant analysis. LinearDiscriminantAnalysis is a LinearModel (output
// Discriminant: expit or softmax, predict_log_proba with a zero probability
// raised to the smallest normal) and, before another step, a Projection
// (its transform); QuadraticDiscriminant evaluates each class's
// (x - mean) W with OpenBLAS's dgemm, W = rotations * scalings^-0.5
// computed once at load with the C library's pow. Measured
// (python/tests/test_discriminant_parity.py: iris, wine, breast_cancer and
// a 4-class string-labelled set; held-out rows and rows 10x and 100x out)
// against scikit-learn 1.4.2, 1.7.2 and 1.9.1: labels identical;
// decision_function within 4.2e-14 (LDA) and 1.9e-14 (QDA) of the row's
// scale 1 + max |d|; predict_proba within 7e-14 (LDA) and 7.2e-15 (QDA)
// absolute; predict_log_proba within 3.3e-13 relative (1 + |log p|; -inf
// where scikit-learn's is, as QDA's np.log in 1.4 and 1.5); LDA's transform
// within 9.1e-15 of 1 + |y|. Bound: 1e-12 of each.
// GaussianMixture (GaussianMixture, BayesianGaussianMixture, the four
// covariance types): scikit-learn's order of operations, with the matrix
// products OpenBLAS's dgemm per block of rows (full mixtures' k products
// as one), ||x||^2 a Dot (numpy's einsum), log and exp the C library's
// (numpy's SIMD ones may differ by an ulp), and logsumexp scikit-learn
// 1.9's (scipy 1.13's log(sum(exp(w - max))) + max under 1.4.2 differs by
// rounding). The mapper's constants: log(weights_) with the C library's log;
// the Bayesian mixture's digamma values by scipy's algorithm (cephes psi),
// bit-exact against scipy 1.13, 1.16 and 1.17 on a grid from 1e-3 to 1e7.
// Labels identical except where two components' w_j are within that
// rounding. Measured (python/tests/test_mixture_parity.py) against
// scikit-learn 1.4.2, 1.7.2 and 1.9.1 on held-out rows and rows 10x and
// 100x out: score_samples within 3.3e-16 of S = max_j (0.5 M_j +
// |log_det_j| + |log_weights_j| + |Bayesian terms_j|) + n log(2 pi), M_j the
// squared magnitudes of the quadratic form's terms (the test's docstring);
// predict_proba within 5.6e-14 absolute. Bound: score_samples 1e-12 S,
// predict_proba 2e-12 S + 8 eps.
// IsolationForest: the trees are walked as a Forest's (X cast to float32)
// and the leaves' path values (scikit-learn's fitted
// _decision_path_lengths and _average_path_length_per_tree, combined at
// save in its order; the denominator's log is numpy's, through the Python
// exporter, the C library's without it) summed in tree order as
// scikit-learn's depths +=, bit-exactly; score_samples is then -2^-(d /
// denominator) with the C library's pow, where numpy (2 ** x) uses its own
// SIMD pow on AVX512F machines (on 1M exponents in [-3, 0]: numpy 2.3-2.4
// 5% of values 1 ulp apart, numpy 1.26 28%). Measured
// (python/tests/test_iforest_parity.py, held-out rows up to 100x out)
// against scikit-learn 1.4.2, 1.7.2 and 1.9.1: score_samples at most
// 1.0 eps |score_samples| apart (each). Bound: 2 eps |score_samples|.
// decision_function (score_samples - offset_, computed by the Python
// front end as scikit-learn computes it) carries the same difference.
// Labels identical except where a score is within that rounding of
// offset_ (offset_ with a float contamination is a percentile of the
// training scores, which a training row can equal).
// NearestCentroid: predict by the nearest centroid compares, as
// scikit-learn's ArgKmin, ||c||^2 + (-2 x.c) with x.c OpenBLAS's dgemm
// (euclidean; scikit-learn's GEMM is its own BLAS's, so a score within
// rounding of another may order differently) or the distance summed left
// to right (manhattan, bit-exact); the first smallest wins, as scikit-learn's.
// The discriminants (1.6 on) follow _euclidean_distances' order ((-2 x.c +
// ||x||^2) + ||c||^2, max 0, sqrt, squared) with ||x||^2 a Dot (numpy's
// einsum) and scipy's cityblock left to right (scipy sums in 4 lanes).
// Measured (python/tests/test_nearest_centroid_parity.py: iris, wine,
// breast_cancer, digits, a 4-class string-labelled set; every metric,
// shrink_threshold, priors uniform, empirical and a list; held-out rows
// and rows 10x and 100x out) against scikit-learn 1.4.2, 1.7.2 and 1.9.1:
// labels identical; decision_function within 1.8e-13 of the row's scale
// 1 + max |d|, predict_proba within 3.1e-14 and predict_log_proba within
// 1.4e-13 of it. Bound: 1e-12 of the row's scale for each.
// KNeighborsClassifier, KNeighborsRegressor (Neighbors): the neighbours
// are scikit-learn's, ties at the k-th distance included: the reduced
// distances are computed by scikit-learn's sequential loops (euclidean
// brute force as |x|^2 + (-2 x.y) + |y|^2, as scikit-learn's
// EuclideanArgKmin, with the norms and x.y added in the order scipy's
// OpenBLAS adds them on the CPU (kinds/neighbors/blas_order.h: its dgemm
// per element one fused multiply-add chain; its ddot by its SkylakeX
// kernel on AVX-512 CPUs, its Haswell kernel on AVX2 + FMA ones, each
// replayed to the bit; the engine's own OpenBLAS, Debian's 0.3.21, runs
// its generic Prescott kernels on CPUs it does not know and is not used
// here), pushed into the
// same bounded heap in the same order (training order, or the KDTree's or
// BallTree's depth-first visit) and sorted by the same introsort. Where
// scikit-learn's brute-force kneighbors runs on 2+ OpenMP threads with
// fewer than 1024 query rows per thread, it splits the training rows
// between threads and merges their heaps, which changes which rows tied
// at the k-th distance it keeps: the engine matches scikit-learn on one
// thread (predict_proba with uniform weights and one output is not
// affected: scikit-learn parallelises it over the query rows). Measured
// (python/tests/test_knn_parity.py: iris, diabetes, wine, breast cancer and
// integer grids with ties, every metric x weights x algorithm) against
// scikit-learn 1.4.2, 1.7.2 and 1.9.1: labels identical; predict_proba
// bit-identical except under minkowski with distance weights, where the
// distances are the C library's pow(r, 1/p) and scikit-learn's trees use
// numpy's (its SIMD pow on AVX512F): at most 1.0 eps apart. Regressor
// predictions at most 1.48 eps of max |y| apart (the order in which numpy
// adds the targets of neighbours tied in distance). Bound: labels
// identical; predict_proba 4 eps; regressor 4 eps max |y|.
// FixedThresholdClassifier, TunedThresholdClassifierCV
// (ThresholdClassifier): predict_proba, predict_log_proba and
// decision_function are the classifier's, with its bound; predict compares
// the classifier's score (a predict_proba column, or decision_function)
// with the threshold by one IEEE >=, so its labels are scikit-learn's
// wherever the score is (bit-exact classifiers: trees, forests, naive
// Bayes' probabilities), and otherwise can differ only on a row whose score
// is within the classifier's bound of the threshold. Measured
// (python/tests/test_threshold_parity.py: breast cancer held-out and
// fresh rows, logistic regression, SVC, LinearSVC, a tree, GaussianNB, a
// ColumnTransformer pipeline) against scikit-learn 1.7.2 and 1.9.1:
// labels identical.
// RadiusNeighborsClassifier, RadiusNeighborsRegressor (RadiusNeighbors):
// the neighbours within the radius are scikit-learn's, in its order
// (radius_neighbors unsorted: training order for brute force, the
// KDTree's or BallTree's depth-first visit), the rows on the radius
// included as scikit-learn includes them: brute-force euclidean as
// |x|^2 + (-2 x.y) + |y|^2 (scikit-learn's EuclideanRadiusNeighbors; the
// sequential sum of squares for 'l2'), the norms and dot products added
// as scipy's OpenBLAS adds them, replayed as KNeighbors' are
// (kinds/neighbors/blas_order.h). A
// classifier with uniform weights, brute force, one output and a metric
// other than euclidean takes scikit-learn's RadiusNeighborsClassMode in
// predict_proba when X is a float64 C-ordered array; its outliers' labels
// are the engine's; for other input (a Fortran-ordered array, a list,
// float32) scikit-learn takes its general path, whose outliers get the
// outlier label's probability 1 instead. Weights,
// np.bincount's order, numpy's sums and the regressor's NaN follow
// _classification.py and _regression.py. Measured
// (python/tests/test_radius_neighbors_parity.py: iris, wine, blobs,
// diabetes, decimal grids with rows on the radius; every metric x weights
// x algorithm; outlier labels; multi-output; a StandardScaler pipeline)
// against scikit-learn 1.4.2, 1.7.2 and 1.9.1: labels identical,
// predict_proba and regressor predictions bit-identical (0 ulps).
// Bound: labels identical; predict_proba and predictions bit-identical.
// VotingClassifier, VotingRegressor (Voting): each estimator's outputs are
// what it computes alone (its own bound), combined in numpy's order
// (np.average: the weighted terms added in estimator order, one row of a
// VotingRegressor by numpy's pairwise sum, the weights' sum pairwise;
// np.bincount's bins in estimator order), so the result is bit-exact
// wherever every estimator's is, and otherwise a weighted mean of values
// each within its estimator's bound. Measured
// (python/tests/test_voting_parity.py: wine, breast cancer, iris and
// diabetes held-out and fresh rows; soft and hard, weights none / floats /
// ints / negative, "drop", 9 and 10 estimators one row at a time; trees,
// forests, k-NN, GaussianNB, logistic regression, SVC(probability=True),
// linear regressions) against scikit-learn 1.4.2, 1.7.2 and 1.9.1: labels
// identical; probabilities and values bit-identical when the estimators
// are trees, forests and k-NN, within the estimators' bounds otherwise.
// LocalOutlierFactor (novelty=True): neighbours as Neighbors' (same query,
// ties, one-thread caveat), sorted by the recorded release's sort (1.9's
// introsort, 1.4-1.8's quicksort); score_samples follows _lof.py's numpy
// operations in order. Measured (python/tests/test_lof_parity.py: iris,
// wine, breast cancer, blobs, integer grids with ties; every metric x
// algorithm, k 1 to n - 1) against scikit-learn 1.4.2, 1.7.2, 1.9.1:
// labels identical; score_samples at most 2.97 eps of |score_samples|
// (minkowski's pow; brute force's per-thread heap merge reorders ties).
// Bound: labels identical; score_samples (and decision_function) 8 eps.
//
// Input rules follow scikit-learn's checks per estimator:
//   StandardScaler        nan passes through, infinity rejected; float32
//                         input is rounded to float32 after subtracting and
//                         after dividing (scikit-learn keeps it float32),
//                         with mean and scale first rounded to float32 when
//                         metadata.library_versions records scikit-learn
//                         >= 1.8 or no release (1.4 - 1.7 subtract the
//                         float64 values)
//   LinearModel,          nan and infinity rejected
//   Normalizer,
//   Binarizer,
//   SupportVectorMachine,
//   NeuralNetwork,
//   NaiveBayes            (CategoricalNB also truncates each value toward
//                         zero; a negative one, one beyond int64 or a
//                         category index not below the feature's count:
//                         kInputCategoryIndex)
//   DecisionTree, Forest  X is cast to float32; a value that becomes
//                         infinite is rejected; nan is accepted (and routed
//                         by missing_go_to_left) only when every tree has a
//                         missing_go_to_left tensor, else rejected (the
//                         exporter writes it exactly when the scikit-learn
//                         release that fitted the model accepts nan: SPEC §8)
//   GradientBoosting      X cast to float32; nan and infinity rejected
//   HistGradientBoosting  anything (float64 compare, nan -> missing side);
//                         a categorical value v >= 0 selects bit
//                         (uint8)trunc(v); v < 0 and v >= 256 are treated as
//                         unknown categories (the missing side). The model's
//                         feature indices refer to the input columns as given
//                         (scikit-learn's categorical preprocessing and
//                         reordering is a CategoryEncoder step before it).
//   MinMaxScaler,         nan passes through, infinity rejected
//   MaxAbsScaler,
//   RobustScaler,
//   QuantileTransformer,
//   PowerTransformer      (box-cox: also a value <= 0 rejected,
//                         kInputNotPositive; float32 input rejected,
//                         kInputFloat32Unsupported)
//   CategoryEncoder       listed columns: nan allowed (-> nan), infinity
//                         rejected, any other value not among the
//                         categories -> nan; other columns unchecked.
//   OneHotEncoder,        numeric columns: infinity rejected, nan is the
//   OrdinalEncoder        missing category when the categories have one,
//                         else unknown; string columns: a missing value is
//                         the missing category or unknown; unknown values
//                         fail (kInputUnknownCategory) or take the unknown
//                         slot / unknown_value
//   SimpleImputer         numeric columns: infinity rejected; nan (and a
//                         missing string) replaced by the fill value
//   TargetEncoder         as OrdinalEncoder with handle_unknown="ignore":
//                         numeric columns reject infinity; an unknown value,
//                         or a missing one without a missing category,
//                         takes target_mean (per class when multiclass)
//   ColumnTransformer     each group's steps check their own columns
//   Projection            nan and infinity rejected
//   Constant              anything: the dummies never read X's values
//   QuadraticDiscriminant nan and infinity rejected
//   Isotonic              nan and infinity rejected; out_of_bounds="raise":
//                         a value outside the thresholds rejected
//                         (kInputOutOfBounds) unless there is one threshold
//   GaussianMixture       nan and infinity rejected; float32 input is
//                         computed in float64 (for float32 X scikit-learn
//                         1.7 and later keep a full or tied mixture's
//                         squared distances in float32, and 1.7 rounds
//                         log(2 pi) to float32)
//   IsolationForest       X is cast to float32; fitted by scikit-learn 1.6
//                         or later (input Any): anything (nan follows
//                         missing_go_to_left, infinity compares); 1.4-1.5
//                         (input Finite): nan and a value that becomes
//                         infinite rejected
//   NearestCentroid       nan and infinity rejected
//   Neighbors             nan and infinity rejected; float32 input is
//                         computed in float64 (scikit-learn's trees do
//                         the same; a model fitted on float32 X is
//                         refused at save)
//   RadiusNeighbors       nan and infinity rejected; float32 input is
//                         computed in float64; a classifier without an
//                         outlier label refuses a row with no training
//                         row within the radius (E928, scikit-learn's
//                         ValueError)
//   LocalOutlierFactor    nan and infinity rejected; float32 input is
//                         computed in float64 (scikit-learn rounds the
//                         distances to float32: score_samples measured
//                         1.8e-8 apart relative, bound 1e-6)
//   Clustering            nan and infinity rejected; float32 input is
//                         computed in float64 (scikit-learn's predict
//                         raises for it, its transform upcasts)
//   KBinsDiscretizer      nan and infinity rejected; with dtype=float32 X
//                         is first rounded to float32 (a value that becomes
//                         infinite is rejected)
//   FeatureUnion          each transformer checks its columns; float32 X is
//                         refused (kInputFloat32Unsupported) when the union
//                         has weights (numpy's float32 result depends on
//                         the weight's Python type, not stored)
//   FunctionTransformer   anything (validate=False: nan and infinity go
//                         through the function); float32 X refused
//                         (kInputFloat32Unsupported: numpy computes float32
//                         ufuncs with its own float32 loops)
//   ThresholdClassifier   its classifier's rules
//   Voting                each estimator's rules, on the columns reaching
//                         the Voting (an error names the row and the
//                         column of that estimator's input)
//   TransformedTargetRegressor  its regressor's rules; then each inverse
//                         step checks the predictions as its transformer's
//                         check_array does: a scaler rejects infinity
//                         (kInputInfinite), FunctionTransformer with
//                         validate=True also nan (kInputNaN)
//   FeatureSelector       input Finite: nan and infinity rejected in every
//                         input column (selected or not); input Any
//                         (VarianceThreshold, RFE etc. around an estimator
//                         that allows nan): anything
//   MissingIndicator      missing_value NaN: infinity rejected; a number:
//                         nan and infinity rejected; on_new Error: a
//                         missing value in a column outside `features`
//                         fails (kInputNewMissing)
//   PolynomialFeatures    nan and infinity rejected (validate_data's
//                         default ensure_all_finite=True, 1.4 to 1.9)
//   SplineTransformer     handle_missing 'error' (and before 1.8): nan and
//                         infinity rejected; 'zeros': anything (a nan's
//                         bases are 0); extrapolation 'error': a value
//                         outside [t[k], t[n]] rejected
//                         (kInputBeyondKnots), also degree 0 'constant'
//                         above the last knot (scikit-learn fails there)
// In a Pipeline each step checks its own input, as scikit-learn does.
// Strings are matched by bytes: a missing value in a string column (None,
// NaN, pd.NA, an Arrow null) is one missing value; scikit-learn tells None
// from NaN in object columns (format/SPEC.md §6 states where that can
// differ).
#ifndef MODELSEAL_PREDICTOR_H_
#define MODELSEAL_PREDICTOR_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "modelseal/error.h"
#include "modelseal/model.h"
#include "modelseal/table.h"

namespace modelseal {

// A borrowed row-major matrix: rows x cols elements of `dtype` (kFloat64 or
// kFloat32) at `data`, which the caller keeps alive during the call. `data`
// may be null only when rows == 0 (which the predictor refuses).
struct MatrixView {
  const void* data = nullptr;
  DType dtype = DType::kFloat64;
  size_t rows = 0;
  size_t cols = 0;
};

// An owned row-major matrix.
template <typename T>
struct Matrix {
  size_t rows = 0;
  size_t cols = 0;
  std::vector<T> data;  // rows * cols
  T at(size_t r, size_t c) const { return data[r * cols + c]; }
};

// Maximum value of PredictOptions::n_threads.
inline constexpr unsigned kMaxPredictThreads = 64;

struct PredictOptions {
  // Threads for one batch call, 1..kMaxPredictThreads (kPredictOptions
  // otherwise). Rows are split into contiguous ranges; results do not
  // depend on the thread count. Small batches use fewer threads.
  unsigned n_threads = 1;
};

// The result of Predict.
struct PredictOutput {
  // Classification: the index of the predicted class per (row, output),
  // [rows, n_outputs]; map through model().output.classes[output] to get the
  // label. Empty for regression.
  Matrix<int64_t> classes;
  // Regression: the prediction per (row, target), [rows, n_outputs]. Empty
  // for classification.
  Matrix<double> values;
};

// The prediction methods of scikit-learn's estimator API.
enum class PredictMethod {
  kPredict,
  kPredictProba,
  kDecisionFunction,
  kTransform,
  // Only where scikit-learn's predict_log_proba is not the log of
  // predict_proba (see PredictLogProba).
  kPredictLogProba
};

class Predictor {
 public:
  // Builds a predictor. `model` should have passed ValidateModel(); Create
  // re-checks every invariant inference relies on (tensor dtypes and shapes,
  // tree child and feature indices, bitset indices, output spec, pipeline
  // structure) so that a bug elsewhere cannot become an out-of-bounds read,
  // and fails with a kPredictor* code and a path-like context
  // ("estimator.steps[1].trees[17].children_left[5]"). The predictor keeps a
  // copy of `model`, which shares (and keeps alive) its tensors; the only
  // large arrays it builds are compact node layouts of the trees.
  static Result<std::unique_ptr<Predictor>> Create(const Model& model);

  Predictor(const Predictor&) = delete;
  Predictor& operator=(const Predictor&) = delete;
  ~Predictor();

  const Model& model() const;
  Task task() const;
  uint64_t n_features() const;

  // Whether the model has `method`, as hasattr() on the scikit-learn
  // estimator tells; calling a method it lacks fails with
  // kMethodNotSupported.
  bool HasMethod(PredictMethod method) const;
  // The dtype scikit-learn's transform returns for X of dtype `input`
  // (kFloat32 or kFloat64): kFloat32 only when every step keeps float32 (an
  // encoder outputs float64, a ColumnTransformer joining float64 columns
  // too; a MissingIndicator's bool is reported as kFloat64). Transform
  // writes doubles either way; the values are float32's where this is
  // kFloat32.
  DType TransformDType(DType input) const;

  // Every method below takes X with at least one row (kInputNoRows, as
  // scikit-learn's "Found array with 0 sample(s)", checked before the
  // shape), X.cols == n_features() (kInputShape), dtype kFloat64 or kFloat32
  // (kInputDType), non-null data (kInputNullData), and values the estimator
  // accepts (kInputNaN, kInputInfinite, reported for the first offending row
  // with context "X[row][col]"). On error `*out` is unspecified. A method the
  // model does not have fails with kMethodNotSupported.

  // predict. Classification and regression models (not transformers).
  Status Predict(const MatrixView& X, PredictOutput* out,
                 const PredictOptions& options = {}) const;

  // predict_proba: one [rows, n_classes(o)] matrix per output o (scikit-learn
  // returns a single array when there is one output and a list otherwise;
  // here it is always a list). Classifiers with probabilities: trees,
  // forests, GradientBoosting and HistGradientBoosting classifiers, linear
  // models with kLogisticOvr or kSoftmax, SVC and NuSVC fitted with
  // probability=True, naive Bayes classifiers.
  Status PredictProba(const MatrixView& X, std::vector<Matrix<double>>* out,
                      const PredictOptions& options = {}) const;

  // predict_log_proba, for the classifiers whose scikit-learn
  // predict_log_proba is not np.log(predict_proba(X)): the naive Bayes
  // classifiers, jll - logsumexp(jll) (finite where the probability
  // underflows to 0). HasMethod(kPredictLogProba) is false for every other
  // model: take the log of PredictProba there, as scikit-learn does.
  Status PredictLogProba(const MatrixView& X, std::vector<Matrix<double>>* out,
                         const PredictOptions& options = {}) const;

  // decision_function: raw scores [rows, K]; K = 1 for binary problems
  // (scikit-learn returns shape [rows] then). Linear, GradientBoosting and
  // HistGradientBoosting classifiers; SVC and NuSVC (K = the number of
  // classes with decision_function_shape ovr, of class pairs with ovo) and
  // OneClassSVM (K = 1).
  Status DecisionFunction(const MatrixView& X, Matrix<double>* out,
                          const PredictOptions& options = {}) const;

  // transform: [rows, n_outputs]. Models whose task is kTransform (a
  // transformer or a pipeline ending in one).
  Status Transform(const MatrixView& X, Matrix<double>* out,
                   const PredictOptions& options = {}) const;

  // The same methods over a column table (table.h), for models with typed
  // input (strings, booleans, integers, missing values). Columns are
  // matched by name when the model has feature names, else by position
  // (kInputColumnMissing, kInputColumnExtra); each column's array type must
  // suit the model's column type (kInputColumnType: strings for a string
  // column, numbers or booleans for the others); missing values only where
  // the column is nullable (kInputMissingValue); buffers are checked
  // (kInputTableLayout). Numeric columns are converted to float64 (integers
  // beyond 2^53 rounded, as numpy's astype(float64)), strings matched by
  // their bytes. A model with a string column takes only tables; the
  // MatrixView methods fail on it with kInputColumnType.
  Status Predict(const TableView& X, PredictOutput* out,
                 const PredictOptions& options = {}) const;
  Status PredictProba(const TableView& X, std::vector<Matrix<double>>* out,
                      const PredictOptions& options = {}) const;
  Status PredictLogProba(const TableView& X, std::vector<Matrix<double>>* out,
                         const PredictOptions& options = {}) const;
  Status DecisionFunction(const TableView& X, Matrix<double>* out,
                          const PredictOptions& options = {}) const;
  Status Transform(const TableView& X, Matrix<double>* out,
                   const PredictOptions& options = {}) const;

  // The model's input columns: InputSpec.columns, or n_features() nullable
  // float columns for a model without them (format 1.0).
  const std::vector<InputColumn>& input_columns() const;
  // Whether some step reads input column j, one entry per input column (1:
  // read). A column no step reads (one a ColumnTransformer puts in no group
  // and drops) may hold values of any type in a table; it is never loaded.
  const std::vector<uint8_t>& input_read() const;
  // Doubles of workspace a prediction holds per row of a block (a block is
  // up to 64 rows, fewer for wide models; one per thread): the input row,
  // the two buffers the steps pass between them, the steps' scratch and the
  // raw scores. Linear in the widest intermediate row, which a transformer
  // may make far wider than the input (a OneHotEncoder column of 2^24 slots).
  uint64_t workspace_per_row() const;

  class Impl;

 private:
  explicit Predictor(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace modelseal

#endif  // MODELSEAL_PREDICTOR_H_

// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
#include "inference/kernels.h"

#include <cmath>
#include <limits>

namespace modelseal::inference {

size_t ArgMax(const double* v, size_t n) {
  size_t best = 0;
  if (std::isnan(v[0])) return 0;
  for (size_t j = 1; j < n; ++j) {
    if (std::isnan(v[j])) return j;
    if (v[j] > v[best]) best = j;
  }
  return best;
}

namespace {

// numpy's pairwise_sum (PW_BLOCKSIZE 128). Recursion depth is log2(n / 128).
double PairwiseSum(const double* v, size_t n) {
  if (n < 8) {
    double res = -0.0;
    for (size_t i = 0; i < n; ++i) res += v[i];
    return res;
  }
  if (n <= 128) {
    double r[8];
    for (size_t j = 0; j < 8; ++j) r[j] = v[j];
    size_t i = 8;
    for (; i < n - n % 8; i += 8) {
      for (size_t j = 0; j < 8; ++j) r[j] += v[i + j];
    }
    double res =
        ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
    for (; i < n; ++i) res += v[i];
    return res;
  }
  size_t n2 = n / 2;
  n2 -= n2 % 8;
  return PairwiseSum(v, n2) + PairwiseSum(v + n2, n - n2);
}

}  // namespace

double NumpyRowSum(const double* v, size_t n) {
  return 0.0 + PairwiseSum(v, n);
}

void SoftmaxInPlace(double* v, size_t n, RowSum sum_order) {
  double max = v[0];  // numpy's max: nan propagates
  for (size_t j = 1; j < n; ++j) {
    if (std::isnan(v[j]) || v[j] > max) max = v[j];
  }
  for (size_t j = 0; j < n; ++j) v[j] -= max;
  for (size_t j = 0; j < n; ++j) v[j] = std::exp(v[j]);
  double sum = 0;
  if (sum_order == RowSum::kNumpyPairwise) {
    sum = NumpyRowSum(v, n);
  } else {
    for (size_t j = 0; j < n; ++j) sum += v[j];
  }
  for (size_t j = 0; j < n; ++j) v[j] /= sum;
}

}  // namespace modelseal::inference

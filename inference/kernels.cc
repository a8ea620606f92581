// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
#include "inference/kernels.h"

#include <cmath>
#include <limits>

#include "core/pairwise_sum.h"

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

double NumpyRowSum(const double* v, size_t n) {
  return 0.0 + NumpyPairwiseSum(v, n);
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

std::vector<double> SquaredRowNorms(const double* m, size_t rows, size_t n) {
  std::vector<double> out(rows);
  for (size_t i = 0; i < rows; ++i) out[i] = Dot(m + i * n, m + i * n, n);
  return out;
}

void DiscriminantLogSoftmax(const double* d, size_t n, bool log, double* out) {
  double max = d[0];  // numpy's max: nan propagates
  for (size_t j = 1; j < n && !std::isnan(max); ++j) {
    if (std::isnan(d[j]) || d[j] > max) max = d[j];
  }
  for (size_t j = 0; j < n; ++j) out[j] = std::exp(d[j] - max);
  const double lse = std::log(NumpyRowSum(out, n));
  for (size_t j = 0; j < n; ++j) {
    out[j] = (d[j] - max) - lse;
    if (!log) out[j] = std::exp(out[j]);
  }
}

}  // namespace modelseal::inference

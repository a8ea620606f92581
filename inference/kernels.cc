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

void SoftmaxInPlace(double* v, size_t n) {
  double max = v[0];  // numpy's max: nan propagates
  for (size_t j = 1; j < n; ++j) {
    if (std::isnan(v[j]) || v[j] > max) max = v[j];
  }
  double sum = 0;
  for (size_t j = 0; j < n; ++j) {
    v[j] = std::exp(v[j] - max);
    sum += v[j];
  }
  for (size_t j = 0; j < n; ++j) v[j] /= sum;
}

}  // namespace modelseal::inference

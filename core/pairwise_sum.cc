// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
#include "core/pairwise_sum.h"

namespace modelseal {
namespace {

template <typename T>
T PairwiseSum(const T* v, size_t n) {
  if (n < 8) {
    T res = -0.0;
    for (size_t i = 0; i < n; ++i) res += v[i];
    return res;
  }
  if (n <= 128) {
    T r[8];
    for (size_t j = 0; j < 8; ++j) r[j] = v[j];
    size_t i = 8;
    for (; i < n - n % 8; i += 8) {
      for (size_t j = 0; j < 8; ++j) r[j] += v[i + j];
    }
    T res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
    for (; i < n; ++i) res += v[i];
    return res;
  }
  size_t n2 = n / 2;
  n2 -= n2 % 8;
  return PairwiseSum(v, n2) + PairwiseSum(v + n2, n - n2);
}

}  // namespace

double NumpyPairwiseSum(const double* v, size_t n) { return PairwiseSum(v, n); }
float NumpyPairwiseSum(const float* v, size_t n) { return PairwiseSum(v, n); }

}  // namespace modelseal

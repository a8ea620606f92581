// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// numpy's pairwise summation, bit for bit: what add.reduce runs along a
// contiguous axis (sum(axis=-1) of a C-order array, mean). Shared by the
// inference kernels (softmax row sums) and the mappers (values numpy
// computed at fit or predict time).
#ifndef MODELSEAL_CORE_PAIRWISE_SUM_H_
#define MODELSEAL_CORE_PAIRWISE_SUM_H_

#include <cstddef>

namespace modelseal {

// numpy's pairwise_sum of n contiguous doubles (PW_BLOCKSIZE 128: below 8
// values left to right from -0.0, up to 128 in 8 partial sums, above that
// split in halves rounded to a multiple of 8). Recursion depth is
// log2(n / 128).
double NumpyPairwiseSum(const double* v, size_t n);
// The same for float32 (numpy sums float32 in float32 accumulators).
float NumpyPairwiseSum(const float* v, size_t n);

}  // namespace modelseal

#endif  // MODELSEAL_CORE_PAIRWISE_SUM_H_

// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// The rounding of scikit-learn's BLAS dot products, replayed. scikit-learn's
// euclidean distances (EuclideanArgKmin, EuclideanRadiusNeighbors) take the
// squared norms from BLAS ddot and the middle terms from BLAS dgemm,
// through scipy's cython_blas: scipy's own OpenBLAS build, whose kernels
// are chosen for the CPU at run time. Which rows tie, and which lie on a
// radius, depend on the last bit of those sums, so the engine does not
// call its own BLAS (Debian's OpenBLAS 0.3.21 picks other kernels, or its
// generic Prescott kernel on CPUs it does not know) but replays the order
// in which scipy's OpenBLAS (0.3.2x-0.3.31, x86-64) adds:
//
// - dgemm, per element: one fused multiply-add chain from 0 over the
//   shared dimension, then times alpha (its Haswell and SkylakeX kernels;
//   measured equal on every shape tried with the SkylakeX kernel, and on
//   all but odd edge blocks with the Haswell kernel);
// - ddot with n values (kernel/x86_64/ddot.c): the first n & -16 values
//   in a vector kernel, the rest added to its sum one by one. SkylakeX
//   kernel (AVX-512 CPUs): the first n & -32 values into four 8-lane
//   fused multiply-add accumulators, whose halves are then added into
//   four 4-lane ones, the next 16-value blocks into those four, lane-wise
//   ((a0 + a1) + a2) + a3, then (l0 + l2) + (l1 + l3); the rest as fused
//   multiply-adds. Haswell kernel (AVX2 + FMA CPUs, AMD Zen too): 16-value
//   blocks into four 4-lane fused multiply-add accumulators, each folded
//   to two lanes (l0 + l2, l1 + l3), then (f0 + f1) + (f2 + f3) lane-wise
//   and the two lanes added; the rest as a multiply then an add.
//
// Measured against scipy.linalg.blas.ddot (scipy 1.17.1's OpenBLAS 0.3.31)
// with OPENBLAS_CORETYPE SkylakeX, SapphireRapids, Haswell and Zen: equal
// on every length 1 to 79, 100, 128, 200 and 513 (300 vectors each).
// Header-only: the kinds that search a stored training set include it.
#ifndef MODELSEAL_KINDS_NEIGHBORS_BLAS_ORDER_H_
#define MODELSEAL_KINDS_NEIGHBORS_BLAS_ORDER_H_

#include <cmath>
#include <cstddef>

namespace modelseal::neighbors_internal {

// Which of scipy's OpenBLAS kernels the CPU gets: SkylakeX where the CPU
// and OS have AVX-512 (F, CD, BW, DQ, VL), Haswell where they have AVX2 and
// FMA, else neither (then the engine adds as the Haswell kernel does, a
// best effort: scipy's older kernels are not replayed).
enum class BlasKernel { kSkylakeX, kHaswell };

inline BlasKernel DetectBlasKernel() {
#if defined(__x86_64__) && defined(__GNUC__)
  static const BlasKernel kernel = __builtin_cpu_supports("avx512f") &&
                                           __builtin_cpu_supports("avx512cd") &&
                                           __builtin_cpu_supports("avx512bw") &&
                                           __builtin_cpu_supports("avx512dq") &&
                                           __builtin_cpu_supports("avx512vl")
                                       ? BlasKernel::kSkylakeX
                                       : BlasKernel::kHaswell;
  return kernel;
#else
  return BlasKernel::kHaswell;
#endif
}

// x . y as scipy's OpenBLAS ddot adds it on `kernel` (see the top).
inline double ReplayDdot(const double* x, const double* y, size_t n,
                         BlasKernel kernel) {
  const size_t n1 = n & ~size_t{15};
  double dot = 0.0;
  if (n1 != 0) {
    double a[4][4] = {};
    size_t i = 0;
    if (kernel == BlasKernel::kSkylakeX) {
      const size_t n32 = n1 & ~size_t{31};
      double z[4][8] = {};
      for (; i < n32; i += 32) {
        for (size_t j = 0; j < 4; ++j) {
          for (size_t l = 0; l < 8; ++l) {
            z[j][l] = std::fma(x[i + 8 * j + l], y[i + 8 * j + l], z[j][l]);
          }
        }
      }
      for (size_t j = 0; j < 4; ++j) {
        for (size_t l = 0; l < 4; ++l) a[j][l] = z[j][l] + z[j][l + 4];
      }
    }
    for (; i < n1; i += 16) {
      for (size_t j = 0; j < 4; ++j) {
        for (size_t l = 0; l < 4; ++l) {
          a[j][l] = std::fma(x[i + 4 * j + l], y[i + 4 * j + l], a[j][l]);
        }
      }
    }
    if (kernel == BlasKernel::kSkylakeX) {
      double t[4];
      for (size_t l = 0; l < 4; ++l) {
        t[l] = ((a[0][l] + a[1][l]) + a[2][l]) + a[3][l];
      }
      dot = (t[0] + t[2]) + (t[1] + t[3]);
    } else {
      double f[4][2];
      for (size_t j = 0; j < 4; ++j) {
        f[j][0] = a[j][0] + a[j][2];
        f[j][1] = a[j][1] + a[j][3];
      }
      double s[2];
      for (size_t l = 0; l < 2; ++l) {
        s[l] = (f[0][l] + f[1][l]) + (f[2][l] + f[3][l]);
      }
      dot = s[0] + s[1];
    }
  }
  for (size_t i = n1; i < n; ++i) {
    if (kernel == BlasKernel::kSkylakeX) {
      dot = std::fma(y[i], x[i], dot);
    } else {
      const double p = y[i] * x[i];
      dot += p;
    }
  }
  return dot;
}

}  // namespace modelseal::neighbors_internal

#endif  // MODELSEAL_KINDS_NEIGHBORS_BLAS_ORDER_H_

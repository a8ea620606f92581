// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// The OpenBLAS that modelseal links gives every thread the product it
// gives one thread alone. Debian 12's serial build does not: with two
// threads calling dgemm on small blocks (64 x 30 by 30 x 3, a Gaussian
// mixture's), about one call in ten returned wrong values (measured with
// 200,000 calls a thread), which made n_threads = 2 predictions differ
// from n_threads = 1 ones.
#include "inference/blas.h"

#include <cblas.h>
#include <gtest/gtest.h>

#include <cstring>
#include <random>
#include <thread>
#include <vector>

namespace modelseal::inference {
namespace {

struct Product {
  int m, n, k;
};

// How many of `calls` products a @ b.T differ from `want` in any bit.
int CountWrong(const Product& p, const std::vector<double>& a,
               const std::vector<double>& b, const std::vector<double>& want,
               int calls) {
  std::vector<double> c(want.size());
  int wrong = 0;
  for (int i = 0; i < calls; ++i) {
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, p.m, p.n, p.k, 1.0,
                a.data(), p.k, b.data(), p.k, 0.0, c.data(), p.n);
    if (std::memcmp(c.data(), want.data(), c.size() * sizeof(double)) != 0) {
      ++wrong;
    }
  }
  return wrong;
}

TEST(Blas, ConcurrentProductsEqualTheOneThreadProduct) {
  UseOneBlasThreadPerCaller();
  std::mt19937_64 gen(7);
  std::normal_distribution<double> normal;
  for (const Product p :
       {Product{64, 3, 30}, Product{64, 100, 30}, Product{64, 256, 256}}) {
    std::vector<double> a(p.m * p.k), b(p.n * p.k), want(p.m * p.n);
    for (double& v : a) v = normal(gen);
    for (double& v : b) v = normal(gen);
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, p.m, p.n, p.k, 1.0,
                a.data(), p.k, b.data(), p.k, 0.0, want.data(), p.n);
    const int calls = p.k > 100 ? 200 : 20000;
    int wrong[2] = {0, 0};
    std::thread other([&] { wrong[1] = CountWrong(p, a, b, want, calls); });
    wrong[0] = CountWrong(p, a, b, want, calls);
    other.join();
    EXPECT_EQ(wrong[0], 0) << p.m << "x" << p.k << " by " << p.k << "x" << p.n;
    EXPECT_EQ(wrong[1], 0) << p.m << "x" << p.k << " by " << p.k << "x" << p.n;
  }
}

TEST(Blas, OpenBlasRunsOnTheCallingThread) {
  UseOneBlasThreadPerCaller();
  EXPECT_EQ(openblas_get_num_threads(), 1);
}

}  // namespace
}  // namespace modelseal::inference

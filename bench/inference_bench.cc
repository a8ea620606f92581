// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Inference throughput on synthetic models: a 100-tree random forest
// (depth 10) and a 100-iteration HistGradientBoosting classifier (depth 6),
// single-row calls and a batch of rows on 1 and 2 threads, reported as
// nanoseconds per tree per row.
//
//   inference_bench [--rows N] [--single N] [--repeat N] [--smoke]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <string>
#include <vector>

#include "inference/synthetic.h"
#include "modelseal/predictor.h"

namespace {

using modelseal::MatrixView;
using modelseal::Predictor;

double Seconds(std::chrono::steady_clock::duration d) {
  return std::chrono::duration<double>(d).count();
}

double ProcessCpuSeconds() {
  timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

struct Timing {
  double wall = 1e300;  // best wall-clock seconds
  double cpu = 1e300;   // best CPU seconds of the process (all threads)
};

// Best of `repeat` runs of fn(). CPU time is reported too because wall
// time is unreliable on a loaded machine.
template <typename Fn>
Timing BestOf(int repeat, Fn fn) {
  Timing best;
  for (int i = 0; i < repeat; ++i) {
    const double c0 = ProcessCpuSeconds();
    auto t0 = std::chrono::steady_clock::now();
    fn();
    best.wall =
        std::min(best.wall, Seconds(std::chrono::steady_clock::now() - t0));
    best.cpu = std::min(best.cpu, ProcessCpuSeconds() - c0);
  }
  return best;
}

bool Run(const char* name, const modelseal::Model& model, uint64_t n_trees,
         uint64_t rows, uint64_t single_rows, int repeat) {
  auto p = Predictor::Create(model);
  if (!p.ok()) {
    std::fprintf(stderr, "%s: %s\n", name, p.status().ToString().c_str());
    return false;
  }
  const uint32_t nf = static_cast<uint32_t>(model.input.n_features);
  std::vector<double> x =
      modelseal::synthetic::RandomMatrix(rows, nf, 0.02, 11);
  bool ok = true;
  uint64_t checksum = 0;

  // Single-row calls (the latency case): one Predict per row.
  const Timing single = BestOf(repeat, [&] {
    modelseal::PredictOutput out;
    for (uint64_t r = 0; r < single_rows; ++r) {
      MatrixView row{x.data() + r * nf, modelseal::DType::kFloat64, 1, nf};
      ok &= (*p)->Predict(row, &out).ok();
      checksum += static_cast<uint64_t>(out.classes.data[0]);
    }
  });
  std::printf(
      "%-16s single-row    1 thread : %7.2f ns/tree/row wall, %7.2f cpu "
      "(%.2f us/row)\n",
      name, single.wall * 1e9 / (single_rows * n_trees),
      single.cpu * 1e9 / (single_rows * n_trees),
      single.wall * 1e6 / single_rows);

  for (unsigned threads : {1u, 2u}) {
    const Timing batch = BestOf(repeat, [&] {
      modelseal::PredictOutput out;
      MatrixView all{x.data(), modelseal::DType::kFloat64, rows, nf};
      ok &= (*p)->Predict(all, &out, {.n_threads = threads}).ok();
      checksum += static_cast<uint64_t>(out.classes.data[rows / 2]);
    });
    std::printf(
        "%-16s batch %-7llu %u thread%s: %7.2f ns/tree/row wall, %7.2f cpu "
        "(%.1f ms)\n",
        name, static_cast<unsigned long long>(rows), threads,
        threads == 1 ? " " : "s", batch.wall * 1e9 / (rows * n_trees),
        batch.cpu * 1e9 / (rows * n_trees), batch.wall * 1e3);
  }
  if (!ok) std::fprintf(stderr, "%s: a predict call failed\n", name);
  std::printf("%-16s (checksum %llu)\n", name,
              static_cast<unsigned long long>(checksum));
  return ok;
}

}  // namespace

int main(int argc, char** argv) {
  uint64_t rows = 100000, single = 10000;
  int repeat = 3;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--smoke")) {
      rows = 2000;
      single = 200;
      repeat = 1;
    } else if (!std::strcmp(argv[i], "--rows") && i + 1 < argc) {
      rows = std::strtoull(argv[++i], nullptr, 10);
    } else if (!std::strcmp(argv[i], "--single") && i + 1 < argc) {
      single = std::strtoull(argv[++i], nullptr, 10);
    } else if (!std::strcmp(argv[i], "--repeat") && i + 1 < argc) {
      repeat = std::atoi(argv[++i]);
    } else {
      std::fprintf(stderr,
                   "usage: inference_bench [--rows N] [--single N] "
                   "[--repeat N] [--smoke]\n");
      return 2;
    }
  }
  if (rows < 2 || single < 1 || single > rows || repeat < 1) {
    std::fprintf(stderr, "inference_bench: bad sizes\n");
    return 2;
  }
  const uint32_t n_features = 20;
  bool ok = Run(
      "forest(100,d10)",
      modelseal::synthetic::RandomForestClassifier(100, 10, n_features, 3, 1),
      100, rows, single, repeat);
  ok &= Run("hgb(100,d6)",
            modelseal::synthetic::RandomHistGradientBoostingClassifier(
                100, 6, n_features, 2),
            100, rows, single, repeat);
  return ok ? 0 : 1;
}

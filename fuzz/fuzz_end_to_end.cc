// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Fuzz target, in process: the whole path after the signature check —
// parse and validate a .seal file, build a Predictor, and run every method
// of the model on one row — so that inference runs on every input the
// validator accepts.
//
// The row's values are picked from a list of awkward numbers (zero, signs,
// nan, infinities, huge values, category-like integers) by a hash of the
// input, so every accepted model also sees special values.
// Oracles: a model that ParseModel accepted must be accepted by
// Predictor::Create (the predictor's re-checks must not disagree with the
// validator); methods fail only with a status, never by crashing.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

#include "fuzz/fuzz_util.h"
#include "fuzz/seal_mutator.h"
#include "modelseal/format.h"
#include "modelseal/predictor.h"

namespace {

// Above this many features, or this many doubles of workspace per row, the
// check only builds the predictor: a prediction's cost is linear in the
// widest row a step makes, and under this build one call on a 2^24-column
// OneHotEncoder output takes seconds (18 calls per input would pass
// libFuzzer's timeout). The inference tests cover wide rows.
constexpr uint64_t kMaxRowFeatures = 1 << 14;
constexpr uint64_t kMaxRowWorkspace = 1 << 20;

uint64_t Fnv1a(const uint8_t* data, size_t size) {
  uint64_t h = 1469598103934665603ull;
  for (size_t i = 0; i < size; ++i) {
    h = (h ^ data[i]) * 1099511628211ull;
  }
  return h;
}

template <typename T>
void RunAll(const modelseal::Predictor& p, const std::vector<T>& row,
            modelseal::DType dtype) {
  const modelseal::MatrixView x{row.data(), dtype, 1, row.size()};
  modelseal::PredictOutput out;
  (void)p.Predict(x, &out);
  std::vector<modelseal::Matrix<double>> proba;
  (void)p.PredictProba(x, &proba);
  modelseal::Matrix<double> scores;
  (void)p.DecisionFunction(x, &scores);
  modelseal::Matrix<double> transformed;
  (void)p.Transform(x, &transformed);
  // Two threads over zero and one rows: the range splitting edge cases.
  const modelseal::PredictOptions two{2};
  const modelseal::MatrixView empty{nullptr, dtype, 0, row.size()};
  (void)p.Predict(empty, &out, two);
  (void)p.Predict(x, &out, two);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using modelseal::fuzz::Fail;
  modelseal::fuzz::AlignedBytes in = modelseal::fuzz::CopyAligned(data, size);
  auto model = modelseal::ParseModel(in.bytes, in.owner);
  if (!model.ok()) return 0;
  auto predictor = modelseal::Predictor::Create(*model);
  if (!predictor.ok()) {
    __builtin_fprintf(stderr, "%s\n", predictor.status().ToString().c_str());
    Fail("Predictor::Create rejects a model that ParseModel accepted");
  }
  const uint64_t n = (*predictor)->n_features();
  if (n > kMaxRowFeatures ||
      (*predictor)->workspace_per_row() > kMaxRowWorkspace) {
    return 0;
  }
  static const double kValues[] = {0.0,
                                   1.0,
                                   -1.0,
                                   0.5,
                                   -0.0,
                                   3.0,
                                   255.0,
                                   256.0,
                                   -2.5,
                                   1e30,
                                   -1e300,
                                   std::numeric_limits<double>::quiet_NaN(),
                                   std::numeric_limits<double>::infinity(),
                                   -std::numeric_limits<double>::infinity(),
                                   std::numeric_limits<double>::denorm_min(),
                                   3.4028235677973366e38};
  constexpr size_t kNumValues = sizeof(kValues) / sizeof(kValues[0]);
  uint64_t h = Fnv1a(data, size);
  std::vector<double> row(n);
  std::vector<double> finite_row(n);
  for (uint64_t i = 0; i < n; ++i) {
    row[i] = kValues[h % kNumValues];
    finite_row[i] = static_cast<double>(static_cast<int64_t>(h % 7) - 2);
    h = h * 6364136223846793005ull + 1442695040888963407ull;
  }
  RunAll(**predictor, row, modelseal::DType::kFloat64);
  RunAll(**predictor, finite_row, modelseal::DType::kFloat64);
  // float32 input: values beyond float's range are clamped here (the
  // conversion would be undefined), infinities and nan stay.
  std::vector<float> row32(n);
  for (uint64_t i = 0; i < n; ++i) {
    const double v = row[i];
    const double max = std::numeric_limits<float>::max();
    row32[i] = std::isfinite(v) && std::fabs(v) > max
                   ? static_cast<float>(std::copysign(max, v))
                   : static_cast<float>(v);
  }
  RunAll(**predictor, row32, modelseal::DType::kFloat32);
  return 0;
}

// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// "modelseal through C++" in bench/compare.py: loads one signed model file
// with the production loader (loader.h) and measures, in this order,
//   1. the first load in this fresh process, stage by stage (read + hash,
//      verify, sandbox, decode; predictor build), the growth of this
//      process's RSS during it (peak VmHWM, reset just before, minus VmRSS
//      before) and the helper's peak RSS (getrusage RUSAGE_CHILDREN);
//   2. `--loads` more loads in the same (warm) process: per-stage medians;
//   3. single-row predict latency over the first `--single` rows of X, one
//      Predict call per row: median and p99;
//   4. predict over all rows of X with each thread count of `--threads`:
//      the best of `--repeat` runs.
// It prints one JSON object on stdout, and writes the batch predictions
// (class indices as int64 for classifiers, float64 values for regressors,
// row-major [rows, n_outputs]) to `--predictions` when given, for
// compare.py to check against scikit-learn.
//
//   load_predict_bench --model M.seal --public-key P.pub --x X.f64
//       --rows R --cols C [--loads N] [--single N] [--repeat N]
//       [--threads 1,2] [--predictions OUT]
// X is raw little-endian float64, R*C values, row-major. The sandbox helper
// is found as the loader finds it (MODELSEAL_SANDBOX_HELPER, or beside the
// binary). Exit status: 0 ok, 1 a load or predict failed, 2 usage.
#include <sys/resource.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "core/file_util.h"
#include "modelseal/loader.h"
#include "modelseal/predictor.h"
#include "modelseal/signing.h"

namespace {

using Clock = std::chrono::steady_clock;

double Ms(Clock::duration d) {
  return std::chrono::duration<double, std::milli>(d).count();
}

// Peak resident set size in KiB of this process or of its reaped children.
long MaxRssKb(int who) {
  struct rusage usage {};
  if (getrusage(who, &usage) != 0) return -1;
  return usage.ru_maxrss;
}

// A "Vm...:" field of /proc/self/status in KiB, or -1.
long StatusKb(const char* field) {
  FILE* f = std::fopen("/proc/self/status", "r");
  if (f == nullptr) return -1;
  char line[256];
  long value = -1;
  const size_t n = std::strlen(field);
  while (std::fgets(line, sizeof line, f) != nullptr) {
    if (std::strncmp(line, field, n) == 0 && line[n] == ':') {
      value = std::strtol(line + n + 1, nullptr, 10);
      break;
    }
  }
  std::fclose(f);
  return value;
}

// Resets VmHWM (the peak RSS) to the current RSS: Linux clear_refs "5".
bool ResetPeakRss() {
  FILE* f = std::fopen("/proc/self/clear_refs", "w");
  if (f == nullptr) return false;
  const bool ok = std::fputs("5", f) >= 0;
  return std::fclose(f) == 0 && ok;
}

// The q-quantile (0..1) of `v` by the nearest-rank method; `v` is sorted.
double Quantile(std::vector<double> v, double q) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  size_t rank = static_cast<size_t>(q * static_cast<double>(v.size()) + 0.5);
  rank = std::clamp<size_t>(rank, 1, v.size());
  return v[rank - 1];
}

struct Args {
  std::string model, public_key, x, predictions;
  uint64_t rows = 0, cols = 0, single = 1000;
  int loads = 10, repeat = 3;
  std::vector<unsigned> threads = {1, 2};
};

bool ParseUnsigned(const char* text, uint64_t max, uint64_t* out) {
  char* end = nullptr;
  errno = 0;
  unsigned long long v = std::strtoull(text, &end, 10);
  if (errno != 0 || end == text || *end != '\0' || v > max) return false;
  *out = v;
  return true;
}

bool ParseThreads(const char* text, std::vector<unsigned>* out) {
  out->clear();
  std::string s(text);
  size_t start = 0;
  while (start <= s.size()) {
    size_t comma = s.find(',', start);
    if (comma == std::string::npos) comma = s.size();
    uint64_t t = 0;
    if (!ParseUnsigned(s.substr(start, comma - start).c_str(),
                       modelseal::kMaxPredictThreads, &t) ||
        t == 0) {
      return false;
    }
    out->push_back(static_cast<unsigned>(t));
    start = comma + 1;
  }
  return !out->empty();
}

bool ParseArgs(int argc, char** argv, Args* a) {
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (i + 1 >= argc) return false;
    const char* v = argv[++i];
    uint64_t n = 0;
    if (flag == "--model") {
      a->model = v;
    } else if (flag == "--public-key") {
      a->public_key = v;
    } else if (flag == "--x") {
      a->x = v;
    } else if (flag == "--predictions") {
      a->predictions = v;
    } else if (flag == "--rows" && ParseUnsigned(v, 1ull << 32, &n)) {
      a->rows = n;
    } else if (flag == "--cols" && ParseUnsigned(v, 1ull << 24, &n)) {
      a->cols = n;
    } else if (flag == "--single" && ParseUnsigned(v, 1ull << 32, &n)) {
      a->single = n;
    } else if (flag == "--loads" && ParseUnsigned(v, 100000, &n)) {
      a->loads = static_cast<int>(n);
    } else if (flag == "--repeat" && ParseUnsigned(v, 1000, &n) && n > 0) {
      a->repeat = static_cast<int>(n);
    } else if (flag == "--threads" && ParseThreads(v, &a->threads)) {
    } else {
      return false;
    }
  }
  return !a->model.empty() && !a->public_key.empty() && !a->x.empty() &&
         a->rows > 0 && a->cols > 0 && a->single <= a->rows;
}

struct TimedLoad {
  modelseal::LoadTimings stages;
  double predictor_ms = 0;
  double total_ms = 0;  // the load call plus the predictor build
  std::unique_ptr<modelseal::Predictor> predictor;
  uint64_t file_size = 0;
};

// One load as an application does it: LoadModelFile with build_predictor
// (the predictor is built while the host re-validates the model).
bool Load(const Args& a, const modelseal::LoadOptions& options,
          TimedLoad* out) {
  const auto t0 = Clock::now();
  auto loaded = modelseal::LoadModelFile(a.model, options);
  if (!loaded.ok()) {
    std::fprintf(stderr, "load_predict_bench: %s\n",
                 loaded.status().ToString().c_str());
    return false;
  }
  const auto t1 = Clock::now();
  out->stages = loaded->timings;
  out->predictor_ms = loaded->timings.predictor_ms;
  out->total_ms = Ms(t1 - t0);
  out->predictor = std::move(loaded->predictor);
  out->file_size = loaded->file_size;
  return true;
}

void PrintStages(const char* key, const modelseal::LoadTimings& s,
                 double predictor_ms, double total_ms) {
  std::printf(
      "  \"%s\": {\"read_and_hash_ms\": %.6f, \"verify_ms\": %.6f, "
      "\"sandbox_ms\": %.6f, \"decode_ms\": %.6f, \"predictor_ms\": %.6f, "
      "\"total_ms\": %.6f},\n",
      key, s.read_and_hash_ms, s.verify_ms, s.sandbox_ms, s.decode_ms,
      predictor_ms, total_ms);
}

int Run(const Args& a) {
  // The trust policy: exactly the benchmark's public key.
  auto key_text = modelseal::ReadTextFileBounded(a.public_key, 4096);
  if (!key_text.ok()) {
    std::fprintf(stderr, "load_predict_bench: %s\n",
                 key_text.status().ToString().c_str());
    return 1;
  }
  auto key = modelseal::signing::ParsePublicKeyFile(*key_text);
  if (!key.ok()) {
    std::fprintf(stderr, "load_predict_bench: %s\n",
                 key.status().ToString().c_str());
    return 1;
  }
  auto policy = modelseal::signing::TrustPolicy::FromPublicKeys({*key});
  if (!policy.ok()) {
    std::fprintf(stderr, "load_predict_bench: %s\n",
                 policy.status().ToString().c_str());
    return 1;
  }
  modelseal::LoadOptions options;
  options.policy = *policy;
  options.build_predictor = true;

  // 1. The first load of this process, before X is read (so that the peak
  // RSS growth is the load's).
  // The peak is VmHWM after a reset, or ru_maxrss where that fails.
  // What the RSS consists of, before and after (the loaded model alive):
  // anonymous memory (decode, predictor), file-backed pages (code run for
  // the first time: shared page cache, not model data) and shared memory
  // (the sealed copy of the file).
  const char* const kParts[] = {"RssAnon", "RssFile", "RssShmem"};
  long parts_before[3];
  for (int i = 0; i < 3; ++i) parts_before[i] = StatusKb(kParts[i]);
  const bool reset = ResetPeakRss();
  const long rss_before = reset ? StatusKb("VmRSS") : MaxRssKb(RUSAGE_SELF);
  TimedLoad first;
  if (!Load(a, options, &first)) return 1;
  const long rss_after = reset ? StatusKb("VmHWM") : MaxRssKb(RUSAGE_SELF);
  long parts_growth[3];
  for (int i = 0; i < 3; ++i) {
    parts_growth[i] = StatusKb(kParts[i]) - parts_before[i];
  }
  const long helper_rss = MaxRssKb(RUSAGE_CHILDREN);

  // 2. Warm loads.
  std::vector<double> hash, verify, sandbox, decode, build, total;
  for (int i = 0; i < a.loads; ++i) {
    TimedLoad again;
    if (!Load(a, options, &again)) return 1;
    hash.push_back(again.stages.read_and_hash_ms);
    verify.push_back(again.stages.verify_ms);
    sandbox.push_back(again.stages.sandbox_ms);
    decode.push_back(again.stages.decode_ms);
    build.push_back(again.predictor_ms);
    total.push_back(again.total_ms);
  }

  // 3. and 4. need X.
  auto x_bytes = modelseal::ReadFileBounded(a.x, a.rows * a.cols * 8);
  if (!x_bytes.ok() || x_bytes->size() != a.rows * a.cols * 8) {
    std::fprintf(stderr, "load_predict_bench: %s: expected %llu bytes\n",
                 a.x.c_str(),
                 static_cast<unsigned long long>(a.rows * a.cols * 8));
    return 1;
  }
  std::vector<double> x(a.rows * a.cols);
  std::memcpy(x.data(), x_bytes->data(), x_bytes->size());
  x_bytes = std::vector<std::byte>();
  const modelseal::Predictor& p = *first.predictor;
  const bool classifier = p.task() == modelseal::Task::kClassification;

  std::vector<double> single_us;
  single_us.reserve(a.single);
  modelseal::PredictOutput out;
  for (uint64_t r = 0; r < a.single; ++r) {
    modelseal::MatrixView row{x.data() + r * a.cols, modelseal::DType::kFloat64,
                              1, a.cols};
    const auto t0 = Clock::now();
    modelseal::Status s = p.Predict(row, &out);
    const auto t1 = Clock::now();
    if (!s.ok()) {
      std::fprintf(stderr, "load_predict_bench: row %llu: %s\n",
                   static_cast<unsigned long long>(r), s.ToString().c_str());
      return 1;
    }
    single_us.push_back(Ms(t1 - t0) * 1000.0);
  }

  struct BatchResult {
    unsigned threads;
    double best_ms;
  };
  std::vector<BatchResult> batches;
  const modelseal::MatrixView all{x.data(), modelseal::DType::kFloat64, a.rows,
                                  a.cols};
  for (unsigned threads : a.threads) {
    double best = 1e300;
    for (int i = 0; i < a.repeat; ++i) {
      const auto t0 = Clock::now();
      modelseal::Status s = p.Predict(all, &out, {.n_threads = threads});
      const double ms = Ms(Clock::now() - t0);
      if (!s.ok()) {
        std::fprintf(stderr, "load_predict_bench: batch: %s\n",
                     s.ToString().c_str());
        return 1;
      }
      best = std::min(best, ms);
    }
    batches.push_back({threads, best});
  }
  if (!a.predictions.empty()) {
    std::string bytes;
    if (classifier) {
      bytes.assign(reinterpret_cast<const char*>(out.classes.data.data()),
                   out.classes.data.size() * sizeof(int64_t));
    } else {
      bytes.assign(reinterpret_cast<const char*>(out.values.data.data()),
                   out.values.data.size() * sizeof(double));
    }
    modelseal::Status s = modelseal::WriteFileAtomic(a.predictions, bytes);
    if (!s.ok()) {
      std::fprintf(stderr, "load_predict_bench: %s\n", s.ToString().c_str());
      return 1;
    }
  }

  std::printf("{\n  \"file_size\": %llu,\n",
              static_cast<unsigned long long>(first.file_size));
  std::printf("  \"task\": \"%s\",\n",
              classifier ? "classification" : "regression");
  PrintStages("first_load", first.stages, first.predictor_ms, first.total_ms);
  modelseal::LoadTimings median{Quantile(hash, 0.5), Quantile(verify, 0.5),
                                Quantile(sandbox, 0.5), Quantile(decode, 0.5)};
  std::printf("  \"warm_loads\": %d,\n", a.loads);
  PrintStages("warm_load_median", median, Quantile(build, 0.5),
              Quantile(total, 0.5));
  std::printf(
      "  \"rss_kb_before_load\": %ld,\n  \"peak_rss_kb_after_load\": %ld,\n"
      "  \"helper_maxrss_kb\": %ld,\n",
      rss_before, rss_after, helper_rss);
  std::printf(
      "  \"rss_growth_parts_kb\": {\"anon\": %ld, \"file\": %ld, "
      "\"shmem\": %ld},\n",
      parts_growth[0], parts_growth[1], parts_growth[2]);
  std::printf(
      "  \"single_row\": {\"calls\": %zu, \"median_us\": %.6f, "
      "\"p99_us\": %.6f},\n",
      single_us.size(), Quantile(single_us, 0.5), Quantile(single_us, 0.99));
  std::printf("  \"batch_rows\": %llu,\n  \"batch\": [",
              static_cast<unsigned long long>(a.rows));
  for (size_t i = 0; i < batches.size(); ++i) {
    std::printf("%s{\"threads\": %u, \"best_ms\": %.6f}", i ? ", " : "",
                batches[i].threads, batches[i].best_ms);
  }
  std::printf("]\n}\n");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Args args;
  if (!ParseArgs(argc, argv, &args)) {
    std::fprintf(stderr,
                 "usage: load_predict_bench --model M.seal --public-key P.pub "
                 "--x X.f64 --rows R --cols C [--loads N] [--single N] "
                 "[--repeat N] [--threads 1,2] [--predictions OUT]\n");
    return 2;
  }
  return Run(args);
}

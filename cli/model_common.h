// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// What the model commands (inspect, predict, check) share: the trust
// options and loading, a progress line on a terminal, the input readers and
// the output file. Declared here, defined in cli/model_common.cc.
#ifndef MODELSEAL_CLI_MODEL_COMMON_H_
#define MODELSEAL_CLI_MODEL_COMMON_H_

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cli/input/csv.h"
#include "cli/input/npy.h"
#include "cli/input/typed_csv.h"
#include "cli/registry.h"
#include "cli/scorers.h"
#include "core/file_util.h"
#include "core/utf8.h"
#include "modelseal/loader.h"
#include "modelseal/predictor.h"

namespace modelseal::cli {

// ---- Progress on a terminal -------------------------------------------------

class Progress {
 public:
  Progress() : enabled_(::isatty(STDERR_FILENO) == 1) {}
  ~Progress() { Clear(); }
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  // Shows "<label>..." (no count).
  void Step(const std::string& label) {
    if (!enabled_) return;
    Clear();
    std::fprintf(stderr, "%s...", label.c_str());
    width_ = label.size() + 3;
    std::fflush(stderr);
  }
  // Shows "<label>: done/total (p%)" at most once per percent.
  void Count(const std::string& label, uint64_t done, uint64_t total) {
    if (!enabled_ || total == 0) return;
    int percent = static_cast<int>(done * 100 / total);
    if (percent == last_percent_ && done != total) return;
    last_percent_ = percent;
    std::string line = label + ": " + std::to_string(done) + "/" +
                       std::to_string(total) + " (" + std::to_string(percent) +
                       "%)";
    std::fprintf(stderr, "\r%s", line.c_str());
    if (line.size() < width_) {
      std::fprintf(stderr, "%s",
                   std::string(width_ - line.size(), ' ').c_str());
    }
    width_ = std::max(width_, line.size());
    std::fflush(stderr);
  }
  void Clear() {
    if (!enabled_ || width_ == 0) return;
    std::fprintf(stderr, "\r%s\r", std::string(width_, ' ').c_str());
    std::fflush(stderr);
    width_ = 0;
    last_percent_ = -1;
  }

 private:
  bool enabled_;
  size_t width_ = 0;
  int last_percent_ = -1;
};

// ---- Trust options and loading ---------------------------------------------

struct TrustArgs {
  std::string policy;
  std::vector<std::string> keys;
  bool insecure = false;
  std::optional<uint64_t> max_unsigned_size;
  std::string signature;
};

void AddTrustOptions(CLI::App* sub, TrustArgs& t);
Result<LoadOptions> MakeLoadOptions(const TrustArgs& t);
Result<LoadedModel> Load(const std::string& path, const TrustArgs& t,
                         Progress& progress);

// ---- Input files ------------------------------------------------------------

bool IsNpyPath(const std::string& path);

struct InputMatrix {
  uint64_t rows = 0;
  uint64_t cols = 0;
  std::vector<double> values;
  std::vector<std::string> header;  // CSV with --header
  bool csv = false;
  Target target;  // check only
  MatrixView view() const {
    return MatrixView{values.empty() ? nullptr : values.data(), DType::kFloat64,
                      rows, cols};
  }
};

constexpr uint64_t kMaxCsvFileBytes = CsvLimits().max_bytes;
constexpr uint64_t kMaxNpyFileBytes = NpyLimits().max_bytes;
// Reads `path` as CSV or .npy. `label` selects a CSV label column (check).
Result<InputMatrix> ReadInput(const std::string& path, bool header,
                              const CsvLabelColumn& label, bool allow_1d,
                              Progress& progress);

// Whether CSV input for this model is read by its input columns
// (cli/input/typed_csv.h): models with format 1.1 input columns. Others
// keep the numeric parser (csv.h).
bool UsesTypedCsv(const Predictor& predictor);
// Reads `path` as CSV typed by the predictor's input columns.
Result<TypedCsvTable> ReadTypedCsv(const std::string& path, bool header,
                                   const CsvLabelColumn& label,
                                   const Predictor& predictor,
                                   Progress& progress);
// Rewrites a predictor error on rows [first_row, ...) of a typed CSV into
// "<file>:<line>:<column>" when its context names a cell
// ("X['name'][row]" or "X[row][col]"); else prefixes the file name.
Status TypedCsvContext(const Status& s, uint64_t first_row,
                       const TypedCsvTable& t, const Predictor& predictor,
                       const std::string& path);

// ---- Output -----------------------------------------------------------------

// Writes to an atomically replaced file, or to stdout when `path` is empty.
class Output {
 public:
  Status Open(const std::string& path) {
    path_ = path;
    if (!path_.empty()) return file_.Open(path_);
    return Status::Ok();
  }
  Status Write(std::string_view data) {
    if (!path_.empty()) return file_.Write(data);
    if (std::fwrite(data.data(), 1, data.size(), stdout) != data.size()) {
      return Status(ErrorCode::kIoWrite, "stdout", "write failed");
    }
    return Status::Ok();
  }
  Status Commit() {
    if (!path_.empty()) return file_.Commit();
    if (std::fflush(stdout) != 0) {
      return Status(ErrorCode::kIoWrite, "stdout", "flush failed");
    }
    return Status::Ok();
  }

 private:
  std::string path_;
  AtomicFile file_;
};

std::string LabelText(const ClassLabels& classes, int64_t index);

// The subcommands (one file each), registered by RegisterModelCommands.
void RegisterInspectCommand(CLI::App& app, CommandRegistry& registry);
void RegisterPredictCommand(CLI::App& app, CommandRegistry& registry);
void RegisterCheckCommand(CLI::App& app, CommandRegistry& registry);

}  // namespace modelseal::cli

#endif  // MODELSEAL_CLI_MODEL_COMMON_H_

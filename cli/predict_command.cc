// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// `modelseal predict` (cli/model_commands.cc describes the command).
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "cli/input/csv.h"
#include "cli/input/npy.h"
#include "cli/input/text_util.h"
#include "cli/model_common.h"
#include "cli/registry.h"
#include "cli/scorers.h"
#include "core/file_util.h"
#include "modelseal/loader.h"
#include "modelseal/predictor.h"
#include "modelseal/signing.h"

namespace modelseal::cli {
namespace {

struct PredictArgs {
  std::string model;
  std::string input;
  std::string output;
  bool header = false;
  bool proba = false;
  bool decision = false;
  bool transform = false;
  unsigned threads = 1;
  TrustArgs trust;
};

constexpr size_t kBatchRows = 1 << 14;

// Rewrites a prediction error's context "X[row][col]" (row relative to a
// batch starting at `first_row`) into the input file's coordinates:
// "<file>:<line>:<column>" for CSV, "<file>:X[row][col]" for .npy.
Status InputContext(const Status& s, uint64_t first_row,
                    const std::string& path, bool csv, bool header) {
  unsigned long long row = 0, col = 0;
  char tail = 0;
  if (std::sscanf(s.context().c_str(), "X[%llu][%llu]%c", &row, &col, &tail) !=
      2) {
    return s.WithPrefix(path);
  }
  row += first_row;
  std::string where = csv ? path + ":" +
                                std::to_string(row + 1 + (header ? 1 : 0)) +
                                ":" + std::to_string(col + 1)
                          : path + ":X[" + std::to_string(row) + "][" +
                                std::to_string(col) + "]";
  return Status(s.code(), where, s.detail());
}

// Formats rows [begin, end) of one batch's results as CSV lines. String
// labels are written exactly (RFC 4180 quoting, CsvField), except on a
// terminal, where they are escaped first (EscapeForTerminal) so that a
// model's labels cannot drive it.
class PredictWriter {
 public:
  PredictWriter(const PredictArgs& a, const Predictor& p, bool terminal)
      : a_(a), p_(p), terminal_(terminal) {}

  std::string Header() const {
    if (!a_.proba) return "";
    const OutputSpec& out = p_.model().output;
    std::string line;
    for (size_t o = 0; o < out.classes.size(); ++o) {
      for (size_t c = 0; c < out.classes[o].count(); ++c) {
        if (!line.empty()) line += ",";
        std::string label = Label(out.classes[o], c);
        if (out.classes.size() > 1) label = std::to_string(o) + ":" + label;
        line += CsvField(label);
      }
    }
    return line + "\n";
  }

  // X: a MatrixView or a TableView (typed CSV).
  template <class View>
  Status Batch(const View& X, std::string* text) const {
    PredictOptions options;
    options.n_threads = a_.threads;
    const OutputSpec& spec = p_.model().output;
    if (a_.proba) {
      std::vector<Matrix<double>> proba;
      MODELSEAL_RETURN_IF_ERROR(p_.PredictProba(X, &proba, options));
      for (size_t r = 0; r < X.rows; ++r) {
        bool first = true;
        for (const Matrix<double>& m : proba) {
          for (size_t c = 0; c < m.cols; ++c) {
            if (!first) text->push_back(',');
            first = false;
            *text += FormatDouble(m.at(r, c));
          }
        }
        text->push_back('\n');
      }
      return Status::Ok();
    }
    if (a_.decision || a_.transform) {
      Matrix<double> m;
      if (a_.decision) {
        MODELSEAL_RETURN_IF_ERROR(p_.DecisionFunction(X, &m, options));
      } else {
        MODELSEAL_RETURN_IF_ERROR(p_.Transform(X, &m, options));
      }
      AppendMatrix(m, text);
      return Status::Ok();
    }
    PredictOutput out;
    MODELSEAL_RETURN_IF_ERROR(p_.Predict(X, &out, options));
    if (spec.task != Task::kClassification) {
      AppendMatrix(out.values, text);
      return Status::Ok();
    }
    for (size_t r = 0; r < out.classes.rows; ++r) {
      for (size_t o = 0; o < out.classes.cols; ++o) {
        if (o > 0) text->push_back(',');
        *text += CsvField(Label(spec.classes[o], out.classes.at(r, o)));
      }
      text->push_back('\n');
    }
    return Status::Ok();
  }

 private:
  static void AppendMatrix(const Matrix<double>& m, std::string* text) {
    for (size_t r = 0; r < m.rows; ++r) {
      for (size_t c = 0; c < m.cols; ++c) {
        if (c > 0) text->push_back(',');
        *text += FormatDouble(m.at(r, c));
      }
      text->push_back('\n');
    }
  }
  std::string Label(const ClassLabels& classes, int64_t index) const {
    std::string label = LabelText(classes, index);
    return terminal_ ? EscapeForTerminal(label) : label;
  }
  const PredictArgs& a_;
  const Predictor& p_;
  const bool terminal_;
};

// A model with input columns on CSV: columns typed and matched by name
// (cli/input/typed_csv.h), predicted through the TableView methods.
Status PredictTyped(const PredictArgs& a, const Predictor& predictor,
                    Progress& progress) {
  MODELSEAL_ASSIGN_OR_RETURN(
      TypedCsvTable in,
      ReadTypedCsv(a.input, a.header, CsvLabelColumn{}, predictor, progress));
  const bool terminal = a.output.empty() && ::isatty(STDOUT_FILENO) == 1;
  PredictWriter writer(a, predictor, terminal);
  Output out;
  MODELSEAL_RETURN_IF_ERROR(out.Open(a.output));
  MODELSEAL_RETURN_IF_ERROR(out.Write(writer.Header()));
  for (uint64_t begin = 0; begin < in.rows; begin += kBatchRows) {
    uint64_t n = std::min<uint64_t>(kBatchRows, in.rows - begin);
    TableView X = in.View(begin, n);
    std::string text;
    Status s = writer.Batch(X, &text);
    if (!s.ok()) return TypedCsvContext(s, begin, in, predictor, a.input);
    MODELSEAL_RETURN_IF_ERROR(out.Write(text));
    progress.Count("predicting", begin + n, in.rows);
  }
  progress.Clear();
  return out.Commit();
}

Status Predict(const PredictArgs& a) {
  Progress progress;
  MODELSEAL_ASSIGN_OR_RETURN(LoadedModel loaded,
                             Load(a.model, a.trust, progress));
  MODELSEAL_ASSIGN_OR_RETURN(std::unique_ptr<Predictor> predictor,
                             Predictor::Create(loaded.model));
  if (UsesTypedCsv(*predictor) && !IsNpyPath(a.input)) {
    return PredictTyped(a, *predictor, progress);
  }
  MODELSEAL_ASSIGN_OR_RETURN(InputMatrix in,
                             ReadInput(a.input, a.header, CsvLabelColumn{},
                                       /*allow_1d=*/false, progress));
  MODELSEAL_RETURN_IF_ERROR(
      CheckCsvHeader(in.header, loaded.model.input.feature_names, a.input));
  // As scikit-learn (and the predictor): an empty batch is an error, found
  // before the output is created.
  if (in.rows == 0) {
    return Status(ErrorCode::kInputNoRows, a.input,
                  "found array with 0 sample(s) (shape=(0, " +
                      std::to_string(in.cols) +
                      ")) while a minimum of 1 is required");
  }
  if (in.cols != predictor->n_features()) {
    return Status(ErrorCode::kInputShape, a.input,
                  std::to_string(in.cols) + " columns, the model expects " +
                      std::to_string(predictor->n_features()));
  }
  const bool terminal = a.output.empty() && ::isatty(STDOUT_FILENO) == 1;
  PredictWriter writer(a, *predictor, terminal);
  Output out;
  MODELSEAL_RETURN_IF_ERROR(out.Open(a.output));
  MODELSEAL_RETURN_IF_ERROR(out.Write(writer.Header()));
  for (uint64_t begin = 0; begin < in.rows; begin += kBatchRows) {
    uint64_t n = std::min<uint64_t>(kBatchRows, in.rows - begin);
    MatrixView X{in.values.data() + begin * in.cols, DType::kFloat64, n,
                 in.cols};
    std::string text;
    Status s = writer.Batch(X, &text);
    if (!s.ok()) return InputContext(s, begin, a.input, in.csv, a.header);
    MODELSEAL_RETURN_IF_ERROR(out.Write(text));
    progress.Count("predicting", begin + n, in.rows);
  }
  progress.Clear();
  return out.Commit();
}

}  // namespace

void RegisterPredictCommand(CLI::App& app, CommandRegistry& registry) {
  auto a = std::make_shared<PredictArgs>();
  CLI::App* sub = registry.Add(
      app, "predict", "run a model on a CSV or .npy file, write CSV", [a] {
        Status s = Predict(*a);
        return s.ok() ? kExitOk : ReportError(s);
      });
  sub->add_option("model", a->model, "model file (.seal)")->required();
  sub->add_option("input", a->input, "input rows: .npy, or CSV")->required();
  sub->add_option("-o,--output", a->output,
                  "output CSV file (written atomically; default stdout)");
  sub->add_flag("--header", a->header,
                "the CSV's first line holds column names (always, for a "
                "model with named input columns)");
  auto* proba =
      sub->add_flag("--proba", a->proba, "class probabilities (with header)");
  auto* decision =
      sub->add_flag("--decision", a->decision, "decision_function scores");
  auto* transform =
      sub->add_flag("--transform", a->transform, "transform output");
  proba->excludes(decision)->excludes(transform);
  decision->excludes(transform);
  sub->add_option("--threads", a->threads, "prediction threads (1-64)")
      ->capture_default_str();
  AddTrustOptions(sub, a->trust);
}

}  // namespace modelseal::cli

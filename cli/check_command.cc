// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// `modelseal check` (cli/model_commands.cc describes the command).
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

struct CheckArgs {
  std::string model;
  std::string data;
  std::string y;
  std::string target_column;
  std::string scorer;
  bool header = false;
  double sigmas = 1.0;
  unsigned threads = 1;
  TrustArgs trust;
};

Result<CsvLabelColumn> ParseTargetColumn(const std::string& spec) {
  CsvLabelColumn c;
  if (spec.empty()) {
    c.kind = CsvLabelColumn::Kind::kLast;
    return c;
  }
  std::optional<int64_t> index = ParseIntegralLabel(spec);
  if (index && spec.find_first_not_of("0123456789") == std::string::npos) {
    c.kind = CsvLabelColumn::Kind::kIndex;
    c.index = static_cast<uint64_t>(*index);
    return c;
  }
  c.kind = CsvLabelColumn::Kind::kName;
  c.name = spec;
  return c;
}

// Splits column `index` off a numeric matrix (a .npy DATA file).
Status SplitNpyTarget(const std::string& spec, InputMatrix* in) {
  uint64_t index = in->cols == 0 ? 0 : in->cols - 1;
  if (!spec.empty()) {
    if (spec.find_first_not_of("0123456789") != std::string::npos ||
        spec.size() > 18) {
      return Status(ErrorCode::kInvalidArgument, "--target-column",
                    "a .npy file has no column names; give an index");
    }
    index = std::stoull(spec);
  }
  if (in->cols == 0 || index >= in->cols) {
    return Status(ErrorCode::kCsvColumnNotFound, "--target-column",
                  "column " + std::to_string(index) + " but the array has " +
                      std::to_string(in->cols) + " columns");
  }
  std::vector<double> x;
  x.reserve(in->rows * (in->cols - 1));
  for (uint64_t r = 0; r < in->rows; ++r) {
    for (uint64_t c = 0; c < in->cols; ++c) {
      double v = in->values[r * in->cols + c];
      if (c == index) {
        in->target.numbers.push_back(v);
      } else {
        x.push_back(v);
      }
    }
  }
  in->values = std::move(x);
  --in->cols;
  return Status::Ok();
}

// Reads the --y file (a .npy column or a one-column CSV) into *target.
Status ReadTarget(const CheckArgs& a, Progress& progress, Target* target) {
  CsvLabelColumn last;
  last.kind = CsvLabelColumn::Kind::kLast;
  MODELSEAL_ASSIGN_OR_RETURN(InputMatrix y,
                             ReadInput(a.y, a.header, last, true, progress));
  if (IsNpyPath(a.y)) {
    if (y.cols != 1) {
      return Status(ErrorCode::kNpyShapeRank, a.y,
                    "a target array needs one column");
    }
    target->numbers = std::move(y.values);
  } else {
    if (y.cols != 0) {
      return Status(ErrorCode::kCsvRowWidth, a.y,
                    "a target file needs one column");
    }
    target->text = std::move(y.target.text);
  }
  return Status::Ok();
}

Result<int> Check(const CheckArgs& a) {
  if (!std::isfinite(a.sigmas) || a.sigmas < 0) {
    return Status(ErrorCode::kInvalidArgument, "--sigmas",
                  "must be a finite number >= 0");
  }
  Progress progress;
  MODELSEAL_ASSIGN_OR_RETURN(LoadedModel loaded,
                             Load(a.model, a.trust, progress));
  const Metadata& meta = loaded.model.metadata;
  if (meta.cv_scores.empty()) {
    return Status(ErrorCode::kNoRecordedScore, "metadata.cv_scores",
                  "nothing to compare with");
  }
  const CvScore* recorded = &meta.cv_scores[0];
  if (!a.scorer.empty()) {
    recorded = nullptr;
    std::string names;
    for (const CvScore& s : meta.cv_scores) {
      if (s.scorer == a.scorer) recorded = &s;
      names += (names.empty() ? "" : ", ") + QuoteForError(s.scorer);
    }
    if (recorded == nullptr) {
      return Status(
          ErrorCode::kNoRecordedScore, "metadata.cv_scores",
          "no score for " + QuoteForError(a.scorer) + "; recorded: " + names);
    }
  }
  MODELSEAL_ASSIGN_OR_RETURN(Scorer scorer, FindScorer(recorded->scorer));
  MODELSEAL_ASSIGN_OR_RETURN(std::unique_ptr<Predictor> predictor,
                             Predictor::Create(loaded.model));

  PredictOptions options;
  options.n_threads = a.threads;
  uint64_t rows = 0;
  double score = 0;
  InputMatrix in;
  if (UsesTypedCsv(*predictor) && !IsNpyPath(a.data)) {
    // A model with input columns: the typed CSV path (TableView).
    CsvLabelColumn label;
    if (a.y.empty()) {
      MODELSEAL_ASSIGN_OR_RETURN(label, ParseTargetColumn(a.target_column));
    }
    MODELSEAL_ASSIGN_OR_RETURN(
        TypedCsvTable t,
        ReadTypedCsv(a.data, a.header, label, *predictor, progress));
    Target target;
    if (!a.y.empty()) {
      MODELSEAL_RETURN_IF_ERROR(ReadTarget(a, progress, &target));
    } else {
      target.text = std::move(t.labels);
    }
    rows = t.rows;
    progress.Step("scoring " + std::to_string(rows) + " rows");
    Result<double> r =
        ScoreModel(scorer, *predictor, t.View(0, t.rows), target, options);
    if (!r.ok()) {
      return TypedCsvContext(r.status(), 0, t, *predictor, a.data);
    }
    score = *r;
  } else {
    if (!a.y.empty()) {
      MODELSEAL_ASSIGN_OR_RETURN(
          in, ReadInput(a.data, a.header, {}, false, progress));
      MODELSEAL_RETURN_IF_ERROR(ReadTarget(a, progress, &in.target));
    } else if (IsNpyPath(a.data)) {
      MODELSEAL_ASSIGN_OR_RETURN(in,
                                 ReadInput(a.data, false, {}, false, progress));
      MODELSEAL_RETURN_IF_ERROR(SplitNpyTarget(a.target_column, &in));
    } else {
      MODELSEAL_ASSIGN_OR_RETURN(CsvLabelColumn label,
                                 ParseTargetColumn(a.target_column));
      MODELSEAL_ASSIGN_OR_RETURN(
          in, ReadInput(a.data, a.header, label, false, progress));
    }
    MODELSEAL_RETURN_IF_ERROR(
        CheckCsvHeader(in.header, loaded.model.input.feature_names, a.data));
    if (in.cols != predictor->n_features()) {
      return Status(ErrorCode::kInputShape, a.data,
                    std::to_string(in.cols) +
                        " feature columns, the model expects " +
                        std::to_string(predictor->n_features()));
    }
    rows = in.rows;
    progress.Step("scoring " + std::to_string(rows) + " rows");
    MODELSEAL_ASSIGN_OR_RETURN(
        score, ScoreModel(scorer, *predictor, in.view(), in.target, options));
  }
  progress.Clear();

  double deviation = std::fabs(score - recorded->mean);
  double allowed = a.sigmas * recorded->std + 1e-9;
  bool pass = deviation <= allowed;
  std::printf("scorer:   %s\n", std::string(ScorerName(scorer)).c_str());
  std::printf("score:    %s (%s rows)\n", FormatDouble(score).c_str(),
              std::to_string(rows).c_str());
  std::printf("recorded: %s +/- %s (%s-fold cross-validation)\n",
              FormatDouble(recorded->mean).c_str(),
              FormatDouble(recorded->std).c_str(),
              std::to_string(recorded->n_splits).c_str());
  std::printf("allowed:  |score - mean| <= %s x std (deviation %s)\n",
              FormatDouble(a.sigmas).c_str(), FormatDouble(deviation).c_str());
  std::printf("result:   %s\n", pass ? "PASS" : "FAIL");
  std::fflush(stdout);
  return pass ? kExitOk : kExitCheckFailed;
}

}  // namespace

void RegisterCheckCommand(CLI::App& app, CommandRegistry& registry) {
  auto a = std::make_shared<CheckArgs>();
  CLI::App* sub = registry.Add(
      app, "check",
      "re-score a model on labelled data and compare with its recorded "
      "cross-validation score (exit 7 when outside mean +/- k std)",
      [a] {
        auto r = Check(*a);
        return r.ok() ? *r : ReportError(r.status());
      });
  sub->add_option("model", a->model, "model file (.seal)")->required();
  sub->add_option("data", a->data, "labelled rows: .npy, or CSV")->required();
  auto* col = sub->add_option(
      "--target-column", a->target_column,
      "target column: 0-based index or header name (default: last)");
  sub->add_option("--y", a->y,
                  "targets in a separate file (.npy, or one-column CSV)")
      ->excludes(col);
  sub->add_option("--scorer", a->scorer,
                  "which recorded score to check (default: the first)");
  sub->add_option("--sigmas", a->sigmas, "pass when |score - mean| <= k * std")
      ->capture_default_str();
  sub->add_flag("--header", a->header,
                "CSV files' first line holds column names");
  sub->add_option("--threads", a->threads, "prediction threads (1-64)")
      ->capture_default_str();
  AddTrustOptions(sub, a->trust);
}

}  // namespace modelseal::cli

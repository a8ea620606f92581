// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// `modelseal inspect`, `modelseal predict`, `modelseal check`: the model
// commands. Each loads the model through the loader (signature check,
// sandboxed parse, re-validation), so they share the trust options:
//   --policy FILE | -p/--trusted-key PUBKEY (repeatable) |
//   --insecure-unsigned (prints a warning), and -x/--signature FILE
//   (default MODEL.minisig). Exactly one trust option is required.
//   --max-unsigned-size BYTES (with --insecure-unsigned) raises or lowers
//   the largest model an unsigned load reads (default 256 MiB).
//
// Inputs (predict, check): a .npy file (by extension) or CSV (anything
// else), parsed by the bounded parsers in cli/input/. A CSV header is only
// read with --header (never guessed); its names must equal the model's
// feature names when the model records them.
//
// predict writes CSV, one row per input row, to -o FILE (atomically) or
// stdout: labels (classification; one column per output), values
// (regression; shortest round-trip text), --proba (one column per class,
// header row of labels; "<output>:<label>" for multi-output models),
// --decision or --transform (no header).
//
// check re-scores the model on labelled data with a scorer recorded in its
// metadata (cv_scores[0], or --scorer NAME) and passes when
// |score - mean| <= k * std + 1e-9 (k = --sigmas, default 1; the 1e-9
// absorbs rounding when std is 0). Exit 0 on PASS, 7 (kExitCheckFailed) on
// FAIL.
//
// inspect prints the metadata, input/output spec, estimator structure with
// sizes, file size and signature status; --json prints the same as one JSON
// object (shape documented at InspectJson below). Strings from the model
// are escaped before they reach a terminal.
//
// On a terminal (stderr is a TTY) long steps show a progress line updated
// with \r; nothing is printed there otherwise.
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
#include "cli/registry.h"
#include "cli/scorers.h"
#include "core/file_util.h"
#include "core/utf8.h"
#include "modelseal/loader.h"
#include "modelseal/predictor.h"
#include "modelseal/signing.h"

namespace modelseal::cli {
namespace {

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

void AddTrustOptions(CLI::App* sub, TrustArgs& t) {
  auto* pol = sub->add_option("--policy", t.policy, "trust policy file");
  auto* key = sub->add_option("-p,--trusted-key", t.keys,
                              "trust this minisign public key file "
                              "(repeatable)")
                  ->allow_extra_args(false);
  auto* ins = sub->add_flag("--insecure-unsigned", t.insecure,
                            "INSECURE: load without checking any signature");
  pol->excludes(key)->excludes(ins);
  key->excludes(ins);
  sub->add_option("--max-unsigned-size", t.max_unsigned_size,
                  "largest model --insecure-unsigned reads, in bytes "
                  "(default " +
                      std::to_string(kDefaultMaxUnsignedFileSize) + ")")
      ->needs(ins);
  sub->add_option("-x,--signature", t.signature,
                  "signature file (default <model>.minisig)");
}

Result<LoadOptions> MakeLoadOptions(const TrustArgs& t) {
  LoadOptions o;
  o.signature_path = t.signature;
  if (!t.policy.empty()) {
    MODELSEAL_ASSIGN_OR_RETURN(o.policy, signing::TrustPolicy::Load(t.policy));
  } else if (!t.keys.empty()) {
    std::vector<signing::PublicKey> keys;
    for (const std::string& path : t.keys) {
      auto text = signing::ReadSigningFile(path, signing::SigningFile::kKey);
      if (!text.ok()) return text.status();
      auto key = signing::ParsePublicKeyFile(*text);
      if (!key.ok()) return key.status().WithPrefix(path);
      keys.push_back(*key);
    }
    MODELSEAL_ASSIGN_OR_RETURN(o.policy,
                               signing::TrustPolicy::FromPublicKeys(keys));
  } else if (t.insecure) {
    std::fprintf(stderr,
                 "modelseal: WARNING: --insecure-unsigned: the model's "
                 "signature is NOT checked\n");
    o.insecure_allow_unsigned = true;
    if (t.max_unsigned_size) {
      o.max_unsigned_file_size = *t.max_unsigned_size;
    }
  } else {
    return Status(ErrorCode::kInvalidArgument, "trust",
                  "give --policy FILE, -p/--trusted-key PUBKEY or "
                  "--insecure-unsigned");
  }
  return o;
}

Result<LoadedModel> Load(const std::string& path, const TrustArgs& t,
                         Progress& progress) {
  MODELSEAL_ASSIGN_OR_RETURN(LoadOptions options, MakeLoadOptions(t));
  progress.Step("loading " + EscapeForTerminal(path));
  auto loaded = LoadModelFile(path, options);
  progress.Clear();
  return loaded;
}

// ---- Input files ------------------------------------------------------------

bool IsNpyPath(const std::string& path) {
  return path.size() >= 4 && path.compare(path.size() - 4, 4, ".npy") == 0;
}

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
                              Progress& progress) {
  progress.Step("reading " + EscapeForTerminal(path));
  InputMatrix in;
  if (IsNpyPath(path)) {
    MODELSEAL_ASSIGN_OR_RETURN(auto bytes,
                               ReadFileBounded(path, kMaxNpyFileBytes));
    NpyOptions o;
    o.allow_1d = allow_1d;
    o.source_name = path;
    MODELSEAL_ASSIGN_OR_RETURN(NpyArray a, ParseNpy(bytes, o));
    in.rows = a.rows;
    in.cols = a.cols;
    in.values = std::move(a.values);
    return in;
  }
  MODELSEAL_ASSIGN_OR_RETURN(std::string text,
                             ReadTextFileBounded(path, kMaxCsvFileBytes));
  in.csv = true;
  CsvOptions o;
  o.header = header;
  o.label = label;
  o.source_name = path;
  MODELSEAL_ASSIGN_OR_RETURN(CsvTable t, ParseCsv(text, o));
  in.rows = t.rows;
  in.cols = t.cols;
  in.values = std::move(t.values);
  in.header = std::move(t.header);
  in.target.text = std::move(t.labels);
  return in;
}

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

std::string LabelText(const ClassLabels& classes, int64_t index) {
  if (classes.int_labels.present()) {
    return std::to_string(classes.int_labels.span<int64_t>()[index]);
  }
  return classes.str_labels[index];
}

// ---- predict
// ------------------------------------------------------------------

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

  Status Batch(const MatrixView& X, std::string* text) const {
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

Status Predict(const PredictArgs& a) {
  Progress progress;
  MODELSEAL_ASSIGN_OR_RETURN(LoadedModel loaded,
                             Load(a.model, a.trust, progress));
  MODELSEAL_ASSIGN_OR_RETURN(std::unique_ptr<Predictor> predictor,
                             Predictor::Create(loaded.model));
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

// ---- check
// --------------------------------------------------------------------

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

  InputMatrix in;
  if (!a.y.empty()) {
    MODELSEAL_ASSIGN_OR_RETURN(
        in, ReadInput(a.data, a.header, {}, false, progress));
    CsvLabelColumn last;
    last.kind = CsvLabelColumn::Kind::kLast;
    MODELSEAL_ASSIGN_OR_RETURN(InputMatrix y,
                               ReadInput(a.y, a.header, last, true, progress));
    if (IsNpyPath(a.y)) {
      if (y.cols != 1) {
        return Status(ErrorCode::kNpyShapeRank, a.y,
                      "a target array needs one column");
      }
      in.target.numbers = std::move(y.values);
    } else {
      if (y.cols != 0) {
        return Status(ErrorCode::kCsvRowWidth, a.y,
                      "a target file needs one column");
      }
      in.target.text = std::move(y.target.text);
    }
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
  progress.Step("scoring " + std::to_string(in.rows) + " rows");
  PredictOptions options;
  options.n_threads = a.threads;
  MODELSEAL_ASSIGN_OR_RETURN(
      double score,
      ScoreModel(scorer, *predictor, in.view(), in.target, options));
  progress.Clear();

  double deviation = std::fabs(score - recorded->mean);
  double allowed = a.sigmas * recorded->std + 1e-9;
  bool pass = deviation <= allowed;
  std::printf("scorer:   %s\n", std::string(ScorerName(scorer)).c_str());
  std::printf("score:    %s (%s rows)\n", FormatDouble(score).c_str(),
              std::to_string(in.rows).c_str());
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

// ---- inspect
// ------------------------------------------------------------------

// Sums the bytes of every tensor below a struct (walks Visit()).
struct TensorBytes {
  uint64_t bytes = 0;
  void Field(int, const char*, Tensor& t) {
    if (t.present()) bytes += t.nbytes();
  }
  void Field(int, const char*, Estimator& e) {
    std::visit([&](auto& k) { k.Visit(*this); }, e.kind);
  }
  template <typename T>
  void Field(int tag, const char* name, std::vector<T>& v) {
    if constexpr (std::is_same_v<T, Estimator> ||
                  requires(T & x, TensorBytes & self) { x.Visit(self); }) {
      for (T& x : v) Field(tag, name, x);
    }
  }
  template <typename T>
  void Field(int, const char*, T& v) {
    if constexpr (requires(T & x, TensorBytes & self) { x.Visit(self); }) {
      v.Visit(*this);
    }
  }
};

uint64_t NodeCount(const Tree& t) { return t.children_left.size(); }
uint64_t NodeCount(const HistTree& t) { return t.value.size(); }
template <typename T>
uint64_t NodeCount(const std::vector<T>& trees) {
  uint64_t n = 0;
  for (const T& t : trees) n += NodeCount(t);
  return n;
}

std::string Thousands(uint64_t v) {
  const std::string digits = std::to_string(v);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}

// The JSON description of an estimator: {"kind", "tensor_bytes", ...} plus
// per kind: Pipeline "steps" [...]; StandardScaler "n_features",
// "with_mean", "with_std"; LinearModel "n_targets", "n_features", "output";
// DecisionTree "n_nodes"; Forest "n_trees", "n_nodes"; GradientBoosting
// "n_stages", "n_trees", "n_nodes", "learning_rate", "loss";
// HistGradientBoosting "n_iter", "n_trees", "n_nodes", "loss",
// "n_categorical_features"; CategoryEncoder "n_columns".
nlohmann::ordered_json EstimatorJson(const Estimator& e) {
  nlohmann::ordered_json j;
  j["kind"] = e.kind_name();
  Estimator copy = e;  // Visit() needs a mutable object; tensors are shared
  TensorBytes tb;
  tb.Field(0, "", copy);
  j["tensor_bytes"] = tb.bytes;
  std::visit(
      [&](const auto& k) {
        using K = std::decay_t<decltype(k)>;
        if constexpr (std::is_same_v<K, Pipeline>) {
          j["steps"] = nlohmann::ordered_json::array();
          for (const Estimator& s : k.steps) {
            j["steps"].push_back(EstimatorJson(s));
          }
        } else if constexpr (std::is_same_v<K, StandardScaler>) {
          const Tensor& t = k.mean.present() ? k.mean : k.scale;
          j["n_features"] = t.present() ? t.size() : 0;
          j["with_mean"] = k.mean.present();
          j["with_std"] = k.scale.present();
        } else if constexpr (std::is_same_v<K, LinearModel>) {
          j["n_targets"] = k.coef.rank() == 2 ? k.coef.shape()[0] : 0;
          j["n_features"] = k.coef.rank() == 2 ? k.coef.shape()[1] : 0;
          j["output"] = EnumName(k.output);
        } else if constexpr (std::is_same_v<K, DecisionTree>) {
          j["n_nodes"] = NodeCount(k.tree);
        } else if constexpr (std::is_same_v<K, Forest>) {
          j["n_trees"] = k.trees.size();
          j["n_nodes"] = NodeCount(k.trees);
        } else if constexpr (std::is_same_v<K, GradientBoosting>) {
          j["n_stages"] = k.n_stages;
          j["n_trees"] = k.trees.size();
          j["n_nodes"] = NodeCount(k.trees);
          j["learning_rate"] = k.learning_rate;
          j["loss"] = EnumName(k.loss);
        } else if constexpr (std::is_same_v<K, HistGradientBoosting>) {
          j["n_iter"] = k.n_iter;
          j["n_trees"] = k.trees.size();
          j["n_nodes"] = NodeCount(k.trees);
          j["loss"] = EnumName(k.loss);
          uint64_t categorical = 0;
          for (int32_t v : k.f_idx_map.template span<int32_t>()) {
            categorical += v >= 0;
          }
          j["n_categorical_features"] = categorical;
        } else if constexpr (std::is_same_v<K, CategoryEncoder>) {
          j["n_columns"] = k.columns.size();
        }
      },
      e.kind);
  return j;
}

nlohmann::ordered_json LabelsJson(const ClassLabels& c) {
  nlohmann::ordered_json a = nlohmann::ordered_json::array();
  if (c.int_labels.present()) {
    for (int64_t v : c.int_labels.span<int64_t>()) a.push_back(v);
  } else {
    for (const std::string& s : c.str_labels) a.push_back(s);
  }
  return a;
}

// The JSON shape of `modelseal inspect --json` (stable; new keys may be
// added, none renamed or removed):
// {
//   "file": {"path": str, "size": int},
//   "signature": {"status": "verified", "key_name": str, "key_id": str,
//                 "statement": {"name": str, "version": int, "size": int,
//                               "created": int, "expires": int|null},
//                 "untrusted_comment": str}
//              | {"status": "unsigned"},
//   "format_version": "MAJOR.MINOR",
//   "metadata": {"name", "version", "description", "created",
//                "training_data": {"uri", "content_hash", "shape": [int]},
//                "source": {"uri", "content_hash", "text_bytes": int},
//                "library_versions": [{"name", "version"}],
//                "cv_scores": [{"scorer", "mean", "std", "n_splits"}]},
//   "input": {"n_features": int, "feature_names": [str]},
//   "output": {"task": "regression"|"classification"|"transform",
//              "n_outputs": int, "classes": [[int|str]] (one per output)},
//   "estimator": EstimatorJson (above)
// }
nlohmann::ordered_json InspectJson(const std::string& path,
                                   const LoadedModel& l) {
  using nlohmann::ordered_json;
  const Model& m = l.model;
  ordered_json j;
  j["file"] = {{"path", path}, {"size", l.file_size}};
  if (l.signature) {
    const auto& st = l.signature->statement;
    ordered_json statement = {{"name", st.name},
                              {"version", st.version},
                              {"size", st.size},
                              {"created", st.created},
                              {"expires", nullptr}};
    if (st.expires) statement["expires"] = *st.expires;
    j["signature"] = {{"status", "verified"},
                      {"key_name", l.signature->key_name},
                      {"key_id", signing::FormatKeyId(l.signature->key_id)},
                      {"statement", statement},
                      {"untrusted_comment", l.signature->untrusted_comment}};
  } else {
    j["signature"] = {{"status", "unsigned"}};
  }
  j["format_version"] =
      std::to_string(m.format_major) + "." + std::to_string(m.format_minor);
  const Metadata& md = m.metadata;
  ordered_json libs = ordered_json::array();
  for (const auto& v : md.library_versions) {
    libs.push_back({{"name", v.name}, {"version", v.version}});
  }
  ordered_json scores = ordered_json::array();
  for (const auto& s : md.cv_scores) {
    scores.push_back({{"scorer", s.scorer},
                      {"mean", s.mean},
                      {"std", s.std},
                      {"n_splits", s.n_splits}});
  }
  j["metadata"] = {{"name", md.name},
                   {"version", md.version},
                   {"description", md.description},
                   {"created", md.created},
                   {"training_data",
                    {{"uri", md.training_data.uri},
                     {"content_hash", md.training_data.content_hash},
                     {"shape", md.training_data.shape}}},
                   {"source",
                    {{"uri", md.source.uri},
                     {"content_hash", md.source.content_hash},
                     {"text_bytes", md.source.text.size()}}},
                   {"library_versions", libs},
                   {"cv_scores", scores}};
  j["input"] = {{"n_features", m.input.n_features},
                {"feature_names", m.input.feature_names}};
  ordered_json classes = ordered_json::array();
  for (const ClassLabels& c : m.output.classes)
    classes.push_back(LabelsJson(c));
  j["output"] = {{"task", EnumName(m.output.task)},
                 {"n_outputs", m.output.n_outputs},
                 {"classes", classes}};
  j["estimator"] = EstimatorJson(m.estimator);
  return j;
}

// Human-readable estimator tree from its JSON description.
void PrintEstimator(const nlohmann::ordered_json& e, int depth) {
  std::string line(static_cast<size_t>(depth) * 2 + 2, ' ');
  line += e["kind"].get<std::string>() + ":";
  auto add = [&](const char* key, const char* unit) {
    if (!e.contains(key)) return;
    const auto& v = e[key];
    line += " ";
    if (v.is_number_unsigned()) {
      line += Thousands(v.get<uint64_t>());
    } else if (v.is_number()) {
      line += FormatDouble(v.get<double>());
    } else if (v.is_boolean()) {
      line += v.get<bool>() ? "yes" : "no";
    } else {
      line += v.get<std::string>();
    }
    line += std::string(" ") + unit + ",";
  };
  add("n_stages", "stages");
  add("n_iter", "iterations");
  add("n_trees", "trees");
  add("n_nodes", "nodes");
  add("n_targets", "targets");
  add("n_features", "features");
  add("output", "output");
  add("loss", "loss");
  add("learning_rate", "learning rate");
  add("n_categorical_features", "categorical features");
  add("n_columns", "encoded columns");
  add("with_mean", "with_mean");
  add("with_std", "with_std");
  if (e.contains("steps")) {
    line += " " + std::to_string(e["steps"].size()) + " steps,";
  }
  line += " " + Thousands(e["tensor_bytes"].get<uint64_t>()) + " tensor bytes";
  std::printf("%s\n", line.c_str());
  if (e.contains("steps")) {
    for (const auto& s : e["steps"]) PrintEstimator(s, depth + 1);
  }
}

std::string Esc(const std::string& s) { return EscapeForTerminal(s); }

void PrintInspect(const nlohmann::ordered_json& j, const LoadedModel& l) {
  const Model& m = l.model;
  const Metadata& md = m.metadata;
  std::printf("model:       %s version %s\n", Esc(md.name).c_str(),
              std::to_string(md.version).c_str());
  if (!md.description.empty()) {
    std::printf("description: %s\n", Esc(md.description).c_str());
  }
  if (!md.created.empty()) {
    std::printf("created:     %s\n", Esc(md.created).c_str());
  }
  std::printf("file:        %s (%s bytes, format %s)\n",
              Esc(j["file"]["path"].get<std::string>()).c_str(),
              Thousands(l.file_size).c_str(),
              j["format_version"].get<std::string>().c_str());
  if (l.signature) {
    const auto& sig = *l.signature;
    std::string expires = sig.statement.expires
                              ? std::to_string(*sig.statement.expires)
                              : std::string("never");
    std::printf(
        "signature:   verified, key \"%s\" (%s)\n"
        "statement:   name=%s version=%s size=%s created=%s expires=%s\n",
        Esc(sig.key_name).c_str(), signing::FormatKeyId(sig.key_id).c_str(),
        Esc(sig.statement.name).c_str(),
        std::to_string(sig.statement.version).c_str(),
        std::to_string(sig.statement.size).c_str(),
        std::to_string(sig.statement.created).c_str(), expires.c_str());
  } else {
    std::printf("signature:   UNSIGNED (insecure)\n");
  }
  std::printf("provenance:\n");
  const TrainingData& td = md.training_data;
  if (!td.uri.empty() || !td.content_hash.empty() || !td.shape.empty()) {
    std::string shape;
    for (uint64_t d : td.shape) {
      shape += (shape.empty() ? "" : " x ") + std::to_string(d);
    }
    std::printf("  training data: %s %s%s%s\n", Esc(td.uri).c_str(),
                Esc(td.content_hash).c_str(), shape.empty() ? "" : " shape ",
                shape.c_str());
  }
  if (!md.source.uri.empty() || !md.source.content_hash.empty() ||
      !md.source.text.empty()) {
    std::printf("  source: %s %s (%s bytes of source text)\n",
                Esc(md.source.uri).c_str(), Esc(md.source.content_hash).c_str(),
                std::to_string(md.source.text.size()).c_str());
  }
  for (const auto& v : md.library_versions) {
    std::printf("  library: %s %s\n", Esc(v.name).c_str(),
                Esc(v.version).c_str());
  }
  for (const auto& s : md.cv_scores) {
    std::printf("  cv score: %s = %s +/- %s (%s splits)\n",
                Esc(s.scorer).c_str(), FormatDouble(s.mean).c_str(),
                FormatDouble(s.std).c_str(),
                std::to_string(s.n_splits).c_str());
  }
  std::printf("input:       %s features",
              Thousands(m.input.n_features).c_str());
  constexpr size_t kShow = 10;
  const auto& names = m.input.feature_names;
  if (!names.empty()) {
    std::string list;
    for (size_t i = 0; i < std::min(kShow, names.size()); ++i) {
      list += (i ? ", " : "") + Esc(names[i]);
    }
    if (names.size() > kShow) list += ", ...";
    std::printf(" (%s)", list.c_str());
  }
  std::printf("\noutput:      %s, %s output(s)\n", EnumName(m.output.task),
              std::to_string(m.output.n_outputs).c_str());
  for (size_t o = 0; o < m.output.classes.size(); ++o) {
    const ClassLabels& c = m.output.classes[o];
    std::string list;
    for (size_t i = 0; i < std::min(kShow, c.count()); ++i) {
      list += (i ? ", " : "") + Esc(LabelText(c, static_cast<int64_t>(i)));
    }
    if (c.count() > kShow) list += ", ...";
    std::printf("  classes[%zu]: %s labels: %s\n", o,
                Thousands(c.count()).c_str(), list.c_str());
  }
  std::printf("estimator:\n");
  PrintEstimator(j["estimator"], 0);
}

struct InspectArgs {
  std::string model;
  bool json = false;
  TrustArgs trust;
};

Status Inspect(const InspectArgs& a) {
  Progress progress;
  MODELSEAL_ASSIGN_OR_RETURN(LoadedModel loaded,
                             Load(a.model, a.trust, progress));
  nlohmann::ordered_json j = InspectJson(a.model, loaded);
  if (a.json) {
    // Invalid UTF-8 cannot occur (the format validates strings); replace
    // rather than throw if it ever did.
    std::string text =
        j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
    std::printf("%s\n", text.c_str());
  } else {
    PrintInspect(j, loaded);
  }
  if (std::fflush(stdout) != 0) {
    return Status(ErrorCode::kIoWrite, "stdout", "flush failed");
  }
  return Status::Ok();
}

}  // namespace

void RegisterModelCommands(CLI::App& app, CommandRegistry& registry) {
  {
    auto a = std::make_shared<InspectArgs>();
    CLI::App* sub = registry.Add(
        app, "inspect",
        "show a model's metadata, structure and signature status", [a] {
          Status s = Inspect(*a);
          return s.ok() ? kExitOk : ReportError(s);
        });
    sub->add_option("model", a->model, "model file (.seal)")->required();
    sub->add_flag("--json", a->json, "print one JSON object");
    AddTrustOptions(sub, a->trust);
  }
  {
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
                  "the CSV's first line holds column names");
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
  {
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
    sub->add_option("--sigmas", a->sigmas,
                    "pass when |score - mean| <= k * std")
        ->capture_default_str();
    sub->add_flag("--header", a->header,
                  "CSV files' first line holds column names");
    sub->add_option("--threads", a->threads, "prediction threads (1-64)")
        ->capture_default_str();
    AddTrustOptions(sub, a->trust);
  }
}

}  // namespace modelseal::cli

// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// The shared part of the model commands (cli/model_common.h).
#include "cli/model_common.h"

#include <charconv>
#include <string>
#include <utility>
#include <vector>

#include "cli/input/text_util.h"
#include "modelseal/signing.h"

namespace modelseal::cli {

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

bool IsNpyPath(const std::string& path) {
  return path.size() >= 4 && path.compare(path.size() - 4, 4, ".npy") == 0;
}

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

bool UsesTypedCsv(const Predictor& predictor) {
  return !predictor.model().input.columns.empty();
}

Result<TypedCsvTable> ReadTypedCsv(const std::string& path, bool header,
                                   const CsvLabelColumn& label,
                                   const Predictor& predictor,
                                   Progress& progress) {
  progress.Step("reading " + EscapeForTerminal(path));
  MODELSEAL_ASSIGN_OR_RETURN(std::string text,
                             ReadTextFileBounded(path, kMaxCsvFileBytes));
  CsvOptions o;
  o.header = header;
  o.label = label;
  o.source_name = path;
  return ParseTypedCsv(text, predictor.input_columns(), o);
}

Status TypedCsvContext(const Status& s, uint64_t first_row,
                       const TypedCsvTable& t, const Predictor& predictor,
                       const std::string& path) {
  const std::string& ctx = s.context();
  const std::vector<InputColumn>& columns = predictor.input_columns();
  uint64_t row = 0;
  size_t column = columns.size();
  char tail = 0;
  unsigned long long r = 0, c = 0;
  if (std::sscanf(ctx.c_str(), "X[%llu][%llu]%c", &r, &c, &tail) == 2) {
    row = r;
    column = static_cast<size_t>(c);
  } else if (ctx.rfind("X['", 0) == 0 && !ctx.empty() && ctx.back() == ']') {
    size_t close = ctx.rfind("'][");
    if (close != std::string::npos && close >= 3) {
      const std::string name = ctx.substr(3, close - 3);
      const std::string index = ctx.substr(close + 3, ctx.size() - close - 4);
      if (!index.empty() && index.size() <= 18 &&
          index.find_first_not_of("0123456789") == std::string::npos) {
        row = std::stoull(index);
        for (size_t j = 0; j < columns.size(); ++j) {
          if (columns[j].name == name) column = j;
        }
      }
    }
  }
  row += first_row;
  if (column >= columns.size() || column >= t.csv_columns.size() ||
      row >= t.row_lines.size()) {
    return s.WithPrefix(path);
  }
  return Status(s.code(),
                path + ":" + std::to_string(t.row_lines[row]) + ":" +
                    std::to_string(t.csv_columns[column]),
                s.detail());
}

std::string LabelText(const ClassLabels& classes, int64_t index) {
  if (classes.int_labels.present()) {
    const int64_t v = classes.int_labels.span<int64_t>()[index];
    switch (classes.label_type) {
      case LabelType::kBool:
        return v ? "True" : "False";  // as Python and pandas print them
      case LabelType::kFloat64: {
        // Python's repr of a whole float: "3.0", "-2.0"; from 1e16 on
        // the shortest round-trip form in exponent notation ("1e+16"), as
        // std::to_chars writes it.
        if (v > -10000000000000000 && v < 10000000000000000) {
          return std::to_string(v) + ".0";
        }
        char buf[32];
        auto r = std::to_chars(buf, buf + sizeof(buf), static_cast<double>(v));
        return std::string(buf, r.ptr);
      }
      case LabelType::kInt64:
        break;
    }
    return std::to_string(v);
  }
  return classes.str_labels[index];
}

}  // namespace modelseal::cli

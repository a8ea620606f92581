// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// `modelseal inspect` (cli/model_commands.cc describes the command; the
// JSON shape is documented at InspectJson below).
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "cli/input/csv.h"
#include "cli/input/npy.h"
#include "cli/input/text_util.h"
#include "cli/inspect.h"
#include "cli/model_common.h"
#include "cli/registry.h"
#include "cli/scorers.h"
#include "core/file_util.h"
#include "kinds/kinds.h"
#include "modelseal/loader.h"
#include "modelseal/predictor.h"
#include "modelseal/signing.h"

namespace modelseal::cli {
namespace {

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
// "n_categorical_features"; CategoryEncoder "n_columns"; MinMaxScaler
// "n_features", "clip"; MaxAbsScaler "n_features". Each kind's keys are
// added by its InspectK (kinds/<family>/inspect.cc).
}  // namespace

nlohmann::ordered_json EstimatorJson(const Estimator& e) {
  nlohmann::ordered_json j;
  j["kind"] = e.kind_name();
  Estimator copy = e;  // Visit() needs a mutable object; tensors are shared
  TensorBytes tb;
  tb.Field(0, "", copy);
  j["tensor_bytes"] = tb.bytes;
  // The registry: one case per line of kinds/kinds.def.
  switch (e.kind.index()) {
#define MODELSEAL_KIND(K, role)         \
  case kinds::internal::k##K:           \
    Inspect##K(std::get<K>(e.kind), j); \
    break;
#include "kinds/kinds.def"
#undef MODELSEAL_KIND
  }
  return j;
}

namespace {

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
//   "input": {"n_features": int, "feature_names": [str],
//             "columns": [{"name": str, "type": "float"|"integer"|"boolean"
//                          |"string", "nullable": bool}] (format 1.1 typed
//                          columns; empty for an untyped model)},
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
  ordered_json columns = ordered_json::array();
  for (const InputColumn& c : m.input.columns) {
    columns.push_back({{"name", c.name},
                       {"type", EnumName(c.type)},
                       {"nullable", c.nullable == Nullable::kYes}});
  }
  j["input"] = {{"n_features", m.input.n_features},
                {"feature_names", m.input.feature_names},
                {"columns", columns}};
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
  // Known keys in this order, with their units; a kind's other keys follow
  // in the order it added them, named by their key.
  static constexpr std::pair<const char*, const char*> kKeys[] = {
      {"n_stages", "stages"},
      {"n_iter", "iterations"},
      {"n_trees", "trees"},
      {"n_nodes", "nodes"},
      {"n_targets", "targets"},
      {"n_features", "features"},
      {"output", "output"},
      {"loss", "loss"},
      {"learning_rate", "learning rate"},
      {"n_categorical_features", "categorical features"},
      {"n_columns", "encoded columns"},
      {"n_outputs", "output columns"},
      {"n_kept", "kept columns"},
      {"n_indicators", "missing indicators"},
      {"handle_unknown", "unknown values"},
      {"with_mean", "with_mean"},
      {"with_std", "with_std"}};
  for (const auto& [key, unit] : kKeys) add(key, unit);
  for (const auto& [key, value] : e.items()) {
    if (key == "kind" || key == "tensor_bytes" || key == "steps") continue;
    // Lists (a ColumnTransformer's groups, an encoder's columns) are in
    // the JSON only, or printed below.
    if (value.is_array() || value.is_object()) continue;
    bool known = false;
    for (const auto& [k, unit] : kKeys) known = known || key == k;
    if (!known) add(key.c_str(), key.c_str());
  }
  if (e.contains("steps")) {
    line += " " + std::to_string(e["steps"].size()) + " steps,";
  }
  if (e.contains("groups")) {
    line += " " + std::to_string(e["groups"].size()) + " column groups,";
  }
  line += " " + Thousands(e["tensor_bytes"].get<uint64_t>()) + " tensor bytes";
  std::printf("%s\n", line.c_str());
  if (e.contains("steps")) {
    for (const auto& s : e["steps"]) PrintEstimator(s, depth + 1);
  }
  if (e.contains("groups")) {
    constexpr size_t kShowColumns = 10;
    for (const auto& g : e["groups"]) {
      const auto& columns = g["columns"];
      std::string list;
      for (size_t i = 0; i < std::min(kShowColumns, columns.size()); ++i) {
        list += (i ? ", " : "") + std::to_string(columns[i].get<uint64_t>());
      }
      if (columns.size() > kShowColumns) list += ", ...";
      std::printf("%s  columns [%s]:\n",
                  std::string(static_cast<size_t>(depth) * 2 + 2, ' ').c_str(),
                  list.c_str());
      if (g["transformer"].is_object()) {
        PrintEstimator(g["transformer"], depth + 2);
      }
    }
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
  const auto& columns = m.input.columns;
  if (!columns.empty()) {
    std::string list;
    for (size_t i = 0; i < std::min(kShow, columns.size()); ++i) {
      const InputColumn& c = columns[i];
      list += i ? ", " : "";
      if (!c.name.empty()) list += Esc(c.name) + " ";
      list += EnumName(c.type);
      if (c.nullable == Nullable::kYes) list += " nullable";
    }
    if (columns.size() > kShow) list += ", ...";
    std::printf("\ncolumns:     %s", list.c_str());
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

void RegisterInspectCommand(CLI::App& app, CommandRegistry& registry) {
  auto a = std::make_shared<InspectArgs>();
  CLI::App* sub = registry.Add(
      app, "inspect", "show a model's metadata, structure and signature status",
      [a] {
        Status s = Inspect(*a);
        return s.ok() ? kExitOk : ReportError(s);
      });
  sub->add_option("model", a->model, "model file (.seal)")->required();
  sub->add_flag("--json", a->json, "print one JSON object");
  AddTrustOptions(sub, a->trust);
}

}  // namespace modelseal::cli

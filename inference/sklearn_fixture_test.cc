// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// scikit-learn's own outputs on tiny fitted models, as data:
// inference/testdata/sklearn_fixture.json, written by
// inference/testdata/make_sklearn_fixture.py (which says what a case holds).
// One parameterised test runs every case: the model must pass ValidateModel,
// and each check compares one method's output with scikit-learn's, bit for
// bit ("exact": trees, forests, boosting raw scores, labels) or within
// 1e-12 relative ("near": outputs through exp or a dot product;
// docs/ARCHITECTURE.md, Fidelity).
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "modelseal/format.h"
#include "modelseal/predictor.h"
#include "tests/testing/example_models.h"
#include "tests/testing/model_json.h"

namespace modelseal {
namespace {

using nlohmann::json;

const json& Fixture() {
  static const json* fixture = [] {
    std::ifstream in(MODELSEAL_SKLEARN_FIXTURE);
    auto* j = new json(json::parse(in, nullptr, /*allow_exceptions=*/false));
    return j;
  }();
  return *fixture;
}

std::vector<std::string> CaseNames() {
  std::vector<std::string> names;
  if (!Fixture().contains("cases")) return {"<fixture missing or invalid>"};
  for (const json& c : Fixture()["cases"]) names.push_back(c["name"]);
  return names;
}

const json* FindCase(const std::string& name) {
  if (!Fixture().contains("cases")) return nullptr;
  for (const json& c : Fixture()["cases"]) {
    if (c["name"] == name) return &c;
  }
  return nullptr;
}

// The output of `method` on `x` as a flat row-major list (class indices as
// doubles for predict).
Result<std::vector<double>> RunMethod(const Predictor& p,
                                      const std::string& method,
                                      const std::vector<double>& x) {
  MatrixView view{x.data(), DType::kFloat64, x.size() / p.n_features(),
                  p.n_features()};
  if (method == "predict") {
    PredictOutput out;
    MODELSEAL_RETURN_IF_ERROR(p.Predict(view, &out));
    if (p.task() == Task::kRegression) return out.values.data;
    return std::vector<double>(out.classes.data.begin(),
                               out.classes.data.end());
  }
  Matrix<double> out;
  if (method == "predict_proba") {
    std::vector<Matrix<double>> outs;
    MODELSEAL_RETURN_IF_ERROR(p.PredictProba(view, &outs));
    return outs.at(0).data;
  }
  if (method == "decision_function") {
    MODELSEAL_RETURN_IF_ERROR(p.DecisionFunction(view, &out));
    return out.data;
  }
  if (method == "transform") {
    MODELSEAL_RETURN_IF_ERROR(p.Transform(view, &out));
    return out.data;
  }
  return Status(ErrorCode::kInvalidArgument, method, "unknown method");
}

// Bit for bit, nan equal to nan.
bool Same(double got, double want) {
  return std::isnan(want) ? std::isnan(got) : got == want;
}

class SklearnFixture : public ::testing::TestWithParam<std::string> {};

TEST_P(SklearnFixture, MatchesScikitLearn) {
  const json* c = FindCase(GetParam());
  ASSERT_NE(c, nullptr) << "cannot read " << MODELSEAL_SKLEARN_FIXTURE;
  auto model = testing::ModelFromJson((*c)["model"]);
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  Status valid = ValidateModel(*model);
  ASSERT_TRUE(valid.ok()) << valid.ToString();
  auto p = Predictor::Create(*model);
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  auto x = testing::DoublesFromJson((*c)["x"], "x");
  ASSERT_TRUE(x.ok()) << x.status().ToString();
  ASSERT_FALSE((*c)["checks"].empty());

  for (const json& check : (*c)["checks"]) {
    const std::string method = check["method"];
    const std::string compare = check["compare"];
    SCOPED_TRACE(method + " (" + compare + ")");
    auto want = testing::DoublesFromJson(check["want"], "want");
    ASSERT_TRUE(want.ok()) << want.status().ToString();
    auto got = RunMethod(**p, method, *x);
    ASSERT_TRUE(got.ok()) << got.status().ToString();
    ASSERT_EQ(got->size(), want->size());
    size_t differing = 0;
    for (size_t i = 0; i < got->size(); ++i) {
      const double g = (*got)[i];
      const double w = (*want)[i];
      if (compare == "exact") {
        EXPECT_TRUE(Same(g, w)) << "index " << i << ": " << g << " vs " << w;
      } else if (compare == "near") {
        EXPECT_LE(std::fabs(g - w), 1e-12 * std::fabs(w) + 1e-300)
            << "index " << i << ": " << g << " vs " << w;
      } else if (compare == "differs") {
        differing += Same(g, w) ? 0 : 1;
      } else {
        FAIL() << "unknown compare mode " << compare;
      }
    }
    if (compare == "differs") {
      EXPECT_GT(differing, 0u);
    }
  }
}

// gtest names: letters, digits and '_' only.
std::string CaseTestName(const ::testing::TestParamInfo<std::string>& param) {
  std::string name;
  for (char ch : param.param) {
    name += std::isalnum(static_cast<unsigned char>(ch)) ? ch : '_';
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(Cases, SklearnFixture,
                         ::testing::ValuesIn(CaseNames()), CaseTestName);

// The reader the fixture relies on refuses what it does not understand.
TEST(ModelJson, RefusesUnknownFieldsKindsAndBadTensors) {
  json m = {{"metadata", {{"name", "x"}}},
            {"input", {{"n_features", 1}}},
            {"output", {{"task", "regression"}}},
            {"estimator",
             {{"kind", "StandardScaler"},
              {"mean", {{"dtype", "<f8"}, {"shape", {1}}, {"data", {0.5}}}}}}};
  ASSERT_TRUE(testing::ModelFromJson(m).ok());
  json bad = m;
  bad["estimator"]["color"] = "red";
  EXPECT_EQ(testing::ModelFromJson(bad).status().context(), "estimator.color");
  bad = m;
  bad["estimator"]["kind"] = "Nope";
  EXPECT_EQ(testing::ModelFromJson(bad).status().context(), "estimator.kind");
  bad = m;
  bad["estimator"]["mean"]["shape"] = {2};
  EXPECT_EQ(testing::ModelFromJson(bad).status().context(),
            "estimator.mean.data");
  bad = m;
  bad["estimator"]["mean"]["data"] = {"NaN?"};
  EXPECT_EQ(testing::ModelFromJson(bad).status().context(),
            "estimator.mean.data[0]");
  bad = m;
  bad["input"]["n_features"] = -1;
  EXPECT_EQ(testing::ModelFromJson(bad).status().context(), "input.n_features");
}

// Format 1.1 structs through the JSON reader: typed input columns, a
// ColumnTransformer whose groups hold one estimator each, a CategoryList of
// strings, the empty Passthrough.
TEST(ModelJson, ReadsFormat11Kinds) {
  json tensor3 = {{"dtype", "<f8"}, {"shape", {3}}, {"data", {0, 1, 2}}};
  json tensor1 = {{"dtype", "<f8"}, {"shape", {1}}, {"data", {4}}};
  json m = {
      {"format_minor", 1},
      {"metadata", {{"name", "column-transformer"}, {"version", 1}}},
      {"input",
       {{"n_features", 3},
        {"feature_names", {"grade", "x", "y"}},
        {"columns",
         {{{"name", "grade"}, {"type", "string"}, {"nullable", "no"}},
          {{"name", "x"}, {"type", "float"}, {"nullable", "yes"}},
          {{"name", "y"}, {"type", "boolean"}, {"nullable", "no"}}}}}},
      {"output", {{"task", "transform"}, {"n_outputs", 4}}},
      {"estimator",
       {{"kind", "ColumnTransformer"},
        {"groups",
         {{{"columns", {0}},
           {"transformer",
            {{{"kind", "OrdinalEncoder"},
              {"columns",
               {{{"categories", {{"strings", {"a", "b", "c"}}}},
                 {"codes", tensor3}}}}}}}},
          {{"columns", {1}},
           {"transformer", {{{"kind", "MaxAbsScaler"}, {"scale", tensor1}}}}},
          {{"columns", {2, 1}},
           {"transformer", {{{"kind", "Passthrough"}}}}}}}}}};
  auto model = testing::ModelFromJson(m);
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  EXPECT_TRUE(*model == testing::MakeColumnTransformer());
}

}  // namespace
}  // namespace modelseal

// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Test support: a Model from JSON, in the shape of the Python model dict
// (the field names of each struct's Visit(); an estimator is an object with
// "kind" and its fields; enums by their EnumNames). A tensor is
//   {"dtype": "<f8" | "<f4" | "<i8" | "<i4" | "<u4" | "|u1",
//    "shape": [..], "data": [.. row-major ..]}
// or null (absent); float data may hold the strings "nan", "inf", "-inf".
// Used by data-driven tests (inference/sklearn_fixture_test.cc). Unknown
// fields, wrong types and out-of-range numbers are errors naming the path.
#ifndef MODELSEAL_TESTS_TESTING_MODEL_JSON_H_
#define MODELSEAL_TESTS_TESTING_MODEL_JSON_H_

#include <nlohmann/json.hpp>
#include <vector>

#include "modelseal/error.h"
#include "modelseal/model.h"

namespace modelseal::testing {

Result<Model> ModelFromJson(const nlohmann::json& j);

// A flat list of doubles ("nan", "inf", "-inf" allowed as strings; nested
// lists are flattened row-major).
Result<std::vector<double>> DoublesFromJson(const nlohmann::json& j,
                                            const std::string& path);

}  // namespace modelseal::testing

#endif  // MODELSEAL_TESTS_TESTING_MODEL_JSON_H_

// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Keeps SPEC.md, the error codes and the tests in step: every format error
// code (include/modelseal/errors/format.def) is named in SPEC.md as
// "E<number> <Name>" and has a negative test "Negative.<Name>" in this
// binary.
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "modelseal/error.h"

namespace modelseal {
namespace {

struct Code {
  const char* name;  // with the leading k
  int number;
};

constexpr Code kFormatCodes[] = {
#define MODELSEAL_X(name, number, category, message) {#name, number},
#include "modelseal/errors/format.def"
#undef MODELSEAL_X
};

std::string ReadSpec() {
  std::ifstream in(MODELSEAL_SPEC_MD);
  std::stringstream s;
  s << in.rdbuf();
  // Markdown wraps lines: compare with runs of whitespace as one space.
  std::string out;
  for (char c : s.str()) {
    const bool space = c == ' ' || c == '\n' || c == '\t';
    if (space && !out.empty() && out.back() == ' ') continue;
    out += space ? ' ' : c;
  }
  return out;
}

TEST(Spec, EveryFormatCodeIsInSpec) {
  const std::string spec = ReadSpec();
  ASSERT_FALSE(spec.empty()) << "cannot read " << MODELSEAL_SPEC_MD;
  for (const Code& c : kFormatCodes) {
    // Built step by step: GCC 12 warns (-Wrestrict) on the + chain.
    std::string needle = "E";
    needle += std::to_string(c.number);
    needle += ' ';
    needle += c.name + 1;
    EXPECT_NE(spec.find(needle), std::string::npos)
        << needle << " is not in SPEC.md";
  }
}

TEST(Spec, EveryFormatCodeHasANegativeTest) {
  std::set<std::string> negative;
  const auto* unit = ::testing::UnitTest::GetInstance();
  for (int i = 0; i < unit->total_test_suite_count(); ++i) {
    const auto* suite = unit->GetTestSuite(i);
    if (std::string(suite->name()) != "Negative") continue;
    for (int j = 0; j < suite->total_test_count(); ++j) {
      negative.insert(suite->GetTestInfo(j)->name());
    }
  }
  for (const Code& c : kFormatCodes) {
    EXPECT_TRUE(negative.count(c.name + 1))
        << "no test Negative." << (c.name + 1);
  }
}

TEST(Spec, CodeNamesMatchErrorH) {
  for (const Code& c : kFormatCodes) {
    EXPECT_EQ(ErrorCodeName(static_cast<ErrorCode>(c.number)), c.name + 1);
  }
}

}  // namespace
}  // namespace modelseal

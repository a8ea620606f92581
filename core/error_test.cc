// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
#include "modelseal/error.h"

#include <gtest/gtest.h>

#include <iterator>
#include <set>
#include <string>
#include <string_view>

namespace modelseal {
namespace {

TEST(ErrorTest, OkStatus) {
  Status st;
  EXPECT_TRUE(st.ok());
  EXPECT_EQ(st.ToString(), "ok");
  EXPECT_EQ(st.category(), ErrorCategory::kOk);
}

TEST(ErrorTest, ToStringHasContextMessageDetailAndCode) {
  Status st(ErrorCode::kTreeChild, "estimator.trees[17].children_left[5]",
            "9999 out of range [0, 311)");
  EXPECT_EQ(st.ToString(),
            "estimator.trees[17].children_left[5]: tree child index out of "
            "range: 9999 out of range [0, 311) (E182 TreeChild)");
  EXPECT_EQ(st.category(), ErrorCategory::kFormat);
}

TEST(ErrorTest, WithPrefixJoinsPaths) {
  Status st(ErrorCode::kTreeChild, "children_left[5]", "x");
  EXPECT_EQ(st.WithPrefix("trees[1]").context(), "trees[1].children_left[5]");
  Status idx(ErrorCode::kTreeChild, "[3]", "x");
  EXPECT_EQ(idx.WithPrefix("steps").context(), "steps[3]");
  EXPECT_TRUE(Status().WithPrefix("x").ok());
}

// One table row per code, checked in a loop: expanding the EXPECT macros
// once per code made this file take minutes to compile under ASan.
struct CodeRow {
  ErrorCode code;
  ErrorCategory category;
  std::string_view message;
};

constexpr CodeRow kCodeRows[] = {
#define MODELSEAL_X(name, number, category, message) \
  {ErrorCode::name, ErrorCategory::category, message},
#include "modelseal/errors/all.def"
#undef MODELSEAL_X
};

TEST(ErrorTest, EveryCodeHasUniqueNameAndMessage) {
  std::set<std::string> names;
  for (const CodeRow& row : kCodeRows) {
    SCOPED_TRACE(ErrorCodeName(row.code));
    EXPECT_TRUE(names.insert(std::string(ErrorCodeName(row.code))).second);
    EXPECT_EQ(ErrorCodeMessage(row.code), row.message);
    EXPECT_EQ(ErrorCodeCategory(row.code), row.category);
    EXPECT_NE(ErrorCategoryName(row.category), "");
  }
  EXPECT_GT(std::size(kCodeRows), 50u);
}

TEST(ErrorTest, ResultCarriesValueOrStatus) {
  Result<int> good(5);
  ASSERT_TRUE(good.ok());
  EXPECT_EQ(*good, 5);
  Result<int> bad(ErrorCode::kIoOpen, "x.seal", "no such file");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), ErrorCode::kIoOpen);
}

}  // namespace
}  // namespace modelseal

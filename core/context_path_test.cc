// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
#include "core/context_path.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>

namespace modelseal {
namespace {

TEST(ContextPath, JoinContext) {
  EXPECT_EQ(JoinContext("", "estimator"), "estimator");
  EXPECT_EQ(JoinContext("estimator", "loss"), "estimator.loss");
  EXPECT_EQ(JoinContext("estimator.steps[1]", "trees"),
            "estimator.steps[1].trees");
  EXPECT_EQ(JoinContext(std::string("a"), std::string("b")), "a.b");
  // An empty field is kept as it is given (no special case).
  EXPECT_EQ(JoinContext("a", ""), "a.");
  EXPECT_EQ(JoinContext("", ""), "");
}

TEST(ContextPath, IndexContext) {
  EXPECT_EQ(IndexContext("tensors", 0), "tensors[0]");
  EXPECT_EQ(IndexContext("estimator.trees", 17), "estimator.trees[17]");
  EXPECT_EQ(IndexContext("", 3), "[3]");
  EXPECT_EQ(IndexContext("x", std::numeric_limits<uint64_t>::max()),
            "x[18446744073709551615]");
}

TEST(ContextPath, Composes) {
  const std::string ctx = JoinContext(
      IndexContext(JoinContext(IndexContext("estimator.steps", 1), "trees"),
                   17),
      "children_left");
  EXPECT_EQ(IndexContext(ctx, 5),
            "estimator.steps[1].trees[17].children_left[5]");
}

}  // namespace
}  // namespace modelseal

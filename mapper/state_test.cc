// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// The state tree: limits, array checks and accessors, one negative test per
// state error code (suite "StateNegative", named after the code).
#include "mapper/state.h"

#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include "mapper/test_util.h"

namespace modelseal::mapper {
namespace {

using testing::Dict;
using testing::F64;
using testing::Obj;

TEST(State, AccessorsReadTypedValues) {
  Node root = Obj("m", "C",
                  Dict({{"a", Node::Int(3)},
                        {"b", Node::Float(1.5)},
                        {"c", Node::Str("x")},
                        {"d", Node::Bool(true)},
                        {"e", F64({1, 2, 3, 4}, {2, 2})},
                        {"f", Node::List({Node::Int(7)})}}));
  Value v(root, "estimator");
  EXPECT_EQ(*v.Get("a").AsInt(), 3);
  EXPECT_EQ(*v.Get("a").AsFloat(), 3.0);
  EXPECT_EQ(*v.Get("b").AsFloat(), 1.5);
  EXPECT_EQ(*v.Get("c").AsStr(), "x");
  EXPECT_TRUE(*v.Get("d").AsBool());
  EXPECT_EQ(*v.Get("f").At(0).AsInt(), 7);
  EXPECT_EQ(v.Get("f").At(0).path(), "estimator.f[0]");
  auto e = v.Get("e").Numeric<double>();
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->values, (std::vector<double>{1, 2, 3, 4}));
  EXPECT_EQ(e->shape, (std::vector<uint64_t>{2, 2}));
  EXPECT_TRUE(v.Has("a"));
  EXPECT_FALSE(v.Has("zz"));
  EXPECT_FALSE(v.Find("zz").has_value());
  EXPECT_EQ(v.ClassName()->second, "C");
}

TEST(State, FortranOrderIsReadInCOrder) {
  ArrayData a;
  a.typestr = "<f8";
  a.itemsize = 8;
  a.shape = {2, 3};
  a.fortran_order = true;
  // Column-major storage of [[1, 2, 3], [4, 5, 6]].
  std::vector<double> stored = {1, 4, 2, 5, 3, 6};
  a.bytes.resize(48);
  std::memcpy(a.bytes.data(), stored.data(), 48);
  Node n = Node::Array(std::move(a));
  auto e = Value(n, "x").Numeric<double>();
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->values, (std::vector<double>{1, 2, 3, 4, 5, 6}));
}

TEST(State, BigEndianAndRecordFields) {
  ArrayData a;
  a.typestr = "|V12";
  a.itemsize = 12;
  a.fields = {{"x", ">i4", 0}, {"y", "<f8", 4}};
  a.shape = {1};
  a.bytes.resize(12);
  unsigned char be[4] = {0, 0, 1, 2};  // 258 big-endian
  std::memcpy(a.bytes.data(), be, 4);
  double y = 2.5;
  std::memcpy(a.bytes.data() + 4, &y, 8);
  Node n = Node::Array(std::move(a));
  Value v(n, "nodes");
  EXPECT_EQ(v.Numeric<int32_t>("x")->values[0], 258);
  EXPECT_EQ(v.Numeric<double>("y")->values[0], 2.5);
  auto missing = v.Numeric<double>("z");
  EXPECT_EQ(missing.status().code(), ErrorCode::kStateDType);
  EXPECT_EQ(missing.status().context(), "nodes['z']");
}

TEST(StateNegative, StateTooDeep) {
  Node n = Node::Int(1);
  for (int i = 0; i < 10; ++i) n = Node::List({n});
  StateLimits limits;
  limits.max_depth = 5;
  Status s = CheckState(n, limits, "estimator");
  EXPECT_EQ(s.code(), ErrorCode::kStateTooDeep);
  EXPECT_TRUE(CheckState(n, StateLimits{}, "estimator").ok());
}

TEST(StateNegative, StateTooLarge) {
  std::vector<Node> items(10, Node::Int(0));
  Node n = Node::List(items);
  StateLimits limits;
  limits.max_nodes = 5;
  EXPECT_EQ(CheckState(n, limits, "e").code(), ErrorCode::kStateTooLarge);
  StateLimits bytes;
  bytes.max_bytes = 3;
  EXPECT_EQ(CheckState(Node::Str("abcd"), bytes, "e").code(),
            ErrorCode::kStateTooLarge);
  StateBudget budget(bytes);
  EXPECT_TRUE(budget.Add(0, 3, "e").ok());
  EXPECT_EQ(budget.Add(0, 1, "e").code(), ErrorCode::kStateTooLarge);
}

TEST(StateNegative, StateBadArray) {
  ArrayData a;
  a.typestr = "<f8";
  a.itemsize = 8;
  a.shape = {3};
  a.bytes.resize(16);  // 2 elements for a shape of 3
  EXPECT_EQ(CheckArray(a, "x").code(), ErrorCode::kStateBadArray);
  a.typestr = "<q8";
  EXPECT_EQ(CheckArray(a, "x").code(), ErrorCode::kStateBadArray);
  ArrayData overflow;
  overflow.typestr = "<f8";
  overflow.itemsize = 8;
  overflow.shape = {1ull << 40, 1ull << 40};
  EXPECT_EQ(CheckArray(overflow, "x").code(), ErrorCode::kStateBadArray);
  ArrayData field;
  field.typestr = "|V8";
  field.itemsize = 8;
  field.fields = {{"a", "<f8", 4}};
  field.shape = {0};
  EXPECT_EQ(CheckArray(field, "x").code(), ErrorCode::kStateBadArray);
  Node n = Node::Array(a);
  EXPECT_EQ(Value(n, "x").Numeric<double>().status().code(),
            ErrorCode::kStateBadArray);
}

TEST(StateNegative, StateUnrepresentable) {
  Node odd = Node::Dict({Node::Str("k")});
  EXPECT_EQ(CheckState(odd, StateLimits{}, "e").code(),
            ErrorCode::kStateUnrepresentable);
}

TEST(StateNegative, StateMissing) {
  Node root = Obj("m", "C", Dict({{"a", Node::Int(1)}}));
  Value v(root, "estimator");
  auto r = v.Get("steps").At(1).Get("coef_").AsArray();
  EXPECT_EQ(r.status().code(), ErrorCode::kStateMissing);
  EXPECT_EQ(r.status().context(), "estimator.steps");
}

TEST(StateNegative, StateType) {
  Node root = Obj("m", "C", Dict({{"a", Node::Str("x")}}));
  Value v(root, "estimator");
  EXPECT_EQ(v.Get("a").AsInt().status().code(), ErrorCode::kStateType);
  EXPECT_EQ(v.Get("a").AsInt().status().context(), "estimator.a");
  EXPECT_EQ(v.Get("a").AsArray().status().code(), ErrorCode::kStateType);
  EXPECT_EQ(v.Get("a").At(0).status().code(), ErrorCode::kStateType);
  EXPECT_EQ(v.Get("a").Get("b").status().code(), ErrorCode::kStateType);
  EXPECT_EQ(Value(Node::Bool(true), "b").AsInt().status().code(),
            ErrorCode::kStateType);
}

TEST(StateNegative, StateDType) {
  ArrayData a;
  a.typestr = "<U1";
  a.itemsize = 4;
  a.shape = {1};
  a.bytes.resize(4);
  Node n = Node::Array(a);
  EXPECT_EQ(Value(n, "x").Numeric<double>().status().code(),
            ErrorCode::kStateDType);
}

TEST(StateNegative, StateShape) {
  Node n = Node::List({Node::Int(1)});
  Value v(n, "l");
  EXPECT_EQ(v.At(3).status().code(), ErrorCode::kStateShape);
  EXPECT_EQ(v.At(3).status().context(), "l[3]");
}

TEST(StateNegative, StateValue) {
  Node f = F64({1.5}, {1});
  EXPECT_EQ(Value(f, "x").Numeric<int32_t>().status().code(),
            ErrorCode::kStateValue);
  Node large = F64({3e9}, {1});
  EXPECT_EQ(Value(large, "x").Numeric<int32_t>().status().code(),
            ErrorCode::kStateValue);
  Node neg = F64({-1}, {1});
  EXPECT_EQ(Value(neg, "x").Numeric<uint32_t>().status().code(),
            ErrorCode::kStateValue);
  EXPECT_EQ(Value(neg, "x").Numeric<int32_t>()->values[0], -1);
  Node big = Node::BigInt(std::string(9, '\x7f'));
  EXPECT_EQ(Value(big, "n").AsInt().status().code(), ErrorCode::kStateValue);
}

TEST(State, ParseTypeStrAndNames) {
  EXPECT_TRUE(ParseTypeStr("<f8").has_value());
  EXPECT_TRUE(ParseTypeStr("|b1").has_value());
  EXPECT_FALSE(ParseTypeStr("<b1").has_value());
  EXPECT_FALSE(ParseTypeStr("|f8").has_value());
  EXPECT_FALSE(ParseTypeStr("f8").has_value());
  EXPECT_EQ(NumpyDTypeName("<f8"), "float64");
  EXPECT_EQ(NumpyDTypeName("|b1"), "bool");
  EXPECT_EQ(NumpyDTypeName("|O"), "object");
  EXPECT_FALSE(ParseTypeStr("|O8").has_value());
}

}  // namespace
}  // namespace modelseal::mapper

// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// The discretization mappers (KBinsDiscretizer) on hand-built state trees
// shaped as scikit-learn 1.9.1 fits them.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "mapper/mapper.h"
#include "mapper/test_util.h"

namespace modelseal::mapper {
namespace {

using testing::Dict;
using testing::F64;
using testing::I64;
using testing::Obj;
using testing::ObjArr;
using testing::Options;

constexpr double kInf = std::numeric_limits<double>::infinity();

// The fitted OneHotEncoder fit builds for encode="onehot-dense".
Node Encoder(std::vector<std::vector<double>> cats) {
  std::vector<Node> c;
  for (auto& v : cats) c.push_back(F64(v, {v.size()}));
  return Obj("sklearn.preprocessing._encoders", "OneHotEncoder",
             Dict({{"categories_", Node::List(std::move(c))},
                   {"drop_idx_", Node::None()},
                   {"_sklearn_version", Node::Str("1.9.1")}}));
}

// KBinsDiscretizer(n_bins=3, strategy="uniform") fitted on
// [[0, 5], [1, 5], [2, 5], [3, 5]]: bin_edges_ [0, 1, 2, 3] and, the second
// feature being constant, [-inf, inf]; n_bins_ [3, 1].
Node KBins(const char* encode, Node dtype = Node::None(),
           std::vector<int64_t> n_bins = {3, 1},
           std::vector<std::vector<double>> encoder = {{0, 1, 2}, {0}}) {
  return Obj("sklearn.preprocessing._discretization", "KBinsDiscretizer",
             Dict({{"n_bins", Node::Int(3)},
                   {"encode", Node::Str(encode)},
                   {"strategy", Node::Str("uniform")},
                   {"dtype", std::move(dtype)},
                   {"n_features_in_", Node::Int(2)},
                   {"bin_edges_",
                    ObjArr({F64({0, 1, 2, 3}, {4}), F64({-kInf, kInf}, {2})})},
                   {"n_bins_", I64(n_bins)},
                   {"_encoder", Encoder(std::move(encoder))},
                   {"_sklearn_version", Node::Str("1.9.1")}}));
}

TEST(MapperDiscretization, KBinsOrdinal) {
  auto m = MapModel(KBins("ordinal"), Options());
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  const auto& k = std::get<KBinsDiscretizer>(m->estimator.kind);
  EXPECT_EQ(k.n_bins, (std::vector<uint64_t>{3, 1}));
  auto e = k.edges.span<double>();
  EXPECT_EQ(std::vector<double>(e.begin(), e.end()),
            (std::vector<double>{0, 1, 2, 3, -kInf, kInf}));
  EXPECT_EQ(k.encode, KBinsEncode::kOrdinal);
  EXPECT_EQ(k.input, KBinsInput::kAsGiven);
  EXPECT_EQ(m->output.task, Task::kTransform);
  EXPECT_EQ(m->output.n_outputs, 2u);
}

TEST(MapperDiscretization, KBinsOneHotDenseWidthIsTheBinCount) {
  auto m = MapModel(KBins("onehot-dense"), Options());
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(std::get<KBinsDiscretizer>(m->estimator.kind).encode,
            KBinsEncode::kOneHot);
  EXPECT_EQ(m->output.n_outputs, 4u);
}

TEST(MapperDiscretization, KBinsDtype) {
  auto f32 =
      MapModel(KBins("ordinal", Node::Global("numpy", "float32")), Options());
  ASSERT_TRUE(f32.ok()) << f32.status().ToString();
  EXPECT_EQ(std::get<KBinsDiscretizer>(f32->estimator.kind).input,
            KBinsInput::kFloat32);
  auto f64 =
      MapModel(KBins("ordinal", Node::Global("numpy", "float64")), Options());
  ASSERT_TRUE(f64.ok()) << f64.status().ToString();
  EXPECT_EQ(std::get<KBinsDiscretizer>(f64->estimator.kind).input,
            KBinsInput::kAsGiven);
}

TEST(MapperNegative, KBinsSparseOneHotAndOtherDtypesRefused) {
  auto sparse = MapModel(KBins("onehot"), Options());
  EXPECT_EQ(sparse.status().code(), ErrorCode::kEstimatorParam);
  EXPECT_NE(sparse.status().detail().find("encode='onehot'"), std::string::npos)
      << sparse.status().ToString();
  auto f16 =
      MapModel(KBins("ordinal", Node::Global("numpy", "float16")), Options());
  EXPECT_EQ(f16.status().code(), ErrorCode::kEstimatorParam);
  EXPECT_NE(f16.status().detail().find("dtype"), std::string::npos);
}

TEST(MapperNegative, KBinsInconsistentState) {
  // n_bins_ disagreeing with bin_edges_.
  auto bins = MapModel(KBins("ordinal", Node::None(), {2, 1}), Options());
  EXPECT_EQ(bins.status().code(), ErrorCode::kStateValue);
  EXPECT_NE(bins.status().context().find("bin_edges_[0]"), std::string::npos)
      << bins.status().ToString();
  auto count = MapModel(KBins("ordinal", Node::None(), {3}), Options());
  EXPECT_EQ(count.status().code(), ErrorCode::kStateShape);
  // The one-hot encoder must list categories 0 .. n_bins_ - 1.
  auto values = MapModel(
      KBins("onehot-dense", Node::None(), {3, 1}, {{0, 2, 1}, {0}}), Options());
  EXPECT_EQ(values.status().code(), ErrorCode::kStateValue);
  auto short_list = MapModel(
      KBins("onehot-dense", Node::None(), {3, 1}, {{0, 1}, {0}}), Options());
  EXPECT_EQ(short_list.status().code(), ErrorCode::kStateShape);
  // Ordinal output does not read the encoder.
  EXPECT_TRUE(
      MapModel(KBins("ordinal", Node::None(), {3, 1}, {{0, 1}, {0}}), Options())
          .ok());
}

}  // namespace
}  // namespace modelseal::mapper

// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// DecisionTree and Forest in the predictor: the compile of the Tree layout
// (shared with GradientBoosting) and their final step, which walks the
// kernels of inference/kernels.h. Compiled into the inference library.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <variant>
#include <vector>

#include "core/checked_math.h"
#include "inference/kernels.h"
#include "inference/predictor_impl.h"
#include "modelseal/limits.h"

namespace modelseal {

using namespace inference;  // NOLINT(build/namespaces)

Status Predictor::Impl::BuildTree(const Tree& t, size_t outputs, size_t width,
                                  const std::string& path, CompiledTree* out) {
  MODELSEAL_RETURN_IF_ERROR(CheckTensor(t.children_left, DType::kInt32,
                                        {kAnyDim},
                                        JoinContext(path, "children_left")));
  const uint64_t n = t.children_left.shape()[0];
  if (n < 1 || n > limits::kMaxTreeNodes) {
    return Status(ErrorCode::kPredictorTensor,
                  JoinContext(path, "children_left"),
                  std::to_string(n) + " nodes");
  }
  MODELSEAL_RETURN_IF_ERROR(CheckTensor(t.children_right, DType::kInt32, {n},
                                        JoinContext(path, "children_right")));
  MODELSEAL_RETURN_IF_ERROR(
      CheckTensor(t.feature, DType::kInt32, {n}, JoinContext(path, "feature")));
  MODELSEAL_RETURN_IF_ERROR(CheckTensor(t.threshold, DType::kFloat64, {n},
                                        JoinContext(path, "threshold")));
  MODELSEAL_RETURN_IF_ERROR(CheckTensor(t.value, DType::kFloat64,
                                        {n, outputs, width},
                                        JoinContext(path, "value")));
  const uint8_t* missing = nullptr;
  if (t.missing_go_to_left.present()) {
    MODELSEAL_RETURN_IF_ERROR(
        CheckTensor(t.missing_go_to_left, DType::kUInt8, {n},
                    JoinContext(path, "missing_go_to_left")));
    missing = DataOf<uint8_t>(t.missing_go_to_left);
  }
  const int32_t* left = DataOf<int32_t>(t.children_left);
  const int32_t* right = DataOf<int32_t>(t.children_right);
  const int32_t* feature = DataOf<int32_t>(t.feature);
  const double* threshold = DataOf<double>(t.threshold);
  out->nodes.resize(n);
  out->value = DataOf<double>(t.value);
  // One pass without branches on the node kind (leaves and splits alternate
  // unpredictably) checks the rules and lays out every node. Only when a
  // node breaks a rule does the loop below run, to report the first one;
  // the layout is the same either way.
  {
    std::vector<uint8_t> has_parent(n + 1, 0);  // [n]: a dummy slot
    has_parent[0] = 1;
    bool ok = true;
    for (uint64_t i = 0; i < n; ++i) {
      const int64_t l = left[i], r = right[i], f = feature[i];
      const bool leaf = (l == -1) & (r == -1);
      const bool in_range = (static_cast<uint64_t>(l) < n) &
                            (static_cast<uint64_t>(r) < n) &
                            (static_cast<uint64_t>(f) < n_features);
      const bool split = !leaf & in_range;
      const uint64_t lc = split ? static_cast<uint64_t>(l) : n;
      const uint64_t rc = split ? static_cast<uint64_t>(r) : n;
      const bool l_free = !has_parent[lc], r_free = !has_parent[rc];
      const bool first_parent = l_free & r_free & (lc != rc);
      ok &= leaf | (split & first_parent);
      has_parent[lc] = 1;
      has_parent[rc] = 1;
      const int32_t self = static_cast<int32_t>(i);
      const uint32_t flags =
          missing && missing[i] ? inference::kMissingLeft : 0u;
      out->nodes[i] =
          TreeNode{leaf ? inference::kLeaf : (static_cast<uint32_t>(f) | flags),
                   leaf ? 0.0f : inference::RoundDownToFloat(threshold[i]),
                   {leaf ? self : static_cast<int32_t>(l),
                    leaf ? self : static_cast<int32_t>(r)}};
    }
    if (ok) return Status::Ok();
  }
  ParentCheck parents(n);
  for (uint64_t i = 0; i < n; ++i) {
    const int64_t l = left[i], r = right[i];
    if (l == -1 && r == -1) continue;
    const int64_t nn = static_cast<int64_t>(n);
    if (l < 0 || l >= nn) {
      return Status(
          ErrorCode::kPredictorTreeChild,
          JoinContext(path, IndexContext("children_left", i)),
          std::to_string(l) + " out of range [0, " + std::to_string(n) + ")");
    }
    if (r < 0 || r >= nn) {
      return Status(
          ErrorCode::kPredictorTreeChild,
          JoinContext(path, IndexContext("children_right", i)),
          std::to_string(r) + " out of range [0, " + std::to_string(n) + ")");
    }
    const int64_t f = feature[i];
    if (f < 0 || static_cast<uint64_t>(f) >= n_features) {
      return Status(ErrorCode::kPredictorFeatureIndex,
                    JoinContext(path, IndexContext("feature", i)),
                    std::to_string(f) + " out of range [0, " +
                        std::to_string(n_features) + ")");
    }
    MODELSEAL_RETURN_IF_ERROR(parents.Add(i, static_cast<uint64_t>(l),
                                          static_cast<uint64_t>(r), path,
                                          "children_left", "children_right"));
  }
  return Status::Ok();  // the two passes' rules agree: not reached
}

namespace {

// A single tree's leaf values (DecisionTree) or their mean over the trees
// (Forest), per output: class weights of a classifier (argmax for predict,
// as they are for predict_proba), the value of a regressor.
class TreesFinal final : public FinalStep {
 public:
  TreesFinal(bool forest, size_t value_width)
      : forest_(forest), value_width_(value_width) {}

  bool HasProba() const override { return true; }
  bool HasDecision() const override { return false; }

  void ComputeRaw(const Predictor::Impl& p, const double*, const float* xf,
                  size_t rows, int32_t* leaves, double* raw) const override {
    const size_t w = p.raw_width, n_outputs = p.n_outputs;
    const size_t stride = n_outputs * value_width_;
    if (forest_) std::fill(raw, raw + rows * w, 0.0);
    // Adds (forest) or copies (single tree) the value of leaf `leaf` into
    // row r's raw scores.
    auto add = [&](const CompiledTree& t, size_t r, int32_t leaf) {
      const double* v = t.value + static_cast<size_t>(leaf) * stride;
      double* out = raw + r * w;
      if (!forest_) {
        for (size_t o = 0; o < n_outputs; ++o) {
          if (p.classifier) {
            std::memcpy(out + p.class_offsets[o], v + o * value_width_,
                        p.class_counts[o] * sizeof(double));
          } else {
            out[o] = v[o];
          }
        }
        return;
      }
      for (size_t o = 0; o < n_outputs; ++o) {
        if (p.classifier) {
          const double* vo = v + o * value_width_;
          double* oo = out + p.class_offsets[o];
          for (size_t c = 0; c < p.class_counts[o]; ++c) oo[c] += vo[c];
        } else {
          out[o] += v[o];
        }
      }
    };
    const std::vector<CompiledTree>& trees = p.trees;
    if (rows < kLockstep) {
      // Few rows: walk each row down kLockstep trees at a time. Every row
      // still sums its trees in order.
      for (size_t r = 0; r < rows; ++r) {
        FindLeavesAcrossTrees(p.tree_nodes.data(), trees.size(),
                              xf + r * p.n_features, leaves);
        for (size_t t = 0; t < trees.size(); ++t) add(trees[t], r, leaves[t]);
      }
    } else {
      for (const CompiledTree& t : trees) {
        FindLeaves(t.nodes.data(), xf, p.n_features, rows, leaves);
        for (size_t r = 0; r < rows; ++r) add(t, r, leaves[r]);
      }
    }
    if (forest_) {
      const double n = static_cast<double>(trees.size());
      for (size_t i = 0; i < rows * w; ++i) raw[i] /= n;
    }
  }

  void Finish(const Predictor::Impl& p, Method method, const double* raw,
              size_t rows, size_t row0, size_t, Outputs outs) const override {
    if (!p.classifier) return FinishValues(p, raw, rows, row0, outs);
    const size_t w = p.raw_width, n_outputs = p.n_outputs;
    for (size_t r = 0; r < rows; ++r) {
      const double* s = raw + r * w;
      const size_t row = row0 + r;
      for (size_t o = 0; o < n_outputs; ++o) {
        const double* so = s + p.class_offsets[o];
        const size_t c = p.class_counts[o];
        if (method == Method::kPredict) {
          outs.classes->data[row * n_outputs + o] =
              static_cast<int64_t>(ArgMax(so, c));
        } else {
          std::copy(so, so + c, (*outs.proba)[o].data.data() + row * c);
        }
      }
    }
  }

 private:
  bool forest_;
  size_t value_width_;  // last extent of Tree.value
};

}  // namespace

Status Predictor::Impl::BuildTrees(const std::vector<const Tree*>& ts,
                                   const std::vector<std::string>& paths,
                                   size_t* value_width_out) {
  final_rule = InputRule::kFloat32;
  if (ts.empty()) {
    return Status(ErrorCode::kPredictorTensor,
                  JoinContext(paths.at(0), "trees"), "no trees");
  }
  size_t value_width = 1;
  if (classifier) {
    value_width = *std::max_element(class_counts.begin(), class_counts.end());
    if (!ts[0]->value.shape().empty() && ts[0]->value.rank() == 3 &&
        ts[0]->value.shape()[2] >= value_width) {
      value_width = ts[0]->value.shape()[2];
    }
  } else {
    raw_width = n_outputs;
  }
  trees_allow_nan = true;
  trees.resize(ts.size());
  for (size_t i = 0; i < ts.size(); ++i) {
    MODELSEAL_RETURN_IF_ERROR(
        BuildTree(*ts[i], n_outputs, value_width, paths[i + 1], &trees[i]));
    if (!ts[i]->missing_go_to_left.present()) trees_allow_nan = false;
  }
  *value_width_out = value_width;
  return Status::Ok();
}

Status Predictor::Impl::CompileDecisionTree(const DecisionTree& d,
                                            const std::string& path) {
  size_t value_width = 1;
  MODELSEAL_RETURN_IF_ERROR(
      BuildTrees({&d.tree}, {path, JoinContext(path, "tree")}, &value_width));
  final_step = std::make_unique<TreesFinal>(false, value_width);
  return Status::Ok();
}

Status Predictor::Impl::CompileForest(const Forest& f,
                                      const std::string& path) {
  std::vector<const Tree*> ts;
  std::vector<std::string> paths{path};
  for (size_t i = 0; i < f.trees.size(); ++i) {
    ts.push_back(&f.trees[i]);
    paths.push_back(JoinContext(path, IndexContext("trees", i)));
  }
  size_t value_width = 1;
  MODELSEAL_RETURN_IF_ERROR(BuildTrees(ts, paths, &value_width));
  final_step = std::make_unique<TreesFinal>(true, value_width);
  return Status::Ok();
}

}  // namespace modelseal

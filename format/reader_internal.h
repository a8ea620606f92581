// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// The FlatBuffers -> Model conversion shared by format/reader.cc and the
// kinds' readers (kinds/<family>/format.cc): the Converter hands out the
// tensors of the table (each at most once) and converts each estimator
// through the registry expanded from kinds/kinds.def. Private to the format
// library.
#ifndef MODELSEAL_FORMAT_READER_INTERNAL_H_
#define MODELSEAL_FORMAT_READER_INTERNAL_H_

#include <cstdint>
#include <string>
#include <vector>

#include "core/context_path.h"  // IndexContext
#include "flatbuffers/flatbuffers.h"
#include "format/model_generated.h"
#include "modelseal/error.h"
#include "modelseal/model.h"

namespace modelseal::format_internal {

namespace fbs = ::modelseal::fb;

std::string Str(const flatbuffers::String* s);
Status Missing(const std::string& ctx);
template <typename V>
uint64_t SizeOf(const V* v) {
  return v == nullptr ? 0 : v->size();
}

class Converter {
 public:
  Converter(std::vector<Tensor> table) : table_(std::move(table)) {
    used_.assign(table_.size(), 0);
  }

  // The tensor an index field refers to; -1 = absent.
  Status Ref(int32_t index, const std::string& ctx, Tensor* out);
  Status CheckAllReferenced() const;
  Status StringList(
      const flatbuffers::Vector<flatbuffers::Offset<flatbuffers::String>>* v,
      uint64_t max, ErrorCode code, const std::string& ctx,
      std::vector<std::string>* out);
  Status Metadata(const fbs::Metadata* m, modelseal::Metadata* out);
  Status Output(const fbs::OutputSpec* o, OutputSpec* out);
  // The estimator union: dispatches on the tag (a rejecting default).
  Status ConvertEstimator(fbs::Estimator type, const void* value,
                          const std::string& ctx, uint64_t depth,
                          Estimator* out);

  // Shared sub-tables (kinds/trees/format.cc, also used by
  // GradientBoosting; kinds/hist_gradient_boosting/format.cc).
  Status ConvertTree(const fbs::Tree* t, const std::string& ctx, Tree* out);
  Status ConvertTrees(
      const flatbuffers::Vector<flatbuffers::Offset<fbs::Tree>>* trees,
      const std::string& ctx, std::vector<Tree>* out);
  Status ConvertHistTree(const fbs::HistTree* t, const std::string& ctx,
                         HistTree* out);

  // One reader per kind (kinds/kinds.def), in kinds/<family>/format.cc:
  // `value` is the union's table (may be null), depth the nesting depth.
#define MODELSEAL_KIND(K, role)                                             \
  Status Read##K(const void* value, const std::string& ctx, uint64_t depth, \
                 Estimator* out);
#include "kinds/kinds.def"
#undef MODELSEAL_KIND

 private:
  std::vector<Tensor> table_;
  std::vector<uint8_t> used_;
};

}  // namespace modelseal::format_internal

#endif  // MODELSEAL_FORMAT_READER_INTERNAL_H_

// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Helpers for the format tests: aligned copies of file bytes, and access to
// the manifest of a file for corrupting one field. Private to format/.
#ifndef MODELSEAL_FORMAT_TEST_UTIL_H_
#define MODELSEAL_FORMAT_TEST_UTIL_H_

#include <cstddef>
#include <cstring>
#include <memory>
#include <new>
#include <span>
#include <vector>

#include "format/model_generated.h"
#include "modelseal/format.h"
#include "modelseal/limits.h"

namespace modelseal::format_test {

// Parses a 64-byte aligned copy of `bytes` (ParseModel's precondition).
inline Result<Model> ParseCopy(std::span<const std::byte> bytes) {
  std::shared_ptr<std::byte> buffer(
      static_cast<std::byte*>(::operator new[](
          bytes.size() + 1, std::align_val_t(limits::kTensorAlignment))),
      [](std::byte* p) {
        ::operator delete[](p, std::align_val_t(limits::kTensorAlignment));
      });
  if (!bytes.empty()) std::memcpy(buffer.get(), bytes.data(), bytes.size());
  return ParseModel(std::span<const std::byte>(buffer.get(), bytes.size()),
                    buffer);
}

// The manifest of a file made by the writer, for in-place edits of fields
// the writer always stores (it calls ForceDefaults(true)).
inline fb::Manifest* MutableManifest(std::vector<std::byte>& file) {
  return fb::GetMutableManifest(file.data() + limits::kHeaderSize);
}

}  // namespace modelseal::format_test

#endif  // MODELSEAL_FORMAT_TEST_UTIL_H_

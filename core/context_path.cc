// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
#include "core/context_path.h"

namespace modelseal {

std::string JoinContext(std::string_view parent, std::string_view field) {
  std::string out;
  if (parent.empty()) {
    out = field;
    return out;
  }
  out.reserve(parent.size() + 1 + field.size());
  out += parent;
  out += '.';
  out += field;
  return out;
}

std::string IndexContext(std::string_view parent, uint64_t i) {
  std::string out;
  const std::string index = std::to_string(i);
  out.reserve(parent.size() + index.size() + 2);
  out += parent;
  out += '[';
  out += index;
  out += ']';
  return out;
}

}  // namespace modelseal

// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
#include "modelseal/model.h"

namespace modelseal {

size_t DTypeSize(DType dtype) {
  switch (dtype) {
    case DType::kFloat64:
      return 8;
    case DType::kFloat32:
      return 4;
    case DType::kInt64:
      return 8;
    case DType::kInt32:
      return 4;
    case DType::kUInt32:
      return 4;
    case DType::kUInt8:
      return 1;
  }
  return 0;
}

const char* DTypeName(DType dtype) {
  switch (dtype) {
    case DType::kFloat64:
      return "float64";
    case DType::kFloat32:
      return "float32";
    case DType::kInt64:
      return "int64";
    case DType::kInt32:
      return "int32";
    case DType::kUInt32:
      return "uint32";
    case DType::kUInt8:
      return "uint8";
  }
  return "invalid";
}

bool DTypeIsValid(uint8_t raw) {
  return DTypeSize(static_cast<DType>(raw)) != 0;  // 0: not an enumerator
}

}  // namespace modelseal

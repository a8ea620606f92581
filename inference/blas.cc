// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
#include "inference/blas.h"

#include <cblas.h>

#include <mutex>

namespace modelseal::inference {

void UseOneBlasThreadPerCaller() {
  static std::once_flag once;
  std::call_once(once, [] { openblas_set_num_threads(1); });
}

}  // namespace modelseal::inference

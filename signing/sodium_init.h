// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
// Internal: calls sodium_init() once (thread-safe).
#ifndef MODELSEAL_SIGNING_SODIUM_INIT_H_
#define MODELSEAL_SIGNING_SODIUM_INIT_H_

namespace modelseal::signing::internal {
void EnsureSodium();
}  // namespace modelseal::signing::internal

#endif  // MODELSEAL_SIGNING_SODIUM_INIT_H_

// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
// Compiled into libmodelseal.so only (cmake/ModelsealInstall.cmake).
#include "modelseal/version.h"

namespace modelseal {

const char* LibraryVersion() { return MODELSEAL_LIBRARY_VERSION; }

}  // namespace modelseal

// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// The version of the installed library (libmodelseal.so), e.g. "0.1.0".
// Defined in the shared library only (cmake/ModelsealInstall.cmake): a
// program linked against an installed modelseal can print or check it.
#ifndef MODELSEAL_VERSION_H_
#define MODELSEAL_VERSION_H_

namespace modelseal {

// "MAJOR.MINOR.PATCH" of the library the program runs against; a static
// string.
const char* LibraryVersion();

}  // namespace modelseal

#endif  // MODELSEAL_VERSION_H_

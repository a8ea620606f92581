// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
#ifndef MODELSEAL_CORE_UTF8_H_
#define MODELSEAL_CORE_UTF8_H_

#include <cstddef>
#include <string_view>

namespace modelseal {

// True when `s` is well-formed UTF-8 (RFC 3629: no overlong forms, no
// surrogates, nothing above U+10FFFF) and holds no NUL byte.
bool IsValidUtf8(std::string_view s);

}  // namespace modelseal

#endif  // MODELSEAL_CORE_UTF8_H_

// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
#ifndef MODELSEAL_CORE_UTF8_H_
#define MODELSEAL_CORE_UTF8_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace modelseal {

// True when `s` is well-formed UTF-8 (RFC 3629: no overlong forms, no
// surrogates, nothing above U+10FFFF) and holds no NUL byte.
bool IsValidUtf8(std::string_view s);

// `s` made safe to print on a terminal: C0 controls, DEL and the C1
// controls (U+0080..U+009F) become \xNN / \u00NN, so an untrusted string
// (a model's name or description, an error's context or detail) cannot move
// the cursor, set the title or inject input. Other UTF-8 is kept; invalid
// bytes become \xNN. The result is always valid UTF-8.
std::string EscapeForTerminal(std::string_view s);

}  // namespace modelseal

#endif  // MODELSEAL_CORE_UTF8_H_

// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// File system paths from Python, taken as open() takes them: str, bytes or
// os.PathLike. A str is encoded as os.fsencode() does (the file system
// encoding with surrogateescape, so a name os.listdir() could not decode
// round-trips to its original bytes). Anything else, a str that cannot be
// encoded, and a path with a NUL byte (which the C library would silently
// truncate at) raise UsageError (kInvalidPath) with `what` as the context.
// Call with the GIL held.
#ifndef MODELSEAL_PYTHON_SRC_PATH_ARG_H_
#define MODELSEAL_PYTHON_SRC_PATH_ARG_H_

#include <nanobind/nanobind.h>

#include <optional>
#include <string>
#include <vector>

namespace modelseal::python {

std::string PathArg(nanobind::handle path, const char* what);
// None -> nullopt.
std::optional<std::string> OptionalPathArg(nanobind::handle path,
                                           const char* what);
// A list or tuple of paths (context "<what>[i]").
std::vector<std::string> PathListArg(nanobind::handle paths, const char* what);

}  // namespace modelseal::python

#endif  // MODELSEAL_PYTHON_SRC_PATH_ARG_H_

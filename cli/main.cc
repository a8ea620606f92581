// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// The `modelseal` command: parses the command line with CLI11 and runs the
// selected subcommand. Exit codes: cli/exit_codes.h (usage errors → 2).
#include <CLI/CLI.hpp>
#include <cstdio>
#include <exception>

#include "cli/exit_codes.h"
#include "cli/registry.h"
#include "core/utf8.h"

namespace modelseal::cli {

// The context and detail may quote the model, its signature or the helper's
// reply: escaped, so that they cannot drive the terminal.
int ReportError(const Status& status) {
  std::fprintf(stderr, "modelseal: %s\n",
               EscapeForTerminal(status.ToString()).c_str());
  return ExitCodeFor(status);
}

namespace {
// Every subcommand group; append new groups here.
constexpr CommandGroup kCommandGroups[] = {
    RegisterSignCommands,
    RegisterModelCommands,
};

int Main(int argc, char** argv) {
  CLI::App app{"modelseal: signed, sandboxed, schema-only scikit-learn models"};
  app.require_subcommand(1);
  CommandRegistry registry;
  for (CommandGroup group : kCommandGroups) group(app, registry);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e);  // prints help or the parse error
    return rc == 0 ? kExitOk : kExitUsage;
  }
  return registry.RunSelected();
}
}  // namespace

}  // namespace modelseal::cli

int main(int argc, char** argv) {
  try {
    return modelseal::cli::Main(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "modelseal: internal error: %s\n",
                 modelseal::EscapeForTerminal(e.what()).c_str());
    return modelseal::cli::kExitInternal;
  }
}

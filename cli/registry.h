// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// The `modelseal` command is a set of subcommand groups. Each group lives in
// its own file and exposes one function `void RegisterXxxCommands(CLI::App&,
// CommandRegistry&)` that adds its subcommands; main.cc lists the groups in
// kCommandGroups. To add a group: write cli/<group>_commands.cc, declare its
// register function below, append it to kCommandGroups in main.cc and the
// source to cli/CMakeLists.txt.
#ifndef MODELSEAL_CLI_REGISTRY_H_
#define MODELSEAL_CLI_REGISTRY_H_

#include <CLI/CLI.hpp>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "cli/exit_codes.h"
#include "modelseal/error.h"

namespace modelseal::cli {

// A subcommand's action; returns an exit code from exit_codes.h.
using CommandAction = std::function<int()>;

class CommandRegistry {
 public:
  // Adds subcommand `name` to `app`; `action` runs when it is selected.
  // The returned App (owned by `app`) is where the group adds options; the
  // variables it binds must outlive App::parse (capture them in shared_ptrs
  // held by `action`).
  CLI::App* Add(CLI::App& app, const std::string& name,
                const std::string& description, CommandAction action) {
    CLI::App* sub = app.add_subcommand(name, description);
    commands_.emplace_back(sub, std::move(action));
    return sub;
  }
  // Runs the parsed subcommand; kExitUsage when none was selected.
  int RunSelected() const {
    for (const auto& [sub, action] : commands_) {
      if (sub->parsed()) return action();
    }
    return kExitUsage;
  }

 private:
  std::vector<std::pair<CLI::App*, CommandAction>> commands_;
};

// Prints "modelseal: <status>" to stderr; returns the status's exit code.
int ReportError(const Status& status);

using CommandGroup = void (*)(CLI::App& app, CommandRegistry& registry);

// The groups (one file each).
void RegisterSignCommands(CLI::App& app, CommandRegistry& registry);
// inspect, predict, check (model_commands.cc).
void RegisterModelCommands(CLI::App& app, CommandRegistry& registry);

}  // namespace modelseal::cli

#endif  // MODELSEAL_CLI_REGISTRY_H_

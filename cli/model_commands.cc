// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// `modelseal inspect`, `modelseal predict`, `modelseal check`: the model
// commands. Each loads the model through the loader (signature check,
// sandboxed parse, re-validation), so they share the trust options:
//   --policy FILE | -p/--trusted-key PUBKEY (repeatable) |
//   --insecure-unsigned (prints a warning), and -x/--signature FILE
//   (default MODEL.minisig). Exactly one trust option is required.
//   --max-unsigned-size BYTES (with --insecure-unsigned) raises or lowers
//   the largest model an unsigned load reads (default 256 MiB).
//
// Inputs (predict, check): a .npy file (by extension) or CSV (anything
// else), parsed by the bounded parsers in cli/input/. A CSV header is only
// read with --header (never guessed); its names must equal the model's
// feature names when the model records them.
//
// predict writes CSV, one row per input row, to -o FILE (atomically) or
// stdout: labels (classification; one column per output), values
// (regression; shortest round-trip text), --proba (one column per class,
// header row of labels; "<output>:<label>" for multi-output models),
// --decision or --transform (no header).
//
// check re-scores the model on labelled data with a scorer recorded in its
// metadata (cv_scores[0], or --scorer NAME) and passes when
// |score - mean| <= k * std + 1e-9 (k = --sigmas, default 1; the 1e-9
// absorbs rounding when std is 0). Exit 0 on PASS, 7 (kExitCheckFailed) on
// FAIL.
//
// inspect prints the metadata, input/output spec, estimator structure with
// sizes, file size and signature status; --json prints the same as one JSON
// object (shape documented at InspectJson in cli/inspect_command.cc). Strings
// from the model are escaped before they reach a terminal.
//
// On a terminal (stderr is a TTY) long steps show a progress line updated
// with \r; nothing is printed there otherwise.
//
// Each command is one file: cli/inspect_command.cc, cli/predict_command.cc,
// cli/check_command.cc; what they share is cli/model_common.h.
#include "cli/model_common.h"
#include "cli/registry.h"

namespace modelseal::cli {

void RegisterModelCommands(CLI::App& app, CommandRegistry& registry) {
  RegisterInspectCommand(app, registry);
  RegisterPredictCommand(app, registry);
  RegisterCheckCommand(app, registry);
}

}  // namespace modelseal::cli

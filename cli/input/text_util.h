// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Small text helpers shared by the CLI's input parsers. Pure functions.
#ifndef MODELSEAL_CLI_INPUT_TEXT_UTIL_H_
#define MODELSEAL_CLI_INPUT_TEXT_UTIL_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace modelseal::cli {

// `s` without leading and trailing spaces and tabs.
std::string_view TrimSpaces(std::string_view s);

// `s` for an error message: double-quoted, at most `max_bytes` bytes of it
// (then "..."), bytes outside printable ASCII written as \xNN.
std::string QuoteForError(std::string_view s, size_t max_bytes = 40);

// A CSV number: the whole of `s` (already trimmed) in std::from_chars'
// general format; "", "nan", "NaN" and "NAN" are NaN; "inf", "-inf",
// "infinity" are infinities. Other NaN spellings, a leading '+', hex,
// out-of-range magnitudes and trailing text give nullopt.
std::optional<double> ParseCsvNumber(std::string_view s);

// A whole decimal int64 ("-12"), or an integral double within the exactly
// representable range (|v| <= 2^53, e.g. "3.0", "1e3"); else nullopt.
std::optional<int64_t> ParseIntegralLabel(std::string_view s);

// `s` as one RFC 4180 CSV field: double-quoted (with "" for ") when it
// holds a comma, a quote, CR, LF, or leading/trailing spaces; as is
// otherwise.
std::string CsvField(std::string_view s);

// The shortest text that parses back to exactly `v` (std::to_chars);
// "nan", "inf", "-inf" for the special values.
std::string FormatDouble(double v);

}  // namespace modelseal::cli

#endif  // MODELSEAL_CLI_INPUT_TEXT_UTIL_H_

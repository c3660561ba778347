#pragma once
// Small text helpers shared by the readers: trimming, number parsing without locale or allocation,
// UTF-8 validation.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace caravan {

std::string_view trim(std::string_view s);

// Whole-string parses: leading/trailing spaces are not accepted here (callers trim first).
std::optional<std::int64_t> parse_int(std::string_view s);
std::optional<double> parse_double(std::string_view s);

// Returns the byte offset of the first invalid UTF-8 sequence, or std::nullopt if `s` is valid.
std::optional<std::size_t> find_invalid_utf8(std::string_view s);

// Replaces every invalid UTF-8 sequence by U+FFFD.
std::string repair_utf8(std::string_view s);

}  // namespace caravan

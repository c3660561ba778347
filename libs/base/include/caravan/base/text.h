#pragma once
// Small text helpers shared by the readers: trimming, number parsing without locale or allocation,
// ASCII case folding, UTF-8 validation and encoding.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace caravan {

std::string_view trim(std::string_view s);
// The items of a list written "a, b,,c" (ids in a query parameter or an option): each trimmed, empty ones
// dropped, in order.
std::vector<std::string> split_list(std::string_view text, char separator = ',');

// Whole-string parses: leading/trailing spaces are not accepted here (callers trim first).
std::optional<std::int64_t> parse_int(std::string_view s);
std::optional<double> parse_double(std::string_view s);

// ASCII case folding: only A-Z and a-z change, every other byte (UTF-8 sequences included) stays.
char ascii_lower(char c);
std::string ascii_lower(std::string_view s);
std::string ascii_upper(std::string_view s);
bool equal_ignoring_ascii_case(std::string_view a, std::string_view b);

// Returns the byte offset of the first invalid UTF-8 sequence, or std::nullopt if `s` is valid.
std::optional<std::size_t> find_invalid_utf8(std::string_view s);

// Replaces every invalid UTF-8 sequence by U+FFFD.
std::string repair_utf8(std::string_view s);

// Text quoted from user input in a message: at most `max` bytes of it (cut at a UTF-8 character
// boundary), then "…(N bytes)" saying how long it was, so no message grows with what was sent.
std::string shorten(std::string_view s, std::size_t max = 80);

// Appends the UTF-8 encoding of a code point (REQUIRES: cp <= U+10FFFF).
void append_utf8(std::string& out, char32_t cp);

}  // namespace caravan

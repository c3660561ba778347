#pragma once
// nlohmann::json keeps no positions, so errors found after parsing look their place up again in the
// text: json_line() walks the (already valid) JSON along a path and returns the line the value starts on.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace caravan::rules::detail {

using json_path = std::vector<std::variant<std::string, std::size_t>>;

// "/rules/3/max_stay_days"
std::string to_pointer(json_path const& path);

// 1-based line of the value at `path` in `text`, or of the deepest part of the path that exists; 0 if the
// text is not valid JSON.
std::uint64_t json_line(std::string_view text, json_path const& path);

// 1-based line and column of a byte offset.
std::pair<std::uint64_t, std::uint32_t> line_column(std::string_view text, std::size_t offset);

}  // namespace caravan::rules::detail

#pragma once
// Three tiers of errors (see docs/architecture.md):
//  - CARAVAN_ASSERT: programmer bugs only; user input can never trigger it.
//  - data_error: bad input data (feed, rules file) with the place it was found: file, line, column.
//  - a request a library cannot answer as asked is a value naming its cause (routing::engine::check's
//    query_error) or, at the planner's boundary, planner::query_error naming the request field.
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

#include <fmt/format.h>

namespace caravan {

// Where in an input file something was found. line/column are 1-based; 0 means "not known".
struct source_location {
  std::string file_;
  std::uint64_t line_{0};
  std::uint32_t column_{0};

  std::string to_string() const;
};

// Bad input: the message names what is wrong, the location names where.
class data_error : public std::runtime_error {
 public:
  data_error(source_location where, std::string const& what);
  source_location const& where() const { return where_; }
  std::string const& message() const { return message_; }

 private:
  source_location where_;
  std::string message_;
};

[[noreturn]] void assert_failed(char const* expr, char const* file, int line, std::string_view msg);

}  // namespace caravan

#define CARAVAN_ASSERT(cond, ...)                                                            \
  do {                                                                                       \
    if (!(cond)) [[unlikely]] {                                                              \
      ::caravan::assert_failed(#cond, __FILE__, __LINE__, ::fmt::format("" __VA_ARGS__)); \
    }                                                                                        \
  } while (false)

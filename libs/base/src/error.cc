#include "caravan/base/error.h"

#include <cstdio>
#include <cstdlib>

namespace caravan {

std::string source_location::to_string() const {
  if (line_ == 0) {
    return file_;
  }
  if (column_ == 0) {
    return fmt::format("{}:{}", file_, line_);
  }
  return fmt::format("{}:{}:{}", file_, line_, column_);
}

data_error::data_error(source_location where, std::string const& what)
    : std::runtime_error{where.file_.empty() ? what : fmt::format("{}: {}", where.to_string(), what)},
      where_{std::move(where)},
      message_{what} {}

void assert_failed(char const* expr, char const* file, int line, std::string_view msg) {
  std::fprintf(stderr, "caravan: internal error: %s:%d: assertion `%s` failed%s%.*s\n", file, line, expr,
               msg.empty() ? "" : ": ", static_cast<int>(msg.size()), msg.data());
  std::abort();
}

}  // namespace caravan

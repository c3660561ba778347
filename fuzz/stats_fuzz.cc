// libFuzzer target: what the statistics take as text. The first line is a date range ("from to", as
// the API's from/to and the CLI's --from/--to), the rest a published figures file
// (stats::read_published). Either may be rejected (std::invalid_argument, data_error); nothing may
// crash, hang or read out of bounds, and what is accepted must hold: a range ends after it starts and
// is at most 366 days, every figure has a source and a known confidence, and the table and its CSV,
// CSVW and JSON are made from it.
#include <cstddef>
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "caravan/base/error.h"
#include "caravan/stats/published.h"
#include "caravan/stats/table.h"

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
  using namespace caravan;
  std::string const text{reinterpret_cast<char const*>(data), size};
  auto const eol = text.find('\n');
  auto const line = text.substr(0, eol);
  auto const space = line.find(' ');
  stats::date_range range{20'000, 20'030};
  try {
    range = stats::parse_range(line.substr(0, space), space == std::string::npos ? std::string{} : line.substr(space + 1), 366, "from",
                               "to");
    if (range.last_ < range.first_ || range.days() > 366) {
      __builtin_trap();
    }
  } catch (std::invalid_argument const&) {
  }
  if (eol == std::string::npos) {
    return 0;
  }
  try {
    auto const figures = stats::read_published(text.substr(eol + 1), "fuzz-published.csv");
    for (auto const& f : figures) {
      if (f.source_.empty() || (f.confidence_ != "high" && f.confidence_ != "medium" && f.confidence_ != "low")) {
        __builtin_trap();
      }
    }
    for (bool all : {false, true}) {
      auto const t = stats::published_table(figures, range, all);
      if (all && t.rows_.size() != figures.size()) {
        __builtin_trap();
      }
      (void)stats::to_csv(t);
      (void)stats::to_json(t).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
      (void)stats::to_csvw(t, "x.csv").dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    }
  } catch (data_error const&) {
  }
  return 0;
}

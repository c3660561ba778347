#include "caravan/planner/coverage.h"

#include <unordered_set>

#include <fmt/format.h>

#include "caravan/base/date.h"

namespace caravan::planner {

data_coverage coverage_of(tt::timetable const& tt) {
  data_coverage c;
  auto const name = tt.meta("caravan_dataset_name");
  c.name_ = name.empty() ? std::string{"the timetable data"} : fmt::format("the {} data", name);
  auto const n_days = tt.scalars().n_days_;
  std::unordered_set<std::uint32_t> seen;
  std::optional<std::uint32_t> first, last;
  for (std::uint32_t t = 0; t != tt.n_trips(); ++t) {
    auto const b = tt.trip(tt::trip_idx{t}).service_;
    if (!seen.insert(b.v()).second) {
      continue;
    }
    for (std::uint32_t d = 0; d != n_days && (!first || d < *first); ++d) {
      if (tt.runs_on(b, tt::day_idx{d})) {
        first = d;
        break;
      }
    }
    for (std::uint32_t d = n_days; d != 0 && (!last || d - 1 > *last); --d) {
      if (tt.runs_on(b, tt::day_idx{d - 1})) {
        last = d - 1;
        break;
      }
    }
  }
  if (first && last) {
    c.first_day_ = tt.scalars().first_day_ + static_cast<std::int32_t>(*first);
    c.last_day_ = tt.scalars().first_day_ + static_cast<std::int32_t>(*last);
  }
  return c;
}

std::optional<std::string> coverage_message(data_coverage const& c, std::int64_t unix_s) {
  if (!c.first_day_ || !c.last_day_) {
    return fmt::format("{} has no trips", c.name_);
  }
  auto const day = static_cast<std::int32_t>(unix_s >= 0 ? unix_s / 86'400 : -((-unix_s + 86'399) / 86'400));
  if (day > *c.last_day_) {
    return fmt::format("{} ends on {}", c.name_, format_date(*c.last_day_));
  }
  if (day < *c.first_day_) {
    return fmt::format("{} begins on {}", c.name_, format_date(*c.first_day_));
  }
  return std::nullopt;
}

}  // namespace caravan::planner

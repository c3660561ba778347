#include "caravan/planner/crossings.h"

#include <array>

#include <fmt/format.h>

#include "caravan/base/date.h"
#include "caravan/timetable/crossings.h"

namespace caravan::planner {

namespace {

using json = nlohmann::ordered_json;

constexpr std::array<char const*, 7> kWeekdays = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};
constexpr std::array<char const*, 7> kWeekdayNames = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};

std::int32_t last_day(tt::timetable const& tt) {
  return tt.scalars().first_day_ + static_cast<std::int32_t>(tt.scalars().n_days_) - 1;
}

bool within(tt::timetable const& tt, std::int32_t date) { return date >= tt.scalars().first_day_ && date <= last_day(tt); }

json day_json(tt::crossing_day const& d) {
  json out = {{"date", format_date(d.date_)}, {"weekday", kWeekdays[static_cast<std::size_t>(tt::weekday_of(d.date_))]},
              {"status", tt::to_string(d.state_)}};
  out["hours"] = d.state_ == tt::crossing_state::kOpen ? json(tt::format_hours(d.open_s_, d.close_s_)) : json(nullptr);
  out["reason"] = d.state_ == tt::crossing_state::kClosedListed ? json(d.reason_) : json(nullptr);
  return out;
}

std::int32_t date_at(tt::timetable const& tt, tt::crossing_idx x, std::optional<std::int32_t> date, std::int64_t now) {
  return date ? *date : tt::crossing_local_date(tt, x, now);
}

}  // namespace

std::string crossings_date_error(tt::timetable const& tt, std::int32_t date) {
  if (within(tt, date)) {
    return "";
  }
  return fmt::format("date {} is outside the timetable, which runs from {} to {} (closed dates are known only within it)",
                     format_date(date), format_date(tt.scalars().first_day_), format_date(last_day(tt)));
}

json crossings_json(tt::timetable const& tt, std::optional<std::int32_t> date, std::int64_t now) {
  json list = json::array();
  for (std::size_t i = 0; i != tt.n_crossings(); ++i) {
    auto const x = tt::crossing_idx{i};
    auto const& b = tt.crossing(x);
    auto const day = date_at(tt, x, date, now);
    auto const s = tt::crossing_status_on(tt, x, day);
    json c = {{"id", tt.str(b.id_)}, {"name", tt.str(b.name_)}, {"timezone", tt.tz_name(b.tz_)}};
    c["lat"] = b.has_position_ != 0U ? json(b.pos_.lat_) : json(nullptr);
    c["lon"] = b.has_position_ != 0U ? json(b.pos_.lon_) : json(nullptr);
    auto const today = day_json(s.day_);  // a local: iterating a temporary's items() would dangle
    for (auto const& [k, v] : today.items()) {
      c[k] = v;
    }
    c["nextOpening"] = s.next_opening_ ? day_json(*s.next_opening_) : json(nullptr);
    json week = json::array();  // the seven days from `date`: hours this week with holidays
    for (std::int32_t k = 0; k != 7; ++k) {
      week.push_back(day_json(tt::crossing_on(tt, x, day + k)));
    }
    c["week"] = std::move(week);
    json weekly = json::object();  // the usual hours per weekday, null: closed that weekday
    for (std::size_t d = 0; d != 7; ++d) {
      weekly[kWeekdays[d]] = b.open_[d] == b.close_[d] ? json(nullptr) : json(tt::format_hours(b.open_[d], b.close_[d]));
    }
    c["weeklyHours"] = std::move(weekly);
    c["formalitiesSeconds"] = b.formalities_s_;
    c["closuresKnown"] = within(tt, day);
    c["source"] = tt.str(b.source_);
    c["confidence"] = tt::to_string(b.confidence_);
    list.push_back(std::move(c));
  }
  json out;
  out["date"] = date ? json(format_date(*date)) : json(nullptr);
  out["crossings"] = std::move(list);
  return out;
}

std::string crossings_text(tt::timetable const& tt, std::optional<std::int32_t> date, std::int64_t now) {
  std::string out;
  for (std::size_t i = 0; i != tt.n_crossings(); ++i) {
    auto const x = tt::crossing_idx{i};
    auto const& b = tt.crossing(x);
    auto const s = tt::crossing_status_on(tt, x, date_at(tt, x, date, now));
    auto const& d = s.day_;
    std::string status;
    switch (d.state_) {
      case tt::crossing_state::kOpen: status = fmt::format("open {}", tt::format_hours(d.open_s_, d.close_s_)); break;
      case tt::crossing_state::kClosedWeekday: status = fmt::format("closed on {}s", kWeekdayNames[static_cast<std::size_t>(tt::weekday_of(d.date_))]); break;
      case tt::crossing_state::kClosedListed: status = d.reason_.empty() ? std::string{"closed (listed date)"} : fmt::format("closed: {}", d.reason_); break;
    }
    out += fmt::format("{} ({}), {} {}: {}{}\n", tt.str(b.name_), tt.str(b.id_), format_date(d.date_), tt.tz_name(b.tz_), status,
                       b.confidence_ == tt::confidence::kEstimated ? ", estimated" : "");
    if (s.next_opening_ && d.state_ != tt::crossing_state::kOpen) {
      out += fmt::format("  next opening: {} {}\n", format_date(s.next_opening_->date_),
                         tt::format_hours(s.next_opening_->open_s_, s.next_opening_->close_s_));
    } else if (!s.next_opening_ && d.state_ != tt::crossing_state::kOpen) {
      out += "  next opening: none within the timetable\n";
    }
    out += fmt::format("  formalities: {} min", b.formalities_s_ / 60);
    out += b.has_position_ != 0U ? fmt::format(", at {:.5f},{:.5f}\n", b.pos_.lat_, b.pos_.lon_) : std::string{", position not known\n"};
    if (!within(tt, d.date_)) {
      out += "  closed dates not known on this day (outside the timetable)\n";
    }
    out += fmt::format("  source: {}\n", tt.str(b.source_));
  }
  if (tt.n_crossings() == 0) {
    out += "no border crossings in this timetable\n";
  }
  return out;
}

}  // namespace caravan::planner

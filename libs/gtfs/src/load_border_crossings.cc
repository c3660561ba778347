// Caravan's extension (docs/gtfs-import.md): caravan_border_crossings.txt with opening hours per weekday and
// caravan_border_closures.txt with the days a crossing is closed and why. The position columns
// crossing_lat/crossing_lon are optional: a feed without them imports, its crossings have no position.
#include "import_state.h"

#include <cmath>
#include <map>

namespace caravan::gtfs::detail {

using namespace caravan::tt;

namespace {

using closed_days = std::map<std::string, std::vector<timetable_builder::closed_day>, std::less<>>;

// Opening hours "HH:MM-HH:MM" (GTFS-style times after the local service-day start; the end may pass
// 24:00), empty for closed all day.
std::optional<std::pair<std::int32_t, std::int32_t>> parse_hours(std::string_view v) {
  if (v.empty()) {
    return std::pair{0, 0};
  }
  auto const dash = v.find('-');
  if (dash == std::string_view::npos) {
    return std::nullopt;
  }
  auto const hm = [](std::string_view x) -> std::optional<std::int32_t> {
    return parse_gtfs_time(fmt::format("{}:00", trim(x)));
  };
  auto const open = hm(v.substr(0, dash));
  auto const close = hm(v.substr(dash + 1));
  if (!open || !close || *close < *open || *close > 2 * kSecondsPerDay) {
    return std::nullopt;
  }
  return std::pair{*open, *close};
}

// caravan_border_closures.txt: the dates each crossing is closed.
closed_days read_closures(import_state& st) {
  closed_days closed;
  if (auto cl = st.open("caravan_border_closures.txt", false)) {
    auto const c_id = st.require(*cl, "crossing_id");
    auto const c_date = st.require(*cl, "date");
    auto const c_reason = cl->column("reason");
    st.each_row(*cl, [&] {
      auto const d = st.read_date(*cl, c_date, "row skipped");
      if (!d) {
        return;
      }
      closed[std::string{cl->field(c_id)}].push_back({*d, std::string{trim(cl->field(c_reason))}});
    });
  }
  return closed;
}

// Both of crossing_lat/crossing_lon, or neither (no position); a malformed or half-given position is
// warned about at its file:line:column and left out: the crossing still serves the road links.
std::optional<latlng> read_position(import_state& st, csv::reader const& csv, int c_lat, int c_lon, std::string_view id) {
  auto const lat_text = trim(csv.field(c_lat));
  auto const lon_text = trim(csv.field(c_lon));
  if (lat_text.empty() && lon_text.empty()) {
    return std::nullopt;
  }
  auto const lat = parse_double(lat_text);
  auto const lon = parse_double(lon_text);
  if (!lat || !std::isfinite(*lat) || std::abs(*lat) > 90.0) {
    st.r_.warn("bad border crossing", csv.where(c_lat),
               fmt::format("crossing_lat `{}` is not a latitude (-90 to 90); crossing `{}` has no position", lat_text, id));
    return std::nullopt;
  }
  if (!lon || !std::isfinite(*lon) || std::abs(*lon) > 180.0) {
    st.r_.warn("bad border crossing", csv.where(c_lon),
               fmt::format("crossing_lon `{}` is not a longitude (-180 to 180); crossing `{}` has no position", lon_text, id));
    return std::nullopt;
  }
  return latlng{*lat, *lon};
}

}  // namespace

string_map<crossing_idx> read_border_crossings(import_state& st) {
  string_map<crossing_idx> crossings;
  auto csv = st.open("caravan_border_crossings.txt", false);
  if (csv == nullptr) {
    return crossings;
  }
  auto const closed = read_closures(st);
  auto const c_id = st.require(*csv, "crossing_id");
  auto const c_name = csv->column("crossing_name");
  auto const c_tz = st.require(*csv, "crossing_timezone");
  auto const c_formalities = csv->column("formalities_time");
  auto const c_source = csv->column("source");
  auto const c_confidence = csv->column("confidence");
  auto const c_lat = csv->column("crossing_lat");
  auto const c_lon = csv->column("crossing_lon");
  auto const c_day = st.require_weekdays(*csv);
  st.each_row(*csv, [&] {
    auto const id = csv->field(c_id);
    if (st.defined_before(crossings, id, *csv, c_id, "crossing")) {
      return;
    }
    border_crossing b{};
    b.tz_ = st.timezone(csv->field(c_tz), csv->where(c_tz), false);
    if (!b.tz_.valid()) {
      st.r_.warn("bad border crossing", csv->where(c_tz), fmt::format("unknown time zone `{}`; crossing `{}` skipped", csv->field(c_tz), id));
      return;
    }
    for (std::size_t i = 0; i != c_day.size(); ++i) {
      auto const h = parse_hours(csv->field(c_day[i]));
      if (!h) {
        st.r_.warn("bad border crossing", csv->where(c_day[i]),
                   fmt::format("`{}` is not opening hours HH:MM-HH:MM; crossing `{}` skipped", csv->field(c_day[i]), id));
        return;
      }
      b.open_[i] = h->first;
      b.close_[i] = h->second;
    }
    auto const formalities = csv->field(c_formalities);
    auto const f = formalities.empty() ? std::optional<std::int32_t>{0} : parse_gtfs_time(formalities);
    if (!f) {
      st.r_.warn("bad border crossing", csv->where(c_formalities), fmt::format("`{}` is not a duration H:MM:SS; crossing `{}` skipped", formalities, id));
      return;
    }
    b.formalities_s_ = *f;
    b.id_ = st.b_->intern(id);
    b.name_ = st.b_->intern(csv->field(c_name));
    b.source_ = st.b_->intern(csv->field(c_source));
    b.confidence_ = st.read_confidence(*csv, c_confidence);
    if (auto const pos = read_position(st, *csv, c_lat, c_lon, id)) {
      b.has_position_ = 1;
      b.pos_ = *pos;
    }
    auto days = closed.find(id);
    auto const x = st.b_->add_crossing(b, days == closed.end() ? std::vector<timetable_builder::closed_day>{} : days->second);
    crossings.emplace(std::string{id}, x);
  });
  return crossings;
}

}  // namespace caravan::gtfs::detail

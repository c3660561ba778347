// stops.txt -> stops, their stations and time zones.
#include "import_state.h"

#include <cmath>

namespace caravan::gtfs::detail {

using namespace caravan::tt;

void read_stops(import_state& st) {
  auto csv = st.open("stops.txt", true);
  auto const c_id = st.require(*csv, "stop_id");
  auto const c_name = csv->column("stop_name");
  auto const c_lat = csv->column("stop_lat");
  auto const c_lon = csv->column("stop_lon");
  auto const c_type = csv->column("location_type");
  auto const c_parent = csv->column("parent_station");
  auto const c_tz = csv->column("stop_timezone");
  auto const c_code = csv->column("stop_code");
  auto const c_desc = csv->column("stop_desc");
  auto const c_platform = csv->column("platform_code");
  auto const c_wheelchair = csv->column("wheelchair_boarding");
  std::vector<std::pair<stop_idx, std::pair<std::string, source_location>>> parents;
  st.each_row(*csv, [&] {
    auto const id = csv->field(c_id);
    if (id.empty()) {
      st.r_.warn("missing id", csv->where(c_id), "stop without stop_id skipped");
      return;
    }
    if (st.defined_before(st.stops_, id, *csv, c_id, "stop")) {
      return;
    }
    stop_record s{};
    s.id_ = st.b_->intern(id);
    s.name_ = st.b_->intern(csv->field(c_name));
    s.code_ = st.b_->intern(csv->field(c_code));
    s.desc_ = st.b_->intern(csv->field(c_desc));
    s.platform_code_ = st.b_->intern(csv->field(c_platform));
    s.parent_ = stop_idx::invalid();
    s.min_change_ = -1;
    auto const type = csv->field(c_type).empty() ? std::optional<std::int64_t>{0} : parse_int(csv->field(c_type));
    if (!type || *type < 0 || *type > 4) {
      st.r_.warn("bad location_type", csv->where(c_type), fmt::format("`{}` is not 0-4; read as 0 (stop)", csv->field(c_type)));
    }
    s.type_ = static_cast<location_type>(type && *type >= 0 && *type <= 4 ? *type : 0);
    auto const w = parse_int(csv->field(c_wheelchair));
    s.wheelchair_ = static_cast<std::uint8_t>(w && *w >= 0 && *w <= 2 ? *w : 0);
    auto const lat = parse_double(csv->field(c_lat));
    auto const lon = parse_double(csv->field(c_lon));
    if (lat && lon && std::abs(*lat) <= 90.0 && std::abs(*lon) <= 180.0) {
      s.pos_ = {*lat, *lon};
    } else if (s.type_ == location_type::kStop || s.type_ == location_type::kStation || s.type_ == location_type::kEntrance) {
      st.r_.warn("stop without a position", csv->where(lat ? c_lon : c_lat),
                 fmt::format("stop `{}` has no valid stop_lat/stop_lon (`{}`, `{}`)", id, csv->field(c_lat), csv->field(c_lon)));
    }
    s.tz_ = tz_idx::invalid();
    if (auto const tz = csv->field(c_tz); !tz.empty()) {
      s.tz_ = st.timezone(tz, csv->where(c_tz), false);
      if (!s.tz_.valid()) {
        st.r_.warn("unknown time zone", csv->where(c_tz), fmt::format("stop_timezone `{}` is unknown; the feed's is used", tz));
      }
    }
    auto const idx = st.b_->add_stop(s);
    st.stops_.emplace(std::string{id}, idx);
    if (auto const parent = csv->field(c_parent); !parent.empty()) {
      parents.push_back({idx, {std::string{parent}, csv->where(c_parent)}});
    }
  });
  for (auto const& [s, pw] : parents) {
    auto const* parent = find(st.stops_, pw.first);
    if (parent == nullptr || *parent == s) {
      st.r_.warn("undefined parent station", pw.second, fmt::format("parent_station `{}` is not a stop; ignored", pw.first));
      continue;
    }
    st.b_->stop(s).parent_ = *parent;
  }
  // Time zones: the stop's own, else its station's, else the feed's.
  for (auto const s : indices<stop_idx>(st.b_->n_stops())) {
    auto& rec = st.b_->stop(s);
    if (!rec.tz_.valid()) {
      rec.tz_ = rec.parent_.valid() && st.b_->stop(rec.parent_).tz_.valid() ? st.b_->stop(rec.parent_).tz_ : st.feed_tz_;
    }
  }
}

}  // namespace caravan::gtfs::detail

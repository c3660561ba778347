// transfers.txt -> changes within and between stops (minimum times, footpaths) and between trips.
#include "import_state.h"

#include <cmath>

namespace caravan::gtfs::detail {

using namespace caravan::tt;

namespace {

// A stop, or a station with all its stops (the stations' stops are listed on first use).
class station_stops {
 public:
  explicit station_stops(timetable_builder& b) : b_{b} {}

  std::vector<stop_idx> operator()(stop_idx s) {
    if (b_.stop(s).type_ != location_type::kStation) {
      return {s};
    }
    if (children_.empty()) {
      children_.resize(b_.n_stops());
      for (auto const c : indices<stop_idx>(b_.n_stops())) {
        if (b_.stop(c).parent_.valid()) {
          children_[b_.stop(c).parent_.idx()].push_back(c);
        }
      }
    }
    auto v = children_[s.idx()];
    v.push_back(s);
    return v;
  }

 private:
  timetable_builder& b_;
  std::vector<std::vector<stop_idx>> children_;
};

void add_stop_transfer(import_state& st, station_stops& expand_station, stop_idx from, stop_idx to, transfer_type type, std::int32_t min_time) {
  if (from == to) {
    // A change within one stop (or station: all its stops).
    for (auto const s : expand_station(from)) {
      if (type == transfer_type::kMinimumTime && min_time >= 0) {
        st.b_->stop(s).min_change_ = min_time;
      } else if (type == transfer_type::kTimed) {
        st.b_->stop(s).min_change_ = 0;
      }
      st.b_->add_stop_transfer({s, s, min_time, type, {}});
    }
    return;
  }
  for (auto const a : expand_station(from)) {
    for (auto const b : expand_station(to)) {
      if (a == b) {
        continue;
      }
      st.b_->add_stop_transfer({a, b, min_time, type, {}});
      if (type == transfer_type::kNotPossible) {
        continue;
      }
      auto const walk = static_cast<std::int32_t>(
          std::ceil(distance_m(st.b_->stop(a).pos_, st.b_->stop(b).pos_) / st.opt_.footpaths_.walk_speed_m_per_s_));
      st.b_->add_footpath(a, b, min_time >= 0 ? min_time : type == transfer_type::kTimed ? 0 : walk);
    }
  }
}

}  // namespace

void read_transfers(import_state& st) {
  auto csv = st.open("transfers.txt", false);
  if (csv == nullptr) {
    return;
  }
  auto const c_from = csv->column("from_stop_id");
  auto const c_to = csv->column("to_stop_id");
  auto const c_type = csv->column("transfer_type");
  auto const c_min = csv->column("min_transfer_time");
  auto const c_from_trip = csv->column("from_trip_id");
  auto const c_to_trip = csv->column("to_trip_id");
  auto const c_from_route = csv->column("from_route_id");
  auto const c_to_route = csv->column("to_route_id");
  std::uint64_t route_level = 0;
  station_stops expand_station{*st.b_};
  st.each_row(*csv, [&] {
    auto const type_v = parse_int(csv->field(c_type).empty() ? "0" : csv->field(c_type));
    if (!type_v || *type_v < 0 || *type_v > 5) {
      st.r_.warn("bad transfer_type", csv->where(c_type), fmt::format("`{}` is not 0-5; row skipped", csv->field(c_type)));
      return;
    }
    auto const type = static_cast<transfer_type>(*type_v);
    auto const min_v = parse_int(csv->field(c_min));
    auto const min_time = min_v && *min_v >= 0 ? static_cast<std::int32_t>(*min_v) : -1;
    if (!csv->field(c_min).empty() && min_time < 0) {
      st.r_.warn("bad min_transfer_time", csv->where(c_min), fmt::format("`{}` is not a number of seconds; ignored", csv->field(c_min)));
    }
    auto const stop_or_any = [&](int col, bool& ok) {
      ok = true;
      if (csv->field(col).empty()) {
        return stop_idx::invalid();
      }
      auto const* s = find(st.stops_, csv->field(col));
      if (s == nullptr) {
        st.r_.warn("undefined stop", csv->where(col), fmt::format("stop `{}` is not in stops.txt; row skipped", csv->field(col)));
        ok = false;
        return stop_idx::invalid();
      }
      return *s;
    };
    bool ok_from = false;
    bool ok_to = false;
    auto const from = stop_or_any(c_from, ok_from);
    auto const to = stop_or_any(c_to, ok_to);
    if (!ok_from || !ok_to) {
      return;
    }
    if (!csv->field(c_from_trip).empty() || !csv->field(c_to_trip).empty()) {
      auto const* ft = find(st.trip_ids_, csv->field(c_from_trip));
      auto const* tt = find(st.trip_ids_, csv->field(c_to_trip));
      if (ft == nullptr || tt == nullptr) {
        st.r_.warn("undefined trip", csv->where(ft == nullptr ? c_from_trip : c_to_trip), "a trip of this transfer is not in trips.txt (or was skipped); row skipped");
        return;
      }
      for (auto const a : st.trips_[*ft].inputs_) {
        for (auto const b : st.trips_[*tt].inputs_) {
          st.b_->add_trip_transfer({trip_idx{a.v()}, from, trip_idx{b.v()}, to, min_time, type, {}});
        }
      }
      return;
    }
    if (!csv->field(c_from_route).empty() || !csv->field(c_to_route).empty()) {
      ++route_level;
      return;
    }
    if (!from.valid() || !to.valid()) {
      st.r_.warn("missing stop", csv->where(!from.valid() ? c_from : c_to), "a stop-to-stop transfer needs both stop ids; row skipped");
      return;
    }
    add_stop_transfer(st, expand_station, from, to, type, min_time);
  });
  if (route_level != 0) {
    st.r_.skipped("route-to-route transfers (not supported yet)", route_level);
  }
}

}  // namespace caravan::gtfs::detail

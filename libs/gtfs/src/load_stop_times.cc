// stop_times.txt -> one plain row per stop time; the trips are put together in assemble_trips.cc.
#include "import_state.h"

namespace caravan::gtfs::detail {

using namespace caravan::tt;

void read_stop_times(import_state& st) {
  auto csv = st.open("stop_times.txt", true);
  auto const c_trip = st.require(*csv, "trip_id");
  auto const c_arr = st.require(*csv, "arrival_time");
  auto const c_dep = st.require(*csv, "departure_time");
  auto const c_stop = st.require(*csv, "stop_id");
  auto const c_seq = st.require(*csv, "stop_sequence");
  auto const c_pickup = csv->column("pickup_type");
  auto const c_drop = csv->column("drop_off_type");
  auto const c_dist = csv->column("shape_dist_traveled");
  if (csv->total_bytes() != 0) {
    st.rows_.reserve(csv->total_bytes() / 48);
  }
  std::string last_trip_id = "\x01";
  std::uint32_t last_trip = 0;
  bool last_known = false;
  auto const bad_trip = [&](std::uint32_t t, char const* kind, int col, std::string const& msg) {
    st.r_.warn(kind, csv->where(col), msg);
    if (!st.trips_[t].bad_) {
      st.trips_[t].bad_ = true;
      st.r_.skipped(fmt::format("trips with {}", kind));
    }
  };
  st.each_row(*csv, [&] {
    auto const trip_id = csv->field(c_trip);
    if (trip_id != last_trip_id) {
      last_trip_id.assign(trip_id);
      auto const* t = find(st.trip_ids_, trip_id);
      last_known = t != nullptr;
      last_trip = last_known ? *t : 0;
      if (!last_known) {
        st.r_.warn("undefined trip", csv->where(c_trip), fmt::format("trip `{}` is not in trips.txt (or was skipped); row skipped", trip_id));
      }
    }
    if (!last_known) {
      st.r_.skipped("stop times of an undefined or skipped trip");
      return;
    }
    auto const* stop = find(st.stops_, csv->field(c_stop));
    if (stop == nullptr) {
      bad_trip(last_trip, "an undefined stop", c_stop, fmt::format("stop `{}` is not in stops.txt", csv->field(c_stop)));
      return;
    }
    auto const time = [&](int col) {
      auto const v = csv->field(col);
      if (v.empty()) {
        return kNoTime;
      }
      auto const t = parse_gtfs_time(v);
      if (!t || *t > kMaxTripSeconds) {
        bad_trip(last_trip, "a bad time", col, fmt::format("`{}` is not a time H:MM:SS", v));
        return kNoTime;
      }
      return *t;
    };
    auto arr = time(c_arr);
    auto dep = time(c_dep);
    if ((arr == kNoTime) != (dep == kNoTime) && csv->field(arr == kNoTime ? c_arr : c_dep).empty()) {
      st.r_.warn("half a stop time", csv->where(arr == kNoTime ? c_arr : c_dep),
                 "only one of arrival_time and departure_time is given; the other is taken to be the same");
    }
    if (arr == kNoTime) {
      arr = dep;
    } else if (dep == kNoTime) {
      dep = arr;
    }
    auto const seq = parse_int(csv->field(c_seq));
    if (!seq) {
      bad_trip(last_trip, "a bad stop_sequence", c_seq, fmt::format("`{}` is not an integer", csv->field(c_seq)));
      return;
    }
    if (*seq < 0) {
      st.r_.warn("negative stop_sequence", csv->where(c_seq), fmt::format("`{}` is negative; the order it gives is used", *seq));
    }
    auto const pd = [&](int col) -> std::uint8_t {
      auto const v = csv->field(col);
      if (v.empty() || v == "0") {
        return 0;
      }
      auto const x = parse_int(v);
      if (!x || *x < 0 || *x > 3) {
        st.r_.warn("bad pickup/drop-off type", csv->where(col), fmt::format("`{}` is not 0-3; read as 0", v));
        return 0;
      }
      return static_cast<std::uint8_t>(*x);
    };
    auto const dist = parse_double(csv->field(c_dist));
    st.rows_.push_back({last_trip, stop->v(), *seq, arr, dep, dist ? static_cast<float>(*dist) : -1.0F, pd(c_pickup), pd(c_drop),
                     csv->line()});
  });
}

}  // namespace caravan::gtfs::detail

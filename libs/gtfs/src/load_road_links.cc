// Caravan's extension (docs/gtfs-import.md): caravan_road_links.txt, roads between stops that no timetable
// covers (car, taxi, shared taxi, bus), each over a border crossing or not.
#include "import_state.h"

namespace caravan::gtfs::detail {

using namespace caravan::tt;

void read_road_links(import_state& st, string_map<crossing_idx> const& crossings) {
  auto csv = st.open("caravan_road_links.txt", false);
  if (csv == nullptr) {
    return;
  }
  auto const c_id = csv->column("link_id");
  auto const c_from = st.require(*csv, "from_stop_id");
  auto const c_to = st.require(*csv, "to_stop_id");
  auto const c_mode = csv->column("road_mode");
  auto const c_time = st.require(*csv, "travel_time");
  auto const c_crossing = csv->column("crossing_id");
  auto const c_before = csv->column("time_to_crossing");
  auto const c_estimated = csv->column("estimated");
  auto const c_source = csv->column("source");
  st.each_row(*csv, [&] {
    auto const* from = find(st.stops_, csv->field(c_from));
    auto const* to = find(st.stops_, csv->field(c_to));
    if (from == nullptr || to == nullptr) {
      auto const col = from == nullptr ? c_from : c_to;
      st.r_.warn("undefined stop", csv->where(col), fmt::format("stop `{}` is not in stops.txt; road link skipped", csv->field(col)));
      return;
    }
    auto const total = parse_gtfs_time(csv->field(c_time));
    if (!total || *total <= 0) {
      st.r_.warn("bad road link", csv->where(c_time), fmt::format("travel_time `{}` is not a positive duration H:MM:SS; road link skipped", csv->field(c_time)));
      return;
    }
    road_link l{};
    l.from_ = *from;
    l.to_ = *to;
    l.before_s_ = *total;
    l.after_s_ = 0;
    l.crossing_ = crossing_idx::invalid();
    if (auto const cid = csv->field(c_crossing); !cid.empty()) {
      auto const* x = find(crossings, cid);
      if (x == nullptr) {
        st.r_.warn("bad road link", csv->where(c_crossing), fmt::format("crossing `{}` is not in caravan_border_crossings.txt; road link skipped", cid));
        return;
      }
      auto const before = csv->field(c_before).empty() ? std::optional<std::int32_t>{0} : parse_gtfs_time(csv->field(c_before));
      if (!before || *before > *total) {
        st.r_.warn("bad road link", csv->where(c_before), fmt::format("time_to_crossing `{}` is not a duration within travel_time; road link skipped", csv->field(c_before)));
        return;
      }
      l.crossing_ = *x;
      l.before_s_ = *before;
      l.after_s_ = *total - *before;
    }
    auto const mode = csv->field(c_mode);
    if (mode.empty() || mode == "car") {
      l.mode_ = road_mode::kCar;
    } else if (mode == "taxi") {
      l.mode_ = road_mode::kTaxi;
    } else if (mode == "shared_taxi") {
      l.mode_ = road_mode::kSharedTaxi;
    } else if (mode == "bus") {
      l.mode_ = road_mode::kBus;
    } else {
      st.r_.warn("bad road link", csv->where(c_mode), fmt::format("road_mode `{}` is not car, taxi, shared_taxi or bus; read as car", mode));
      l.mode_ = road_mode::kCar;
    }
    l.estimated_ = csv->field(c_estimated) == "1" ? 1 : 0;
    l.id_ = st.b_->intern(csv->field(c_id));
    l.source_ = st.b_->intern(csv->field(c_source));
    st.b_->add_road_link(l);
  });
}

}  // namespace caravan::gtfs::detail

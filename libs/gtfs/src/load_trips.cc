// trips.txt -> trips, waiting for their stop times; provenance from the trip, else its route.
#include "import_state.h"

namespace caravan::gtfs::detail {

using namespace caravan::tt;

void read_trips(import_state& st) {
  auto csv = st.open("trips.txt", true);
  auto const c_route = st.require(*csv, "route_id");
  auto const c_service = st.require(*csv, "service_id");
  auto const c_id = st.require(*csv, "trip_id");
  auto const c_headsign = csv->column("trip_headsign");
  auto const c_short = csv->column("trip_short_name");
  auto const c_dir = csv->column("direction_id");
  auto const c_block = csv->column("block_id");
  auto const c_source = csv->column("source");
  auto const c_confidence = csv->column("confidence");
  st.each_row(*csv, [&] {
    auto const id = csv->field(c_id);
    if (st.defined_before(st.trip_ids_, id, *csv, c_id, "trip")) {
      return;
    }
    auto const* route = find(st.routes_, csv->field(c_route));
    if (route == nullptr) {
      st.r_.warn("undefined route", csv->where(c_route), fmt::format("route `{}` is not in routes.txt; trip `{}` skipped", csv->field(c_route), id));
      st.r_.skipped("trips of an undefined or skipped route");
      return;
    }
    auto const* svc = find(st.services_, csv->field(c_service));
    if (svc == nullptr) {
      st.r_.warn("undefined service", csv->where(c_service),
                 fmt::format("service `{}` is in neither calendar file; trip `{}` skipped", csv->field(c_service), id));
      st.r_.skipped("trips of an undefined service");
      return;
    }
    trip_info t;
    t.record_.id_ = st.b_->intern(id);
    t.record_.headsign_ = st.b_->intern(csv->field(c_headsign));
    t.record_.short_name_ = st.b_->intern(csv->field(c_short));
    t.record_.block_id_ = st.b_->intern(csv->field(c_block));
    t.record_.route_ = route->idx_;
    t.record_.service_ = svc->bits_;
    auto const dir = csv->field(c_dir);
    t.record_.direction_ = dir == "0" ? 0 : dir == "1" ? 1 : 255;
    if (!dir.empty() && dir != "0" && dir != "1") {
      st.r_.warn("bad direction_id", csv->where(c_dir), fmt::format("`{}` is not 0 or 1; ignored", dir));
    }
    t.record_.origin_ = trip_origin::kScheduled;
    // Provenance: the trip's own, else its route's.
    auto const& route_rec = st.b_->route(route->idx_);
    auto const own = st.read_confidence(*csv, c_confidence);
    t.record_.confidence_ = own != confidence::kUnstated ? own : route_rec.confidence_;
    t.record_.source_ = csv->field(c_source).empty() ? route_rec.source_ : st.b_->intern(csv->field(c_source));
    t.tz_ = route->tz_;
    t.mode_ = route->mode_;
    t.where_ = csv->where();
    st.trip_ids_.emplace(std::string{id}, static_cast<std::uint32_t>(st.trips_.size()));
    st.trips_.push_back(std::move(t));
  });
}

}  // namespace caravan::gtfs::detail

// frequencies.txt -> the headways of frequency-based trips.
#include "import_state.h"

namespace caravan::gtfs::detail {

using namespace caravan::tt;

void read_frequencies(import_state& st) {
  auto csv = st.open("frequencies.txt", false);
  if (csv == nullptr) {
    return;
  }
  auto const c_trip = st.require(*csv, "trip_id");
  auto const c_start = st.require(*csv, "start_time");
  auto const c_end = st.require(*csv, "end_time");
  auto const c_headway = st.require(*csv, "headway_secs");
  auto const c_exact = csv->column("exact_times");
  st.each_row(*csv, [&] {
    auto const* t = find(st.trip_ids_, csv->field(c_trip));
    if (t == nullptr) {
      st.r_.warn("undefined trip", csv->where(c_trip), fmt::format("trip `{}` is not in trips.txt; row skipped", csv->field(c_trip)));
      return;
    }
    auto const start = parse_gtfs_time(csv->field(c_start));
    auto const end = parse_gtfs_time(csv->field(c_end));
    auto const headway = parse_int(csv->field(c_headway));
    if (!start || !end || *end < *start) {
      st.r_.warn("bad frequency", csv->where(!start ? c_start : c_end), "start_time/end_time are not times, or end before start; row skipped");
      return;
    }
    if (!headway || *headway <= 0 || *headway > kSecondsPerDay) {
      st.r_.warn("bad frequency", csv->where(c_headway), fmt::format("headway_secs `{}` is not a positive number of seconds; row skipped", csv->field(c_headway)));
      return;
    }
    auto const exact = csv->field(c_exact);
    st.frequencies_[*t].push_back({*start, *end, static_cast<std::int32_t>(*headway), exact == "1"});
  });
}

}  // namespace caravan::gtfs::detail

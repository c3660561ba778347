// The seats file (network.h, docs/stats.md "Seats file"): seats per service by route or trip, each with
// its source. No sourced seat counts exist in ../shared/facts yet, so data/stats/seats.csv is a header.
#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include <fmt/format.h>

#include "caravan/base/error.h"
#include "caravan/csv/reader.h"
#include "caravan/stats/network.h"

namespace caravan::stats {

namespace {

struct ignore_warnings final : csv::warning_sink {
  void warn(std::string_view, source_location const&, std::string_view) override {}
};

constexpr std::int32_t kMaxSeats = 10'000;

}  // namespace

std::vector<seats_entry> load_seats(std::filesystem::path const& file, tt::timetable const& tt) {
  std::ifstream in{file, std::ios::binary};
  if (!in) {
    throw data_error{{file.string(), 0, 0}, "cannot open the seats file"};
  }
  std::stringstream text;
  text << in.rdbuf();
  ignore_warnings warnings;
  csv::reader csv{csv::memory_stream(text.str()), file.string(), warnings};
  csv.refuse_repeated_columns();  // a column named twice would be read from its first copy only
  auto const col = [&](std::string_view name) { return csv.required_column(name, "the header is route_id,trip_id,seats,source"); };
  auto const route = col("route_id"), trip = col("trip_id"), seats = col("seats"), source = col("source");
  std::vector<seats_entry> out;
  std::set<std::string, std::less<>> routes_seen, trips_seen;
  while (csv.next()) {
    if (csv.n_fields() != csv.header().size()) {
      throw data_error{csv.where(), fmt::format("{} fields where the header has {}", csv.n_fields(), csv.header().size())};
    }
    seats_entry e;
    e.route_id_ = csv.field(route);
    e.trip_id_ = csv.field(trip);
    if (e.route_id_.empty() == e.trip_id_.empty()) {
      throw data_error{csv.where(route), e.route_id_.empty() ? std::string{"give a route_id or a trip_id"}
                                                             : std::string{"give a route_id or a trip_id, not both"}};
    }
    if (!e.route_id_.empty()) {
      if (!tt.find_route(e.route_id_)) {
        throw data_error{csv.where(route), fmt::format("route_id `{}` is not in the timetable", e.route_id_)};
      }
      if (!routes_seen.insert(e.route_id_).second) {
        throw data_error{csv.where(route), fmt::format("route_id `{}` is given twice", e.route_id_)};
      }
    } else {
      if (tt.find_trips(e.trip_id_).empty()) {
        throw data_error{csv.where(trip), fmt::format("trip_id `{}` is not in the timetable", e.trip_id_)};
      }
      if (!trips_seen.insert(e.trip_id_).second) {
        throw data_error{csv.where(trip), fmt::format("trip_id `{}` is given twice", e.trip_id_)};
      }
    }
    auto const s = csv.field(seats);
    std::int64_t n = -1;
    if (!s.empty() && s.size() <= 6 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      n = std::stoll(std::string{s});
    }
    if (n < 1 || n > kMaxSeats) {
      throw data_error{csv.where(seats), fmt::format("seats `{}` is not a whole number from 1 to {}", s, kMaxSeats)};
    }
    e.seats_ = static_cast<std::int32_t>(n);
    e.source_ = csv.field(source);
    if (e.source_.empty()) {
      throw data_error{csv.where(source), "empty source: say where the seat count comes from"};
    }
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace caravan::stats

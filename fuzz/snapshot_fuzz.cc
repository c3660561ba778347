// libFuzzer target: crafted snapshots whose checksum passes. A valid small snapshot is built once, in
// process, from a feed with every kind of record (stations, transfers between stops and between trips,
// blocks, frequencies, translations, a border crossing and a road link); the input is a list of byte
// edits applied to it from offset 32 on (the header's scalars, the column table and the columns):
//   { u32 position (little-endian, modulo the editable size), u8 n (1 + n % 8 bytes follow), bytes }...
// The checksum is then recomputed so it passes, and the file loaded from memory. The load may refuse it
// (data_error); whatever it accepts, the routing engine, a journey search forwards and arrive-by, the
// departures board, the stop search and `caravan info`'s summary must handle without crashing (the fuzz
// preset builds with ASan and UBSan).
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include <unistd.h>

#include "caravan/base/error.h"
#include "caravan/base/progress.h"
#include "caravan/gtfs/load.h"
#include "caravan/gtfs/source.h"
#include "caravan/planner/stop_search.h"
#include "caravan/routing/raptor.h"
#include "caravan/timetable/departures.h"
#include "caravan/timetable/file.h"
#include "caravan/timetable/file_format.h"
#include "caravan/timetable/info.h"
#include "caravan/timetable/timetable.h"

namespace {

std::map<std::string, std::string> seed_feed() {
  return {
      {"agency.txt", "agency_id,agency_name,agency_url,agency_timezone\nA,Silk Rail,http://a.example,Asia/Almaty\n"},
      {"stops.txt", "stop_id,stop_name,stop_lat,stop_lon,location_type,parent_station,stop_timezone\n"
                    "ALA,Almaty,43.27,76.94,1,,\n"
                    "ALA1,Almaty 1,43.34,76.95,0,ALA,\n"
                    "ALA2,Almaty 2,43.27,76.94,0,ALA,\n"
                    "SHY,Shymkent,42.32,69.59,0,,\n"
                    "TAS,Tashkent,41.29,69.28,0,,Asia/Tashkent\n"
                    "HOR,Horgos,44.21,80.41,0,,Asia/Shanghai\n"
                    "NZH,Nur Zholy,44.23,80.35,0,,\n"},
      {"routes.txt", "route_id,agency_id,route_short_name,route_long_name,route_type\nR1,A,1,Almaty - Tashkent,2\nR2,A,2,Border bus,3\n"},
      {"trips.txt", "route_id,service_id,trip_id,block_id\nR1,S,T1,b1\nR1,S,T2,b1\nR1,W,T3,\nR2,S,B1,\n"},
      {"calendar.txt", "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\n"
                       "S,1,1,1,1,1,1,1,20260601,20260614\nW,0,0,0,0,0,1,1,20260601,20260614\n"},
      {"stop_times.txt", "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n"
                         "T1,08:00:00,08:00:00,ALA1,1\nT1,20:00:00,20:10:00,SHY,2\nT1,26:00:00,26:00:00,TAS,3\n"
                         "T2,27:00:00,27:00:00,TAS,1\nT2,33:00:00,33:00:00,SHY,2\n"
                         "T3,09:00:00,09:00:00,ALA2,1\nT3,21:00:00,21:00:00,SHY,2\n"
                         "B1,10:00:00,10:00:00,NZH,1\nB1,14:00:00,14:00:00,ALA2,2\n"},
      {"frequencies.txt", "trip_id,start_time,end_time,headway_secs\nB1,10:00:00,16:00:00,7200\n"},
      {"transfers.txt", "from_stop_id,to_stop_id,transfer_type,min_transfer_time,from_trip_id,to_trip_id\n"
                        "ALA1,ALA2,2,300,,\nSHY,SHY,1,,T3,T1\n"},
      {"translations.txt", "table_name,field_name,language,translation,record_id\nstops,stop_name,ru,Алматы,ALA\nstops,stop_name,zh,塔什干,TAS\n"},
      {"caravan_border_crossings.txt",
       "crossing_id,crossing_name,crossing_timezone,monday,tuesday,wednesday,thursday,friday,saturday,sunday,formalities_time,source\n"
       "X,Khorgos - Nur Zholy,Asia/Shanghai,09:00-18:00,09:00-18:00,09:00-18:00,09:00-18:00,09:00-18:00,10:00-14:00,,1:00:00,test\n"},
      {"caravan_border_closures.txt", "crossing_id,date,reason\nX,20260603,holiday\n"},
      {"caravan_road_links.txt", "link_id,from_stop_id,to_stop_id,road_mode,travel_time,crossing_id,time_to_crossing,estimated,source\n"
                                 "HN,HOR,NZH,taxi,1:00:00,X,0:15:00,1,test\n"},
  };
}

// The seed snapshot's bytes: imported and written once per process.
std::string const& seed_snapshot() {
  static std::string const bytes = [] {
    caravan::progress quiet{false};
    auto r = caravan::gtfs::load(*caravan::gtfs::memory_feed(seed_feed()), {}, quiet);
    auto const path = std::filesystem::temp_directory_path() / ("caravan-snapshot-fuzz-" + std::to_string(::getpid()) + ".bin");
    caravan::tt::write_timetable(r.data_, path);
    std::ifstream in{path, std::ios::binary};
    std::stringstream s;
    s << in.rdbuf();
    std::filesystem::remove(path);
    return s.str();
  }();
  return bytes;
}

void use(caravan::tt::timetable const& tt) {
  using namespace caravan;
  (void)tt::describe(tt);
  if (tt.n_stops() != 0) {
    (void)tt::departures(tt, tt::stop_idx{0U}, tt.scalars().first_day_ + 1);
  }
  planner::stop_search const search{tt};
  (void)search.search("Almaty");
  (void)search.search("tash", latlng{43.2, 76.9});
  (void)tt.find_stop("TAS");
  if (tt.n_stops() < 2 || tt.columns().tz_names_.empty() || tt.scalars().n_days_ == 0) {
    return;
  }
  routing::engine const engine{tt};
  auto state = routing::make_search_state();
  routing::query q;
  q.from_ = {{tt::stop_idx{0U}, 0}};
  q.to_ = {{tt::stop_idx{static_cast<std::uint32_t>(tt.n_stops() - 1)}, 0}};
  q.time_ = tt.service_day_start(tt::tz_idx{0U}, tt::day_idx{0U}) + 8 * 3600;
  q.horizon_s_ = 3 * 86'400;
  if (!engine.check(q)) {
    (void)engine.route(q, *state);
  }
  q.arrive_by_ = true;
  q.time_ += 2 * 86'400;
  if (!engine.check(q)) {
    (void)engine.route(q, *state);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
  using namespace caravan;
  std::string file = seed_snapshot();
  constexpr std::size_t kFirstEditable = tt::detail::kFirstDayOffset;
  auto const editable = file.size() - kFirstEditable;
  std::size_t i = 0;
  while (i + 5 <= size) {
    std::uint32_t pos = 0;
    std::memcpy(&pos, data + i, sizeof(pos));
    auto const n = std::size_t{1} + data[i + 4] % 8U;
    i += 5;
    auto const at = kFirstEditable + pos % editable;
    for (std::size_t k = 0; k != n && i < size && at + k < file.size(); ++k, ++i) {
      file[at + k] = static_cast<char>(data[i]);
    }
  }
  tt::detail::seal_snapshot(file);
  try {
    auto const tt = tt::timetable::load_from_memory(file, "fuzz.bin");
    use(tt);
  } catch (data_error const&) {
  }
  return 0;
}

// libFuzzer target: a whole feed -> timetable -> a query. The input is a set of files written as
//   @@ agency.txt
//   agency_id,agency_name,...
//   @@ stops.txt
//   ...
// (see fuzz/corpus/gtfs_fuzz). Bad feeds may be rejected with data_error; the importer must never crash,
// and whatever it accepts must be a timetable the planner can search.
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "caravan/base/error.h"
#include "caravan/base/progress.h"
#include "caravan/gtfs/load.h"
#include "caravan/gtfs/source.h"
#include "caravan/routing/raptor.h"
#include "caravan/timetable/timetable.h"

namespace {

std::map<std::string, std::string> split_files(std::string_view in) {
  std::map<std::string, std::string> files;
  std::string* current = nullptr;
  while (!in.empty()) {
    auto const eol = in.find('\n');
    auto const line = in.substr(0, eol == std::string_view::npos ? in.size() : eol + 1);
    in.remove_prefix(line.size());
    if (line.starts_with("@@ ")) {
      auto name = line.substr(3);
      while (!name.empty() && (name.back() == '\n' || name.back() == '\r')) {
        name.remove_suffix(1);
      }
      current = &files[std::string{name}];
    } else if (current != nullptr) {
      current->append(line);
    }
  }
  return files;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
  using namespace caravan;
  auto files = split_files({reinterpret_cast<char const*>(data), size});
  try {
    progress quiet{false};
    gtfs::load_options opt;
    opt.max_days_ = 400;  // keep one input's work small; long calendars are tested in the unit tests
    auto result = gtfs::load(*gtfs::memory_feed(std::move(files)), opt, quiet);
    auto const tt = tt::timetable::from_data(std::move(result.data_));
    if (tt.n_stops() < 2) {
      return 0;
    }
    routing::engine const engine{tt};
    auto state = routing::make_search_state();
    routing::query q;
    q.from_ = {{tt::stop_idx{0U}, 0}};
    q.to_ = {{tt::stop_idx{static_cast<std::uint32_t>(tt.n_stops() - 1)}, 0}};
    q.time_ = tt.service_day_start(tt::tz_idx{0U}, tt::day_idx{0U});
    q.horizon_s_ = 2 * 86'400;
    if (engine.check(q)) {
      return 0;  // a query the engine refuses (asserted, not searched)
    }
    for (auto const& j : engine.route(q, *state)) {
      if (j.arrival_ < j.departure_ || j.departure_ < q.time_) {
        __builtin_trap();  // a journey that ends before it starts, or leaves before it was asked for
      }
    }
  } catch (data_error const&) {
  }
  return 0;
}

// The GTFS loader's driver: the steps in order (each in load_<file>.cc, their shared state in
// import_state.h), then the timetable and what it holds in the report.
#include "caravan/gtfs/load.h"

#include <algorithm>

#include "caravan/base/date.h"
#include "caravan/base/error.h"
#include "caravan/base/text.h"
#include "import_state.h"

namespace caravan::gtfs {

std::optional<std::int32_t> parse_gtfs_time(std::string_view s) {
  auto const c1 = s.find(':');
  if (c1 == std::string_view::npos || c1 == 0 || c1 > 6 || s.size() != c1 + 6 || s[c1 + 3] != ':') {
    return std::nullopt;
  }
  auto const digits = [](std::string_view d) {
    return !d.empty() && std::all_of(d.begin(), d.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  auto const h = s.substr(0, c1);
  auto const m = s.substr(c1 + 1, 2);
  auto const sec = s.substr(c1 + 4, 2);
  if (!digits(h) || !digits(m) || !digits(sec)) {
    return std::nullopt;
  }
  auto const hv = *parse_int(h);
  auto const mv = *parse_int(m);
  auto const sv = *parse_int(sec);
  if (mv > 59 || sv > 59) {
    return std::nullopt;
  }
  return static_cast<std::int32_t>(hv * 3600 + mv * 60 + sv);
}

std::optional<std::int32_t> parse_gtfs_date(std::string_view s) {
  return parse_date(s, date_format::kCompact, 1900, 2200);
}

namespace detail {
namespace {

tt::timetable_data run(import_state& st) {
  check_required_files(st);
  note_files(st);
  read_services(st);
  make_builder(st);
  read_agencies(st);
  read_stops(st);
  read_routes(st);
  read_trips(st);
  read_stop_times(st);
  read_frequencies(st);
  add_trips(st);
  if (st.b_->n_trips() == 0) {
    // An empty snapshot would replace a good one with nothing to route on.
    std::string why;
    for (auto const& [kind, w] : st.r_.warnings_) {
      why += fmt::format("{}{} ({}, e.g. {})", why.empty() ? "" : "; ", kind, w.count_, w.examples_.empty() ? "" : w.examples_.front());
    }
    throw data_error{{"stop_times.txt"}, fmt::format("no trip could be imported: {} in trips.txt, all skipped; warnings: {}",
                                                     st.trips_.size(), why.empty() ? "none" : why)};
  }
  if (st.interpolated_ != 0) {
    st.r_.note(fmt::format("{} gaps in stop times were interpolated", st.interpolated_));
  }
  read_transfers(st);
  read_road_links(st, read_border_crossings(st));
  read_feed_info(st);
  read_translations(st);
  st.b_->add_meta("source", st.feed_.description());
  tt::build_stats stats;
  auto data = st.b_->finish(st.opt_.footpaths_, st.p_, stats);
  st.r_.counts_["agencies"] = data.columns_.agencies_.size();
  st.r_.counts_["stops"] = data.columns_.stops_.size();
  st.r_.counts_["routes"] = data.columns_.routes_.size();
  st.r_.counts_["trips"] = data.columns_.trips_.size();
  st.r_.counts_["stop times"] = data.columns_.stop_times_.size();
  st.r_.counts_["patterns"] = data.columns_.patterns_.size();
  st.r_.counts_["footpaths"] = data.columns_.footpaths_out_.size();
  st.r_.counts_["service days"] = data.scalars_.n_days_;
  if (stats.n_overtaking_splits_ != 0) {
    st.r_.note(fmt::format("{} patterns were split because a trip overtakes another", stats.n_overtaking_splits_));
  }
  return data;
}

}  // namespace
}  // namespace detail

load_result load(feed_source const& feed, load_options const& opt, progress& p) {
  load_result result;
  detail::import_state st{feed, opt, p, result.report_};
  result.data_ = detail::run(st);
  return result;
}

}  // namespace caravan::gtfs

// stop_times.txt rows and frequencies.txt -> the builder's trips: each trip's stop times in order, gaps
// filled in, times checked; a frequency-based trip once per run.
#include "import_state.h"

#include <algorithm>
#include <cmath>
#include <span>

namespace caravan::gtfs::detail {

using namespace caravan::tt;

namespace {

// One frequencies.txt row expands to at most this many trips (a 10-second headway all day is 8,640):
// a 1-second headway over days would otherwise turn a few bytes into millions of trips.
constexpr std::uint32_t kMaxFrequencyRuns = 10'000;

// Linear interpolation of missing times between known ones, by shape distance when every stop in the
// gap has one, else by straight-line distance between stops, else evenly.
void interpolate(import_state& st, std::span<stop_time_row const> rows, std::vector<stop_time>& times) {
  std::size_t i = 0;
  while (i + 1 < times.size()) {
    if (times[i + 1].arr_ != kNoTime) {
      ++i;
      continue;
    }
    auto j = i + 1;
    while (times[j].arr_ == kNoTime) {
      ++j;
    }
    std::vector<double> at(j - i + 1, 0.0);
    bool by_shape = true;
    for (auto k = i; k <= j; ++k) {
      by_shape = by_shape && rows[k].dist_ >= 0.0F;
    }
    by_shape = by_shape && rows[j].dist_ > rows[i].dist_;
    for (auto k = i + 1; k <= j; ++k) {
      at[k - i] = by_shape ? static_cast<double>(rows[k].dist_ - rows[i].dist_)
                           : at[k - i - 1] + distance_m(st.b_->stop(stop_idx{rows[k - 1].stop_}).pos_, st.b_->stop(stop_idx{rows[k].stop_}).pos_);
    }
    auto const total = at.back();
    for (auto k = i + 1; k < j; ++k) {
      auto const frac = total > 0.0 ? at[k - i] / total : static_cast<double>(k - i) / static_cast<double>(j - i);
      auto const t = times[i].dep_ + static_cast<std::int32_t>(std::lround(frac * (times[j].arr_ - times[i].dep_)));
      times[k] = {t, t};
    }
    ++st.interpolated_;
    i = j;
  }
}

// Index of the first time that goes backwards, or times.size().
std::size_t check_times(std::vector<stop_time> const& times) {
  for (std::size_t i = 0; i != times.size(); ++i) {
    if (times[i].dep_ < times[i].arr_ || (i != 0 && times[i].arr_ < times[i - 1].dep_)) {
      return i;
    }
  }
  return times.size();
}

}  // namespace

// Sorts each trip's stop times, fills in missing times, checks them, and hands trips to the builder.
void add_trips(import_state& st) {
  // Bucket rows by trip (stable: keeps file order within a trip).
  std::vector<std::uint32_t> offsets(st.trips_.size() + 1, 0);
  for (auto const& r : st.rows_) {
    ++offsets[r.trip_ + 1];
  }
  for (std::size_t i = 1; i != offsets.size(); ++i) {
    offsets[i] += offsets[i - 1];
  }
  std::vector<stop_time_row> sorted(st.rows_.size());
  {
    auto pos = offsets;
    for (auto const& r : st.rows_) {
      sorted[pos[r.trip_]++] = r;
    }
  }
  std::vector<stop_time_row>{}.swap(st.rows_);

  st.p_.start("checking trips", st.trips_.size());
  std::vector<pattern_stop> stops;
  std::vector<stop_time> times;
  std::vector<stop_time> shifted;
  for (std::uint32_t t = 0; t != st.trips_.size(); ++t) {
    if ((t & 0x3FFFU) == 0) {
      st.p_.update(t);
    }
    auto& trip = st.trips_[t];
    auto const rows = std::span{sorted}.subspan(offsets[t], offsets[t + 1] - offsets[t]);
    if (trip.bad_) {
      continue;
    }
    if (rows.size() < 2) {
      st.r_.warn("trip with fewer than two stops", trip.where_, fmt::format("trip `{}` has {} stop times; skipped", st.str(trip.record_.id_), rows.size()));
      st.r_.skipped("trips with fewer than two stops");
      continue;
    }
    if (!std::is_sorted(rows.begin(), rows.end(), [](auto const& a, auto const& b) { return a.seq_ < b.seq_; })) {
      std::stable_sort(rows.begin(), rows.end(), [](auto const& a, auto const& b) { return a.seq_ < b.seq_; });
    }
    auto const dup = std::adjacent_find(rows.begin(), rows.end(), [](auto const& a, auto const& b) { return a.seq_ == b.seq_; });
    if (dup != rows.end()) {
      st.r_.warn("duplicate stop_sequence", {"stop_times.txt", std::next(dup)->line_},
                 fmt::format("trip `{}` has stop_sequence {} twice; trip skipped", st.str(trip.record_.id_), dup->seq_));
      st.r_.skipped("trips with a duplicate stop_sequence");
      continue;
    }
    if (rows.front().dep_ == kNoTime || rows.back().arr_ == kNoTime) {
      auto const& r = rows.front().dep_ == kNoTime ? rows.front() : rows.back();
      st.r_.warn("trip without first or last time", {"stop_times.txt", r.line_},
                 fmt::format("trip `{}` has no time at its {} stop; trip skipped", st.str(trip.record_.id_),
                             rows.front().dep_ == kNoTime ? "first" : "last"));
      st.r_.skipped("trips without a time at the first or last stop");
      continue;
    }
    stops.clear();
    times.clear();
    for (auto const& r : rows) {
      stops.push_back(pattern_stop::make(stop_idx{r.stop_}, r.pickup_ != 1, r.drop_off_ != 1));
      times.push_back({r.arr_, r.dep_});
    }
    interpolate(st, rows, times);
    if (auto const bad = check_times(times); bad != times.size()) {
      st.r_.warn("times go backwards", {"stop_times.txt", rows[bad].line_},
                 fmt::format("trip `{}` arrives or departs before its previous time; trip skipped", st.str(trip.record_.id_)));
      st.r_.skipped("trips whose times go backwards");
      continue;
    }
    trip_input in{trip.record_, trip.tz_, trip.mode_};
    auto const freq = st.frequencies_.find(t);
    if (freq == st.frequencies_.end()) {
      trip.inputs_.push_back(st.b_->add_trip(in, stops, times));
      continue;
    }
    // Frequency-based: the stop times give the running times; one trip per headway.
    for (auto const& f : freq->second) {
      in.record_.origin_ = f.exact_ ? trip_origin::kFrequencyExact : trip_origin::kFrequencyHeadway;
      auto runs = 0U;
      for (auto start = f.start_; start < f.end_ || (f.start_ == f.end_ && start == f.start_); start += f.headway_) {
        if (++runs > kMaxFrequencyRuns) {
          st.r_.warn("too many frequency runs", {"frequencies.txt"},
                     fmt::format("trip `{}` would run more than {} times in one frequency row; the rest are dropped",
                                 st.str(trip.record_.id_), kMaxFrequencyRuns));
          break;
        }
        auto const delta = start - times.front().dep_;
        shifted.resize(times.size());
        for (std::size_t i = 0; i != times.size(); ++i) {
          shifted[i] = {times[i].arr_ + delta, times[i].dep_ + delta};
        }
        if (shifted.back().arr_ > kMaxTripSeconds) {
          break;
        }
        trip.inputs_.push_back(st.b_->add_trip(in, stops, shifted));
      }
    }
  }
  st.p_.finish();
}

}  // namespace caravan::gtfs::detail

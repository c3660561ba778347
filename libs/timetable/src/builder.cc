#include "caravan/timetable/builder.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <numeric>
#include <queue>

#include <date/tz.h>

#include "caravan/base/error.h"

namespace caravan::tt {

namespace {

template <typename T>
std::string_view as_bytes(std::span<T const> s) {
  return {reinterpret_cast<char const*>(s.data()), s.size_bytes()};
}

// Lexicographic order of two trips' times along the same stop sequence.
bool times_less(std::span<stop_time const> a, std::span<stop_time const> b) {
  for (std::size_t i = 0; i != a.size(); ++i) {
    if (a[i].dep_ != b[i].dep_) {
      return a[i].dep_ < b[i].dep_;
    }
    if (a[i].arr_ != b[i].arr_) {
      return a[i].arr_ < b[i].arr_;
    }
  }
  return false;
}

// `later` neither departs nor arrives before `earlier` at any stop.
bool never_before(std::span<stop_time const> earlier, std::span<stop_time const> later) {
  for (std::size_t i = 0; i != earlier.size(); ++i) {
    if (later[i].arr_ < earlier[i].arr_ || later[i].dep_ < earlier[i].dep_) {
      return false;
    }
  }
  return true;
}

}  // namespace

timetable_builder::timetable_builder(std::int32_t first_day, std::uint32_t n_days) {
  data_.scalars_ = {first_day, n_days, (n_days + 63U) / 64U};
  data_.columns_.string_offsets_.push_back(0);
  intern("");  // string_idx 0 is the empty string
}

string_idx timetable_builder::intern(std::string_view s) {
  auto const [it, inserted] = strings_.try_emplace(std::string{s}, string_idx{0U});
  if (inserted) {
    auto& c = data_.columns_;
    it->second = string_idx{static_cast<std::uint32_t>(c.string_offsets_.size() - 1)};
    c.chars_.insert(c.chars_.end(), s.begin(), s.end());
    c.string_offsets_.push_back(static_cast<std::uint32_t>(c.chars_.size()));
  }
  return it->second;
}

tz_idx timetable_builder::add_timezone(std::string_view iana_name) {
  auto const [it, inserted] = timezones_.try_emplace(std::string{iana_name}, tz_idx{0U});
  if (inserted) {
    it->second = tz_idx{static_cast<std::uint32_t>(data_.columns_.tz_names_.size())};
    data_.columns_.tz_names_.push_back(intern(iana_name));
  }
  return it->second;
}

agency_idx timetable_builder::add_agency(agency_record const& a) {
  data_.columns_.agencies_.push_back(a);
  return agency_idx{data_.columns_.agencies_.size() - 1};
}

stop_idx timetable_builder::add_stop(stop_record const& s) {
  data_.columns_.stops_.push_back(s);
  return stop_idx{data_.columns_.stops_.size() - 1};
}

route_idx timetable_builder::add_route(route_record const& r) {
  data_.columns_.routes_.push_back(r);
  return route_idx{data_.columns_.routes_.size() - 1};
}

bitfield_idx timetable_builder::add_service(std::span<std::uint64_t const> words) {
  CARAVAN_ASSERT(words.size() == data_.scalars_.bitfield_words_, "bitfield has {} words", words.size());
  auto const [it, inserted] = services_.try_emplace(std::string{as_bytes(words)}, bitfield_idx{0U});
  if (inserted) {
    auto& b = data_.columns_.bitfields_;
    it->second = bitfield_idx{b.size() / std::max<std::size_t>(words.size(), 1)};
    b.insert(b.end(), words.begin(), words.end());
  }
  return it->second;
}

input_trip_idx timetable_builder::add_trip(trip_input const& t,
                                           std::span<pattern_stop const> stops,
                                           std::span<stop_time const> times) {
  CARAVAN_ASSERT(stops.size() == times.size() && stops.size() >= 2, "trip with {} stops", stops.size());
  trip_inputs_.push_back(t);
  trip_stops_.insert(trip_stops_.end(), stops.begin(), stops.end());
  trip_times_.insert(trip_times_.end(), times.begin(), times.end());
  trip_offsets_.push_back(static_cast<std::uint32_t>(trip_stops_.size()));
  return input_trip_idx{trip_inputs_.size() - 1};
}

void timetable_builder::add_footpath(stop_idx from, stop_idx to, std::int32_t duration_s) {
  explicit_footpaths_.push_back({from, to, duration_s});
}

void timetable_builder::add_meta(std::string_view key, std::string_view value) {
  data_.columns_.meta_.push_back({intern(key), intern(value)});
}

timetable_data timetable_builder::finish(footpath_options const& opt, progress& p, build_stats& stats) {
  build_patterns(p, stats);
  build_footpaths(opt, stats);
  build_day_starts();
  build_indices();
  build_road_links();
  stats.n_patterns_ = data_.columns_.patterns_.size();
  return std::move(data_);
}

void timetable_builder::build_patterns(progress& p, build_stats& stats) {
  auto& c = data_.columns_;
  auto const n = trip_inputs_.size();
  auto const stops_of = [&](std::size_t t) {
    return std::span<pattern_stop const>{trip_stops_}.subspan(trip_offsets_[t], trip_offsets_[t + 1] - trip_offsets_[t]);
  };
  auto const times_of = [&](std::size_t t) {
    return std::span<stop_time const>{trip_times_}.subspan(trip_offsets_[t], trip_offsets_[t + 1] - trip_offsets_[t]);
  };

  // Group trips with the same time zone, mode and stop sequence (with boarding/alighting rules).
  p.start("grouping trips into patterns", n);
  std::unordered_map<std::string, std::uint32_t> group_of_key;
  std::vector<std::vector<std::uint32_t>> groups;
  std::string key;
  for (std::size_t t = 0; t != n; ++t) {
    key.clear();
    auto const tz = trip_inputs_[t].tz_.v();
    key.append(reinterpret_cast<char const*>(&tz), sizeof(tz));
    key.push_back(static_cast<char>(trip_inputs_[t].mode_));
    key.append(as_bytes(stops_of(t)));
    auto const [it, inserted] = group_of_key.try_emplace(key, static_cast<std::uint32_t>(groups.size()));
    if (inserted) {
      groups.emplace_back();
    }
    groups[it->second].push_back(static_cast<std::uint32_t>(t));
    if (t % 65536 == 0) {
      p.update(t);
    }
  }
  p.finish();

  // Sort each group by time and split it where a trip overtakes another, so that within a pattern the
  // trips are ordered the same way at every stop (what RAPTOR's trip search relies on).
  std::vector<std::uint32_t> new_of_old(n);
  c.trips_.reserve(n);
  c.stop_times_.reserve(trip_times_.size());
  c.pattern_stop_offsets_.push_back(0);
  for (auto& g : groups) {
    std::stable_sort(g.begin(), g.end(), [&](std::uint32_t a, std::uint32_t b) { return times_less(times_of(a), times_of(b)); });
    std::vector<std::vector<std::uint32_t>> subs;
    for (auto const t : g) {
      auto it = std::find_if(subs.begin(), subs.end(), [&](auto const& s) { return never_before(times_of(s.back()), times_of(t)); });
      if (it == subs.end()) {
        if (!subs.empty()) {
          ++stats.n_overtaking_splits_;
        }
        subs.emplace_back();
        it = std::prev(subs.end());
      }
      it->push_back(t);
    }
    for (auto const& s : subs) {
      auto const pattern = pattern_idx{c.patterns_.size()};
      auto const stops = stops_of(s.front());
      pattern_record pr{};
      pr.first_trip_ = trip_idx{c.trips_.size()};
      pr.n_trips_ = static_cast<std::uint32_t>(s.size());
      pr.first_stop_time_ = static_cast<std::uint32_t>(c.stop_times_.size());
      pr.tz_ = trip_inputs_[s.front()].tz_;
      pr.mode_ = trip_inputs_[s.front()].mode_;
      std::int32_t last_arrival = 0;
      for (auto const t : s) {
        new_of_old[t] = static_cast<std::uint32_t>(c.trips_.size());
        auto rec = trip_inputs_[t].record_;
        rec.pattern_ = pattern;
        c.trips_.push_back(rec);
        auto const times = times_of(t);
        c.stop_times_.insert(c.stop_times_.end(), times.begin(), times.end());
        last_arrival = std::max(last_arrival, times.back().arr_);
      }
      pr.max_days_ = static_cast<std::uint8_t>(std::min(last_arrival / kSecondsPerDay, 255));
      c.patterns_.push_back(pr);
      c.pattern_stops_.insert(c.pattern_stops_.end(), stops.begin(), stops.end());
      c.pattern_stop_offsets_.push_back(static_cast<std::uint32_t>(c.pattern_stops_.size()));
    }
  }

  // Patterns at each stop (a stop visited twice by one pattern is listed once).
  std::vector<std::vector<pattern_idx>> at_stop(c.stops_.size());
  for (std::size_t pi = 0; pi != c.patterns_.size(); ++pi) {
    for (auto k = c.pattern_stop_offsets_[pi]; k != c.pattern_stop_offsets_[pi + 1]; ++k) {
      auto& v = at_stop[c.pattern_stops_[k].stop().idx()];
      if (v.empty() || v.back() != pattern_idx{pi}) {
        v.push_back(pattern_idx{pi});
      }
    }
  }
  c.stop_pattern_offsets_.push_back(0);
  for (auto const& v : at_stop) {
    c.stop_patterns_.insert(c.stop_patterns_.end(), v.begin(), v.end());
    c.stop_pattern_offsets_.push_back(static_cast<std::uint32_t>(c.stop_patterns_.size()));
  }

  // Remap what refers to input trips.
  for (auto& t : trip_transfers_) {
    t.from_trip_ = trip_idx{new_of_old[t.from_trip_.idx()]};
    t.to_trip_ = trip_idx{new_of_old[t.to_trip_.idx()]};
  }
  std::sort(trip_transfers_.begin(), trip_transfers_.end(), [](trip_transfer const& a, trip_transfer const& b) {
    return std::tie(a.from_trip_, a.from_stop_, a.to_trip_) < std::tie(b.from_trip_, b.from_stop_, b.to_trip_);
  });
  c.trip_transfers_ = std::move(trip_transfers_);
  for (auto& t : c.translations_) {
    if (t.table_ == translated_table::kTrip) {
      t.record_ = new_of_old[t.record_];
    }
  }
  std::sort(c.translations_.begin(), c.translations_.end(), [](translation const& a, translation const& b) {
    return std::tie(a.table_, a.record_, a.field_, a.language_) < std::tie(b.table_, b.record_, b.field_, b.language_);
  });
  std::sort(stop_transfers_.begin(), stop_transfers_.end(),
            [](stop_transfer const& a, stop_transfer const& b) { return std::tie(a.from_, a.to_) < std::tie(b.from_, b.to_); });
  c.stop_transfers_ = stop_transfers_;
  build_stay_seated(new_of_old, stats);

  std::vector<trip_input>{}.swap(trip_inputs_);
  std::vector<pattern_stop>{}.swap(trip_stops_);
  std::vector<stop_time>{}.swap(trip_times_);
}

void timetable_builder::build_stay_seated(std::vector<std::uint32_t> const&, build_stats& stats) {
  auto& c = data_.columns_;
  auto const words = data_.scalars_.bitfield_words_;
  auto const stops_of = [&](trip_idx t) {
    auto const p = c.trips_[t.idx()].pattern_;
    return std::span<pattern_stop const>{c.pattern_stops_}.subspan(
        c.pattern_stop_offsets_[p.idx()], c.pattern_stop_offsets_[p.idx() + 1] - c.pattern_stop_offsets_[p.idx()]);
  };
  auto const times_of = [&](trip_idx t) {
    auto const p = c.trips_[t.idx()].pattern_;
    auto const& pr = c.patterns_[p.idx()];
    auto const n_stops = c.pattern_stop_offsets_[p.idx() + 1] - c.pattern_stop_offsets_[p.idx()];
    return std::span<stop_time const>{c.stop_times_}.subspan(pr.first_stop_time_ + (t.v() - pr.first_trip_.v()) * n_stops,
                                                             n_stops);
  };
  auto const share_a_day = [&](bitfield_idx a, bitfield_idx b) {
    for (std::uint32_t w = 0; w != words; ++w) {
      if ((c.bitfields_[a.idx() * words + w] & c.bitfields_[b.idx() * words + w]) != 0U) {
        return true;
      }
    }
    return false;
  };

  std::unordered_map<std::uint32_t, std::vector<trip_idx>> blocks;
  for (std::size_t t = 0; t != c.trips_.size(); ++t) {
    if (c.trips_[t].block_id_.v() != 0U) {
      blocks[c.trips_[t].block_id_.v()].push_back(trip_idx{t});
    }
  }
  std::vector<std::pair<std::uint32_t, std::vector<trip_idx>>> sorted_blocks(blocks.begin(), blocks.end());
  std::sort(sorted_blocks.begin(), sorted_blocks.end(), [](auto const& a, auto const& b) { return a.first < b.first; });
  constexpr std::size_t kMaxLookahead = 64;
  for (auto& [_, trips] : sorted_blocks) {
    std::sort(trips.begin(), trips.end(), [&](trip_idx a, trip_idx b) {
      return std::pair{times_of(a).front().dep_, a} < std::pair{times_of(b).front().dep_, b};
    });
    for (std::size_t i = 0; i != trips.size(); ++i) {
      auto const a = trips[i];
      auto const last_stop = stops_of(a).back().stop();
      auto const last_arr = times_of(a).back().arr_;
      for (std::size_t j = i + 1; j < trips.size() && j <= i + kMaxLookahead; ++j) {
        auto const b = trips[j];
        if (times_of(b).front().dep_ >= last_arr && stops_of(b).front().stop() == last_stop &&
            share_a_day(c.trips_[a.idx()].service_, c.trips_[b.idx()].service_)) {
          c.stay_seated_.push_back({a, b});
          break;
        }
      }
    }
  }
  std::sort(c.stay_seated_.begin(), c.stay_seated_.end(),
            [](stay_seated const& a, stay_seated const& b) { return std::pair{a.from_, a.to_} < std::pair{b.from_, b.to_}; });
  stats.n_stay_seated_ = c.stay_seated_.size();
}

namespace {

// Walks between stops as the builder finds them (generated, between a station's stops, explicit), the
// least time per ordered pair, before they are closed transitively.
struct direct_walks {
  static std::uint64_t key(stop_idx a, stop_idx b) { return (std::uint64_t{a.v()} << 32U) | b.v(); }
  void offer(stop_idx a, stop_idx b, std::int32_t d) {
    auto const [it, inserted] = times_.try_emplace(key(a, b), d);
    if (!inserted) {
      it->second = std::min(it->second, d);
    }
  }
  std::unordered_map<std::uint64_t, std::int32_t> times_;
};

// What the footpath steps ask of the stops.
struct walk_stops {
  timetable_columns<owned_column> const& c_;
  footpath_options const& opt_;
  std::int32_t walk(stop_idx a, stop_idx b) const {
    return static_cast<std::int32_t>(std::ceil(distance_m(c_.stops_[a.idx()].pos_, c_.stops_[b.idx()].pos_) / opt_.walk_speed_m_per_s_));
  }
  bool has_pos(stop_idx s) const { return c_.stops_[s.idx()].pos_.lat_ != 0.0 || c_.stops_[s.idx()].pos_.lon_ != 0.0; }
  bool is_boarding_point(stop_idx s) const {
    auto const t = c_.stops_[s.idx()].type_;
    return t == location_type::kStop || t == location_type::kBoardingArea;
  }
};

// Walks between boarding points within the walk radius, found through a grid of cells at least the
// radius wide (neighbours are in the 3x3 cells around a stop).
void generated_walks(walk_stops const& w, direct_walks& direct, build_stats& stats) {
  auto const& c = w.c_;
  auto const& opt = w.opt_;
  auto const n = c.stops_.size();
  double max_abs_lat = 0;
  for (auto const s : indices<stop_idx>(n)) {
    if (w.has_pos(s)) {
      max_abs_lat = std::max(max_abs_lat, std::abs(c.stops_[s.idx()].pos_.lat_));
    }
  }
  auto const cell_lat = opt.walk_radius_m_ / 111'000.0;
  auto const cell_lon = cell_lat / std::max(std::cos(std::min(max_abs_lat, 85.0) * 3.14159265358979323846 / 180.0), 0.05);
  auto const cell_of = [&](stop_idx s) {
    auto const& pos = c.stops_[s.idx()].pos_;
    return std::pair{static_cast<std::int64_t>(std::floor(pos.lat_ / cell_lat)),
                     static_cast<std::int64_t>(std::floor(pos.lon_ / cell_lon))};
  };
  auto const cell_key = [](std::int64_t y, std::int64_t x) {
    return (static_cast<std::uint64_t>(y) << 32U) ^ static_cast<std::uint64_t>(x & 0xFFFFFFFF);
  };
  std::unordered_map<std::uint64_t, std::vector<stop_idx>> grid;
  for (auto const s : indices<stop_idx>(n)) {
    if (w.has_pos(s) && w.is_boarding_point(s)) {
      auto const [y, x] = cell_of(s);
      grid[cell_key(y, x)].push_back(s);
    }
  }
  for (auto const s : indices<stop_idx>(n)) {
    if (!w.has_pos(s) || !w.is_boarding_point(s)) {
      continue;
    }
    auto const [y, x] = cell_of(s);
    for (auto dy = -1; dy <= 1; ++dy) {
      for (auto dx = -1; dx <= 1; ++dx) {
        auto const it = grid.find(cell_key(y + dy, x + dx));
        if (it == grid.end()) {
          continue;
        }
        for (auto const t : it->second) {
          if (t != s && distance_m(c.stops_[s.idx()].pos_, c.stops_[t.idx()].pos_) <= opt.walk_radius_m_) {
            direct.offer(s, t, w.walk(s, t));
            ++stats.n_generated_footpaths_;
          }
        }
      }
    }
  }
}

// Stops of one station: linked with at least min_station_walk (or the station's own change time).
void station_walks(walk_stops const& w, direct_walks& direct) {
  auto const& c = w.c_;
  auto const& opt = w.opt_;
  auto const n = c.stops_.size();
  std::unordered_map<std::uint32_t, std::vector<stop_idx>> children;
  for (auto const s : indices<stop_idx>(n)) {
    if (c.stops_[s.idx()].parent_.valid() && w.is_boarding_point(s)) {
      children[c.stops_[s.idx()].parent_.v()].push_back(s);
    }
  }
  for (auto const& [parent, kids] : children) {
    auto const station_change = c.stops_[parent].min_change_;
    for (auto const a : kids) {
      for (auto const b : kids) {
        if (a != b) {
          auto const d = station_change >= 0 ? station_change
                                             : std::max(w.has_pos(a) && w.has_pos(b) ? w.walk(a, b) : 0, opt.min_station_walk_s_);
          direct.offer(a, b, d);
        }
      }
    }
  }

}

// The walks from each stop, closed transitively up to `bound` with a bounded Dijkstra from every stop,
// so that one footpath hop per RAPTOR round reaches everything a chain of walks within the bound would.
// A pair's direct time stands where it has one.
std::vector<std::vector<footpath>> close_walks(std::unordered_map<std::uint64_t, std::int32_t> const& direct, std::size_t n,
                                               std::int32_t bound) {
  auto const pair_key = [](stop_idx a, stop_idx b) { return direct_walks::key(a, b); };
  std::vector<std::vector<footpath>> adj(n);
  for (auto const& [k, d] : direct) {
    adj[k >> 32U].push_back({stop_idx{static_cast<std::uint32_t>(k & 0xFFFFFFFFU)}, d});
  }
  for (auto& a : adj) {
    std::sort(a.begin(), a.end(), [](footpath const& x, footpath const& y) { return x.target_ < y.target_; });
  }
  std::vector<std::vector<footpath>> out(n);
  std::vector<std::int32_t> dist(n, std::numeric_limits<std::int32_t>::max());
  std::vector<stop_idx> touched;
  using entry = std::pair<std::int32_t, std::uint32_t>;
  std::priority_queue<entry, std::vector<entry>, std::greater<>> pq;
  for (auto const s : indices<stop_idx>(n)) {
    if (adj[s.idx()].empty()) {
      continue;
    }
    dist[s.idx()] = 0;
    touched.push_back(s);
    pq.emplace(0, s.v());
    while (!pq.empty()) {
      auto const [d, u] = pq.top();
      pq.pop();
      if (d != dist[u]) {
        continue;
      }
      for (auto const& e : adj[u]) {
        auto const nd = d + e.duration_;
        if (nd <= bound && nd < dist[e.target_.idx()]) {
          if (dist[e.target_.idx()] == std::numeric_limits<std::int32_t>::max()) {
            touched.push_back(e.target_);
          }
          dist[e.target_.idx()] = nd;
          pq.emplace(nd, e.target_.v());
        }
      }
    }
    for (auto const t : touched) {
      if (t != s) {
        auto const it = direct.find(pair_key(s, t));
        out[s.idx()].push_back({t, it != direct.end() ? it->second : dist[t.idx()]});
      }
      dist[t.idx()] = std::numeric_limits<std::int32_t>::max();
    }
    touched.clear();
    std::sort(out[s.idx()].begin(), out[s.idx()].end(), [](footpath const& x, footpath const& y) { return x.target_ < y.target_; });
  }

  return out;
}

// Both directions into the columns (in: for arrive-by).
void store_footpaths(timetable_columns<owned_column>& c, std::vector<std::vector<footpath>> const& out) {
  auto const n = c.stops_.size();
  std::vector<std::vector<footpath>> in(n);
  c.footpath_out_offsets_.push_back(0);
  for (auto const s : indices<stop_idx>(n)) {
    for (auto const& f : out[s.idx()]) {
      in[f.target_.idx()].push_back({s, f.duration_});
    }
    c.footpaths_out_.insert(c.footpaths_out_.end(), out[s.idx()].begin(), out[s.idx()].end());
    c.footpath_out_offsets_.push_back(static_cast<std::uint32_t>(c.footpaths_out_.size()));
  }
  c.footpath_in_offsets_.push_back(0);
  for (auto const& v : in) {
    c.footpaths_in_.insert(c.footpaths_in_.end(), v.begin(), v.end());
    c.footpath_in_offsets_.push_back(static_cast<std::uint32_t>(c.footpaths_in_.size()));
  }
}

}  // namespace

void timetable_builder::build_footpaths(footpath_options const& opt, build_stats& stats) {
  auto& c = data_.columns_;
  walk_stops const w{c, opt};
  direct_walks walks;
  if (opt.walk_radius_m_ > 0) {
    generated_walks(w, walks, stats);
  }
  station_walks(w, walks);
  // Explicit walks (transfers.txt) override the others for their pair; "not possible" removes one.
  auto& direct = walks.times_;
  std::int32_t bound = opt.walk_radius_m_ > 0 ? static_cast<std::int32_t>(std::ceil(opt.walk_radius_m_ / opt.walk_speed_m_per_s_)) : 0;
  bound = std::max(bound, opt.min_station_walk_s_);
  for (auto const& f : explicit_footpaths_) {
    if (f.from_ != f.to_) {
      direct[direct_walks::key(f.from_, f.to_)] = f.duration_;
      bound = std::max(bound, f.duration_);
    }
  }
  for (auto const& t : c.stop_transfers_) {
    if (t.type_ == transfer_type::kNotPossible) {
      direct.erase(direct_walks::key(t.from_, t.to_));
    }
  }
  store_footpaths(c, close_walks(direct, c.stops_.size(), bound));
  stats.n_footpaths_ = c.footpaths_out_.size();
}

void timetable_builder::build_day_starts() {
  auto& c = data_.columns_;
  auto const n_days = data_.scalars_.n_days_;
  c.tz_day_start_.resize(c.tz_names_.size() * n_days);
  for (std::size_t z = 0; z != c.tz_names_.size(); ++z) {
    auto const name = std::string{std::string_view{c.chars_.data() + c.string_offsets_[c.tz_names_[z].idx()],
                                                   c.string_offsets_[c.tz_names_[z].idx() + 1] - c.string_offsets_[c.tz_names_[z].idx()]}};
    auto const* zone = date::locate_zone(name);
    for (std::uint32_t d = 0; d != n_days; ++d) {
      auto const day = date::sys_days{date::days{data_.scalars_.first_day_ + static_cast<std::int32_t>(d)}};
      auto const local_noon = date::local_seconds{day.time_since_epoch()} + std::chrono::hours{12};
      auto const utc_noon = zone->to_sys(local_noon, date::choose::earliest);
      auto const start = utc_noon - std::chrono::hours{12};
      c.tz_day_start_[z * n_days + d] = static_cast<std::int32_t>((start - day).count());
    }
  }
}

void timetable_builder::build_indices() {
  auto& c = data_.columns_;
  auto const str = [&](string_idx s) {
    return std::string_view{c.chars_.data() + c.string_offsets_[s.idx()], c.string_offsets_[s.idx() + 1] - c.string_offsets_[s.idx()]};
  };
  auto const sorted_by_id = [&]<typename Idx>(auto const& records, std::vector<Idx>& out) {
    out.resize(records.size());
    for (std::size_t i = 0; i != records.size(); ++i) {
      out[i] = Idx{i};
    }
    std::stable_sort(out.begin(), out.end(), [&](Idx a, Idx b) { return str(records[a.idx()].id_) < str(records[b.idx()].id_); });
  };
  sorted_by_id(c.stops_, c.stops_by_id_);
  sorted_by_id(c.routes_, c.routes_by_id_);
  sorted_by_id(c.trips_, c.trips_by_id_);
}

}  // namespace caravan::tt

namespace caravan::tt {

crossing_idx timetable_builder::add_crossing(border_crossing c, std::vector<std::int32_t> closed_days) {
  std::vector<closed_day> days;
  days.reserve(closed_days.size());
  for (auto const d : closed_days) {
    days.push_back({d, ""});
  }
  return add_crossing(c, std::move(days));
}

crossing_idx timetable_builder::add_crossing(border_crossing c, std::vector<closed_day> closed_days) {
  auto& cols = data_.columns_;
  std::stable_sort(closed_days.begin(), closed_days.end(), [](closed_day const& a, closed_day const& b) { return a.day_ < b.day_; });
  c.first_closure_ = static_cast<std::uint32_t>(cols.crossing_closures_.size());
  for (std::size_t i = 0; i != closed_days.size();) {
    // One entry per date: a day listed twice (a Chinese and a Kazakh holiday) keeps both reasons.
    auto reason = closed_days[i].reason_;
    auto j = i + 1;
    for (; j != closed_days.size() && closed_days[j].day_ == closed_days[i].day_; ++j) {
      if (!closed_days[j].reason_.empty() && closed_days[j].reason_ != reason) {
        reason = reason.empty() ? closed_days[j].reason_ : reason + "; " + closed_days[j].reason_;
      }
    }
    cols.crossing_closures_.push_back(closed_days[i].day_);
    cols.crossing_closure_reasons_.push_back(intern(reason));
    i = j;
  }
  c.n_closures_ = static_cast<std::uint32_t>(cols.crossing_closures_.size() - c.first_closure_);
  cols.border_crossings_.push_back(c);
  return crossing_idx{cols.border_crossings_.size() - 1};
}

// Links sorted by from stop with offsets per stop, and an index by to stop (for backward searches).
void timetable_builder::build_road_links() {
  auto& c = data_.columns_;
  auto const n = c.stops_.size();
  std::stable_sort(road_links_.begin(), road_links_.end(), [](road_link const& a, road_link const& b) { return a.from_ < b.from_; });
  c.road_links_ = std::move(road_links_);
  c.road_out_offsets_.assign(n + 1, 0);
  c.road_in_offsets_.assign(n + 1, 0);
  for (auto const& l : c.road_links_) {
    ++c.road_out_offsets_[l.from_.idx() + 1];
    ++c.road_in_offsets_[l.to_.idx() + 1];
  }
  for (std::size_t i = 0; i != n; ++i) {
    c.road_out_offsets_[i + 1] += c.road_out_offsets_[i];
    c.road_in_offsets_[i + 1] += c.road_in_offsets_[i];
  }
  c.road_links_in_.assign(c.road_links_.size(), road_link_idx{0U});
  auto pos = c.road_in_offsets_;
  for (std::size_t i = 0; i != c.road_links_.size(); ++i) {
    c.road_links_in_[pos[c.road_links_[i].to_.idx()]++] = road_link_idx{i};
  }
}

}  // namespace caravan::tt

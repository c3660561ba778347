// The engine's routing index, built once per timetable in named steps (see routing_index.h); the trip
// links and the network without times are in links_build.cc.
#include <algorithm>
#include <map>
#include <utility>

#include "caravan/base/error.h"
#include "caravan/routing/raptor.h"
#include "routing_index.h"

namespace caravan::routing {

using namespace caravan::tt;

namespace detail {

namespace {

// A pattern with more service classes than this (trips with their own service days each) is searched
// trip by trip: binary searches in that many classes would cost more than they save.
constexpr std::size_t kMaxServiceClasses = 16;

bool runs_on(timetable const& tt, bitfield_idx service, std::uint32_t d) {
  auto const words = tt.scalars().bitfield_words_;
  return ((tt.columns().bitfields_[service.v() * words + d / 64U] >> (d % 64U)) & 1U) != 0U;
}

// Whether a trip of pattern p on one day may overtake a trip of a later day (trips of one day never
// overtake each other). Trip A of day d - m against trip B of day d, in day d's frame: A's times less
// m days, or an hour more or less where a DST change made one of those days 23 or 25 hours long. They
// may overtake when, for one of those shifts, the difference of their times along the pattern reaches
// zero from both sides or changes sign (ties count: which of two trips leaving together is taken
// depends on the direction of the search).
// 0: never; 1: on any day; 2: only across a DST change.
std::uint8_t days_overtake(timetable const& tt, pattern_idx p, std::int32_t span) {
  constexpr std::int64_t kDst = 3600;
  auto const& pr = tt.pattern(p);
  auto const n = static_cast<std::uint32_t>(tt.pattern_stops(p).size());
  auto const time = [&](std::uint32_t k, std::uint32_t i) { return std::int64_t{tt.time_at(p, k, i).dep_}; };
  // How far a trip's times can stray from its first departure's offset, against another trip's.
  std::int64_t lo = 0;
  std::int64_t hi = 0;
  for (std::uint32_t k = 0; k != pr.n_trips_; ++k) {
    for (std::uint32_t i = 0; i != n; ++i) {
      auto const& t = tt.time_at(p, k, i);
      lo = std::min({lo, std::int64_t{t.arr_} - time(k, 0), std::int64_t{t.dep_} - time(k, 0)});
      hi = std::max({hi, std::int64_t{t.arr_} - time(k, 0), std::int64_t{t.dep_} - time(k, 0)});
    }
  }
  auto const spread = hi - lo;
  // Whether trips a (m days earlier) and b may overtake: 1, 2 as above, or 0.
  auto const pair_overtakes = [&](std::uint32_t a, std::uint32_t b, std::int64_t m) -> std::uint8_t {
    std::int64_t d_min = std::numeric_limits<std::int64_t>::max();
    std::int64_t d_max = std::numeric_limits<std::int64_t>::min();
    for (std::uint32_t i = 0; i != n; ++i) {
      auto const& ta = tt.time_at(p, a, i);
      auto const& tb = tt.time_at(p, b, i);
      for (auto const d : {std::int64_t{ta.arr_} - tb.arr_, std::int64_t{ta.dep_} - tb.dep_}) {
        d_min = std::min(d_min, d - m * kSecondsPerDay);
        d_max = std::max(d_max, d - m * kSecondsPerDay);
      }
    }
    std::uint8_t found = 0;
    for (auto const e : {-kDst, std::int64_t{0}, kDst}) {
      if (d_min < d_max && d_min + e <= 0 && d_max + e >= 0) {
        if (e == 0) {
          return 1;
        }
        found = 2;
      }
    }
    return found;
  };
  std::uint8_t found = 0;
  for (std::int64_t m = 1; m * kSecondsPerDay <= std::int64_t{span} + kDst; ++m) {
    for (std::uint32_t a = 0; a != pr.n_trips_; ++a) {
      // Candidates B: first departures within an hour and the spread of A's, shifted by m days.
      auto const from = time(a, 0) - m * kSecondsPerDay - kDst - spread;
      auto const to = time(a, 0) - m * kSecondsPerDay + kDst + spread;
      std::uint32_t first = 0;
      std::uint32_t count = pr.n_trips_;
      while (count > 0) {  // first trip with a first departure >= from (they are sorted there)
        auto const step = count / 2;
        if (time(first + step, 0) < from) {
          first += step + 1;
          count -= step + 1;
        } else {
          count = step;
        }
      }
      for (auto b = first; b < pr.n_trips_ && time(b, 0) <= to; ++b) {
        auto const o = pair_overtakes(a, b, m);
        if (o == 1) {
          return 1;
        }
        found = std::max(found, o);
      }
    }
  }
  return found;
}

}  // namespace

void index_stop_patterns(timetable const& tt, routing_index& ix) {
  std::vector<std::vector<stop_pattern>> per_stop(tt.n_stops());
  for (auto const p : indices<pattern_idx>(tt.n_patterns())) {
    auto const stops = tt.pattern_stops(p);
    for (std::uint32_t i = 0; i != stops.size(); ++i) {
      auto& v = per_stop[stops[i].stop().idx()];
      auto const it = std::find_if(v.begin(), v.end(), [&](stop_pattern const& x) { return x.pattern_ == p; });
      if (it == v.end()) {
        v.push_back({p, i, i});
      } else {
        it->last_pos_ = i;
      }
    }
  }
  flatten_by_stop(per_stop, ix.stop_pattern_offsets_, ix.stop_patterns_);
}

void index_stop_sequences(timetable const& tt, routing_index& ix) {
  std::map<std::pair<mode, std::vector<stop_idx>>, std::uint32_t> seen;
  std::vector<std::vector<stop_pattern>> per_stop(tt.n_stops());
  ix.sequence_offsets_.push_back(0);
  std::vector<stop_idx> stops;
  for (auto const p : indices<pattern_idx>(tt.n_patterns())) {
    stops.clear();
    for (auto const ps : tt.pattern_stops(p)) {
      stops.push_back(ps.stop());
    }
    auto const [it, fresh] = seen.try_emplace({tt.pattern(p).mode_, stops}, static_cast<std::uint32_t>(ix.sequence_mode_.size()));
    if (!fresh) {
      continue;
    }
    auto const seq = pattern_idx{it->second};
    ix.sequence_stops_.insert(ix.sequence_stops_.end(), stops.begin(), stops.end());
    ix.sequence_offsets_.push_back(static_cast<std::uint32_t>(ix.sequence_stops_.size()));
    ix.sequence_mode_.push_back(tt.pattern(p).mode_);
    for (std::uint32_t i = 0; i != stops.size(); ++i) {
      auto& v = per_stop[stops[i].idx()];
      if (v.empty() || v.back().pattern_ != seq) {
        v.push_back({seq, i, i});
      } else {
        v.back().last_pos_ = i;
      }
    }
  }
  flatten_by_stop(per_stop, ix.stop_sequence_offsets_, ix.stop_sequences_);
}

// A breadth-first search backwards over the stop sequences (rides only: walks depend on the query) from
// 64 destinations spread over the served stops; at most 64 levels.
void index_hop_profile(timetable const& tt, routing_index& ix) {
  std::vector<stop_idx> served;
  for (auto const s : indices<stop_idx>(tt.n_stops())) {
    if (!by_stop(ix.stop_sequence_offsets_, ix.stop_sequences_, s).empty()) {
      served.push_back(s);
    }
  }
  if (served.empty()) {
    return;
  }
  constexpr std::size_t kSample = 64;
  constexpr std::uint8_t kUnset = 0xFF;
  std::vector<std::uint64_t> by_level(65, 0);
  std::uint64_t pairs = 0;
  std::vector<std::uint8_t> level(tt.n_stops());
  std::vector<std::uint32_t> done(ix.sequence_mode_.size());
  std::vector<stop_idx> frontier, next;
  auto const step = std::max<std::size_t>(served.size() / kSample, 1);
  for (std::size_t x = 0; x < served.size(); x += step) {
    std::fill(level.begin(), level.end(), kUnset);
    std::fill(done.begin(), done.end(), 0);
    frontier.assign({served[x]});
    level[served[x].idx()] = 0;
    for (std::uint8_t h = 1; h <= 64 && !frontier.empty(); ++h) {
      next.clear();
      for (auto const st : frontier) {
        stops_one_ride_before<false>(
            ix, st, done.data(), [](std::size_t) { return true; }, [](pattern_idx) {},
            [&](stop_idx u) {
              if (level[u.idx()] == kUnset) {
                level[u.idx()] = h;
                next.push_back(u);
                ++by_level[h];
              }
            });
      }
      std::swap(frontier, next);
    }
    pairs += served.size() - 1;
  }
  std::uint64_t joined = 0;
  for (auto const c : by_level) {
    joined += c;
  }
  ix.hop_unjoined_ = pairs == 0 ? 0.0 : 1.0 - static_cast<double>(joined) / static_cast<double>(pairs);
  std::uint64_t within = 0;
  ix.hop_reach_ = 64;
  for (std::uint32_t h = 1; h <= 64; ++h) {
    within += by_level[h];
    if (static_cast<double>(within) >= 0.99 * static_cast<double>(joined)) {
      ix.hop_reach_ = h;
      break;
    }
  }
}

void index_service_classes(timetable const& tt, routing_index& ix) {
  ix.trip_service_.reserve(tt.n_trips());
  for (auto const& t : tt.columns().trips_) {
    ix.trip_service_.push_back(t.service_);
  }
  ix.pattern_class_offsets_.push_back(0);
  std::vector<std::pair<bitfield_idx, std::vector<pattern_trip>>> classes;
  for (auto const p : indices<pattern_idx>(tt.n_patterns())) {
    auto const& pr = tt.pattern(p);
    classes.clear();
    for (std::uint32_t k = 0; k != pr.n_trips_; ++k) {
      auto const service = ix.trip_service_[trip_idx{pr.first_trip_.v() + k}];
      auto it = std::find_if(classes.begin(), classes.end(), [&](auto const& c) { return c.first == service; });
      if (it == classes.end()) {
        classes.emplace_back(service, std::vector<pattern_trip>{});
        it = std::prev(classes.end());
      }
      it->second.push_back(pattern_trip{k});
      if (classes.size() > kMaxServiceClasses) {
        break;  // too many: the trip search walks the pattern's trips instead
      }
    }
    if (classes.size() <= kMaxServiceClasses) {
      for (auto const& [service, trips] : classes) {
        ix.classes_.push_back({service, static_cast<std::uint32_t>(ix.class_trips_.size()), static_cast<std::uint32_t>(trips.size())});
        ix.class_trips_.insert(ix.class_trips_.end(), trips.begin(), trips.end());
      }
    }
    ix.pattern_class_offsets_.push_back(static_cast<std::uint32_t>(ix.classes_.size()));
  }
}

// Per pattern and day, the trips that run, from the classes running that day; days with the same
// classes share a list. A pattern whose lists would grow too many or too long keeps none.
void index_day_lists(timetable const& tt, routing_index& ix) {
  auto const n_days = tt.scalars().n_days_;
  std::vector<std::pair<std::uint32_t, std::uint16_t>> seen;  // class mask -> list (relative)
  std::vector<std::uint16_t> days(n_days);
  std::vector<std::uint8_t> class_of;
  for (auto const p : indices<pattern_idx>(tt.n_patterns())) {
    auto const& pr = tt.pattern(p);
    auto const from = ix.pattern_class_offsets_[p];
    auto const n_classes = ix.pattern_class_offsets_[pattern_idx{p.v() + 1}] - from;
    auto const lists_before = ix.day_lists_.size();
    auto const trips_before = ix.day_list_trips_.size();
    ix.pattern_day_lists_.push_back(static_cast<std::uint32_t>(lists_before));
    if (n_classes == 0) {
      ix.pattern_day_of_.push_back(routing_index::kNoDays);
      continue;
    }
    class_of.assign(pr.n_trips_, 0);
    for (std::uint32_t c = 0; c != n_classes; ++c) {
      auto const& sc = ix.classes_[from + c];
      for (std::uint32_t j = 0; j != sc.n_; ++j) {
        class_of[ix.class_trips_[sc.first_ + j].idx()] = static_cast<std::uint8_t>(c);
      }
    }
    seen.clear();
    auto ok = true;
    for (std::uint32_t d = 0; d != n_days && ok; ++d) {
      std::uint32_t mask = 0;
      for (std::uint32_t c = 0; c != n_classes; ++c) {
        if (runs_on(tt, ix.classes_[from + c].service_, d)) {
          mask |= 1U << c;
        }
      }
      if (mask == 0) {
        days[d] = routing_index::kNoDayList;
        continue;
      }
      auto const it = std::find_if(seen.begin(), seen.end(), [&](auto const& x) { return x.first == mask; });
      if (it != seen.end()) {
        days[d] = it->second;
        continue;
      }
      // A new set of running trips. Bounded: a pattern whose days all differ keeps no lists.
      auto const first = ix.day_list_trips_.size();
      for (std::uint32_t k = 0; k != pr.n_trips_; ++k) {
        if ((mask >> class_of[k]) & 1U) {
          ix.day_list_trips_.push_back(pattern_trip{k});
        }
      }
      auto const rel = ix.day_lists_.size() - lists_before;
      if (rel >= routing_index::kNoDayList || ix.day_list_trips_.size() - trips_before > 8 * std::size_t{pr.n_trips_} + 64) {
        ok = false;
        break;
      }
      ix.day_lists_.push_back({static_cast<std::uint32_t>(first), static_cast<std::uint32_t>(ix.day_list_trips_.size() - first)});
      seen.emplace_back(mask, static_cast<std::uint16_t>(rel));
      days[d] = static_cast<std::uint16_t>(rel);
    }
    if (!ok) {
      ix.day_lists_.resize(lists_before);
      ix.day_list_trips_.resize(trips_before);
      ix.pattern_day_of_.push_back(routing_index::kNoDays);
      continue;
    }
    ix.pattern_day_of_.push_back(static_cast<std::uint32_t>(ix.day_list_of_.size()));
    ix.day_list_of_.insert(ix.day_list_of_.end(), days.begin(), days.end());
  }
}

// Departures and arrivals stop-major (a pattern's block at its first_stop_time_, position by position).
void index_stop_major_times(timetable const& tt, routing_index& ix) {
  ix.stop_major_dep_.resize(tt.n_stop_times());
  ix.stop_major_arr_.resize(tt.n_stop_times());
  for (auto const p : indices<pattern_idx>(tt.n_patterns())) {
    auto const& pr = tt.pattern(p);
    auto const n = static_cast<std::uint32_t>(tt.pattern_stops(p).size());
    for (std::uint32_t k = 0; k != pr.n_trips_; ++k) {
      for (std::uint32_t i = 0; i != n; ++i) {
        auto const& t = tt.time_at(p, k, i);
        auto const at = pr.first_stop_time_ + std::size_t{i} * pr.n_trips_ + k;
        ix.stop_major_dep_[at] = t.dep_;
        ix.stop_major_arr_[at] = t.arr_;
      }
    }
  }
}

// Per pattern: the earliest and latest departure and arrival (bounds of what other days offer), and
// whether its trips span more than 23 hours, so that one day's trips may overlap the next day's.
void index_pattern_bounds(timetable const& tt, routing_index& ix) {
  ix.pattern_bounds_.reserve(tt.n_patterns());
  ix.pattern_span_.reserve(tt.n_patterns());
  ix.pattern_overlaps_.reserve(tt.n_patterns());
  for (auto const p : indices<pattern_idx>(tt.n_patterns())) {
    auto const& pr = tt.pattern(p);
    auto const n = static_cast<std::uint32_t>(tt.pattern_stops(p).size());
    pattern_bounds b{std::numeric_limits<std::int32_t>::max(), std::numeric_limits<std::int32_t>::min(),
                     std::numeric_limits<std::int32_t>::max(), std::numeric_limits<std::int32_t>::min()};
    for (std::uint32_t k = 0; k != pr.n_trips_; ++k) {
      for (std::uint32_t i = 0; i != n; ++i) {
        auto const& t = tt.time_at(p, k, i);
        b = {std::min(b.min_dep_, t.dep_), std::max(b.max_dep_, t.dep_), std::min(b.min_arr_, t.arr_), std::max(b.max_arr_, t.arr_)};
      }
    }
    ix.pattern_bounds_.push_back(b);
    auto const span = pr.n_trips_ == 0 ? 0 : std::max(b.max_dep_, b.max_arr_) - std::min(b.min_dep_, b.min_arr_);
    ix.pattern_span_.push_back(span);
    // A day is at least 23 hours long (the spring DST night), so shorter spans cannot overlap; longer
    // ones may, and then it counts whether an earlier day's trip really can overtake a later day's.
    ix.pattern_overlaps_.push_back(span > kSecondsPerDay - 3600 ? days_overtake(tt, p, span) : 0);
    if (ix.pattern_overlaps_.back() != 0) {
      ix.max_overlap_span_ = std::max(ix.max_overlap_span_, span);
    }
  }
}

// Per time zone: the earliest and latest start of a service day after its midnight UTC.
void index_time_zones(timetable const& tt, routing_index& ix) {
  auto const n_zones = tt.columns().tz_names_.size();
  ix.tz_min_day_start_.assign(n_zones, 0);
  ix.tz_max_day_start_.assign(n_zones, 0);
  auto const n_days = tt.scalars().n_days_;
  for (auto const z : indices<tz_idx>(n_zones)) {
    auto const* starts = tt.columns().tz_day_start_.data() + z.idx() * n_days;
    if (n_days != 0) {
      ix.tz_min_day_start_[z] = *std::min_element(starts, starts + n_days);
      ix.tz_max_day_start_[z] = *std::max_element(starts, starts + n_days);
    }
  }
}

// Days on which some trip of a pattern runs: the union of its trips' service days.
void index_pattern_days(timetable const& tt, routing_index& ix) {
  auto const words = tt.scalars().bitfield_words_;
  ix.pattern_days_.assign(tt.n_patterns() * words, 0);
  for (auto const p : indices<pattern_idx>(tt.n_patterns())) {
    auto const& pr = tt.pattern(p);
    bitfield_idx last = bitfield_idx::invalid();
    for (std::uint32_t k = 0; k != pr.n_trips_; ++k) {
      auto const service = ix.trip_service_[trip_idx{pr.first_trip_.v() + k}];
      if (service == last) {
        continue;
      }
      last = service;
      for (std::size_t w = 0; w != words; ++w) {
        ix.pattern_days_[p.v() * words + w] |= tt.columns().bitfields_[service.v() * words + w];
      }
    }
  }
}

void index_city_links(timetable const& tt, routing_index& ix) {
  for (auto const& l : tt.columns().road_links_) {
    auto const a = tt.stop(l.from_).parent_;
    auto const b = tt.stop(l.to_).parent_;
    auto const city = !l.crossing_.valid() && a.valid() && a == b;
    ix.city_link_.push_back(city ? 1 : 0);
    ix.any_city_link_ = ix.any_city_link_ || city;
  }
}

}  // namespace detail

engine::engine(tt::timetable const& tt) : tt_{tt}, index_{std::make_unique<detail::routing_index>()} {
  auto& ix = *index_;
  detail::index_stop_patterns(tt, ix);
  detail::index_stop_sequences(tt, ix);
  detail::index_hop_profile(tt, ix);
  detail::index_service_classes(tt, ix);
  detail::index_day_lists(tt, ix);
  detail::index_stop_major_times(tt, ix);
  detail::index_pattern_bounds(tt, ix);
  detail::index_time_zones(tt, ix);
  detail::index_pattern_days(tt, ix);
  detail::index_city_links(tt, ix);
  detail::index_trip_links(tt, ix);
  detail::index_timeless_graph(tt, ix);
  CARAVAN_ASSERT(ix.pattern_day_of_.size() == tt.n_patterns() && ix.pattern_bounds_.size() == tt.n_patterns(),
                 "the routing index has an entry per pattern");
}

engine::~engine() = default;
engine::engine(engine&&) noexcept = default;

}  // namespace caravan::routing

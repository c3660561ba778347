#include "caravan/routing/raptor.h"

#include <algorithm>
#include <functional>
#include <stdexcept>
#include <tuple>

#include <fmt/format.h>

#include "caravan/routing/road.h"
#include "search_state.h"

namespace caravan::routing {

using namespace caravan::tt;

std::uint32_t journey::n_trips() const {
  return static_cast<std::uint32_t>(
      std::count_if(legs_.begin(), legs_.end(), [](leg const& l) { return l.kind_ != leg_kind::kWalk; }));
}

void search_state::prepare(std::size_t n_stops, std::size_t n_patterns, std::size_t n_rounds) {
  if (n_stops_ == n_stops && n_rounds_ >= n_rounds && first_pos_.size() == n_patterns) {
    return;
  }
  n_stops_ = n_stops;
  n_rounds_ = std::max(n_rounds, n_rounds_);
  auto const cells = n_stops_ * n_rounds_;
  best_arr_.assign(n_stops, kInf);
  hot_.assign(n_stops, stop_hot{});
  best_ready_.assign(n_stops, kInf);
  labels_.assign(cells, round_label{});
  from_.assign(cells, round_from{});
  arr_bound_.assign(cells, kInf);
  trip_bound_.assign(cells, kInf);
  ready_bound_.assign(cells, kInf);
  trip_parent_.assign(cells, trip_parent{});
  touched_.resize(n_stops);
  marked_.resize(n_stops);
  next_marked_.resize(n_stops);
  improved_.resize(n_stops);
  patterns_.resize(n_patterns);
  permit_patterns_.resize(n_patterns);
  permit_patterns_next_.resize(n_patterns);
  touched_flag_.assign(n_stops, 0);
  dirty_.resize(n_stops);
  dirty_flag_.assign(n_stops, 0);
  marked_flag_.assign(n_stops, 0);
  improved_flag_.assign(n_stops, 0);
  first_pos_.assign(n_patterns, kNone);
  result_.assign(n_stops, engine::kUnreachable);
  target_walk_.assign(n_stops, kNone);
  lower_bound_.assign(n_stops, kInf);
  expanded_.assign(n_stops, kInf);
  lower_bound_set_.resize(n_stops);
  permit_head_.assign(n_patterns, kNone);
  permit_head_next_.assign(n_patterns, kNone);
}

void search_state::reset() {
  auto const rounds = static_cast<std::ptrdiff_t>(std::min(rounds_used_, n_rounds_));
  auto const all = static_cast<std::ptrdiff_t>(n_rounds_);
  for (auto const s : touched_) {
    best_arr_[s] = kInf;
    hot_[s].best_trip_ = kInf;
    best_ready_[s] = kInf;
    auto const i = static_cast<std::ptrdiff_t>(at(0, s));
    if (range_used_) {
      std::fill_n(labels_.begin() + i, rounds, round_label{});
      std::fill_n(arr_bound_.begin() + i, all, kInf);
      std::fill_n(trip_bound_.begin() + i, all, kInf);
      std::fill_n(ready_bound_.begin() + i, all, kInf);
    } else if (!dirty_flag_[s]) {
      dirty_flag_[s] = 1;  // see clean_labels()
      dirty_.push_back(s);
    }
    touched_flag_[s] = 0;
    marked_flag_[s] = 0;
    improved_flag_[s] = 0;
  }
  touched_.clear();
  marked_.clear();
  next_marked_.clear();
  improved_.clear();
  rounds_used_ = 0;
  range_used_ = false;
}

void search_state::clean_labels() {
  for (auto const s : dirty_) {
    clean_labels(s);
    dirty_flag_[s] = 0;
  }
  dirty_.clear();
}

void search_state::clean_labels(std::uint32_t s) {
  std::fill_n(labels_.begin() + static_cast<std::ptrdiff_t>(at(0, s)), static_cast<std::ptrdiff_t>(n_rounds_), round_label{});
}

std::unique_ptr<search_state, void (*)(search_state*)> make_search_state() {
  return {new search_state{}, [](search_state* s) { delete s; }};
}

// A pattern with more service classes than this (trips with their own service days each) is searched
// trip by trip: binary searches in that many classes would cost more than they save.
constexpr std::size_t kMaxServiceClasses = 16;

namespace {

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
        for (auto const e : {-kDst, std::int64_t{0}, kDst}) {
          if (d_min < d_max && d_min + e <= 0 && d_max + e >= 0) {
            if (e == 0) {
              return 1;
            }
            found = 2;
          }
        }
      }
    }
  }
  return found;
}

}  // namespace

engine::engine(tt::timetable const& tt) : tt_{tt} {
  auto& ix = index_;
  ix.stop_pattern_offsets_.assign(tt.n_stops() + 1, 0);
  std::vector<std::vector<detail::stop_pattern>> per_stop(tt.n_stops());
  for (auto const p : indices<pattern_idx>(tt.n_patterns())) {
    auto const stops = tt.pattern_stops(p);
    for (std::uint32_t i = 0; i != stops.size(); ++i) {
      auto& v = per_stop[stops[i].stop().idx()];
      auto const it = std::find_if(v.begin(), v.end(), [&](detail::stop_pattern const& x) { return x.pattern_ == p; });
      if (it == v.end()) {
        v.push_back({p, i, i});
      } else {
        it->last_pos_ = i;
      }
    }
  }
  for (std::size_t s = 0; s != per_stop.size(); ++s) {
    ix.stop_patterns_.insert(ix.stop_patterns_.end(), per_stop[s].begin(), per_stop[s].end());
    ix.stop_pattern_offsets_[s + 1] = static_cast<std::uint32_t>(ix.stop_patterns_.size());
  }
  ix.trip_service_.reserve(tt.n_trips());
  for (auto const& t : tt.columns().trips_) {
    ix.trip_service_.push_back(t.service_);
  }
  ix.pattern_class_offsets_.push_back(0);
  std::vector<std::pair<bitfield_idx, std::vector<std::uint32_t>>> classes;
  for (auto const p : indices<pattern_idx>(tt.n_patterns())) {
    auto const& pr = tt.pattern(p);
    classes.clear();
    for (std::uint32_t k = 0; k != pr.n_trips_; ++k) {
      auto const service = ix.trip_service_[pr.first_trip_.v() + k];
      auto it = std::find_if(classes.begin(), classes.end(), [&](auto const& c) { return c.first == service; });
      if (it == classes.end()) {
        classes.emplace_back(service, std::vector<std::uint32_t>{});
        it = std::prev(classes.end());
      }
      it->second.push_back(k);
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
  // Day lists: per pattern and day, the trips that run, from the classes running that day.
  {
    auto const n_days = tt.scalars().n_days_;
    auto const words = tt.scalars().bitfield_words_;
    std::vector<std::pair<std::uint32_t, std::uint16_t>> seen;  // class mask -> list (relative)
    std::vector<std::uint16_t> days(n_days);
    std::vector<std::uint8_t> class_of;
    for (auto const p : indices<pattern_idx>(tt.n_patterns())) {
      auto const& pr = tt.pattern(p);
      auto const from = ix.pattern_class_offsets_[p.idx()];
      auto const n_classes = ix.pattern_class_offsets_[p.idx() + 1] - from;
      auto const lists_before = ix.day_lists_.size();
      auto const trips_before = ix.day_list_trips_.size();
      ix.pattern_day_lists_.push_back(static_cast<std::uint32_t>(lists_before));
      if (n_classes == 0) {
        ix.pattern_day_of_.push_back(kNone);
        continue;
      }
      class_of.assign(pr.n_trips_, 0);
      for (std::uint32_t c = 0; c != n_classes; ++c) {
        auto const& sc = ix.classes_[from + c];
        for (std::uint32_t j = 0; j != sc.n_; ++j) {
          class_of[ix.class_trips_[sc.first_ + j]] = static_cast<std::uint8_t>(c);
        }
      }
      seen.clear();
      auto ok = true;
      for (std::uint32_t d = 0; d != n_days && ok; ++d) {
        std::uint32_t mask = 0;
        for (std::uint32_t c = 0; c != n_classes; ++c) {
          auto const service = ix.classes_[from + c].service_;
          if (((tt.columns().bitfields_[service.v() * words + d / 64U] >> (d % 64U)) & 1U) != 0U) {
            mask |= 1U << c;
          }
        }
        if (mask == 0) {
          days[d] = detail::routing_index::kNoDayList;
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
            ix.day_list_trips_.push_back(k);
          }
        }
        auto const rel = ix.day_lists_.size() - lists_before;
        if (rel >= detail::routing_index::kNoDayList || ix.day_list_trips_.size() - trips_before > 8 * std::size_t{pr.n_trips_} + 64) {
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
        ix.pattern_day_of_.push_back(kNone);
        continue;
      }
      ix.pattern_day_of_.push_back(static_cast<std::uint32_t>(ix.day_list_of_.size()));
      ix.day_list_of_.insert(ix.day_list_of_.end(), days.begin(), days.end());
    }
  }
  // Departures and arrivals stop-major (a pattern's block at its first_stop_time_, position by position).
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
  // Per pattern: the earliest and latest departure and arrival (bounds of what other days offer).
  for (auto const p : indices<pattern_idx>(tt.n_patterns())) {
    auto const& pr = tt.pattern(p);
    auto const n = static_cast<std::uint32_t>(tt.pattern_stops(p).size());
    std::int32_t min_dep = std::numeric_limits<std::int32_t>::max();
    std::int32_t max_dep = std::numeric_limits<std::int32_t>::min();
    std::int32_t min_arr = min_dep;
    std::int32_t max_arr = max_dep;
    for (std::uint32_t k = 0; k != pr.n_trips_; ++k) {
      for (std::uint32_t i = 0; i != n; ++i) {
        auto const& t = tt.time_at(p, k, i);
        min_dep = std::min(min_dep, t.dep_);
        max_dep = std::max(max_dep, t.dep_);
        min_arr = std::min(min_arr, t.arr_);
        max_arr = std::max(max_arr, t.arr_);
      }
    }
    ix.pattern_min_dep_.push_back(min_dep);
    ix.pattern_max_dep_.push_back(max_dep);
    ix.pattern_min_arr_.push_back(min_arr);
    ix.pattern_max_arr_.push_back(max_arr);
  }
  // Patterns whose trips span more than 23 hours: one day's trips may overlap the next day's.
  ix.pattern_span_.reserve(tt.n_patterns());
  ix.pattern_overlaps_.reserve(tt.n_patterns());
  for (auto const p : indices<pattern_idx>(tt.n_patterns())) {
    auto const& pr = tt.pattern(p);
    auto const lo = std::min(ix.pattern_min_dep_[p.idx()], ix.pattern_min_arr_[p.idx()]);
    auto const hi = std::max(ix.pattern_max_dep_[p.idx()], ix.pattern_max_arr_[p.idx()]);
    auto const span = pr.n_trips_ == 0 ? 0 : hi - lo;
    ix.pattern_span_.push_back(span);
    // A day is at least 23 hours long (the spring DST night), so shorter spans cannot overlap; longer
    // ones may, and then it counts whether an earlier day's trip really can overtake a later day's.
    ix.pattern_overlaps_.push_back(span > kSecondsPerDay - 3600 ? days_overtake(tt, p, span) : 0);
    if (ix.pattern_overlaps_.back() != 0) {
      ix.max_overlap_span_ = std::max(ix.max_overlap_span_, span);
    }
  }
  // Per time zone: the earliest and latest start of a service day after its midnight UTC.
  ix.tz_min_day_start_.assign(tt.columns().tz_names_.size(), 0);
  ix.tz_max_day_start_.assign(tt.columns().tz_names_.size(), 0);
  for (std::size_t z = 0; z != tt.columns().tz_names_.size(); ++z) {
    auto const n_days = tt.scalars().n_days_;
    auto const* starts = tt.columns().tz_day_start_.data() + z * n_days;
    if (n_days != 0) {
      ix.tz_min_day_start_[z] = *std::min_element(starts, starts + n_days);
      ix.tz_max_day_start_[z] = *std::max_element(starts, starts + n_days);
    }
  }
  // Days on which some trip of a pattern runs: the union of its trips' service days.
  auto const words = tt.scalars().bitfield_words_;
  ix.pattern_days_.assign(tt.n_patterns() * words, 0);
  for (auto const p : indices<pattern_idx>(tt.n_patterns())) {
    auto const& pr = tt.pattern(p);
    bitfield_idx last = bitfield_idx::invalid();
    for (std::uint32_t k = 0; k != pr.n_trips_; ++k) {
      auto const service = ix.trip_service_[pr.first_trip_.v() + k];
      if (service == last) {
        continue;
      }
      last = service;
      for (std::size_t w = 0; w != words; ++w) {
        ix.pattern_days_[p.v() * words + w] |= tt.columns().bitfields_[service.v() * words + w];
      }
    }
  }
  build_trip_links(tt, ix);
  build_timeless_graph(tt, ix);
}

// Edges to each stop: pattern segments (the least time over the pattern's trips), road links (driving
// time, crossings' waits left out), trip links (no time). Duplicates keep the least time.
void engine::build_timeless_graph(tt::timetable const& tt, detail::routing_index& ix) {
  std::vector<std::vector<detail::routing_index::timeless_edge>> in(tt.n_stops());
  auto const add = [&](std::uint32_t from, std::uint32_t to, std::int64_t s) {
    if (from == to) {
      return;
    }
    auto const w = static_cast<std::int32_t>(std::clamp<std::int64_t>(s, 0, kSecondsPerDay * 400));
    auto& v = in[to];
    auto const it = std::find_if(v.begin(), v.end(), [&](auto const& e) { return e.from_ == from; });
    if (it == v.end()) {
      v.push_back({from, w});
    } else {
      it->min_s_ = std::min(it->min_s_, w);
    }
  };
  for (auto const p : indices<pattern_idx>(tt.n_patterns())) {
    auto const& pr = tt.pattern(p);
    auto const stops = tt.pattern_stops(p);
    for (std::uint32_t i = 0; i + 1 < stops.size() && pr.n_trips_ != 0; ++i) {
      auto least = std::numeric_limits<std::int64_t>::max();
      for (std::uint32_t k = 0; k != pr.n_trips_; ++k) {
        least = std::min(least, std::int64_t{tt.time_at(p, k, i + 1).arr_} - tt.time_at(p, k, i).dep_);
      }
      add(stops[i].stop().v(), stops[i + 1].stop().v(), least);
    }
  }
  for (auto const& l : tt.columns().road_links_) {
    add(l.from_.v(), l.to_.v(), std::int64_t{l.before_s_} + l.after_s_);
  }
  for (std::uint32_t t = 0; t != tt.n_trips(); ++t) {
    auto const stops = tt.pattern_stops(tt.trip(trip_idx{t}).pattern_);
    for (auto i = ix.links_out_offsets_[t]; i != ix.links_out_offsets_[t + 1]; ++i) {
      auto const& l = ix.links_out_[i];
      add(stops[l.pos_].stop().v(), tt.pattern_stops(tt.trip(trip_idx{l.other_}).pattern_)[l.other_pos_].stop().v(), 0);
    }
  }
  ix.timeless_in_offsets_.assign(tt.n_stops() + 1, 0);
  for (std::size_t s = 0; s != in.size(); ++s) {
    ix.timeless_in_.insert(ix.timeless_in_.end(), in[s].begin(), in[s].end());
    ix.timeless_in_offsets_[s + 1] = static_cast<std::uint32_t>(ix.timeless_in_.size());
  }
}

namespace {

// Position of a stop in a trip's pattern (first or last occurrence), or nullopt.
std::optional<std::uint32_t> position(timetable const& tt, trip_idx t, stop_idx s, bool last) {
  auto const stops = tt.pattern_stops(tt.trip(t).pattern_);
  std::optional<std::uint32_t> found;
  for (std::uint32_t i = 0; i != stops.size(); ++i) {
    if (stops[i].stop() == s) {
      found = i;
      if (!last) {
        break;
      }
    }
  }
  return found;
}

}  // namespace

// Trip links from staying seated (block_id) and from transfers.txt rows between trips: timed (1) and
// in-seat (4) transfers need no change time, minimum-time ones (2) their own; "not possible" (3) and
// re-board (5) rows between trips are not modelled (see docs).
void engine::build_trip_links(tt::timetable const& tt, detail::routing_index& ix) {
  struct raw {
    std::uint32_t from_, to_, from_pos_, to_pos_;
    std::int32_t min_;
    bool in_seat_;
  };
  std::vector<raw> links;
  auto const& c = tt.columns();
  for (auto const& ss : c.stay_seated_) {
    auto const n_from = tt.pattern_stops(tt.trip(ss.from_).pattern_).size();
    links.push_back({ss.from_.v(), ss.to_.v(), static_cast<std::uint32_t>(n_from - 1), 0, 0, true});
  }
  for (auto const& t : c.trip_transfers_) {
    if (t.type_ != transfer_type::kTimed && t.type_ != transfer_type::kInSeat && t.type_ != transfer_type::kMinimumTime) {
      continue;
    }
    auto const from_stops = tt.pattern_stops(tt.trip(t.from_trip_).pattern_);
    auto const from_pos = t.from_stop_.valid() ? position(tt, t.from_trip_, t.from_stop_, true)
                                               : std::optional{static_cast<std::uint32_t>(from_stops.size() - 1)};
    auto const to_pos = t.to_stop_.valid() ? position(tt, t.to_trip_, t.to_stop_, false) : std::optional{0U};
    if (!from_pos || !to_pos) {
      continue;  // the stop is not on the trip
    }
    auto const min = t.type_ == transfer_type::kMinimumTime ? std::max(t.min_time_, 0) : 0;
    links.push_back({t.from_trip_.v(), t.to_trip_.v(), *from_pos, *to_pos, min, t.type_ == transfer_type::kInSeat});
  }
  auto const fill = [&](bool by_from, std::vector<std::uint32_t>& offsets, std::vector<detail::trip_link>& out) {
    offsets.assign(tt.n_trips() + 1, 0);
    for (auto const& l : links) {
      ++offsets[(by_from ? l.from_ : l.to_) + 1];
    }
    for (std::size_t i = 0; i != tt.n_trips(); ++i) {
      offsets[i + 1] += offsets[i];
    }
    out.resize(links.size());
    auto pos = offsets;
    for (auto const& l : links) {
      out[pos[by_from ? l.from_ : l.to_]++] = by_from ? detail::trip_link{l.to_, l.from_pos_, l.to_pos_, l.min_, l.in_seat_}
                                                      : detail::trip_link{l.from_, l.to_pos_, l.from_pos_, l.min_, l.in_seat_};
    }
    // By position within each trip: a pattern scan passes them in order.
    for (std::size_t i = 0; i != tt.n_trips(); ++i) {
      std::stable_sort(out.begin() + offsets[i], out.begin() + offsets[i + 1],
                       [](detail::trip_link const& a, detail::trip_link const& b) { return a.pos_ < b.pos_; });
    }
  };
  fill(true, ix.links_out_offsets_, ix.links_out_);
  fill(false, ix.links_in_offsets_, ix.links_in_);

  // By pattern stop, trips in pattern order.
  auto const by_stop = [&](std::vector<std::uint32_t> const& offsets, std::vector<detail::trip_link> const& out, bool out_links,
                           detail::links_by_stop& ls, std::vector<detail::link_slack>& slacks) {
    slacks.assign(tt.n_patterns(), detail::link_slack{});
    auto const n_keys = tt.columns().pattern_stops_.size();
    std::vector<std::vector<detail::stop_link>> changeable(n_keys), other(n_keys);
    for (std::uint32_t t = 0; t != tt.n_trips(); ++t) {
      auto const p = tt.trip(trip_idx{t}).pattern_;
      auto const k = t - tt.pattern(p).first_trip_.v();
      auto const stops = tt.pattern_stops(p);
      for (auto i = offsets[t]; i != offsets[t + 1]; ++i) {
        auto const& l = out[i];
        auto const other_stops = tt.pattern_stops(tt.trip(trip_idx{l.other_}).pattern_);
        auto const here = stops[l.pos_];
        auto const there = other_stops[l.other_pos_];
        // Forward: alight here, board there; backward the link is read from the boarded trip.
        auto const can = here.stop() == there.stop() &&
                         (out_links ? here.can_alight() && there.can_board() : here.can_board() && there.can_alight());
        (can ? changeable : other)[tt.columns().pattern_stop_offsets_[p.idx()] + l.pos_].push_back({k, i});
        auto& slack = slacks[p.idx()];
        if (!can) {
          slack.min_time_ = -1;
        } else {
          slack.min_time_ = std::min(slack.min_time_, l.min_time_);
          auto const m = tt.columns().stops_[here.stop().idx()].min_change_;
          if (m >= 0) {
            slack.max_stop_change_ = std::max(slack.max_stop_change_, m);
          } else {
            slack.any_default_change_ = true;
          }
        }
      }
    }
    auto const flatten = [&](std::vector<std::vector<detail::stop_link>>& lists, std::vector<std::uint32_t>& offs,
                             std::vector<detail::stop_link>& flat) {
      offs.assign(n_keys + 1, 0);
      for (std::size_t key = 0; key != n_keys; ++key) {
        std::stable_sort(lists[key].begin(), lists[key].end(),
                         [](detail::stop_link const& a, detail::stop_link const& b) { return a.trip_ < b.trip_; });
        flat.insert(flat.end(), lists[key].begin(), lists[key].end());
        offs[key + 1] = static_cast<std::uint32_t>(flat.size());
      }
    };
    flatten(changeable, ls.changeable_offsets_, ls.changeable_);
    flatten(other, ls.other_offsets_, ls.other_);
    ls.any_.assign(n_keys, 0);
    for (std::size_t key = 0; key != n_keys; ++key) {
      ls.any_[key] = !changeable[key].empty() || !other[key].empty() ? 1 : 0;
    }
    for (auto const p : indices<pattern_idx>(tt.n_patterns())) {
      auto const from = tt.columns().pattern_stop_offsets_[p.idx()];
      auto const to = tt.columns().pattern_stop_offsets_[p.idx() + 1];
      if (std::any_of(ls.any_.begin() + from, ls.any_.begin() + to, [](std::uint8_t a) { return a != 0; })) {
        ix.pattern_has_stop_links_[p.idx()] = 1;
      }
    }
  };
  ix.pattern_has_stop_links_.assign(tt.n_patterns(), 0);
  by_stop(ix.links_out_offsets_, ix.links_out_, true, ix.stop_links_out_, ix.link_slack_out_);
  by_stop(ix.links_in_offsets_, ix.links_in_, false, ix.stop_links_in_, ix.link_slack_in_);
}

namespace {

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  auto const q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

// One RAPTOR search, forward (earliest arrival from the origins) or backward (latest departure to reach
// the destinations by a time). The backward search is the forward one on a mirrored timetable: times
// negated, positions, trips and days in reverse, boarding and alighting swapped, footpaths reversed. So
// inside, "view" times always grow along the search; outside they are unix seconds.
//
// View times are int32 seconds since the timetable's first day 00:00 UTC (negated when backward); the
// query's horizon keeps them far from overflow.
//
// Range queries (forward only) are rRAPTOR: one run per departure time, latest first, keeping labels
// between runs; a label then means "best with at most k trips from a departure at or after this one", so
// pruning is per round (arr_bound_, ready_bound_) instead of over all rounds (best_arr_, best_ready_).
template <bool Backward, bool Range>
class raptor_search {
 public:
  struct target_arrival {
    std::size_t round_;
    std::uint32_t stop_;
    std::int32_t time_;  // view time at the (view) target, its walk included
  };

  static constexpr bool range_ = Range;

  raptor_search(engine const& e, query const& q, search_state& s)
      : tt_{e.timetable()},
        c_{tt_.columns()},
        ix_{e.index()},
        q_{q},
        s_{s},
        sources_{Backward ? q.to_ : q.from_},
        targets_{Backward ? q.from_ : q.to_},
        n_stops_{static_cast<std::uint32_t>(tt_.n_stops())},
        n_days_{tt_.scalars().n_days_},
        epoch_{std::int64_t{tt_.scalars().first_day_} * kSecondsPerDay},
        n_rounds_{static_cast<std::size_t>(q.max_transfers_) + 2} {
    s_.prepare(n_stops_, tt_.n_patterns(), n_rounds_);
    s_.reset();
    if constexpr (Range) {
      s_.clean_labels();  // a range query reads the labels of every stop on a pattern it scans
    } else {
      for (auto const& p : targets_) {
        s_.clean_labels(p.stop_.v());  // read in every round, written or not
      }
    }
    auto const start = to_view(q.time_);
    start_ = start;
    auto const last = std::int64_t{start} + q.horizon_s_ + (Range ? q.window_s_ : 0);
    end_ = static_cast<std::int32_t>(std::min<std::int64_t>(last, kInf - 1));
    has_targets_ = !targets_.empty();
    target_best_.assign(n_rounds_, kInf);
    roads_ = !c_.road_links_.empty() && (q.modes_ & mask_of(mode::kRoad)) != 0U;
    links_ = q.use_trip_links_ && !ix_.links_out_.empty();
    all_modes_ = (q.modes_ & kAllModes) == kAllModes;
    for (auto const& p : targets_) {  // last: the destructor undoes it
      auto& w = s_.target_walk_[p.stop_.idx()];
      w = std::min<std::uint32_t>(w, static_cast<std::uint32_t>(std::max(p.walk_s_, 0)));
    }
    if constexpr (Range) {
      if (has_targets_) {
        lower_bounds();
      }
    }
  }
  ~raptor_search() {
    for (auto const& p : targets_) {
      s_.target_walk_[p.stop_.idx()] = kNone;
    }
    for (auto const st : s_.lower_bound_set_) {
      s_.lower_bound_[st] = kInf;
      s_.expanded_[st] = kInf;
    }
    s_.lower_bound_set_.clear();
  }
  raptor_search(raptor_search const&) = delete;
  raptor_search& operator=(raptor_search const&) = delete;

  std::int32_t to_view(std::int64_t unix) const {
    auto const r = unix - epoch_;
    if (r < -std::int64_t{400} * kSecondsPerDay || r > std::int64_t{kInf} - kMaxHorizon - kMaxWindow - 2 * kSecondsPerDay) {
      throw std::invalid_argument{"the query time is far outside the timetable's service days"};
    }
    return static_cast<std::int32_t>(Backward ? -r : r);
  }
  std::int64_t to_unix(std::int32_t view) const { return epoch_ + (Backward ? -std::int64_t{view} : view); }

  // One run from view time t0: all rounds. With targets, prunes by the best arrival at any target and
  // records each round's target arrival that improves on fewer trips (the Pareto set); in range mode
  // only those this run improved, and each is reconstructed at once (the next run overwrites labels).
  //
  // only_from (range runs): when not empty, the stops that have a departure at t0 (plus their walks from
  // the origins). Only they are marked for the first round: at another source stop every trip this run
  // can catch was caught by a later run (from that trip's own departure or from the window's end), whose
  // labels stand for this run's.
  void run(std::int32_t t0, std::vector<journey>* out = nullptr, std::span<std::uint32_t const> only_from = {}) {
    t0_ = t0;
    s_.range_used_ = s_.range_used_ || range_;
    std::size_t reached = 1;  // rounds whose cells this run may have written
    run_best_ = kInf;
    stats_runs_ += 1;
    init_sources();
    if (!only_from.empty()) {
      s_.marked_.keep_if([&](std::uint32_t st) {
        if (std::find(only_from.begin(), only_from.end(), st) != only_from.end()) {
          return true;
        }
        s_.marked_flag_[st] = 0;
        return false;
      });
    }
    record_target(0, out);
    s_.permits_.clear();
    for (std::size_t k = 1; k < n_rounds_; ++k) {
      // This round's trip-link permits were made in the last one.
      std::swap(s_.permit_head_, s_.permit_head_next_);
      std::swap(s_.permit_patterns_, s_.permit_patterns_next_);
      s_.permit_patterns_next_.clear();
      if (s_.marked_.empty() && s_.permit_patterns_.empty()) {
        break;
      }
      stats_rounds_ += 1;
      reached = k + 1;
      collect_patterns();
      if constexpr (!Range) {
        // The ready times of the last round, by stop: only marked stops have one (a range query's labels
        // also keep later runs', so it reads the labels themselves).
        for (auto const m : s_.marked_) {
          s_.hot_[m].prev_ready_ = s_.labels_[s_.at(k - 1, m)].ready_;
        }
      }
      for (auto const p : s_.patterns_) {
        scan(k, pattern_idx{p});
        s_.first_pos_[p] = kNone;
      }
      if constexpr (!Range) {
        for (auto const m : s_.marked_) {
          s_.hot_[m].prev_ready_ = kInf;
        }
      }
      for (auto const p : s_.permit_patterns_) {
        s_.permit_head_[p] = kNone;
      }
      s_.permit_patterns_.clear();
      if (roads_) {
        relax_road_links(k);
      }
      for (auto const m : s_.marked_) {
        s_.marked_flag_[m] = 0;
      }
      s_.marked_.clear();
      transfer(k);
      std::swap(s_.marked_, s_.next_marked_);
      s_.next_marked_.clear();
      record_target(k, out);
    }
    for (auto const m : s_.marked_) {
      s_.marked_flag_[m] = 0;
    }
    s_.marked_.clear();
    for (auto const p : s_.permit_patterns_next_) {
      s_.permit_head_next_[p] = kNone;
    }
    s_.permit_patterns_next_.clear();
    s_.rounds_used_ = std::max(s_.rounds_used_, reached);
  }

  std::vector<target_arrival> const& pareto() const { return pareto_; }

  void fill_one_to_all() {
    std::fill(s_.result_.begin(), s_.result_.end(), engine::kUnreachable);
    for (auto const st : s_.touched_) {
      if (s_.best_arr_[st] != kInf && s_.best_arr_[st] <= end_) {
        s_.result_[st] = to_unix(s_.best_arr_[st]);
      }
    }
  }

  journey reconstruct(target_arrival const& ta) const;

  // Departure instants (view times in [from, to]) of every trip the traveller could board first:
  // at an origin, or one footpath away. A range query runs once per instant.
  // With the stop of each: (time, stop) pairs, latest first.
  std::vector<std::pair<std::int32_t, std::uint32_t>> departure_times(std::int32_t from, std::int32_t to) const;

  void add_stats(search_stats& st) const {
    st.runs_ += stats_runs_;
    st.rounds_ += stats_rounds_;
    st.patterns_scanned_ += stats_patterns_;
  }

 private:
  // --- the mirrored view of a pattern ---
  struct pattern_view {
    stop_time const* times_;
    pattern_stop const* stops_;
    std::uint32_t n_;
    std::uint32_t n_trips_;
    std::int32_t const* boarding_;  // stop-major times one boards at: departures (forward) or arrivals (backward)

    std::uint32_t pos(std::uint32_t i) const { return Backward ? n_ - 1 - i : i; }
    std::uint32_t trip(std::uint32_t k) const { return Backward ? n_trips_ - 1 - k : k; }
    std::uint32_t stop(std::uint32_t i) const { return stops_[pos(i)].stop().v(); }
    bool can_board(std::uint32_t i) const { return Backward ? stops_[pos(i)].can_alight() : stops_[pos(i)].can_board(); }
    bool can_alight(std::uint32_t i) const { return Backward ? stops_[pos(i)].can_board() : stops_[pos(i)].can_alight(); }
    stop_time const& at(std::uint32_t k, std::uint32_t i) const { return times_[static_cast<std::size_t>(trip(k)) * n_ + pos(i)]; }
    // The trip search reads these along one stop, so they come from the stop-major copy.
    std::int32_t dep(std::uint32_t k, std::uint32_t i) const {
      auto const t = boarding_[static_cast<std::size_t>(pos(i)) * n_trips_ + trip(k)];
      return Backward ? -t : t;
    }
    std::int32_t arr(std::uint32_t k, std::uint32_t i) const { return Backward ? -at(k, i).dep_ : at(k, i).arr_; }
  };

  pattern_view view_of(pattern_idx p) const {
    auto const& pr = c_.patterns_[p.idx()];
    auto const off = c_.pattern_stop_offsets_[p.idx()];
    return {c_.stop_times_.data() + pr.first_stop_time_, c_.pattern_stops_.data() + off,
            c_.pattern_stop_offsets_[p.idx() + 1] - off, pr.n_trips_,
            (Backward ? ix_.stop_major_arr_ : ix_.stop_major_dep_).data() + pr.first_stop_time_};
  }

  std::int32_t day_start(tz_idx tz, std::uint32_t d) const {
    return static_cast<std::int32_t>(d) * kSecondsPerDay + c_.tz_day_start_[tz.idx() * n_days_ + d];
  }
  std::int32_t view_base(tz_idx tz, std::uint32_t d) const { return Backward ? -day_start(tz, d) : day_start(tz, d); }

  std::span<footpath const> footpaths(std::uint32_t st) const {
    return Backward ? tt_.footpaths_in(stop_idx{st}) : tt_.footpaths_out(stop_idx{st});
  }

  std::int32_t change_time(std::uint32_t st) const {
    if (q_.override_min_change_) {
      return q_.min_change_s_;
    }
    auto const m = c_.stops_[st].min_change_;
    return m >= 0 ? m : q_.min_change_s_;
  }

  // --- lower bounds (range queries) ---
  // A range query runs once per departure, and rRAPTOR's per-round target bounds prune little in the
  // early rounds (nothing has reached the target with one trip yet): so it first bounds from below the
  // time from every stop to a target, once, with a shortest-path search backwards over the network without times
  // (least times per segment, footpaths when used, the targets' walks), up to kLowerBoundReach. A label
  // whose time plus its stop's bound cannot beat the round's target bound is dropped: no journey
  // through it could. Stops no target can be reached from are dropped at once.
  static constexpr std::int32_t kLowerBoundReach = 6 * 3600;
  void lower_bounds() {
    // Dial's buckets of kBucket seconds: a stop may be expanded again when a later one in its bucket
    // lowers it, which keeps the bounds exact and the queue a list per bucket.
    constexpr std::int32_t kBucket = 60;
    auto& buckets = s_.buckets_;
    buckets.resize(kLowerBoundReach / kBucket + 2);
    auto const settle = [&](std::uint32_t st, std::int32_t d) {
      if (d < s_.lower_bound_[st]) {
        if (s_.lower_bound_[st] == kInf) {
          s_.lower_bound_set_.push_back(st);
        }
        s_.lower_bound_[st] = d;
        buckets[static_cast<std::size_t>(std::min(d, kLowerBoundReach + kBucket) / kBucket)].push_back(st);
      }
    };
    for (auto const& p : targets_) {
      settle(p.stop_.v(), std::max(p.walk_s_, 0));
    }
    lower_bound_cap_ = kInf;
    for (std::size_t bi = 0; bi != buckets.size(); ++bi) {
      auto& bucket = buckets[bi];
      if (bi == buckets.size() - 1) {
        if (!bucket.empty()) {
          lower_bound_cap_ = kLowerBoundReach;  // the stops beyond are at least this far
        }
        bucket.clear();
        break;
      }
      for (std::size_t j = 0; j != bucket.size(); ++j) {  // (grows while read: weights under kBucket)
        auto const st = bucket[j];
        auto const d = s_.lower_bound_[st];
        if (static_cast<std::size_t>(d / kBucket) != bi || s_.expanded_[st] == d) {
          continue;  // lowered into an earlier bucket and expanded there, or expanded with this bound
        }
        s_.expanded_[st] = d;
        for (auto e = ix_.timeless_in_offsets_[st]; e != ix_.timeless_in_offsets_[st + 1]; ++e) {
          settle(ix_.timeless_in_[e].from_, d + ix_.timeless_in_[e].min_s_);
        }
        if (q_.use_footpaths_) {
          for (auto const& f : tt_.footpaths_in(stop_idx{st})) {
            settle(f.target_.v(), d + f.duration_);
          }
        }
      }
      bucket.clear();
    }
  }
  // Whether arriving at (or being ready at) stop st at view time t < b cannot lead to a target before b.
  bool too_far(std::uint32_t st, std::int32_t t, std::int32_t b) const {
    if constexpr (Range) {
      return has_targets_ && std::min(s_.lower_bound_[st], lower_bound_cap_) >= b - t;
    } else {
      return false;
    }
  }

  // --- labels ---
  std::int32_t bound(std::size_t k) const { return std::min(end_ + 1, range_ ? target_best_[k] : target_bound_); }
  std::int32_t arr_label(std::size_t k, std::uint32_t st) const {
    return range_ ? s_.arr_bound_[s_.at(k, st)] : s_.best_arr_[st];
  }
  std::int32_t trip_arr_label(std::size_t k, std::uint32_t st) const {
    return range_ ? s_.trip_bound_[s_.at(k, st)] : s_.hot_[st].best_trip_;
  }

  // Lowers a per-round bound for round k and every later round it beats.
  static void lower_from(std::vector<std::int32_t>& b, search_state const& s, std::size_t k, std::uint32_t st, std::int32_t t) {
    for (auto r = k; r != s.n_rounds_ && b[s.at(r, st)] > t; ++r) {
      b[s.at(r, st)] = t;
    }
  }

  void improve_arrival(std::size_t k, std::uint32_t st, std::int32_t t) {
    s_.touch(st);
    if (t >= arr_label(k, st)) {
      return;  // a trip arrival after an earlier walk there: kept for walking on, not as an arrival
    }
    s_.best_arr_[st] = std::min(s_.best_arr_[st], t);
    if (range_) {
      lower_from(s_.arr_bound_, s_, k, st, t);
    }
    if (has_targets_) {
      if (auto const w = s_.target_walk_[st]; w != kNone) {
        auto const at_target = t + static_cast<std::int32_t>(w);
        target_bound_ = std::min(target_bound_, at_target);
        for (auto r = k; r != n_rounds_ && target_best_[r] > at_target; ++r) {
          target_best_[r] = at_target;
        }
      }
    }
  }

  void set_ready(std::size_t k, std::uint32_t st, std::int32_t t, std::uint32_t from) {
    auto const label = range_ ? s_.ready_bound_[s_.at(k, st)] : s_.best_ready_[st];
    if (t >= label || t >= bound(k) || too_far(st, t, bound(k))) {
      return;
    }
    s_.touch(st);
    s_.best_ready_[st] = std::min(s_.best_ready_[st], t);
    if (range_) {
      lower_from(s_.ready_bound_, s_, k, st, t);
    }
    s_.labels_[s_.at(k, st)].ready_ = t;
    s_.from_[s_.at(k, st)].ready_from_ = from;
    if (!s_.marked_flag_[st]) {
      s_.marked_flag_[st] = 1;
      (k == 0 ? s_.marked_ : s_.next_marked_).push_back(st);
    }
  }

  void set_walk_arrival(std::size_t k, std::uint32_t st, std::int32_t t, std::uint32_t from) {
    if (t >= arr_label(k, st) || t >= bound(k) || too_far(st, t, bound(k))) {
      return;
    }
    s_.labels_[s_.at(k, st)].walk_arr_ = t;
    s_.from_[s_.at(k, st)].walk_from_ = from;
    improve_arrival(k, st, t);
  }

  void init_sources() {
    for (auto const& p : sources_) {
      auto const t = t0_ + std::max(p.walk_s_, 0);
      set_walk_arrival(0, p.stop_.v(), t, kOrigin);
      set_ready(0, p.stop_.v(), t, kOrigin);
    }
    // A first walk from each source, timed from its own start: another source's walk may reach it
    // sooner, but walks do not chain, so that walk must not stand in for the source's own.
    if (q_.use_footpaths_) {
      for (auto const& p : sources_) {
        auto const from = p.stop_.v();
        auto const t = t0_ + std::max(p.walk_s_, 0);
        for (auto const& f : footpaths(from)) {
          set_walk_arrival(0, f.target_.v(), t + f.duration_, from);
          set_ready(0, f.target_.v(), t + f.duration_, from);
        }
      }
    }
  }

  // When the traveller can be at a source stop (view time): the run's start plus its own walk.
  std::int32_t source_time(std::uint32_t st) const {
    auto w = kInf;
    for (auto const& p : sources_) {
      if (p.stop_.v() == st) {
        w = std::min(w, std::max(p.walk_s_, 0));
      }
    }
    return t0_ + w;
  }

  void collect_patterns() {
    s_.patterns_.clear();
    for (auto const st : s_.marked_) {
      for (auto i = ix_.stop_pattern_offsets_[st]; i != ix_.stop_pattern_offsets_[st + 1]; ++i) {
        auto const& sp = ix_.stop_patterns_[i];
        auto const pos = Backward ? c_.pattern_stop_offsets_[sp.pattern_.idx() + 1] - c_.pattern_stop_offsets_[sp.pattern_.idx()] - 1 - sp.last_pos_
                                  : sp.pos_;
        auto& first = s_.first_pos_[sp.pattern_.idx()];
        if (first == kNone) {
          if (!all_modes_ && (q_.modes_ & mask_of(c_.patterns_[sp.pattern_.idx()].mode_)) == 0U) {
            continue;
          }
          s_.patterns_.push_back(sp.pattern_.v());
          first = pos;
        } else {
          first = std::min(first, pos);
        }
      }
    }
    for (auto const pi : s_.permit_patterns_) {
      auto& first = s_.first_pos_[pi];
      for (auto x = s_.permit_head_[pi]; x != kNone; x = s_.permits_[x].next_) {
        if (first == kNone) {
          s_.patterns_.push_back(pi);
        }
        first = std::min(first, s_.permits_[x].pos_);
      }
    }
  }

  bool runs_service(bitfield_idx service, std::uint32_t d) const {
    auto const words = tt_.scalars().bitfield_words_;
    return ((c_.bitfields_[service.v() * words + d / 64U] >> (d % 64U)) & 1U) != 0U;
  }
  bool runs(std::uint32_t trip, std::uint32_t d) const { return runs_service(ix_.trip_service_[trip], d); }
  // Some trip of the pattern runs on service day d.
  bool pattern_runs(pattern_idx p, std::uint32_t d) const {
    auto const words = tt_.scalars().bitfield_words_;
    return ((ix_.pattern_days_[p.v() * words + d / 64U] >> (d % 64U)) & 1U) != 0U;
  }

  struct boarding {
    std::uint32_t trip_;  // view index within the pattern, kNone if none
    std::uint32_t day_;
    std::int32_t base_;  // view base of the day
    std::uint32_t slot_{kNone};  // view index in the pattern's day list of day_, kNone if not known
  };

  // The pattern's trips running on a day, by view index j < n_: trip(j) is a view index in the pattern.
  struct day_trips {
    std::uint32_t const* trips_{nullptr};  // real trip indices within the pattern, in pattern order
    std::uint32_t n_{0};
    std::uint32_t n_trips_{0};
    std::uint32_t trip(std::uint32_t j) const { return Backward ? n_trips_ - 1 - trips_[n_ - 1 - j] : trips_[j]; }
  };
  // nullopt when the pattern keeps no day lists; n_ == 0 when nothing runs that day.
  std::optional<day_trips> trips_on(pattern_idx p, std::uint32_t day) const {
    auto const at = ix_.pattern_day_of_[p.idx()];
    if (at == kNone) {
      return std::nullopt;
    }
    auto const rel = ix_.day_list_of_[at + day];
    if (rel == detail::routing_index::kNoDayList) {
      return day_trips{};
    }
    auto const& l = ix_.day_lists_[ix_.pattern_day_lists_[p.idx()] + rel];
    return day_trips{ix_.day_list_trips_.data() + l.first_, l.n_, c_.patterns_[p.idx()].n_trips_};
  }

  // The first trip (in view order) of the pattern leaving view position i at or after `ready`, and
  // before `limit`. Days are tried in view order; a trip runs on its service day.
  // `cur` is the trip ridden (kNone if none); a trip of the same day that leaves at the same time but
  // comes earlier in the pattern is better (it never arrives later), so it replaces it.
  [[gnu::noinline]] boarding earliest_trip(pattern_idx p, pattern_record const& pr, pattern_view const& v, std::uint32_t i,
                                           std::int32_t ready, boarding const cur, std::int32_t limit) const {
    if (lane_day_ == kNone && ix_.pattern_day_of_[p.idx()] != kNone) {
      return earliest_listed(p, pr, v, i, ready, cur, limit);
    }
    boarding best = cur;
    auto best_time = std::min(limit, end_ + 1);
    auto const first_dep = v.dep(0, i);
    auto const last_dep = v.dep(v.n_trips_ - 1, i);
    auto const classes = std::span{ix_.classes_}.subspan(ix_.pattern_class_offsets_[p.idx()],
                                                         ix_.pattern_class_offsets_[p.idx() + 1] - ix_.pattern_class_offsets_[p.idx()]);
    auto const has_lists = ix_.pattern_day_of_[p.idx()] != kNone;
    // The first trip of `day` leaving at or after `ready`, if better than the best so far.
    auto const try_day = [&](std::uint32_t day, std::int32_t base) {
      auto const threshold = ready - base;
      if (last_dep < threshold) {
        return;
      }
      auto const better = [&](std::int32_t t, std::uint32_t k) {
        return t < best_time || (t == best_time && best.trip_ != kNone && day == best.day_ && k < best.trip_);
      };
      if (has_lists) {
        best_in_list(*trips_on(p, day), v, i, day, base, threshold, best, best_time);
        return;
      }
      if (classes.empty()) {
        // First trip leaving at or after the threshold (trips are sorted at every position), then the
        // first of those that runs on the day.
        std::uint32_t lo = 0;
        std::uint32_t hi = v.n_trips_;
        while (lo < hi) {
          auto const mid = (lo + hi) / 2;
          if (v.dep(mid, i) < threshold) {
            lo = mid + 1;
          } else {
            hi = mid;
          }
        }
        for (auto k = lo; k < v.n_trips_; ++k) {
          auto const t = base + v.dep(k, i);
          if (!better(t, k)) {
            break;
          }
          if (runs(pr.first_trip_.v() + v.trip(k), day)) {
            best = {k, day, base};
            best_time = t;
            break;
          }
        }
        return;
      }
      // Per service class that runs on the day: a binary search, every trip in it runs.
      for (auto const& sc : classes) {
        if (!runs_service(sc.service_, day)) {
          continue;
        }
        auto const* list = ix_.class_trips_.data() + sc.first_;
        auto const view_k = [&](std::uint32_t j) { return Backward ? v.n_trips_ - 1 - list[sc.n_ - 1 - j] : list[j]; };
        std::uint32_t lo = 0;
        std::uint32_t hi = sc.n_;
        while (lo < hi) {
          auto const mid = (lo + hi) / 2;
          if (v.dep(view_k(mid), i) < threshold) {
            lo = mid + 1;
          } else {
            hi = mid;
          }
        }
        if (lo != sc.n_) {
          auto const k = view_k(lo);
          auto const t = base + v.dep(k, i);
          if (better(t, k)) {
            best = {k, day, base};
            best_time = t;
          }
        }
      }
    };
    if (lane_day_ != kNone) {  // a lane rides only its own day's trips
      if (pattern_runs(p, lane_day_)) {
        try_day(lane_day_, view_base(pr.tz_, lane_day_));
      }
      return best;
    }
    for (auto d = first_day(pr, ready, last_dep); Backward ? d >= 0 : d < n_days_; d += Backward ? -1 : 1) {
      auto const day = static_cast<std::uint32_t>(d);
      auto const base = view_base(pr.tz_, day);
      if (base + first_dep > best_time) {
        break;  // this and later days cannot do better
      }
      if (pattern_runs(p, day)) {
        try_day(day, base);
      }
    }
    return best;
  }

  // The first day (in view order) whose trips may still leave at or after `ready`, when the last trip
  // leaves at last_dep (view, within its day): a day starts between the zone's earliest and latest day
  // start after midnight UTC.
  std::int64_t first_day(pattern_record const& pr, std::int32_t ready, std::int32_t last_dep) const {
    return Backward ? std::min<std::int64_t>(floor_div(std::int64_t{last_dep} - ready - ix_.tz_min_day_start_[pr.tz_.idx()], kSecondsPerDay), n_days_ - 1)
                    : std::max<std::int64_t>(-floor_div(-(std::int64_t{ready} - last_dep - ix_.tz_max_day_start_[pr.tz_.idx()]), kSecondsPerDay), 0);
  }

  // earliest_trip() for a pattern with day lists, outside lanes: per day a binary search in the
  // departures (stop-major, at position i) of the trips in the day's list.
  [[gnu::always_inline]] boarding earliest_listed(pattern_idx p, pattern_record const& pr, pattern_view const& v, std::uint32_t i, std::int32_t ready,
                           boarding const cur, std::int32_t limit) const {
    boarding best = cur;
    auto best_time = std::min(limit, end_ + 1);
    auto const first_dep = v.dep(0, i);
    auto const last_dep = v.dep(v.n_trips_ - 1, i);
    auto const* day_of = ix_.day_list_of_.data() + ix_.pattern_day_of_[p.idx()];
    auto const* lists = ix_.day_lists_.data() + ix_.pattern_day_lists_[p.idx()];
    for (auto d = first_day(pr, ready, last_dep); Backward ? d >= 0 : d < n_days_; d += Backward ? -1 : 1) {
      auto const day = static_cast<std::uint32_t>(d);
      auto const base = view_base(pr.tz_, day);
      if (base + first_dep > best_time) {
        break;  // this and later days cannot do better
      }
      auto const rel = day_of[day];
      auto const threshold = ready - base;
      if (rel == detail::routing_index::kNoDayList || last_dep < threshold) {
        continue;
      }
      auto const& l = lists[rel];
      best_in_list({ix_.day_list_trips_.data() + l.first_, l.n_, v.n_trips_}, v, i, day, base, threshold, best, best_time);
    }
    return best;
  }

  // The first trip of a day's list leaving view position i at or after `threshold` (seconds after the
  // day's view base): it replaces `best` if it leaves before best_time, or at best_time but earlier in
  // the pattern on best's day.
  void best_in_list(day_trips const& list, pattern_view const& v, std::uint32_t i, std::uint32_t day, std::int32_t base,
                    std::int32_t threshold, boarding& best, std::int32_t& best_time) const {
    std::uint32_t lo = 0;
    std::uint32_t count = list.n_;
    while (count > 0) {
      auto const step = count / 2;
      if (v.dep(list.trip(lo + step), i) < threshold) {
        lo += step + 1;
        count -= step + 1;
      } else {
        count = step;
      }
    }
    if (lo == list.n_) {
      return;
    }
    auto const k = list.trip(lo);
    auto const t = base + v.dep(k, i);
    if (t < best_time || (t == best_time && best.trip_ != kNone && day == best.day_ && k < best.trip_)) {
      best = {k, day, base, lo};
      best_time = t;
    }
  }

  // The ridden trip in a pattern scan: which trip, where and how it was boarded, and its links still
  // ahead in view order (links are sorted by position per trip).
  struct ride_state {
    boarding b_{kNone, 0, 0};
    stop_time const* row_{nullptr};  // the trip's stop times
    std::uint32_t board_pos_{0};
    std::uint32_t permit_{kNone};
    std::uint32_t next_link_{0}, end_link_{0};  // backward: links [end, next) from next - 1 down
    std::uint32_t link_pos_{kNone};             // view position of the next link
  };

  void board(ride_state& r, pattern_record const& pr, pattern_view const& v, boarding const& b, std::uint32_t i,
             std::uint32_t permit) const {
    r.b_ = b;
    r.row_ = v.times_ + static_cast<std::size_t>(v.trip(b.trip_)) * v.n_;
    r.board_pos_ = i;
    r.permit_ = permit;
    r.link_pos_ = kNone;
    if (!links_) {
      return;
    }
    auto const t = pr.first_trip_.v() + v.trip(b.trip_);
    auto const& off = Backward ? ix_.links_in_offsets_ : ix_.links_out_offsets_;
    auto const& links = Backward ? ix_.links_in_ : ix_.links_out_;
    auto const real = v.pos(i);  // links from here on, not at the boarding stop itself (riding nowhere first)
    if constexpr (Backward) {
      r.end_link_ = off[t];
      r.next_link_ = off[t + 1];
      while (r.next_link_ != r.end_link_ && links[r.next_link_ - 1].pos_ >= real) {
        --r.next_link_;
      }
      if (r.next_link_ != r.end_link_) {
        r.link_pos_ = v.pos(links[r.next_link_ - 1].pos_);
      }
    } else {
      r.next_link_ = off[t];
      r.end_link_ = off[t + 1];
      while (r.next_link_ != r.end_link_ && links[r.next_link_].pos_ <= real) {
        ++r.next_link_;
      }
      if (r.next_link_ != r.end_link_) {
        r.link_pos_ = links[r.next_link_].pos_;
      }
    }
  }

  // The ridden trip reaches stop `st` (view position i) at `a`, earlier than any trip so far.
  void trip_arrival(std::size_t k, pattern_idx p, boarding const& b, std::uint32_t board_pos, std::uint32_t permit,
                                      std::uint32_t i, std::uint32_t st, std::int32_t a) {
    auto const cell = s_.at(k, st);
    s_.labels_[cell].trip_arr_ = a;
    s_.hot_[st].best_trip_ = a;
    if constexpr (Range) {
      lower_from(s_.trip_bound_, s_, k, st, a);
    }
    s_.trip_parent_[cell] = {p.v(), b.trip_, b.day_, board_pos, i, permit};
    if (!s_.improved_flag_[st]) {
      s_.improved_flag_[st] = 1;
      s_.improved_.push_back(st);
    }
    improve_arrival(k, st, a);
  }

  // The ridden trip's links at view position i: permits to board the linked trips in the next round.
  [[gnu::noinline]] void follow_links(std::size_t k, pattern_idx p, pattern_view const& v, ride_state& r, std::uint32_t i,
                                      std::uint32_t st, std::int32_t a) {
    auto const& links = Backward ? ix_.links_in_ : ix_.links_out_;
    auto const real = v.pos(i);
    while (r.next_link_ != r.end_link_) {
      auto const& l = Backward ? links[r.next_link_ - 1] : links[r.next_link_];
      if (l.pos_ != real) {
        break;
      }
      r.next_link_ += Backward ? -1 : 1;
      if ((l.in_seat_ || v.can_alight(i)) && k + 1 < n_rounds_) {
        add_permit(k, l, a, st, v.can_alight(i), {p.v(), r.b_.trip_, r.b_.day_, r.board_pos_, i, r.permit_});
      }
    }
    r.link_pos_ = kNone;
    if (r.next_link_ != r.end_link_) {
      r.link_pos_ = Backward ? v.pos(links[r.next_link_ - 1].pos_) : links[r.next_link_].pos_;
    }
  }

  // Riding r (boarded at r.board_pos_ as an ordinary boarding), at view position i, arriving at `a`: the
  // pattern's later trips (of r's day, then of the days after) could have been boarded there too (they
  // leave later), and one of them may link at i to a trip that r's arrival plus a change does not reach.
  // Permits from those. Links an ordinary change could stand in for matter only while a later trip
  // arrives within a change time of r; the others until the target bound.
  [[gnu::noinline]] void later_trips_links(std::size_t k, pattern_idx p, pattern_record const& pr, pattern_view const& v,
                                           ride_state const& r, std::uint32_t i, std::uint32_t st, std::int32_t a,
                                           std::uint32_t key) {
    auto const& ls = Backward ? ix_.stop_links_in_ : ix_.stop_links_out_;
    auto const& links = Backward ? ix_.links_in_ : ix_.links_out_;
    auto const real_k = v.trip(r.b_.trip_);
    auto const change = change_time(st);
    auto const lo = v.dep(0, 0);  // no time of the pattern at or after position 0 is earlier (view)
    auto const visit = [&](std::vector<std::uint32_t> const& offs, std::vector<detail::stop_link> const& list, bool changeable) {
      auto const first = list.begin() + offs[key];
      auto const last = list.begin() + offs[key + 1];
      if (first == last) {
        return;
      }
      auto const limit = [&] { return changeable ? std::min(bound(k), a + change) : bound(k); };
      // Returns false when this and later trips of the day arrive too late (one day's trips keep their order).
      auto const step = [&](detail::stop_link const& e, std::uint32_t day, std::int32_t base) -> bool {
        if (!runs(pr.first_trip_.v() + e.trip_, day)) {
          return true;
        }
        auto const kv = Backward ? v.n_trips_ - 1 - e.trip_ : e.trip_;
        auto const a2 = base + v.arr(kv, i);
        if (a2 >= limit()) {
          return false;
        }
        auto const& l = links[e.link_];
        if (changeable && a2 + l.min_time_ >= a + change) {
          return true;  // r's arrival and an ordinary change reach as much
        }
        if ((l.in_seat_ || v.can_alight(i)) && k + 1 < n_rounds_) {
          add_permit(k, l, a2, st, v.can_alight(i), {p.v(), kv, day, r.board_pos_, i, kNone});
        }
        return true;
      };
      for (auto d = std::int64_t{r.b_.day_}; d >= 0 && d < n_days_; d += Backward ? -1 : 1) {
        auto const day = static_cast<std::uint32_t>(d);
        auto const base = view_base(pr.tz_, day);
        if (day != r.b_.day_ && base + lo >= limit()) {
          break;
        }
        if (!pattern_runs(p, day)) {
          continue;
        }
        // Later in view order: real trips after r's (forward) or before it (backward), on r's day; all on later days.
        if constexpr (Backward) {
          auto it = day == r.b_.day_
                        ? std::lower_bound(first, last, real_k, [](detail::stop_link const& e, std::uint32_t x) { return e.trip_ < x; })
                        : last;
          while (it != first && step(*--it, day, base)) {
          }
        } else {
          auto it = day == r.b_.day_
                        ? std::upper_bound(first, last, real_k, [](std::uint32_t x, detail::stop_link const& e) { return x < e.trip_; })
                        : first;
          while (it != last && step(*it, day, base)) {
            ++it;
          }
        }
      }
    };
    visit(ls.changeable_offsets_, ls.changeable_, true);
    visit(ls.other_offsets_, ls.other_, false);
  }

  // While riding `cur`, ready at view position i at `ready` (< dep_now, cur's departure there): the
  // earliest trip leaving no earlier than `ready`. Usually none but cur, or one a few trips before it
  // on the same day: walk back there (as RAPTOR's route scan does), and search all days only when
  // another day's trips can leave in [ready, dep_now) or the walk gets long.
  //
  // prev_end and next_start (from day_bounds(), once per boarding) bound what other days offer: no
  // earlier day's trip leaves after prev_end, no later day's before next_start.
  boarding earlier_trip(pattern_idx p, pattern_record const& pr, pattern_view const& v, std::uint32_t i, std::int32_t ready,
                        boarding const cur, std::int32_t dep_now, std::int64_t prev_end, std::int64_t next_start) const {
    if (lane_day_ == kNone && (ready <= prev_end || dep_now > next_start)) {
      return earlier_trip_checking_days(p, pr, v, i, ready, cur, dep_now);
    }
    return walk_back(p, pr, v, i, ready, cur, dep_now);
  }

  // The earliest and latest time one boards the pattern's trips at, within their days (view: departures
  // forward, negated arrivals backward).
  std::pair<std::int32_t, std::int32_t> view_departures(pattern_idx p) const {
    return Backward ? std::pair{-ix_.pattern_max_arr_[p.idx()], -ix_.pattern_min_arr_[p.idx()]}
                    : std::pair{ix_.pattern_min_dep_[p.idx()], ix_.pattern_max_dep_[p.idx()]};
  }

  // For the day `day` a trip is ridden on: the latest departure of an earlier day and the earliest of a
  // later day (view times) among days on which the pattern runs, looking kDayBoundsReach days each way
  // (beyond, the bound of the farthest day looked at stands for them).
  static constexpr std::int64_t kDayBoundsReach = 8;
  std::pair<std::int64_t, std::int64_t> day_bounds(pattern_idx p, pattern_record const& pr, std::uint32_t day) const {
    auto const [lo, hi] = view_departures(p);
    auto const earlier = Backward ? 1 : -1;
    std::int64_t prev_end = std::numeric_limits<std::int64_t>::min();
    std::int64_t next_start = std::numeric_limits<std::int64_t>::max();
    for (std::int64_t o = 1; o <= kDayBoundsReach; ++o) {
      auto const d = std::int64_t{day} + o * earlier;
      if (d < 0 || d >= n_days_) {
        break;
      }
      if (pattern_runs(p, static_cast<std::uint32_t>(d)) || o == kDayBoundsReach) {
        prev_end = std::int64_t{view_base(pr.tz_, static_cast<std::uint32_t>(d))} + hi;
        break;
      }
    }
    for (std::int64_t o = 1; o <= kDayBoundsReach; ++o) {
      auto const d = std::int64_t{day} - o * earlier;
      if (d < 0 || d >= n_days_) {
        break;
      }
      if (pattern_runs(p, static_cast<std::uint32_t>(d)) || o == kDayBoundsReach) {
        next_start = std::int64_t{view_base(pr.tz_, static_cast<std::uint32_t>(d))} + lo;
        break;
      }
    }
    return {prev_end, next_start};
  }

  boarding earlier_trip_checking_days(pattern_idx p, pattern_record const& pr, pattern_view const& v, std::uint32_t i,
                                      std::int32_t ready, boarding const cur, std::int32_t dep_now) const {
    // Trips are in the same order at every stop: the first and last trip bound the departures here.
    auto const lo = v.dep(0, i);
    auto const hi = v.dep(v.n_trips_ - 1, i);
    auto const prev = std::int64_t{cur.day_} + (Backward ? 1 : -1);
    auto const next = std::int64_t{cur.day_} + (Backward ? -1 : 1);
    auto const valid = [&](std::int64_t d) { return d >= 0 && d < n_days_; };
    // Days before cur's (in view order) whose trips may still leave after `ready`, and days after it
    // whose trips may leave before dep_now: if the pattern runs on any, search them all.
    auto const step = Backward ? 1 : -1;
    for (auto d = prev; lane_day_ == kNone && valid(d) && view_base(pr.tz_, static_cast<std::uint32_t>(d)) + hi >= ready; d += step) {
      if (pattern_runs(p, static_cast<std::uint32_t>(d))) {
        return earliest_trip(p, pr, v, i, ready, cur, dep_now);
      }
    }
    for (auto d = next; lane_day_ == kNone && valid(d) && view_base(pr.tz_, static_cast<std::uint32_t>(d)) + lo < dep_now; d -= step) {
      if (pattern_runs(p, static_cast<std::uint32_t>(d))) {
        return earliest_trip(p, pr, v, i, ready, cur, dep_now);
      }
    }
    return walk_back(p, pr, v, i, ready, cur, dep_now);
  }

  // The earliest trip of cur's day leaving view position i at or after `ready`: a few trips back (a
  // binary search when more than kMaxWalk).
  static constexpr std::uint32_t kMaxWalk = 32;
  boarding walk_back(pattern_idx p, pattern_record const& pr, pattern_view const& v, std::uint32_t i, std::int32_t ready,
                     boarding const cur, std::int32_t dep_now) const {
    if (cur.slot_ != kNone) {  // along the day's list: every trip in it runs
      auto const list = *trips_on(p, cur.day_);
      auto j = cur.slot_;
      for (auto steps = 0U; j != 0 && cur.base_ + v.dep(list.trip(j - 1), i) >= ready; --j) {
        if (++steps > kMaxWalk) {
          return earliest_trip(p, pr, v, i, ready, cur, dep_now);
        }
      }
      return {list.trip(j), cur.day_, cur.base_, j};
    }
    auto best = cur.trip_;
    for (auto kk = cur.trip_, steps = 0U; kk != 0; --kk) {
      if (cur.base_ + v.dep(kk - 1, i) < ready) {
        break;
      }
      if (++steps > kMaxWalk) {
        return earliest_trip(p, pr, v, i, ready, cur, dep_now);
      }
      if (runs(pr.first_trip_.v() + v.trip(kk - 1), cur.day_)) {
        best = kk - 1;
      }
    }
    return {best, cur.day_, cur.base_};
  }

  // One day's trips of a pattern never overtake each other, and usually a day's trips all end before the
  // next day's begin, so one scan riding the first trip that can be caught is exact. Where a pattern's
  // trips span more than 23 hours (overnight and multi-day trains), yesterday's trip may overtake
  // today's: then the pattern is scanned once per day that could be boarded, each scan ("lane") riding
  // only that day's trips.
  void scan(std::size_t k, pattern_idx p) {
    auto const overlap = ix_.pattern_overlaps_[p.idx()];
    auto const& pr = c_.patterns_[p.idx()];
    if (overlap == 0 || (overlap == 2 && !dst_change_near(pr.tz_))) {
      if (s_.permit_head_[p.idx()] == kNone && !pattern_links(p)) {
        scan_plain(k, p);
      } else {
        scan_pattern(k, p);
      }
      return;
    }
    auto const v = view_of(p);
    // Day d + m + 1's times all come after day d's when the span is under (m + 1) days of 23 hours: the
    // first m + 1 running days that have a trip to catch are all that can matter from one stop.
    auto const span_days = static_cast<std::int64_t>(ix_.pattern_span_[p.idx()] / (kSecondsPerDay - 3600));
    lanes_.clear();
    for (auto i = s_.first_pos_[p.idx()]; i + 1 < v.n_; ++i) {
      auto const ready = Range ? s_.labels_[s_.at(k - 1, v.stop(i))].ready_ : s_.hot_[v.stop(i)].prev_ready_;
      if (!v.can_board(i) || ready == kInf) {
        continue;
      }
      auto const last_dep = v.dep(v.n_trips_ - 1, i);
      auto const d_first = first_day(pr, ready, last_dep);
      // The first days (in view order) that run and still have a trip leaving after `ready`: later days'
      // trips all leave after these have arrived.
      auto found = std::int64_t{0};
      for (auto d = d_first; d >= 0 && d < n_days_ && found <= span_days; d += Backward ? -1 : 1) {
        auto const day = static_cast<std::uint32_t>(d);
        if (pattern_runs(p, day) && view_base(pr.tz_, day) + last_dep >= ready) {
          lanes_.push_back(day);
          ++found;
        }
      }
    }
    // Permits name their own day; a lane for each of those too.
    for (auto x = s_.permit_head_[p.idx()]; x != kNone; x = s_.permits_[x].next_) {
      lanes_.push_back(s_.permits_[x].day_);
    }
    std::sort(lanes_.begin(), lanes_.end());
    lanes_.erase(std::unique(lanes_.begin(), lanes_.end()), lanes_.end());
    auto const plain = s_.permit_head_[p.idx()] == kNone && !pattern_links(p);
    for (auto const d : lanes_) {
      lane_day_ = d;
      if (plain) {
        scan_plain(k, p);
      } else {
        scan_pattern(k, p);
      }
    }
    lane_day_ = kNone;
  }

  // Whether a service day of time zone tz that this search can touch (from the longest overlapping
  // pattern's span before its start to its end) is not 24 hours long. Once per zone and search.
  bool dst_change_near(tz_idx tz) {
    if (dst_near_.size() != c_.tz_names_.size()) {
      dst_near_.assign(c_.tz_names_.size(), -1);
    }
    auto& known = dst_near_[tz.idx()];
    if (known < 0) {
      // View times of the search as unix seconds since the timetable's first day, earliest first.
      // (A range query's runs start from its window's end back to start_.)
      auto const a = Backward ? -std::int64_t{end_} : std::int64_t{std::min(t0_, start_)};
      auto const b = Backward ? -std::int64_t{std::min(t0_, start_)} : std::int64_t{end_};
      auto const reach = std::int64_t{ix_.max_overlap_span_} + kSecondsPerDay;
      auto const first = std::max<std::int64_t>(floor_div(a - reach, kSecondsPerDay) - 1, 0);
      auto const last = std::min<std::int64_t>(floor_div(b + reach, kSecondsPerDay) + 1, std::int64_t{n_days_} - 1);
      known = 0;
      for (auto d = first; d < last && known == 0; ++d) {
        auto const day = static_cast<std::uint32_t>(d);
        known = day_start(tz, day + 1) - day_start(tz, day) != kSecondsPerDay ? 1 : 0;
      }
    }
    return known == 1;
  }

  // Whether the trip links of pattern p (in the search's direction) can do anything an ordinary change
  // cannot: not when every one of them is at one stop, alighting and boarding allowed, and asks for no
  // less time than the change time there (with change time 0, e.g., staying seated on a block).
  bool pattern_links(pattern_idx p) const {
    if (!links_ || ix_.pattern_has_stop_links_[p.idx()] == 0) {
      return false;
    }
    auto const& slack = Backward ? ix_.link_slack_in_[p.idx()] : ix_.link_slack_out_[p.idx()];
    if (slack.min_time_ < 0) {
      return true;  // some link an ordinary change cannot stand in for
    }
    auto const change = q_.override_min_change_ ? q_.min_change_s_
                                                : std::max(slack.max_stop_change_, slack.any_default_change_ ? q_.min_change_s_ : -1);
    return change > slack.min_time_;
  }

  // The scan of a pattern (or one lane of it) without trip links or permits in play (scan_pattern() is
  // the general one): find a first trip to board, then ride it, moving to an earlier trip where one is
  // caught. What it reads at every stop stays in registers; everything rarer is a call.
  void scan_plain(std::size_t k, pattern_idx p) {
    stats_patterns_ += 1;
    auto const& pr = c_.patterns_[p.idx()];
    auto const v = view_of(p);
    auto const n = v.n_;
    auto const* hot = s_.hot_.data();
    auto const stride = s_.n_rounds_;
    auto const ready_at = [&](std::uint32_t st) {
      if constexpr (Range) {
        return s_.labels_[std::size_t{st} * stride + k - 1].ready_;
      } else {
        return hot[st].prev_ready_;
      }
    };
    auto const best_trip_at = [&](std::uint32_t st) {
      if constexpr (Range) {
        return s_.trip_bound_[std::size_t{st} * stride + k];
      } else {
        return hot[st].best_trip_;
      }
    };
    auto bnd = bound(k);
    auto const listed = lane_day_ == kNone && ix_.pattern_day_of_[p.idx()] != kNone;  // a lane searches its day only
    if (listed && !runs_between(p, pr, t0_, std::min(bnd, end_ + 1))) {
      return;  // e.g. a weekend route on a weekday: no trip to board, at any of its stops
    }
    auto i = s_.first_pos_[p.idx()];
    boarding b{kNone, 0, 0};
    for (; i + 1 < n; ++i) {
      auto const ps = v.stops_[v.pos(i)];
      if (!(Backward ? ps.can_alight() : ps.can_board())) {
        continue;
      }
      auto const ready = ready_at(ps.stop().v());
      if (ready < bnd) {
        b = listed ? earliest_listed(p, pr, v, i, ready, b, bnd) : earliest_trip(p, pr, v, i, ready, b, bnd);
        if (b.trip_ != kNone) {
          break;
        }
      }
    }
    if (b.trip_ == kNone) {
      return;
    }
    auto board_pos = i;
    stop_time const* row = nullptr;       // the ridden trip's times
    stop_time const* prev_row = nullptr;  // the times of the day list's trip before it, if any
    auto const set_ride = [&](boarding const& nb, std::uint32_t at) {
      b = nb;
      board_pos = at;
      row = v.times_ + static_cast<std::size_t>(v.trip(b.trip_)) * n;
      prev_row = previous_row(p, v, b);
    };
    set_ride(b, i);
    auto bounds_day = kNone;  // day_bounds() of the ridden trip's day, when first needed
    std::int64_t prev_end = 0;
    std::int64_t next_start = 0;
    for (++i; i < n; ++i) {
      auto const ps = v.stops_[v.pos(i)];
      auto const st = ps.stop().v();
      auto const& t = row[v.pos(i)];
      auto const a = b.base_ + (Backward ? -t.dep_ : t.arr_);
      if ((Backward ? ps.can_board() : ps.can_alight()) && a < bnd && a < best_trip_at(st) && !too_far(st, a, bnd)) {
        trip_arrival(k, p, b, board_pos, kNone, i, st, a);
        bnd = bound(k);
      }
      if (i + 1 == n) {
        break;
      }
      if (!(Backward ? ps.can_alight() : ps.can_board())) {
        continue;
      }
      auto const ready = ready_at(st);
      auto const dep = b.base_ + (Backward ? -t.arr_ : t.dep_);
      if (ready > dep) [[likely]] {
        continue;
      }
      if (ready < dep && bounds_day != b.day_) {
        std::tie(prev_end, next_start) = day_bounds(p, pr, b.day_);
        bounds_day = b.day_;
      }
      if (b.slot_ != kNone &&
          (ready == dep ? prev_departure(b, prev_row, v, i) != dep : none_earlier(b, prev_row, v, i, ready, dep, prev_end, next_start))) {
        continue;  // usually so: the day list's previous trip leaves too early
      }
      auto const nb = ready < dep ? earlier_trip(p, pr, v, i, ready, b, dep, prev_end, next_start) : same_time_earlier(p, pr, v, i, b, dep);
      if (nb.trip_ != b.trip_ || nb.day_ != b.day_) {
        set_ride(nb, i);
      }
    }
  }

  // Whether some day's list of a pattern with day lists has a trip that may leave within [from, to)
  // (view times): a day counts when the pattern's earliest and latest departures on it straddle them.
  bool runs_between(pattern_idx p, pattern_record const& pr, std::int32_t from, std::int32_t to) const {
    auto const [lo, hi] = view_departures(p);
    auto const* day_of = ix_.day_list_of_.data() + ix_.pattern_day_of_[p.idx()];
    for (auto d = first_day(pr, from, hi); Backward ? d >= 0 : d < n_days_; d += Backward ? -1 : 1) {
      auto const day = static_cast<std::uint32_t>(d);
      auto const base = view_base(pr.tz_, day);
      if (base + lo >= to) {
        return false;
      }
      if (day_of[day] != detail::routing_index::kNoDayList && base + hi >= from) {
        return true;
      }
    }
    return false;
  }

  // The times of the trip before the ridden one b in its day's list, nullptr when there is none or b's
  // place in the list is not known.
  stop_time const* previous_row(pattern_idx p, pattern_view const& v, boarding const& b) const {
    if (b.slot_ == kNone || b.slot_ == 0) {
      return nullptr;
    }
    return v.times_ + static_cast<std::size_t>(v.trip(trips_on(p, b.day_)->trip(b.slot_ - 1))) * v.n_;
  }
  // Its departure at view position i (from previous_row(); the lowest time when there is none).
  std::int32_t prev_departure(boarding const& b, stop_time const* prev_row, pattern_view const& v, std::uint32_t i) const {
    if (prev_row == nullptr) {
      return std::numeric_limits<std::int32_t>::min();
    }
    auto const& t = prev_row[v.pos(i)];
    return b.base_ + (Backward ? -t.arr_ : t.dep_);
  }
  // Riding b (its place in its day's list known), ready at view position i at `ready` < dep (b's
  // departure there): no earlier trip can be caught when the list's previous trip leaves before
  // `ready` and no other day's trip leaves in between (prev_end, next_start: day_bounds()).
  bool none_earlier(boarding const& b, stop_time const* prev_row, pattern_view const& v, std::uint32_t i, std::int32_t ready,
                    std::int32_t dep, std::int64_t prev_end, std::int64_t next_start) const {
    return prev_departure(b, prev_row, v, i) < ready && ready > prev_end && dep <= next_start;
  }

  // Ready at view position i just as the ridden trip b leaves (at dep): only a trip of the same day
  // leaving at the same time but earlier in the pattern is better (it never arrives later). Such trips
  // sit just before it.
  boarding same_time_earlier(pattern_idx p, pattern_record const& pr, pattern_view const& v, std::uint32_t i, boarding const& b,
                             std::int32_t dep) const {
    if (b.slot_ != kNone) {
      auto const list = *trips_on(p, b.day_);
      auto j = b.slot_;
      while (j != 0 && b.base_ + v.dep(list.trip(j - 1), i) == dep) {
        --j;
      }
      return {list.trip(j), b.day_, b.base_, j};
    }
    auto best = b.trip_;
    for (auto kk = b.trip_; kk != 0 && b.base_ + v.dep(kk - 1, i) == dep; --kk) {
      if (runs(pr.first_trip_.v() + v.trip(kk - 1), b.day_)) {
        best = kk - 1;
      }
    }
    return {best, b.day_, b.base_};
  }

  void scan_pattern(std::size_t k, pattern_idx p) {
    stats_patterns_ += 1;
    auto const& pr = c_.patterns_[p.idx()];
    auto const v = view_of(p);
    auto const n = v.n_;
    ride_state r;
    auto const has_permits = s_.permit_head_[p.idx()] != kNone;
    if (!has_permits && lane_day_ == kNone && ix_.pattern_day_of_[p.idx()] != kNone && !runs_between(p, pr, t0_, std::min(bound(k), end_ + 1))) {
      return;  // nothing to board (see scan_plain)
    }
    // Hot loop: what it reads every stop is in locals (the cold calls may write the state, not these).
    auto const* ready_before = s_.labels_.data() + (k - 1);  // + st * n_rounds_: round k - 1 at stop st
    auto const stride = s_.n_rounds_;
    auto const* hot = s_.hot_.data();  // the same, by stop (not for range queries)
    auto const pattern_links = links_ && ix_.pattern_has_stop_links_[p.idx()] != 0;
    auto const ps_offset = c_.pattern_stop_offsets_[p.idx()];
    auto const* stop_links = (Backward ? ix_.stop_links_in_ : ix_.stop_links_out_).any_.data() + ps_offset;
    auto bnd = bound(k);
    stop_time const* row = nullptr;  // the ridden trip's times, r.row_
    std::int32_t base = 0;           // r.b_.base_
    auto link_pos = kNone;           // r.link_pos_
    std::int64_t prev_end = 0;       // day_bounds() of the ridden trip's day
    std::int64_t next_start = 0;
    auto bounds_day = kNone;
    stop_time const* prev_row = nullptr;  // the day list's trip before the ridden one, if known (see scan_plain)
    auto const ride = [&](boarding const& b, std::uint32_t i, std::uint32_t permit) {
      board(r, pr, v, b, i, permit);
      row = r.row_;
      base = r.b_.base_;
      link_pos = r.link_pos_;
      if (b.day_ != bounds_day) {
        std::tie(prev_end, next_start) = day_bounds(p, pr, b.day_);
        bounds_day = b.day_;
      }
      prev_row = previous_row(p, v, b);
    };
    for (auto i = s_.first_pos_[p.idx()]; i < n; ++i) {
      auto const ps = v.stops_[v.pos(i)];
      auto const st = ps.stop().v();
      auto const can_board = Backward ? ps.can_alight() : ps.can_board();
      auto const can_alight = Backward ? ps.can_board() : ps.can_alight();
      std::int32_t dep_now = kInf;  // the ridden trip's departure here
      if (row != nullptr) {
        auto const& t = row[v.pos(i)];
        auto const a = base + (Backward ? -t.dep_ : t.arr_);
        dep_now = base + (Backward ? -t.arr_ : t.dep_);
        if (can_alight && a < bnd && a < (Range ? trip_arr_label(k, st) : hot[st].best_trip_) && !too_far(st, a, bnd)) {
          trip_arrival(k, p, r.b_, r.board_pos_, r.permit_, i, st, a);
          bnd = bound(k);  // the target may have been reached
        }
        if (i == link_pos) {
          follow_links(k, p, v, r, i, st, a);
          link_pos = r.link_pos_;
        }
        if (pattern_links && stop_links[v.pos(i)] != 0 && r.permit_ == kNone) {
          later_trips_links(k, p, pr, v, r, i, st, a, ps_offset + v.pos(i));
        }
      }
      if (i + 1 == n) {
        break;
      }
      if (can_board) {
        auto const ready = Range ? ready_before[std::size_t{st} * stride].ready_ : hot[st].prev_ready_;
        if (row == nullptr) {
          // Not riding yet: only a trip leaving before the target bound can improve anything (a pattern
          // that does not run in the bound, e.g. a weekend route on a weekday, fails here cheaply).
          if (ready < bnd) {
            auto const b = earliest_trip(p, pr, v, i, ready, r.b_, bnd);
            if (b.trip_ != kNone) {
              ride(b, i, kNone);
            }
          }
        } else if (ready < dep_now) {  // only a trip leaving no later than the one ridden can help
          if (r.b_.slot_ == kNone || !none_earlier(r.b_, prev_row, v, i, ready, dep_now, prev_end, next_start)) {
            auto const b = earlier_trip(p, pr, v, i, ready, r.b_, dep_now, prev_end, next_start);
            if (b.trip_ != r.b_.trip_ || b.day_ != r.b_.day_) {
              ride(b, i, kNone);
            }
          }
        } else if (ready == dep_now && ready != kInf) {
          auto const b = same_time_earlier(p, pr, v, i, r.b_, dep_now);
          if (b.trip_ != r.b_.trip_) {
            ride(b, i, kNone);
          }
        }
      }
      if (has_permits) {
        // A trip link lets one board this trip here, change time or not.
        for (auto x = s_.permit_head_[p.idx()]; x != kNone; x = s_.permits_[x].next_) {
          auto const& pm = s_.permits_[x];
          if (pm.pos_ != i || (lane_day_ != kNone && pm.day_ != lane_day_)) {
            continue;
          }
          auto const t = pm.base_ + v.dep(pm.trip_, i);
          auto const cur_t = row == nullptr ? kInf : base + v.dep(r.b_.trip_, i);
          if (t < cur_t || (t == cur_t && pm.day_ == r.b_.day_ && pm.trip_ < r.b_.trip_)) {
            ride({pm.trip_, pm.day_, pm.base_}, i, x);
          }
        }
      }
    }
  }

  // A trip link from the ride `from` (round k), arriving at view time `a`: the linked trip may be
  // boarded in round k + 1 on the first of its days (around the ride's) that leaves late enough.
  void add_permit(std::size_t k, detail::trip_link const& l, std::int32_t a, std::uint32_t st, bool alighted,
                  trip_parent const& from) {
    auto const other = trip_idx{l.other_};
    auto const op = tt_.trip(other).pattern_;
    auto const& opr = c_.patterns_[op.idx()];
    if ((q_.modes_ & mask_of(opr.mode_)) == 0U) {
      return;
    }
    auto const ov = view_of(op);
    auto const k_other = Backward ? opr.n_trips_ - 1 - (other.v() - opr.first_trip_.v()) : other.v() - opr.first_trip_.v();
    auto const pos = Backward ? ov.n_ - 1 - l.other_pos_ : l.other_pos_;
    if (!l.in_seat_ && !ov.can_board(pos)) {
      return;  // a timed or minimum-time transfer waives the change time, not the pickup rule
    }
    if (alighted && ov.stop(pos) == st && ov.can_board(pos) && l.min_time_ >= change_time(st)) {
      return;  // an ordinary change at this stop allows as much (with change time 0, staying seated adds nothing)
    }
    auto const earliest = a + l.min_time_;
    std::optional<std::pair<std::uint32_t, std::int32_t>> best;  // day, base
    for (std::int64_t d = std::int64_t{from.day_} - 1; d <= std::int64_t{from.day_} + 1; ++d) {
      if (d < 0 || d >= n_days_ || !runs(other.v(), static_cast<std::uint32_t>(d))) {
        continue;
      }
      auto const day = static_cast<std::uint32_t>(d);
      auto const base = view_base(opr.tz_, day);
      auto const t = base + ov.dep(k_other, pos);
      if (t >= earliest && t < bound(k) && (!best || t < best->second + ov.dep(k_other, pos))) {
        best = std::pair{day, base};
      }
    }
    if (!best) {
      return;
    }
    auto& head = s_.permit_head_next_[op.idx()];
    if (head == kNone) {
      s_.permit_patterns_next_.push_back(op.v());
    }
    s_.permits_.push_back({op.v(), k_other, best->first, pos, best->second, earliest, l.in_seat_, from, head});
    head = static_cast<std::uint32_t>(s_.permits_.size() - 1);
    (void)k;
  }

  // Road links from every stop made ready in the last round: a ride like a trip, whose time depends
  // on when the border crossing on the way is open.
  void relax_road_links(std::size_t k) {
    for (auto const st : s_.marked_) {
      auto const r = s_.labels_[s_.at(k - 1, st)].ready_;
      if (r == kInf) {
        continue;
      }
      auto const relax = [&](road_link_idx li) {
        auto const& l = tt_.road(li);
        auto const other = Backward ? l.from_.v() : l.to_.v();
        auto const t = Backward ? road_latest_departure(tt_, l, to_unix(r)) : road_arrival(tt_, l, to_unix(r));
        if (!t) {
          return;
        }
        auto const view = Backward ? -(*t - epoch_) : *t - epoch_;
        if (view >= std::int64_t{trip_arr_label(k, other)} || view >= bound(k) || too_far(other, static_cast<std::int32_t>(view), bound(k))) {
          return;
        }
        auto const a = static_cast<std::int32_t>(view);
        auto const cell = s_.at(k, other);
        s_.labels_[cell].trip_arr_ = a;
        s_.hot_[other].best_trip_ = a;
        if (range_) {
          lower_from(s_.trip_bound_, s_, k, other, a);
        }
        s_.trip_parent_[cell] = {kRoadParent, li.v(), 0, st, 0};
        if (!s_.improved_flag_[other]) {
          s_.improved_flag_[other] = 1;
          s_.improved_.push_back(other);
        }
        improve_arrival(k, other, a);
      };
      if constexpr (Backward) {
        for (auto const li : tt_.road_links_in(stop_idx{st})) {
          relax(li);
        }
      } else {
        auto const out = tt_.road_links_out(stop_idx{st});
        for (std::size_t i = 0; i != out.size(); ++i) {
          relax(road_link_idx{static_cast<std::uint32_t>(&out[i] - c_.road_links_.data())});
        }
      }
    }
  }

  void transfer(std::size_t k) {
    // Change at the same stop, then one walk from every stop reached by a trip in this round.
    for (auto const st : s_.improved_) {
      auto const a = s_.labels_[s_.at(k, st)].trip_arr_;
      set_ready(k, st, a + change_time(st), st);
    }
    if (q_.use_footpaths_) {
      for (auto const st : s_.improved_) {
        auto const a = s_.labels_[s_.at(k, st)].trip_arr_;
        for (auto const& f : footpaths(st)) {
          set_walk_arrival(k, f.target_.v(), a + f.duration_, st);
          set_ready(k, f.target_.v(), a + f.duration_, st);
        }
      }
    }
    for (auto const st : s_.improved_) {
      s_.improved_flag_[st] = 0;
    }
    s_.improved_.clear();
  }

  void record_target(std::size_t k, std::vector<journey>* out) {
    if (!has_targets_) {
      return;
    }
    target_arrival best{k, kNone, kInf};
    for (auto const& p : targets_) {
      auto const st = p.stop_.v();
      auto const cell = s_.at(k, st);
      auto const a = std::min(s_.labels_[cell].trip_arr_, s_.labels_[cell].walk_arr_);
      if (a == kInf) {
        continue;
      }
      auto const t = a + std::max(p.walk_s_, 0);
      if (t < best.time_) {
        best = {k, st, t};
      }
    }
    if (best.stop_ == kNone || best.time_ > end_ || best.time_ >= run_best_) {
      return;
    }
    if (range_) {
      // Labels of later runs stay in the cells: only an arrival this run made is new.
      if (best.time_ >= run_start_best_[k]) {
        return;
      }
      run_best_ = best.time_;
      if (out != nullptr) {
        out->push_back(reconstruct(best));
      }
      return;
    }
    run_best_ = best.time_;
    pareto_.push_back(best);
  }

 public:
  void snapshot_target_best() { run_start_best_ = target_best_; }

 private:
  timetable const& tt_;
  timetable_columns<mapped_column> const& c_;
  detail::routing_index const& ix_;
  query const& q_;
  search_state& s_;
  std::vector<place> const& sources_;
  std::vector<place> const& targets_;
  std::uint32_t n_stops_;
  std::uint32_t n_days_;
  std::int64_t epoch_;
  std::size_t n_rounds_;
  std::int32_t t0_{0};
  std::int32_t start_{0};  // the query's time (view); a range query's runs start at or after it
  std::int32_t end_{0};
  bool has_targets_{false};
  bool roads_{false};
  bool links_{false};
  std::int32_t target_bound_{kInf};            // best at any target, any round
  std::vector<std::int32_t> target_best_;      // per round: best at any target with at most k trips
  std::vector<std::int32_t> run_start_best_;   // target_best_ when the current run began (range)
  std::int32_t run_best_{kInf};                // best target arrival recorded in this run
  bool all_modes_{true};
  std::int32_t lower_bound_cap_{kInf};  // lower_bounds(): what stops it did not settle are at least
  std::vector<std::int8_t> dst_near_;  // per time zone: -1 not known yet, else dst_change_near()
  std::uint32_t lane_day_{kNone};      // scanning one day's trips of a pattern (see scan), or kNone: all days
  std::vector<std::uint32_t> lanes_;
  std::vector<target_arrival> pareto_;
  std::uint64_t stats_runs_{0}, stats_rounds_{0}, stats_patterns_{0};
};

template <bool Backward, bool Range>
std::vector<std::pair<std::int32_t, std::uint32_t>> raptor_search<Backward, Range>::departure_times(std::int32_t from, std::int32_t to) const {
  std::vector<std::pair<std::int32_t, std::uint32_t>> out;
  auto const add_from = [&](std::uint32_t st, std::int32_t before) {  // before: walks to reach st
    for (auto i = ix_.stop_pattern_offsets_[st]; i != ix_.stop_pattern_offsets_[st + 1]; ++i) {
      auto const p = ix_.stop_patterns_[i].pattern_;
      auto const& pr = c_.patterns_[p.idx()];
      if ((q_.modes_ & mask_of(pr.mode_)) == 0U) {
        continue;
      }
      auto const v = view_of(p);
      for (std::uint32_t pos = 0; pos + 1 < v.n_; ++pos) {
        if (v.stop(pos) != st || !v.can_board(pos)) {
          continue;
        }
        for (auto d = first_day(pr, from + before, v.dep(v.n_trips_ - 1, pos)); d < n_days_; ++d) {
          auto const day = static_cast<std::uint32_t>(d);
          auto const base = view_base(pr.tz_, day);
          if (base + v.dep(0, pos) - before > to) {
            break;
          }
          for (std::uint32_t k = 0; k != v.n_trips_; ++k) {
            auto const t = base + v.dep(k, pos) - before;
            if (t > to) {
              break;
            }
            if (t >= from && runs(pr.first_trip_.v() + v.trip(k), day)) {
              out.emplace_back(t, st);
            }
          }
        }
      }
    }
  };
  for (auto const& p : sources_) {
    auto const w = std::max(p.walk_s_, 0);
    add_from(p.stop_.v(), w);
    if (q_.use_footpaths_) {
      for (auto const& f : footpaths(p.stop_.v())) {
        add_from(f.target_.v(), w + f.duration_);
      }
    }
  }
  std::sort(out.begin(), out.end(), std::greater<>{});
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

template <bool Backward, bool Range>
journey raptor_search<Backward, Range>::reconstruct(target_arrival const& ta) const {
  // Legs are found from the (view) target back to the (view) source: backwards in time for a forward
  // search, forwards for a backward one.
  std::vector<leg> legs;
  auto k = ta.round_;
  auto st = ta.stop_;
  auto const walk_leg = [&](std::uint32_t from, std::uint32_t to, std::int32_t dep, std::int32_t arr) {
    return Backward ? leg{leg_kind::kWalk, stop_idx{to}, stop_idx{from}, to_unix(arr), to_unix(dep)}
                    : leg{leg_kind::kWalk, stop_idx{from}, stop_idx{to}, to_unix(dep), to_unix(arr)};
  };

  auto cell = s_.at(k, st);
  bool at_source = false;
  if (s_.labels_[cell].walk_arr_ <= s_.labels_[cell].trip_arr_) {
    auto const from = s_.from_[cell].walk_from_;
    if (from == kOrigin) {
      at_source = true;  // the target is a source: no leg
    } else {
      auto const dep = k == 0 ? source_time(from) : s_.labels_[s_.at(k, from)].trip_arr_;
      legs.push_back(walk_leg(from, st, dep, s_.labels_[cell].walk_arr_));
      st = from;
      at_source = k == 0;
    }
  }
  std::optional<trip_parent> pending;  // the ride a trip link came from, when the last leg used one
  bool next_seated = false;            // backward: the next leg (forward order) was ridden on from this one
  while (!at_source) {
    // st was reached by a trip or a road link in round k.
    auto const tp = pending ? *pending : s_.trip_parent_[s_.at(k, st)];
    pending.reset();
    if (tp.pattern_ == kRoadParent) {
      auto const li = road_link_idx{tp.trip_};
      auto const& l = tt_.road(li);
      auto const board_stop = tp.board_pos_;
      // Forward: leave as late as still gives this arrival. Backward: arrive as early as this departure allows.
      auto const view_arr = s_.labels_[s_.at(k, st)].trip_arr_;
      leg r{leg_kind::kRoad, l.from_, l.to_, 0, 0};
      if constexpr (Backward) {
        r.departure_ = to_unix(view_arr);
        r.arrival_ = road_arrival(tt_, l, r.departure_).value_or(r.departure_);
      } else {
        r.arrival_ = to_unix(view_arr);
        r.departure_ = road_latest_departure(tt_, l, r.arrival_).value_or(to_unix(s_.labels_[s_.at(k - 1, board_stop)].ready_));
      }
      r.road_ = li;
      legs.push_back(r);
      --k;
      auto const from = s_.from_[s_.at(k, board_stop)].ready_from_;
      if (from == kOrigin) {
        at_source = true;
      } else if (from == board_stop) {
        st = board_stop;
      } else {
        auto const dep = k == 0 ? source_time(from) : s_.labels_[s_.at(k, from)].trip_arr_;
        legs.push_back(walk_leg(from, board_stop, dep, s_.labels_[s_.at(k, board_stop)].ready_));
        st = from;
        at_source = k == 0;
      }
      continue;
    }
    auto const& pr = c_.patterns_[tp.pattern_];
    auto const v = view_of(pattern_idx{tp.pattern_});
    auto const board_stop = v.stop(tp.board_pos_);
    auto const trip = v.trip(tp.trip_);
    auto const from_pos = Backward ? v.pos(tp.alight_pos_) : tp.board_pos_;
    auto const to_pos = Backward ? v.pos(tp.board_pos_) : tp.alight_pos_;
    auto const base = day_start(pr.tz_, tp.day_);
    auto const* times = v.times_ + static_cast<std::size_t>(trip) * v.n_;
    leg l{leg_kind::kTrip, v.stops_[from_pos].stop(), v.stops_[to_pos].stop(),
          epoch_ + base + times[from_pos].dep_, epoch_ + base + times[to_pos].arr_};
    l.trip_ = trip_idx{pr.first_trip_.v() + trip};
    l.day_ = day_idx{tp.day_};
    l.from_pos_ = from_pos;
    l.to_pos_ = to_pos;
    l.stay_seated_ = next_seated;
    next_seated = false;
    legs.push_back(l);
    --k;
    if (tp.permit_ != kNone) {
      // Boarded by a trip link from the ride before: that ride is the next leg found.
      auto const& pm = s_.permits_[tp.permit_];
      if constexpr (Backward) {
        next_seated = pm.in_seat_;
      } else {
        legs.back().stay_seated_ = pm.in_seat_;
      }
      pending = pm.from_;
      st = view_of(pattern_idx{pm.from_.pattern_}).stop(pm.from_.alight_pos_);
      continue;
    }
    // How the traveller was ready at the boarding stop, one round earlier.
    auto const from = s_.from_[s_.at(k, board_stop)].ready_from_;
    if (from == kOrigin) {
      at_source = true;
    } else if (from == board_stop) {
      st = board_stop;  // changed at the same stop after the previous trip
    } else {
      auto const dep = k == 0 ? source_time(from) : s_.labels_[s_.at(k, from)].trip_arr_;
      legs.push_back(walk_leg(from, board_stop, dep, s_.labels_[s_.at(k, board_stop)].ready_));
      st = from;
      at_source = k == 0;
    }
  }
  if (!Backward) {
    std::reverse(legs.begin(), legs.end());
  }
  // Walks right after the trip before them; a first walk ends when the first trip leaves.
  for (std::size_t i = 0; i != legs.size(); ++i) {
    auto& l = legs[i];
    if (l.kind_ != leg_kind::kWalk) {
      continue;
    }
    auto const d = l.arrival_ - l.departure_;
    if (i > 0 && legs[i - 1].kind_ != leg_kind::kWalk) {
      l.departure_ = legs[i - 1].arrival_;
      l.arrival_ = l.departure_ + d;
    } else if (i + 1 < legs.size() && legs[i + 1].kind_ != leg_kind::kWalk) {
      l.arrival_ = legs[i + 1].departure_;
      l.departure_ = l.arrival_ - d;
    }
  }
  auto const walk_of = [](std::vector<place> const& places, stop_idx s) {
    std::int32_t w = kInf;
    for (auto const& p : places) {
      if (p.stop_ == s) {
        w = std::min(w, std::max(p.walk_s_, 0));
      }
    }
    return w == kInf ? 0 : w;
  };
  journey j;
  if (legs.empty()) {
    // Origin and destination share a stop: only the walks.
    auto const s = stop_idx{ta.stop_};
    auto const walks = walk_of(q_.from_, s) + walk_of(q_.to_, s);
    j.departure_ = Backward ? q_.time_ - walks : q_.time_;
    j.arrival_ = Backward ? q_.time_ : q_.time_ + walks;
  } else {
    j.departure_ = legs.front().departure_ - walk_of(q_.from_, legs.front().from_);
    j.arrival_ = legs.back().arrival_ + walk_of(q_.to_, legs.back().to_);
  }
  j.legs_ = std::move(legs);
  auto const trips = j.n_trips();
  j.transfers_ = static_cast<std::uint8_t>(trips == 0 ? 0 : trips - 1);
  return j;
}

void validate(timetable const& tt, query const& q) {
  if (q.from_.empty()) {
    throw std::invalid_argument{"the query has no origin"};
  }
  for (auto const& p : q.from_) {
    if (!p.stop_.valid() || p.stop_.idx() >= tt.n_stops()) {
      throw std::invalid_argument{"an origin stop is not in the timetable"};
    }
  }
  for (auto const& p : q.to_) {
    if (!p.stop_.valid() || p.stop_.idx() >= tt.n_stops()) {
      throw std::invalid_argument{"a destination stop is not in the timetable"};
    }
  }
  if (q.max_transfers_ > kMaxTransfersLimit) {
    throw std::invalid_argument{fmt::format("at most {} transfers", kMaxTransfersLimit)};
  }
  if (q.horizon_s_ <= 0 || q.horizon_s_ > kMaxHorizon) {
    throw std::invalid_argument{fmt::format("the horizon must be between 1 s and {} days", kMaxHorizon / 86'400)};
  }
  if (q.window_s_ < 0 || q.window_s_ > kMaxWindow) {
    throw std::invalid_argument{fmt::format("the window must be between 0 and {} days", kMaxWindow / 86'400)};
  }
  if (q.min_change_s_ < 0 || q.min_change_s_ > 86'400) {
    throw std::invalid_argument{"the change time must be between 0 s and a day"};
  }
}

// Keeps the journeys no other beats on (later departure, earlier arrival, fewer trips), by departure.
std::vector<journey> pareto_by_departure(std::vector<journey> all) {
  std::vector<journey> out;
  auto const dominates = [](journey const& a, journey const& b) {
    return a.departure_ >= b.departure_ && a.arrival_ <= b.arrival_ && a.n_trips() <= b.n_trips();
  };
  for (std::size_t i = 0; i != all.size(); ++i) {
    auto const beaten = std::any_of(all.begin(), all.end(), [&](journey const& o) {
      auto const idx = static_cast<std::size_t>(&o - all.data());
      return idx != i && dominates(o, all[i]) && (!dominates(all[i], o) || idx < i);  // equal: keep the first
    });
    if (!beaten) {
      out.push_back(all[i]);
    }
  }
  std::stable_sort(out.begin(), out.end(), [](journey const& a, journey const& b) {
    return std::tie(a.departure_, a.arrival_) < std::tie(b.departure_, b.arrival_);
  });
  return out;
}

template <bool Backward>
std::vector<journey> single_run(engine const& e, query const& q, search_state& s, search_stats* stats) {
  raptor_search<Backward, false> f{e, q, s};
  f.run(f.to_view(q.time_));
  std::vector<journey> out;
  for (auto const& ta : f.pareto()) {
    out.push_back(f.reconstruct(ta));
  }
  // Best first: the Pareto set comes in order of more trips and better (view) times.
  std::reverse(out.begin(), out.end());
  if (stats != nullptr) {
    f.add_stats(*stats);
  }
  return out;
}

}  // namespace

std::vector<journey> engine::route(query const& q, search_state& s, search_stats* stats) const {
  validate(tt_, q);
  if (q.to_.empty()) {
    throw std::invalid_argument{"the query has no destination"};
  }
  if (q.window_s_ > 0 && q.arrive_by_) {
    throw std::invalid_argument{"a range query departs within a window; it cannot also be arrive-by"};
  }
  if (q.arrive_by_) {
    return single_run<true>(*this, q, s, stats);
  }
  if (q.window_s_ == 0) {
    return single_run<false>(*this, q, s, stats);
  }
  raptor_search<false, true> f{*this, q, s};
  auto const t0 = f.to_view(q.time_);
  // One run per departure in the window, latest first; the first run, from the window's end, finds what
  // a traveller in the window would wait for when nothing leaves in it.
  // Each later run marks only the stops with a departure at its time (see run()).
  auto const events = f.departure_times(t0, t0 + q.window_s_);
  std::vector<journey> all;
  auto const end = t0 + q.window_s_;
  if (events.empty() || events.front().first != end) {
    f.snapshot_target_best();
    f.run(end, &all);
  }
  std::vector<std::uint32_t> stops;
  for (std::size_t i = 0; i != events.size();) {
    auto const t = events[i].first;
    stops.clear();
    for (; i != events.size() && events[i].first == t; ++i) {
      stops.push_back(events[i].second);
    }
    f.snapshot_target_best();
    if (t == end) {
      f.run(t, &all);  // the window's end: every source marked
    } else {
      f.run(t, &all, stops);
    }
  }
  if (stats != nullptr) {
    f.add_stats(*stats);
  }
  return pareto_by_departure(std::move(all));
}

std::span<std::int64_t const> engine::earliest_arrivals(query const& q, search_state& s) const {
  validate(tt_, q);
  if (q.arrive_by_ || q.window_s_ > 0) {
    throw std::invalid_argument{"one-to-all earliest arrivals are for a single departure time"};
  }
  query one_to_all = q;
  one_to_all.to_.clear();
  raptor_search<false, false> f{*this, one_to_all, s};
  f.run(f.to_view(q.time_));
  f.fill_one_to_all();
  return s.result_;
}

}  // namespace caravan::routing

// The routing index's trip links (staying seated, transfers.txt between trips), by trip and by pattern
// stop, and the network without times that range queries bound their searches with.
#include <algorithm>
#include <optional>

#include "routing_index.h"

namespace caravan::routing::detail {

using namespace caravan::tt;

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

// A link from trip from_ at from_pos_ to trip to_ at to_pos_, before it is sorted into the index.
struct raw_link {
  trip_idx from_, to_;
  std::uint32_t from_pos_, to_pos_;
  std::int32_t min_;
  bool in_seat_;
};

// Timed (1) and in-seat (4) transfers need no change time, minimum-time ones (2) their own; "not
// possible" (3) and re-board (5) rows between trips are not modelled (see docs).
std::vector<raw_link> raw_links(timetable const& tt) {
  std::vector<raw_link> links;
  auto const& c = tt.columns();
  for (auto const& ss : c.stay_seated_) {
    auto const n_from = tt.pattern_stops(tt.trip(ss.from_).pattern_).size();
    links.push_back({ss.from_, ss.to_, static_cast<std::uint32_t>(n_from - 1), 0, 0, true});
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
    links.push_back({t.from_trip_, t.to_trip_, *from_pos, *to_pos, min, t.type_ == transfer_type::kInSeat});
  }
  return links;
}

// The links by the trip they leave (by_from: forward) or reach (backward), sorted by position per trip:
// a pattern scan passes them in order.
void links_by_trip(timetable const& tt, std::vector<raw_link> const& links, bool by_from,
                   typed_vector<trip_idx, std::uint32_t>& offsets, std::vector<trip_link>& out) {
  offsets.assign(tt.n_trips() + 1, 0);
  auto const key = [&](raw_link const& l) { return trip_idx{(by_from ? l.from_ : l.to_).v() + 1}; };
  for (auto const& l : links) {
    ++offsets[key(l)];
  }
  for (std::size_t i = 0; i != tt.n_trips(); ++i) {
    offsets[trip_idx{i + 1}] += offsets[trip_idx{i}];
  }
  out.resize(links.size());
  auto pos = offsets;
  for (auto const& l : links) {
    out[pos[trip_idx{key(l).v() - 1}]++] = by_from ? trip_link{l.to_, l.from_pos_, l.to_pos_, l.min_, l.in_seat_}
                                                   : trip_link{l.from_, l.to_pos_, l.from_pos_, l.min_, l.in_seat_};
  }
  for (auto const t : indices<trip_idx>(tt.n_trips())) {
    std::stable_sort(out.begin() + offsets[t], out.begin() + offsets[trip_idx{t.v() + 1}],
                     [](trip_link const& a, trip_link const& b) { return a.pos_ < b.pos_; });
  }
}

// Lists per pattern stop flattened into offsets and one array, each list by trip.
void flatten(std::vector<std::vector<stop_link>>& lists, std::vector<std::uint32_t>& offs, std::vector<stop_link>& flat) {
  offs.assign(lists.size() + 1, 0);
  for (std::size_t key = 0; key != lists.size(); ++key) {
    std::stable_sort(lists[key].begin(), lists[key].end(), [](stop_link const& a, stop_link const& b) { return a.trip_ < b.trip_; });
    flat.insert(flat.end(), lists[key].begin(), lists[key].end());
    offs[key + 1] = static_cast<std::uint32_t>(flat.size());
  }
}

// The links by pattern stop, trips in pattern order, split by whether an ordinary change could stand in
// for them; and per pattern what its links ask for (link_slack).
void links_by_pattern_stop(timetable const& tt, routing_index& ix, typed_vector<trip_idx, std::uint32_t> const& offsets,
                           std::vector<trip_link> const& out, bool out_links, links_by_stop& ls,
                           typed_vector<pattern_idx, link_slack>& slacks) {
  auto const& c = tt.columns();
  slacks.assign(tt.n_patterns(), link_slack{});
  auto const n_keys = c.pattern_stops_.size();
  std::vector<std::vector<stop_link>> changeable(n_keys), other(n_keys);
  for (auto const t : indices<trip_idx>(tt.n_trips())) {
    auto const p = tt.trip(t).pattern_;
    auto const k = pattern_trip{t.v() - tt.pattern(p).first_trip_.v()};
    auto const stops = tt.pattern_stops(p);
    for (auto i = offsets[t]; i != offsets[trip_idx{t.v() + 1}]; ++i) {
      auto const& l = out[i];
      auto const here = stops[l.pos_];
      auto const there = tt.pattern_stops(tt.trip(l.other_).pattern_)[l.other_pos_];
      // Forward: alight here, board there; backward the link is read from the boarded trip.
      auto const can = here.stop() == there.stop() &&
                       (out_links ? here.can_alight() && there.can_board() : here.can_board() && there.can_alight());
      (can ? changeable : other)[c.pattern_stop_offsets_[p.idx()] + l.pos_].push_back({k, i});
      auto& slack = slacks[p];
      if (!can) {
        slack.min_time_ = -1;
        continue;
      }
      slack.min_time_ = std::min(slack.min_time_, l.min_time_);
      if (auto const m = c.stops_[here.stop().idx()].min_change_; m >= 0) {
        slack.max_stop_change_ = std::max(slack.max_stop_change_, m);
      } else {
        slack.any_default_change_ = true;
      }
    }
  }
  flatten(changeable, ls.changeable_offsets_, ls.changeable_);
  flatten(other, ls.other_offsets_, ls.other_);
  ls.any_.assign(n_keys, 0);
  for (std::size_t key = 0; key != n_keys; ++key) {
    ls.any_[pattern_stop_key{key}] = !changeable[key].empty() || !other[key].empty() ? 1 : 0;
  }
  for (auto const p : indices<pattern_idx>(tt.n_patterns())) {
    auto const from = ls.any_.begin() + c.pattern_stop_offsets_[p.idx()];
    auto const to = ls.any_.begin() + c.pattern_stop_offsets_[p.idx() + 1];
    if (std::any_of(from, to, [](std::uint8_t a) { return a != 0; })) {
      ix.pattern_has_stop_links_[p] = 1;
    }
  }
}

}  // namespace

void index_trip_links(timetable const& tt, routing_index& ix) {
  auto const links = raw_links(tt);
  links_by_trip(tt, links, true, ix.links_out_offsets_, ix.links_out_);
  links_by_trip(tt, links, false, ix.links_in_offsets_, ix.links_in_);
  ix.pattern_has_stop_links_.assign(tt.n_patterns(), 0);
  links_by_pattern_stop(tt, ix, ix.links_out_offsets_, ix.links_out_, true, ix.stop_links_out_, ix.link_slack_out_);
  links_by_pattern_stop(tt, ix, ix.links_in_offsets_, ix.links_in_, false, ix.stop_links_in_, ix.link_slack_in_);
}

// Edges to each stop: pattern segments (the least time over the pattern's trips), road links (driving
// time, crossings' waits left out), trip links (no time). Duplicates keep the least time.
void index_timeless_graph(timetable const& tt, routing_index& ix) {
  std::vector<std::vector<timeless_edge>> in(tt.n_stops());
  auto const add = [&](stop_idx from, stop_idx to, std::int64_t s) {
    if (from == to) {
      return;
    }
    auto const w = static_cast<std::int32_t>(std::clamp<std::int64_t>(s, 0, kSecondsPerDay * 400));
    auto& v = in[to.idx()];
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
      add(stops[i].stop(), stops[i + 1].stop(), least);
    }
  }
  for (auto const& l : tt.columns().road_links_) {
    add(l.from_, l.to_, std::int64_t{l.before_s_} + l.after_s_);
  }
  for (auto const t : indices<trip_idx>(tt.n_trips())) {
    auto const stops = tt.pattern_stops(tt.trip(t).pattern_);
    for (auto i = ix.links_out_offsets_[t]; i != ix.links_out_offsets_[trip_idx{t.v() + 1}]; ++i) {
      auto const& l = ix.links_out_[i];
      add(stops[l.pos_].stop(), tt.pattern_stops(tt.trip(l.other_).pattern_)[l.other_pos_].stop(), 0);
    }
  }
  // The same links as stop pairs, both ways (deduplicated; a link within one stop adds nothing).
  std::vector<std::vector<stop_idx>> from(tt.n_stops()), to(tt.n_stops());
  for (auto const t : indices<trip_idx>(tt.n_trips())) {
    auto const stops = tt.pattern_stops(tt.trip(t).pattern_);
    for (auto i = ix.links_out_offsets_[t]; i != ix.links_out_offsets_[trip_idx{t.v() + 1}]; ++i) {
      auto const& l = ix.links_out_[i];
      auto const a = stops[l.pos_].stop();
      auto const b = tt.pattern_stops(tt.trip(l.other_).pattern_)[l.other_pos_].stop();
      if (a != b && std::find(from[b.idx()].begin(), from[b.idx()].end(), a) == from[b.idx()].end()) {
        from[b.idx()].push_back(a);
        to[a.idx()].push_back(b);
      }
    }
  }
  flatten_by_stop(from, ix.link_from_offsets_, ix.link_from_);
  flatten_by_stop(to, ix.link_to_offsets_, ix.link_to_);
  flatten_by_stop(in, ix.timeless_in_offsets_, ix.timeless_in_);
}

}  // namespace caravan::routing::detail

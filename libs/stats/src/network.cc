// The network's figures (network.h): one pass over the patterns counts every trip's runs in the range
// once per service-day set, the city pairs once per pattern, and the fastest journeys between chosen
// places come from the routing engine's range queries.
#include "caravan/stats/network.h"

#include <algorithm>
#include <array>
#include <bit>
#include <limits>
#include <map>
#include <set>
#include <stdexcept>
#include <string_view>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "caravan/base/date.h"
#include "caravan/planner/countries.h"
#include "caravan/planner/times.h"
#include "caravan/routing/raptor.h"
#include "caravan/routing/road.h"
#include "caravan/timetable/crossings.h"

namespace caravan::stats {

namespace {

constexpr std::size_t kMaxSources = 50;
constexpr std::int32_t kNoRide = std::numeric_limits<std::int32_t>::max();
constexpr std::size_t kTravelTimeDays = 7;  // the first week of each month
// A range query searches this far past its window's start: the week and the longest journeys (the
// 57-hour Xi'an - Almaty train, a road trip waiting days for a closed crossing), as tours' profiles do.
constexpr std::int32_t kTravelTimeHorizon = routing::kMaxWindow + 5 * 86'400;

// What one row of the corridor, mode and operator tables counts.
struct measure {
  std::int64_t services_{0}, estimated_{0}, seats_{0}, seats_known_{0};
  void add(measure const& o) {
    services_ += o.services_;
    estimated_ += o.estimated_;
    seats_ += o.seats_;
    seats_known_ += o.seats_known_;
  }
};

// A city pair's figures, in an open-addressing table keyed by (from place << 32 | to place): NYC's
// merged feed has a few million pairs, which std::unordered_map would spend seconds allocating.
struct pair_figures {
  std::uint64_t key_{kEmpty};
  std::int64_t services_{0}, estimated_{0}, seats_{0}, seats_known_{0};
  std::int32_t fastest_s_{kNoRide};
  static constexpr std::uint64_t kEmpty = ~std::uint64_t{0};
};

class pair_table {
 public:
  pair_figures& at(std::uint64_t key) {
    if ((size_ + 1) * 4 > slots_.size() * 3) {
      grow();
    }
    auto i = slot_of(key);
    if (slots_[i].key_ == pair_figures::kEmpty) {
      slots_[i].key_ = key;
      ++size_;
    }
    return slots_[i];
  }
  std::size_t size() const { return size_; }
  template <typename F>
  void for_each(F&& f) const {
    for (auto const& s : slots_) {
      if (s.key_ != pair_figures::kEmpty) {
        f(s);
      }
    }
  }

 private:
  std::size_t slot_of(std::uint64_t key) const {
    auto const mask = slots_.size() - 1;
    auto i = static_cast<std::size_t>((key * 0x9E3779B97F4A7C15ULL) >> 20U) & mask;
    while (slots_[i].key_ != pair_figures::kEmpty && slots_[i].key_ != key) {
      i = (i + 1) & mask;
    }
    return i;
  }
  void grow() {
    std::vector<pair_figures> old = std::move(slots_);
    slots_.assign(old.empty() ? 1024 : old.size() * 2, pair_figures{});
    for (auto const& s : old) {
      if (s.key_ != pair_figures::kEmpty) {
        slots_[slot_of(s.key_)] = s;
      }
    }
  }
  std::vector<pair_figures> slots_;
  std::size_t size_{0};
};

cell count_cell(std::int64_t n) { return cell{n}; }
cell per_week(std::int64_t services, std::int32_t days) {
  return days > 0 ? cell{static_cast<double>(services) * 7.0 / static_cast<double>(days)} : cell{};
}
// The seats of a row: only when every service counted has a figure (a part would understate them).
cell seats_cell(std::int64_t seats, std::int64_t known, std::int64_t services) {
  return known > 0 && known == services ? cell{seats} : cell{};
}

column text_column(std::string key, std::string label) { return {std::move(key), std::move(label), column_type::kText, ""}; }
column count_column(std::string key, std::string label, std::string unit) {
  return {std::move(key), std::move(label), column_type::kCount, std::move(unit)};
}
std::vector<column> measure_columns() {
  return {count_column("services", "Services", "services"),
          {"servicesPerWeek", "Services per week", column_type::kNumber, "services/week"},
          count_column("estimatedServices", "Estimated services", "services"),
          count_column("seats", "Seats", "seats"),
          count_column("seatsKnownServices", "Services with known seats", "services")};
}
void append_measure(std::vector<cell>& cells, measure const& m, std::int32_t days) {
  cells.push_back(count_cell(m.services_));
  cells.push_back(per_week(m.services_, days));
  cells.push_back(count_cell(m.estimated_));
  cells.push_back(seats_cell(m.seats_, m.seats_known_, m.services_));
  cells.push_back(count_cell(m.seats_known_));
}

// "who said it https://x ; more": the first URL apart, the rest as the text.
source split_source(std::string_view text) {
  auto at = text.find("https://");
  if (at == std::string_view::npos) {
    at = text.find("http://");
  }
  if (at == std::string_view::npos) {
    return {std::string{text}, ""};
  }
  auto end = text.find_first_of(" \t", at);
  if (end == std::string_view::npos) {
    end = text.size();
  }
  std::string rest;
  for (auto ch : std::string{text.substr(0, at)} + std::string{text.substr(end)}) {
    if ((ch != ' ' && ch != '\t') || (!rest.empty() && rest.back() != ' ')) {
      rest += ch == '\t' ? ' ' : ch;  // one space where the URL was
    }
  }
  auto const first = rest.find_first_not_of(" ;,");
  auto const last = rest.find_last_not_of(" ;,");
  rest = first == std::string::npos ? std::string{} : rest.substr(first, last - first + 1);
  return {rest.empty() ? std::string{text.substr(at, end - at)} : rest, std::string{text.substr(at, end - at)}};
}

// Distinct source texts in the order first met, at most kMaxSources (a note says how many more).
struct source_list {
  std::vector<std::string> texts_;
  std::set<std::string, std::less<>> seen_;
  void add(std::string_view text) {
    if (!text.empty() && seen_.find(text) == seen_.end()) {
      seen_.emplace(text);
      texts_.emplace_back(text);
    }
  }
  void fill(table& t) const {
    for (std::size_t i = 0; i < texts_.size() && i < kMaxSources; ++i) {
      t.sources_.push_back(split_source(texts_[i]));
    }
    if (texts_.size() > kMaxSources) {
      t.notes_.push_back(fmt::format("{} distinct sources; the first {} are listed", texts_.size(), kMaxSources));
    }
  }
};

struct month_span {
  std::string name_;
  std::int32_t first_, last_;  // days since 1970, inside the range and the data
};
std::vector<month_span> months_of(std::int32_t first, std::int32_t last) {
  std::vector<month_span> out;
  for (auto d = first; d <= last; ++d) {
    auto name = month_of(d);
    if (out.empty() || out.back().name_ != name) {
      out.push_back({std::move(name), d, d});
    } else {
      out.back().last_ = d;
    }
  }
  return out;
}

// The stop and every stop below it (a station's platforms, their boarding areas).
void add_with_children(tt::timetable const& tt, tt::stop_idx s, std::vector<tt::stop_idx>& out, int depth = 0) {
  out.push_back(s);
  if (depth < 4) {
    for (auto c : tt.children(s)) {
      add_with_children(tt, c, out, depth + 1);
    }
  }
}

class network_counter {
 public:
  network_counter(tt::timetable const& tt, network_request const& r) : tt_{tt}, r_{r} {
    auto const& sc = tt_.scalars();
    data_first_ = sc.first_day_;
    data_last_ = sc.first_day_ + static_cast<std::int32_t>(sc.n_days_) - 1;
    first_ = std::max(r_.range_.first_, data_first_);
    last_ = std::min(r_.range_.last_, data_last_);
    days_ = sc.n_days_ == 0 || last_ < first_ ? 0 : last_ - first_ + 1;
  }

  network_figures run() {
    places_and_countries();
    seats_of_trips();
    count_runs();
    count_patterns();
    network_figures f;
    f.tables_.push_back(totals());
    f.tables_.push_back(keyed_table("network.corridors", "Services by corridor", "corridor", "Corridor", corridors_,
                                    "Services (runs of a trip on one service day whose first departure's service day "
                                    "is in the range, in the trip's time zone) by corridor: each pair of countries a "
                                    "trip crosses between consecutive stops (\"CN-KZ\", sorted), or \"domestic CN\" "
                                    "for a trip within one country (\"domestic\" when the stops' country is not "
                                    "known); a trip crossing two borders counts in both corridors. Services per "
                                    "week = services / (days the timetable covers in the range / 7). Seats: the sum "
                                    "over the services of the seats file's figure, shown only when every service has "
                                    "one."));
    add_corridor_notes(f.tables_.back());
    f.tables_.push_back(keyed_table("network.modes", "Services by mode", "mode", "Mode", modes_,
                                    "Services (runs of a trip on one service day whose first departure's service day "
                                    "is in the range) by the trip's mode (from GTFS route_type). Services per week = "
                                    "services / (days the timetable covers in the range / 7). Seats: the sum over the "
                                    "services of the seats file's figure, shown only when every service has one."));
    f.tables_.push_back(city_pairs());
    f.tables_.push_back(operators());
    f.tables_.push_back(crossings());
    f.tables_.push_back(travel_times());
    return f;
  }

 private:
  std::string range_text() const { return fmt::format("{}..{}", format_date(r_.range_.first_), format_date(r_.range_.last_)); }
  std::string data_text() const { return fmt::format("{}..{}", format_date(data_first_), format_date(data_last_)); }

  // Where the data ends, said on every table the timetable's days bound.
  void add_coverage_notes(table& t) const {
    if (days_ == 0) {
      t.notes_.push_back(fmt::format("The range {} is outside the days the timetable covers ({}): nothing is counted",
                                     range_text(), tt_.scalars().n_days_ == 0 ? std::string{"none"} : data_text()));
    } else if (first_ > r_.range_.first_ || last_ < r_.range_.last_) {
      t.notes_.push_back(fmt::format("The timetable covers {}: only {}..{} ({} days) of the range {} are counted, days "
                                     "outside it count nothing",
                                     data_text(), format_date(first_), format_date(last_), days_, range_text()));
    }
  }
  void add_service_notes(table& t) const {
    add_coverage_notes(t);
    if (total_.estimated_ > 0) {
      t.notes_.push_back(fmt::format("{} of {} services are estimated (the data marks their times as placed from a "
                                     "duration or frequency, not taken from a published timetable)",
                                     total_.estimated_, total_.services_));
    }
    if (!r_.seats_.empty()) {
      t.notes_.push_back(fmt::format("Seats are known for {} of {} services (from the seats file)", total_.seats_known_,
                                     total_.services_));
    }
    sources_.fill(t);
    seat_sources_.fill(t);
  }

  void places_and_countries() {
    std::vector<std::string_view> country_of_tz;
    for (std::size_t z = 0; z < tt_.columns().tz_names_.size(); ++z) {
      country_of_tz.push_back(planner::country_of_zone(tt_.tz_name(tt::tz_idx{static_cast<std::uint32_t>(z)})));
    }
    place_of_.resize(tt_.n_stops());
    country_.resize(tt_.n_stops());
    for (std::uint32_t s = 0; s < tt_.n_stops(); ++s) {
      auto top = tt::stop_idx{s};
      for (int depth = 0; depth < 8 && tt_.stop(top).parent_ != tt::stop_idx::invalid(); ++depth) {
        top = tt_.stop(top).parent_;
      }
      place_of_[s] = top.v();
      auto const z = tt_.stop(tt::stop_idx{s}).tz_;
      country_[s] = z.idx() < country_of_tz.size() ? country_of_tz[z.idx()] : std::string_view{};
    }
  }

  void seats_of_trips() {
    if (r_.seats_.empty()) {
      return;
    }
    trip_seats_.assign(tt_.n_trips(), 0);
    seat_source_of_.assign(tt_.n_trips(), nullptr);
    // Routes first (one pass over the trips): a trip's own figure wins over its route's.
    std::vector<seats_entry const*> of_route(tt_.n_routes(), nullptr);
    for (auto const& e : r_.seats_) {
      if (e.route_id_.empty()) {
        continue;
      }
      auto const route = tt_.find_route(e.route_id_);
      if (!route) {
        throw std::invalid_argument(fmt::format("seats: route_id `{}` is not in the timetable", e.route_id_));
      }
      of_route[route->idx()] = &e;
    }
    for (std::uint32_t t = 0; t < tt_.n_trips(); ++t) {
      if (auto const* e = of_route[tt_.trip(tt::trip_idx{t}).route_.idx()]; e != nullptr) {
        trip_seats_[t] = e->seats_;
        seat_source_of_[t] = &e->source_;
      }
    }
    for (auto const& e : r_.seats_) {
      if (e.trip_id_.empty()) {
        continue;
      }
      auto const trips = tt_.find_trips(e.trip_id_);
      if (trips.empty()) {
        throw std::invalid_argument(fmt::format("seats: trip_id `{}` is not in the timetable", e.trip_id_));
      }
      for (auto t : trips) {
        trip_seats_[t.idx()] = e.seats_;
        seat_source_of_[t.idx()] = &e.source_;
      }
    }
  }

  // Runs of each service-day set within the range: a popcount over its words, once per set.
  void count_runs() {
    auto const words = tt_.scalars().bitfield_words_;
    auto const n_sets = words == 0 ? 0 : tt_.columns().bitfields_.size() / words;
    runs_.assign(n_sets, 0);
    if (days_ == 0) {
      return;
    }
    auto const a = static_cast<std::uint32_t>(first_ - data_first_), b = static_cast<std::uint32_t>(last_ - data_first_);
    for (std::size_t set = 0; set < n_sets; ++set) {
      auto const* w = tt_.columns().bitfields_.data() + set * words;
      std::int64_t n = 0;
      for (auto i = a / 64U; i <= b / 64U; ++i) {
        auto word = w[i];
        if (i == a / 64U) {
          word &= ~std::uint64_t{0} << (a % 64U);
        }
        if (i == b / 64U && b % 64U != 63U) {
          word &= (std::uint64_t{1} << (b % 64U + 1U)) - 1U;
        }
        n += std::popcount(word);
      }
      runs_[set] = n;
    }
  }

  void count_patterns() {
    agencies_.resize(tt_.columns().agencies_.size());
    place_served_.assign(tt_.n_stops(), 0);
    std::vector<std::int32_t> fastest;
    std::vector<std::uint32_t> boards, alights;
    std::vector<std::pair<std::uint64_t, std::int32_t>> pairs;
    for (std::uint32_t p = 0; p < tt_.n_patterns(); ++p) {
      auto const pi = tt::pattern_idx{p};
      auto const& pr = tt_.pattern(pi);
      auto const stops = tt_.pattern_stops(pi);
      auto const n = static_cast<std::uint32_t>(stops.size());
      boards.clear();
      alights.clear();
      for (std::uint32_t i = 0; i < n; ++i) {
        if (stops[i].can_board()) {
          boards.push_back(i);
        }
        if (stops[i].can_alight()) {
          alights.push_back(i);
        }
      }
      fastest.assign(static_cast<std::size_t>(n) * n, kNoRide);
      measure m;
      for (std::uint32_t k = 0; k < pr.n_trips_; ++k) {
        auto const t = pr.first_trip_.v() + k;
        auto const& trip = tt_.trip(tt::trip_idx{t});
        auto const runs = runs_[trip.service_.idx()];
        if (runs == 0) {
          continue;
        }
        measure tm{runs, trip.confidence_ == tt::confidence::kEstimated ? runs : 0, 0, 0};
        if (!trip_seats_.empty() && trip_seats_[t] > 0) {
          tm.seats_ = runs * trip_seats_[t];
          tm.seats_known_ = runs;
          seat_sources_.add(*seat_source_of_[t]);
        }
        m.add(tm);
        agencies_[tt_.route(trip.route_).agency_.idx()].add(tm);
        sources_.add(tt_.str(trip.source_));
        // Direct rides: trip k's departure at a boarding stop to its arrival at each later alighting one.
        auto const* times = tt_.columns().stop_times_.data() + pr.first_stop_time_ + static_cast<std::size_t>(k) * n;
        for (auto i : boards) {
          auto const dep = times[i].dep_;
          auto* row = fastest.data() + static_cast<std::size_t>(i) * n;
          for (auto j = i + 1; j < n; ++j) {
            row[j] = std::min(row[j], times[j].arr_ - dep);
          }
        }
      }
      if (m.services_ == 0) {
        continue;
      }
      total_.add(m);
      modes_[std::string{tt::to_string(pr.mode_)}].add(m);
      for (auto const& c : corridors_of(stops)) {
        corridors_[c].add(m);
      }
      for (auto i : boards) {
        place_served_[place_of_[stops[i].stop().idx()]] = 1;
      }
      for (auto j : alights) {
        place_served_[place_of_[stops[j].stop().idx()]] = 1;
      }
      // The pattern's city pairs, each once even where it calls at a place twice (a loop).
      pairs.clear();
      for (auto i : boards) {
        auto const from = place_of_[stops[i].stop().idx()];
        for (auto j : alights) {
          auto const to = place_of_[stops[j].stop().idx()];
          if (j > i && from != to) {
            pairs.emplace_back(std::uint64_t{from} << 32U | to, fastest[static_cast<std::size_t>(i) * n + j]);
          }
        }
      }
      if (!distinct_places(stops)) {
        std::sort(pairs.begin(), pairs.end());
      }
      for (std::size_t x = 0; x < pairs.size(); ++x) {
        if (x > 0 && pairs[x].first == pairs[x - 1].first) {
          continue;  // sorted (by ride time too): the first of a key is its fastest
        }
        auto& f = pairs_.at(pairs[x].first);
        f.services_ += m.services_;
        f.estimated_ += m.estimated_;
        f.seats_ += m.seats_;
        f.seats_known_ += m.seats_known_;
        f.fastest_s_ = std::min(f.fastest_s_, pairs[x].second);
      }
    }
  }

  // Whether the pattern calls at each place once: then each (i, j) is a city pair of its own and needs no
  // sorting to count once.
  bool distinct_places(std::span<tt::pattern_stop const> stops) {
    scratch_.clear();
    for (auto const& s : stops) {
      scratch_.push_back(place_of_[s.stop().idx()]);
    }
    std::sort(scratch_.begin(), scratch_.end());
    return std::adjacent_find(scratch_.begin(), scratch_.end()) == scratch_.end();
  }

  std::vector<std::string> corridors_of(std::span<tt::pattern_stop const> stops) const {
    std::set<std::string> out;
    std::string_view one;
    bool one_country = true;
    for (std::size_t i = 0; i < stops.size(); ++i) {
      auto const c = country_[stops[i].stop().idx()];
      if (c.empty()) {
        one_country = false;
        continue;
      }
      if (one.empty()) {
        one = c;
      } else if (c != one) {
        one_country = false;
      }
      if (i > 0) {
        auto const prev = country_[stops[i - 1].stop().idx()];
        if (!prev.empty() && prev != c) {
          out.insert(prev < c ? fmt::format("{}-{}", prev, c) : fmt::format("{}-{}", c, prev));
        }
      }
    }
    if (out.empty()) {
      out.insert(one_country && !one.empty() ? fmt::format("domestic {}", one) : std::string{"domestic"});
    }
    return {out.begin(), out.end()};
  }

  table totals() const {
    table t;
    t.id_ = "network.totals";
    t.title_ = "The network in the range";
    t.definition_ =
        "Services: runs of a trip on one service day whose first departure's service day (in the trip's time "
        "zone) is in the range. Services per week = services / (days / 7). Estimated services: those whose "
        "trip's times the data marks as estimated. Direct city pairs: ordered pairs of places (a stop's top "
        "station, else the stop) with at least one service boarding at the first and later alighting at the "
        "second. Places: those where a service counted may board or alight. Operators: agencies with a service "
        "counted. Days: the days of the range the timetable covers.";
    t.columns_ = {count_column("services", "Services", "services"),
                  {"servicesPerWeek", "Services per week", column_type::kNumber, "services/week"},
                  count_column("estimatedServices", "Estimated services", "services"),
                  count_column("directCityPairs", "City pairs linked directly", "pairs"),
                  count_column("places", "Places served", "places"),
                  count_column("operators", "Operators", "operators"),
                  count_column("days", "Days covered", "days")};
    auto const operators = std::count_if(agencies_.begin(), agencies_.end(), [](measure const& m) { return m.services_ > 0; });
    auto const places = std::count(place_served_.begin(), place_served_.end(), std::uint8_t{1});
    t.rows_.push_back(row{{count_cell(total_.services_), per_week(total_.services_, days_), count_cell(total_.estimated_),
                           count_cell(static_cast<std::int64_t>(pairs_.size())), count_cell(places), count_cell(operators),
                           count_cell(days_)}});
    add_service_notes(t);
    return t;
  }

  table keyed_table(std::string id, std::string title, std::string key, std::string label,
                    std::map<std::string, measure> const& by, std::string definition) const {
    table t;
    t.id_ = std::move(id);
    t.title_ = std::move(title);
    t.definition_ = std::move(definition);
    t.columns_ = {text_column(std::move(key), std::move(label))};
    for (auto& c : measure_columns()) {
      t.columns_.push_back(std::move(c));
    }
    std::vector<std::pair<std::string, measure>> rows{by.begin(), by.end()};
    std::stable_sort(rows.begin(), rows.end(), [](auto const& x, auto const& y) { return x.second.services_ > y.second.services_; });
    for (auto const& [k, m] : rows) {
      row rw;
      rw.cells_.push_back(k);
      append_measure(rw.cells_, m, days_);
      t.rows_.push_back(std::move(rw));
    }
    add_service_notes(t);
    return t;
  }

  void add_corridor_notes(table& t) const {
    if (corridors_.size() > 1) {
      t.notes_.push_back("A trip crossing several borders counts once in each of its corridors: the rows may add up to more "
                         "than the total");
    }
    if (std::any_of(country_.begin(), country_.end(), [](std::string_view c) { return c.empty(); })) {
      t.notes_.push_back("Countries come from the stops' time zones (Caravan knows China's and Central Asia's); stops in "
                         "other zones have no country and cross no border here");
    }
  }

  row place_cells(row rw, std::uint32_t place, bool with_country) const {
    auto const& s = tt_.stop(tt::stop_idx{place});
    rw.cells_.emplace_back(std::string{tt_.str(s.id_)});
    rw.cells_.emplace_back(std::string{tt_.str(s.name_)});
    if (with_country) {
      rw.cells_.emplace_back(std::string{country_[place]});
    }
    return rw;
  }

  table city_pairs() const {
    table t;
    t.id_ = "network.cityPairs";
    t.title_ = "Services by city pair";
    t.definition_ =
        "Ordered pairs of places (a stop's top station, else the stop) linked directly: a service boards at the "
        "first (boarding allowed) and later alights at the second (alighting allowed), counted once per service "
        "even when it calls at a place twice. Services: runs of a trip on one service day whose first departure's "
        "service day is in the range. Fastest: the shortest scheduled ride between them (departure to arrival) "
        "among the trips counted. Seats: the sum of the seats file's figures, shown only when every service has "
        "one. Sorted by services, busiest first.";
    t.columns_ = {text_column("fromId", "From (id)"), text_column("fromName", "From"), text_column("fromCountry", "From country"),
                  text_column("toId", "To (id)"),     text_column("toName", "To"),     text_column("toCountry", "To country"),
                  count_column("services", "Services", "services"),
                  {"servicesPerWeek", "Services per week", column_type::kNumber, "services/week"},
                  count_column("estimatedServices", "Estimated services", "services"),
                  count_column("fastestMinutes", "Fastest ride", "minutes"),
                  count_column("seats", "Seats", "seats"),
                  count_column("seatsKnownServices", "Services with known seats", "services")};
    std::vector<pair_figures> all;
    all.reserve(pairs_.size());
    pairs_.for_each([&](pair_figures const& f) { all.push_back(f); });
    auto const id_of = [&](std::uint32_t place) { return tt_.str(tt_.stop(tt::stop_idx{place}).id_); };
    auto const before = [&](pair_figures const& x, pair_figures const& y) {
      if (x.services_ != y.services_) {
        return x.services_ > y.services_;
      }
      auto const xf = id_of(static_cast<std::uint32_t>(x.key_ >> 32U)), yf = id_of(static_cast<std::uint32_t>(y.key_ >> 32U));
      if (xf != yf) {
        return xf < yf;
      }
      return id_of(static_cast<std::uint32_t>(x.key_)) < id_of(static_cast<std::uint32_t>(y.key_));
    };
    auto const shown = std::min(all.size(), r_.max_city_pairs_);
    std::partial_sort(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(shown), all.end(), before);
    for (std::size_t i = 0; i < shown; ++i) {
      auto const& f = all[i];
      auto rw = place_cells(place_cells(row{}, static_cast<std::uint32_t>(f.key_ >> 32U), true), static_cast<std::uint32_t>(f.key_), true);
      rw.cells_.push_back(count_cell(f.services_));
      rw.cells_.push_back(per_week(f.services_, days_));
      rw.cells_.push_back(count_cell(f.estimated_));
      rw.cells_.push_back(f.fastest_s_ == kNoRide ? cell{} : count_cell((f.fastest_s_ + 30) / 60));
      rw.cells_.push_back(seats_cell(f.seats_, f.seats_known_, f.services_));
      rw.cells_.push_back(count_cell(f.seats_known_));
      t.rows_.push_back(std::move(rw));
    }
    if (shown < all.size()) {
      t.notes_.push_back(fmt::format("{} city pairs are linked directly in all; the {} busiest are listed", all.size(), shown));
    }
    add_service_notes(t);
    return t;
  }

  table operators() const {
    table t;
    t.id_ = "network.operators";
    t.title_ = "Services by operator";
    t.definition_ =
        "Services (runs of a trip on one service day whose first departure's service day is in the range) by "
        "the agency running the trip's route. Services per week = services / (days the timetable covers in the "
        "range / 7). Seats: the sum of the seats file's figures, shown only when every service has one.";
    t.columns_ = {text_column("operatorId", "Operator (id)"), text_column("operatorName", "Operator")};
    for (auto& c : measure_columns()) {
      t.columns_.push_back(std::move(c));
    }
    std::vector<std::uint32_t> order;
    for (std::uint32_t a = 0; a < agencies_.size(); ++a) {
      if (agencies_[a].services_ > 0) {
        order.push_back(a);
      }
    }
    auto const id_of = [&](std::uint32_t a) { return tt_.str(tt_.agency(tt::agency_idx{a}).id_); };
    std::sort(order.begin(), order.end(), [&](std::uint32_t x, std::uint32_t y) {
      return agencies_[x].services_ != agencies_[y].services_ ? agencies_[x].services_ > agencies_[y].services_ : id_of(x) < id_of(y);
    });
    for (auto a : order) {
      auto const& ag = tt_.agency(tt::agency_idx{a});
      row rw;
      rw.cells_.emplace_back(std::string{tt_.str(ag.id_)});
      rw.cells_.emplace_back(std::string{tt_.str(ag.name_)});
      append_measure(rw.cells_, agencies_[a], days_);
      t.rows_.push_back(std::move(rw));
    }
    add_service_notes(t);
    return t;
  }

  table crossings() const {
    table t;
    t.id_ = "network.crossings";
    t.title_ = "Border crossings' open days by month";
    t.definition_ =
        "Per border crossing of the road links and calendar month: the days of the month inside the range and the "
        "timetable's days, and how many of them the crossing is open (its weekly hours give that weekday hours and "
        "the date is not a listed closed date), closed for the weekday, or closed on a listed date (a holiday), "
        "each day local at the crossing. Countries: the two nearest it (by driving time) among those of the road links' ends that pass it.";
    t.columns_ = {text_column("crossingId", "Crossing (id)"),
                  text_column("crossingName", "Crossing"),
                  text_column("countries", "Countries"),
                  text_column("month", "Month"),
                  count_column("days", "Days", "days"),
                  count_column("openDays", "Open days", "days"),
                  count_column("closedWeekdayDays", "Closed (weekday)", "days"),
                  count_column("closedListedDays", "Closed (listed date)", "days")};
    if (tt_.n_crossings() == 0) {
      t.notes_.push_back("The timetable has no border crossings (Caravan's caravan_border_crossings.txt): nothing to count");
      return t;
    }
    add_coverage_notes(t);
    // A crossing's countries: the two nearest it, by driving time, among those of the road links' ends
    // that pass it (a Bishkek - Tashkent drive passes Zhibek Zholy, but Kyrgyzstan is not at that border).
    std::vector<std::map<std::string_view, std::int32_t>> countries(tt_.n_crossings());
    for (auto const& l : tt_.columns().road_links_) {
      if (l.crossing_ != tt::crossing_idx::invalid() && l.crossing_.idx() < countries.size()) {
        for (auto const& [s, drive] : {std::pair{l.from_, l.before_s_}, std::pair{l.to_, l.after_s_}}) {
          if (auto const c = country_[s.idx()]; !c.empty()) {
            auto [it, added] = countries[l.crossing_.idx()].emplace(c, drive);
            it->second = std::min(it->second, drive);
          }
        }
      }
    }
    source_list sources;
    auto const months = days_ == 0 ? std::vector<month_span>{} : months_of(first_, last_);
    for (std::uint32_t x = 0; x < tt_.n_crossings(); ++x) {
      auto const xi = tt::crossing_idx{x};
      auto const& b = tt_.crossing(xi);
      sources.add(tt_.str(b.source_));
      std::vector<std::pair<std::int32_t, std::string_view>> nearest;
      for (auto const& [c, d] : countries[x]) {
        nearest.emplace_back(d, c);
      }
      std::sort(nearest.begin(), nearest.end());
      std::vector<std::string_view> two;
      for (std::size_t i = 0; i < nearest.size() && i < 2; ++i) {
        two.push_back(nearest[i].second);
      }
      std::sort(two.begin(), two.end());
      auto const joined = fmt::format("{}", fmt::join(two, "-"));
      for (auto const& m : months) {
        std::array<std::int64_t, 3> by_state{};
        for (auto d = m.first_; d <= m.last_; ++d) {
          ++by_state[static_cast<std::size_t>(tt::crossing_on(tt_, xi, d).state_)];
        }
        t.rows_.push_back(row{{std::string{tt_.str(b.id_)}, std::string{tt_.str(b.name_)}, joined, m.name_,
                               count_cell(m.last_ - m.first_ + 1),
                               count_cell(by_state[static_cast<std::size_t>(tt::crossing_state::kOpen)]),
                               count_cell(by_state[static_cast<std::size_t>(tt::crossing_state::kClosedWeekday)]),
                               count_cell(by_state[static_cast<std::size_t>(tt::crossing_state::kClosedListed)])}});
      }
    }
    t.notes_.push_back("Closed dates are those the data lists (holidays); hours the sources did not give are marked in each "
                       "crossing's source");
    sources.fill(t);
    return t;
  }

  table travel_times() const {
    table t;
    t.id_ = "network.travelTimes";
    t.title_ = "Fastest journeys between places by month";
    t.definition_ =
        "For each ordered pair of the chosen places and each month of the range: the fastest journey (least time "
        "from setting out to arrival; a journey that would wait at a closed border crossing sets out later "
        "instead) among those the journey planner finds departing in the month's first 7 days inside the range "
        "and the timetable's days (local at the origin), over every mode, trips, road links and walks. Transfers: "
        "rides - 1. Estimated: a ride's times (or a road link's driving time) are estimated.";
    t.columns_ = {text_column("fromId", "From (id)"),
                  text_column("fromName", "From"),
                  text_column("toId", "To (id)"),
                  text_column("toName", "To"),
                  text_column("month", "Month"),
                  count_column("fastestMinutes", "Fastest journey", "minutes"),
                  text_column("departure", "Departure (local)"),
                  count_column("transfers", "Transfers", "transfers"),
                  text_column("modes", "Modes"),
                  text_column("estimated", "Estimated")};
    std::vector<tt::stop_idx> places;
    std::vector<std::string> missing;
    for (auto const& id : r_.travel_time_places_) {
      auto const s = tt_.find_stop(id);
      if (!s) {
        if (!r_.places_are_defaults_) {
          throw std::invalid_argument(fmt::format("places: `{}` is not a stop id of the timetable", id));
        }
        missing.push_back(id);
        continue;
      }
      if (std::find(places.begin(), places.end(), *s) == places.end()) {
        // A stop within another place (a station's platform) is that place: the "journey" between them
        // would be 0 minutes with no ride.
        for (auto const p : places) {
          auto const inner = within(*s, p) ? *s : within(p, *s) ? p : tt::stop_idx::invalid();
          if (inner != tt::stop_idx::invalid()) {
            auto const outer = inner == *s ? p : *s;
            throw std::invalid_argument(fmt::format("places: `{}` is within `{}`: name each place once, by its top station",
                                                    tt_.str(tt_.stop(inner).id_), tt_.str(tt_.stop(outer).id_)));
          }
        }
        places.push_back(*s);
      }
    }
    if (!missing.empty()) {
      t.notes_.push_back(fmt::format("Not in this timetable, left out: {}", fmt::join(missing, ", ")));
    }
    if (places.size() < 2) {
      t.notes_.push_back("Fewer than two places to follow: no journeys (give place ids)");
      return t;
    }
    add_coverage_notes(t);
    if (days_ == 0) {
      return t;
    }
    routing::engine const engine{tt_};
    auto state = routing::make_search_state();
    std::vector<std::vector<routing::place>> ends(places.size());
    for (std::size_t i = 0; i < places.size(); ++i) {
      std::vector<tt::stop_idx> stops;
      add_with_children(tt_, places[i], stops);
      for (auto s : stops) {
        ends[i].push_back({s, 0});
      }
    }
    source_list sources;
    std::int64_t estimated_rows = 0, rows_with_journey = 0;
    bool road_first = false;
    for (auto const& m : months_of(first_, last_)) {
      auto const n_days = std::min<std::int32_t>(static_cast<std::int32_t>(kTravelTimeDays), m.last_ - m.first_ + 1);
      for (std::size_t a = 0; a < places.size(); ++a) {
        auto const tz = tt_.tz_name(tt_.stop(places[a]).tz_);
        for (std::size_t b = 0; b < places.size(); ++b) {
          if (a == b) {
            continue;
          }
          routing::query q;
          q.from_ = ends[a];
          q.to_ = ends[b];
          q.time_ = planner::local_midnight(m.first_, tz);
          q.window_s_ = n_days * 86'400 - 60;  // to 23:59 of the last day
          q.horizon_s_ = kTravelTimeHorizon;
          std::vector<routing::journey> found;
          if (!engine.check(q)) {
            found = engine.route(q, *state);
          }
          routing::journey const* best = nullptr;
          std::int64_t best_leave = 0;
          for (auto const& j : found) {
            auto const leave = leave_of(j);
            if (best == nullptr || j.arrival_ - leave < best->arrival_ - best_leave ||
                (j.arrival_ - leave == best->arrival_ - best_leave && leave < best_leave)) {
              best = &j;
              best_leave = leave;
            }
          }
          auto rw = place_cells(place_cells(row{}, places[a].v(), false), places[b].v(), false);
          rw.cells_.emplace_back(m.name_);
          if (best == nullptr) {
            rw.cells_.insert(rw.cells_.end(), {cell{}, cell{std::string{}}, cell{}, cell{std::string{}}, cell{std::string{}}});
          } else {
            ++rows_with_journey;
            std::vector<std::string_view> modes;
            bool estimated = false;
            for (auto const& l : best->legs_) {
              std::string_view mode;
              if (l.kind_ == routing::leg_kind::kTrip) {
                auto const& trip = tt_.trip(l.trip_);
                mode = tt::to_string(tt_.pattern(trip.pattern_).mode_);
                estimated = estimated || trip.confidence_ == tt::confidence::kEstimated;
                sources.add(tt_.str(trip.source_));
              } else if (l.kind_ == routing::leg_kind::kRoad) {
                auto const& road = tt_.road(l.road_);
                mode = tt::to_string(tt::mode::kRoad);
                estimated = estimated || road.estimated_ != 0;
                sources.add(tt_.str(road.source_));
              }
              if (!mode.empty() && std::find(modes.begin(), modes.end(), mode) == modes.end()) {
                modes.push_back(mode);
              }
            }
            estimated_rows += estimated ? 1 : 0;
            auto const first_ride = std::find_if(best->legs_.begin(), best->legs_.end(),
                                                 [](routing::leg const& l) { return l.kind_ != routing::leg_kind::kWalk; });
            road_first = road_first || (first_ride != best->legs_.end() && first_ride->kind_ == routing::leg_kind::kRoad);
            rw.cells_.push_back(count_cell((best->arrival_ - best_leave + 30) / 60));
            rw.cells_.emplace_back(planner::format_time(best_leave, tz));
            rw.cells_.push_back(count_cell(best->transfers_));
            rw.cells_.emplace_back(fmt::format("{}", fmt::join(modes, "+")));
            rw.cells_.emplace_back(std::string{estimated ? "yes" : "no"});
          }
          t.rows_.push_back(std::move(rw));
        }
      }
    }
    t.notes_.push_back(fmt::format("{} of {} rows have a journey; {} of those use estimated times", rows_with_journey,
                                   t.rows_.size(), estimated_rows));
    if (road_first) {
      t.notes_.push_back("A journey that sets out on a road link (a drive, a taxi) may leave at any time: its departure is "
                         "the one the search tried, its time the drive's and any wait after it");
    }
    sources.fill(t);
    return t;
  }

  // Whether stop `s` lies below `place` (its parent, the parent's parent ...), as place_of_ climbs.
  bool within(tt::stop_idx s, tt::stop_idx place) const {
    auto at = s;
    for (int depth = 0; depth < 8 && tt_.stop(at).parent_ != tt::stop_idx::invalid(); ++depth) {
      at = tt_.stop(at).parent_;
      if (at == place) {
        return true;
      }
    }
    return false;
  }

  // A journey that sets out by road and would wait at a closed crossing leaves later instead.
  std::int64_t leave_of(routing::journey const& j) const {
    auto const first = std::find_if(j.legs_.begin(), j.legs_.end(), [](routing::leg const& l) { return l.kind_ != routing::leg_kind::kWalk; });
    if (first != j.legs_.end() && first->kind_ == routing::leg_kind::kRoad) {
      return j.departure_ + routing::road_wait(tt_, tt_.road(first->road_), first->departure_);
    }
    return j.departure_;
  }

  tt::timetable const& tt_;
  network_request const& r_;
  std::int32_t data_first_{0}, data_last_{0}, first_{0}, last_{0}, days_{0};
  std::vector<std::uint32_t> place_of_;     // stop -> its top station (a stop_idx)
  std::vector<std::string_view> country_;   // stop -> country ("" unknown)
  std::vector<std::uint8_t> place_served_;  // stop_idx of a place -> a service boards or alights there
  std::vector<std::int32_t> trip_seats_;    // trip -> seats (0: unknown); empty without a seats file
  std::vector<std::string const*> seat_source_of_;  // trip -> its seats entry's source
  std::vector<std::int64_t> runs_;          // service-day set -> days it runs within the range
  measure total_;
  std::vector<measure> agencies_;
  std::map<std::string, measure> corridors_, modes_;
  pair_table pairs_;
  std::vector<std::uint32_t> scratch_;
  source_list sources_, seat_sources_;  // of the services counted, and of their seats
};

}  // namespace

std::vector<std::string> const& capitals() {
  static std::vector<std::string> const ids{"beijing", "astana", "bishkek", "tashkent", "dushanbe", "ashgabat"};
  return ids;
}

network_figures compute_network(tt::timetable const& tt, network_request const& request) {
  return network_counter{tt, request}.run();
}

}  // namespace caravan::stats

// A tour request read and checked, the solver run, and each chosen order played out into days, items,
// nights and the entry rules' verdicts.
#include "caravan/tours/tour.h"

#include <fmt/format.h>

#include <algorithm>
#include <numeric>
#include <set>

#include "caravan/planner/countries.h"
#include "caravan/planner/edit_distance.h"
#include "caravan/planner/error.h"
#include "caravan/planner/modes.h"
#include "caravan/planner/times.h"
#include "caravan/rules/itinerary.h"
#include "solver.h"

namespace caravan::tours {

using detail::kNever;

std::string_view to_string(item_kind k) {
  switch (k) {
    case item_kind::kJourney: return "journey";
    case item_kind::kTransfer: return "transfer";
    case item_kind::kVisit: return "visit";
    case item_kind::kWait: return "wait";
    case item_kind::kNight: return "night";
  }
  return "?";
}

namespace {

// How far past the days available the solver looks, to say how many days all the sites need.
constexpr int kExtraDays = 14;
constexpr int kMaxSearchDays = 45;

std::string unknown_site(std::string_view id, site_catalogue const& sites) {
  std::vector<std::pair<std::size_t, std::string>> near;
  for (auto const& v : sites.visits()) {
    auto const d = v.id_.find(id) != std::string::npos ? 0 : planner::edit_distance(id, v.id_);
    if (d <= 3) {
      near.emplace_back(d, v.id_);
    }
  }
  std::sort(near.begin(), near.end());
  std::string msg = fmt::format("unknown site `{}`", id);
  for (std::size_t i = 0; i != near.size() && i != 5; ++i) {
    msg += fmt::format("{}{}", i == 0 ? "; did you mean: " : ", ", near[i].second);
  }
  return msg + (near.empty() ? " (GET /api/v1/sites lists them)" : "?");
}

bool is_country_code(std::string_view c) { return c.size() == 2 && c[0] >= 'A' && c[0] <= 'Z' && c[1] >= 'A' && c[1] <= 'Z'; }

std::vector<std::string> split(std::string_view s, char sep) {
  std::vector<std::string> out;
  for (std::size_t at = 0; at <= s.size();) {
    auto const next = std::min(s.find(sep, at), s.size());
    out.emplace_back(s.substr(at, next - at));
    at = next + 1;
  }
  return out;
}

// Plays an order out into items (the same steps as the solver's evaluate(), keeping what happens).
struct player {
  detail::network& net_;
  detail::problem const& p_;
  planner::journey_planner const& planner_;
  std::vector<site_visit const*> const& visits_;
  tour t_;
  std::int64_t travel_s_{0};

  std::string const& town_name(std::size_t town) const { return net_.town_at(town).name_; }
  std::string const& town_tz(std::size_t town) const { return net_.town_at(town).tz_; }

  void add(item_kind k, std::int64_t start, std::int64_t end, std::string tz, std::string place, bool estimated,
           std::string note = {}) {
    tour_item i;
    i.kind_ = k;
    i.start_ = start;
    i.end_ = end;
    i.tz_ = std::move(tz);
    i.place_ = std::move(place);
    i.estimated_ = estimated;
    i.note_ = std::move(note);
    t_.items_.push_back(std::move(i));
  }

  void wait(std::size_t town, std::int64_t from, std::int64_t to) {
    if (to - from >= 60) {
      add(item_kind::kWait, from, to, town_tz(town), town_name(town), false);
    }
  }

  // Travel from town a (ready at t) to b; returns the arrival.
  std::int64_t go(std::size_t a, std::size_t b, std::int64_t t) {
    auto const h = net_.travel(a, b, t);
    if (h.car_) {
      wait(a, t, h.dep_);
      add(item_kind::kTransfer, h.dep_, h.arr_, town_tz(a), town_name(b), true,
          fmt::format("by hired car from {} to {}, estimated", town_name(a), town_name(b)));
      if (town_tz(b) != town_tz(a)) {
        t_.items_.back().end_tz_ = town_tz(b);
      }
      travel_s_ += h.arr_ - h.dep_;
      return h.arr_;
    }
    if (h.journey_ == nullptr) {
      return t;
    }
    auto const& tt = planner_.timetable();
    auto const& j = *h.journey_;
    auto it = planner::present(tt, j, j.legs_.front().from_, j.legs_.back().to_);
    if (auto const shift = h.dep_ - j.departure_; shift > 0) {
      // Set out later by road instead of waiting at a closed crossing (network::make_hop).
      for (auto& l : it.legs_) {
        l.departure_ += shift;
        if (l.road_) {
          l.road_->crossing_wait_s_ = std::max<std::int64_t>(l.road_->crossing_wait_s_ - shift, 0);
          break;
        }
        l.arrival_ += shift;
      }
      it.departure_ += shift;
    }
    wait(a, t, h.dep_);
    auto const first_dep = it.legs_.front().departure_, last_arr = it.legs_.back().arrival_;
    if (first_dep > h.dep_) {
      add(item_kind::kTransfer, h.dep_, first_dep, town_tz(a), it.legs_.front().from_.name_, true,
          fmt::format("drive across {} to {}, estimated", town_name(a), it.legs_.front().from_.name_));
    }
    tour_item i;
    i.kind_ = item_kind::kJourney;
    i.start_ = first_dep;
    i.end_ = last_arr;
    i.tz_ = it.legs_.front().from_.tz_;
    i.place_ = it.legs_.back().to_.name_;
    i.end_tz_ = it.legs_.back().to_.tz_;
    i.estimated_ = std::any_of(it.legs_.begin(), it.legs_.end(), [](planner::leg_view const& l) { return l.estimated_; });
    // The drives across the towns are items of their own: the journey is its rides.
    it.departure_ = first_dep;
    it.arrival_ = last_arr;
    auto const arrival_tod = last_arr - net_.clock_of(b).at(net_.clock_of(b).date_of(last_arr), 0);
    if (arrival_tod > net_.config().day_end_s_ || arrival_tod < net_.config().day_start_s_) {
      i.note_ = fmt::format("arrives at {} local, outside the travel day", planner::format_time(last_arr, town_tz(b)).substr(11, 5));
    }
    i.journey_ = std::move(it);
    t_.items_.push_back(std::move(i));
    if (h.arr_ > last_arr) {
      add(item_kind::kTransfer, last_arr, h.arr_, town_tz(b), town_name(b), true,
          fmt::format("drive across {}, estimated", town_name(b)));
    }
    travel_s_ += h.arr_ - h.dep_;
    return h.arr_;
  }

  std::int64_t see(std::size_t i, std::int64_t t) {
    auto const& s = p_.sites_[i];
    auto const& v = *visits_[i];
    auto const times = detail::visit(net_, s, t);
    wait(s.town_, t, times.leave_);
    auto const tz = town_tz(s.town_);
    if (s.access_s_ > 0) {
      add(item_kind::kTransfer, times.leave_, times.start_, tz, v.name_, true,
          fmt::format("drive from {} to the site, estimated", town_name(s.town_)));
    }
    add(item_kind::kVisit, times.start_, times.end_, tz, v.name_, v.estimated_,
        v.estimated_ ? fmt::format("visit length and opening hours estimated ({} min, {:02}:{:02}-{:02}:{:02})",
                                   v.visit_s_ / 60, v.opens_s_ / 3600, v.opens_s_ % 3600 / 60, v.closes_s_ / 3600,
                                   v.closes_s_ % 3600 / 60)
                     : std::string{});
    t_.items_.back().site_id_ = v.id_;
    if (s.access_s_ > 0) {
      add(item_kind::kTransfer, times.end_, times.back_, tz, town_name(s.town_), true,
          fmt::format("drive back to {}, estimated", town_name(s.town_)));
    }
    travel_s_ += 2 * static_cast<std::int64_t>(s.access_s_);
    return times.back_;
  }

  // Where the traveller is over the tour: each leg on board, each stop between legs and every other item
  // in its place, in the zone of each.
  struct position {
    std::int64_t start_, end_;
    std::string tz_, place_;
    bool on_board_;
  };
  std::vector<position> positions() const {
    std::vector<position> out;
    for (auto const& i : t_.items_) {
      if (i.kind_ != item_kind::kJourney) {
        out.push_back({i.start_, i.end_, i.tz_, i.place_, false});
        continue;
      }
      auto const& legs = i.journey_->legs_;
      for (std::size_t k = 0; k != legs.size(); ++k) {
        auto const& l = legs[k];
        auto const name = !l.trip_short_name_.empty() ? l.trip_short_name_ : l.route_short_name_;
        out.push_back({l.departure_, l.arrival_, l.from_.tz_,
                       fmt::format("{}{}{} ({} -> {})", l.mode_, name.empty() ? "" : " ", name, l.from_.name_, l.to_.name_),
                       true});
        if (k + 1 != legs.size() && legs[k + 1].departure_ > l.arrival_) {
          out.push_back({l.arrival_, legs[k + 1].departure_, l.to_.tz_, l.to_.name_, false});
        }
      }
    }
    return out;
  }

  // A night for each date but the last: where the traveller is at 02:00 local, in a town or on board.
  void nights(std::int64_t end) {
    auto const where = positions();
    if (where.empty()) {
      return;
    }
    auto const first = net_.clock_of(p_.start_town_).date_of(t_.start_);
    auto const last = net_.clock_of(p_.end_town_).date_of(end);
    for (auto d = first; d < last; ++d) {
      auto const* at = &where.front();
      for (auto const& x : where) {
        auto const probe = planner::local_midnight(d + 1, x.tz_) + 2 * 3600;
        if (x.start_ > probe) {
          break;
        }
        at = &x;
        if (probe < x.end_) {
          break;
        }
      }
      tour_item n;
      n.kind_ = item_kind::kNight;
      n.tz_ = at->tz_;
      n.start_ = planner::local_midnight(d + 1, at->tz_) - 60;  // 23:59, the last item of its day
      n.end_ = planner::local_midnight(d + 1, at->tz_) + net_.config().day_start_s_;
      n.place_ = at->place_;
      n.on_board_ = at->on_board_;
      ++(n.on_board_ ? t_.nights_on_board_ : t_.nights_in_towns_);
      t_.items_.push_back(std::move(n));
    }
  }
};

// The whole tour's entries: the planner's check over all its journeys, with the start taken as the
// travellers' arrival in its country, and a group tour's size and operator on every stay.
planner::entry_check check_tour(tour const& t, planner::stop_view const& start, tour_request const& r,
                                rules::rule_set const& rules) {
  planner::itinerary all;
  all.departure_ = t.start_;
  all.arrival_ = t.end_;
  all.departure_tz_ = t.start_tz_;
  all.arrival_tz_ = t.end_tz_;
  for (auto const& i : t.items_) {
    if (i.kind_ == item_kind::kJourney) {
      all.legs_.insert(all.legs_.end(), i.journey_->legs_.begin(), i.journey_->legs_.end());
    }
  }
  auto e = planner::check_entry(all, rules, r.travellers_);
  auto const country = std::string{planner::country_of_zone(start.tz_)};
  if (!country.empty()) {
    rules::country_leg leg;
    leg.country_ = country;
    leg.arrival_unix_ = t.start_;
    leg.departure_unix_ = e.entries_.empty() ? t.end_ : e.entries_.front().at_;
    leg.arrival_offset_s_ = planner::utc_offset_s(leg.arrival_unix_, start.tz_);
    leg.departure_offset_s_ = planner::utc_offset_s(leg.departure_unix_, start.tz_);
    leg.entry_port_ = planner::port_of(start);
    auto first = rules::stays_from_legs(std::span{&leg, 1});
    e.stays_.stays_.insert(e.stays_.stays_.begin(), first.stays_.front());
    planner::country_entry x;
    x.country_ = country;
    x.at_ = t.start_;
    x.at_tz_ = start.tz_;
    x.stop_id_ = start.id_;
    x.stop_name_ = start.name_;
    x.port_ = leg.entry_port_;
    e.entries_.insert(e.entries_.begin(), std::move(x));
  }
  for (std::size_t i = 0; i != e.stays_.stays_.size(); ++i) {
    auto& s = e.stays_.stays_[i];
    if (r.group_) {
      s.group_ = r.group_;
    }
    // The tour leaves every country it enters by a planned journey; the last one as the request says.
    s.onward_ticket_ = i + 1 != e.stays_.stays_.size() || r.onward_ticket_;
  }
  e.results_ = e.stays_.stays_.empty() ? std::vector<rules::traveller_result>{}
                                       : rules::check(rules, r.travellers_, e.stays_);
  return e;
}

void check_request(tour_request const& r) {
  if (r.start_.empty()) {
    throw planner::query_error{"start", "give the place the tour starts from"};
  }
  if (r.start_time_.empty()) {
    throw planner::query_error{"time", "give the date and time the tour starts"};
  }
  if (r.days_ < 1 || r.days_ > kMaxDays) {
    throw planner::query_error{"days", fmt::format("days must be from 1 to {}", kMaxDays)};
  }
  if (r.sites_.empty() && r.theme_.empty()) {
    throw planner::query_error{"sites", "give the sites to visit (site ids) or a theme"};
  }
  if (r.travellers_.size() > kMaxTravellers) {
    throw planner::query_error{"travellers", fmt::format("at most {} travellers", kMaxTravellers)};
  }
  if (r.max_tours_ < 1 || r.max_tours_ > 5) {
    throw planner::query_error{"tours", "tours must be from 1 to 5"};
  }
  if (r.day_start_s_ < 0 || r.day_end_s_ > 24 * 3600 || r.day_end_s_ - r.day_start_s_ < 3600) {
    throw planner::query_error{"dayEnd", "the travel day must end at least an hour after it starts, by 24:00"};
  }
  if (r.group_ && (r.group_->size_ < 1 || r.group_->size_ > 1000)) {
    throw planner::query_error{"group", "a group's size is from 1 to 1000"};
  }
}

}  // namespace

std::vector<std::string> theme_sites(std::string_view theme, sites::site_list const& sites) {
  auto const colon = theme.find(':');
  auto const kind = theme.substr(0, colon);
  auto const arg = colon == std::string_view::npos ? std::string_view{} : theme.substr(colon + 1);
  auto const in_property = [](sites::heritage_site const& s, std::string_view ref) {
    return s.unesco_ref_ == ref || (s.unesco_ref_.size() > ref.size() && s.unesco_ref_.starts_with(ref) &&
                                    s.unesco_ref_[ref.size()] == '-');
  };
  std::vector<std::string> countries;
  if (kind == "corridor" || kind == "country") {
    if (colon != std::string_view::npos && arg.empty()) {
      throw planner::query_error{"theme", fmt::format("`{}:` needs the countries after the colon, e.g. {}:KZ,KG", kind, kind)};
    }
    if (!arg.empty()) {
      countries = split(arg, ',');
      for (auto const& c : countries) {
        if (!is_country_code(c)) {
          throw planner::query_error{"theme", fmt::format("`{}` in theme `{}` is not a country code (KZ, KG, CN, ...)", c, theme)};
        }
      }
    } else if (kind == "country") {
      throw planner::query_error{"theme", "country: needs the countries, e.g. country:UZ or country:KZ,KG"};
    }
  } else if (kind == "unesco") {
    if (arg.empty() || !std::all_of(arg.begin(), arg.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      throw planner::query_error{"theme", "unesco: needs a UNESCO property number, e.g. unesco:1442"};
    }
  } else {
    throw planner::query_error{"theme", fmt::format("unknown theme `{}`: corridor, corridor:KZ,KG, country:UZ or unesco:603", theme)};
  }
  std::vector<std::string> out;
  for (auto const& s : sites) {
    auto const in_countries = countries.empty() || std::any_of(countries.begin(), countries.end(),
                                                               [&](std::string const& c) { return s.in_country(c); });
    auto const wanted = kind == "corridor" ? in_property(s, "1442") && in_countries
                        : kind == "country" ? in_countries
                                            : in_property(s, arg);
    if (wanted) {
      out.push_back(s.id_);
    }
  }
  if (out.empty()) {
    throw planner::query_error{"theme", fmt::format("theme `{}` has no sites in the data", theme)};
  }
  return out;
}

tour_answer plan_tour(tour_request const& r, planner::journey_planner const& planner, site_catalogue const& sites,
                      rules::rule_set const& rules, routing::search_state& s) {
  check_request(r);
  auto const& tt = planner.timetable();
  tour_answer a;
  auto const start_place = planner.places().resolve(r.start_, "start");
  auto const end_place = r.end_.empty() ? start_place : planner.places().resolve(r.end_, "end");
  auto const start_town = sites.town_of(start_place.primary_);
  auto const end_town = sites.town_of(end_place.primary_);
  a.start_ = {r.start_, planner::view_of(tt, start_town.main_)};
  a.end_ = {r.end_.empty() ? r.start_ : r.end_, planner::view_of(tt, end_town.main_)};
  a.days_available_ = r.days_;
  a.towns_ = sites.towns();
  auto const start_time = planner::parse_time(r.start_time_, start_town.tz_, "time");
  if (auto const outside = planner::coverage_message(planner.coverage(), start_time)) {
    throw planner::query_error{"time", fmt::format("{}: a tour starting {} has no journeys to take", *outside,
                                                   planner::format_time(start_time, start_town.tz_))};
  }
  auto const modes = r.modes_.empty() ? routing::kAllModes : planner::parse_modes(r.modes_);

  // The sites: those named, then the theme's, each once.
  std::vector<std::string> ids;
  for (auto const& id : r.sites_) {
    if (sites.find(id) == nullptr) {
      throw planner::query_error{"sites", unknown_site(id, sites)};
    }
    if (std::find(ids.begin(), ids.end(), id) == ids.end()) {
      ids.push_back(id);
    }
  }
  if (!r.theme_.empty()) {
    for (auto& id : theme_sites(r.theme_, sites.sites())) {
      if (std::find(ids.begin(), ids.end(), id) == ids.end()) {
        ids.push_back(std::move(id));
      }
    }
  }
  if (ids.size() > kMaxSites) {
    throw planner::query_error{"sites", fmt::format("{} sites: at most {} in one tour", ids.size(), kMaxSites)};
  }

  // Towns: the start's, the end's, the sites'.
  std::vector<town> towns{start_town};
  auto const town_index = [&](town const& t) {
    for (std::size_t i = 0; i != towns.size(); ++i) {
      if (towns[i].main_ == t.main_) {
        return i;
      }
    }
    towns.push_back(t);
    return towns.size() - 1;
  };
  detail::problem p;
  p.start_town_ = 0;
  p.end_town_ = town_index(end_town);
  p.start_time_ = start_time;
  p.days_available_ = r.days_;
  std::vector<site_visit const*> visits;
  std::vector<std::string> unreachable;
  for (auto const& id : ids) {
    auto const* v = sites.find(id);
    a.sites_.push_back(*v);
    if (!v->reachable_) {
      unreachable.push_back(id);
      continue;
    }
    visits.push_back(v);
    p.sites_.push_back({town_index(sites.towns()[v->town_]), v->access_s_, v->visit_s_, v->opens_s_, v->closes_s_});
  }
  detail::settings cfg{r.day_start_s_, r.day_end_s_, r.overnight_, modes,
                       start_time + static_cast<std::int64_t>(std::min(r.days_ + kExtraDays, kMaxSearchDays)) * 86'400,
                       r.stop_, r.hire_car_};
  // The start's local date: the first day.
  auto const offset = planner::utc_offset_s(start_time, start_town.tz_);
  auto const local = start_time + offset;
  auto const first_date = static_cast<std::int32_t>(local / 86'400 - (local % 86'400 < 0 ? 1 : 0));
  p.start_date_ = first_date;
  detail::network net{planner.engine(), s, std::move(towns), cfg, first_date};
  auto const horizon_days = std::min(r.days_ + kExtraDays, kMaxSearchDays);
  if (p.end_town_ != p.start_town_ && net.travel(p.start_town_, p.end_town_, start_time).arr_ == detail::kNever) {
    // Nothing can end there: say so of the end, not of the sites.
    throw planner::query_error{
        "end", fmt::format("no journey in the data reaches {} from {} within {} days of the start{}", end_town.name_,
                           start_town.name_, horizon_days, r.hire_car_ ? "" : " (a hired car, car=true, may)")};
  }

  detail::solution sol;
  if (r.keep_order_) {
    std::vector<std::size_t> order(p.sites_.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    auto const o = detail::evaluate(net, p, order);
    if (o.end_ != detail::kNever) {
      sol.orders_.push_back(order);
      sol.days_needed_ = o.days_;
    }
  } else if (!p.sites_.empty()) {
    sol = detail::solve(net, p, r.max_tours_);
  }
  a.proven_best_ = sol.proven_;
  a.method_ = r.keep_order_ ? std::string{"the order given (keep_order): not optimised"}
              : p.sites_.size() <= kExactLimit
                  ? fmt::format("exact in days: dynamic programming over {} sites (no tour of them takes fewer days); "
                                "travel time the least found by a local search among tours of as many days",
                                p.sites_.size())
                  : fmt::format("heuristic over {} sites (more than {}): time-greedy construction, then moves and "
                                "reversals while the tour improves; not proven best",
                                p.sites_.size(), kExactLimit);

  auto const play = [&](std::vector<std::size_t> const& order) {
    player pl{net, p, planner, visits, {}, 0};
    pl.t_.start_ = start_time;
    pl.t_.start_tz_ = start_town.tz_;
    auto at = p.start_town_;
    auto t = start_time;
    for (auto const i : order) {
      t = pl.go(at, p.sites_[i].town_, t);
      t = pl.see(i, t);
      at = p.sites_[i].town_;
      pl.t_.order_.push_back(visits[i]->id_);
    }
    t = pl.go(at, p.end_town_, t);
    pl.t_.end_ = t;
    pl.t_.end_tz_ = end_town.tz_;
    pl.nights(t);
    std::stable_sort(pl.t_.items_.begin(), pl.t_.items_.end(),
                     [](tour_item const& x, tour_item const& y) { return x.start_ < y.start_; });
    auto& out = pl.t_;
    out.travel_s_ = pl.travel_s_;
    out.days_ = net.clock_of(p.end_town_).date_of(t) - first_date + 1;
    out.fits_ = out.days_ <= r.days_;
    for (auto const& id : ids) {
      if (std::find(out.order_.begin(), out.order_.end(), id) == out.order_.end()) {
        out.left_out_.push_back(id);
      }
    }
    for (std::size_t k = 0; k != out.items_.size(); ++k) {
      auto const& i = out.items_[k];
      out.estimated_ = out.estimated_ || i.estimated_;
      // The day an item starts on, in its own zone; never back to an earlier day (a flight west lands
      // on an earlier local date than it left on: it stays in the day it started).
      auto const here = i.start_ + planner::utc_offset_s(i.start_, i.tz_);
      auto const number = static_cast<int>(here / 86'400 - (here % 86'400 < 0 ? 1 : 0)) - first_date + 1;
      if (out.days_list_.empty() || number > out.days_list_.back().number_) {
        tour_day d;
        d.date_ = planner::format_time(i.start_, i.tz_).substr(0, 10);
        d.number_ = number;
        out.days_list_.push_back(std::move(d));
      }
      out.days_list_.back().items_.push_back(k);
    }
    out.entry_ = check_tour(out, a.start_.stop_, r, rules);
    return out;
  };

  auto const all_fit = !sol.orders_.empty() && sol.days_needed_ && *sol.days_needed_ <= r.days_;
  if (!all_fit || !unreachable.empty() || !sol.unreachable_.empty()) {
    shortfall sf;
    sf.days_needed_ = unreachable.empty() ? sol.days_needed_ : std::nullopt;
    sf.unreachable_ = unreachable;
    for (auto const i : sol.unreachable_) {
      sf.unreachable_.push_back(visits[i]->id_);
      sf.days_needed_.reset();
      auto const& x = p.sites_[i];
      auto const first = std::max(x.opens_s_, r.day_start_s_ + x.access_s_);
      auto const last = std::min(x.closes_s_, r.day_end_s_ - x.access_s_);
      auto why = last - first < x.visit_s_
                     ? fmt::format("its visit ({} min) with the drive there and back ({} min each way) does not fit "
                                   "in the travel day and its opening hours",
                                   x.visit_s_ / 60, x.access_s_ / 60)
                     : fmt::format("no journey in the data reaches {} within {} days of the start (by the modes and "
                                   "travel day asked{})",
                                   net.town_at(x.town_).name_, horizon_days,
                                   r.hire_car_ ? "" : "; a hired car, car=true, may");
      a.notes_.push_back(fmt::format("{}: {}", visits[i]->id_, why));
      for (auto& v : a.sites_) {
        if (v.id_ == visits[i]->id_) {
          v.reachable_ = false;
          v.why_ = std::move(why);
        }
      }
    }
    if (sol.fitting_ && sol.fitting_->empty()) {
      a.notes_.push_back(fmt::format("not even one of the sites fits in {} days", r.days_));
    } else if (sol.fitting_) {
      for (std::size_t i = 0; i != visits.size(); ++i) {
        if (std::find(sol.fitting_->begin(), sol.fitting_->end(), i) == sol.fitting_->end() &&
            std::find(sol.unreachable_.begin(), sol.unreachable_.end(), i) == sol.unreachable_.end()) {
          sf.drop_.push_back(visits[i]->id_);
        }
      }
    }
    a.shortfall_ = std::move(sf);
  }
  if (sol.fitting_ && !sol.fitting_->empty()) {
    a.tours_.push_back(play(*sol.fitting_));
  }
  for (auto const& order : sol.orders_) {
    if (a.tours_.size() < r.max_tours_) {
      a.tours_.push_back(play(order));
    }
  }

  a.notes_.push_back(
      "visit lengths and opening hours are estimates (the site visits file where it has the site, else 2 hours, "
      "09:00-18:00: each site's visitSource says which): check them with the site before going");
  a.notes_.push_back(
      "drives to sites off the network and between a town's stations are estimated from the straight-line "
      "distance (x 1.3 at 60 km/h, plus 15 minutes)");
  if (r.overnight_) {
    a.notes_.push_back("journeys may run through the night (night trains and buses): ask for overnight=false to sleep in towns");
  }
  for (auto const& id : unreachable) {
    a.notes_.push_back(fmt::format("{}: {}", id, sites.find(id)->why_));
  }
  if (a.tours_.empty() && !p.sites_.empty()) {
    a.notes_.push_back(
        r.keep_order_
            ? fmt::format("the sites cannot be visited in the order given within {} days of the start (the data's "
                          "journeys, the modes and travel day asked{}): without keepOrder the solver may find an order",
                          horizon_days, r.overnight_ ? "" : ", no overnight journeys")
            : fmt::format("no tour visits any of the sites within {} days of the start (the data's journeys, the modes "
                          "and travel day asked{})",
                          horizon_days, r.overnight_ ? "" : "; without overnight journeys every hop must be done "
                                                            "in one travel day"));
  }
  if (!r.overnight_ && a.shortfall_) {
    a.notes_.push_back("without overnight journeys each journey between two towns must leave and arrive within one "
                       "travel day (the tour does not yet break a long journey at a town on the way): overnight=true "
                       "may reach more");
  }
  return a;
}

}  // namespace caravan::tours

#include "caravan/planner/trip.h"

#include <algorithm>
#include <array>
#include <tuple>

#include <date/date.h>

#include "caravan/base/error.h"
#include "caravan/planner/countries.h"
#include "caravan/planner/json.h"
#include "caravan/planner/modes.h"

namespace caravan::planner {

namespace {

constexpr std::array<main_mode, 4> kMainModes{{{"train", "rail"}, {"flight", "air"}, {"bus", "bus"}, {"road", "road"}}};

// The order plan() answers in: by departure for a window or arrive-by (latest first), else fastest first.
void sort_like_plan(std::vector<checked_itinerary>& v, plan_response const& p) {
  std::stable_sort(v.begin(), v.end(), [&](checked_itinerary const& a, checked_itinerary const& b) {
    if (p.window_s_ > 0) {
      return a.it_.departure_ < b.it_.departure_;
    }
    if (p.arrive_by_) {
      return std::tie(b.it_.departure_, a.it_.transfers_) < std::tie(a.it_.departure_, b.it_.transfers_);
    }
    return std::tie(a.it_.arrival_, a.it_.transfers_) < std::tie(b.it_.arrival_, b.it_.transfers_);
  });
}

std::optional<entry_check> entry_of(trip_request const& r, itinerary const& it) {
  if (r.travellers_.empty()) {
    return std::nullopt;
  }
  return check_entry(it, *r.rules_, r.travellers_);
}

// Before each search after the first: stop when the request's stop condition says so, then the caller's check.
void before_search(trip_request const& r) {
  if (r.plan_.stop_.requested()) {
    throw routing::cancelled{};
  }
  if (r.between_searches_) {
    r.between_searches_();
  }
}

// The no-visa set: the plain answer's journeys that need no visa and, unless that is all of them, a
// search that does not enter the closed countries (checked again on the journeys' real dates). Returns
// the closed countries' stops.
std::vector<tt::stop_idx> add_visa_free(journey_planner const& p, trip_request const& r, routing::search_state& s, trip_answer& out) {
  for (std::size_t i = 0; i != out.plan_.itineraries_.size(); ++i) {
    if (out.entries_[i]->visa_free()) {
      out.visa_free_.push_back({out.plan_.itineraries_[i], out.entries_[i]});
    }
  }
  auto const day = rules::day{date::floor<date::days>(date::sys_seconds{std::chrono::seconds{out.plan_.time_}})};
  out.closed_countries_ = closed_countries(p, *r.rules_, r.travellers_, day, p.country_of(out.plan_.from_.primary_));
  auto closed = p.stops_of_countries(out.closed_countries_);
  if (out.visa_free_.size() == out.plan_.itineraries_.size()) {
    return closed;  // every best journey needs no visa (or there is none): a narrower search finds no more
  }
  auto const to = p.country_of(out.plan_.to_.primary_);
  if (closed.empty() || std::find(out.closed_countries_.begin(), out.closed_countries_.end(), to) != out.closed_countries_.end()) {
    return closed;  // nothing to avoid, or the destination itself is closed
  }
  before_search(r);
  out.visa_free_searched_ = true;
  for (auto& it : p.plan(r.plan_, s, closed).itineraries_) {
    auto e = entry_of(r, it);
    auto const seen = std::any_of(out.visa_free_.begin(), out.visa_free_.end(),
                                  [&](checked_itinerary const& v) { return same_journey(v.it_, it); });
    if (e->visa_free() && !seen) {
      out.visa_free_.push_back({std::move(it), std::move(e)});
    }
  }
  sort_like_plan(out.visa_free_, out.plan_);
  return closed;
}

// The fastest journey of each main mode the request allows; with only_visa_free_, one that needs no visa,
// searched without entering the closed stops.
void add_best_by_mode(journey_planner const& p, trip_request const& r, std::span<tt::stop_idx const> closed,
                      routing::search_state& s, trip_answer& out) {
  auto const requested = r.plan_.modes_.empty() ? routing::kAllModes : parse_modes(r.plan_.modes_, "modes");
  for (auto const& m : kMainModes) {
    if ((parse_modes(m.modes_) & requested) == 0) {
      continue;  // the request leaves this mode out
    }
    if (out.plan_.itineraries_.empty()) {
      out.best_by_mode_.emplace_back(m, std::nullopt);  // a narrower search finds nothing either
      continue;
    }
    before_search(r);
    auto by_mode = r.plan_;
    by_mode.modes_ = std::string{m.modes_};
    std::optional<checked_itinerary> best;
    for (auto& it : p.plan(by_mode, s, closed).itineraries_) {
      // A journey of walks alone (stops a footpath apart) rides no train, plane or bus: it is no mode's best.
      if (std::none_of(it.legs_.begin(), it.legs_.end(),
                       [](leg_view const& l) { return l.kind_ != routing::leg_kind::kWalk; })) {
        continue;
      }
      auto e = entry_of(r, it);
      if (r.only_visa_free_ && !e->visa_free()) {
        continue;
      }
      if (!best || it.duration() < best->it_.duration()) {
        best = checked_itinerary{std::move(it), std::move(e)};
      }
    }
    out.best_by_mode_.emplace_back(m, std::move(best));
  }
}

}  // namespace

std::span<main_mode const> main_modes() { return kMainModes; }

bool same_journey(itinerary const& a, itinerary const& b) {
  return std::tie(a.departure_, a.arrival_, a.transfers_) == std::tie(b.departure_, b.arrival_, b.transfers_);
}

std::vector<std::string> closed_countries(journey_planner const& p, rules::rule_set const& rules,
                                          std::span<rules::traveller const> travellers, rules::day day, std::string_view from) {
  std::vector<std::string> out;
  for (auto const& country : p.countries()) {
    if (country == from) {
      continue;
    }
    rules::itinerary one_day;
    rules::stay st;
    st.country_ = country;
    st.entry_.date_ = day;
    st.exit_.date_ = day;
    one_day.stays_.push_back(st);
    auto const results = rules::check(rules, travellers, one_day);
    if (!std::all_of(results.begin(), results.end(), [](rules::traveller_result const& t) { return t.all_ok(); })) {
      out.push_back(country);
    }
  }
  return out;
}

trip_answer plan_trip(journey_planner const& p, trip_request const& r, routing::search_state& s) {
  if (!r.travellers_.empty() && r.rules_ == nullptr) {
    throw data_error{{}, "entry rules are needed to check travellers"};
  }
  if (r.only_visa_free_ && r.travellers_.empty()) {
    throw data_error{{}, "only journeys without a visa: for which travellers?"};
  }
  trip_answer out;
  out.plan_ = p.plan(r.plan_, s);
  for (auto const& it : out.plan_.itineraries_) {
    out.entries_.push_back(entry_of(r, it));
  }
  std::vector<tt::stop_idx> closed;
  if (!r.travellers_.empty()) {
    closed = add_visa_free(p, r, s, out);
    if (r.only_visa_free_) {
      out.plan_.itineraries_.clear();
      out.entries_.clear();
      for (auto const& v : out.visa_free_) {
        out.plan_.itineraries_.push_back(v.it_);
        out.entries_.push_back(v.entry_);
      }
    }
  }
  if (r.best_by_mode_) {
    add_best_by_mode(p, r, r.only_visa_free_ ? std::span<tt::stop_idx const>{closed} : std::span<tt::stop_idx const>{}, s, out);
  }
  return out;
}

nlohmann::ordered_json to_json(tt::timetable const& tt, trip_answer const& a, std::span<rules::traveller const> travellers,
                               itinerary_to_json const& itinerary_json) {
  using json = nlohmann::ordered_json;
  auto const with_entry = [&](itinerary const& it, std::optional<entry_check> const& e) {
    auto x = itinerary_json(it);
    if (e) {
      x["entry"] = to_json(*e, travellers);
    }
    return x;
  };
  auto out = to_json(tt, a.plan_);
  json itineraries = json::array();
  for (std::size_t i = 0; i != a.plan_.itineraries_.size(); ++i) {
    itineraries.push_back(with_entry(a.plan_.itineraries_[i], a.entries_[i]));
  }
  out["itineraries"] = std::move(itineraries);
  if (!travellers.empty()) {
    json visa_free = json::array();
    for (auto const& v : a.visa_free_) {
      visa_free.push_back(with_entry(v.it_, v.entry_));
    }
    out["visaFreeItineraries"] = std::move(visa_free);
    out["closedCountries"] = a.closed_countries_;
  }
  // The best journey per main mode, so that a slower train is not hidden by a faster flight.
  json best = json::object();
  for (auto const& [mode, it] : a.best_by_mode_) {
    best[std::string{mode.label_}] = it ? with_entry(it->it_, it->entry_) : json(nullptr);
  }
  out["bestByMode"] = std::move(best);
  return out;
}

}  // namespace caravan::planner

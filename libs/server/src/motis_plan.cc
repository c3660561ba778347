#include "motis_plan.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <iterator>
#include <optional>
#include <set>
#include <variant>
#include <string>
#include <vector>

#include "caravan/base/geo.h"
#include "caravan/base/text.h"
#include "caravan/planner/entry.h"
#include "caravan/planner/modes.h"
#include "caravan/planner/times.h"
#include "caravan/planner/trip.h"
#include "caravan/routing/query.h"
#include "motis_json.h"
#include "parameters.h"
#include "plan_support.h"

namespace caravan::server::motis {

namespace {

// The parameters MOTIS's v6 spec defines for plan (v5's are a subset; KPublicTransport sends v6's
// detailedLegs to v5 too), and Caravan's own (travellers, onlyVisaFree).
constexpr std::string_view kParameters[] = {
    "fromPlace", "toPlace", "radius", "via", "viaMinimumStay", "time", "maxTransfers", "maxTravelTime",
    "minTransferTime", "additionalTransferTime", "transferTimeFactor", "maxMatchingDistance", "pedestrianProfile",
    "pedestrianSpeed", "cyclingSpeed", "vehicleHeight", "vehicleWidth", "vehicleLength", "vehicleWeight",
    "vehicleHazmat", "vehicleHazmatWater", "vehicleAxleCount", "vehicleAxleLoad", "vehicleTrailer",
    "vehicleTopSpeed", "vehicleLezAccess", "elevationCosts", "useRoutedTransfers", "detailedTransfers",
    "detailedLegs", "joinInterlinedLegs", "transitModes", "directModes", "preTransitModes", "postTransitModes",
    "directRentalFormFactors", "preTransitRentalFormFactors", "postTransitRentalFormFactors",
    "directRentalPropulsionTypes", "preTransitRentalPropulsionTypes", "postTransitRentalPropulsionTypes",
    "directRentalProviders", "directRentalProviderGroups", "preTransitRentalProviders",
    "preTransitRentalProviderGroups", "postTransitRentalProviders", "postTransitRentalProviderGroups",
    "ignoreDirectRentalReturnConstraints", "ignorePreTransitRentalReturnConstraints",
    "ignorePostTransitRentalReturnConstraints", "numItineraries", "maxItineraries", "pageCursor", "timetableView",
    "arriveBy", "searchWindow", "requireBikeTransport", "requireCarTransport", "noCompulsoryReservation",
    "maxPreTransitTime", "maxPostTransitTime", "maxDirectTime", "fastestDirectFactor", "timeout", "passengers",
    "luggage", "slowDirect", "fastestSlowDirectFactor", "withFares", "numLegAlternatives",
    "withScheduledSkippedStops", "realtimeMode", "language", "algorithm", "travellers", "onlyVisaFree"};
// How many searches one page may take to gather numItineraries journeys (each bounded by the budget
// and all by the request's deadline).
constexpr int kMaxRounds = 8;

// A page cursor: "LATER|<unix seconds>" (journeys departing after it) or "EARLIER|<unix seconds>"
// (journeys arriving before it). Opaque to the clients, which send it back as given.
struct cursor {
  bool later_{true};
  std::int64_t time_{0};
};

std::string to_string(cursor const& c) { return fmt::format("{}|{}", c.later_ ? "LATER" : "EARLIER", c.time_); }

cursor parse_cursor(std::string_view text) {
  auto const bar = text.find('|');
  auto const kind = text.substr(0, bar);
  auto const time = bar == std::string_view::npos ? std::nullopt : parse_int(text.substr(bar + 1));
  // Within a few thousand years of 1970: a cursor's time is stepped on by seconds without overflowing.
  constexpr std::int64_t kFar = 100'000'000'000;
  auto const t = time.value_or(kFar + 1);
  if ((kind != "LATER" && kind != "EARLIER") || t < -kFar || t > kFar) {
    throw api_error{error_code::kInvalidParameter,
                    fmt::format("`pageCursor` must be a cursor from a plan answer (LATER|... or EARLIER|...), not `{}`",
                                shorten(text)),
                    "pageCursor"};
  }
  return {kind == "LATER", t};
}

bool has_trip(planner::itinerary const& it) {
  return std::any_of(it.legs_.begin(), it.legs_.end(),
                     [](planner::leg_view const& l) { return l.kind_ == routing::leg_kind::kTrip; });
}

// Only walks (footpaths between stops): no timetable, no road link.
bool walks_only(planner::itinerary const& it) {
  return std::all_of(it.legs_.begin(), it.legs_.end(),
                     [](planner::leg_view const& l) { return l.kind_ == routing::leg_kind::kWalk; });
}

// The same legs between the same stops, whatever the times: road links and walks leave whenever the
// traveller does, so a window holds the same such journey at several times.
std::string route_of(planner::itinerary const& it) {
  std::string out;
  for (auto const& l : it.legs_) {
    out += fmt::format("{}|{}|{}|{}|{};", static_cast<int>(l.kind_), l.trip_id_, l.road_ ? l.road_->link_id_ : "",
                       l.from_.id_, l.to_.id_);
  }
  return out;
}

// The journey moved in time by `by` seconds (a walk alone, which has no timetable).
void shift(planner::itinerary& it, std::int64_t by) {
  it.departure_ += by;
  it.arrival_ += by;
  for (auto& l : it.legs_) {
    l.departure_ += by;
    l.arrival_ += by;
  }
}

struct found {
  planner::itinerary it_;
  std::optional<planner::entry_check> entry_;
  std::string id_;
};

// The walk between a `lat,lon` place and the stop a journey starts or ends at (planner::resolved_place).
std::optional<std::int32_t> walk_to(planner::resolved_place const& p, std::string_view stop_id, tt::timetable const& tt) {
  if (!p.point_) {
    return std::nullopt;
  }
  for (std::size_t i = 0; i != p.stops_.size(); ++i) {
    if (tt.str(tt.stop(p.stops_[i]).id_) == stop_id && i < p.walk_s_.size()) {
      return p.walk_s_[i];
    }
  }
  return std::nullopt;
}

struct shaper {
  tt::timetable const& tt_;
  std::vector<std::string_view> languages_;
  std::vector<rules::traveller> const& travellers_;
  planner::resolved_place const& from_;
  planner::resolved_place const& to_;

  json place_of(planner::resolved_place const& p) const {
    if (p.point_) {
      return place(*p.point_, tt_.tz_name(tt_.stop(p.primary_).tz_));
    }
    return place(tt_, p.primary_, languages_);
  }

  // A walk before it becomes a leg: walks next to each other (from a point to a stop, then a footpath on)
  // are one leg, and a walk of no time (a point at the stop) is none.
  struct walk {
    json from_, to_;
    std::int64_t departure_, arrival_;
    std::vector<tt::latlng> line_;
  };

  json itinerary(planner::itinerary const& it, std::optional<planner::entry_check> const& entry, std::string const& id) const {
    std::vector<std::variant<json, walk>> parts;
    std::vector<std::size_t> part_of_leg;  // the planner's leg k is parts[part_of_leg[k]] (before merging)
    auto const point_walk = [&](planner::resolved_place const& p, planner::stop_view const& stop, bool from_point) {
      auto const w = walk_to(p, stop.id_, tt_);
      if (!w) {
        return;
      }
      std::vector<tt::latlng> line{*p.point_, {stop.lat_, stop.lon_}};
      if (from_point) {
        parts.emplace_back(walk{place(*p.point_, stop.tz_), place(stop, tt_, languages_), it.departure_,
                                it.departure_ + *w, std::move(line)});
      } else {
        std::reverse(line.begin(), line.end());
        parts.emplace_back(walk{place(stop, tt_, languages_), place(*p.point_, stop.tz_), it.arrival_ - *w,
                                it.arrival_, std::move(line)});
      }
    };
    if (!it.legs_.empty()) {
      point_walk(from_, it.legs_.front().from_, true);
    }
    for (auto const& l : it.legs_) {
      part_of_leg.push_back(parts.size());
      if (l.kind_ == routing::leg_kind::kWalk) {
        std::vector<tt::latlng> line{{l.from_.lat_, l.from_.lon_}, {l.to_.lat_, l.to_.lon_}};
        parts.emplace_back(walk{place(l.from_, tt_, languages_), place(l.to_, tt_, languages_), l.departure_,
                                l.arrival_, std::move(line)});
      } else {
        parts.emplace_back(leg(l, tt_, languages_));
      }
    }
    if (!it.legs_.empty()) {
      point_walk(to_, it.legs_.back().to_, false);
    }
    // Merge walks that follow each other without a wait; drop walks of no time.
    json legs = json::array();
    std::vector<std::size_t> leg_of_part(parts.size());
    std::optional<walk> pending;
    auto const flush = [&] {
      if (pending && pending->arrival_ > pending->departure_) {
        double d = 0;
        for (std::size_t i = 1; i < pending->line_.size(); ++i) {
          d += distance_m(pending->line_[i - 1], pending->line_[i]);
        }
        legs.push_back(walk_leg(std::move(pending->from_), std::move(pending->to_), pending->departure_,
                                pending->arrival_, d, pending->line_));
      }
      pending.reset();
    };
    for (std::size_t i = 0; i != parts.size(); ++i) {
      if (auto* w = std::get_if<walk>(&parts[i])) {
        if (pending && pending->arrival_ == w->departure_) {
          pending->to_ = std::move(w->to_);
          pending->arrival_ = w->arrival_;
          pending->line_.insert(pending->line_.end(), w->line_.begin() + 1, w->line_.end());
        } else {
          flush();
          pending = std::move(*w);
        }
        leg_of_part[i] = legs.size();  // where the pending walk will go
        continue;
      }
      flush();
      leg_of_part[i] = legs.size();
      legs.push_back(std::move(std::get<json>(parts[i])));
    }
    flush();
    json out = {{"duration", it.duration()},
                {"startTime", format_time(it.departure_, it.departure_tz_)},
                {"endTime", format_time(it.arrival_, it.arrival_tz_)},
                {"transfers", it.transfers_},
                {"id", id},
                {"legs", std::move(legs)}};
    // Caravan's extensions; a crossing's legIndex counts MOTIS's legs (walks to and from a point included).
    if (entry) {
      out["entry"] = planner::to_json(*entry, travellers_);
    }
    auto crossings = crossings_json(it);
    for (auto& c : crossings) {
      auto const k = c["legIndex"].get<std::size_t>();
      c["legIndex"] = leg_of_part[part_of_leg[k]];
    }
    out["borderCrossings"] = std::move(crossings);
    return out;
  }
};

}  // namespace

api_response plan(api_request const& r, loaded_data const& d, metrics& m) {
  r.only(kParameters);
  auto const& tt = d.timetable();
  auto const place_text = [&](std::string_view name) {
    auto const v = required(r, name);
    if (looks_like_position(v)) {
      position(v, std::string{name});  // a bad level or range is this parameter's fault
      return std::string{without_level(v)};
    }
    return std::string{v};
  };
  planner::plan_request base;
  base.from_ = place_text("fromPlace");
  base.to_ = place_text("toPlace");
  bool const arrive_by = boolean(r, "arriveBy", false);
  bool const timetable_view = boolean(r, "timetableView", true);
  auto const window = static_cast<std::int32_t>(integer(r, "searchWindow", 0, routing::kMaxWindow).value_or(900));
  auto const wanted = static_cast<std::size_t>(integer(r, "numItineraries", 1, 100).value_or(5));
  auto const at_most = integer(r, "maxItineraries", 1, 1000);
  if (auto const n = integer(r, "maxTransfers", 0, kMaxTransfersServed)) {
    base.max_transfers_ = static_cast<int>(*n);
  }
  auto const max_travel_s = integer(r, "maxTravelTime", 1, 60 * 24 * 31);
  auto const languages = languages_of(r);
  // Modes: what Caravan's timetable has of MOTIS's names. Road links alone (no timetable: a car or taxi
  // leaves when the traveller does) are MOTIS's `direct` connections when directModes names their mode.
  auto const transit = planner_modes(r.target.get("transitModes").value_or("TRANSIT"), "transitModes");
  auto const direct_text = r.target.get("directModes").value_or("WALK");
  auto const direct_modes = planner_modes(direct_text, "directModes");
  auto const direct_allows = [&](std::string_view motis_mode) {
    auto const names = split_commas(direct_text);
    return std::find(names.begin(), names.end(), motis_mode) != names.end();
  };
  for (auto const* name : {"preTransitModes", "postTransitModes"}) {
    if (auto const v = r.target.get(name)) {
      check_modes(*v, name);
    }
  }
  std::string search_modes = transit;
  if (!direct_modes.empty()) {
    search_modes += (search_modes.empty() ? "" : ",") + std::string{"road"};
  }
  auto const transit_mask = transit.empty() ? routing::mode_mask{0} : planner::parse_modes(transit, "transitModes");
  bool const transit_road = (transit_mask & routing::mask_of(tt::mode::kRoad)) != 0;
  std::optional<cursor> page;
  if (auto const c = r.target.get("pageCursor")) {
    page = parse_cursor(*c);
  }
  auto const people = travellers_of(r);
  bool const only_visa_free = boolean(r, "onlyVisaFree", false);
  if (only_visa_free && people.empty()) {
    throw api_error{error_code::kMissingParameter, "onlyVisaFree=true needs travellers (such as travellers=CN)",
                    "travellers"};
  }
  if (auto const t = r.target.get("time")) {
    if (t->empty()) {
      throw api_error{error_code::kInvalidTime, "`time` is empty; leave it out for now", "time"};
    }
    base.time_ = without_fraction(*t, "time");
  } else {
    auto const now =
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    base.time_ = planner::format_time(now, "UTC");
  }
  base.modes_ = search_modes;

  json request_parameters = json::object();
  for (auto const& [name, value] : r.target.params) {
    request_parameters[std::string{name}] = value;
  }

  // Searches: forward (departing from a time: the first page of a departure search, later pages) or
  // backward (arriving by a time: the first page of an arrive-by search, earlier pages), as many as
  // gather numItineraries journeys (and, on a first page, cover searchWindow), at most kMaxRounds.
  bool const forward = page ? page->later_ : !arrive_by;
  bool const first_page = !page;
  std::vector<found> journeys, direct;
  std::set<std::string> seen, direct_routes;
  std::optional<planner::trip_answer> first;
  int rounds = 0;
  std::int64_t anchor = 0;       // the page's time: its journeys depart after it (forward) or arrive before it
  std::int64_t covered_end = 0;  // the departures searched so far (forward) / arrivals (backward)
  std::size_t transit_found = 0;
  while (rounds < kMaxRounds && !search_modes.empty()) {
    plan_job job;
    job.request_ = base;
    job.travellers_ = people;
    job.only_visa_free_ = only_visa_free;
    job.best_by_mode_ = first_page && rounds == 0;
    job.rounds_ = rounds == 0 ? kMaxRounds : 1;  // the first round answers for the whole page's estimate
    std::int64_t next = 0;
    if (rounds == 0 && first_page) {
      job.request_.arrive_by_ = arrive_by;
      if (!arrive_by && timetable_view && window > 0) {
        job.request_.window_ = fmt::format("{}s", window);
        job.window_s_ = window;
      }
    } else {
      next = rounds == 0 ? page->time_ + (forward ? 1 : -1) : covered_end + (forward ? 1 : -1);
      job.request_.arrive_by_ = !forward;
      job.request_.time_ = planner::format_time(next, "UTC");
    }
    auto answer = [&] {
      try {
        return run_plan(r, d, m, job);
      } catch (planner::query_error const& e) {
        if (first_page && rounds == 0) {
          throw;
        }
        // The time was the cursor's: a page beyond the days the timetable covers.
        throw api_error{error_code::kInvalidParameter,
                        fmt::format("`pageCursor` leads outside the timetable: {}", e.what()), "pageCursor"};
      }
    }();
    // Road links leave whenever the traveller does, so after the first round a journey on them alone
    // (given already) would hide every later departure it outruns: search that round again without them.
    auto const only_road_new = [&] {
      bool road_only = false;
      for (auto const& it : answer.plan_.itineraries_) {
        if (has_trip(it) && !seen.contains(itinerary_id(it))) {
          return false;
        }
        road_only = road_only || !has_trip(it);
      }
      return road_only;
    };
    if ((rounds > 0 || !first_page) && only_road_new()) {
      job.request_.without_modes_ = routing::mask_of(tt::mode::kRoad);
      answer = run_plan(r, d, m, job);
    }
    if (rounds == 0) {
      anchor = first_page ? answer.plan_.time_ : page->time_;
      covered_end = first_page ? anchor + (forward && !job.request_.window_.empty() ? window : 0) : next;
    }
    std::size_t new_transit = 0;
    for (std::size_t i = 0; i != answer.plan_.itineraries_.size(); ++i) {
      auto& it = answer.plan_.itineraries_[i];
      // No ride and no walk (the same place at both ends): MOTIS's clients cannot show a journey without legs.
      if (it.legs_.empty() || (max_travel_s && it.duration() > *max_travel_s * 60)) {
        continue;
      }
      bool const timetabled = has_trip(it);
      if (timetabled) {
        covered_end = forward ? std::max(covered_end, it.departure_) : std::min(covered_end, it.arrival_);
      }
      auto id = itinerary_id(it);
      if (!seen.insert(id).second) {
        continue;
      }
      found f{std::move(it), i < answer.entries_.size() ? answer.entries_[i] : std::nullopt, std::move(id)};
      if (timetabled) {
        ++new_transit;
        journeys.push_back(std::move(f));
        continue;
      }
      // Road links and walks alone leave whenever the traveller does: given once, on a first page.
      if (!first_page || rounds != 0 || !direct_routes.insert(route_of(f.it_)).second) {
        continue;
      }
      bool const as_direct = std::all_of(f.it_.legs_.begin(), f.it_.legs_.end(),
                                         [&](auto const& l) { return direct_allows(mode_of(l, tt)); });
      if (walks_only(f.it_)) {
        if (as_direct) {
          // As MOTIS's direct walks: leaving at the time asked (arriving then, with arriveBy).
          shift(f.it_, arrive_by ? anchor - f.it_.arrival_ : anchor - f.it_.departure_);
          f.id_ = itinerary_id(f.it_);
          direct.push_back(std::move(f));
        }
      } else if (as_direct) {
        direct.push_back(std::move(f));
      } else if (transit_road) {
        journeys.push_back(std::move(f));
      }
    }
    transit_found += new_transit;
    if (rounds == 0) {
      first = std::move(answer);
    }
    ++rounds;
    bool const window_done = forward || !first_page || covered_end <= anchor - window;
    // A round after the first that finds nothing new has reached the end of what the data holds.
    if (!timetable_view || (rounds > 1 && new_transit == 0) || (transit_found >= wanted && window_done)) {
      break;
    }
  }

  std::sort(journeys.begin(), journeys.end(), [](found const& a, found const& b) {
    return std::tie(a.it_.departure_, a.it_.arrival_, a.it_.transfers_, a.id_) <
           std::tie(b.it_.departure_, b.it_.arrival_, b.it_.transfers_, b.id_);
  });
  bool const truncated = at_most && journeys.size() > static_cast<std::size_t>(*at_most);
  if (truncated) {
    // Keep those nearest the page's time.
    if (forward) {
      journeys.resize(static_cast<std::size_t>(*at_most));
    } else {
      journeys.erase(journeys.begin(), journeys.end() - *at_most);
    }
  }

  // The cursors: earlier journeys arrive before the earliest arrival here, later ones depart after the
  // latest departure here. A page without journeys moves its cursor past what it searched: the window, or,
  // when a search found nothing at all, its horizon (routing::query::horizon_s_), so paging over the end of
  // the data does not crawl.
  auto const horizon = routing::query{}.horizon_s_;
  std::int64_t earliest_arrival = forward ? anchor : (journeys.empty() ? anchor - horizon : covered_end);
  std::int64_t latest_departure = forward ? (journeys.empty() ? std::max(covered_end, anchor + horizon) : covered_end) : anchor;
  if (!journeys.empty()) {
    earliest_arrival = journeys.front().it_.arrival_;
    latest_departure = journeys.front().it_.departure_;
    for (auto const& j : journeys) {
      earliest_arrival = std::min(earliest_arrival, j.it_.arrival_);
      latest_departure = std::max(latest_departure, j.it_.departure_);
    }
    if (forward && !truncated) {
      latest_departure = std::max(latest_departure, covered_end);  // the window searched, if it reaches further
    }
  }

  planner::resolved_place const empty_place{};
  auto const& from = first ? first->plan_.from_ : empty_place;
  auto const& to = first ? first->plan_.to_ : empty_place;
  if (!first) {
    // No transit or road mode asked for (transitModes=WALK, say): nothing to search, the places still named.
    auto const& places = d.planner().places();
    auto const f = places.resolve(base.from_, "fromPlace");
    auto const t = places.resolve(base.to_, "toPlace");
    auto const& at = arrive_by ? t : f;
    auto const time = page ? page->time_ : parse_time(base.time_, tt.tz_name(tt.stop(at.primary_).tz_), "time");
    earliest_arrival = time;
    latest_departure = time;
    shaper const s{tt, languages, people, f, t};
    json out = {{"requestParameters", std::move(request_parameters)},
                {"debugOutput", json::object({{"rounds", 0}})},
                {"from", s.place_of(f)},
                {"to", s.place_of(t)},
                {"direct", json::array()},
                {"itineraries", json::array()},
                {"previousPageCursor", to_string({false, earliest_arrival})},
                {"nextPageCursor", to_string({true, latest_departure})}};
    return json_ok(out);
  }
  shaper const s{tt, languages, people, from, to};
  json itineraries = json::array();
  for (auto const& j : journeys) {
    itineraries.push_back(s.itinerary(j.it_, j.entry_, j.id_));
  }
  json direct_json = json::array();
  for (auto const& j : direct) {
    direct_json.push_back(s.itinerary(j.it_, j.entry_, j.id_));
  }
  json out = {{"requestParameters", std::move(request_parameters)},
              {"debugOutput", json::object({{"rounds", rounds}, {"itineraries", journeys.size()}})},
              {"from", s.place_of(from)},
              {"to", s.place_of(to)},
              {"direct", std::move(direct_json)},
              {"itineraries", std::move(itineraries)},
              {"previousPageCursor", to_string({false, earliest_arrival})},
              {"nextPageCursor", to_string({true, latest_departure})}};
  // Caravan's extensions, from the first search of a first page.
  if (first_page) {
    json best = json::object();
    for (auto const& [mode, it] : first->best_by_mode_) {
      bool const shown = it && !it->it_.legs_.empty() && !walks_only(it->it_);
      best[std::string{mode.label_}] = shown ? s.itinerary(it->it_, it->entry_, itinerary_id(it->it_)) : json(nullptr);
    }
    out["bestByMode"] = std::move(best);
    if (!people.empty()) {
      json visa_free = json::array();
      for (auto const& v : first->visa_free_) {
        if (v.it_.legs_.empty()) {
          continue;
        }
        visa_free.push_back(s.itinerary(v.it_, v.entry_, itinerary_id(v.it_)));
      }
      out["visaFreeItineraries"] = std::move(visa_free);
      out["closedCountries"] = first->closed_countries_;
    }
  }
  if (!people.empty()) {
    json nationalities = json::array();
    for (auto const& t : people) {
      nationalities.push_back(t.nationality_);
    }
    out["travellers"] = std::move(nationalities);
  }
  if (first->plan_.coverage_note_ && journeys.empty()) {
    out["coverageNote"] = *first->plan_.coverage_note_;
  }
  return json_ok(out);
}

}  // namespace caravan::server::motis

#include "caravan/planner/entry.h"

#include <algorithm>
#include <utility>

#include "caravan/planner/countries.h"
#include "caravan/planner/times.h"
#include "caravan/rules/itinerary.h"
#include "caravan/rules/message_json.h"

namespace caravan::planner {

bool entry_check::visa_free() const {
  return airside_.empty() &&
         std::all_of(results_.begin(), results_.end(), [](rules::traveller_result const& t) { return t.all_ok(); });
}

namespace {

// A point of the journey: a stop called at, and when the traveller is there.
struct call {
  stop_view const* stop_;
  std::int64_t arrival_, departure_;
  std::string port_;  // for an entry at this stop
  bool flight_in_{false}, flight_out_{false};  // arrived by a flight, left by a flight
};

bool is_flight(leg_view const& l) { return l.kind_ == routing::leg_kind::kTrip && l.mode_ == "air"; }

}  // namespace

// A flight-to-flight connection in a country some traveller may not simply enter is airside transit: no
// entry, no stay, no verdict (the rules on airside transit are not known). Where every traveller may enter
// anyway it stays an ordinary entry.
void keep_airside_apart(entry_check& out, std::vector<bool> const& airside, rules::rule_set const& rules,
                        std::span<rules::traveller const> travellers) {
  auto const before = out.entries_.size();
  for (auto i = out.entries_.size(); i-- != 0;) {
    auto const all_ok = std::all_of(out.results_.begin(), out.results_.end(),
                                    [&](rules::traveller_result const& t) { return rules::is_ok(t.stays_[i].verdict_); });
    if (!airside[i] || all_ok) {
      continue;
    }
    out.airside_.insert(out.airside_.begin(), std::move(out.entries_[i]));
    out.entries_.erase(out.entries_.begin() + static_cast<std::ptrdiff_t>(i));
    out.stays_.stays_.erase(out.stays_.stays_.begin() + static_cast<std::ptrdiff_t>(i));
    for (auto& t : out.results_) {
      t.stays_.erase(t.stays_.begin() + static_cast<std::ptrdiff_t>(i));
    }
  }
  if (out.entries_.size() != before) {
    // Judged again without the airside stays: rules that look at the stays before and after (a third
    // country, the days counted in a window) must see the trip as made.
    out.results_ = rules::check(rules, travellers, out.stays_);
  }
}

std::string port_of(stop_view const& s) { return s.code_.empty() ? s.id_ : s.code_; }

entry_check check_entry(itinerary const& it, rules::rule_set const& rules, std::span<rules::traveller const> travellers,
                        rules::purpose purpose) {
  entry_check out;
  std::vector<call> calls;
  for (auto const& l : it.legs_) {
    if (calls.empty()) {
      calls.push_back({&l.from_, it.departure_, l.departure_, port_of(l.from_)});
    } else {
      calls.back().departure_ = l.departure_;
    }
    calls.back().flight_out_ = is_flight(l);
    for (auto const& s : l.intermediate_stops_) {
      calls.push_back({&s.stop_, s.arrival_, s.departure_, port_of(s.stop_)});
    }
    // The port as the rules name it: over a road link's border crossing the crossing, else the stop.
    auto port = l.road_ && !l.road_->crossing_id_.empty() ? l.road_->crossing_id_ : port_of(l.to_);
    calls.push_back({&l.to_, l.arrival_, l.arrival_, std::move(port), is_flight(l)});
  }
  if (calls.empty()) {
    return out;
  }
  // Runs of calls in one known country; the first run is the origin's, which is not entered.
  std::vector<rules::country_leg> legs;
  std::vector<bool> airside;  // per entry: a flight-to-flight connection there
  std::string current{country_of_zone(calls.front().stop_->tz_)};
  for (std::size_t i = 1; i != calls.size(); ++i) {
    auto const& c = calls[i];
    auto const country = std::string{country_of_zone(c.stop_->tz_)};
    if (country.empty() || country == current) {
      if (!legs.empty() && country == current) {
        legs.back().departure_unix_ = c.departure_;
        legs.back().departure_offset_s_ = utc_offset_s(c.departure_, c.stop_->tz_);
      }
      continue;
    }
    country_entry e;
    e.country_ = country;
    e.from_country_ = current;
    e.at_ = c.arrival_;
    e.at_tz_ = c.stop_->tz_;
    e.stop_id_ = c.stop_->id_;
    e.stop_name_ = c.stop_->name_;
    e.port_ = c.port_;
    // Landing and taking off again from the same airport for another country: airside transit, unless
    // every traveller may enter there anyway (decided below, once the verdicts are known).
    airside.push_back(c.flight_in_ && c.flight_out_ && i + 1 != calls.size() && country_of_zone(calls[i + 1].stop_->tz_) != country);
    rules::country_leg leg;
    leg.country_ = country;
    leg.arrival_unix_ = c.arrival_;
    leg.departure_unix_ = c.departure_;
    leg.arrival_offset_s_ = utc_offset_s(c.arrival_, c.stop_->tz_);
    leg.departure_offset_s_ = utc_offset_s(c.departure_, c.stop_->tz_);
    leg.entry_port_ = e.port_;
    legs.push_back(std::move(leg));
    out.entries_.push_back(std::move(e));
    current = country;
  }
  if (legs.empty()) {
    return out;
  }
  out.stays_ = rules::stays_from_legs(legs, purpose);
  out.results_ = rules::check(rules, travellers, out.stays_);
  keep_airside_apart(out, airside, rules, travellers);
  return out;
}

std::vector<entry_check> check_entries(std::vector<itinerary>& itineraries, rules::rule_set const& rules,
                                       std::span<rules::traveller const> travellers, bool only_visa_free) {
  std::vector<entry_check> checks;
  std::vector<itinerary> kept;
  for (auto& it : itineraries) {
    auto e = check_entry(it, rules, travellers);
    if (only_visa_free && !e.visa_free()) {
      continue;
    }
    checks.push_back(std::move(e));
    kept.push_back(std::move(it));
  }
  itineraries = std::move(kept);
  return checks;
}

namespace {

nlohmann::ordered_json entry_json(country_entry const& x, nlohmann::ordered_json verdicts) {
  return {{"country", x.country_},
          {"from", x.from_country_},
          {"time", format_time(x.at_, x.at_tz_)},
          {"stopId", x.stop_id_},
          {"stopName", x.stop_name_},
          {"port", x.port_},
          {"travellers", std::move(verdicts)}};
}

}  // namespace

nlohmann::ordered_json to_json(entry_check const& e, std::span<rules::traveller const> travellers) {
  using json = nlohmann::ordered_json;
  json out = json::array();
  for (std::size_t i = 0; i != e.entries_.size(); ++i) {
    auto const& x = e.entries_[i];
    json verdicts = json::array();
    for (std::size_t t = 0; t != e.results_.size() && t != travellers.size(); ++t) {
      auto const& r = e.results_[t].stays_[i];
      json v = {{"nationality", travellers[t].nationality_},
                {"passport", rules::to_string(travellers[t].passport_)},
                {"verdict", rules::to_string(r.verdict_)}};
      if (r.rule_ != nullptr) {
        v["regime"] = rules::to_string(r.rule_->regime_);
        if (r.rule_->max_stay_days_) {
          v["maxStayDays"] = *r.rule_->max_stay_days_;
        }
      }
      if (r.latest_exit_) {
        v["latestExit"] = rules::format_day(*r.latest_exit_);
      }
      v["conditions"] = rules::texts(r.conditions_);
      v["reasons"] = rules::texts(r.reasons_);
      if (!r.before_departure_.empty()) {
        v["beforeDeparture"] = rules::texts(r.before_departure_);
      }
      // The same sentences as codes with parameters (rules/message.h), for a client to say them in its language.
      v["conditionMessages"] = rules::messages_json<json>(r.conditions_);
      v["reasonMessages"] = rules::messages_json<json>(r.reasons_);
      if (!r.before_departure_.empty()) {
        v["beforeDepartureMessages"] = rules::messages_json<json>(r.before_departure_);
      }
      if (r.rule_ != nullptr) {
        json sources = json::array();
        for (auto const& s : r.rule_->sources_) {
          sources.push_back({{"url", s.url_}, {"title", s.title_}});
        }
        v["rule"] = {{"id", r.rule_->id_}, {"confidence", rules::to_string(r.rule_->confidence_)}, {"sources", std::move(sources)}};
      }
      verdicts.push_back(std::move(v));
    }
    out.push_back(entry_json(x, std::move(verdicts)));
  }
  for (auto const& x : e.airside_) {
    auto item = entry_json(x, json::array());
    item["airsideTransit"] = true;
    item["note"] = airside_note(x);
    out.push_back(std::move(item));
  }
  return out;
}

std::string airside_note(country_entry const& x) {
  return "airside transit at " + x.stop_name_ + ": no entry into " + x.country_ +
         " planned; the entry rules are not known for transit without passing immigration there (check with the airline)";
}

}  // namespace caravan::planner

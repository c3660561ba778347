#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "caravan/rules/itinerary.h"
#include "caravan/rules/message_json.h"

namespace caravan::rules {

std::string trip_summary(traveller_result const& result) {
  if (result.all_ok()) {
    return "every entry is allowed as planned";
  }
  auto const todo = fmt::format("{}", fmt::join(texts(result.before_departure_), "; "));
  // Nothing in the way but what can be done before departure (a visa, an invitation).
  auto const only_todo = std::all_of(result.stays_.begin(), result.stays_.end(), [](stay_result const& s) {
    return is_ok(s.verdict_) || s.verdict_ == verdict::kArrangeBeforeTravel || s.verdict_ == verdict::kVisaNeeded;
  });
  if (todo.empty()) {
    return "NOT possible as planned without a visa or changes (see above)";
  }
  if (only_todo) {
    return "to do before departure: " + todo;
  }
  return "NOT possible as planned without changes (see above); to do before departure as well: " + todo;
}

std::string to_json(std::span<traveller const> travellers, itinerary const& trip,
                    std::span<traveller_result const> results) {
  using nlohmann::json;
  json out = json::object();
  out["travellers"] = json::array();
  for (std::size_t i = 0; i != travellers.size() && i != results.size(); ++i) {
    auto const& t = travellers[i];
    json jt = {{"name", t.name_},
               {"nationality", t.nationality_},
               {"passport", std::string{to_string(t.passport_)}},
               {"all_ok", results[i].all_ok()},
               {"before_departure", texts(results[i].before_departure_)},
               {"before_departure_messages", messages_json<json>(results[i].before_departure_)},
               {"summary", trip_summary(results[i])},
               {"stays", json::array()}};
    for (auto const& r : results[i].stays_) {
      auto const& s = trip.stays_[r.stay_];
      json js = {{"stay", r.stay_ + 1},
                 {"country", s.country_},
                 {"entry", format_local_time(s.entry_)},
                 {"exit", format_local_time(s.exit_)},
                 {"verdict", std::string{to_string(r.verdict_)}}};
      if (r.rule_ != nullptr) {
        js["regime"] = std::string{to_string(r.rule_->regime_)};
        js["rule"] = r.rule_->id_;
        js["confidence"] = std::string{to_string(r.rule_->confidence_)};
        js["rule_location"] = r.rule_->where_.to_string();
        json sources = json::array();
        for (auto const& src : r.rule_->sources_) {
          sources.push_back(src.url_);
        }
        js["sources"] = sources;
      }
      if (r.latest_exit_) {
        js["latest_exit"] = format_day(*r.latest_exit_);
      }
      if (r.verdict_ == verdict::kLimitExceeded) {
        js["over_by_days"] = r.over_by_days_;
      }
      if (r.window_days_used_) {
        js["window_days_used"] = *r.window_days_used_;
      }
      js["conditions"] = texts(r.conditions_);
      js["reasons"] = texts(r.reasons_);
      js["before_departure"] = texts(r.before_departure_);
      js["notes"] = texts(r.notes_);
      // The same sentences as codes with parameters, for a client to say them in its language.
      js["condition_messages"] = messages_json<json>(r.conditions_);
      js["reason_messages"] = messages_json<json>(r.reasons_);
      js["before_departure_messages"] = messages_json<json>(r.before_departure_);
      js["note_messages"] = messages_json<json>(r.notes_);
      json alts = json::array();
      for (auto const& a : r.alternatives_) {
        alts.push_back({{"rule", a.rule_id_}, {"verdict", std::string{to_string(a.verdict_)}}});
      }
      js["alternatives"] = alts;
      jt["stays"].push_back(js);
    }
    out["travellers"].push_back(jt);
  }
  return out.dump(2);
}

}  // namespace caravan::rules

#pragma once
// What the register said of a trip's group tours (register_groups), as the entry check's answer says it
// in its `register` list: the API's and `caravan check --json`'s one spelling. A template on the JSON type
// (as rules/message_json.h), so the registry library needs no JSON in its interface.
#include <string>
#include <vector>

#include "caravan/registry/service.h"

namespace caravan::registry {

// `report` (the entry check's JSON text) with a `register` list of {stay, registered, why?}; unchanged
// when nothing was said.
template <typename Json>
std::string with_registrations(std::string report, std::vector<group_registration> const& said) {
  if (said.empty()) {
    return report;
  }
  auto j = Json::parse(report);
  auto list = Json::array();
  for (auto const& g : said) {
    Json note{{"stay", g.stay_}, {"registered", g.said_.registered_}};
    if (!g.said_.why_.empty()) {
      note["why"] = g.said_.why_;
    }
    list.push_back(std::move(note));
  }
  j["register"] = std::move(list);
  return j.dump();
}

}  // namespace caravan::registry

#pragma once
// A message (message.h) in the JSON answers: {"code", "params": {name: number | string | [message...]},
// "text" (English), "texts": {"zh", "ru"} (rules_text with translations only)}. A template on the JSON
// type (nlohmann::json or ordered_json) so that the rules library needs no JSON in its interface.
#include <vector>

#include "caravan/rules/message.h"

namespace caravan::rules {

template <typename Json>
Json message_json(message const& m) {
  Json params = Json::object();
  for (auto const& p : m.params_) {
    switch (p.kind_) {
      case message_param::kind::kNumber: params[p.name_] = p.number_; break;
      case message_param::kind::kText: params[p.name_] = p.text_; break;
      case message_param::kind::kMessages: {
        Json parts = Json::array();
        for (auto const& part : p.messages_) {
          parts.push_back(message_json<Json>(part));
        }
        params[p.name_] = std::move(parts);
        break;
      }
    }
  }
  Json out = {{"code", m.code_}, {"params", std::move(params)}, {"text", m.text_}};
  if (!m.translations_.empty()) {
    Json texts = Json::object();
    for (auto const& [language, text] : m.translations_) {
      texts[language] = text;
    }
    out["texts"] = std::move(texts);
  }
  return out;
}

template <typename Json>
Json messages_json(std::vector<message> const& messages) {
  Json out = Json::array();
  for (auto const& m : messages) {
    out.push_back(message_json<Json>(m));
  }
  return out;
}

}  // namespace caravan::rules

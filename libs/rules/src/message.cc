#include "caravan/rules/message.h"

#include <algorithm>

namespace caravan::rules {

message_param const* message::param(std::string_view name) const {
  auto const it = std::find_if(params_.begin(), params_.end(), [&](message_param const& p) { return p.name_ == name; });
  return it == params_.end() ? nullptr : &*it;
}

message_param number_param(std::string name, std::int64_t n) {
  message_param p;
  p.name_ = std::move(name);
  p.kind_ = message_param::kind::kNumber;
  p.number_ = n;
  return p;
}

message_param text_param(std::string name, std::string text) {
  message_param p;
  p.name_ = std::move(name);
  p.kind_ = message_param::kind::kText;
  p.text_ = std::move(text);
  return p;
}

message_param messages_param(std::string name, std::vector<message> parts) {
  message_param p;
  p.name_ = std::move(name);
  p.kind_ = message_param::kind::kMessages;
  p.messages_ = std::move(parts);
  return p;
}

message rules_text(std::string text, translations const& t) {
  message m;
  m.code_ = std::string{kRulesText};
  m.text_ = std::move(text);  // no parameter: the sentence is the text (one copy less in every answer)
  m.translations_ = t;
  return m;
}

std::vector<std::string> texts(std::vector<message> const& messages) {
  std::vector<std::string> out;
  out.reserve(messages.size());
  for (auto const& m : messages) {
    out.push_back(m.text_);
  }
  return out;
}

std::string join_texts(std::vector<message> const& messages) {
  std::string out;
  for (auto const& m : messages) {
    if (!out.empty()) {
      out += ", ";
    }
    out += m.text_;
  }
  return out;
}

}  // namespace caravan::rules

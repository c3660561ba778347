#pragma once
// A sentence of the entry check (a reason, a condition, a note, something to do before departure) as a
// stable code with named parameters, so that a client can say it in the traveller's language, and the
// English text the CLI prints. The codes and their parameters are listed in docs/rules-format.md
// ("Messages"); a code never changes meaning, a new sentence gets a new code.
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace caravan::rules {

// Our translations of a sentence from the rules data: language ("zh", "ru") -> sentence.
using translations = std::map<std::string, std::string, std::less<>>;

// The languages a sentence of the rules data may be translated into (English is the data's own text).
inline constexpr std::string_view kTranslationLanguages[] = {"zh", "ru"};

struct message;

struct message_param {
  enum class kind : std::uint8_t { kNumber, kText, kMessages };
  std::string name_;
  kind kind_{kind::kText};
  std::int64_t number_{0};
  std::string text_;               // kText: verbatim (an id, a country code, a date as YYYY-MM-DD)
  std::vector<message> messages_;  // kMessages: sentence parts, said in the language, joined as a list
};

struct message {
  std::string code_;
  std::vector<message_param> params_;
  std::string text_;           // in English
  translations translations_;  // code "rules_text" only: the data's translations of text_

  message_param const* param(std::string_view name) const;
};

// The code of a sentence taken as it is from the rules data (a condition's `text`, a `tell`, a note):
// no parameters, text_ is the English, translations_ the data's translations.
inline constexpr std::string_view kRulesText = "rules_text";

message_param number_param(std::string name, std::int64_t n);
message_param text_param(std::string name, std::string text);
message_param messages_param(std::string name, std::vector<message> parts);
// A sentence of the rules data, with its translations.
message rules_text(std::string text, translations const& t = {});

// The English texts of messages (what the CLI prints and the API's plain string lists carry).
std::vector<std::string> texts(std::vector<message> const& messages);
// The English texts joined with ", ", as a list inside a sentence.
std::string join_texts(std::vector<message> const& messages);

}  // namespace caravan::rules

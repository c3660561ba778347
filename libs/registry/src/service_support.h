#pragma once
// What the register's operations share (service.cc, tours.cc): refusals, the checks of what people
// type, and who is asking.
#include <algorithm>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "caravan/base/text.h"
#include "caravan/registry/service.h"
#include "caravan/rules/model.h"

namespace caravan::registry {

[[noreturn]] inline void refuse(refusal why, std::string field, std::string const& message) {
  throw refused{why, std::move(field), message};
}

// Control characters (C0, DEL) have no place in a name, an address or a licence: they hide look-alikes
// ("admin@x.org\0") and break the screens and logs that show them.
inline bool has_control(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
}

inline void check_text(std::string_view field, std::string_view value, std::size_t max, bool required = true) {
  if (required && trim(value).empty()) {
    refuse(refusal::kInvalid, std::string{field}, fmt::format("{} is required", field));
  }
  if (value.size() > max) {
    refuse(refusal::kInvalid, std::string{field}, fmt::format("{} is longer than {} bytes", field, max));
  }
  if (find_invalid_utf8(value)) {
    refuse(refusal::kInvalid, std::string{field}, fmt::format("{} is not valid UTF-8", field));
  }
  if (has_control(value)) {
    refuse(refusal::kInvalid, std::string{field}, fmt::format("{} holds a control character", field));
  }
}

inline void check_country(std::string_view field, std::string_view code) {
  if (!rules::is_country_code(code)) {
    refuse(refusal::kInvalid, std::string{field},
           fmt::format("\"{}\" is not an ISO 3166-1 alpha-2 country code", shorten(code, 10)));
  }
}

inline std::string actor_of(caller const& who) { return who.account_ ? fmt::format("account:{}", who.account_->id_) : ""; }

inline account const& signed_in_account(caller const& who) {
  if (!who.account_) {
    refuse(refusal::kUnauthorized, "", "sign in first");
  }
  return *who.account_;
}

}  // namespace caravan::registry

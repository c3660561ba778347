#pragma once
// What the register's operations share (service.cc, tours.cc): refusals, the checks of what people
// type, and who is asking.
#include <algorithm>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "caravan/base/text.h"
#include "caravan/registry/service.h"
#include "caravan/registry/text_checks.h"
#include "caravan/rules/model.h"

namespace caravan::registry {

[[noreturn]] inline void refuse(refusal why, std::string field, std::string const& message) {
  throw refused{why, std::move(field), message};
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

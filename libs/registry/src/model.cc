#include "caravan/registry/model.h"

#include <array>
#include <utility>

namespace caravan::registry {

namespace {

template <typename E, std::size_t N>
std::optional<E> parse_name(std::array<std::pair<E, std::string_view>, N> const& names, std::string_view s) {
  for (auto const& [e, name] : names) {
    if (name == s) {
      return e;
    }
  }
  return std::nullopt;
}

template <typename E, std::size_t N>
std::string_view name_of(std::array<std::pair<E, std::string_view>, N> const& names, E e) {
  for (auto const& [v, name] : names) {
    if (v == e) {
      return name;
    }
  }
  return "?";
}

constexpr std::array<std::pair<role, std::string_view>, 5> kRoles{{
    {role::kTraveller, "traveller"},
    {role::kOperatorStaff, "operator_staff"},
    {role::kAuthority, "authority"},
    {role::kInsurer, "insurer"},
    {role::kAdmin, "admin"},
}};

constexpr std::array<std::pair<operator_status, std::string_view>, 5> kStatuses{{
    {operator_status::kApplied, "applied"},
    {operator_status::kApproved, "approved"},
    {operator_status::kSuspended, "suspended"},
    {operator_status::kRevoked, "revoked"},
    {operator_status::kExpired, "expired"},
}};

}  // namespace

std::string_view to_string(role r) { return name_of(kRoles, r); }
std::optional<role> parse_role(std::string_view s) { return parse_name(kRoles, s); }
std::string_view to_string(operator_status s) { return name_of(kStatuses, s); }
std::optional<operator_status> parse_operator_status(std::string_view s) { return parse_name(kStatuses, s); }

operator_status status_on(tour_operator const& o, std::int32_t day) {
  return o.status_ == operator_status::kApproved && day > o.valid_to_ ? operator_status::kExpired : o.status_;
}

}  // namespace caravan::registry

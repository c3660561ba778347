#pragma once
// What the register holds (issue 16, docs/register.md): accounts with roles, tour operators with their
// licence, group tours with their programme, and the manifests of travellers. Plain values: the store
// (store.h) keeps them, the service (service.h) changes them, checking rights and writing the audit
// trail. Dates are days since 1970-01-01; instants are UTC microseconds since 1970.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>


namespace caravan::registry {

using account_id = std::int64_t;
using operator_id = std::int64_t;
using tour_id = std::int64_t;
using member_id = std::int64_t;
using instant = std::int64_t;  // UTC microseconds since 1970-01-01

enum class role : std::uint8_t {
  kTraveller,
  kOperatorStaff,  // works for one operator (account::operator_)
  kAuthority,      // acts for one country (account::country_): approves its operators and tours
  kInsurer,
  kAdmin,
};
std::string_view to_string(role);
std::optional<role> parse_role(std::string_view);

struct account {
  account_id id_{0};
  std::string email_{};         // the sign-in name, lower case
  std::string display_name_{};
  role role_{role::kTraveller};
  std::optional<operator_id> operator_{};  // operator staff: whose
  std::string country_{};                  // authority: ISO 3166-1 alpha-2
  std::string password_hash_{};            // Argon2id (secrets.h); never leaves the service
  bool disabled_{false};
  instant created_{0};
};

// A licence's life: applied -> approved -> suspended <-> approved, -> revoked (final); expired is
// approved with valid_to_ passed, said by status_on().
enum class operator_status : std::uint8_t { kApplied, kApproved, kSuspended, kRevoked, kExpired };
std::string_view to_string(operator_status);
std::optional<operator_status> parse_operator_status(std::string_view);

struct localized_name {
  std::string lang_{};  // BCP 47 ("zh", "ru", "kk")
  std::string name_{};
};

struct tour_operator {
  operator_id id_{0};
  std::string legal_name_{};
  std::vector<localized_name> names_{};
  std::string country_{};          // where it is licensed, alpha-2
  std::string licence_number_{};
  std::string issuer_{};           // the body that issued the licence
  std::int32_t valid_from_{0};
  std::int32_t valid_to_{0};     // last valid day
  operator_status status_{operator_status::kApplied};
  std::string email_{};
  std::string phone_{};
  std::string website_{};
  std::vector<std::string> countries_{};  // where it runs tours (alpha-2)
  instant updated_{0};
  std::int64_t version_{0};  // bumped by every change: a write names the version it read
};

// The status a border guard sees on a day: approved but past valid_to_ reads as expired.
operator_status status_on(tour_operator const&, std::int32_t day);

}  // namespace caravan::registry

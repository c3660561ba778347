#include "caravan/cases/model.h"

#include <array>

namespace caravan::cases {

namespace {

// Each enum's names in its order: written to the store and the API, so they never change.
constexpr std::array<std::string_view, 3> kKinds{"assistance", "dispute", "claim"};
constexpr std::array<std::string_view, 3> kUrgencies{"urgent", "high", "normal"};
constexpr std::array<std::string_view, 4> kParties{"traveller", "operator", "insurer", "authority"};
constexpr std::array<std::string_view, 3> kLineStates{"pending", "approved", "rejected"};

template <typename E, std::size_t N>
std::optional<E> parse_in(std::array<std::string_view, N> const& names, std::string_view s) {
  for (std::size_t i = 0; i != N; ++i) {
    if (names[i] == s) {
      return static_cast<E>(i);
    }
  }
  return std::nullopt;
}

}  // namespace

std::string_view to_string(case_kind k) { return kKinds.at(static_cast<std::size_t>(k)); }
std::optional<case_kind> parse_case_kind(std::string_view s) { return parse_in<case_kind>(kKinds, s); }

std::string_view to_string(urgency u) { return kUrgencies.at(static_cast<std::size_t>(u)); }
std::optional<urgency> parse_urgency(std::string_view s) { return parse_in<urgency>(kUrgencies, s); }

std::string_view to_string(party p) { return kParties.at(static_cast<std::size_t>(p)); }
std::optional<party> parse_party(std::string_view s) { return parse_in<party>(kParties, s); }

std::string_view to_string(line_state s) { return kLineStates.at(static_cast<std::size_t>(s)); }

}  // namespace caravan::cases

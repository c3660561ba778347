#include "caravan/registry/model.h"

#include <algorithm>
#include <array>
#include <utility>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "caravan/base/date.h"

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

constexpr std::array<std::pair<tour_status, std::string_view>, 4> kTourStatuses{{
    {tour_status::kDraft, "draft"},
    {tour_status::kSubmitted, "submitted"},
    {tour_status::kApproved, "approved"},
    {tour_status::kRejected, "rejected"},
}};

// The date of "YYYY-MM-DD[THH:MM...]" (the service checked the text when it was written).
std::int32_t date_of(std::string_view local) {
  return parse_date(local.substr(0, 10), date_format::kIso).value_or(0);
}

}  // namespace

std::string format_instant(instant t) {
  constexpr std::int64_t kDay = 86'400'000'000;
  auto const days = t >= 0 ? t / kDay : (t - kDay + 1) / kDay;  // floor, also before 1970
  auto const rest = t - days * kDay;
  auto const s = rest / 1'000'000;
  return fmt::format("{}T{:02}:{:02}:{:02}.{:06}Z", format_date(static_cast<std::int32_t>(days)), s / 3600, s / 60 % 60,
                     s % 60, rest % 1'000'000);
}

std::string_view to_string(role r) { return name_of(kRoles, r); }
std::optional<role> parse_role(std::string_view s) { return parse_name(kRoles, s); }
std::string_view to_string(operator_status s) { return name_of(kStatuses, s); }
std::optional<operator_status> parse_operator_status(std::string_view s) { return parse_name(kStatuses, s); }

std::string_view to_string(tour_status s) { return name_of(kTourStatuses, s); }
std::optional<tour_status> parse_tour_status(std::string_view s) { return parse_name(kTourStatuses, s); }

std::string_view to_string(rating_subject s) { return s == rating_subject::kTour ? "tour" : "case"; }

std::string rating_context(rating_subject s, std::int64_t subject_id, instant created) {
  return "rating:" + std::string{to_string(s)} + ":" + std::to_string(subject_id) + ":" + std::to_string(created);
}

std::vector<std::string> deciding_countries(tour const& t) {
  std::vector<std::string> out;
  for (auto const& s : t.stays_) {
    if (std::find(out.begin(), out.end(), s.country_) == out.end()) {
      out.push_back(s.country_);
    }
  }
  return out;
}

std::int32_t first_day(tour const& t) { return t.stays_.empty() ? 0 : date_of(t.stays_.front().entry_); }
std::int32_t last_day(tour const& t) { return t.stays_.empty() ? 0 : date_of(t.stays_.back().exit_); }

std::string programme_text(tour const& t) {
  using json = nlohmann::ordered_json;
  json stays = json::array();
  for (auto const& s : t.stays_) {
    stays.push_back({{"country", s.country_}, {"entry", s.entry_}, {"exit", s.exit_}, {"entryPort", s.entry_port_},
                     {"onwardTicket", s.onward_ticket_}, {"regions", s.regions_}});
  }
  json legs = json::array();
  for (auto const& l : t.legs_) {
    legs.push_back({{"from", l.from_}, {"to", l.to_}, {"departure", l.departure_}, {"arrival", l.arrival_},
                    {"mode", l.mode_}, {"name", l.name_}, {"estimated", l.estimated_}});
  }
  json decisions = json::array();
  for (auto const& d : t.decisions_) {
    decisions.push_back({{"country", d.country_}, {"approved", d.approved_}, {"by", d.by_}, {"at", d.at_},
                         {"reason", d.reason_}});
  }
  return json{{"title", t.title_},     {"languages", t.languages_}, {"stays", stays},
              {"legs", legs},          {"minSize", t.min_size_},     {"maxSize", t.max_size_},
              {"regimes", t.regimes_}, {"decisions", decisions}}
      .dump();
}

void read_programme(std::string_view text, tour& t) {
  // Written by programme_text only: a failure here is a damaged row, said by the store.
  auto const j = nlohmann::json::parse(text);
  t.title_ = j.at("title").get<std::string>();
  t.languages_ = j.at("languages").get<std::vector<std::string>>();
  t.stays_.clear();
  for (auto const& s : j.at("stays")) {
    t.stays_.push_back({s.at("country").get<std::string>(), s.at("entry").get<std::string>(),
                        s.at("exit").get<std::string>(), s.at("entryPort").get<std::string>(),
                        s.at("onwardTicket").get<bool>(), s.at("regions").get<std::vector<std::string>>()});
  }
  t.legs_.clear();
  for (auto const& l : j.at("legs")) {
    t.legs_.push_back({l.at("from").get<std::string>(), l.at("to").get<std::string>(),
                       l.at("departure").get<std::string>(), l.at("arrival").get<std::string>(),
                       l.at("mode").get<std::string>(), l.at("name").get<std::string>(), l.at("estimated").get<bool>()});
  }
  t.min_size_ = j.at("minSize").get<int>();
  t.max_size_ = j.at("maxSize").get<int>();
  t.regimes_ = j.at("regimes").get<std::vector<std::string>>();
  t.decisions_.clear();
  for (auto const& d : j.at("decisions")) {
    t.decisions_.push_back({d.at("country").get<std::string>(), d.at("approved").get<bool>(),
                            d.at("by").get<account_id>(), d.at("at").get<instant>(), d.at("reason").get<std::string>()});
  }
}

operator_status status_on(tour_operator const& o, std::int32_t day) {
  return o.status_ == operator_status::kApproved && day > o.valid_to_ ? operator_status::kExpired : o.status_;
}

}  // namespace caravan::registry

#include "columns.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include <fmt/format.h>

namespace caravan::storage {

using namespace registry;

namespace {

[[noreturn]] void bad_column(std::string_view what, std::string_view value) {
  throw store_error{fmt::format("the register holds {} \"{}\" that this program does not know", what, value)};
}

nlohmann::json parse_any(std::string_view what, std::string_view text) {
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded()) {
    bad_column(what, text.substr(0, 40));
  }
  return j;
}

nlohmann::json parse_json(std::string_view what, std::string_view text) {
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_array()) {
    bad_column(what, text.substr(0, 40));
  }
  return j;
}

}  // namespace

role role_column(std::string_view s) {
  auto const r = parse_role(s);
  if (!r) {
    bad_column("the role", s);
  }
  return *r;
}

operator_status operator_status_column(std::string_view s) {
  auto const r = parse_operator_status(s);
  if (!r) {
    bad_column("the operator status", s);
  }
  return *r;
}

tour_status tour_status_column(std::string_view s) {
  auto const r = parse_tour_status(s);
  if (!r) {
    bad_column("the tour status", s);
  }
  return *r;
}

void programme_column(std::string_view text, tour& t) {
  try {
    read_programme(text, t);
  } catch (std::exception const&) {
    bad_column(fmt::format("tour {}'s programme", t.id_), text.substr(0, 40));
  }
}

std::string deciding_text(tour const& t) {
  std::string out = ",";
  for (auto const& c : deciding_countries(t)) {
    out += c + ",";
  }
  return out;
}

std::vector<aggregate_row> by_keys(std::vector<aggregate_row> rows) {
  std::sort(rows.begin(), rows.end(), [](aggregate_row const& a, aggregate_row const& b) { return a.keys_ < b.keys_; });
  return rows;
}

rating_subject rating_subject_column(std::string_view s) {
  if (s == "tour") {
    return rating_subject::kTour;
  }
  if (s == "case") {
    return rating_subject::kCase;
  }
  bad_column("a rating subject", s);
}

std::string names_text(std::vector<localized_name> const& names) {
  auto j = nlohmann::json::array();
  for (auto const& n : names) {
    j.push_back({{"lang", n.lang_}, {"name", n.name_}});
  }
  return j.dump();
}

std::vector<localized_name> names_column(std::string_view text) {
  std::vector<localized_name> out;
  for (auto const& n : parse_json("names", text)) {
    if (!n.is_object() || !n.contains("lang") || !n.contains("name") || !n["lang"].is_string() || !n["name"].is_string()) {
      bad_column("a name", n.dump());
    }
    out.push_back({n["lang"].get<std::string>(), n["name"].get<std::string>()});
  }
  return out;
}

std::string countries_text(std::vector<std::string> const& countries) { return nlohmann::json(countries).dump(); }

std::vector<std::string> countries_column(std::string_view text) {
  std::vector<std::string> out;
  for (auto const& c : parse_json("countries", text)) {
    if (!c.is_string()) {
      bad_column("a country", c.dump());
    }
    out.push_back(c.get<std::string>());
  }
  return out;
}

std::string place_text(cases::place const& p) {
  nlohmann::json j{{"name", p.name_}, {"stopId", p.stop_id_}, {"siteId", p.site_id_}, {"crossingId", p.crossing_id_}};
  if (p.lat_) {
    j["lat"] = *p.lat_;
  }
  if (p.lon_) {
    j["lon"] = *p.lon_;
  }
  return j.dump();
}

cases::place read_place(std::string_view text) {
  auto const j = parse_any("a place", text);
  try {
    cases::place p;
    p.name_ = j.at("name").get<std::string>();
    p.stop_id_ = j.at("stopId").get<std::string>();
    p.site_id_ = j.at("siteId").get<std::string>();
    p.crossing_id_ = j.at("crossingId").get<std::string>();
    if (j.contains("lat")) {
      p.lat_ = j["lat"].get<double>();
    }
    if (j.contains("lon")) {
      p.lon_ = j["lon"].get<double>();
    }
    return p;
  } catch (nlohmann::json::exception const&) {
    bad_column("a place", text.substr(0, 40));
  }
}

std::string lines_text(std::vector<cases::claim_line> const& lines) {
  auto j = nlohmann::json::array();
  for (auto const& l : lines) {
    j.push_back({{"description", l.description_}, {"amountMinor", l.amount_minor_}, {"currency", l.currency_},
                 {"state", cases::to_string(l.state_)}, {"approvedMinor", l.approved_minor_},
                 {"reasonCode", l.reason_code_}, {"note", l.note_}});
  }
  return j.dump();
}

std::vector<cases::claim_line> read_lines(std::string_view text) {
  std::vector<cases::claim_line> out;
  for (auto const& l : parse_json("claim lines", text)) {
    try {
      cases::claim_line c;
      c.description_ = l.at("description").get<std::string>();
      c.amount_minor_ = l.at("amountMinor").get<std::int64_t>();
      c.currency_ = l.at("currency").get<std::string>();
      auto const state = l.at("state").get<std::string>();
      // model.h has no parse for line states: the three names, by to_string.
      auto found = false;
      for (auto const s : {cases::line_state::kPending, cases::line_state::kApproved, cases::line_state::kRejected}) {
        if (cases::to_string(s) == state) {
          c.state_ = s;
          found = true;
        }
      }
      if (!found) {
        bad_column("the claim line state", state);
      }
      c.approved_minor_ = l.at("approvedMinor").get<std::int64_t>();
      c.reason_code_ = l.at("reasonCode").get<std::string>();
      c.note_ = l.at("note").get<std::string>();
      out.push_back(std::move(c));
    } catch (nlohmann::json::exception const&) {
      bad_column("a claim line", l.dump().substr(0, 40));
    }
  }
  return out;
}

cases::case_kind case_kind_column(std::string_view s) {
  auto const r = cases::parse_case_kind(s);
  if (!r) {
    bad_column("the case kind", s);
  }
  return *r;
}

cases::urgency urgency_column(std::string_view s) {
  auto const r = cases::parse_urgency(s);
  if (!r) {
    bad_column("the urgency", s);
  }
  return *r;
}

cases::party party_column(std::string_view s) {
  auto const r = cases::parse_party(s);
  if (!r) {
    bad_column("the party", s);
  }
  return *r;
}

std::vector<value> case_values(cases::case_record const& c) {
  auto optional_int = [](std::optional<std::int64_t> v) { return v ? value{*v} : value{}; };
  return {std::string{cases::to_string(c.kind_)},
          c.category_,
          std::string{cases::to_string(c.urgency_)},
          c.state_,
          c.title_sealed_,
          c.description_sealed_,
          c.country_,
          place_text(c.place_),
          c.happened_at_,
          c.language_,
          c.filed_by_,
          optional_int(c.traveller_),
          optional_int(c.operator_),
          optional_int(c.tour_),
          c.insurer_,
          c.policy_sealed_,
          c.journey_,
          c.destination_,
          lines_text(c.lines_),
          c.outcome_,
          c.calendar_,
          std::string{cases::to_string(c.responsible_)},
          c.escalated_to_ ? value{std::string{cases::to_string(*c.escalated_to_)}} : value{},
          optional_int(c.response_due_),
          optional_int(c.resolution_due_),
          c.next_due_,
          c.breached_,
          c.open_,
          c.created_,
          c.updated_,
          c.version_};
}

query_sql case_query_sql(cases::case_query const& q, char mark) {
  query_sql out;
  std::vector<std::string> where;
  auto param = [&](value v) {
    out.values_.push_back(std::move(v));
    return fmt::format("{}{}", mark, out.values_.size());
  };
  if (q.traveller_) {
    // One column, so its index gives the order (an OR with filed_by made SQLite walk the whole queue).
    where.push_back(fmt::format("traveller_id = {}", param(*q.traveller_)));
  }
  if (q.operator_) {
    where.push_back(fmt::format("operator_id = {}", param(*q.operator_)));
  }
  if (!q.insurer_.empty()) {
    where.push_back(fmt::format("insurer = {}", param(q.insurer_)));
  }
  if (!q.country_.empty()) {
    // An authority sees claims only once escalated to it (docs/cases.md).
    where.push_back(fmt::format("country = {} AND (kind <> 'claim' OR escalated_to IS NOT NULL)", param(q.country_)));
  }
  if (q.kind_) {
    where.push_back(fmt::format("kind = {}", param(std::string{cases::to_string(*q.kind_)})));
  }
  if (q.open_) {
    where.push_back(fmt::format("open = {}", param(*q.open_)));
  }
  if (q.breached_only_) {
    where.push_back(fmt::format("breached = {}", param(true)));
  }
  for (std::size_t i = 0; i != where.size(); ++i) {
    out.tail_ += (i == 0 ? " WHERE " : " AND ") + where[i];
  }
  auto const limit = param(static_cast<std::int64_t>(q.limit_));
  auto const offset = param(static_cast<std::int64_t>(q.offset_));
  out.tail_ += fmt::format(" ORDER BY next_due, id LIMIT {} OFFSET {}", limit, offset);
  return out;
}

// Values as libpq takes them: text, or null (the server gives each its column's type).
std::vector<std::optional<std::string>> texts(std::vector<value> const& values) {
  std::vector<std::optional<std::string>> out;
  for (auto const& v : values) {
    out.push_back(std::visit(
        [](auto const& x) -> std::optional<std::string> {
          using T = std::decay_t<decltype(x)>;
          if constexpr (std::is_same_v<T, std::monostate>) {
            return std::nullopt;
          } else if constexpr (std::is_same_v<T, bool>) {
            return x ? "true" : "false";
          } else if constexpr (std::is_same_v<T, std::string>) {
            return x;
          } else {
            return std::to_string(x);
          }
        },
        v));
  }
  return out;
}

}  // namespace caravan::storage

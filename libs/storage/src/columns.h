#pragma once
// How the register's values are written into columns, the same for every store: enums by their names,
// lists as JSON text (so a row reads the same in SQLite and PostgreSQL and in a dump).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "caravan/cases/store.h"
#include "caravan/registry/model.h"
#include "caravan/registry/store.h"

namespace caravan::storage {

registry::role role_column(std::string_view);  // throws store_error for an unknown name
registry::operator_status operator_status_column(std::string_view);
registry::tour_status tour_status_column(std::string_view);
void programme_column(std::string_view text, registry::tour&);  // read_programme, its failure a store_error
// The countries that decide on a tour, as the tours' `countries` column holds them: ",KZ,KG," (a
// country is found with "%,KZ,%" in both databases).
std::string deciding_text(registry::tour const&);

std::string names_text(std::vector<registry::localized_name> const&);  // [{"lang":..,"name":..}]
std::vector<registry::localized_name> names_column(std::string_view);
std::string countries_text(std::vector<std::string> const&);  // ["KZ","KG"]
std::vector<std::string> countries_column(std::string_view);

// The cases' columns. A place and a claim's lines as JSON text ({"name","stopId","siteId","crossingId",
// "lat","lon"}, [{"description","amountMinor","currency","state","approvedMinor","reasonCode","note"}]);
// text that does not read as one is a store_error, as an unknown name.
std::string place_text(cases::place const&);
cases::place read_place(std::string_view);
std::string lines_text(std::vector<cases::claim_line> const&);
std::vector<cases::claim_line> read_lines(std::string_view);
cases::case_kind case_kind_column(std::string_view);
cases::urgency urgency_column(std::string_view);
cases::party party_column(std::string_view);

// Aggregate rows in the order of their keys (bytewise, whatever the database's collation).
std::vector<registry::aggregate_row> by_keys(std::vector<registry::aggregate_row> rows);
registry::rating_subject rating_subject_column(std::string_view);

// A value bound to a statement, the same for both stores (each binds it its own way).
using value = std::variant<std::monostate, std::int64_t, std::string, bool>;
// Values as libpq takes them: text, or null (the server gives each its column's type).
std::vector<std::optional<std::string>> texts(std::vector<value> const& values);

// The cases table's columns as both stores read them; case_values(c) the values of all but id, in this order.
inline constexpr auto kCaseColumns =
    "id, kind, category, urgency, state, title, description, country, place, happened_at, language, filed_by, "
    "traveller_id, operator_id, tour_id, insurer, policy, journey, destination, lines, outcome, calendar, "
    "responsible, escalated_to, response_due, resolution_due, next_due, breached, open, created, updated, version";
inline constexpr int kCaseValues = 31;
std::vector<value> case_values(cases::case_record const&);

// A case from a row of kCaseColumns. Row: integer(i), text(i), boolean(i), is_null(i).
template <typename Row>
cases::case_record case_from_row(Row const& r) {
  cases::case_record c;
  auto optional_int = [&](int i) { return r.is_null(i) ? std::optional<std::int64_t>{} : r.integer(i); };
  c.id_ = r.integer(0);
  c.kind_ = case_kind_column(r.text(1));
  c.category_ = r.text(2);
  c.urgency_ = urgency_column(r.text(3));
  c.state_ = r.text(4);
  c.title_sealed_ = r.text(5);
  c.description_sealed_ = r.text(6);
  c.country_ = r.text(7);
  c.place_ = read_place(r.text(8));
  c.happened_at_ = r.integer(9);
  c.language_ = r.text(10);
  c.filed_by_ = r.integer(11);
  c.traveller_ = optional_int(12);
  c.operator_ = optional_int(13);
  c.tour_ = optional_int(14);
  c.insurer_ = r.text(15);
  c.policy_sealed_ = r.text(16);
  c.journey_ = r.text(17);
  c.destination_ = r.text(18);
  c.lines_ = read_lines(r.text(19));
  c.outcome_ = r.text(20);
  c.calendar_ = r.text(21);
  c.responsible_ = party_column(r.text(22));
  if (!r.is_null(23)) {
    c.escalated_to_ = party_column(r.text(23));
  }
  c.response_due_ = optional_int(24);
  c.resolution_due_ = optional_int(25);
  c.next_due_ = r.integer(26);
  c.breached_ = r.boolean(27);
  c.open_ = r.boolean(28);
  c.created_ = r.integer(29);
  c.updated_ = r.integer(30);
  c.version_ = r.integer(31);
  return c;
}

// A queue's conditions, order and page (" WHERE ... ORDER BY next_due, id LIMIT .. OFFSET .."), made of
// fixed pieces by which filters are set (so each shape uses its index) and the values to bind, numbered
// from 1 with `mark` ('?' for SQLite, '$' for PostgreSQL).
struct query_sql {
  std::string tail_{};
  std::vector<value> values_{};
};
query_sql case_query_sql(cases::case_query const&, char mark);

}  // namespace caravan::storage

#include "columns.h"

#include <nlohmann/json.hpp>

#include <fmt/format.h>

namespace caravan::storage {

using namespace registry;

namespace {

[[noreturn]] void bad_column(std::string_view what, std::string_view value) {
  throw store_error{fmt::format("the register holds {} \"{}\" that this program does not know", what, value)};
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

}  // namespace caravan::storage

#pragma once
// How the register's values are written into columns, the same for every store: enums by their names,
// lists as JSON text (so a row reads the same in SQLite and PostgreSQL and in a dump).
#include <string>
#include <string_view>
#include <vector>

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

}  // namespace caravan::storage

#include "caravan/planner/countries.h"

#include "caravan/rules/model.h"

#include <algorithm>
#include <array>
#include <utility>

namespace caravan::planner {

namespace {

// Sorted by zone name.
constexpr std::array<std::pair<std::string_view, std::string_view>, 17> kZoneCountries{{
    {"Asia/Almaty", "KZ"},
    {"Asia/Aqtau", "KZ"},
    {"Asia/Aqtobe", "KZ"},
    {"Asia/Ashgabat", "TM"},
    {"Asia/Atyrau", "KZ"},
    {"Asia/Bishkek", "KG"},
    {"Asia/Chongqing", "CN"},
    {"Asia/Dushanbe", "TJ"},
    {"Asia/Kashgar", "CN"},
    {"Asia/Oral", "KZ"},
    {"Asia/Qostanay", "KZ"},
    {"Asia/Qyzylorda", "KZ"},
    {"Asia/Samarkand", "UZ"},
    {"Asia/Shanghai", "CN"},
    {"Asia/Tashkent", "UZ"},
    {"Asia/Urumqi", "CN"},
    {"PRC", "CN"},
}};
static_assert(std::is_sorted(kZoneCountries.begin(), kZoneCountries.end()));

}  // namespace

std::string_view country_of_zone(std::string_view tz_name) {
  auto const it = std::lower_bound(kZoneCountries.begin(), kZoneCountries.end(), tz_name,
                                   [](auto const& e, std::string_view z) { return e.first < z; });
  return it != kZoneCountries.end() && it->first == tz_name ? it->second : std::string_view{};
}

bool is_country_code(std::string_view code) { return rules::is_country_code(code); }

}  // namespace caravan::planner

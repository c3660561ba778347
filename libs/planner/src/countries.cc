#include "caravan/planner/countries.h"

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

// ISO 3166-1 alpha-2, officially assigned (Debian's iso-codes 3166-1 list), space-separated and sorted.
constexpr std::string_view kCountryCodes =
    "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS "
    "BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE "
    "EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM "
    "HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC "
    "LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA "
    "NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW "
    "SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO "
    "TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW";

}  // namespace

std::string_view country_of_zone(std::string_view tz_name) {
  auto const it = std::lower_bound(kZoneCountries.begin(), kZoneCountries.end(), tz_name,
                                   [](auto const& e, std::string_view z) { return e.first < z; });
  return it != kZoneCountries.end() && it->first == tz_name ? it->second : std::string_view{};
}

bool is_country_code(std::string_view code) {
  if (code.size() != 2 || code[0] < 'A' || code[0] > 'Z' || code[1] < 'A' || code[1] > 'Z') {
    return false;
  }
  // Every code sits at a multiple of 3 in the list.
  for (std::size_t i = 0; i + 2 <= kCountryCodes.size(); i += 3) {
    if (kCountryCodes.substr(i, 2) == code) {
      return true;
    }
  }
  return false;
}

}  // namespace caravan::planner

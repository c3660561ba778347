#pragma once
// Countries, which the timetable does not record: a stop's country is derived from its IANA time zone
// through a small table of the zones the Silk Road data uses (data/silkroad/README.md, "Times and time
// zones"); a zone outside the table has no known country (""). And ISO 3166-1 alpha-2 codes, for
// travellers' nationalities.
#include <string_view>

namespace caravan::planner {

// "CN" for Asia/Shanghai, Asia/Urumqi and Asia/Kashgar; "KZ", "KG", "UZ", "TJ", "TM" for the Central
// Asian zones (Asia/Almaty, Asia/Qostanay, Asia/Aqtobe, Asia/Aqtau, Asia/Atyrau, Asia/Oral,
// Asia/Qyzylorda; Asia/Bishkek; Asia/Tashkent, Asia/Samarkand; Asia/Dushanbe; Asia/Ashgabat); "" else.
std::string_view country_of_zone(std::string_view tz_name);

// An officially assigned ISO 3166-1 alpha-2 code, in upper case ("KZ"; not "kz", "XX" or "UK").
bool is_country_code(std::string_view code);

}  // namespace caravan::planner

#pragma once
// A passport's machine-readable zone (ICAO Doc 9303 Part 4, TD3: two lines of 44 characters), read into
// a manifest's fields with every check digit verified. Names come as the MRZ has them: Latin letters
// only, transliterated by the issuer; the native-script name is entered apart.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace caravan::registry {

struct mrz_passport {
  std::string document_code_;   // "P" and the issuer's type letter, if any ("P", "PO", "PD")
  std::string issuing_state_;   // ICAO code as printed ("CHN", "D")
  std::string surname_;         // "ZHANG"; '<' between parts of a name become spaces
  std::string given_names_;     // "SAN FENG"
  std::string number_;          // document number without the filler
  std::string nationality_;     // ISO 3166-1 alpha-2 ("CN"); "" for codes with none (stateless "XXA")
  std::string nationality_icao_;  // as printed ("CHN")
  std::int32_t birth_date_{0};  // days since 1970-01-01
  char sex_{'<'};               // 'M', 'F' or '<' (unspecified)
  std::int32_t expiry_{0};      // days since 1970-01-01
  std::string personal_number_;  // optional data of the holder's state ("" when none)
};

// One thing wrong, named by the field (as the manifest names it: "number", "birth_date", "expiry",
// "nationality", "personal_number", "composite", "line1", "line2") and what is wrong with it.
struct mrz_problem {
  std::string field_;
  std::string what_;
};

struct mrz_result {
  std::optional<mrz_passport> passport_;  // set when there is no problem
  std::vector<mrz_problem> problems_;
};

// Reads a TD3 zone: two lines of 44 characters separated by a line break (LF or CRLF), or the 88
// characters in one; spaces around lines are ignored, lower case read as upper case. `today` (days
// since 1970) places two-digit years: a birth date is the latest one not after today, an expiry is in
// 2000-2099. Work: O(length of text); the text is refused unread past 200 bytes.
mrz_result parse_td3(std::string_view text, std::int32_t today);

// ICAO 9303's check digit of a field: characters 0-9 -> 0-9, A-Z -> 10-35, '<' -> 0, weights 7, 3, 1
// repeated, sum modulo 10. std::nullopt when a character is none of those.
std::optional<int> mrz_check_digit(std::string_view field);

}  // namespace caravan::registry

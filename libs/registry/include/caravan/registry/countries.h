#pragma once
// Country codes as passports and manifests write them. Caravan keys countries by ISO 3166-1 alpha-2
// (the rules do); a passport's machine-readable zone uses ICAO 9303's three-letter codes, which are
// ISO alpha-3 plus a few of ICAO's own (Germany's "D", the British classes "GBD".."GBS").
#include <string_view>

namespace caravan::registry {

// The alpha-2 code of an ICAO/ISO alpha-3 code ("CHN" -> "CN", "D" -> "DE"); "" when there is none
// (the stateless "XXA", the refugee codes, the UN's "UNO", or not a code at all).
std::string_view alpha2_of_icao(std::string_view code);

}  // namespace caravan::registry

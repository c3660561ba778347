// libFuzzer target: what a tour request and the tours' data take as text. The first line is a theme
// (tours::theme_sites over a few sites), the rest a site visits file (tours::read_visit_overrides).
// Either may be rejected (planner::query_error, data_error); nothing may crash, hang or read out of
// bounds, and what is accepted must hold: themes give known sites, visits fit their opening hours.
#include <cstddef>
#include <cstdint>
#include <string>

#include "caravan/base/error.h"
#include "caravan/planner/error.h"
#include "caravan/tours/tour.h"
#include "caravan/tours/visits.h"

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
  using namespace caravan;
  static sites::site_list const sites = sites::read_sites(
      "site_id,name,country,lat,lon,unesco_ref,confidence\n"
      "kz_talgar,Talgar,KZ,43.3,77.2,1442,estimated\n"
      "cn_binxian,Bin County,CN,35.0,108.0,1442-029,estimated\n"
      "multi_z,Zarafshan,TJ/UZ/TM,,,1675,missing\n",
      "fuzz-sites.csv");
  std::string const text{reinterpret_cast<char const*>(data), size};
  auto const eol = text.find('\n');
  auto const theme = text.substr(0, eol);
  try {
    for (auto const& id : tours::theme_sites(theme, sites)) {
      bool known = false;
      for (auto const& s : sites) {
        known = known || s.id_ == id;
      }
      if (!known) {
        __builtin_trap();
      }
    }
  } catch (planner::query_error const&) {
  }
  if (eol == std::string::npos) {
    return 0;
  }
  try {
    for (auto const& v : tours::read_visit_overrides(text.substr(eol + 1), "fuzz-visits.csv")) {
      if (v.site_id_.empty() || v.visit_s_ < 15 * 60 || v.closes_s_ - v.opens_s_ < v.visit_s_) {
        __builtin_trap();
      }
    }
  } catch (data_error const&) {
  }
  return 0;
}

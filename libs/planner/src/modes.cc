#include "caravan/planner/modes.h"

#include <algorithm>
#include <utility>

#include <fmt/format.h>

#include "caravan/base/text.h"
#include "caravan/planner/error.h"

namespace caravan::planner {

namespace {

using tt::mode;

routing::mode_mask mask(std::initializer_list<mode> modes) {
  routing::mode_mask m = 0;
  for (auto const x : modes) {
    m |= routing::mask_of(x);
  }
  return m;
}

// Groups come first: they win over a single mode of the same name (rail, bus, road).
std::vector<std::pair<std::string, routing::mode_mask>> const& names() {
  static auto const all = [] {
    std::vector<std::pair<std::string, routing::mode_mask>> v = {
        {"all", routing::kAllModes},
        {"rail", mask({mode::kRail, mode::kSubway, mode::kTram, mode::kMonorail, mode::kFunicular, mode::kCableCar})},
        {"train", mask({mode::kRail})},
        {"bus", mask({mode::kBus, mode::kCoach, mode::kTrolleybus})},
        {"road", mask({mode::kRoad, mode::kTaxi})},
        {"water", mask({mode::kFerry})},
    };
    for (auto m = 0U; m <= static_cast<unsigned>(mode::kOther); ++m) {
      auto const name = std::string{tt::to_string(static_cast<mode>(m))};
      if (std::none_of(v.begin(), v.end(), [&](auto const& x) { return x.first == name; })) {
        v.emplace_back(name, routing::mask_of(static_cast<mode>(m)));
      }
    }
    return v;
  }();
  return all;
}

}  // namespace

std::vector<std::string> mode_names() {
  std::vector<std::string> out;
  for (auto const& [name, m] : names()) {
    out.push_back(name);
  }
  return out;
}

routing::mode_mask parse_modes(std::string_view text, std::string const& field) {
  auto const valid = fmt::format("valid modes: {}", fmt::join(mode_names(), ", "));
  if (trim(text).empty()) {
    throw query_error{field, fmt::format("no modes given; {}", valid)};
  }
  auto const whole = text;
  routing::mode_mask out = 0;
  while (true) {
    auto const comma = text.find(',');
    auto const item = ascii_lower(trim(text.substr(0, comma)));
    if (item.empty()) {
      throw query_error{field, fmt::format("modes `{}`: an empty name between commas; {}", whole, valid)};
    }
    auto const it = std::find_if(names().begin(), names().end(), [&](auto const& x) { return x.first == item; });
    if (it == names().end()) {
      throw query_error{field, fmt::format("unknown mode `{}`; {}", item, valid)};
    }
    out |= it->second;
    if (comma == std::string_view::npos) {
      break;
    }
    text.remove_prefix(comma + 1);
  }
  return out;
}

}  // namespace caravan::planner

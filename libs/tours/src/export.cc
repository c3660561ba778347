// Placeholder until the exports land (issue 18): every function says it is not there yet.
#include "caravan/tours/export.h"

#include <stdexcept>

namespace caravan::tours {

std::string to_ics(tour_answer const&, tour const&, std::string_view, std::int64_t) {
  throw std::logic_error{"tours::to_ics is not written yet"};
}
nlohmann::ordered_json to_geojson(tour_answer const&, tour const&) {
  throw std::logic_error{"tours::to_geojson is not written yet"};
}
std::string to_html(tour_answer const&, tour const&, std::string_view) {
  throw std::logic_error{"tours::to_html is not written yet"};
}

}  // namespace caravan::tours

// Being written (issue 18): the placeholder throws.
#include "caravan/tours/tour.h"

#include <stdexcept>

namespace caravan::tours {

tour_answer plan_tour(tour_request const&, planner::journey_planner const&, site_catalogue const&,
                      rules::rule_set const&, routing::search_state&) {
  throw std::logic_error{"tours::plan_tour is not written yet"};
}
std::vector<std::string> theme_sites(std::string_view, sites::site_list const&) {
  throw std::logic_error{"tours::theme_sites is not written yet"};
}
std::string_view to_string(item_kind) { return "?"; }

}  // namespace caravan::tours

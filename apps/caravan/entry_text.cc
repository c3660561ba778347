#include "entry_text.h"

#include <fmt/format.h>

#include "caravan/planner/times.h"

namespace caravan::cli {

std::string describe_entry(planner::entry_check const& e, std::vector<rules::traveller> const& travellers) {
  std::string out;
  for (auto const& x : e.airside_) {
    out += fmt::format("   {} ({}, {})\n", planner::airside_note(x), x.country_, planner::format_time(x.at_, x.at_tz_));
  }
  for (std::size_t i = 0; i != e.entries_.size(); ++i) {
    auto const& x = e.entries_[i];
    out += fmt::format("   entering {} at {} ({}{})\n", x.country_, planner::format_time(x.at_, x.at_tz_), x.stop_name_,
                       x.port_ != x.stop_id_ && x.stop_name_.find(x.port_) == std::string::npos ? ", via " + x.port_ : "");
    for (std::size_t t = 0; t != e.results_.size() && t != travellers.size(); ++t) {
      if (i >= e.results_[t].stays_.size()) {
        continue;
      }
      auto const& r = e.results_[t].stays_[i];
      auto line = fmt::format("      {}: {}", travellers[t].nationality_, rules::to_string(r.verdict_));
      if (r.rule_ != nullptr) {
        line += fmt::format(" ({}{})", rules::to_string(r.rule_->regime_),
                            r.rule_->max_stay_days_ ? fmt::format(", {} days a stay", *r.rule_->max_stay_days_) : "");
      }
      if (r.latest_exit_) {
        line += ", latest exit " + rules::format_day(*r.latest_exit_);
      }
      if (r.rule_ != nullptr) {
        line += fmt::format("; rule {}{}", r.rule_->id_, r.rule_->sources_.empty() ? "" : ", " + r.rule_->sources_.front().url_);
      }
      out += line + "\n";
      for (auto const& c : r.conditions_) {
        out += "         " + c.text_ + "\n";
      }
      for (auto const& why : r.reasons_) {
        out += "         " + why.text_ + "\n";
      }
      for (auto const& todo : r.before_departure_) {
        out += "         before departure: " + todo.text_ + "\n";
      }
    }
  }
  return out;
}

}  // namespace caravan::cli

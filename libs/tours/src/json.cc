#include "caravan/tours/json.h"

#include <fmt/format.h>

#include "caravan/planner/json.h"
#include "caravan/planner/times.h"

namespace caravan::tours {

namespace {

using json = nlohmann::ordered_json;

json place_json(place_view const& p) {
  return {{"text", p.text_}, {"stopId", p.stop_.id_}, {"name", p.stop_.name_},
          {"lat", p.stop_.lat_}, {"lon", p.stop_.lon_}, {"tz", p.stop_.tz_}};
}

std::string hhmm(std::int32_t s) { return fmt::format("{:02}:{:02}", s / 3600, s % 3600 / 60); }

json site_json(site_visit const& v, std::vector<town> const& towns) {
  json j = {{"id", v.id_}, {"name", v.name_}, {"country", v.country_}};
  j["lat"] = v.pos_ ? json(v.pos_->lat_) : json(nullptr);
  j["lon"] = v.pos_ ? json(v.pos_->lon_) : json(nullptr);
  j["reachable"] = v.reachable_;
  if (v.reachable_) {
    j["town"] = towns[v.town_].name_;
  } else {
    j["town"] = nullptr;
  }
  j["why"] = v.why_;
  j["accessMinutes"] = (v.access_s_ + 30) / 60;
  j["visitMinutes"] = v.visit_s_ / 60;
  j["opens"] = hhmm(v.opens_s_);
  j["closes"] = hhmm(v.closes_s_);
  j["estimated"] = v.estimated_;
  j["visitSource"] = v.visit_source_;
  return j;
}

json item_json(tour_item const& i) {
  json j = {{"kind", to_string(i.kind_)},
            {"startTime", planner::format_time(i.start_, i.tz_)},
            {"endTime", planner::format_time(i.end_, i.end_tz_.empty() ? i.tz_ : i.end_tz_)},
            {"tz", i.tz_},
            {"endTz", i.end_tz_.empty() ? i.tz_ : i.end_tz_},
            {"place", i.place_},
            {"estimated", i.estimated_}};
  if (i.kind_ == item_kind::kVisit) {
    j["siteId"] = i.site_id_;
  }
  if (i.kind_ == item_kind::kNight) {
    j["onBoard"] = i.on_board_;
  }
  if (!i.note_.empty()) {
    j["note"] = i.note_;
  }
  if (i.journey_) {
    j["journey"] = planner::to_json(*i.journey_);
  }
  return j;
}

json tour_json(tour const& t, std::span<rules::traveller const> travellers) {
  json days = json::array();
  for (auto const& d : t.days_list_) {
    json items = json::array();
    for (auto const k : d.items_) {
      items.push_back(item_json(t.items_[k]));
    }
    days.push_back({{"day", d.number_}, {"date", d.date_}, {"items", std::move(items)}});
  }
  return {{"order", t.order_},
          {"leftOut", t.left_out_},
          {"fits", t.fits_},
          {"startTime", planner::format_time(t.start_, t.start_tz_)},
          {"endTime", planner::format_time(t.end_, t.end_tz_)},
          {"days", t.days_},
          {"travelMinutes", (t.travel_s_ + 30) / 60},
          {"nightsInTowns", t.nights_in_towns_},
          {"nightsOnBoard", t.nights_on_board_},
          {"estimated", t.estimated_},
          {"visaFree", t.entry_.visa_free()},
          {"entry", planner::to_json(t.entry_, travellers)},
          {"dayByDay", std::move(days)}};
}

}  // namespace

nlohmann::ordered_json to_json(tour_answer const& a, std::span<rules::traveller const> travellers) {
  json sites = json::array();
  for (auto const& v : a.sites_) {
    sites.push_back(site_json(v, a.towns_));
  }
  json tours = json::array();
  for (auto const& t : a.tours_) {
    tours.push_back(tour_json(t, travellers));
  }
  json out = {{"start", place_json(a.start_)},
              {"end", place_json(a.end_)},
              {"daysAvailable", a.days_available_},
              {"provenBest", a.proven_best_},
              {"method", a.method_},
              {"sites", std::move(sites)},
              {"tours", std::move(tours)}};
  if (a.shortfall_) {
    out["shortfall"] = {{"daysNeeded", a.shortfall_->days_needed_ ? json(*a.shortfall_->days_needed_) : json(nullptr)},
                        {"drop", a.shortfall_->drop_},
                        {"unreachable", a.shortfall_->unreachable_}};
  } else {
    out["shortfall"] = nullptr;
  }
  out["notes"] = a.notes_;
  return out;
}

}  // namespace caravan::tours

#include "tours_api.h"

#include <fmt/format.h>

#include <chrono>
#include <functional>
#include <nlohmann/json.hpp>

#include "caravan/base/text.h"
#include "caravan/planner/modes.h"
#include "caravan/routing/query.h"
#include "caravan/tours/export.h"
#include "caravan/tours/json.h"
#include "caravan/tours/tour.h"
#include "parameters.h"
#include "plan_support.h"

namespace caravan::server {

namespace {

using json = nlohmann::ordered_json;

api_error invalid(std::string_view name, std::string message) {
  return api_error{error_code::kInvalidParameter, std::move(message), std::string{name}};
}

// "08:00" -> seconds of the day; "24:00" is the end of the day.
std::int32_t clock_of(api_request const& r, std::string_view name, std::int32_t fallback) {
  auto const v = r.target.get(name);
  if (!v) {
    return fallback;
  }
  auto const bad = [&] { return invalid(name, fmt::format("`{}` must be a time of day HH:MM (00:00 to 24:00), not `{}`", name, shorten(*v))); };
  auto const digit = [&](std::size_t i) { return (*v)[i] >= '0' && (*v)[i] <= '9' ? (*v)[i] - '0' : -1; };
  if (v->size() != 5 || (*v)[2] != ':' || digit(0) < 0 || digit(1) < 0 || digit(3) < 0 || digit(4) < 0) {
    throw bad();
  }
  auto const h = digit(0) * 10 + digit(1);
  auto const m = digit(3) * 10 + digit(4);
  if (m > 59 || h * 60 + m > 24 * 60) {
    throw bad();
  }
  return h * 3600 + m * 60;
}

// The tours library's fields are the API's parameters; the planner's own (from, to) are mapped.
api_error from_tour_error(planner::query_error const& e) {
  auto const& f = e.field();
  if (f == "from" || f == "start") {
    return {error_code::kUnknownPlace, e.what(), "start"};
  }
  if (f == "to" || f == "end") {
    return {error_code::kUnknownPlace, e.what(), "end"};
  }
  if (f == "time" || f == "start_time") {
    return {error_code::kInvalidTime, e.what(), "time"};
  }
  if (f == "modes") {
    return {error_code::kInvalidModes, e.what(), "modes"};
  }
  return invalid(f, e.what());
}

enum class tour_format : std::uint8_t { kJson, kIcs, kGeojson, kHtml };

tour_format format_of(api_request const& r) {
  auto const v = r.target.get("format");
  if (!v || *v == "json") {
    return tour_format::kJson;
  }
  if (*v == "ics") {
    return tour_format::kIcs;
  }
  if (*v == "geojson") {
    return tour_format::kGeojson;
  }
  if (*v == "html") {
    return tour_format::kHtml;
  }
  throw invalid("format", fmt::format("`format` must be json, ics, geojson or html, not `{}`", shorten(*v)));
}

}  // namespace

api_response plan_tour(api_request const& r, loaded_data const& d, metrics& m) {
  r.only({"start", "time", "end", "sites", "theme", "days", "travellers", "group", "groupOperator", "groupRegistered",
          "onwardTicket", "modes", "dayStart", "dayEnd", "overnight", "car", "keepOrder", "tours", "format", "tour"});
  tours::tour_request tr;
  tr.start_ = required(r, "start");
  tr.start_time_ = required(r, "time");
  if (auto const end = r.target.get("end")) {
    tr.end_ = *end;
  }
  if (auto const sites = r.target.get("sites")) {
    tr.sites_ = split_list(*sites);
    if (tr.sites_.size() > tours::kMaxSites) {
      throw invalid("sites", fmt::format("`sites` lists {} sites; at most {} per tour", tr.sites_.size(), tours::kMaxSites));
    }
  }
  if (auto const theme = r.target.get("theme")) {
    tr.theme_ = *theme;
  }
  if (tr.sites_.empty() && tr.theme_.empty()) {
    throw api_error{error_code::kMissingParameter, "a tour needs `sites` (site ids, comma-separated) or a `theme`", "sites"};
  }
  if (!r.target.get("days")) {
    throw api_error{error_code::kMissingParameter, "parameter `days` is required", "days"};
  }
  tr.days_ = static_cast<int>(*integer(r, "days", 1, tours::kMaxDays));
  tr.travellers_ = travellers_of(r);
  if (tr.travellers_.size() > tours::kMaxTravellers) {
    throw invalid("travellers", fmt::format("`travellers` lists {} travellers; at most {} on a tour", tr.travellers_.size(),
                                            tours::kMaxTravellers));
  }
  if (auto const size = integer(r, "group", 1, 1000)) {
    rules::group_tour g;
    g.size_ = static_cast<int>(*size);
    if (auto const op = r.target.get("groupOperator")) {
      g.operator_id_ = *op;
    }
    g.registered_ = boolean(r, "groupRegistered");
    tr.group_ = g;
  } else if (r.target.get("groupOperator") || r.target.get("groupRegistered")) {
    auto const name = r.target.get("groupOperator") ? "groupOperator" : "groupRegistered";
    throw api_error{error_code::kMissingParameter, fmt::format("`{}` describes a group tour: give its size in `group`", name),
                    "group"};
  }
  if (auto const modes = r.target.get("modes")) {
    tr.modes_ = *modes;
    planner::parse_modes(*modes, "modes");  // a bad name is the request's fault before any search
  }
  tr.day_start_s_ = clock_of(r, "dayStart", tr.day_start_s_);
  tr.day_end_s_ = clock_of(r, "dayEnd", tr.day_end_s_);
  if (tr.day_end_s_ <= tr.day_start_s_) {
    throw invalid(r.target.get("dayEnd") ? "dayEnd" : "dayStart", "the travel day must end (`dayEnd`) after it starts (`dayStart`)");
  }
  tr.overnight_ = boolean(r, "overnight", true);
  tr.onward_ticket_ = boolean(r, "onwardTicket");
  tr.hire_car_ = boolean(r, "car");
  tr.keep_order_ = boolean(r, "keepOrder");
  tr.max_tours_ = static_cast<std::size_t>(integer(r, "tours", 1, 5).value_or(3));
  auto const format = format_of(r);
  auto const index = static_cast<std::size_t>(integer(r, "tour", 0, 4).value_or(0));
  if (format == tour_format::kJson && r.target.get("tour")) {
    throw invalid("tour", "`tour` picks the tour of an export: give format=ics, geojson or html");
  }
  // Every search stops at the request's deadline (routing::stop_condition), as plan's do.
  tr.stop_.deadline_ = r.deadline;

  auto const past_deadline = [] {
    return api_error{error_code::kDeadlineExceeded,
                     "the tour's searches ran past the request deadline; ask for fewer sites, days or tours"};
  };
  if (clock::now() > r.deadline) {  // waited in the queue past it
    throw past_deadline();
  }
  tours::tour_answer answer;
  try {
    answer = tours::plan_tour(tr, d.planner(), d.tour_sites(), d.rules(), thread_search_state());
  } catch (routing::cancelled const&) {
    throw past_deadline();
  } catch (rules::check_cancelled const&) {
    throw past_deadline();
  } catch (planner::query_error const& e) {
    throw from_tour_error(e);
  }
  if (clock::now() > r.deadline) {
    throw past_deadline();
  }
  m.record_query("tour");

  if (format == tour_format::kJson) {
    return ok("application/json", tours::to_json(answer, tr.travellers_).dump(-1, ' ', false, json::error_handler_t::replace));
  }
  if (index >= answer.tours_.size()) {
    throw invalid("tour", answer.tours_.empty()
                              ? std::string{"no tour fits the days to export: format=json says why (shortfall)"}
                              : fmt::format("the answer has {} tour{}: `tour` is 0 to {}", answer.tours_.size(),
                                            answer.tours_.size() == 1 ? "" : "s", answer.tours_.size() - 1));
  }
  auto const& t = answer.tours_[index];
  switch (format) {
    case tour_format::kIcs: {
      auto const now =
          std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
      // The same request gives the same UIDs: a calendar updates the events it imported before.
      std::string key;
      for (auto const& [name, value] : r.target.params) {
        if (name != "format") {
          key += name + "=" + value + "&";
        }
      }
      // FNV-1a: the same request gives the same UIDs in every build (std::hash need not), so a calendar
      // that imports the file again updates its events instead of doubling them.
      std::uint64_t h = 14695981039346656037ULL;
      for (auto const c : key) {
        h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
      }
      auto const seed = fmt::format("caravan-tour-{:016x}-{}", h, index);
      auto out = ok("text/calendar; charset=utf-8", tours::to_ics(answer, t, seed, now));
      out.headers.emplace_back("Content-Disposition", "attachment; filename=\"caravan-tour.ics\"");
      return out;
    }
    case tour_format::kGeojson:
      return ok("application/geo+json", tours::to_geojson(answer, t).dump(-1, ' ', false, json::error_handler_t::replace));
    case tour_format::kHtml: return ok("text/html; charset=utf-8", tours::to_html(answer, t, tr.travellers_, "en"));
    case tour_format::kJson: break;
  }
  throw api_error{error_code::kInternal, "unknown format"};
}

}  // namespace caravan::server

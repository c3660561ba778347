// caravan tour: a multi-day tour over heritage sites (docs/tours.md), as text day by day, JSON, or
// exported to an iCalendar file, GeoJSON or a printable page.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <string>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "caravan/base/error.h"
#include "caravan/base/text.h"
#include "caravan/planner/entry.h"
#include "caravan/planner/error.h"
#include "caravan/planner/times.h"
#include "caravan/rules/itinerary.h"
#include "caravan/rules/rule_set.h"
#include "caravan/sites/sites.h"
#include "caravan/timetable/timetable.h"
#include "caravan/tours/export.h"
#include "caravan/tours/json.h"
#include "caravan/tours/tour.h"
#include "caravan/tours/visits.h"
#include "commands.h"
#include "entry_text.h"

namespace caravan::cli {

namespace {

constexpr char const* kDefaultSites = "data/silkroad/caravan_heritage_sites.txt";
constexpr char const* kDefaultSiteVisits = "data/tours/site_visits.csv";

struct options {
  std::string timetable = kDefaultTimetable;
  std::string sites_file, site_visits, rules_dir;
  std::string start, at, end, sites, theme, modes, day_start, day_end, group_operator;
  int days = 0;
  std::vector<std::string> travellers;
  int group = 0;
  bool group_registered = false;
  bool no_overnight = false;
  bool onward_ticket = false;
  bool car = false;
  bool keep_order = false;
  std::size_t tours = 3;
  std::size_t tour_index = 0;
  bool json = false;
  std::string ics, geojson, html;
};

// "08:00" -> seconds of the day ("24:00" the day's end); the option is named in the error.
std::int32_t clock_of(std::string const& text, std::string_view option) {
  auto const digit = [&](std::size_t i) { return text[i] >= '0' && text[i] <= '9' ? text[i] - '0' : -1; };
  if (text.size() != 5 || text[2] != ':' || digit(0) < 0 || digit(1) < 0 || digit(3) < 0 || digit(4) < 0 ||
      digit(3) * 10 + digit(4) > 59 || (digit(0) * 10 + digit(1)) * 60 + digit(3) * 10 + digit(4) > 24 * 60) {
    throw data_error{{}, fmt::format("{} `{}` is not a time of day HH:MM (00:00 to 24:00)", option, shorten(text))};
  }
  return (digit(0) * 10 + digit(1)) * 3600 + (digit(3) * 10 + digit(4)) * 60;
}

// The option a tours::plan_tour error is about.
std::string option_of(std::string const& field) {
  if (field == "from" || field == "start") {
    return "--start";
  }
  if (field == "to" || field == "end") {
    return "--end";
  }
  if (field == "time" || field == "start_time") {
    return "--at";
  }
  if (field == "travellers") {
    return "--traveller";
  }
  // dayStart -> --day-start, keepOrder -> --keep-order
  std::string out = "--";
  for (auto const c : field) {
    if (c >= 'A' && c <= 'Z') {
      out += '-';
      out += static_cast<char>(c - 'A' + 'a');
    } else {
      out += c == '_' ? '-' : c;
    }
  }
  return out;
}

// "08:00+05:00": the day is the heading's.
std::string clock_time(std::int64_t t, std::string_view tz) { return planner::format_time(t, tz).substr(11); }

std::string leg_line(planner::leg_view const& l) {
  std::string what;
  switch (l.kind_) {
    case routing::leg_kind::kTrip: {
      what = l.mode_;
      for (auto const* part : {&l.route_short_name_, &l.trip_short_name_}) {
        if (!part->empty() && what.find(*part) == std::string::npos) {
          what += " " + *part;
        }
      }
      break;
    }
    case routing::leg_kind::kWalk: what = "walk"; break;
    case routing::leg_kind::kRoad:
      what = "road " + (l.road_ ? l.road_->mode_ : std::string{});
      if (l.road_ && !l.road_->crossing_name_.empty()) {
        what += " over " + l.road_->crossing_name_;
      }
      break;
  }
  return fmt::format("{} - {}  {} {} -> {}{}", clock_time(l.departure_, l.from_.tz_), clock_time(l.arrival_, l.to_.tz_), what,
                     l.from_.name_, l.to_.name_, l.estimated_ ? "  (estimated)" : "");
}

std::string site_name(tours::tour_answer const& a, std::string const& id) {
  for (auto const& s : a.sites_) {
    if (s.id_ == id) {
      return s.name_;
    }
  }
  return id;
}

std::string_view kind_label(tours::item_kind k) {
  switch (k) {
    case tours::item_kind::kJourney: return "journey";
    case tours::item_kind::kTransfer: return "transfer to";
    case tours::item_kind::kVisit: return "visit";
    case tours::item_kind::kWait: return "wait in";
    case tours::item_kind::kNight: return "night";
  }
  return "";
}

// The answer as a traveller reads it: each tour day by day with local times, what is estimated, the
// entry verdicts, and what did not fit.
std::string describe(tours::tour_answer const& a, int days, std::vector<rules::traveller> const& travellers) {
  std::string out;
  out += fmt::format("Tour from {} [{}] to {} [{}] in {} day{}: {}{}\n", a.start_.stop_.name_, a.start_.stop_.id_,
                     a.end_.stop_.name_, a.end_.stop_.id_, days, days == 1 ? "" : "s",
                     a.proven_best_ ? "proven best" : "not proven best", a.method_.empty() ? "" : " (" + a.method_ + ")");
  std::vector<std::string> asked;
  for (auto const& s : a.sites_) {
    asked.push_back(s.reachable_ ? fmt::format("{} ({})", s.name_, s.id_) : fmt::format("{} ({}, not reachable: {})", s.name_, s.id_, s.why_));
  }
  out += fmt::format("sites: {}\n", fmt::join(asked, "; "));
  if (a.tours_.empty()) {
    out += "no tour fits the days\n";
  }
  for (std::size_t n = 0; n != a.tours_.size(); ++n) {
    auto const& t = a.tours_[n];
    out += fmt::format("\n{}) {} -> {}  {} day{}, travel {}, {} night{} in towns, {} on board{}{}\n", n + 1,
                       planner::format_time(t.start_, t.start_tz_), planner::format_time(t.end_, t.end_tz_), t.days_,
                       t.days_ == 1 ? "" : "s", tours::duration_text(t.travel_s_), t.nights_in_towns_, t.nights_in_towns_ == 1 ? "" : "s",
                       t.nights_on_board_, t.estimated_ ? ", times partly estimated" : "",
                       travellers.empty() ? "" : t.entry_.visa_free() ? ", no visa to arrange" : ", some entry needs a visa or more");
    std::vector<std::string> order;
    for (auto const& id : t.order_) {
      order.push_back(site_name(a, id));
    }
    out += fmt::format("   order: {}\n", fmt::join(order, " -> "));
    if (!t.left_out_.empty()) {
      std::vector<std::string> left;
      for (auto const& id : t.left_out_) {
        left.push_back(site_name(a, id));
      }
      out += fmt::format("   leaves out: {}\n", fmt::join(left, ", "));
    }
    if (!t.fits_) {
      out += fmt::format("   more days than the {} available\n", days);
    }
    for (auto const& day : t.days_list_) {
      out += fmt::format("   Day {}  {}\n", day.number_, day.date_);
      for (auto const i : day.items_) {
        if (i >= t.items_.size()) {
          continue;
        }
        auto const& item = t.items_[i];
        auto const mark = item.estimated_ ? "  (estimated)" : "";
        auto const note = item.note_.empty() ? std::string{} : "  " + item.note_;
        if (item.kind_ == tours::item_kind::kJourney && item.journey_) {
          for (auto const& l : item.journey_->legs_) {
            out += "      " + leg_line(l) + "\n";
          }
          if (!note.empty()) {
            out += "        " + note + "\n";
          }
        } else if (item.kind_ == tours::item_kind::kNight) {
          out += fmt::format("      night {}{}{}\n", item.on_board_ ? "on board" : "in " + item.place_, mark, note);
        } else {
          out += fmt::format("      {} - {}  {} {}{}{}\n", clock_time(item.start_, item.tz_), clock_time(item.end_, item.tz_),
                             kind_label(item.kind_), item.place_, mark, note);
        }
      }
    }
    if (!travellers.empty()) {
      out += t.entry_.entries_.empty() && t.entry_.airside_.empty() ? "   no border crossed\n" : "   entry:\n" + describe_entry(t.entry_, travellers);
    }
  }
  if (a.shortfall_) {
    auto const& s = *a.shortfall_;
    out += "\nnot all sites fit:\n";
    if (s.days_needed_) {
      out += fmt::format("   all the sites need {} days\n", *s.days_needed_);
    }
    auto const names = [&](std::vector<std::string> const& ids) {
      std::vector<std::string> v;
      for (auto const& id : ids) {
        v.push_back(site_name(a, id));
      }
      return fmt::format("{}", fmt::join(v, ", "));
    };
    if (!s.drop_.empty()) {
      out += "   leave out to fit the days: " + names(s.drop_) + "\n";
    }
    if (!s.unreachable_.empty()) {
      out += "   no journey reaches: " + names(s.unreachable_) + "\n";
    }
  }
  if (!a.notes_.empty()) {
    out += "\nnotes:\n";
    for (auto const& n : a.notes_) {
      out += "   " + n + "\n";
    }
  }
  return out;
}

}  // namespace

command add_tour_command(CLI::App& app) {
  auto o = std::make_shared<options>();
  auto* cmd = app.add_subcommand("tour", "A multi-day tour over heritage sites (docs/tours.md)");
  cmd->add_option("--timetable", o->timetable, "Snapshot written by `caravan import`")->capture_default_str();
  cmd->add_option("--sites-file", o->sites_file, fmt::format("Heritage sites file (default {})", kDefaultSites));
  cmd->add_option("--site-visits", o->site_visits,
                  fmt::format("Visit lengths and opening hours of the sites (default {} when present)", kDefaultSiteVisits));
  cmd->add_option("--rules", o->rules_dir, "Entry rules folder (default: $CARAVAN_RULES, else data/rules)");
  cmd->add_option("--start", o->start, "Where the tour starts: stop id or name")->required();
  cmd->add_option("--at", o->at, "When: 2026-06-01T08:00 local at the start, or with Z / +HH:MM")->required();
  cmd->add_option("--end", o->end, "Where it ends (default: back at the start)");
  cmd->add_option("--sites", o->sites, "Site ids to visit, comma-separated (caravan_heritage_sites.txt's site_id)");
  cmd->add_option("--theme", o->theme, "corridor, corridor:KZ, corridor:KZ,KG, country:UZ or unesco:REF");
  cmd->add_option("--days", o->days, "Days available, the first and last counted (1 to 30)")
      ->required()
      ->check(CLI::Range(1, tours::kMaxDays));
  cmd->add_option("--traveller", o->travellers,
                  "Check the entry rules for this traveller (repeatable): CN, CN:service, CN:ordinary:1960-05-01");
  auto* group = cmd->add_option("--group", o->group, "A group tour of this many people")->check(CLI::Range(1, 1000));
  cmd->add_option("--group-operator", o->group_operator, "The group tour's operator (licence or id)")->needs(group);
  cmd->add_flag("--group-registered", o->group_registered, "The group tour is registered with the destination")->needs(group);
  cmd->add_flag("--onward-ticket", o->onward_ticket, "The travellers hold a ticket out of the country the tour ends in");
  cmd->add_option("--modes", o->modes, "Modes to use, e.g. rail,air,bus,road (default: all)");
  cmd->add_option("--day-start", o->day_start, "Nothing starts before this local time (default 08:00)");
  cmd->add_option("--day-end", o->day_end, "Nothing is set out on after this local time (default 21:00)");
  cmd->add_flag("--no-overnight", o->no_overnight, "No journeys through the night: every night in a town");
  cmd->add_flag("--car", o->car, "A hired car may drive between towns of one country (up to 500 km, within a day)");
  cmd->add_flag("--keep-order", o->keep_order, "Visit the sites in the order given, without optimising");
  cmd->add_option("--tours", o->tours, "The best tours to show (1 to 5)")->capture_default_str()->check(CLI::Range(1, 5));
  cmd->add_option("--tour", o->tour_index, "Which tour the exports are of (0: the best)")->capture_default_str()->check(CLI::Range(0, 4));
  cmd->add_flag("--json", o->json, "JSON (GET /api/v1/tours/plan's answer) instead of text");
  cmd->add_option("--ics", o->ics, "Write the tour as an iCalendar file (- for stdout)");
  cmd->add_option("--geojson", o->geojson, "Write the tour as GeoJSON (- for stdout)");
  cmd->add_option("--html", o->html, "Write the tour as a printable page (- for stdout)");

  return [o] {
    auto const to_stdout = static_cast<int>(o->json) + static_cast<int>(o->ics == "-") + static_cast<int>(o->geojson == "-") +
                           static_cast<int>(o->html == "-");
    if (to_stdout > 1) {
      throw data_error{{}, "only one of --json, --ics -, --geojson - and --html - can write to stdout"};
    }
    if (o->sites.empty() && o->theme.empty()) {
      throw data_error{{}, "tour needs --sites (site ids, comma-separated) or --theme"};
    }
    tours::tour_request r;
    r.start_ = o->start;
    r.start_time_ = o->at;
    r.end_ = o->end;
    for (std::string_view rest = o->sites;;) {
      auto const comma = rest.find(',');
      if (auto const id = trim(rest.substr(0, comma)); !id.empty()) {
        r.sites_.emplace_back(id);
      }
      if (comma == std::string_view::npos) {
        break;
      }
      rest.remove_prefix(comma + 1);
    }
    r.theme_ = o->theme;
    r.days_ = o->days;
    for (auto const& spec : o->travellers) {
      try {
        r.travellers_.push_back(rules::parse_traveller_spec(spec));
      } catch (data_error const& e) {
        throw data_error{{}, fmt::format("--traveller: {}", e.what())};
      }
    }
    if (o->group > 0) {
      rules::group_tour g;
      g.operator_id_ = o->group_operator;
      g.registered_ = o->group_registered;
      g.size_ = o->group;
      r.group_ = g;
    }
    r.modes_ = o->modes;
    if (!o->day_start.empty()) {
      r.day_start_s_ = clock_of(o->day_start, "--day-start");
    }
    if (!o->day_end.empty()) {
      r.day_end_s_ = clock_of(o->day_end, "--day-end");
    }
    if (r.day_end_s_ <= r.day_start_s_) {
      throw data_error{{}, "--day-end must be after --day-start"};
    }
    r.overnight_ = !o->no_overnight;
    r.onward_ticket_ = o->onward_ticket;
    r.hire_car_ = o->car;
    r.keep_order_ = o->keep_order;
    r.max_tours_ = o->tours;

    auto const tt = tt::timetable::load(o->timetable);
    planner::journey_planner const planner{tt};
    auto const sites_file = o->sites_file.empty() ? std::string{kDefaultSites} : o->sites_file;
    auto site_visits = o->site_visits;
    if (site_visits.empty() && std::filesystem::exists(kDefaultSiteVisits)) {
      site_visits = kDefaultSiteVisits;
    }
    tours::site_catalogue const catalogue{tt, sites::load_sites(sites_file),
                                          site_visits.empty() ? std::vector<tours::visit_override>{}
                                                              : tours::load_visit_overrides(site_visits)};
    // The answer's verdicts point into the rules: they live as long as it.
    auto const rules = r.travellers_.empty() && !r.group_ ? rules::rule_set::load({})
                                                          : rules::rule_set::load_directory(rules_directory(o->rules_dir));
    auto state = routing::make_search_state();
    tours::tour_answer answer;
    try {
      answer = tours::plan_tour(r, planner, catalogue, rules, *state);
    } catch (planner::query_error const& e) {
      throw data_error{{}, fmt::format("{}: {}", option_of(e.field()), e.what())};
    }

    auto const exports = !o->ics.empty() || !o->geojson.empty() || !o->html.empty();
    if (exports && o->tour_index >= answer.tours_.size()) {
      throw data_error{{}, answer.tours_.empty() ? std::string{"no tour fits the days: nothing to export (the text says why)"}
                                                 : fmt::format("--tour {}: the answer has {} tour{}", o->tour_index,
                                                               answer.tours_.size(), answer.tours_.size() == 1 ? "" : "s")};
    }
    auto const write = [](std::string const& file, std::string const& text) {
      if (file == "-") {
        std::fwrite(text.data(), 1, text.size(), stdout);
        return;
      }
      std::ofstream out{file, std::ios::binary | std::ios::trunc};
      out << text;
      out.close();
      if (!out) {
        throw data_error{{file, 0, 0}, "cannot write the file"};
      }
    };
    if (exports) {
      auto const& t = answer.tours_[o->tour_index];
      if (!o->ics.empty()) {
        auto const now =
            std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
        write(o->ics, tours::to_ics(answer, t, fmt::format("caravan-tour-{}", t.start_), now));
      }
      if (!o->geojson.empty()) {
        write(o->geojson, tours::to_geojson(answer, t).dump(2) + "\n");
      }
      if (!o->html.empty()) {
        write(o->html, tours::to_html(answer, t, r.travellers_, "en"));
      }
    }
    if (o->json) {
      std::fputs((tours::to_json(answer, r.travellers_).dump(2) + "\n").c_str(), stdout);
    } else if (to_stdout == 0) {
      std::fputs(describe(answer, r.days_, r.travellers_).c_str(), stdout);
    }
    return 0;
  };
}

}  // namespace caravan::cli

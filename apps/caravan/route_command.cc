// caravan route: journeys between two places, as text or JSON; and --batch, many queries from a file.
#include <charconv>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <thread>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "caravan/base/error.h"
#include "caravan/planner/batch.h"
#include "caravan/planner/entry.h"
#include "caravan/planner/json.h"
#include "caravan/planner/plan.h"
#include "caravan/planner/times.h"
#include "caravan/planner/trip.h"
#include "caravan/rules/itinerary.h"
#include "commands.h"
#include "entry_text.h"

namespace caravan::cli {

namespace {

std::string human_duration(std::int64_t s) {
  auto const total_min = (s + 59) / 60;  // whole minutes, rounded up: a 30 s walk is "1 min"
  auto const d = total_min / 1440;
  auto const h = total_min % 1440 / 60;
  auto const m = total_min % 60;
  if (d > 0) {
    return fmt::format("{} d {} h {:02} min", d, h, m);
  }
  if (h > 0) {
    return fmt::format("{} h {:02} min", h, m);
  }
  return fmt::format("{} min", m);
}

std::string stop_label(planner::stop_view const& s) { return fmt::format("{} [{}]", s.name_, s.id_); }

std::string trip_label(planner::leg_view const& l) {
  std::string out = l.mode_;
  for (auto const* part : {&l.route_short_name_, &l.trip_short_name_}) {
    if (!part->empty() && out.find(*part) == std::string::npos) {
      out += " " + *part;
    }
  }
  if (l.route_short_name_.empty() && l.trip_short_name_.empty() && !l.route_long_name_.empty()) {
    out += " " + l.route_long_name_;
  }
  out += " to " + l.headsign_;
  if (!l.agency_name_.empty()) {
    out += " (" + l.agency_name_ + ")";
  }
  return out;
}

// One itinerary: its times, legs, waits and crossings, and the travellers' entry verdicts under it.
std::string describe_itinerary(std::string const& title, planner::itinerary const& it, std::optional<planner::entry_check> const& entry,
                               std::vector<rules::traveller> const& travellers) {
  std::string out;
  bool const estimated = std::any_of(it.legs_.begin(), it.legs_.end(), [](auto const& l) { return l.estimated_; });
  out += fmt::format("\n{} {} -> {}  {}, {} transfer{}{}\n", title, planner::format_time(it.departure_, it.departure_tz_),
                     planner::format_time(it.arrival_, it.arrival_tz_), human_duration(it.duration()), it.transfers_,
                     it.transfers_ == 1 ? "" : "s", estimated ? ", times partly estimated" : "");
  if (it.legs_.empty()) {
    out += "   already there\n";
  }
  for (auto const& l : it.legs_) {
    if (l.wait_before_s_ > 0) {
      out += fmt::format("   wait {} at {}\n", human_duration(l.wait_before_s_), l.from_.name_);
    }
    auto const mark = l.estimated_ ? "  (estimated)" : "";
    switch (l.kind_) {
      case routing::leg_kind::kTrip:
        out += fmt::format("   {}{}{}\n", l.stay_seated_ ? "stay seated: " : "", trip_label(l), mark);
        break;
      case routing::leg_kind::kWalk: out += fmt::format("   walk {}\n", human_duration(l.duration())); break;
      case routing::leg_kind::kRoad: {
        auto const& r = *l.road_;
        out += fmt::format("   road {} {}{}{}\n", r.mode_, human_duration(l.duration()),
                           r.crossing_name_.empty() ? ""
                           : r.crossing_wait_s_ > 0
                               ? fmt::format(" over {}, waiting {} for it to open", r.crossing_name_, human_duration(r.crossing_wait_s_))
                               : fmt::format(" over {}", r.crossing_name_),
                           mark);
        break;
      }
    }
    out += fmt::format("      {}  {}\n", planner::format_time(l.departure_, l.from_.tz_), stop_label(l.from_));
    if (!l.intermediate_stops_.empty()) {
      out += fmt::format("      {} stop{} between\n", l.intermediate_stops_.size(), l.intermediate_stops_.size() == 1 ? "" : "s");
    }
    out += fmt::format("      {}  {}\n", planner::format_time(l.arrival_, l.to_.tz_), stop_label(l.to_));
  }
  if (entry) {
    out += describe_entry(*entry, travellers);
  }
  return out;
}

std::string describe(planner::trip_answer const& a, tt::timetable const& tt, std::vector<rules::traveller> const& travellers,
                     bool only_visa_free) {
  auto const& p = a.plan_;
  std::string out;
  auto const place = [&](planner::resolved_place const& x) { return stop_label(planner::view_of(tt, x.primary_)); };
  out += fmt::format("{} to {}, {} {}{}\n", place(p.from_), place(p.to_), p.arrive_by_ ? "arriving by" : "leaving at",
                     planner::format_time(p.time_, p.time_tz_),
                     p.window_s_ > 0 ? fmt::format(" (and the {} after)", human_duration(p.window_s_)) : "");
  if (!travellers.empty() && !a.closed_countries_.empty()) {
    out += fmt::format("needing a visa arranged before travel for some traveller: {}\n", fmt::join(a.closed_countries_, ", "));
  }
  if (p.itineraries_.empty()) {
    out += only_visa_free ? "no journey without a visa found" : "no journey found";
    out += p.coverage_note_ ? ": " + *p.coverage_note_ + "\n" : "\n";
  }
  for (std::size_t i = 0; i != p.itineraries_.size(); ++i) {
    out += describe_itinerary(fmt::format("{})", i + 1), p.itineraries_[i], a.entries_[i], travellers);
  }
  // The no-visa journeys the list above does not already show.
  if (!travellers.empty() && !only_visa_free) {
    std::vector<planner::checked_itinerary const*> more;
    for (auto const& v : a.visa_free_) {
      auto const shown = std::any_of(p.itineraries_.begin(), p.itineraries_.end(),
                                     [&](planner::itinerary const& it) { return planner::same_journey(it, v.it_); });
      if (!shown) {
        more.push_back(&v);
      }
    }
    if (a.visa_free_.empty()) {
      out += "\nno journey without a visa for every traveller found\n";
    } else if (!more.empty()) {
      out += "\nwithout a visa for every traveller (countries above not entered):\n";
      for (std::size_t i = 0; i != more.size(); ++i) {
        out += describe_itinerary(fmt::format("v{})", i + 1), more[i]->it_, more[i]->entry_, travellers);
      }
    }
  }
  // The fastest journey per main mode, so that a slower train is not hidden by a faster flight.
  if (!a.best_by_mode_.empty() && !p.itineraries_.empty()) {
    out += "\nbest by mode:\n";
    for (auto const& [mode, best] : a.best_by_mode_) {
      out += best ? fmt::format("   {:<7}{} -> {}  {}, {} transfer{}\n", mode.label_, planner::format_time(best->it_.departure_, best->it_.departure_tz_),
                                planner::format_time(best->it_.arrival_, best->it_.arrival_tz_), human_duration(best->it_.duration()),
                                best->it_.transfers_, best->it_.transfers_ == 1 ? "" : "s")
                  : fmt::format("   {:<7}none\n", mode.label_);
    }
  }
  return out;
}

struct options {
  std::string timetable = kDefaultTimetable;
  planner::plan_request request;
  std::string max_transfers = "7";
  std::int32_t min_change_s = 120;
  bool no_footpaths = false;
  bool json = false;
  std::vector<std::string> travellers;
  std::string rules_dir;
  bool only_visa_free = false;
  std::string batch, date, output;
  unsigned threads = std::max(1U, std::thread::hardware_concurrency());
};

// --max-transfers: a number, or `unbounded` (rounds until nothing improves: the engine's limit).
std::uint8_t parse_max_transfers(std::string const& s) {
  if (s == "unbounded") {
    return routing::kMaxTransfersLimit;
  }
  int n = -1;
  auto const [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
  if (ec != std::errc{} || end != s.data() + s.size() || n < 0 || n > routing::kMaxTransfersLimit) {
    throw data_error{{}, fmt::format("--max-transfers must be a number from 0 to {} or `unbounded`, not \"{}\"",
                                     routing::kMaxTransfersLimit, s)};
  }
  return static_cast<std::uint8_t>(n);
}

// One query: journeys as text or JSON, with the travellers' entry verdicts.
void route_once(options const& o, bool max_transfers_given, bool min_change_given) {
  if (o.request.from_.empty() || o.request.to_.empty() || o.request.time_.empty()) {
    throw data_error{{}, "route needs --from, --to and --at (or --batch FILE)"};
  }
  auto const tt = tt::timetable::load(o.timetable);
  planner::journey_planner const p{tt};
  auto r = o.request;
  if (max_transfers_given) {
    r.max_transfers_ = parse_max_transfers(o.max_transfers);
  }
  if (min_change_given) {
    r.min_change_s_ = o.min_change_s;
  }
  r.footpaths_ = !o.no_footpaths;
  // Entry rules on each journey's real dates, for the travellers given.
  planner::trip_request tr;
  tr.plan_ = r;
  for (auto const& spec : o.travellers) {
    tr.travellers_.push_back(rules::parse_traveller_spec(spec));
  }
  std::optional<rules::rule_set> rs;  // the answer's verdicts point into it
  if (!tr.travellers_.empty()) {
    rs = rules::rule_set::load_directory(rules_directory(o.rules_dir));
    tr.rules_ = &*rs;
  }
  tr.only_visa_free_ = o.only_visa_free;
  auto state = routing::make_search_state();
  auto const answer = planner::plan_trip(p, tr, *state);
  auto const& people = tr.travellers_;
  if (o.json) {
    auto const j = planner::to_json(tt, answer, people, [](planner::itinerary const& it) { return planner::to_json(it); });
    std::fputs((j.dump(2) + "\n").c_str(), stdout);
  } else {
    std::fputs(describe(answer, tt, people, o.only_visa_free).c_str(), stdout);
  }
}

// --batch: many earliest-arrival queries from a CSV file, answers to a CSV file, timings to stderr.
void route_batch(options const& o, bool min_change_given, bool max_transfers_given) {
  if (o.date.empty() || o.output.empty()) {
    throw data_error{{}, "route --batch needs --date YYYYMMDD and -o FILE"};
  }
  planner::batch_options opt;
  opt.date_ = planner::parse_compact_date(o.date, "date");
  if (min_change_given) {
    opt.min_change_s_ = o.min_change_s;
  }
  opt.footpaths_ = !o.no_footpaths;
  if (max_transfers_given) {
    opt.max_transfers_ = parse_max_transfers(o.max_transfers);
  }
  opt.threads_ = o.threads;
  std::ifstream in{o.batch};
  if (!in) {
    throw data_error{{o.batch, 0, 0}, "cannot open the queries file"};
  }
  auto const queries = planner::read_batch(in, o.batch);
  auto const tt = tt::timetable::load(o.timetable);
  routing::engine const engine{tt};
  auto const result = planner::run_batch(engine, queries, opt, o.batch);
  std::ostringstream csv;
  planner::write_batch_answers(csv, result.answers_);
  std::ofstream out{o.output, std::ios::binary | std::ios::trunc};
  out << csv.str();
  out.close();
  if (!out) {
    throw data_error{{o.output, 0, 0}, "cannot write the answers"};
  }
  auto const unreachable = std::count_if(result.answers_.begin(), result.answers_.end(),
                                         [](auto const& a) { return a.arrival_s_ == planner::kUnreachable; });
  auto const unknown = std::count_if(result.answers_.begin(), result.answers_.end(),
                                     [](auto const& a) { return a.arrival_s_ == planner::kUnknownStop; });
  auto const t = planner::summarize(result.query_ns_);
  std::fputs(fmt::format("{} queries on {} thread{} in {:.3f} s: {:.0f} queries/s; per query mean {:.3f} ms, median {:.3f} ms, "
                         "p90 {:.3f} ms, p99 {:.3f} ms; {} unreachable, {} with an unknown stop id; wrote {}\n",
                         queries.size(), opt.threads_, opt.threads_ == 1 ? "" : "s", result.wall_s_,
                         result.wall_s_ > 0 ? static_cast<double>(queries.size()) / result.wall_s_ : 0.0, t.mean_ms_,
                         t.median_ms_, t.p90_ms_, t.p99_ms_, unreachable, unknown, o.output)
                 .c_str(),
             stderr);
}

}  // namespace

command add_route_command(CLI::App& app) {
  auto o = std::make_shared<options>();
  auto* cmd = app.add_subcommand("route", "Journeys between two stops; or --batch: many queries from a CSV file");
  cmd->add_option("--timetable", o->timetable, "Snapshot written by `caravan import`")->capture_default_str();
  auto* from = cmd->add_option("--from", o->request.from_, "Origin: stop id or name");
  auto* to = cmd->add_option("--to", o->request.to_, "Destination: stop id or name");
  auto* at = cmd->add_option("--at", o->request.time_,
                             "2026-06-01T08:00 local at the origin (the destination with --arrive-by), or with Z / +HH:MM");
  auto* arrive_by = cmd->add_flag("--arrive-by", o->request.arrive_by_, "--at is the latest arrival");
  auto* window = cmd->add_option("--window", o->request.window_, "Every best journey departing within this time (6h, 90m, 2h30m)");
  auto* modes = cmd->add_option("--modes", o->request.modes_, "Modes to use, e.g. rail,air,bus,road (default: all)");
  auto* max_transfers = cmd->add_option("--max-transfers", o->max_transfers,
                                        "At most this many transfers (0-63), or `unbounded`: rounds until nothing improves")
                            ->capture_default_str();
  auto* min_change = cmd->add_option("--min-change", o->min_change_s,
                                     "Change time in seconds at every stop (default: the stop's own, else 120)");
  cmd->add_flag("--no-footpaths", o->no_footpaths, "No walks between stops");
  auto* json = cmd->add_flag("--json", o->json, "JSON instead of text");
  auto* travellers = cmd->add_option("--traveller", o->travellers,
                                     "Check entry rules for this traveller on each journey: CN, CN:service, CN:ordinary:1960-05-01");
  auto* rules_dir = cmd->add_option("--rules", o->rules_dir, "Entry rules folder (default: $CARAVAN_RULES, else data/rules)");
  auto* only_visa_free = cmd->add_flag("--only-visa-free", o->only_visa_free,
                                       "Keep only journeys whose every entry needs no visa for every --traveller");
  only_visa_free->needs(travellers);
  rules_dir->needs(travellers);
  auto* batch = cmd->add_option("--batch", o->batch, "CSV of from_stop_id,to_stop_id,departure_time (HH:MM:SS)");
  auto* date = cmd->add_option("--date", o->date, "Batch: the service date YYYYMMDD of the departure times");
  auto* threads = cmd->add_option("--threads", o->threads, "Batch: threads to run on")->capture_default_str()->check(CLI::Range(1U, 256U));
  auto* output = cmd->add_option("-o,--output", o->output, "Batch: answers CSV to write");
  for (auto* single : {from, to, at, arrive_by, window, modes, json, travellers}) {
    batch->excludes(single);
  }
  for (auto* only_batch : {date, threads, output}) {
    only_batch->needs(batch);
  }

  return [o, min_change, max_transfers] {
    if (o->batch.empty()) {
      route_once(*o, max_transfers->count() > 0, min_change->count() > 0);
    } else {
      route_batch(*o, min_change->count() > 0, max_transfers->count() > 0);
    }
    return 0;
  };
}

}  // namespace caravan::cli

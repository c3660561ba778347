// caravan stops search: places by name in any language and script, best first, as text or JSON.
#include <cstdio>
#include <memory>
#include <optional>
#include <string>

#include <fmt/format.h>

#include "caravan/base/error.h"
#include "caravan/planner/json.h"
#include "caravan/planner/stop_search.h"
#include "caravan/timetable/timetable.h"
#include "commands.h"

namespace caravan::cli {

namespace {

// One line per place: `1. Almaty [almaty], Asia/Almaty, 3.2 km: exact match of Алматы (kk)`.
std::string describe(tt::timetable const& tt, std::string_view text, std::vector<planner::stop_match> const& matches) {
  if (matches.empty()) {
    return fmt::format("no place matches `{}`\n", text);
  }
  std::string out;
  for (std::size_t i = 0; i != matches.size(); ++i) {
    auto const& m = matches[i];
    auto const& place = tt.stop(m.place_);
    out += fmt::format("{}. {} [{}], {}", i + 1, tt.str(place.name_), tt.str(place.id_), tt.tz_name(place.tz_));
    if (m.distance_km_) {
      out += fmt::format(", {:.1f} km", *m.distance_km_);
    }
    out += fmt::format(": {} match of {}", to_string(m.kind_), m.name_);
    if (!m.language_.empty()) {
      out += fmt::format(" ({})", m.language_);
    }
    if (m.named_ != m.place_) {
      out += fmt::format(" at [{}]", tt.str(tt.stop(m.named_).id_));
    }
    if (m.kind_ == planner::match_kind::kFuzzy) {
      out += fmt::format(", {} edit{}", m.edits_, m.edits_ == 1 ? "" : "s");
    }
    out += '\n';
  }
  return out;
}

}  // namespace

command add_stops_command(CLI::App& app) {
  struct options {
    std::string timetable = kDefaultTimetable;
    std::string text, near;
    std::size_t limit = 10;
    bool json = false;
  };
  auto o = std::make_shared<options>();
  auto* stops = app.add_subcommand("stops", "Stops and stations of the timetable");
  stops->require_subcommand(1);
  auto* search = stops->add_subcommand("search", "Places by name in any language: exact, prefix, word, variant spellings");
  search->add_option("text", o->text, "Name or part of it: Алматы, 阿拉木图, alma-ata, tashk")->required();
  search->add_option("--near", o->near, "LAT,LON: nearest first among equally good matches, with distances");
  search->add_option("--limit", o->limit, "At most this many places")->capture_default_str()->check(CLI::Range(1, 1000));
  search->add_flag("--json", o->json, "JSON instead of text");
  search->add_option("--timetable", o->timetable, "Snapshot written by `caravan import`")->capture_default_str();
  return [o] {
    if (planner::search_key(o->text).empty()) {
      throw data_error{{}, fmt::format("stops search needs a name with letters or digits, not `{}`", o->text)};
    }
    std::optional<tt::latlng> near;
    if (!o->near.empty()) {
      near = planner::parse_position(o->near, "near");
    }
    auto const tt = tt::timetable::load(o->timetable);
    planner::stop_search const index{tt};
    auto const matches = index.search(o->text, near, o->limit);
    if (o->json) {
      std::fputs((planner::to_json(tt, o->text, near, matches).dump(2) + "\n").c_str(), stdout);
    } else {
      std::fputs(describe(tt, o->text, matches).c_str(), stdout);
    }
    return 0;
  };
}

}  // namespace caravan::cli

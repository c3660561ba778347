// The bundled Silk Road data set (data/silkroad) loaded with the real importer: it imports cleanly,
// every row says where it comes from, the times the sources print come out as those local times in
// each country's zone, and the planner finds the journeys the facts support.
#include <gtest/gtest.h>

#include <date/date.h>
#include <date/tz.h>

#include "caravan/base/date.h"
#include "caravan/base/geo.h"
#include "caravan/base/progress.h"
#include "caravan/base/text.h"
#include "caravan/csv/reader.h"
#include "caravan/gtfs/load.h"
#include "caravan/planner/coverage.h"
#include "caravan/routing/raptor.h"
#include "caravan/timetable/info.h"
#include "caravan/timetable/timetable.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

namespace caravan {
namespace {

namespace fs = std::filesystem;
using routing::leg_kind;
using routing::mask_of;

fs::path data_dir() { return fs::path{CARAVAN_SOURCE_DIR} / "data" / "silkroad"; }

// Unix seconds of a wall-clock time in an IANA zone (the machine's tz database).
std::int64_t at(char const* zone, int y, unsigned m, unsigned d, int hh, int mm) {
  auto const local = date::local_days{date::year{y} / date::month{m} / date::day{d}} + std::chrono::hours{hh} + std::chrono::minutes{mm};
  return date::make_zoned(zone, local).get_sys_time().time_since_epoch().count();
}

// "YYYY-MM-DD HH:MM" of an instant in a zone.
std::string local(std::int64_t unix_s, std::string_view zone) {
  auto const zt = date::make_zoned(std::string{zone}, date::sys_seconds{std::chrono::seconds{unix_s}});
  return date::format("%F %R", zt);
}

struct silkroad {
  silkroad() : tt_{make(report_)}, engine_{tt_} {}
  static tt::timetable make(gtfs::import_report& report) {
    progress quiet{false};
    auto r = gtfs::load(*gtfs::open_feed(data_dir()), {}, quiet);
    report = r.report_;
    return tt::timetable::from_data(std::move(r.data_));
  }

  tt::stop_idx stop(std::string_view id) const {
    auto const s = tt_.find_stop(id);
    EXPECT_TRUE(s.has_value()) << "no stop " << id;
    return s.value_or(tt::stop_idx{0});
  }
  std::string_view id(tt::stop_idx s) const { return tt_.str(tt_.stop(s).id_); }
  std::string_view tz(tt::stop_idx s) const { return tt_.tz_name(tt_.stop(s).tz_); }
  // The boarding stops of a city (children of its parent station).
  std::vector<routing::place> city(std::string_view parent) const {
    std::vector<routing::place> v;
    for (auto const s : tt_.children(stop(parent))) {
      v.push_back({s, 0});
    }
    EXPECT_FALSE(v.empty()) << parent;
    return v;
  }
  std::vector<routing::journey> route(std::vector<routing::place> from, std::vector<routing::place> to, std::int64_t t,
                                      routing::mode_mask modes = routing::kAllModes, std::int32_t horizon_s = 7 * 86'400) const {
    routing::query q;
    q.horizon_s_ = horizon_s;
    q.from_ = std::move(from);
    q.to_ = std::move(to);
    q.time_ = t;
    q.modes_ = modes;
    return engine_.route(q, *state_);
  }
  std::string_view trip_id(routing::leg const& l) const { return tt_.str(tt_.trip(l.trip_).id_); }
  std::string_view road_id(routing::leg const& l) const { return tt_.str(tt_.road(l.road_).id_); }
  tt::mode mode(routing::leg const& l) const { return tt_.pattern(tt_.trip(l.trip_).pattern_).mode_; }

  // The instants (arrival, departure) of a trip at each of its stops on the run that leaves its first
  // stop on `local_date` (YYYY-MM-DD, in that stop's zone).
  struct event {
    std::string stop_;
    std::int64_t arr_, dep_;
  };
  std::vector<event> run(std::string_view trip, std::string_view local_date) const {
    auto const ts = tt_.find_trips(trip);
    EXPECT_EQ(ts.size(), 1U) << trip;
    if (ts.empty()) {
      return {};
    }
    auto const t = ts[0];
    auto const& pr = tt_.pattern(tt_.trip(t).pattern_);
    auto const stops = tt_.pattern_stops(tt_.trip(t).pattern_);
    auto const times = tt_.trip_times(t);
    for (std::uint32_t d = 0; d != tt_.scalars().n_days_; ++d) {
      auto const day = tt::day_idx{d};
      if (!tt_.runs_on(tt_.trip(t).service_, day)) {
        continue;
      }
      auto const start = tt_.service_day_start(pr.tz_, day);
      if (local(start + times[0].dep_, tz(stops[0].stop())).substr(0, 10) != local_date) {
        continue;
      }
      std::vector<event> v;
      for (std::size_t i = 0; i != stops.size(); ++i) {
        v.push_back({std::string{id(stops[i].stop())}, start + times[i].arr_, start + times[i].dep_});
      }
      return v;
    }
    ADD_FAILURE() << trip << " does not run on " << local_date;
    return {};
  }
  std::size_t n_days_run(std::string_view trip) const {
    auto const t = tt_.find_trips(trip)[0];
    std::size_t n = 0;
    for (std::uint32_t d = 0; d != tt_.scalars().n_days_; ++d) {
      n += tt_.runs_on(tt_.trip(t).service_, tt::day_idx{d}) ? 1U : 0U;
    }
    return n;
  }

  gtfs::import_report report_;
  tt::timetable tt_;
  routing::engine engine_;
  std::unique_ptr<routing::search_state, void (*)(routing::search_state*)> state_ = routing::make_search_state();
};

silkroad const& data() {
  static silkroad const s;
  return s;
}

// ---------------------------------------------------------------------------------------------------

TEST(SilkroadData, ImportsWithoutWarnings) {
  auto const& d = data();
  EXPECT_EQ(d.report_.total_warnings(), 0U) << d.report_.to_string();
  // The only notes: the provenance columns, the heritage file and README (not read by the importer),
  // and intermediate stops whose times the sources do not give.
  std::regex const expected{
      "(\\w+\\.txt: unknown column `(source|confidence)` ignored)|(unknown file (caravan_heritage_sites\\.txt|README\\.md) ignored)|"
      "(\\d+ gaps in stop times were interpolated)"};
  for (auto const& n : d.report_.notes_) {
    EXPECT_TRUE(std::regex_match(n, expected)) << "unexpected note: " << n;
  }
  EXPECT_TRUE(d.report_.skipped_.empty()) << d.report_.to_string();
  // Nothing of the extension files was dropped.
  EXPECT_EQ(d.report_.counts_.at("trips"), d.report_.rows_.at("trips.txt"));
  EXPECT_EQ(d.tt_.columns().road_links_.size(), d.report_.rows_.at("caravan_road_links.txt"));
  EXPECT_EQ(d.tt_.columns().border_crossings_.size(), d.report_.rows_.at("caravan_border_crossings.txt"));
  EXPECT_EQ(d.tt_.columns().crossing_closures_.size(), d.report_.rows_.at("caravan_border_closures.txt"));
  EXPECT_EQ(d.tt_.meta("feed_start_date"), "20250501");
  EXPECT_EQ(d.tt_.meta("feed_end_date"), "20271231");  // a year ahead (issue 12)
  // The period is covered to its end.
  auto const last = d.tt_.scalars().first_day_ + static_cast<std::int32_t>(d.tt_.scalars().n_days_) - 1;
  EXPECT_EQ(last, (date::sys_days{date::year{2027} / 12 / 31}).time_since_epoch().count());
}

// Problems ("file:line: why") with the provenance columns of one file of a feed.
std::vector<std::string> provenance_problems(gtfs::feed_source const& feed, std::string const& file,
                                             std::set<std::string_view> const& confidences) {
  gtfs::import_report r;
  auto in = feed.open(file);
  if (in == nullptr) {
    return {file + ": missing"};
  }
  csv::reader csv{std::move(in), file, r};
  auto const c_source = csv.column("source");
  auto const c_confidence = csv.column("confidence");
  if (c_source < 0 || c_confidence < 0) {
    return {file + ": no `source` or `confidence` column"};
  }
  std::vector<std::string> problems;
  std::uint64_t rows = 0;
  while (csv.next()) {
    ++rows;
    auto const where = file + ":" + std::to_string(csv.line()) + ": ";
    if (csv.field(c_source).empty()) {
      problems.push_back(where + "empty source");
    }
    if (!confidences.contains(csv.field(c_confidence))) {
      problems.push_back(where + "confidence `" + std::string{csv.field(c_confidence)} + "`");
    }
  }
  if (rows == 0) {
    problems.push_back(file + ": no rows");
  }
  return problems;
}

TEST(SilkroadData, EveryRowCarriesItsSourceAndConfidence) {
  auto const feed = gtfs::open_feed(data_dir());
  std::set<std::string_view> const exact_or_estimated{"exact", "estimated"};
  for (auto const* f : {"routes.txt", "trips.txt", "stops.txt", "transfers.txt", "caravan_road_links.txt",
                        "caravan_border_crossings.txt", "caravan_border_closures.txt"}) {
    EXPECT_EQ(provenance_problems(*feed, f, exact_or_estimated), std::vector<std::string>{}) << f;
  }
  // Heritage sites: `missing` when the facts give no coordinate.
  EXPECT_EQ(provenance_problems(*feed, "caravan_heritage_sites.txt", {"exact", "estimated", "missing"}), std::vector<std::string>{});
}

TEST(SilkroadData, RoadLinksEstimatedFlagMatchesConfidence) {
  auto const feed = gtfs::open_feed(data_dir());
  gtfs::import_report r;
  csv::reader csv{feed->open("caravan_road_links.txt"), "caravan_road_links.txt", r};
  while (csv.next()) {
    EXPECT_EQ(csv.field(csv.column("estimated")) == "1", csv.field(csv.column("confidence")) == "estimated") << "line " << csv.line();
  }
}

TEST(SilkroadData, CityNamesInChineseRussianAndTheLocalLanguage) {
  auto const& d = data();
  auto const name = [&](std::string_view stop, std::string_view lang) {
    return d.tt_.translate(tt::translated_table::kStop, d.stop(stop).v(), "stop_name", lang);
  };
  for (std::uint32_t i = 0; i != d.tt_.n_stops(); ++i) {
    if (d.tt_.stop(tt::stop_idx{i}).type_ == tt::location_type::kStation) {
      EXPECT_FALSE(name(d.id(tt::stop_idx{i}), "zh").empty()) << d.id(tt::stop_idx{i});
      EXPECT_FALSE(name(d.id(tt::stop_idx{i}), "ru").empty()) << d.id(tt::stop_idx{i});
    }
  }
  EXPECT_EQ(name("almaty", "zh"), "阿拉木图");
  EXPECT_EQ(name("almaty", "kk"), "Алматы");
  EXPECT_EQ(name("urumqi", "ug"), "ئۈرۈمچى");
  EXPECT_EQ(name("tashkent", "uz"), "Toshkent");
  EXPECT_EQ(name("tashkent", "ru"), "Ташкент");
  EXPECT_EQ(name("khujand", "tg"), "Хуҷанд");
  EXPECT_EQ(name("ashgabat", "tk"), "Aşgabat");
  EXPECT_EQ(name("bishkek", "ky"), "Бишкек");
  EXPECT_EQ(name("xian_rail", "zh"), "西安站");
}

TEST(SilkroadData, ProvenanceCheckNamesBadRows) {
  auto const feed = gtfs::memory_feed({{"routes.txt", "route_id,source,confidence\na,http://x,exact\nb,,estimated\nc,http://y,likely\n"},
                                       {"trips.txt", "trip_id,source\nt,http://x\n"}});
  EXPECT_EQ(provenance_problems(*feed, "routes.txt", {"exact", "estimated"}),
            (std::vector<std::string>{"routes.txt:3: empty source", "routes.txt:4: confidence `likely`"}));
  EXPECT_EQ(provenance_problems(*feed, "trips.txt", {"exact"}), std::vector<std::string>{"trips.txt: no `source` or `confidence` column"});
  EXPECT_EQ(provenance_problems(*feed, "stops.txt", {"exact"}), std::vector<std::string>{"stops.txt: missing"});
}

// Sites come and go with their sources; what holds for every one of them is checked, not how many there are.
TEST(SilkroadData, HeritageSites) {
  auto const feed = gtfs::open_feed(data_dir());
  gtfs::import_report r;
  csv::reader csv{feed->open("caravan_heritage_sites.txt"), "caravan_heritage_sites.txt", r};
  std::map<std::string, int> corridor_by_country;
  std::set<std::string> ids;
  std::set<std::string_view> const countries{"CN", "KZ", "KG", "TJ", "UZ", "TM"};
  while (csv.next()) {
    auto const line = csv.line();
    auto const id = std::string{csv.field(csv.column("site_id"))};
    EXPECT_FALSE(id.empty()) << "line " << line;
    EXPECT_TRUE(ids.insert(id).second) << "line " << line << ": site " << id << " is given twice";
    EXPECT_FALSE(csv.field(csv.column("name")).empty()) << "line " << line;
    EXPECT_FALSE(csv.field(csv.column("source")).empty()) << "line " << line << ": no source";
    // One of the data's countries, or several joined by '/' (a serial site).
    auto const country = csv.field(csv.column("country"));
    for (std::size_t from = 0; from <= country.size();) {
      auto const to = std::min(country.find('/', from), country.size());
      EXPECT_TRUE(countries.contains(country.substr(from, to - from))) << "line " << line << ": country " << country;
      from = to + 1;
    }
    // A coordinate is both numbers, in range, or neither.
    auto const lat = csv.field(csv.column("lat"));
    auto const lon = csv.field(csv.column("lon"));
    EXPECT_EQ(lat.empty(), lon.empty()) << "line " << line;
    if (!lat.empty()) {
      auto const y = parse_double(lat);
      auto const x = parse_double(lon);
      EXPECT_TRUE(y && *y >= -90 && *y <= 90) << "line " << line << ": lat " << lat;
      EXPECT_TRUE(x && *x >= -180 && *x <= 180) << "line " << line << ": lon " << lon;
    }
    auto const ref = csv.field(csv.column("unesco_ref"));
    if (ref.starts_with("1442")) {
      ++corridor_by_country[std::string{csv.field(csv.column("country"))}];
    }
    auto const stop = csv.field(csv.column("nearest_stop_id"));
    EXPECT_TRUE(stop.empty() || data().tt_.find_stop(stop).has_value()) << "line " << csv.line() << ": " << stop;
    EXPECT_EQ(csv.field(csv.column("lat")).empty(), csv.field(csv.column("confidence")) == "missing") << "line " << csv.line();
  }
  // The Chang'an-Tianshan corridor (UNESCO 1442): 22 components in China, 8 in Kazakhstan, 3 in Kyrgyzstan.
  EXPECT_EQ(corridor_by_country, (std::map<std::string, int>{{"CN", 22}, {"KZ", 8}, {"KG", 3}}));
  EXPECT_EQ(r.total_warnings(), 0U) << r.to_string();
}

TEST(SilkroadData, StopsAreInTheirCountrysZone) {
  auto const& d = data();
  // China runs on Beijing time everywhere, Xinjiang included; Kazakhstan on one zone (UTC+5).
  std::map<std::string_view, std::vector<std::string_view>> const zones{
      {"Asia/Shanghai", {"xian", "lanzhou", "urumqi", "kashgar", "horgos_cn", "alashankou", "yining", "beijing", "shanghai", "chengdu", "guangzhou", "tashkurgan",
                         "luoyang", "sanmenxia", "tianshui", "turpan", "dunhuang"}},
      {"Asia/Almaty", {"almaty", "astana", "shymkent", "turkistan", "taraz", "zharkent", "dostyk", "taldykorgan"}},
      {"Asia/Bishkek", {"bishkek", "osh", "naryn", "karakol", "balykchy", "tokmok"}},
      {"Asia/Tashkent", {"tashkent", "andijan", "fergana", "kokand"}},
      {"Asia/Samarkand", {"samarkand", "bukhara", "khiva", "urgench"}},
      {"Asia/Dushanbe", {"dushanbe", "khujand", "murghob", "panjakent"}},
      {"Asia/Ashgabat", {"ashgabat", "mary", "turkmenabat", "dashoguz"}}};
  std::map<std::string_view, std::string_view> zone_of;
  for (auto const& [z, cities] : zones) {
    for (auto const c : cities) {
      zone_of[c] = z;
    }
  }
  std::set<std::string_view> seen;
  for (std::uint32_t i = 0; i != d.tt_.n_stops(); ++i) {
    auto const s = tt::stop_idx{i};
    auto const& rec = d.tt_.stop(s);
    auto const city = rec.parent_.valid() ? d.id(rec.parent_) : d.id(s);
    ASSERT_TRUE(zone_of.contains(city)) << "stop " << d.id(s) << " is in no expected city";
    EXPECT_EQ(d.tz(s), zone_of.at(city)) << d.id(s);
    seen.insert(city);
  }
  // And every city listed is in the data: a city that went (or a misspelt one) is no zone checked.
  std::set<std::string_view> listed;
  for (auto const& [city, zone] : zone_of) {
    listed.insert(city);
  }
  EXPECT_EQ(seen, listed);
  // The machine's tz database has Kazakhstan on UTC+5 (tzdata >= 2024a) and Kyrgyzstan on UTC+6.
  EXPECT_EQ(local(at("UTC", 2026, 1, 15, 12, 0), "Asia/Almaty"), "2026-01-15 17:00");
  EXPECT_EQ(local(at("UTC", 2026, 1, 15, 12, 0), "Asia/Bishkek"), "2026-01-15 18:00");
  EXPECT_EQ(local(at("UTC", 2026, 1, 15, 12, 0), "Asia/Shanghai"), "2026-01-15 20:00");
}

TEST(SilkroadData, TourismTrainRunsAbout57Hours) {
  auto const& d = data();
  auto const out = d.run("y29_out_20250529", "2025-05-29");
  ASSERT_EQ(out.size(), 3U);
  EXPECT_EQ(out[0].stop_, "xian_rail");
  EXPECT_EQ(out[2].stop_, "almaty_2");
  auto const hours = static_cast<double>(out[2].arr_ - out[0].dep_) / 3600.0;
  EXPECT_NEAR(hours, 57.0, 0.5);  // "about 57 hours one way" (Xinhua); the printed times give 57 h 15
  auto const back = d.run("y29_back_20250605", "2025-06-05");
  ASSERT_EQ(back.size(), 2U);
  EXPECT_NEAR(static_cast<double>(back[1].arr_ - back[0].dep_) / 3600.0, 55.2, 0.2);
  // A dated special: one run each way, nothing in 2026.
  EXPECT_EQ(d.n_days_run("y29_out_20250529"), 1U);
  EXPECT_EQ(d.n_days_run("y29_back_20250605"), 1U);
}

// Local times at both ends of cross-border trips, as the sources print them.
TEST(SilkroadData, CrossBorderTimesAreTheLocalTimesPrinted) {
  auto const& d = data();
  struct expected {
    char const* trip_;
    char const* date_;  // local date of departure
    std::vector<std::pair<char const*, char const*>> local_;  // per stop: arrival (or "") and departure (or "")
  };
  std::vector<expected> const cases{
      // Xi'an 11:30 Beijing time; Horgos 10:20-12:50 Beijing time; Almaty 17:45 local (UTC+5).
      {"y29_out_20250529", "2025-05-29", {{"", "2025-05-29 11:30"}, {"2025-05-31 10:20", "2025-05-31 12:50"}, {"2025-05-31 17:45", ""}}},
      // Almaty 08:20 Astana time (= 11:20 Beijing time), Xi'an 18:30.
      {"y29_back_20250605", "2025-06-05", {{"", "2025-06-05 08:20"}, {"2025-06-07 18:30", ""}}},
      {"cz5085", "2025-06-07", {{"", "2025-06-07 17:30"}, {"2025-06-07 23:10", ""}}},
      {"cz5086", "2025-06-08", {{"", "2025-06-08 00:40"}, {"2025-06-08 12:30", ""}}},
      {"cz5083", "2025-06-05", {{"", "2025-06-05 19:05"}, {"2025-06-06 00:55", ""}}},
      {"cz_pkx_dyu", "2025-07-01", {{"", "2025-07-01 17:00"}, {"2025-07-01 21:00", ""}}},
      {"cz_dyu_pkx", "2025-07-01", {{"", "2025-07-01 22:30"}, {"2025-07-02 07:20", ""}}},
      // Kazakhstan: Shymkent 04:50 local, UTC+5.
      {"scat_xiy_cit_thu", "2025-07-03", {{"", "2025-07-03 02:47"}, {"2025-07-03 04:50", ""}}},
      {"cz_urc_skd", "2025-06-01", {{"", "2025-06-01 23:20"}, {"2025-06-01 23:40", ""}}},
      {"cz_skd_urc", "2025-06-02", {{"", "2025-06-02 01:30"}, {"2025-06-02 07:35", ""}}},
      {"cz6015_tue", "2025-06-03", {{"", "2025-06-03 22:20"}, {"2025-06-03 23:30", ""}}},
      {"cz6016_wed", "2025-06-04", {{"", "2025-06-04 01:00"}, {"2025-06-04 07:35", ""}}},
      // Kyrgyzstan, UTC+6: Bishkek-2 07:45.
      {"balykchy_608_2026_1", "2026-07-20", {{"", "2026-07-20 07:45"}, {"2026-07-20 12:45", ""}}},
      {"sharq_10", "2026-03-02", {{"", "2026-03-02 16:08"}, {"2026-03-02 18:34", "2026-03-02 18:46"}, {"2026-03-02 22:09", ""}}},
  };
  for (auto const& c : cases) {
    auto const ev = d.run(c.trip_, c.date_);
    ASSERT_EQ(ev.size(), c.local_.size()) << c.trip_;
    for (std::size_t i = 0; i != ev.size(); ++i) {
      auto const zone = d.tz(d.stop(ev[i].stop_));
      if (*c.local_[i].first != '\0') {
        EXPECT_EQ(local(ev[i].arr_, zone), c.local_[i].first) << c.trip_ << " at " << ev[i].stop_;
      }
      if (*c.local_[i].second != '\0') {
        EXPECT_EQ(local(ev[i].dep_, zone), c.local_[i].second) << c.trip_ << " at " << ev[i].stop_;
      }
    }
  }
  // The same instants seen from the other side of the border.
  auto const out = d.run("y29_out_20250529", "2025-05-29");
  ASSERT_EQ(out.size(), 3U);
  EXPECT_EQ(local(out[2].arr_, "UTC"), "2025-05-31 12:45");
  EXPECT_EQ(local(out[2].arr_, "Asia/Shanghai"), "2025-05-31 20:45");
  auto const back = d.run("y29_back_20250605", "2025-06-05");
  ASSERT_EQ(back.size(), 2U);
  EXPECT_EQ(local(back[0].dep_, "Asia/Shanghai"), "2025-06-05 11:20");
  auto const bal = d.run("balykchy_608_2026_1", "2026-07-20");
  ASSERT_EQ(bal.size(), 2U);
  EXPECT_EQ(local(bal[0].dep_, "Asia/Almaty"), "2026-07-20 06:45");  // Bishkek is an hour ahead of Almaty
}

TEST(SilkroadData, SuspendedTrainsAreNotOfferedToday) {
  auto const& d = data();
  auto const rail = mask_of(tt::mode::kRail);
  // Ürümqi - Almaty by rail: K9795 ran on Saturdays until January 2020.
  auto const then = d.route(d.city("urumqi"), d.city("almaty"), at("Asia/Shanghai", 2019, 3, 1, 8, 0), rail);
  ASSERT_FALSE(then.empty());
  ASSERT_EQ(then[0].n_trips(), 1U);
  EXPECT_EQ(d.trip_id(then[0].legs_.front()), "k9795_20170930");
  EXPECT_EQ(local(then[0].legs_.front().departure_, "Asia/Shanghai"), "2019-03-02 12:00");
  EXPECT_TRUE(d.route(d.city("urumqi"), d.city("almaty"), at("Asia/Shanghai", 2026, 3, 2, 8, 0), rail).empty());
  EXPECT_EQ(d.n_days_run("k9795_20170930"), 122U);  // Saturdays 2017-09-30 .. 2020-01-25
}

// The CSV rows of a data file, as column -> value maps keyed by the id column (trip_id, site_id, stop_id).
std::map<std::string, std::map<std::string, std::string>> rows(std::string const& file) {
  auto const feed = gtfs::open_feed(data_dir());
  gtfs::import_report r;
  csv::reader csv{feed->open(file), file, r};
  std::map<std::string, std::map<std::string, std::string>> out;
  while (csv.next()) {
    std::map<std::string, std::string> row;
    for (std::size_t i = 0; i != csv.header().size(); ++i) {
      row[std::string{csv.header()[i]}] = std::string{csv.field(static_cast<int>(i))};
    }
    auto const key = row.contains("trip_id") ? row["trip_id"] : row.contains("site_id") ? row["site_id"] : row["stop_id"];
    out[key] = std::move(row);
  }
  return out;
}

// Issue 12, item 7: a year ahead, and what the data covers.
TEST(SilkroadData, CoversTo2027AndSaysWhereItEnds) {
  auto const& d = data();
  auto const cov = planner::coverage_of(d.tt_);
  ASSERT_TRUE(cov.first_day_ && cov.last_day_);
  EXPECT_EQ(format_date(*cov.last_day_), "2027-12-31");
  EXPECT_EQ(format_date(*cov.first_day_), "2017-09-30");  // K9795's first Saturday (historic)
  EXPECT_EQ(planner::coverage_message(cov, at("Asia/Shanghai", 2028, 3, 1, 8, 0)), "the Silk Road data ends on 2027-12-31");
  EXPECT_EQ(planner::coverage_message(cov, at("Asia/Shanghai", 2016, 3, 1, 8, 0)), "the Silk Road data begins on 2017-09-30");
  EXPECT_EQ(planner::coverage_message(cov, at("Asia/Shanghai", 2027, 12, 20, 8, 0)), std::nullopt);
  // A 2028 query finds nothing (and is told why, above).
  EXPECT_TRUE(d.route(d.city("almaty"), d.city("tashkent"), at("Asia/Almaty", 2028, 3, 1, 8, 0)).empty());
  // In December 2027 the daily Talgo still runs, projected (estimated) like every service past its source.
  auto const dec = d.route(d.city("almaty"), d.city("tashkent"), at("Asia/Almaty", 2027, 12, 20, 8, 0), mask_of(tt::mode::kRail));
  ASSERT_FALSE(dec.empty());
  EXPECT_EQ(d.trip_id(dec[0].legs_.front()), "ktz_2_daily");
  // An exact timetable is exact for its source's period only: beyond it the same times are estimated.
  auto const trips = rows("trips.txt");
  EXPECT_EQ(trips.at("sharq_9").at("confidence"), "exact");               // undated page: exact to 2026-12-31
  EXPECT_EQ(trips.at("sharq_9_projected").at("confidence"), "estimated");  // from 2027-01-01
  EXPECT_EQ(trips.at("andijan_60_projected").at("confidence"), "estimated");  // the 2016 timetable in 2027
  EXPECT_NE(trips.at("andijan_60_projected").at("source").find("from 2027-01-01"), std::string::npos);
  EXPECT_EQ(trips.at("afrosiyob_775_projected").at("confidence"), "estimated");  // a 2025 source: from 2027-07-01
  EXPECT_NE(trips.at("afrosiyob_775_projected").at("source").find("from 2027-07-01"), std::string::npos);
  // Each source's as-of date is in the snapshot.
  auto const sources = tt::source_dates(d.tt_);
  auto const hkcd = std::find_if(sources.begin(), sources.end(), [](auto const& x) { return x.name_ == "hkcd"; });
  ASSERT_NE(hkcd, sources.end());
  EXPECT_EQ(hkcd->as_of_, "2025-06-03");
}

// Issue 12, item 8: the audit's fixes.
TEST(SilkroadData, AuditFixes) {
  auto const& d = data();
  auto const trips = rows("trips.txt");
  EXPECT_EQ(trips.at("scat_xiy_cit_thu").at("confidence"), "estimated");  // weekly by inference
  auto const sites = rows("caravan_heritage_sites.txt");
  EXPECT_EQ(sites.at("kg_suyab").at("confidence"), "estimated");  // disputed coordinates
  EXPECT_NE(sites.at("kg_suyab").at("coord_type").find("DISPUTED"), std::string::npos);
  EXPECT_EQ(sites.at("cn_kizil").at("nearest_stop_id"), "");  // Kashgar is 608 km away: no stop
  for (auto const& [id, s] : sites) {
    EXPECT_NE(s.at("confidence"), "missing") << id;  // every site has a sourced point or a documented estimate
    EXPECT_FALSE(s.at("lat").empty()) << id;
    if (!s.at("nearest_stop_id").empty()) {
      auto const stop = d.tt_.stop(d.stop(s.at("nearest_stop_id"))).pos_;
      EXPECT_LE(distance_m(stop, {*parse_double(s.at("lat")), *parse_double(s.at("lon"))}), 150'000) << id;
    }
  }
  for (auto const* id : {"cn_xingjiao", "cn_binxian", "cn_suoyang", "cn_xuanquan", "cn_subash", "kz_karamergen", "tm_nisa", "multi_zarafshan"}) {
    EXPECT_EQ(sites.at(id).at("confidence"), "estimated") << id;
  }
  // Yining: the city, not the county seat ~17 km east (43.97799, 81.51804).
  EXPECT_GT(distance_m(d.tt_.stop(d.stop("yining")).pos_, {43.97799, 81.51804}), 10'000);
  EXPECT_LT(distance_m(d.tt_.stop(d.stop("yining")).pos_, {43.97799, 81.51804}), 25'000);
  EXPECT_EQ(d.tt_.translate(tt::translated_table::kStop, d.stop("yining").v(), "stop_name", "ug"), "غۇلجا");
  EXPECT_EQ(rows("stops.txt").at("yining").at("confidence"), "estimated");
}

// The three Horgos (China) stops lie east of the Khorgos river, which is the border at the crossing,
// not at the Khorgos (KZ) village point (44.22335, 80.38522) west of it.
TEST(SilkroadData, HorgosStopsAreInChina) {
  auto const& d = data();
  for (auto const* id : {"horgos_cn", "horgos_rail", "horgos_road"}) {
    auto const p = d.tt_.stop(d.stop(id)).pos_;
    EXPECT_GT(p.lon_, 80.40) << id;
    EXPECT_GT(distance_m(p, {44.22335, 80.38522}), 2'000) << id;
    EXPECT_EQ(d.tz(d.stop(id)), "Asia/Shanghai") << id;
  }
}

// Issue 12, item 4: between the stops of one city people ride (taxi road links, estimated), and any walk
// in the data is short (README: at most 15 min).
TEST(SilkroadData, CityLinksAreRidesAndWalksAreShort) {
  auto const& d = data();
  constexpr std::int32_t kWalkLimit = 15 * 60;
  auto const& c = d.tt_.columns();
  for (std::uint32_t i = 0; i != d.tt_.n_stops(); ++i) {
    auto const s = tt::stop_idx{i};
    for (auto const& f : d.tt_.footpaths_out(s)) {
      EXPECT_LE(f.duration_, kWalkLimit) << d.id(s) << " -> " << d.id(f.target_);
    }
  }
  // Tashkent airport -> Tashkent Central: a taxi, estimated, with its source; no walk.
  auto const tas = d.stop("tashkent_tas");
  auto const central = d.stop("tashkent_central");
  for (auto const& f : d.tt_.footpaths_out(tas)) {
    EXPECT_NE(f.target_, central);
  }
  auto const link = std::find_if(c.road_links_.begin(), c.road_links_.end(), [&](auto const& l) { return l.from_ == tas && l.to_ == central; });
  ASSERT_NE(link, c.road_links_.end());
  EXPECT_EQ(link->mode_, tt::road_mode::kTaxi);
  EXPECT_EQ(link->estimated_, 1);
  EXPECT_LE(link->before_s_ + link->after_s_, 90 * 60);
  EXPECT_FALSE(d.tt_.str(link->source_).empty());
  // A journey from the airport to the station rides it.
  auto const js = d.route({{tas, 0}}, {{central, 0}}, at("Asia/Tashkent", 2026, 3, 2, 8, 0));
  ASSERT_FALSE(js.empty());
  ASSERT_EQ(js[0].legs_.size(), 1U);
  EXPECT_EQ(js[0].legs_[0].kind_, leg_kind::kRoad);
}

// --- golden journeys ------------------------------------------------------------------------------

TEST(SilkroadJourneys, XianToAlmatyOnTheTourismTrain) {
  auto const& d = data();
  auto const t = at("Asia/Shanghai", 2025, 5, 29, 0, 0);
  auto const rail = d.route(d.city("xian"), d.city("almaty"), t, mask_of(tt::mode::kRail));
  ASSERT_EQ(rail.size(), 1U);
  auto const& j = rail[0];
  ASSERT_EQ(j.n_trips(), 1U);
  auto const& l = j.legs_.front();
  EXPECT_EQ(d.trip_id(l), "y29_out_20250529");
  EXPECT_EQ(local(l.departure_, "Asia/Shanghai"), "2025-05-29 11:30");
  EXPECT_EQ(local(l.arrival_, "Asia/Almaty"), "2025-05-31 17:45");
  EXPECT_NEAR(static_cast<double>(l.arrival_ - l.departure_) / 3600.0, 57.0, 0.5);
  // All modes on that day: the only sourced Xi'an - Almaty flight leaves on Saturday evening, after the
  // train has arrived, so the train is still the earliest arrival (and no flight beats it).
  auto const all = d.route(d.city("xian"), d.city("almaty"), t);
  ASSERT_FALSE(all.empty());
  EXPECT_EQ(d.trip_id(all[0].legs_.front()), "y29_out_20250529");
  // Once the train has left, the flight.
  auto const later = d.route(d.city("xian"), d.city("almaty"), at("Asia/Shanghai", 2025, 5, 29, 12, 0));
  ASSERT_FALSE(later.empty());
  auto const& f = later.back();  // the fewest rides
  ASSERT_EQ(f.n_trips(), 1U);
  EXPECT_EQ(d.mode(f.legs_.front()), tt::mode::kAir);
  EXPECT_EQ(d.trip_id(f.legs_.front()), "cz_xiy_ala_sat");
  EXPECT_EQ(local(f.legs_.front().departure_, "Asia/Shanghai"), "2025-05-31 19:55");
}

TEST(SilkroadJourneys, XianToAlmatyIn2026ByAir) {
  auto const& d = data();
  auto const t = at("Asia/Shanghai", 2026, 3, 2, 0, 0);  // a Monday
  EXPECT_TRUE(d.route(d.city("xian"), d.city("almaty"), t, mask_of(tt::mode::kRail)).empty());
  auto const air = d.route(d.city("xian"), d.city("almaty"), t, mask_of(tt::mode::kAir));
  ASSERT_FALSE(air.empty());
  auto const& direct = air.back();  // the fewest rides
  ASSERT_EQ(direct.n_trips(), 1U);
  EXPECT_EQ(d.trip_id(direct.legs_.front()), "cz_xiy_ala_sat");
  EXPECT_EQ(local(direct.legs_.front().departure_, "Asia/Shanghai"), "2026-03-07 19:55");
  // With all modes every answer starts with a flight (via Shymkent and the train, or direct).
  auto const all = d.route(d.city("xian"), d.city("almaty"), t);
  ASSERT_FALSE(all.empty());
  for (auto const& j : all) {
    auto const first = std::find_if(j.legs_.begin(), j.legs_.end(), [](routing::leg const& l) { return l.kind_ == leg_kind::kTrip; });
    ASSERT_NE(first, j.legs_.end());
    EXPECT_EQ(d.mode(*first), tt::mode::kAir);
  }
  EXPECT_LE(all.front().arrival_, air.front().arrival_);
}

TEST(SilkroadJourneys, KashgarToOshOverIrkeshtam) {
  auto const& d = data();
  auto const road = mask_of(tt::mode::kRoad);
  auto const go = [&](std::int64_t t) {
    // Ten days ahead: the Spring Festival span and the weekend after it close Irkeshtam for a week.
    auto const js = d.route({{d.stop("kashgar_bus"), 0}}, {{d.stop("osh_bus"), 0}}, t, road, 10 * 86'400);
    EXPECT_EQ(js.size(), 1U);
    EXPECT_TRUE(!js.empty() && js[0].legs_.size() == 1U && js[0].legs_[0].kind_ == leg_kind::kRoad);
    return js.empty() ? routing::journey{} : js[0];
  };
  // A Tuesday morning: straight through (at the border 12:00 Beijing time, formalities 2 h, on 6 h).
  auto const tue = go(at("Asia/Shanghai", 2026, 3, 3, 8, 0));
  ASSERT_EQ(tue.legs_.size(), 1U);
  EXPECT_EQ(d.road_id(tue.legs_[0]), "kashgar_osh_irkeshtam");
  EXPECT_EQ(local(tue.legs_[0].departure_, "Asia/Shanghai"), "2026-03-03 08:00");
  EXPECT_EQ(local(tue.arrival_, "Asia/Bishkek"), "2026-03-03 18:00");
  // Friday afternoon: too late for Friday, closed Saturday and Sunday: Monday, leaving to be there at 10:00.
  auto const fri = go(at("Asia/Shanghai", 2026, 3, 6, 14, 0));
  ASSERT_EQ(fri.legs_.size(), 1U);
  EXPECT_EQ(local(fri.legs_[0].departure_, "Asia/Shanghai"), "2026-03-09 06:00");
  EXPECT_EQ(local(fri.arrival_, "Asia/Bishkek"), "2026-03-09 16:00");
  // New Year's Eve afternoon: closed on 1 January 2026 (24.kg), open again on Friday the 2nd.
  auto const nye = go(at("Asia/Shanghai", 2025, 12, 31, 14, 0));
  EXPECT_EQ(local(nye.arrival_, "Asia/Bishkek"), "2026-01-02 16:00");
  // Spring Festival 2027 (the derived official span 5-12 Feb, a Friday) and the weekend after: Irkeshtam
  // reopens on Monday 15 Feb.
  auto const spring = go(at("Asia/Shanghai", 2027, 2, 8, 8, 0));
  EXPECT_EQ(local(spring.legs_[0].departure_, "Asia/Shanghai"), "2027-02-15 06:00");
  EXPECT_EQ(local(spring.arrival_, "Asia/Bishkek"), "2027-02-15 16:00");
  // No other way: no flight or through bus Kashgar - Osh in the facts.
  auto const all = d.route({{d.stop("kashgar_bus"), 0}}, {{d.stop("osh_bus"), 0}}, at("Asia/Shanghai", 2026, 3, 6, 14, 0));
  ASSERT_FALSE(all.empty());
  EXPECT_EQ(all[0].arrival_, fri.arrival_);
}

TEST(SilkroadJourneys, KulmaIsClosedInWinter) {
  auto const& d = data();
  auto const road = mask_of(tt::mode::kRoad);
  EXPECT_TRUE(d.route({{d.stop("tashkurgan_road"), 0}}, {{d.stop("murghob_road"), 0}}, at("Asia/Shanghai", 2026, 1, 12, 8, 0), road).empty());
  auto const june = d.route({{d.stop("tashkurgan_road"), 0}}, {{d.stop("murghob_road"), 0}}, at("Asia/Shanghai", 2026, 6, 1, 8, 0), road);
  ASSERT_EQ(june.size(), 1U);
  EXPECT_EQ(d.road_id(june[0].legs_[0]), "tashkurgan_murghob_kulma");
}

TEST(SilkroadJourneys, UrumqiToSamarkandByAirAndRailAcrossThreeZones) {
  auto const& d = data();
  // Rail and air only: the taxi from Tashkent airport to the station is a road link within one place,
  // which the engine takes whatever the modes (like a walk).
  auto const modes = mask_of(tt::mode::kRail) | mask_of(tt::mode::kAir);
  // A Monday: the direct flight is on Sundays, so fly to Tashkent and take the train.
  auto const js = d.route(d.city("urumqi"), d.city("samarkand"), at("Asia/Shanghai", 2026, 3, 2, 0, 0), modes);
  ASSERT_FALSE(js.empty());
  auto const& j = js.front();
  std::vector<routing::leg> rides;
  std::copy_if(j.legs_.begin(), j.legs_.end(), std::back_inserter(rides), [](routing::leg const& l) { return l.kind_ == leg_kind::kTrip; });
  ASSERT_EQ(rides.size(), 2U);
  auto const taxi = std::find_if(j.legs_.begin(), j.legs_.end(), [](routing::leg const& l) { return l.kind_ == leg_kind::kRoad; });
  ASSERT_NE(taxi, j.legs_.end());
  EXPECT_EQ(d.id(taxi->from_), "tashkent_tas");
  EXPECT_EQ(d.id(taxi->to_), "tashkent_central");
  EXPECT_EQ(d.mode(rides[0]), tt::mode::kAir);
  EXPECT_EQ(d.mode(rides[1]), tt::mode::kRail);
  EXPECT_EQ(d.tz(rides[0].from_), "Asia/Shanghai");
  EXPECT_EQ(d.tz(rides[0].to_), "Asia/Tashkent");
  EXPECT_EQ(d.tz(rides[1].to_), "Asia/Samarkand");
  EXPECT_EQ(d.id(rides[1].to_), "samarkand_rail");
  // Arrival in Samarkand local time is one of the times the trains are timetabled at there.
  auto const arr = local(j.arrival_, "Asia/Samarkand").substr(11);
  EXPECT_TRUE(arr == "09:07" || arr == "09:35" || arr == "12:31" || arr == "16:09") << arr;
  EXPECT_LT(j.arrival_, at("Asia/Samarkand", 2026, 3, 8, 0, 0));  // before the Sunday flight could
  // On a Sunday evening the direct flight is the way.
  auto const sun = d.route(d.city("urumqi"), d.city("samarkand"), at("Asia/Shanghai", 2026, 3, 8, 20, 0), modes);
  ASSERT_FALSE(sun.empty());
  EXPECT_EQ(d.trip_id(sun.front().legs_.front()), "cz_urc_skd");
  EXPECT_EQ(local(sun.front().arrival_, "Asia/Samarkand"), "2026-03-08 23:40");
}

TEST(SilkroadJourneys, AlmatyToTashkentByRoadViaBishkekOrByRail) {
  auto const& d = data();
  auto const t = at("Asia/Almaty", 2026, 3, 2, 8, 0);
  // By road: fastest via Bishkek (two crossings), or the through bus with one ride.
  auto const road = d.route({{d.stop("almaty_road"), 0}}, {{d.stop("tashkent_road"), 0}}, t, mask_of(tt::mode::kRoad));
  ASSERT_EQ(road.size(), 2U);
  ASSERT_EQ(road[0].legs_.size(), 2U);
  EXPECT_EQ(d.road_id(road[0].legs_[0]), "almaty_bishkek_korday");
  EXPECT_EQ(d.id(road[0].legs_[0].to_), "bishkek_road");
  EXPECT_EQ(d.road_id(road[0].legs_[1]), "bishkek_tashkent_bus");
  // 4 h 30 and 11 h of driving, 30 min and 1 h of formalities, a 2 min change in Bishkek.
  EXPECT_EQ(road[0].arrival_ - t, (17 * 60 + 2) * 60);
  ASSERT_EQ(road[1].legs_.size(), 1U);
  EXPECT_EQ(d.road_id(road[1].legs_[0]), "almaty_tashkent_bus");
  EXPECT_EQ(road[1].arrival_ - t, (16 * 60 + 30 + 60) * 60);  // 16 h 30 and 1 h at Zhibek Zholy
  // By rail: train 2, daily since 2025-12-14.
  auto const rail = d.route(d.city("almaty"), d.city("tashkent"), t, mask_of(tt::mode::kRail));
  ASSERT_EQ(rail.size(), 1U);
  ASSERT_EQ(rail[0].n_trips(), 1U);
  EXPECT_EQ(d.trip_id(rail[0].legs_.front()), "ktz_2_daily");
  EXPECT_EQ(local(rail[0].legs_.front().departure_, "Asia/Almaty"), "2026-03-02 18:32");
  // In 2025 it ran on Mondays, Wednesdays and Saturdays: from a Tuesday, Wednesday's.
  auto const y2025 = d.route(d.city("almaty"), d.city("tashkent"), at("Asia/Almaty", 2025, 6, 3, 8, 0), mask_of(tt::mode::kRail));
  ASSERT_EQ(y2025.size(), 1U);
  EXPECT_EQ(local(y2025[0].legs_.front().departure_, "Asia/Almaty"), "2025-06-04 18:32");
}

}  // namespace
}  // namespace caravan

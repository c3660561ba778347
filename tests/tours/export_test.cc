// The tour exports (export.h) on tours built by hand: the iCalendar file's structure (CRLF, folding at 75
// octets without splitting UTF-8, TEXT escaping, a VTIMEZONE per TZID from the tz database, all-day
// nights), GeoJSON's coordinates and features, and the printable page's escaping.
#include <gtest/gtest.h>

#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "caravan/planner/times.h"
#include "caravan/tours/export.h"

namespace caravan::tours {
namespace {

std::int64_t at(std::string_view local, std::string_view tz) { return planner::parse_time(local, tz); }

planner::stop_view stop(std::string id, std::string name, double lat, double lon, std::string tz) {
  planner::stop_view s;
  s.id_ = std::move(id);
  s.name_ = std::move(name);
  s.lat_ = lat;
  s.lon_ = lon;
  s.tz_ = std::move(tz);
  return s;
}

planner::leg_view train(planner::stop_view from, planner::stop_view to, std::int64_t dep, std::int64_t arr, std::string name) {
  planner::leg_view l;
  l.kind_ = routing::leg_kind::kTrip;
  l.mode_ = "rail";
  l.from_ = std::move(from);
  l.to_ = std::move(to);
  l.departure_ = dep;
  l.arrival_ = arr;
  l.route_short_name_ = std::move(name);
  l.headsign_ = l.to_.name_;
  l.agency_name_ = "KTZ";
  return l;
}

tour_item item(item_kind k, std::int64_t start, std::int64_t end, std::string tz, std::string place) {
  tour_item i;
  i.kind_ = k;
  i.start_ = start;
  i.end_ = end;
  i.tz_ = std::move(tz);
  i.place_ = std::move(place);
  return i;
}

// Almaty -> a site with a hostile, long, non-ASCII name near Almaty -> the night in Almaty -> the train to
// Taraz -> a night train to Tashkent (another zone) with an intermediate stop.
struct fixture {
  tour_answer a;
  tour t;
};

fixture silk_tour() {
  fixture f;
  auto& a = f.a;
  auto& t = f.t;
  auto const almaty = stop("almaty_2", "Almaty-2", 43.27, 76.94, "Asia/Almaty");
  auto const taraz = stop("taraz", "Taraz", 42.90, 71.37, "Asia/Almaty");
  auto const shymkent = stop("shymkent", "Shymkent", 42.32, 69.59, "Asia/Almaty");
  auto const tashkent = stop("tashkent", "Tashkent", 41.29, 69.29, "Asia/Tashkent");
  a.start_ = {"Almaty", almaty};
  a.end_ = {"Tashkent", tashkent};
  site_visit talgar;
  talgar.id_ = "kz_talgar";
  talgar.name_ = "<script>alert('x')</script> & \"Talgar\"; Городище Талгар, 塔尔加尔古城遗址 with a name long enough to fold twice over";
  talgar.country_ = "KZ";
  talgar.pos_ = tt::latlng{43.30, 77.24};
  site_visit nowhere;
  nowhere.id_ = "kz_nowhere";
  nowhere.name_ = "Unplaced site";
  a.sites_ = {talgar, nowhere};
  a.proven_best_ = true;
  a.method_ = "exact: dynamic programming over 2 sites";
  a.notes_ = {"visit lengths are estimates <b>"};

  auto const tz = std::string{"Asia/Almaty"};
  t.order_ = {"kz_talgar", "kz_nowhere"};
  t.start_ = at("2026-06-01T08:00", tz);
  t.start_tz_ = tz;
  t.end_tz_ = "Asia/Tashkent";
  auto to_site = item(item_kind::kTransfer, at("2026-06-01T09:00", tz), at("2026-06-01T09:40", tz), tz, talgar.name_);
  to_site.estimated_ = true;
  to_site.note_ = "drive, estimated";
  auto visit = item(item_kind::kVisit, at("2026-06-01T09:40", tz), at("2026-06-01T11:40", tz), tz, talgar.name_);
  visit.site_id_ = "kz_talgar";
  visit.estimated_ = true;
  visit.note_ = "visit length estimated (2 h), line one\nline two; with, punctuation\\";
  auto back = item(item_kind::kTransfer, at("2026-06-01T11:40", tz), at("2026-06-01T12:20", tz), tz, "Almaty-2");
  back.estimated_ = true;
  auto night1 = item(item_kind::kNight, at("2026-06-01T21:00", tz), at("2026-06-02T08:00", tz), tz, "Almaty-2");

  tour_item j1 = item(item_kind::kJourney, at("2026-06-02T08:30", tz), at("2026-06-02T16:00", tz), tz, "Taraz");
  j1.journey_ = planner::itinerary{};
  j1.journey_->legs_.push_back(train(almaty, taraz, j1.start_, j1.end_, "K9797"));
  auto night2 = item(item_kind::kNight, at("2026-06-02T21:00", tz), at("2026-06-03T08:00", tz), tz, "Taraz");

  tour_item j2 = item(item_kind::kJourney, at("2026-06-03T22:00", tz), at("2026-06-04T06:30", "Asia/Tashkent"), tz, "Tashkent");
  j2.journey_ = planner::itinerary{};
  auto l2 = train(taraz, tashkent, j2.start_, j2.end_, "T55");
  l2.estimated_ = true;
  l2.intermediate_stops_.push_back({shymkent, at("2026-06-04T01:00", tz), at("2026-06-04T01:20", tz)});
  j2.journey_->legs_.push_back(l2);
  j2.estimated_ = true;
  auto night3 = item(item_kind::kNight, at("2026-06-04T00:00", tz), at("2026-06-04T06:30", "Asia/Tashkent"), tz, "");
  night3.on_board_ = true;
  t.end_ = j2.end_;

  t.items_ = {to_site, visit, back, night1, j1, night2, j2, night3};
  t.days_list_ = {{"2026-06-01", 1, {0, 1, 2, 3}}, {"2026-06-02", 2, {4, 5}}, {"2026-06-03", 3, {6}}, {"2026-06-04", 4, {7}}};
  t.days_ = 4;
  t.travel_s_ = 16 * 3600;
  t.nights_in_towns_ = 2;
  t.nights_on_board_ = 1;
  t.estimated_ = true;
  return f;
}

// The iCalendar's content lines, unfolded, and the physical lines as sent.
std::vector<std::string> physical_lines(std::string const& ics) {
  std::vector<std::string> out;
  std::size_t from = 0;
  while (from < ics.size()) {
    auto const crlf = ics.find("\r\n", from);
    EXPECT_NE(crlf, std::string::npos) << "the file must end with CRLF";
    if (crlf == std::string::npos) {
      break;
    }
    out.push_back(ics.substr(from, crlf - from));
    from = crlf + 2;
  }
  return out;
}

std::vector<std::string> content_lines(std::string const& ics) {
  std::vector<std::string> out;
  for (auto const& l : physical_lines(ics)) {
    if (!l.empty() && l.front() == ' ') {
      out.back() += l.substr(1);
    } else {
      out.push_back(l);
    }
  }
  return out;
}

bool valid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    auto const c = static_cast<unsigned char>(s[i]);
    std::size_t n = c < 0x80 ? 1 : (c & 0xE0U) == 0xC0 ? 2 : (c & 0xF0U) == 0xE0 ? 3 : (c & 0xF8U) == 0xF0 ? 4 : 0;
    if (n == 0 || i + n > s.size()) {
      return false;
    }
    for (std::size_t k = 1; k != n; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0U) != 0x80) {
        return false;
      }
    }
    i += n;
  }
  return true;
}

std::vector<std::string> with_prefix(std::vector<std::string> const& lines, std::string_view prefix) {
  std::vector<std::string> out;
  for (auto const& l : lines) {
    if (l.starts_with(prefix)) {
      out.push_back(l);
    }
  }
  return out;
}

TEST(TourIcs, LinesAreCrlfFoldedAt75OctetsWithoutSplittingUtf8) {
  auto const f = silk_tour();
  auto const ics = to_ics(f.a, f.t, "tour-1", at("2026-05-01T12:00Z", "UTC"));
  ASSERT_TRUE(ics.starts_with("BEGIN:VCALENDAR\r\n"));
  ASSERT_TRUE(ics.ends_with("END:VCALENDAR\r\n"));
  EXPECT_EQ(ics.find("\n", 0) - 1, ics.find("\r\n", 0));
  // No bare LF anywhere: every LF follows a CR.
  for (std::size_t i = 0; i != ics.size(); ++i) {
    if (ics[i] == '\n') {
      ASSERT_GT(i, 0U);
      EXPECT_EQ(ics[i - 1], '\r') << "bare LF at " << i;
    }
  }
  bool folded = false;
  for (auto const& l : physical_lines(ics)) {
    EXPECT_LE(l.size(), 75U) << l;
    EXPECT_TRUE(valid_utf8(l)) << "a fold split a UTF-8 sequence: " << l;
    folded = folded || l.starts_with(" ");
  }
  EXPECT_TRUE(folded) << "the long site name must have been folded";
  auto const lines = content_lines(ics);
  for (auto const* wanted : {"VERSION:2.0", "CALSCALE:GREGORIAN"}) {
    EXPECT_EQ(with_prefix(lines, wanted).size(), 1U) << wanted;
  }
  EXPECT_EQ(with_prefix(lines, "PRODID:").size(), 1U);
  // Unfolded, the long name comes back whole, escaped.
  auto const visit = with_prefix(lines, "SUMMARY:Visit ");
  ASSERT_EQ(visit.size(), 1U);
  EXPECT_EQ(visit[0],
            "SUMMARY:Visit <script>alert('x')</script> & \"Talgar\"\\; Городище Талгар\\, 塔尔加尔古城遗址 with a name "
            "long enough to fold twice over");
}

TEST(TourIcs, TextIsEscaped) {
  auto const f = silk_tour();
  auto const lines = content_lines(to_ics(f.a, f.t, "tour-1", 0));
  auto const descriptions = with_prefix(lines, "DESCRIPTION:visit length");
  ASSERT_EQ(descriptions.size(), 1U);
  EXPECT_EQ(descriptions[0],
            "DESCRIPTION:visit length estimated (2 h)\\, line one\\nline two\\; with\\, punctuation\\\\\\nTimes estimated.");
}

TEST(TourIcs, EveryTzidHasItsVtimezoneAndEventsTheirLocalTimes) {
  auto const f = silk_tour();
  auto const lines = content_lines(to_ics(f.a, f.t, "tour-1", at("2026-05-01T12:00Z", "UTC")));
  std::set<std::string> used, defined;
  for (auto const& l : lines) {
    if (auto const p = l.find(";TZID="); p != std::string::npos) {
      used.insert(l.substr(p + 6, l.find(':', p) - p - 6));
    }
    if (l.starts_with("TZID:")) {
      defined.insert(l.substr(5));
    }
  }
  EXPECT_EQ(used, (std::set<std::string>{"Asia/Almaty", "Asia/Tashkent"}));
  EXPECT_EQ(defined, used);
  // Asia/Almaty has been +05 since 2024-03-01 (and no DST): one STANDARD from that transition.
  auto const begin = std::find(lines.begin(), lines.end(), "TZID:Asia/Almaty");
  ASSERT_NE(begin, lines.end());
  EXPECT_EQ(*(begin + 1), "BEGIN:STANDARD");
  EXPECT_EQ(*(begin + 2), "DTSTART:20240301T000000");
  EXPECT_EQ(*(begin + 3), "TZOFFSETFROM:+0600");
  EXPECT_EQ(*(begin + 4), "TZOFFSETTO:+0500");
  // The train's times in each end's zone.
  auto const starts = with_prefix(lines, "DTSTART;TZID=");
  EXPECT_NE(std::find(starts.begin(), starts.end(), "DTSTART;TZID=Asia/Almaty:20260603T220000"), starts.end());
  auto const ends = with_prefix(lines, "DTEND;TZID=");
  EXPECT_NE(std::find(ends.begin(), ends.end(), "DTEND;TZID=Asia/Tashkent:20260604T063000"), ends.end());
  EXPECT_EQ(with_prefix(lines, "SUMMARY:Train K9797 Almaty-2 -> Taraz").size(), 1U);
  EXPECT_EQ(with_prefix(lines, "DTSTAMP:20260501T120000Z").size(), with_prefix(lines, "BEGIN:VEVENT").size());
  // UIDs: unique, from the seed.
  auto const uids = with_prefix(lines, "UID:");
  EXPECT_EQ(std::set<std::string>(uids.begin(), uids.end()).size(), uids.size());
  for (auto const& u : uids) {
    EXPECT_TRUE(u.starts_with("UID:tour-1-") && u.ends_with("@caravan")) << u;
  }
  // "estimated" where the times are.
  auto const descriptions = with_prefix(lines, "DESCRIPTION:");
  EXPECT_TRUE(std::any_of(descriptions.begin(), descriptions.end(),
                          [](auto const& d) { return d.find("T55") == std::string::npos && d.find("Times estimated.") != std::string::npos; }));
}

TEST(TourIcs, NightsAreAllDayEvents) {
  auto const f = silk_tour();
  auto const lines = content_lines(to_ics(f.a, f.t, "s", 0));
  std::vector<std::string> nights;
  for (std::size_t i = 0; i != lines.size(); ++i) {
    if (lines[i].starts_with("SUMMARY:Night")) {
      nights.push_back(lines[i]);
    }
  }
  EXPECT_EQ(nights, (std::vector<std::string>{"SUMMARY:Night in Almaty-2", "SUMMARY:Night in Taraz", "SUMMARY:Night on board"}));
  auto const starts = with_prefix(lines, "DTSTART;VALUE=DATE:");
  auto const ends = with_prefix(lines, "DTEND;VALUE=DATE:");
  EXPECT_EQ(starts, (std::vector<std::string>{"DTSTART;VALUE=DATE:20260601", "DTSTART;VALUE=DATE:20260602",
                                              "DTSTART;VALUE=DATE:20260604"}));
  EXPECT_EQ(ends, (std::vector<std::string>{"DTEND;VALUE=DATE:20260602", "DTEND;VALUE=DATE:20260603",
                                            "DTEND;VALUE=DATE:20260605"}));
}

// A zone with DST in the tour's span: STANDARD, then DAYLIGHT from the transition, in the offset before it.
TEST(TourIcs, DaylightSavingFromTheTzDatabase) {
  fixture f = silk_tour();
  auto const tz = std::string{"Europe/Berlin"};
  f.t.items_ = {item(item_kind::kVisit, at("2026-03-28T10:00", tz), at("2026-03-28T12:00", tz), tz, "Museum"),
                item(item_kind::kVisit, at("2026-03-30T10:00", tz), at("2026-03-30T12:00", tz), tz, "Museum")};
  f.t.start_ = f.t.items_.front().start_;
  f.t.end_ = f.t.items_.back().end_;
  f.t.days_list_ = {};
  auto const lines = content_lines(to_ics(f.a, f.t, "s", 0));
  auto const begin = std::find(lines.begin(), lines.end(), "TZID:Europe/Berlin");
  ASSERT_NE(begin, lines.end());
  std::vector<std::string> const wanted{"BEGIN:STANDARD", "DTSTART:20251026T030000", "TZOFFSETFROM:+0200", "TZOFFSETTO:+0100",
                                        "TZNAME:CET", "END:STANDARD", "BEGIN:DAYLIGHT", "DTSTART:20260329T020000",
                                        "TZOFFSETFROM:+0100", "TZOFFSETTO:+0200", "TZNAME:CEST", "END:DAYLIGHT",
                                        "END:VTIMEZONE"};
  EXPECT_EQ(std::vector<std::string>(begin + 1, begin + 1 + static_cast<std::ptrdiff_t>(wanted.size())), wanted);
  auto const starts = with_prefix(lines, "DTSTART;TZID=");
  EXPECT_EQ(starts, (std::vector<std::string>{"DTSTART;TZID=Europe/Berlin:20260328T100000",
                                              "DTSTART;TZID=Europe/Berlin:20260330T100000"}));
}

TEST(TourGeojson, SitesLegsAndTransfersWithLonLat) {
  auto const f = silk_tour();
  auto const g = to_geojson(f.a, f.t);
  EXPECT_EQ(g["type"], "FeatureCollection");
  EXPECT_EQ(g["caravan"]["sitesWithoutCoordinates"], nlohmann::ordered_json::array({"kz_nowhere"}));
  auto const& features = g["features"];
  std::vector<nlohmann::ordered_json> sites, legs, transfers;
  for (auto const& x : features) {
    EXPECT_EQ(x["type"], "Feature");
    auto const kind = x["properties"]["kind"].get<std::string>();
    (kind == "site" ? sites : kind == "leg" ? legs : transfers).push_back(x);
  }
  ASSERT_EQ(sites.size(), 1U);
  EXPECT_EQ(sites[0]["geometry"]["type"], "Point");
  EXPECT_EQ(sites[0]["geometry"]["coordinates"], nlohmann::ordered_json::array({77.24, 43.30}));  // [lon, lat]
  EXPECT_EQ(sites[0]["properties"]["id"], "kz_talgar");
  EXPECT_EQ(sites[0]["properties"]["order"], 1);
  EXPECT_EQ(sites[0]["properties"]["visitStart"], "2026-06-01T09:40+05:00");
  EXPECT_EQ(sites[0]["properties"]["visitEnd"], "2026-06-01T11:40+05:00");
  EXPECT_EQ(sites[0]["properties"]["estimated"], true);

  ASSERT_EQ(legs.size(), 2U);
  EXPECT_EQ(legs[0]["geometry"]["type"], "LineString");
  EXPECT_EQ(legs[0]["geometry"]["coordinates"],
            nlohmann::ordered_json::parse("[[76.94, 43.27], [71.37, 42.9]]"));
  EXPECT_EQ(legs[1]["geometry"]["coordinates"].size(), 3U);  // through Shymkent
  EXPECT_EQ(legs[1]["geometry"]["coordinates"][1], nlohmann::ordered_json::array({69.59, 42.32}));
  EXPECT_EQ(legs[1]["properties"]["mode"], "rail");
  EXPECT_EQ(legs[1]["properties"]["routeShortName"], "T55");
  EXPECT_EQ(legs[1]["properties"]["startTime"], "2026-06-03T22:00+05:00");
  EXPECT_EQ(legs[1]["properties"]["endTime"], "2026-06-04T06:30+05:00");
  EXPECT_EQ(legs[1]["properties"]["estimated"], true);

  ASSERT_EQ(transfers.size(), 2U);  // to the site and back to town
  EXPECT_EQ(transfers[0]["geometry"]["coordinates"], nlohmann::ordered_json::parse("[[76.94, 43.27], [77.24, 43.3]]"));
  EXPECT_EQ(transfers[0]["properties"]["siteId"], "kz_talgar");
  EXPECT_EQ(transfers[1]["geometry"]["coordinates"], nlohmann::ordered_json::parse("[[77.24, 43.3], [76.94, 43.27]]"));
}

TEST(TourHtml, EveryTextIsEscaped) {
  auto const f = silk_tour();
  auto const page = to_html(f.a, f.t, {}, "en");
  EXPECT_TRUE(page.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
  EXPECT_EQ(page.find("<script"), std::string::npos) << "the site's name must be escaped";
  EXPECT_NE(page.find("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;Talgar&quot;"), std::string::npos);
  EXPECT_NE(page.find("visit lengths are estimates &lt;b&gt;"), std::string::npos);
  EXPECT_EQ(page.find("<b>"), std::string::npos);
  EXPECT_NE(page.find("@page"), std::string::npos);
  for (auto const* heading : {"Day 1 &ndash; 2026-06-01", "Day 2 &ndash; 2026-06-02", "Day 4 &ndash; 2026-06-04"}) {
    EXPECT_NE(page.find(heading), std::string::npos) << heading;
  }
  EXPECT_NE(page.find("(estimated)"), std::string::npos);
  EXPECT_NE(page.find("proven best"), std::string::npos);
  EXPECT_NE(page.find("Train K9797 Almaty-2 -&gt; Taraz"), std::string::npos);
  // A lang that is not a plain tag cannot break out of its attribute.
  EXPECT_NE(to_html(f.a, f.t, {}, "en\"><script>").find("lang=\"en&quot;&gt;&lt;script&gt;\""), std::string::npos);
}

}  // namespace
}  // namespace caravan::tours

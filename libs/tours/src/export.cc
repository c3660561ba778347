// A tour as an iCalendar file, GeoJSON and a printable page (export.h; docs/tours.md, "Exports").
#include "caravan/tours/export.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <vector>

#include <date/date.h>
#include <date/tz.h>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "caravan/base/date.h"
#include "caravan/planner/times.h"

namespace caravan::tours {

namespace {

using json = nlohmann::ordered_json;

// --- what the three forms share ---

site_visit const* site_of(tour_answer const& a, std::string_view id) {
  auto const it = std::find_if(a.sites_.begin(), a.sites_.end(), [&](site_visit const& s) { return s.id_ == id; });
  return it == a.sites_.end() ? nullptr : &*it;
}

std::string_view mode_label(planner::leg_view const& l) {
  if (l.kind_ == routing::leg_kind::kWalk) {
    return "Walk";
  }
  if (l.kind_ == routing::leg_kind::kRoad) {
    if (l.road_) {
      auto const& m = l.road_->mode_;
      return m == "car" ? "Car" : m == "taxi" ? "Taxi" : m == "shared-taxi" ? "Shared taxi" : m == "bus" ? "Bus" : "Road";
    }
    return "Road";
  }
  auto const& m = l.mode_;
  if (m == "rail" || m == "subway" || m == "monorail") {
    return "Train";
  }
  if (m == "air") {
    return "Flight";
  }
  if (m == "bus" || m == "coach" || m == "trolleybus") {
    return "Bus";
  }
  if (m == "ferry") {
    return "Ferry";
  }
  if (m == "tram") {
    return "Tram";
  }
  if (m == "taxi") {
    return "Taxi";
  }
  return "Transport";
}

// "Train K9797 Xi'an -> Almaty", "Shared taxi Kashgar -> Osh".
std::string leg_title(planner::leg_view const& l) {
  std::string out{mode_label(l)};
  auto const& name = !l.route_short_name_.empty()  ? l.route_short_name_
                     : !l.trip_short_name_.empty() ? l.trip_short_name_
                                                   : l.route_long_name_;
  if (l.kind_ == routing::leg_kind::kTrip && !name.empty()) {
    out += " " + name;
  }
  return out + " " + l.from_.name_ + " -> " + l.to_.name_;
}

// The local calendar day (days since 1970) of an instant in a zone.
std::int32_t local_day(std::int64_t t, std::string_view tz) {
  auto const local = t + planner::utc_offset_s(t, tz);
  return static_cast<std::int32_t>(local >= 0 ? local / 86'400 : (local - 86'399) / 86'400);
}

// --- iCalendar (RFC 5545) ---

// TEXT values: backslash, semicolon, comma and newlines escaped (3.3.11); other control characters dropped.
std::string ics_text(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (auto const c : s) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case ';': out += "\\;"; break;
      case ',': out += "\\,"; break;
      case '\n': out += "\\n"; break;
      default:
        if (static_cast<unsigned char>(c) >= 0x20 && c != 0x7F) {
          out += c;
        }
    }
  }
  return out;
}

// One content line, folded (3.1): at most 75 octets a line, CRLF, continuation lines starting with a
// space, never inside a UTF-8 sequence (a break only before a byte that is not a continuation byte).
void put_line(std::string& out, std::string_view line) {
  std::size_t limit = 75;  // octets on this line, the leading space of a continuation included
  while (line.size() > limit) {
    auto cut = limit;
    while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0U) == 0x80U) {
      --cut;
    }
    out.append(line.substr(0, cut));
    out += "\r\n ";
    line.remove_prefix(cut);
    limit = 74;
  }
  out.append(line);
  out += "\r\n";
}

std::string civil_stamp(std::int64_t local_seconds) {
  auto const days = static_cast<std::int32_t>(local_seconds >= 0 ? local_seconds / 86'400 : (local_seconds - 86'399) / 86'400);
  auto const sod = local_seconds - std::int64_t{days} * 86'400;
  auto const ymd = format_date(days);  // YYYY-MM-DD
  return fmt::format("{}{}{}T{:02}{:02}{:02}", ymd.substr(0, 4), ymd.substr(5, 2), ymd.substr(8, 2), sod / 3600,
                     sod % 3600 / 60, sod % 60);
}

std::string ics_local(std::int64_t t, std::string_view tz) { return civil_stamp(t + planner::utc_offset_s(t, tz)); }

std::string ics_date(std::int32_t day) {
  auto const ymd = format_date(day);
  return fmt::format("{}{}{}", ymd.substr(0, 4), ymd.substr(5, 2), ymd.substr(8, 2));
}

std::string ics_offset(std::int64_t seconds) {
  auto const a = std::abs(seconds);
  return a % 60 == 0 ? fmt::format("{}{:02}{:02}", seconds < 0 ? '-' : '+', a / 3600, a % 3600 / 60)
                     : fmt::format("{}{:02}{:02}{:02}", seconds < 0 ? '-' : '+', a / 3600, a % 3600 / 60, a % 60);
}

// A VTIMEZONE from the tz database covering [from, to]: one observance (STANDARD, or DAYLIGHT while the
// zone saves) for the period in force at `from` and one per transition up to `to`, each starting at its
// transition (the first at its own start, or 1970 when the zone has had this offset since before then).
void put_vtimezone(std::string& out, std::string const& tz, std::int64_t from, std::int64_t to) {
  auto const* zone = date::locate_zone(tz);
  using seconds = std::chrono::seconds;
  auto info = zone->get_info(date::sys_seconds{seconds{from}});
  put_line(out, "BEGIN:VTIMEZONE");
  put_line(out, "TZID:" + ics_text(tz));
  bool first = true;
  while (true) {
    auto const begin = info.begin.time_since_epoch().count();
    auto const offset = info.offset.count();
    // The offset in force before this period began (the same for a first period with no known start).
    std::int64_t offset_from = offset;
    std::int64_t start_local = 0;  // 1970-01-01T00:00 local: a start before the tour that any reader takes
    if (!first || begin > 0) {
      offset_from = zone->get_info(date::sys_seconds{seconds{begin - 1}}).offset.count();
      start_local = begin + offset_from;
    }
    auto const daylight = info.save != std::chrono::minutes{0};
    put_line(out, daylight ? "BEGIN:DAYLIGHT" : "BEGIN:STANDARD");
    put_line(out, "DTSTART:" + civil_stamp(start_local));
    put_line(out, "TZOFFSETFROM:" + ics_offset(offset_from));
    put_line(out, "TZOFFSETTO:" + ics_offset(offset));
    if (!info.abbrev.empty()) {
      put_line(out, "TZNAME:" + ics_text(info.abbrev));
    }
    put_line(out, daylight ? "END:DAYLIGHT" : "END:STANDARD");
    first = false;
    auto const end = info.end.time_since_epoch().count();
    if (end > to) {
      break;
    }
    info = zone->get_info(info.end);
  }
  put_line(out, "END:VTIMEZONE");
}

struct ics_event {
  std::string uid_, summary_, location_, description_;
  std::optional<tt::latlng> geo_;
  // Timed: start_/end_ in start_tz_/end_tz_; all-day: the local day.
  std::int64_t start_{0}, end_{0};
  std::string start_tz_, end_tz_;
  std::optional<std::int32_t> day_;
};

void put_event(std::string& out, ics_event const& e, std::string const& stamp) {
  put_line(out, "BEGIN:VEVENT");
  put_line(out, "UID:" + ics_text(e.uid_));
  put_line(out, "DTSTAMP:" + stamp);
  if (e.day_) {
    put_line(out, "DTSTART;VALUE=DATE:" + ics_date(*e.day_));
    put_line(out, "DTEND;VALUE=DATE:" + ics_date(*e.day_ + 1));
    put_line(out, "TRANSP:TRANSPARENT");  // a night does not make the traveller busy all day
  } else {
    put_line(out, fmt::format("DTSTART;TZID={}:{}", e.start_tz_, ics_local(e.start_, e.start_tz_)));
    put_line(out, fmt::format("DTEND;TZID={}:{}", e.end_tz_, ics_local(e.end_, e.end_tz_)));
  }
  put_line(out, "SUMMARY:" + ics_text(e.summary_));
  if (!e.location_.empty()) {
    put_line(out, "LOCATION:" + ics_text(e.location_));
  }
  if (e.geo_) {
    put_line(out, fmt::format("GEO:{:.6f};{:.6f}", e.geo_->lat_, e.geo_->lon_));
  }
  if (!e.description_.empty()) {
    put_line(out, "DESCRIPTION:" + ics_text(e.description_));
  }
  put_line(out, "END:VEVENT");
}

std::string join_lines(std::vector<std::string> const& parts) {
  std::string out;
  for (auto const& p : parts) {
    if (p.empty()) {
      continue;
    }
    if (!out.empty()) {
      out += '\n';
    }
    out += p;
  }
  return out;
}

// --- HTML ---

std::string html(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (auto const c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

// "08:00" of a local time, the full ISO time in a tooltip; the date is the day's heading.
std::string html_time(std::int64_t t, std::string_view tz) {
  auto const iso = planner::format_time(t, tz);
  return fmt::format(R"(<time datetime="{}" title="{}">{}</time>)", html(iso), html(iso + " " + std::string{tz}),
                     html(iso.substr(11, 5)));
}

constexpr std::string_view kCss = R"(@page { size: A4; margin: 15mm; }
body { font: 10.5pt/1.4 "Noto Sans", "DejaVu Sans", Arial, sans-serif; color: #111; margin: 0 auto; max-width: 180mm; }
h1 { font-size: 18pt; margin: 0 0 4mm; }
h2 { font-size: 13pt; margin: 6mm 0 2mm; border-bottom: 1px solid #999; break-after: avoid; page-break-after: avoid; }
table { border-collapse: collapse; width: 100%; margin: 0 0 3mm; }
th, td { text-align: left; vertical-align: top; padding: 1mm 2mm; border-bottom: 1px solid #ddd; }
th { background: #f2f2f2; }
tr { break-inside: avoid; page-break-inside: avoid; }
dl.summary { display: grid; grid-template-columns: max-content auto; gap: 1mm 4mm; margin: 0 0 4mm; }
dl.summary dt { font-weight: bold; }
dl.summary dd { margin: 0; }
.estimated { font-style: italic; color: #7a4b00; }
.est-mark { font-size: 8.5pt; color: #7a4b00; }
.ok { color: #105b10; }
.not-ok { color: #9b1010; font-weight: bold; }
.note { color: #444; font-size: 9.5pt; }
section.day { break-inside: avoid-page; }
footer { margin-top: 6mm; font-size: 8.5pt; color: #555; }
@media print { a { color: inherit; text-decoration: none; } }
)";

std::string_view item_label(item_kind k) {
  switch (k) {
    case item_kind::kJourney: return "Journey";
    case item_kind::kTransfer: return "Transfer";
    case item_kind::kVisit: return "Visit";
    case item_kind::kWait: return "Wait";
    case item_kind::kNight: return "Night";
  }
  return "";
}

std::string_view verdict_text(rules::verdict v) {
  switch (v) {
    case rules::verdict::kAllowed: return "allowed";
    case rules::verdict::kAllowedWithConditions: return "allowed with conditions";
    case rules::verdict::kArrangeBeforeTravel: return "allowed once arranged before travel";
    case rules::verdict::kLimitExceeded: return "stay limit exceeded";
    case rules::verdict::kGroupConditionsNotMet: return "group tour conditions not met";
    case rules::verdict::kTransitConditionsNotMet: return "transit conditions not met";
    case rules::verdict::kVisaNeeded: return "visa needed";
    case rules::verdict::kNoRuleKnown: return "no rule known";
    case rules::verdict::kOwnCountry: return "own country";
  }
  return "";
}

}  // namespace

std::string duration_text(std::int64_t s) {
  auto const total_min = (s + 59) / 60;
  auto const d = total_min / 1440;
  auto const h = total_min % 1440 / 60;
  auto const m = total_min % 60;
  if (d > 0) {
    return fmt::format("{} d {} h {:02} min", d, h, m);
  }
  return h > 0 ? fmt::format("{} h {:02} min", h, m) : fmt::format("{} min", m);
}

std::string to_ics(tour_answer const& a, tour const& t, std::string_view uid_seed, std::int64_t now) {
  std::vector<ics_event> events;
  std::set<std::string> zones;
  auto const uid = [&](std::size_t i, std::optional<std::size_t> k) {
    return k ? fmt::format("{}-{}-{}@caravan", uid_seed, i, *k) : fmt::format("{}-{}@caravan", uid_seed, i);
  };
  std::int64_t first = t.start_, last = t.end_;
  for (std::size_t i = 0; i != t.items_.size(); ++i) {
    auto const& item = t.items_[i];
    first = std::min(first, item.start_);
    last = std::max(last, item.end_);
    auto const estimated = item.estimated_ ? std::string{"Times estimated."} : std::string{};
    switch (item.kind_) {
      case item_kind::kJourney: {
        if (!item.journey_) {
          break;
        }
        for (std::size_t k = 0; k != item.journey_->legs_.size(); ++k) {
          auto const& l = item.journey_->legs_[k];
          if (l.kind_ == routing::leg_kind::kWalk) {
            continue;  // a walk between stops of a station is no event of its own
          }
          ics_event e;
          e.uid_ = uid(i, k);
          e.summary_ = leg_title(l);
          e.location_ = l.from_.name_;
          e.geo_ = tt::latlng{l.from_.lat_, l.from_.lon_};
          e.start_ = l.departure_;
          e.end_ = l.arrival_;
          e.start_tz_ = l.from_.tz_;
          e.end_tz_ = l.to_.tz_;
          std::vector<std::string> parts;
          parts.push_back(fmt::format("{} {} ({}) -> {} {} ({})", planner::format_time(l.departure_, l.from_.tz_), l.from_.name_,
                                      l.from_.id_, planner::format_time(l.arrival_, l.to_.tz_), l.to_.name_, l.to_.id_));
          if (!l.headsign_.empty()) {
            parts.push_back("Towards " + l.headsign_);
          }
          if (!l.agency_name_.empty()) {
            parts.push_back("Operated by " + l.agency_name_);
          }
          if (l.road_ && !l.road_->crossing_name_.empty()) {
            parts.push_back("Border crossing: " + l.road_->crossing_name_);
          }
          if (l.estimated_) {
            parts.emplace_back("Times estimated.");
          }
          e.description_ = join_lines(parts);
          zones.insert(e.start_tz_);
          zones.insert(e.end_tz_);
          events.push_back(std::move(e));
        }
        break;
      }
      case item_kind::kTransfer:
      case item_kind::kVisit: {
        ics_event e;
        e.uid_ = uid(i, std::nullopt);
        auto const* site = item.kind_ == item_kind::kVisit ? site_of(a, item.site_id_) : nullptr;
        e.summary_ = item.kind_ == item_kind::kVisit ? "Visit " + item.place_ : "Transfer to " + item.place_;
        e.location_ = item.place_;
        if (site != nullptr && site->pos_) {
          e.geo_ = *site->pos_;
        }
        e.start_ = item.start_;
        e.end_ = item.end_;
        e.start_tz_ = e.end_tz_ = item.tz_;
        e.description_ = join_lines({item.note_, estimated});
        zones.insert(item.tz_);
        events.push_back(std::move(e));
        break;
      }
      case item_kind::kNight: {
        ics_event e;
        e.uid_ = uid(i, std::nullopt);
        e.summary_ = item.on_board_ ? "Night on board" : "Night in " + item.place_;
        e.location_ = item.on_board_ ? std::string{} : item.place_;
        e.day_ = local_day(item.start_, item.tz_);
        e.description_ = join_lines({item.on_board_ && !item.place_.empty() ? "On board " + item.place_ : std::string{}, item.note_, estimated});
        events.push_back(std::move(e));
        break;
      }
      case item_kind::kWait: break;  // the gap between events says it
    }
  }

  std::string out;
  put_line(out, "BEGIN:VCALENDAR");
  put_line(out, "VERSION:2.0");
  put_line(out, "PRODID:-//Caravan//Heritage tours//EN");
  put_line(out, "CALSCALE:GREGORIAN");
  put_line(out, "METHOD:PUBLISH");
  put_line(out, "X-WR-CALNAME:" + ics_text(fmt::format("Tour {} -> {}", a.start_.stop_.name_, a.end_.stop_.name_)));
  // The zones' observances a day either side of the tour, so every local time in it is covered.
  for (auto const& tz : zones) {
    put_vtimezone(out, tz, first - 86'400, last + 86'400);
  }
  auto const stamp = civil_stamp(now) + "Z";
  for (auto const& e : events) {
    put_event(out, e, stamp);
  }
  put_line(out, "END:VCALENDAR");
  return out;
}

json to_geojson(tour_answer const& a, tour const& t) {
  json features = json::array();
  json without = json::array();
  auto const position = [](double lat, double lon) { return json::array({lon, lat}); };
  auto const line = [](std::vector<json> points, json properties) {
    return json{{"type", "Feature"},
                {"geometry", {{"type", "LineString"}, {"coordinates", std::move(points)}}},
                {"properties", std::move(properties)}};
  };

  // Each visited site, in visiting order, with its visit's times.
  for (std::size_t n = 0; n != t.order_.size(); ++n) {
    auto const& id = t.order_[n];
    auto const* site = site_of(a, id);
    if (site == nullptr || !site->pos_) {
      without.push_back(id);
      continue;
    }
    auto const visit = std::find_if(t.items_.begin(), t.items_.end(), [&](tour_item const& i) {
      return i.kind_ == item_kind::kVisit && i.site_id_ == id;
    });
    json props = {{"kind", "site"}, {"id", id}, {"name", site->name_}, {"order", n + 1}};
    if (visit != t.items_.end()) {
      props["visitStart"] = planner::format_time(visit->start_, visit->tz_);
      props["visitEnd"] = planner::format_time(visit->end_, visit->tz_);
      props["estimated"] = visit->estimated_;
    } else {
      props["estimated"] = site->estimated_;
    }
    features.push_back({{"type", "Feature"},
                        {"geometry", {{"type", "Point"}, {"coordinates", position(site->pos_->lat_, site->pos_->lon_)}}},
                        {"properties", std::move(props)}});
  }

  // Journeys through their stops; drives between where the traveller was and where the next item is.
  std::optional<tt::latlng> here = tt::latlng{a.start_.stop_.lat_, a.start_.stop_.lon_};
  std::optional<tt::latlng> town = here;  // the last place on the network (a site is off it)
  auto const where_next = [&](std::size_t i) -> std::optional<tt::latlng> {
    for (auto j = i + 1; j < t.items_.size(); ++j) {
      auto const& next = t.items_[j];
      if (next.kind_ == item_kind::kVisit) {
        auto const* s = site_of(a, next.site_id_);
        return s != nullptr ? s->pos_ : std::nullopt;
      }
      if (next.kind_ == item_kind::kJourney && next.journey_ && !next.journey_->legs_.empty()) {
        auto const& from = next.journey_->legs_.front().from_;
        return tt::latlng{from.lat_, from.lon_};
      }
      if (next.kind_ == item_kind::kTransfer) {
        break;
      }
    }
    return town;
  };
  for (std::size_t i = 0; i != t.items_.size(); ++i) {
    auto const& item = t.items_[i];
    if (item.kind_ == item_kind::kJourney && item.journey_) {
      for (auto const& l : item.journey_->legs_) {
        std::vector<json> points{position(l.from_.lat_, l.from_.lon_)};
        for (auto const& s : l.intermediate_stops_) {
          points.push_back(position(s.stop_.lat_, s.stop_.lon_));
        }
        points.push_back(position(l.to_.lat_, l.to_.lon_));
        json props = {{"kind", "leg"},
                      {"mode", l.kind_ == routing::leg_kind::kRoad && l.road_ ? l.road_->mode_ : l.mode_},
                      {"from", l.from_.name_},
                      {"to", l.to_.name_},
                      {"startTime", planner::format_time(l.departure_, l.from_.tz_)},
                      {"endTime", planner::format_time(l.arrival_, l.to_.tz_)},
                      {"estimated", l.estimated_},
                      {"routeShortName", l.route_short_name_}};
        features.push_back(line(std::move(points), std::move(props)));
        here = town = tt::latlng{l.to_.lat_, l.to_.lon_};
      }
    } else if (item.kind_ == item_kind::kTransfer) {
      auto const to = where_next(i);
      bool const to_site = i + 1 < t.items_.size() && t.items_[i + 1].kind_ == item_kind::kVisit;
      bool const from_site = i > 0 && t.items_[i - 1].kind_ == item_kind::kVisit;
      if (here && to) {
        json props = {{"kind", "transfer"},
                      {"to", item.place_},
                      {"startTime", planner::format_time(item.start_, item.tz_)},
                      {"endTime", planner::format_time(item.end_, item.tz_)},
                      {"estimated", item.estimated_}};
        if (to_site) {
          props["siteId"] = t.items_[i + 1].site_id_;
        } else if (from_site) {
          props["siteId"] = t.items_[i - 1].site_id_;
        }
        features.push_back(line({position(here->lat_, here->lon_), position(to->lat_, to->lon_)}, std::move(props)));
      }
      here = to;
      if (!to_site) {
        town = to;
      }
    } else if (item.kind_ == item_kind::kVisit) {
      auto const* s = site_of(a, item.site_id_);
      here = s != nullptr ? s->pos_ : std::nullopt;
    }
  }
  json out = {{"type", "FeatureCollection"}, {"features", std::move(features)}};
  // A foreign member (RFC 7946, 6.1): what could not be drawn.
  out["caravan"] = {{"sitesWithoutCoordinates", std::move(without)}};
  return out;
}

std::string to_html(tour_answer const& a, tour const& t, std::span<rules::traveller const> travellers,
                    std::string_view lang) {
  std::string out;
  auto const title = fmt::format("Heritage tour: {} to {}", a.start_.stop_.name_, a.end_.stop_.name_);
  out += fmt::format("<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n", html(lang.empty() ? "en" : lang));
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  out += fmt::format("<title>{}</title>\n<style>\n{}</style>\n</head>\n<body>\n", html(title), kCss);
  out += fmt::format("<h1>{}</h1>\n", html(title));

  // The summary.
  auto const est = [](bool e) { return e ? std::string{R"( <span class="est-mark">(estimated)</span>)"} : std::string{}; };
  out += "<dl class=\"summary\">\n";
  out += fmt::format("<dt>From</dt><dd>{} &ndash; {}</dd>\n", html(a.start_.stop_.name_),
                     html(planner::format_time(t.start_, t.start_tz_)));
  out += fmt::format("<dt>To</dt><dd>{} &ndash; {}</dd>\n", html(a.end_.stop_.name_),
                     html(planner::format_time(t.end_, t.end_tz_)));
  out += fmt::format("<dt>Days</dt><dd>{}{}</dd>\n", t.days_,
                     t.fits_ ? "" : fmt::format(" <span class=\"not-ok\">(more than the {} available)</span>", a.days_available_));
  out += fmt::format("<dt>Travel time</dt><dd>{}{}</dd>\n", html(duration_text(t.travel_s_)), est(t.estimated_));
  out += fmt::format("<dt>Nights</dt><dd>{} in towns, {} on board</dd>\n", t.nights_in_towns_, t.nights_on_board_);
  out += fmt::format("<dt>Best</dt><dd>{}{}</dd>\n",
                     a.proven_best_ ? "proven best (no tour in this model is better)" : "not proven best",
                     a.method_.empty() ? "" : "; " + html(a.method_));
  out += fmt::format("<dt>Entry</dt><dd>{}</dd>\n",
                     t.entry_.entries_.empty() ? "no border crossed"
                     : t.entry_.visa_free()    ? "<span class=\"ok\">no visa to arrange for any traveller</span>"
                                               : "<span class=\"not-ok\">some entry needs something arranged (below)</span>");
  out += "</dl>\n";

  // The sites in visiting order.
  if (!t.order_.empty()) {
    out += "<h2>Sites</h2>\n<ol>\n";
    for (auto const& id : t.order_) {
      auto const* s = site_of(a, id);
      out += fmt::format("<li>{}{}</li>\n", html(s != nullptr ? s->name_ : id),
                         s != nullptr && !s->country_.empty() ? " (" + html(s->country_) + ")" : "");
    }
    out += "</ol>\n";
  }
  if (!t.left_out_.empty()) {
    std::vector<std::string> names;
    for (auto const& id : t.left_out_) {
      auto const* s = site_of(a, id);
      names.push_back(html(s != nullptr ? s->name_ : id));
    }
    out += fmt::format("<p class=\"note\">Not visited on this tour: {}.</p>\n", fmt::join(names, ", "));
  }

  // Day by day.
  for (auto const& day : t.days_list_) {
    out += fmt::format("<section class=\"day\">\n<h2>Day {} &ndash; {}</h2>\n", day.number_, html(day.date_));
    out += "<table>\n<thead><tr><th>From</th><th>To</th><th>What</th><th>Where</th><th>Notes</th></tr></thead>\n<tbody>\n";
    for (auto const i : day.items_) {
      if (i >= t.items_.size()) {
        continue;
      }
      auto const& item = t.items_[i];
      auto const row = [&](std::string const& from, std::string const& to, std::string const& what, std::string const& where,
                           std::string const& notes, bool estimated) {
        out += fmt::format("<tr{}><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}{}</td></tr>\n",
                           estimated ? " class=\"estimated\"" : "", from, to, what, where, notes, est(estimated));
      };
      if (item.kind_ == item_kind::kJourney && item.journey_ && !item.journey_->legs_.empty()) {
        for (auto const& l : item.journey_->legs_) {
          std::vector<std::string> notes;
          if (!l.headsign_.empty()) {
            notes.push_back("towards " + html(l.headsign_));
          }
          if (!l.agency_name_.empty()) {
            notes.push_back(html(l.agency_name_));
          }
          if (l.road_ && !l.road_->crossing_name_.empty()) {
            notes.push_back("border crossing " + html(l.road_->crossing_name_));
          }
          row(html_time(l.departure_, l.from_.tz_), html_time(l.arrival_, l.to_.tz_), html(leg_title(l)),
              html(l.from_.name_) + " &rarr; " + html(l.to_.name_), fmt::format("{}", fmt::join(notes, "; ")), l.estimated_);
        }
      } else if (item.kind_ == item_kind::kNight) {
        row("", "", item.on_board_ ? "Night on board" : "Night", item.on_board_ ? "" : html(item.place_), html(item.note_),
            item.estimated_);
      } else {
        row(html_time(item.start_, item.tz_), html_time(item.end_, item.tz_), std::string{item_label(item.kind_)},
            html(item.place_), html(item.note_), item.estimated_);
      }
    }
    out += "</tbody>\n</table>\n</section>\n";
  }

  // Entry verdicts: each country entered, each traveller's verdict and the rules' sentences.
  out += "<h2>Entry</h2>\n";
  auto const& e = t.entry_;
  if (e.entries_.empty() && e.airside_.empty()) {
    out += "<p>The tour enters no other country.</p>\n";
  }
  for (auto const& x : e.airside_) {
    out += fmt::format("<p class=\"note\">{}</p>\n", html(planner::airside_note(x)));
  }
  if (!e.entries_.empty()) {
    out += "<table>\n<thead><tr><th>Entering</th><th>When, where</th><th>Traveller</th><th>Verdict</th><th>What it means</th></tr></thead>\n<tbody>\n";
    for (std::size_t n = 0; n != e.entries_.size(); ++n) {
      auto const& x = e.entries_[n];
      auto const where = html_time(x.at_, x.at_tz_) + " " + html(planner::format_time(x.at_, x.at_tz_).substr(0, 10)) + ", " +
                         html(x.stop_name_) + (x.port_.empty() || x.port_ == x.stop_id_ ? "" : " (" + html(x.port_) + ")");
      if (e.results_.empty()) {
        out += fmt::format("<tr><td>{}</td><td>{}</td><td colspan=\"3\">no traveller given</td></tr>\n", html(x.country_), where);
      }
      for (std::size_t p = 0; p != e.results_.size(); ++p) {
        if (n >= e.results_[p].stays_.size()) {
          continue;
        }
        auto const& r = e.results_[p].stays_[n];
        std::vector<std::string> lines;
        for (auto const* list : {&r.conditions_, &r.reasons_, &r.before_departure_}) {
          for (auto const& m : *list) {
            lines.push_back((list == &r.before_departure_ ? "Before departure: " : "") + html(m.text_));
          }
        }
        if (r.latest_exit_) {
          lines.push_back("Latest exit " + html(rules::format_day(*r.latest_exit_)));
        }
        auto const who = p < travellers.size()
                             ? fmt::format("{} ({})", travellers[p].nationality_, rules::to_string(travellers[p].passport_))
                             : fmt::format("Traveller {}", p + 1);
        out += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"{}\">{}</td><td>{}</td></tr>\n",
                           html(x.country_), where, html(who), rules::is_ok(r.verdict_) ? "ok" : "not-ok",
                           html(verdict_text(r.verdict_)), fmt::format("{}", fmt::join(lines, "<br>")));
      }
    }
    out += "</tbody>\n</table>\n";
  }

  if (a.shortfall_) {
    auto const& s = *a.shortfall_;
    out += "<h2>Not all sites fit</h2>\n<ul>\n";
    if (s.days_needed_) {
      out += fmt::format("<li>All the sites need {} days.</li>\n", *s.days_needed_);
    }
    if (!s.drop_.empty()) {
      std::vector<std::string> names;
      for (auto const& id : s.drop_) {
        auto const* site = site_of(a, id);
        names.push_back(html(site != nullptr ? site->name_ : id));
      }
      out += fmt::format("<li>Leave out to fit the days: {}.</li>\n", fmt::join(names, ", "));
    }
    if (!s.unreachable_.empty()) {
      std::vector<std::string> names;
      for (auto const& id : s.unreachable_) {
        auto const* site = site_of(a, id);
        names.push_back(html(site != nullptr ? site->name_ : id));
      }
      out += fmt::format("<li>No journey reaches: {}.</li>\n", fmt::join(names, ", "));
    }
    out += "</ul>\n";
  }

  out += "<h2>Notes</h2>\n<ul>\n";
  if (t.estimated_) {
    out += "<li class=\"estimated\">Times marked (estimated) are estimates: drives, visit lengths, opening hours or "
           "schedules the data gives as estimated. Check them before you travel.</li>\n";
  }
  for (auto const& n : a.notes_) {
    out += fmt::format("<li>{}</li>\n", html(n));
  }
  out += "</ul>\n";
  out += "<footer>Planned by Caravan. Times are local, with their UTC offset in each tooltip.</footer>\n";
  out += "</body>\n</html>\n";
  return out;
}

}  // namespace caravan::tours

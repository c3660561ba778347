#pragma once
// A planned tour in the forms people take away: an iCalendar file (RFC 5545) for their calendar, GeoJSON
// (RFC 7946) of the route and the sites for a map, and a printable day-by-day page. Plain text
// generation: no HTTP, no files (the CLI writes them, the API serves them).
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "caravan/tours/tour.h"

namespace caravan::tours {

// A duration as the exports and the CLI say it: "45 min", "2 h 05 min", "1 d 18 h 43 min" (minutes up).
std::string duration_text(std::int64_t seconds);

// RFC 5545: one VEVENT per journey leg, transfer and visit with DTSTART/DTEND in the zone of where it
// starts and ends (TZID, with a VTIMEZONE for every zone used, built from the tz database for the tour's
// dates), one all-day VEVENT per night (where it is spent); CRLF lines folded at 75 octets, text escaped.
// UIDs are derived from uid_seed and the item's position (the same tour gives the same UIDs); DTSTAMP is
// `now` (unix seconds).
std::string to_ics(tour_answer const& a, tour const& t, std::string_view uid_seed, std::int64_t now);

// RFC 7946 FeatureCollection: a Point per visited site (id, name, order, visit times), a LineString per
// journey leg (through its stops) and per transfer, with properties naming the kind, mode, times and
// whether they are estimated.
nlohmann::ordered_json to_geojson(tour_answer const& a, tour const& t);

// A self-contained HTML page (inline CSS, no scripts) with the tour day by day, the entry verdicts and
// what is estimated, laid out to print on A4. Every text from the data or the request is escaped.
// `travellers` names the entry verdicts' rows (nationality and passport), in the order the tour was asked.
std::string to_html(tour_answer const& a, tour const& t, std::span<rules::traveller const> travellers,
                    std::string_view lang = "en");

}  // namespace caravan::tours

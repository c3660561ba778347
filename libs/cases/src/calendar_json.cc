// The JSON form of a business calendar (docs/cases.md). Unknown keys are ignored (newer writers may add
// some); every error names the field and index it is about.
#include <fstream>
#include <iterator>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "caravan/base/date.h"
#include "caravan/cases/sla.h"

namespace caravan::cases {

namespace {

using json = nlohmann::json;

constexpr std::size_t kMaxText = 256 * 1024;
constexpr std::size_t kMaxString = 200;
// `source` explains where every holiday comes from and what is missing: longer than a name.
constexpr std::size_t kMaxSource = 2'000;
constexpr std::size_t kMaxDates = 2'000;
constexpr int kMinYear = 1970;
constexpr int kMaxYear = 2200;

[[noreturn]] void fail(std::string const& where, std::string const& what) { throw calendar_error{fmt::format("{}: {}", where, what)}; }

// A value quoted for a message, cut short so a hostile input cannot make the message huge.
std::string quoted(json const& v) {
  // Containers are named, not dumped: a deeply nested one would recurse as deep as it goes.
  if (v.is_object()) {
    return "an object";
  }
  if (v.is_array()) {
    return "an array";
  }
  auto s = v.dump(-1, ' ', false, json::error_handler_t::replace);
  if (s.size() > 60) {
    s.resize(60);
    s += "...";
  }
  return s;
}

std::string const& string_at(json const& v, std::string const& where, std::size_t max = kMaxString) {
  if (!v.is_string()) {
    fail(where, fmt::format("{} is not a string", quoted(v)));
  }
  auto const& s = v.get_ref<std::string const&>();
  if (s.size() > max) {
    fail(where, fmt::format("{} bytes, more than {}", s.size(), max));
  }
  return s;
}

std::int32_t date_at(json const& v, std::string const& where) {
  auto const d = parse_date(string_at(v, where), date_format::kIso, kMinYear, kMaxYear);
  if (!d) {
    fail(where, fmt::format("{} is not a date (YYYY-MM-DD)", quoted(v)));
  }
  return *d;
}

// "HH:MM" or "HH:MM:SS", 00:00 .. 24:00.
std::int32_t time_at(json const& v, std::string const& where) {
  auto const& s = string_at(v, where);
  auto const two = [&](std::size_t at) -> int {
    if (at + 2 > s.size() || s[at] < '0' || s[at] > '9' || s[at + 1] < '0' || s[at + 1] > '9') {
      return -1;
    }
    return (s[at] - '0') * 10 + (s[at + 1] - '0');
  };
  auto const h = two(0);
  auto const m = s.size() >= 5 && s[2] == ':' ? two(3) : -1;
  auto const sec = s.size() == 8 && s[5] == ':' ? two(6) : (s.size() == 5 ? 0 : -1);
  auto const t = h * 3600 + m * 60 + sec;
  if (h < 0 || m < 0 || sec < 0 || h > 24 || m > 59 || sec > 59 || t > 86'400) {
    fail(where, fmt::format("{} is not a time of day (HH:MM, 00:00 to 24:00)", quoted(v)));
  }
  return t;
}

std::string format_time(std::int32_t s) {
  if (s % 60 == 0) {
    return fmt::format("{:02}:{:02}", s / 3600, s / 60 % 60);
  }
  return fmt::format("{:02}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60);
}

json const* member(json const& o, char const* key) {
  auto const it = o.find(key);
  return it == o.end() ? nullptr : &*it;
}

json const& required(json const& o, char const* key) {
  auto const* v = member(o, key);
  if (v == nullptr) {
    fail(key, "missing");
  }
  return *v;
}

json const& array_at(json const& v, std::string const& where) {
  if (!v.is_array()) {
    fail(where, fmt::format("{} is not an array", quoted(v)));
  }
  if (v.size() > kMaxDates) {
    fail(where, fmt::format("{} entries, more than {}", v.size(), kMaxDates));
  }
  return v;
}

}  // namespace

std::string calendar_to_json(business_calendar const& c) {
  json week = json::array();
  for (auto const& h : c.week_) {
    // A closed day is null; a day with hours, even empty ones, keeps them so that the form reads back equal.
    if (h.open_s_ == 0 && h.close_s_ == 0) {
      week.push_back(nullptr);
    } else {
      week.push_back({{"open", format_time(h.open_s_)}, {"close", format_time(h.close_s_)}});
    }
  }
  json holidays = json::array();
  for (auto const& h : c.holidays_) {
    holidays.push_back({{"date", format_date(h.date_)}, {"name", h.name_}});
  }
  json working = json::array();
  for (auto const d : c.working_days_) {
    working.push_back(format_date(d));
  }
  json const out{{"id", c.id_},           {"timeZone", c.time_zone_},   {"week", std::move(week)},
                 {"holidays", std::move(holidays)}, {"workingDays", std::move(working)}, {"source", c.source_}};
  return out.dump(-1, ' ', false, json::error_handler_t::replace);
}

business_calendar calendar_from_json(std::string_view text) {
  if (text.size() > kMaxText) {
    throw calendar_error{fmt::format("calendar: {} bytes, more than {}", text.size(), kMaxText)};
  }
  json j;
  try {
    j = json::parse(text);
  } catch (json::exception const& e) {  // parse_error, and out_of_range for a number too large
    throw calendar_error{fmt::format("calendar: not JSON ({})", e.what())};
  }
  if (!j.is_object()) {
    throw calendar_error{"calendar: not a JSON object"};
  }
  business_calendar c;
  c.id_ = string_at(required(j, "id"), "id");
  c.time_zone_ = string_at(required(j, "timeZone"), "timeZone");

  auto const& week = required(j, "week");
  if (!week.is_array() || week.size() != 7) {
    fail("week", fmt::format("{} is not an array of 7 days (Monday .. Sunday)", quoted(week)));
  }
  for (std::size_t i = 0; i != 7; ++i) {
    auto const& d = week[i];
    auto const where = fmt::format("week[{}]", i);
    if (d.is_null()) {
      continue;  // closed
    }
    if (!d.is_object()) {
      fail(where, fmt::format("{} is neither null nor {{\"open\",\"close\"}}", quoted(d)));
    }
    auto const* open = member(d, "open");
    auto const* close = member(d, "close");
    if (open == nullptr) {
      fail(where + ".open", "missing");
    }
    if (close == nullptr) {
      fail(where + ".close", "missing");
    }
    c.week_[i] = {time_at(*open, where + ".open"), time_at(*close, where + ".close")};
  }

  if (auto const* hs = member(j, "holidays"); hs != nullptr) {
    array_at(*hs, "holidays");
    for (std::size_t i = 0; i != hs->size(); ++i) {
      auto const& h = (*hs)[i];
      auto const where = fmt::format("holidays[{}]", i);
      if (!h.is_object()) {
        fail(where, fmt::format("{} is not {{\"date\",\"name\"}}", quoted(h)));
      }
      auto const* date = member(h, "date");
      if (date == nullptr) {
        fail(where + ".date", "missing");
      }
      holiday out{.date_ = date_at(*date, where + ".date")};
      if (auto const* name = member(h, "name"); name != nullptr) {
        out.name_ = string_at(*name, where + ".name");
      }
      c.holidays_.push_back(std::move(out));
    }
  }
  if (auto const* ws = member(j, "workingDays"); ws != nullptr) {
    array_at(*ws, "workingDays");
    for (std::size_t i = 0; i != ws->size(); ++i) {
      c.working_days_.push_back(date_at((*ws)[i], fmt::format("workingDays[{}]", i)));
    }
  }
  if (auto const* s = member(j, "source"); s != nullptr) {
    c.source_ = string_at(*s, "source", kMaxSource);
  }
  check_calendar(c);
  return c;
}

}  // namespace caravan::cases

namespace caravan::cases {

std::vector<business_calendar> load_calendars(std::string const& path) {
  std::ifstream in{path, std::ios::binary};
  if (!in) {
    throw calendar_error{fmt::format("{}: cannot be read", path)};
  }
  std::string text{std::istreambuf_iterator<char>{in}, std::istreambuf_iterator<char>{}};
  if (text.size() > 4 * kMaxText) {
    throw calendar_error{fmt::format("{}: {} bytes, more than {}", path, text.size(), 4 * kMaxText)};
  }
  json all;
  try {
    all = json::parse(text);
  } catch (json::exception const& e) {  // parse_error, and out_of_range for a number too large
    throw calendar_error{fmt::format("{}: not JSON ({})", path, e.what())};
  }
  if (!all.is_array()) {
    throw calendar_error{fmt::format("{}: not a JSON array of calendars", path)};
  }
  std::vector<business_calendar> out;
  for (std::size_t i = 0; i != all.size(); ++i) {
    try {
      out.push_back(calendar_from_json(all[i].dump()));
    } catch (calendar_error const& e) {
      throw calendar_error{fmt::format("{}: [{}] {}", path, i, e.what())};
    }
  }
  return out;
}

}  // namespace caravan::cases

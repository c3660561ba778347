#include "caravan/rules/itinerary.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "caravan/base/text.h"
#include "json_locate.h"
#include "json_reader.h"

namespace caravan::rules {

namespace {

using detail::child;
using detail::fail;
using detail::file_context;
using detail::json_path;
using detail::object_reader;
using nlohmann::json;

day day_of(std::int64_t local_seconds) {
  auto const days = local_seconds >= 0 ? local_seconds / 86400 : (local_seconds - 86399) / 86400;
  return day{date::days{static_cast<int>(days)}};
}

local_time local_of(std::int64_t unix_seconds, std::int32_t offset) {
  auto const local = unix_seconds + offset;
  auto const d = day_of(local);
  auto const sod = static_cast<std::int32_t>(local - static_cast<std::int64_t>(d.time_since_epoch().count()) * 86400);
  return {d, sod, offset};
}

std::optional<std::int32_t> parse_two(std::string_view s) {
  if (s.size() != 2 || s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9') {
    return std::nullopt;
  }
  return (s[0] - '0') * 10 + (s[1] - '0');
}

local_time read_time(object_reader const& r, std::string const& key) {
  auto const s = r.str(key);
  auto const t = parse_local_time(s);
  if (!t) {
    fail(r.file(), r.path(key),
         fmt::format("`{}` is not a date YYYY-MM-DD or a local date-time YYYY-MM-DDTHH:MM[:SS][+HH:MM]", shorten(s)));
  }
  return *t;
}

std::string read_country(object_reader const& r, std::string const& key) {
  auto const c = r.str(key);
  if (!is_country_code(c)) {
    fail(r.file(), r.path(key), fmt::format("unknown country code `{}` (ISO 3166-1 alpha-2, upper case)", shorten(c)));
  }
  return c;
}

}  // namespace

std::optional<local_time> parse_local_time(std::string_view s) {
  local_time t;
  auto const d = parse_day(s.substr(0, std::min<std::size_t>(s.size(), 10)));
  if (!d) {
    return std::nullopt;
  }
  t.date_ = *d;
  if (s.size() == 10) {
    return t;
  }
  if (s.size() < 16 || s[10] != 'T' || s[13] != ':') {
    return std::nullopt;
  }
  auto const hh = parse_two(s.substr(11, 2));
  auto const mm = parse_two(s.substr(14, 2));
  if (!hh || !mm || *hh > 23 || *mm > 59) {
    return std::nullopt;
  }
  std::int32_t ss = 0;
  auto rest = s.substr(16);
  if (!rest.empty() && rest[0] == ':') {
    auto const sec = parse_two(rest.substr(1, 2));
    if (!sec || *sec > 59) {
      return std::nullopt;
    }
    ss = *sec;
    rest = rest.substr(3);
  }
  t.seconds_of_day_ = *hh * 3600 + *mm * 60 + ss;
  if (rest.empty()) {
    return t;
  }
  if (rest == "Z") {
    t.utc_offset_s_ = 0;
    return t;
  }
  if (rest.size() != 6 || (rest[0] != '+' && rest[0] != '-') || rest[3] != ':') {
    return std::nullopt;
  }
  auto const oh = parse_two(rest.substr(1, 2));
  auto const om = parse_two(rest.substr(4, 2));
  if (!oh || !om || *oh > 14 || *om > 59) {
    return std::nullopt;
  }
  t.utc_offset_s_ = (rest[0] == '-' ? -1 : 1) * (*oh * 3600 + *om * 60);
  return t;
}

std::string format_local_time(local_time const& t) {
  auto out = format_day(t.date_);
  if (t.seconds_of_day_) {
    out += fmt::format("T{:02}:{:02}", *t.seconds_of_day_ / 3600, *t.seconds_of_day_ / 60 % 60);
    if (*t.seconds_of_day_ % 60 != 0) {
      out += fmt::format(":{:02}", *t.seconds_of_day_ % 60);
    }
    if (t.utc_offset_s_) {
      auto const o = *t.utc_offset_s_;
      out += o == 0 ? std::string{"Z"}
                    : fmt::format("{}{:02}:{:02}", o < 0 ? '-' : '+', std::abs(o) / 3600, std::abs(o) / 60 % 60);
    }
  }
  return out;
}

itinerary stays_from_legs(std::span<country_leg const> legs, purpose default_purpose) {
  itinerary out;
  for (auto const& leg : legs) {
    if (!out.stays_.empty() && out.stays_.back().country_ == leg.country_) {
      out.stays_.back().exit_ = local_of(leg.departure_unix_, leg.departure_offset_s_);
      continue;
    }
    stay s;
    s.country_ = leg.country_;
    s.entry_ = local_of(leg.arrival_unix_, leg.arrival_offset_s_);
    s.exit_ = local_of(leg.departure_unix_, leg.departure_offset_s_);
    s.entry_port_ = leg.entry_port_;
    s.purpose_ = default_purpose;
    out.stays_.push_back(std::move(s));
  }
  return out;
}

traveller parse_traveller_spec(std::string_view spec) {
  traveller t;
  std::vector<std::string_view> parts;
  for (std::size_t start = 0;;) {
    auto const colon = spec.find(':', start);
    parts.push_back(spec.substr(start, colon == std::string_view::npos ? std::string_view::npos : colon - start));
    if (colon == std::string_view::npos) {
      break;
    }
    start = colon + 1;
  }
  auto const bad = [&](std::string const& why) {
    return data_error{{}, fmt::format("traveller `{}`: {} (expected NATIONALITY[:PASSPORT[:BIRTH-DATE]], "
                                      "e.g. CN or CN:ordinary:1960-05-01)",
                                      shorten(spec), why)};
  };
  if (parts.size() > 3) {
    throw bad("too many parts");
  }
  t.nationality_ = std::string{parts[0]};
  if (!is_country_code(t.nationality_)) {
    throw bad(fmt::format("unknown country code `{}`", shorten(t.nationality_)));
  }
  if (parts.size() > 1 && !parts[1].empty()) {
    auto const p = parse_passport_type(parts[1]);
    if (!p) {
      throw bad(fmt::format("unknown passport type `{}` (ordinary, service, diplomatic)", shorten(parts[1])));
    }
    t.passport_ = *p;
  }
  if (parts.size() > 2) {
    t.birth_date_ = parse_day(parts[2]);
    if (!t.birth_date_) {
      throw bad(fmt::format("`{}` is not a date YYYY-MM-DD", shorten(parts[2])));
    }
  }
  return t;
}

trip_file parse_trip(std::string_view text, std::string const& file_name) {
  auto const doc = detail::parse_json(text, file_name);
  file_context const f{file_name, text};
  object_reader top{f, doc, {}, {"note", "travellers", "stays"}};
  trip_file out;
  if (top.has("travellers")) {
    if (!top.at("travellers").is_array()) {
      fail(f, top.path("travellers"), "expected a list");
    }
    for (std::size_t i = 0; i != top.at("travellers").size(); ++i) {
      object_reader r{f, top.at("travellers")[i], child(top.path("travellers"), i),
                      {"name", "nationality", "passport", "birth_date", "earlier_stays"}};
      traveller t;
      t.name_ = r.opt_str("name");
      t.nationality_ = read_country(r, "nationality");
      if (r.has("passport")) {
        auto const p = parse_passport_type(r.opt_str("passport"));
        if (!p) {
          fail(f, r.path("passport"), fmt::format("unknown passport type `{}` (ordinary, service, diplomatic)",
                                                  shorten(r.opt_str("passport"))));
        }
        t.passport_ = *p;
      }
      t.birth_date_ = r.opt_day("birth_date");
      if (r.has("earlier_stays")) {
        for (std::size_t k = 0; k != r.list("earlier_stays").size(); ++k) {
          object_reader e{f, r.at("earlier_stays")[k], child(r.path("earlier_stays"), k), {"country", "entry", "exit"}};
          earlier_stay es;
          es.country_ = read_country(e, "country");
          auto const entry = e.opt_day("entry");
          auto const exit = e.opt_day("exit");
          if (!entry || !exit) {
            fail(f, e.path(), "an earlier stay needs `entry` and `exit` dates");
          }
          if (*exit < *entry) {
            fail(f, e.path("exit"), "exit is before entry");
          }
          es.entry_ = *entry;
          es.exit_ = *exit;
          t.earlier_stays_.push_back(std::move(es));
        }
      }
      out.travellers_.push_back(std::move(t));
    }
  }
  if (!top.has("stays") || !top.at("stays").is_array() || top.at("stays").empty()) {
    fail(f, top.has("stays") ? top.path("stays") : json_path{}, "missing `stays`: the trip needs at least one stay");
  }
  for (std::size_t i = 0; i != top.at("stays").size(); ++i) {
    auto const path = child(top.path("stays"), i);
    object_reader r{f, top.at("stays")[i], path,
                    {"country", "entry", "exit", "entry_port", "purpose", "onward_ticket", "group_tour", "regions", "note"}};
    stay s;
    s.country_ = read_country(r, "country");
    s.entry_ = read_time(r, "entry");
    s.exit_ = read_time(r, "exit");
    s.entry_port_ = r.opt_str("entry_port");
    if (r.has("purpose")) {
      auto const p = parse_purpose(r.opt_str("purpose"));
      if (!p) {
        fail(f, r.path("purpose"),
             fmt::format("unknown purpose `{}` (tourism, business, family, transit)", shorten(r.opt_str("purpose"))));
      }
      s.purpose_ = *p;
    }
    s.onward_ticket_ = r.boolean("onward_ticket", false);
    if (r.has("group_tour")) {
      object_reader g{f, r.at("group_tour"), r.path("group_tour"), {"operator", "registered", "size", "tour"}};
      group_tour gt;
      gt.operator_id_ = g.opt_str("operator");
      gt.tour_ = g.opt_int("tour", 1, 2'000'000'000);
      gt.registered_ = g.boolean("registered", false);
      gt.size_ = g.integer("size", 1, 10000);
      s.group_ = gt;
    }
    s.regions_ = r.str_list("regions");
    out.itinerary_.stays_.push_back(std::move(s));
  }
  try {
    validate(out.itinerary_);
  } catch (data_error const& e) {
    throw data_error{{file_name}, e.message()};
  }
  return out;
}

}  // namespace caravan::rules

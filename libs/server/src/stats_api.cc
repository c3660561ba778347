#include "caravan/server/stats_api.h"

#include <fmt/format.h>

#include <chrono>
#include <nlohmann/json.hpp>

#include "caravan/base/date.h"
#include "caravan/base/text.h"
#include "caravan/stats/network.h"
#include "caravan/stats/store_figures.h"
#include "parameters.h"

namespace caravan::server {

namespace {

using json = nlohmann::ordered_json;

constexpr std::size_t kCacheEntries = 8;

api_error invalid(std::string_view name, std::string message) {
  return api_error{error_code::kInvalidParameter, std::move(message), std::string{name}};
}

// from/to, by default the current month (UTC).
stats::date_range range_of(api_request const& r) {
  auto const today = static_cast<std::int32_t>(
      std::chrono::duration_cast<std::chrono::days>(std::chrono::system_clock::now().time_since_epoch()).count());
  auto const month = stats::month_of(today);
  auto first = today;
  while (stats::month_of(first - 1) == month) {
    --first;
  }
  auto last = today;
  while (stats::month_of(last + 1) == month) {
    ++last;
  }
  auto const from = r.target.get("from");
  auto const to = r.target.get("to");
  if (from && !to) {
    throw api_error{error_code::kMissingParameter, "`from` needs `to`: give both ends of the range (YYYY-MM-DD)", "to"};
  }
  if (to && !from) {
    throw api_error{error_code::kMissingParameter, "`to` needs `from`: give both ends of the range (YYYY-MM-DD)", "from"};
  }
  if (!from) {
    return {first, last};
  }
  try {
    return stats::parse_range(std::string{*from}, std::string{*to}, stats_api::kMaxDays, "from", "to");
  } catch (std::invalid_argument const& e) {
    std::string_view const what = e.what();
    throw invalid(what.rfind("from", 0) == 0 ? "from" : "to", std::string{what});
  }
}

enum class stats_format : std::uint8_t { kJson, kCsv, kCsvw };

stats_format format_of(api_request const& r) {
  auto const v = r.target.get("format");
  if (!v || *v == "json") {
    return stats_format::kJson;
  }
  if (*v == "csv") {
    return stats_format::kCsv;
  }
  if (*v == "csvw") {
    return stats_format::kCsvw;
  }
  throw invalid("format", fmt::format("`format` must be json, csv or csvw, not `{}`", shorten(*v)));
}

// The envelope of every statistics answer, or the one table asked for in its format.
api_response answer(api_request const& r, std::string_view kind, stats::date_range range, json dataset,
                    std::vector<stats::table> const& tables) {
  auto const format = format_of(r);
  auto const wanted = r.target.get("table");
  if (!wanted) {
    if (format != stats_format::kJson) {
      throw api_error{error_code::kMissingParameter, "a CSV download is one table: name it in `table`", "table"};
    }
    json out = {{"kind", kind}, {"from", format_date(range.first_)}, {"to", format_date(range.last_)}};
    if (!dataset.is_null()) {
      out["dataset"] = std::move(dataset);
    }
    auto list = json::array();
    for (auto const& t : tables) {
      list.push_back(json(stats::to_json(t)));
    }
    out["tables"] = std::move(list);
    return ok("application/json", out.dump(-1, ' ', false, json::error_handler_t::replace));
  }
  for (auto const& t : tables) {
    if (t.id_ != *wanted) {
      continue;
    }
    auto const file = fmt::format("caravan-{}-{}-{}", t.id_, format_date(range.first_), format_date(range.last_));
    switch (format) {
      case stats_format::kJson: {
        auto out = ok("application/json", json(stats::to_json(t)).dump(-1, ' ', false, json::error_handler_t::replace));
        out.headers.emplace_back("Content-Disposition", fmt::format("inline; filename=\"{}.json\"", file));
        return out;
      }
      case stats_format::kCsv: {
        auto out = ok("text/csv; charset=utf-8; header=present", stats::to_csv(t));
        out.headers.emplace_back("Content-Disposition", fmt::format("attachment; filename=\"{}.csv\"", file));
        // The CSV's definition, sources and columns: its CSVW metadata (RFC 8288 link, W3C CSV on the Web).
        out.headers.emplace_back("Link", fmt::format("<{}?{}>; rel=\"describedby\"; type=\"application/csvm+json\"",
                                                     r.target.path, "table=" + t.id_ + "&format=csvw&from=" + format_date(range.first_) +
                                                                        "&to=" + format_date(range.last_)));
        return out;
      }
      case stats_format::kCsvw: {
        auto const csv_url = fmt::format("{}?table={}&format=csv&from={}&to={}", r.target.path, t.id_, format_date(range.first_),
                                         format_date(range.last_));
        return ok("application/csvm+json", json(stats::to_csvw(t, csv_url)).dump(-1, ' ', false, json::error_handler_t::replace));
      }
    }
  }
  std::string ids;
  for (auto const& t : tables) {
    ids += (ids.empty() ? "" : ", ") + t.id_;
  }
  throw invalid("table", fmt::format("`table` `{}` is not one of this answer's: {}", shorten(*wanted), ids));
}

}  // namespace

struct stats_api::cached {
  std::weak_ptr<loaded_data const> data_;  // not kept alive by the cache: a reload frees the old data
  std::int32_t first_, last_;
  std::optional<std::vector<std::string>> places_;  // std::nullopt: the default capitals
  std::vector<stats::table> tables_;
};

stats_api::stats_api(service& s) {
  s.add("GET", "/api/v1/stats/network", [this](api_request const& r) {
    r.only({"from", "to", "places", "table", "format"});
    std::shared_ptr<loaded_data const> d;
    {
      std::lock_guard const lock{m_};
      d = data_ ? data_() : nullptr;
    }
    if (!d) {
      throw api_error{error_code::kNotReady, "the timetable is still loading"};
    }
    auto const range = range_of(r);
    std::optional<std::vector<std::string>> places;  // none: the default capitals
    if (auto const p = r.target.get("places")) {
      places = split_list(*p);
      if (places->size() > 12) {
        throw invalid("places", fmt::format("`places` names {} places; at most 12 (their pairs are searched month by month)", places->size()));
      }
    }
    auto const& tt = d->timetable();
    auto const first_day = tt.scalars().first_day_;
    json dataset = {{"name", tt.meta("feed_publisher_name")},
                    {"version", tt.meta("feed_version")},
                    {"firstDay", format_date(first_day)},
                    {"lastDay", format_date(first_day + static_cast<std::int32_t>(tt.scalars().n_days_) - 1)}};
    return answer(r, "network", range, std::move(dataset), network_tables(d, range, places));
  });
  s.add("GET", "/api/v1/stats/register", [this](api_request const& r) {
    r.only({"from", "to", "table", "format"});
    auto const range = range_of(r);
    registry::store* reg = nullptr;
    {
      std::lock_guard const lock{m_};
      reg = register_;
    }
    if (reg == nullptr) {
      throw api_error{error_code::kRegisterOff, "this server runs without a register: its figures need one (caravan serve --register)"};
    }
    return answer(r, "register", range, nullptr, stats::register_figures(*reg, range));
  });
  s.add("GET", "/api/v1/stats/cases", [this](api_request const& r) {
    r.only({"from", "to", "table", "format"});
    auto const range = range_of(r);
    cases::case_store* store = nullptr;
    {
      std::lock_guard const lock{m_};
      store = cases_;
    }
    if (store == nullptr) {
      throw api_error{error_code::kRegisterOff, "this server runs without a register: the cases' figures need one (caravan serve --register)"};
    }
    return answer(r, "cases", range, nullptr, stats::case_figures(*store, range));
  });
  s.add("GET", "/api/v1/stats/published", [this](api_request const& r) {
    r.only({"from", "to", "all", "table", "format"});
    auto const range = range_of(r);
    auto const all = boolean(r, "all");
    std::vector<stats::table> tables;
    std::shared_ptr<loaded_data const> d;
    {
      std::lock_guard const lock{m_};
      tables.push_back(stats::published_table(published_, range, all));
      d = data_ ? data_() : nullptr;
    }
    if (d) {  // the entry rules come with the timetable: while it loads, the published file alone
      tables.push_back(stats::visa_regimes_table(d->rules(), range));
    }
    return answer(r, "published", range, nullptr, tables);
  }, route_cost::kLight);
}

void stats_api::set_data_source(std::function<std::shared_ptr<loaded_data const>()> source) {
  std::lock_guard const lock{m_};
  data_ = std::move(source);
}

void stats_api::set_stores(registry::store* reg, cases::case_store* cases) {
  std::lock_guard const lock{m_};
  register_ = reg;
  cases_ = cases;
}

void stats_api::set_published(std::vector<stats::published_figure> figures) {
  std::lock_guard const lock{m_};
  published_ = std::move(figures);
}

std::vector<stats::table> stats_api::network_tables(std::shared_ptr<loaded_data const> const& d, stats::date_range range,
                                                   std::optional<std::vector<std::string>> const& places) {
  {
    std::lock_guard const lock{m_};
    for (auto const& c : cache_) {
      if (c->data_.lock() == d && c->first_ == range.first_ && c->last_ == range.last_ && c->places_ == places) {
        return c->tables_;
      }
    }
  }
  stats::network_request request;
  request.range_ = range;
  request.travel_time_places_ = places.value_or(stats::capitals());
  // The default capitals a feed lacks are left out with a note; places the client named must exist, even
  // when they are the capitals.
  request.places_are_defaults_ = !places;
  stats::network_figures figures;
  try {
    figures = stats::compute_network(d->timetable(), request);
  } catch (std::invalid_argument const& e) {
    throw invalid("places", e.what());
  }
  auto entry = std::make_shared<cached const>(cached{d, range.first_, range.last_, places, std::move(figures.tables_)});
  std::lock_guard const lock{m_};
  // A reload makes new data: entries for the old one are never asked again and age out.
  cache_.insert(cache_.begin(), entry);
  if (cache_.size() > kCacheEntries) {
    cache_.pop_back();
  }
  return entry->tables_;
}

}  // namespace caravan::server

#include "caravan/stats/table.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "caravan/base/date.h"

namespace caravan::stats {

date_range parse_range(std::string const& from, std::string const& to, std::int32_t max_days, std::string const& field_from,
                       std::string const& field_to) {
  auto const first = parse_date(from, date_format::kIso, 1900, 2200);
  if (!first) {
    throw std::invalid_argument(fmt::format("{}: '{}' is not a date (YYYY-MM-DD)", field_from, from));
  }
  auto const last = parse_date(to, date_format::kIso, 1900, 2200);
  if (!last) {
    throw std::invalid_argument(fmt::format("{}: '{}' is not a date (YYYY-MM-DD)", field_to, to));
  }
  if (*last < *first) {
    throw std::invalid_argument(fmt::format("{}: {} is before {} {}", field_to, to, field_from, from));
  }
  if (*last - *first + 1 > max_days) {
    throw std::invalid_argument(
        fmt::format("{}: the range {}..{} is {} days, more than the {} one request may cover", field_to, from, to, *last - *first + 1, max_days));
  }
  return {*first, *last};
}

std::string month_of(std::int32_t day) { return format_date(day).substr(0, 7); }

namespace {

std::size_t column_index(table const& t, std::string const& key) {
  for (std::size_t i = 0; i < t.columns_.size(); ++i) {
    if (t.columns_[i].key_ == key) {
      return i;
    }
  }
  throw std::logic_error(fmt::format("table {} has no column {}", t.id_, key));
}

std::string_view type_name(column_type c) {
  switch (c) {
    case column_type::kText: return "text";
    case column_type::kNumber: return "number";
    case column_type::kCount: return "count";
  }
  return "text";
}

nlohmann::json cell_json(cell const& c) {
  if (auto const* s = std::get_if<std::string>(&c)) {
    return *s;
  }
  if (auto const* d = std::get_if<double>(&c)) {
    return std::isfinite(*d) ? nlohmann::json(*d) : nlohmann::json();
  }
  if (auto const* i = std::get_if<std::int64_t>(&c)) {
    return *i;
  }
  return nullptr;
}

std::string cell_text(cell const& c) {
  if (auto const* s = std::get_if<std::string>(&c)) {
    return *s;
  }
  if (auto const* d = std::get_if<double>(&c)) {
    if (!std::isfinite(*d)) {
      return "";
    }
    auto text = fmt::format("{:.3f}", *d);  // fixed decimals: the same figure reads the same in every file
    while (!text.empty() && text.back() == '0') {
      text.pop_back();
    }
    if (!text.empty() && text.back() == '.') {
      text.pop_back();
    }
    return text;
  }
  if (auto const* i = std::get_if<std::int64_t>(&c)) {
    return std::to_string(*i);
  }
  return "";
}

std::string csv_field(std::string text) {
  if (!text.empty() && (text[0] == '=' || text[0] == '+' || text[0] == '-' || text[0] == '@' || text[0] == '\t' || text[0] == '\r')) {
    // A number like -3 stays a number; any other text a spreadsheet would evaluate is neutralised.
    bool numeric = text.size() > 1 && text[0] == '-' &&
                   std::all_of(text.begin() + 1, text.end(), [](char ch) { return (ch >= '0' && ch <= '9') || ch == '.'; });
    if (!numeric) {
      text.insert(text.begin(), '\'');
    }
  }
  if (text.find_first_of(",\"\r\n") == std::string::npos) {
    return text;
  }
  std::string out = "\"";
  for (char ch : text) {
    if (ch == '"') {
      out += '"';
    }
    out += ch;
  }
  out += '"';
  return out;
}

}  // namespace

void suppress(table& t, std::vector<std::string> const& count_columns, std::vector<std::string> const& group_columns) {
  std::vector<std::size_t> counts;
  for (auto const& k : count_columns) {
    counts.push_back(column_index(t, k));
  }
  std::vector<std::size_t> groups;
  for (auto const& k : group_columns) {
    groups.push_back(column_index(t, k));
  }
  std::size_t withheld = 0;
  auto withhold = [&](row& r, std::size_t c) {
    r.cells_[c] = std::monostate{};
    r.suppressed_ = true;
    ++withheld;
  };
  // Primary: small counts. Remember which cells were withheld as small, per column and group.
  std::map<std::pair<std::size_t, std::vector<std::string>>, std::vector<std::size_t>> rows_of;  // (column, group) -> rows
  std::map<std::pair<std::size_t, std::vector<std::string>>, std::size_t> withheld_in;
  for (std::size_t r = 0; r < t.rows_.size(); ++r) {
    auto& rw = t.rows_[r];
    std::vector<std::string> key;
    for (auto g : groups) {
      key.push_back(cell_text(rw.cells_[g]));
    }
    for (auto c : counts) {
      rows_of[{c, key}].push_back(r);
      if (auto const* v = std::get_if<std::int64_t>(&rw.cells_[c]); v != nullptr && *v > 0 && *v < kMinCell) {
        withhold(rw, c);
        ++withheld_in[{c, key}];
      }
    }
  }
  // Complementary: a group with exactly one withheld cell gives it away by its total; withhold the
  // smallest other count too (a group of one row has no total to subtract from).
  for (auto const& [ck, n] : withheld_in) {
    if (n != 1) {
      continue;
    }
    auto const& rs = rows_of[ck];
    std::optional<std::size_t> best;
    for (auto r : rs) {
      if (auto const* v = std::get_if<std::int64_t>(&t.rows_[r].cells_[ck.first]); v != nullptr && *v > 0) {
        if (!best || *v < std::get<std::int64_t>(t.rows_[*best].cells_[ck.first])) {
          best = r;
        }
      }
    }
    if (best) {
      withhold(t.rows_[*best], ck.first);
    }
  }
  if (withheld > 0) {
    t.notes_.push_back(fmt::format(
        "{} count{} withheld: counts from 1 to {} are not shown, nor one more count where a group's total would give a withheld one away",
        withheld, withheld == 1 ? "" : "s", kMinCell - 1));
  }
}

nlohmann::json to_json(table const& t) {
  auto columns = nlohmann::json::array();
  for (auto const& c : t.columns_) {
    columns.push_back({{"key", c.key_}, {"label", c.label_}, {"type", type_name(c.type_)}, {"unit", c.unit_}});
  }
  auto rows = nlohmann::json::array();
  for (auto const& r : t.rows_) {
    auto o = nlohmann::json::object();
    for (std::size_t i = 0; i < t.columns_.size() && i < r.cells_.size(); ++i) {
      o[t.columns_[i].key_] = cell_json(r.cells_[i]);
    }
    if (r.suppressed_) {
      o["suppressed"] = true;
    }
    rows.push_back(std::move(o));
  }
  auto sources = nlohmann::json::array();
  for (auto const& s : t.sources_) {
    sources.push_back({{"text", s.text_}, {"url", s.url_}});
  }
  return {{"id", t.id_},           {"title", t.title_}, {"definition", t.definition_}, {"columns", std::move(columns)},
          {"rows", std::move(rows)}, {"sources", std::move(sources)}, {"notes", t.notes_}};
}

std::string to_csv(table const& t) {
  std::string out;
  for (std::size_t i = 0; i < t.columns_.size(); ++i) {
    out += (i == 0 ? "" : ",") + csv_field(t.columns_[i].key_);
  }
  out += "\r\n";
  for (auto const& r : t.rows_) {
    for (std::size_t i = 0; i < t.columns_.size(); ++i) {
      out += (i == 0 ? "" : ",") + csv_field(i < r.cells_.size() ? cell_text(r.cells_[i]) : "");
    }
    out += "\r\n";
  }
  return out;
}

nlohmann::json to_csvw(table const& t, std::string const& csv_url) {
  auto columns = nlohmann::json::array();
  for (auto const& c : t.columns_) {
    nlohmann::json col{{"name", c.key_}, {"titles", c.label_}};
    col["datatype"] = c.type_ == column_type::kText ? "string" : c.type_ == column_type::kCount ? "integer" : "decimal";
    if (c.type_ != column_type::kText) {
      col["null"] = "";  // withheld or missing
    }
    if (!c.unit_.empty()) {
      col["dc:description"] = c.unit_;
    }
    columns.push_back(std::move(col));
  }
  auto sources = nlohmann::json::array();
  for (auto const& s : t.sources_) {
    sources.push_back(s.url_.empty() ? s.text_ : s.text_ + " " + s.url_);
  }
  return {{"@context", "http://www.w3.org/ns/csvw"},
          {"url", csv_url},
          {"dc:identifier", t.id_},
          {"dc:title", t.title_},
          {"dc:description", t.definition_},
          {"dc:source", std::move(sources)},
          {"notes", t.notes_},
          {"tableSchema", {{"columns", std::move(columns)}}}};
}

}  // namespace caravan::stats

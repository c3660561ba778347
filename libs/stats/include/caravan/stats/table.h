#pragma once
// Statistics as tables of figures (issue 19): every figure Caravan publishes (the network's, the
// register's, the cases', the published ones) is a row of a table that carries its own definition,
// unit, sources and notes, so the API, the CLI, the CSV and JSON downloads and the web app's charts
// all show one thing with one meaning. Counts drawn from the register and the cases pass through
// suppress() before they leave the core: no cell may single out a traveller.
//
// Thread safety: plain values.
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace caravan::stats {

// Days since 1970-01-01, both ends included.
struct date_range {
  std::int32_t first_{0};
  std::int32_t last_{0};
  std::int32_t days() const { return last_ - first_ + 1; }
};
// "2026-06-01".."2026-06-30"; throws std::invalid_argument naming `field` for a bad date, a range
// ending before it starts, or one longer than max_days.
date_range parse_range(std::string const& from, std::string const& to, std::int32_t max_days, std::string const& field_from,
                       std::string const& field_to);
std::string month_of(std::int32_t day);  // "2026-06"

enum class column_type : std::uint8_t {
  kText,    // a key: a country pair, a mode, a stop id, a month
  kNumber,  // a measure with decimals (services per week, a mean rating)
  kCount,   // a whole count; null when suppressed
};

struct column {
  std::string key_;        // camelCase; the JSON row's key and the CSV header
  std::string label_;      // English; the web app translates by the table's id and key
  column_type type_{column_type::kText};
  std::string unit_{};     // "services/week", "minutes", "days", "" for keys
};

// A cell: text, a number, or nothing (no data, or suppressed: the row's `suppressed` says which).
using cell = std::variant<std::monostate, std::string, double, std::int64_t>;

struct row {
  std::vector<cell> cells_;   // one per column, in column order
  bool suppressed_{false};    // a count in this row was withheld (small cell, or to protect one)
};

struct source {
  std::string text_;          // who said it and when ("Xinhua Caijing via reportify, 2025")
  std::string url_{};         // "" when the source gives none
};

struct table {
  std::string id_;            // "network.corridors", "register.travellers", "published.flights" ...
  std::string title_;         // English
  std::string definition_;    // what is counted, over what, and how (English; docs/stats.md has the rest)
  std::vector<column> columns_;
  std::vector<row> rows_;
  std::vector<source> sources_;
  std::vector<std::string> notes_;  // where the data ends, estimated shares, suppression applied ...
};

// The threshold below which a count drawn from the register or the cases is withheld (docs/stats.md).
constexpr std::int64_t kMinCell = 5;

// Withholds every count in `count_columns` that is 1..kMinCell-1 (0 is shown: it singles out no one),
// then, in each group of rows sharing the values of `group_columns` (empty: the whole table), withholds
// the next smallest count of a column when exactly one was withheld in it, so that no withheld cell can
// be worked out from the group's total. Marks the rows, adds a note when anything was withheld.
void suppress(table& t, std::vector<std::string> const& count_columns, std::vector<std::string> const& group_columns = {});

// {"id","title","definition","columns":[{"key","label","type","unit"}],"rows":[{key: value|null,...,
// "suppressed"?: true}],"sources":[{"text","url"}],"notes":[...]}
nlohmann::json to_json(table const&);
// RFC 4180: a header of the column keys, then the rows; withheld and missing cells are empty; cells
// that a spreadsheet would run as a formula (= + - @ first) are prefixed with '.
std::string to_csv(table const&);
// The CSV's W3C "CSV on the Web" metadata (application/csvm+json): url, dc:title, dc:description (the
// definition), dc:source, notes, and each column's name, title, datatype and unit.
nlohmann::json to_csvw(table const&, std::string const& csv_url);

}  // namespace caravan::stats

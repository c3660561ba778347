#pragma once
// Published figures (issue 19): what others counted and said, with who said it and when, kept as data
// (data/stats/published.csv, built from ../shared/facts) like the rest of the bundled data: flights a
// week, visa-free regimes by date, tourist flows where a source gives them. Caravan computes none of
// them; they sit beside its own figures so a reader can compare (docs/stats.md).
#include <filesystem>
#include <string>
#include <vector>

#include "caravan/rules/rule_set.h"
#include "caravan/stats/table.h"

namespace caravan::stats {

struct published_figure {
  std::string id_;         // unique in the file
  std::string topic_;      // flights | rail | visa | tourists | travel_time | twinning ...
  std::string subject_;    // what was counted ("China - Central Asia flights")
  std::string corridor_;   // "CN-KZ", "CN-C5" ... ("" when none)
  std::string date_;       // the period or day it is for: "2025-05", "2025", "2023-11-10"
  std::string value_;      // as the source gives it: "926", "124", "57"
  std::string unit_;       // "flights/month", "flights/week", "hours" ...
  std::string source_, url_;
  std::string confidence_; // high | medium | low
  std::string note_{};
};

// Throws data_error naming the file, line and field for a malformed row, a duplicate id, a date that is
// not YYYY, YYYY-MM or YYYY-MM-DD, a confidence outside the three, or a row without a source.
std::vector<published_figure> load_published(std::filesystem::path const& file);
// The same from the file's contents; `file_name` names it in errors.
std::vector<published_figure> read_published(std::string content, std::string const& file_name);

// One table, "published", its rows those whose date overlaps the range (all when `all`).
table published_table(std::vector<published_figure> const& figures, date_range range, bool all);

// "published.visaRegimes": the entry rules between China and the five Central Asian states (data/rules,
// each rule with its sources) in force on any day of the range: who, where, which regime, how long a stay,
// the rolling limit, from and until when. The rules' own sources and confidence, not Caravan's.
table visa_regimes_table(rules::rule_set const& rules, date_range range);

}  // namespace caravan::stats

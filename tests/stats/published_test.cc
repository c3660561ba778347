// Published figures (data/stats/published.csv): the bundled file loads, every row has a source, the
// range picks rows by their dated period, and malformed files are refused naming line and field.
// Also the table formats every statistic shares (table.h): JSON, CSV and its CSVW metadata.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "caravan/base/date.h"
#include "caravan/base/error.h"
#include "caravan/rules/rule_set.h"
#include "caravan/stats/published.h"
#include "caravan/stats/table.h"

namespace caravan::stats {
namespace {

date_range range(char const* from, char const* to) { return parse_range(from, to, 366, "from", "to"); }

constexpr char const* kHeader = "id,topic,subject,corridor,date,value,unit,source,url,confidence,note\n";

std::string error_of(std::string const& body) {
  try {
    read_published(std::string{kHeader} + body, "published.csv");
  } catch (data_error const& e) {
    return e.what();
  }
  return "no error";
}

TEST(Published, TheBundledFileLoadsWithASourceOnEveryRow) {
  auto const figures = load_published(std::string{CARAVAN_SOURCE_DIR} + "/data/stats/published.csv");
  ASSERT_GE(figures.size(), 15U);
  for (auto const& f : figures) {
    EXPECT_FALSE(f.source_.empty()) << f.id_;
    EXPECT_TRUE(f.confidence_ == "high" || f.confidence_ == "medium" || f.confidence_ == "low") << f.id_;
  }
  // The facts' China - Central Asia count for May 2025 (services.md, capacity framework).
  auto const it = std::find_if(figures.begin(), figures.end(), [](auto const& f) { return f.id_ == "cn_c5_flights_2025_05"; });
  ASSERT_NE(it, figures.end());
  EXPECT_EQ(it->value_, "926");
  EXPECT_EQ(it->date_, "2025-05");
}

TEST(Published, TheRangePicksRowsWhosePeriodOverlapsIt) {
  auto const figures = load_published(std::string{CARAVAN_SOURCE_DIR} + "/data/stats/published.csv");
  auto const may = published_table(figures, range("2025-05-10", "2025-05-20"), false);
  auto ids = std::vector<std::string>{};
  for (auto const& r : may.rows_) {
    ids.push_back(std::get<std::string>(r.cells_[0]));
  }
  // A month's figure, a year's, and not a figure dated in another month.
  EXPECT_NE(std::find(ids.begin(), ids.end(), "cn_c5_flights_2025_05"), ids.end());
  EXPECT_NE(std::find(ids.begin(), ids.end(), "kz_cn_flights_2025"), ids.end());
  EXPECT_EQ(std::find(ids.begin(), ids.end(), "xian_c5_flights_2025_07"), ids.end());
  EXPECT_EQ(std::find(ids.begin(), ids.end(), "visa_free_cn_uz"), ids.end());  // 2025-06-01: after the range
  auto const all = published_table(figures, range("2000-01-01", "2000-01-02"), true);
  EXPECT_EQ(all.rows_.size(), figures.size());
  auto const none = published_table(figures, range("2000-01-01", "2000-01-02"), false);
  EXPECT_TRUE(none.rows_.empty());
  EXPECT_NE(std::find(none.notes_.begin(), none.notes_.end(), "No published figure is dated within the range."), none.notes_.end());
  // Sister cities are named as missing, not invented.
  bool says_missing = false;
  for (auto const& n : all.notes_) {
    says_missing = says_missing || n.find("sister cities") != std::string::npos;
  }
  EXPECT_TRUE(says_missing);
}

TEST(Published, MalformedRowsAreRefusedNamingLineAndField) {
  EXPECT_NE(error_of("a,flights,x,CN-KZ,2025-13,1,u,src,,high,\n").find("published.csv:2:5"), std::string::npos)
      << error_of("a,flights,x,CN-KZ,2025-13,1,u,src,,high,\n");
  EXPECT_NE(error_of("a,flights,x,CN-KZ,2025-13,1,u,src,,high,\n").find("date `2025-13`"), std::string::npos);
  EXPECT_NE(error_of("a,flights,x,CN-KZ,2025,1,u,,,high,\n").find("`source` is empty"), std::string::npos);
  EXPECT_NE(error_of("a,flights,x,CN-KZ,2025,1,u,s,,sure,\n").find("confidence `sure`"), std::string::npos);
  EXPECT_NE(error_of("a,flights,x,CN-KZ,2025,1,u,s,ftp://x,high,\n").find("url `ftp://x`"), std::string::npos);
  EXPECT_NE(error_of("a,flights,x,CN-KZ,2025,1,u,s,,high,\na,flights,x,CN-KZ,2025,1,u,s,,high,\n").find("published.csv:3:1"),
            std::string::npos);
  EXPECT_NE(error_of("a,flights,x,CN-KZ,2025,1\n").find("6 fields where the header has 11"), std::string::npos);
  EXPECT_NE(error_of("a,flights,x,CN-KZ,25,1,u,s,,high,\n").find("is not YYYY"), std::string::npos);
  try {
    read_published("id,topic\n", "p.csv");
    ADD_FAILURE() << "a file without the columns was read";
  } catch (data_error const& e) {
    EXPECT_NE(std::string{e.what()}.find("missing column `subject`"), std::string::npos) << e.what();
  }
  EXPECT_THROW(load_published("/nonexistent/published.csv"), data_error);
}

// A column named twice would be read from its first copy and the second silently dropped: which value
// is published would depend on the column order, so the header is refused.
TEST(Published, AColumnNamedTwiceIsRefused) {
  try {
    read_published("id,topic,subject,corridor,date,value,unit,source,url,confidence,note,value\n"
                   "a,flights,x,CN-KZ,2025,1,u,s,,high,,2\n", "p.csv");
    ADD_FAILURE() << "a header with `value` twice was read";
  } catch (data_error const& e) {
    EXPECT_NE(std::string{e.what()}.find("p.csv:1:12: column `value` is given twice"), std::string::npos) << e.what();
  }
}

TEST(Range, DatesAreCheckedAndBounded) {
  EXPECT_EQ(range("2026-06-01", "2026-06-30").days(), 30);
  EXPECT_THROW(parse_range("2026-06-31", "2026-07-01", 366, "from", "to"), std::invalid_argument);
  EXPECT_THROW(parse_range("2026-06-02", "2026-06-01", 366, "from", "to"), std::invalid_argument);
  EXPECT_THROW(parse_range("2026-01-01", "2027-01-02", 366, "from", "to"), std::invalid_argument);
  EXPECT_NO_THROW(parse_range("2024-01-01", "2024-12-31", 366, "from", "to"));  // a leap year
  try {
    parse_range("2026-06-01", "June", 366, "from", "to");
  } catch (std::invalid_argument const& e) {
    EXPECT_EQ(std::string{e.what()}, "to: 'June' is not a date (YYYY-MM-DD)");
  }
  EXPECT_EQ(month_of(*parse_date("2026-02-28", date_format::kIso)), "2026-02");
}

TEST(VisaRegimes, TheRulesInForceInTheRangeWithTheirDates) {
  auto const rules = rules::rule_set::load_directory(std::string{CARAVAN_SOURCE_DIR} + "/data/rules");
  auto const june = visa_regimes_table(rules, range("2026-06-01", "2026-06-30"));
  auto const find = [](table const& t, std::string const& from, std::string const& to) -> row const* {
    for (auto const& r : t.rows_) {
      if (std::get<std::string>(r.cells_[0]) == from && std::get<std::string>(r.cells_[1]) == to &&
          std::get<std::string>(r.cells_[2]) == "visa_free") {
        return &r;
      }
    }
    return nullptr;
  };
  // China - Kazakhstan both ways since 2023-11-10: 30 days a stay, 90 in any 180 (entry_rules.md).
  for (auto const& [a, b] : {std::pair{"CN", "KZ"}, std::pair{"KZ", "CN"}, std::pair{"CN", "UZ"}}) {
    auto const* r = find(june, a, b);
    ASSERT_NE(r, nullptr) << a << "->" << b;
    EXPECT_EQ(std::get<std::int64_t>(r->cells_[3]), 30);
    EXPECT_EQ(std::get<std::int64_t>(r->cells_[4]), 90);
    EXPECT_EQ(std::get<std::int64_t>(r->cells_[5]), 180);
  }
  EXPECT_EQ(std::get<std::string>(find(june, "CN", "KZ")->cells_[6]), "2023-11-10");
  EXPECT_EQ(std::get<std::string>(find(june, "CN", "UZ")->cells_[6]), "2025-06-01");
  EXPECT_FALSE(june.sources_.empty());
  // Before the 2023 agreement took effect, the rules then in force: Kazakhstan's 14 days (until 2023-11-09),
  // and no 90-in-180 limit anywhere.
  auto const early = visa_regimes_table(rules, range("2023-01-01", "2023-01-31"));
  auto const* kz = find(early, "CN", "KZ");
  ASSERT_NE(kz, nullptr);
  EXPECT_EQ(std::get<std::int64_t>(kz->cells_[3]), 14);
  EXPECT_EQ(std::get<std::string>(kz->cells_[7]), "2023-11-09");
  for (auto const& r : early.rows_) {
    EXPECT_NE(std::get<std::string>(r.cells_[6]), "2023-11-10") << std::get<std::string>(r.cells_[9]);
    EXPECT_NE(std::get<std::string>(r.cells_[6]), "2025-06-01") << std::get<std::string>(r.cells_[9]);
  }
}

table sample() {
  table t;
  t.id_ = "test.sample";
  t.title_ = "A sample";
  t.definition_ = "Counts, made up for the test";
  t.columns_ = {{"key", "Key"}, {"count", "Count", column_type::kCount}, {"share", "Share", column_type::kNumber, "%"}};
  t.rows_ = {row{{std::string{"=SUM(A1)"}, std::int64_t{12}, 0.5}}, row{{std::string{"a,\"b\""}, cell{}, 1.0 / 3.0}, true},
             row{{std::string{"-3"}, std::int64_t{-3}, -2.25}}};
  t.sources_ = {{"Someone, 2025", "https://example.org/x"}};
  t.notes_ = {"a note"};
  return t;
}

TEST(TableFormats, CsvQuotesAndNeutralisesFormulas) {
  EXPECT_EQ(to_csv(sample()),
            "key,count,share\r\n"
            "'=SUM(A1),12,0.5\r\n"
            "\"a,\"\"b\"\"\",,0.333\r\n"
            "-3,-3,-2.25\r\n");
}

TEST(TableFormats, JsonKeepsNullsAndMarksWithheldRows) {
  auto const j = to_json(sample());
  EXPECT_EQ(j["id"], "test.sample");
  EXPECT_EQ(j["columns"][1]["type"], "count");
  EXPECT_EQ(j["columns"][2]["unit"], "%");
  EXPECT_EQ(j["rows"][0]["count"], 12);
  EXPECT_FALSE(j["rows"][0].contains("suppressed"));
  EXPECT_TRUE(j["rows"][1]["count"].is_null());
  EXPECT_EQ(j["rows"][1]["suppressed"], true);
  EXPECT_EQ(j["sources"][0]["url"], "https://example.org/x");
}

TEST(TableFormats, CsvwDescribesTheCsv) {
  auto const m = to_csvw(sample(), "/api/v1/stats/x?table=test.sample&format=csv");
  EXPECT_EQ(m["@context"], "http://www.w3.org/ns/csvw");
  EXPECT_EQ(m["url"], "/api/v1/stats/x?table=test.sample&format=csv");
  EXPECT_EQ(m["dc:description"], "Counts, made up for the test");
  EXPECT_EQ(m["dc:source"][0], "Someone, 2025 https://example.org/x");
  auto const& cols = m["tableSchema"]["columns"];
  ASSERT_EQ(cols.size(), 3U);
  EXPECT_EQ(cols[0]["datatype"], "string");
  EXPECT_EQ(cols[1]["datatype"], "integer");
  EXPECT_EQ(cols[2]["datatype"], "decimal");
}

}  // namespace
}  // namespace caravan::stats

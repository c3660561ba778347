#include "caravan/stats/published.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <tuple>
#include <set>
#include <sstream>

#include "caravan/base/date.h"
#include "caravan/base/error.h"
#include "caravan/csv/reader.h"
#include "caravan/rules/model.h"

namespace caravan::stats {

namespace {

// The file is checked row by row, each problem an error: a published figure is shown as it is or not at all.
struct ignore_warnings final : csv::warning_sink {
  void warn(std::string_view, source_location const&, std::string_view) override {}
};

// The days a figure's date covers: a year, a month or a day.
std::optional<date_range> period_of(std::string_view date) {
  if (date.size() == 10) {
    if (auto const d = parse_date(date, date_format::kIso, 1900, 2200)) {
      return date_range{*d, *d};
    }
    return std::nullopt;
  }
  if (date.size() == 7) {
    auto const first = parse_date(std::string{date} + "-01", date_format::kIso, 1900, 2200);
    if (!first) {
      return std::nullopt;
    }
    auto last = *first;
    while (month_of(last + 1) == month_of(*first)) {
      ++last;
    }
    return date_range{*first, last};
  }
  if (date.size() == 4) {
    auto const first = parse_date(std::string{date} + "-01-01", date_format::kIso, 1900, 2200);
    auto const last = parse_date(std::string{date} + "-12-31", date_format::kIso, 1900, 2200);
    if (!first || !last) {
      return std::nullopt;
    }
    return date_range{*first, *last};
  }
  return std::nullopt;
}

}  // namespace

std::vector<published_figure> read_published(std::string content, std::string const& file_name) {
  ignore_warnings warnings;
  csv::reader csv{csv::memory_stream(std::move(content)), file_name, warnings};
  csv.refuse_repeated_columns();  // a column named twice would be read from its first copy only
  auto const col = [&](std::string_view name, bool required) { return required ? csv.required_column(name) : csv.column(name); };
  auto const id = col("id", true), topic = col("topic", true), subject = col("subject", true), corridor = col("corridor", true),
             date = col("date", true), value = col("value", true), unit = col("unit", true), source = col("source", true),
             url = col("url", true), confidence = col("confidence", true), note = col("note", false);
  std::vector<published_figure> out;
  std::set<std::string, std::less<>> ids;
  while (csv.next()) {
    if (csv.n_fields() != csv.header().size()) {
      throw data_error{csv.where(), fmt::format("{} fields where the header has {}", csv.n_fields(), csv.header().size())};
    }
    auto const need = [&](int c, std::string_view name) {
      auto const v = csv.field(c);
      if (v.empty()) {
        throw data_error{csv.where(c), fmt::format("`{}` is empty", name)};
      }
      return std::string{v};
    };
    published_figure f;
    f.id_ = need(id, "id");
    if (!ids.insert(f.id_).second) {
      throw data_error{csv.where(id), fmt::format("id `{}` is used twice", f.id_)};
    }
    f.topic_ = need(topic, "topic");
    f.subject_ = need(subject, "subject");
    f.corridor_ = csv.field(corridor);
    f.date_ = need(date, "date");
    if (!period_of(f.date_)) {
      throw data_error{csv.where(date), fmt::format("date `{}` is not YYYY, YYYY-MM or YYYY-MM-DD", f.date_)};
    }
    f.value_ = need(value, "value");
    f.unit_ = need(unit, "unit");
    f.source_ = need(source, "source");
    f.url_ = csv.field(url);
    if (!f.url_.empty() && f.url_.rfind("http://", 0) != 0 && f.url_.rfind("https://", 0) != 0) {
      throw data_error{csv.where(url), fmt::format("url `{}` is not an http(s) address", f.url_)};
    }
    f.confidence_ = need(confidence, "confidence");
    if (f.confidence_ != "high" && f.confidence_ != "medium" && f.confidence_ != "low") {
      throw data_error{csv.where(confidence), fmt::format("confidence `{}` is not high, medium or low", f.confidence_)};
    }
    f.note_ = csv.field(note);
    out.push_back(std::move(f));
  }
  return out;
}

std::vector<published_figure> load_published(std::filesystem::path const& file) {
  std::ifstream in{file, std::ios::binary};
  if (!in) {
    throw data_error{{file.string(), 0, 0}, "cannot open the published figures file"};
  }
  std::stringstream text;
  text << in.rdbuf();
  return read_published(text.str(), file.string());
}

table published_table(std::vector<published_figure> const& figures, date_range range, bool all) {
  table t;
  t.id_ = "published";
  t.title_ = "Published figures";
  t.definition_ =
      "Figures others counted and published (governments, airlines, news agencies), as the source gives them, for the period or day "
      "in `date`; a row is shown when that period overlaps the range. Caravan computes none of them: flight counts here are what was "
      "reported or agreed (quotas are limits, not flights flown), and may differ from the services in Caravan's timetable.";
  t.columns_ = {{"id", "Id"},           {"topic", "Topic"}, {"subject", "What was counted"}, {"corridor", "Corridor"},
                {"date", "For"},        {"value", "Value"}, {"unit", "Unit"},                {"confidence", "Confidence"},
                {"source", "Source"},   {"url", "Address"}, {"note", "Note"}};
  std::set<std::pair<std::string, std::string>> sources;
  for (auto const& f : figures) {
    auto const p = period_of(f.date_);
    if (!all && (!p || p->last_ < range.first_ || p->first_ > range.last_)) {
      continue;
    }
    t.rows_.push_back(row{{f.id_, f.topic_, f.subject_, f.corridor_, f.date_, f.value_, f.unit_, f.confidence_, f.source_, f.url_, f.note_}});
    sources.emplace(f.source_, f.url_);
  }
  for (auto const& [text, url] : sources) {
    t.sources_.push_back({text, url});
  }
  t.notes_.push_back(
      "Kept in data/stats/published.csv, built from ../shared/facts (services.md, entry_rules.md, research-log.md); values are as "
      "published, with the source's own confidence.");
  t.notes_.push_back(
      "Not shown for want of a sourced figure: the number of sister cities (twinned cities) between China and Central Asia, and "
      "yearly visitor counts by country.");
  if (t.rows_.empty()) {
    t.notes_.push_back("No published figure is dated within the range.");
  }
  return t;
}

table visa_regimes_table(rules::rule_set const& rules, date_range range) {
  static constexpr std::array<std::string_view, 6> kCorridor{"CN", "KZ", "KG", "TJ", "TM", "UZ"};
  auto const in_corridor = [](std::string_view code) { return std::find(kCorridor.begin(), kCorridor.end(), code) != kCorridor.end(); };
  table t;
  t.id_ = "published.visaRegimes";
  t.title_ = "Entry regimes between China and Central Asia";
  t.definition_ =
      "The entry rules Caravan checks journeys with (data/rules), for citizens of China or a Central Asian state entering another of "
      "them, in force on at least one day of the range: the regime, the longest stay, the rolling limit (days within a period), and the "
      "dates the rule applies from and until (empty: not sourced, or open). Rules kept only as history or set aside are left out.";
  t.columns_ = {{"nationality", "Citizens of"},
                {"destination", "Entering"},
                {"regime", "Regime"},
                {"maxStayDays", "Longest stay", column_type::kCount, "days"},
                {"windowDays", "Days allowed in a period", column_type::kCount, "days"},
                {"periodDays", "Period", column_type::kCount, "days"},
                {"from", "From"},
                {"until", "Until"},
                {"confidence", "Confidence"},
                {"ruleId", "Rule"}};
  auto const first = rules::day{date::days{range.first_}};
  auto const last = rules::day{date::days{range.last_}};
  std::set<std::pair<std::string, std::string>> sources;
  for (auto const& r : rules.rules()) {
    if (!r.use_ || !in_corridor(r.nationality_) || !in_corridor(r.destination_) || r.nationality_ == r.destination_) {
      continue;
    }
    if ((r.from_ && *r.from_ > last) || (r.until_ && *r.until_ < first)) {
      continue;
    }
    auto const count = [](std::optional<int> v) { return v ? cell{std::int64_t{*v}} : cell{}; };
    t.rows_.push_back(row{{r.nationality_, r.destination_, std::string{rules::to_string(r.regime_)}, count(r.max_stay_days_),
                           r.window_ ? cell{std::int64_t{r.window_->max_days_}} : cell{},
                           r.window_ ? cell{std::int64_t{r.window_->period_days_}} : cell{},
                           r.from_ ? rules::format_day(*r.from_) : std::string{}, r.until_ ? rules::format_day(*r.until_) : std::string{},
                           std::string{rules::to_string(r.confidence_)}, r.id_}});
    for (auto const& s : r.sources_) {
      sources.emplace(s.title_.empty() ? s.url_ : s.title_ + (s.published_.empty() ? "" : ", " + s.published_), s.url_);
    }
  }
  std::sort(t.rows_.begin(), t.rows_.end(), [](row const& a, row const& b) {
    return std::tie(std::get<std::string>(a.cells_[0]), std::get<std::string>(a.cells_[1]), std::get<std::string>(a.cells_[9])) <
           std::tie(std::get<std::string>(b.cells_[0]), std::get<std::string>(b.cells_[1]), std::get<std::string>(b.cells_[9]));
  });
  for (auto const& [text, url] : sources) {
    t.sources_.push_back({text, url});
  }
  t.notes_.push_back("A rule may hold only for some passports, purposes or ages: `caravan check` and the API's entry check apply them in full.");
  return t;
}

}  // namespace caravan::stats

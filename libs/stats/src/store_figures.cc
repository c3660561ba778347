#include "caravan/stats/store_figures.h"

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "caravan/base/date.h"

namespace caravan::stats {

namespace {

constexpr std::int64_t kMicrosPerDay = 86'400'000'000;

// The range as instants: from its first day's 00:00 UTC to the day after its last (exclusive).
std::pair<registry::instant, registry::instant> instants_of(date_range r) {
  return {std::int64_t{r.first_} * kMicrosPerDay, (std::int64_t{r.last_} + 1) * kMicrosPerDay};
}

std::string range_text(date_range r) { return fmt::format("{}..{}", format_date(r.first_), format_date(r.last_)); }

std::int32_t first_of_month(std::int32_t day) {
  auto const m = month_of(day);
  while (month_of(day - 1) == m) {
    --day;
  }
  return day;
}

// The calendar months a range touches, each whole. The register's and cases' counts are made per whole
// month and never over a range of days: two answers for ranges a day apart would otherwise differ by one
// day's few people, whom no withholding in either answer protects.
std::vector<date_range> months_of(date_range r) {
  std::vector<date_range> out;
  for (auto first = first_of_month(r.first_); first <= r.last_;) {
    auto last = first;
    while (month_of(last + 1) == month_of(first)) {
      ++last;
    }
    out.push_back({first, last});
    first = last + 1;
  }
  return out;
}

date_range whole_months(date_range r) {
  auto const months = months_of(r);
  return {months.front().first_, months.back().last_};
}

// Said on every table of counts when the range asked was not whole months.
void note_months(table& t, date_range asked, date_range counted) {
  if (asked.first_ != counted.first_ || asked.last_ != counted.last_) {
    t.notes_.push_back(fmt::format(
        "Counted over the whole months {} that the range {} touches: counts about people are made per calendar month, so "
        "that two answers for ranges a few days apart cannot be subtracted to single someone out.",
        range_text(counted), range_text(asked)));
  }
}

column key(std::string k, std::string label) { return {std::move(k), std::move(label), column_type::kText, ""}; }
column count(std::string k, std::string label, std::string unit) {
  return {std::move(k), std::move(label), column_type::kCount, std::move(unit)};
}
column number(std::string k, std::string label, std::string unit) {
  return {std::move(k), std::move(label), column_type::kNumber, std::move(unit)};
}

source register_source() { return {"Caravan's register of operators and group tours (this deployment)", ""}; }
source cases_source() { return {"Caravan's cases (this deployment)", ""}; }

// A table without rows or notes (table has no member initializers for them).
table make_table(std::string id, std::string title, std::string definition, std::vector<column> columns,
                 std::vector<source> sources) {
  table t;
  t.id_ = std::move(id);
  t.title_ = std::move(title);
  t.definition_ = std::move(definition);
  t.columns_ = std::move(columns);
  t.sources_ = std::move(sources);
  return t;
}

bool withheld(cell const& c) { return std::holds_alternative<std::monostate>(c); }

// Rows in the order of their first `keys` text cells (months come month by month from the store).
void sort_by_keys(table& t, std::size_t keys) {
  std::stable_sort(t.rows_.begin(), t.rows_.end(), [keys](row const& a, row const& b) {
    for (std::size_t i = 0; i != keys; ++i) {
      auto const& x = std::get<std::string>(a.cells_[i]);
      auto const& y = std::get<std::string>(b.cells_[i]);
      if (x != y) {
        return x < y;
      }
    }
    return false;
  });
}

table operators_table(registry::unit_of_work& u, date_range range) {
  auto t = make_table("register.operators",
          "Tour operators by country and licence status",
          fmt::format(
              "Tour operators in the register by the country that licensed them and the status of their licence on {}: "
              "applied (not yet decided), approved, suspended, revoked, or expired (approved, but valid only until a day "
              "before {}). Every operator the register holds is counted once.",
              format_date(range.last_), format_date(range.last_)),
          {key("country", "Country"), key("status", "Status"), count("operators", "Operators", "operators")},
          {register_source()});
  for (auto const& r : u.operators_by_country_status(range.last_)) {
    t.rows_.push_back({{r.keys_[0], r.keys_[1], r.count_}});
  }
  // Operators are companies the public lookup already lists by name, country and status: these counts
  // single out no traveller, so none is withheld.
  t.notes_.push_back("Operators are public (the register's lookup lists each with its status): no count is withheld.");
  return t;
}

table tours_table(registry::unit_of_work& u, date_range range) {
  auto t = make_table("register.tours",
          "Approved group tours by corridor and month",
          fmt::format(
              "Group tours approved by every country they stay in (drafts, submitted, rejected and withdrawn tours are "
              "not counted), whose first day (the first entry of their programme) falls in {}, by corridor (the "
              "countries the tour stays in, in the order it first enters them, joined by '-': \"CN-KZ-UZ\") and the "
              "month of their first day.",
              range_text(range)),
          {key("corridor", "Corridor"), key("month", "Month"), count("tours", "Tours", "tours")},
          {register_source()});
  for (auto const& r : u.approved_tours_by_corridor_month(range.first_, range.last_)) {  // whole months (register_figures)
    t.rows_.push_back({{r.keys_[0], r.keys_[1], r.count_}});
  }
  suppress(t, {"tours"}, {"month"});
  return t;
}

table travellers_table(registry::unit_of_work& u, date_range range) {
  auto t = make_table("register.travellers",
          "Travellers on approved group tours by corridor, nationality and month",
          fmt::format(
              "Travellers on the manifests of the approved group tours counted in register.tours (first day in {}), by "
              "the tour's corridor, the traveller's nationality (as their passport gives it, ISO 3166-1 alpha-2) and the "
              "month of the tour's first day. A traveller on two tours counts twice. Counts from 1 to {} are withheld, and "
              "in each corridor and month one more where the total would give a withheld one away.",
              range_text(range), kMinCell - 1),
          {key("corridor", "Corridor"), key("nationality", "Nationality"), key("month", "Month"),
                       count("travellers", "Travellers", "travellers")},
          {register_source()});
  for (auto const& r : u.travellers_by_corridor_nationality_month(range.first_, range.last_)) {
    t.rows_.push_back({{r.keys_[0], r.keys_[1], r.keys_[2], r.count_}});
  }
  suppress(t, {"travellers"}, {"corridor", "month"});
  return t;
}

table by_kind_table(cases::case_unit& u, date_range range) {
  auto t = make_table("cases.byKind",
          "Cases by kind, country and outcome",
          fmt::format(
              "Cases (assistance, disputes, insurance claims) filed in {} (UTC days), by kind, the country where it "
              "happened, outcome (\"open\" for a case not yet closed, else the outcome its last deciding step gave, "
              "\"none\" when its lifecycle closed it without one) and month filed. Counts from 1 to {} are withheld, and in "
              "each kind, country and month one more where the total would give a withheld one away.",
              range_text(range), kMinCell - 1),
          {key("kind", "Kind"), key("country", "Country"), key("outcome", "Outcome"), key("month", "Month"),
                       count("cases", "Cases", "cases")},
          {cases_source()});
  for (auto const& m : months_of(range)) {
    auto const [from, to] = instants_of(m);
    for (auto const& r : u.cases_by_kind_country_outcome(from, to)) {
      t.rows_.push_back({{r.keys_[0], r.keys_[1], r.keys_[2].empty() ? std::string{"none"} : r.keys_[2], month_of(m.first_), r.count_}});
    }
  }
  sort_by_keys(t, 4);
  suppress(t, {"cases"}, {"kind", "country", "month"});
  return t;
}

table sla_table(cases::case_unit& u, date_range range) {
  auto t = make_table("cases.sla",
          "Closed cases that met their deadlines",
          fmt::format(
              "Cases filed in {} (UTC days) and closed by now, by kind, country and month filed: closed, those that met every "
              "first-response and resolution deadline (counted in the answering party's business hours), those that "
              "missed one (and were escalated), and the share that met them, in percent. Counts from 1 to {} are "
              "withheld, one more per kind and month where a total would give one away, and in a row the closed count when a part is "
              "withheld (or a part when the closed count is), since closed = met + missed; the share is then not given.",
              range_text(range), kMinCell - 1),
          {key("kind", "Kind"), key("country", "Country"), key("month", "Month"), count("closed", "Closed", "cases"),
                       count("metDeadlines", "Met every deadline", "cases"),
                       count("missedDeadline", "Missed a deadline", "cases"),
                       number("compliancePercent", "Met every deadline (share)", "%")},
          {cases_source()});
  // (kind, month, country) -> (met, missed): rows by kind, then country, then month
  std::map<std::tuple<std::string, std::string, std::string>, std::pair<std::int64_t, std::int64_t>> met_missed;
  for (auto const& month : months_of(range)) {
    auto const [from, to] = instants_of(month);
    for (auto const& r : u.closed_cases_by_kind_country_breached(from, to)) {
      auto& m = met_missed[{r.keys_[0], r.keys_[1], month_of(month.first_)}];
      (r.keys_[2] == "yes" ? m.second : m.first) += r.count_;
    }
  }
  for (auto const& [k, m] : met_missed) {
    t.rows_.push_back({{std::get<0>(k), std::get<1>(k), std::get<2>(k), m.first + m.second, m.first, m.second, std::monostate{}}});
  }
  suppress(t, {"closed", "metDeadlines", "missedDeadline"}, {"kind", "month"});
  // closed = met + missed: a row shows all three or at most one of the parts. Closed beside two withheld
  // parts would give their sum (8 = 4 + 4 gives both), beside one their difference; a withheld closed
  // beside two shown parts is their sum. Each step may leave a kind with one withheld count in a column,
  // which its total would give away: repeat until nothing changes.
  std::size_t more = 0;
  auto const withhold = [&](row& r, std::size_t c) {
    r.cells_[c] = std::monostate{};
    r.suppressed_ = true;
    ++more;
  };
  for (bool changed = true; changed;) {
    changed = false;
    for (auto& r : t.rows_) {
      if ((withheld(r.cells_[4]) || withheld(r.cells_[5])) && !withheld(r.cells_[3])) {
        withhold(r, 3);
        changed = true;
      }
      if (withheld(r.cells_[3]) && !withheld(r.cells_[4]) && !withheld(r.cells_[5])) {
        // closed > 0 (0 is never withheld), so one part is positive: withhold the smaller positive one.
        auto const met = std::get<std::int64_t>(r.cells_[4]), missed = std::get<std::int64_t>(r.cells_[5]);
        withhold(r, met > 0 && (missed == 0 || met <= missed) ? 4 : 5);
        changed = true;
      }
    }
    for (std::size_t c = 3; c != 6; ++c) {
      std::map<std::string, std::vector<std::size_t>> rows_of_kind;
      for (std::size_t i = 0; i != t.rows_.size(); ++i) {
        rows_of_kind[std::get<std::string>(t.rows_[i].cells_[0]) + " " + std::get<std::string>(t.rows_[i].cells_[2])].push_back(i);  // kind and month
      }
      for (auto const& [kind, rows] : rows_of_kind) {
        auto const n = std::count_if(rows.begin(), rows.end(), [&](std::size_t i) { return withheld(t.rows_[i].cells_[c]); });
        if (n != 1) {
          continue;
        }
        std::optional<std::size_t> smallest;
        for (auto i : rows) {
          if (auto const* v = std::get_if<std::int64_t>(&t.rows_[i].cells_[c]);
              v != nullptr && *v > 0 && (!smallest || *v < std::get<std::int64_t>(t.rows_[*smallest].cells_[c]))) {
            smallest = i;
          }
        }
        if (smallest) {
          withhold(t.rows_[*smallest], c);
          changed = true;
        }
      }
    }
  }
  for (auto& r : t.rows_) {
    if (!withheld(r.cells_[3]) && !withheld(r.cells_[4]) && !withheld(r.cells_[5])) {
      auto const closed = std::get<std::int64_t>(r.cells_[3]);
      if (closed > 0) {
        r.cells_[6] = 100.0 * static_cast<double>(std::get<std::int64_t>(r.cells_[4])) / static_cast<double>(closed);
      }
    }
  }
  if (more > 0) {
    t.notes_.push_back(fmt::format("{} more count{} withheld so that closed = met + missed gives no withheld count away", more,
                                   more == 1 ? "" : "s"));
  }
  return t;
}

table satisfaction_table(registry::unit_of_work& u, date_range range) {
  auto t = make_table("satisfaction",
          "Traveller satisfaction: ratings of tours and cases",
          fmt::format(
              "Ratings from 1 (poor) to 5 (excellent) given in {} (UTC days): by travellers of approved group tours "
              "(with the feedback code their operator gave them; the country is the first the tour stays in) and by "
              "travellers of closed cases (one per case; the country where it happened), by the month given. The number of "
              "ratings and their mean. Counts from 1 to {} are withheld (and their mean), and one more per subject and month "
              "where the total would give a withheld one away. Comments never leave the store.",
              range_text(range), kMinCell - 1),
          {key("subject", "Subject"), key("country", "Country"), key("month", "Month"), count("ratings", "Ratings", "ratings"),
                       number("meanRating", "Mean rating", "1-5")},
          {{"Caravan's satisfaction ratings (this deployment)", ""}});
  for (auto const& m : months_of(range)) {
    auto const [from, to] = instants_of(m);
    for (auto const& r : u.ratings_by_subject_country(from, to)) {
      // The sum rides in the mean's cell until the counts are withheld.
      t.rows_.push_back({{r.keys_[0], r.keys_[1], month_of(m.first_), r.count_, static_cast<double>(r.sum_)}});
    }
  }
  sort_by_keys(t, 3);
  suppress(t, {"ratings"}, {"subject", "month"});
  for (auto& r : t.rows_) {
    auto const* n = std::get_if<std::int64_t>(&r.cells_[3]);
    r.cells_[4] = n != nullptr && *n > 0 ? cell{std::get<double>(r.cells_[4]) / static_cast<double>(*n)} : cell{};
  }
  return t;
}

}  // namespace

std::vector<table> register_figures(registry::store& store, date_range range) {
  std::vector<table> out;
  auto const months = whole_months(range);
  store.read([&](registry::unit_of_work& u) {
    out.push_back(operators_table(u, range));  // companies, on the range's last day: not about people
    out.push_back(tours_table(u, months));
    out.push_back(travellers_table(u, months));
  });
  for (std::size_t i = 1; i != out.size(); ++i) {
    note_months(out[i], range, months);
  }
  return out;
}

std::vector<table> case_figures(cases::case_store& store, date_range range) {
  std::vector<table> out;
  auto const months = whole_months(range);
  store.read_cases([&](cases::case_unit& u) {
    out.push_back(by_kind_table(u, months));
    out.push_back(sla_table(u, months));
    out.push_back(satisfaction_table(u, months));
  });
  for (auto& t : out) {
    note_months(t, range, months);
  }
  return out;
}

}  // namespace caravan::stats

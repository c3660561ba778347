#include "caravan/rules/check.h"

#include <algorithm>
#include <array>
#include <limits>
#include <map>
#include <optional>

#include <fmt/format.h>

#include "caravan/base/text.h"

namespace caravan::rules {

namespace {

constexpr std::array<std::string_view, 9> kVerdictNames{
    "allowed", "allowed_with_conditions", "arrange_before_travel", "limit_exceeded", "group_conditions_not_met",
    "transit_conditions_not_met", "visa_needed", "no_rule_known", "own_country"};

struct interval {
  day entry_;
  day exit_;
};

bool contains(std::vector<std::string> const& list, std::string_view s) {
  return std::any_of(list.begin(), list.end(), [&](std::string const& x) { return equal_ignoring_ascii_case(x, s); });
}

std::string join(std::vector<std::string> const& list) { return fmt::format("{}", fmt::join(list, ", ")); }

// A sentence: its code, its English text and its parameters (docs/rules-format.md, "Messages").
message say(std::string code, std::string text, std::vector<message_param> params = {}) {
  return {std::move(code), std::move(params), std::move(text), {}};
}

std::string ymd(day d) { return format_day(d); }

int days_between(day a, day b) { return static_cast<int>((b - a).count()); }

// Counted days of a stay from `entry` to `exit` (both inclusive) under the rule's counting.
int counted_days(day entry, day exit, bool count_entry, bool count_exit) {
  auto n = days_between(entry, exit) + 1;
  if (!count_entry) {
    --n;
  }
  if (!count_exit && exit != entry) {
    --n;
  }
  return std::max(n, 0);
}

int age_on(day birth, day on) {
  date::year_month_day const b{birth};
  date::year_month_day const d{on};
  auto years = static_cast<int>(d.year()) - static_cast<int>(b.year());
  if (d.month() < b.month() || (d.month() == b.month() && d.day() < b.day())) {
    --years;
  }
  return years;
}

// Seconds since the epoch of a local time; without a time of day, `end_of_day` chooses 24:00 over 00:00.
std::int64_t instant(local_time const& t, std::int32_t fallback_offset, bool end_of_day) {
  auto const day_start = static_cast<std::int64_t>(t.date_.time_since_epoch().count()) * 86400;
  auto const seconds = t.seconds_of_day_ ? *t.seconds_of_day_ : (end_of_day ? 86400 : 0);
  return day_start + seconds - t.utc_offset_s_.value_or(fallback_offset);
}

// The rule's limits as parts of a sentence ("90 days a stay, 30 in any 180"): limit_* messages.
std::vector<message> describe_limits(rule const& r) {
  std::vector<message> parts;
  if (r.max_stay_days_) {
    parts.push_back(say("limit_stay_days", fmt::format("{} days a stay", *r.max_stay_days_),
                        {number_param("days", *r.max_stay_days_)}));
  }
  if (r.window_) {
    parts.push_back(say("limit_window", fmt::format("{} in any {}", r.window_->max_days_, r.window_->period_days_),
                        {number_param("max", r.window_->max_days_), number_param("period", r.window_->period_days_)}));
  }
  if (r.max_hours_) {
    parts.push_back(say("limit_hours", fmt::format("{} hours", *r.max_hours_), {number_param("hours", *r.max_hours_)}));
  }
  return parts;
}

// Day ranges [first, last] counted under one way of counting the border days.
struct day_range {
  day first_;
  day last_;
};

// The days an interval counts: its border days only as the rule counts them (a one-day stay counts its
// day when the entry day counts). Empty (first > last) when nothing counts.
day_range counted_range(interval const& p, bool count_entry, bool count_exit) {
  auto first = p.entry_;
  auto last = p.exit_;
  if (!count_entry) {
    first += date::days{1};
  }
  if (!count_exit && p.exit_ != p.entry_) {
    last -= date::days{1};
  }
  return {first, last};
}

// A traveller's presence in one country, so that each stay's limits look only at the days near it: the
// check is linear in the number of stays (docs/rules-format.md, "Limits and complexity").
//  - earlier stays (the traveller's, in any order, possibly overlapping): per way of counting border
//    days, their counted days merged into sorted disjoint ranges (made when first asked for);
//  - the itinerary's stays in the country, in trip order (entries and exits never go back), identical
//    ones once: at most two begin on any day, so a window of P days meets at most 2P + 2 of them.
struct presence {
  std::vector<interval> earlier_;
  std::vector<day> earlier_exits_;  // sorted
  std::array<std::optional<std::vector<day_range>>, 4> earlier_ranges_;
  std::vector<interval> trip_;

  std::vector<day_range> const& earlier_ranges(bool count_entry, bool count_exit) {
    auto& slot = earlier_ranges_[(count_entry ? 2U : 0U) + (count_exit ? 1U : 0U)];
    if (!slot) {
      std::vector<day_range> ranges;
      for (auto const& p : earlier_) {
        auto const r = counted_range(p, count_entry, count_exit);
        if (r.first_ <= r.last_) {
          ranges.push_back(r);
        }
      }
      std::sort(ranges.begin(), ranges.end(), [](day_range const& a, day_range const& b) { return a.first_ < b.first_; });
      std::vector<day_range> merged;
      for (auto const& r : ranges) {
        if (!merged.empty() && r.first_ <= merged.back().last_ + date::days{1}) {
          merged.back().last_ = std::max(merged.back().last_, r.last_);
        } else {
          merged.push_back(r);
        }
      }
      slot = std::move(merged);
    }
    return *slot;
  }
};

struct context {
  rule_set const& rs_;
  traveller const& t_;
  itinerary const& trip_;
  std::size_t k_;
  presence* presence_;  // the traveller in the destination; null when never there before
  std::size_t n_trip_before_{0};  // presence_->trip_[0, n): the itinerary's stays there before this one

  std::span<interval const> trip_before() const {
    return presence_ == nullptr ? std::span<interval const>{} : std::span{presence_->trip_}.first(n_trip_before_);
  }

  // Marks in `out` (index i: day lo + i, i < out.size()) every day from `from` on that an earlier
  // presence counts under this counting. Touches only intervals that reach [from, lo + size).
  void mark_prior(std::vector<int>& out, day lo, day from, bool count_entry, bool count_exit) const {
    if (presence_ == nullptr) {
      return;
    }
    auto const end = lo + date::days{static_cast<int>(out.size())};  // exclusive
    auto const mark = [&](day_range r) {
      for (auto d = std::max(r.first_, from); d <= r.last_ && d < end; d += date::days{1}) {
        out[static_cast<std::size_t>(days_between(lo, d))] = 1;
      }
    };
    auto const& ranges = presence_->earlier_ranges(count_entry, count_exit);
    auto it = std::lower_bound(ranges.begin(), ranges.end(), from,
                               [](day_range const& r, day d) { return r.last_ < d; });
    for (; it != ranges.end() && it->first_ < end; ++it) {
      mark(*it);
    }
    auto const before = trip_before();
    // Trip stays are in order: exits never go back, so those ending before `from` are a prefix.
    auto jt = std::lower_bound(before.begin(), before.end(), from,
                               [](interval const& p, day d) { return p.exit_ < d; });
    for (; jt != before.end() && jt->entry_ < end; ++jt) {
      mark(counted_range(*jt, count_entry, count_exit));
    }
  }

  // The last exit from the country on or before `d`, if any.
  std::optional<day> last_exit_by(day d) const {
    std::optional<day> out;
    if (presence_ == nullptr) {
      return out;
    }
    auto const& exits = presence_->earlier_exits_;
    if (auto it = std::upper_bound(exits.begin(), exits.end(), d); it != exits.begin()) {
      out = *std::prev(it);
    }
    auto const before = trip_before();
    if (!before.empty() && before.back().exit_ <= d && (!out || before.back().exit_ > *out)) {
      out = before.back().exit_;
    }
    return out;
  }
};

struct limits {
  std::optional<day> latest_;
  bool refused_at_entry_{false};
  std::optional<int> window_used_;
  std::optional<message> window_reason_;
};

limits compute_limits(context const& c, rule const& r) {
  auto const& s = c.trip_.stays_[c.k_];
  auto const entry = s.entry_.date_;
  auto const exit = s.exit_.date_;
  auto const ce = r.count_entry_day_;
  auto const cx = r.count_exit_day_;
  limits out;
  auto const tighten = [&](day d) { out.latest_ = out.latest_ ? std::min(*out.latest_, d) : d; };

  if (r.max_stay_days_) {
    // The last exit whose stay counts max_stay_days: uncounted entry/exit days extend it by one each.
    auto const extra = (ce ? 0 : 1) + (cx ? 0 : 1);
    tighten(entry + date::days{std::max(*r.max_stay_days_ + extra - 1, 0)});
  }
  // A window of `period` days in `period` can never bind.
  if (r.window_ && r.window_->max_days_ < r.window_->period_days_) {
    auto const& w = *r.window_;
    auto const period = w.period_days_;
    // Far enough to see the planned exit and, for any stay, the day the window fills (a continuous stay
    // fills any window within `period` days).
    auto const horizon = std::max(period + 2, days_between(entry, exit) + 2);
    auto const cutoff = (w.counts_days_before_effective_ || !r.from_) ? day::min() : *r.from_;
    // Day lo + i is index i; prior[i]: counted by an earlier stay; held[i]: counted while the traveller
    // stays on through that day (earlier stays or this one); held_sum: prefix sums of held.
    auto const lo = entry - date::days{period};
    auto const n_days = static_cast<std::size_t>(period + horizon + 1);
    std::vector<int> prior(n_days, 0);
    auto const index = [&](day d) { return static_cast<std::size_t>(days_between(lo, d)); };
    // Days up to entry + horizon - 1 (the last index is never a prior day), none before the cutoff.
    prior.pop_back();
    c.mark_prior(prior, lo, std::max(lo, cutoff), ce, cx);
    prior.push_back(0);
    auto const current_counts = [&](day d) { return d >= cutoff && !(d == entry && !ce); };
    std::vector<int> held_sum(n_days + 1, 0);
    for (std::size_t i = 0; i != n_days; ++i) {
      auto const d = lo + date::days{static_cast<int>(i)};
      auto const held = prior[i] != 0 || (d >= entry && current_counts(d)) ? 1 : 0;
      held_sum[i + 1] = held_sum[i] + held;
    }
    // Counted days in the window ending on day d, the traveller being there through d.
    auto const through = [&](day d) {
      auto const end = index(d) + 1;
      auto const begin = end > static_cast<std::size_t>(period) ? end - static_cast<std::size_t>(period) : 0;
      return held_sum[end] - held_sum[begin];
    };
    auto const on_exit = [&](day e) {
      // The window ending on exit day e, the exit day itself counting only if the rule counts it.
      auto n = through(e);
      if (!cx && e != entry && current_counts(e) && prior[index(e)] == 0) {
        --n;
      }
      return n;
    };
    if (w.anchor_ == window_anchor::kEntry) {
      int used = 0;
      for (auto x = entry - date::days{period - 1}; x <= entry; x += date::days{1}) {
        used += prior[index(x)];
      }
      // new_sum[i]: days of this stay from the entry through day lo + i - 1 that count and that no
      // earlier stay counts already (a prefix sum, so current() is O(1)).
      auto const fresh = [&](day x) { return current_counts(x) && prior[index(x)] == 0; };
      std::vector<int> new_sum(n_days + 1, 0);
      for (std::size_t i = index(entry); i != n_days; ++i) {
        new_sum[i + 1] = new_sum[i] + (fresh(lo + date::days{static_cast<int>(i)}) ? 1 : 0);
      }
      auto const current = [&](day e) {
        auto const n = new_sum[index(e) + 1] - new_sum[index(entry)];
        return n - ((e != entry && !cx && fresh(e)) ? 1 : 0);
      };
      if (used + current(entry) > w.max_days_) {
        out.refused_at_entry_ = true;
      } else {
        auto e = entry;
        while (e + date::days{1} < entry + date::days{horizon} && used + current(e + date::days{1}) <= w.max_days_) {
          e += date::days{1};
        }
        tighten(e);
      }
      out.window_used_ = used + current(exit);
      out.window_reason_ = say("window_back_from_entry",
                               fmt::format("{} counted days in the {} days back from the entry on {} plus this stay",
                                           *out.window_used_, period, format_day(entry)),
                               {number_param("used", *out.window_used_), number_param("period", period),
                                text_param("entry", ymd(entry))});
    } else {
      if (on_exit(entry) > w.max_days_) {
        out.refused_at_entry_ = true;
      } else {
        // The count never falls while a stay runs, so the first day over the limit ends the stay.
        auto e = entry;
        while (e + date::days{1} < entry + date::days{horizon} && through(e) <= w.max_days_ &&
               on_exit(e + date::days{1}) <= w.max_days_) {
          e += date::days{1};
        }
        tighten(e);
      }
      auto const used = on_exit(exit);
      out.window_used_ = used;
      out.window_reason_ = say("window_ending", fmt::format("{} counted days in the {} days ending {}", used, period, format_day(exit)),
                               {number_param("used", used), number_param("period", period), text_param("exit", ymd(exit))});
    }
  }
  return out;
}

// Where and how the traveller enters and moves on: ports, regions, onward ticket, third country.
void check_route_conditions(context const& c, rule const& r, stay_result& res, std::vector<message>& failures) {
  auto const& s = c.trip_.stays_[c.k_];
  if (!r.allowed_ports_.empty()) {
    if (s.entry_port_.empty()) {
      res.conditions_.push_back(say("enter_at_one_of", fmt::format("enter at one of: {}", join(r.allowed_ports_)),
                                    {text_param("ports", join(r.allowed_ports_))}));
    } else if (!contains(r.allowed_ports_, s.entry_port_)) {
      failures.push_back(say("entry_port_not_allowed",
                             fmt::format("entry at `{}` is not allowed under this rule (only at: {})",
                                         shorten(s.entry_port_), join(r.allowed_ports_)),
                             {text_param("port", shorten(s.entry_port_)), text_param("ports", join(r.allowed_ports_))}));
    }
  }
  if (!r.allowed_regions_.empty()) {
    if (s.regions_.empty()) {
      res.conditions_.push_back(say("stay_within", fmt::format("stay within: {}", join(r.allowed_regions_)),
                                    {text_param("regions", join(r.allowed_regions_))}));
    }
    for (auto const& region : s.regions_) {
      if (!contains(r.allowed_regions_, region)) {
        failures.push_back(say("region_not_allowed",
                               fmt::format("region `{}` is outside the area this rule allows ({})", shorten(region),
                                           join(r.allowed_regions_)),
                               {text_param("region", shorten(region)), text_param("regions", join(r.allowed_regions_))}));
      }
    }
  }
  if (r.onward_ticket_ && !s.onward_ticket_) {
    failures.push_back(say("needs_onward_ticket", "needs a confirmed onward ticket"));
  }
  if (r.third_country_) {
    auto const prev = c.k_ > 0 ? c.trip_.stays_[c.k_ - 1].country_ : std::string{};
    auto const next = c.k_ + 1 < c.trip_.stays_.size() ? c.trip_.stays_[c.k_ + 1].country_ : std::string{};
    if (!prev.empty() && !next.empty() && prev == next) {
      failures.push_back(say("onward_not_back", fmt::format("the onward journey must go to a third country, not back to {}", prev),
                             {text_param("country", prev)}));
    } else if (prev.empty() || next.empty()) {
      res.conditions_.push_back(
          say("onward_to_third_country", "the onward ticket must be to a third country (not back where you came from)"));
    }
  }
}

// The hours limit of a transit rule, and the latest exit it gives.
void check_hours(context const& c, rule const& r, stay_result& res, std::vector<message>& failures) {
  auto const& s = c.trip_.stays_[c.k_];
  if (r.max_hours_) {
    auto const fallback = s.entry_.utc_offset_s_.value_or(s.exit_.utc_offset_s_.value_or(0));
    auto const limit = static_cast<std::int64_t>(*r.max_hours_) * 3600;
    auto const shortest = instant(s.exit_, fallback, false) - instant(s.entry_, fallback, true);
    auto const longest = instant(s.exit_, fallback, true) - instant(s.entry_, fallback, false);
    auto const latest_instant = instant(s.entry_, fallback, false) + limit;
    auto const local_latest = latest_instant + s.entry_.utc_offset_s_.value_or(fallback);
    res.latest_exit_ = day{date::days{static_cast<int>(local_latest >= 0 ? local_latest / 86400 : (local_latest - 86399) / 86400)}};
    if (shortest > limit) {
      failures.push_back(say("stay_over_hours",
                             fmt::format("the stay lasts {} hours, over the {}-hour limit", shortest / 3600, *r.max_hours_),
                             {number_param("hours", shortest / 3600), number_param("limit", *r.max_hours_)}));
    } else if (longest > limit) {
      res.conditions_.push_back(
          say("leave_within_hours_unsure",
              fmt::format("leave within {} hours of entry (entry or exit time not given: check it)", *r.max_hours_),
              {number_param("hours", *r.max_hours_)}));
    } else {
      res.conditions_.push_back(say("leave_within_hours", fmt::format("leave within {} hours of entry", *r.max_hours_),
                                    {number_param("hours", *r.max_hours_)}));
    }
  }
}

// Group tours (size, registered operator) and the wait before re-entry.
void check_group_and_reentry(context const& c, rule const& r, stay_result& res, std::vector<message>& failures) {
  auto const& s = c.trip_.stays_[c.k_];
  if (r.group_) {
    auto const& g = *r.group_;
    // check_stay() evaluates a group rule only for a stay in a group tour (else it is a hint).
    if (s.group_) {
      if (g.min_size_ != 0 && s.group_->size_ < g.min_size_) {
        failures.push_back(say("group_too_small",
                               fmt::format("the group has {} people; at least {} are needed", s.group_->size_, g.min_size_),
                               {number_param("size", s.group_->size_), number_param("min", g.min_size_)}));
      }
      if (g.max_size_ != 0 && s.group_->size_ > g.max_size_) {
        failures.push_back(say("group_too_large",
                               fmt::format("the group has {} people; at most {} are allowed", s.group_->size_, g.max_size_),
                               {number_param("size", s.group_->size_), number_param("max", g.max_size_)}));
      }
      if (g.registered_operator_ && !s.group_->registered_) {
        failures.push_back(say("operator_not_registered",
                               fmt::format("the operator `{}` is not registered for this scheme", shorten(s.group_->operator_id_)),
                               {text_param("operator", shorten(s.group_->operator_id_))}));
      }
    }
    if (!g.text_.empty()) {
      res.conditions_.push_back(rules_text(g.text_, g.texts_));
    }
  }
  if (r.reentry_after_days_) {
    auto const last_exit = c.last_exit_by(s.entry_.date_);
    if (last_exit && days_between(*last_exit, s.entry_.date_) < *r.reentry_after_days_) {
      failures.push_back(say("reentry_too_soon",
                             fmt::format("re-entry only {} days after the last exit ({}); this entry is {} days after it",
                                         *r.reentry_after_days_, format_day(*last_exit),
                                         days_between(*last_exit, s.entry_.date_)),
                             {number_param("wait", *r.reentry_after_days_), text_param("last_exit", ymd(*last_exit)),
                              number_param("days", days_between(*last_exit, s.entry_.date_))}));
    }
  }
}

// Per-stay and window limits: whether they decide the verdict (the limit is exceeded).
bool limit_exceeded(context const& c, rule const& r, stay_result& res) {
  auto const& s = c.trip_.stays_[c.k_];
  auto const lim = compute_limits(c, r);
  if (lim.latest_) {
    res.latest_exit_ = res.latest_exit_ ? std::min(*res.latest_exit_, *lim.latest_) : *lim.latest_;
  }
  res.window_days_used_ = lim.window_used_;
  auto const entry = s.entry_.date_;
  auto const exit = s.exit_.date_;
  if (lim.refused_at_entry_) {
    res.verdict_ = verdict::kLimitExceeded;
    res.latest_exit_.reset();
    res.over_by_days_ = days_between(entry, exit) + 1;
    // A refusal at entry comes only from a window, which always says how it counted.
    auto const window = lim.window_reason_.value_or(message{});
    auto const limits = describe_limits(r);
    res.reasons_.push_back(say("window_full_at_entry",
                               fmt::format("the window is already full on the entry day ({}; limit {})", window.text_,
                                           join_texts(limits)),
                               {messages_param("window", {window}), messages_param("limits", limits)}));
    return true;
  }
  if (res.latest_exit_ && exit > *res.latest_exit_ && !r.max_hours_) {
    res.verdict_ = verdict::kLimitExceeded;
    res.over_by_days_ = days_between(*res.latest_exit_, exit);
    auto const limits = describe_limits(r);
    std::vector<message_param> params{text_param("exit", ymd(exit)), number_param("days", res.over_by_days_),
                                      text_param("latest", ymd(*res.latest_exit_)), messages_param("limits", limits)};
    if (lim.window_reason_) {
      params.push_back(messages_param("window", {*lim.window_reason_}));
    }
    res.reasons_.push_back(say(lim.window_reason_ ? "exit_after_latest_window" : "exit_after_latest",
                               fmt::format("exit on {} is {} day(s) after the latest allowed exit {} ({}{}{})",
                                           format_day(exit), res.over_by_days_, format_day(*res.latest_exit_),
                                           join_texts(limits), lim.window_reason_ ? "; " : "",
                                           lim.window_reason_ ? lim.window_reason_->text_ : ""),
                               std::move(params)));
    return true;
  }
  return false;
}

// Duties of every visitor: registration (the rule's own, else the destination's) and area permits.
void add_duties(context const& c, rule const& r, stay_result& res) {
  auto const& s = c.trip_.stays_[c.k_];
  auto const entry = s.entry_.date_;
  auto const exit = s.exit_.date_;
  auto const* dest = c.rs_.find_destination(s.country_);
  auto const& reg = r.registration_ ? r.registration_ : (dest ? dest->registration_ : std::nullopt);
  if (reg && counted_days(entry, exit, r.count_entry_day_, r.count_exit_day_) > reg->if_stay_over_days_) {
    res.conditions_.push_back(rules_text(reg->text_, reg->texts_));
  }
  for (auto const& p : c.rs_.area_permits()) {
    if (p.destination_ != s.country_) {
      continue;
    }
    if (contains(s.regions_, p.region_) || (!s.entry_port_.empty() && contains(p.ports_, s.entry_port_))) {
      std::vector<message_param> params{messages_param("permit", {rules_text(p.name_, p.name_texts_)}),
                                        text_param("region", p.region_)};
      if (!p.text_.empty()) {
        params.push_back(messages_param("text", {rules_text(p.text_, p.texts_)}));
      }
      res.conditions_.push_back(say(p.text_.empty() ? "permit_needed" : "permit_needed_text",
                                    fmt::format("{} needed for {}{}{}", p.name_, p.region_, p.text_.empty() ? "" : ": ", p.text_),
                                    std::move(params)));
    } else {
      res.notes_.push_back(say("permit_if_going_to", fmt::format("{} is needed if you go to {}", p.name_, p.region_),
                               {messages_param("permit", {rules_text(p.name_, p.name_texts_)}), text_param("region", p.region_)}));
    }
  }
}

// What the rule says to arrange before departure, each with its lead time.
std::vector<message> arrangements(rule const& r) {
  std::vector<message> out;
  for (auto const& a : r.arrange_before_) {
    out.push_back(describe_message(a));
  }
  return out;
}

// A visa to get first: the reason, and what to do before departure (the rule's arrangements, else
// getting the visa or e-visa itself).
void visa_needed(rule const& r, message reason, stay_result& res) {
  res.verdict_ = verdict::kVisaNeeded;
  auto const todo = arrangements(r);
  if (r.regime_ == regime::kEVisa && !todo.empty()) {
    reason.code_ += "_arrange";
    reason.text_ += fmt::format(": {}", join_texts(todo));
    reason.params_.push_back(messages_param("todo", todo));
  } else {
    res.before_departure_.push_back(r.regime_ == regime::kEVisa ? say("get_e_visa", "get an e-visa") : say("get_visa", "get a visa"));
  }
  res.reasons_.push_back(std::move(reason));
  res.before_departure_.insert(res.before_departure_.end(), todo.begin(), todo.end());
}

// Evaluates one rule for one stay.
stay_result evaluate(context const& c, rule const& r) {
  stay_result res;
  res.stay_ = c.k_;
  res.rule_ = &r;
  std::vector<message> failures;
  auto const failure_kind = r.is_transit()   ? verdict::kTransitConditionsNotMet
                            : r.needs_group() ? verdict::kGroupConditionsNotMet
                                              : verdict::kVisaNeeded;
  check_route_conditions(c, r, res, failures);
  check_hours(c, r, res, failures);
  check_group_and_reentry(c, r, res, failures);
  for (std::size_t i = 0; i != r.tell_.size(); ++i) {
    res.conditions_.push_back(rules_text(r.tell_[i], i < r.tell_texts_.size() ? r.tell_texts_[i] : translations{}));
  }

  if (!failures.empty()) {
    res.verdict_ = failure_kind;
    res.reasons_ = std::move(failures);
    if (failure_kind == verdict::kVisaNeeded) {
      // The visa-free (or on-arrival) entry does not apply: a visa got beforehand does.
      res.before_departure_.push_back(say("get_visa", "get a visa"));
      auto const todo = arrangements(r);
      res.before_departure_.insert(res.before_departure_.end(), todo.begin(), todo.end());
    }
    return res;
  }
  if (r.regime_ == regime::kEVisa) {
    visa_needed(r, say("e_visa_needed", "an e-visa is needed before travel"), res);
    return res;
  }
  if (r.regime_ == regime::kVisaRequired) {
    visa_needed(r, say("visa_needed", "a visa is needed before travel"), res);
    return res;
  }
  if (r.regime_ == regime::kVisaOnArrival) {
    res.conditions_.insert(res.conditions_.begin(), say("visa_issued_on_arrival", "the visa is issued on arrival"));
  }
  auto const todo = arrangements(r);
  if (limit_exceeded(c, r, res)) {
    res.before_departure_ = todo;
    return res;
  }
  add_duties(c, r, res);
  if (!todo.empty()) {
    // Not "allowed as planned": the entry depends on something arranged before departure.
    res.verdict_ = verdict::kArrangeBeforeTravel;
    auto const on_arrival = r.regime_ == regime::kVisaOnArrival;
    res.reasons_.push_back(say(on_arrival ? "visa_on_arrival_needs_arranging" : "entry_needs_arranging",
                               fmt::format("{} needs this arranged before departure: {}",
                                           on_arrival ? "the visa on arrival" : "entry", join_texts(todo)),
                               {messages_param("todo", todo)}));
    res.before_departure_ = todo;
    return res;
  }
  res.verdict_ = res.conditions_.empty() ? verdict::kAllowed : verdict::kAllowedWithConditions;
  return res;
}

// Rules of one kind compete only with each other (see the loader's overlap check).
bool same_kind(rule const& a, rule const& b) {
  return a.is_transit() == b.is_transit() && a.needs_group() == b.needs_group() && a.min_age_ == b.min_age_;
}

bool better(stay_result const& a, stay_result const& b) {
  if (a.verdict_ != b.verdict_) {
    return a.verdict_ < b.verdict_;
  }
  if (a.latest_exit_ && b.latest_exit_) {
    return *a.latest_exit_ > *b.latest_exit_;
  }
  return !a.latest_exit_ && b.latest_exit_;
}

std::optional<message> dataset_note(rule const& r) {
  for (auto const& s : r.sources_) {
    if (s.kind_ == "dataset" && s.dataset_date_) {
      return say("rule_from_dataset",
                 fmt::format("rule `{}` comes from a dataset as of {} (confidence {}): verify before travel", r.id_,
                             format_day(*s.dataset_date_), to_string(r.confidence_)),
                 {text_param("rule", r.id_), text_param("date", ymd(*s.dataset_date_)),
                  text_param("confidence", std::string{to_string(r.confidence_)})});
    }
  }
  return std::nullopt;
}

// A stay in a country, with what decides which rules apply to it.
struct stay_rules {
  rule_set const& rs_;
  traveller const& t_;
  stay const& s_;
  bool matches(rule const& r) const {
    return r.destination_ == s_.country_ && (r.passports_ & bit(t_.passport_)) != 0 && (r.purposes_ & bit(s_.purpose_)) != 0 &&
           rs_.covers(r, t_.nationality_);
  }
};

// The rules that apply on the entry date, one per kind (the highest precedence), and notes on those
// not used or set aside.
std::vector<rule const*> pick_rules(stay_rules const& m, std::vector<message>& notes) {
  auto const& rs = m.rs_;
  auto const entry = m.s_.entry_.date_;
  auto const matches = [&](rule const& r) { return m.matches(r); };
  std::vector<rule const*> picks;
  for (auto const& r : rs.rules()) {
    if (!matches(r) || !r.in_force(entry)) {
      continue;
    }
    if (!r.use_) {
      notes.push_back(say("rule_not_used", fmt::format("not used: rule `{}` ({}): {}", r.id_, to_string(r.regime_), r.why_),
                          {text_param("rule", r.id_), text_param("regime", std::string{to_string(r.regime_)}),
                           messages_param("why", {rules_text(r.why_, r.why_texts_)})}));
      continue;
    }
    auto const same = std::find_if(picks.begin(), picks.end(), [&](rule const* p) { return same_kind(*p, r); });
    if (same == picks.end()) {
      picks.push_back(&r);
    } else if (r.precedence_ > (*same)->precedence_) {
      *same = &r;
    }
  }
  // Lower-precedence rules of a picked kind: say that they were set aside, and why.
  for (auto const& r : rs.rules()) {
    if (!matches(r) || !r.in_force(entry) || !r.use_) {
      continue;
    }
    for (auto const* p : picks) {
      if (p != &r && same_kind(*p, r)) {
        auto const limits = describe_limits(r);
        std::vector<message_param> params{text_param("rule", r.id_), text_param("regime", std::string{to_string(r.regime_)}),
                                          text_param("by", p->id_)};
        if (!limits.empty()) {
          params.push_back(messages_param("limits", limits));
        }
        if (!p->why_.empty()) {
          params.push_back(messages_param("why", {rules_text(p->why_, p->why_texts_)}));
        }
        // One code per combination of the optional parts, so that each language words its own sentence.
        notes.push_back(say(fmt::format("rule_set_aside{}{}", limits.empty() ? "" : "_limits", p->why_.empty() ? "" : "_why"),
                            fmt::format("rule `{}` ({}{}{}) is set aside for `{}`{}{}", r.id_, to_string(r.regime_),
                                        limits.empty() ? "" : ", ", join_texts(limits), p->id_,
                                        p->why_.empty() ? "" : ": ", p->why_),
                            std::move(params)));
      }
    }
  }
  return picks;
}

// The rule that governs a stay begun under r: r, or a rule of its kind taking effect during the stay
// that says it covers stays already running. Notes say which and why.
rule const* governing_rule(stay_rules const& m, rule const* r, std::vector<message>& change_notes) {
  auto const& rs = m.rs_;
  auto const entry = m.s_.entry_.date_;
  auto const exit = m.s_.exit_.date_;
  auto const matches = [&](rule const& x) { return m.matches(x); };
  // A rule of the same kind that takes effect during the stay governs only if it says it covers
  // stays already running; otherwise the rule in force on the entry date governs the whole stay.
  for (auto const& later : rs.rules()) {
    if (&later == r || !later.use_ || !matches(later) || !same_kind(later, *r) || !later.from_ ||
        *later.from_ <= entry || *later.from_ > exit) {
      continue;
    }
    if (later.covers_running_stays_ && later.precedence_ >= r->precedence_) {
      change_notes.push_back(say("rule_took_over",
                                 fmt::format("rule `{}` took effect on {} during this stay and covers stays already "
                                             "running, so it governs instead of `{}`",
                                             later.id_, format_day(*later.from_), r->id_),
                                 {text_param("rule", later.id_), text_param("date", ymd(*later.from_)),
                                  text_param("instead_of", r->id_)}));
      r = &later;
    } else {
      change_notes.push_back(say("rule_starts_during_stay",
                                 fmt::format("rule `{}` takes effect on {} during this stay; the rule in force on the "
                                             "entry date (`{}`) governs the whole stay",
                                             later.id_, format_day(*later.from_), r->id_),
                                 {text_param("rule", later.id_), text_param("date", ymd(*later.from_)),
                                  text_param("governing", r->id_)}));
    }
  }
  if (r->until_ && *r->until_ < exit) {
    change_notes.push_back(say("rule_ends_during_stay",
                               fmt::format("rule `{}` ends on {} during this stay; it still governs the stay begun under it",
                                           r->id_, format_day(*r->until_)),
                               {text_param("rule", r->id_), text_param("date", ymd(*r->until_))}));
  }
  return r;
}

// No rule applies: say so, with what takes effect during the stay and the hints gathered.
stay_result no_rule(stay_rules const& m, std::size_t k, std::vector<message> const& hints, std::vector<message> const& notes) {
  auto const& t = m.t_;
  auto const& s = m.s_;
  auto const entry = s.entry_.date_;
  auto const exit = s.exit_.date_;
  stay_result none;
  none.stay_ = k;
  none.verdict_ = verdict::kNoRuleKnown;
  none.reasons_.push_back(say("no_rule_known",
                              fmt::format("no rule known for {} {} passport, {} in {} on {}", t.nationality_,
                                          to_string(t.passport_), to_string(s.purpose_), s.country_, format_day(entry)),
                              {text_param("nationality", t.nationality_), text_param("passport", std::string{to_string(t.passport_)}),
                               text_param("purpose", std::string{to_string(s.purpose_)}), text_param("country", s.country_),
                               text_param("date", ymd(entry))}));
  for (auto const& r : m.rs_.rules()) {
    if (m.matches(r) && r.use_ && r.from_ && *r.from_ > entry && *r.from_ <= exit) {
      none.notes_.push_back(say("rule_takes_effect_during_stay",
                                fmt::format("rule `{}` takes effect on {}, during this stay", r.id_, format_day(*r.from_)),
                                {text_param("rule", r.id_), text_param("date", ymd(*r.from_))}));
    }
  }
  none.notes_.insert(none.notes_.end(), hints.begin(), hints.end());
  none.notes_.insert(none.notes_.end(), notes.begin(), notes.end());
  return none;
}

// The best verdict of those found, the others as alternatives, with the notes a reader needs.
stay_result best_of(std::vector<stay_result> results, std::vector<message> const& hints, std::vector<message> const& notes) {
  std::sort(results.begin(), results.end(), better);
  auto best = std::move(results.front());
  for (std::size_t i = 1; i < results.size(); ++i) {
    best.alternatives_.push_back({results[i].rule_->id_, results[i].verdict_});
  }
  if (!is_ok(best.verdict_)) {
    best.notes_.insert(best.notes_.end(), hints.begin(), hints.end());
  }
  if (!best.rule_->from_) {
    best.notes_.push_back(say("rule_start_unknown", fmt::format("the start date of rule `{}` is not in our sources", best.rule_->id_),
                              {text_param("rule", best.rule_->id_)}));
  }
  if (auto const n = dataset_note(*best.rule_)) {
    best.notes_.push_back(*n);
  }
  if (!best.rule_->note_.empty()) {
    best.notes_.push_back(rules_text(best.rule_->note_, best.rule_->note_texts_));
  }
  best.notes_.insert(best.notes_.end(), notes.begin(), notes.end());
  return best;
}

stay_result check_stay(rule_set const& rs, traveller const& t, itinerary const& trip, std::size_t k, presence* where,
                       std::size_t n_trip_before) {
  auto const& s = trip.stays_[k];
  if (s.country_ == t.nationality_) {
    stay_result own;
    own.stay_ = k;
    own.verdict_ = verdict::kOwnCountry;
    return own;
  }
  context c{rs, t, trip, k, where, n_trip_before};
  stay_rules const m{rs, t, s};
  auto const entry = s.entry_.date_;
  std::vector<message> notes;
  auto const picks = pick_rules(m, notes);
  std::vector<stay_result> results;
  std::vector<message> hints;
  for (auto const* p : picks) {
    auto const* r = p;
    if (r->min_age_) {
      if (!t.birth_date_) {
        auto const limits = describe_limits(*r);
        hints.push_back(say("rule_if_aged",
                            fmt::format("if aged {} or over on entry: rule `{}` ({}, {}); give a birth date to check",
                                        *r->min_age_, r->id_, to_string(r->regime_), join_texts(limits)),
                            {number_param("age", *r->min_age_), text_param("rule", r->id_),
                             text_param("regime", std::string{to_string(r->regime_)}), messages_param("limits", limits)}));
        continue;
      }
      if (age_on(*t.birth_date_, entry) < *r->min_age_) {
        continue;
      }
    }
    if (r->needs_group() && !s.group_) {
      auto const limits = describe_limits(*r);
      hints.push_back(say("rule_for_group_tours",
                          fmt::format("organised group tours: rule `{}` ({}, {})", r->id_, to_string(r->regime_), join_texts(limits)),
                          {text_param("rule", r->id_), text_param("regime", std::string{to_string(r->regime_)}),
                           messages_param("limits", limits)}));
      continue;
    }
    std::vector<message> change_notes;
    r = governing_rule(m, r, change_notes);
    auto res = evaluate(c, *r);
    res.notes_.insert(res.notes_.begin(), change_notes.begin(), change_notes.end());
    results.push_back(std::move(res));
  }
  if (results.empty()) {
    return no_rule(m, k, hints, notes);
  }
  return best_of(std::move(results), hints, notes);
}

}  // namespace

std::string_view to_string(verdict v) { return kVerdictNames[static_cast<std::size_t>(v)]; }

bool traveller_result::all_ok() const {
  return std::all_of(stays_.begin(), stays_.end(), [](stay_result const& s) { return is_ok(s.verdict_); });
}

void validate(itinerary const& trip) {
  for (std::size_t k = 0; k != trip.stays_.size(); ++k) {
    auto const& s = trip.stays_[k];
    if (!is_country_code(s.country_)) {
      throw data_error{{}, fmt::format("stay {}: unknown country code `{}`", k + 1, shorten(s.country_))};
    }
    if (s.exit_.date_ < s.entry_.date_ ||
        (s.exit_.date_ == s.entry_.date_ && s.exit_.seconds_of_day_ && s.entry_.seconds_of_day_ &&
         *s.exit_.seconds_of_day_ < *s.entry_.seconds_of_day_)) {
      throw data_error{{}, fmt::format("stay {} ({}): exit {} is before entry {}", k + 1, s.country_,
                                       format_local_time(s.exit_), format_local_time(s.entry_))};
    }
    if (k > 0 && s.entry_.date_ < trip.stays_[k - 1].exit_.date_) {
      throw data_error{{}, fmt::format("stay {} ({}): entry {} is before the previous stay's exit {}", k + 1,
                                       s.country_, format_local_time(s.entry_),
                                       format_local_time(trip.stays_[k - 1].exit_))};
    }
    if (s.group_ && s.group_->size_ < 1) {
      throw data_error{{}, fmt::format("stay {} ({}): group size must be at least 1", k + 1, s.country_)};
    }
  }
}

std::vector<traveller_result> check(rule_set const& rules, std::span<traveller const> travellers,
                                    itinerary const& trip) {
  return check(rules, travellers, trip, std::chrono::steady_clock::time_point::max());
}

std::vector<traveller_result> check(rule_set const& rules, std::span<traveller const> travellers,
                                    itinerary const& trip, std::chrono::steady_clock::time_point deadline) {
  auto const timed = deadline != std::chrono::steady_clock::time_point::max();
  std::vector<traveller_result> out;
  out.reserve(travellers.size());
  for (auto const& t : travellers) {
    // The traveller's presence per country, earlier stays first; the itinerary's stays join as the
    // check passes them, so each stay sees only those before it.
    std::map<std::string, presence, std::less<>> where;
    for (auto const& e : t.earlier_stays_) {
      where[e.country_].earlier_.push_back({e.entry_, e.exit_});
    }
    for (auto& [country, p] : where) {
      for (auto const& e : p.earlier_) {
        p.earlier_exits_.push_back(e.exit_);
      }
      std::sort(p.earlier_exits_.begin(), p.earlier_exits_.end());
    }
    traveller_result tr;
    tr.stays_.reserve(trip.stays_.size());
    for (std::size_t k = 0; k != trip.stays_.size(); ++k) {
      if (timed && k % 64 == 0 && std::chrono::steady_clock::now() >= deadline) {
        throw check_cancelled{};
      }
      auto const& s = trip.stays_[k];
      auto& p = where[s.country_];
      auto const n_before = p.trip_.size();
      tr.stays_.push_back(check_stay(rules, t, trip, k, &p, n_before));
      interval const here{s.entry_.date_, s.exit_.date_};
      if (p.trip_.empty() || p.trip_.back().entry_ != here.entry_ || p.trip_.back().exit_ != here.exit_) {
        p.trip_.push_back(here);
      }
      for (auto const& todo : tr.stays_.back().before_departure_) {
        auto item = say("in_country", fmt::format("{}: {}", s.country_, todo.text_),
                        {text_param("country", s.country_), messages_param("todo", {todo})});
        auto const same_text = [&](message const& m) { return m.text_ == item.text_; };
        if (std::none_of(tr.before_departure_.begin(), tr.before_departure_.end(), same_text)) {
          tr.before_departure_.push_back(std::move(item));
        }
      }
    }
    out.push_back(std::move(tr));
  }
  return out;
}

}  // namespace caravan::rules

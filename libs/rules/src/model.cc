#include "caravan/rules/model.h"

#include <array>
#include <utility>

#include <fmt/format.h>

#include "caravan/base/date.h"

namespace caravan::rules {

namespace {

template <typename E, std::size_t N>
std::optional<E> lookup(std::array<std::pair<std::string_view, E>, N> const& names, std::string_view s) {
  for (auto const& [name, e] : names) {
    if (name == s) {
      return e;
    }
  }
  return std::nullopt;
}

template <typename E, std::size_t N>
std::string_view name_of(std::array<std::pair<std::string_view, E>, N> const& names, E e) {
  for (auto const& [name, value] : names) {
    if (value == e) {
      return name;
    }
  }
  return "?";
}

constexpr std::array<std::pair<std::string_view, passport_type>, 3> kPassports{{
    {"ordinary", passport_type::kOrdinary},
    {"service", passport_type::kService},
    {"diplomatic", passport_type::kDiplomatic},
}};
constexpr std::array<std::pair<std::string_view, purpose>, 4> kPurposes{{
    {"tourism", purpose::kTourism},
    {"business", purpose::kBusiness},
    {"family", purpose::kFamily},
    {"transit", purpose::kTransit},
}};
constexpr std::array<std::pair<std::string_view, regime>, 6> kRegimes{{
    {"visa_free", regime::kVisaFree},
    {"e_visa", regime::kEVisa},
    {"visa_on_arrival", regime::kVisaOnArrival},
    {"visa_required", regime::kVisaRequired},
    {"visa_free_transit", regime::kVisaFreeTransit},
    {"visa_free_group_tour", regime::kVisaFreeGroupTour},
}};
constexpr std::array<std::pair<std::string_view, window_anchor>, 2> kAnchors{{
    {"each_day", window_anchor::kEachDay},
    {"entry", window_anchor::kEntry},
}};
constexpr std::array<std::pair<std::string_view, confidence>, 3> kConfidences{{
    {"high", confidence::kHigh},
    {"medium", confidence::kMedium},
    {"low", confidence::kLow},
}};

}  // namespace

std::optional<day> parse_day(std::string_view s) {
  auto const d = parse_date(s, date_format::kIso, 1900, 2200);
  return d ? std::optional{day{date::days{*d}}} : std::nullopt;
}

std::string format_day(day d) { return format_date(static_cast<std::int32_t>(d.time_since_epoch().count())); }

std::string_view to_string(passport_type p) { return name_of(kPassports, p); }
std::string_view to_string(purpose p) { return name_of(kPurposes, p); }
std::string_view to_string(regime r) { return name_of(kRegimes, r); }
std::string_view to_string(window_anchor a) { return name_of(kAnchors, a); }
std::string_view to_string(confidence c) { return name_of(kConfidences, c); }
std::optional<passport_type> parse_passport_type(std::string_view s) { return lookup(kPassports, s); }

message describe_message(arrangement const& a) {
  message m;
  auto what = rules_text(a.what_, a.what_texts_);
  auto const unit = [&](int n) { return fmt::format("{}{}", a.working_days_ ? "working day" : "day", n == 1 ? "" : "s"); };
  auto const working = std::string{a.working_days_ ? "_working" : ""};
  if (a.min_days_ && a.max_days_ && *a.min_days_ != *a.max_days_) {
    m.code_ = "arrange_range" + working;
    m.text_ = fmt::format("{}, {}-{} {} ahead", a.what_, *a.min_days_, *a.max_days_, unit(*a.max_days_));
    m.params_ = {messages_param("what", {std::move(what)}), number_param("min", *a.min_days_),
                 number_param("max", *a.max_days_)};
  } else if (a.min_days_ || a.max_days_) {
    auto const n = a.min_days_ ? *a.min_days_ : *a.max_days_;
    m.code_ = (a.min_days_ ? "arrange_at_least" : "arrange_up_to") + working;
    m.text_ = fmt::format("{}, {}{} {} ahead", a.what_, a.min_days_ ? "at least " : "up to ", n, unit(n));
    m.params_ = {messages_param("what", {std::move(what)}), number_param("days", n)};
  } else {
    m.code_ = "arrange_lead_time_unknown";
    m.text_ = fmt::format("{} before departure (how long ahead is not in our sources)", a.what_);
    m.params_ = {messages_param("what", {std::move(what)})};
  }
  return m;
}

std::string describe(arrangement const& a) { return describe_message(a).text_; }
std::optional<purpose> parse_purpose(std::string_view s) { return lookup(kPurposes, s); }
std::optional<regime> parse_regime(std::string_view s) { return lookup(kRegimes, s); }
std::optional<window_anchor> parse_window_anchor(std::string_view s) { return lookup(kAnchors, s); }
std::optional<confidence> parse_confidence(std::string_view s) { return lookup(kConfidences, s); }

}  // namespace caravan::rules

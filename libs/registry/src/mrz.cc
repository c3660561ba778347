#include "caravan/registry/mrz.h"

#include <chrono>

#include <fmt/format.h>

#include "caravan/base/date.h"
#include "caravan/base/text.h"
#include "caravan/registry/countries.h"

namespace caravan::registry {

namespace {

constexpr std::size_t kLine = 44;

// Spaces, tabs and line ends around a line (a scanner's CRLF, a pasted indent).
std::string_view strip(std::string_view s) {
  auto const first = s.find_first_not_of(" \t\r\n");
  return first == std::string_view::npos ? std::string_view{} : s.substr(first, s.find_last_not_of(" \t\r\n") - first + 1);
}

// "ZHANG<<SAN<FENG<<<<" -> {"ZHANG", "SAN FENG"}.
std::pair<std::string, std::string> split_names(std::string_view field) {
  auto const sep = field.find("<<");
  auto const words = [](std::string_view s) {
    std::string out;
    for (auto const c : s) {
      out += c == '<' ? ' ' : c;
    }
    return std::string{trim(out)};
  };
  if (sep == std::string_view::npos) {
    return {words(field), {}};
  }
  return {words(field.substr(0, sep)), words(field.substr(sep + 2))};
}

std::string without_filler(std::string_view s) {
  while (!s.empty() && s.back() == '<') {
    s.remove_suffix(1);
  }
  return std::string{s};
}

// YYMMDD with the century chosen by `pick` (given the two-digit year); nullopt when not a date.
template <typename Pick>
std::optional<std::int32_t> read_yymmdd(std::string_view s, Pick pick) {
  for (auto const c : s) {
    if (c < '0' || c > '9') {
      return std::nullopt;
    }
  }
  auto const yy = (s[0] - '0') * 10 + (s[1] - '0');
  auto const ymd = std::chrono::year_month_day{std::chrono::year{pick(yy)},
                                               std::chrono::month{static_cast<unsigned>((s[2] - '0') * 10 + (s[3] - '0'))},
                                               std::chrono::day{static_cast<unsigned>((s[4] - '0') * 10 + (s[5] - '0'))}};
  if (!ymd.ok()) {
    return std::nullopt;
  }
  return days_since_epoch(ymd);
}

}  // namespace

std::optional<int> mrz_check_digit(std::string_view field) {
  static constexpr int kWeights[] = {7, 3, 1};
  int sum = 0;
  for (std::size_t i = 0; i != field.size(); ++i) {
    auto const c = field[i];
    int v = 0;
    if (c >= '0' && c <= '9') {
      v = c - '0';
    } else if (c >= 'A' && c <= 'Z') {
      v = c - 'A' + 10;
    } else if (c != '<') {
      return std::nullopt;
    }
    sum += v * kWeights[i % 3];
  }
  return sum % 10;
}

mrz_result parse_td3(std::string_view text, std::int32_t today) {
  mrz_result r;
  auto const fail = [&](std::string field, std::string what) {
    r.problems_.push_back({std::move(field), std::move(what)});
  };
  if (text.size() > 200) {
    fail("line1", fmt::format("the text is {} bytes long: a passport's zone is two lines of 44 characters", text.size()));
    return r;
  }
  // The two lines: split at a line break, or at 44 when the zone came as one run of 88.
  std::string_view l1;
  std::string_view l2;
  text = strip(text);
  if (auto const nl = text.find('\n'); nl != std::string_view::npos) {
    l1 = strip(text.substr(0, nl));
    l2 = strip(text.substr(nl + 1));
  } else if (text.size() == 2 * kLine) {
    l1 = text.substr(0, kLine);
    l2 = text.substr(kLine);
  } else {
    fail("line1", fmt::format("expected two lines of 44 characters, got one of {}", text.size()));
    return r;
  }
  auto const line1 = ascii_upper(l1);
  auto const line2 = ascii_upper(l2);
  for (auto const& [name, line] : {std::pair{"line1", &line1}, std::pair{"line2", &line2}}) {
    if (line->size() != kLine) {
      fail(name, fmt::format("{} characters, expected 44", line->size()));
    } else if (auto const bad = line->find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<");
               bad != std::string::npos) {
      fail(name, fmt::format("character {} is not A-Z, 0-9 or '<'", bad + 1));
    }
  }
  if (!r.problems_.empty()) {
    return r;
  }
  if (line1[0] != 'P') {
    fail("line1", fmt::format("document code \"{}\" is not a passport's (P)", without_filler(line1.substr(0, 2))));
    return r;
  }

  // Each checked field against its digit: 0-9 number 9, 13-18 birth 19, 21-26 expiry 27, 28-41
  // optional data 42 ('<' allowed when the data is all filler), composite 43.
  auto const check = [&](char const* field, std::string_view data, char digit, bool filler_ok = false) {
    if (filler_ok && digit == '<' && data.find_first_not_of('<') == std::string_view::npos) {
      return;
    }
    auto const want = mrz_check_digit(data);
    if (digit < '0' || digit > '9' || !want || *want != digit - '0') {
      fail(field, fmt::format("check digit {} does not match (computed {})", digit, want.value_or(-1)));
    }
  };
  std::string_view const l2v = line2;
  check("number", l2v.substr(0, 9), line2[9]);
  check("birth_date", l2v.substr(13, 6), line2[19]);
  check("expiry", l2v.substr(21, 6), line2[27]);
  check("personal_number", l2v.substr(28, 14), line2[42], true);
  auto const composite = std::string{l2v.substr(0, 10)} + std::string{l2v.substr(13, 7)} + std::string{l2v.substr(21, 22)};
  check("composite", composite, line2[43]);

  mrz_passport p;
  p.document_code_ = without_filler(std::string_view{line1}.substr(0, 2));
  p.issuing_state_ = without_filler(std::string_view{line1}.substr(2, 3));
  std::tie(p.surname_, p.given_names_) = split_names(std::string_view{line1}.substr(5));
  p.number_ = without_filler(l2v.substr(0, 9));
  p.nationality_icao_ = without_filler(l2v.substr(10, 3));
  p.nationality_ = std::string{alpha2_of_icao(p.nationality_icao_)};
  p.personal_number_ = without_filler(l2v.substr(28, 14));
  p.sex_ = line2[20];
  if (p.surname_.empty()) {
    fail("surname", "no surname in the name field");
  }
  if (p.number_.empty()) {
    fail("number", "no document number");
  }
  if (p.nationality_.empty() && p.nationality_icao_ != "XXA" && p.nationality_icao_ != "XXB" &&
      p.nationality_icao_ != "XXC" && p.nationality_icao_ != "XXX") {
    fail("nationality", fmt::format("\"{}\" is not a country code", p.nationality_icao_));
  }
  if (p.sex_ != 'M' && p.sex_ != 'F' && p.sex_ != '<') {
    fail("sex", fmt::format("\"{}\" is not M, F or <", p.sex_));
  }
  // A two-digit birth year is this century's unless that would be after today.
  auto birth = read_yymmdd(l2v.substr(13, 6), [](int yy) { return 2000 + yy; });
  if (birth && *birth > today) {
    birth = read_yymmdd(l2v.substr(13, 6), [](int yy) { return 1900 + yy; });
  }
  auto const expiry = read_yymmdd(l2v.substr(21, 6), [](int yy) { return 2000 + yy; });
  if (!birth) {
    fail("birth_date", "is not a date (YYMMDD)");  // the value is personal data: never quoted
  }
  if (!expiry) {
    fail("expiry", "is not a date (YYMMDD)");
  }
  if (r.problems_.empty()) {
    p.birth_date_ = birth.value_or(0);
    p.expiry_ = expiry.value_or(0);
    r.passport_ = std::move(p);
  }
  return r;
}

}  // namespace caravan::registry

#include "caravan/planner/stop_search.h"

#include <algorithm>
#include <array>
#include <bit>
#include <map>
#include <numeric>
#include <tuple>

#include <fmt/format.h>

#include "caravan/base/text.h"
#include "caravan/planner/error.h"
#include "caravan/planner/places.h"
#include "caravan/timetable/builder.h"

namespace caravan::planner {

namespace {

// Longer names and words are left out of fuzzy matching (keeps the edit rows on the stack).
constexpr std::size_t kMaxFuzzyLength = 64;
// Words shorter than this are not fuzzy tokens of their own: two edits would turn them into anything.
constexpr std::size_t kMinFuzzyWord = 4;

// Decodes the code point at s[i] of valid UTF-8 (normalize_name's output) and advances i.
char32_t decode(std::string_view s, std::size_t& i) {
  auto const c = static_cast<unsigned char>(s[i]);
  auto const n = c < 0x80U ? 1U : c < 0xE0U ? 2U : c < 0xF0U ? 3U : 4U;
  char32_t v = n == 1U ? c : n == 2U ? (c & 0x1FU) : n == 3U ? (c & 0x0FU) : (c & 0x07U);
  for (std::size_t k = 1; k != n && i + k < s.size(); ++k) {
    v = (v << 6U) | (static_cast<unsigned char>(s[i + k]) & 0x3FU);
  }
  i += n;
  return v;
}

// Lower-case Cyrillic (normalize_name folds case) in Latin letters: nullptr = not Cyrillic, keep it.
char const* latin_of(char32_t c) {
  // а..я, U+0430..U+044F
  static constexpr std::array<char const*, 32> kRussian = {
      "a", "b", "v", "g", "d",  "e",    "zh", "z", "i",  "y", "k", "l", "m",  "n",  "o",  "p",  //
      "r", "s", "t", "u", "f",  "kh",   "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya"};
  // ѐ..џ, U+0450..U+045F (Serbian, Macedonian, Ukrainian, Belarusian)
  static constexpr std::array<char const*, 16> kExtended = {"e", "e",  "dj", "g", "ye", "dz", "i", "yi",
                                                            "j", "lj", "nj", "c", "k",  "i",  "u", "dz"};
  if (c >= 0x430U && c <= 0x44FU) {
    return kRussian[c - 0x430U];
  }
  if (c >= 0x450U && c <= 0x45FU) {
    return kExtended[c - 0x450U];
  }
  switch (c) {
    case 0x491U: return "g";   // ґ Ukrainian
    case 0x493U: return "g";   // ғ Kazakh, Tajik, Uzbek
    case 0x497U: return "zh";  // җ Turkmen, Tatar
    case 0x49BU: return "k";   // қ Kazakh, Tajik, Uzbek
    case 0x4A3U: return "ng";  // ң Kazakh, Kyrgyz, Turkmen
    case 0x4AFU: return "u";   // ү Kazakh, Kyrgyz, Turkmen
    case 0x4B1U: return "u";   // ұ Kazakh
    case 0x4B3U: return "h";   // ҳ Tajik, Uzbek
    case 0x4B7U: return "j";   // ҷ Tajik
    case 0x4BBU: return "h";   // һ Kazakh, Bashkir
    case 0x4CFU: return "";    // ӏ palochka (Caucasian languages)
    case 0x4D9U: return "a";   // ә Kazakh, Turkmen
    case 0x4E3U: return "i";   // ӣ Tajik
    case 0x4E9U: return "o";   // ө Kazakh, Kyrgyz, Mongolian
    case 0x4EFU: return "u";   // ӯ Tajik
    default: return nullptr;
  }
}

// Scripts written without spaces between words: every character may start a word.
bool is_cjk(char32_t c) {
  return (c >= 0x2E80U && c <= 0x9FFFU) || (c >= 0xAC00U && c <= 0xD7AFU) || (c >= 0xF900U && c <= 0xFAFFU) ||
         (c >= 0xFF66U && c <= 0xFF9FU) || (c >= 0x20000U && c <= 0x3FFFFU);
}

bool is_ascii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80U; });
}

std::string without_spaces(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  std::copy_if(s.begin(), s.end(), std::back_inserter(out), [](char c) { return c != ' '; });
  return out;
}

std::uint32_t letters_of(std::string_view s) {
  std::uint32_t m = 0;
  for (auto const ch : s) {
    auto const c = static_cast<unsigned char>(ch);
    m |= c >= 'a' && c <= 'z' ? 1U << (c - 'a') : 1U << (26U + c % 6U);  // digits share 6 bits: still a bound
  }
  return m;
}

// Edits allowed between a text of this many letters (spaces removed) and a name: none for short texts,
// where one edit already turns Osh into Ash; then about one in four or five letters.
std::uint32_t max_edits(std::size_t length) {
  return length < 4 ? 0U : length < 6 ? 1U : length < 12 ? 2U : 3U;
}

// Levenshtein distance of two ASCII strings of at most kMaxFuzzyLength, if at most `bound`.
std::optional<std::uint32_t> bounded_edits(std::string_view a, std::string_view b, std::uint32_t bound) {
  std::array<std::uint32_t, kMaxFuzzyLength + 1> row{};
  std::iota(row.begin(), row.begin() + static_cast<std::ptrdiff_t>(b.size()) + 1, 0U);
  for (std::size_t i = 1; i <= a.size(); ++i) {
    auto diagonal = row[0];
    row[0] = static_cast<std::uint32_t>(i);
    auto row_min = row[0];
    for (std::size_t j = 1; j <= b.size(); ++j) {
      auto const above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0U : 1U)});
      diagonal = above;
      row_min = std::min(row_min, row[j]);
    }
    if (row_min > bound) {
      return std::nullopt;  // every path already costs more
    }
  }
  return row[b.size()] <= bound ? std::optional{row[b.size()]} : std::nullopt;
}

bool matchable(tt::stop_record const& s) {
  return s.type_ == tt::location_type::kStop || s.type_ == tt::location_type::kStation;
}

// search_key() of normalize_name()'s output.
std::string latin_key(std::string_view norm) {
  std::string out;
  out.reserve(norm.size());
  std::size_t i = 0;
  while (i < norm.size()) {
    auto const start = i;
    auto const c = decode(norm, i);
    if (auto const latin = latin_of(c)) {
      out += latin;
    } else {
      out.append(norm, start, i - start);
    }
  }
  return out;
}

}  // namespace

std::string search_key(std::string_view text) { return latin_key(normalize_name(text)); }

std::string_view to_string(match_kind k) {
  switch (k) {
    case match_kind::kExact: return "exact";
    case match_kind::kPrefix: return "prefix";
    case match_kind::kSubstring: return "substring";
    case match_kind::kFuzzy: return "fuzzy";
  }
  return "?";
}

tt::latlng parse_position(std::string_view text, std::string const& field) {
  auto const comma = text.find(',');
  auto const lat = comma == std::string_view::npos ? std::nullopt : parse_double(trim(text.substr(0, comma)));
  auto const lon = comma == std::string_view::npos ? std::nullopt : parse_double(trim(text.substr(comma + 1)));
  if (!lat || !lon) {
    throw query_error{field, fmt::format("position `{}`: expected LAT,LON in decimal degrees, e.g. 43.25,76.91", text)};
  }
  if (!(*lat >= -90.0 && *lat <= 90.0)) {
    throw query_error{field, fmt::format("position `{}`: latitude {} is not between -90 and 90", text, *lat)};
  }
  if (!(*lon >= -180.0 && *lon <= 180.0)) {
    throw query_error{field, fmt::format("position `{}`: longitude {} is not between -180 and 180", text, *lon)};
  }
  return {*lat, *lon};
}

stop_search::stop_search(tt::timetable const& tt) : tt_{tt} {
  auto const feed_lang = tt.meta("feed_lang");
  auto const add = [&](tt::stop_idx s, std::string_view name, std::string_view language, bool translated) {
    auto const norm = normalize_name(name);
    auto key = latin_key(norm);
    if (key.empty()) {
      return;
    }
    auto const& r = tt.stop(s);
    names_.push_back({s, r.parent_.valid() ? r.parent_ : s, name, language, translated, is_ascii(norm), std::move(key)});
  };
  for (auto const s : indices<tt::stop_idx>(tt.n_stops())) {
    if (matchable(tt.stop(s))) {
      add(s, tt.str(tt.stop(s).name_), feed_lang, false);
    }
  }
  for (auto const& t : tt.columns().translations_) {
    if (t.table_ == tt::translated_table::kStop && t.record_ < tt.n_stops() && tt.str(t.field_) == "stop_name" &&
        matchable(tt.stop(tt::stop_idx{t.record_}))) {
      add(tt::stop_idx{t.record_}, tt.str(t.text_), tt.str(t.language_), true);
    }
  }

  std::map<std::string, std::vector<std::uint32_t>, std::less<>> fuzzy;
  for (std::uint32_t e = 0; e != names_.size(); ++e) {
    auto const& key = names_[e].key_;
    std::size_t i = 0;
    bool word_start = true;
    while (i < key.size()) {
      auto const start = i;
      auto const c = decode(key, i);
      if (word_start || is_cjk(c)) {
        suffixes_.push_back({e, static_cast<std::uint32_t>(start)});
      }
      word_start = c == U' ';
    }
    if (is_ascii(key)) {
      if (auto compact = without_spaces(key); compact.size() <= kMaxFuzzyLength) {
        fuzzy[std::move(compact)].push_back(e);
      }
      if (key.find(' ') != std::string::npos) {
        for (std::size_t b = 0; b < key.size();) {
          auto const end = std::min(key.find(' ', b), key.size());
          if (auto const w = key.substr(b, end - b); w.size() >= kMinFuzzyWord && w.size() <= kMaxFuzzyLength) {
            fuzzy[w].push_back(e);
          }
          b = end + 1;
        }
      }
    }
  }
  std::sort(suffixes_.begin(), suffixes_.end(), [&](suffix const& a, suffix const& b) {
    auto const x = suffix_text(a);
    auto const y = suffix_text(b);
    return x != y ? x < y : a.entry_ < b.entry_;
  });

  for (auto& [text, entries] : fuzzy) {
    entries.erase(std::unique(entries.begin(), entries.end()), entries.end());
    tokens_.push_back({text, letters_of(text), static_cast<std::uint32_t>(token_entries_.size()),
                       static_cast<std::uint32_t>(entries.size())});
    token_entries_.insert(token_entries_.end(), entries.begin(), entries.end());
  }
  std::stable_sort(tokens_.begin(), tokens_.end(),
                   [](token const& a, token const& b) { return a.text_.size() < b.text_.size(); });
  token_by_length_.assign(kMaxFuzzyLength + 2, 0);
  for (auto const& t : tokens_) {
    ++token_by_length_[t.text_.size() + 1];
  }
  std::partial_sum(token_by_length_.begin(), token_by_length_.end(), token_by_length_.begin());

  // Each stop's rank by its own name: the last tie-break, without comparing strings per query.
  std::vector<std::pair<std::string, tt::stop_idx>> own;
  own.reserve(tt.n_stops());
  for (auto const s : indices<tt::stop_idx>(tt.n_stops())) {
    own.emplace_back(search_key(tt.str(tt.stop(s).name_)), s);
  }
  std::sort(own.begin(), own.end());
  name_rank_.resize(tt.n_stops());
  for (std::uint32_t k = 0; k != own.size(); ++k) {
    name_rank_[own[k].second.idx()] = k;
  }
}

std::vector<tt::stop_idx> stop_search::exact(std::string_view text) const {
  auto const q = search_key(text);
  std::vector<tt::stop_idx> out;
  if (q.empty()) {
    return out;
  }
  auto it = std::lower_bound(suffixes_.begin(), suffixes_.end(), q,
                             [&](suffix const& s, std::string_view x) { return suffix_text(s) < x; });
  for (; it != suffixes_.end() && suffix_text(*it) == q; ++it) {
    if (it->offset_ == 0) {
      out.push_back(names_[it->entry_].stop_);
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::vector<stop_match> stop_search::search(std::string_view text, std::optional<tt::latlng> near, std::size_t limit) const {
  auto const norm = normalize_name(text);
  auto const q = latin_key(norm);
  if (q.empty() || limit == 0) {
    return {};
  }
  bool const latin_text = is_ascii(norm);
  struct candidate {
    std::uint32_t entry_;
    match_kind kind_;
    std::uint32_t edits_;
  };
  std::vector<candidate> found;
  auto it = std::lower_bound(suffixes_.begin(), suffixes_.end(), q,
                             [&](suffix const& s, std::string_view x) { return suffix_text(s) < x; });
  for (; it != suffixes_.end() && suffix_text(*it).starts_with(q); ++it) {
    auto const kind = it->offset_ != 0                           ? match_kind::kSubstring
                      : names_[it->entry_].key_.size() == q.size() ? match_kind::kExact
                                                                   : match_kind::kPrefix;
    found.push_back({it->entry_, kind, 0});
  }

  auto const place_of = [&](candidate const& c) { return names_[c.entry_].place_; };
  // Per place the best candidate: by kind and edits, then a name in the text's script (Ташкент matches
  // the Russian name rather than Tashkent), the place's own name over its stops', stop_name over
  // translations.
  auto const best_per_place = [&] {
    std::sort(found.begin(), found.end(), [&](candidate const& a, candidate const& b) {
      auto const& x = names_[a.entry_];
      auto const& y = names_[b.entry_];
      return std::tuple{x.place_, a.kind_, a.edits_, x.latin_ != latin_text, x.stop_ != x.place_, x.translated_, a.entry_} <
             std::tuple{y.place_, b.kind_, b.edits_, y.latin_ != latin_text, y.stop_ != y.place_, y.translated_, b.entry_};
    });
    found.erase(std::unique(found.begin(), found.end(),
                            [&](candidate const& a, candidate const& b) { return place_of(a) == place_of(b); }),
                found.end());
  };
  best_per_place();

  // Fuzzy matches rank below all others, so they are only needed while places are missing.
  auto const compact = without_spaces(q);
  auto const bound = max_edits(compact.size());
  if (found.size() < limit && bound > 0 && is_ascii(compact) && compact.size() <= kMaxFuzzyLength) {
    auto const letters = letters_of(compact);
    auto const lo = compact.size() - std::min<std::size_t>(bound, compact.size());
    auto const hi = std::min(compact.size() + bound, kMaxFuzzyLength);
    for (auto k = token_by_length_[lo]; k != token_by_length_[hi + 1]; ++k) {
      auto const& t = tokens_[k];
      auto const missing = static_cast<std::uint32_t>(std::max(std::popcount(letters & ~t.letters_), std::popcount(t.letters_ & ~letters)));
      if (missing > bound) {
        continue;
      }
      if (auto const edits = bounded_edits(compact, t.text_, bound)) {
        for (auto e = t.first_entry_; e != t.first_entry_ + t.n_entries_; ++e) {
          found.push_back({token_entries_[e], match_kind::kFuzzy, *edits});
        }
      }
    }
    best_per_place();
  }

  std::vector<stop_match> out;
  out.reserve(found.size());
  for (auto const& c : found) {
    auto const& n = names_[c.entry_];
    std::optional<double> km;
    if (near) {
      km = tt::distance_m(*near, tt_.stop(n.place_).pos_) / 1000.0;
    }
    out.push_back({n.place_, n.stop_, n.name_, n.language_, n.translated_, c.kind_, c.edits_, km});
  }
  auto const rank = [&](stop_match const& m) {
    return std::tuple{m.kind_, m.edits_, m.distance_km_.value_or(0.0), name_rank_[m.place_.idx()]};
  };
  auto const n_out = std::min(limit, out.size());
  std::partial_sort(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(n_out), out.end(),
                    [&](stop_match const& a, stop_match const& b) { return rank(a) < rank(b); });
  out.resize(n_out);
  return out;
}

}  // namespace caravan::planner

#include "caravan/planner/stop_search.h"

#include <algorithm>
#include <array>
#include <limits>
#include <numeric>
#include <tuple>

#include <fmt/format.h>

#include "caravan/base/geo.h"
#include "caravan/base/text.h"
#include "caravan/planner/error.h"
#include "caravan/planner/places.h"

namespace caravan::planner {

namespace {

// Longer texts are not matched fuzzily (keeps the edit rows on the stack).
constexpr std::size_t kMaxFuzzyLength = 40;
constexpr std::uint32_t kMaxEdits = 3;

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

// Edits allowed between a text of this many letters (spaces removed) and a name: none for short texts,
// where one edit already turns Osh into Ash; then about one in four or five letters.
std::uint32_t max_edits(std::size_t length) {
  return length < 4 ? 0U : length < 6 ? 1U : length < 12 ? 2U : kMaxEdits;
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
  auto const p = parse_lat_lon(text);
  if (!p) {
    throw query_error{field, fmt::format("position `{}`: expected LAT,LON in decimal degrees, e.g. 43.25,76.91", text)};
  }
  if (p->lat_ < -90.0 || p->lat_ > 90.0) {
    throw query_error{field, fmt::format("position `{}`: latitude {} is not between -90 and 90", text, p->lat_)};
  }
  if (p->lon_ < -180.0 || p->lon_ > 180.0) {
    throw query_error{field, fmt::format("position `{}`: longitude {} is not between -180 and 180", text, p->lon_)};
  }
  return *p;
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

  for (std::uint32_t e = 0; e != names_.size(); ++e) {
    auto const& key = names_[e].key_;
    bool const ascii = is_ascii(key);
    std::size_t i = 0;
    bool word_start = true;
    while (i < key.size()) {
      auto const start = i;
      auto const c = decode(key, i);
      if (word_start || is_cjk(c)) {
        (start == 0 ? starts_ : words_).push_back({e, static_cast<std::uint32_t>(start)});
        if (ascii) {
          // Only the first letters matter for a text of at most kMaxFuzzyLength (plus its edits).
          auto compact = without_spaces(std::string_view{key}.substr(start));
          compact.resize(std::min(compact.size(), kMaxFuzzyLength + kMaxEdits));
          fuzzy_.push_back({std::move(compact), e});
        }
      }
      word_start = c == U' ';
    }
  }
  for (auto* v : {&starts_, &words_}) {
    std::sort(v->begin(), v->end(), [&](suffix const& a, suffix const& b) {
      auto const x = suffix_text(a);
      auto const y = suffix_text(b);
      return x != y ? x < y : a.entry_ < b.entry_;
    });
  }
  std::sort(fuzzy_.begin(), fuzzy_.end(), [](fuzzy_suffix const& a, fuzzy_suffix const& b) {
    return std::tie(a.text_, a.entry_) < std::tie(b.text_, b.entry_);
  });

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
  auto it = std::lower_bound(starts_.begin(), starts_.end(), q,
                             [&](suffix const& s, std::string_view x) { return suffix_text(s) < x; });
  for (; it != starts_.end() && suffix_text(*it) == q; ++it) {
    out.push_back(names_[it->entry_].stop_);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::vector<std::pair<std::uint32_t, std::uint32_t>> stop_search::fuzzy(std::string_view q, std::uint32_t bound) const {
  // A walk over the sorted word starts as over a trie: rows[d] is the edit-distance row of the text
  // against the first d letters of the current word start, kept for the next one as far as they share
  // letters. A row whose minimum exceeds the bound ends every word start with that prefix.
  std::vector<std::pair<std::uint32_t, std::uint32_t>> out;
  auto const n = q.size();
  constexpr std::size_t kDepth = kMaxFuzzyLength + kMaxEdits + 1;
  std::array<std::array<std::uint8_t, kMaxFuzzyLength + 1>, kDepth> rows{};
  std::array<std::uint8_t, kDepth> best{};  // best[d]: fewest edits from the text to a prefix of length <= d
  // Only cells within `bound` of the diagonal can stay within the bound; the cell on each side of that
  // band holds `inf` so the next row reads no stale value.
  auto const inf = static_cast<std::uint8_t>(bound + 1);
  for (std::size_t j = 0; j <= std::min<std::size_t>(n, bound); ++j) {
    rows[0][j] = static_cast<std::uint8_t>(j);
  }
  if (bound + 1U <= n) {
    rows[0][bound + 1] = inf;
  }
  best[0] = static_cast<std::uint8_t>(std::min<std::size_t>(n, inf));
  std::string_view current;
  std::size_t valid = 0;  // rows[0..valid] belong to current
  // Only word starts with the text's first letter: typos there are rare, and it keeps this fast.
  auto const first = q.substr(0, 1);
  auto const by_text = [](fuzzy_suffix const& f, std::string_view x) { return std::string_view{f.text_} < x; };
  auto i = static_cast<std::size_t>(std::lower_bound(fuzzy_.begin(), fuzzy_.end(), first, by_text) - fuzzy_.begin());
  while (i < fuzzy_.size() && std::string_view{fuzzy_[i].text_}.starts_with(first)) {
    std::string_view const s = fuzzy_[i].text_;
    auto shared = std::min(valid, std::min(s.size(), current.size()));
    shared = static_cast<std::size_t>(std::mismatch(s.begin(), s.begin() + static_cast<std::ptrdiff_t>(shared), current.begin()).first - s.begin());
    std::size_t d = shared;
    bool pruned = false;
    while (d < s.size()) {
      auto const& above = rows[d];
      auto& row = rows[d + 1];
      auto const lo = d + 1 > bound ? d + 1 - bound : 0U;
      auto const hi = std::min<std::size_t>(n, d + 1 + bound);
      if (lo > 0) {
        row[lo - 1] = inf;
      }
      auto row_min = inf;
      for (auto j = lo; j <= hi; ++j) {
        auto v = j == 0 ? static_cast<std::uint8_t>(std::min<std::size_t>(d + 1, inf))
                        : std::min({static_cast<std::uint8_t>(above[j] + 1), static_cast<std::uint8_t>(row[j - 1] + 1),
                                    static_cast<std::uint8_t>(above[j - 1] + (s[d] == q[j - 1] ? 0 : 1))});
        row[j] = std::min(v, inf);
        row_min = std::min(row_min, row[j]);
      }
      if (hi + 1 <= n) {
        row[hi + 1] = inf;
      }
      ++d;
      best[d] = std::min(best[d - 1], hi == n ? row[n] : inf);
      if (row_min > bound) {
        pruned = true;
        break;
      }
    }
    current = s;
    valid = d;
    auto end = i + 1;
    if (pruned) {
      // Nothing longer with this prefix gets closer: take them all at best[d] (if that is a match).
      auto const prefix = s.substr(0, d);
      end = static_cast<std::size_t>(
          std::partition_point(fuzzy_.begin() + static_cast<std::ptrdiff_t>(i), fuzzy_.end(),
                               [&](fuzzy_suffix const& f) { return std::string_view{f.text_}.starts_with(prefix); }) -
          fuzzy_.begin());
    }
    if (best[d] <= bound) {
      for (auto k = i; k != end; ++k) {
        out.emplace_back(fuzzy_[k].entry_, best[d]);
      }
    }
    i = end;
  }
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
  // The best candidate per place: by kind and edits, then a name in the text's script (Ташкент matches
  // the Russian name rather than Tashkent), the place's own name over its stops', stop_name over
  // translations.
  auto const order = [&](candidate const& c) {
    auto const& x = names_[c.entry_];
    return std::tuple{c.kind_, c.edits_, x.latin_ != latin_text, x.stop_ != x.place_, x.translated_, c.entry_};
  };
  constexpr auto kNone = std::numeric_limits<std::uint32_t>::max();
  std::vector<std::uint32_t> slot(tt_.n_stops(), kNone);  // place -> its candidate in `found`
  std::vector<candidate> found;
  auto const offer = [&](candidate const& c) {
    auto& k = slot[names_[c.entry_].place_.idx()];
    if (k == kNone) {
      k = static_cast<std::uint32_t>(found.size());
      found.push_back(c);
    } else if (order(c) < order(found[k])) {
      found[k] = c;
    }
  };

  auto const scan = [&](std::vector<suffix> const& v, auto&& kind_of) {
    auto it = std::lower_bound(v.begin(), v.end(), q, [&](suffix const& s, std::string_view x) { return suffix_text(s) < x; });
    for (; it != v.end() && suffix_text(*it).starts_with(q); ++it) {
      offer({it->entry_, kind_of(*it), 0});
    }
  };
  scan(starts_, [&](suffix const& x) { return names_[x.entry_].key_.size() == q.size() ? match_kind::kExact : match_kind::kPrefix; });
  // One Latin letter or digit starts too many words to be worth it (one Chinese character does not).
  if (q.size() > 1) {
    scan(words_, [](suffix const&) { return match_kind::kSubstring; });
  }
  // Fuzzy matches rank below all others, so they are only needed while places are missing.
  auto const compact = without_spaces(q);
  auto const bound = max_edits(compact.size());
  if (found.size() < limit && bound > 0 && is_ascii(compact) && compact.size() <= kMaxFuzzyLength) {
    for (auto const& [entry, edits] : fuzzy(compact, bound)) {
      offer({entry, match_kind::kFuzzy, edits});
    }
  }

  std::vector<stop_match> out;
  out.reserve(found.size());
  for (auto const& c : found) {
    auto const& n = names_[c.entry_];
    std::optional<double> km;
    if (near) {
      km = distance_m(*near, tt_.stop(n.place_).pos_) / 1000.0;
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

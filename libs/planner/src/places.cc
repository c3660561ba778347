#include "caravan/planner/places.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <numeric>

#include <fmt/format.h>

#include "caravan/base/geo.h"
#include "caravan/base/text.h"
#include "caravan/planner/error.h"
#include "caravan/planner/edit_distance.h"

namespace caravan::planner {

namespace {

// Decodes the code point at s[i] and advances i; invalid sequences yield nothing (returns false).
bool next_code_point(std::string_view s, std::size_t& i, char32_t& cp) {
  auto const b = [&](std::size_t k) { return static_cast<unsigned char>(s[i + k]); };
  auto const cont = [&](std::size_t k) { return i + k < s.size() && (b(k) & 0xC0U) == 0x80U; };
  unsigned char const c = b(0);
  std::size_t n = 0;
  char32_t v = 0;
  if (c < 0x80U) {
    n = 1;
    v = c;
  } else if (c >= 0xC2U && c <= 0xDFU && cont(1)) {
    n = 2;
    v = c & 0x1FU;
  } else if (c >= 0xE0U && c <= 0xEFU && cont(1) && cont(2)) {
    n = 3;
    v = c & 0x0FU;
  } else if (c >= 0xF0U && c <= 0xF4U && cont(1) && cont(2) && cont(3)) {
    n = 4;
    v = c & 0x07U;
  } else {
    ++i;
    return false;
  }
  for (std::size_t k = 1; k != n; ++k) {
    v = (v << 6U) | (b(k) & 0x3FU);
  }
  i += n;
  // Overlong forms and surrogates are invalid.
  if ((n == 3 && v < 0x800U) || (n == 4 && (v < 0x10000U || v > 0x10FFFFU)) || (v >= 0xD800U && v <= 0xDFFFU)) {
    return false;
  }
  cp = v;
  return true;
}

// Latin-1 letters U+00C0..U+00FF without their accents ("" for × and ÷, which separate).
constexpr std::array<char const*, 64> kLatin1 = {
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",   //
    "d", "n", "o", "o", "o", "o", "o",  "",  "o", "u", "u", "u", "u", "y", "th", "ss",  //
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",   //
    "d", "n", "o", "o", "o", "o", "o",  "",  "o", "u", "u", "u", "u", "y", "th", "y"};

// Latin Extended-A U+0100..U+017F, as runs of letters with one base.
struct latin_run {
  char32_t first_, last_;
  char const* base_;
};
constexpr std::array<latin_run, 22> kLatinExtendedA = {{
    {0x100, 0x105, "a"}, {0x106, 0x10D, "c"}, {0x10E, 0x111, "d"}, {0x112, 0x11B, "e"}, {0x11C, 0x123, "g"},
    {0x124, 0x127, "h"}, {0x128, 0x131, "i"}, {0x132, 0x133, "ij"}, {0x134, 0x135, "j"}, {0x136, 0x138, "k"},
    {0x139, 0x142, "l"}, {0x143, 0x14B, "n"}, {0x14C, 0x151, "o"}, {0x152, 0x153, "oe"}, {0x154, 0x159, "r"},
    {0x15A, 0x161, "s"}, {0x162, 0x167, "t"}, {0x168, 0x173, "u"}, {0x174, 0x175, "w"}, {0x176, 0x178, "y"},
    {0x179, 0x17E, "z"}, {0x17F, 0x17F, "s"},
}};

bool is_apostrophe(char32_t c) {
  // ' ` ´ ʹ ʻ ʼ ' ' : Uzbek Latin writes oʻ and gʻ with U+02BB; transliterations use ʹ and ʼ.
  return c == U'\'' || c == U'`' || c == 0xB4U || c == 0x2B9U || c == 0x2BBU || c == 0x2BCU || c == 0x2018U ||
         c == 0x2019U;
}

bool is_separator(char32_t c) {
  if (c < 0x80U) {
    return !((c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z') || (c >= U'0' && c <= U'9'));
  }
  return (c >= 0xA0U && c <= 0xBFU) || c == 0xD7U || c == 0xF7U || (c >= 0x2000U && c <= 0x206FU) ||
         (c >= 0x3000U && c <= 0x303FU) || (c >= 0xFF01U && c <= 0xFF0FU) || (c >= 0xFF1AU && c <= 0xFF20U) ||
         (c >= 0xFF3BU && c <= 0xFF40U) || (c >= 0xFF5BU && c <= 0xFF65U);
}

// The folded form of one code point, appended to out.
void fold(char32_t c, std::string& out) {
  if (c >= U'A' && c <= U'Z') {
    out += static_cast<char>(c - U'A' + U'a');
  } else if (c < 0x80U) {
    out += static_cast<char>(c);
  } else if (c >= 0xC0U && c <= 0xFFU) {
    out += kLatin1[c - 0xC0U];
  } else if (c >= 0x100U && c <= 0x17FU) {
    for (auto const& r : kLatinExtendedA) {
      if (c >= r.first_ && c <= r.last_) {
        out += r.base_;
        break;
      }
    }
  } else if (c == 0x18FU || c == 0x259U) {
    out += 'e';  // Ə ə (Azerbaijani, Kazakh Latin)
  } else if (c >= 0x218U && c <= 0x21BU) {
    out += c < 0x21AU ? 's' : 't';  // Ș ș Ț ț
  } else if (c >= 0x1E6U && c <= 0x1E7U) {
    out += 'g';  // Ǧ ǧ
  } else if (c >= 0x300U && c <= 0x36FU) {
    // Combining accents (decomposed input) are dropped.
  } else if (c >= 0x410U && c <= 0x42FU) {
    append_utf8(out, c + 0x20U);
  } else if (c >= 0x400U && c <= 0x40FU) {
    append_utf8(out, c == 0x401U ? 0x435U : c + 0x50U);  // Ё -> е, others to their lower case
  } else if (c == 0x451U) {
    append_utf8(out, 0x435U);  // ё -> е
  } else if ((c >= 0x460U && c <= 0x481U) || (c >= 0x48AU && c <= 0x4BFU) || (c >= 0x4D0U && c <= 0x52FU)) {
    append_utf8(out, c | 1U);  // upper case is even, lower case odd (Kazakh Ә Ғ Қ Ң Ө Ұ Ү Һ)
  } else if (c == 0x4C0U) {
    append_utf8(out, 0x4CFU);  // palochka
  } else if (c >= 0x4C1U && c <= 0x4CEU) {
    append_utf8(out, (c & 1U) != 0U ? c + 1U : c);
  } else if (c >= 0xFF10U && c <= 0xFF19U) {
    out += static_cast<char>(c - 0xFF10U + U'0');
  } else if (c >= 0xFF21U && c <= 0xFF3AU) {
    out += static_cast<char>(c - 0xFF21U + U'a');
  } else if (c >= 0xFF41U && c <= 0xFF5AU) {
    out += static_cast<char>(c - 0xFF41U + U'a');
  } else {
    append_utf8(out, c);
  }
}

std::vector<char32_t> code_points(std::string_view s) {
  std::vector<char32_t> out;
  std::size_t i = 0;
  char32_t c = 0;
  while (i < s.size()) {
    if (next_code_point(s, i, c)) {
      out.push_back(c);
    }
  }
  return out;
}

bool matchable(tt::stop_record const& s) {
  return s.type_ == tt::location_type::kStop || s.type_ == tt::location_type::kStation;
}

}  // namespace

std::string normalize_name(std::string_view name) {
  std::string out;
  out.reserve(name.size());
  bool pending_space = false;
  std::size_t i = 0;
  char32_t c = 0;
  while (i < name.size()) {
    if (!next_code_point(name, i, c) || is_apostrophe(c)) {
      continue;
    }
    if (is_separator(c)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) {
      out += ' ';
      pending_space = false;
    }
    fold(c, out);
  }
  return out;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  auto const x = code_points(a);
  auto const y = code_points(b);
  std::vector<std::size_t> row(y.size() + 1);
  std::iota(row.begin(), row.end(), std::size_t{0});
  for (std::size_t i = 1; i <= x.size(); ++i) {
    auto diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= y.size(); ++j) {
      auto const above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (x[i - 1] == y[j - 1] ? 0U : 1U)});
      diagonal = above;
    }
  }
  return row[y.size()];
}

place_resolver::place_resolver(tt::timetable const& tt) : tt_{tt}, search_{tt} {}

void place_resolver::add_with_children(tt::stop_idx s, std::vector<tt::stop_idx>& out) const {
  out.push_back(s);
  for (auto const c : tt_.children(s)) {
    if (tt_.stop(c).type_ == tt::location_type::kStop) {  // where journeys start and end, not entrances
      out.push_back(c);
    }
  }
}

std::vector<tt::stop_idx> place_resolver::stops_of_id(std::string_view id) const {
  std::vector<tt::stop_idx> out;
  if (auto const s = tt_.find_stop(id)) {
    add_with_children(*s, out);
  }
  return out;
}

std::vector<std::string> place_resolver::suggestions(std::string_view text) const {
  // Stop ids that differ only in case first, then what a search finds (one name per place, best first).
  std::vector<std::string> out;
  auto const text_lower = ascii_lower(text);
  for (auto const s : indices<tt::stop_idx>(tt_.n_stops())) {
    if (matchable(tt_.stop(s)) && ascii_lower(tt_.str(tt_.stop(s).id_)) == text_lower) {
      out.push_back(fmt::format("stop id {}", tt_.str(tt_.stop(s).id_)));
    }
  }
  constexpr std::size_t kSuggestions = 5;
  for (auto const& m : search_.search(text, std::nullopt, kSuggestions)) {
    if (out.size() == kSuggestions) {
      break;
    }
    out.push_back(fmt::format("{} ({})", m.name_, tt_.str(tt_.stop(m.named_).id_)));
  }
  return out;
}

std::optional<tt::latlng> parse_coordinates(std::string_view text, std::string const& field) {
  auto const p = parse_lat_lon(text);
  if (!p) {
    return std::nullopt;
  }
  if (p->lat_ < -90 || p->lat_ > 90) {
    throw query_error{field, fmt::format("latitude {} in `{}` is not between -90 and 90", p->lat_, text)};
  }
  if (p->lon_ < -180 || p->lon_ > 180) {
    throw query_error{field, fmt::format("longitude {} in `{}` is not between -180 and 180", p->lon_, text)};
  }
  return p;
}

resolved_place place_resolver::nearby(std::string_view text, tt::latlng point, std::string const& field) const {
  resolved_place out{std::string{text}, tt::stop_idx::invalid(), {}, point, {}};
  auto nearest = tt::stop_idx::invalid();
  double nearest_m = 0;
  double primary_m = 0;
  for (std::uint32_t i = 0; i != tt_.n_stops(); ++i) {
    tt::stop_idx const s{i};
    auto const& r = tt_.stop(s);
    // Journeys board at stops; a station's point says nothing its stops do not.
    if (r.type_ != tt::location_type::kStop) {
      continue;
    }
    auto const d = distance_m(point, r.pos_);
    if (!nearest.valid() || d < nearest_m) {
      nearest = s;
      nearest_m = d;
    }
    if (d <= kNearbyRadiusM) {
      out.stops_.push_back(s);
      out.walk_s_.push_back(static_cast<std::int32_t>(std::ceil(d / kWalkSpeedMPerS)));
      if (!out.primary_.valid() || d < primary_m) {
        out.primary_ = s;
        primary_m = d;
      }
    }
  }
  if (out.stops_.empty()) {
    if (!nearest.valid()) {
      throw query_error{field, fmt::format("no stop within {:.0f} m of `{}`: the timetable has no stops", kNearbyRadiusM, text)};
    }
    auto const& r = tt_.stop(nearest);
    throw query_error{field, fmt::format("no stop within {:.0f} m of `{}`; the nearest is {} [{}], {:.1f} km away", kNearbyRadiusM,
                                         text, tt_.str(r.name_), tt_.str(r.id_), nearest_m / 1000.0)};
  }
  return out;
}

resolved_place place_resolver::resolve(std::string_view text, std::string const& field) const {
  if (auto const point = parse_coordinates(text, field)) {
    return nearby(text, *point, field);
  }
  if (auto stops = stops_of_id(text); !stops.empty()) {
    std::sort(stops.begin(), stops.end());
    stops.erase(std::unique(stops.begin(), stops.end()), stops.end());
    return {std::string{text}, *tt_.find_stop(text), std::move(stops), std::nullopt, {}};
  }
  auto const matched = search_.exact(text);
  if (matched.empty()) {
    auto const close = suggestions(text);
    throw query_error{field, close.empty() ? fmt::format("no stop with id or name `{}`", text)
                                           : fmt::format("no stop with id or name `{}`; did you mean: {}?", text,
                                                         fmt::join(close, ", "))};
  }
  // Group the matches into places: a station with its own stops, and stops near each other.
  struct group {
    tt::stop_idx primary_;  // the station (or stop) that groups the matches
    tt::latlng pos_;
    tt::stop_idx shown_;  // the matched station, else the first matched stop
    std::vector<tt::stop_idx> matched_;
  };
  std::vector<group> groups;
  for (auto const s : matched) {
    auto const& r = tt_.stop(s);
    auto const top = r.parent_.valid() ? r.parent_ : s;
    auto const pos = tt_.stop(top).pos_;
    auto g = std::find_if(groups.begin(), groups.end(), [&](group const& x) {
      return x.primary_ == top || distance_m(x.pos_, pos) <= kSamePlaceRadiusM;
    });
    if (g == groups.end()) {
      groups.push_back({top, pos, s, {}});
      g = std::prev(groups.end());
    }
    if (r.type_ == tt::location_type::kStation && tt_.stop(g->shown_).type_ != tt::location_type::kStation) {
      g->shown_ = s;  // a station is the better name for the place
    }
    g->matched_.push_back(s);
  }
  if (groups.size() > 1) {
    std::vector<std::string> where;
    for (auto const& g : groups) {
      auto const& r = tt_.stop(g.shown_);
      where.push_back(fmt::format("{} ({:.4f}, {:.4f})", tt_.str(r.id_), r.pos_.lat_, r.pos_.lon_));
    }
    throw query_error{field, fmt::format("`{}` names {} places more than {:.0f} m apart; give one of the stop ids: {}", text,
                                         groups.size(), kSamePlaceRadiusM, fmt::join(where, ", "))};
  }
  resolved_place out{std::string{text}, groups[0].shown_, {}, std::nullopt, {}};
  for (auto const s : groups[0].matched_) {
    add_with_children(s, out.stops_);
  }
  std::sort(out.stops_.begin(), out.stops_.end());
  out.stops_.erase(std::unique(out.stops_.begin(), out.stops_.end()), out.stops_.end());
  return out;
}

}  // namespace caravan::planner

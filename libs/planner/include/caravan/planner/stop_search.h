#pragma once
// Finding places by name in any language and script: every stop's and station's stop_name and all its
// translations (translations.txt), compared through one search key so that case, accents, punctuation
// and the script do not matter (Алматы, ALMATY and almaty are one key; Тошкент and Toshkent too).
// Chinese and other scripts without a Latin form match as written (exact, prefix or anywhere inside).
// Old or variant Latin/Cyrillic spellings within a few edits match as fuzzy (Alma-Ata ~ Almaty).
// Results are places: a stop with a parent station is found as that station, once. docs/planner.md
// has the rules. The index is built once (tens of ms for 15,000 stops); a query takes microseconds.
//
// Thread safety: a stop_search is immutable after construction; search() and exact() are const.
// Ownership: it refers to the timetable (which must outlive it); matches hold views into it and into
// the index.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "caravan/timetable/timetable.h"

namespace caravan::planner {

// normalize_name() (case, accents, punctuation), then Cyrillic written in Latin letters (Russian,
// Kazakh, Kyrgyz, Tajik, Uzbek and Turkmen Cyrillic: ш sh, х kh, ы y, қ k, ғ g, ң ng, ө o, ү ұ u,
// ҳ һ h, ҷ j, ә a, і i; ъ ь dropped). Other scripts pass unchanged. Equal keys are the same name.
std::string search_key(std::string_view text);

enum class match_kind : std::uint8_t {
  kExact,      // the whole name
  kPrefix,     // the name starts with the text
  kSubstring,  // a later word starts with it (Chinese, Japanese: any character); not for one Latin letter
  kFuzzy,      // the start of the name or of a later word is a few edits away, same first letter
               // (Latin and Cyrillic only; none for texts of 1-3 letters, up to 3 for long ones)
};
std::string_view to_string(match_kind);

// "LAT,LON" in decimal degrees (43.25,76.91; spaces around either number allowed). Throws
// query_error(field, ...) naming the text when it is not two numbers or out of range.
tt::latlng parse_position(std::string_view text, std::string const& field);

struct stop_match {
  tt::stop_idx place_;  // the parent station, or the stop itself when it has none
  tt::stop_idx named_;  // whose name matched: the place or one of its stops
  std::string_view name_;      // the name that matched, as the data writes it
  std::string_view language_;  // a translation's language, else the feed's (feed_lang; may be "")
  bool translated_{false};     // name_ comes from translations.txt
  match_kind kind_{match_kind::kExact};
  std::uint32_t edits_{0};               // fuzzy: edits between the text and the start of the name (or word)
  std::optional<double> distance_km_;  // from the position given to the place
};

class stop_search {
 public:
  explicit stop_search(tt::timetable const& tt);

  // The best match per place, best first: by kind (exact, prefix, substring, fuzzy with fewer edits
  // first), then nearest first when `near` is given, then by the place's name. Empty when the text has
  // nothing to match (only punctuation) or nothing matches. At most `limit` results.
  std::vector<stop_match> search(std::string_view text,
                                 std::optional<tt::latlng> near = std::nullopt,
                                 std::size_t limit = 10) const;

  // Every stop and station one of whose names has exactly the text's key (not grouped into places),
  // sorted, without duplicates.
  std::vector<tt::stop_idx> exact(std::string_view text) const;

  tt::timetable const& timetable() const { return tt_; }

 private:
  struct name_entry {
    tt::stop_idx stop_, place_;
    std::string_view name_, language_;
    bool translated_;
    bool latin_;  // written in Latin letters (before transliteration)
    std::string key_;
  };
  struct suffix {  // names_[entry_].key_ from byte offset_: the start of a word (or of a CJK character)
    std::uint32_t entry_, offset_;
  };
  struct fuzzy_suffix {  // a word start of an ASCII key, spaces removed, cut after the letters fuzzy() reads
    std::string text_;
    std::uint32_t entry_;
  };
  // (entry, edits) of names with a word start whose beginning is at most `bound` edits from q.
  std::vector<std::pair<std::uint32_t, std::uint32_t>> fuzzy(std::string_view q, std::uint32_t bound) const;
  std::string_view suffix_text(suffix const& s) const {
    return std::string_view{names_[s.entry_].key_}.substr(s.offset_);
  }

  tt::timetable const& tt_;
  std::vector<name_entry> names_;
  std::vector<suffix> starts_;              // whole names, sorted by text
  std::vector<suffix> words_;               // later word starts, sorted by text
  std::vector<fuzzy_suffix> fuzzy_;         // sorted by text
  std::vector<std::uint32_t> name_rank_;  // stop -> rank of its stop_name among all stops' (ties by index)
};

}  // namespace caravan::planner

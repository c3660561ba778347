#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "caravan/rules/rule_set.h"
#include "json_locate.h"
#include "json_reader.h"

namespace caravan::rules {

namespace {

using nlohmann::json;
using detail::json_path;
using detail::file_context;
using detail::object_reader;
using detail::fail;
using detail::child;

constexpr std::string_view kFormat = "caravan-rules/1";

template <typename E>
std::uint8_t read_bits(object_reader const& r, std::string const& key, std::optional<E> (*parse)(std::string_view),
                       std::string_view what) {
  auto const names = r.str_list(key);
  if (names.empty()) {
    fail(r.file(), r.has(key) ? r.path(key) : r.path(), fmt::format("`{}` needs at least one {}", key, what));
  }
  std::uint8_t bits = 0;
  for (std::size_t i = 0; i != names.size(); ++i) {
    auto const e = parse(names[i]);
    if (!e) {
      fail(r.file(), child(r.path(key), i), fmt::format("unknown {} `{}`", what, names[i]));
    }
    bits |= bit(*e);
  }
  return bits;
}

std::vector<source> read_sources(object_reader const& r) {
  if (!r.has("sources") || !r.at("sources").is_array() || r.at("sources").empty()) {
    fail(r.file(), r.has("sources") ? r.path("sources") : r.path(), "missing `sources`: every entry needs at least one");
  }
  std::vector<source> out;
  for (std::size_t i = 0; i != r.at("sources").size(); ++i) {
    object_reader s{r.file(), r.at("sources")[i], child(r.path("sources"), i),
                    {"url", "title", "published", "checked", "kind", "dataset_date"}};
    source src;
    src.url_ = s.str("url");
    if (src.url_.empty()) {
      fail(r.file(), s.path("url"), "empty source address");
    }
    src.title_ = s.opt_str("title");
    src.published_ = s.opt_str("published");
    auto const checked = s.opt_day("checked");
    if (!checked) {
      fail(r.file(), s.path(), "missing `checked` (the date the source was read)");
    }
    src.checked_ = *checked;
    src.kind_ = s.opt_str("kind");
    src.dataset_date_ = s.opt_day("dataset_date");
    if (src.kind_ == "dataset" && !src.dataset_date_) {
      fail(r.file(), s.path(), "a `dataset` source needs `dataset_date`");
    }
    out.push_back(std::move(src));
  }
  return out;
}

// Our translations of the sentence in `key` (docs/rules-format.md, "Translations"): `json` is an object
// {"zh": ..., "ru": ...} (or absent); any other language key is an error naming file and field.
translations read_translations(object_reader const& r, std::string const& key, json const& j, json_path const& path) {
  translations out;
  if (j.is_null()) {
    return out;
  }
  if (!j.is_object()) {
    fail(r.file(), path, "expected an object of translations, such as {\"zh\": \"...\", \"ru\": \"...\"}");
  }
  for (auto const& [language, text] : j.items()) {
    auto const known = std::find(std::begin(kTranslationLanguages), std::end(kTranslationLanguages), language) !=
                       std::end(kTranslationLanguages);
    if (!known) {
      fail(r.file(), child(path, language),
           fmt::format("unknown language `{}` in the translations of `{}` (zh, ru)", shorten(language), key));
    }
    if (!text.is_string() || text.get<std::string>().empty()) {
      fail(r.file(), child(path, language), "expected the translation as a non-empty string");
    }
    out.emplace(language, text.get<std::string>());
  }
  return out;
}

// The translations of the member `of` of r, in r's member `key` (absent: none); an error without `of`.
translations read_translations(object_reader const& r, std::string const& key, std::string const& of) {
  if (!r.has(key)) {
    return {};
  }
  if (!r.has(of)) {
    fail(r.file(), r.path(key), fmt::format("translations without the English `{}`", of));
  }
  return read_translations(r, key, r.at(key), r.path(key));
}

std::optional<registration> read_registration(object_reader const& parent) {
  if (!parent.has("registration")) {
    return std::nullopt;
  }
  object_reader r{parent.file(), parent.at("registration"), parent.path("registration"), {"if_stay_over_days", "text", "texts"}};
  registration reg;
  reg.if_stay_over_days_ = r.opt_int("if_stay_over_days", 0, 3650).value_or(0);
  reg.text_ = r.str("text");
  reg.texts_ = read_translations(r, "texts", "text");
  return reg;
}

bool is_group_id(std::string_view s) {
  return s.size() > 2 && std::all_of(s.begin(), s.end(), [](char c) {
           return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
         });
}

// Each element of the list `key` of `parent` (absent: none; not a list: an error) as an object with
// these keys, with the path and the place (file, line) where it starts.
template <typename F>
void each_object(object_reader const& parent, std::string const& key, std::initializer_list<std::string_view> keys,
                 F&& f) {
  auto const& list = parent.list(key);
  for (std::size_t i = 0; i != list.size(); ++i) {
    auto const path = child(parent.path(key), i);
    object_reader r{parent.file(), list[i], path, keys};
    f(r, path, source_location{parent.file().name_, detail::json_line(parent.file().text_, path), 0});
  }
}

void check_country(file_context const& f, json_path const& path, std::string const& code) {
  if (!is_country_code(code)) {
    fail(f, path, fmt::format("unknown country code `{}` (ISO 3166-1 alpha-2, upper case)", code));
  }
}

// The keys of a rule object (the backing array lives as long as the list: static).
std::initializer_list<std::string_view> const kRuleKeys = {
    "id", "nationality", "destination", "passports", "purposes", "regime", "max_stay_days", "window",
    "count_entry_day", "count_exit_day", "conditions", "effective_from", "effective_until",
    "covers_running_stays", "precedence", "use", "why", "note", "sources", "confidence", "arrange_before",
    "why_texts", "note_texts"};

// `arrange_before`: what to arrange before departure, each with the lead time the sources give.
std::vector<arrangement> read_arrangements(object_reader const& r) {
  auto const& f = r.file();
  if (r.has("arrange_before") && r.list("arrange_before").empty()) {
    fail(f, r.path("arrange_before"), "`arrange_before` needs at least one entry (or leave it out)");
  }
  std::vector<arrangement> out;
  each_object(r, "arrange_before", {"what", "min_days", "max_days", "working_days", "what_texts"},
              [&](object_reader const& a, json_path const&, source_location const&) {
    arrangement x;
    x.what_ = a.str("what");
    if (x.what_.empty()) {
      fail(f, a.path("what"), "empty `what`: say what to arrange");
    }
    x.what_texts_ = read_translations(a, "what_texts", "what");
    x.min_days_ = a.opt_int("min_days", 0, 365);
    x.max_days_ = a.opt_int("max_days", 1, 365);
    if (x.min_days_ && x.max_days_ && *x.min_days_ > *x.max_days_) {
      fail(f, a.path("min_days"), fmt::format("{} to {} days ahead cannot be", *x.min_days_, *x.max_days_));
    }
    x.working_days_ = a.boolean("working_days", false);
    if (x.working_days_ && !x.min_days_ && !x.max_days_) {
      fail(f, a.path("working_days"), "`working_days` without `min_days` or `max_days`");
    }
    out.push_back(std::move(x));
  });
  return out;
}

rule read_rule(object_reader const& r, source_location const& where) {
  auto const& f = r.file();
  rule out;
  out.where_ = where;
  out.id_ = r.str("id");
  if (!is_group_id(out.id_)) {
    fail(f, r.path("id"), fmt::format("rule id `{}`: use lower-case letters, digits and `-`", out.id_));
  }
  out.nationality_ = r.str("nationality");
  out.destination_ = r.str("destination");
  check_country(f, r.path("destination"), out.destination_);
  if (out.nationality_ == out.destination_) {
    fail(f, r.path("nationality"), "nationality and destination are the same country");
  }
  out.passports_ = read_bits(r, "passports", parse_passport_type, "passport type");
  out.purposes_ = read_bits(r, "purposes", parse_purpose, "purpose");
  auto const regime_name = r.str("regime");
  auto const reg = parse_regime(regime_name);
  if (!reg) {
    fail(f, r.path("regime"), fmt::format("unknown regime `{}`", regime_name));
  }
  out.regime_ = *reg;
  out.max_stay_days_ = r.opt_int("max_stay_days", 1, 3650);
  if (r.has("window")) {
    object_reader w{f, r.at("window"), r.path("window"), {"max_days", "period_days", "anchor", "counts_days_before_effective"}};
    rolling_window win;
    win.max_days_ = w.integer("max_days", 1, 3650);
    win.period_days_ = w.integer("period_days", 1, 3650);
    if (win.max_days_ > win.period_days_) {
      fail(f, w.path("max_days"), fmt::format("{} days within {} cannot be", win.max_days_, win.period_days_));
    }
    auto const anchor = w.opt_str("anchor");
    if (!anchor.empty()) {
      auto const a = parse_window_anchor(anchor);
      if (!a) {
        fail(f, w.path("anchor"), fmt::format("unknown window anchor `{}` (each_day, entry)", anchor));
      }
      win.anchor_ = *a;
    }
    win.counts_days_before_effective_ = w.boolean("counts_days_before_effective", false);
    out.window_ = win;
  }
  out.count_entry_day_ = r.boolean("count_entry_day", true);
  out.count_exit_day_ = r.boolean("count_exit_day", true);

  if (r.has("conditions")) {
    object_reader c{f, r.at("conditions"), r.path("conditions"),
                    {"max_hours", "onward_ticket", "third_country", "entry_ports", "regions", "group", "min_age",
                     "reentry_after_days", "registration", "tell", "tell_texts"}};
    out.max_hours_ = c.opt_int("max_hours", 1, 24 * 366);
    out.onward_ticket_ = c.boolean("onward_ticket", false);
    out.third_country_ = c.boolean("third_country", false);
    out.allowed_ports_ = c.str_list("entry_ports");
    out.allowed_regions_ = c.str_list("regions");
    if (c.has("group")) {
      object_reader g{f, c.at("group"), c.path("group"), {"min_size", "max_size", "registered_operator", "text", "texts"}};
      group_conditions gc;
      gc.min_size_ = g.opt_int("min_size", 1, 10000).value_or(0);
      gc.max_size_ = g.opt_int("max_size", 1, 10000).value_or(0);
      if (gc.max_size_ != 0 && gc.min_size_ > gc.max_size_) {
        fail(f, g.path("min_size"), fmt::format("group of {} to {} people cannot be", gc.min_size_, gc.max_size_));
      }
      gc.registered_operator_ = g.boolean("registered_operator", false);
      gc.text_ = g.opt_str("text");
      gc.texts_ = read_translations(g, "texts", "text");
      out.group_ = gc;
    }
    out.min_age_ = c.opt_int("min_age", 0, 150);
    out.reentry_after_days_ = c.opt_int("reentry_after_days", 1, 3650);
    out.registration_ = read_registration(c);
    out.tell_ = c.str_list("tell");
    // `tell_texts`: one object of translations per entry of `tell`, in the same order ({} for none).
    auto const& tell_texts = c.list("tell_texts");
    if (c.has("tell_texts") && tell_texts.size() != out.tell_.size()) {
      fail(f, c.path("tell_texts"), fmt::format("{} translations for {} entries of `tell`: give one object per entry",
                                                tell_texts.size(), out.tell_.size()));
    }
    for (std::size_t i = 0; i != tell_texts.size(); ++i) {
      out.tell_texts_.push_back(read_translations(c, "tell", tell_texts[i], child(c.path("tell_texts"), i)));
    }
  }
  if (out.regime_ == regime::kVisaFreeGroupTour && !out.group_) {
    fail(f, r.path("regime"), "a visa_free_group_tour rule needs `conditions.group`");
  }
  if (out.regime_ == regime::kVisaFreeTransit && out.purposes_ != bit(purpose::kTransit)) {
    fail(f, r.path("purposes"), "a visa_free_transit rule is for the purpose `transit` only");
  }

  out.from_ = r.opt_day("effective_from");
  out.until_ = r.opt_day("effective_until");
  if (out.from_ && out.until_ && *out.until_ < *out.from_) {
    fail(f, r.path("effective_until"),
         fmt::format("effective_until {} is before effective_from {}", format_day(*out.until_), format_day(*out.from_)));
  }
  out.covers_running_stays_ = r.boolean("covers_running_stays", false);
  out.precedence_ = r.opt_int("precedence", -1000, 1000).value_or(0);
  out.use_ = r.boolean("use", true);
  out.why_ = r.opt_str("why");
  if (!out.use_ && out.why_.empty()) {
    fail(f, r.path("use"), "a rule kept but not used needs `why`");
  }
  out.note_ = r.opt_str("note");
  out.why_texts_ = read_translations(r, "why_texts", "why");
  out.note_texts_ = read_translations(r, "note_texts", "note");
  out.arrange_before_ = read_arrangements(r);
  out.sources_ = read_sources(r);
  auto const conf = r.str("confidence");
  auto const c = parse_confidence(conf);
  if (!c) {
    fail(f, r.path("confidence"), fmt::format("unknown confidence `{}` (high, medium, low)", conf));
  }
  out.confidence_ = *c;
  return out;
}

struct loaded_file {
  std::string name_;
  std::string text_;
  json doc_;
};

std::string read_whole(std::filesystem::path const& p) {
  std::ifstream in{p, std::ios::binary};
  if (!in) {
    throw data_error{{p.string()}, "cannot open the file"};
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The set of nationalities a rule covers; "*" is every code.
bool nationalities_meet(rule_set const& rs, rule const& a, rule const& b, std::string& example) {
  auto const members = [&](rule const& r) -> std::vector<std::string> {
    if (r.nationality_ == "*") {
      return {"*"};
    }
    if (auto const* g = rs.find_group(r.nationality_)) {
      return g->members_;
    }
    return {r.nationality_};
  };
  auto const ma = members(a);
  auto const mb = members(b);
  if (ma.front() == "*" || mb.front() == "*") {
    example = ma.front() == "*" ? mb.front() : ma.front();
    return true;
  }
  for (auto const& x : ma) {
    if (std::binary_search(mb.begin(), mb.end(), x)) {
      example = x;
      return true;
    }
  }
  return false;
}

void check_overlaps(rule_set const& rs, std::span<rule const> rules) {
  for (std::size_t i = 0; i != rules.size(); ++i) {
    for (std::size_t k = 0; k != i; ++k) {
      auto const& a = rules[k];
      auto const& b = rules[i];
      if (a.destination_ != b.destination_ || !a.use_ || !b.use_ || a.precedence_ != b.precedence_ ||
          (a.passports_ & b.passports_) == 0 || (a.purposes_ & b.purposes_) == 0 ||
          a.is_transit() != b.is_transit() || a.needs_group() != b.needs_group() || a.min_age_ != b.min_age_) {
        continue;
      }
      if ((a.until_ && b.from_ && *a.until_ < *b.from_) || (b.until_ && a.from_ && *b.until_ < *a.from_)) {
        continue;
      }
      std::string nationality;
      if (!nationalities_meet(rs, a, b, nationality)) {
        continue;
      }
      throw data_error{b.where_,
                       fmt::format("rule `{}` overlaps rule `{}` ({}) for nationality {} to {} on common dates with "
                                   "the same precedence {}: end one before the other starts or give one a higher "
                                   "`precedence` (and say `why`)",
                                   b.id_, a.id_, a.where_.to_string(), nationality, b.destination_, b.precedence_)};
    }
  }
}

}  // namespace

rule_set rule_set::load_directory(std::filesystem::path const& dir) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    throw data_error{{dir.string()}, "not a rules folder (set --rules or CARAVAN_RULES)"};
  }
  std::vector<std::filesystem::path> paths;
  for (auto const& e : std::filesystem::directory_iterator{dir}) {
    if (e.is_regular_file() && e.path().extension() == ".json") {
      paths.push_back(e.path());
    }
  }
  std::sort(paths.begin(), paths.end());
  if (paths.empty()) {
    throw data_error{{dir.string()}, "no *.json rule files in the folder"};
  }
  std::vector<rule_file> files;
  for (auto const& p : paths) {
    files.push_back({p.string(), read_whole(p)});
  }
  return load(files);
}

rule_set rule_set::load(std::span<rule_file const> files) {
  std::vector<loaded_file> docs;
  for (auto const& f : files) {
    loaded_file lf{f.name_, f.text_, {}};
    lf.doc_ = detail::parse_json(lf.text_, lf.name_);
    docs.push_back(std::move(lf));
  }

  rule_set out;
  // Groups first: rules in any file may name them.
  for (auto const& d : docs) {
    file_context const f{d.name_, d.text_};
    object_reader top{f, d.doc_, {}, {"format", "note", "groups", "destinations", "area_permits", "rules"}};
    if (top.opt_str("format") != kFormat) {
      fail(f, top.has("format") ? top.path("format") : json_path{}, fmt::format("`format` must be \"{}\"", kFormat));
    }
    each_object(top, "groups", {"id", "members", "note", "sources"},
                [&](object_reader const& g, json_path const&, source_location const& where) {
      country_group cg;
      cg.where_ = where;
      cg.id_ = g.str("id");
      if (!is_group_id(cg.id_)) {
        fail(f, g.path("id"), fmt::format("group id `{}`: use lower-case letters, digits and `-`", cg.id_));
      }
      if (out.find_group(cg.id_)) {
        fail(f, g.path("id"), fmt::format("group `{}` is defined twice", cg.id_));
      }
      cg.members_ = g.str_list("members");
      if (cg.members_.empty()) {
        fail(f, g.path("members"), "a group needs members");
      }
      for (std::size_t m = 0; m != cg.members_.size(); ++m) {
        check_country(f, child(g.path("members"), m), cg.members_[m]);
      }
      std::sort(cg.members_.begin(), cg.members_.end());
      if (auto const dup = std::adjacent_find(cg.members_.begin(), cg.members_.end()); dup != cg.members_.end()) {
        fail(f, g.path("members"), fmt::format("`{}` is listed twice", *dup));
      }
      cg.note_ = g.opt_str("note");
      cg.sources_ = read_sources(g);
      out.groups_.push_back(std::move(cg));
    });
  }

  std::map<std::string, source_location, std::less<>> ids;
  for (auto const& d : docs) {
    file_context const f{d.name_, d.text_};
    object_reader top{f, d.doc_, {}, {"format", "note", "groups", "destinations", "area_permits", "rules"}};
    each_object(top, "destinations", {"code", "registration", "sources", "note"},
                [&](object_reader const& r, json_path const&, source_location const& where) {
      destination_info di;
      di.where_ = where;
      di.code_ = r.str("code");
      check_country(f, r.path("code"), di.code_);
      if (out.find_destination(di.code_)) {
        fail(f, r.path("code"), fmt::format("destination `{}` is described twice", di.code_));
      }
      di.registration_ = read_registration(r);
      di.sources_ = read_sources(r);
      out.destinations_.push_back(std::move(di));
    });
    each_object(top, "area_permits", {"destination", "region", "name", "ports", "text", "sources", "name_texts", "texts"},
                [&](object_reader const& r, json_path const&, source_location const& where) {
      area_permit ap;
      ap.where_ = where;
      ap.destination_ = r.str("destination");
      check_country(f, r.path("destination"), ap.destination_);
      ap.region_ = r.str("region");
      ap.name_ = r.str("name");
      ap.ports_ = r.str_list("ports");
      ap.text_ = r.opt_str("text");
      ap.name_texts_ = read_translations(r, "name_texts", "name");
      ap.texts_ = read_translations(r, "texts", "text");
      ap.sources_ = read_sources(r);
      out.permits_.push_back(std::move(ap));
    });
    each_object(top, "rules", kRuleKeys, [&](object_reader const& rr, json_path const& path, source_location const& where) {
      auto r = read_rule(rr, where);
      if (r.nationality_ != "*" && !out.find_group(r.nationality_)) {
        if (is_group_id(r.nationality_)) {
          fail(f, child(path, "nationality"), fmt::format("unknown group `{}`", r.nationality_));
        }
        check_country(f, child(path, "nationality"), r.nationality_);
      }
      if (auto const [it, fresh] = ids.emplace(r.id_, r.where_); !fresh) {
        fail(f, child(path, "id"), fmt::format("rule id `{}` is used twice (first at {})", r.id_, it->second.to_string()));
      }
      out.rules_.push_back(std::move(r));
    });
  }
  check_overlaps(out, out.rules_);
  return out;
}

rule const* rule_set::find(std::string_view id) const {
  auto const it = std::find_if(rules_.begin(), rules_.end(), [&](rule const& r) { return r.id_ == id; });
  return it == rules_.end() ? nullptr : &*it;
}

country_group const* rule_set::find_group(std::string_view id) const {
  auto const it = std::find_if(groups_.begin(), groups_.end(), [&](country_group const& g) { return g.id_ == id; });
  return it == groups_.end() ? nullptr : &*it;
}

destination_info const* rule_set::find_destination(std::string_view code) const {
  auto const it =
      std::find_if(destinations_.begin(), destinations_.end(), [&](destination_info const& d) { return d.code_ == code; });
  return it == destinations_.end() ? nullptr : &*it;
}

bool rule_set::covers(rule const& r, std::string_view country) const {
  if (r.nationality_ == "*") {
    return country != r.destination_;
  }
  if (r.nationality_ == country) {
    return true;
  }
  if (auto const* g = find_group(r.nationality_)) {
    return std::binary_search(g->members_.begin(), g->members_.end(), country);
  }
  return false;
}

}  // namespace caravan::rules

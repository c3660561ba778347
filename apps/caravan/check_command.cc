#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "caravan/base/error.h"
#include "caravan/rules/check.h"
#include "caravan/rules/itinerary.h"
#include "caravan/registry/registration_json.h"
#include "caravan/registry/service.h"
#include "caravan/rules/rule_set.h"
#include "register_store.h"
#include "commands.h"

namespace caravan::cli {

namespace {

// What `caravan check` reads and checks at most (docs/rules-format.md, "Limits and complexity"): the
// file is read in blocks up to one byte over the limit, so a device or pipe without end (/dev/zero) is
// refused at once; the check is linear in stays, and the product bounds the output.
constexpr std::size_t kMaxItineraryBytes = std::size_t{16} << 20U;  // 16 MiB
constexpr std::size_t kMaxTravellers = 1'000;
constexpr std::size_t kMaxStayChecks = 10'000'000;  // travellers x stays

std::string read_file(std::string const& path) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> f{std::fopen(path.c_str(), "rb"), &std::fclose};
  if (!f) {
    throw data_error{{path}, "cannot open the itinerary"};
  }
  std::string out;
  std::vector<char> block(std::size_t{1} << 16U);
  while (out.size() <= kMaxItineraryBytes) {
    auto const want = std::min(block.size(), kMaxItineraryBytes + 1 - out.size());
    auto const n = std::fread(block.data(), 1, want, f.get());
    out.append(block.data(), n);
    if (n < want) {
      if (std::ferror(f.get()) != 0) {
        throw data_error{{path}, "cannot read the itinerary"};
      }
      return out;
    }
  }
  throw data_error{{path}, fmt::format("the itinerary is larger than {} MiB; a trip file is at most that",
                                       kMaxItineraryBytes >> 20U)};
}

void print(std::string const& line) { std::printf("%s\n", line.c_str()); }

void print_text(std::vector<rules::traveller> const& travellers, rules::itinerary const& trip,
                std::vector<rules::traveller_result> const& results) {
  for (std::size_t i = 0; i != travellers.size(); ++i) {
    auto const& t = travellers[i];
    print(fmt::format("Traveller {}: {}{}{}, {} passport{}", i + 1, t.name_, t.name_.empty() ? "" : " ", t.nationality_,
                      rules::to_string(t.passport_),
                      t.birth_date_ ? fmt::format(", born {}", rules::format_day(*t.birth_date_)) : ""));
    for (auto const& r : results[i].stays_) {
      auto const& s = trip.stays_[r.stay_];
      auto head = fmt::format("  {}. {} {} -> {}  {}", r.stay_ + 1, s.country_, rules::format_local_time(s.entry_),
                              rules::format_local_time(s.exit_), rules::to_string(r.verdict_));
      if (r.verdict_ == rules::verdict::kLimitExceeded) {
        head += fmt::format(" by {} day(s)", r.over_by_days_);
      }
      if (r.rule_ != nullptr) {
        head += fmt::format(" ({})", rules::to_string(r.rule_->regime_));
      }
      print(head);
      if (r.latest_exit_) {
        print(fmt::format("       latest allowed exit {}{}", rules::format_day(*r.latest_exit_),
                          r.window_days_used_ ? fmt::format("; {} days counted in the window", *r.window_days_used_)
                                              : std::string{}));
      }
      for (auto const& x : r.reasons_) {
        print(fmt::format("       why: {}", x.text_));
      }
      for (auto const& x : r.conditions_) {
        print(fmt::format("       condition: {}", x.text_));
      }
      for (auto const& x : r.before_departure_) {
        print(fmt::format("       before departure: {}", x.text_));
      }
      if (r.rule_ != nullptr) {
        print(fmt::format("       rule {} (confidence {}, {})", r.rule_->id_, rules::to_string(r.rule_->confidence_),
                          r.rule_->where_.to_string()));
        for (auto const& src : r.rule_->sources_) {
          print(fmt::format("       source: {}", src.url_));
        }
      }
      for (auto const& a : r.alternatives_) {
        print(fmt::format("       also: rule {} -> {}", a.rule_id_, rules::to_string(a.verdict_)));
      }
      for (auto const& x : r.notes_) {
        print(fmt::format("       note: {}", x.text_));
      }
    }
    print(fmt::format("  Trip: {}.", rules::trip_summary(results[i])));
  }
}

}  // namespace

command add_check_command(CLI::App& app) {
  struct options {
    std::vector<std::string> travellers;
    std::string itinerary;
    std::string rules_dir;
    std::string register_at;
    bool json = false;
  };
  auto o = std::make_shared<options>();
  auto* cmd = app.add_subcommand("check", "Check entry rules for travellers on a dated itinerary");
  cmd->add_option("--traveller", o->travellers,
                  "NATIONALITY[:PASSPORT[:BIRTH-DATE]], e.g. CN or CN:ordinary:1960-05-01 (repeatable; added to "
                  "the itinerary file's travellers)");
  cmd->add_option("--itinerary", o->itinerary, "trip.json (docs/rules-format.md)")->required();
  cmd->add_option("--rules", o->rules_dir, "Rules folder (default: $CARAVAN_RULES, else data/rules)");
  cmd->add_option("--register", o->register_at,
                  "Read group tours' registration from the register (a SQLite file or PostgreSQL URI, env "
                  "CARAVAN_REGISTER): a stay's group_tour by `tour` id or operator licence, instead of its `registered`");
  cmd->add_flag("--json", o->json, "Print the results as JSON");
  return [o] {
    auto const rs = rules::rule_set::load_directory(rules_directory(o->rules_dir));
    auto trip = rules::parse_trip(read_file(o->itinerary), o->itinerary);
    for (auto const& spec : o->travellers) {
      trip.travellers_.push_back(rules::parse_traveller_spec(spec));
    }
    if (trip.travellers_.empty()) {
      throw data_error{{}, "no traveller: give --traveller NATIONALITY or list `travellers` in the itinerary"};
    }
    if (trip.travellers_.size() > kMaxTravellers) {
      throw data_error{{o->itinerary}, fmt::format("{} travellers; at most {} in one check", trip.travellers_.size(),
                                                   kMaxTravellers)};
    }
    if (auto const n = trip.travellers_.size() * trip.itinerary_.stays_.size(); n > kMaxStayChecks) {
      throw data_error{{o->itinerary}, fmt::format("{} travellers x {} stays = {} stay checks; at most {} in one check",
                                                   trip.travellers_.size(), trip.itinerary_.stays_.size(), n,
                                                   kMaxStayChecks)};
    }
    std::vector<registry::group_registration> registrations;
    if (auto const where = register_location(o->register_at); !where.empty()) {
      auto store = open_register(where, false);
      registry::register_service reg{*store, {}};
      registrations = registry::register_groups(reg, trip.itinerary_);
    }
    auto const results = rules::check(rs, trip.travellers_, trip.itinerary_);
    if (o->json) {
      print(registry::with_registrations<nlohmann::ordered_json>(
          rules::to_json(trip.travellers_, trip.itinerary_, results), registrations));
    } else {
      for (auto const& g : registrations) {
        std::printf("register: stay %zu (%s): %s%s%s\n", g.stay_ + 1, trip.itinerary_.stays_[g.stay_].country_.c_str(),
                    g.said_.registered_ ? "the group is registered" : "the group is not registered",
                    g.said_.why_.empty() ? "" : ": ", g.said_.why_.c_str());
      }
      print_text(trip.travellers_, trip.itinerary_, results);
    }
    return 0;
  };
}

std::string rules_directory(std::string const& given) {
  if (!given.empty()) {
    return given;
  }
  auto const* env = std::getenv("CARAVAN_RULES");
  return env != nullptr && *env != '\0' ? env : "data/rules";
}

}  // namespace caravan::cli

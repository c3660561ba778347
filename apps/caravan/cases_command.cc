// `caravan cases`: the cases' upkeep without a server (docs/cases.md): let deadlines escalate, list the
// cases by due time, and list or import the business calendars their deadlines count in.
#include <cstdio>

#include <fmt/format.h>

#include "caravan/cases/service.h"
#include "caravan/registry/model.h"
#include "commands.h"
#include "register_store.h"

namespace caravan::cli {

namespace {

std::string due_text(cases::instant t) { return t == cases::kNoDue ? "-" : registry::format_instant(t); }

}  // namespace

command add_cases_command(CLI::App& app) {
  struct options {
    std::string where, import;
    std::string kind;
    bool open_only{false};
    std::size_t limit{50};
  };
  auto o = std::make_shared<options>();
  auto* cmd = app.add_subcommand("cases", "Assistance, disputes and insurance claims (docs/cases.md)");
  cmd->require_subcommand(1);
  auto* sweep = cmd->add_subcommand("sweep", "Escalates the cases whose deadline passed (what `caravan serve` does every "
                                             "30 seconds), for a register no server is running on");
  auto* list = cmd->add_subcommand("list", "The cases by due time, without their texts (no keys needed)");
  list->add_option("--kind", o->kind, "assistance, dispute or claim")->check(CLI::IsMember({"assistance", "dispute", "claim"}));
  list->add_flag("--open", o->open_only, "Only the open ones");
  list->add_option("--limit", o->limit, "At most this many (default 50)")->check(CLI::Range(1, 10'000));
  auto* calendars = cmd->add_subcommand(
      "calendars", "Lists the business calendars, or with --import stores each calendar of a file as its next version "
                   "and evaluates the open cases on it again");
  calendars->add_option("--import", o->import, "A JSON array of calendars (as data/cases/calendars.json)");
  for (auto* sub : {sweep, list, calendars}) {
    sub->add_option("--register", o->where, "The register: a SQLite file or a PostgreSQL URI (env CARAVAN_REGISTER)");
  }
  return [o, sweep, list] {
    auto const where = register_location(o->where);
    if (where.empty()) {
      throw std::runtime_error{"say which register: --register FILE or $CARAVAN_REGISTER"};
    }
    auto store = open_register(where, false);
    auto* case_store = dynamic_cast<cases::case_store*>(store.get());
    if (case_store == nullptr) {
      throw std::runtime_error{"this register's store keeps no cases"};
    }
    cases::case_service svc{*case_store, {}};
    if (sweep->parsed()) {
      auto const n = svc.sweep();
      std::printf("%zu case%s past a deadline, escalated\n", n, n == 1 ? "" : "s");
      return 0;
    }
    if (list->parsed()) {
      cases::case_query q{.limit_ = o->limit};
      if (!o->kind.empty()) {
        q.kind_ = cases::parse_case_kind(o->kind);
      }
      if (o->open_only) {
        q.open_ = true;
      }
      auto const rows = svc.overview(q);
      std::printf("%-8s %-10s %-22s %-7s %-28s %s\n", "case", "kind", "state", "country", "next due", "breached");
      for (auto const& c : rows) {
        std::printf("%-8lld %-10s %-22s %-7s %-28s %s%s\n", static_cast<long long>(c.id_),
                    std::string{to_string(c.kind_)}.c_str(), c.state_.c_str(), c.country_.c_str(),
                    due_text(c.next_due_).c_str(), c.breached_ ? "yes" : "no",
                    c.escalated_to_ ? fmt::format(" (escalated to the {})", to_string(*c.escalated_to_)).c_str() : "");
      }
      return 0;
    }
    if (!o->import.empty()) {
      auto const n = svc.import_calendars(cases::load_calendars(o->import));
      std::printf("calendars imported; %zu open case%s evaluated again with new due times\n", n, n == 1 ? "" : "s");
    }
    for (auto const& c : svc.calendars()) {
      std::printf("%-6s %-16s version %-3lld %zu holiday%s\n", c.calendar_.id_.c_str(), c.calendar_.time_zone_.c_str(),
                  static_cast<long long>(c.version_), c.calendar_.holidays_.size(),
                  c.calendar_.holidays_.size() == 1 ? "" : "s");
    }
    return 0;
  };
}

}  // namespace caravan::cli

// `caravan admin create` (the register's first admin), `caravan admin rotate-key` (a new key for the
// manifests' personal data) and `caravan audit verify` (the audit trail's hash chain, docs/register.md).
#include <cstdio>
#include <cstdlib>
#include <iostream>

#include <fmt/format.h>

#include "caravan/cases/service.h"
#include "caravan/registry/service.h"
#include "commands.h"
#include "register_store.h"

namespace caravan::cli {

command add_admin_command(CLI::App& app) {
  struct options {
    std::string where, email, name, keys;
    bool drop_old{false};
  };
  auto o = std::make_shared<options>();
  auto* admin = app.add_subcommand("admin", "The register's administration (docs/register.md)");
  admin->require_subcommand(1);
  auto* create = admin->add_subcommand(
      "create", "Creates the register's first admin; the password from $CARAVAN_ADMIN_PASSWORD, else the first line of "
                "standard input (never an argument: it would show in the process list)");
  create->add_option("--register", o->where, "The register: a SQLite file or a PostgreSQL URI (env CARAVAN_REGISTER)");
  create->add_option("--email", o->email, "The admin's email (their sign-in name)")->required();
  create->add_option("--name", o->name, "The admin's name as shown")->required();
  auto* rotate = admin->add_subcommand(
      "rotate-key", "Adds a new key to the register's key file and seals every manifest's passport numbers and birth "
                    "dates again with it, in one transaction; the old keys stay in the file (they still open backups) "
                    "unless --drop-old. Restart the servers afterwards: they read the key file at start");
  rotate->add_option("--register", o->where, "The register: a SQLite file or a PostgreSQL URI (env CARAVAN_REGISTER)");
  rotate->add_option("--register-keys", o->keys,
                     "The key file (env CARAVAN_REGISTER_KEYS; default <register>.keys beside a SQLite register)");
  rotate->add_flag("--drop-old", o->drop_old, "Keep only the new key once everything is sealed with it");
  return [o, create, rotate] {
    if (rotate->parsed()) {
      auto const where = register_location(o->where);
      auto const keys_at = keys_location(o->keys, where);
      if (where.empty() || keys_at.empty()) {
        throw std::runtime_error{"say which register and key file: --register, --register-keys (or $CARAVAN_REGISTER, "
                                 "$CARAVAN_REGISTER_KEYS)"};
      }
      auto store = open_register(where, false);
      auto const old_ring = load_keys(keys_at, false);
      auto const ring = old_ring.with_new_key();
      // The file first, with the old keys and the new: a crash before the reseal commits leaves data
      // sealed with old keys, which the file still opens.
      save_keys(keys_at, ring);
      registry::register_service reg{*store, {.keys_ = ring}};
      auto const n = reg.reseal(ring);
      // The cases' texts and files too (the same key ring), before the old keys may go.
      std::size_t case_values = 0;
      if (auto* case_store = dynamic_cast<cases::case_store*>(store.get())) {
        cases::case_service cases{*case_store, {.keys_ = ring}};
        case_values = cases.reseal(ring);
      }
      if (o->drop_old) {
        save_keys(keys_at, ring.only_current());
      }
      std::printf("key %u now seals; %zu member%s and %zu case value%s sealed again%s\n", ring.current_id(), n,
                  n == 1 ? "" : "s", case_values, case_values == 1 ? "" : "s",
                  o->drop_old ? "; the old keys are gone from the file" : "");
      return 0;
    }
    if (!create->parsed()) {
      return 0;
    }
    auto const where = register_location(o->where);
    if (where.empty()) {
      throw std::runtime_error{"say which register: --register FILE or $CARAVAN_REGISTER"};
    }
    std::string password;
    if (auto const* env = std::getenv("CARAVAN_ADMIN_PASSWORD")) {
      password = env;
    } else {
      std::getline(std::cin, password);
    }
    auto store = open_register(where);
    registry::register_service reg{*store, {}};
    try {
      auto const a = reg.create_first_admin(o->email, o->name, password);
      std::printf("admin %s created (account %lld)\n", a.email_.c_str(), static_cast<long long>(a.id_));
    } catch (registry::refused const& e) {
      std::fprintf(stderr, "caravan admin create: %s%s%s\n", e.field().empty() ? "" : e.field().c_str(),
                   e.field().empty() ? "" : ": ", e.what());
      return 1;
    }
    return 0;
  };
}

command add_audit_command(CLI::App& app) {
  auto where = std::make_shared<std::string>();
  auto* audit = app.add_subcommand("audit", "The register's audit trail (docs/register.md)");
  audit->require_subcommand(1);
  auto* verify = audit->add_subcommand("verify", "Checks the hash chain of the whole trail; exit 1 naming the first "
                                                 "entry removed, inserted or edited");
  verify->add_option("--register", *where, "The register: a SQLite file or a PostgreSQL URI (env CARAVAN_REGISTER)");
  return [where, verify] {
    if (!verify->parsed()) {
      return 0;
    }
    auto const location = register_location(*where);
    if (location.empty()) {
      throw std::runtime_error{"say which register: --register FILE or $CARAVAN_REGISTER"};
    }
    auto store = open_register(location, false);
    registry::register_service reg{*store, {}};
    std::int64_t checked = 0;
    std::string head;
    if (auto const broken = reg.verify_audit(&checked, &head)) {
      std::printf("the audit trail is broken at entry %lld: %s\n", static_cast<long long>(broken->seq_),
                  broken->what_.c_str());
      return 1;
    }
    // The count and the last hash, to keep elsewhere: entries cut from the end leave a chain that holds.
    std::printf("the audit trail holds: %lld entries, the last one's hash %s\n", static_cast<long long>(checked),
                head.empty() ? "(none)" : head.c_str());
    return 0;
  };
}

}  // namespace caravan::cli

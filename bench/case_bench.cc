// The cases' figures (issue 17, BENCHMARKS.md "Cases"), on SQLite (a file) or PostgreSQL (a connection
// string):
//  - writes: N threads, each a traveller and an operator's staff working their own cases through
//    cases::case_service (open_case, post_message by both sides, act "acknowledge"), each write one unit of
//    work with its history event, audit entry and outbox row, for D seconds; writes per second and the
//    latency's p50 / p99 / max, overall and per operation.
//  - queue: --cases cases bulk-inserted through the store (big transactions, titles sealed as the service
//    seals them), spread over operators, insurers, countries, kinds, due times, open and closed; then
//    case_service::queue(caller, {}) timed for operator staff, insurers, authorities, travellers and
//    admins, p50 / p99 per role.
// bench/cases.sh runs it on both stores.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <map>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <pqxx/pqxx>

#include "caravan/cases/lifecycle.h"
#include "caravan/cases/service.h"
#include "caravan/registry/service.h"
#include "caravan/storage/postgres_store.h"
#include "caravan/storage/sqlite_store.h"
#include "fresh_store.h"

using namespace caravan;
using clock_type = std::chrono::steady_clock;
using cases::instant;

namespace {

constexpr char const* kCountries[] = {"KZ", "KG", "UZ", "TJ", "CN", "TM"};
constexpr char const* kInsurers[] = {"SILKINS", "STEPPE", "PAMIR", "TIANSHAN"};

double ms_since(clock_type::time_point t) { return std::chrono::duration<double, std::milli>(clock_type::now() - t).count(); }

struct percentiles {
  std::vector<double> v;
  void sort() { std::sort(v.begin(), v.end()); }
  double at(double q) const { return v.empty() ? 0.0 : v[static_cast<std::size_t>(q * static_cast<double>(v.size() - 1))]; }
  double max() const { return v.empty() ? 0.0 : v.back(); }
};

instant now_us() {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// The register's parties, made once through the register's service (kTest hashes: the bench measures the
// cases, not Argon2id).
struct parties {
  registry::caller admin;
  std::vector<registry::operator_id> operators;
  std::vector<std::string> operator_country;
  std::vector<registry::caller> staff;        // one per operator
  std::vector<registry::caller> insurers;     // one per organisation
  std::vector<registry::caller> authorities;  // one per country
  std::vector<registry::caller> travellers;
};

registry::caller as(registry::account a) { return {.account_ = std::move(a), .client_ = "bench"}; }

parties make_parties(registry::register_service& reg, std::size_t operators, std::size_t travellers) {
  parties p;
  p.admin = as(reg.create_first_admin("admin@bench.example", "Admin", "admin password 1"));
  auto const made = [&](registry::new_account a) {
    a.display_name_ = "Bench " + a.email_;
    a.password_ = "bench password 1";
    return as(reg.create_account(p.admin, a));
  };
  for (std::size_t i = 0; i != operators; ++i) {
    auto const country = kCountries[i % std::size(kCountries)];
    auto const o = reg.apply_operator(p.admin, {.legal_name_ = fmt::format("Bench Tours {}", i), .country_ = country,
                                                .licence_number_ = fmt::format("BENCH-{}", i), .issuer_ = "Bench",
                                                .valid_from_ = 20000, .valid_to_ = 22000});
    reg.decide_operator(p.admin, o.id_, registry::operator_status::kApproved, o.version_, "bench");
    p.operators.push_back(o.id_);
    p.operator_country.emplace_back(country);
    p.staff.push_back(made({.email_ = fmt::format("staff{}@bench.example", i), .role_ = registry::role::kOperatorStaff,
                            .operator_ = o.id_}));
  }
  for (std::size_t i = 0; i != std::size(kInsurers); ++i) {
    p.insurers.push_back(made({.email_ = fmt::format("insurer{}@bench.example", i), .role_ = registry::role::kInsurer,
                               .country_ = kCountries[i], .organisation_ = kInsurers[i]}));
  }
  for (auto const* c : kCountries) {
    p.authorities.push_back(made({.email_ = fmt::format("authority.{}@bench.example", c),
                                  .role_ = registry::role::kAuthority, .country_ = c}));
  }
  for (std::size_t i = 0; i != travellers; ++i) {
    p.travellers.push_back(made({.email_ = fmt::format("traveller{}@bench.example", i)}));
  }
  return p;
}

// N threads writing cases through the service; returns false when the audit trail does not verify.
bool bench_writes(char const* store_name, registry::register_service& reg, cases::case_service& svc, parties const& p,
                  unsigned threads, double seconds) {
  std::atomic<bool> stop{false};
  std::atomic<long> failures{0};
  // Per thread, per operation: open, message, acknowledge.
  std::vector<std::array<percentiles, 3>> lat(threads);
  std::vector<std::thread> workers;
  auto const start = clock_type::now();
  for (unsigned t = 0; t != threads; ++t) {
    workers.emplace_back([&, t] {
      auto const& traveller = p.travellers[t];
      auto const& staff = p.staff[t % p.staff.size()];
      auto const op = p.operators[t % p.operators.size()];
      for (int i = 0; !stop.load(std::memory_order_relaxed); ++i) {
        try {
          auto t0 = clock_type::now();
          auto v = svc.open_case(traveller, {.kind_ = cases::case_kind::kAssistance, .category_ = "stranded",
                                             .urgency_ = cases::urgency::kHigh,
                                             .title_ = fmt::format("Stranded at Irkeshtam {}-{}", t, i),
                                             .description_ = "The border is closed for the holiday; the train from Osh "
                                                             "leaves on Monday.",
                                             .country_ = "KG", .place_ = {.name_ = "Osh", .stop_id_ = "osh"},
                                             .language_ = "zh", .operator_ = op});
          lat[t][0].v.push_back(ms_since(t0));
          auto const id = v.record_.id_;
          t0 = clock_type::now();
          svc.post_message(traveller, id, "我们在奥什，需要一辆车");
          lat[t][1].v.push_back(ms_since(t0));
          t0 = clock_type::now();
          v = svc.post_message(staff, id, "A car leaves Osh on Sunday at 08:00.");
          lat[t][1].v.push_back(ms_since(t0));
          t0 = clock_type::now();
          svc.act(staff, id, {.action_ = "acknowledge", .version_ = v.record_.version_});
          lat[t][2].v.push_back(ms_since(t0));
        } catch (std::exception const& e) {
          if (failures.fetch_add(1) < 3) {
            std::fprintf(stderr, "a write failed: %s\n", e.what());
          }
        }
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  stop = true;
  for (auto& w : workers) {
    w.join();
  }
  auto const elapsed = std::chrono::duration<double>(clock_type::now() - start).count();
  std::array<percentiles, 3> by_op;
  percentiles all;
  for (auto const& l : lat) {
    for (std::size_t k = 0; k != 3; ++k) {
      by_op[k].v.insert(by_op[k].v.end(), l[k].v.begin(), l[k].v.end());
      all.v.insert(all.v.end(), l[k].v.begin(), l[k].v.end());
    }
  }
  all.sort();
  std::int64_t checked = 0;
  auto const broken = reg.verify_audit(&checked);
  std::printf("%s, case writes, %u thread(s), %.1f s: %zu writes, %.0f writes/s; latency p50 %.2f ms, p99 %.2f ms, max "
              "%.2f ms; %ld failed; audit trail %s (%lld entries)\n",
              store_name, threads, elapsed, all.v.size(), static_cast<double>(all.v.size()) / elapsed, all.at(0.5),
              all.at(0.99), all.max(), failures.load(), broken ? "BROKEN" : "holds", static_cast<long long>(checked));
  char const* names[] = {"open_case", "post_message", "act acknowledge"};
  for (std::size_t k = 0; k != 3; ++k) {
    by_op[k].sort();
    std::printf("  %-16s %7zu: p50 %.2f ms, p99 %.2f ms, max %.2f ms\n", names[k], by_op[k].v.size(), by_op[k].at(0.5),
                by_op[k].at(0.99), by_op[k].max());
  }
  return !broken && failures == 0;
}

// `n` cases straight into the store, `batch` to a transaction: a realistic spread over kinds, parties,
// countries, states and due times. Titles sealed with the service's ring and context ("case:<id>:title"),
// after the insert gave the id, as open_case does.
void bulk_insert(cases::case_store& store, registry::key_ring const& ring, parties const& p, std::size_t n,
                 std::size_t batch) {
  std::mt19937_64 rng{17};
  auto const pick = [&](std::size_t size) { return static_cast<std::size_t>(rng() % size); };
  auto const now = now_us();
  constexpr instant kHour = std::int64_t{3600} * 1'000'000;
  for (std::size_t done = 0; done < n;) {
    auto const end = std::min(n, done + batch);
    store.write_cases([&](cases::case_unit& u) {
      for (; done < end; ++done) {
        auto const roll = pick(100);
        auto const kind = roll < 55 ? cases::case_kind::kAssistance
                                    : roll < 75 ? cases::case_kind::kDispute : cases::case_kind::kClaim;
        auto const& l = cases::lifecycle_of(kind);
        auto const traveller = p.travellers[pick(p.travellers.size())].account_->id_;
        cases::case_record c{.kind_ = kind, .category_ = l.categories_[pick(l.categories_.size())],
                             .urgency_ = l.urgencies_[pick(l.urgencies_.size())],
                             .country_ = kCountries[pick(std::size(kCountries))], .language_ = "zh",
                             .filed_by_ = traveller, .traveller_ = traveller};
        // Disputes are with an operator; most assistance cases name one; claims and some assistance an insurer.
        std::size_t const op = pick(p.operators.size());
        if (kind == cases::case_kind::kDispute || (kind == cases::case_kind::kAssistance && pick(10) < 7)) {
          c.operator_ = p.operators[op];
          c.responsible_ = cases::party::kOperator;
          c.calendar_ = p.operator_country[op];
        }
        if (kind == cases::case_kind::kClaim || (kind == cases::case_kind::kAssistance && !c.operator_ && pick(2) == 0)) {
          auto const ins = pick(std::size(kInsurers));
          c.insurer_ = kInsurers[ins];
          c.policy_sealed_ = "";
          if (!c.operator_) {
            c.responsible_ = cases::party::kInsurer;
            c.calendar_ = kCountries[ins];
          }
        }
        if (kind == cases::case_kind::kClaim) {
          c.lines_.push_back({.description_ = "Clinic, 2 nights", .amount_minor_ = 12'000 + static_cast<std::int64_t>(pick(50'000)),
                              .currency_ = "USD"});
        }
        if (c.calendar_.empty()) {
          c.calendar_ = c.country_;
        }
        // A third closed; the open ones in any state that is not closed, due from a week ago to a month ahead.
        std::vector<std::string> open_states, closed_states;
        for (auto const& s : l.states_) {
          (s.class_ == cases::state_class::kClosed ? closed_states : open_states).push_back(s.name_);
        }
        c.created_ = now - static_cast<instant>(pick(90 * 24)) * kHour;
        c.happened_at_ = c.created_ - kHour;
        c.updated_ = c.created_ + static_cast<instant>(pick(48)) * kHour;
        c.open_ = pick(3) != 0;
        if (c.open_) {
          c.state_ = pick(3) == 0 ? l.initial_ : open_states[pick(open_states.size())];
          c.response_due_ = now + (static_cast<instant>(pick(40 * 24)) - 7 * 24) * kHour;
          c.resolution_due_ = *c.response_due_ + 10 * 24 * kHour;
          c.next_due_ = *c.response_due_;
          c.breached_ = c.next_due_ < now;
          if (c.breached_ && pick(2) == 0) {
            c.escalated_to_ = cases::party::kAuthority;
          }
        } else {
          c.state_ = closed_states[pick(closed_states.size())];
          c.next_due_ = cases::kNoDue;
        }
        c.version_ = 1;
        c.id_ = u.insert_case(c);
        c.title_sealed_ = ring.seal(fmt::format("Bench case {} in {}", c.id_, c.country_), fmt::format("case:{}:title", c.id_));
        c.version_ = 2;
        u.update_case(c);
      }
    });
  }
}

bool bench_queue(char const* store_name, cases::case_store& store, registry::key_ring const& ring,
                 cases::case_service& svc, parties const& p, std::size_t n, int iterations) {
  auto const t0 = clock_type::now();
  bulk_insert(store, ring, p, n, 10'000);
  std::size_t stored = 0;
  store.read_cases([&](cases::case_unit& u) { stored = u.find_cases({.limit_ = 1'000'000}).size(); });
  std::printf("%s, queue view: %zu cases inserted in %.1f s (%zu in the store)\n", store_name, n, ms_since(t0) / 1000,
              stored);
  struct role_of {
    char const* name;
    std::vector<registry::caller> const* callers;
  };
  std::vector<registry::caller> const admins{p.admin};
  bool ok = true;
  // The queue as the API's default asks it (open and closed) and the open cases only (`?open=true`).
  for (auto const open_only : {false, true}) {
    std::printf("  %s:\n", open_only ? "open cases only (queue(caller, {.open_ = true}))" : "all cases (queue(caller, {}))");
    cases::case_query const query{.open_ = open_only ? std::optional<bool>{true} : std::nullopt};
    for (auto const& r : {role_of{"operator staff", &p.staff}, role_of{"insurer", &p.insurers},
                          role_of{"authority", &p.authorities}, role_of{"traveller", &p.travellers},
                          role_of{"admin", &admins}}) {
      percentiles lat;
      std::size_t rows = 0;
      // One warm-up call each (the first reads pages in); then the callers of the role in turn.
      for (auto const& c : *r.callers) {
        svc.queue(c, query);
      }
      for (int i = 0; i != iterations; ++i) {
        auto const& c = (*r.callers)[static_cast<std::size_t>(i) % r.callers->size()];
        auto const before = clock_type::now();
        auto const q = svc.queue(c, query);
        lat.v.push_back(ms_since(before));
        rows += q.size();
        ok = ok && !q.empty() && !q.front().title_.empty();
      }
      lat.sort();
      std::printf("    %-14s (%3zu accounts, %d calls, %.0f rows a page): p50 %.2f ms, p99 %.2f ms, max %.2f ms\n", r.name,
                  r.callers->size(), iterations, static_cast<double>(rows) / iterations, lat.at(0.5), lat.at(0.99),
                  lat.max());
    }
  }
  if (!ok) {
    std::fprintf(stderr, "a queue came back empty or without its titles\n");
  }
  return ok;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"caravan-case-bench: case writes per second and the queue view's latency at scale"};
  std::string sqlite, postgres, calendars = std::string{CARAVAN_SOURCE_DIR} + "/data/cases/calendars.json";
  unsigned threads = 4;
  double seconds = 5;
  std::size_t cases_n = 0, travellers = 500;
  int iterations = 500;
  app.add_option("--sqlite", sqlite, "A SQLite file (made anew)");
  app.add_option("--postgres", postgres, "A PostgreSQL connection string (its tables are emptied)");
  app.add_option("--threads", threads, "Concurrent writers")->check(CLI::Range(1U, 64U));
  app.add_option("--seconds", seconds, "How long the writes run (0: no writes)")->check(CLI::Range(0.0, 600.0));
  app.add_option("--cases", cases_n, "Cases bulk-inserted before timing the queue view (0: no queue)");
  app.add_option("--iterations", iterations, "Queue calls per role")->check(CLI::Range(1, 1'000'000));
  app.add_option("--travellers", travellers, "Traveller accounts the cases are spread over")->check(CLI::Range(64, 100'000));
  app.add_option("--calendars", calendars, "The business calendars (data/cases/calendars.json)");
  CLI11_PARSE(app, argc, argv);
  if (sqlite.empty() == postgres.empty()) {
    std::fprintf(stderr, "give one of --sqlite FILE or --postgres CONNINFO\n");
    return 2;
  }
  std::unique_ptr<storage::register_store> store = bench::fresh_store(sqlite, postgres, static_cast<int>(threads));
  char const* const store_name = sqlite.empty() ? "PostgreSQL" : "SQLite";
  auto const ring = registry::key_ring{}.with_new_key();
  registry::register_service reg{*store, {.hash_cost_ = registry::hash_cost::kTest, .keys_ = ring}};
  // The per-account limits (20 cases a day, 200 messages an hour) guard a server from one account; the
  // bench's few accounts write thousands, so they are lifted here.
  cases::case_service svc{*store, {.keys_ = ring, .opens_per_day_ = 1 << 30, .writes_per_hour_ = 1 << 30}};
  svc.seed_calendars(cases::load_calendars(calendars));
  auto const p = make_parties(reg, 8, std::max<std::size_t>(travellers, threads));

  bool ok = true;
  if (seconds > 0) {
    ok = bench_writes(store_name, reg, svc, p, threads, seconds) && ok;
  }
  if (cases_n > 0) {
    ok = bench_queue(store_name, *store, ring, svc, p, cases_n, iterations) && ok;
  }
  return ok ? 0 : 1;
}

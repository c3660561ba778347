// A group tour's check of a 25-person manifest (issue 16): the manifest read and opened (25 passport
// numbers and birth dates unsealed), the entry rules run for every traveller over the tour's stays, the
// report written; and a 25-row CSV manifest imported (parsed, checked, sealed, written with its audit
// entry). On a SQLite file; bench/register.sh runs it.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <filesystem>

#include <fmt/format.h>

#include "caravan/base/date.h"
#include "caravan/registry/service.h"
#include "caravan/storage/sqlite_store.h"

using namespace caravan;

namespace {

std::int32_t day_of(char const* iso) { return *parse_date(iso, date_format::kIso); }

struct fixture {
  std::string path = (std::filesystem::temp_directory_path() / "caravan-tour-bench.db").string();
  std::unique_ptr<registry::store> store;
  std::unique_ptr<registry::register_service> reg;
  registry::caller admin;
  registry::operator_id op{0};
  rules::rule_set rules = rules::rule_set::load_directory(std::filesystem::path{CARAVAN_SOURCE_DIR} / "data/rules");

  fixture() {
    for (auto const* suffix : {"", "-wal", "-shm"}) {
      std::remove((path + suffix).c_str());
    }
    store = storage::open_sqlite_store(path);
    reg = std::make_unique<registry::register_service>(
        *store, registry::service_options{.hash_cost_ = registry::hash_cost::kTest,
                                          .keys_ = registry::key_ring{}.with_new_key()});
    admin.account_ = reg->create_first_admin("admin@bench.example", "Admin", "admin password 1");
    op = reg->apply_operator(admin, {.legal_name_ = "Silk", .country_ = "KZ", .licence_number_ = "KZ-1",
                                     .issuer_ = "Committee", .valid_from_ = day_of("2025-01-01"),
                                     .valid_to_ = day_of("2027-12-31"), .countries_ = {"KZ", "KG"}})
             .id_;
    reg->decide_operator(admin, op, registry::operator_status::kApproved, 1, "");
  }
  registry::tour_id new_tour() {
    return reg->create_tour(admin, op, {.title_ = "Issyk-Kul",
                                        .stays_ = {{.country_ = "KG", .entry_ = "2026-07-01", .exit_ = "2026-07-10",
                                                    .onward_ticket_ = true}}})
        .id_;
  }
  static std::string csv(int n, int offset) {
    std::string out = "latin_name,native_name,nationality,passport_number,passport_expiry,birth_date,sex\n";
    for (int i = 0; i != n; ++i) {
      out += fmt::format("TRAVELLER {},旅客,CN,E{:08},2031-01-01,1980-05-{:02},M\n", static_cast<char>('A' + i % 26),
                         offset + i, 1 + i % 28);
    }
    return out;
  }
};

fixture& the() {
  static fixture f;
  return f;
}

void BM_TourCheck25(benchmark::State& state) {
  auto& f = the();
  auto const id = f.new_tour();
  if (f.reg->import_manifest(f.admin, id, fixture::csv(25, 0)).added_ != 25) {
    state.SkipWithError("the import was refused");
  }
  for (auto _ : state) {
    auto const c = f.reg->check_tour(f.admin, id, f.rules);
    if (!c.ok_) {
      state.SkipWithError("the check found problems");
    }
    benchmark::DoNotOptimize(c.report_.data());
  }
}
BENCHMARK(BM_TourCheck25)->Unit(benchmark::kMillisecond);

void BM_ImportManifest25(benchmark::State& state) {
  auto& f = the();
  int n = 0;
  for (auto _ : state) {
    state.PauseTiming();
    auto const id = f.new_tour();
    auto const text = fixture::csv(25, 1000 * ++n);
    state.ResumeTiming();
    auto const r = f.reg->import_manifest(f.admin, id, text);
    if (r.added_ != 25) {
      state.SkipWithError("the import was refused");
    }
  }
}
BENCHMARK(BM_ImportManifest25)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();

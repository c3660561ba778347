// MOTIS compatibility (issue 14): /api/v1/geocode and /api/v1/reverse-geocode answered as MOTIS's
// specs say (../shared/reference/motis/openapi-v6-*.yaml and v5), every response checked against both
// with zero violations, besides Caravan's own spec (the harness's client checks that one).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "harness.h"
#include "motis_check.h"

namespace caravan::server::testing {
namespace {

using json = nlohmann::json;

class Motis : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = new test_server{}; }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  // GET target; the reply conforms to Caravan's spec (the client) and to both MOTIS specs.
  static json get(std::string const& target, unsigned status = 200) {
    return motis_get(server_->port(), target, status);
  }
  static void expect_error(std::string const& target, std::string const& code, std::string const& parameter) {
    auto const body = get(target, 400);
    EXPECT_EQ(body["code"], code) << target << ": " << body.dump();
    EXPECT_EQ(body["details"]["parameter"], parameter) << target << ": " << body.dump();
    ASSERT_TRUE(body["error"].is_string()) << target;
    EXPECT_EQ(body["error"], body["message"]) << target;
  }
  static test_server* server_;
};

test_server* Motis::server_ = nullptr;

TEST_F(Motis, TypingAPrefixFindsTheCityAsAStopMatch) {
  SKIP_WITHOUT_MOTIS_SPECS();
  auto const m = get("/api/v1/geocode?text=Alm");
  ASSERT_FALSE(m.empty());
  EXPECT_EQ(m[0]["type"], "STOP");
  EXPECT_EQ(m[0]["id"], "almaty");
  EXPECT_EQ(m[0]["name"], "Almaty");
  EXPECT_NEAR(m[0]["lat"].get<double>(), 43.25249, 1e-4);
  EXPECT_NEAR(m[0]["lon"].get<double>(), 76.9115, 1e-4);
  EXPECT_EQ(m[0]["level"], 0);
  EXPECT_EQ(m[0]["tz"], "Asia/Almaty");
  EXPECT_EQ(m[0]["country"], "KZ");
  EXPECT_EQ(m[0]["areas"], json::array());
  EXPECT_EQ(m[0]["tokens"], json::parse("[[0, 3]]"));
  EXPECT_DOUBLE_EQ(m[0]["score"].get<double>(), 0.8);  // a prefix
  // Exactly the fields of MOTIS's Match, nothing else.
  for (auto const& [k, v] : m[0].items()) {
    EXPECT_TRUE(k == "type" || k == "tokens" || k == "name" || k == "id" || k == "lat" || k == "lon" ||
                k == "level" || k == "tz" || k == "country" || k == "areas" || k == "score")
        << k;
  }
}

TEST_F(Motis, CyrillicFindsTashkentAndLanguagePicksTheName) {
  SKIP_WITHOUT_MOTIS_SPECS();
  auto const m = get("/api/v1/geocode?text=%D0%A2%D0%B0%D1%88%D0%BA%D0%B5%D0%BD%D1%82");  // Ташкент
  ASSERT_FALSE(m.empty());
  EXPECT_EQ(m[0]["id"], "tashkent");
  EXPECT_EQ(m[0]["name"], "Tashkent");
  EXPECT_DOUBLE_EQ(m[0]["score"].get<double>(), 1.0);
  EXPECT_EQ(m[0]["tokens"], json::parse("[[0, 7]]"));  // code points, not bytes
  auto const ru = get("/api/v1/geocode?text=tashkent&language=ru");
  ASSERT_FALSE(ru.empty());
  EXPECT_EQ(ru[0]["name"], "Ташкент");
  auto const fallback = get("/api/v1/geocode?text=tashkent&language=xx,ru");
  EXPECT_EQ(fallback[0]["name"], "Ташкент");
  EXPECT_EQ(get("/api/v1/geocode?text=tashkent&language=xx")[0]["name"], "Tashkent");
}

TEST_F(Motis, PlaceBiasPutsTheNearestFirstAmongEquallyGoodMatches) {
  SKIP_WITHOUT_MOTIS_SPECS();
  auto const plain = get("/api/v1/geocode?text=a&numResults=50");
  ASSERT_GT(plain.size(), 2U);
  for (auto const* place : {"41.2646,69.2163", "41.2646,69.2163,0", "43.2525,76.9115"}) {
    auto const near = get(std::string{"/api/v1/geocode?text=ta&place="} + place + "&placeBias=1.5");
    ASSERT_FALSE(near.empty());
    if (std::string{place}.rfind("41.", 0) == 0) {
      EXPECT_EQ(near[0]["id"], "tashkent") << place;
    } else {
      EXPECT_EQ(near[0]["id"], "taldykorgan") << place;  // of the "Ta..." places, the nearest to Almaty
    }
  }
  EXPECT_EQ(get("/api/v1/geocode?text=alm&numResults=1").size(), 1U);
}

TEST_F(Motis, ABoxAndTypesFilter) {
  SKIP_WITHOUT_MOTIS_SPECS();
  // Uzbekistan's box: Tashkent in, Taraz (Kazakhstan) out.
  auto const in_box = get("/api/v1/geocode?text=ta&min=37.0,56.0&max=41.5,70.0");
  ASSERT_FALSE(in_box.empty());
  for (auto const& m : in_box) {
    EXPECT_NE(m["id"], "taraz");
    EXPECT_LE(m["lat"].get<double>(), 41.5);
  }
  EXPECT_EQ(get("/api/v1/geocode?text=alm&type=ADDRESS,PLACE"), json::array());
  EXPECT_FALSE(get("/api/v1/geocode?text=alm&type=STOP").empty());
  EXPECT_EQ(get("/api/v1/geocode?text=zzzzqq"), json::array());
  EXPECT_EQ(get("/api/v1/geocode?text=,,"), json::array());
  EXPECT_FALSE(get("/api/v1/geocode?text=Almaty&mode=TRANSIT,WALK").empty());
}

TEST_F(Motis, ReverseGeocodeGivesTheNearestPlacesNearestFirst) {
  SKIP_WITHOUT_MOTIS_SPECS();
  for (auto const* place : {"43.2525,76.9115", "43.2525,76.9115,0"}) {
    auto const m = get(std::string{"/api/v1/reverse-geocode?place="} + place);
    ASSERT_EQ(m.size(), 5U) << place;
    EXPECT_EQ(m[0]["id"], "almaty");
    EXPECT_EQ(m[0]["type"], "STOP");
    EXPECT_EQ(m[0]["tokens"], json::array());
    EXPECT_GT(m[0]["score"].get<double>(), 0.99);
    for (std::size_t i = 1; i != m.size(); ++i) {
      EXPECT_GE(m[i - 1]["score"].get<double>(), m[i]["score"].get<double>());
    }
  }
  EXPECT_EQ(get("/api/v1/reverse-geocode?place=41.26,69.21&numResults=1").size(), 1U);
  EXPECT_EQ(get("/api/v1/reverse-geocode?place=41.26,69.21&type=ADDRESS"), json::array());
}

TEST_F(Motis, ErrorsAreMotisErrorsWithCaravansCodes) {
  SKIP_WITHOUT_MOTIS_SPECS();
  expect_error("/api/v1/geocode", "missing_parameter", "text");
  expect_error("/api/v1/geocode?text=", "missing_parameter", "text");
  expect_error("/api/v1/geocode?text=alm&place=north", "invalid_parameter", "place");
  expect_error("/api/v1/geocode?text=alm&place=91,0", "invalid_parameter", "place");
  expect_error("/api/v1/geocode?text=alm&place=1,2,x", "invalid_parameter", "place");
  expect_error("/api/v1/geocode?text=alm&numResults=0", "invalid_parameter", "numResults");
  expect_error("/api/v1/geocode?text=alm&type=CITY", "invalid_parameter", "type");
  expect_error("/api/v1/geocode?text=alm&mode=CAMEL", "invalid_parameter", "mode");
  expect_error("/api/v1/geocode?text=alm&placeBias=much", "invalid_parameter", "placeBias");
  expect_error("/api/v1/geocode?text=alm&min=1", "invalid_parameter", "min");
  expect_error("/api/v1/geocode?text=alm&txt=x", "unknown_parameter", "txt");
  expect_error("/api/v1/reverse-geocode", "missing_parameter", "place");
  expect_error("/api/v1/reverse-geocode?place=43.25", "invalid_parameter", "place");
  expect_error("/api/v1/reverse-geocode?place=1,2&text=x", "unknown_parameter", "text");
}

// The requests of ../shared/reference/motis/README.md that reach these endpoints, as the clients send them.
TEST_F(Motis, TheClientsRequestsOfTheReferenceReadme) {
  SKIP_WITHOUT_MOTIS_SPECS();
  // Transitous web UI on typing (its `mode=...` filled with the modes it offers).
  auto const m = get("/api/v1/geocode?place=43.2525,76.9115&text=Almaty&language=en&mode=TRANSIT");
  ASSERT_FALSE(m.empty());
  EXPECT_EQ(m[0]["id"], "almaty");
  EXPECT_FALSE(
      get("/api/v1/"
          "geocode?place=43.2525,76.9115&text=Almaty&language=en&mode=WALK,BIKE,RAIL,BUS,COACH,AIRPLANE")
          .empty());
  EXPECT_FALSE(get("/api/v1/geocode?place=43.2525,76.9115&text=Almaty&language=en").empty());
}

TEST(MotisLoading, NotReadyIsAMotisError) {
  test_server loading{test_config(), false};
  client c{loading.port()};
  for (auto const* target : {"/api/v1/geocode?text=a", "/api/v1/reverse-geocode?place=1,2"}) {
    auto const r = c.get(target);
    EXPECT_EQ(r.status, 503) << target;
    auto const body = json::parse(r.body);
    EXPECT_EQ(body["code"], "not_ready") << target;
    EXPECT_EQ(body["error"], body["message"]) << target;
  }
}

// The validator's MOTIS keywords, on schemas of their own.
TEST(MotisValidator, ChecksTheKeywordsMotisUses) {
  openapi_check const check{"{}", openapi_check::mode::kJsonSchema};
  auto const problems = [&](std::string const& schema, std::string const& value) {
    std::vector<std::string> out;
    check.validate(YAML::Load(schema), json::parse(value), "#", out);
    return out.size();
  };
  auto const date_time = "{type: string, format: date-time}";
  EXPECT_EQ(problems(date_time, R"("2026-06-05T02:00:00Z")"), 0U);
  EXPECT_EQ(problems(date_time, R"("2026-06-05T02:00:00.000+06:00")"), 0U);
  EXPECT_EQ(problems(date_time, R"("2026-06-05T02:00Z")"), 1U);    // no seconds
  EXPECT_EQ(problems(date_time, R"("2026-06-05T02:00:00")"), 1U);  // no offset
  EXPECT_EQ(problems("{type: array, minItems: 2, maxItems: 2, items: {type: number}}", "[1, 2]"), 0U);
  EXPECT_EQ(problems("{type: array, minItems: 2, maxItems: 2, items: {type: number}}", "[1]"), 1U);
  EXPECT_EQ(problems("{type: array, minItems: 2, maxItems: 2, items: {type: number}}", "[1, 2, 3]"), 1U);
  auto const one_of = "{oneOf: [{type: number}, {type: integer}]}";
  EXPECT_EQ(problems(one_of, "1.5"), 0U);
  EXPECT_EQ(problems(one_of, "1"), 1U);  // both match
  EXPECT_EQ(problems("{anyOf: [{type: string}, {type: integer}]}", "1"), 0U);
  EXPECT_EQ(problems("{anyOf: [{type: string}, {type: integer}]}", "true"), 1U);
  EXPECT_EQ(
      problems("{type: object, properties: {a: {type: string}}, example: {a: x}}", R"({"a": "x", "b": 1})"),
      0U);
  EXPECT_EQ(problems("{type: string, pattern: x}", R"("x")"), 1U);  // unknown keywords still fail
}

// The checks against MOTIS's specs find what is wrong, so zero violations above means something.
TEST(MotisValidator, FindsWhatIsWrongAgainstMotissSpecs) {
  SKIP_WITHOUT_MOTIS_SPECS();
  auto const good = R"([{"type": "STOP", "tokens": [[0, 3]], "name": "Almaty", "id": "almaty", "lat": 43.2,
                         "lon": 76.9, "level": 0, "areas": [], "score": 1, "extension": true}])";
  for (auto const& [name, spec] : motis_specs()) {
    auto check = spec;
    auto const problems = [&](std::string const& target, unsigned status, std::string const& body) {
      return check.check("GET", target, status, "application/json", body).size();
    };
    EXPECT_EQ(problems("/api/v1/geocode?text=alm", 200, good), 0U) << name;
    EXPECT_EQ(problems("/api/v1/reverse-geocode?place=1,2", 200, good), 0U) << name;
    EXPECT_EQ(problems("/api/v1/geocode?text=alm", 400, R"({"error": "x", "code": "y"})"), 0U) << name;
    EXPECT_GE(problems("/api/v1/geocode?text=alm", 200, R"([{"type": "CITY", "tokens": [[0]], "name": "A",
                         "id": "a", "lat": "43", "lon": 76.9, "areas": [{}]}])"),
              6U)
        << name;  // type, token, lat, score missing, area name, adminLevel, matched
    EXPECT_EQ(problems("/api/v1/geocode?text=alm", 503, R"({"error": "x"})"), 1U) << name;  // undocumented
    EXPECT_EQ(problems("/api/v1/nothing", 200, "[]"), 1U) << name;
  }
  auto v6 = motis_specs()[0].second;
  EXPECT_EQ(v6.check("GET", "/api/v1/geocode", 400, "application/json", R"({"code": "y"})").size(), 1U);
}

}  // namespace
}  // namespace caravan::server::testing

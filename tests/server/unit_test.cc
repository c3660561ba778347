// The pieces below the transport: request targets, the error table, gzip negotiation, polylines,
// countries, coordinates as places, and the heritage sites loader.
#include <gtest/gtest.h>

#include <set>

#include "caravan/base/error.h"
#include "caravan/planner/countries.h"
#include "caravan/planner/error.h"
#include "caravan/planner/places.h"
#include "caravan/server/api.h"
#include "caravan/server/compress.h"
#include "caravan/server/errors.h"
#include "caravan/server/target.h"
#include "caravan/sites/sites.h"
#include "harness.h"

namespace caravan::server {
namespace {

// The message of the api_error that `f` throws.
template <typename F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (api_error const& e) {
    return e.what();
  }
  return "no error";
}

TEST(Target, DecodesPathAndParameters) {
  auto const t = parse_target("/api/v1/plan?fromPlace=Xi%27an&toPlace=%C3%9Cr%C3%BCmqi+Diwopu&arriveBy&&time=2026-06-01T08%3A00%2B06%3A00");
  EXPECT_EQ(t.path, "/api/v1/plan");
  ASSERT_EQ(t.params.size(), 4U);
  EXPECT_EQ(t.get("fromPlace"), "Xi'an");
  EXPECT_EQ(t.get("toPlace"), "Ürümqi Diwopu");
  EXPECT_EQ(t.get("arriveBy"), "");
  EXPECT_EQ(t.get("time"), "2026-06-01T08:00+06:00");
  EXPECT_FALSE(t.get("modes").has_value());
  EXPECT_EQ(parse_target("/stops/a%20b").path, "/stops/a b");
  EXPECT_EQ(parse_target("/stops/a+b").path, "/stops/a+b") << "'+' is a space only in the query";
}

TEST(Target, RejectsMalformedTargetsNamingWhatIsWrong) {
  EXPECT_NE(error_of([] { parse_target("plan"); }).find("starting with /"), std::string::npos);
  EXPECT_NE(error_of([] { parse_target("/a#b"); }).find("fragment"), std::string::npos);
  EXPECT_NE(error_of([] { parse_target("/a?x=%4"); }).find("truncated"), std::string::npos);
  EXPECT_NE(error_of([] { parse_target("/a?x=%zz"); }).find("bad percent-escape `%zz` in parameter `x`"), std::string::npos);
  EXPECT_NE(error_of([] { parse_target("/a?x=%FF"); }).find("parameter `x` is not valid UTF-8"), std::string::npos);
  EXPECT_NE(error_of([] { parse_target("/a?x=%0A"); }).find("control character"), std::string::npos);
  EXPECT_NE(error_of([] { parse_target("/a?=1"); }).find("without a name"), std::string::npos);
  EXPECT_NE(error_of([] { parse_target("/a?x=1&x=2"); }).find("`x` is given twice"), std::string::npos);
  std::string many = "/a?";
  for (std::size_t i = 0; i != kMaxParams + 1; ++i) {
    many += "p" + std::to_string(i) + "=1&";
  }
  EXPECT_NE(error_of([&] { parse_target(many); }).find("more than"), std::string::npos);
}

TEST(Errors, OneTableWithUniqueCodesAndStatuses) {
  std::set<std::string_view> names;
  std::size_t i = 0;
  for (auto const& e : error_table()) {
    EXPECT_EQ(static_cast<std::size_t>(e.code_), i++) << e.name_ << ": the table is indexed by the code";
    EXPECT_TRUE(names.insert(e.name_).second) << e.name_;
    EXPECT_GE(e.status_, 400U);
  }
  EXPECT_EQ(info(error_code::kHeaderTooLarge).status_, 431U);
  EXPECT_EQ(info(error_code::kBodyTooLarge).status_, 413U);
  EXPECT_EQ(error_body(error_code::kUnknownPlace, "no stop `x`", "fromPlace"),
            R"({"code":"unknown_place","message":"no stop `x`","details":{"parameter":"fromPlace"}})");
  EXPECT_EQ(error_body(error_code::kNotFound, "bad \xFF"), R"({"code":"not_found","message":"bad �","details":{}})");
}

TEST(Errors, PlannerFieldsBecomeRequestParameters) {
  auto const e = from_query_error(planner::query_error{"window", "too long"});
  EXPECT_EQ(e.code(), error_code::kWindowTooLarge);
  EXPECT_EQ(e.parameter(), "searchWindow");
  EXPECT_EQ(from_query_error(planner::query_error{"to", "x"}).parameter(), "toPlace");
  EXPECT_EQ(from_query_error(planner::query_error{"max_transfers", "x"}).parameter(), "maxTransfers");
}

TEST(Gzip, AcceptEncoding) {
  EXPECT_TRUE(accepts_gzip("gzip"));
  EXPECT_TRUE(accepts_gzip("br, GZIP;q=0.5"));
  EXPECT_TRUE(accepts_gzip("deflate, x-gzip"));
  EXPECT_FALSE(accepts_gzip("gzip;q=0"));
  EXPECT_FALSE(accepts_gzip("deflate, br"));
  EXPECT_FALSE(accepts_gzip(""));
  std::string const text(5000, 'z');
  EXPECT_EQ(testing::gunzip(gzip(text)), text);
}

TEST(Polyline, GooglesExample) {
  EXPECT_EQ(encode_polyline({{38.5, -120.2}, {40.7, -120.95}, {43.252, -126.453}}), "_p~iF~ps|U_ulLnnqC_mqNvxq`@");
  EXPECT_EQ(encode_polyline({}), "");
}

TEST(Countries, ZonesAndCodes) {
  EXPECT_EQ(planner::country_of_zone("Asia/Shanghai"), "CN");
  EXPECT_EQ(planner::country_of_zone("Asia/Almaty"), "KZ");
  EXPECT_EQ(planner::country_of_zone("Asia/Bishkek"), "KG");
  EXPECT_EQ(planner::country_of_zone("Asia/Samarkand"), "UZ");
  EXPECT_EQ(planner::country_of_zone("Asia/Dushanbe"), "TJ");
  EXPECT_EQ(planner::country_of_zone("Asia/Ashgabat"), "TM");
  EXPECT_EQ(planner::country_of_zone("Europe/Berlin"), "");
  EXPECT_TRUE(planner::is_country_code("KZ"));
  EXPECT_TRUE(planner::is_country_code("AD"));
  EXPECT_TRUE(planner::is_country_code("ZW"));
  EXPECT_FALSE(planner::is_country_code("kz"));
  EXPECT_FALSE(planner::is_country_code("XX"));
  EXPECT_FALSE(planner::is_country_code("UK"));
  EXPECT_FALSE(planner::is_country_code("KZZ"));
  EXPECT_FALSE(planner::is_country_code("D "));
}

TEST(Coordinates, ParseOrRejectOrPassOn) {
  auto const p = planner::parse_coordinates("43.25, 76.95", "from");
  ASSERT_TRUE(p.has_value());
  EXPECT_DOUBLE_EQ(p->lat_, 43.25);
  EXPECT_DOUBLE_EQ(p->lon_, 76.95);
  EXPECT_TRUE(planner::parse_coordinates("-33.9,+18.4", "from").has_value());
  EXPECT_FALSE(planner::parse_coordinates("Almaty", "from").has_value());
  EXPECT_FALSE(planner::parse_coordinates("Almaty, Kazakhstan", "from").has_value());
  EXPECT_FALSE(planner::parse_coordinates("1,2,3", "from").has_value());
  EXPECT_THROW(planner::parse_coordinates("91,10", "from"), planner::query_error);
  EXPECT_THROW(planner::parse_coordinates("10,-181", "from"), planner::query_error);
}

TEST(Coordinates, NearbyStopsWithWalkingTimes) {
  auto const data = testing::silkroad();
  auto const& tt = data->timetable();
  // 0.005 degrees of latitude north of Almaty's stops (all at the city point): about 556 m.
  auto const p = data->planner().places().resolve("43.25749,76.9115", "from");
  ASSERT_TRUE(p.point_.has_value());
  ASSERT_FALSE(p.stops_.empty());
  ASSERT_EQ(p.walk_s_.size(), p.stops_.size());
  for (std::size_t i = 0; i != p.stops_.size(); ++i) {
    EXPECT_EQ(tt.str(tt.stop(tt.stop(p.stops_[i]).parent_).id_), "almaty");
    EXPECT_NEAR(p.walk_s_[i], 556 / 1.2, 3);
  }
}

std::string site_error(std::string const& rows) {
  auto const header =
      "site_id,name,name_local,country,lat,lon,coord_type,nearest_stop_id,unesco_ref,unesco_property,description,source,confidence\n";
  try {
    sites::read_sites(header + rows, "sites.txt");
  } catch (data_error const& e) {
    return e.what();
  }
  return "no error";
}

TEST(Sites, TheBundledFileLoads) {
  auto const s = sites::load_sites(std::string{CARAVAN_SOURCE_DIR} + "/data/silkroad/caravan_heritage_sites.txt");
  EXPECT_EQ(s.size(), 45U);
  auto const without = std::count_if(s.begin(), s.end(), [](auto const& x) { return !x.pos_.has_value(); });
  EXPECT_EQ(without, 8);
  auto const serial = std::find_if(s.begin(), s.end(), [](auto const& x) { return x.country_ == "TJ/UZ/TM"; });
  ASSERT_NE(serial, s.end());
  EXPECT_TRUE(serial->in_country("UZ"));
  EXPECT_FALSE(serial->in_country("KZ"));
}

TEST(Sites, BadRowsNameFileLineAndColumn) {
  EXPECT_EQ(site_error("a,A,,CN,34.1,108.9,site,,,,,,exact\n"), "no error");
  EXPECT_EQ(site_error("a,A,,CN,34.1,108.9,site,,,,,,exact\na,B,,CN,1,2,site,,,,,,exact\n"),
            "sites.txt:3:1: site_id `a` is given twice");
  EXPECT_EQ(site_error(",A,,CN,1,2,site,,,,,,exact\n"), "sites.txt:2:1: empty site_id");
  EXPECT_EQ(site_error("a,A,,China,1,2,site,,,,,,exact\n"),
            "sites.txt:2:4: country `China` is not an ISO 3166-1 alpha-2 code (or codes joined by /)");
  EXPECT_EQ(site_error("a,A,,CN,95,2,site,,,,,,exact\n"), "sites.txt:2:5: `95` is not a number between -90 and 90");
  EXPECT_EQ(site_error("a,A,,CN,1,east,site,,,,,,exact\n"), "sites.txt:2:6: `east` is not a number between -180 and 180");
  EXPECT_EQ(site_error("a,A,,CN,1,,site,,,,,,exact\n"), "sites.txt:2:6: a coordinate needs both lat and lon");
  EXPECT_EQ(site_error("a,A,,CN,1,2,site,,,,,,sure\n"), "sites.txt:2:13: confidence `sure` is not exact, estimated or missing");
  EXPECT_EQ(site_error("a,A,,CN,,,site,,,,,,exact\n"), "sites.txt:2:13: no coordinate but confidence is not `missing`");
  EXPECT_EQ(site_error("a,A,,CN,1,2\n"), "sites.txt:2: 6 fields where the header has 13");
  try {
    sites::read_sites("site_id,name\na,b\n", "s.txt");
    ADD_FAILURE() << "no error";
  } catch (data_error const& e) {
    EXPECT_STREQ(e.what(), "s.txt:1: missing column `country`");
  }
}

TEST(Sites, NearestFirstWithinTheRadius) {
  auto const s = sites::read_sites(
      "site_id,name,country,lat,lon,confidence\nfar,F,UZ,40,67,exact\nnear,N,UZ,39.66,66.97,exact\nnone,X,UZ,,,missing\n", "s.txt");
  auto const found = sites::sites_near(s, {39.65, 66.96}, 20'000);
  ASSERT_EQ(found.size(), 1U);
  EXPECT_EQ(found[0]->id_, "near");
  EXPECT_EQ(sites::sites_near(s, {39.65, 66.96}, 100'000).size(), 2U);
}

}  // namespace
}  // namespace caravan::server

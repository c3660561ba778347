// The heritage sites loader: the bundled file, and bad rows named by file:line:column.
#include "caravan/sites/sites.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <string>

#include "caravan/base/error.h"

namespace caravan::sites {
namespace {

std::string site_error(std::string const& rows) {
  auto const header =
      "site_id,name,name_local,country,lat,lon,coord_type,nearest_stop_id,unesco_ref,unesco_property,"
      "description,source,confidence\n";
  try {
    read_sites(header + rows, "sites.txt");
  } catch (data_error const& e) {
    return e.what();
  }
  return "no error";
}

TEST(Sites, TheBundledFileLoads) {
  auto const file = std::string{CARAVAN_SOURCE_DIR} + "/data/silkroad/caravan_heritage_sites.txt";
  auto const s = load_sites(file);
  // One site per row (no row has a line break in a field), whatever the number of sites.
  std::ifstream in{file};
  std::size_t rows = 0;
  for (std::string line; std::getline(in, line);) {
    rows += line.empty() ? 0U : 1U;
  }
  EXPECT_EQ(s.size(), rows - 1);
  // A site has a coordinate unless its sources give none (confidence `missing`).
  for (auto const& x : s) {
    EXPECT_EQ(x.pos_.has_value(), x.confidence_ != "missing") << x.id_;
  }
  auto const serial =
      std::find_if(s.begin(), s.end(), [](auto const& x) { return x.country_ == "TJ/UZ/TM"; });
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
  EXPECT_EQ(site_error("a,A,,CN,95,2,site,,,,,,exact\n"),
            "sites.txt:2:5: `95` is not a number between -90 and 90");
  EXPECT_EQ(site_error("a,A,,CN,1,east,site,,,,,,exact\n"),
            "sites.txt:2:6: `east` is not a number between -180 and 180");
  EXPECT_EQ(site_error("a,A,,CN,1,,site,,,,,,exact\n"), "sites.txt:2:6: a coordinate needs both lat and lon");
  EXPECT_EQ(site_error("a,A,,CN,1,2,site,,,,,,sure\n"),
            "sites.txt:2:13: confidence `sure` is not exact, estimated or missing");
  EXPECT_EQ(site_error("a,A,,CN,,,site,,,,,,exact\n"),
            "sites.txt:2:13: no coordinate but confidence is not `missing`");
  EXPECT_EQ(site_error("a,A,,CN,1,2\n"), "sites.txt:2: 6 fields where the header has 13");
  try {
    read_sites("site_id,name\na,b\n", "s.txt");
    ADD_FAILURE() << "no error";
  } catch (data_error const& e) {
    EXPECT_STREQ(e.what(), "s.txt:1: missing column `country`");
  }
}

TEST(Sites, NearestFirstWithinTheRadius) {
  auto const s = read_sites(
      "site_id,name,country,lat,lon,confidence\nfar,F,UZ,40,67,exact\nnear,N,UZ,39.66,66.97,exact\nnone,X,UZ,"
      ",,missing\n",
      "s.txt");
  auto const found = sites_near(s, {39.65, 66.96}, 20'000);
  ASSERT_EQ(found.size(), 1U);
  EXPECT_EQ(found[0]->id_, "near");
  EXPECT_EQ(sites_near(s, {39.65, 66.96}, 100'000).size(), 2U);
}

}  // namespace
}  // namespace caravan::sites

// Countries from time zones (the timetable has none) and ISO 3166-1 alpha-2 codes.
#include "caravan/planner/countries.h"

#include <gtest/gtest.h>

namespace caravan::planner {
namespace {

TEST(Countries, ZonesAndCodes) {
  EXPECT_EQ(country_of_zone("Asia/Shanghai"), "CN");
  EXPECT_EQ(country_of_zone("Asia/Almaty"), "KZ");
  EXPECT_EQ(country_of_zone("Asia/Bishkek"), "KG");
  EXPECT_EQ(country_of_zone("Asia/Samarkand"), "UZ");
  EXPECT_EQ(country_of_zone("Asia/Dushanbe"), "TJ");
  EXPECT_EQ(country_of_zone("Asia/Ashgabat"), "TM");
  EXPECT_EQ(country_of_zone("Europe/Berlin"), "");
  EXPECT_TRUE(is_country_code("KZ"));
  EXPECT_TRUE(is_country_code("AD"));
  EXPECT_TRUE(is_country_code("ZW"));
  EXPECT_FALSE(is_country_code("kz"));
  EXPECT_FALSE(is_country_code("XX"));
  EXPECT_FALSE(is_country_code("UK"));
  EXPECT_FALSE(is_country_code("KZZ"));
  EXPECT_FALSE(is_country_code("D "));
}

}  // namespace
}  // namespace caravan::planner

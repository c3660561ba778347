#include "caravan/base/geo.h"

#include <gtest/gtest.h>

namespace caravan {
namespace {

TEST(Geo, DistanceIsGreatCircle) {
  EXPECT_DOUBLE_EQ(distance_m({43.25, 76.91}, {43.25, 76.91}), 0.0);
  // One degree of latitude: 2 * pi * 6371 km / 360.
  EXPECT_NEAR(distance_m({0, 0}, {1, 0}), 111'194.9, 0.1);
  // Almaty - Tashkent, about 669 km; the same both ways.
  auto const a = distance_m({43.2567, 76.9286}, {41.2995, 69.2401});
  EXPECT_NEAR(a, 668'634, 1);
  EXPECT_DOUBLE_EQ(a, distance_m({41.2995, 69.2401}, {43.2567, 76.9286}));
  // Antipodes: half the circumference, no NaN from rounding.
  EXPECT_NEAR(distance_m({0, 0}, {0, 180}), 20'015'086.8, 1.0);
}

TEST(Geo, LatLonText) {
  auto const p = parse_lat_lon("43.25,76.91");
  ASSERT_TRUE(p);
  EXPECT_DOUBLE_EQ(p->lat_, 43.25);
  EXPECT_DOUBLE_EQ(p->lon_, 76.91);
  auto const q = parse_lat_lon(" -33.9 ,\t+151.2 ");
  ASSERT_TRUE(q);
  EXPECT_DOUBLE_EQ(q->lat_, -33.9);
  EXPECT_DOUBLE_EQ(q->lon_, 151.2);
  // Out of range is still two numbers: the callers say which one is wrong.
  EXPECT_TRUE(parse_lat_lon("91,0"));
}

TEST(Geo, LatLonRejectsOtherText) {
  for (auto const* bad : {"", "43.25", "43.25,", ",76.91", "north,east", "Toshkent, Uzbekistan", "1,2,3", "1e5,2",
                          "inf,0", "-inf,0", "nan,1", "0x10,1", ".5,1", "4 3,1", "++1,2"}) {
    EXPECT_FALSE(parse_lat_lon(bad)) << bad;
  }
}

}  // namespace
}  // namespace caravan

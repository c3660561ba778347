// Place resolution: ids, names in any case, with or without accents and punctuation, stations with
// their stops, ambiguous and unknown names with suggestions.
#include "caravan/planner/places.h"

#include <gtest/gtest.h>

#include "caravan/planner/error.h"
#include "caravan/timetable/builder.h"
#include "caravan/planner/edit_distance.h"
#include "silk_feed.h"

namespace caravan::planner {
namespace {

using test::silk;

std::vector<std::string> ids(resolved_place const& p) {
  std::vector<std::string> out;
  for (auto const s : p.stops_) {
    out.emplace_back(silk().str(silk().stop(s).id_));
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string primary(resolved_place const& p) { return std::string{silk().str(silk().stop(p.primary_).id_)}; }

// The message of the query_error that resolving `text` throws, or "" if it resolves.
std::string error_of(place_resolver const& r, std::string const& text) {
  try {
    r.resolve(text, "from");
  } catch (query_error const& e) {
    EXPECT_EQ(e.field(), "from");
    return e.what();
  }
  return "";
}

TEST(NormalizeName, CaseAccentsAndPunctuation) {
  EXPECT_EQ(normalize_name("Ürümqi Diwopu"), "urumqi diwopu");
  EXPECT_EQ(normalize_name("  URUMQI -- diwopu. "), "urumqi diwopu");
  EXPECT_EQ(normalize_name("Oʻzbekiston"), "ozbekiston");  // U+02BB, as Uzbek Latin writes it
  EXPECT_EQ(normalize_name("O'zbekiston"), "ozbekiston");
  EXPECT_EQ(normalize_name("O’zbekiston"), "ozbekiston");  // U+2019
  EXPECT_EQ(normalize_name("Almaty-1"), "almaty 1");
  EXPECT_EQ(normalize_name("St. Pancras"), normalize_name("st pancras"));
  EXPECT_EQ(normalize_name("Łódź Fabryczna"), "lodz fabryczna");
  EXPECT_EQ(normalize_name("Straße"), "strasse");
  EXPECT_EQ(normalize_name("Türkmenbaşy"), "turkmenbasy");
  EXPECT_EQ(normalize_name("U\xCC\x88rumqi"), "urumqi");  // decomposed Ü: U + combining diaeresis
  EXPECT_EQ(normalize_name("ＡＢＣ１２"), "abc12");          // fullwidth
}

TEST(NormalizeName, CyrillicAndChinese) {
  EXPECT_EQ(normalize_name("АЛМАТЫ"), normalize_name("Алматы"));
  EXPECT_EQ(normalize_name("Алматы"), "алматы");
  EXPECT_EQ(normalize_name("ҚОРҒАС"), "қорғас");  // Kazakh letters
  EXPECT_EQ(normalize_name("Ӏ"), "ӏ");
  EXPECT_EQ(normalize_name("Ёлки"), "елки");
  EXPECT_EQ(normalize_name("ЁЛКИ"), "елки");
  EXPECT_EQ(normalize_name("廣州南"), "廣州南");
  EXPECT_EQ(normalize_name("1（西）"), "1 西");
  EXPECT_EQ(normalize_name("a\xFF" "b"), "ab");  // invalid UTF-8 is dropped
  EXPECT_EQ(normalize_name("..."), "");
}

TEST(NormalizeName, EditDistanceCountsCodePoints) {
  EXPECT_EQ(edit_distance("samarkand", "samarqand"), 1U);
  EXPECT_EQ(edit_distance("алматы", "алмата"), 1U);
  EXPECT_EQ(edit_distance("", "abc"), 3U);
  EXPECT_EQ(edit_distance("廣州南", "廣州"), 1U);
}

TEST(Places, ExactIdFirst) {
  place_resolver const r{silk()};
  auto const p = r.resolve("URC", "from");
  EXPECT_EQ(ids(p), (std::vector<std::string>{"URC"}));
  EXPECT_EQ(primary(p), "URC");
  // Ids are exact: a different case is not an id (and no name either), but it is suggested.
  auto const msg = error_of(r, "urc");
  EXPECT_NE(msg.find("no stop with id or name `urc`"), std::string::npos) << msg;
  EXPECT_NE(msg.find("stop id URC"), std::string::npos) << msg;
}

TEST(Places, AStationIdStandsForItsStops) {
  place_resolver const r{silk()};
  auto const p = r.resolve("TASR", "to");
  EXPECT_EQ(ids(p), (std::vector<std::string>{"TASR", "TASR_1", "TASR_2"}));
  EXPECT_EQ(primary(p), "TASR");
  EXPECT_EQ(ids(r.resolve("TASR_2", "to")), (std::vector<std::string>{"TASR_2"}));
}

TEST(Places, NamesIgnoreCaseAccentsAndPunctuation) {
  place_resolver const r{silk()};
  for (auto const* text : {"Ürümqi Diwopu", "urumqi diwopu", "URUMQI-DIWOPU", " Urumqi,  Diwopu "}) {
    auto const p = r.resolve(text, "from");
    EXPECT_EQ(ids(p), (std::vector<std::string>{"URC"})) << text;
    EXPECT_EQ(p.text_, text);
  }
}

TEST(Places, AllStopsOfOneNameNearEachOtherAreOnePlace) {
  place_resolver const r{silk()};
  auto const p = r.resolve("toshkent", "from");
  EXPECT_EQ(ids(p), (std::vector<std::string>{"TASR", "TASR_1", "TASR_2"}));
  EXPECT_EQ(primary(p), "TASR");  // the station names the place
}

TEST(Places, OneNameFarApartIsAmbiguous) {
  place_resolver const r{silk()};
  auto const msg = error_of(r, "central");
  EXPECT_NE(msg.find("`central` names 2 places"), std::string::npos) << msg;
  EXPECT_NE(msg.find("C1 (41.0000, 69.0000)"), std::string::npos) << msg;
  EXPECT_NE(msg.find("C2 (39.0000, 66.0000)"), std::string::npos) << msg;
  EXPECT_EQ(ids(r.resolve("C2", "from")), (std::vector<std::string>{"C2"}));
}

TEST(Places, UnknownNamesGetSuggestions) {
  place_resolver const r{silk()};
  auto msg = error_of(r, "Samarkand");
  EXPECT_NE(msg.find("no stop with id or name `Samarkand`; did you mean: Samarqand (SKD)?"), std::string::npos) << msg;
  // A part of a name suggests the names containing it, shortest first.
  msg = error_of(r, "guliston avto");
  EXPECT_NE(msg.find("did you mean: Guliston Avtovokzal (GULA)"), std::string::npos) << msg;
  msg = error_of(r, "Xalqaro");
  EXPECT_NE(msg.find("Toshkent Xalqaro (TAS)"), std::string::npos) << msg;
  // Nothing close: no suggestions, still the text.
  msg = error_of(r, "Kathmandu Tribhuvan");
  EXPECT_EQ(msg, "no stop with id or name `Kathmandu Tribhuvan`");
  msg = error_of(r, "");
  EXPECT_EQ(msg, "no stop with id or name ``");
}

TEST(Places, CoordinatesAreTheStopsWithin1KmWithTheirWalks) {
  place_resolver const r{silk()};
  tt::latlng const point{41.2905, 69.2875};
  auto const p = r.resolve("41.2905, 69.2875", "from");
  ASSERT_TRUE(p.point_.has_value());
  EXPECT_DOUBLE_EQ(p.point_->lat_, 41.2905);
  // The station's platforms, not the station itself nor the airport 3.6 km south.
  EXPECT_EQ(ids(p), (std::vector<std::string>{"TASR_1", "TASR_2"}));
  EXPECT_EQ(primary(p), "TASR_2") << "the nearest";
  ASSERT_EQ(p.walk_s_.size(), p.stops_.size());
  for (std::size_t i = 0; i != p.stops_.size(); ++i) {
    auto const d = distance_m(point, silk().stop(p.stops_[i]).pos_);
    EXPECT_EQ(p.walk_s_[i], static_cast<std::int32_t>(std::ceil(d / kWalkSpeedMPerS)));
    EXPECT_GT(p.walk_s_[i], 0);
  }
  // Named places have neither.
  auto const named = r.resolve("Toshkent", "from");
  EXPECT_FALSE(named.point_.has_value());
  EXPECT_TRUE(named.walk_s_.empty());
}

TEST(Places, CoordinatesWithoutAStopNearOrOutOfRange) {
  place_resolver const r{silk()};
  EXPECT_EQ(error_of(r, "41.0,75.0"),
            "no stop within 1000 m of `41.0,75.0`; the nearest is Toshkent [TASR_2], 479.4 km away");
  EXPECT_EQ(error_of(r, "91,69"), "latitude 91 in `91,69` is not between -90 and 90");
  EXPECT_EQ(error_of(r, "41,-190.5"), "longitude -190.5 in `41,-190.5` is not between -180 and 180");
  // Not coordinates: names as before.
  EXPECT_NE(error_of(r, "Central"), "");
  EXPECT_NE(error_of(r, "41.2905;69.2875").find("no stop with id or name"), std::string::npos);
}

TEST(Places, ParseCoordinates) {
  EXPECT_FALSE(parse_coordinates("Toshkent", "from").has_value());
  EXPECT_FALSE(parse_coordinates("Toshkent, Uzbekistan", "from").has_value());
  EXPECT_FALSE(parse_coordinates("1,2,3", "from").has_value());
  EXPECT_FALSE(parse_coordinates("1e5,2", "from").has_value());
  EXPECT_FALSE(parse_coordinates(",2", "from").has_value());
  auto const p = parse_coordinates("-33.9,+18.4", "from");
  ASSERT_TRUE(p.has_value());
  EXPECT_DOUBLE_EQ(p->lat_, -33.9);
  EXPECT_DOUBLE_EQ(p->lon_, 18.4);
}

}  // namespace
}  // namespace caravan::planner

// Stop search: names and translations in any script through one key, exact / prefix / word / fuzzy
// matches, one result per place, nearest first with a position; the resolver accepting translated
// names (`caravan stops search` end to end: tests/cli/stops_test.cc).
#include "caravan/planner/stop_search.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <map>

#include "caravan/base/progress.h"
#include "caravan/gtfs/load.h"
#include "caravan/gtfs/source.h"
#include "caravan/planner/error.h"
#include "caravan/planner/places.h"
#include "caravan/planner/edit_distance.h"
#include "silk_feed.h"

namespace caravan::planner {
namespace {

namespace fs = std::filesystem;

//   ALA station "Almaty" (43.25, 76.91): ALA_1 "Almaty-1", ALA_2 "Almaty-2 railway station";
//       ru/kk Алматы, zh 阿拉木图
//   TAS station "Tashkent" (41.26, 69.22): TAS_S "Tashkent South railway station"; uz Toshkent, ru Ташкент
//   SKD "Samarkand": uz Samarqand, ru Самарканд.  XIY "Xi'an": zh 西安; XIY_R "Xi'an railway station": zh 西安站
//   DOS "Dostyk": kk Достық.  KHJ "Khujand": tg Хуҷанд.
//   CEN_A "Central" 2 km from ALA, CEN_T "Central" 2 km from TAS; CBS "Central bus station" beside TAS.
tt::timetable const& small() {
  static tt::timetable const t = test::load_files({
      {"agency.txt", "agency_id,agency_name,agency_url,agency_timezone\nA,Agency,http://a.example,Asia/Tashkent\n"},
      {"feed_info.txt", "feed_publisher_name,feed_publisher_url,feed_lang\nTest,http://a.example,en\n"},
      {"stops.txt", "stop_id,stop_name,stop_lat,stop_lon,location_type,parent_station\n"
                    "ALA,Almaty,43.25,76.91,1,\n"
                    "ALA_1,Almaty-1,43.25,76.91,0,ALA\n"
                    "ALA_2,Almaty-2 railway station,43.26,76.92,0,ALA\n"
                    "TAS,Tashkent,41.26,69.22,1,\n"
                    "TAS_S,Tashkent South railway station,41.27,69.22,0,TAS\n"
                    "SKD,Samarkand,39.65,66.96,0,\n"
                    "XIY,Xi'an,34.26,108.93,1,\n"
                    "XIY_R,Xi'an railway station,34.26,108.93,0,XIY\n"
                    "DOS,Dostyk,45.25,82.48,0,\n"
                    "KHJ,Khujand,40.28,69.62,0,\n"
                    "CEN_A,Central,43.268,76.91,0,\n"
                    "CEN_T,Central,41.278,69.22,0,\n"
                    "CBS,Central bus station,41.261,69.221,0,\n"},
      {"translations.txt", "table_name,field_name,language,translation,record_id\n"
                           "stops,stop_name,ru,Алматы,ALA\nstops,stop_name,kk,Алматы,ALA\nstops,stop_name,zh,阿拉木图,ALA\n"
                           "stops,stop_name,uz,Toshkent,TAS\nstops,stop_name,ru,Ташкент,TAS\n"
                           "stops,stop_name,uz,Samarqand,SKD\nstops,stop_name,ru,Самарканд,SKD\n"
                           "stops,stop_name,zh,西安,XIY\nstops,stop_name,zh,西安站,XIY_R\n"
                           "stops,stop_name,kk,Достық,DOS\nstops,stop_name,tg,Хуҷанд,KHJ\n"},
      {"routes.txt", "route_id,agency_id,route_short_name,route_long_name,route_type\nR,A,R,,2\n"},
      {"trips.txt", "route_id,service_id,trip_id\nR,S,T\n"},
      {"calendar.txt", "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\n"
                       "S,1,1,1,1,1,1,1,20260601,20260630\n"},
      {"stop_times.txt", "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n"
                         "T,08:00:00,08:00:00,ALA_1,1\nT,20:00:00,20:00:00,TAS_S,2\n"},
  });
  return t;
}

stop_search const& small_index() {
  static stop_search const s{small()};
  return s;
}

std::string id_of(tt::timetable const& tt, tt::stop_idx s) { return std::string{tt.str(tt.stop(s).id_)}; }

// The places found, by id, best first.
std::vector<std::string> places(stop_search const& index, std::string_view text, std::optional<tt::latlng> near = {},
                                std::size_t limit = 10) {
  std::vector<std::string> out;
  for (auto const& m : index.search(text, near, limit)) {
    out.push_back(id_of(index.timetable(), m.place_));
  }
  return out;
}

using ids = std::vector<std::string>;

TEST(SearchKey, CyrillicAndLatinMeetInOneKey) {
  EXPECT_EQ(search_key("Алматы"), "almaty");
  EXPECT_EQ(search_key("АЛМАТЫ"), search_key("almaty"));
  EXPECT_EQ(search_key("Тошкент"), "toshkent");
  EXPECT_EQ(search_key("Ташкент"), search_key("Tashkent"));
  EXPECT_EQ(search_key("Самарканд"), search_key("Samarkand"));
  EXPECT_EQ(search_key("Достық"), "dostyk");          // Kazakh қ
  EXPECT_EQ(search_key("Талдықорған"), "taldykorgan");  // Kazakh ғ
  EXPECT_EQ(search_key("Түркістан"), "turkistan");    // Kazakh ү і
  EXPECT_EQ(search_key("Ұлытау"), "ulytau");          // Kazakh ұ
  EXPECT_EQ(search_key("Көкшетау"), "kokshetau");     // Kazakh, Kyrgyz ө
  EXPECT_EQ(search_key("Балыкчы"), "balykchy");       // Kyrgyz
  EXPECT_EQ(search_key("Хуҷанд"), "khujand");         // Tajik ҷ
  EXPECT_EQ(search_key("Ҳисор"), "hisor");            // Tajik ҳ
  EXPECT_EQ(search_key("Щучинск"), "shchuchinsk");
  EXPECT_EQ(search_key("Подъём"), "podem");           // ъ dropped, ё as е
  EXPECT_EQ(search_key("Xi'an"), "xian");
  EXPECT_EQ(search_key("Alma-Ata"), "alma ata");
  EXPECT_EQ(search_key("西安站"), "西安站");  // Chinese as written
  EXPECT_EQ(search_key("..."), "");
}

TEST(StopSearch, ExactInEveryScript) {
  auto const& tt = small();
  auto m = small_index().search("Алматы");
  ASSERT_FALSE(m.empty());
  EXPECT_EQ(id_of(tt, m[0].place_), "ALA");
  EXPECT_EQ(m[0].kind_, match_kind::kExact);
  EXPECT_EQ(m[0].name_, "Алматы");  // the name in the text's script, not "Almaty"
  EXPECT_TRUE(m[0].language_ == "ru" || m[0].language_ == "kk") << m[0].language_;
  EXPECT_TRUE(m[0].translated_);
  EXPECT_FALSE(m[0].distance_km_.has_value());

  m = small_index().search("阿拉木图");
  ASSERT_EQ(m.size(), 1U);
  EXPECT_EQ(id_of(tt, m[0].place_), "ALA");
  EXPECT_EQ(m[0].language_, "zh");
  EXPECT_EQ(m[0].kind_, match_kind::kExact);

  m = small_index().search("ALMATY");
  ASSERT_FALSE(m.empty());
  EXPECT_EQ(m[0].name_, "Almaty");
  EXPECT_EQ(m[0].language_, "en");  // feed_lang
  EXPECT_FALSE(m[0].translated_);
  EXPECT_EQ(m[0].kind_, match_kind::kExact);

  for (auto const* text : {"Tashkent", "Ташкент", "Тошкент", "toshkent", "TASHKENT"}) {
    m = small_index().search(text);
    ASSERT_FALSE(m.empty()) << text;
    EXPECT_EQ(id_of(tt, m[0].place_), "TAS") << text;
    EXPECT_EQ(m[0].kind_, match_kind::kExact) << text;
  }
  EXPECT_EQ(small_index().search("Тошкент")[0].name_, "Toshkent");  // the Uzbek Latin name, by its key
  for (auto const* text : {"Samarqand", "Samarkand", "Самарканд"}) {
    EXPECT_EQ(places(small_index(), text, {}, 1), ids{"SKD"}) << text;
  }
  for (auto const* text : {"Xi'an", "西安", "Xian", "xi an"}) {
    EXPECT_EQ(places(small_index(), text, {}, 1), ids{"XIY"}) << text;
  }
  EXPECT_EQ(places(small_index(), "Достык", {}, 1), ids{"DOS"});  // Russian spelling of the Kazakh name
  EXPECT_EQ(places(small_index(), "Худжанд", {}, 1), (ids{}));    // дж is not ҷ: too far for a fuzzy match
  EXPECT_EQ(places(small_index(), "Хуҷанд", {}, 1), ids{"KHJ"});
}

TEST(StopSearch, OneResultPerPlaceTheStationFirst) {
  auto const& tt = small();
  // "almaty" is the station's name and starts both platforms' names: one result, the station's own name.
  auto m = small_index().search("almaty");
  ASSERT_EQ(m.size(), 1U);
  EXPECT_EQ(id_of(tt, m[0].place_), "ALA");
  EXPECT_EQ(id_of(tt, m[0].named_), "ALA");
  EXPECT_EQ(m[0].kind_, match_kind::kExact);
  // A platform's own name finds its station, saying which stop matched.
  m = small_index().search("almaty 2");
  ASSERT_EQ(m.size(), 1U);
  EXPECT_EQ(id_of(tt, m[0].place_), "ALA");
  EXPECT_EQ(id_of(tt, m[0].named_), "ALA_2");
  EXPECT_EQ(m[0].name_, "Almaty-2 railway station");
  EXPECT_EQ(m[0].kind_, match_kind::kPrefix);
}

TEST(StopSearch, PrefixWordAndChineseSubstring) {
  auto const& tt = small();
  auto m = small_index().search("tash");
  ASSERT_EQ(m.size(), 1U);
  EXPECT_EQ(id_of(tt, m[0].place_), "TAS");
  EXPECT_EQ(m[0].kind_, match_kind::kPrefix);

  m = small_index().search("south");
  ASSERT_EQ(m.size(), 1U);
  EXPECT_EQ(id_of(tt, m[0].named_), "TAS_S");
  EXPECT_EQ(m[0].kind_, match_kind::kSubstring);
  // A later word, but not the middle of one; equally good matches by the place's name.
  EXPECT_EQ(places(small_index(), "railway"), (ids{"ALA", "TAS", "XIY"}));
  EXPECT_EQ(places(small_index(), "kent"), ids{});

  m = small_index().search("西");
  ASSERT_EQ(m.size(), 1U);
  EXPECT_EQ(m[0].kind_, match_kind::kPrefix);
  EXPECT_EQ(m[0].name_, "西安");  // the station's own name over its stop's 西安站
  m = small_index().search("站");
  ASSERT_EQ(m.size(), 1U);
  EXPECT_EQ(id_of(tt, m[0].place_), "XIY");
  EXPECT_EQ(id_of(tt, m[0].named_), "XIY_R");
  EXPECT_EQ(m[0].kind_, match_kind::kSubstring);
  EXPECT_EQ(m[0].language_, "zh");
}

TEST(StopSearch, VariantSpellingsWithinAFewEdits) {
  auto const& tt = small();
  for (auto const* text : {"Alma-Ata", "Алма-Ата", "alma ata", "Almati"}) {
    auto const m = small_index().search(text);
    ASSERT_FALSE(m.empty()) << text;
    EXPECT_EQ(id_of(tt, m[0].place_), "ALA") << text;
    EXPECT_EQ(m[0].kind_, match_kind::kFuzzy) << text;
    EXPECT_GE(m[0].edits_, 1U) << text;
    EXPECT_LE(m[0].edits_, 2U) << text;
  }
  EXPECT_EQ(small_index().search("Alma-Ata")[0].edits_, 2U);
  EXPECT_EQ(small_index().search("Almati")[0].edits_, 1U);
  EXPECT_EQ(small_index().search("Samarkant")[0].kind_, match_kind::kFuzzy);
  EXPECT_EQ(places(small_index(), "Samarkant", {}, 1), ids{"SKD"});
  EXPECT_EQ(places(small_index(), "Tashkemt south", {}, 1), ids{"TAS"});  // a typo in a name of several words
  // Exact and prefix matches come before fuzzy ones.
  auto const m = small_index().search("Samarqand");
  ASSERT_FALSE(m.empty());
  EXPECT_EQ(m[0].kind_, match_kind::kExact);
  // Short texts must match exactly: one edit would turn them into too much.
  EXPECT_EQ(places(small_index(), "Xia"), ids{"XIY"});
  EXPECT_EQ(places(small_index(), "Xin"), ids{});
  // Far off, or a different first letter: nothing.
  EXPECT_EQ(places(small_index(), "Almxyzq"), ids{});
  EXPECT_EQ(places(small_index(), "Olmaty"), ids{});
}

TEST(StopSearch, NearestFirstAmongEquallyGoodMatches) {
  auto const& tt = small();
  tt::latlng const near_tashkent{41.26, 69.22};
  tt::latlng const near_almaty{43.25, 76.91};
  auto m = small_index().search("central", near_tashkent);
  ASSERT_EQ(m.size(), 3U);
  EXPECT_EQ(id_of(tt, m[0].place_), "CEN_T");
  EXPECT_EQ(id_of(tt, m[1].place_), "CEN_A");
  // The nearest of all, but only a prefix match: after the exact ones.
  EXPECT_EQ(id_of(tt, m[2].place_), "CBS");
  EXPECT_EQ(m[2].kind_, match_kind::kPrefix);
  ASSERT_TRUE(m[0].distance_km_ && m[1].distance_km_ && m[2].distance_km_);
  EXPECT_NEAR(*m[0].distance_km_, 2.0, 0.1);
  EXPECT_NEAR(*m[1].distance_km_, 670.0, 5.0);  // Tashkent - Almaty
  EXPECT_LT(*m[2].distance_km_, 0.2);

  EXPECT_EQ(places(small_index(), "central", near_almaty), (ids{"CEN_A", "CEN_T", "CBS"}));
  // Without a position: by name, then the stops' order.
  m = small_index().search("central");
  EXPECT_EQ(places(small_index(), "central"), (ids{"CEN_A", "CEN_T", "CBS"}));
  EXPECT_FALSE(m[0].distance_km_.has_value());
}

TEST(StopSearch, NothingFoundLimitsAndExact) {
  EXPECT_TRUE(small_index().search("Kathmandu").empty());
  EXPECT_TRUE(small_index().search("").empty());
  EXPECT_TRUE(small_index().search("...").empty());
  EXPECT_TRUE(small_index().search("almaty", std::nullopt, 0).empty());
  EXPECT_EQ(places(small_index(), "central", {}, 2), (ids{"CEN_A", "CEN_T"}));

  auto const& tt = small();
  auto const exact_ids = [&](std::string_view text) {
    ids out;
    for (auto const s : small_index().exact(text)) {
      out.push_back(id_of(tt, s));
    }
    return out;
  };
  EXPECT_EQ(exact_ids("Алматы"), ids{"ALA"});
  EXPECT_EQ(exact_ids("central"), (ids{"CEN_A", "CEN_T"}));
  EXPECT_EQ(exact_ids("西安站"), ids{"XIY_R"});
  EXPECT_EQ(exact_ids("almaty 2"), ids{});  // a prefix is not a name
  EXPECT_EQ(exact_ids(""), ids{});
}

TEST(StopSearch, PositionsAreLatCommaLon) {
  auto const p = parse_position("43.25,76.91", "near");
  EXPECT_DOUBLE_EQ(p.lat_, 43.25);
  EXPECT_DOUBLE_EQ(p.lon_, 76.91);
  EXPECT_DOUBLE_EQ(parse_position(" -33.9 , +151.2 ", "near").lon_, 151.2);
  auto const error_of = [](std::string const& text) {
    try {
      parse_position(text, "near");
    } catch (query_error const& e) {
      EXPECT_EQ(e.field(), "near");
      return std::string{e.what()};
    }
    return std::string{};
  };
  EXPECT_EQ(error_of("43.25"), "position `43.25`: expected LAT,LON in decimal degrees, e.g. 43.25,76.91");
  EXPECT_EQ(error_of("north,east"), "position `north,east`: expected LAT,LON in decimal degrees, e.g. 43.25,76.91");
  EXPECT_EQ(error_of("43.25,"), "position `43.25,`: expected LAT,LON in decimal degrees, e.g. 43.25,76.91");
  EXPECT_EQ(error_of("91,0"), "position `91,0`: latitude 91 is not between -90 and 90");
  EXPECT_EQ(error_of("0,-181"), "position `0,-181`: longitude -181 is not between -180 and 180");
  // Not decimal degrees (base/geo.h parse_lat_lon, shared with --from/--to coordinates).
  EXPECT_EQ(error_of("nan,0"), "position `nan,0`: expected LAT,LON in decimal degrees, e.g. 43.25,76.91");
  EXPECT_EQ(error_of("1e1,0"), "position `1e1,0`: expected LAT,LON in decimal degrees, e.g. 43.25,76.91");
}

// --- the resolver ---

std::string primary(place_resolver const& r, std::string_view text) {
  return id_of(small(), r.resolve(text, "from").primary_);
}

std::string error_of(place_resolver const& r, std::string const& text) {
  try {
    r.resolve(text, "to");
  } catch (query_error const& e) {
    EXPECT_EQ(e.field(), "to");
    return e.what();
  }
  return "";
}

TEST(PlacesByTranslation, EveryNameOfAPlaceResolvesToIt) {
  place_resolver const r{small()};
  for (auto const* text : {"Алматы", "阿拉木图", "Almaty", "almaty", "АЛМАТЫ"}) {
    auto const p = r.resolve(text, "from");
    EXPECT_EQ(id_of(small(), p.primary_), "ALA") << text;
    ids stops;
    for (auto const s : p.stops_) {
      stops.push_back(id_of(small(), s));
    }
    EXPECT_EQ(stops, (ids{"ALA", "ALA_1", "ALA_2"})) << text;
  }
  for (auto const* text : {"Tashkent", "Ташкент", "Тошкент", "Toshkent"}) {
    EXPECT_EQ(primary(r, text), "TAS") << text;
  }
  for (auto const* text : {"Samarqand", "Samarkand", "Самарканд"}) {
    EXPECT_EQ(primary(r, text), "SKD") << text;
  }
  EXPECT_EQ(primary(r, "西安"), "XIY");
  EXPECT_EQ(primary(r, "Xian"), "XIY");
  EXPECT_EQ(primary(r, "西安站"), "XIY_R");  // a platform's own name is that platform
  EXPECT_EQ(primary(r, "ALA_2"), "ALA_2");   // ids first
}

TEST(PlacesByTranslation, OnlyExactNamesResolveTheRestIsSuggested) {
  place_resolver const r{small()};
  // A variant spelling is suggested, not taken: the traveller confirms it.
  EXPECT_EQ(error_of(r, "Alma-Ata"), "no stop with id or name `Alma-Ata`; did you mean: Almaty (ALA)?");
  EXPECT_EQ(error_of(r, "Алма-Ата"), "no stop with id or name `Алма-Ата`; did you mean: Алматы (ALA)?");
  // A prefix lists the places it starts, with the name that matched.
  EXPECT_EQ(error_of(r, "almaty 2"), "no stop with id or name `almaty 2`; did you mean: Almaty-2 railway station (ALA_2)?");
  EXPECT_EQ(error_of(r, "Kathmandu"), "no stop with id or name `Kathmandu`");
  auto const msg = error_of(r, "Central");
  EXPECT_NE(msg.find("`Central` names 2 places"), std::string::npos) << msg;
}

// --- the bundled Silk Road data ---

fs::path silkroad_dir() { return fs::path{CARAVAN_SOURCE_DIR} / "data" / "silkroad"; }

tt::timetable const& silkroad() {
  static tt::timetable const t = [] {
    progress quiet{false};
    auto r = gtfs::load(*gtfs::open_feed(silkroad_dir()), {}, quiet);
    return tt::timetable::from_data(std::move(r.data_));
  }();
  return t;
}

TEST(SilkRoadSearch, CityNamesInEveryLanguageFindTheirStation) {
  place_resolver const r{silkroad()};
  auto const& index = r.search();
  struct named {
    char const* text_;
    char const* place_;
  };
  for (auto const& [text, place] : std::vector<named>{{"Алматы", "almaty"},   {"阿拉木图", "almaty"},    {"Almaty", "almaty"},
                                                      {"almaty", "almaty"},   {"Tashkent", "tashkent"},  {"Тошкент", "tashkent"},
                                                      {"Ташкент", "tashkent"}, {"Samarqand", "samarkand"}, {"Samarkand", "samarkand"},
                                                      {"Самарканд", "samarkand"}, {"Xi'an", "xian"},   {"西安", "xian"},
                                                      {"Xian", "xian"},       {"Бишкек", "bishkek"},     {"比什凯克", "bishkek"},
                                                      {"Хуҷанд", "khujand"},  {"Türkmenabat", "turkmenabat"}}) {
    auto const m = index.search(text, std::nullopt, 3);
    ASSERT_FALSE(m.empty()) << text;
    EXPECT_EQ(id_of(silkroad(), m[0].place_), place) << text;
    EXPECT_EQ(m[0].kind_, match_kind::kExact) << text;
    auto const p = r.resolve(text, "from");
    EXPECT_EQ(id_of(silkroad(), p.primary_), place) << text;
    // A city's station stands for its railway stations and airports.
    EXPECT_GT(p.stops_.size(), 1U) << text;
  }
  // The old name: the best search match, and what resolving suggests.
  auto const m = index.search("Alma-Ata");
  ASSERT_FALSE(m.empty());
  EXPECT_EQ(id_of(silkroad(), m[0].place_), "almaty");
  EXPECT_EQ(m[0].kind_, match_kind::kFuzzy);
  try {
    r.resolve("Alma-Ata", "from");
    ADD_FAILURE() << "Alma-Ata resolved";
  } catch (query_error const& e) {
    EXPECT_NE(std::string{e.what()}.find("did you mean: Almaty (almaty)"), std::string::npos) << e.what();
  }
  // The data has no Frunze (Bishkek's old name): nothing is invented.
  EXPECT_TRUE(index.search("Frunze").empty());
}

TEST(SilkRoadSearch, NearestFirst) {
  stop_search const index{silkroad()};
  tt::latlng const registan{39.6547, 66.9758};
  auto const all = index.search("railway station", registan, 1000);
  ASSERT_GT(all.size(), 10U);
  // The same matches as a brute force over every stop, nearest first.
  std::vector<std::pair<double, std::string>> expected;
  for (auto const s : indices<tt::stop_idx>(silkroad().n_stops())) {
    auto const& r = silkroad().stop(s);
    if (r.type_ == tt::location_type::kStation &&
        std::any_of(all.begin(), all.end(), [&](stop_match const& m) { return m.place_ == s; })) {
      expected.emplace_back(distance_m(registan, r.pos_) / 1000.0, id_of(silkroad(), s));
    }
  }
  std::sort(expected.begin(), expected.end());
  auto const top = index.search("railway station", registan, 5);
  ASSERT_EQ(top.size(), 5U);
  for (std::size_t i = 0; i != top.size(); ++i) {
    EXPECT_EQ(top[i].kind_, match_kind::kSubstring);
    EXPECT_EQ(id_of(silkroad(), top[i].place_), expected[i].second) << i;
    EXPECT_NEAR(*top[i].distance_km_, expected[i].first, 1e-9);
    EXPECT_NE(top[i].name_.find("railway station"), std::string_view::npos) << top[i].name_;
  }
  EXPECT_EQ(id_of(silkroad(), top[0].place_), "samarkand");
  EXPECT_LT(*top[0].distance_km_, 1.0);
  EXPECT_EQ(id_of(silkroad(), top[0].named_), "samarkand_rail");
}

// Fuzzy matches against a brute force: for every name and translation, every word start with the text's
// first letter, the fewest edits from the text to a beginning of it (spaces removed), per place.
TEST(SilkRoadSearch, FuzzyMatchesAreTheBruteForceOnes) {
  auto const& tt = silkroad();
  stop_search const index{tt};
  auto const compact = [](std::string s) {
    s.erase(std::remove(s.begin(), s.end(), ' '), s.end());
    return s;
  };
  for (auto const* text : {"Alma-Ata", "Bishkke", "Tashkemt", "Samarkant", "Dushambe", "Urumchy", "Ashgabad", "Kashgr",
                           "railway statoin", "Turkmenbashi", "Хорогос", "Ферганна"}) {
    auto const q = compact(search_key(text));
    std::size_t const bound = q.size() < 4 ? 0 : q.size() < 6 ? 1 : q.size() < 12 ? 2 : 3;
    std::map<std::string, std::size_t> expected;  // place id -> edits
    auto const consider = [&](tt::stop_idx s, std::string_view name) {
      auto const key = search_key(name);
      if (std::any_of(key.begin(), key.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80U; })) {
        return;  // Chinese, Uyghur: no fuzzy matching
      }
      auto const parent = tt.stop(s).parent_;
      auto const place = id_of(tt, parent.valid() ? parent : s);
      for (std::size_t w = 0; w < key.size(); w = key.find(' ', w) == std::string::npos ? key.size() : key.find(' ', w) + 1) {
        auto const c = compact(key.substr(w));
        if (c.empty() || c[0] != q[0]) {
          continue;
        }
        std::size_t best = q.size();
        for (std::size_t n = 1; n <= c.size(); ++n) {
          best = std::min(best, edit_distance(q, c.substr(0, n)));
        }
        if (best <= bound) {
          auto const [it, added] = expected.emplace(place, best);
          it->second = std::min(it->second, best);
        }
      }
    };
    for (auto const s : indices<tt::stop_idx>(tt.n_stops())) {
      if (tt.stop(s).type_ == tt::location_type::kStop || tt.stop(s).type_ == tt::location_type::kStation) {
        consider(s, tt.str(tt.stop(s).name_));
        for (auto const* lang : {"zh", "ru", "kk", "ky", "uz", "tg", "tk", "ug"}) {
          if (auto const t = tt.translate(tt::translated_table::kStop, s.v(), "stop_name", lang); !t.empty()) {
            consider(s, t);
          }
        }
      }
    }
    std::map<std::string, std::size_t> fuzzy;
    for (auto const& m : index.search(text, std::nullopt, 1000)) {
      if (m.kind_ == match_kind::kFuzzy) {
        fuzzy.emplace(id_of(tt, m.place_), m.edits_);
      } else {
        expected.erase(id_of(tt, m.place_));  // found better
      }
    }
    EXPECT_EQ(fuzzy, expected) << text;
    EXPECT_FALSE(expected.empty()) << text;
  }
}

}  // namespace
}  // namespace caravan::planner

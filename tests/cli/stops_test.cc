// `caravan stops search` end to end on the bundled Silk Road data: text, JSON, bad arguments.
#include <nlohmann/json.hpp>

#include "cli.h"

namespace caravan::cli::test {
namespace {

class StopsCommand : public silkroad_test {
 protected:
  static result search(std::vector<std::string> args) {
    args.insert(args.begin(), {"stops", "search", "--timetable", silkroad_snapshot().string()});
    return run(args);
  }
};

TEST_F(StopsCommand, Text) {
  auto r = search({"阿拉木图"});
  ASSERT_EQ(r.code_, 0) << r.err_;
  EXPECT_EQ(r.out_, "1. Almaty [almaty], Asia/Almaty: exact match of 阿拉木图 (zh)\n");
  EXPECT_EQ(r.err_, "");

  r = search({"Alma-Ata"});
  ASSERT_EQ(r.code_, 0) << r.err_;
  EXPECT_EQ(r.out_, "1. Almaty [almaty], Asia/Almaty: fuzzy match of Almaty (en), 2 edits\n");

  r = search({"south", "--near", "41.3,69.2", "--limit", "2"});
  ASSERT_EQ(r.code_, 0) << r.err_;
  EXPECT_EQ(r.out_,
            "1. Tashkent [tashkent], Asia/Tashkent, 4.2 km: substring match of Tashkent South (Janubiy) railway station (en) at "
            "[tashkent_south]\n"
            "2. Urumqi [urumqi], Asia/Shanghai, 1529.4 km: substring match of Ürümqi South railway station (en) at [urumqi_south]\n");

  r = search({"Frunze"});
  ASSERT_EQ(r.code_, 0) << r.err_;
  EXPECT_EQ(r.out_, "no place matches `Frunze`\n");
}

TEST_F(StopsCommand, Json) {
  auto const r = search({"Ташкент", "--json", "--near", "43.25,76.91"});
  ASSERT_EQ(r.code_, 0) << r.err_;
  auto const j = nlohmann::json::parse(r.out_);
  EXPECT_EQ(j["text"], "Ташкент");
  EXPECT_DOUBLE_EQ(j["near"]["lat"].get<double>(), 43.25);
  ASSERT_EQ(j["matches"].size(), 1U);
  auto const& m = j["matches"][0];
  EXPECT_EQ(m["stopId"], "tashkent");
  EXPECT_EQ(m["name"], "Tashkent");
  EXPECT_EQ(m["timezone"], "Asia/Tashkent");
  EXPECT_EQ(m["match"], "exact");
  EXPECT_EQ(m["edits"], 0);
  EXPECT_EQ(m["matchedName"], "Ташкент");
  EXPECT_EQ(m["language"], "ru");
  EXPECT_EQ(m["translated"], true);
  EXPECT_EQ(m["matchedStopId"], "tashkent");
  EXPECT_NEAR(m["distanceKm"].get<double>(), 670.0, 5.0);  // Almaty - Tashkent

  auto const none = nlohmann::json::parse(search({"Frunze", "--json"}).out_);
  EXPECT_TRUE(none["near"].is_null());
  EXPECT_TRUE(none["matches"].empty());
}

TEST_F(StopsCommand, BadArgumentsExitOne) {
  struct bad_case {
    std::vector<std::string> args_;
    std::string message_;
  };
  std::vector<bad_case> const cases = {
      {{"Almaty", "--near", "43.25"}, "caravan: error: position `43.25`: expected LAT,LON in decimal degrees"},
      {{"Almaty", "--near", "95,10"}, "caravan: error: position `95,10`: latitude 95 is not between -90 and 90"},
      {{""}, "caravan: error: stops search needs a name with letters or digits, not ``"},
      {{"?!"}, "caravan: error: stops search needs a name with letters or digits, not `?!`"},
      {{"Almaty", "--limit", "0"}, "caravan: error: --limit: Value 0 not in range 1 to 1000"},
      {{}, "caravan: error: text is required"},
  };
  for (auto const& c : cases) {
    auto const r = search(c.args_);
    EXPECT_EQ(r.code_, 1) << c.message_;
    EXPECT_EQ(r.err_.substr(0, c.message_.size()), c.message_) << r.err_;
    EXPECT_EQ(r.out_, "");
  }
  auto r = run({"stops", "search", "Almaty", "--timetable", "missing.bin"});
  EXPECT_EQ(r.code_, 1);
  EXPECT_NE(r.err_.find("missing.bin"), std::string::npos) << r.err_;
  r = run({"stops"});
  EXPECT_EQ(r.code_, 1);
  EXPECT_EQ(r.err_.substr(0, 15), "caravan: error:") << r.err_;
}

}  // namespace
}  // namespace caravan::cli::test

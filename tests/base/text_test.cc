#include "caravan/base/text.h"

#include <gtest/gtest.h>

#include "caravan/base/error.h"
#include "caravan/base/strong.h"

namespace caravan {
namespace {

TEST(Text, TrimRemovesSpacesAndTabsOnly) {
  EXPECT_EQ(trim("  a b\t "), "a b");
  EXPECT_EQ(trim(""), "");
  EXPECT_EQ(trim(" \t "), "");
  EXPECT_EQ(trim("\"x\""), "\"x\"");
}

TEST(Text, ParseIntIsWholeString) {
  EXPECT_EQ(parse_int("42"), 42);
  EXPECT_EQ(parse_int("+7"), 7);
  EXPECT_EQ(parse_int("-3"), -3);
  EXPECT_FALSE(parse_int(""));
  EXPECT_FALSE(parse_int("4 2"));
  EXPECT_FALSE(parse_int("12a"));
  EXPECT_FALSE(parse_int("99999999999999999999999"));
}

TEST(Text, ParseDouble) {
  EXPECT_DOUBLE_EQ(*parse_double("40.889248"), 40.889248);
  EXPECT_DOUBLE_EQ(*parse_double("-73.5"), -73.5);
  EXPECT_FALSE(parse_double("40,5"));
  EXPECT_FALSE(parse_double(""));
}

TEST(Text, Utf8Validation) {
  EXPECT_FALSE(find_invalid_utf8("Almaty"));
  EXPECT_FALSE(find_invalid_utf8("Алматы 阿拉木图 Almaty 🚆"));
  EXPECT_EQ(find_invalid_utf8("ab\xFF" "c"), 2U);
  EXPECT_EQ(find_invalid_utf8("\xC0\xAF"), 0U);              // overlong
  EXPECT_EQ(find_invalid_utf8("x\xED\xA0\x80"), 1U);         // surrogate
  EXPECT_EQ(find_invalid_utf8("\xE4\xB8"), 0U);              // truncated
  EXPECT_EQ(repair_utf8("a\xFF" "b"), "a\xEF\xBF\xBD" "b");
  EXPECT_EQ(repair_utf8("阿拉木图"), "阿拉木图");
}

TEST(Error, DataErrorNamesThePlace) {
  data_error const e{{"stops.txt", 12, 3}, "bad value"};
  EXPECT_STREQ(e.what(), "stops.txt:12:3: bad value");
  EXPECT_EQ(e.where().line_, 12U);
  EXPECT_EQ((data_error{{"agency.txt"}, "missing"}).what(), std::string{"agency.txt: missing"});
}

TEST(Strong, InvalidAndOrder) {
  using idx = strong<std::uint32_t, struct test_tag>;
  EXPECT_FALSE(idx::invalid().valid());
  EXPECT_TRUE(idx{0U}.valid());
  EXPECT_LT(idx{1U}, idx{2U});
  std::uint32_t sum = 0;
  for (auto const i : indices<idx>(4)) {
    sum += i.v();
  }
  EXPECT_EQ(sum, 6U);
}

TEST(Text, AsciiCaseFolding) {
  EXPECT_EQ(ascii_lower("Almaty-2 ÜRÜMQI"), "almaty-2 ÜrÜmqi");  // only A-Z; UTF-8 bytes stay
  EXPECT_EQ(ascii_upper("kz:service"), "KZ:SERVICE");
  EXPECT_EQ(ascii_lower(""), "");
  EXPECT_EQ(ascii_lower('Q'), 'q');
  EXPECT_EQ(ascii_lower('@'), '@');  // the byte before A
  EXPECT_EQ(ascii_lower('['), '[');  // and after Z
  EXPECT_TRUE(equal_ignoring_ascii_case("Application/JSON", "application/json"));
  EXPECT_FALSE(equal_ignoring_ascii_case("gzip", "gzip2"));
  EXPECT_FALSE(equal_ignoring_ascii_case("Ä", "ä"));  // not ASCII
  EXPECT_TRUE(equal_ignoring_ascii_case("", ""));
}

TEST(Text, AppendUtf8) {
  std::string s;
  for (char32_t const cp : {U'A', U'é', U'Ж', U'阿', U'\U0001F600'}) {
    append_utf8(s, cp);
  }
  EXPECT_EQ(s, "Aé" "Ж" "阿" "\xF0\x9F\x98\x80");
  EXPECT_FALSE(find_invalid_utf8(s));
}

}  // namespace
}  // namespace caravan

namespace caravan {
namespace {

TEST(SplitList, TrimsAndDropsEmptyItems) {
  EXPECT_EQ(split_list(" beijing, astana,,tashkent ,"), (std::vector<std::string>{"beijing", "astana", "tashkent"}));
  EXPECT_TRUE(split_list("").empty());
  EXPECT_TRUE(split_list(" , ,").empty());
  EXPECT_EQ(split_list("a;b", ';'), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(split_list("a;b"), (std::vector<std::string>{"a;b"}));
}

}  // namespace
}  // namespace caravan

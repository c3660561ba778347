// stats::suppress (table.h): counts from 1 to kMinCell - 1 withheld, 0 and kMinCell shown, and a group
// with exactly one withheld count gets a second (its smallest other), so its total gives none away.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "caravan/stats/table.h"

namespace caravan::stats {
namespace {

// A table of (group, key, n) rows.
table counts(std::vector<std::tuple<std::string, std::string, std::int64_t>> const& rows) {
  table t;
  t.id_ = "test.counts";
  t.columns_ = {{"group", "Group", column_type::kText, ""}, {"key", "Key", column_type::kText, ""},
                {"n", "N", column_type::kCount, "things"}};
  for (auto const& [g, k, n] : rows) {
    t.rows_.push_back({{g, k, n}});
  }
  return t;
}

// The n column, -1 for withheld.
std::vector<std::int64_t> ns(table const& t) {
  std::vector<std::int64_t> out;
  for (auto const& r : t.rows_) {
    auto const* n = std::get_if<std::int64_t>(&r.cells_[2]);
    out.push_back(n == nullptr ? -1 : *n);
    EXPECT_EQ(r.suppressed_, n == nullptr);
  }
  return out;
}

using ints = std::vector<std::int64_t>;

TEST(Suppress, ZeroIsShownOneToFourWithheldFiveShown) {
  auto t = counts({{"a", "x", 0}, {"b", "x", 1}, {"c", "x", 4}, {"d", "x", 5}, {"e", "x", 6}});
  suppress(t, {"n"}, {"group"});  // each row its own group: no complement to take
  EXPECT_EQ(ns(t), (ints{0, -1, -1, 5, 6}));
  ASSERT_EQ(t.notes_.size(), 1U);
  EXPECT_NE(t.notes_[0].find("2 counts withheld"), std::string::npos) << t.notes_[0];
}

TEST(Suppress, AGroupWithOneWithheldCountLosesItsSmallestOtherToo) {
  auto t = counts({{"a", "x", 12}, {"a", "y", 3}, {"a", "z", 7}, {"a", "w", 0}, {"b", "x", 9}, {"b", "y", 8}});
  suppress(t, {"n"}, {"group"});
  // a: 3 withheld, then 7 (the smallest other above 0; 0 says nothing); b: nothing small, untouched.
  EXPECT_EQ(ns(t), (ints{12, -1, -1, 0, 9, 8}));
}

TEST(Suppress, TwoWithheldInAGroupNeedNoComplement) {
  auto t = counts({{"a", "x", 12}, {"a", "y", 3}, {"a", "z", 2}});
  suppress(t, {"n"}, {"group"});
  EXPECT_EQ(ns(t), (ints{12, -1, -1}));
}

TEST(Suppress, AGroupOfOneRowKeepsNothingElseToWithhold) {
  auto t = counts({{"a", "x", 2}, {"b", "x", 30}});
  suppress(t, {"n"}, {"group"});
  EXPECT_EQ(ns(t), (ints{-1, 30}));
}

TEST(Suppress, WithoutGroupsTheWholeTableIsOneGroup) {
  auto t = counts({{"a", "x", 2}, {"b", "x", 30}, {"c", "x", 10}});
  suppress(t, {"n"});
  EXPECT_EQ(ns(t), (ints{-1, 30, -1}));
}

TEST(Suppress, NothingWithheldAddsNoNote) {
  auto t = counts({{"a", "x", 0}, {"a", "y", 5}});
  suppress(t, {"n"}, {"group"});
  EXPECT_EQ(ns(t), (ints{0, 5}));
  EXPECT_TRUE(t.notes_.empty());
}

TEST(Suppress, AnUnknownColumnIsAProgrammersError) {
  auto t = counts({{"a", "x", 1}});
  EXPECT_THROW(suppress(t, {"count"}), std::logic_error);
  EXPECT_THROW(suppress(t, {"n"}, {"kind"}), std::logic_error);
}

}  // namespace
}  // namespace caravan::stats

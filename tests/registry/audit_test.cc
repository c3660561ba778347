#include "caravan/registry/audit.h"

#include <gtest/gtest.h>

#include "caravan/registry/secrets.h"

namespace caravan::registry {
namespace {

struct Audit : testing::Test {
  static void SetUpTestSuite() { secrets_init(); }
};

std::vector<audit_entry> chain_of(int n) {
  std::vector<audit_entry> v;
  for (int i = 0; i != n; ++i) {
    audit_entry e{.at_ = "2026-12-06T10:00:0" + std::to_string(i) + ".000000Z", .actor_ = "account:1",
                  .action_ = "operator.update", .entity_ = "operator:7", .before_ = R"({"status":"applied"})",
                  .after_ = R"({"status":"approved"})"};
    chain_after(e, v.empty() ? nullptr : &v.back());
    v.push_back(std::move(e));
  }
  return v;
}

TEST_F(Audit, TheAuditChainHoldsAndNamesWhereItBreaks) {
  auto const good = chain_of(5);
  EXPECT_EQ(good[0].prev_hash_, kAuditGenesis);
  EXPECT_EQ(good[3].seq_, 4);
  EXPECT_EQ(verify_chain(good), std::nullopt);
  EXPECT_EQ(verify_chain(std::span{good}.subspan(2), &good[1]), std::nullopt) << "from a trusted entry";

  auto edited = good;
  edited[2].after_ = R"({"status":"revoked"})";
  auto b = verify_chain(edited);
  ASSERT_TRUE(b);
  EXPECT_EQ(b->seq_, 3);
  EXPECT_EQ(b->what_, "entry 3 was changed after it was written");

  auto rehashed = edited;  // the forger recomputes entry 3's own hash: entry 4 no longer links to it
  rehashed[2].hash_ = audit_hash(rehashed[2]);
  b = verify_chain(rehashed);
  ASSERT_TRUE(b);
  EXPECT_EQ(b->seq_, 4);

  auto removed = good;
  removed.erase(removed.begin() + 1);
  b = verify_chain(removed);
  ASSERT_TRUE(b);
  EXPECT_EQ(b->seq_, 3);
  EXPECT_NE(b->what_.find("missing"), std::string::npos);

  auto truncated_front = std::vector(good.begin() + 1, good.end());
  EXPECT_TRUE(verify_chain(truncated_front)) << "without an anchor the chain starts at 1";
}

TEST_F(Audit, FieldsCannotBeShiftedIntoEachOther) {
  audit_entry a{.at_ = "t", .actor_ = "ab", .action_ = "c"};
  audit_entry b{.at_ = "t", .actor_ = "a", .action_ = "bc"};
  chain_after(a, nullptr);
  chain_after(b, nullptr);
  EXPECT_NE(a.hash_, b.hash_);
}

}  // namespace
}  // namespace caravan::registry

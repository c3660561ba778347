// `caravan info` end to end: --verify on a good and on a crafted snapshot, what the commands that plan say
// of a crafted one (an error, never a crash), and a folder given as the snapshot.
#include <cstring>

#include "caravan/timetable/file_format.h"
#include "cli.h"

namespace caravan::cli::test {
namespace {

class InfoCommand : public silkroad_test {};

TEST_F(InfoCommand, VerifyPassesAGoodSnapshot) {
  auto const r = run({"info", "--verify", silkroad_snapshot().string()});
  ASSERT_EQ(r.code_, 0) << r.err_;
  EXPECT_TRUE(r.out_.starts_with("verified: " + silkroad_snapshot().string() + ": checksum, column layout, every index and range of "))
      << r.out_;
  EXPECT_NE(r.out_.find("trip order in "), std::string::npos) << r.out_;
  EXPECT_EQ(r.err_, "");
}

// A stop index in pattern_stops past the stops, with a checksum that passes: every command refuses the
// file with the same message, exit 1 (before: invalid reads in the routing engine's constructor).
TEST_F(InfoCommand, ACraftedSnapshotIsRefusedByEveryCommand) {
  auto bytes = slurp(silkroad_snapshot());
  tt::detail::file_header h{};
  std::memcpy(&h, bytes.data(), sizeof(h));
  std::uint64_t at = 0;
  for (std::uint32_t i = 0; i != h.n_columns_; ++i) {
    tt::detail::column_entry e{};
    std::memcpy(&e, bytes.data() + sizeof(h) + i * sizeof(e), sizeof(e));
    if (std::string_view{e.name_} == "pattern_stops") {
      at = e.offset_ + 3 * e.element_size_;
    }
  }
  ASSERT_NE(at, 0U);
  std::uint32_t const far = 99'999;
  std::memcpy(bytes.data() + at, &far, sizeof(far));
  tt::detail::seal_snapshot(bytes);
  auto const crafted = scratch() / "crafted.bin";
  {
    std::ofstream out{crafted, std::ios::binary};
    out << bytes;
  }
  auto const expected_prefix = crafted.string() + ": not a valid Caravan timetable: column pattern_stops, record 3: stop 99999 is past the ";
  for (auto const& args : std::vector<std::vector<std::string>>{
           {"info", "--verify", crafted.string()},
           {"info", crafted.string()},
           {"route", "--timetable", crafted.string(), "--from", "almaty", "--to", "tashkent", "--at", "2026-06-03T08:00"},
           {"departures", "--timetable", crafted.string(), "--stop", "almaty", "--date", "2026-06-03"},
           {"stops", "search", "--timetable", crafted.string(), "Almaty"}}) {
    auto const r = run(args);
    EXPECT_EQ(r.code_, 1) << args[0] << ": " << r.out_ << r.err_;
    EXPECT_TRUE(r.err_.starts_with("caravan: error: " + expected_prefix)) << args[0] << ": " << r.err_;
    EXPECT_EQ(r.out_, "") << args[0];
  }
  // The server says it is listening first, then stops with the same error.
  auto const r = run({"serve", "--timetable", crafted.string(), "--port", "0", "--threads", "1", "--rules",
                      (source_dir() / "data" / "rules").string()});
  EXPECT_EQ(r.code_, 1) << r.err_;
  EXPECT_NE(r.err_.find("caravan: error: " + expected_prefix), std::string::npos) << r.err_;
}

TEST_F(InfoCommand, AFolderGivenAsTheSnapshotIsNamedAsOne) {
  auto const r = run({"info", scratch().string()});
  EXPECT_EQ(r.code_, 1);
  EXPECT_EQ(r.err_, "caravan: error: " + scratch().string() +
                        ": is a directory, not a timetable snapshot; give the file `caravan import -o` wrote\n");
}

TEST_F(InfoCommand, AnOldFormatAsksForANewImport) {
  auto bytes = slurp(silkroad_snapshot());
  std::uint32_t const v4 = 4;
  std::memcpy(bytes.data() + 8, &v4, sizeof(v4));
  auto const old = scratch() / "old.bin";
  {
    std::ofstream out{old, std::ios::binary};
    out << bytes;
  }
  auto const r = run({"info", old.string()});
  EXPECT_EQ(r.code_, 1);
  EXPECT_NE(r.err_.find("old.bin: timetable format version 4 is not the supported version 5; import the feed again"), std::string::npos)
      << r.err_;
}

}  // namespace
}  // namespace caravan::cli::test

// `caravan import` end to end: what it refuses to write over (its own input, a device, a folder), and the
// temporaries of killed imports it removes.
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"

namespace caravan::cli::test {
namespace {

class ImportCommand : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = scratch() / ::testing::UnitTest::GetInstance()->current_test_info()->name();
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST_F(ImportCommand, ImportOntoItsOwnInputIsRefused) {
  if (!fs::exists(shared_feed("sample-gtfs-feed.zip"))) {
    GTEST_SKIP() << "no " << shared_feed("sample-gtfs-feed.zip") << " (../shared beside the checkout)";
  }
  // A zip feed given as its own output.
  auto const zip = dir_ / "feed.zip";
  fs::copy_file(shared_feed("sample-gtfs-feed.zip"), zip);
  auto const before = slurp(zip);
  auto r = run_caravan(dir_, {"import", "feed.zip", "-o", "feed.zip", "-q"});
  EXPECT_EQ(r.code_, 1);
  EXPECT_EQ(r.err_, "caravan: error: feed.zip: is the feed being imported (feed.zip); write the snapshot to another file\n");
  EXPECT_EQ(slurp(zip), before);

  // The same file under another name (a hard link) is the same file.
  fs::create_hard_link(zip, dir_ / "alias.bin");
  r = run_caravan(dir_, {"import", "feed.zip", "-o", "alias.bin", "-q"});
  EXPECT_EQ(r.code_, 1);
  EXPECT_NE(r.err_.find("is the feed being imported"), std::string::npos) << r.err_;
  EXPECT_EQ(slurp(zip), before);

  // A folder feed: none of its files may be the output.
  fs::copy(source_dir() / "data" / "silkroad", dir_ / "silk", fs::copy_options::recursive);
  auto const stops = slurp(dir_ / "silk" / "stops.txt");
  r = run_caravan(dir_, {"import", "silk", "-o", "silk/stops.txt", "-q"});
  EXPECT_EQ(r.code_, 1);
  EXPECT_EQ(r.err_,
            "caravan: error: silk/stops.txt: is silk/stops.txt, a file of the feed being imported; write the snapshot to another file\n");
  EXPECT_EQ(slurp(dir_ / "silk" / "stops.txt"), stops);
  // Beside the feed's files is fine.
  r = run_caravan(dir_, {"import", "silk", "-o", "silk/timetable.bin", "-q"});
  EXPECT_EQ(r.code_, 0) << r.err_;
}

TEST_F(ImportCommand, AnOutputThatIsNotARegularFileIsRefused) {
  auto r = run_caravan(dir_, {"import", shared_feed("sample-gtfs-feed.zip").string(), "-o", "/dev/null", "-q"});
  EXPECT_EQ(r.code_, 1);
  EXPECT_EQ(r.err_, "caravan: error: /dev/null: cannot write a timetable here: it is a character device, not a regular file\n");
  EXPECT_TRUE(fs::is_character_file("/dev/null"));

  fs::create_directories(dir_ / "folder");
  r = run_caravan(dir_, {"import", shared_feed("sample-gtfs-feed.zip").string(), "-o", "folder", "-q"});
  EXPECT_EQ(r.code_, 1);
  EXPECT_EQ(r.err_, "caravan: error: folder: cannot write a timetable here: it is a directory, not a regular file\n");
  EXPECT_TRUE(fs::is_directory(dir_ / "folder"));

  ASSERT_EQ(::mkfifo((dir_ / "fifo").c_str(), 0600), 0);
  r = run_caravan(dir_, {"import", shared_feed("sample-gtfs-feed.zip").string(), "-o", "fifo", "-q"});
  EXPECT_EQ(r.code_, 1);
  EXPECT_NE(r.err_.find("it is a FIFO, not a regular file"), std::string::npos) << r.err_;
}

TEST_F(ImportCommand, TemporariesOfKilledImportsAreRemoved) {
  if (!fs::exists(shared_feed("sample-gtfs-feed.zip"))) {
    GTEST_SKIP() << "no " << shared_feed("sample-gtfs-feed.zip") << " (../shared beside the checkout)";
  }
  // A PID that no longer runs: a child that has exited and been reaped. Our own PID runs.
  auto const child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    ::_exit(0);
  }
  ASSERT_EQ(::waitpid(child, nullptr, 0), child);
  auto const dead = dir_ / fmt::format("out.bin.tmp.{}", child);
  auto const live = dir_ / fmt::format("out.bin.tmp.{}", ::getpid());
  std::ofstream{dead} << "half a snapshot";
  std::ofstream{live} << "an import still running";
  auto const r = run_caravan(dir_, {"import", shared_feed("sample-gtfs-feed.zip").string(), "-o", "out.bin", "-q"});
  ASSERT_EQ(r.code_, 0) << r.err_;
  EXPECT_FALSE(fs::exists(dead));
  EXPECT_TRUE(fs::exists(live));
  EXPECT_TRUE(fs::is_regular_file(dir_ / "out.bin"));
}

}  // namespace
}  // namespace caravan::cli::test

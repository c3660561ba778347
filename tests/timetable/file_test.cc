#include "caravan/timetable/file.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "caravan/base/error.h"
#include "caravan/timetable/builder.h"
#include "caravan/timetable/timetable.h"

namespace caravan::tt {
namespace {

namespace fs = std::filesystem;

timetable_data sample() {
  timetable_builder b{20'000, 70};
  auto const tz = b.add_timezone("Asia/Shanghai");
  stop_record s{};
  s.parent_ = stop_idx::invalid();
  s.tz_ = tz;
  s.min_change_ = -1;
  s.id_ = b.intern("XAY");
  s.name_ = b.intern("西安");
  s.pos_ = {34.37, 108.93};
  auto const x = b.add_stop(s);
  s.id_ = b.intern("ALA");
  s.name_ = b.intern("Алматы");
  s.pos_ = {43.27, 76.94};
  auto const y = b.add_stop(s);
  route_record r{};
  r.id_ = b.intern("T1");
  r.route_type_ = 2;
  auto const route = b.add_route(r);
  std::vector<std::uint64_t> words(b.bitfield_words(), 0);
  words[0] = 0b1010;
  trip_input in{};
  in.record_.id_ = b.intern("train");
  in.record_.route_ = route;
  in.record_.service_ = b.add_service(words);
  in.tz_ = tz;
  in.mode_ = mode::kRail;
  std::vector<pattern_stop> stops{pattern_stop::make(x, true, false), pattern_stop::make(y, false, true)};
  std::vector<stop_time> times{{41400, 41400}, {41400 + 57 * 3600, 41400 + 57 * 3600}};
  b.add_trip(in, stops, times);
  b.add_meta("feed_version", "test-1");
  progress p{false};
  build_stats stats;
  return b.finish({}, p, stats);
}

class FileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("caravan-file-test-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  void flip_byte(fs::path const& p, std::uint64_t offset) {
    std::fstream f{p, std::ios::in | std::ios::out | std::ios::binary};
    f.seekg(static_cast<std::streamoff>(offset));
    char c = 0;
    f.read(&c, 1);
    c = static_cast<char>(c ^ 0x5A);
    f.seekp(static_cast<std::streamoff>(offset));
    f.write(&c, 1);
  }

  fs::path dir_;
};

TEST_F(FileTest, RoundTripKeepsEveryColumn) {
  auto const data = sample();
  auto const path = dir_ / "tt.bin";
  write_timetable(data, path);
  auto const tt = timetable::load(path);
  auto const mem = timetable::from_data(sample());
  EXPECT_EQ(tt.scalars().first_day_, 20'000);
  EXPECT_EQ(tt.scalars().n_days_, 70U);
  // Compare all columns byte for byte with the in-memory version.
  std::vector<std::pair<void const*, std::size_t>> a;
  std::vector<std::pair<void const*, std::size_t>> b;
  tt.columns().for_each_column([&](char const*, auto const& c) { a.emplace_back(c.data(), c.size_bytes()); });
  mem.columns().for_each_column([&](char const*, auto const& c) { b.emplace_back(c.data(), c.size_bytes()); });
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i != a.size(); ++i) {
    ASSERT_EQ(a[i].second, b[i].second) << "column " << i;
    EXPECT_EQ(std::memcmp(a[i].first, b[i].first, a[i].second), 0) << "column " << i;
  }
  EXPECT_EQ(tt.str(tt.stop(*tt.find_stop("ALA")).name_), "Алматы");
  EXPECT_EQ(tt.meta("feed_version"), "test-1");
  EXPECT_TRUE(tt.runs_on(tt.trip(trip_idx{0U}).service_, day_idx{1U}));
  EXPECT_FALSE(tt.runs_on(tt.trip(trip_idx{0U}).service_, day_idx{2U}));
  EXPECT_EQ(tt.trip_times(trip_idx{0U})[1].arr_, 41400 + 57 * 3600);
  // No temporary file is left behind.
  EXPECT_EQ(std::distance(fs::directory_iterator{dir_}, fs::directory_iterator{}), 1);
}

TEST_F(FileTest, CorruptFileIsRejectedByChecksum) {
  auto const path = dir_ / "tt.bin";
  write_timetable(sample(), path);
  flip_byte(path, fs::file_size(path) - 70);
  try {
    (void)timetable::load(path);
    FAIL() << "corrupt file was accepted";
  } catch (data_error const& e) {
    EXPECT_NE(std::string{e.what()}.find("checksum"), std::string::npos) << e.what();
    EXPECT_NE(std::string{e.what()}.find("tt.bin"), std::string::npos) << e.what();
  }
}

TEST_F(FileTest, TruncatedFileIsRejected) {
  auto const path = dir_ / "tt.bin";
  write_timetable(sample(), path);
  fs::resize_file(path, fs::file_size(path) - 64);
  EXPECT_THROW((void)timetable::load(path), data_error);
  fs::resize_file(path, 10);
  EXPECT_THROW((void)timetable::load(path), data_error);
}

TEST_F(FileTest, OtherFilesAndVersionsAreRejected) {
  auto const path = dir_ / "tt.bin";
  {
    std::ofstream f{path, std::ios::binary};
    f << std::string(4096, 'x');
  }
  try {
    (void)timetable::load(path);
    FAIL();
  } catch (data_error const& e) {
    EXPECT_NE(std::string{e.what()}.find("not a Caravan timetable"), std::string::npos) << e.what();
  }
  write_timetable(sample(), path);
  flip_byte(path, 8);  // format version
  try {
    (void)timetable::load(path);
    FAIL();
  } catch (data_error const& e) {
    EXPECT_NE(std::string{e.what()}.find("format version"), std::string::npos) << e.what();
  }
  EXPECT_THROW((void)timetable::load(dir_ / "missing.bin"), data_error);
}

TEST_F(FileTest, FailedWriteLeavesNoTemporaryAndKeepsWhatStoodThere) {
  // The target is a non-empty folder: the final rename fails. Nothing else may change.
  auto const target = dir_ / "occupied";
  fs::create_directories(target / "inside");
  EXPECT_THROW(write_timetable(sample(), target), std::exception);
  EXPECT_TRUE(fs::is_directory(target / "inside"));
  EXPECT_EQ(std::distance(fs::directory_iterator{dir_}, fs::directory_iterator{}), 1);
  // Writing into a folder that does not exist fails with the path in the message.
  try {
    write_timetable(sample(), dir_ / "no" / "such" / "tt.bin");
    FAIL();
  } catch (data_error const& e) {
    EXPECT_NE(std::string{e.what()}.find("cannot create"), std::string::npos) << e.what();
  }
}

TEST_F(FileTest, OverwriteReplacesAGoodFileWithAGoodFile) {
  auto const path = dir_ / "tt.bin";
  write_timetable(sample(), path);
  write_timetable(sample(), path);
  EXPECT_NO_THROW((void)timetable::load(path));
}

}  // namespace
}  // namespace caravan::tt

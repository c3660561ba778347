#include "caravan/timetable/file.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "caravan/base/error.h"
#include "caravan/timetable/builder.h"
#include "caravan/timetable/departures.h"
#include "caravan/timetable/file_format.h"
#include "caravan/timetable/timetable.h"
#include "caravan/timetable/verify.h"

namespace caravan::tt {
namespace {

namespace fs = std::filesystem;

timetable_data sample() {
  timetable_builder b{20'000, 70};
  auto const tz = b.add_timezone("Asia/Shanghai");
  auto const none = b.intern("");
  stop_record s{};
  s.code_ = s.desc_ = s.platform_code_ = none;
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
  r.short_name_ = r.long_name_ = r.desc_ = r.color_ = r.text_color_ = r.source_ = none;
  r.id_ = b.intern("T1");
  r.route_type_ = 2;
  auto const route = b.add_route(r);
  std::vector<std::uint64_t> words(b.bitfield_words(), 0);
  words[0] = 0b1010;
  trip_input in{};
  in.record_.headsign_ = in.record_.short_name_ = in.record_.block_id_ = in.record_.source_ = none;
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

// Crafting snapshots: the bytes of a good one, edited, and sealed with a checksum that passes.
class CraftedFileTest : public FileTest {
 protected:
  void SetUp() override {
    FileTest::SetUp();
    path_ = dir_ / "tt.bin";
    write_timetable(sample(), path_);
    std::ifstream in{path_, std::ios::binary};
    std::stringstream ss;
    ss << in.rdbuf();
    good_ = ss.str();
  }

  template <typename T>
  static T get(std::string const& f, std::uint64_t at) {
    T v{};
    std::memcpy(&v, f.data() + at, sizeof(T));
    return v;
  }
  template <typename T>
  static void set(std::string& f, std::uint64_t at, T v) {
    std::memcpy(f.data() + at, &v, sizeof(T));
  }
  // Where the column table entry of `name` is in the file.
  static std::uint64_t entry_at(std::string const& f, std::string_view name) {
    auto const h = get<detail::file_header>(f, 0);
    for (std::uint64_t i = 0; i != h.n_columns_; ++i) {
      auto const at = sizeof(detail::file_header) + i * sizeof(detail::column_entry);
      if (std::string_view{get<detail::column_entry>(f, at).name_} == name) {
        return at;
      }
    }
    ADD_FAILURE() << "no column " << name;
    return 0;
  }
  // Where record `i` of column `name` starts.
  static std::uint64_t record_at(std::string const& f, std::string_view name, std::uint64_t i) {
    auto const e = get<detail::column_entry>(f, entry_at(f, name));
    return e.offset_ + i * e.element_size_;
  }
  template <typename T>
  static void set_entry(std::string& f, std::string_view name, std::size_t field_offset, T v) {
    set(f, entry_at(f, name) + field_offset, v);
  }

  // Seals `f` (a checksum that passes), writes it over tt.bin and expects the load to refuse it with a
  // message naming the file and holding `what`.
  void expect_refused(std::string f, std::string const& what) {
    detail::seal_snapshot(f);
    {
      std::ofstream out{path_, std::ios::binary | std::ios::trunc};
      out.write(f.data(), static_cast<std::streamsize>(f.size()));
    }
    try {
      (void)timetable::load(path_);
      ADD_FAILURE() << "accepted a file that should fail with: " << what;
    } catch (data_error const& e) {
      std::string const msg = e.what();
      EXPECT_NE(msg.find(what), std::string::npos) << msg;
      EXPECT_EQ(msg.rfind(path_.string() + ": ", 0), 0U) << msg;
    }
    // The same from memory.
    EXPECT_THROW((void)timetable::load_from_memory(f, "tt.bin"), data_error);
  }

  fs::path path_;
  std::string good_;
};

TEST_F(CraftedFileTest, HeaderBytesAreCoveredByTheChecksum) {
  // first_day (offset 32) and bitfield_words (offset 40) lie in the header, which version 3 did not hash.
  for (auto const at : {detail::kFirstDayOffset, detail::kBitfieldWordsOffset}) {
    write_timetable(sample(), path_);
    flip_byte(path_, at);
    try {
      (void)timetable::load(path_);
      ADD_FAILURE() << "a changed byte at " << at << " passed";
    } catch (data_error const& e) {
      EXPECT_NE(std::string{e.what()}.find("checksum mismatch"), std::string::npos) << e.what();
    }
  }
}

TEST_F(CraftedFileTest, OlderFormatVersionsAreRefusedWithAHintToImportAgain) {
  auto f = good_;
  set<std::uint32_t>(f, 8, 4);
  expect_refused(f, "timetable format version 4 is not the supported version 5; import the feed again");
}

TEST_F(CraftedFileTest, IndexesPastWhatTheyIndexAreRefused) {
  auto const stop_times = record_at(good_, "pattern_stops", 0);
  auto f = good_;
  set<std::uint32_t>(f, stop_times, 99'999);
  expect_refused(f, "not a valid Caravan timetable: column pattern_stops, record 0: stop 99999 is past the 2 stops");

  f = good_;
  set<std::uint32_t>(f, record_at(f, "trips", 0) + offsetof(trip_record, pattern_), 7);
  expect_refused(f, "column trips, record 0: pattern 7 is past the 1 patterns");

  f = good_;
  set<std::uint32_t>(f, record_at(f, "trips", 0) + offsetof(trip_record, service_), 5);
  expect_refused(f, "column trips, record 0: service 5 is past the 1 service-day sets");

  f = good_;
  set<std::uint32_t>(f, record_at(f, "stops", 1) + offsetof(stop_record, name_), 1'000'000);
  expect_refused(f, "column stops, record 1: name is string 1000000, past the");

  f = good_;
  set<std::uint32_t>(f, record_at(f, "stops", 1) + offsetof(stop_record, tz_), 3);
  expect_refused(f, "column stops, record 1: time zone 3 is past the 1 time zones");

  f = good_;
  set<std::uint32_t>(f, record_at(f, "stops", 0) + offsetof(stop_record, parent_), 2);
  expect_refused(f, "column stops, record 0: parent station 2 is past the 2 stops");

  f = good_;
  set<std::uint32_t>(f, record_at(f, "stops_by_id", 1), 2);
  expect_refused(f, "column stops_by_id, record 1: stop 2 is past the 2 stops");

  f = good_;
  set<std::uint32_t>(f, record_at(f, "string_offsets", 2), 0xFFFF'FFF0U);
  expect_refused(f, "column string_offsets, record 3: offset");

  f = good_;
  set<std::uint32_t>(f, record_at(f, "stop_pattern_offsets", 1), 5);
  expect_refused(f, "column stop_pattern_offsets, record 2: offset 2 is less than the one before, 5");

  f = good_;  // a huge count: the pattern's trips would run far past the trips
  set<std::uint32_t>(f, record_at(f, "patterns", 0) + offsetof(pattern_record, n_trips_), 0xFFFF'FFFFU);
  expect_refused(f, "column patterns, record 0: its 4294967295 trips from trip 0 run past the 1 trips");

  f = good_;
  set<std::uint32_t>(f, record_at(f, "patterns", 0) + offsetof(pattern_record, first_stop_time_), 1);
  expect_refused(f, "column patterns, record 0: first stop time 1 is not the next one, 0");
}

TEST_F(CraftedFileTest, BadTimesAndEnumerationsAreRefused) {
  auto f = good_;
  set<std::int32_t>(f, record_at(f, "stop_times", 1), 100);  // arrival at the second stop before leaving the first
  expect_refused(f, "column stop_times, record 1: arrival 100 is before the departure 41400 from the stop before");

  f = good_;
  set<std::int32_t>(f, record_at(f, "stop_times", 0) + 4, -5);
  expect_refused(f, "column stop_times, record 0: departure -5 is not between 0 and");

  f = good_;
  set<std::uint8_t>(f, record_at(f, "patterns", 0) + offsetof(pattern_record, max_days_), 0);
  expect_refused(f, "column patterns, record 0: max_days 0 does not fit its latest arrival, day 2");

  f = good_;
  set<std::uint8_t>(f, record_at(f, "patterns", 0) + offsetof(pattern_record, mode_), 200);
  expect_refused(f, "column patterns, record 0: mode 200 is not one of 0 to");

  f = good_;
  set<double>(f, record_at(f, "stops", 0) + offsetof(stop_record, pos_), std::numeric_limits<double>::quiet_NaN());
  expect_refused(f, "column stops, record 0: position nan,");

  f = good_;  // a time zone the tz database does not know
  auto const zone = f.find("Asia/Shanghai");
  ASSERT_NE(zone, std::string::npos);
  f[zone + 12] = 'x';
  expect_refused(f, "column tz_names, record 0: `Asia/Shanghax` is not in the time zone database");

  f = good_;  // n_days and bitfield_words must agree (with a checksum that passes, unlike the flips above)
  set<std::uint32_t>(f, detail::kBitfieldWordsOffset, 7);
  expect_refused(f, "not a valid Caravan timetable: header: bitfield_words 7 does not fit n_days 70 (expected 2)");
}

TEST_F(CraftedFileTest, BadColumnLayoutsAreRefused) {
  auto const size = good_.size();
  auto f = good_;  // a column past the end of the file
  set_entry<std::uint64_t>(f, "stops", offsetof(detail::column_entry, offset_), size + 64);
  expect_refused(f, "not a valid Caravan timetable: column stops: bytes [");

  f = good_;  // a huge count of bytes
  set_entry<std::uint64_t>(f, "stop_times", offsetof(detail::column_entry, bytes_), std::uint64_t{1} << 62U);
  expect_refused(f, "column stop_times: bytes [");

  f = good_;  // misaligned
  set_entry<std::uint64_t>(f, "stops", offsetof(detail::column_entry, offset_),
                           get<detail::column_entry>(f, entry_at(f, "stops")).offset_ + 8);
  expect_refused(f, "column stops: offset");

  f = good_;  // overlapping: routes placed where stops are
  set_entry<std::uint64_t>(f, "routes", offsetof(detail::column_entry, offset_),
                           get<detail::column_entry>(f, entry_at(f, "stops")).offset_);
  expect_refused(f, "overlap");

  f = good_;  // a wrong element size (the bytes still a whole number of them)
  set_entry<std::uint32_t>(f, "stops", offsetof(detail::column_entry, element_size_), 8);
  expect_refused(f, "not a valid Caravan timetable: column stops: elements of 8 bytes, expected 56");

  f = good_;  // a column missing: its name changed
  set<char>(f, entry_at(f, "road_links_in"), 'X');
  expect_refused(f, "column road_links_in is missing");

  f = good_;  // the column table longer than the file
  set<std::uint32_t>(f, offsetof(detail::file_header, n_columns_), 1'000'000);
  expect_refused(f, "header: the table of 1000000 columns runs past the end of the file");
}

TEST_F(CraftedFileTest, TruncatedOrPaddedFilesAreRefused) {
  auto f = good_;
  f.resize(f.size() - 64);
  expect_refused(f, "timetable is truncated or padded: header says");
  f = good_;
  f.append(64, '\0');
  expect_refused(f, "timetable is truncated or padded");
  f = good_.substr(0, 10);
  {
    std::ofstream out{path_, std::ios::binary | std::ios::trunc};
    out << f;
  }
  try {
    (void)timetable::load(path_);
    FAIL();
  } catch (data_error const& e) {
    EXPECT_NE(std::string{e.what()}.find("tt.bin: not a Caravan timetable: the file is too short"), std::string::npos) << e.what();
  }
}

TEST_F(CraftedFileTest, ALoadedTimetableDoesNotDependOnTheFile) {
  auto const tt = timetable::load(path_);
  auto const before = departures(tt, *tt.find_stop("XAY"), 20'001);
  ASSERT_EQ(before.size(), 1U);
  // Overwrite the file in place (same inode, as `cp new.bin tt.bin` does), then truncate it: a mapping
  // of it would now fault (SIGBUS) on the next read of a page not yet read.
  {
    std::ofstream out{path_, std::ios::binary | std::ios::trunc};
    out << std::string(good_.size(), 'z');
  }
  fs::resize_file(path_, 0);
  auto const after = departures(tt, *tt.find_stop("XAY"), 20'001);
  ASSERT_EQ(after.size(), 1U);
  EXPECT_EQ(after[0].time_, before[0].time_);
  EXPECT_EQ(tt.str(tt.stop(*tt.find_stop("ALA")).name_), "Алматы");
  EXPECT_EQ(tt.trip_times(trip_idx{0U})[1].arr_, 41400 + 57 * 3600);
  EXPECT_EQ(tt.meta("feed_version"), "test-1");
}

TEST_F(CraftedFileTest, LoadFromMemoryMatchesLoad) {
  auto const a = timetable::load(path_);
  auto const b = timetable::load_from_memory(good_, "in memory");
  EXPECT_EQ(a.n_stop_times(), b.n_stop_times());
  EXPECT_EQ(b.str(b.stop(*b.find_stop("XAY")).name_), "西安");
  auto f = good_;
  f[f.size() - 70] ^= 0x5A;
  try {
    (void)timetable::load_from_memory(f, "in memory");
    FAIL();
  } catch (data_error const& e) {
    EXPECT_EQ(std::string{e.what()}, "in memory: timetable is corrupt (checksum mismatch); import the feed again");
  }
}

TEST_F(CraftedFileTest, DeepVerificationPassesAGoodFileAndFindsAnUnsortedIndex) {
  auto const tt = timetable::load(path_);
  EXPECT_NE(verify_deep(tt, path_.string()).find("trip order in 1 patterns"), std::string::npos);
  // Swapping the two entries of stops_by_id keeps every index in range (the load accepts it) but breaks
  // the order the id lookups rely on.
  auto f = good_;
  auto const at = record_at(f, "stops_by_id", 0);
  auto const x = get<std::uint32_t>(f, at);
  set<std::uint32_t>(f, at, get<std::uint32_t>(f, at + 4));
  set<std::uint32_t>(f, at + 4, x);
  detail::seal_snapshot(f);
  auto const swapped = timetable::load_from_memory(f, "tt.bin");
  try {
    (void)verify_deep(swapped, "tt.bin");
    FAIL();
  } catch (data_error const& e) {
    EXPECT_NE(std::string{e.what()}.find("tt.bin: not a valid Caravan timetable: column stops_by_id, record 1: id `ALA` comes before"),
              std::string::npos)
        << e.what();
  }
}

TEST_F(FileTest, ADirectoryOrDeviceIsNamedAsSuch) {
  try {
    (void)timetable::load(dir_);
    FAIL();
  } catch (data_error const& e) {
    EXPECT_EQ(std::string{e.what()}, dir_.string() + ": is a directory, not a timetable snapshot; give the file `caravan import -o` wrote");
  }
  try {
    (void)timetable::load("/dev/null");
    FAIL();
  } catch (data_error const& e) {
    EXPECT_NE(std::string{e.what()}.find("/dev/null: is not a regular file"), std::string::npos) << e.what();
  }
}

TEST_F(FileTest, WriteRefusesDataThatWouldNotLoadAndTargetsThatAreNotFiles) {
  auto data = sample();
  data.columns_.stops_[1].tz_ = tz_idx{9U};
  try {
    write_timetable(data, dir_ / "tt.bin");
    FAIL();
  } catch (data_error const& e) {
    EXPECT_NE(std::string{e.what()}.find("tt.bin: refusing to write an invalid Caravan timetable: column stops, record 1: time zone 9"),
              std::string::npos)
        << e.what();
  }
  EXPECT_FALSE(fs::exists(dir_ / "tt.bin"));
  try {
    write_timetable(sample(), "/dev/null");
    FAIL();
  } catch (data_error const& e) {
    EXPECT_EQ(std::string{e.what()}, "/dev/null: cannot write a timetable here: it is a character device, not a regular file");
  }
  EXPECT_TRUE(fs::is_character_file("/dev/null"));
}

TEST_F(FileTest, StaleTemporariesOfDeadWritersAreRemoved) {
  // A PID that surely no longer runs: a child that has exited and been reaped.
  auto const child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    ::_exit(0);
  }
  ASSERT_EQ(::waitpid(child, nullptr, 0), child);
  auto const dead = dir_ / ("tt.bin.tmp." + std::to_string(child));
  auto const live = dir_ / ("tt.bin.tmp." + std::to_string(::getppid()));  // runs; not the writer, whose temporary has our PID
  auto const other = dir_ / "other.bin.tmp.1";
  for (auto const& p : {dead, live, other}) {
    std::ofstream{p} << "partial";
  }
  write_timetable(sample(), dir_ / "tt.bin");
  EXPECT_FALSE(fs::exists(dead));
  EXPECT_TRUE(fs::exists(live));   // a process that runs
  EXPECT_TRUE(fs::exists(other));  // not a temporary of this file
  EXPECT_NO_THROW((void)timetable::load(dir_ / "tt.bin"));
}

}  // namespace
}  // namespace caravan::tt

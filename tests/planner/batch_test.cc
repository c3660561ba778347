// Batch queries: reading rows (header optional, bad rows named by line), answers in input order with
// -1 and -2, the same answers on 1 and 4 threads and as engine::route gives, timing statistics.
#include "caravan/planner/batch.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <random>
#include <sstream>

#include "caravan/base/error.h"
#include "caravan/planner/error.h"
#include "caravan/planner/times.h"
#include "silk_feed.h"

namespace caravan::planner {
namespace {

using test::silk;

std::vector<batch_query> read(std::string const& text) {
  std::istringstream in{text};
  return read_batch(in, "queries.csv");
}

std::string error_of(std::string const& text) {
  try {
    read(text);
  } catch (data_error const& e) {
    return e.what();
  }
  return "";
}

TEST(ReadBatch, HeaderIsOptional) {
  auto const with = read("from_stop_id,to_stop_id,departure_time\nURC,SKD,07:00:00\n");
  auto const without = read("URC,SKD,07:00:00\n");
  ASSERT_EQ(with.size(), 1U);
  ASSERT_EQ(without.size(), 1U);
  EXPECT_EQ(with[0].from_id_, "URC");
  EXPECT_EQ(with[0].to_id_, "SKD");
  EXPECT_EQ(with[0].departure_s_, 7 * 3600);
  EXPECT_EQ(with[0].line_, 2U);
  EXPECT_EQ(without[0].line_, 1U);
}

TEST(ReadBatch, TimesPastMidnightQuotesCrlfAndBlankLines) {
  auto const q = read("\xEF\xBB\xBF" "URC,SKD,25:30:00\r\n\r\n \"TAS\" , \"a,\"\"b\" ,7:05:09\nGUL,GULA,167:59:59");
  ASSERT_EQ(q.size(), 3U);
  EXPECT_EQ(q[0].departure_s_, 25 * 3600 + 30 * 60);
  EXPECT_EQ(q[1].from_id_, "TAS");
  EXPECT_EQ(q[1].to_id_, "a,\"b");
  EXPECT_EQ(q[1].departure_s_, 7 * 3600 + 5 * 60 + 9);
  EXPECT_EQ(q[1].line_, 3U);
  EXPECT_EQ(q[2].line_, 4U);
  EXPECT_TRUE(read("").empty());
}

TEST(ReadBatch, MalformedRowsAreNamedByLine) {
  EXPECT_EQ(error_of("URC,SKD,07:00:00\nURC,SKD\n"),
            "queries.csv:2: expected 3 fields (from_stop_id,to_stop_id,departure_time), found 2");
  EXPECT_EQ(error_of("URC,SKD,07:00:00,x\n"), "queries.csv:1: expected 3 fields (from_stop_id,to_stop_id,departure_time), found 4");
  EXPECT_EQ(error_of("URC,SKD,07:00:00\n\nURC,SKD,7am\n"), "queries.csv:3: departure_time `7am` is not HH:MM:SS");
  EXPECT_EQ(error_of("URC,SKD,07:60:00\n"), "queries.csv:1: departure_time `07:60:00` is not HH:MM:SS");
  EXPECT_EQ(error_of("URC,SKD,07:00\n"), "queries.csv:1: departure_time `07:00` is not HH:MM:SS");
  EXPECT_EQ(error_of("URC,SKD,-1:00:00\n"), "queries.csv:1: departure_time `-1:00:00` is not HH:MM:SS");
  EXPECT_EQ(error_of("URC,SKD,168:00:00\n"), "queries.csv:1: departure_time `168:00:00` is a week or more after midnight");
  EXPECT_EQ(error_of("URC,,07:00:00\n"), "queries.csv:1: empty to_stop_id");
  EXPECT_EQ(error_of("URC,\"SKD,07:00:00\n"), "queries.csv:1: a quoted field is not closed, or text follows its closing quote");
  // A misspelt header is not taken for a header.
  EXPECT_EQ(error_of("from,to,departure\nURC,SKD,07:00:00\n"),
            "queries.csv:1: departure_time `departure` is not HH:MM:SS (a header must be from_stop_id,to_stop_id,departure_time)");
  // A header is only a header on the first row.
  EXPECT_NE(error_of("URC,SKD,07:00:00\nfrom_stop_id,to_stop_id,departure_time\n").find("queries.csv:2:"), std::string::npos);
}

batch_result run(routing::engine const& e, std::vector<batch_query> const& q, unsigned threads, std::int32_t date = test::day(2026, 6, 1)) {
  batch_options opt;
  opt.date_ = date;
  opt.threads_ = threads;
  return run_batch(e, q, opt, "queries.csv");
}

TEST(RunBatch, AnswersInInputOrderInTheOriginsZone) {
  routing::engine const e{silk()};
  auto const q = read("URC,SKD,07:00:00\nSKD,URC,07:00:00\nURC,NOWHERE,07:00:00\nNOWHERE,SKD,07:00:00\nTASR,SKD,31:00:00\nTAS,TASR,08:00:00\n");
  auto const r = run(e, q, 2);
  ASSERT_EQ(r.answers_.size(), 6U);
  ASSERT_EQ(r.query_ns_.size(), 6U);
  // Ürümqi midnight is 18:00 UTC the day before; the train reaches Samarqand at 14:00+05 = 09:00 UTC: 15 h.
  EXPECT_EQ(r.answers_[0].qid_, 0U);
  EXPECT_EQ(r.answers_[0].from_id_, "URC");
  EXPECT_EQ(r.answers_[0].departure_s_, 7 * 3600);
  EXPECT_EQ(r.answers_[0].arrival_s_, 15 * 3600);
  EXPECT_EQ(r.answers_[1].arrival_s_, kUnreachable);
  EXPECT_EQ(r.answers_[2].arrival_s_, kUnknownStop);
  EXPECT_EQ(r.answers_[3].arrival_s_, kUnknownStop);
  // 31:00 is 07:00 the next day; a station id stands for its platforms: the 11:00 train, 14:00 the next day.
  EXPECT_EQ(r.answers_[4].arrival_s_, 38 * 3600);
  EXPECT_EQ(r.answers_[5].arrival_s_, 8 * 3600 + 1800);  // the walk to TASR_1
  EXPECT_EQ(r.answers_[5].qid_, 5U);

  std::ostringstream out;
  write_batch_answers(out, r.answers_);
  EXPECT_EQ(out.str(), "qid,from_stop_id,to_stop_id,departure_s,arrival_s\n0,URC,SKD,25200,54000\n1,SKD,URC,25200,-1\n"
                       "2,URC,NOWHERE,25200,-2\n3,NOWHERE,SKD,25200,-2\n4,TASR,SKD,111600,136800\n5,TAS,TASR,28800,30600\n");
}

TEST(RunBatch, ChangeTimeAndFootpathOptions) {
  routing::engine const e{silk()};
  auto const q = read("TAS,SKD,09:00:00\n");
  batch_options opt;
  opt.date_ = test::day(2026, 6, 1);
  EXPECT_EQ(run_batch(e, q, opt, "q").answers_[0].arrival_s_, 14 * 3600);
  opt.footpaths_ = false;  // only the walk of transfers.txt leads from the airport to the train
  EXPECT_EQ(run_batch(e, q, opt, "q").answers_[0].arrival_s_, kUnreachable);
  opt.min_change_s_ = 86'401;
  try {
    run_batch(e, q, opt, "q");
    FAIL() << "no error";
  } catch (query_error const& x) {
    EXPECT_EQ(x.field(), "min_change");
    EXPECT_STREQ(x.what(), "min change 86401 s is not between 0 and 86400");
  }
}

TEST(RunBatch, DateOutsideTheTimetable) {
  routing::engine const e{silk()};
  try {
    run(e, read("URC,SKD,07:00:00\n"), 1, test::day(2026, 7, 1));
    FAIL() << "no error";
  } catch (query_error const& x) {
    EXPECT_EQ(x.field(), "date");
    EXPECT_STREQ(x.what(), "the date 2026-07-01 is outside the timetable, which runs from 2026-06-01 to 2026-06-30");
  }
}

std::vector<std::int64_t> arrivals(batch_result const& r) {
  std::vector<std::int64_t> out;
  for (auto const& a : r.answers_) {
    out.push_back(a.arrival_s_);
  }
  return out;
}

// Seeded random queries over the stops of a timetable, times from 05:00 to 22:00.
std::vector<batch_query> random_queries(tt::timetable const& tt, std::size_t n, std::uint32_t seed) {
  std::mt19937 rng{seed};
  std::uniform_int_distribution<std::size_t> stop(0, tt.n_stops() - 1);
  std::uniform_int_distribution<std::int32_t> time(5 * 3600, 22 * 3600);
  std::vector<batch_query> out;
  for (std::size_t i = 0; i != n; ++i) {
    out.push_back({std::string{tt.str(tt.stop(tt::stop_idx{stop(rng)}).id_)}, std::string{tt.str(tt.stop(tt::stop_idx{stop(rng)}).id_)},
                   time(rng), i + 1});
  }
  return out;
}

TEST(RunBatch, SameAnswersOnOneAndFourThreadsAndAsTheEngineGives) {
  auto const& tt = silk();
  routing::engine const e{tt};
  auto const q = random_queries(tt, 200, 7);
  auto const one = run(e, q, 1);
  auto const four = run(e, q, 4);
  EXPECT_EQ(arrivals(one), arrivals(four));
  auto state = routing::make_search_state();
  auto const date = test::day(2026, 6, 1);
  std::size_t reached = 0;
  for (std::size_t i = 0; i != q.size(); ++i) {
    auto const from = *tt.find_stop(q[i].from_id_);
    auto const to = *tt.find_stop(q[i].to_id_);
    if (tt.stop(from).type_ == tt::location_type::kStation || tt.stop(to).type_ == tt::location_type::kStation) {
      continue;  // stations stand for their stops; checked above
    }
    routing::query rq;
    rq.from_ = {{from, 0}};
    rq.to_ = {{to, 0}};
    auto const midnight = local_midnight(date, tt.tz_name(tt.stop(from).tz_));
    rq.time_ = midnight + q[i].departure_s_;
    auto const js = e.route(rq, *state);
    auto const expected = js.empty() ? kUnreachable : js.front().arrival_ - midnight;
    EXPECT_EQ(one.answers_[i].arrival_s_, expected) << q[i].from_id_ << " -> " << q[i].to_id_ << " at " << q[i].departure_s_;
    reached += expected >= 0 ? 1U : 0U;
  }
  EXPECT_GT(reached, 20U);  // the comparison covers journeys, not only unreachable pairs
}

TEST(RunBatch, RealFeedSameAnswersOnOneAndFourThreads) {
  auto const path = std::filesystem::path{std::getenv("CARAVAN_SHARED_DIR") != nullptr ? std::getenv("CARAVAN_SHARED_DIR")
                                                                                         : CARAVAN_SHARED_DIR} /
                    "gtfs" / "feeds" / "hk-mtr-highspeedrail.zip";
  if (!std::filesystem::exists(path)) {
    GTEST_SKIP() << path << " is not there";
  }
  progress quiet{false};
  auto loaded = gtfs::load(*gtfs::open_feed(path), {}, quiet);
  auto const tt = tt::timetable::from_data(std::move(loaded.data_));
  routing::engine const e{tt};
  auto const q = random_queries(tt, 300, 11);
  auto const date = tt.scalars().first_day_ + 1;
  auto const one = run(e, q, 1, date);
  auto const four = run(e, q, 4, date);
  EXPECT_EQ(arrivals(one), arrivals(four));
  EXPECT_GT(std::count_if(one.answers_.begin(), one.answers_.end(), [](auto const& a) { return a.arrival_s_ >= 0; }), 30);
}

TEST(Timing, MeanAndNearestRankPercentiles) {
  std::vector<std::int64_t> ns;
  for (std::int64_t i = 1; i <= 100; ++i) {
    ns.push_back(i * 1'000'000);  // 1 ms .. 100 ms
  }
  std::reverse(ns.begin(), ns.end());
  auto const s = summarize(ns);
  EXPECT_DOUBLE_EQ(s.mean_ms_, 50.5);
  EXPECT_DOUBLE_EQ(s.median_ms_, 50.0);
  EXPECT_DOUBLE_EQ(s.p90_ms_, 90.0);
  EXPECT_DOUBLE_EQ(s.p99_ms_, 99.0);
  auto const one = summarize(std::vector<std::int64_t>{3'000'000});
  EXPECT_DOUBLE_EQ(one.p99_ms_, 3.0);
  EXPECT_DOUBLE_EQ(summarize({}).mean_ms_, 0.0);
}

}  // namespace
}  // namespace caravan::planner

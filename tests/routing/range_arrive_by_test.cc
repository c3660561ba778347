// Arrive-by and range queries checked against the forward earliest-arrival search on real feeds, with
// seeded random queries (the forward search itself is checked against a reference in property_test.cc).
//   arrive-by: every answer arrives in time, and nothing with as few trips leaves later and still does;
//   range: every answer is the earliest arrival for its departure and number of trips, and every
//          departure in the window is matched or beaten by an answer.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <random>

#include "caravan/base/progress.h"
#include "caravan/gtfs/load.h"
#include "caravan/routing/raptor.h"

namespace caravan::routing {
namespace {

namespace fs = std::filesystem;

fs::path feed_path(std::string const& name) {
  char const* env = std::getenv("CARAVAN_SHARED_DIR");
  return fs::path{env != nullptr ? env : CARAVAN_SHARED_DIR} / "gtfs" / "feeds" / (name + ".zip");
}

struct loaded_feed {
  explicit loaded_feed(std::string const& name) : tt_{load(name)}, engine_{tt_} {
    // Stops some pattern serves: where queries can start and end.
    std::vector<bool> served(tt_.n_stops());
    for (auto const p : indices<tt::pattern_idx>(tt_.n_patterns())) {
      for (auto const& ps : tt_.pattern_stops(p)) {
        served[ps.stop().idx()] = true;
      }
    }
    for (std::uint32_t s = 0; s != tt_.n_stops(); ++s) {
      if (served[s]) {
        served_.push_back(stop_idx{s});
      }
    }
  }
  static tt::timetable load(std::string const& name) {
    progress quiet{false};
    auto r = gtfs::load(*gtfs::open_feed(feed_path(name)), {}, quiet);
    return tt::timetable::from_data(std::move(r.data_));
  }

  // The earliest arrival with at most `transfers` transfers, or nullopt.
  std::optional<std::int64_t> earliest(query q, std::uint8_t transfers) {
    q.arrive_by_ = false;
    q.window_s_ = 0;
    q.max_transfers_ = transfers;
    auto const js = engine_.route(q, *state_);
    return js.empty() ? std::nullopt : std::optional{js.front().arrival_};
  }

  tt::timetable tt_;
  engine engine_;
  std::vector<stop_idx> served_;
  std::unique_ptr<search_state, void (*)(search_state*)> state_ = make_search_state();
};

struct random_queries {
  random_queries(loaded_feed const& f, std::uint32_t seed) : f_{f}, rng_{seed} {
    // A day a week into the timetable: a regular weekday or weekend, well inside the calendar.
    day_start_ = f.tt_.service_day_start(tt::tz_idx{0U}, tt::day_idx{7U});
  }
  query next(std::int32_t horizon) {
    std::uniform_int_distribution<std::size_t> stop(0, f_.served_.size() - 1);
    std::uniform_int_distribution<std::int32_t> time(5 * 3600, 20 * 3600);
    query q;
    q.from_ = {{f_.served_[stop(rng_)], 0}};
    q.to_ = {{f_.served_[stop(rng_)], 0}};
    q.time_ = day_start_ + time(rng_);
    q.horizon_s_ = horizon;
    q.max_transfers_ = 4;
    return q;
  }
  loaded_feed const& f_;
  std::mt19937 rng_;
  std::int64_t day_start_;
};

class RangeAndArriveBy : public testing::TestWithParam<char const*> {};

TEST_P(RangeAndArriveBy, ArriveByIsTheLatestDepartureForEachNumberOfTrips) {
  if (!fs::exists(feed_path(GetParam()))) {
    GTEST_SKIP() << "no " << feed_path(GetParam()) << " (../shared beside the checkout)";
  }
  loaded_feed f{GetParam()};
  random_queries gen{f, 42};
  auto const horizon = 6 * 3600;
  int answered = 0;
  for (int i = 0; i != 60; ++i) {
    auto q = gen.next(horizon);
    q.arrive_by_ = true;
    auto const by = q.time_;
    auto const js = f.engine_.route(q, *f.state_);
    auto const show = [&](journey const& j) {
      std::cerr << "  dep " << (j.departure_ - by) << " arr " << (j.arrival_ - by) << " tr " << int{j.transfers_};
      for (auto const& l : j.legs_) {
        std::cerr << " [" << (l.kind_ == leg_kind::kTrip ? "trip " : "walk ") << l.from_.v() << "->" << l.to_.v() << " "
                  << (l.departure_ - by) << ".." << (l.arrival_ - by) << "]";
      }
      std::cerr << "\n";
    };
    for (std::uint8_t k = 0; k <= q.max_transfers_; ++k) {
      // The latest answer with at most k transfers.
      std::optional<std::int64_t> latest;
      for (auto const& j : js) {
        EXPECT_LE(j.arrival_, by);
        EXPECT_GE(j.departure_, by - horizon);
        if (j.transfers_ <= k && (!latest || j.departure_ > *latest)) {
          latest = j.departure_;
        }
      }
      auto fwd = q;
      fwd.horizon_s_ = 0;
      if (latest) {
        // Leaving then makes it; leaving a second later does not.
        fwd.time_ = *latest;
        fwd.horizon_s_ = static_cast<std::int32_t>(by - *latest) + 1;
        auto const a = f.earliest(fwd, k);
        if (!a && std::getenv("CARAVAN_DEBUG") != nullptr) {
          std::cerr << "arrive-by answers:\n";
          for (auto const& j : js) show(j);
          auto f2 = fwd;
          f2.max_transfers_ = 7;
          f2.horizon_s_ = 86400;
          f2.arrive_by_ = false;
          std::cerr << "forward from latest, k=7, 1 day:\n";
          for (auto const& j : f.engine_.route(f2, *f.state_)) show(j);
        }
        ASSERT_TRUE(a) << "query " << i << " k=" << int{k};
        EXPECT_LE(*a, by) << "query " << i << " k=" << int{k};
        fwd.time_ = *latest + 1;
        fwd.horizon_s_ = static_cast<std::int32_t>(by - fwd.time_) + 1;
        if (fwd.horizon_s_ > 0) {
          auto const later = f.earliest(fwd, k);
          EXPECT_TRUE(!later || *later > by) << "query " << i << " k=" << int{k} << ": a later departure arrives in time";
          if (later && *later <= by && std::getenv("CARAVAN_DEBUG") != nullptr) {
            std::cerr << "arrive-by answers:\n";
            for (auto const& j : js) show(j);
            auto f2 = fwd;
            f2.max_transfers_ = k;
            std::cerr << "forward from latest+1:\n";
            for (auto const& j : f.engine_.route(f2, *f.state_)) show(j);
          }
        }
      } else {
        // Nothing with k transfers: not even leaving at the start of the horizon.
        fwd.time_ = by - horizon;
        fwd.horizon_s_ = horizon;
        auto const a = f.earliest(fwd, k);
        EXPECT_TRUE(!a || *a > by) << "query " << i << " k=" << int{k} << ": arrive-by missed a journey";
      }
    }
    answered += js.empty() ? 0 : 1;
  }
  EXPECT_GT(answered, 10) << "too few queries had an answer to test anything";
}

TEST_P(RangeAndArriveBy, RangeAnswersAreExactAndCompleteOverTheWindow) {
  if (!fs::exists(feed_path(GetParam()))) {
    GTEST_SKIP() << "no " << feed_path(GetParam()) << " (../shared beside the checkout)";
  }
  loaded_feed f{GetParam()};
  random_queries gen{f, 7};
  auto const window = 2 * 3600;
  int answered = 0;
  for (int i = 0; i != 40; ++i) {
    auto q = gen.next(4 * 3600);
    q.window_s_ = window;
    auto const js = f.engine_.route(q, *f.state_);
    std::vector<std::int64_t> probes;
    for (std::int64_t t = q.time_; t <= q.time_ + window; t += 600) {
      probes.push_back(t);
    }
    for (std::size_t x = 0; x != js.size(); ++x) {
      auto const& j = js[x];
      EXPECT_GE(j.departure_, q.time_);  // may be after the window: what one would wait for
      if (x > 0) {
        EXPECT_LE(js[x - 1].departure_, j.departure_) << "not ordered by departure";
      }
      auto single = q;
      single.time_ = j.departure_;
      single.horizon_s_ = static_cast<std::int32_t>(q.time_ + window + q.horizon_s_ - j.departure_);
      EXPECT_EQ(f.earliest(single, j.transfers_), j.arrival_) << "query " << i << " journey " << x;
      probes.push_back(j.departure_ + 1);
    }
    for (auto const t : probes) {
      if (t > q.time_ + window) {
        continue;
      }
      auto single = q;
      single.time_ = t;
      single.horizon_s_ = static_cast<std::int32_t>(q.time_ + window + q.horizon_s_ - t);
      for (std::uint8_t k = 0; k <= q.max_transfers_; ++k) {
        auto const a = f.earliest(single, k);
        if (!a) {
          continue;
        }
        auto const covered = std::any_of(js.begin(), js.end(), [&](journey const& j) {
          if (j.n_trips() == 0) {
            return j.duration() <= *a - t;  // a walk can start at any time
          }
          return j.departure_ >= t && j.arrival_ <= *a && j.transfers_ <= k;
        });
        EXPECT_TRUE(covered) << "query " << i << ": leaving at +" << (t - q.time_) << " s with " << int{k}
                             << " transfers arrives at " << *a << ", better than every range answer";
        if (!covered && std::getenv("CARAVAN_DEBUG") != nullptr) {
          for (auto const& j : js) {
            std::cerr << "  answer dep +" << (j.departure_ - q.time_) << " arr " << j.arrival_ << " tr " << int{j.transfers_} << " legs " << j.legs_.size() << "\n";
          }
          auto single2 = single;
          single2.max_transfers_ = k;
          single2.window_s_ = 0;
          for (auto const& j : f.engine_.route(single2, *f.state_)) {
            std::cerr << "  single dep +" << (j.departure_ - q.time_) << " arr " << j.arrival_ << " tr " << int{j.transfers_};
            for (auto const& l : j.legs_) {
              std::cerr << " [" << (l.kind_ == leg_kind::kTrip ? "trip " : "walk ") << l.from_.v() << "->" << l.to_.v() << " " << (l.departure_ - q.time_) << ".." << (l.arrival_ - q.time_) << "]";
            }
            std::cerr << " from " << q.from_[0].stop_.v() << " to " << q.to_[0].stop_.v() << "\n";
          }
          return;
        }
      }
    }
    answered += js.empty() ? 0 : 1;
  }
  EXPECT_GT(answered, 5) << "too few queries had an answer to test anything";
}

// Closed stops (a country closed to the travellers): no journey gets off at one, walks to one or changes
// there, and closing stops loses nothing that avoided them: every open journey of the plain answer that
// never stops at a closed stop is matched or beaten (arrival, trips) by the closed search's answer.
TEST_P(RangeAndArriveBy, ClosedStopsAreAvoidedAndNothingThatAvoidsThemIsLost) {
  if (!fs::exists(feed_path(GetParam()))) {
    GTEST_SKIP() << "no " << feed_path(GetParam()) << " (../shared beside the checkout)";
  }
  loaded_feed f{GetParam()};
  random_queries gen{f, 7};
  std::uniform_int_distribution<std::size_t> stop(0, f.served_.size() - 1);
  int compared = 0;
  for (int i = 0; i != 160; ++i) {
    auto q = gen.next(12 * 3600);
    auto const plain = f.engine_.route(q, *f.state_);
    // Close a fiftieth of the served stops, and in every other query a stop the fastest plain journey
    // gets off at.
    std::vector<bool> closed(f.tt_.n_stops());
    for (std::size_t c = 0; c != f.served_.size() / 50; ++c) {
      closed[f.served_[stop(gen.rng_)].idx()] = true;
    }
    if (i % 2 == 1 && !plain.empty() && plain.front().legs_.size() > 1) {
      closed[plain.front().legs_.front().to_.idx()] = true;
    }
    closed[q.from_[0].stop_.idx()] = false;  // (an origin stays open in any case)
    for (std::uint32_t s = 0; s != f.tt_.n_stops(); ++s) {
      if (closed[s]) {
        q.closed_.push_back(stop_idx{s});
      }
    }
    auto const avoided = f.engine_.route(q, *f.state_);
    // Whether the traveller gets off at a closed stop (staying seated into a linked trip is not getting off).
    auto const stops_at_closed = [&](journey const& j) {
      for (std::size_t k = 0; k != j.legs_.size(); ++k) {
        auto const seated_on = k + 1 < j.legs_.size() && j.legs_[k + 1].stay_seated_;
        if (closed[j.legs_[k].to_.idx()] && !seated_on) {
          return true;
        }
      }
      return false;
    };
    for (auto const& j : avoided) {
      EXPECT_FALSE(stops_at_closed(j)) << "query " << i << ": a journey gets off at a closed stop";
    }
    for (auto const& j : plain) {
      if (stops_at_closed(j)) {
        continue;
      }
      ++compared;
      auto const matched = std::any_of(avoided.begin(), avoided.end(), [&](journey const& a) {
        return a.arrival_ <= j.arrival_ && a.transfers_ <= j.transfers_;
      });
      EXPECT_TRUE(matched) << "query " << i << ": an open journey of the plain answer is lost";
    }
  }
  EXPECT_GT(compared, 20);
}

INSTANTIATE_TEST_SUITE_P(Feeds, RangeAndArriveBy, testing::Values("carta", "sacrt"),
                         [](testing::TestParamInfo<char const*> const& p) { return std::string{p.param}; });

}  // namespace
}  // namespace caravan::routing

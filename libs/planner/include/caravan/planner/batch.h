#pragma once
// Many earliest-arrival queries at once, for programs and benchmarks. Input rows
//   from_stop_id,to_stop_id,departure_time     (header optional; departure_time HH:MM:SS, may pass 24:00)
// are local times on one date in the origin stop's zone. Answers, in input order:
//   qid,from_stop_id,to_stop_id,departure_s,arrival_s
// with both times in seconds since local midnight of that date in the origin stop's zone (elapsed
// seconds: on a DST day they differ from the wall clock after the jump), arrival_s the earliest arrival
// over the Pareto set, -1 when unreachable, -2 when a stop id is unknown. A station's id stands for
// the station and its stops. docs/planner.md has the details.
#include <cstdint>
#include <iosfwd>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "caravan/routing/raptor.h"

namespace caravan::planner {

constexpr std::int64_t kUnreachable = -1;
constexpr std::int64_t kUnknownStop = -2;
constexpr std::int32_t kMaxBatchDepartureS = 7 * 86'400;  // departure_time below 168:00:00

struct batch_query {
  std::string from_id_, to_id_;
  std::int32_t departure_s_{0};
  std::uint64_t line_{0};  // in the input, for messages
};

// Throws data_error naming file:line and what is wrong; blank lines are allowed and ignored.
std::vector<batch_query> read_batch(std::istream& in, std::string const& file_name);

struct batch_options {
  std::int32_t date_{0};  // days since 1970-01-01
  std::optional<std::int32_t> min_change_s_;  // given: applied everywhere (override_min_change_)
  bool footpaths_{true};
  std::uint8_t max_transfers_{7};
  unsigned threads_{1};
};

struct batch_answer {
  std::uint64_t qid_{0};  // 0-based position in the input
  std::string from_id_, to_id_;
  std::int64_t departure_s_{0}, arrival_s_{kUnreachable};
};

struct batch_result {
  std::vector<batch_answer> answers_;
  std::vector<std::int64_t> query_ns_;  // time each query took, in input order
  double wall_s_{0};
};

// Each thread owns a search_state; the engine is shared. Throws query_error("date") for a date outside
// the timetable, and data_error naming file and line should the engine reject a query.
batch_result run_batch(routing::engine const& engine,
                       std::vector<batch_query> const& queries,
                       batch_options const& opt,
                       std::string const& file_name);

void write_batch_answers(std::ostream& out, std::span<batch_answer const> answers);

struct timing_summary {
  double mean_ms_{0}, median_ms_{0}, p90_ms_{0}, p99_ms_{0};
};
// Percentiles by nearest rank; all zero for no samples.
timing_summary summarize(std::span<std::int64_t const> ns);

}  // namespace caravan::planner

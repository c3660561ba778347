#pragma once
// Request counters for GET /metrics, in the Prometheus text format: requests by route and status,
// a latency histogram by route, errors by route and code, and plan queries by kind.
//
// Thread safety: all methods may be called from any thread at once (one mutex; a request records once).
#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>

namespace caravan::server {

class metrics {
 public:
  // Latency bucket bounds in seconds (the last bucket, +Inf, is implied).
  static constexpr std::array<double, 12> kBuckets{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                   0.1,   0.25,   0.5,   1,    2.5,   10};

  // `route` is the route pattern ("/api/v1/stops/{id}"), never the raw path, so labels stay few.
  void record(std::string_view route, unsigned status, double seconds);
  void record_error(std::string_view route, std::string_view code);
  void record_query(std::string_view kind);  // depart, arrive_by, range
  void connection_opened();
  void connection_closed();
  void connection_refused(std::string_view reason);  // over the total or per-client limit
  void accept_failed();                               // accept() failed (EMFILE ...): paused
  void queue_length(std::size_t n);                   // requests waiting for a worker now
  void log_lines_dropped(std::uint64_t n);            // access-log lines over the rate limit

  std::string prometheus() const;

 private:
  struct histogram {
    std::array<std::uint64_t, kBuckets.size() + 1> counts_{};
    double sum_{0};
    std::uint64_t n_{0};
  };
  mutable std::mutex m_;
  std::map<std::pair<std::string, unsigned>, std::uint64_t, std::less<>> requests_;
  std::map<std::string, histogram, std::less<>> latency_;
  std::map<std::pair<std::string, std::string>, std::uint64_t, std::less<>> errors_;
  std::map<std::string, std::uint64_t, std::less<>> queries_;
  std::int64_t open_connections_{0};
  std::uint64_t connections_{0};
  std::map<std::string, std::uint64_t, std::less<>> refused_;
  std::uint64_t accept_failures_{0};
  std::size_t queue_length_{0};
  std::uint64_t log_lines_dropped_{0};
};

}  // namespace caravan::server

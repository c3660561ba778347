#include "caravan/server/metrics.h"

#include <fmt/format.h>

namespace caravan::server {

void metrics::record(std::string_view route, unsigned status, double seconds) {
  std::lock_guard const lock{m_};
  ++requests_[{std::string{route}, status}];
  auto it = latency_.find(route);
  if (it == latency_.end()) {
    it = latency_.emplace(std::string{route}, histogram{}).first;
  }
  auto& h = it->second;
  std::size_t b = 0;
  while (b != kBuckets.size() && seconds > kBuckets[b]) {
    ++b;
  }
  ++h.counts_[b];
  h.sum_ += seconds;
  ++h.n_;
}

void metrics::record_error(std::string_view route, std::string_view code) {
  std::lock_guard const lock{m_};
  ++errors_[{std::string{route}, std::string{code}}];
}

void metrics::record_query(std::string_view kind) {
  std::lock_guard const lock{m_};
  auto it = queries_.find(kind);
  if (it == queries_.end()) {
    it = queries_.emplace(std::string{kind}, 0).first;
  }
  ++it->second;
}

void metrics::connection_opened() {
  std::lock_guard const lock{m_};
  ++open_connections_;
  ++connections_;
}

void metrics::connection_closed() {
  std::lock_guard const lock{m_};
  --open_connections_;
}

void metrics::connection_refused(std::string_view reason) {
  std::lock_guard const lock{m_};
  auto it = refused_.find(reason);
  if (it == refused_.end()) {
    it = refused_.emplace(std::string{reason}, 0).first;
  }
  ++it->second;
}

void metrics::accept_failed() {
  std::lock_guard const lock{m_};
  ++accept_failures_;
}

void metrics::queue_length(std::size_t n) {
  std::lock_guard const lock{m_};
  queue_length_ = n;
}

void metrics::log_lines_dropped(std::uint64_t n) {
  std::lock_guard const lock{m_};
  log_lines_dropped_ += n;
}

std::string metrics::prometheus() const {
  std::lock_guard const lock{m_};
  std::string out;
  out += "# HELP caravan_http_requests_total HTTP requests answered, by route pattern and status.\n";
  out += "# TYPE caravan_http_requests_total counter\n";
  for (auto const& [key, n] : requests_) {
    out += fmt::format("caravan_http_requests_total{{route=\"{}\",status=\"{}\"}} {}\n", key.first,
                       key.second, n);
  }
  out +=
      "# HELP caravan_http_request_duration_seconds Time to answer a request (handler only), by route "
      "pattern.\n";
  out += "# TYPE caravan_http_request_duration_seconds histogram\n";
  for (auto const& [route, h] : latency_) {
    std::uint64_t cumulative = 0;
    for (std::size_t b = 0; b != kBuckets.size(); ++b) {
      cumulative += h.counts_[b];
      out += fmt::format("caravan_http_request_duration_seconds_bucket{{route=\"{}\",le=\"{}\"}} {}\n", route,
                         kBuckets[b], cumulative);
    }
    cumulative += h.counts_.back();
    out += fmt::format("caravan_http_request_duration_seconds_bucket{{route=\"{}\",le=\"+Inf\"}} {}\n", route,
                       cumulative);
    out += fmt::format("caravan_http_request_duration_seconds_sum{{route=\"{}\"}} {:.6f}\n", route, h.sum_);
    out += fmt::format("caravan_http_request_duration_seconds_count{{route=\"{}\"}} {}\n", route, h.n_);
  }
  out += "# HELP caravan_http_errors_total Error responses, by route pattern and error code.\n";
  out += "# TYPE caravan_http_errors_total counter\n";
  for (auto const& [key, n] : errors_) {
    out +=
        fmt::format("caravan_http_errors_total{{route=\"{}\",code=\"{}\"}} {}\n", key.first, key.second, n);
  }
  out += "# HELP caravan_plan_queries_total Journey searches run by the plan endpoint, by kind.\n";
  out += "# TYPE caravan_plan_queries_total counter\n";
  for (auto const& [kind, n] : queries_) {
    out += fmt::format("caravan_plan_queries_total{{kind=\"{}\"}} {}\n", kind, n);
  }
  out +=
      "# HELP caravan_http_connections_open Connections open now.\n# TYPE caravan_http_connections_open "
      "gauge\n";
  out += fmt::format("caravan_http_connections_open {}\n", open_connections_);
  out +=
      "# HELP caravan_http_connections_total Connections accepted.\n# TYPE caravan_http_connections_total "
      "counter\n";
  out += fmt::format("caravan_http_connections_total {}\n", connections_);
  out +=
      "# HELP caravan_http_connections_refused_total Connections answered 503 at once, by the limit they "
      "were over (total, per_client).\n# TYPE caravan_http_connections_refused_total counter\n";
  for (auto const& [reason, n] : refused_) {
    out += fmt::format("caravan_http_connections_refused_total{{limit=\"{}\"}} {}\n", reason, n);
  }
  out +=
      "# HELP caravan_http_accept_failures_total Failed accepts (out of file descriptors), each followed by "
      "a pause.\n# TYPE caravan_http_accept_failures_total counter\n";
  out += fmt::format("caravan_http_accept_failures_total {}\n", accept_failures_);
  out +=
      "# HELP caravan_http_queue_length Requests waiting for a worker.\n# TYPE caravan_http_queue_length "
      "gauge\n";
  out += fmt::format("caravan_http_queue_length {}\n", queue_length_);
  out +=
      "# HELP caravan_access_log_lines_dropped_total Access-log lines not written (over the rate "
      "limit).\n# TYPE caravan_access_log_lines_dropped_total counter\n";
  out += fmt::format("caravan_access_log_lines_dropped_total {}\n", log_lines_dropped_);
  return out;
}

}  // namespace caravan::server

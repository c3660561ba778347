#pragma once
// The workers that answer heavy routes (searches, checks): a fixed number of threads taking jobs from a
// bounded queue. try_post refuses a job when the queue is full, or when the jobs already waiting would
// keep it waiting past `max_wait` at the pace jobs have been taking (a moving average of their
// durations), so a burst of expensive requests is answered 503 at once instead of waiting out its
// deadline in the queue; the I/O thread never waits for a job.
//
// Thread safety: try_post and waiting from any thread; start and stop from the controlling thread.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace caravan::server {

class work_pool {
 public:
  work_pool(std::size_t queue_limit, std::chrono::nanoseconds max_wait)
      : limit_{queue_limit}, max_wait_{max_wait} {}
  ~work_pool() { stop(); }
  work_pool(work_pool const&) = delete;
  work_pool& operator=(work_pool const&) = delete;

  void start(unsigned threads) {
    for (unsigned t = 0; t != threads; ++t) {
      threads_.emplace_back([this] { run(); });
    }
  }

  // A job returns whether its duration tells the pace of the work (false for one answered without doing
  // it: it waited past its deadline). It never throws.
  using job_fn = std::function<bool()>;

  // False when `queue_limit` jobs would be waiting with every worker busy (the job is not taken).
  bool try_post(job_fn job) {
    {
      std::lock_guard const lock{m_};
      auto const waiting = q_.size() > idle_ ? q_.size() - idle_ : 0;
      if (q_.size() >= limit_ + idle_ || stop_ ||
          (waiting != 0 && average_ * static_cast<std::int64_t>(waiting) >=
                               max_wait_ * static_cast<std::int64_t>(threads_.size()))) {
        return false;
      }
      q_.push_back(std::move(job));
    }
    cv_.notify_one();
    return true;
  }

  // Jobs no worker has taken yet.
  std::size_t waiting() const {
    std::lock_guard const lock{m_};
    return q_.size() > idle_ ? q_.size() - idle_ : 0;
  }

  // Runs the jobs still waiting, then joins the threads.
  void stop() {
    {
      std::lock_guard const lock{m_};
      stop_ = true;
    }
    cv_.notify_all();
    for (auto& t : threads_) {
      if (t.joinable()) {
        t.join();
      }
    }
    threads_.clear();
  }

 private:
  void run() {
    while (true) {
      job_fn job;
      {
        std::unique_lock lock{m_};
        ++idle_;
        cv_.wait(lock, [&] { return stop_ || !q_.empty(); });
        --idle_;
        if (q_.empty()) {
          return;  // stopping, and nothing left
        }
        job = std::move(q_.front());
        q_.pop_front();
      }
      auto const began = std::chrono::steady_clock::now();
      if (!job()) {
        continue;
      }
      auto const took = std::chrono::steady_clock::now() - began;
      std::lock_guard const lock{m_};
      average_ = average_.count() == 0 ? took : (average_ * 7 + took) / 8;
    }
  }

  std::size_t limit_;
  mutable std::mutex m_;
  std::condition_variable cv_;
  std::deque<job_fn> q_;
  bool stop_{false};
  std::size_t idle_{0};  // workers waiting for a job
  std::chrono::nanoseconds max_wait_;
  std::chrono::steady_clock::duration average_{0};  // of the jobs' durations, 1/8 weight to the latest
  std::vector<std::thread> threads_;
};

}  // namespace caravan::server

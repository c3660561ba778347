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
    {
      std::lock_guard const lock{m_};
      n_threads_ = threads;  // counted free from now, before the threads reach their first wait
    }
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
      auto const free = n_threads_ - busy_;  // workers not running a job (started or not yet)
      auto const waiting = q_.size() > free ? q_.size() - free : 0;
      if (q_.size() >= limit_ + free || stop_ ||
          (waiting != 0 && average_ * static_cast<std::int64_t>(waiting) >=
                               max_wait_ * static_cast<std::int64_t>(n_threads_))) {
        return false;
      }
      q_.push_back(std::move(job));
    }
    cv_.notify_one();
    return true;
  }

  // Jobs no worker has taken yet, beyond those the idle workers are about to take.
  std::size_t waiting() const {
    std::lock_guard const lock{m_};
    auto const free = n_threads_ - busy_;
    return q_.size() > free ? q_.size() - free : 0;
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
        cv_.wait(lock, [&] { return stop_ || !q_.empty(); });
        if (q_.empty()) {
          return;  // stopping, and nothing left
        }
        job = std::move(q_.front());
        q_.pop_front();
        ++busy_;
      }
      auto const began = std::chrono::steady_clock::now();
      bool const counts = job();
      auto const took = std::chrono::steady_clock::now() - began;
      std::lock_guard const lock{m_};
      --busy_;
      if (counts) {
        average_ = average_.count() == 0 ? took : (average_ * 7 + took) / 8;
      }
    }
  }

  std::size_t limit_;
  mutable std::mutex m_;
  std::condition_variable cv_;
  std::deque<job_fn> q_;
  bool stop_{false};
  std::size_t n_threads_{0};
  std::size_t busy_{0};  // workers running a job
  std::chrono::nanoseconds max_wait_;
  std::chrono::steady_clock::duration average_{0};  // of the jobs' durations, 1/8 weight to the latest
  std::vector<std::thread> threads_;
};

}  // namespace caravan::server

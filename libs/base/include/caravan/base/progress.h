#pragma once
// Progress for long-running commands: a line on stderr that is redrawn in place on a terminal and
// printed at most every few seconds otherwise (CI logs). Silent when disabled.
#include <chrono>
#include <cstdint>
#include <string>

namespace caravan {

class progress {
 public:
  explicit progress(bool enabled);
  // Starts a phase; `total` 0 means unknown (a count is shown instead of a percentage).
  void start(std::string phase, std::uint64_t total = 0);
  void update(std::uint64_t done);
  void finish();
  bool enabled() const { return enabled_; }

 private:
  void print(bool final);

  bool enabled_;
  bool tty_;
  std::string phase_;
  std::uint64_t total_{0};
  std::uint64_t done_{0};
  std::chrono::steady_clock::time_point started_{};
  std::chrono::steady_clock::time_point last_print_{};
};

}  // namespace caravan

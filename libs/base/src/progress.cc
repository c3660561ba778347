#include "caravan/base/progress.h"

#include <unistd.h>

#include <cstdio>

#include <fmt/format.h>

namespace caravan {

progress::progress(bool enabled) : enabled_{enabled}, tty_{enabled && isatty(STDERR_FILENO) != 0} {}

void progress::start(std::string phase, std::uint64_t total) {
  if (!enabled_) {
    return;
  }
  phase_ = std::move(phase);
  total_ = total;
  done_ = 0;
  started_ = last_print_ = std::chrono::steady_clock::now();
  if (tty_) {
    print(false);
  }
}

void progress::update(std::uint64_t done) {
  if (!enabled_) {
    return;
  }
  done_ = done;
  auto const now = std::chrono::steady_clock::now();
  auto const every = tty_ ? std::chrono::milliseconds{200} : std::chrono::milliseconds{5000};
  if (now - last_print_ >= every) {
    last_print_ = now;
    print(false);
  }
}

void progress::finish() {
  if (!enabled_) {
    return;
  }
  if (total_ != 0) {
    done_ = total_;
  }
  // In logs, phases that were over in a moment are not worth a line.
  if (tty_ || std::chrono::steady_clock::now() - started_ >= std::chrono::seconds{1}) {
    print(true);
  }
}

void progress::print(bool final) {
  auto const secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
  std::string line;
  if (total_ != 0) {
    line = fmt::format("{}: {:5.1f}% ({} of {}) {:.1f}s", phase_, 100.0 * static_cast<double>(done_) /
                                                                   static_cast<double>(total_),
                       done_, total_, secs);
  } else {
    line = fmt::format("{}: {} {:.1f}s", phase_, done_, secs);
  }
  if (tty_) {
    std::fprintf(stderr, "\r\033[K%s%s", line.c_str(), final ? "\n" : "");
  } else {
    std::fprintf(stderr, "%s\n", line.c_str());
  }
  std::fflush(stderr);
}

}  // namespace caravan

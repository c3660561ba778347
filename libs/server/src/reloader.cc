#include "caravan/server/reloader.h"

#include <fmt/format.h>
#include <sys/stat.h>

#include <exception>

namespace caravan::server {

std::optional<file_identity> identify(std::filesystem::path const& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    return std::nullopt;
  }
  return file_identity{static_cast<std::uint64_t>(st.st_dev), static_cast<std::uint64_t>(st.st_ino),
                       static_cast<std::uint64_t>(st.st_size),
                       static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec};
}

reloader::reloader(caravan_api& api, std::filesystem::path watched, load_fn load, log_fn log)
    : api_{api},
      watched_{std::move(watched)},
      load_{std::move(load)},
      log_{std::move(log)},
      served_{identify(watched_)},
      seen_{served_} {}

void reloader::poll() {
  auto const now = identify(watched_);
  bool const settled = now == seen_;
  seen_ = now;
  // A file being written changes between polls: wait until it stays the same for one.
  if (now && now != served_ && settled) {
    reload();
  }
}

bool reloader::reload() {
  auto const before = identify(watched_);
  try {
    auto data = load_();
    api_.set_data(std::move(data));
    served_ = before;
    auto const d = api_.data();
    log_(fmt::format("reloaded {}: {} stops, {} trips, version `{}`", watched_.string(),
                     d->timetable().n_stops(), d->timetable().n_trips(),
                     d->timetable().meta("feed_version")));
    return true;
  } catch (std::exception const& e) {
    served_ = before;  // not tried again until it changes
    log_(fmt::format("reload refused, still serving the data loaded before: {}", e.what()));
    return false;
  }
}

}  // namespace caravan::server

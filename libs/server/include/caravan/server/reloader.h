#pragma once
// Replacing the data under a running server (docs/server.md, "Replacing the snapshot"): the snapshot
// file is watched by its identity (device, inode, size, modification time); when it changed and has
// stayed the same for one poll, or on request (SIGHUP), the data is loaded again, checked whole (the
// snapshot's checksum and verifier), and swapped in with caravan_api::set_data. Requests in flight
// finish on the data they started with. A file that cannot be loaded (truncated, being written,
// corrupt) is refused and logged, the data already served stays, and the same file is not tried again
// until it changes.
//
// Thread safety: one thread calls poll() and reload(); the API is read by any number meanwhile.
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "caravan/server/api.h"

namespace caravan::server {

struct file_identity {
  std::uint64_t device_{0}, inode_{0}, size_{0};
  std::int64_t modified_ns_{0};
  friend bool operator==(file_identity const&, file_identity const&) = default;
};

// The identity of the file at `path` now (following links); nullopt when it cannot be read.
std::optional<file_identity> identify(std::filesystem::path const& path);

class reloader {
 public:
  using load_fn = std::function<std::shared_ptr<loaded_data const>()>;
  using log_fn = std::function<void(std::string const&)>;

  // `load` reads `watched` (and what goes with it); it throws what timetable::load throws. The identity
  // of `watched` now is taken as that of the data already served.
  reloader(caravan_api& api, std::filesystem::path watched, load_fn load, log_fn log);

  // Called every second or so: reloads when the file changed and has stayed as it is since the last call.
  void poll();

  // Reloads now, whatever the file's identity; true when the new data is served.
  bool reload();

 private:
  caravan_api& api_;
  std::filesystem::path watched_;
  load_fn load_;
  log_fn log_;
  std::optional<file_identity> served_;  // what the data served was loaded from (or last refused)
  std::optional<file_identity> seen_;    // at the last poll
};

}  // namespace caravan::server

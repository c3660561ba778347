#pragma once
// The web app's built files (web/dist, docs/web.md), read into memory once at start and served at `/`
// next to the API (docs/server.md, "The web app"). A request can only ever name a file that was read,
// so no request reaches the file system: `..`, encoded `%2e%2e` and absolute paths find nothing, and
// files behind symlinks that lead out of the folder are not read at all.
//
// Thread safety: immutable after load(); answer() from any number of threads.
#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_map>

#include "caravan/server/service.h"

namespace caravan::server {

struct static_file {
  std::string content_type;
  std::string cache_control;
  std::string body;
  std::string gzip_body;  // compressed once at load; empty for formats already compressed (png, woff2)
};

class static_files {
 public:
  static constexpr std::size_t kMaxFiles = 4096;
  static constexpr std::size_t kMaxBytes = 64U << 20U;  // what the folder may hold in all, in memory twice at most

  // Reads every regular file under `root` (symlinks are followed only while they stay inside it). Throws
  // std::runtime_error naming the folder when it is not one, has no index.html, or holds more than
  // kMaxFiles files or kMaxBytes bytes.
  static static_files load(std::filesystem::path const& root);

  // The answer to GET `target`: the file at its path; index.html (not cached) for any other path whose
  // last segment has no dot (the app's own routes, /plan?...); 404 for a missing file (/assets/x.js,
  // /favicon.ico) or a path with `.` or `..` segments.
  api_response answer(request_target const& target) const;

  std::size_t files() const { return files_.size(); }
  // A file's bytes by its path ("/basemap/land.geojson"), or null.
  std::string const* body_of(std::string const& path) const {
    auto const it = files_.find(path);
    return it == files_.end() ? nullptr : &it->second.body;
  }
  std::size_t bytes() const { return bytes_; }

 private:
  std::unordered_map<std::string, static_file> files_;  // "/assets/index-4f2a.js" -> file
  std::size_t bytes_{0};
};

// The content type for a file name's extension ("application/octet-stream" when unknown).
std::string_view content_type_of(std::string_view file_name);

}  // namespace caravan::server

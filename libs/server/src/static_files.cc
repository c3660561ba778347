#include "caravan/server/static_files.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <utility>

#include "caravan/server/compress.h"

namespace caravan::server {

namespace fs = std::filesystem;

namespace {

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool inside(fs::path const& path, fs::path const& root) {
  auto const rel = path.lexically_relative(root);
  return !rel.empty() && *rel.begin() != ".." && !rel.is_absolute();
}

}  // namespace

std::string_view content_type_of(std::string_view file_name) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 16> kTypes{{
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".webmanifest", "application/manifest+json"},
      {".map", "application/json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".webp", "image/webp"},
      {".ico", "image/x-icon"},
      {".woff2", "font/woff2"},
      {".woff", "font/woff"},
      {".txt", "text/plain; charset=utf-8"},
      {".geojson", "application/geo+json"},
  }};
  for (auto const& [ext, type] : kTypes) {
    if (ends_with(file_name, ext)) {
      return type;
    }
  }
  return "application/octet-stream";
}

static_files static_files::load(fs::path const& root_in) {
  std::error_code ec;
  auto const root = fs::canonical(root_in, ec);
  if (ec || !fs::is_directory(root)) {
    throw std::runtime_error{fmt::format("{}: not a folder of the web app's built files (npm run build in web/, "
                                         "or set --web)",
                                         root_in.string())};
  }
  static_files out;
  for (auto it = fs::recursive_directory_iterator{root, fs::directory_options::skip_permission_denied};
       it != fs::recursive_directory_iterator{}; ++it) {
    auto const real = fs::canonical(it->path(), ec);
    if (ec || !inside(real, root)) {
      if (it->is_directory(ec)) {
        it.disable_recursion_pending();
      }
      continue;  // a symlink out of the folder (or a broken one): never served
    }
    if (!fs::is_regular_file(real)) {
      continue;
    }
    auto const name = it->path().filename().string();
    if (out.files_.size() == kMaxFiles) {
      throw std::runtime_error{fmt::format("{}: more than {} files", root.string(), kMaxFiles)};
    }
    std::ifstream in{real, std::ios::binary};
    std::ostringstream body;
    body << in.rdbuf();
    static_file f;
    f.body = std::move(body).str();
    f.content_type = content_type_of(name);
    auto const rel = it->path().lexically_relative(root).generic_string();
    // Vite names what it builds under assets/ by a hash of the content: such a name never changes meaning.
    f.cache_control = rel.starts_with("assets/") ? "public, max-age=31536000, immutable" : "no-cache";
    auto const precompressed = ends_with(name, ".png") || ends_with(name, ".woff2") || ends_with(name, ".woff") ||
                               ends_with(name, ".jpg") || ends_with(name, ".webp") || ends_with(name, ".gz");
    if (!precompressed && f.body.size() >= 256) {
      f.gzip_body = gzip(f.body);
    }
    out.bytes_ += f.body.size() + f.gzip_body.size();
    if (out.bytes_ > kMaxBytes) {
      throw std::runtime_error{fmt::format("{}: over {} MiB of files", root.string(), kMaxBytes >> 20U)};
    }
    out.files_.emplace("/" + rel, std::move(f));
  }
  if (!out.files_.contains("/index.html")) {
    throw std::runtime_error{fmt::format("{}: no index.html (build the web app: npm run build in web/)", root.string())};
  }
  return out;
}

api_response static_files::answer(request_target const& target) const {
  std::string path;
  for (auto const& s : target.segments) {
    // Each segment is decoded on its own: `%2e%2e` is `..` here and `%2F` a slash inside one segment.
    if (s == "." || s == ".." || s.find('/') != std::string::npos || s.find('\\') != std::string::npos) {
      return error_response(error_code::kNotFound, "no such file");
    }
    path += '/';
    path += s;
  }
  auto const to_response = [](static_file const& f) {
    api_response r = ok(f.content_type, f.body);
    r.headers.emplace_back("Cache-Control", f.cache_control);
    r.gzip_body = f.gzip_body;
    r.compressible = !f.gzip_body.empty();
    return r;
  };
  if (auto const it = files_.find(path); it != files_.end() && !path.ends_with("/")) {
    return to_response(it->second);
  }
  auto const last = target.segments.empty() ? std::string{} : target.segments.back();
  if (last.find('.') != std::string::npos || path.starts_with("/assets/")) {
    return error_response(error_code::kNotFound, "no such file");
  }
  return to_response(files_.at("/index.html"));
}

}  // namespace caravan::server

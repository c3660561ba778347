#include "caravan/server/compress.h"

#include <zlib.h>

#include <stdexcept>

#include "caravan/base/text.h"

namespace caravan::server {

std::string gzip(std::string_view data) {
  z_stream zs{};
  // windowBits 15 + 16: a gzip header and trailer instead of zlib's.
  if (deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    throw std::runtime_error{"zlib: deflateInit2 failed"};
  }
  std::string out;
  out.resize(deflateBound(&zs, static_cast<uLong>(data.size())) + 32);
  // zlib's API takes non-const input it does not write to.
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  auto const rc = deflate(&zs, Z_FINISH);
  auto const n = zs.total_out;
  deflateEnd(&zs);
  if (rc != Z_STREAM_END) {
    throw std::runtime_error{"zlib: deflate did not finish"};
  }
  out.resize(n);
  return out;
}

bool accepts_gzip(std::string_view accept_encoding) {
  std::string_view rest = accept_encoding;
  while (!rest.empty()) {
    auto const comma = rest.find(',');
    auto item = trim(rest.substr(0, comma));
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    auto const semi = item.find(';');
    auto const name = trim(item.substr(0, semi));
    auto const n = ascii_lower(name);
    if (n != "gzip" && n != "x-gzip") {
      continue;
    }
    if (semi == std::string_view::npos) {
      return true;
    }
    auto const params = ascii_lower(trim(item.substr(semi + 1)));
    if (params.rfind("q=", 0) == 0) {
      auto const q = parse_double(trim(std::string_view{params}.substr(2)));
      return q && *q > 0;
    }
    return true;
  }
  return false;
}

}  // namespace caravan::server

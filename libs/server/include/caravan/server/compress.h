#pragma once
// gzip for response bodies (zlib), and reading Accept-Encoding.
#include <string>
#include <string_view>

namespace caravan::server {

// The gzip stream (RFC 1952) of `data`.
std::string gzip(std::string_view data);

// Whether an Accept-Encoding value accepts gzip: a `gzip` (or `x-gzip`) token whose q is not 0.
bool accepts_gzip(std::string_view accept_encoding);

}  // namespace caravan::server

#pragma once
// Where a feed's files come from: a folder, a zip archive or memory (tests). The readers only see
// byte streams, so they work the same on all three.
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "caravan/csv/stream.h"

namespace caravan::gtfs {

class feed_source {
 public:
  virtual ~feed_source() = default;
  // File names at the feed's top level (e.g. "stops.txt").
  virtual std::vector<std::string> files() const = 0;
  virtual bool has(std::string const& name) const;
  // nullptr if the file does not exist.
  virtual std::unique_ptr<csv::byte_stream> open(std::string const& name) const = 0;
  // What to call the feed in messages.
  virtual std::string description() const = 0;
};

// A folder or a zip archive. When the files are not at the top but in exactly one sub-folder (a common
// way zips are made), that folder is used. Throws data_error if `path` is neither.
std::unique_ptr<feed_source> open_feed(std::filesystem::path const& path);

// Files held in memory: name -> content.
std::unique_ptr<feed_source> memory_feed(std::map<std::string, std::string> files);

}  // namespace caravan::gtfs

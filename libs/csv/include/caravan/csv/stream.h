#pragma once
// The byte streams the CSV reader reads: a GTFS feed's files (folder, zip: libs/gtfs/source.h) or a
// string in memory (tests, fuzzing, files read whole).
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace caravan::csv {

class byte_stream {
 public:
  virtual ~byte_stream() = default;
  // Reads up to n bytes; returns 0 only at the end. Throws data_error on I/O errors.
  virtual std::size_t read(char* buf, std::size_t n) = 0;
  // Total size in bytes if known (for progress), else 0.
  virtual std::uint64_t size() const = 0;
};

// A stream over a string.
std::unique_ptr<byte_stream> memory_stream(std::string content);

}  // namespace caravan::csv

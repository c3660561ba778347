#pragma once
// What an import found: rows read per file, warnings by kind with a few examples (file:line), notes on
// what was ignored, and what was skipped and why. Printed at the end of `caravan import`.
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "caravan/base/error.h"
#include "caravan/csv/reader.h"

namespace caravan::gtfs {

struct import_report final : csv::warning_sink {
  static constexpr std::size_t kMaxExamples = 5;

  struct warning_kind {
    std::uint64_t count_{0};
    std::vector<std::string> examples_;
  };

  void warn(std::string_view kind, source_location const& where, std::string_view message) override;
  void note(std::string message) { notes_.push_back(std::move(message)); }
  void skipped(std::string_view what, std::uint64_t n = 1) { skipped_[std::string{what}] += n; }

  std::uint64_t warnings(std::string_view kind) const;
  std::uint64_t total_warnings() const;
  std::string to_string() const;

  std::map<std::string, std::uint64_t> rows_;  // file -> data rows read
  std::map<std::string, warning_kind> warnings_;
  std::map<std::string, std::uint64_t> skipped_;
  std::map<std::string, std::uint64_t> counts_;  // what the timetable holds: stops, trips, ...
  std::vector<std::string> notes_;
};

}  // namespace caravan::gtfs

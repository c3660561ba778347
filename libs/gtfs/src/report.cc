#include "caravan/gtfs/report.h"

#include <fmt/format.h>

namespace caravan::gtfs {

void import_report::warn(std::string_view kind, source_location const& where, std::string_view message) {
  auto& k = warnings_[std::string{kind}];
  ++k.count_;
  if (k.examples_.size() < kMaxExamples) {
    k.examples_.push_back(fmt::format("{}: {}", where.to_string(), message));
  }
}

std::uint64_t import_report::warnings(std::string_view kind) const {
  auto const it = warnings_.find(std::string{kind});
  return it == warnings_.end() ? 0 : it->second.count_;
}

std::uint64_t import_report::total_warnings() const {
  std::uint64_t n = 0;
  for (auto const& [_, k] : warnings_) {
    n += k.count_;
  }
  return n;
}

std::string import_report::to_string() const {
  std::string out = "rows read:\n";
  for (auto const& [file, n] : rows_) {
    out += fmt::format("  {:<24}{:>12}\n", file, n);
  }
  out += "timetable:\n";
  for (auto const& [what, n] : counts_) {
    out += fmt::format("  {:<24}{:>12}\n", what, n);
  }
  if (!skipped_.empty()) {
    out += "skipped:\n";
    for (auto const& [what, n] : skipped_) {
      out += fmt::format("  {:>8}  {}\n", n, what);
    }
  }
  if (warnings_.empty()) {
    out += "warnings: none\n";
  } else {
    out += fmt::format("warnings: {}\n", total_warnings());
    for (auto const& [kind, k] : warnings_) {
      out += fmt::format("  {} ({}), e.g.\n", kind, k.count_);
      for (auto const& e : k.examples_) {
        out += fmt::format("    {}\n", e);
      }
    }
  }
  for (auto const& n : notes_) {
    out += fmt::format("note: {}\n", n);
  }
  return out;
}

}  // namespace caravan::gtfs

#pragma once
// The snapshot's on-disk layout (docs/timetable-format.md), shared by the writer and the reader, and
// public for tools and tests that inspect or craft snapshot files (the fuzz target, file_test).
#include <cstdint>
#include <span>

namespace caravan::tt::detail {

constexpr std::uint32_t kEndianCheck = 0x01020304U;
constexpr std::uint64_t kColumnAlignment = 64U;

struct file_header {
  char magic_[8];
  std::uint32_t format_version_;
  std::uint32_t endian_check_;
  std::uint64_t file_size_;
  std::uint64_t checksum_;  // XXH3-64 of the whole file, this field read as zero (format version 4)
  std::int32_t first_day_;
  std::uint32_t n_days_;
  std::uint32_t bitfield_words_;
  std::uint32_t n_columns_;
  std::uint8_t reserved_[16];
};
static_assert(sizeof(file_header) == 64);

struct column_entry {
  char name_[40];
  std::uint64_t offset_;
  std::uint64_t bytes_;
  std::uint32_t element_size_;
  std::uint32_t reserved_;
};
static_assert(sizeof(column_entry) == 64);

// Byte offsets of the header fields that docs/timetable-format.md names.
constexpr std::uint64_t kChecksumOffset = 24;
constexpr std::uint64_t kFirstDayOffset = 32;
constexpr std::uint64_t kBitfieldWordsOffset = 40;

// The checksum a whole snapshot file must carry in its header: XXH3-64 over every byte, the checksum
// field read as zero. `file` must hold at least the header.
std::uint64_t snapshot_checksum(std::span<char const> file);
// Stores snapshot_checksum(file) in the file's header (tests and the fuzz target craft files with it).
void seal_snapshot(std::span<char> file);

}  // namespace caravan::tt::detail

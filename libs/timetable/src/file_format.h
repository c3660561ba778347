#pragma once
// On-disk layout shared by the writer and the reader (private to the timetable library).
#include <cstdint>

namespace caravan::tt::detail {

constexpr std::uint32_t kEndianCheck = 0x01020304U;
constexpr std::uint64_t kColumnAlignment = 64U;

struct file_header {
  char magic_[8];
  std::uint32_t format_version_;
  std::uint32_t endian_check_;
  std::uint64_t file_size_;
  std::uint64_t checksum_;  // XXH3-64 of every byte after this header
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

}  // namespace caravan::tt::detail

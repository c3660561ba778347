#pragma once
// A CSV reader for real-world text (RFC 4180 plus what GTFS feeds do): UTF-8 with or without a byte-order
// mark, UTF-16 with a mark (converted, with a warning), CRLF, LF, CR or mixed line endings, no final
// newline, quoted fields with commas, quotes and line breaks inside, spaces around fields and after a
// closing quote, blank lines. Streams in blocks: memory does not grow with the file.
//
// Field views stay valid until the next call to next().
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "caravan/base/error.h"
#include "caravan/csv/stream.h"

namespace caravan::csv {

// Where the reader sends what it repairs and reads on (invalid UTF-8, short rows, ...): the GTFS import
// report, or nothing.
class warning_sink {
 public:
  virtual ~warning_sink() = default;
  virtual void warn(std::string_view kind, source_location const& where, std::string_view message) = 0;
};

class reader {
 public:
  // Reads the header row. Throws data_error for a file that cannot be text (NUL bytes) or has no header.
  reader(std::unique_ptr<byte_stream> in, std::string file_name, warning_sink& warnings);

  std::vector<std::string> const& header() const { return header_; }
  // Index of a column by name, or -1.
  int column(std::string_view name) const;
  // Index of a column the file must have; throws data_error at the header ("missing column `name`",
  // then `hint` when given: what the header should be).
  int required_column(std::string_view name, std::string_view hint = {}) const;
  // Throws data_error at the header's second copy of a column name (the reader would use the first only:
  // for files where that silently drops values).
  void refuse_repeated_columns() const;

  // Advances to the next data row; false at the end. Rows with more or fewer cells than the header
  // are read (missing cells are empty) and reported as warnings.
  bool next();
  // The trimmed value of column `col` in the current row; "" if col is -1 or the row is short.
  std::string_view field(int col) const {
    return col >= 0 && static_cast<std::size_t>(col) < fields_.size() ? fields_[static_cast<std::size_t>(col)]
                                                                      : std::string_view{};
  }
  std::size_t n_fields() const { return fields_.size(); }
  std::uint64_t line() const { return row_line_; }
  std::string const& file_name() const { return file_name_; }
  // Where column `col` of the current row is, for messages.
  source_location where(int col = -1) const {
    return {file_name_, row_line_, col < 0 ? 0U : static_cast<std::uint32_t>(col + 1)};
  }
  std::uint64_t bytes_read() const { return consumed_; }
  std::uint64_t total_bytes() const { return total_; }

 private:
  enum class parse_result { kRow, kNeedMore, kEnd };
  parse_result parse_row();
  parse_result parse_quoted(std::size_t& p, std::uint64_t& lines, std::uint64_t first_line);
  parse_result parse_unquoted(std::size_t& p);
  bool refill();
  void check_row_bytes(std::size_t begin, std::size_t end);
  void convert_utf16();

  std::unique_ptr<byte_stream> in_;
  std::string file_name_;
  warning_sink& warnings_;
  std::vector<char> buf_;
  std::size_t pos_{0};   // next unread byte in buf_
  std::size_t end_{0};   // end of valid bytes in buf_
  bool eof_{false};
  std::uint64_t consumed_{0};
  std::uint64_t total_{0};
  std::uint64_t line_{1};  // physical line at pos_
  std::uint64_t row_line_{0};

  std::vector<std::string> header_;
  std::vector<std::string_view> fields_;
  std::deque<std::string> owned_;  // unescaped or repaired field values of the current row
  std::size_t n_header_{0};
  bool header_done_{false};
};

}  // namespace caravan::csv

#include "caravan/csv/reader.h"

#include <algorithm>
#include <cstring>

#include "caravan/base/error.h"
#include "caravan/base/text.h"

namespace caravan::csv {

namespace {

constexpr std::size_t kInitialBuffer = std::size_t{1} << 20U;

// True if any byte in [p, p+n) is NUL or not ASCII: the rare case that needs a closer look.
bool has_unusual_bytes(char const* p, std::size_t n) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
  constexpr std::uint64_t kHighs = 0x8080808080808080ULL;
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    std::uint64_t w;
    std::memcpy(&w, p + i, 8);
    if (((w | ((w - kOnes) & ~w)) & kHighs) != 0) {
      return true;
    }
  }
  for (; i < n; ++i) {
    auto const c = static_cast<unsigned char>(p[i]);
    if (c == 0 || c >= 0x80U) {
      return true;
    }
  }
  return false;
}

}  // namespace

reader::reader(std::unique_ptr<byte_stream> in, std::string file_name, warning_sink& warnings)
    : in_{std::move(in)}, file_name_{std::move(file_name)}, warnings_{warnings} {
  total_ = in_->size();
  buf_.resize(total_ != 0 && total_ < kInitialBuffer ? total_ + 1 : kInitialBuffer);
  refill();
  auto const starts_with = [&](char const* s, std::size_t n) {
    return end_ - pos_ >= n && std::memcmp(buf_.data() + pos_, s, n) == 0;
  };
  if (starts_with("\xFF\xFE", 2) || starts_with("\xFE\xFF", 2) ||
      (end_ - pos_ >= 4 && buf_[pos_] != '\0' && buf_[pos_ + 1] == '\0' && buf_[pos_ + 3] == '\0')) {
    convert_utf16();
  } else if (starts_with("\xEF\xBB\xBF", 3)) {
    pos_ += 3;
    consumed_ += 3;
  }
  // Header row.
  while (true) {
    auto const r = parse_row();
    if (r == parse_result::kNeedMore) {
      refill();
      continue;
    }
    if (r == parse_result::kEnd) {
      return;  // empty file: header() stays empty
    }
    break;
  }
  for (std::size_t i = 0; i != fields_.size(); ++i) {
    auto name = std::string{fields_[i]};
    if (std::find(header_.begin(), header_.end(), name) != header_.end() && !name.empty()) {
      warnings_.warn("duplicate column", where(static_cast<int>(i)), fmt::format("column `{}` appears twice; the first is used", name));
    }
    header_.push_back(std::move(name));
  }
  n_header_ = header_.size();
  header_done_ = true;
}

int reader::column(std::string_view name) const {
  auto const it = std::find(header_.begin(), header_.end(), name);
  return it == header_.end() ? -1 : static_cast<int>(it - header_.begin());
}

int reader::required_column(std::string_view name, std::string_view hint) const {
  auto const c = column(name);
  if (c < 0) {
    throw data_error{{file_name_, 1, 0}, hint.empty() ? fmt::format("missing column `{}`", name) : fmt::format("missing column `{}` ({})", name, hint)};
  }
  return c;
}

void reader::refuse_repeated_columns() const {
  for (std::size_t i = 1; i < header_.size(); ++i) {
    if (std::find(header_.begin(), header_.begin() + static_cast<std::ptrdiff_t>(i), header_[i]) != header_.begin() + static_cast<std::ptrdiff_t>(i)) {
      throw data_error{{file_name_, 1, static_cast<std::uint32_t>(i + 1)}, fmt::format("column `{}` is given twice", header_[i])};
    }
  }
}

bool reader::refill() {
  if (eof_) {
    return false;
  }
  if (pos_ != 0) {
    std::memmove(buf_.data(), buf_.data() + pos_, end_ - pos_);
    end_ -= pos_;
    pos_ = 0;
  }
  if (end_ == buf_.size()) {
    buf_.resize(buf_.size() * 2);  // a row longer than the buffer
  }
  auto const n = in_->read(buf_.data() + end_, buf_.size() - end_);
  if (n == 0) {
    eof_ = true;
    return false;
  }
  end_ += n;
  return true;
}

void reader::convert_utf16() {
  std::string raw(buf_.data() + pos_, end_ - pos_);
  while (true) {
    auto const old = raw.size();
    raw.resize(old + kInitialBuffer);
    auto const n = in_->read(raw.data() + old, kInitialBuffer);
    raw.resize(old + n);
    if (n == 0) {
      break;
    }
  }
  bool big_endian = false;
  std::size_t i = 0;
  if (raw.size() >= 2 && static_cast<unsigned char>(raw[0]) == 0xFEU && static_cast<unsigned char>(raw[1]) == 0xFFU) {
    big_endian = true;
    i = 2;
  } else if (raw.size() >= 2 && static_cast<unsigned char>(raw[0]) == 0xFFU && static_cast<unsigned char>(raw[1]) == 0xFEU) {
    i = 2;
  }
  auto const unit = [&](std::size_t k) -> std::uint32_t {
    auto const a = static_cast<unsigned char>(raw[k]);
    auto const b = static_cast<unsigned char>(raw[k + 1]);
    return big_endian ? (std::uint32_t{a} << 8U) | b : (std::uint32_t{b} << 8U) | a;
  };
  std::string out;
  out.reserve(raw.size() / 2);
  for (; i + 1 < raw.size(); i += 2) {
    std::uint32_t cp = unit(i);
    if (cp >= 0xD800U && cp <= 0xDBFFU && i + 3 < raw.size()) {
      auto const lo = unit(i + 2);
      if (lo >= 0xDC00U && lo <= 0xDFFFU) {
        cp = 0x10000U + ((cp - 0xD800U) << 10U) + (lo - 0xDC00U);
        i += 2;
      } else {
        cp = 0xFFFDU;
      }
    } else if (cp >= 0xD800U && cp <= 0xDFFFU) {
      cp = 0xFFFDU;
    }
    if (cp == 0) {
      throw data_error{{file_name_, 0, 0}, "a NUL character in UTF-16 text"};
    }
    append_utf8(out, cp);
  }
  warnings_.warn("UTF-16 text", {file_name_}, "the file is UTF-16; GTFS requires UTF-8. It was converted.");
  buf_.assign(out.begin(), out.end());
  buf_.push_back('\0');  // room so that buf_.size() > end_
  pos_ = 0;
  end_ = out.size();
  total_ = out.size();
  eof_ = true;
}

bool reader::next() {
  if (!header_done_ || n_header_ == 0) {
    return false;
  }
  while (true) {
    auto const r = parse_row();
    if (r == parse_result::kNeedMore) {
      if (!refill()) {
        continue;  // eof_ is now set: parse what is left
      }
      continue;
    }
    if (r == parse_result::kEnd) {
      return false;
    }
    if (fields_.size() == 1 && fields_[0].empty()) {
      continue;  // a line of spaces
    }
    if (fields_.size() != n_header_) {
      warnings_.warn(fields_.size() < n_header_ ? "row with missing cells" : "row with extra cells", where(),
                     fmt::format("{} cells where the header has {}{}", fields_.size(), n_header_,
                                 fields_.size() < n_header_ ? "; the missing ones are read as empty" : "; the extra ones are ignored"));
    }
    return true;
  }
}

reader::parse_result reader::parse_row() {
  fields_.clear();
  owned_.clear();
  char const* const b = buf_.data();
  std::size_t p = pos_;
  std::uint64_t lines = 0;

  // Blank lines before the row.
  while (p < end_ && (b[p] == '\n' || b[p] == '\r')) {
    if (b[p] == '\r' && p + 1 == end_ && !eof_) {
      return parse_result::kNeedMore;
    }
    if (b[p] == '\r' && p + 1 < end_ && b[p + 1] == '\n') {
      ++p;
    }
    ++p;
    ++lines;
  }
  if (p == end_) {
    if (!eof_) {
      return parse_result::kNeedMore;
    }
    consumed_ += p - pos_;
    pos_ = p;
    line_ += lines;
    return parse_result::kEnd;
  }
  auto const row_start = p;
  auto const first_line = line_ + lines;

  while (true) {
    while (p < end_ && (b[p] == ' ' || b[p] == '\t')) {
      ++p;
    }
    if (p == end_ && !eof_) {
      return parse_result::kNeedMore;
    }
    auto const got = p < end_ && b[p] == '"' ? parse_quoted(p, lines, first_line) : parse_unquoted(p);
    if (got == parse_result::kNeedMore) {
      return parse_result::kNeedMore;
    }

    if (p == end_) {
      break;  // eof_: the last row has no final newline
    }
    if (b[p] == ',') {
      ++p;
      if (p == end_ && eof_) {
        fields_.emplace_back();  // "a,b," at the very end: a last empty field
        break;
      }
      continue;
    }
    if (b[p] == '\r') {
      if (p + 1 == end_ && !eof_) {
        return parse_result::kNeedMore;
      }
      ++p;
      if (p < end_ && b[p] == '\n') {
        ++p;
      }
    } else {
      ++p;  // '\n'
    }
    ++lines;
    break;
  }

  row_line_ = first_line;
  line_ += lines;
  if (has_unusual_bytes(b + row_start, p - row_start)) {
    check_row_bytes(row_start, p);
  }
  consumed_ += p - pos_;
  pos_ = p;
  return parse_result::kRow;
}

// A quoted field starting at p ("" is a quote; commas and line breaks are data) and any text after its
// closing quote, up to the separator: advances p and counts the line breaks inside.
reader::parse_result reader::parse_quoted(std::size_t& p, std::uint64_t& lines, std::uint64_t first_line) {
  char const* const b = buf_.data();
  std::size_t q = p + 1;
  bool escaped = false;
  std::size_t close = 0;
  while (true) {
    auto const* hit = static_cast<char const*>(std::memchr(b + q, '"', end_ - q));
    if (hit == nullptr) {
      if (!eof_) {
        return parse_result::kNeedMore;
      }
      throw data_error{{file_name_, first_line, static_cast<std::uint32_t>(fields_.size() + 1)},
                       "a quoted field is never closed (missing \")"};
    }
    auto const k = static_cast<std::size_t>(hit - b);
    if (k + 1 == end_ && !eof_) {
      return parse_result::kNeedMore;
    }
    if (k + 1 < end_ && b[k + 1] == '"') {
      escaped = true;
      q = k + 2;
      continue;
    }
    close = k;
    break;
  }
  lines += static_cast<std::uint64_t>(std::count(b + p + 1, b + close, '\n'));
  std::string_view value{b + p + 1, close - p - 1};
  p = close + 1;
  while (p < end_ && (b[p] == ' ' || b[p] == '\t')) {
    ++p;
  }
  if (p == end_ && !eof_) {
    return parse_result::kNeedMore;
  }
  if (escaped || (p < end_ && b[p] != ',' && b[p] != '\n' && b[p] != '\r')) {
    std::string v;
    v.reserve(value.size());
    for (std::size_t i = 0; i < value.size(); ++i) {
      v.push_back(value[i]);
      if (value[i] == '"' && i + 1 < value.size() && value[i + 1] == '"') {
        ++i;
      }
    }
    if (p < end_ && b[p] != ',' && b[p] != '\n' && b[p] != '\r') {
      // Text after the closing quote: keep it, as most readers do, and say so.
      auto const from = p;
      while (p < end_ && b[p] != ',' && b[p] != '\n' && b[p] != '\r') {
        ++p;
      }
      if (p == end_ && !eof_) {
        return parse_result::kNeedMore;
      }
      v.append(trim(std::string_view{b + from, p - from}));
      warnings_.warn("text after closing quote", {file_name_, first_line, static_cast<std::uint32_t>(fields_.size() + 1)},
                     "characters after a closing quote were kept as part of the value");
    }
    value = owned_.emplace_back(std::move(v));
  }
  fields_.push_back(value);
  return parse_result::kRow;
}

// An unquoted field starting at p, up to the separator, without trailing spaces: advances p.
reader::parse_result reader::parse_unquoted(std::size_t& p) {
  char const* const b = buf_.data();
  std::size_t q = p;
  while (q < end_ && b[q] != ',' && b[q] != '\n' && b[q] != '\r') {
    ++q;
  }
  if (q == end_ && !eof_) {
    return parse_result::kNeedMore;
  }
  std::string_view value{b + p, q - p};
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) {
    value.remove_suffix(1);
  }
  fields_.push_back(value);
  p = q;
  return parse_result::kRow;
}

void reader::check_row_bytes(std::size_t begin, std::size_t end) {
  for (std::size_t i = 0; i != fields_.size(); ++i) {
    auto const f = fields_[i];
    if (f.find('\0') != std::string_view::npos) {
      throw data_error{where(static_cast<int>(i)), "a NUL byte in the text: the file is binary or not UTF-8"};
    }
    if (auto const bad = find_invalid_utf8(f)) {
      warnings_.warn("invalid UTF-8", where(static_cast<int>(i)),
                     fmt::format("byte {} of the value is not valid UTF-8; replaced by U+FFFD", *bad + 1));
      fields_[i] = owned_.emplace_back(repair_utf8(f));
    }
  }
  if (std::memchr(buf_.data() + begin, '\0', end - begin) != nullptr) {
    throw data_error{where(), "a NUL byte in the text: the file is binary or not UTF-8"};
  }
}

}  // namespace caravan::csv

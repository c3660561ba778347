#include "caravan/timetable/timetable.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <cstdint>
#include <new>
#include <numeric>
#include <optional>

#include <xxhash.h>

#include "caravan/base/error.h"
#include "caravan/timetable/file.h"
#include "caravan/timetable/file_format.h"
#include "caravan/timetable/verify.h"

namespace caravan::tt {

namespace {

#if defined(__SANITIZE_ADDRESS__)
#define CARAVAN_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CARAVAN_ASAN 1
#endif
#endif

// The file's bytes, in memory the timetable owns: anonymous memory (not a mapping of the file), aligned
// to 2 MiB and advised to use transparent huge pages. Faulting in 4 KiB pages one by one cost more than
// the copy itself (52 ms against 20 ms for NYC's 90 MB, BENCHMARKS.md). Read-only once filled. Under
// AddressSanitizer (the debug and fuzz builds) plain heap memory instead, which it guards: a read past
// the file's end is then reported, not hidden in the mapping's rounded-up tail.
class file_bytes {
 public:
  explicit file_bytes(std::size_t n) : size_{n} {
#ifdef CARAVAN_ASAN
    data_ = static_cast<char*>(::operator new(std::max<std::size_t>(n, 1), std::align_val_t{detail::kColumnAlignment}));
#else
    length_ = (std::max<std::size_t>(n, 1) + kHuge - 1) / kHuge * kHuge + kHuge;  // room to align
    void* const m = ::mmap(nullptr, length_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED) {
      throw std::bad_alloc{};
    }
    mapping_ = static_cast<char*>(m);
    auto const at = reinterpret_cast<std::uintptr_t>(mapping_);
    data_ = mapping_ + ((at + kHuge - 1) / kHuge * kHuge - at);
    ::madvise(data_, length_ - static_cast<std::size_t>(data_ - mapping_), MADV_HUGEPAGE);  // a hint: fine if refused
#endif
  }
  ~file_bytes() {
#ifdef CARAVAN_ASAN
    ::operator delete(data_, std::align_val_t{detail::kColumnAlignment});
#else
    ::munmap(mapping_, length_);
#endif
  }
  file_bytes(file_bytes const&) = delete;
  file_bytes& operator=(file_bytes const&) = delete;

  char* data() const { return data_; }
  std::size_t size() const { return size_; }
  // No writes after loading: a stray one faults instead of changing the timetable.
  void seal() const {
#ifndef CARAVAN_ASAN
    ::mprotect(mapping_, length_, PROT_READ);
#endif
  }

 private:
#ifndef CARAVAN_ASAN
  static constexpr std::size_t kHuge = std::size_t{2} << 20U;
  char* mapping_{nullptr};
  std::size_t length_{0};
#endif
  char* data_{nullptr};
  std::size_t size_;
};
static_assert((std::size_t{2} << 20U) % detail::kColumnAlignment == 0);  // huge pages keep columns aligned

class fd_closer {
 public:
  explicit fd_closer(int fd) : fd_{fd} {}
  ~fd_closer() { ::close(fd_); }
  fd_closer(fd_closer const&) = delete;
  fd_closer& operator=(fd_closer const&) = delete;

 private:
  int fd_;
};

[[noreturn]] void bad_file(std::string const& file, std::string const& what) { throw data_error{{file}, what}; }

template <typename Column, typename Idx, typename Key>
auto equal_range_by_id(timetable const& tt, Column const& sorted, Key id, auto const& records) {
  return std::equal_range(sorted.begin(), sorted.end(), id, [&](auto const& a, auto const& b) {
    auto const key = [&](auto const& x) -> std::string_view {
      if constexpr (std::is_same_v<std::decay_t<decltype(x)>, Idx>) {
        return tt.str(records[x.idx()].id_);
      } else {
        return x;
      }
    };
    return key(a) < key(b);
  });
}

// What every snapshot must pass before its bytes are read: magic, byte order, version, size.
void check_header(detail::file_header const& header, std::uint64_t size, std::string const& file) {
  if (std::memcmp(header.magic_, kMagic, sizeof(kMagic)) != 0) {
    bad_file(file, "not a Caravan timetable (wrong magic number); run `caravan import` to make one");
  }
  if (header.endian_check_ != detail::kEndianCheck) {
    bad_file(file, "timetable was written on a machine of another byte order");
  }
  if (header.format_version_ != kFormatVersion) {
    bad_file(file, fmt::format("timetable format version {} is not the supported version {}; import the feed again "
                               "(`caravan import FEED -o {}`)",
                               header.format_version_, kFormatVersion, file));
  }
  if (header.file_size_ != size) {
    bad_file(file, fmt::format("timetable is truncated or padded: header says {} bytes, file has {}", header.file_size_, size));
  }
}

// The column table: every entry named once, aligned, inside the file, after the table, not
// overlapping another; the columns this version reads all there with their element sizes.
std::vector<detail::column_entry> check_layout(file_bytes const& bytes, detail::file_header const& header, std::string const& file) {
  auto const size = bytes.size();
  auto const lead = "not a valid Caravan timetable";
  if (header.n_columns_ > (size - sizeof(header)) / sizeof(detail::column_entry)) {
    bad_file(file, fmt::format("{}: header: the table of {} columns runs past the end of the file ({} bytes)", lead, header.n_columns_, size));
  }
  std::vector<detail::column_entry> entries(header.n_columns_);
  if (!entries.empty()) {  // (memcpy to the null data() of an empty vector is undefined: fuzz/snapshot_fuzz)
    std::memcpy(entries.data(), bytes.data() + sizeof(header), entries.size() * sizeof(detail::column_entry));
  }
  auto const table_end = sizeof(header) + entries.size() * sizeof(detail::column_entry);
  std::vector<std::size_t> by_offset;
  for (std::size_t i = 0; i != entries.size(); ++i) {
    auto& e = entries[i];
    if (std::memchr(e.name_, 0, sizeof(e.name_)) == nullptr) {
      bad_file(file, fmt::format("{}: column table, entry {}: the name is not NUL-terminated", lead, i));
    }
    std::string_view const name{e.name_};
    auto const where = fmt::format("{}: column {}", lead, name);
    if (e.element_size_ == 0 || e.bytes_ % e.element_size_ != 0) {
      bad_file(file, fmt::format("{}: {} bytes are not a whole number of {}-byte elements", where, e.bytes_, e.element_size_));
    }
    if (e.offset_ % detail::kColumnAlignment != 0) {
      bad_file(file, fmt::format("{}: offset {} is not a multiple of {}", where, e.offset_, detail::kColumnAlignment));
    }
    if (e.offset_ < table_end || e.offset_ > size || e.bytes_ > size - e.offset_) {
      bad_file(file, fmt::format("{}: bytes [{}, {}) are not inside the columns area [{}, {}) of the file", where, e.offset_,
                                 e.offset_ + e.bytes_, table_end, size));
    }
    for (std::size_t j = 0; j != i; ++j) {
      if (std::strncmp(entries[j].name_, e.name_, sizeof(e.name_)) == 0) {
        bad_file(file, fmt::format("{}: listed twice in the column table", where));
      }
    }
    by_offset.push_back(i);
  }
  std::sort(by_offset.begin(), by_offset.end(), [&](std::size_t a, std::size_t b) { return entries[a].offset_ < entries[b].offset_; });
  for (std::size_t k = 1; k < by_offset.size(); ++k) {
    auto const& a = entries[by_offset[k - 1]];
    auto const& b = entries[by_offset[k]];
    if (a.offset_ + a.bytes_ > b.offset_) {
      bad_file(file, fmt::format("{}: column {}: bytes [{}, {}) overlap column {} at {}", lead, b.name_, b.offset_, b.offset_ + b.bytes_,
                                 a.name_, a.offset_));
    }
  }
  return entries;
}

}  // namespace

timetable timetable::load(std::filesystem::path const& path, bool verify_checksum) {
  auto const file = path.string();
  // O_NONBLOCK: opening a FIFO must not wait for a writer (it is refused below; reads of a regular file
  // ignore the flag).
  int const fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    bad_file(file, fmt::format("cannot open timetable: {}", std::strerror(errno)));
  }
  fd_closer const closer{fd};
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    bad_file(file, fmt::format("cannot read timetable: {}", std::strerror(errno)));
  }
  if (S_ISDIR(st.st_mode)) {
    bad_file(file, "is a directory, not a timetable snapshot; give the file `caravan import -o` wrote");
  }
  if (!S_ISREG(st.st_mode)) {
    bad_file(file, "is not a regular file, so not a timetable snapshot; give the file `caravan import -o` wrote");
  }
  auto const size = static_cast<std::size_t>(st.st_size);
  if (size < sizeof(detail::file_header)) {
    bad_file(file, "not a Caravan timetable: the file is too short");
  }
  // The header first: a file of another kind or version is refused before its bytes are read.
  auto const read_at = [&](char* to, std::size_t n, std::size_t offset) {
    while (n != 0) {
      auto const r = ::pread(fd, to, n, static_cast<off_t>(offset));
      if (r < 0 && errno == EINTR) {
        continue;
      }
      if (r < 0) {
        bad_file(file, fmt::format("cannot read timetable: {}", std::strerror(errno)));
      }
      if (r == 0) {
        bad_file(file, fmt::format("timetable is truncated: the file ended at {} bytes while it was read (was it replaced?)", offset));
      }
      to += r;
      offset += static_cast<std::size_t>(r);
      n -= static_cast<std::size_t>(r);
    }
  };
  detail::file_header header{};
  read_at(reinterpret_cast<char*>(&header), sizeof(header), 0);
  check_header(header, size, file);

  // The whole file into memory the timetable owns, hashed block by block while it is in the cache. The
  // timetable then never reads the file again: replacing or truncating it (`cp new.bin tt.bin` under a
  // running server) cannot take memory from under it, as it could with a mapping (SIGBUS).
  auto bytes = std::make_shared<file_bytes>(size);
  XXH3_state_t* state = XXH3_createState();
  XXH3_64bits_reset(state);
  std::optional<std::uint64_t> sum;
  try {
    constexpr std::size_t kBlock = std::size_t{1} << 20U;
    for (std::size_t at = 0; at < size; at += kBlock) {
      auto const n = std::min(kBlock, size - at);
      read_at(bytes->data() + at, n, at);
      if (verify_checksum) {
        if (at == 0) {
          auto zeroed = header;
          std::memcpy(&zeroed, bytes->data(), sizeof(zeroed));
          zeroed.checksum_ = 0;
          XXH3_64bits_update(state, &zeroed, sizeof(zeroed));
          XXH3_64bits_update(state, bytes->data() + sizeof(zeroed), n - sizeof(zeroed));
        } else {
          XXH3_64bits_update(state, bytes->data() + at, n);
        }
      }
    }
    if (verify_checksum) {
      sum = XXH3_64bits_digest(state);
    }
  } catch (...) {
    XXH3_freeState(state);
    throw;
  }
  XXH3_freeState(state);
  return from_bytes(std::move(bytes), file, sum);
}

timetable timetable::load_from_memory(std::span<char const> file_contents, std::string const& name, bool verify_checksum) {
  if (file_contents.size() < sizeof(detail::file_header)) {
    bad_file(name, "not a Caravan timetable: the file is too short");
  }
  detail::file_header header{};
  std::memcpy(&header, file_contents.data(), sizeof(header));
  check_header(header, file_contents.size(), name);
  auto bytes = std::make_shared<file_bytes>(file_contents.size());
  std::memcpy(bytes->data(), file_contents.data(), file_contents.size());
  std::optional<std::uint64_t> sum;
  if (verify_checksum) {
    sum = detail::snapshot_checksum({bytes->data(), bytes->size()});
  }
  return from_bytes(std::move(bytes), name, sum);
}

timetable timetable::from_bytes(std::shared_ptr<void const> storage, std::string const& file, std::optional<std::uint64_t> checksum) {
  auto const& bytes = *static_cast<file_bytes const*>(storage.get());
  auto const* base = bytes.data();
  detail::file_header header{};
  std::memcpy(&header, base, sizeof(header));
  check_header(header, bytes.size(), file);  // again: the file may have changed since its header was read
  if (checksum && *checksum != header.checksum_) {
    bad_file(file, "timetable is corrupt (checksum mismatch); import the feed again");
  }
  auto const entries = check_layout(bytes, header, file);

  timetable tt;
  tt.scalars_ = {header.first_day_, header.n_days_, header.bitfield_words_};
  std::size_t n_known = 0;
  tt.c_.for_each_column([&](char const* name, auto& column) {
    using T = typename std::decay_t<decltype(column)>::element_type;
    auto const it = std::find_if(entries.begin(), entries.end(), [&](detail::column_entry const& e) {
      return std::strncmp(e.name_, name, sizeof(e.name_)) == 0;
    });
    if (it == entries.end()) {
      bad_file(file, fmt::format("not a valid Caravan timetable: column {} is missing", name));
    }
    if (it->element_size_ != sizeof(T)) {
      bad_file(file, fmt::format("not a valid Caravan timetable: column {}: elements of {} bytes, expected {}", name, it->element_size_,
                                 sizeof(T)));
    }
    column = std::span<T const>{reinterpret_cast<T const*>(base + it->offset_), it->bytes_ / sizeof(T)};
    ++n_known;
  });
  if (n_known != entries.size()) {
    for (auto const& e : entries) {
      auto known = false;
      tt.c_.for_each_column([&](char const* name, auto const&) { known = known || std::strncmp(e.name_, name, sizeof(e.name_)) == 0; });
      if (!known) {
        bad_file(file, fmt::format("not a valid Caravan timetable: column {} is not a column of format version {}", e.name_, kFormatVersion));
      }
    }
  }
  verify_columns(tt.c_, tt.scalars_, file);
  bytes.seal();
  tt.storage_ = std::move(storage);
  tt.bind(file);
  return tt;
}

timetable timetable::from_data(timetable_data data) {
  auto owned = std::make_shared<timetable_data>(std::move(data));
  timetable tt;
  tt.scalars_ = owned->scalars_;
  tt.c_ = view_of(owned->columns_);
  tt.storage_ = std::move(owned);
  tt.bind("timetable built in memory");
  return tt;
}

void timetable::bind(std::string const& source) {
  // Consistency checks that keep later lookups in bounds, whatever the data holds (a loaded file passed
  // verify_columns, which checks all this and more).
  auto const check = [&](bool ok, char const* what) {
    if (!ok) {
      throw data_error{{source}, fmt::format("timetable is inconsistent: {}", what)};
    }
  };
  check(!c_.string_offsets_.empty() && c_.string_offsets_.back() == c_.chars_.size(), "string pool");
  check(c_.pattern_stop_offsets_.size() == c_.patterns_.size() + 1, "pattern stop offsets");
  check(c_.stop_pattern_offsets_.size() == c_.stops_.size() + 1, "stop pattern offsets");
  check(c_.footpath_out_offsets_.size() == c_.stops_.size() + 1, "footpath offsets");
  check(c_.footpath_in_offsets_.size() == c_.stops_.size() + 1, "footpath offsets");
  check(c_.bitfields_.size() % std::max<std::uint32_t>(scalars_.bitfield_words_, 1U) == 0, "bitfields");
  check(c_.tz_day_start_.size() == c_.tz_names_.size() * scalars_.n_days_, "time zone days");
  check(c_.road_out_offsets_.size() == c_.stops_.size() + 1 && c_.road_out_offsets_.back() == c_.road_links_.size(), "road link offsets");
  check(c_.road_in_offsets_.size() == c_.stops_.size() + 1 && c_.road_links_in_.size() == c_.road_links_.size(), "road link offsets");
  check(c_.crossing_closure_reasons_.size() == c_.crossing_closures_.size(), "crossing closure reasons");
  for (auto const& b : c_.border_crossings_) {
    check(b.tz_.idx() < c_.tz_names_.size() && std::size_t{b.first_closure_} + b.n_closures_ <= c_.crossing_closures_.size(), "border crossing");
  }
  for (auto const& l : c_.road_links_) {
    check(l.from_.idx() < c_.stops_.size() && l.to_.idx() < c_.stops_.size(), "road link stops");
    check(!l.crossing_.valid() || l.crossing_.idx() < c_.border_crossings_.size(), "road link crossing");
  }

  // Each stop's children, grouped by parent (a counting sort keeps them in stop order).
  child_offsets_.assign(c_.stops_.size() + 1, 0);
  for (auto const& s : c_.stops_) {
    check(!s.parent_.valid() || s.parent_.idx() < c_.stops_.size(), "parent station");
    if (s.parent_.valid()) {
      ++child_offsets_[s.parent_.idx() + 1];
    }
  }
  std::partial_sum(child_offsets_.begin(), child_offsets_.end(), child_offsets_.begin());
  children_.resize(child_offsets_.back());
  auto next = child_offsets_;
  for (auto const s : indices<stop_idx>(c_.stops_.size())) {
    if (auto const p = c_.stops_[s.idx()].parent_; p.valid()) {
      children_[next[p.idx()]++] = s;
    }
  }
}

std::optional<stop_idx> timetable::find_stop(std::string_view id) const {
  auto const [lo, hi] = equal_range_by_id<decltype(c_.stops_by_id_), stop_idx>(*this, c_.stops_by_id_, id, c_.stops_);
  return lo == hi ? std::nullopt : std::optional{*lo};
}

std::optional<route_idx> timetable::find_route(std::string_view id) const {
  auto const [lo, hi] =
      equal_range_by_id<decltype(c_.routes_by_id_), route_idx>(*this, c_.routes_by_id_, id, c_.routes_);
  return lo == hi ? std::nullopt : std::optional{*lo};
}

std::span<trip_idx const> timetable::find_trips(std::string_view id) const {
  auto const [lo, hi] = equal_range_by_id<decltype(c_.trips_by_id_), trip_idx>(*this, c_.trips_by_id_, id, c_.trips_);
  return {lo, hi};
}

std::span<stop_time const> timetable::trip_times(trip_idx t) const {
  auto const p = c_.trips_[t.idx()].pattern_;
  auto const& pr = c_.patterns_[p.idx()];
  auto const n_stops = c_.pattern_stop_offsets_[p.idx() + 1] - c_.pattern_stop_offsets_[p.idx()];
  auto const k = t.v() - pr.first_trip_.v();
  return c_.stop_times_.subspan(pr.first_stop_time_ + k * n_stops, n_stops);
}

std::optional<day_idx> timetable::day_of(std::int32_t days_since_epoch) const {
  auto const d = static_cast<std::int64_t>(days_since_epoch) - scalars_.first_day_;
  if (d < 0 || d >= scalars_.n_days_) {
    return std::nullopt;
  }
  return day_idx{static_cast<std::uint32_t>(d)};
}

std::string_view timetable::meta(std::string_view key) const {
  for (auto const& m : c_.meta_) {
    if (str(m.key_) == key) {
      return str(m.value_);
    }
  }
  return {};
}

std::string_view timetable::translate(translated_table table,
                                      std::uint32_t record,
                                      std::string_view field,
                                      std::string_view language) const {
  auto const lo = std::lower_bound(c_.translations_.begin(), c_.translations_.end(), std::pair{table, record},
                                   [](translation const& t, std::pair<translated_table, std::uint32_t> k) {
                                     return std::pair{t.table_, t.record_} < k;
                                   });
  for (auto it = lo; it != c_.translations_.end() && it->table_ == table && it->record_ == record; ++it) {
    if (str(it->field_) == field && str(it->language_) == language) {
      return str(it->text_);
    }
  }
  return {};
}

}  // namespace caravan::tt

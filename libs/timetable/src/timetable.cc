#include "caravan/timetable/timetable.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <numeric>

#include <xxhash.h>

#include "caravan/base/error.h"
#include "caravan/timetable/file.h"
#include "file_format.h"

namespace caravan::tt {

namespace {

struct mapping {
  void* addr_{nullptr};
  std::size_t size_{0};
  ~mapping() {
    if (addr_ != nullptr) {
      ::munmap(addr_, size_);
    }
  }
};

[[noreturn]] void bad_file(std::filesystem::path const& path, std::string const& what) {
  throw data_error{{path.string()}, what};
}

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

}  // namespace

timetable timetable::load(std::filesystem::path const& path, bool verify_checksum) {
  int const fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    bad_file(path, fmt::format("cannot open timetable: {}", std::strerror(errno)));
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    ::close(fd);
    bad_file(path, fmt::format("cannot read timetable: {}", std::strerror(errno)));
  }
  auto const size = static_cast<std::size_t>(st.st_size);
  if (size < sizeof(detail::file_header)) {
    ::close(fd);
    bad_file(path, "not a Caravan timetable: the file is too short");
  }
  auto m = std::make_shared<mapping>();
  m->addr_ = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
  ::close(fd);
  if (m->addr_ == MAP_FAILED) {
    m->addr_ = nullptr;
    bad_file(path, fmt::format("cannot map timetable: {}", std::strerror(errno)));
  }
  m->size_ = size;
  auto const* base = static_cast<char const*>(m->addr_);

  detail::file_header header{};
  std::memcpy(&header, base, sizeof(header));
  if (std::memcmp(header.magic_, kMagic, sizeof(kMagic)) != 0) {
    bad_file(path, "not a Caravan timetable (wrong magic number); run `caravan import` to make one");
  }
  if (header.endian_check_ != detail::kEndianCheck) {
    bad_file(path, "timetable was written on a machine of another byte order");
  }
  if (header.format_version_ != kFormatVersion) {
    bad_file(path, fmt::format("timetable format version {} is not the supported version {}; import the feed again",
                               header.format_version_, kFormatVersion));
  }
  if (header.file_size_ != size) {
    bad_file(path, fmt::format("timetable is truncated or padded: header says {} bytes, file has {}",
                               header.file_size_, size));
  }
  auto const n_entries_bytes = std::uint64_t{header.n_columns_} * sizeof(detail::column_entry);
  if (sizeof(header) + n_entries_bytes > size) {
    bad_file(path, "timetable column table is truncated");
  }
  if (verify_checksum) {
    madvise(m->addr_, size, MADV_SEQUENTIAL);
    auto const sum = XXH3_64bits(base + sizeof(header), size - sizeof(header));
    if (sum != header.checksum_) {
      bad_file(path, "timetable is corrupt (checksum mismatch); import the feed again");
    }
    madvise(m->addr_, size, MADV_RANDOM);
  }

  timetable tt;
  tt.scalars_ = {header.first_day_, header.n_days_, header.bitfield_words_};
  std::vector<detail::column_entry> entries(header.n_columns_);
  std::memcpy(entries.data(), base + sizeof(header), n_entries_bytes);
  tt.c_.for_each_column([&](char const* name, auto& column) {
    using T = typename std::decay_t<decltype(column)>::element_type;
    auto const it = std::find_if(entries.begin(), entries.end(), [&](detail::column_entry const& e) {
      return std::strncmp(e.name_, name, sizeof(e.name_)) == 0;
    });
    if (it == entries.end()) {
      bad_file(path, fmt::format("timetable has no column `{}`", name));
    }
    if (it->element_size_ != sizeof(T) || it->bytes_ % sizeof(T) != 0 ||
        it->offset_ % detail::kColumnAlignment != 0 || it->offset_ > size || it->bytes_ > size - it->offset_) {
      bad_file(path, fmt::format("timetable column `{}` is malformed", name));
    }
    column = std::span<T const>{reinterpret_cast<T const*>(base + it->offset_), it->bytes_ / sizeof(T)};
  });
  tt.storage_ = std::move(m);
  tt.bind();
  return tt;
}

timetable timetable::from_data(timetable_data data) {
  auto owned = std::make_shared<timetable_data>(std::move(data));
  timetable tt;
  tt.scalars_ = owned->scalars_;
  // Point every span at the matching vector: walk both column lists in lockstep.
  std::vector<std::pair<void const*, std::size_t>> sources;
  owned->columns_.for_each_column(
      [&](char const*, auto const& column) { sources.emplace_back(column.data(), column.size()); });
  std::size_t i = 0;
  tt.c_.for_each_column([&](char const*, auto& column) {
    using T = typename std::decay_t<decltype(column)>::element_type;
    column = std::span<T const>{static_cast<T const*>(sources[i].first), sources[i].second};
    ++i;
  });
  tt.storage_ = std::move(owned);
  tt.bind();
  return tt;
}

void timetable::bind() {
  // Consistency checks that keep later lookups in bounds, whatever the file holds.
  auto const check = [](bool ok, char const* what) {
    if (!ok) {
      throw data_error{{}, fmt::format("timetable is inconsistent: {}", what)};
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

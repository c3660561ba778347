#include "caravan/timetable/file.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstddef>
#include <cstring>
#include <string>
#include <system_error>
#include <vector>

#include <xxhash.h>

#include "caravan/base/error.h"
#include "caravan/timetable/file_format.h"
#include "caravan/timetable/verify.h"

namespace caravan::tt {

static_assert(offsetof(detail::file_header, checksum_) == detail::kChecksumOffset);
static_assert(offsetof(detail::file_header, first_day_) == detail::kFirstDayOffset);
static_assert(offsetof(detail::file_header, bitfield_words_) == detail::kBitfieldWordsOffset);

std::uint64_t detail::snapshot_checksum(std::span<char const> file) {
  CARAVAN_ASSERT(file.size() >= sizeof(file_header), "a snapshot holds at least its header");
  file_header header{};
  std::memcpy(&header, file.data(), sizeof(header));
  header.checksum_ = 0;
  XXH3_state_t* state = XXH3_createState();
  XXH3_64bits_reset(state);
  XXH3_64bits_update(state, &header, sizeof(header));
  XXH3_64bits_update(state, file.data() + sizeof(header), file.size() - sizeof(header));
  auto const sum = XXH3_64bits_digest(state);
  XXH3_freeState(state);
  return sum;
}

void detail::seal_snapshot(std::span<char> file) {
  auto const sum = snapshot_checksum(file);
  std::memcpy(file.data() + kChecksumOffset, &sum, sizeof(sum));
}

namespace {

// What kind of thing stands at `st` when it is not a regular file, for error messages.
char const* kind_of(struct stat const& st) {
  switch (st.st_mode & S_IFMT) {
    case S_IFDIR: return "a directory";
    case S_IFCHR: return "a character device";
    case S_IFBLK: return "a block device";
    case S_IFIFO: return "a FIFO";
    case S_IFSOCK: return "a socket";
    default: return "not a regular file";
  }
}

std::uint64_t align_up(std::uint64_t v) {
  return (v + detail::kColumnAlignment - 1) / detail::kColumnAlignment * detail::kColumnAlignment;
}

class output_file {
 public:
  explicit output_file(std::filesystem::path path) : path_{std::move(path)} {
    fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd_ < 0) {
      fail("cannot create");
    }
  }
  ~output_file() {
    if (fd_ >= 0) {
      ::close(fd_);
    }
  }
  output_file(output_file const&) = delete;
  output_file& operator=(output_file const&) = delete;

  void write(void const* data, std::size_t n) {
    auto const* p = static_cast<char const*>(data);
    while (n != 0) {
      auto const w = ::write(fd_, p, n);
      if (w < 0) {
        if (errno == EINTR) {
          continue;
        }
        fail("cannot write");
      }
      p += w;
      n -= static_cast<std::size_t>(w);
    }
  }
  void pwrite_at(void const* data, std::size_t n, std::uint64_t offset) {
    if (::pwrite(fd_, data, n, static_cast<off_t>(offset)) != static_cast<ssize_t>(n)) {
      fail("cannot write");
    }
  }
  void sync_and_close() {
    if (::fsync(fd_) != 0) {
      fail("cannot flush");
    }
    if (::close(fd_) != 0) {
      fd_ = -1;
      fail("cannot close");
    }
    fd_ = -1;
  }

 private:
  [[noreturn]] void fail(char const* what) {
    throw data_error{{path_.string()}, fmt::format("{}: {}", what, std::strerror(errno))};
  }

  std::filesystem::path path_;
  int fd_{-1};
};

}  // namespace

std::size_t remove_stale_temporaries(std::filesystem::path const& path) {
  auto const dir = path.parent_path().empty() ? std::filesystem::path{"."} : path.parent_path();
  auto const prefix = path.filename().string() + ".tmp.";
  std::size_t removed = 0;
  std::error_code ec;
  for (auto it = std::filesystem::directory_iterator{dir, ec}; !ec && it != std::filesystem::directory_iterator{}; it.increment(ec)) {
    auto const name = it->path().filename().string();
    if (!name.starts_with(prefix) || name.size() == prefix.size() || name.size() - prefix.size() > 9) {
      continue;
    }
    auto const digits = std::string_view{name}.substr(prefix.size());
    if (!std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      continue;
    }
    auto const pid = static_cast<pid_t>(std::stol(std::string{digits}));
    std::error_code type_ec;
    if (pid <= 0 || !it->is_regular_file(type_ec) || ::kill(pid, 0) == 0 || errno != ESRCH) {
      continue;  // a writer that still runs (or one we may not signal: EPERM, it runs too)
    }
    std::error_code rm_ec;
    if (std::filesystem::remove(it->path(), rm_ec)) {
      ++removed;
    }
  }
  return removed;
}

void check_snapshot_target(std::filesystem::path const& path) {
  // Only a regular file (or nothing) may be replaced: renaming over /dev/null would replace the device.
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) {
    throw data_error{{path.string()}, fmt::format("cannot write a timetable here: it is {}, not a regular file", kind_of(st))};
  }
}

void write_timetable(timetable_data const& data, std::filesystem::path const& path) {
  check_snapshot_target(path);
  // Never write what the loader would refuse.
  verify_columns(view_of(data.columns_), data.scalars_, path.string(), "refusing to write an invalid Caravan timetable");
  remove_stale_temporaries(path);

  // Lay out the columns.
  std::vector<detail::column_entry> entries;
  struct chunk {
    void const* data_;
    std::uint64_t bytes_;
  };
  std::vector<chunk> chunks;
  data.columns_.for_each_column([&](char const* name, auto const& column) {
    detail::column_entry e{};
    std::strncpy(e.name_, name, sizeof(e.name_) - 1);
    e.bytes_ = column.size() * sizeof(column[0]);
    e.element_size_ = sizeof(column[0]);
    entries.push_back(e);
    chunks.push_back({column.data(), e.bytes_});
  });
  std::uint64_t offset = align_up(sizeof(detail::file_header) + entries.size() * sizeof(detail::column_entry));
  for (auto& e : entries) {
    e.offset_ = offset;
    offset = align_up(offset + e.bytes_);
  }

  detail::file_header header{};
  std::memcpy(header.magic_, kMagic, sizeof(kMagic));
  header.format_version_ = kFormatVersion;
  header.endian_check_ = detail::kEndianCheck;
  header.file_size_ = offset;
  header.first_day_ = data.scalars_.first_day_;
  header.n_days_ = data.scalars_.n_days_;
  header.bitfield_words_ = data.scalars_.bitfield_words_;
  header.n_columns_ = static_cast<std::uint32_t>(entries.size());

  // Write everything while hashing it (the header first, its checksum zero), then the header with the
  // checksum.
  auto tmp = path;
  tmp += fmt::format(".tmp.{}", ::getpid());
  try {
    output_file out{tmp};
    XXH3_state_t* state = XXH3_createState();
    XXH3_64bits_reset(state);
    std::uint64_t pos = sizeof(detail::file_header);
    static constexpr char kZeros[detail::kColumnAlignment] = {};
    auto const emit = [&](void const* p, std::uint64_t n) {
      if (n == 0) {
        return;
      }
      XXH3_64bits_update(state, p, n);
      out.write(p, n);
      pos += n;
    };
    auto const pad_to = [&](std::uint64_t target) { emit(kZeros, target - pos); };
    XXH3_64bits_update(state, &header, sizeof(header));
    out.write(&header, sizeof(header));  // checksum zero, rewritten below
    emit(entries.data(), entries.size() * sizeof(detail::column_entry));
    for (std::size_t i = 0; i != entries.size(); ++i) {
      pad_to(entries[i].offset_);
      emit(chunks[i].data_, chunks[i].bytes_);
    }
    pad_to(header.file_size_);
    header.checksum_ = XXH3_64bits_digest(state);
    XXH3_freeState(state);
    out.pwrite_at(&header, sizeof(header), 0);
    out.sync_and_close();
    std::filesystem::rename(tmp, path);
  } catch (...) {
    std::error_code ec;
    std::filesystem::remove(tmp, ec);
    throw;
  }
}

}  // namespace caravan::tt

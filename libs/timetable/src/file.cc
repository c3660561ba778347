#include "caravan/timetable/file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include <xxhash.h>

#include "caravan/base/error.h"
#include "file_format.h"

namespace caravan::tt {

namespace {

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

void write_timetable(timetable_data const& data, std::filesystem::path const& path) {
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

  // Write everything after the header while hashing it, then the header with the checksum.
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
    out.write(&header, sizeof(header));  // placeholder, rewritten below
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

#include "caravan/gtfs/source.h"

#include <algorithm>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <fstream>
#include <mutex>
#include <thread>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <zip.h>

#include "caravan/base/error.h"

namespace caravan::gtfs {

namespace fs = std::filesystem;
using csv::byte_stream;

bool feed_source::has(std::string const& name) const {
  auto const f = files();
  return std::find(f.begin(), f.end(), name) != f.end();
}

namespace {

class file_stream final : public byte_stream {
 public:
  explicit file_stream(fs::path const& p) : in_{p, std::ios::binary}, name_{p.string()} {
    if (!in_) {
      throw data_error{{name_}, "cannot open file"};
    }
    std::error_code ec;
    size_ = fs::file_size(p, ec);
  }
  std::size_t read(char* buf, std::size_t n) override {
    in_.read(buf, static_cast<std::streamsize>(n));
    if (in_.bad()) {
      throw data_error{{name_}, "read error"};
    }
    return static_cast<std::size_t>(in_.gcount());
  }
  std::uint64_t size() const override { return size_; }

 private:
  std::ifstream in_;
  std::string name_;
  std::uint64_t size_{0};
};

// Reads the inner stream on a background thread in blocks, so that inflating a zip entry overlaps with
// parsing it (the import's main cost on large feeds).
class prefetching_stream final : public byte_stream {
 public:
  static constexpr std::size_t kBlock = std::size_t{4} << 20U;
  static constexpr std::size_t kMaxQueued = 4;

  explicit prefetching_stream(std::unique_ptr<byte_stream> inner)
      : inner_{std::move(inner)}, size_{inner_->size()}, worker_{[this] { run(); }} {}
  ~prefetching_stream() override {
    {
      std::lock_guard lock{m_};
      stop_ = true;
    }
    cv_.notify_all();
    worker_.join();
  }
  prefetching_stream(prefetching_stream const&) = delete;
  prefetching_stream& operator=(prefetching_stream const&) = delete;

  std::size_t read(char* buf, std::size_t n) override {
    std::size_t done = 0;
    while (done < n) {
      if (pos_ == current_.size()) {
        std::unique_lock lock{m_};
        cv_.wait(lock, [&] { return !queue_.empty() || finished_; });
        if (queue_.empty()) {
          if (error_) {
            std::rethrow_exception(error_);
          }
          break;
        }
        current_ = std::move(queue_.front());
        queue_.pop_front();
        pos_ = 0;
        cv_.notify_all();
      }
      auto const k = std::min(n - done, current_.size() - pos_);
      std::memcpy(buf + done, current_.data() + pos_, k);
      pos_ += k;
      done += k;
    }
    return done;
  }
  std::uint64_t size() const override { return size_; }

 private:
  void run() {
    try {
      while (true) {
        std::string block(kBlock, '\0');
        std::size_t filled = 0;
        while (filled < kBlock) {
          auto const k = inner_->read(block.data() + filled, kBlock - filled);
          if (k == 0) {
            break;
          }
          filled += k;
        }
        block.resize(filled);
        std::unique_lock lock{m_};
        cv_.wait(lock, [&] { return queue_.size() < kMaxQueued || stop_; });
        if (stop_ || filled == 0) {
          break;
        }
        queue_.push_back(std::move(block));
        cv_.notify_all();
      }
    } catch (...) {
      std::lock_guard lock{m_};
      error_ = std::current_exception();
    }
    std::lock_guard lock{m_};
    finished_ = true;
    cv_.notify_all();
  }

  std::unique_ptr<byte_stream> inner_;
  std::uint64_t size_;
  std::mutex m_;
  std::condition_variable cv_;
  std::deque<std::string> queue_;
  std::string current_;
  std::size_t pos_{0};
  bool stop_{false};
  bool finished_{false};
  std::exception_ptr error_;
  std::thread worker_;  // last: starts after the members it uses exist
};

std::unique_ptr<byte_stream> maybe_prefetch(std::unique_ptr<byte_stream> s) {
  if (s->size() >= 2 * prefetching_stream::kBlock) {
    return std::make_unique<prefetching_stream>(std::move(s));
  }
  return s;
}

class memory_source final : public feed_source {
 public:
  explicit memory_source(std::map<std::string, std::string> files) : files_{std::move(files)} {}
  std::vector<std::string> files() const override {
    std::vector<std::string> v;
    for (auto const& [name, _] : files_) {
      v.push_back(name);
    }
    return v;
  }
  std::unique_ptr<byte_stream> open(std::string const& name) const override {
    auto const it = files_.find(name);
    return it == files_.end() ? nullptr : csv::memory_stream(it->second);
  }
  std::string description() const override { return "in-memory feed"; }

 private:
  std::map<std::string, std::string> files_;
};

class folder_source final : public feed_source {
 public:
  explicit folder_source(fs::path dir) : dir_{std::move(dir)} {}
  std::vector<std::string> files() const override {
    std::vector<std::string> v;
    for (auto const& e : fs::directory_iterator{dir_}) {
      if (e.is_regular_file()) {
        v.push_back(e.path().filename().string());
      }
    }
    std::sort(v.begin(), v.end());
    return v;
  }
  bool has(std::string const& name) const override { return fs::is_regular_file(dir_ / name); }
  std::unique_ptr<byte_stream> open(std::string const& name) const override {
    if (!has(name)) {
      return nullptr;
    }
    return maybe_prefetch(std::make_unique<file_stream>(dir_ / name));
  }
  std::string description() const override { return dir_.string(); }

 private:
  fs::path dir_;
};

struct zip_closer {
  void operator()(zip_t* z) const { zip_discard(z); }
};

class zip_entry_stream final : public byte_stream {
 public:
  zip_entry_stream(zip_file_t* f, std::uint64_t size, std::string name) : f_{f}, size_{size}, name_{std::move(name)} {}
  ~zip_entry_stream() override { zip_fclose(f_); }
  zip_entry_stream(zip_entry_stream const&) = delete;
  zip_entry_stream& operator=(zip_entry_stream const&) = delete;
  std::size_t read(char* buf, std::size_t n) override {
    auto const k = zip_fread(f_, buf, n);
    if (k < 0) {
      throw data_error{{name_}, fmt::format("cannot decompress: {}", zip_file_strerror(f_))};
    }
    return static_cast<std::size_t>(k);
  }
  std::uint64_t size() const override { return size_; }

 private:
  zip_file_t* f_;
  std::uint64_t size_;
  std::string name_;
};

// A zip archive. libzip handles are not thread-safe, so each open() opens the archive anew; entries
// are then read independently (the prefetch thread owns its handle).
class zip_source final : public feed_source {
 public:
  explicit zip_source(fs::path path) : path_{std::move(path)} {
    auto z = open_archive();
    auto const n = zip_get_num_entries(z.get(), 0);
    std::vector<std::string> names;
    for (zip_int64_t i = 0; i < n; ++i) {
      if (char const* name = zip_get_name(z.get(), static_cast<zip_uint64_t>(i), 0); name != nullptr) {
        names.emplace_back(name);
      }
    }
    // Files inside a single folder: use that folder as the feed's top.
    auto const top_level = [&](std::string const& prefix) {
      std::vector<std::string> v;
      for (auto const& name : names) {
        if (name.size() > prefix.size() && name.starts_with(prefix) && name.find('/', prefix.size()) == std::string::npos) {
          v.push_back(name.substr(prefix.size()));
        }
      }
      return v;
    };
    files_ = top_level("");
    if (std::find(files_.begin(), files_.end(), "stops.txt") == files_.end()) {
      for (auto const& name : names) {
        if (auto const slash = name.rfind("/stops.txt"); slash != std::string::npos && slash + 10 == name.size()) {
          prefix_ = name.substr(0, slash + 1);
          files_ = top_level(prefix_);
          break;
        }
      }
    }
    std::sort(files_.begin(), files_.end());
  }
  std::vector<std::string> files() const override { return files_; }
  std::unique_ptr<byte_stream> open(std::string const& name) const override {
    if (!has(name)) {
      return nullptr;
    }
    auto z = open_archive();
    auto const full = prefix_ + name;
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat(z.get(), full.c_str(), 0, &st) != 0) {
      return nullptr;
    }
    zip_file_t* f = zip_fopen(z.get(), full.c_str(), 0);
    if (f == nullptr) {
      throw data_error{{path_.string() + ":" + name}, fmt::format("cannot open zip entry: {}", zip_strerror(z.get()))};
    }
    // The stream keeps the archive open: hand the archive's ownership to it.
    struct owning_stream final : byte_stream {
      owning_stream(std::unique_ptr<zip_t, zip_closer> archive, std::unique_ptr<zip_entry_stream> entry)
          : archive_{std::move(archive)}, entry_{std::move(entry)} {}
      ~owning_stream() override { entry_.reset(); }
      std::size_t read(char* buf, std::size_t n) override { return entry_->read(buf, n); }
      std::uint64_t size() const override { return entry_->size(); }
      std::unique_ptr<zip_t, zip_closer> archive_;
      std::unique_ptr<zip_entry_stream> entry_;
    };
    auto entry = std::make_unique<zip_entry_stream>(f, (st.valid & ZIP_STAT_SIZE) != 0 ? st.size : 0, path_.string() + ":" + name);
    return maybe_prefetch(std::make_unique<owning_stream>(std::move(z), std::move(entry)));
  }
  std::string description() const override { return path_.string(); }

 private:
  std::unique_ptr<zip_t, zip_closer> open_archive() const {
    int err = 0;
    zip_t* z = zip_open(path_.c_str(), ZIP_RDONLY, &err);
    if (z == nullptr) {
      zip_error_t ze;
      zip_error_init_with_code(&ze, err);
      auto msg = fmt::format("not a readable zip archive: {}", zip_error_strerror(&ze));
      zip_error_fini(&ze);
      throw data_error{{path_.string()}, msg};
    }
    return std::unique_ptr<zip_t, zip_closer>{z};
  }

  fs::path path_;
  std::string prefix_;
  std::vector<std::string> files_;
};

}  // namespace

std::unique_ptr<feed_source> open_feed(fs::path const& path) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    if (fs::is_regular_file(path / "stops.txt") || fs::is_regular_file(path / "agency.txt")) {
      return std::make_unique<folder_source>(path);
    }
    std::vector<fs::path> candidates;
    for (auto const& e : fs::directory_iterator{path}) {
      if (e.is_directory() && fs::is_regular_file(e.path() / "stops.txt")) {
        candidates.push_back(e.path());
      }
    }
    if (candidates.size() == 1) {
      return std::make_unique<folder_source>(candidates.front());
    }
    if (candidates.size() > 1) {
      std::vector<std::string> names;
      for (auto const& c : candidates) {
        names.push_back(c.filename().string());
      }
      std::sort(names.begin(), names.end());
      throw data_error{{path.string()}, fmt::format("no feed at the top but {} in sub-folders ({}): import one of them",
                                                    names.size(), fmt::join(names, ", "))};
    }
    return std::make_unique<folder_source>(path);  // the loader reports the missing files
  }
  if (!fs::exists(path, ec)) {
    throw data_error{{path.string()}, "no such file or folder"};
  }
  char magic[4] = {};
  std::ifstream in{path, std::ios::binary};
  in.read(magic, 4);
  if (in.gcount() != 4 || std::memcmp(magic, "PK\x03\x04", 4) != 0) {
    throw data_error{{path.string()}, "not a GTFS feed: neither a folder nor a zip archive"};
  }
  return std::make_unique<zip_source>(path);
}

std::unique_ptr<feed_source> memory_feed(std::map<std::string, std::string> files) {
  return std::make_unique<memory_source>(std::move(files));
}

}  // namespace caravan::gtfs

#include <sys/stat.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <system_error>
#include <vector>

#include <fmt/format.h>

#include "caravan/base/error.h"
#include "caravan/gtfs/load.h"
#include "caravan/timetable/file.h"
#include "commands.h"

namespace caravan::cli {

namespace {

namespace fs = std::filesystem;

// The files an import of `feed` may read: the feed itself (a zip), or every regular file of the feed
// folder and of its sub-folders one level down (a feed may sit in one).
std::vector<fs::path> files_read(fs::path const& feed) {
  std::vector<fs::path> out{feed};
  std::error_code ec;
  if (!fs::is_directory(feed, ec)) {
    return out;
  }
  for (auto it = fs::directory_iterator{feed, ec}; !ec && it != fs::directory_iterator{}; it.increment(ec)) {
    std::error_code sub_ec;
    if (it->is_directory(sub_ec)) {
      for (auto sub = fs::directory_iterator{it->path(), sub_ec}; !sub_ec && sub != fs::directory_iterator{}; sub.increment(sub_ec)) {
        out.push_back(sub->path());
      }
    } else {
      out.push_back(it->path());
    }
  }
  return out;
}

// Refuses an output that would replace what the import reads (the feed, or a file of the feed folder,
// however named: same device and inode) or that is not a regular file (/dev/null, a folder, a FIFO).
void check_output(fs::path const& feed, fs::path const& output) {
  tt::check_snapshot_target(output);
  struct stat out {};
  if (::stat(output.c_str(), &out) != 0) {
    return;  // nothing there yet
  }
  for (auto const& f : files_read(feed)) {
    struct stat in {};
    if (::stat(f.c_str(), &in) == 0 && in.st_dev == out.st_dev && in.st_ino == out.st_ino) {
      throw data_error{{output.string()},
                       f == feed ? fmt::format("is the feed being imported ({}); write the snapshot to another file", feed.string())
                                 : fmt::format("is {}, a file of the feed being imported; write the snapshot to another file", f.string())};
    }
  }
}

}  // namespace

command add_import_command(CLI::App& app) {
  struct options {
    std::string feed;
    std::string output = "timetable.bin";
    gtfs::load_options load;
    bool quiet = false;
  };
  auto o = std::make_shared<options>();
  auto* cmd = app.add_subcommand("import", "Import a GTFS feed (zip or folder) into a timetable snapshot");
  cmd->add_option("feed", o->feed, "GTFS feed: a .zip file or a folder")->required();
  cmd->add_option("-o,--output", o->output,
                  "Snapshot file to write (replaced atomically; never the feed itself, a file of it, a folder or a device)")
      ->capture_default_str();
  cmd->add_option("--walk-radius", o->load.footpaths_.walk_radius_m_,
                  "Generate footpaths between stops within this many metres (0: none)")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 5000.0));
  cmd->add_option("--walk-speed", o->load.footpaths_.walk_speed_m_per_s_, "Walking speed in metres per second")
      ->capture_default_str()
      ->check(CLI::Range(0.1, 10.0));
  cmd->add_flag("-q,--quiet", o->quiet, "No progress and no report");
  return [o] {
    auto const start = std::chrono::steady_clock::now();
    check_output(o->feed, o->output);  // before the feed is read: a refused output fails at once
    progress p{!o->quiet};
    auto const feed = gtfs::open_feed(o->feed);
    auto result = gtfs::load(*feed, o->load, p);
    check_output(o->feed, o->output);  // again: something may have appeared there meanwhile
    tt::write_timetable(result.data_, o->output);
    auto const secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (!o->quiet) {
      std::fputs(result.report_.to_string().c_str(), stdout);
      std::fputs(fmt::format("wrote {} in {:.2f} s\n", o->output, secs).c_str(), stdout);
    }
    return 0;
  };
}

}  // namespace caravan::cli

#pragma once
// The `caravan` binary end to end (tests/cli mirrors apps/caravan, one file per command): run the built
// binary (CARAVAN_BINARY) in a folder and read what it printed; the bundled Silk Road data imported by
// `caravan import` once per test process.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <system_error>
#include <vector>

#include <fmt/format.h>

namespace caravan::cli::test {

namespace fs = std::filesystem;

struct result {
  int code_;
  std::string out_, err_;
};

inline std::string slurp(fs::path const& p) {
  std::ifstream in{p, std::ios::binary};
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

inline fs::path source_dir() { return fs::path{CARAVAN_SOURCE_DIR}; }

// A file of the real feeds in the shared folder (CARAVAN_SHARED_DIR, from the environment or the build).
inline fs::path shared_feed(std::string const& file) {
  char const* env = std::getenv("CARAVAN_SHARED_DIR");
  return fs::path{env != nullptr ? env : CARAVAN_SHARED_DIR} / "gtfs" / "feeds" / file;
}

// This process's scratch folder (ctest runs each test in a process of its own), removed at exit.
inline fs::path const& scratch() {
  struct folder {
    folder() : path_{fs::temp_directory_path() / fmt::format("caravan-cli-test-{}", ::getpid())} {
      fs::create_directories(path_);
    }
    ~folder() {
      std::error_code ignored;
      fs::remove_all(path_, ignored);
    }
    fs::path path_;
  };
  static folder const f;
  return f.path_;
}

// One argument for the shell, single-quoted.
inline std::string quoted(std::string const& s) {
  std::string out = "'";
  for (auto const c : s) {
    out += c == '\'' ? std::string{"'\\''"} : std::string(1, c);
  }
  return out + "'";
}

// Runs caravan with these arguments in `dir`; `env` goes to env(1) first ("NAME=value", or "-u", "NAME").
inline result run_caravan(fs::path const& dir, std::vector<std::string> const& args, std::vector<std::string> const& env = {}) {
  std::string cmd = "cd " + quoted(dir.string()) + " && env";
  for (auto const& e : env) {
    cmd += " " + quoted(e);
  }
  cmd += " " + quoted(CARAVAN_BINARY);
  for (auto const& a : args) {
    cmd += " " + quoted(a);
  }
  auto const out = scratch() / "out.txt";
  auto const err = scratch() / "err.txt";
  cmd += " > " + quoted(out.string()) + " 2> " + quoted(err.string());
  auto const status = std::system(cmd.c_str());
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, slurp(out), slurp(err)};
}

// The bundled Silk Road data (data/silkroad) imported by `caravan import` into the scratch folder, once.
inline result const& import_silkroad() {
  static result const r = run_caravan(
      scratch(), {"import", (source_dir() / "data" / "silkroad").string(), "-o", (scratch() / "silkroad.bin").string(), "-q"});
  return r;
}
inline fs::path silkroad_snapshot() { return scratch() / "silkroad.bin"; }

// Tests on the imported Silk Road data, run in the scratch folder.
class silkroad_test : public testing::Test {
 protected:
  void SetUp() override { ASSERT_EQ(import_silkroad().code_, 0) << import_silkroad().err_; }
  static result run(std::vector<std::string> const& args) { return run_caravan(scratch(), args); }
};

}  // namespace caravan::cli::test

#pragma once
// `caravan serve` as a child process for the tests (tests/cli): started with arguments and environment,
// its stdout and stderr read, its exit awaited.
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <string>
#include <vector>

#include "cli.h"

namespace caravan::cli::test {

struct process {
  pid_t pid_{-1};
  FILE* out_{nullptr};  // the child's stdout
  FILE* err_{nullptr};
};

// `max_files`: the child's open-file limit (soft and hard), 0 for the parent's.
inline process start(std::vector<std::string> args, std::vector<std::string> env = {}, rlim_t max_files = 0) {
  int out[2], err[2];
  EXPECT_EQ(::pipe(out), 0);
  EXPECT_EQ(::pipe(err), 0);
  auto const pid = ::fork();
  if (pid == 0) {
    ::dup2(out[1], 1);
    ::dup2(err[1], 2);
    if (max_files != 0) {
      rlimit const files{max_files, max_files};
      ::setrlimit(RLIMIT_NOFILE, &files);
    }
    ::close(out[0]);
    ::close(err[0]);
    // The tests run outside the source tree: the rules folder comes from the environment unless `env` says.
    static std::string rules = "CARAVAN_RULES=" + (source_dir() / "data" / "rules").string();
    ::putenv(rules.data());
    for (auto const& e : env) {
      ::putenv(const_cast<char*>(e.c_str()));
    }
    std::vector<char*> argv{const_cast<char*>(CARAVAN_BINARY), const_cast<char*>("serve")};
    for (auto& a : args) {
      argv.push_back(a.data());
    }
    argv.push_back(nullptr);
    ::execv(CARAVAN_BINARY, argv.data());
    ::_exit(127);
  }
  ::close(out[1]);
  ::close(err[1]);
  return {pid, ::fdopen(out[0], "r"), ::fdopen(err[0], "r")};
}

inline std::string read_all(FILE* f) {
  std::string s;
  char buf[4096];
  while (auto const n = std::fread(buf, 1, sizeof(buf), f)) {
    s.append(buf, n);
  }
  return s;
}

inline int finish(process& p) {
  int status = 0;
  ::waitpid(p.pid_, &status, 0);
  std::fclose(p.out_);
  std::fclose(p.err_);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace caravan::cli::test

#pragma once
// End-to-end tests run the built `caravan` (CARAVAN_BINARY) in a folder and read what it printed.
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>

namespace caravan::test {

struct result {
  int code_;
  std::string out_, err_;
};

inline std::string slurp(std::filesystem::path const& p) {
  std::ifstream in{p, std::ios::binary};
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Runs caravan with these arguments in `dir` (each argument single-quoted for the shell).
inline result run_caravan(std::filesystem::path const& dir, std::vector<std::string> const& args) {
  std::string cmd = fmt::format("cd '{}' && '{}'", dir.string(), CARAVAN_BINARY);
  for (auto const& a : args) {
    cmd += " '" + a + "'";
  }
  cmd += " > out.txt 2> err.txt";
  auto const status = std::system(cmd.c_str());
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, slurp(dir / "out.txt"), slurp(dir / "err.txt")};
}

}  // namespace caravan::test

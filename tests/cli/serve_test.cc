// `caravan serve` end to end: the binary serves a snapshot on the port it prints, takes its
// configuration from flags and the environment, and stops cleanly on SIGTERM.
#include <signal.h>
#include <sys/resource.h>

#include <boost/asio/write.hpp>
#include <chrono>
#include <cstdio>
#include <regex>
#include <thread>

#include "cli.h"
#include "harness.h"
#include "process.h"

namespace caravan::cli::test {
namespace {

// The Silk Road snapshot is imported before any server starts.
using ServeCommand = silkroad_test;

TEST_F(ServeCommand, ServesOnThePrintedPortAndStopsOnSigterm) {
  auto p = start({"--timetable", silkroad_snapshot().string(), "--port", "0", "--threads", "2", "--rules",
                  (source_dir() / "data" / "rules").string()},
                 {"CARAVAN_PORT=1", "CARAVAN_RULES=/nonexistent/rules"});
  char line[512] = {};
  ASSERT_NE(std::fgets(line, sizeof(line), p.out_), nullptr);
  std::cmatch m;
  ASSERT_TRUE(std::regex_search(line, m, std::regex{R"(ready on http://127\.0\.0\.1:(\d+))"})) << line;
  auto const port = static_cast<std::uint16_t>(std::stoi(m[1]));
  EXPECT_NE(port, 0) << "--port wins over CARAVAN_PORT";
  {
    server::testing::client c{port};  // checks every reply against api/openapi.yaml
    EXPECT_EQ(c.get("/health").status, 200);
    EXPECT_EQ(c.get("/api/v1/plan?fromPlace=Kashgar&toPlace=Osh&time=2026-06-05T15:00").status, 200);
    // --rules wins over CARAVAN_RULES: the verdicts come from the rules given.
    auto const p2 = c.get("/api/v1/plan?fromPlace=Kashgar&toPlace=Osh&time=2026-06-05T15:00&travellers=CN");
    EXPECT_EQ(p2.status, 200);
    EXPECT_NE(p2.body.find("\"entry\""), std::string::npos) << p2.body.substr(0, 300);
  }
  ::kill(p.pid_, SIGTERM);
  auto const err = read_all(p.err_);
  EXPECT_EQ(finish(p), 0) << err;
  EXPECT_NE(err.find("listening on http://127.0.0.1:"), std::string::npos) << err;
  EXPECT_NE(err.find(" GET /health 200 "), std::string::npos) << err;
  EXPECT_NE(err.find("SIGTERM: finishing the requests in flight"), std::string::npos) << err;
  EXPECT_NE(err.find("stopped"), std::string::npos) << err;
}

TEST_F(ServeCommand, ConfigurationFromTheEnvironment) {
  auto p = start({"-q"}, {"CARAVAN_TIMETABLE=" + silkroad_snapshot().string(), "CARAVAN_PORT=0",
                          "CARAVAN_BIND=127.0.0.1", "CARAVAN_THREADS=1"});
  char line[512] = {};
  ASSERT_NE(std::fgets(line, sizeof(line), p.out_), nullptr);
  EXPECT_NE(std::string{line}.find("ready on http://127.0.0.1:"), std::string::npos) << line;
  ::kill(p.pid_, SIGINT);
  auto const err = read_all(p.err_);
  EXPECT_EQ(finish(p), 0) << err;
  EXPECT_NE(err.find("(1 thread, timetable " + silkroad_snapshot().string()), std::string::npos) << err;
  EXPECT_EQ(err.find(" GET "), std::string::npos) << "-q: no access log";
}

TEST_F(ServeCommand, BadConfigurationExitsWithAClearError) {
  {
    auto p = start({"--timetable", silkroad_snapshot().string()}, {"CARAVAN_THREADS=many"});
    auto const err = read_all(p.err_);
    EXPECT_EQ(finish(p), 1);
    EXPECT_NE(err.find("caravan: error: CARAVAN_THREADS=`many` is not a whole number between 1 and 256"),
              std::string::npos)
        << err;
  }
  {
    auto p = start({"--timetable", "/nonexistent/timetable.bin", "--port", "0"});
    auto const err = read_all(p.err_);
    EXPECT_EQ(finish(p), 1);
    EXPECT_NE(err.find("caravan: error: /nonexistent/timetable.bin"), std::string::npos) << err;
  }
  {
    // A missing rules folder stops the start before anything listens, naming the folder.
    auto p = start({"--timetable", silkroad_snapshot().string(), "--port", "0"}, {"CARAVAN_RULES=/nonexistent/rules"});
    auto const err = read_all(p.err_);
    EXPECT_EQ(finish(p), 1);
    EXPECT_NE(err.find("caravan: error: /nonexistent/rules: not a rules folder"), std::string::npos) << err;
    EXPECT_EQ(err.find("listening"), std::string::npos) << err;
  }
  {
    // A broken one names the file and what is wrong in it.
    auto const dir = scratch() / "broken-rules";
    fs::create_directories(dir);
    std::ofstream{dir / "broken.json"} << "{\"rules\": [";
    auto p = start({"--timetable", silkroad_snapshot().string(), "--port", "0", "--rules", dir.string()});
    auto const err = read_all(p.err_);
    EXPECT_EQ(finish(p), 1);
    EXPECT_NE(err.find("caravan: error: " + (dir / "broken.json").string()), std::string::npos) << err;
  }
  {
    auto p = start({"--timetable", silkroad_snapshot().string(), "--bind", "not-an-address"});
    auto const err = read_all(p.err_);
    EXPECT_EQ(finish(p), 1);
    EXPECT_NE(err.find("caravan: error: cannot listen on not-an-address:8080"), std::string::npos) << err;
  }
}

// Reads the port from the `ready on` line.
std::uint16_t ready_port(process& p) {
  char line[512] = {};
  if (std::fgets(line, sizeof(line), p.out_) == nullptr) {
    return 0;
  }
  std::cmatch m;
  if (!std::regex_search(line, m, std::regex{R"(ready on http://127\.0\.0\.1:(\d+))"})) {
    return 0;
  }
  return static_cast<std::uint16_t>(std::stoi(m[1]));
}

std::string version_served(std::uint16_t port) {
  server::testing::client c{port};
  auto const r = c.get("/health");
  auto const at = r.body.find("\"version\":\"");
  return at == std::string::npos ? "" : r.body.substr(at + 11, r.body.find('"', at + 11) - at - 11);
}

// Waits (up to 10 s) until the server serves `version`.
bool serves(std::uint16_t port, std::string const& version) {
  for (int i = 0; i != 100; ++i) {
    if (version_served(port) == version) {
      return true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds{100});
  }
  return false;
}

// The Silk Road data with another feed_version, imported to `out`.
void import_variant(std::string const& version, fs::path const& out) {
  auto const dir = scratch() / ("feed-" + version);
  fs::remove_all(dir);
  fs::copy(source_dir() / "data" / "silkroad", dir, fs::copy_options::recursive);
  auto info = slurp(dir / "feed_info.txt");
  auto const at = info.find("silkroad-2027-12");
  ASSERT_NE(at, std::string::npos);
  info.replace(at, std::string{"silkroad-2027-12"}.size(), version);
  std::ofstream{dir / "feed_info.txt", std::ios::trunc} << info;
  auto const r = run_caravan(scratch(), {"import", dir.string(), "-o", out.string(), "-q"});
  ASSERT_EQ(r.code_, 0) << r.err_;
}

TEST_F(ServeCommand, AReplacedSnapshotIsReloadedAndABrokenOneRefused) {
  auto const served = scratch() / "served.bin";
  fs::copy_file(silkroad_snapshot(), served, fs::copy_options::overwrite_existing);
  import_variant("variant-b", scratch() / "b.bin");
  import_variant("variant-c", scratch() / "c.bin");
  auto p = start({"--timetable", served.string(), "--port", "0", "--threads", "1"});
  auto const port = ready_port(p);
  ASSERT_NE(port, 0);
  EXPECT_EQ(version_served(port), "silkroad-2027-12");

  // Replaced by rename, the documented way: served within about two seconds.
  fs::rename(scratch() / "b.bin", served);
  EXPECT_TRUE(serves(port, "variant-b"));

  // Overwritten in place with half a file: refused, the data loaded before still served (no SIGBUS).
  auto const whole = slurp(scratch() / "c.bin");
  {
    std::ofstream out{served, std::ios::binary | std::ios::trunc};
    out.write(whole.data(), static_cast<std::streamsize>(whole.size() / 2));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds{3000});
  EXPECT_EQ(version_served(port), "variant-b");
  {
    server::testing::client c{port};
    EXPECT_EQ(c.get("/api/v1/plan?fromPlace=Almaty&toPlace=Tashkent&time=2026-06-05T06:00").status, 200);
  }

  // The whole file written in place, then SIGHUP: served.
  {
    std::ofstream out{served, std::ios::binary | std::ios::trunc};
    out.write(whole.data(), static_cast<std::streamsize>(whole.size()));
  }
  ::kill(p.pid_, SIGHUP);
  EXPECT_TRUE(serves(port, "variant-c"));

  ::kill(p.pid_, SIGTERM);
  auto const err = read_all(p.err_);
  EXPECT_EQ(finish(p), 0) << err;
  EXPECT_NE(err.find("reloaded " + served.string()), std::string::npos) << err;
  EXPECT_NE(err.find("reload refused, still serving the data loaded before: " + served.string()),
            std::string::npos)
      << err;
  EXPECT_NE(err.find("SIGHUP: reloading"), std::string::npos) << err;
}

TEST_F(ServeCommand, OutOfFileDescriptorsItPausesInsteadOfSpinning) {
  // 40 descriptors: a few for the process, the rest for connections; 150 clients connect and wait.
  auto p = start({"--timetable", silkroad_snapshot().string(), "--port", "0", "--threads", "1", "-q"}, {}, 40);
  auto const port = ready_port(p);
  ASSERT_NE(port, 0);
  namespace net = boost::asio;
  net::io_context ioc;
  std::vector<std::unique_ptr<net::ip::tcp::socket>> idle;
  for (int i = 0; i != 150; ++i) {
    auto s = std::make_unique<net::ip::tcp::socket>(ioc);
    boost::system::error_code ec;
    s->connect({net::ip::make_address("127.0.0.1"), port}, ec);
    if (!ec) {
      idle.push_back(std::move(s));
    }
  }
  std::this_thread::sleep_for(std::chrono::milliseconds{1500});
  idle.clear();  // descriptors free again: the server accepts and answers
  std::string metrics;
  for (int i = 0; i != 100 && metrics.empty(); ++i) {
    try {
      server::testing::client c{port};
      auto const r = c.get("/metrics");
      if (r.status == 200) {
        metrics = r.body;
      }
    } catch (std::exception const&) {
      std::this_thread::sleep_for(std::chrono::milliseconds{100});
    }
  }
  ASSERT_FALSE(metrics.empty()) << "never answered again";
  std::smatch m;
  ASSERT_TRUE(std::regex_search(metrics, m, std::regex{R"(caravan_http_accept_failures_total (\d+))"}));
  auto const failures = std::stoi(m[1]);
  EXPECT_GT(failures, 0) << "the descriptors never ran out: the test proves nothing";
  // A spinning accept fails hundreds of thousands of times in 1.5 s; pausing 100 ms, a few dozen.
  EXPECT_LT(failures, 200);
  ::kill(p.pid_, SIGTERM);
  auto const err = read_all(p.err_);
  EXPECT_EQ(finish(p), 0) << err;
  EXPECT_NE(err.find("cannot accept connections: Too many open files; pausing 100 ms between tries"),
            std::string::npos)
      << err;
}

}  // namespace
}  // namespace caravan::cli::test

namespace caravan::cli::test {
namespace {

// --web: the built app at / beside the API; a folder without index.html stops the start.
TEST_F(ServeCommand, ServesTheWebAppFromTheFolderGiven) {
  auto const web = scratch() / "web-dist";
  fs::create_directories(web / "assets");
  std::ofstream{web / "index.html"} << "<!doctype html><div id=app></div>";
  std::ofstream{web / "assets" / "index-1.js"} << "export {};";
  auto p = start({"--timetable", silkroad_snapshot().string(), "--port", "0", "-q", "--web", web.string()});
  auto const port = ready_port(p);
  ASSERT_NE(port, 0);
  {
    server::testing::client c{port};
    auto const index = c.raw("GET /plan?from=xian HTTP/1.1\r\nHost: t\r\n\r\n");
    EXPECT_EQ(index.status, 200);
    EXPECT_NE(index.body.find("<div id=app>"), std::string::npos);
    auto const js = c.raw("GET /assets/index-1.js HTTP/1.1\r\nHost: t\r\n\r\n");
    EXPECT_EQ(js.header("cache-control"), "public, max-age=31536000, immutable");
    EXPECT_EQ(c.get("/api/v1/nothing").status, 404);
  }
  ::kill(p.pid_, SIGTERM);
  auto const err = read_all(p.err_);
  EXPECT_EQ(finish(p), 0) << err;
  EXPECT_NE(err.find("the web app at / from " + web.string() + " (2 files)"), std::string::npos) << err;

  auto bad = start({"--timetable", silkroad_snapshot().string(), "--port", "0", "--web", "/nonexistent/dist"});
  auto const bad_err = read_all(bad.err_);
  EXPECT_EQ(finish(bad), 1);
  EXPECT_NE(bad_err.find("caravan: error: /nonexistent/dist: not a folder"), std::string::npos) << bad_err;
}

}  // namespace
}  // namespace caravan::cli::test

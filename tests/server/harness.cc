#include "harness.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "caravan/base/progress.h"
#include "caravan/gtfs/load.h"

namespace caravan::server::testing {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace fs = std::filesystem;

std::shared_ptr<loaded_data const> silkroad() {
  static auto const data = [] {
    auto const dir = fs::path{CARAVAN_SOURCE_DIR} / "data" / "silkroad";
    progress quiet{false};
    auto r = gtfs::load(*gtfs::open_feed(dir), {}, quiet);
    auto const sites_file = (dir / "caravan_heritage_sites.txt").string();
    // The tours' visit estimates, as `caravan serve` reads them by default.
    auto const visits_file = fs::path{CARAVAN_SOURCE_DIR} / "data" / "tours" / "site_visits.csv";
    return std::make_shared<loaded_data const>(
        tt::timetable::from_data(std::move(r.data_)), sites::load_sites(sites_file), sites_file,
        rules::rule_set::load_directory(fs::path{CARAVAN_SOURCE_DIR} / "data" / "rules"),
        fs::exists(visits_file) ? tours::load_visit_overrides(visits_file) : std::vector<tours::visit_override>{});
  }();
  return data;
}

std::string spec_text() {
  std::ifstream in{fs::path{CARAVAN_SOURCE_DIR} / "api" / "openapi.yaml", std::ios::binary};
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

openapi_check& spec() {
  static openapi_check check{spec_text()};
  return check;
}

void check_reply(std::string const& method, std::string const& target, reply const& r) {
  for (auto const& problem : spec().check(method, target, r.status, r.header("content-type"), r.body)) {
    ADD_FAILURE() << method << " " << target << " -> " << r.status << ": " << problem
                  << "\n  body: " << r.body.substr(0, 400);
  }
}

std::string gunzip(std::string const& data) {
  z_stream zs{};
  if (inflateInit2(&zs, 15 + 16) != Z_OK) {
    return {};
  }
  std::string out;
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  char buf[16384];
  int rc = Z_OK;
  while (rc == Z_OK) {
    zs.next_out = reinterpret_cast<Bytef*>(buf);
    zs.avail_out = sizeof(buf);
    rc = inflate(&zs, Z_NO_FLUSH);
    out.append(buf, sizeof(buf) - zs.avail_out);
  }
  inflateEnd(&zs);
  return rc == Z_STREAM_END ? out : std::string{"<bad gzip>"};
}

client::client(std::uint16_t port, std::string const& from) : stream_{ioc_} {
  stream_.expires_after(std::chrono::seconds{10});
  if (!from.empty()) {
    // Another loopback address (127.0.0.0/8 is all loopback): another client to the server.
    auto& sock = stream_.socket();
    sock.open(net::ip::tcp::v4());
    sock.bind({net::ip::make_address(from), 0});
  }
  stream_.connect(net::ip::tcp::endpoint{net::ip::make_address("127.0.0.1"), port});
}

reply client::read() {
  // Asynchronously, run here: a tcp_stream's timeout applies to asynchronous operations only, and a
  // test waiting on a server that never answers must fail, not hang.
  stream_.expires_after(std::chrono::seconds{10});
  http::response<http::string_body> res;
  beast::error_code ec;
  http::async_read(stream_, buffer_, res, [&ec](beast::error_code e, std::size_t) { ec = e; });
  ioc_.restart();
  ioc_.run();
  if (ec) {
    throw beast::system_error{ec};
  }
  reply out;
  out.status = res.result_int();
  for (auto const& f : res) {
    std::string name{f.name_string()};
    for (auto& c : name) {
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    out.headers[name] = std::string{f.value()};
  }
  out.raw_body = res.body();
  out.body = out.header("content-encoding") == "gzip" ? gunzip(res.body()) : res.body();
  return out;
}

reply client::request(std::string const& method,
                      std::string const& target,
                      std::vector<std::pair<std::string, std::string>> const& headers,
                      std::string const& body) {
  http::request<http::string_body> req{http::string_to_verb(method), target, 11};
  req.set(http::field::host, "127.0.0.1");
  for (auto const& [k, v] : headers) {
    req.set(k, v);
  }
  if (!body.empty()) {
    req.body() = body;
  }
  req.prepare_payload();
  stream_.expires_after(std::chrono::seconds{10});
  http::write(stream_, req);
  auto r = read();
  check_reply(method, target, r);
  return r;
}

reply client::get(std::string const& target,
                  std::vector<std::pair<std::string, std::string>> const& headers) {
  return request("GET", target, headers);
}

reply client::raw(std::string const& bytes) {
  stream_.expires_after(std::chrono::seconds{10});
  net::write(stream_, net::buffer(bytes));
  return read();
}

server_config test_config() {
  server_config cfg;
  cfg.bind_ = "127.0.0.1";
  cfg.port_ = 0;
  cfg.threads_ = 2;
  cfg.limits_.read_timeout_ = std::chrono::milliseconds{2000};
  cfg.limits_.idle_timeout_ = std::chrono::milliseconds{2000};
  return cfg;
}

test_server::test_server(server_config cfg, bool with_data, std::function<void(service&)> const& setup) {
  if (setup) {
    setup(svc_);
  }
  if (with_data) {
    api_.set_data(silkroad());
  }
  if (!cfg.access_log_) {
    cfg.access_log_ = [this](std::string const& line) {
      std::lock_guard const lock{log_m_};
      log_.push_back(line);
    };
  }
  http_ = std::make_unique<http_server>(std::move(cfg), svc_);
  http_->start();
}

test_server::~test_server() {
  http_->shutdown();
  http_->wait();
}

}  // namespace caravan::server::testing

// The web app's files served at / next to the API (static_files.h): content types, caching headers,
// gzip, client-side routes to index.html, JSON 404s under /api/, and no way out of the folder.
#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/asio/write.hpp>
#include <filesystem>
#include <fstream>

#include "caravan/server/static_files.h"
#include "harness.h"

namespace caravan::server::testing {
namespace {

namespace fs = std::filesystem;

std::string const kSecret = "SECRET-OUTSIDE-THE-WEB-FOLDER";

void write(fs::path const& p, std::string const& text) {
  fs::create_directories(p.parent_path());
  std::ofstream{p, std::ios::binary} << text;
}

// A built app in a temporary folder, with a secret beside it that symlinks inside point to.
struct web_folder {
  fs::path base = fs::temp_directory_path() / ("caravan-static-test-" + std::to_string(::getpid()));
  fs::path dist = base / "dist";
  std::string js = "console.log('caravan');\n" + std::string(4000, ' ') + "export {};\n";
  web_folder() {
    fs::remove_all(base);
    write(dist / "index.html", "<!doctype html><title>Caravan</title><div id=app></div>");
    write(dist / "assets" / "index-4f2a9c.js", js);
    write(dist / "assets" / "index-77ab.css", "body{margin:0}");
    write(dist / "assets" / "font-1a.woff2", std::string(2000, 'w'));
    write(dist / "logo.png", std::string(3000, 'p'));
    write(dist / "icon.svg", "<svg xmlns='http://www.w3.org/2000/svg'/>");
    write(dist / "locales.json", "{}");
    write(base / "secret.txt", kSecret);
    write(base / "outside" / "secret.txt", kSecret);
    fs::create_symlink(base / "secret.txt", dist / "link-out.txt");
    fs::create_directory_symlink(base / "outside", dist / "linkdir");
    fs::create_symlink(dist / "icon.svg", dist / "assets" / "icon-link.svg");  // inside: served
  }
  ~web_folder() { fs::remove_all(base); }
};

struct StaticFiles : ::testing::Test {
  web_folder folder;
  std::shared_ptr<static_files const> files =
      std::make_shared<static_files const>(static_files::load(folder.dist));
  test_server server{test_config(), true, [this](service& svc) {
                       svc.set_fallback([f = files](api_request const& r) { return f->answer(r.target); });
                     }};
  // Unchecked against the spec: the app's files are not API operations.
  reply get(std::string const& target, std::string const& extra_headers = "", std::string const& method = "GET") {
    client c{server.port()};
    return c.raw(method + " " + target + " HTTP/1.1\r\nHost: test\r\n" + extra_headers + "\r\n");
  }
};

TEST_F(StaticFiles, ContentTypesAndCachingHeaders) {
  EXPECT_EQ(files->files(), 8U) << "the symlink out of the folder and its folder symlink are not read";
  auto const index = get("/");
  EXPECT_EQ(index.status, 200);
  EXPECT_EQ(index.header("content-type"), "text/html; charset=utf-8");
  EXPECT_EQ(index.header("cache-control"), "no-cache");
  EXPECT_NE(index.body.find("<div id=app>"), std::string::npos);
  auto const js = get("/assets/index-4f2a9c.js");
  EXPECT_EQ(js.status, 200);
  EXPECT_EQ(js.header("content-type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(js.header("cache-control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(js.body, folder.js);
  EXPECT_EQ(get("/assets/index-77ab.css").header("content-type"), "text/css; charset=utf-8");
  EXPECT_EQ(get("/assets/font-1a.woff2").header("content-type"), "font/woff2");
  EXPECT_EQ(get("/logo.png").header("content-type"), "image/png");
  EXPECT_EQ(get("/logo.png").header("cache-control"), "no-cache") << "only hashed assets/ are immutable";
  EXPECT_EQ(get("/icon.svg").header("content-type"), "image/svg+xml");
  EXPECT_EQ(get("/locales.json").header("content-type"), "application/json");
  EXPECT_EQ(get("/assets/icon-link.svg").status, 200) << "a symlink inside the folder is served";
  // HEAD: GET's header without the body (read with a parser told to expect none).
  client c{server.port()};
  boost::asio::write(c.stream(), boost::asio::buffer(std::string{
                                     "HEAD /assets/index-4f2a9c.js HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n"}));
  boost::beast::flat_buffer buffer;
  boost::beast::http::response_parser<boost::beast::http::empty_body> head;
  head.skip(true);
  boost::beast::http::read(c.stream(), buffer, head);
  EXPECT_EQ(head.get().result_int(), 200);
  EXPECT_EQ(std::string{head.get()[boost::beast::http::field::content_length]}, std::to_string(folder.js.size()));
  EXPECT_EQ(std::string{head.get()[boost::beast::http::field::cache_control]}, "public, max-age=31536000, immutable");
}

TEST_F(StaticFiles, GzipForTextPrecompressedFormatsAsTheyAre) {
  auto const js = get("/assets/index-4f2a9c.js", "Accept-Encoding: gzip\r\n");
  EXPECT_EQ(js.header("content-encoding"), "gzip");
  EXPECT_LT(js.raw_body.size(), folder.js.size() / 4);
  EXPECT_EQ(js.body, folder.js);
  EXPECT_NE(js.header("vary").find("Accept-Encoding"), std::string::npos);
  EXPECT_TRUE(get("/assets/index-4f2a9c.js").header("content-encoding").empty()) << "not asked for";
  EXPECT_TRUE(get("/logo.png", "Accept-Encoding: gzip\r\n").header("content-encoding").empty());
  EXPECT_TRUE(get("/assets/font-1a.woff2", "Accept-Encoding: gzip\r\n").header("content-encoding").empty());
}

TEST_F(StaticFiles, ClientSideRoutesGetIndexHtmlApiPathsStayJson404) {
  for (auto const* route : {"/plan", "/plan?from=xian&to=almaty&lang=zh", "/zh/plan/", "/map"}) {
    auto const r = get(route);
    EXPECT_EQ(r.status, 200) << route;
    EXPECT_NE(r.body.find("<div id=app>"), std::string::npos) << route;
    EXPECT_EQ(r.header("cache-control"), "no-cache") << route;
  }
  for (auto const* missing : {"/api/v1/nothing", "/api", "/api/", "/assets/gone-123.js", "/favicon.ico"}) {
    auto const r = get(missing);
    EXPECT_EQ(r.status, 404) << missing;
    EXPECT_EQ(r.header("content-type"), "application/json") << missing;
    EXPECT_NE(r.body.find("\"code\":\"not_found\""), std::string::npos) << missing << ": " << r.body;
  }
  EXPECT_EQ(get("/health").status, 200) << "the API's own routes come first";
  EXPECT_EQ(get("/api/v1/stops?q=xian").status, 200);
  EXPECT_EQ(get("/", "", "POST").status, 404) << "only GET and HEAD reach the files";
}

TEST_F(StaticFiles, NoPathLeadsOutOfTheFolder) {
  for (auto const* attack :
       {"/../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E/secret.txt", "/assets/../../secret.txt",
        "/assets/%2e%2e/%2e%2e/secret.txt", "/..%2fsecret.txt", "/%2e%2e%2fsecret.txt", "/link-out.txt",
        "/linkdir/secret.txt", "//secret.txt", "/./index.html", "/..%5csecret.txt",
        "/%2Fetc%2Fpasswd", "/etc/passwd", "/proc/self/environ"}) {
    auto const r = get(attack);
    EXPECT_EQ(r.body.find(kSecret), std::string::npos) << attack;
    EXPECT_EQ(r.body.find("root:"), std::string::npos) << attack;
    EXPECT_TRUE(r.status == 404 || r.status == 400 || r.body.find("<div id=app>") != std::string::npos)
        << attack << " -> " << r.status;
  }
  EXPECT_EQ(get("/../secret.txt").status, 404);
  EXPECT_EQ(get("/%2e%2e/secret.txt").status, 404);
  EXPECT_EQ(get("/link-out.txt").status, 404);
}

TEST(StaticFilesLoad, RefusesAFolderWithoutIndexHtmlOrNoFolder) {
  auto const dir = fs::temp_directory_path() / ("caravan-static-empty-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  write(dir / "app.js", "x");
  EXPECT_THROW(static_files::load(dir), std::runtime_error);
  EXPECT_THROW(static_files::load(dir / "missing"), std::runtime_error);
  fs::remove_all(dir);
  EXPECT_EQ(content_type_of("a.html"), "text/html; charset=utf-8");
  EXPECT_EQ(content_type_of("noext"), "application/octet-stream");
}

}  // namespace
}  // namespace caravan::server::testing

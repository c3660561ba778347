#include "caravan/server/http_server.h"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <cstdio>
#include <list>
#include <map>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>

#include <sys/resource.h>

#include "caravan/base/text.h"
#include "caravan/server/compress.h"
#include "work_pool.h"

namespace caravan::server {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

// The path of a target without its query, with bytes that could forge a log line escaped.
std::string log_path(std::string_view target) {
  auto const path = target.substr(0, target.find('?'));
  std::string out;
  for (auto const c : path.substr(0, 200)) {
    auto const u = static_cast<unsigned char>(c);
    if (u <= 0x20U || u >= 0x7FU || c == '"') {
      out += fmt::format("%{:02X}", u);
    } else {
      out += c;
    }
  }
  return out.empty() ? "-" : out;
}

std::string_view sv(beast::string_view s) { return {s.data(), s.size()}; }

bool is_http_parse_error(beast::error_code const& ec) {
  return &ec.category() == &make_error_code(http::error::bad_target).category();
}

}  // namespace

class session;

namespace {

// The address in its one spelling (IPv4-mapped IPv6 as IPv4), or nullopt when it is none.
std::optional<std::string> normal_address(std::string_view text) {
  beast::error_code ec;
  auto const a = net::ip::make_address(std::string{text}, ec);
  if (ec) {
    return std::nullopt;
  }
  if (a.is_v6() && a.to_v6().is_v4_mapped()) {
    return net::ip::make_address_v4(net::ip::v4_mapped, a.to_v6()).to_string();
  }
  return a.to_string();
}

bool is_trusted(std::string const& address, std::vector<std::string> const& trusted) {
  auto const a = normal_address(address);
  return a && std::any_of(trusted.begin(), trusted.end(), [&](std::string const& t) { return normal_address(t) == a; });
}

}  // namespace

bool is_ip_address(std::string const& text) { return normal_address(text).has_value(); }

std::string forwarded_client(std::string const& peer, std::string_view forwarded_for,
                             std::vector<std::string> const& trusted) {
  if (forwarded_for.empty() || !is_trusted(peer, trusted)) {
    return client_group(peer);
  }
  std::string client = peer;
  while (!forwarded_for.empty()) {
    auto const comma = forwarded_for.rfind(',');
    auto entry = forwarded_for.substr(comma == std::string_view::npos ? 0 : comma + 1);
    forwarded_for = comma == std::string_view::npos ? std::string_view{} : forwarded_for.substr(0, comma);
    while (!entry.empty() && (entry.front() == ' ' || entry.front() == '\t')) {
      entry.remove_prefix(1);
    }
    while (!entry.empty() && (entry.back() == ' ' || entry.back() == '\t')) {
      entry.remove_suffix(1);
    }
    auto const a = normal_address(entry);
    if (!a) {
      break;
    }
    client = *a;
    if (!is_trusted(client, trusted)) {
      break;
    }
  }
  return client_group(client);
}

std::string client_group(std::string const& address) {
  beast::error_code ec;
  auto const a = net::ip::make_address(address, ec);
  if (ec || !a.is_v6()) {
    return address;
  }
  auto const v6 = a.to_v6();
  if (v6.is_v4_mapped()) {
    return net::ip::make_address_v4(net::ip::v4_mapped, v6).to_string();
  }
  auto bytes = v6.to_bytes();
  std::fill(bytes.begin() + 8, bytes.end(), 0);
  return net::ip::address_v6{bytes}.to_string() + "/64";
}

// At most `per_second` access-log lines a second (a token bucket with a burst of one second's worth);
// the rest are counted, and the count written with the next line that passes.
class log_limiter {
 public:
  explicit log_limiter(unsigned per_second) : rate_{static_cast<double>(per_second)}, tokens_{rate_} {}

  // Whether to write a line now; `dropped` is how many were dropped since the last one written.
  bool admit(std::uint64_t& dropped) {
    if (rate_ == 0) {
      dropped = 0;
      return true;
    }
    std::lock_guard const lock{m_};
    auto const now = clock::now();
    tokens_ = std::min(rate_, tokens_ + std::chrono::duration<double>(now - last_).count() * rate_);
    last_ = now;
    if (tokens_ < 1) {
      ++dropped_;
      dropped = 0;
      return false;
    }
    tokens_ -= 1;
    dropped = std::exchange(dropped_, 0);
    return true;
  }

 private:
  std::mutex m_;
  double rate_;
  double tokens_;
  clock::time_point last_{clock::now()};
  std::uint64_t dropped_{0};
};

struct http_server::impl {
  impl(server_config c, service& s)
      : cfg_{std::move(c)},
        svc_{s},
        ioc_{static_cast<int>(std::max(1U, cfg_.io_threads_))},
        acceptor_{ioc_},
        pause_{ioc_},
        pool_{cfg_.limits_.queue_length_, cfg_.limits_.request_deadline_},
        log_limit_{cfg_.limits_.access_log_lines_per_second_},
        max_connections_{cfg_.limits_.max_connections_} {}

  void accept();
  bool allowed_origin(std::string_view origin) const {
    return std::any_of(cfg_.cors_origins_.begin(), cfg_.cors_origins_.end(),
                       [&](std::string const& o) { return o == "*" || o == origin; });
  }
  void log(std::string_view method,
           std::string_view target,
           unsigned status,
           clock::time_point start,
           std::size_t bytes) {
    if (!cfg_.access_log_) {
      return;
    }
    std::uint64_t dropped = 0;
    if (!log_limit_.admit(dropped)) {
      return;
    }
    if (dropped != 0) {
      svc_.stats().log_lines_dropped(dropped);
      cfg_.access_log_(fmt::format("access log: {} lines not written (over {} a second)", dropped,
                                   cfg_.limits_.access_log_lines_per_second_));
    }
    auto const ms = std::chrono::duration<double, std::milli>(clock::now() - start).count();
    auto const now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
    cfg_.access_log_(fmt::format("{:%FT%TZ} {} {} {} {:.2f}ms {}B", now,
                                 method.empty() ? "-" : log_path(method.substr(0, 20)), log_path(target), status,
                                 ms, bytes));
  }

  // The gzip of an answer that does not change while the data stays loaded (api_response::fixed: the
  // spec, the datasets, the network), kept (up to kCompressedKept of them, then all are forgotten): it is
  // compressed once, not once per request, which on the I/O thread would delay /health and on a national
  // feed's network costs a worker seconds.
  std::string compressed(std::string const& body) {
    static constexpr std::size_t kCompressedKept = 8;
    auto const key = std::hash<std::string>{}(body);
    {
      std::lock_guard const lock{compressed_m_};
      auto const it = compressed_.find(key);
      if (it != compressed_.end() && it->second.first == body) {
        return it->second.second;
      }
    }
    auto out = gzip(body);
    std::lock_guard const lock{compressed_m_};
    if (compressed_.size() >= kCompressedKept) {
      compressed_.clear();
    }
    compressed_[key] = {body, out};
    return out;
  }

  // Takes a slot for a connection from `client` (a client_group); the reason it cannot ("total",
  // "per_client"), or empty.
  std::string_view admit(std::string const& client) {
    std::lock_guard const lock{clients_m_};
    if (admitted_ >= max_connections_) {
      return "total";
    }
    auto& n = per_client_[client];
    if (n >= cfg_.limits_.max_connections_per_client_) {
      return "per_client";
    }
    ++n;
    ++admitted_;
    return {};
  }
  void release(std::string const& client) {
    std::lock_guard const lock{clients_m_};
    --admitted_;
    auto const it = per_client_.find(client);
    if (it != per_client_.end() && --it->second == 0) {
      per_client_.erase(it);
    }
  }

  server_config cfg_;
  service& svc_;
  // What a session's destructor touches comes before the io_context, so it outlives any session the
  // io_context's teardown destroys.
  std::mutex clients_m_;
  std::size_t admitted_{0};
  std::map<std::string, std::size_t, std::less<>> per_client_;
  net::io_context ioc_;
  tcp::acceptor acceptor_;
  net::steady_timer pause_;  // after a failed accept
  bool accept_failing_{false};
  work_pool pool_;
  log_limiter log_limit_;
  std::vector<std::thread> threads_;
  std::atomic<bool> stopping_{false};
  std::atomic<std::uint16_t> port_{0};
  std::size_t max_connections_;
  std::mutex sessions_m_;
  std::list<std::weak_ptr<session>> sessions_;
  std::mutex compressed_m_;
  std::unordered_map<std::size_t, std::pair<std::string, std::string>> compressed_;  // body hash -> body, gzip
};

using response = http::response<http::string_body>;

class session : public std::enable_shared_from_this<session> {
 public:
  // `refused`: the limit the connection is over ("total", "per_client"), answered 503 and closed; empty
  // when it holds a slot for `client`.
  session(tcp::socket&& socket, http_server::impl& srv, std::string peer, std::string client, std::string_view refused)
      : stream_{std::move(socket)},
        buffer_{srv.cfg_.limits_.header_bytes_ + srv.cfg_.limits_.trailer_bytes_ + 4096},
        srv_{srv},
        peer_{std::move(peer)},
        client_{std::move(client)},
        refused_{refused} {
    srv_.svc_.stats().connection_opened();
  }
  ~session() {
    if (refused_.empty()) {
      srv_.release(client_);
    }
    srv_.svc_.stats().connection_closed();
  }
  session(session const&) = delete;
  session& operator=(session const&) = delete;

  void run() {
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->begin(); });
  }

  // On the session's strand: a read waiting for a request is cancelled; a request being answered is
  // finished first (the write path sees stopping_ and closes after it).
  void stop() {
    net::post(stream_.get_executor(), [self = shared_from_this()] {
      if (self->reading_) {
        self->stream_.cancel();
      }
    });
  }

 private:
  void begin() {
    if (!refused_.empty()) {
      srv_.svc_.stats().connection_refused(refused_);
      auto const& l = srv_.cfg_.limits_;
      respond_error(error_code::kTooManyConnections,
                    refused_ == "total"
                        ? fmt::format("more than {} connections are open; try again later", srv_.max_connections_)
                        : fmt::format("more than {} connections are open from your address; try again later",
                                      l.max_connections_per_client_),
                    clock::now(), "", "");
      return;
    }
    read();
  }

  void read() {
    if (srv_.stopping_) {
      close();
      return;
    }
    auto const& l = srv_.cfg_.limits_;
    parser_.emplace();
    header_field_bytes_ = 0;
    body_limit_ = l.body_bytes_;
    parser_->header_limit(static_cast<std::uint32_t>(l.header_bytes_));
    // The parser refuses a Content-Length over its limit while reading the header, before on_header
    // knows whether the request is an upload: it gets the larger limit, and on_header holds each request
    // to its own.
    parser_->body_limit(srv_.cfg_.is_upload_ ? std::max(l.body_bytes_, l.upload_bytes_) : l.body_bytes_);
    // A chunk-size line is read whole before the parser sees it, and so are the trailers: the buffer's
    // limit bounds both (an endless extension fails as buffer_overflow); the callback bounds extensions.
    parser_->on_chunk_header(chunk_header_);
    reading_ = true;
    if (buffer_.size() == 0 && !first_) {
      // Keep-alive: wait (idle timeout) for the next request to begin, then give it the read timeout.
      stream_.expires_after(l.idle_timeout_);
      stream_.async_read_some(buffer_.prepare(4096),
                              [self = shared_from_this()](beast::error_code ec, std::size_t n) {
                                if (ec) {
                                  self->reading_ = false;
                                  self->close();
                                  return;
                                }
                                self->buffer_.commit(n);
                                self->read_header();
                              });
      return;
    }
    read_header();
  }

  void read_header() {
    first_ = false;
    stream_.expires_after(srv_.cfg_.limits_.read_timeout_);
    http::async_read_header(stream_, buffer_, *parser_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      self->on_header(ec);
    });
  }

  // RFC 9112: what may not be read as a request is refused before its body is read.
  void on_header(beast::error_code ec) {
    if (ec) {
      on_read(ec);
      return;
    }
    auto const start = clock::now();
    auto const& req = parser_->get();
    auto const refuse = [&](error_code code, std::string const& message) {
      reading_ = false;
      respond_error(code, message, start, req.method_string(), req.target());
    };
    if (req.version() >= 11 && req.count(http::field::host) != 1) {
      refuse(error_code::kBadRequest, req.count(http::field::host) == 0
                                          ? "an HTTP/1.1 request needs a Host header"
                                          : "more than one Host header");
      return;
    }
    body_limit_ = srv_.cfg_.limits_.body_bytes_;
    if (srv_.cfg_.is_upload_ && req.count(http::field::authorization) == 1 &&
        srv_.cfg_.is_upload_(sv(req.method_string()), sv(req.target()), sv(req[http::field::authorization]))) {
      body_limit_ = srv_.cfg_.limits_.upload_bytes_;
    }
    parser_->body_limit(body_limit_);  // a chunked body's limit, as it is read
    if (auto const n = parser_->content_length(); n && *n > body_limit_) {
      refuse(error_code::kBodyTooLarge, fmt::format("the request body is over {} bytes", body_limit_));
      return;
    }
    if (req.count(http::field::transfer_encoding) != 0) {
      auto const te = sv(req[http::field::transfer_encoding]);
      if (req.count(http::field::transfer_encoding) != 1 || !equal_ignoring_ascii_case(trim(te), "chunked") ||
          req.version() < 11) {
        refuse(error_code::kBadRequest,
               fmt::format("Transfer-Encoding `{}` is not supported: only `chunked` alone, in HTTP/1.1",
                           te.substr(0, 80)));
        return;
      }
    }
    auto const expect = sv(req[http::field::expect]);
    if (req.count(http::field::expect) != 0) {
      if (!equal_ignoring_ascii_case(trim(expect), "100-continue")) {
        refuse(error_code::kExpectationFailed,
               fmt::format("Expect `{}` is not supported: only 100-continue", expect.substr(0, 80)));
        return;
      }
      if (auto const n = parser_->content_length(); n && *n > body_limit_) {
        refuse(error_code::kBodyTooLarge, fmt::format("the request body is over {} bytes", body_limit_));
        return;
      }
      if (!parser_->is_done() && req.version() >= 11) {
        // The client waits for this before it sends the body (an HTTP/1.0 client does not: RFC 9110
        // 10.1.1 says to ignore the expectation there).
        net::async_write(stream_, net::buffer(kContinue),
                         [self = shared_from_this()](beast::error_code e, std::size_t) {
                           if (e) {
                             self->reading_ = false;
                             self->close();
                           } else {
                             self->read_body();
                           }
                         });
        return;
      }
    }
    if (parser_->is_done()) {
      on_read({});
      return;
    }
    read_body();
  }

  void read_body() {
    http::async_read(stream_, buffer_, *parser_,
                     [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
  }

  void on_read(beast::error_code ec) {
    reading_ = false;
    auto const start = clock::now();
    auto const& l = srv_.cfg_.limits_;
    if (ec == http::error::header_limit || (ec == http::error::buffer_overflow && !parser_->is_header_done())) {
      respond_error(error_code::kHeaderTooLarge,
                    fmt::format("the request header is over {} bytes", l.header_bytes_), start, "", "");
      return;
    }
    if (ec == http::error::body_limit) {
      auto const& req = parser_->get();
      respond_error(error_code::kBodyTooLarge, fmt::format("the request body is over {} bytes", body_limit_),
                    start, req.method_string(), req.target());
      return;
    }
    if (ec == http::error::buffer_overflow || ec == http::error::bad_chunk_extension) {
      auto const& req = parser_->get();
      respond_error(error_code::kBadRequest,
                    fmt::format("a chunk-size line is malformed (the size in hexadecimal digits, then "
                                "extensions of at most {} bytes) or the trailers are over {} bytes",
                                l.chunk_line_bytes_, l.trailer_bytes_),
                    start, req.method_string(), req.target());
      return;
    }
    if (ec && is_http_parse_error(ec) && ec != http::error::end_of_stream &&
        ec != http::error::partial_message) {
      respond_error(error_code::kBadRequest, fmt::format("malformed HTTP request: {}", ec.message()), start,
                    "", "");
      return;
    }
    if (ec) {
      // The client closed, timed out (a slow client is dropped here) or we are shutting down.
      close();
      return;
    }
    if (parser_->chunked() && trailer_bytes() > l.trailer_bytes_) {
      auto const& req = parser_->get();
      respond_error(error_code::kBadRequest, fmt::format("the trailers are over {} bytes", l.trailer_bytes_),
                    start, req.method_string(), req.target());
      return;
    }
    dispatch(std::make_shared<request>(parser_->release()), start);
  }

  // The bytes of the header fields after those of the header: the trailers of a chunked body.
  std::size_t trailer_bytes() const {
    std::size_t n = 0;
    for (auto const& f : parser_->get()) {
      n += f.name_string().size() + f.value().size() + 4;
    }
    return n > header_field_bytes_ ? n - header_field_bytes_ : 0;
  }

  using request = http::request<http::string_body>;

  // Light routes and preflights are answered here, on the I/O thread; heavy ones by a worker when the
  // queue has room, else 503 server_busy at once.
  void dispatch(std::shared_ptr<request> req, clock::time_point start) {
    auto const method = sv(req->method_string());
    auto const target = sv(req->target());
    bool const head = req->method() == http::verb::head;
    if (req->method() == http::verb::options) {
      write(preflight(*req, start), false);
      return;
    }
    auto const route_method = head ? std::string_view{"GET"} : method;
    auto const deadline = start + srv_.cfg_.limits_.request_deadline_;
    if (srv_.svc_.is_light(route_method, target)) {
      write(answer(*req, route_method, deadline, start), head);
      return;
    }
    auto job = [self = shared_from_this(), req, start, deadline, head,
                guard = net::make_work_guard(srv_.ioc_)]() mutable {
      std::shared_ptr<response> res;
      bool const in_time = clock::now() < deadline;  // else answered at once, without the work
      try {
        auto const m = head ? std::string_view{"GET"} : sv(req->method_string());
        res = self->answer(*req, m, deadline, start);
      } catch (std::exception const& e) {
        std::fprintf(stderr, "caravan serve: internal error: %s\n", e.what());
      }
      net::post(self->stream_.get_executor(), [self, res, head] {
        if (res) {
          self->write(res, head);
        } else {
          self->close();
        }
      });
      self->note_queue();
      guard.reset();
      return in_time;
    };
    if (!srv_.pool_.try_post(std::move(job))) {
      auto res = error(error_code::kServerBusy,
                       fmt::format("all {} workers are busy and {} requests are waiting; retry shortly",
                                   srv_.cfg_.threads_, srv_.cfg_.limits_.queue_length_),
                       *req, start);
      res->set(http::field::retry_after, "1");
      srv_.svc_.stats().record("busy", res->result_int(), 0);
      srv_.svc_.stats().record_error("busy", info(error_code::kServerBusy).name_);
      write(res, head);
      return;
    }
    note_queue();
  }

  void note_queue() { srv_.svc_.stats().queue_length(srv_.pool_.waiting()); }

  // The service's answer as an HTTP response: headers, Vary, gzip, CORS, keep-alive; logged.
  std::shared_ptr<response> answer(request const& req,
                                   std::string_view method,
                                   clock::time_point deadline,
                                   clock::time_point start) {
    auto const now = clock::now();
    auto const target = sv(req.target());
    auto result = now >= deadline ? late()
                                  : srv_.svc_.handle(method, target, deadline - now, sv(req[http::field::content_type]),
                                                     req.body(), sv(req[http::field::authorization]),
                                                     srv_.cfg_.trusted_proxies_.empty()
                                                         ? client_
                                                         : forwarded_client(peer_, sv(req["X-Forwarded-For"]),
                                                                            srv_.cfg_.trusted_proxies_));
    auto& r = result.response;
    auto res = std::make_shared<response>();
    res->version(11);
    res->result(r.status);
    res->set(http::field::server, "caravan");
    if (!r.content_type.empty()) {  // none on a 204
      res->set(http::field::content_type, r.content_type);
    }
    for (auto const& [k, v] : r.headers) {
      res->set(k, v);
    }
    res->set(http::field::vary, "Accept-Encoding, Origin");
    if (!r.gzip_body.empty() && accepts_gzip(sv(req[http::field::accept_encoding]))) {
      res->body() = std::move(r.gzip_body);
      res->set(http::field::content_encoding, "gzip");
    } else if (r.compressible && r.body.size() >= srv_.cfg_.limits_.gzip_min_bytes_ &&
               accepts_gzip(sv(req[http::field::accept_encoding]))) {
      res->body() = r.fixed ? srv_.compressed(r.body) : gzip(r.body);
      res->set(http::field::content_encoding, "gzip");
    } else {
      res->body() = std::move(r.body);
    }
    if (res->result() == http::status::ok && clock::now() > deadline) {
      // Ready only after the deadline (writing the JSON of a long answer, compressing it): the client
      // was promised an answer by then or a 503, never a late one.
      srv_.svc_.stats().record_error(result.route, info(error_code::kDeadlineExceeded).name_);
      res = error_answer(error_code::kDeadlineExceeded,
                         "the answer was ready only after the request deadline; narrow the request");
    }
    finish(*res, req, start);
    return res;
  }

  // A request that waited in the queue past its deadline is not started.
  service::result late() {
    srv_.svc_.stats().record("busy", info(error_code::kDeadlineExceeded).status_, 0);
    srv_.svc_.stats().record_error("busy", info(error_code::kDeadlineExceeded).name_);
    return {error_response(error_code::kDeadlineExceeded, "the request waited for a worker past its deadline"),
            "busy"};
  }

  // CORS preflight: the browser asks before a cross-origin GET or POST. The methods are the path's
  // (POST only where a route takes it); an unknown path is 404.
  std::shared_ptr<response> preflight(request const& req, clock::time_point start) {
    auto const target = sv(req.target());
    auto methods = srv_.svc_.methods(target);
    if (methods.empty()) {
      return error(error_code::kNotFound, "no route for this path", req, start);
    }
    if (std::find(methods.begin(), methods.end(), "GET") != methods.end()) {
      methods.emplace_back("HEAD");
    }
    methods.emplace_back("OPTIONS");
    auto const allow = fmt::format("{}", fmt::join(methods, ", "));
    auto res = std::make_shared<response>();
    res->version(11);
    res->result(http::status::no_content);
    res->set(http::field::server, "caravan");
    res->set(http::field::allow, allow);
    res->set(http::field::vary, "Origin, Access-Control-Request-Method, Access-Control-Request-Headers");
    if (cors(req)) {
      res->set(http::field::access_control_allow_methods, allow);
      auto const asked = req[http::field::access_control_request_headers];
      res->set(http::field::access_control_allow_headers,
               asked.empty() ? beast::string_view{"Content-Type"} : asked);
      res->set(http::field::access_control_max_age, "600");
    }
    finish(*res, req, start);
    return res;
  }

  // The JSON error answer of the transport's own errors.
  static std::shared_ptr<response> error_answer(error_code code, std::string const& message) {
    auto res = std::make_shared<response>();
    res->version(11);
    res->result(info(code).status_);
    res->set(http::field::server, "caravan");
    res->set(http::field::content_type, "application/json");
    res->set(http::field::vary, "Origin");
    res->body() = error_body(code, message);
    return res;
  }

  // An error answered by the transport to a request it read (busy, a preflight to nowhere).
  std::shared_ptr<response> error(error_code code, std::string const& message, request const& req, clock::time_point start) {
    auto res = error_answer(code, message);
    finish(*res, req, start);
    return res;
  }

  bool cors(request const& req) const {
    auto const origin = req[http::field::origin];
    return !origin.empty() && srv_.allowed_origin(sv(origin));
  }

  void finish(response& res, request const& req, clock::time_point start) {
    if (cors(req)) {
      res.set(http::field::access_control_allow_origin, req[http::field::origin]);
    }
    res.keep_alive(req.keep_alive() && !srv_.stopping_);
    res.prepare_payload();
    srv_.log(sv(req.method_string()), sv(req.target()), res.result_int(), start, res.body().size());
  }

  // An error for a request that could not be read (or is refused before its body): answered, then the
  // connection is closed.
  void respond_error(error_code code,
                     std::string const& message,
                     clock::time_point start,
                     beast::string_view method,
                     beast::string_view target) {
    auto res = error_answer(code, message);
    if (code == error_code::kTooManyConnections) {
      res->set(http::field::retry_after, "1");
    }
    res->keep_alive(false);
    res->prepare_payload();
    short_linger_ = code == error_code::kTooManyConnections;  // a refused connection: no request to finish
    srv_.svc_.stats().record("unread", info(code).status_, 0);
    srv_.svc_.stats().record_error("unread", info(code).name_);
    srv_.log(sv(method), sv(target), info(code).status_, start, res->body().size());
    write(std::move(res), false);
  }

  void write(std::shared_ptr<response> res, bool head_only) {
    stream_.expires_after(srv_.cfg_.limits_.write_timeout_);
    auto done = [self = shared_from_this(), res](beast::error_code ec, std::size_t) {
      if (ec) {
        self->close();
      } else if (!res->keep_alive()) {
        self->linger();
      } else {
        self->read();
      }
    };
    if (head_only) {
      // HEAD: the header GET would send (its Content-Length too), without the body.
      auto sr = std::make_shared<http::response_serializer<http::string_body>>(*res);
      http::async_write_header(stream_, *sr, [sr, done = std::move(done)](beast::error_code ec, std::size_t n) mutable {
        done(ec, n);
      });
      return;
    }
    http::async_write(stream_, *res, std::move(done));
  }

  // After the last response: stop sending, then read and discard what the client still sends until it
  // closes (bounded by the read timeout; a refused connection by refused_linger_). Closing with unread
  // bytes would reset the connection, and the client could lose the response (a 413 or 431 sent before
  // the request was read in full).
  void linger() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.expires_after(short_linger_ ? srv_.cfg_.limits_.refused_linger_ : srv_.cfg_.limits_.read_timeout_);
    drain();
  }
  void drain() {
    stream_.async_read_some(net::buffer(discard_),
                            [self = shared_from_this()](beast::error_code ec, std::size_t) {
                              if (ec) {
                                self->close();
                              } else {
                                self->drain();
                              }
                            });
  }

  void close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream_.close();
  }

  static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";

  // Refuses chunk extensions over the limit (the parser calls it per chunk-size line).
  struct chunk_header_check {
    session* s_;
    void operator()(std::uint64_t, beast::string_view extensions, beast::error_code& ec) const {
      if (extensions.size() > s_->srv_.cfg_.limits_.chunk_line_bytes_) {
        ec = http::error::bad_chunk_extension;
      }
      if (s_->header_field_bytes_ == 0) {
        // The first chunk: remember the header's size, to tell trailers from it later.
        for (auto const& f : s_->parser_->get()) {
          s_->header_field_bytes_ += f.name_string().size() + f.value().size() + 4;
        }
      }
    }
  };

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  chunk_header_check chunk_header_{this};
  std::size_t header_field_bytes_{0};
  std::size_t body_limit_{0};  // this request's: body_bytes_, or upload_bytes_ for an upload
  http_server::impl& srv_;
  std::string peer_;    // the connecting address
  std::string client_;  // its client_group
  std::string_view refused_;
  bool reading_{false};
  bool first_{true};
  bool short_linger_{false};
  std::array<char, 4096> discard_;
};

void http_server::impl::accept() {
  acceptor_.async_accept(net::make_strand(ioc_), [this](beast::error_code ec, tcp::socket socket) {
    if (ec) {
      if (ec == net::error::operation_aborted || stopping_) {
        return;  // shut down
      }
      if (ec == net::error::no_descriptors || ec == net::error::no_buffer_space || ec == net::error::no_memory ||
          ec.value() == ENFILE) {
        // Out of file descriptors: retrying at once would spin. Pause; open connections are served
        // meanwhile, and closing them frees descriptors.
        svc_.stats().accept_failed();
        if (!std::exchange(accept_failing_, true)) {
          std::fprintf(stderr, "caravan serve: cannot accept connections: %s; pausing %lld ms between tries\n",
                       ec.message().c_str(), static_cast<long long>(cfg_.limits_.accept_pause_.count()));
        }
        pause_.expires_after(cfg_.limits_.accept_pause_);
        pause_.async_wait([this](beast::error_code e) {
          if (!e && !stopping_) {
            accept();
          }
        });
        return;
      }
    } else {
      accept_failing_ = false;
      beast::error_code ignored;
      auto const peer = socket.remote_endpoint(ignored).address().to_string();
      auto const client = client_group(peer);
      auto const refused = admit(client);
      auto const s = std::make_shared<session>(std::move(socket), *this, peer, client, refused);
      {
        std::lock_guard const lock{sessions_m_};
        sessions_.remove_if([](auto const& w) { return w.expired(); });
        sessions_.push_back(s);
      }
      s->run();
    }
    if (!stopping_) {
      accept();
    }
  });
}

http_server::http_server(server_config config, service& s)
    : impl_{std::make_unique<impl>(std::move(config), s)} {}

http_server::~http_server() {
  if (!impl_->threads_.empty()) {
    shutdown();
    wait();
  }
}

void http_server::start() {
  auto& i = *impl_;
  try {
    auto const address = net::ip::make_address(i.cfg_.bind_);
    tcp::endpoint const endpoint{address, i.cfg_.port_};
    i.acceptor_.open(endpoint.protocol());
    i.acceptor_.set_option(net::socket_base::reuse_address(true));
    i.acceptor_.bind(endpoint);
    i.acceptor_.listen(net::socket_base::max_listen_connections);
    i.port_ = i.acceptor_.local_endpoint().port();
  } catch (boost::system::system_error const& e) {
    throw std::runtime_error{
        fmt::format("cannot listen on {}:{}: {}", i.cfg_.bind_, i.cfg_.port_, e.code().message())};
  }
  // Each connection takes a descriptor, and a refused one too while it is answered: keep half of what
  // the open-file limit leaves for the admitted ones.
  rlimit files{};
  if (::getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur != RLIM_INFINITY) {
    auto const room = files.rlim_cur > 64 ? (files.rlim_cur - 64) / 2 : 8;
    i.max_connections_ = std::min<std::size_t>(i.cfg_.limits_.max_connections_, std::max<std::size_t>(8, room));
  }
  i.pool_.start(std::max(1U, i.cfg_.threads_));
  i.accept();
  for (unsigned t = 0; t != std::max(1U, i.cfg_.io_threads_); ++t) {
    i.threads_.emplace_back([&i] {
      // A handler never lets an exception out (service::handle maps them); this keeps a worker alive
      // should the transport itself throw (out of memory).
      while (true) {
        try {
          i.ioc_.run();
          return;
        } catch (std::exception const& e) {
          std::fprintf(stderr, "caravan serve: %s\n", e.what());
        }
      }
    });
  }
}

std::uint16_t http_server::port() const { return impl_->port_; }

std::size_t http_server::max_connections() const { return impl_->max_connections_; }

std::string http_server::address() const {
  auto const& b = impl_->cfg_.bind_;
  return b.find(':') != std::string::npos ? fmt::format("http://[{}]:{}", b, port())
                                          : fmt::format("http://{}:{}", b, port());
}

void http_server::shutdown() {
  auto& i = *impl_;
  if (i.stopping_.exchange(true)) {
    return;
  }
  net::post(i.acceptor_.get_executor(), [&i] {
    beast::error_code ignored;
    i.acceptor_.close(ignored);
    i.pause_.cancel();
  });
  std::lock_guard const lock{i.sessions_m_};
  for (auto const& w : i.sessions_) {
    if (auto const s = w.lock()) {
      s->stop();
    }
  }
}

void http_server::wait() {
  // The I/O threads run until every session is done; a request with a worker holds them (a work guard).
  for (auto& t : impl_->threads_) {
    if (t.joinable()) {
      t.join();
    }
  }
  impl_->threads_.clear();
  impl_->pool_.stop();
}

}  // namespace caravan::server

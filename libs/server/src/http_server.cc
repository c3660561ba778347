#include "caravan/server/http_server.h"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <cstdio>
#include <list>
#include <mutex>
#include <optional>
#include <thread>

#include "caravan/server/compress.h"

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

struct http_server::impl {
  impl(server_config c, service& s)
      : cfg_{std::move(c)}, svc_{s}, ioc_{static_cast<int>(std::max(1U, cfg_.threads_))}, acceptor_{ioc_} {}

  void accept();
  bool allowed_origin(std::string_view origin) const {
    return std::any_of(cfg_.cors_origins_.begin(), cfg_.cors_origins_.end(),
                       [&](std::string const& o) { return o == "*" || o == origin; });
  }
  void log(std::string_view method,
           std::string_view target,
           unsigned status,
           clock::time_point start,
           std::size_t bytes) const {
    if (!cfg_.access_log_) {
      return;
    }
    auto const ms = std::chrono::duration<double, std::milli>(clock::now() - start).count();
    auto const now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
    cfg_.access_log_(fmt::format("{:%FT%TZ} {} {} {} {:.2f}ms {}B", now, method.empty() ? "-" : method,
                                 log_path(target), status, ms, bytes));
  }

  server_config cfg_;
  service& svc_;
  net::io_context ioc_;
  tcp::acceptor acceptor_;
  std::vector<std::thread> threads_;
  std::atomic<bool> stopping_{false};
  std::atomic<std::uint16_t> port_{0};
  std::atomic<std::size_t> open_{0};
  std::mutex sessions_m_;
  std::list<std::weak_ptr<session>> sessions_;
};

class session : public std::enable_shared_from_this<session> {
 public:
  session(tcp::socket&& socket, http_server::impl& srv, bool over_limit)
      : stream_{std::move(socket)}, srv_{srv}, over_limit_{over_limit} {
    ++srv_.open_;
    srv_.svc_.stats().connection_opened();
  }
  ~session() {
    --srv_.open_;
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
    if (over_limit_) {
      respond_error(error_code::kTooManyConnections,
                    fmt::format("more than {} connections are open; try again later",
                                srv_.cfg_.limits_.max_connections_),
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
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(srv_.cfg_.limits_.header_bytes_));
    parser_->body_limit(srv_.cfg_.limits_.body_bytes_);
    reading_ = true;
    if (buffer_.size() == 0 && !first_) {
      // Keep-alive: wait (idle timeout) for the next request to begin, then give it the read timeout.
      stream_.expires_after(srv_.cfg_.limits_.idle_timeout_);
      stream_.async_read_some(buffer_.prepare(4096),
                              [self = shared_from_this()](beast::error_code ec, std::size_t n) {
                                if (ec) {
                                  self->reading_ = false;
                                  self->close();
                                  return;
                                }
                                self->buffer_.commit(n);
                                self->read_request();
                              });
      return;
    }
    read_request();
  }

  void read_request() {
    first_ = false;
    stream_.expires_after(srv_.cfg_.limits_.read_timeout_);
    http::async_read(stream_, buffer_, *parser_,
                     [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
  }

  void on_read(beast::error_code ec) {
    reading_ = false;
    auto const start = clock::now();
    if (ec == http::error::header_limit) {
      respond_error(error_code::kHeaderTooLarge,
                    fmt::format("the request header is over {} bytes", srv_.cfg_.limits_.header_bytes_),
                    start, "", "");
      return;
    }
    if (ec == http::error::body_limit) {
      auto const& req = parser_->get();
      respond_error(error_code::kBodyTooLarge,
                    fmt::format("the request body is over {} bytes", srv_.cfg_.limits_.body_bytes_), start,
                    req.method_string(), req.target());
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
    handle(parser_->release(), start);
  }

  void handle(http::request<http::string_body> req, clock::time_point start) {
    auto const origin = req[http::field::origin];
    bool const cors = !origin.empty() && srv_.allowed_origin(sv(origin));
    auto res = std::make_shared<http::response<http::string_body>>();
    res->version(11);
    res->set(http::field::server, "caravan");
    auto const target = std::string_view{req.target().data(), req.target().size()};
    if (req.method() == http::verb::options) {
      // CORS preflight: the browser asks before a cross-origin GET or POST. The methods are the path's
      // (POST only where a route takes it); an unknown path gets GET, as every other path has it.
      auto methods = srv_.svc_.methods(target);
      if (methods.empty()) {
        methods.emplace_back("GET");
      }
      methods.emplace_back("OPTIONS");
      auto const allow = fmt::format("{}", fmt::join(methods, ", "));
      res->result(http::status::no_content);
      res->set(http::field::allow, allow);
      if (cors) {
        res->set(http::field::access_control_allow_methods, allow);
        auto const asked = req[http::field::access_control_request_headers];
        res->set(http::field::access_control_allow_headers,
                 asked.empty() ? beast::string_view{"Content-Type"} : asked);
        res->set(http::field::access_control_max_age, "600");
      }
    } else {
      auto result = srv_.svc_.handle(std::string_view{req.method_string().data(), req.method_string().size()},
                                     target, srv_.cfg_.limits_.request_deadline_,
                                     sv(req[http::field::content_type]), req.body());
      auto& r = result.response;
      res->result(r.status);
      res->set(http::field::content_type, r.content_type);
      for (auto const& [k, v] : r.headers) {
        res->set(k, v);
      }
      res->set(http::field::vary, "Accept-Encoding, Origin");
      if (r.body.size() >= srv_.cfg_.limits_.gzip_min_bytes_ &&
          accepts_gzip(sv(req[http::field::accept_encoding]))) {
        res->body() = gzip(r.body);
        res->set(http::field::content_encoding, "gzip");
      } else {
        res->body() = std::move(r.body);
      }
    }
    if (cors) {
      res->set(http::field::access_control_allow_origin, origin);
    }
    res->keep_alive(req.keep_alive() && !srv_.stopping_);
    res->prepare_payload();
    srv_.log(std::string_view{req.method_string().data(), req.method_string().size()},
             std::string_view{req.target().data(), req.target().size()}, res->result_int(), start,
             res->body().size());
    write(std::move(res));
  }

  void respond_error(error_code code,
                     std::string const& message,
                     clock::time_point start,
                     beast::string_view method,
                     beast::string_view target) {
    auto res = std::make_shared<http::response<http::string_body>>();
    res->version(11);
    res->result(info(code).status_);
    res->set(http::field::server, "caravan");
    res->set(http::field::content_type, "application/json");
    res->body() = error_body(code, message);
    res->keep_alive(false);
    res->prepare_payload();
    srv_.svc_.stats().record("unread", info(code).status_, 0);
    srv_.svc_.stats().record_error("unread", info(code).name_);
    srv_.log(std::string_view{method.data(), method.size()}, std::string_view{target.data(), target.size()},
             info(code).status_, start, res->body().size());
    write(std::move(res));
  }

  void write(std::shared_ptr<http::response<http::string_body>> res) {
    stream_.expires_after(srv_.cfg_.limits_.write_timeout_);
    http::async_write(stream_, *res, [self = shared_from_this(), res](beast::error_code ec, std::size_t) {
      if (ec) {
        self->close();
      } else if (!res->keep_alive()) {
        self->linger();
      } else {
        self->read();
      }
    });
  }

  // After the last response: stop sending, then read and discard what the client still sends until it
  // closes (bounded by the read timeout). Closing with unread bytes would reset the connection, and the
  // client could lose the response (a 413 or 431 sent before the request was read in full).
  void linger() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.expires_after(srv_.cfg_.limits_.read_timeout_);
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

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  http_server::impl& srv_;
  bool over_limit_;
  bool reading_{false};
  bool first_{true};
  std::array<char, 4096> discard_;
};

void http_server::impl::accept() {
  acceptor_.async_accept(net::make_strand(ioc_), [this](beast::error_code ec, tcp::socket socket) {
    if (ec) {
      if (ec == net::error::operation_aborted || stopping_) {
        return;  // shut down
      }
    } else {
      auto const s =
          std::make_shared<session>(std::move(socket), *this, open_ >= cfg_.limits_.max_connections_);
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
  i.accept();
  for (unsigned t = 0; t != std::max(1U, i.cfg_.threads_); ++t) {
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
  });
  std::lock_guard const lock{i.sessions_m_};
  for (auto const& w : i.sessions_) {
    if (auto const s = w.lock()) {
      s->stop();
    }
  }
}

void http_server::wait() {
  for (auto& t : impl_->threads_) {
    if (t.joinable()) {
      t.join();
    }
  }
  impl_->threads_.clear();
}

}  // namespace caravan::server

#include "caravan/server/case_notifier.h"

#include <algorithm>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <fmt/format.h>
#include <sodium.h>

namespace caravan::server {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;

std::optional<webhook_target> parse_webhook_url(std::string_view url) {
  constexpr std::string_view kScheme = "http://";
  if (!url.starts_with(kScheme)) {
    return std::nullopt;
  }
  url.remove_prefix(kScheme.size());
  auto const slash = url.find('/');
  auto authority = url.substr(0, slash);
  webhook_target t;
  t.path_ = slash == std::string_view::npos ? "/" : std::string{url.substr(slash)};
  if (auto const colon = authority.rfind(':'); colon != std::string_view::npos) {
    auto const port = authority.substr(colon + 1);
    if (port.empty() || port.size() > 5 || !std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; }) ||
        std::stoi(std::string{port}) > 65535 || std::stoi(std::string{port}) == 0) {
      return std::nullopt;
    }
    t.port_ = port;
    authority = authority.substr(0, colon);
  }
  auto const host_char = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
  };
  if (authority.empty() || authority.size() > 253 || !std::all_of(authority.begin(), authority.end(), host_char)) {
    return std::nullopt;
  }
  // The path goes into a request line: printable ASCII without spaces.
  if (!std::all_of(t.path_.begin(), t.path_.end(), [](char c) { return c > 0x20 && c < 0x7f; })) {
    return std::nullopt;
  }
  t.host_ = authority;
  return t;
}

std::string webhook_signature(std::string_view secret, std::string_view body) {
  std::array<unsigned char, crypto_auth_hmacsha256_BYTES> mac{};
  crypto_auth_hmacsha256_state st;
  crypto_auth_hmacsha256_init(&st, reinterpret_cast<unsigned char const*>(secret.data()), secret.size());
  crypto_auth_hmacsha256_update(&st, reinterpret_cast<unsigned char const*>(body.data()), body.size());
  crypto_auth_hmacsha256_final(&st, mac.data());
  std::string out = "sha256=";
  for (auto b : mac) {
    out += fmt::format("{:02x}", b);
  }
  return out;
}

case_notifier::case_notifier(std::shared_ptr<cases::case_service> cases, std::optional<webhook_target> hook,
                             std::chrono::milliseconds interval, log_fn log)
    : cases_{std::move(cases)}, hook_{std::move(hook)}, interval_{interval}, log_{std::move(log)} {
  if (sodium_init() < 0) {
    throw std::runtime_error{"libsodium could not start"};
  }
}

case_notifier::~case_notifier() {
  {
    std::lock_guard const lock{m_};
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) {
    thread_.join();
  }
}

void case_notifier::start() {
  thread_ = std::thread{[this] {
    std::unique_lock lock{m_};
    while (!stopping_) {
      lock.unlock();
      try {
        run_once();
      } catch (std::exception const& e) {
        // A database that is busy or gone now may be back at the next round.
        if (log_) {
          log_(fmt::format("cases: the background round failed: {}", e.what()));
        }
      }
      lock.lock();
      wake_.wait_for(lock, interval_, [this] { return stopping_; });
    }
  }};
}

std::size_t case_notifier::run_once() {
  // The sweep first; a failed one (a busy database) does not hold the notifications back.
  try {
    if (auto const n = cases_->sweep(); n > 0 && log_) {
      log_(fmt::format("cases: {} case{} past a deadline, escalated", n, n == 1 ? "" : "s"));
    }
  } catch (std::exception const& e) {
    if (log_) {
      log_(fmt::format("cases: the deadline sweep failed: {}", e.what()));
    }
  }
  if (!hook_) {
    return 0;  // kept in the outbox until a webhook is configured
  }
  // Everything due, 100 at a time, up to 2,000 a round (then the next round goes on).
  std::size_t delivered = 0;
  for (int page = 0; page < 20; ++page) {
    auto const rows = cases_->pending_notifications(100);
    for (auto const& row : rows) {
      std::string error;
      if (!deliver(row, error)) {
        cases_->notification_failed(row, error);
        if (log_) {
          log_(fmt::format("cases: notification {} not delivered: {}", row.id_, error));
        }
        return delivered;  // the receiver is down: the rest waits for the next round
      }
      cases_->notification_delivered(row);
      ++delivered;
    }
    if (rows.size() < 100) {
      break;
    }
  }
  return delivered;
}

bool case_notifier::deliver(cases::outbox_row const& row, std::string& error) const {
  try {
    net::io_context io;
    net::ip::tcp::resolver resolver{io};
    beast::tcp_stream stream{io};
    stream.expires_after(std::chrono::seconds{5});
    stream.connect(resolver.resolve(hook_->host_, hook_->port_));
    http::request<http::string_body> req{http::verb::post, hook_->path_, 11};
    req.set(http::field::host, hook_->host_);
    req.set(http::field::content_type, "application/json");
    req.set(http::field::user_agent, "caravan");
    req.set("X-Caravan-Delivery", std::to_string(row.id_));
    req.body() = row.payload_;
    req.set("X-Caravan-Signature", webhook_signature(hook_->secret_, req.body()));
    req.prepare_payload();
    stream.expires_after(std::chrono::seconds{5});
    http::write(stream, req);
    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(64 * 1024);
    stream.expires_after(std::chrono::seconds{5});
    http::read(stream, buffer, parser);
    beast::error_code ec;
    stream.socket().shutdown(net::ip::tcp::socket::shutdown_both, ec);
    auto const status = parser.get().result_int();
    if (status >= 200 && status < 300) {
      return true;
    }
    error = fmt::format("the webhook answered {}", status);
  } catch (std::exception const& e) {
    error = e.what();
  }
  return false;
}

}  // namespace caravan::server

#pragma once
// The cases' background work in `caravan serve` (docs/cases.md): every interval it lets deadlines
// escalate (case_service::sweep) and delivers the notification outbox to a webhook, one POST per
// notification, signed with HMAC-SHA256 so the receiver knows it is Caravan's. A notification that
// cannot be delivered stays in the outbox and is tried again, backing off; nothing is lost on a restart.
//
// Thread safety: owns one thread; run_once() may also be called by tests (not at the same time).
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

#include "caravan/cases/service.h"

namespace caravan::server {

// Where notifications go: http://host[:port]/path (plain HTTP: a relay on the same host or network;
// TLS is the relay's). The secret signs each body.
struct webhook_target {
  std::string host_{};
  std::string port_{"80"};
  std::string path_{"/"};
  std::string secret_{};
};

// std::nullopt for anything but http://host[:port][/path] with a host of letters, digits, '.', '-' or
// an IPv4 address.
std::optional<webhook_target> parse_webhook_url(std::string_view url);

// "sha256=<hex of HMAC-SHA256(secret, body)>", the X-Caravan-Signature header's value.
std::string webhook_signature(std::string_view secret, std::string_view body);

class case_notifier {
 public:
  using log_fn = std::function<void(std::string const&)>;
  case_notifier(std::shared_ptr<cases::case_service> cases, std::optional<webhook_target> hook,
                std::chrono::milliseconds interval, log_fn log);
  ~case_notifier();  // stops the thread (a delivery in flight ends within its timeout)
  case_notifier(case_notifier const&) = delete;
  case_notifier& operator=(case_notifier const&) = delete;

  void start();
  // One sweep and one round of deliveries; how many notifications were delivered.
  std::size_t run_once();

 private:
  bool deliver(cases::outbox_row const& row, std::string& error) const;

  std::shared_ptr<cases::case_service> cases_;
  std::optional<webhook_target> hook_;
  std::chrono::milliseconds interval_;
  log_fn log_;
  std::mutex m_;
  std::condition_variable wake_;
  bool stopping_{false};
  std::thread thread_;
};

}  // namespace caravan::server

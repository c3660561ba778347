#pragma once
// The register's HTTP endpoints (docs/register.md, api/openapi.yaml tag `register`): accounts and
// sessions (/api/v1/auth/...), operators (/api/v1/operators...), group tours (/api/v1/tours...), their
// manifests (/api/v1/manifests/...) and the audit trail (/api/v1/audit).
// Every one calls registry::register_service, which checks rights; this maps JSON and refusals.
// Until set_register(), they answer 503 register_off.
//
// `lookup`: a second service over a read replica (docs/deployment.md), asked only for the public lookup
// (GET /api/v1/operators); without it the lookup reads the register. It is a whole register_service
// rather than a second store inside one, so the core knows nothing of replicas: the replica's service
// is never asked to sign in or write, so its limiters and sessions stay unused.
//
// Thread safety: as service.h; set_register before serving or at any time (a shared pointer swap).
#include <memory>
#include <mutex>

#include <functional>

#include "caravan/registry/service.h"
#include "caravan/server/api.h"
#include "caravan/server/service.h"

namespace caravan::server {

class register_api {
 public:
  explicit register_api(service& s);
  void set_register(std::shared_ptr<registry::register_service> r,
                    std::shared_ptr<registry::register_service> lookup = {});
  // Where the tours' checks read the entry rules: the planner API's loaded data (reloaded with it).
  void set_data_source(std::function<std::shared_ptr<loaded_data const>()> source);

 private:
  std::shared_ptr<loaded_data const> current_rules() const;  // throws api_error(kNotReady)
  std::shared_ptr<registry::register_service> get() const;  // throws api_error(kRegisterOff)
  std::shared_ptr<registry::register_service> get_lookup() const;  // the replica's, else get()

  mutable std::mutex m_;
  std::shared_ptr<registry::register_service> register_;
  std::function<std::shared_ptr<loaded_data const>()> data_;
  std::shared_ptr<registry::register_service> lookup_;
};

}  // namespace caravan::server

#pragma once
// The cases' HTTP endpoints (docs/cases.md, api/openapi.yaml tag `cases`): lifecycles, queues, opening a
// case, acting on it, its thread and attachments, the calendars its deadlines count in, and for a
// stranded traveller the next journeys from where they are and the entry verdict for staying longer.
// Every one calls cases::case_service, which checks rights; sessions are the register's. Until
// set_services(), they answer 503 register_off.
//
// Thread safety: as the services; set_services before serving or at any time (a shared pointer swap).
#include <functional>
#include <memory>
#include <mutex>

#include "caravan/cases/service.h"
#include "caravan/registry/service.h"
#include "caravan/server/api.h"
#include "caravan/server/service.h"

namespace caravan::server {

class cases_api {
 public:
  explicit cases_api(service& s);
  void set_services(std::shared_ptr<registry::register_service> reg, std::shared_ptr<cases::case_service> cases);
  // Where the stranded traveller's help reads the timetable and the rules: the planner API's loaded data.
  void set_data_source(std::function<std::shared_ptr<loaded_data const>()> source);

  // The requests that may carry a large body: a file for a case (POST .../attachments) and a calendar
  // (PUT /api/v1/cases/calendars/{id}, which may list 2,000 holidays).
  static bool is_upload(std::string_view method, std::string_view target);
  // For server_config::is_upload_: is_upload, and a valid session in the Authorization header (asked of
  // the register before the body is read).
  static std::function<bool(std::string_view, std::string_view, std::string_view)> upload_gate(
      std::shared_ptr<registry::register_service> reg);

 private:
  struct services {
    std::shared_ptr<registry::register_service> register_;
    std::shared_ptr<cases::case_service> cases_;
  };
  services get() const;  // throws api_error(kRegisterOff)

  mutable std::mutex m_;
  services services_;
  std::function<std::shared_ptr<loaded_data const>()> data_;
};

}  // namespace caravan::server

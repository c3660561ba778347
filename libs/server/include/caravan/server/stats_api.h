#pragma once
// The statistics' HTTP endpoints (docs/stats.md, api/openapi.yaml tag `stats`): the network's figures
// from the loaded timetable, the register's and the cases' (aggregates, small cells withheld) when the
// server has a register, and the published figures; each as JSON, or one table as CSV, its CSV on the
// Web metadata or JSON (`table`, `format`).
//
// Thread safety: as service.h; the setters before serving (the data source may swap its data at any time).
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "caravan/cases/store.h"
#include "caravan/registry/store.h"
#include "caravan/server/api.h"
#include "caravan/server/service.h"
#include "caravan/stats/published.h"
#include "caravan/stats/table.h"

namespace caravan::server {

class stats_api {
 public:
  // A request covers at most this many days (a year, leap or not).
  static constexpr std::int32_t kMaxDays = 366;

  explicit stats_api(service& s);
  void set_data_source(std::function<std::shared_ptr<loaded_data const>()> source);
  // The register's database (cases in the same one, or nullptr); both outlive the server. Without them
  // the register's and cases' figures answer 503 register_off.
  void set_stores(registry::store* reg, cases::case_store* cases);
  void set_published(std::vector<stats::published_figure> figures);

 private:
  struct cached;
  // `places`: the travel-time places the client named, std::nullopt for the default capitals.
  std::vector<stats::table> network_tables(std::shared_ptr<loaded_data const> const& d, stats::date_range range,
                                           std::optional<std::vector<std::string>> const& places);

  mutable std::mutex m_;
  std::function<std::shared_ptr<loaded_data const>()> data_;
  registry::store* register_{nullptr};
  cases::case_store* cases_{nullptr};
  std::vector<stats::published_figure> published_;
  // The network's tables for the last few (data, range, places) asked: the dashboard, its downloads and
  // their metadata ask for the same range one after another, and the data does not change under them.
  std::vector<std::shared_ptr<cached const>> cache_;
};

}  // namespace caravan::server

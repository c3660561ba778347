#include "motis_check.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <map>
#include <mutex>

#include "caravan/base/progress.h"
#include "caravan/gtfs/load.h"

namespace caravan::server::testing {

namespace fs = std::filesystem;

fs::path shared_dir() {
  char const* env = std::getenv("CARAVAN_SHARED_DIR");
  return fs::path{env != nullptr ? env : CARAVAN_SHARED_DIR};
}

std::vector<std::pair<std::string, openapi_check>> const& motis_specs() {
  static auto const specs = [] {
    std::vector<std::pair<std::string, openapi_check>> out;
    for (auto const* name : {"openapi-v6-ed0360f.yaml", "openapi-v5-1ab0382.yaml"}) {
      auto const path = shared_dir() / "reference" / "motis" / name;
      if (fs::exists(path)) {
        out.emplace_back(name, openapi_check::from_file(path.string()));
      }
    }
    return out;
  }();
  return specs;
}

nlohmann::json motis_get(std::uint16_t port, std::string const& target, unsigned status) {
  client c{port};
  auto const r = c.get(target);
  EXPECT_EQ(r.status, status) << target << ": " << r.body.substr(0, 600);
  bool documented = false;
  for (auto const& [name, spec] : motis_specs()) {
    if (!spec.has_path(target)) {
      continue;  // a v6 path in v5's spec, say
    }
    documented = true;
    auto check = spec;  // check() records what it saw
    for (auto const& problem : check.check("GET", target, r.status, r.header("content-type"), r.body)) {
      ADD_FAILURE() << name << ": GET " << target << " -> " << r.status << ": " << problem
                    << "\n  body: " << r.body.substr(0, 400);
    }
  }
  EXPECT_TRUE(documented || motis_specs().empty()) << target << " is in neither MOTIS spec";
  return nlohmann::json::parse(r.body);
}

std::shared_ptr<loaded_data const> shared_feed(std::string const& name) {
  static std::mutex m;
  static std::map<std::string, std::shared_ptr<loaded_data const>> loaded;
  std::lock_guard const lock{m};
  if (auto const it = loaded.find(name); it != loaded.end()) {
    return it->second;
  }
  auto const zip = shared_dir() / "gtfs" / "feeds" / (name + ".zip");
  if (!fs::exists(zip)) {
    return nullptr;
  }
  progress quiet{false};
  auto r = gtfs::load(*gtfs::open_feed(zip), {}, quiet);
  auto data = std::make_shared<loaded_data const>(tt::timetable::from_data(std::move(r.data_)), sites::site_list{},
                                                  std::string{}, rules::rule_set::load_directory(fs::path{CARAVAN_SOURCE_DIR} / "data" / "rules"));
  loaded.emplace(name, data);
  return data;
}

}  // namespace caravan::server::testing

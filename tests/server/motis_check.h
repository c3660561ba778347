#pragma once
// What the MOTIS compatibility tests share: MOTIS's two specs from ../shared/reference/motis/ (the tests
// skip when they are absent), a GET whose reply is checked against Caravan's spec and both MOTIS specs, and
// a server over a feed of ../shared/gtfs (sacrt: walks and many modes).
#include <cstdint>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "harness.h"

namespace caravan::server::testing {

std::filesystem::path shared_dir();

// Both MOTIS specs (v6, v5), or fewer when the shared folder does not have them.
std::vector<std::pair<std::string, openapi_check>> const& motis_specs();

#define SKIP_WITHOUT_MOTIS_SPECS()                                                                        \
  if (::caravan::server::testing::motis_specs().size() != 2) {                                            \
    GTEST_SKIP() << "MOTIS's specs are not in " << ::caravan::server::testing::shared_dir() / "reference" \
                 << " (set CARAVAN_SHARED_DIR)";                                                          \
  }

// GET target on the server at `port`; the reply's status is `status` and it conforms to Caravan's spec (the
// client checks that) and to each MOTIS spec that has its path (each failure is a test failure). The body, parsed.
nlohmann::json motis_get(std::uint16_t port, std::string const& target, unsigned status = 200);

// The feed ../shared/gtfs/feeds/<name>.zip imported (once per process), or null when it is absent.
std::shared_ptr<loaded_data const> shared_feed(std::string const& name);

}  // namespace caravan::server::testing

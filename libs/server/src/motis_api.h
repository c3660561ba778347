#pragma once
// MOTIS-compatible endpoints (issue 14; docs/server.md, "MOTIS compatibility"): the paths, parameters,
// answers and errors of MOTIS's API (../shared/reference/motis/openapi-v6-*.yaml, v5), so its clients
// (the Transitous web UI, KPublicTransport) can talk to Caravan: geocode, reverse-geocode, stoptimes,
// trip, map/stops, map/initial, rentals, one-to-all, and a MOTIS-shaped 404 for basemap tiles.
#include "caravan/server/api.h"
#include "caravan/server/service.h"

namespace caravan::server {

// Registers the MOTIS routes on `s`; they read the data `api` serves (503 not_ready until it is set).
void add_motis_routes(service& s, caravan_api const& api);

}  // namespace caravan::server

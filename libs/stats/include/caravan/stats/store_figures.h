#pragma once
// The register's and the cases' figures (issue 19), from aggregates the store computes (only counts
// leave it: no row about one person is read), suppressed (table.h, kMinCell) before anyone sees them.
//
// Tables (docs/stats.md has the definitions):
//   register.operators   operators by country and status on the range's last day
//   register.tours       approved group tours by corridor (the countries it stays in) and month of entry
//   register.travellers  travellers on approved group tours by corridor, nationality and month of entry
//   cases.byKind         cases filed in the range by kind, country and outcome (open cases: "open")
//   cases.sla            closed cases by kind and country: met every deadline / missed one
//   satisfaction         ratings (1-5) given in the range, for tours and for cases: count and mean by
//                        subject kind and country
//
// Thread safety: as the store's.
#include <vector>

#include "caravan/cases/store.h"
#include "caravan/stats/table.h"

namespace caravan::stats {

std::vector<table> register_figures(registry::store& store, date_range range);
std::vector<table> case_figures(cases::case_store& store, date_range range);  // cases.* and satisfaction

}  // namespace caravan::stats

// The per-thread scratch memory of a search: sized once, then reset in what the last query touched.
#include <algorithm>

#include "search_state.h"

namespace caravan::routing {

void search_state::prepare(std::size_t n_stops, std::size_t n_patterns, std::size_t n_rounds) {
  if (n_stops_ == n_stops && n_rounds_ >= n_rounds && first_pos_.size() == n_patterns) {
    return;
  }
  n_stops_ = n_stops;
  n_rounds_ = std::max(n_rounds, n_rounds_);
  auto const cells = n_stops_ * n_rounds_;
  best_arr_.assign(n_stops, kInf);
  hot_.assign(n_stops, stop_hot{});
  best_ready_.assign(n_stops, kInf);
  labels_.assign(cells, round_label{});
  from_.assign(cells, round_from{});
  arr_bound_.assign(cells, kInf);
  trip_bound_.assign(cells, kInf);
  ready_bound_.assign(cells, kInf);
  trip_parent_.assign(cells, trip_parent{});
  touched_.resize(n_stops);
  marked_.resize(n_stops);
  next_marked_.resize(n_stops);
  improved_.resize(n_stops);
  patterns_.resize(n_patterns);
  permit_patterns_.resize(n_patterns);
  permit_patterns_next_.resize(n_patterns);
  touched_flag_.assign(n_stops, 0);
  dirty_.resize(n_stops);
  dirty_flag_.assign(n_stops, 0);
  marked_flag_.assign(n_stops, 0);
  improved_flag_.assign(n_stops, 0);
  first_pos_.assign(n_patterns, kNone);
  result_.assign(n_stops, engine::kUnreachable);
  target_walk_.assign(n_stops, kNone);
  to_target_.assign(n_patterns, 0);
  lower_bound_.assign(n_stops, kInf);
  expanded_.assign(n_stops, kInf);
  lower_bound_set_.resize(n_stops);
  hops_.assign(n_stops, kNoHops);
  hops_set_.resize(n_stops);
  hop_pos_.assign(n_patterns, 0);  // per stop sequence: there are no more of them than patterns
  hop_sequences_.resize(n_patterns);
  permit_head_.assign(n_patterns, kNone);
  permit_head_next_.assign(n_patterns, kNone);
}

void search_state::reset() {
  auto const rounds = static_cast<std::ptrdiff_t>(std::min(rounds_used_, n_rounds_));
  auto const all = static_cast<std::ptrdiff_t>(n_rounds_);
  for (auto const s : touched_) {
    best_arr_[s] = kInf;
    hot_[s].best_trip_ = kInf;
    best_ready_[s] = kInf;
    auto const i = static_cast<std::ptrdiff_t>(at(0, s));
    if (range_used_) {
      std::fill_n(labels_.begin() + i, rounds, round_label{});
      std::fill_n(arr_bound_.begin() + i, all, kInf);
      std::fill_n(trip_bound_.begin() + i, all, kInf);
      std::fill_n(ready_bound_.begin() + i, all, kInf);
    } else if (!dirty_flag_[s]) {
      dirty_flag_[s] = 1;  // see clean_labels()
      dirty_.push_back(s);
    }
    touched_flag_[s] = 0;
    marked_flag_[s] = 0;
    improved_flag_[s] = 0;
  }
  touched_.clear();
  marked_.clear();
  next_marked_.clear();
  improved_.clear();
  rounds_used_ = 0;
  range_used_ = false;
}

void search_state::clean_labels() {
  for (auto const s : dirty_) {
    clean_labels(s);
    dirty_flag_[s] = 0;
  }
  dirty_.clear();
}

void search_state::clean_labels(stop_idx s) {
  std::fill_n(labels_.begin() + static_cast<std::ptrdiff_t>(at(0, s)), static_cast<std::ptrdiff_t>(n_rounds_), round_label{});
}

std::unique_ptr<search_state, void (*)(search_state*)> make_search_state() {
  return {new search_state{}, [](search_state* s) { delete s; }};
}

}  // namespace caravan::routing

// Ordering the visits: exact dynamic programming over subsets up to kExactLimit sites, a heuristic
// (time-greedy construction, then relocation and segment reversal) beyond.
#include <algorithm>
#include <bit>
#include <chrono>
#include <numeric>
#include <tuple>

#include "solver.h"

namespace caravan::tours::detail {

namespace {

int days_between(network const& net, problem const& p, std::int64_t end) {
  return net.clock_of(p.end_town_).date_of(end) - p.start_date_ + 1;
}

// One step: from town `at` ready at t, to site i and its visit. {ready again, travel added}.
std::pair<std::int64_t, std::int64_t> step(network& net, problem const& p, std::size_t at, std::int64_t t,
                                           std::size_t i) {
  auto const& s = p.sites_[i];
  auto const h = net.travel(at, s.town_, t);
  if (h.arr_ == kNever) {
    return {kNever, 0};
  }
  auto const v = visit(net, s, h.arr_);
  if (v.back_ == kNever) {
    return {kNever, 0};
  }
  return {v.back_, (h.arr_ - h.dep_) + 2 * static_cast<std::int64_t>(s.access_s_)};
}

outcome finish(network& net, problem const& p, std::size_t at, std::int64_t t, std::int64_t travel) {
  auto const h = net.travel(at, p.end_town_, t);
  if (h.arr_ == kNever) {
    return {};
  }
  return {h.arr_, travel + (h.arr_ - h.dep_), days_between(net, p, h.arr_)};
}

// Better tours first: fewer days, less travel, earlier end.
bool better(outcome const& a, outcome const& b) {
  return std::tie(a.days_, a.travel_s_, a.end_) < std::tie(b.days_, b.travel_s_, b.end_);
}

struct label {
  std::int64_t ready_, travel_;
  std::int32_t parent_;  // index into the arena, -1 at the start
  std::uint8_t site_;
};

std::vector<std::size_t> order_of(std::vector<label> const& arena, std::int32_t i) {
  std::vector<std::size_t> order;
  for (; i >= 0; i = arena[static_cast<std::size_t>(i)].parent_) {
    order.push_back(arena[static_cast<std::size_t>(i)].site_);
  }
  std::reverse(order.begin(), order.end());
  return order;
}

void check_stop(network const& net) {
  if (net.config().stop_.active() && net.config().stop_.requested()) {
    throw routing::cancelled{};
  }
}

std::vector<std::size_t> improve(network& net, problem const& p, std::vector<std::size_t> order);

solution solve_exact(network& net, problem const& p, std::size_t max_tours) {
  auto const n = p.sites_.size();
  auto const n_masks = std::size_t{1} << n;
  std::vector<label> arena;
  // Per state (mask, last): the indices of its labels, Pareto-optimal in (ready, travel).
  std::vector<std::vector<std::int32_t>> states(n_masks * n);
  auto const add = [&](std::size_t mask, std::size_t last, label l) {
    auto& st = states[mask * n + last];
    for (auto const k : st) {
      auto const& o = arena[static_cast<std::size_t>(k)];
      if (o.ready_ <= l.ready_ && o.travel_ <= l.travel_) {
        return;
      }
    }
    std::erase_if(st, [&](std::int32_t k) {
      auto const& o = arena[static_cast<std::size_t>(k)];
      return l.ready_ <= o.ready_ && l.travel_ <= o.travel_;
    });
    st.push_back(static_cast<std::int32_t>(arena.size()));
    arena.push_back(l);
  };
  for (std::size_t i = 0; i != n; ++i) {
    auto const [ready, travel] = step(net, p, p.start_town_, p.start_time_, i);
    if (ready != kNever) {
      add(std::size_t{1} << i, i, {ready, travel, -1, static_cast<std::uint8_t>(i)});
    }
  }
  // Each subset's candidates for the end, to find what fits when not everything does.
  struct best_end {
    outcome out_;
    std::int32_t label_{-1};
  };
  std::vector<best_end> best_by_mask(n_masks);
  std::vector<std::pair<outcome, std::int32_t>> full;
  for (std::size_t mask = 1; mask != n_masks; ++mask) {
    check_stop(net);
    for (std::size_t last = 0; last != n; ++last) {
      if ((mask & (std::size_t{1} << last)) == 0) {
        continue;
      }
      // Copied: adding to other states may grow the arena, never this state (its mask is smaller).
      auto const labels = states[mask * n + last];
      for (auto const k : labels) {
        auto const l = arena[static_cast<std::size_t>(k)];
        auto const end = finish(net, p, p.sites_[last].town_, l.ready_, l.travel_);
        if (end.end_ != kNever) {
          auto& b = best_by_mask[mask];
          if (b.label_ < 0 || better(end, b.out_)) {
            b = {end, k};
          }
          if (mask == n_masks - 1) {
            full.emplace_back(end, k);
          }
        }
        for (std::size_t next = 0; next != n; ++next) {
          if ((mask & (std::size_t{1} << next)) != 0) {
            continue;
          }
          auto const [ready, travel] = step(net, p, p.sites_[last].town_, l.ready_, next);
          if (ready != kNever) {
            add(mask | (std::size_t{1} << next), next, {ready, l.travel_ + travel, k, static_cast<std::uint8_t>(next)});
          }
        }
      }
    }
  }
  solution out;
  out.proven_ = true;
  for (std::size_t i = 0; i != n; ++i) {
    auto reached = false;
    for (std::size_t mask = 0; mask != n_masks && !reached; ++mask) {
      reached = (mask & (std::size_t{1} << i)) != 0 && !states[mask * n + i].empty();
    }
    if (!reached) {
      out.unreachable_.push_back(i);
    }
  }
  std::sort(full.begin(), full.end(), [](auto const& a, auto const& b) { return better(a.first, b.first); });
  for (auto const& [o, k] : full) {
    auto order = order_of(arena, k);
    if (std::find(out.orders_.begin(), out.orders_.end(), order) == out.orders_.end()) {
      out.orders_.push_back(std::move(order));
    }
    if (out.orders_.size() == max_tours) {
      break;
    }
  }
  if (!full.empty()) {
    out.days_needed_ = full.front().first.days_;
    // The fewest days are proven; the travel time among tours of as many days is not (a state keeps only
    // the labels Pareto in ready time and travel so far, and a later start can travel less after). A
    // local search from the best tour finds shorter travel where it can.
    auto improved = improve(net, p, out.orders_.front());
    if (improved != out.orders_.front()) {
      std::erase(out.orders_, improved);
      out.orders_.insert(out.orders_.begin(), std::move(improved));
      out.orders_.resize(std::min(out.orders_.size(), max_tours));
    }
  }
  if (full.empty() || full.front().first.days_ > p.days_available_) {
    // The largest subset that fits the days; among those, the best.
    std::int32_t pick = -1;
    std::size_t pick_mask = 0;
    for (std::size_t mask = 1; mask != n_masks; ++mask) {
      auto const& b = best_by_mask[mask];
      if (b.label_ < 0 || b.out_.days_ > p.days_available_) {
        continue;
      }
      auto const size = std::popcount(mask), best_size = std::popcount(pick_mask);
      if (pick < 0 || size > best_size || (size == best_size && better(b.out_, best_by_mask[pick_mask].out_))) {
        pick = b.label_;
        pick_mask = mask;
      }
    }
    out.fitting_ = pick < 0 ? std::vector<std::size_t>{} : order_of(arena, pick);
  }
  return out;
}

// The heuristic: build by always visiting next the site whose visit ends first, then improve by moving
// one site elsewhere or reversing a stretch while the tour gets better.
std::vector<std::size_t> improve(network& net, problem const& p, std::vector<std::size_t> order) {
  auto best = evaluate(net, p, order);
  for (bool changed = true; changed;) {
    changed = false;
    for (std::size_t i = 0; i != order.size(); ++i) {
      for (std::size_t j = 0; j != order.size(); ++j) {
        if (i == j) {
          continue;
        }
        check_stop(net);
        auto moved = order;
        auto const x = moved[i];
        moved.erase(moved.begin() + static_cast<std::ptrdiff_t>(i));
        moved.insert(moved.begin() + static_cast<std::ptrdiff_t>(j), x);
        if (auto const o = evaluate(net, p, moved); o.end_ != kNever && (best.end_ == kNever || better(o, best))) {
          best = o;
          order = std::move(moved);
          changed = true;
        }
        if (i < j) {
          auto reversed = order;
          std::reverse(reversed.begin() + static_cast<std::ptrdiff_t>(i),
                       reversed.begin() + static_cast<std::ptrdiff_t>(j) + 1);
          if (auto const o = evaluate(net, p, reversed); o.end_ != kNever && (best.end_ == kNever || better(o, best))) {
            best = o;
            order = std::move(reversed);
            changed = true;
          }
        }
      }
    }
  }
  return order;
}

std::vector<std::size_t> greedy(network& net, problem const& p, std::vector<std::size_t> sites) {
  std::vector<std::size_t> order;
  auto at = p.start_town_;
  auto t = p.start_time_;
  while (!sites.empty()) {
    check_stop(net);
    auto pick = sites.size();
    std::pair<std::int64_t, std::int64_t> best{kNever, 0};
    for (std::size_t k = 0; k != sites.size(); ++k) {
      auto const r = step(net, p, at, t, sites[k]);
      if (r.first != kNever && (pick == sites.size() || r < best)) {
        best = r;
        pick = k;
      }
    }
    if (pick == sites.size()) {
      break;  // the rest cannot be reached from here: left out
    }
    order.push_back(sites[pick]);
    at = p.sites_[sites[pick]].town_;
    t = best.first;
    sites.erase(sites.begin() + static_cast<std::ptrdiff_t>(pick));
  }
  return order;
}

solution solve_heuristic(network& net, problem const& p) {
  std::vector<std::size_t> all(p.sites_.size());
  std::iota(all.begin(), all.end(), std::size_t{0});
  auto order = greedy(net, p, all);
  // The greedy walk may end where the end cannot be reached: keep its longest prefix that can, then
  // insert the other sites one at a time where they cost least, while the tour stays feasible.
  while (!order.empty() && evaluate(net, p, order).end_ == kNever) {
    order.pop_back();
  }
  for (bool inserted = true; inserted;) {
    inserted = false;
    std::vector<std::size_t> best_order;
    outcome best_o;
    for (auto const i : all) {
      if (std::find(order.begin(), order.end(), i) != order.end()) {
        continue;
      }
      for (std::size_t at = 0; at <= order.size(); ++at) {
        check_stop(net);
        auto more = order;
        more.insert(more.begin() + static_cast<std::ptrdiff_t>(at), i);
        if (auto const o = evaluate(net, p, more); o.end_ != kNever && (best_order.empty() || better(o, best_o))) {
          best_order = std::move(more);
          best_o = o;
        }
      }
    }
    if (!best_order.empty()) {
      order = std::move(best_order);
      inserted = true;
    }
  }
  order = improve(net, p, order);
  solution out;
  for (std::size_t i = 0; i != all.size(); ++i) {
    // Not in any tour the heuristic could make: reported as not reachable (not proven so).
    if (std::find(order.begin(), order.end(), i) == order.end()) {
      out.unreachable_.push_back(i);
    }
  }
  auto o = evaluate(net, p, order);
  if (order.size() == all.size() && o.end_ != kNever) {
    out.days_needed_ = o.days_;
    out.orders_.push_back(order);
    if (o.days_ <= p.days_available_) {
      return out;
    }
  }
  // Too long (or not all reachable): leave out, one at a time, the site whose absence saves the most.
  while (!order.empty() && (o.end_ == kNever || o.days_ > p.days_available_)) {
    auto best_k = order.size();
    outcome best_o;
    for (std::size_t k = 0; k != order.size(); ++k) {
      auto fewer = order;
      fewer.erase(fewer.begin() + static_cast<std::ptrdiff_t>(k));
      auto const f = evaluate(net, p, fewer);
      if (f.end_ != kNever && (best_k == order.size() || better(f, best_o))) {
        best_k = k;
        best_o = f;
      }
    }
    if (best_k == order.size()) {
      order.clear();
      break;
    }
    order.erase(order.begin() + static_cast<std::ptrdiff_t>(best_k));
    o = best_o;
  }
  out.fitting_ = order.empty() ? order : improve(net, p, order);
  return out;
}

}  // namespace

outcome evaluate(network& net, problem const& p, std::vector<std::size_t> const& order) {
  auto at = p.start_town_;
  auto t = p.start_time_;
  std::int64_t travel = 0;
  for (auto const i : order) {
    auto const [ready, added] = step(net, p, at, t, i);
    if (ready == kNever) {
      return {};
    }
    t = ready;
    travel += added;
    at = p.sites_[i].town_;
  }
  return finish(net, p, at, t, travel);
}

solution solve(network& net, problem const& p, std::size_t max_tours) {
  if (p.sites_.size() <= kExactLimit) {
    return solve_exact(net, p, max_tours);
  }
  return solve_heuristic(net, p);
}

}  // namespace caravan::tours::detail

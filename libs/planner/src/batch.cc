#include "caravan/base/date.h"
#include "caravan/planner/batch.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <chrono>
#include <exception>
#include <istream>
#include <ostream>
#include <thread>

#include <fmt/format.h>

#include "caravan/base/error.h"
#include "caravan/base/text.h"
#include "caravan/timetable/info.h"
#include "caravan/planner/error.h"
#include "caravan/planner/places.h"
#include "caravan/planner/times.h"

namespace caravan::planner {

namespace {

// Splits one CSV line; fields may be quoted ("a,b" and "" for a quote). Returns false on a broken quote.
bool split_csv(std::string_view line, std::vector<std::string>& fields) {
  fields.clear();
  std::string f;
  bool quoted = false;
  bool was_quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    auto const c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        f += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        f += c;
      }
    } else if (c == '"' && trim(f).empty() && !was_quoted) {
      f.clear();
      quoted = true;
      was_quoted = true;
    } else if (c == ',') {
      fields.emplace_back(was_quoted ? f : std::string{trim(f)});
      f.clear();
      was_quoted = false;
    } else if (was_quoted && (c == ' ' || c == '\t')) {
      // spaces after a closing quote
    } else if (was_quoted) {
      return false;  // text after a closing quote
    } else {
      f += c;
    }
  }
  if (quoted) {
    return false;
  }
  fields.emplace_back(was_quoted ? f : std::string{trim(f)});
  return true;
}

// HH:MM:SS (H:MM:SS too), hours may pass 24.
std::optional<std::int32_t> parse_clock(std::string_view s) {
  auto const c1 = s.find(':');
  if (c1 == std::string_view::npos || c1 == 0 || c1 > 3 || s.size() != c1 + 6 || s[c1 + 3] != ':') {
    return std::nullopt;
  }
  auto const h = parse_int(s.substr(0, c1));
  auto const m = parse_int(s.substr(c1 + 1, 2));
  auto const sec = parse_int(s.substr(c1 + 4, 2));
  auto const digits = [](std::string_view x) { return std::all_of(x.begin(), x.end(), [](char c) { return c >= '0' && c <= '9'; }); };
  if (!h || !m || !sec || !digits(s.substr(0, c1)) || !digits(s.substr(c1 + 1, 2)) || !digits(s.substr(c1 + 4, 2)) || *m > 59 ||
      *sec > 59) {
    return std::nullopt;
  }
  return static_cast<std::int32_t>(*h * 3600 + *m * 60 + *sec);
}

bool is_header(std::vector<std::string> const& f) {
  return f.size() == 3 && f[0] == "from_stop_id" && f[1] == "to_stop_id" && f[2] == "departure_time";
}

// A first row without digits in its time column was probably meant as a header.
bool looks_like_header(std::vector<std::string> const& f, bool first_row) {
  return first_row && f.size() == 3 && std::none_of(f[2].begin(), f[2].end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

std::vector<batch_query> read_batch(std::istream& in, std::string const& file_name) {
  std::vector<batch_query> out;
  std::vector<std::string> fields;
  std::string line;
  std::uint64_t line_no = 0;
  bool first_row = true;
  while (std::getline(in, line)) {
    ++line_no;
    std::string_view row = line;
    if (!row.empty() && row.back() == '\r') {
      row.remove_suffix(1);
    }
    if (line_no == 1 && row.starts_with("\xEF\xBB\xBF")) {
      row.remove_prefix(3);  // UTF-8 byte order mark
    }
    if (trim(row).empty()) {
      continue;
    }
    auto const where = source_location{file_name, line_no, 0};
    if (!split_csv(row, fields)) {
      throw data_error{where, "a quoted field is not closed, or text follows its closing quote"};
    }
    if (first_row) {
      first_row = false;
      if (is_header(fields)) {
        continue;
      }
    }
    if (fields.size() != 3) {
      throw data_error{where, fmt::format("expected 3 fields (from_stop_id,to_stop_id,departure_time), found {}", fields.size())};
    }
    if (fields[0].empty() || fields[1].empty()) {
      throw data_error{where, fmt::format("empty {}", fields[0].empty() ? "from_stop_id" : "to_stop_id")};
    }
    auto const t = parse_clock(fields[2]);
    if (!t) {
      throw data_error{where, fmt::format("departure_time `{}` is not HH:MM:SS{}", fields[2],
                                          looks_like_header(fields, out.empty())
                                              ? " (a header must be from_stop_id,to_stop_id,departure_time)"
                                              : "")};
    }
    if (*t >= kMaxBatchDepartureS) {
      throw data_error{where, fmt::format("departure_time `{}` is a week or more after midnight", fields[2])};
    }
    out.push_back({std::move(fields[0]), std::move(fields[1]), *t, line_no});
  }
  if (in.bad()) {
    throw data_error{{file_name, line_no, 0}, "read error"};
  }
  return out;
}

batch_result run_batch(routing::engine const& engine,
                       std::vector<batch_query> const& queries,
                       batch_options const& opt,
                       std::string const& file_name) {
  auto const& tt = engine.timetable();
  if (!tt.day_of(opt.date_)) {
    throw query_error{"date", fmt::format("the date {} is outside the timetable, which runs from {} to {}", format_date(opt.date_),
                                          format_date(tt.scalars().first_day_),
                                          format_date(tt.scalars().first_day_ + static_cast<std::int32_t>(tt.scalars().n_days_) - 1))};
  }
  if (opt.min_change_s_ && (*opt.min_change_s_ < 0 || *opt.min_change_s_ > tt::kSecondsPerDay)) {
    throw query_error{"min_change", fmt::format("min change {} s is not between 0 and 86400", *opt.min_change_s_)};
  }
  // Local midnight of the date in each time zone, once, so the workers never look up zones.
  std::vector<std::int64_t> midnight_of_tz(tt.columns().tz_names_.size());
  for (std::size_t tz = 0; tz != midnight_of_tz.size(); ++tz) {
    midnight_of_tz[tz] = local_midnight(opt.date_, tt.tz_name(tt::tz_idx{tz}));
  }
  batch_result out;
  out.answers_.resize(queries.size());
  out.query_ns_.resize(queries.size());
  std::vector<std::exception_ptr> errors(queries.size());
  std::atomic<std::size_t> next{0};
  place_resolver const places{tt};  // a station id stands for its stops, as in `caravan route`

  auto const work = [&] {
    auto state = routing::make_search_state();
    routing::query q;
    q.max_transfers_ = opt.max_transfers_;
    q.use_footpaths_ = opt.footpaths_;
    if (opt.min_change_s_) {
      q.min_change_s_ = *opt.min_change_s_;
      q.override_min_change_ = true;
    }
    for (auto i = next.fetch_add(1); i < queries.size(); i = next.fetch_add(1)) {
      auto const start = std::chrono::steady_clock::now();
      auto const& in = queries[i];
      auto& a = out.answers_[i];
      a.qid_ = i;
      a.from_id_ = in.from_id_;
      a.to_id_ = in.to_id_;
      a.departure_s_ = in.departure_s_;
      auto const from = tt.find_stop(in.from_id_);
      auto const to = tt.find_stop(in.to_id_);
      if (!from || !to) {
        a.arrival_s_ = kUnknownStop;
      } else {
        try {
          auto const midnight = midnight_of_tz[tt.stop(*from).tz_.idx()];
          q.from_.clear();
          q.to_.clear();
          for (auto const st : places.stops_of_id(in.from_id_)) {
            q.from_.push_back({st, 0});
          }
          for (auto const st : places.stops_of_id(in.to_id_)) {
            q.to_.push_back({st, 0});
          }
          q.time_ = midnight + in.departure_s_;
          if (auto const e = engine.check(q)) {
            throw query_error{"departure_time", e->message_};
          }
          auto const js = engine.route(q, *state);
          a.arrival_s_ = kUnreachable;
          for (auto const& j : js) {
            auto const arr = j.arrival_ - midnight;
            a.arrival_s_ = a.arrival_s_ == kUnreachable ? arr : std::min(a.arrival_s_, arr);
          }
        } catch (...) {
          errors[i] = std::current_exception();
        }
      }
      out.query_ns_[i] = std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - start).count();
    }
  };

  auto const wall_start = std::chrono::steady_clock::now();
  auto const n_threads = std::max(1U, std::min<unsigned>(opt.threads_, static_cast<unsigned>(std::max<std::size_t>(queries.size(), 1))));
  std::vector<std::thread> threads;
  for (unsigned t = 1; t < n_threads; ++t) {
    threads.emplace_back(work);
  }
  work();
  for (auto& t : threads) {
    t.join();
  }
  out.wall_s_ = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();

  for (std::size_t i = 0; i != errors.size(); ++i) {
    if (errors[i]) {
      try {
        std::rethrow_exception(errors[i]);
      } catch (std::exception const& e) {
        throw data_error{{file_name, queries[i].line_, 0}, fmt::format("query {} -> {} at {}: {}", queries[i].from_id_,
                                                                      queries[i].to_id_, queries[i].departure_s_, e.what())};
      }
    }
  }
  return out;
}

void write_batch_answers(std::ostream& out, std::span<batch_answer const> answers) {
  out << "qid,from_stop_id,to_stop_id,departure_s,arrival_s\n";
  auto const field = [](std::string const& s) {
    if (s.find_first_of(",\"\n\r") == std::string::npos) {
      return s;
    }
    std::string q = "\"";
    for (auto const c : s) {
      q += c == '"' ? std::string{"\"\""} : std::string{c};
    }
    return q + '"';
  };
  for (auto const& a : answers) {
    out << a.qid_ << ',' << field(a.from_id_) << ',' << field(a.to_id_) << ',' << a.departure_s_ << ',' << a.arrival_s_ << '\n';
  }
}

timing_summary summarize(std::span<std::int64_t const> ns) {
  timing_summary s;
  if (ns.empty()) {
    return s;
  }
  std::vector<std::int64_t> sorted{ns.begin(), ns.end()};
  std::sort(sorted.begin(), sorted.end());
  auto const rank = [&](double p) {
    // Nearest rank: the smallest value with at least p of the samples at or below it.
    auto const k = static_cast<std::size_t>(std::ceil(p * static_cast<double>(sorted.size())));
    return static_cast<double>(sorted[std::clamp<std::size_t>(k, 1, sorted.size()) - 1]) / 1e6;
  };
  double sum = 0;
  for (auto const x : sorted) {
    sum += static_cast<double>(x);
  }
  s.mean_ms_ = sum / static_cast<double>(sorted.size()) / 1e6;
  s.median_ms_ = rank(0.5);
  s.p90_ms_ = rank(0.9);
  s.p99_ms_ = rank(0.99);
  return s;
}

}  // namespace caravan::planner

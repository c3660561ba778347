// calendar.txt, calendar_dates.txt -> each service's days, the service period, the builder.
#include "import_state.h"

#include <algorithm>

namespace caravan::gtfs::detail {

using namespace caravan::tt;

namespace {

// calendar.txt: a service's weekdays from start_date to end_date.
void read_calendar(import_state& st, csv::reader& cal) {
  auto const c_id = st.require(cal, "service_id");
  auto const c_day = st.require_weekdays(cal);
  auto const c_start = st.require(cal, "start_date");
  auto const c_end = st.require(cal, "end_date");
  st.each_row(cal, [&] {
    auto const id = cal.field(c_id);
    service s;
    for (std::size_t i = 0; i != c_day.size(); ++i) {
      auto const v = cal.field(c_day[i]);
      if (v != "0" && v != "1") {
        st.r_.warn("bad weekday value", cal.where(c_day[i]), fmt::format("`{}` is not 0 or 1; service `{}` skipped", v, id));
        return;
      }
      s.weekdays_ |= static_cast<std::uint8_t>((v == "1" ? 1U : 0U) << static_cast<unsigned>(i));
    }
    auto const start = st.read_date(cal, c_start, fmt::format("service `{}` skipped", id));
    if (!start) {
      return;
    }
    auto const end = st.read_date(cal, c_end, fmt::format("service `{}` skipped", id));
    if (!end) {
      return;
    }
    if (*end < *start) {
      st.r_.warn("bad date", cal.where(c_end), fmt::format("end_date is before start_date; service `{}` skipped", id));
      return;
    }
    s.start_ = *start;
    s.end_ = *end;
    auto const [it, inserted] = st.services_.try_emplace(std::string{id}, s);
    if (!inserted) {
      st.r_.warn("duplicate id", cal.where(c_id), fmt::format("service `{}` is defined twice; the first is used", id));
    }
    (void)it;
  });
}

// calendar_dates.txt: days added to or removed from a service (or a service's only days).
void read_calendar_dates(import_state& st, csv::reader& dates) {
  auto const c_id = st.require(dates, "service_id");
  auto const c_date = st.require(dates, "date");
  auto const c_type = st.require(dates, "exception_type");
  st.each_row(dates, [&] {
    auto const d = st.read_date(dates, c_date, "row skipped");
    if (!d) {
      return;
    }
    auto const t = dates.field(c_type);
    if (t != "1" && t != "2") {
      st.r_.warn("bad exception_type", dates.where(c_type), fmt::format("`{}` is not 1 or 2; row skipped", t));
      return;
    }
    st.services_[std::string{dates.field(c_id)}].exceptions_.emplace_back(*d, t == "1");
  });
}

// The days from the first to the last on which any service runs, at most opt_.max_days_ of them.
void set_service_period(import_state& st, bool has_calendar) {
  std::int32_t lo = std::numeric_limits<std::int32_t>::max();
  std::int32_t hi = std::numeric_limits<std::int32_t>::min();
  for (auto const& [_, s] : st.services_) {
    if (s.end_ >= s.start_ && s.weekdays_ != 0) {
      lo = std::min(lo, s.start_);
      hi = std::max(hi, s.end_);
    }
    for (auto const& [d, added] : s.exceptions_) {
      if (added) {
        lo = std::min(lo, d);
        hi = std::max(hi, d);
      }
    }
  }
  if (lo > hi) {
    throw data_error{{has_calendar ? "calendar.txt" : "calendar_dates.txt"}, "no valid service day in calendar.txt or calendar_dates.txt"};
  }
  st.first_day_ = lo;
  auto n = static_cast<std::uint32_t>(hi - lo + 1);
  if (n > st.opt_.max_days_) {
    st.r_.warn("service period too long", {"calendar.txt"},
               fmt::format("service runs {} days; only the first {} are kept", n, st.opt_.max_days_));
    n = st.opt_.max_days_;
  }
  st.n_days_ = n;
}

}  // namespace

void read_services(import_state& st) {
  auto cal = st.open("calendar.txt", false);
  auto dates = st.open("calendar_dates.txt", false);
  if (cal == nullptr && dates == nullptr) {
    throw data_error{{"calendar.txt"}, "neither calendar.txt nor calendar_dates.txt is present: no service days"};
  }
  if (cal != nullptr) {
    read_calendar(st, *cal);
  }
  if (dates != nullptr) {
    read_calendar_dates(st, *dates);
  }
  set_service_period(st, cal != nullptr);
}

void make_builder(import_state& st) {
  st.b_ = std::make_unique<timetable_builder>(st.first_day_, st.n_days_);
  std::vector<std::uint64_t> words(st.b_->bitfield_words());
  std::uint64_t empty = 0;
  for (auto& [id, s] : st.services_) {
    std::fill(words.begin(), words.end(), 0U);
    auto const set = [&](std::int32_t d, bool on) {
      auto const i = static_cast<std::int64_t>(d) - st.first_day_;
      if (i < 0 || i >= st.n_days_) {
        return;
      }
      auto const bit = std::uint64_t{1} << (static_cast<std::uint64_t>(i) % 64U);
      auto& w = words[static_cast<std::size_t>(i) / 64U];
      w = on ? (w | bit) : (w & ~bit);
    };
    if (s.end_ >= s.start_) {
      for (auto d = s.start_; d <= s.end_; ++d) {
        // 1970-01-01 was a Thursday: weekday index with Monday = 0.
        auto const wd = static_cast<unsigned>(((d % 7) + 7 + 3) % 7);
        if ((s.weekdays_ & (1U << wd)) != 0U) {
          set(d, true);
        }
      }
    }
    for (auto const& [d, added] : s.exceptions_) {
      set(d, added);
    }
    if (std::all_of(words.begin(), words.end(), [](std::uint64_t w) { return w == 0U; })) {
      ++empty;
    }
    s.bits_ = st.b_->add_service(words);
  }
  if (empty != 0) {
    st.r_.note(fmt::format("{} services have no day of service", empty));
  }
}

}  // namespace caravan::gtfs::detail

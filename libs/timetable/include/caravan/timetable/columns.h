#pragma once
// The snapshot's columns, listed once. The builder instantiates them as std::vector, the loaded
// timetable as read-only spans over the file's bytes in memory, and the file writer and reader walk the
// same list, so the three cannot drift apart. docs/timetable-format.md describes each column.
#include <cstdint>
#include <span>
#include <vector>

#include "caravan/timetable/types.h"

namespace caravan::tt {

// X(element type, column name)   // index -> meaning
#define CARAVAN_TIMETABLE_COLUMNS(X)                                                                  \
  X(char, chars)                         /* string pool bytes */                                     \
  X(std::uint32_t, string_offsets)       /* string_idx -> [offset, next offset) in chars */          \
  X(meta_entry, meta)                    /* feed_info.txt and import facts, key -> value */           \
  X(string_idx, tz_names)                /* tz_idx -> IANA name */                                    \
  X(std::int32_t, tz_day_start)          /* tz * n_days + day -> service-day start, s after UTC 0h */ \
  X(agency_record, agencies)             /* agency_idx -> agency */                                   \
  X(stop_record, stops)                  /* stop_idx -> stop */                                       \
  X(stop_idx, stops_by_id)               /* stops sorted by id, for lookups */                        \
  X(route_record, routes)                /* route_idx -> route */                                     \
  X(route_idx, routes_by_id)             /* routes sorted by id */                                    \
  X(trip_record, trips)                  /* trip_idx -> trip, grouped by pattern */                   \
  X(trip_idx, trips_by_id)               /* trips sorted by id (frequency runs share an id) */       \
  X(std::uint64_t, bitfields)            /* bitfield_idx * bitfield_words + w -> 64 service days */   \
  X(pattern_record, patterns)            /* pattern_idx -> trips and times */                         \
  X(std::uint32_t, pattern_stop_offsets) /* pattern_idx -> [offset, next) in pattern_stops */         \
  X(pattern_stop, pattern_stops)         /* the stops of each pattern, in order */                    \
  X(stop_time, stop_times)               /* per pattern, trip-major blocks of arrival/departure */   \
  X(std::uint32_t, stop_pattern_offsets) /* stop_idx -> [offset, next) in stop_patterns */            \
  X(pattern_idx, stop_patterns)          /* patterns serving each stop */                             \
  X(std::uint32_t, footpath_out_offsets) /* stop_idx -> [offset, next) in footpaths_out */            \
  X(footpath, footpaths_out)             /* walks leaving each stop (transitively closed) */          \
  X(std::uint32_t, footpath_in_offsets)  /* stop_idx -> [offset, next) in footpaths_in */             \
  X(footpath, footpaths_in)              /* walks arriving at each stop (same walks, reversed) */     \
  X(stop_transfer, stop_transfers)       /* transfers.txt between stops, sorted by (from, to) */      \
  X(trip_transfer, trip_transfers)       /* transfers.txt between trips, sorted by from_trip */       \
  X(stay_seated, stay_seated)            /* block_id continuations, sorted by from */                 \
  X(translation, translations)           /* names in other languages */                              \
  X(border_crossing, border_crossings)   /* crossing_idx -> opening hours */                          \
  X(std::int32_t, crossing_closures)     /* closed dates of each crossing, days since 1970 */         \
  X(string_idx, crossing_closure_reasons) /* crossing_closures index -> why closed ("" unknown) */     \
  X(road_link, road_links)               /* road_link_idx -> link, sorted by from stop */             \
  X(std::uint32_t, road_out_offsets)     /* stop_idx -> [offset, next) in road_links */               \
  X(road_link_idx, road_links_in)        /* links by to stop */                                       \
  X(std::uint32_t, road_in_offsets)      /* stop_idx -> [offset, next) in road_links_in */

template <typename T>
using owned_column = std::vector<T>;
template <typename T>
using mapped_column = std::span<T const>;

template <template <typename> class Column>
struct timetable_columns {
#define CARAVAN_DECLARE_COLUMN(T, name) Column<T> name##_;
  CARAVAN_TIMETABLE_COLUMNS(CARAVAN_DECLARE_COLUMN)
#undef CARAVAN_DECLARE_COLUMN

  // Calls f(name, column) for every column, in file order.
  template <typename F>
  void for_each_column(F&& f) {
#define CARAVAN_VISIT_COLUMN(T, name) f(#name, name##_);
    CARAVAN_TIMETABLE_COLUMNS(CARAVAN_VISIT_COLUMN)
#undef CARAVAN_VISIT_COLUMN
  }
  template <typename F>
  void for_each_column(F&& f) const {
#define CARAVAN_VISIT_COLUMN(T, name) f(#name, name##_);
    CARAVAN_TIMETABLE_COLUMNS(CARAVAN_VISIT_COLUMN)
#undef CARAVAN_VISIT_COLUMN
  }
};

// Scalars that describe the whole snapshot.
struct timetable_scalars {
  std::int32_t first_day_{0};        // days since 1970-01-01 of day_idx 0
  std::uint32_t n_days_{0};          // service days covered
  std::uint32_t bitfield_words_{0};  // 64-bit words per bitfield: ceil(n_days / 64)
};

// What the builder produces and the file stores.
struct timetable_data {
  timetable_scalars scalars_;
  timetable_columns<owned_column> columns_;
};

// Read-only views of owned columns: what a timetable built in memory and the verifier read.
inline timetable_columns<mapped_column> view_of(timetable_columns<owned_column> const& owned) {
  timetable_columns<mapped_column> v;
#define CARAVAN_VIEW_COLUMN(T, name) v.name##_ = mapped_column<T>{owned.name##_};
  CARAVAN_TIMETABLE_COLUMNS(CARAVAN_VIEW_COLUMN)
#undef CARAVAN_VIEW_COLUMN
  return v;
}

}  // namespace caravan::tt

// translations.txt (the current format; the old one with trans_id is reported and ignored) -> names of
// stops, routes, agencies, trips and the feed in other languages.
#include "import_state.h"

namespace caravan::gtfs::detail {

using namespace caravan::tt;

void read_translations(import_state& st) {
  auto csv = st.open("translations.txt", false);
  if (csv == nullptr) {
    return;
  }
  if (csv->column("table_name") < 0 && csv->column("trans_id") >= 0) {
    st.r_.warn("old translations format", {"translations.txt", 1}, "the pre-2019 format (trans_id, lang) is not supported; file ignored");
    return;
  }
  auto const c_table = st.require(*csv, "table_name");
  auto const c_field = st.require(*csv, "field_name");
  auto const c_lang = st.require(*csv, "language");
  auto const c_text = st.require(*csv, "translation");
  auto const c_record = csv->column("record_id");
  auto const c_value = csv->column("field_value");
  st.each_row(*csv, [&] {
    auto const table = csv->field(c_table);
    auto const field = csv->field(c_field);
    std::optional<translated_table> t;
    std::vector<std::uint32_t> records;
    auto const record_id = csv->field(c_record);
    auto const value = csv->field(c_value);
    // A row names its record by id (record_id) or by the value of the translated field (field_value).
    auto const by_value = [&](std::size_t n, auto const& field_of) {
      for (std::size_t i = 0; i != n; ++i) {
        if (auto const v = field_of(i); v && st.str(*v) == value) {
          records.push_back(static_cast<std::uint32_t>(i));
        }
      }
    };
    auto const pick = [&](std::string_view name, string_idx v) { return field == name ? std::optional{v} : std::nullopt; };
    if (table == "stops") {
      t = translated_table::kStop;
      if (auto const* s = find(st.stops_, record_id)) {
        records.push_back(s->v());
      } else if (record_id.empty()) {
        by_value(st.b_->n_stops(), [&](std::size_t i) {
          auto const& rec = st.b_->stop(stop_idx{i});
          return field == "stop_name" ? std::optional{rec.name_} : field == "stop_desc" ? std::optional{rec.desc_} : std::nullopt;
        });
      }
    } else if (table == "routes") {
      t = translated_table::kRoute;
      if (auto const* r = find(st.routes_, record_id)) {
        records.push_back(r->idx_.v());
      } else if (record_id.empty()) {
        by_value(st.b_->n_routes(), [&](std::size_t i) {
          auto const& rec = st.b_->route(route_idx{i});
          return field == "route_long_name" ? std::optional{rec.long_name_} : pick("route_short_name", rec.short_name_);
        });
      }
    } else if (table == "agency") {
      t = translated_table::kAgency;
      if (auto const* a = find(st.agencies_, record_id)) {
        records.push_back(a->first.v());
      } else if (record_id.empty()) {
        by_value(st.b_->n_agencies(), [&](std::size_t i) { return pick("agency_name", st.b_->agency(agency_idx{i}).name_); });
      }
    } else if (table == "trips") {
      t = translated_table::kTrip;
      auto const add_trip = [&](std::size_t i) {
        for (auto const in : st.trips_[i].inputs_) {
          records.push_back(in.v());
        }
      };
      if (auto const* tr = find(st.trip_ids_, record_id)) {
        add_trip(*tr);
      } else if (record_id.empty()) {
        for (std::size_t i = 0; i != st.trips_.size(); ++i) {
          auto const& rec = st.trips_[i].record_;
          if ((field == "trip_headsign" && st.str(rec.headsign_) == value) ||
              (field == "trip_short_name" && st.str(rec.short_name_) == value)) {
            add_trip(i);
          }
        }
      }
    } else if (table == "feed_info") {
      t = translated_table::kFeedInfo;
      records.push_back(0);
    }
    if (!t) {
      st.r_.skipped(fmt::format("translations of table `{}` (not used)", table));
      return;
    }
    if (records.empty()) {
      st.r_.warn("translation of an unknown record", csv->where(c_record >= 0 ? c_record : c_value),
                 fmt::format("no {} record `{}`; row skipped", table, record_id.empty() ? value : record_id));
      return;
    }
    for (auto const rec : records) {
      st.b_->add_translation({rec, st.b_->intern(field), st.b_->intern(csv->field(c_lang)), st.b_->intern(csv->field(c_text)), *t, {}});
    }
  });
}

}  // namespace caravan::gtfs::detail

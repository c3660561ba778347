// agency.txt -> agencies, the feed's time zone.
#include "import_state.h"

namespace caravan::gtfs::detail {

using namespace caravan::tt;

void read_agencies(import_state& st) {
  auto csv = st.open("agency.txt", true);
  auto const c_id = csv->column("agency_id");
  auto const c_name = st.require(*csv, "agency_name");
  auto const c_url = csv->column("agency_url");
  auto const c_tz = st.require(*csv, "agency_timezone");
  auto const c_lang = csv->column("agency_lang");
  auto const c_phone = csv->column("agency_phone");
  st.each_row(*csv, [&] {
    auto const tz = st.timezone(csv->field(c_tz), csv->where(c_tz), true);
    agency_record a{};
    a.id_ = st.b_->intern(csv->field(c_id));
    a.name_ = st.b_->intern(csv->field(c_name));
    a.url_ = st.b_->intern(csv->field(c_url));
    a.phone_ = st.b_->intern(csv->field(c_phone));
    a.lang_ = st.b_->intern(csv->field(c_lang));
    a.tz_ = tz;
    if (st.defined_before(st.agencies_, csv->field(c_id), *csv, c_id, "agency")) {
      return;
    }
    if (!st.agencies_.empty() && tz != st.feed_tz_) {
      st.r_.warn("agencies in different time zones", csv->where(c_tz),
                 "GTFS requires all agencies to share one time zone; each agency's own is used");
    }
    if (st.agencies_.empty()) {
      st.feed_tz_ = tz;
    }
    st.agencies_.emplace(std::string{csv->field(c_id)}, std::pair{st.b_->add_agency(a), tz});
  });
  if (st.agencies_.empty()) {
    throw data_error{{"agency.txt"}, "no agency: the feed's time zone is unknown"};
  }
  if (st.agencies_.size() > 1 && st.agencies_.contains("")) {
    st.r_.warn("agency without id", {"agency.txt", 0, static_cast<std::uint32_t>(c_id + 1)},
               "the feed has several agencies but one has no agency_id; routes without agency_id are given that one");
  }
}

}  // namespace caravan::gtfs::detail

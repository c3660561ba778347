// routes.txt -> routes, with the agency (and so the time zone) and mode their trips take.
#include "import_state.h"

namespace caravan::gtfs::detail {

using namespace caravan::tt;

void read_routes(import_state& st) {
  auto csv = st.open("routes.txt", true);
  auto const c_id = st.require(*csv, "route_id");
  auto const c_agency = csv->column("agency_id");
  auto const c_short = csv->column("route_short_name");
  auto const c_long = csv->column("route_long_name");
  auto const c_desc = csv->column("route_desc");
  auto const c_type = st.require(*csv, "route_type");
  auto const c_color = csv->column("route_color");
  auto const c_text_color = csv->column("route_text_color");
  auto const c_source = csv->column("source");
  auto const c_confidence = csv->column("confidence");
  st.each_row(*csv, [&] {
    auto const id = csv->field(c_id);
    if (st.defined_before(st.routes_, id, *csv, c_id, "route")) {
      return;
    }
    auto const type = parse_int(csv->field(c_type));
    if (!type || *type < 0 || *type > 1999) {
      st.r_.warn("bad route_type", csv->where(c_type), fmt::format("`{}` is not a GTFS route type; route `{}` skipped", csv->field(c_type), id));
      return;
    }
    auto const* agency = find(st.agencies_, csv->field(c_agency));
    if (agency == nullptr) {
      if (st.agencies_.size() == 1 && csv->field(c_agency).empty()) {
        agency = &st.agencies_.begin()->second;
      } else {
        st.r_.warn("undefined agency", csv->where(c_agency), fmt::format("agency `{}` is not in agency.txt; route `{}` skipped", csv->field(c_agency), id));
        return;
      }
    }
    if (csv->field(c_short).empty() && csv->field(c_long).empty()) {
      st.r_.warn("route without a name", csv->where(), fmt::format("route `{}` has neither short nor long name", id));
    }
    route_record r{};
    r.id_ = st.b_->intern(id);
    r.short_name_ = st.b_->intern(csv->field(c_short));
    r.long_name_ = st.b_->intern(csv->field(c_long));
    r.desc_ = st.b_->intern(csv->field(c_desc));
    r.color_ = st.b_->intern(csv->field(c_color));
    r.text_color_ = st.b_->intern(csv->field(c_text_color));
    r.agency_ = agency->first;
    r.route_type_ = static_cast<std::int32_t>(*type);
    r.source_ = st.b_->intern(csv->field(c_source));
    r.confidence_ = st.read_confidence(*csv, c_confidence);
    st.routes_.emplace(std::string{id}, route_info{st.b_->add_route(r), agency->second, mode_of_route_type(r.route_type_)});
  });
}

}  // namespace caravan::gtfs::detail

// feed_info.txt -> the snapshot's metadata (publisher, version, languages, ...).
#include "import_state.h"

namespace caravan::gtfs::detail {

using namespace caravan::tt;

void read_feed_info(import_state& st) {
  auto csv = st.open("feed_info.txt", false);
  if (csv == nullptr) {
    return;
  }
  st.each_row(*csv, [&] {
    for (std::size_t i = 0; i != csv->header().size(); ++i) {
      if (!csv->field(static_cast<int>(i)).empty()) {
        st.b_->add_meta(csv->header()[i], csv->field(static_cast<int>(i)));
      }
    }
  });
}

}  // namespace caravan::gtfs::detail

// libFuzzer target: the CSV reader on arbitrary bytes. Anything may be rejected with data_error; nothing
// may crash, hang, leak or read out of bounds (the fuzz preset builds with ASan and UBSan).
#include <cstddef>
#include <cstdint>
#include <string>

#include "caravan/base/error.h"
#include "caravan/csv/reader.h"
#include "caravan/gtfs/report.h"

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
  using namespace caravan;
  gtfs::import_report report;
  try {
    csv::reader csv{csv::memory_stream(std::string{reinterpret_cast<char const*>(data), size}), "fuzz.txt", report};
    auto const id = csv.column("stop_id");
    std::size_t total = 0;
    while (csv.next()) {
      for (std::size_t i = 0; i != csv.n_fields(); ++i) {
        total += csv.field(static_cast<int>(i)).size();
      }
      total += csv.field(id).size();
    }
    if (total > size * 4 + 1024) {
      __builtin_trap();  // fields can only come from the input (plus U+FFFD repairs and UTF-16 conversion)
    }
  } catch (data_error const&) {
  }
  return 0;
}

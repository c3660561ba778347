// libFuzzer target: a business calendar read from arbitrary bytes (what an admin PUTs or imports), then
// its clocks driven over a few years, and a file name and content as an upload gives them. Anything may
// be refused with calendar_error; nothing may crash, hang, overflow or read out of bounds (the fuzz
// preset builds with ASan and UBSan).
#include <cstddef>
#include <cstdint>
#include <string>

#include "caravan/cases/attachments.h"
#include "caravan/cases/sla.h"

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
  using namespace caravan::cases;
  std::string const text{reinterpret_cast<char const*>(data), size};
  (void)sniff_media_type(text);
  if (auto const name = clean_file_name(text); name && (name->size() > 120 || name->find('/') != std::string::npos)) {
    __builtin_trap();  // a cleaned name is short and has no path
  }
  try {
    auto const c = calendar_from_json(text);
    constexpr instant kStart = 1'780'000'000LL * kMicrosPerSecond;  // 2026-05-28
    for (std::int64_t target : {0LL, 1LL, 3'600LL, 240LL * 3'600}) {
      auto const due = add_business_seconds(c, kStart, target);
      if (due < kStart || business_seconds(c, kStart, due) != target) {
        __builtin_trap();  // the two are inverse
      }
    }
    clock_event const events[] = {{kStart, clock_event_kind::kOpened},
                                  {kStart + 3'600 * kMicrosPerSecond, clock_event_kind::kPaused},
                                  {kStart + 90'000 * kMicrosPerSecond, clock_event_kind::kResumed},
                                  {kStart + 200'000 * kMicrosPerSecond, clock_event_kind::kResolved}};
    (void)evaluate_clocks(c, {.first_response_s_ = 4 * 3'600, .resolution_s_ = 40 * 3'600}, events,
                          kStart + 400'000 * kMicrosPerSecond);
  } catch (calendar_error const&) {
  }
  return 0;
}

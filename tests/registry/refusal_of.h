#pragma once
// What a register operation is refused with, for the tests of the service (service_test.cc,
// tours_test.cc): a test failure at the caller's line when it is not refused.
#include <gtest/gtest.h>

#include <source_location>

#include "caravan/registry/service.h"

namespace caravan::registry {

template <typename F>
refusal refusal_of(F&& f, std::source_location where = std::source_location::current()) {
  try {
    f();
  } catch (refused const& r) {
    return r.why();
  }
  ADD_FAILURE_AT(where.file_name(), static_cast<int>(where.line())) << "not refused";
  return refusal::kInvalid;
}

}  // namespace caravan::registry

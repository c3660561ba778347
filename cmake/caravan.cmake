# Shared warnings and the caravan_library() helper: one target per part, named caravan-<part>,
# with headers under libs/<part>/include/caravan/<part>/ and sources under libs/<part>/src/.

add_library(caravan-warnings INTERFACE)
target_compile_options(caravan-warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Wcast-align
  -Woverloaded-virtual -Wimplicit-fallthrough
  $<$<BOOL:${CARAVAN_WERROR}>:-Werror>)

# caravan_library(NAME part SOURCES ... DEPENDS public-targets... PRIVATE_DEPENDS targets...)
function(caravan_library)
  cmake_parse_arguments(ARG "" "NAME" "SOURCES;DEPENDS;PRIVATE_DEPENDS" ${ARGN})
  add_library(caravan-${ARG_NAME} ${ARG_SOURCES})
  add_library(caravan::${ARG_NAME} ALIAS caravan-${ARG_NAME})
  target_include_directories(caravan-${ARG_NAME} PUBLIC ${CMAKE_CURRENT_SOURCE_DIR}/include)
  target_link_libraries(caravan-${ARG_NAME} PUBLIC ${ARG_DEPENDS} PRIVATE caravan-warnings ${ARG_PRIVATE_DEPENDS})
endfunction()

# caravan_test(NAME part SOURCES ... DEPENDS ... [RESOURCE_LOCK name]): one gtest executable per library,
# registered with ctest; RESOURCE_LOCK keeps its tests from running at once with others holding the lock
# (tests that share one PostgreSQL database).
function(caravan_test)
  cmake_parse_arguments(ARG "" "NAME;RESOURCE_LOCK" "SOURCES;DEPENDS" ${ARGN})
  set(lock "")
  if(ARG_RESOURCE_LOCK)
    set(lock RESOURCE_LOCK ${ARG_RESOURCE_LOCK})
  endif()
  add_executable(caravan-${ARG_NAME}-test ${ARG_SOURCES})
  target_link_libraries(caravan-${ARG_NAME}-test PRIVATE ${ARG_DEPENDS} caravan-warnings GTest::gtest_main)
  target_compile_definitions(caravan-${ARG_NAME}-test PRIVATE
    CARAVAN_SHARED_DIR="${CARAVAN_SHARED_DIR}" CARAVAN_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
  gtest_discover_tests(caravan-${ARG_NAME}-test DISCOVERY_TIMEOUT 60
    PROPERTIES ENVIRONMENT "CARAVAN_SHARED_DIR=${CARAVAN_SHARED_DIR}" ${lock})
endfunction()

# ../shared beside the checkout holds the real feeds used by tests and benchmarks.
get_filename_component(_caravan_shared "${PROJECT_SOURCE_DIR}/../shared" ABSOLUTE)
set(CARAVAN_SHARED_DIR "${_caravan_shared}" CACHE PATH "The read-only shared folder (feeds, facts)")

# caravan check end to end (run by ctest): -DCARAVAN=<binary> -DSOURCE_DIR=<checkout>.
set(trip ${SOURCE_DIR}/tests/rules/cli/xian-almaty-samarkand.json)

function(run expected_rc)
  execute_process(COMMAND ${CARAVAN} check ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err
                  WORKING_DIRECTORY ${SOURCE_DIR})
  if(NOT rc EQUAL expected_rc)
    message(FATAL_ERROR "caravan check ${ARGN}: exit ${rc}, expected ${expected_rc}\n${out}\n${err}")
  endif()
  set(out "${out}" PARENT_SCOPE)
  set(err "${err}" PARENT_SCOPE)
endfunction()

function(expect text haystack)
  string(FIND "${haystack}" "${text}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "expected `${text}` in:\n${haystack}")
  endif()
endfunction()

# Text output, rules from data/rules relative to the working directory.
run(0 --traveller CN --traveller KZ --itinerary ${trip})
expect("Traveller 1: CN, ordinary passport" "${out}")
expect("2. KZ 2025-06-03T14:00+05:00 -> 2025-06-20T09:00+05:00  allowed_with_conditions (visa_free)" "${out}")
expect("rule cn-kz-mutual-2023 (confidence high, data/rules/kazakhstan.json:" "${out}")
expect("3. UZ 2025-06-20T12:00+05:00 -> 2025-07-25T18:00+05:00  limit_exceeded by 6 day(s) (visa_free)" "${out}")
expect("Traveller 2: KZ, ordinary passport" "${out}")
expect("1. CN 2025-06-01T09:00+08:00 -> 2025-06-03T10:00+08:00  allowed (visa_free)" "${out}")

# JSON output, rules from --rules.
run(0 --traveller CN --itinerary ${trip} --rules ${SOURCE_DIR}/data/rules --json)
expect("\"verdict\": \"limit_exceeded\"" "${out}")
expect("\"over_by_days\": 6" "${out}")
expect("\"rule\": \"cn-uz-mutual-2025\"" "${out}")
expect("\"latest_exit\": \"2025-07-19\"" "${out}")

# Bad input: exit 1 and a message naming what and where.
run(1 --traveller XX --itinerary ${trip})
expect("caravan: error: traveller `XX`: unknown country code `XX`" "${err}")
run(1 --traveller CN --itinerary ${SOURCE_DIR}/tests/rules/cli/bad-trip.json)
expect("caravan: error: ${SOURCE_DIR}/tests/rules/cli/bad-trip.json:4: /stays/1/entry: `2025-06-31T10:00` is not a date" "${err}")
run(1 --traveller CN --itinerary ${trip} --rules ${SOURCE_DIR}/tests/rules/cli)
expect("caravan: error: ${SOURCE_DIR}/tests/rules/cli/bad-trip.json:2: /stays: unknown key `stays`" "${err}")
run(1 --traveller CN --itinerary ${trip} --rules /nonexistent/rules)
expect("caravan: error: /nonexistent/rules: not a rules folder" "${err}")
# CARAVAN_RULES is the default folder when --rules is not given.
execute_process(COMMAND ${CMAKE_COMMAND} -E env CARAVAN_RULES=/nonexistent/env-rules ${CARAVAN} check --traveller CN --itinerary ${trip}
                RESULT_VARIABLE rc ERROR_VARIABLE err WORKING_DIRECTORY ${SOURCE_DIR})
if(NOT rc EQUAL 1)
  message(FATAL_ERROR "CARAVAN_RULES not used: exit ${rc}")
endif()
expect("caravan: error: /nonexistent/env-rules: not a rules folder" "${err}")
run(1 --itinerary ${SOURCE_DIR}/tests/rules/cli/no-travellers.json)
expect("caravan: error: no traveller" "${err}")

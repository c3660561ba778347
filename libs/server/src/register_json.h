#pragma once
// What the register's and the cases' endpoints share (register_api.cc, cases_api.cc): JSON answers and
// bodies, the fields they read with errors naming the field, the signed-in caller, and refusals as the
// API's errors.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "caravan/registry/service.h"
#include "caravan/server/service.h"

namespace caravan::server {

using json = nlohmann::ordered_json;

api_response json_answer(json const& j, unsigned status = 200);
// A refusal of the service as the API's error (docs/server.md's table); the field becomes the
// parameter the client named.
api_error api_error_of(registry::refused const& r);
// The body as a JSON object, or the API's 415/400 naming what is wrong.
json body_object(api_request const& r);
std::string text_field(json const& j, char const* name, bool required = true);
std::int32_t date_field(json const& j, char const* name);
std::int64_t integer_field(json const& j, char const* name);
std::vector<std::string> strings_field(json const& j, char const* name);
// "Bearer <token>" -> the signed-in caller; no header -> the public.
registry::caller caller_of(api_request const& r, registry::register_service& reg);
registry::caller signed_in_caller(api_request const& r, registry::register_service& reg);
json account_json(registry::account const& a);
// A satisfaction rating (issue 19): {"id","rating","comment","at"}.
json rating_json(registry::rating_view const& r);
// A rating request's figure: `rating`, an integer (its range is the service's to check).
int rating_field(json const& j);
std::int64_t id_param(api_request const& r, std::string_view what = "operator");
bool bool_field(json const& j, char const* name);
json const& list_field(json const& j, char const* name, std::size_t max);

}  // namespace caravan::server

#include "register_json.h"

#include <algorithm>

#include <fmt/format.h>

#include "caravan/base/date.h"
#include "caravan/base/text.h"
#include "parameters.h"

namespace caravan::server {

using namespace registry;

api_response json_answer(json const& j, unsigned status) {
  auto out = ok("application/json", j.dump(-1, ' ', false, json::error_handler_t::replace));
  out.status = status;
  return out;
}

// A refusal of the service as the API's error (docs/server.md's table); the field becomes the
// parameter the client named.
api_error api_error_of(refused const& r) {
  auto const code = [&] {
    switch (r.why()) {
      case refusal::kUnauthorized: return error_code::kUnauthorized;
      case refusal::kForbidden: return error_code::kForbidden;
      case refusal::kNotFound: return error_code::kNotFound;
      case refusal::kInvalid: return error_code::kInvalidBody;
      case refusal::kConflict: return error_code::kConflict;
      case refusal::kRateLimited: return error_code::kRateLimited;
      case refusal::kUnavailable: return error_code::kRegisterOff;
    }
    return error_code::kInternal;
  }();
  return api_error{code, r.what(), r.field()};
}

// The body as a JSON object, or the API's 415/400 naming what is wrong.
json body_object(api_request const& r) {
  auto const media = trim(r.content_type.substr(0, r.content_type.find(';')));
  if (!equal_ignoring_ascii_case(media, "application/json")) {
    throw api_error{error_code::kUnsupportedMediaType,
                    fmt::format("send the body as application/json, not `{}`",
                                r.content_type.empty() ? "(no Content-Type)" : shorten(r.content_type))};
  }
  json j;
  try {
    j = json::parse(r.body);
  } catch (json::exception const& e) {
    // Where the parser stopped, without its "last read" quote of the body (it may be a password).
    std::string_view what = e.what();
    what = what.substr(0, what.find("; last read"));
    throw api_error{error_code::kInvalidBody, "the body is not JSON", {}, std::string{what}};
  }
  if (!j.is_object()) {
    throw api_error{error_code::kInvalidBody, "the body is not a JSON object", {}, "expected {...}"};
  }
  return j;
}

std::string text_field(json const& j, char const* name, bool required) {
  auto const it = j.find(name);
  if (it == j.end() || it->is_null()) {
    if (required) {
      throw api_error{error_code::kInvalidBody, fmt::format("`{}` is required", name), name};
    }
    return {};
  }
  if (!it->is_string()) {
    throw api_error{error_code::kInvalidBody, fmt::format("`{}` must be a string", name), name};
  }
  return it->get<std::string>();
}

std::int32_t date_field(json const& j, char const* name) {
  auto const text = text_field(j, name);
  auto const d = parse_date(text, date_format::kIso, 1900, 2200);
  if (!d) {
    throw api_error{error_code::kInvalidBody, fmt::format("`{}` is not a date (YYYY-MM-DD)", name), name};
  }
  return *d;
}

std::int64_t integer_field(json const& j, char const* name) {
  auto const it = j.find(name);
  if (it == j.end() || !it->is_number_integer()) {
    throw api_error{error_code::kInvalidBody, fmt::format("`{}` is required, an integer", name), name};
  }
  return it->get<std::int64_t>();
}

std::vector<std::string> strings_field(json const& j, char const* name) {
  std::vector<std::string> out;
  auto const it = j.find(name);
  if (it == j.end() || it->is_null()) {
    return out;
  }
  if (!it->is_array() || it->size() > 64) {
    throw api_error{error_code::kInvalidBody, fmt::format("`{}` must be a list of at most 64 strings", name), name};
  }
  for (auto const& v : *it) {
    if (!v.is_string()) {
      throw api_error{error_code::kInvalidBody, fmt::format("`{}` must be a list of strings", name), name};
    }
    out.push_back(v.get<std::string>());
  }
  return out;
}

// "Bearer <token>" -> the signed-in caller; no header -> the public.
caller caller_of(api_request const& r, register_service& reg) {
  caller c{.client_ = std::string{r.client}};
  if (r.authorization.empty()) {
    return c;
  }
  constexpr std::string_view kBearer = "bearer ";  // the scheme's name in any case (RFC 7235)
  if (r.authorization.size() < kBearer.size() || !equal_ignoring_ascii_case(r.authorization.substr(0, kBearer.size()), kBearer)) {
    throw api_error{error_code::kUnauthorized, "send the session token as `Authorization: Bearer TOKEN`"};
  }
  c.account_ = reg.authenticate(std::string{trim(r.authorization.substr(kBearer.size()))});
  if (!c.account_) {
    throw api_error{error_code::kUnauthorized, "the session has ended or was revoked: sign in again"};
  }
  return c;
}

caller signed_in_caller(api_request const& r, register_service& reg) {
  auto c = caller_of(r, reg);
  if (!c.account_) {
    throw api_error{error_code::kUnauthorized, "sign in first (POST /api/v1/auth/signin), then send the token"};
  }
  return c;
}

json rating_json(rating_view const& r) {
  return {{"id", r.id_}, {"rating", r.rating_}, {"comment", r.comment_}, {"at", format_instant(r.at_)}};
}

int rating_field(json const& j) {
  return static_cast<int>(std::clamp<std::int64_t>(integer_field(j, "rating"), -1, 6));  // out of range stays out
}

json account_json(account const& a) {
  json j{{"id", a.id_}, {"email", a.email_}, {"displayName", a.display_name_}, {"role", to_string(a.role_)}};
  if (a.operator_) {
    j["operatorId"] = *a.operator_;
  }
  if (!a.country_.empty()) {
    j["country"] = a.country_;
  }
  if (!a.organisation_.empty()) {
    j["organisation"] = a.organisation_;
  }
  return j;
}

std::int64_t id_param(api_request const& r, std::string_view what) {
  auto const id = parse_int(r.path_params.at(0));
  if (!id || *id <= 0) {
    throw api_error{error_code::kNotFound, fmt::format("no {} `{}`", what, shorten(r.path_params.at(0), 20))};
  }
  return *id;
}

bool bool_field(json const& j, char const* name) {
  auto const it = j.find(name);
  if (it == j.end() || it->is_null()) {
    return false;
  }
  if (!it->is_boolean()) {
    throw api_error{error_code::kInvalidBody, fmt::format("`{}` must be true or false", name), name};
  }
  return it->get<bool>();
}

json const& list_field(json const& j, char const* name, std::size_t max) {
  static json const empty = json::array();
  auto const it = j.find(name);
  if (it == j.end() || it->is_null()) {
    return empty;
  }
  if (!it->is_array() || it->size() > max) {
    throw api_error{error_code::kInvalidBody, fmt::format("`{}` must be a list of at most {} objects", name, max), name};
  }
  for (auto const& v : *it) {
    if (!v.is_object()) {
      throw api_error{error_code::kInvalidBody, fmt::format("`{}` must be a list of objects", name), name};
    }
  }
  return *it;
}

}  // namespace caravan::server

#include "caravan/server/service.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>

#include "caravan/base/text.h"

namespace caravan::server {

namespace {

std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> out;
  std::size_t i = 1;  // past the leading '/'
  while (i <= path.size()) {
    auto const slash = path.find('/', i);
    auto const end = slash == std::string_view::npos ? path.size() : slash;
    out.emplace_back(path.substr(i, end - i));
    i = end + 1;
  }
  return out;
}

bool is_param(std::string const& segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

// Whether a route's segments match the path's; `captured` gets the {…} segments.
bool matches(std::vector<std::string> const& pattern,
             std::vector<std::string> const& segments,
             std::vector<std::string>& captured) {
  if (pattern.size() != segments.size()) {
    return false;
  }
  for (std::size_t i = 0; i != segments.size(); ++i) {
    if (is_param(pattern[i])) {
      if (segments[i].empty()) {
        return false;
      }
      captured.push_back(segments[i]);
    } else if (pattern[i] != segments[i]) {
      return false;
    }
  }
  return true;
}

}  // namespace

void api_request::only(std::initializer_list<std::string_view> allowed) const {
  only(std::span<std::string_view const>{allowed.begin(), allowed.size()});
}

void api_request::only(std::span<std::string_view const> allowed) const {
  for (auto const& [name, value] : target.params) {
    if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
      throw api_error{
          error_code::kUnknownParameter,
          fmt::format("unknown parameter `{}`; this operation takes: {}", name, fmt::join(allowed, ", ")),
          name};
    }
  }
}

api_response ok(std::string content_type, std::string body) {
  api_response r;
  r.content_type = std::move(content_type);
  r.body = std::move(body);
  return r;
}

api_response error_response(error_code code,
                            std::string_view message,
                            std::string_view parameter,
                            std::string_view body) {
  api_response r;
  r.status = info(code).status_;
  r.body = error_body(code, message, parameter, body);
  r.error = info(code).name_;
  return r;
}

service::service() {
  add("GET", "/metrics", [this](api_request const& r) {
    r.only({});
    return ok("text/plain; version=0.0.4; charset=utf-8", metrics_.prometheus());
  }, route_cost::kLight);
}

void service::add(std::string method, std::string pattern, handler h, route_cost cost) {
  auto segments = split_path(pattern);
  routes_.push_back({std::move(method), std::move(pattern), std::move(segments), std::move(h), cost});
}

bool service::is_light(std::string_view method, std::string_view target) const {
  try {
    auto const parsed = parse_target(target);
    for (auto const& r : routes_) {
      std::vector<std::string> ignored;
      if (r.method_ == method && matches(r.segments_, parsed.segments, ignored)) {
        return r.cost_ == route_cost::kLight;
      }
    }
  } catch (api_error const&) {
    // Answered 400 at once.
  }
  return true;
}

std::vector<std::string> service::methods(std::string_view target) const {
  std::vector<std::string> out;
  try {
    auto const parsed = parse_target(target);
    for (auto const& r : routes_) {
      std::vector<std::string> ignored;
      if (matches(r.segments_, parsed.segments, ignored) &&
          std::find(out.begin(), out.end(), r.method_) == out.end()) {
        out.push_back(r.method_);
      }
    }
  } catch (api_error const&) {
    // A target that cannot be read has no route: no methods.
  }
  return out;
}

service::result service::handle(std::string_view method,
                                std::string_view target,
                                clock::duration deadline,
                                std::string_view content_type,
                                std::string_view body,
                                std::string_view authorization,
                                std::string_view client) {
  auto const start = clock::now();
  result out;
  out.route = "unmatched";
  try {
    auto const parsed = parse_target(target);
    auto const& segments = parsed.segments;
    route const* found = nullptr;
    std::vector<std::string> params;
    std::vector<std::string_view> allowed_methods;
    for (auto const& r : routes_) {
      std::vector<std::string> captured;
      if (!matches(r.segments_, segments, captured)) {
        continue;
      }
      if (r.method_ != method) {
        allowed_methods.push_back(r.method_);
        out.route = r.pattern_;
        continue;
      }
      found = &r;
      params = std::move(captured);
      break;
    }
    if (found == nullptr) {
      if (!allowed_methods.empty()) {
        out.response = error_response(
            error_code::kMethodNotAllowed,
            fmt::format("{} is not allowed here; allowed: {}", shorten(method, 20), fmt::join(allowed_methods, ", ")));
        out.response.headers.emplace_back("Allow", fmt::format("{}", fmt::join(allowed_methods, ", ")));
      } else if (fallback_ && method == "GET" && parsed.path != "/api" && !parsed.path.starts_with("/api/")) {
        out.route = "static";
        api_request const req{method, parsed, {}, start + deadline, content_type, body, authorization, client};
        out.response = fallback_(req);
      } else {
        out.response = error_response(error_code::kNotFound, fmt::format("no route {}", parsed.path));
      }
    } else {
      out.route = found->pattern_;
      api_request const req{method, parsed, std::move(params), start + deadline, content_type, body, authorization, client};
      out.response = found->handler_(req);
    }
  } catch (api_error const& e) {
    out.response = error_response(e.code(), e.what(), e.parameter(), e.body());
  } catch (planner::query_error const& e) {
    auto const mapped = from_query_error(e);
    out.response = error_response(mapped.code(), mapped.what(), mapped.parameter());
  } catch (std::exception const& e) {
    std::fprintf(stderr, "caravan serve: internal error on %s: %s\n", out.route.c_str(), e.what());
    out.response = error_response(error_code::kInternal, "internal error");
  }
  auto const seconds = std::chrono::duration<double>(clock::now() - start).count();
  metrics_.record(out.route, out.response.status, seconds);
  if (!out.response.error.empty()) {
    metrics_.record_error(out.route, out.response.error);
  }
  return out;
}

}  // namespace caravan::server

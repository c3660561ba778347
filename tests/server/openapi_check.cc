#include "openapi_check.h"

#include <algorithm>

#include <fmt/format.h>

#include <fstream>
#include <regex>
#include <sstream>
#include <utility>

namespace caravan::server::testing {

namespace {

using json = nlohmann::json;

std::vector<std::string> segments(std::string const& path) {
  std::vector<std::string> out;
  std::size_t i = 1;
  while (i <= path.size()) {
    auto const slash = path.find('/', i);
    auto const end = slash == std::string::npos ? path.size() : slash;
    out.push_back(path.substr(i, end - i));
    i = end + 1;
  }
  return out;
}

bool matches(std::string const& tpl, std::string const& path) {
  auto const a = segments(tpl), b = segments(path);
  if (a.size() != b.size()) {
    return false;
  }
  for (std::size_t i = 0; i != a.size(); ++i) {
    bool const param = a[i].size() > 2 && a[i].front() == '{' && a[i].back() == '}';
    if (param ? b[i].empty() : a[i] != b[i]) {
      return false;
    }
  }
  return true;
}

// Statuses any request may get (the spec's info.description says so), answered with an Error body.
bool generic_status(unsigned s) {
  return s == 400 || s == 404 || s == 405 || s == 413 || s == 417 || s == 431 || s == 503;
}

std::string type_of(json const& v) {
  if (v.is_null()) {
    return "null";
  }
  if (v.is_boolean()) {
    return "boolean";
  }
  if (v.is_number_integer()) {
    return "integer";
  }
  if (v.is_number()) {
    return "number";
  }
  if (v.is_string()) {
    return "string";
  }
  return v.is_array() ? "array" : "object";
}

}  // namespace

openapi_check::openapi_check(std::string const& yaml_text, mode m) : spec_{YAML::Load(yaml_text)}, mode_{m} {}

openapi_check openapi_check::from_file(std::string const& path, mode m) {
  std::ifstream in{path, std::ios::binary};
  if (!in) {
    throw std::runtime_error{"cannot read " + path};
  }
  std::ostringstream text;
  text << in.rdbuf();
  return openapi_check{text.str(), m};
}

YAML::Node openapi_check::resolve(YAML::Node node) const {
  // YAML::Node assignment writes through to the node referred to; reset() rebinds.
  for (int depth = 0; node.IsMap() && std::as_const(node)["$ref"]; ++depth) {
    auto const ref = std::as_const(node)["$ref"].as<std::string>();
    if (ref.rfind("#/", 0) != 0 || depth > 16) {
      throw std::runtime_error{"unsupported $ref " + ref};
    }
    YAML::Node n = spec_;
    std::size_t i = 2;
    while (i <= ref.size()) {
      auto const slash = ref.find('/', i);
      auto const key = ref.substr(i, (slash == std::string::npos ? ref.size() : slash) - i);
      auto const child = std::as_const(n)[key];
      if (!child) {
        throw std::runtime_error{"dangling $ref " + ref};
      }
      n.reset(child);
      i = slash == std::string::npos ? ref.size() + 1 : slash + 1;
    }
    node.reset(n);
  }
  return node;
}

bool openapi_check::declared(YAML::Node const& schema_in, std::set<std::string>& names) const {
  auto const schema = resolve(schema_in);
  if (schema["additionalProperties"]) {
    return false;
  }
  bool any = false;
  if (auto const props = schema["properties"]) {
    any = true;
    for (auto const& p : props) {
      names.insert(p.first.as<std::string>());
    }
  }
  if (auto const all = schema["allOf"]) {
    for (auto const& part : all) {
      if (!declared(part, names)) {
        return false;
      }
      any = true;
    }
  }
  return any;
}

void openapi_check::validate(YAML::Node const& schema_in,
                             json const& v,
                             std::string const& where,
                             std::vector<std::string>& out,
                             bool whole) const {
  auto const schema = resolve(schema_in);
  static std::set<std::string> const known{
      "type",     "properties", "required", "items", "enum",  "nullable", "allOf",  "$ref",    "additionalProperties",
      "minimum",  "maximum",    "description", "default", "minItems", "maxItems", "format", "oneOf", "anyOf",
      "example", "minLength", "maxLength",
      "Description"};  // MOTIS's ServerConfig spells `description` so: an annotation, as in JSON Schema any unknown word
  for (auto const& kv : schema) {
    auto const key = kv.first.as<std::string>();
    if (known.count(key) == 0) {
      out.push_back(fmt::format("{}: the validator does not know schema keyword `{}`", where, key));
    }
  }
  if (v.is_null()) {
    if (!(schema["nullable"] && schema["nullable"].as<bool>())) {
      out.push_back(fmt::format("{}: null where the schema is not nullable", where));
    }
    return;
  }
  if (auto const all = schema["allOf"]) {
    for (auto const& s : all) {
      validate(s, v, where, out, false);
    }
  }
  for (auto const* const keyword : {"oneOf", "anyOf"}) {
    if (auto const parts = schema[keyword]) {
      std::size_t valid = 0;
      for (auto const& s : parts) {
        std::vector<std::string> problems;
        validate(s, v, where, problems);
        valid += problems.empty() ? 1 : 0;
      }
      bool const one = std::string_view{keyword} == "oneOf";
      if (one ? valid != 1 : valid == 0) {
        out.push_back(fmt::format("{}: {} of the {} schemas match, {} wants {}", where, valid, parts.size(), keyword,
                                  one ? "exactly one" : "at least one"));
      }
    }
  }
  if (auto const t = schema["type"]) {
    auto const want = t.as<std::string>();
    auto const got = type_of(v);
    if (!(want == got || (want == "number" && got == "integer"))) {
      out.push_back(fmt::format("{}: {} where the schema wants {}", where, got, want));
      return;
    }
  }
  if (auto const e = schema["enum"]) {
    bool found = false;
    for (auto const& x : e) {
      found = found || (v.is_string() && x.as<std::string>() == v.get<std::string>()) ||
              (v.is_number_integer() && x.as<std::string>() == std::to_string(v.get<long long>()));
    }
    if (!found) {
      out.push_back(fmt::format("{}: {} is not in the enum", where, v.dump()));
    }
  }
  if (auto const f = schema["format"]; f && v.is_string()) {
    // RFC 3339 date-time with seconds (2026-06-05T02:00:00Z, 2026-06-05T08:00:00.000+06:00); full-date.
    static std::regex const date_time{
        R"(\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2}))"};
    static std::regex const date{R"(\d{4}-\d{2}-\d{2})"};
    auto const format = f.as<std::string>();
    auto const text = v.get<std::string>();
    if (format == "date-time" && !std::regex_match(text, date_time)) {
      out.push_back(fmt::format("{}: `{}` is not an RFC 3339 date-time with seconds", where, text));
    } else if (format == "date" && !std::regex_match(text, date)) {
      out.push_back(fmt::format("{}: `{}` is not an RFC 3339 full-date", where, text));
    } else if (format != "date-time" && format != "date" && format != "binary") {  // binary: any bytes
      out.push_back(fmt::format("{}: the validator does not know format `{}`", where, format));
    }
  }
  if (v.is_array()) {
    if (schema["minItems"] && v.size() < schema["minItems"].as<std::size_t>()) {
      out.push_back(fmt::format("{}: {} items, fewer than minItems", where, v.size()));
    }
    if (schema["maxItems"] && v.size() > schema["maxItems"].as<std::size_t>()) {
      out.push_back(fmt::format("{}: {} items, more than maxItems", where, v.size()));
    }
  }
  if (v.is_number()) {
    if (schema["minimum"] && v.get<double>() < schema["minimum"].as<double>()) {
      out.push_back(fmt::format("{}: {} is below the minimum", where, v.dump()));
    }
    if (schema["maximum"] && v.get<double>() > schema["maximum"].as<double>()) {
      out.push_back(fmt::format("{}: {} is above the maximum", where, v.dump()));
    }
  }
  if (v.is_object()) {
    if (std::set<std::string> names; mode_ == mode::kCaravan && whole && declared(schema, names)) {
      for (auto const& [k, x] : v.items()) {
        if (names.count(k) == 0) {
          out.push_back(fmt::format("{}: property `{}` is not in the spec", where, k));
        }
      }
    }
    if (auto const req = schema["required"]) {
      for (auto const& r : req) {
        if (!v.contains(r.as<std::string>())) {
          out.push_back(fmt::format("{}: required property `{}` is missing", where, r.as<std::string>()));
        }
      }
    }
    auto const props = schema["properties"];
    auto const extra = schema["additionalProperties"];
    for (auto const& [k, x] : v.items()) {
      if (props && props[k]) {
        validate(props[k], x, where + "/" + k, out);
      } else if (extra && extra.IsMap()) {
        validate(extra, x, where + "/" + k, out);
      }
    }
  }
  if (v.is_array()) {
    if (auto const items = schema["items"]) {
      for (std::size_t i = 0; i != v.size(); ++i) {
        validate(items, v[i], fmt::format("{}/{}", where, i), out);
      }
    }
  }
}

bool openapi_check::has_path(std::string const& target) const {
  auto const path = target.substr(0, target.find('?'));
  for (auto const& p : std::as_const(spec_)["paths"]) {
    if (matches(p.first.as<std::string>(), path)) {
      return true;
    }
  }
  return false;
}

std::vector<std::string> openapi_check::check(std::string const& method,
                                              std::string const& target,
                                              unsigned status,
                                              std::string const& content_type,
                                              std::string const& body) {
  std::vector<std::string> out;
  auto const path = target.substr(0, target.find('?'));
  auto const media = content_type.substr(0, content_type.find(';'));
  YAML::Node op;
  bool has_op = false;  // a default YAML::Node is "defined", so a flag says whether op was found
  std::string tpl;
  // A literal segment wins over a parameter (/api/v1/cases/lifecycles over /api/v1/cases/{id}), as the
  // server's router decides.
  auto best_params = std::string::npos;
  for (auto const& p : std::as_const(spec_)["paths"]) {
    auto const name = p.first.as<std::string>();
    if (matches(name, path)) {
      auto const params = static_cast<std::size_t>(std::count(name.begin(), name.end(), '{'));
      std::string lower = method;
      for (auto& c : lower) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      }
      // reset() would not carry a missing node's invalidity over: look before rebinding.
      if (auto const candidate = p.second[lower]; candidate && (!has_op || params < best_params)) {
        tpl = name;
        op.reset(candidate);
        has_op = true;
        best_params = params;
      } else if (!has_op) {
        tpl = name;
      }
    }
  }
  YAML::Node schema;
  std::string wanted_media = "application/json";
  if (has_op) {
    auto const id = std::as_const(op)["operationId"].as<std::string>();
    auto const response = std::as_const(op)["responses"][std::to_string(status)];
    if (response) {
      exercised_.insert({id, status});
      auto const r = resolve(response);
      auto const content = r["content"];
      if (!content && media.empty() && body.empty()) {  // a documented answer without a body (204)
        return out;
      }
      if (!content || !content[media]) {
        out.push_back(
            fmt::format("{} {}: content type `{}` is not documented for {}", id, status, media, status));
        return out;
      }
      schema.reset(content[media]["schema"]);
      wanted_media = media;
    } else if (mode_ != mode::kCaravan || !generic_status(status)) {
      out.push_back(fmt::format("{}: status {} is not documented", id, status));
      return out;
    } else {
      schema.reset(std::as_const(spec_)["components"]["schemas"]["Error"]);
    }
  } else if (mode_ != mode::kCaravan || !generic_status(status)) {
    out.push_back(fmt::format("{} {} ({}): status {} for an undocumented operation", method, path,
                              tpl.empty() ? "no path" : tpl, status));
    return out;
  } else {
    schema.reset(std::as_const(spec_)["components"]["schemas"]["Error"]);
  }
  if (media != wanted_media) {
    out.push_back(
        fmt::format("{} {}: content type `{}`, documented `{}`", method, path, media, wanted_media));
  }
  if (media == "application/json" || media.ends_with("+json")) {  // geo+json, csvm+json (RFC 6839)
    json parsed;
    try {
      parsed = json::parse(body);
    } catch (std::exception const& e) {
      out.push_back(fmt::format("{} {}: body is not JSON: {}", method, path, e.what()));
      return out;
    }
    validate(schema, parsed, "#", out);
  } else {
    std::vector<std::string> problems;
    validate(schema, json(body), "#", problems);
    out.insert(out.end(), problems.begin(), problems.end());
    if (body.empty()) {
      out.push_back(fmt::format("{} {}: empty body", method, path));
    }
  }
  return out;
}

std::set<std::pair<std::string, unsigned>> openapi_check::documented() const {
  std::set<std::pair<std::string, unsigned>> out;
  for (auto const& p : std::as_const(spec_)["paths"]) {
    for (auto const& m : p.second) {
      for (auto const& r : m.second["responses"]) {
        out.insert({m.second["operationId"].as<std::string>(), r.first.as<unsigned>()});
      }
    }
  }
  return out;
}

}  // namespace caravan::server::testing

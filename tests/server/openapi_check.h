#pragma once
// Checks responses against api/openapi.yaml: the operation (by path template and method), the status
// (documented for that operation, or one of the statuses any request may get), the content type, and
// the body against the response's schema. The validator covers the subset of OpenAPI 3.0 / JSON Schema
// the spec uses (type, properties, required, items, enum, nullable, allOf, $ref, additionalProperties,
// minimum, maximum); a keyword it does not know fails the check, so the spec cannot use one unchecked.
// It is stricter than JSON Schema in one way: an object property the schema (with its allOf parts) does
// not declare is an error unless additionalProperties allows it, so a field added to a response must
// be added to the spec too.
//
// MOTIS's specs (../shared/reference/motis/, issue 14) are checked as JSON Schema reads them: with
// `kJsonSchema`, a property a schema does not declare is allowed, every status must be documented for
// the operation (no generic error statuses), and the keywords those specs use for the operations
// checked are known too (minItems, maxItems, format date-time as RFC 3339 with seconds, oneOf, anyOf;
// example ignored). A keyword the validator does not know still fails the check in both modes.
#include <yaml-cpp/yaml.h>

#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace caravan::server::testing {

class openapi_check {
 public:
  enum class mode { kCaravan, kJsonSchema };
  explicit openapi_check(std::string const& yaml_text, mode m = mode::kCaravan);
  // A spec read from a file (throws std::runtime_error when it cannot be read).
  static openapi_check from_file(std::string const& path, mode m = mode::kJsonSchema);

  // Problems found, empty when the response conforms. Records the (operationId, status) pair.
  std::vector<std::string> check(std::string const& method,
                                 std::string const& target,
                                 unsigned status,
                                 std::string const& content_type,
                                 std::string const& body);

  // Every (operationId, status) the spec documents.
  std::set<std::pair<std::string, unsigned>> documented() const;
  // Whether the spec has a path matching the target's (MOTIS's v5 and v6 each have paths of their own).
  bool has_path(std::string const& target) const;
  std::set<std::pair<std::string, unsigned>> const& exercised() const { return exercised_; }

  // Validates a JSON value against a schema node; problems are appended with a JSON-pointer-like path.
  // `whole`: this schema is the whole of the value's schema, not one allOf part (undeclared properties
  // are checked against all parts together).
  void validate(YAML::Node const& schema,
                nlohmann::json const& value,
                std::string const& where,
                std::vector<std::string>& out,
                bool whole = true) const;

 private:
  // The property names a schema declares, with those of its allOf parts; false if any part allows
  // additional properties or declares none (then nothing is undeclared).
  bool declared(YAML::Node const& schema, std::set<std::string>& names) const;
  YAML::Node resolve(YAML::Node node) const;

  YAML::Node spec_;
  mode mode_;
  std::set<std::pair<std::string, unsigned>> exercised_;
};

}  // namespace caravan::server::testing

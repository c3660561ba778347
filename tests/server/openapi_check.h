#pragma once
// Checks responses against api/openapi.yaml: the operation (by path template and method), the status
// (documented for that operation, or one of the statuses any request may get), the content type, and
// the body against the response's schema. The validator covers the subset of OpenAPI 3.0 / JSON Schema
// the spec uses (type, properties, required, items, enum, nullable, allOf, $ref, additionalProperties,
// minimum, maximum); a keyword it does not know fails the check, so the spec cannot use one unchecked.
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
  explicit openapi_check(std::string const& yaml_text);

  // Problems found, empty when the response conforms. Records the (operationId, status) pair.
  std::vector<std::string> check(std::string const& method,
                                 std::string const& target,
                                 unsigned status,
                                 std::string const& content_type,
                                 std::string const& body);

  // Every (operationId, status) the spec documents.
  std::set<std::pair<std::string, unsigned>> documented() const;
  std::set<std::pair<std::string, unsigned>> const& exercised() const { return exercised_; }

  // Validates a JSON value against a schema node; problems are appended with a JSON-pointer-like path.
  void validate(YAML::Node const& schema,
                nlohmann::json const& value,
                std::string const& where,
                std::vector<std::string>& out) const;

 private:
  YAML::Node resolve(YAML::Node node) const;

  YAML::Node spec_;
  std::set<std::pair<std::string, unsigned>> exercised_;
};

}  // namespace caravan::server::testing

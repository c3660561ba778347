#pragma once
// Loads and validates rule files (docs/rules-format.md). Every problem is a data_error naming the file,
// the line and the JSON path: bad JSON, unknown keys, unknown codes/regimes/purposes, bad numbers or
// dates, missing sources, duplicate ids, and two rules for the same case (nationality, destination,
// passport type, purpose, same kind of eligibility) in force on a common day with the same precedence.
// A loaded rule_set is immutable and may be shared between threads.
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "caravan/rules/model.h"

namespace caravan::rules {

struct rule_file {
  std::string name_;  // shown in errors
  std::string text_;
};

class rule_set {
 public:
  // Every *.json file in `dir`, in name order.
  static rule_set load_directory(std::filesystem::path const& dir);
  static rule_set load(std::span<rule_file const> files);

  std::span<rule const> rules() const { return rules_; }
  std::span<country_group const> groups() const { return groups_; }
  std::span<area_permit const> area_permits() const { return permits_; }
  std::span<destination_info const> destinations() const { return destinations_; }

  rule const* find(std::string_view id) const;
  country_group const* find_group(std::string_view id) const;
  destination_info const* find_destination(std::string_view code) const;

  // Does the rule's nationality (code, group or "*") cover `country`?
  bool covers(rule const& r, std::string_view country) const;

 private:
  std::vector<rule> rules_;
  std::vector<country_group> groups_;
  std::vector<area_permit> permits_;
  std::vector<destination_info> destinations_;
};

}  // namespace caravan::rules

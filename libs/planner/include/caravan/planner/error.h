#pragma once
// A request the planner cannot answer as asked: an unknown or ambiguous place, a malformed time, an
// unknown mode, a limit out of range. The message names the text and what is wrong; field() names the
// request field ("from", "to", "time", "window", "modes", ...) so the HTTP layer can point at it.
#include <stdexcept>
#include <string>

namespace caravan::planner {

class query_error : public std::runtime_error {
 public:
  query_error(std::string field, std::string const& message);
  std::string const& field() const { return field_; }

 private:
  std::string field_;
};

}  // namespace caravan::planner

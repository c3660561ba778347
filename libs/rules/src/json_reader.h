#pragma once
// Reading JSON objects with checks: each member's type, ranges, and that no unknown member is there (a
// typo in a key must not silently drop a condition). Errors name file, line and JSON path.
#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "caravan/base/error.h"
#include "caravan/base/text.h"
#include "caravan/rules/model.h"
#include "json_locate.h"

namespace caravan::rules::detail {

using nlohmann::json;

struct file_context {
  std::string const& name_;
  std::string_view text_;
};

// Finds where the DOM parser gave up when its exception has no position (a number out of range): the
// SAX parser reports the byte and the token, and the path is tracked here.
class locate_sax : public nlohmann::json_sax<json> {
 public:
  bool null() override { return value(); }
  bool boolean(bool) override { return value(); }
  bool number_integer(number_integer_t) override { return value(); }
  bool number_unsigned(number_unsigned_t) override { return value(); }
  bool number_float(number_float_t, string_t const&) override { return value(); }
  bool string(string_t&) override { return value(); }
  bool binary(binary_t&) override { return value(); }
  bool start_object(std::size_t) override {
    stack_.push_back({false, 0, {}});
    return true;
  }
  bool key(string_t& k) override {
    stack_.back().key_ = k;
    return true;
  }
  bool end_object() override {
    stack_.pop_back();
    return value();
  }
  bool start_array(std::size_t) override {
    stack_.push_back({true, 0, {}});
    return true;
  }
  bool end_array() override {
    stack_.pop_back();
    return value();
  }
  bool parse_error(std::size_t position, std::string const& last_token, nlohmann::detail::exception const&) override {
    failed_ = true;
    end_ = position;
    token_ = last_token;
    for (auto const& f : stack_) {
      path_.push_back(f.array_ ? json_path::value_type{f.index_} : json_path::value_type{f.key_});
    }
    return false;
  }

  bool failed_{false};
  std::size_t end_{0};  // the byte after the token
  std::string token_;
  json_path path_;

 private:
  struct frame {
    bool array_;
    std::size_t index_;
    std::string key_;
  };
  bool value() {
    if (!stack_.empty() && stack_.back().array_) {
      ++stack_.back().index_;
    }
    return true;
  }
  std::vector<frame> stack_;
};

// Parses a JSON document; throws data_error naming the file, line and column (and, for a number out of
// range, its JSON path), with any quoted input shortened (shorten()), never a JSON exception.
inline json parse_json(std::string_view text, std::string const& file_name) {
  try {
    return json::parse(text);
  } catch (json::parse_error const& e) {
    auto const [line, column] = line_column(text, e.byte == 0 ? 0 : e.byte - 1);
    std::string what = e.what();
    if (auto const p = what.find("syntax error"); p != std::string::npos) {
      what = what.substr(p);
    }
    throw data_error{{file_name, line, column}, fmt::format("not valid JSON: {}", shorten(what, 200))};
  } catch (json::exception const& e) {
    // Out of range (a number too large for a double): the DOM parser gives no position.
    locate_sax where;
    json::sax_parse(text, &where);
    if (!where.failed_) {
      throw data_error{{file_name}, fmt::format("not valid JSON: {}", shorten(e.what(), 200))};
    }
    auto const start = where.end_ >= where.token_.size() ? where.end_ - where.token_.size() : 0;
    auto const [line, column] = line_column(text, start);
    throw data_error{{file_name, line, column},
                     fmt::format("{}: the number {} is out of range (at most about 1.8e308)", to_pointer(where.path_),
                                 shorten(where.token_, 40))};
  }
}

[[noreturn]] inline void fail(file_context const& f, json_path const& path, std::string const& what) {
  throw data_error{{f.name_, json_line(f.text_, path), 0},
                   fmt::format("{}: {}", to_pointer(path), what)};
}

inline json_path child(json_path path, std::variant<std::string, std::size_t> step) {
  path.push_back(std::move(step));
  return path;
}

// Reads one JSON object, checking each member's type and that no unknown member is there (a typo in a
// key must not silently drop a condition).
class object_reader {
 public:
  object_reader(file_context const& f, json const& j, json_path path, std::initializer_list<std::string_view> keys)
      : f_{f}, j_{j}, path_{std::move(path)} {
    if (!j_.is_object()) {
      fail(f_, path_, "expected an object");
    }
    for (auto const& [key, value] : j_.items()) {
      if (std::find(keys.begin(), keys.end(), key) == keys.end()) {
        fail(f_, child(path_, key), fmt::format("unknown key `{}`", shorten(key)));
      }
    }
  }

  bool has(std::string const& key) const { return j_.contains(key) && !j_.at(key).is_null(); }
  json const& at(std::string const& key) const { return j_.at(key); }
  json_path path(std::string const& key) const { return child(path_, key); }
  json_path const& path() const { return path_; }
  file_context const& file() const { return f_; }

  // The member as a list (absent: an empty list).
  json const& list(std::string const& key) const {
    static json const empty = json::array();
    if (!has(key)) {
      return empty;
    }
    if (!at(key).is_array()) {
      fail(f_, path(key), "expected a list");
    }
    return at(key);
  }

  std::string str(std::string const& key) const {
    if (!has(key)) {
      fail(f_, path_, fmt::format("missing `{}`", key));
    }
    return opt_str(key);
  }

  std::string opt_str(std::string const& key) const {
    if (!has(key)) {
      return {};
    }
    if (!at(key).is_string()) {
      fail(f_, path(key), "expected a string");
    }
    return at(key).get<std::string>();
  }

  bool boolean(std::string const& key, bool fallback) const {
    if (!has(key)) {
      return fallback;
    }
    if (!at(key).is_boolean()) {
      fail(f_, path(key), "expected true or false");
    }
    return at(key).get<bool>();
  }

  std::optional<int> opt_int(std::string const& key, int lo, int hi) const {
    if (!has(key)) {
      return std::nullopt;
    }
    auto const& v = at(key);
    if (!v.is_number_integer()) {
      fail(f_, path(key), fmt::format("expected a whole number {}..{}, got {}", lo, hi, shorten(v.dump())));
    }
    auto const n = v.get<std::int64_t>();
    if (n < lo || n > hi) {
      fail(f_, path(key), fmt::format("expected a whole number {}..{}, got {}", lo, hi, n));
    }
    return static_cast<int>(n);
  }

  int integer(std::string const& key, int lo, int hi) const {
    if (!has(key)) {
      fail(f_, path_, fmt::format("missing `{}`", key));
    }
    return *opt_int(key, lo, hi);
  }

  std::optional<day> opt_day(std::string const& key) const {
    if (!has(key)) {
      return std::nullopt;
    }
    auto const s = opt_str(key);
    auto const d = parse_day(s);
    if (!d) {
      fail(f_, path(key), fmt::format("`{}` is not a date YYYY-MM-DD", shorten(s)));
    }
    return d;
  }

  std::vector<std::string> str_list(std::string const& key) const {
    std::vector<std::string> out;
    if (!has(key)) {
      return out;
    }
    if (!at(key).is_array()) {
      fail(f_, path(key), "expected a list of strings");
    }
    for (std::size_t i = 0; i != at(key).size(); ++i) {
      if (!at(key)[i].is_string()) {
        fail(f_, child(path(key), i), "expected a string");
      }
      out.push_back(at(key)[i].get<std::string>());
    }
    return out;
  }

 private:
  file_context const& f_;
  json const& j_;
  json_path path_;
};

}  // namespace caravan::rules::detail

#include "caravan/csv/stream.h"

#include <algorithm>
#include <cstring>

namespace caravan::csv {

namespace {

class string_stream final : public byte_stream {
 public:
  explicit string_stream(std::string s) : s_{std::move(s)} {}
  std::size_t read(char* buf, std::size_t n) override {
    auto const k = std::min(n, s_.size() - pos_);
    std::memcpy(buf, s_.data() + pos_, k);
    pos_ += k;
    return k;
  }
  std::uint64_t size() const override { return s_.size(); }

 private:
  std::string s_;
  std::size_t pos_{0};
};

}  // namespace

std::unique_ptr<byte_stream> memory_stream(std::string content) {
  return std::make_unique<string_stream>(std::move(content));
}

}  // namespace caravan::csv

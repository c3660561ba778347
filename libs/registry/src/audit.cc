#include "caravan/registry/audit.h"

#include <fmt/format.h>

#include "caravan/registry/secrets.h"

namespace caravan::registry {

std::string audit_hash(audit_entry const& e) {
  std::string input;
  auto const seq = std::to_string(e.seq_);  // named: a temporary in the loop's list would not outlive it
  for (std::string_view const field :
       {std::string_view{seq}, std::string_view{e.at_}, std::string_view{e.actor_},
        std::string_view{e.action_}, std::string_view{e.entity_}, std::string_view{e.before_},
        std::string_view{e.after_}, std::string_view{e.prev_hash_}}) {
    fmt::format_to(std::back_inserter(input), "{}:", field.size());
    input += field;
  }
  return digest_hex(input);
}

void chain_after(audit_entry& e, audit_entry const* last) {
  e.seq_ = last == nullptr ? 1 : last->seq_ + 1;
  e.prev_hash_ = last == nullptr ? std::string{kAuditGenesis} : last->hash_;
  e.hash_ = audit_hash(e);
}

std::optional<chain_break> verify_chain(std::span<audit_entry const> entries, audit_entry const* anchor) {
  auto expected_seq = anchor == nullptr ? std::int64_t{1} : anchor->seq_ + 1;
  std::string expected_prev = anchor == nullptr ? std::string{kAuditGenesis} : anchor->hash_;
  for (auto const& e : entries) {
    if (e.seq_ != expected_seq) {
      return chain_break{e.seq_, fmt::format("entry {} follows entry {}: an entry is missing or out of place",
                                             e.seq_, expected_seq - 1)};
    }
    if (e.prev_hash_ != expected_prev) {
      return chain_break{e.seq_, fmt::format("entry {} does not hold the hash of entry {}: one of them was changed",
                                             e.seq_, e.seq_ - 1)};
    }
    if (audit_hash(e) != e.hash_) {
      return chain_break{e.seq_, fmt::format("entry {} was changed after it was written", e.seq_)};
    }
    ++expected_seq;
    expected_prev = e.hash_;
  }
  return std::nullopt;
}

}  // namespace caravan::registry

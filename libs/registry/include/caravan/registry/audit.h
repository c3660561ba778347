#pragma once
// The audit trail: every change to the register (who, when, what, before and after) as an append-only
// list of entries, each holding the hash of the one before, so an entry removed, inserted or edited
// afterwards breaks the chain at a place verify_chain() names. Before/after are JSON texts with
// personal data already left out or sealed by the caller: the trail is shown to auditors.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace caravan::registry {

struct audit_entry {
  std::int64_t seq_{0};     // 1, 2, 3, ... with no gaps
  std::string at_{};          // UTC, "YYYY-MM-DDTHH:MM:SS.ffffffZ"
  std::string actor_{};       // account id ("" for the system: migrations, the first admin)
  std::string action_{};      // "operator.approve", "tour.submit", ...
  std::string entity_{};      // "operator:7", "tour:12"
  std::string before_{};      // JSON, "" when created
  std::string after_{};       // JSON, "" when removed
  std::string prev_hash_{};   // hash_ of entry seq_ - 1; 64 zeros for the first
  std::string hash_{};        // audit_hash(*this)
};

inline constexpr std::string_view kAuditGenesis = "0000000000000000000000000000000000000000000000000000000000000000";

// BLAKE2b-256 (hex) over every field but hash_, each length-prefixed so no two entries share an input.
std::string audit_hash(audit_entry const& e);

// Fills seq_, prev_hash_ and hash_ of `e`, the entry after `last` (none: the first).
void chain_after(audit_entry& e, audit_entry const* last);

struct chain_break {
  std::int64_t seq_;  // the first entry that does not verify
  std::string what_{};
};

// The entries in order from the first (seq 1) or from a trusted entry (`anchor`, the entry before
// `entries`' first). std::nullopt when the chain holds.
std::optional<chain_break> verify_chain(std::span<audit_entry const> entries, audit_entry const* anchor = nullptr);

}  // namespace caravan::registry

#pragma once
// Secrets with libsodium: passwords hashed with Argon2id, session tokens stored only as digests, and
// personal data (passport numbers, birth dates) sealed with XChaCha20-Poly1305 under a key ring whose
// newest key seals and whose every key opens, so keys can be rotated without a flag day.
// Call secrets_init() once before any of these (it is cheap to call again).
#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace caravan::registry {

void secrets_init();

// How hard a password hash is: kInteractive (libsodium's interactive limits, 64 MiB and 2 passes:
// for people signing in) or kTest (the minimum, for tests only).
enum class hash_cost : std::uint8_t { kInteractive, kTest };

// An Argon2id hash string ("$argon2id$v=19$m=...") with its own random salt.
std::string hash_password(std::string_view password, hash_cost cost = hash_cost::kInteractive);
bool verify_password(std::string_view hash, std::string_view password);

// A new random session token (32 bytes, base64url without padding: 43 characters) and the digest
// under which it is stored (BLAKE2b-256, hex), so a copy of the database holds no usable token.
std::string new_token();
std::string token_digest(std::string_view token);

// A tour's feedback code (model.h): 8 random bytes as 16 lower-case hex digits.
std::string new_feedback_code();

// BLAKE2b-256 of `data` as 64 hex digits.
std::string digest_hex(std::string_view data);

// Thrown when sealed data cannot be opened: an unknown key id, or tampered or truncated text.
class sealed_data_error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

using secret_key = std::array<unsigned char, 32>;

class key_ring {
 public:
  // Adds a key under an id (1, 2, ...); the highest id seals. REQUIRES: id not yet in the ring.
  void add(std::uint32_t id, secret_key const& key);
  bool empty() const { return keys_.empty(); }
  std::uint32_t current_id() const;

  // "k<id>:<base64url(nonce | ciphertext | tag)>". `context` (e.g. "manifest:17:passport") is bound
  // to the text as associated data: a sealed value copied to another row or field does not open.
  std::string seal(std::string_view plaintext, std::string_view context) const;
  std::string open(std::string_view sealed, std::string_view context) const;
  // The id of the key that sealed `sealed`, std::nullopt when it is not sealed text.
  static std::optional<std::uint32_t> key_id_of(std::string_view sealed);

  static secret_key new_key();

  // The ring as a key file holds it: a line per key, "<id> <base64url of the 32 bytes>", '#' comments.
  // from_text throws std::runtime_error naming the line of what is wrong (never quoting a key).
  std::string to_text() const;
  static key_ring from_text(std::string_view text);
  // The ring with a new key after the highest (which then seals).
  key_ring with_new_key() const;
  // The ring with its current key alone (after every value is sealed with it).
  key_ring only_current() const;

 private:
  std::map<std::uint32_t, secret_key> keys_;
};

}  // namespace caravan::registry

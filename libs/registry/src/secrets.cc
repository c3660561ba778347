#include "caravan/registry/secrets.h"

#include <sodium.h>

#include <algorithm>
#include <charconv>
#include <vector>

#include "caravan/base/error.h"
#include "caravan/base/text.h"

namespace caravan::registry {

namespace {

std::string to_base64url(unsigned char const* data, std::size_t n) {
  std::string out(sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), data, n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(out.find('\0'));
  return out;
}

std::optional<std::vector<unsigned char>> from_base64url(std::string_view s) {
  std::vector<unsigned char> out(s.size());
  std::size_t n = 0;
  if (sodium_base642bin(out.data(), out.size(), s.data(), s.size(), nullptr, &n, nullptr,
                        sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0) {
    return std::nullopt;
  }
  out.resize(n);
  return out;
}

template <typename T>
unsigned char const* bytes(T const& s) {
  return reinterpret_cast<unsigned char const*>(s.data());
}

}  // namespace

void secrets_init() {
  CARAVAN_ASSERT(sodium_init() >= 0, "libsodium could not be initialised");
}

std::string hash_password(std::string_view password, hash_cost cost) {
  char out[crypto_pwhash_STRBYTES];
  auto const ops = cost == hash_cost::kTest ? crypto_pwhash_OPSLIMIT_MIN : crypto_pwhash_OPSLIMIT_INTERACTIVE;
  auto const mem = cost == hash_cost::kTest ? crypto_pwhash_MEMLIMIT_MIN : crypto_pwhash_MEMLIMIT_INTERACTIVE;
  // crypto_pwhash_str_alg with ARGON2ID13: Argon2id whatever libsodium's default becomes.
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), ops, mem, crypto_pwhash_ALG_ARGON2ID13) != 0) {
    throw std::runtime_error{"out of memory hashing a password"};
  }
  return out;
}

bool verify_password(std::string_view hash, std::string_view password) {
  std::string const h{hash};  // NUL-terminated for libsodium
  if (h.size() >= crypto_pwhash_STRBYTES || h.rfind("$argon2id$", 0) != 0) {
    return false;
  }
  return crypto_pwhash_str_verify(h.c_str(), password.data(), password.size()) == 0;
}

std::string new_token() {
  unsigned char buf[32];
  randombytes_buf(buf, sizeof buf);
  return to_base64url(buf, sizeof buf);
}

std::string new_feedback_code() {
  unsigned char buf[8];
  randombytes_buf(buf, sizeof buf);
  char hex[2 * sizeof buf + 1];
  sodium_bin2hex(hex, sizeof hex, buf, sizeof buf);
  return hex;
}

std::string digest_hex(std::string_view data) {
  unsigned char h[32];
  crypto_generichash(h, sizeof h, bytes(data), data.size(), nullptr, 0);
  char hex[2 * sizeof h + 1];
  sodium_bin2hex(hex, sizeof hex, h, sizeof h);
  return hex;
}

std::string token_digest(std::string_view token) { return digest_hex(token); }

void key_ring::add(std::uint32_t id, secret_key const& key) {
  CARAVAN_ASSERT(id > 0 && !keys_.contains(id), "key id {} is 0 or taken", id);
  keys_.emplace(id, key);
}

std::uint32_t key_ring::current_id() const {
  CARAVAN_ASSERT(!keys_.empty(), "the key ring is empty");
  return keys_.rbegin()->first;
}

secret_key key_ring::new_key() {
  secret_key k;
  crypto_aead_xchacha20poly1305_ietf_keygen(k.data());
  return k;
}

std::string key_ring::seal(std::string_view plaintext, std::string_view context) const {
  CARAVAN_ASSERT(!keys_.empty(), "no key to seal with");
  auto const& [id, key] = *keys_.rbegin();
  std::vector<unsigned char> box(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES + plaintext.size() +
                                 crypto_aead_xchacha20poly1305_ietf_ABYTES);
  auto* nonce = box.data();
  randombytes_buf(nonce, crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
  unsigned long long n = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(nonce + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES, &n, bytes(plaintext),
                                             plaintext.size(), bytes(context), context.size(), nullptr, nonce,
                                             key.data());
  return "k" + std::to_string(id) + ":" + to_base64url(box.data(), box.size());
}

std::optional<std::uint32_t> key_ring::key_id_of(std::string_view sealed) {
  auto const colon = sealed.find(':');
  if (sealed.size() < 3 || sealed[0] != 'k' || colon == std::string_view::npos) {
    return std::nullopt;
  }
  std::uint32_t id = 0;
  auto const [end, ec] = std::from_chars(sealed.data() + 1, sealed.data() + colon, id);
  if (ec != std::errc{} || end != sealed.data() + colon || id == 0) {
    return std::nullopt;
  }
  return id;
}

std::string key_ring::open(std::string_view sealed, std::string_view context) const {
  auto const id = key_id_of(sealed);
  if (!id) {
    throw sealed_data_error{"not sealed data"};
  }
  auto const key = keys_.find(*id);
  if (key == keys_.end()) {
    throw sealed_data_error{"sealed with key " + std::to_string(*id) + ", which is not in the key ring"};
  }
  auto const box = from_base64url(sealed.substr(sealed.find(':') + 1));
  auto constexpr overhead = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES + crypto_aead_xchacha20poly1305_ietf_ABYTES;
  if (!box || box->size() < overhead) {
    throw sealed_data_error{"sealed data is truncated or not base64url"};
  }
  std::string out(box->size() - overhead, '\0');
  unsigned long long n = 0;
  auto const* nonce = box->data();
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(reinterpret_cast<unsigned char*>(out.data()), &n, nullptr,
                                                 nonce + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES,
                                                 box->size() - crypto_aead_xchacha20poly1305_ietf_NPUBBYTES,
                                                 bytes(context), context.size(), nonce, key->second.data()) != 0) {
    throw sealed_data_error{"sealed data does not open: altered, or sealed for another field"};
  }
  out.resize(n);
  return out;
}

std::string key_ring::to_text() const {
  std::string out = "# Caravan's keys for personal data in the register (docs/register.md): keep secret, back up.\n";
  for (auto const& [id, key] : keys_) {
    out += std::to_string(id) + " " + to_base64url(key.data(), key.size()) + "\n";
  }
  return out;
}

key_ring key_ring::from_text(std::string_view text) {
  key_ring ring;
  std::size_t line_no = 0;
  while (!text.empty()) {
    auto const end = text.find('\n');
    auto line = trim(text.substr(0, end));
    text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
    ++line_no;
    if (line.empty() || line[0] == '#') {
      continue;
    }
    auto const space = line.find(' ');
    std::uint32_t id = 0;
    auto const id_text = line.substr(0, space);
    auto const [p, ec] = std::from_chars(id_text.data(), id_text.data() + id_text.size(), id);
    if (space == std::string_view::npos || ec != std::errc{} || p != id_text.data() + id_text.size() || id == 0) {
      throw std::runtime_error{"line " + std::to_string(line_no) + ": a key line is \"<id> <key>\" with an id from 1"};
    }
    auto const key = from_base64url(trim(line.substr(space + 1)));
    if (!key || key->size() != secret_key{}.size()) {
      throw std::runtime_error{"line " + std::to_string(line_no) + ": key " + std::to_string(id) +
                               " is not 32 bytes in base64url"};
    }
    if (ring.keys_.contains(id)) {
      throw std::runtime_error{"line " + std::to_string(line_no) + ": key " + std::to_string(id) + " is there twice"};
    }
    secret_key k;
    std::copy(key->begin(), key->end(), k.begin());
    ring.keys_.emplace(id, k);
  }
  if (ring.keys_.empty()) {
    throw std::runtime_error{"no key in it"};
  }
  return ring;
}

key_ring key_ring::only_current() const {
  key_ring out;
  out.add(current_id(), keys_.rbegin()->second);
  return out;
}

key_ring key_ring::with_new_key() const {
  auto out = *this;
  out.add(keys_.empty() ? 1 : current_id() + 1, new_key());
  return out;
}

}  // namespace caravan::registry

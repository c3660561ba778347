#include "caravan/registry/secrets.h"

#include <gtest/gtest.h>

namespace caravan::registry {
namespace {

struct Secrets : testing::Test {
  static void SetUpTestSuite() { secrets_init(); }
};

TEST_F(Secrets, PasswordsAreArgon2idWithTheirOwnSalt) {
  auto const a = hash_password("correct horse", hash_cost::kTest);
  auto const b = hash_password("correct horse", hash_cost::kTest);
  EXPECT_EQ(a.rfind("$argon2id$v=19$", 0), 0u) << a;
  EXPECT_NE(a, b);
  EXPECT_TRUE(verify_password(a, "correct horse"));
  EXPECT_FALSE(verify_password(a, "correct horsE"));
  EXPECT_FALSE(verify_password(a, ""));
  EXPECT_FALSE(verify_password("", "correct horse"));
  EXPECT_FALSE(verify_password("$argon2i$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$aGFzaA", "x"));  // not Argon2id
  EXPECT_FALSE(verify_password(std::string(500, '$'), "x"));
}

TEST_F(Secrets, TokensAreRandomAndStoredAsDigests) {
  auto const t = new_token();
  EXPECT_EQ(t.size(), 43u);
  EXPECT_EQ(t.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"), std::string::npos);
  EXPECT_NE(new_token(), t);
  EXPECT_EQ(token_digest(t).size(), 64u);
  EXPECT_EQ(token_digest(t), token_digest(t));
  EXPECT_NE(token_digest(t), token_digest(new_token()));
  // BLAKE2b-256 of "" (RFC 7693's function at 32 bytes).
  EXPECT_EQ(digest_hex(""), "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");
}

TEST_F(Secrets, SealedDataOpensOnlyWithItsKeyAndContext) {
  key_ring ring;
  ring.add(1, key_ring::new_key());
  auto const sealed = ring.seal("E12345678", "manifest:1:passport");
  EXPECT_EQ(sealed.rfind("k1:", 0), 0u);
  EXPECT_EQ(sealed.find("E12345678"), std::string::npos);
  EXPECT_NE(ring.seal("E12345678", "manifest:1:passport"), sealed) << "a fresh nonce each time";
  EXPECT_EQ(ring.open(sealed, "manifest:1:passport"), "E12345678");
  EXPECT_THROW(ring.open(sealed, "manifest:2:passport"), sealed_data_error) << "copied to another row";
  auto altered = sealed;
  altered[10] = altered[10] == 'A' ? 'B' : 'A';
  EXPECT_THROW(ring.open(altered, "manifest:1:passport"), sealed_data_error);
  EXPECT_THROW(ring.open(sealed.substr(0, 20), "manifest:1:passport"), sealed_data_error);
  EXPECT_THROW(ring.open("E12345678", "manifest:1:passport"), sealed_data_error);
  EXPECT_THROW(ring.open("k9:" + sealed.substr(3), "manifest:1:passport"), sealed_data_error);
  EXPECT_EQ(ring.open(ring.seal("", "c"), "c"), "");
}

TEST_F(Secrets, ARotatedRingSealsWithTheNewKeyAndOpensBoth) {
  key_ring ring;
  ring.add(1, key_ring::new_key());
  auto const old_text = ring.seal("1990-01-15", "ctx");
  ring.add(2, key_ring::new_key());
  EXPECT_EQ(ring.current_id(), 2u);
  auto const new_text = ring.seal("1990-01-15", "ctx");
  EXPECT_EQ(key_ring::key_id_of(old_text), 1u);
  EXPECT_EQ(key_ring::key_id_of(new_text), 2u);
  EXPECT_EQ(ring.open(old_text, "ctx"), "1990-01-15");
  EXPECT_EQ(ring.open(new_text, "ctx"), "1990-01-15");
  EXPECT_EQ(key_ring::key_id_of("k:abc"), std::nullopt);
  EXPECT_EQ(key_ring::key_id_of("k0:abc"), std::nullopt);
  EXPECT_EQ(key_ring::key_id_of("x1:abc"), std::nullopt);
}

}  // namespace
}  // namespace caravan::registry

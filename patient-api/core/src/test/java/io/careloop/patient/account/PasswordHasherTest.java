package io.careloop.patient.account;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PasswordHasherTest {

  private final PasswordHasher hasher = new PasswordHasher(1024, 1, 1);

  @Test
  @DisplayName("A hash is an Argon2id PHC string that verifies its password and no other")
  void hashAndVerify() {
    String hash = hasher.hash("correct horse battery staple");

    assertThat(hash).startsWith("$argon2id$v=19$m=1024,t=1,p=1$");
    assertThat(hasher.verify("correct horse battery staple", hash)).isTrue();
    assertThat(hasher.verify("correct horse battery stapler", hash)).isFalse();
  }

  @Test
  @DisplayName(
      "Two hashes of one password differ (random salt), and parameters travel with the hash")
  void saltedAndSelfDescribing() {
    String a = hasher.hash("same password");
    String b = hasher.hash("same password");

    assertThat(a).isNotEqualTo(b);
    assertThat(PasswordHasher.owaspBaseline().verify("same password", a)).isTrue();
  }

  @Test
  @DisplayName("A malformed stored hash never matches")
  void malformed() {
    assertThat(hasher.verify("x", "$argon2i$v=19$m=1024,t=1,p=1$AAAA$AAAA")).isFalse();
    assertThat(hasher.verify("x", "plain-text")).isFalse();
  }
}

package io.careloop.platform.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.careloop.platform.http.Problem;
import io.careloop.platform.testing.TestClock;
import io.jsonwebtoken.JwtBuilder;
import io.jsonwebtoken.Jwts;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The verifier remembers a token once verified; what must still hold on every request is checked
 * here against remembered tokens: expiry, revocation, and that another text (a forged signature) is
 * verified on its own.
 */
class TokenVerifierTest {

  private final SigningKeys keys = SigningKeys.ephemeral("k1");
  private final TestClock clock = new TestClock(Instant.parse("2026-12-06T10:00:00Z"));
  private final Set<UUID> revokedSignIns = new HashSet<>();
  private final TokenVerifier verifier =
      new TokenVerifier(
          keys, clock, (account, signIn, issuedAt) -> revokedSignIns.contains(signIn));
  private final UUID account = UUID.randomUUID();
  private final UUID signIn = UUID.randomUUID();

  @Test
  void aRememberedTokenAnswersTheSameAsItsFirstVerification() {
    String token = token(Duration.ofMinutes(15));
    Principal first = verifier.verify(token);
    assertThat(verifier.verify(token)).isEqualTo(first);
    assertThat(first.accountId()).isEqualTo(account);
    assertThat(first.role()).isEqualTo(Role.NURSE);
    assertThat(first.clinics()).hasSize(1);
  }

  @Test
  void aRememberedTokenExpiresOnTime() {
    String token = token(Duration.ofMinutes(15));
    verifier.verify(token);
    clock.advance(Duration.ofMinutes(15).plusSeconds(29)); // within the allowed clock skew
    verifier.verify(token);
    clock.advance(Duration.ofSeconds(2));
    assertRefused(token, "expired");
  }

  @Test
  void aRememberedTokenOfARevokedSignInIsRefused() {
    String token = token(Duration.ofMinutes(15));
    verifier.verify(token);
    revokedSignIns.add(signIn);
    assertRefused(token, "ended");
  }

  @Test
  void anotherSignatureOnTheSameClaimsIsVerifiedOnItsOwn() {
    String token = token(Duration.ofMinutes(15));
    verifier.verify(token);
    String forged =
        token.substring(0, token.lastIndexOf('.') + 1)
            + "AAAA"
            + token.substring(token.lastIndexOf('.') + 5);
    assertRefused(forged, "not valid");
    String otherKey = nurse(SigningKeys.ephemeral("k1"), Duration.ofMinutes(15)).compact();
    assertRefused(otherKey, "not valid");
  }

  @Test
  void emptyAndMissingTokensAreRefused() {
    assertRefused(null, "missing");
    assertRefused("", "missing");
  }

  private void assertRefused(String token, String detail) {
    assertThatThrownBy(() -> verifier.verify(token))
        .isInstanceOf(Problem.class)
        .satisfies(p -> assertThat(((Problem) p).status()).isEqualTo(401))
        .hasMessageContaining(detail);
  }

  private String token(Duration ttl) {
    return nurse(keys, ttl)
        .claim(TokenVerifier.CLINICS_CLAIM, List.of(UUID.randomUUID().toString()))
        .compact();
  }

  /** A nurse's access token for {@code ttl} from now, signed with {@code signer}'s active key. */
  private JwtBuilder nurse(SigningKeys signer, Duration ttl) {
    Instant now = clock.instant();
    return Jwts.builder()
        .header()
        .keyId(signer.activeKid())
        .and()
        .issuer(TokenVerifier.ISSUER)
        .audience()
        .add(TokenVerifier.AUDIENCE)
        .and()
        .subject(account.toString())
        .claim(TokenVerifier.SIGN_IN_CLAIM, signIn.toString())
        .claim(TokenVerifier.ROLE_CLAIM, "nurse")
        .issuedAt(Date.from(now))
        .expiration(Date.from(now.plus(ttl)))
        .signWith(signer.activeKey(), Jwts.SIG.ES256);
  }
}

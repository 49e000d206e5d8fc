package io.careloop.patient.account;

import io.careloop.platform.auth.SigningKeys;
import io.careloop.platform.auth.TokenVerifier;
import io.jsonwebtoken.Jwts;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

/** Issues short-lived ES256 access tokens with the active key's id in the header. */
public final class TokenIssuer {

  private final SigningKeys keys;
  private final Duration ttl;
  private final Clock clock;

  public TokenIssuer(SigningKeys keys, Duration ttl, Clock clock) {
    this.keys = keys;
    this.ttl = ttl;
    this.clock = clock;
  }

  public Duration ttl() {
    return ttl;
  }

  /** An access token of the account's sign-in {@code signIn} (its refresh-token family). */
  public String accessToken(Account account, UUID signIn) {
    Instant now = clock.instant();
    return Jwts.builder()
        .header().keyId(keys.activeKid()).and()
        .issuer(TokenVerifier.ISSUER)
        .audience().add(TokenVerifier.AUDIENCE).and()
        .subject(account.id().toString())
        .id(UUID.randomUUID().toString())
        .claim(TokenVerifier.SIGN_IN_CLAIM, signIn.toString())
        .claim(TokenVerifier.ROLE_CLAIM, account.role().claim())
        .claim(TokenVerifier.CLINICS_CLAIM, account.clinicIds().stream().map(UUID::toString).sorted().toList())
        .issuedAt(Date.from(now))
        .expiration(Date.from(now.plus(ttl)))
        .signWith(keys.activeKey(), Jwts.SIG.ES256)
        .compact();
  }
}

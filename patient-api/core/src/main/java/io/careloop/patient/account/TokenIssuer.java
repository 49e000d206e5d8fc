package io.careloop.patient.account;

import io.careloop.platform.auth.CarerRight;
import io.careloop.platform.auth.SigningKeys;
import io.careloop.platform.auth.TokenVerifier;
import io.jsonwebtoken.JwtBuilder;
import io.jsonwebtoken.Jwts;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Set;
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
    return token(account, signIn)
        .claim(
            TokenVerifier.CLINICS_CLAIM,
            account.clinicIds().stream().map(UUID::toString).sorted().toList())
        .compact();
  }

  /**
   * An access token for a carer acting for a patient: the patient's, naming the carer as actor (RFC
   * 8693 {@code act}) and the rights the patient granted; its sign-in is the care link, so revoking
   * the link ends it on every instance.
   */
  public String actingToken(Account patient, UUID carer, UUID careLink, Set<CarerRight> rights) {
    return token(patient, careLink)
        .claim(TokenVerifier.ACT_CLAIM, Map.of("sub", carer.toString()))
        .claim(
            TokenVerifier.CARER_RIGHTS_CLAIM,
            rights.stream().map(CarerRight::claim).sorted().toList())
        .compact();
  }

  private JwtBuilder token(Account subject, UUID signIn) {
    Instant now = clock.instant();
    return Jwts.builder()
        .header()
        .keyId(keys.activeKid())
        .and()
        .issuer(TokenVerifier.ISSUER)
        .audience()
        .add(TokenVerifier.AUDIENCE)
        .and()
        .subject(subject.id().toString())
        .id(UUID.randomUUID().toString())
        .claim(TokenVerifier.SIGN_IN_CLAIM, signIn.toString())
        .claim(TokenVerifier.ROLE_CLAIM, subject.role().claim())
        .issuedAt(Date.from(now))
        .expiration(Date.from(now.plus(ttl)))
        .signWith(keys.activeKey(), Jwts.SIG.ES256);
  }
}

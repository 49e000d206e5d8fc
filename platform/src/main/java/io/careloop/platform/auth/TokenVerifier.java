package io.careloop.platform.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.careloop.platform.http.Problem;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.Locator;
import io.jsonwebtoken.ProtectedHeader;
import java.security.Key;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Verifies access tokens: ES256 signature by a known key id, issuer, audience, expiry, and that
 * their sign-in was not revoked; then reads the account, its role and (for staff) its clinics. Any
 * failure is a 401 without details.
 *
 * <p>A token's signature and claims are checked once: the result is remembered by the token's exact
 * text (a bounded cache), since an ECDSA verification costs more CPU than most requests it guards
 * (issue 30 measured it at about half of the gateway's CPU on reads). Expiry and revocation are
 * checked on every request, remembered or not; the keys do not change while the process runs.
 */
public final class TokenVerifier {

  public static final String ISSUER = "careloop";
  public static final String AUDIENCE = "careloop-api";
  public static final String ROLE_CLAIM = "role";
  public static final String CLINICS_CLAIM = "clinics";

  /**
   * The sign-in (refresh-token family) a token was issued for; for a carer's token, the care link.
   */
  public static final String SIGN_IN_CLAIM = "sid";

  /** Who acts for the subject (RFC 8693): {@code {"sub": <carer's account>}}. */
  public static final String ACT_CLAIM = "act";

  /** The rights the patient granted the acting carer ({@link CarerRight#claim()}). */
  public static final String CARER_RIGHTS_CLAIM = "care_rights";

  /** Tokens remembered after their first verification: a few MiB at most. */
  static final int REMEMBERED_TOKENS = 10_000;

  private static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

  /** What a token said, once its signature and claims were verified. */
  private record Verified(Principal principal, Instant issuedAt, Instant expiresAt) {}

  private final io.jsonwebtoken.JwtParser parser;
  private final RevokedSignIns revoked;
  private final Clock clock;
  private final Cache<String, Verified> verified;

  public TokenVerifier(SigningKeys keys, Clock clock) {
    this(keys, clock, RevokedSignIns.NONE);
  }

  public TokenVerifier(SigningKeys keys, Clock clock, RevokedSignIns revoked) {
    this.revoked = revoked;
    this.clock = clock;
    this.verified =
        Caffeine.newBuilder()
            .maximumSize(REMEMBERED_TOKENS)
            .expireAfter(
                Expiry.<String, Verified>writing(
                    (token, v) -> durationUntil(v.expiresAt().plus(CLOCK_SKEW), clock.instant())))
            .build();
    Locator<Key> byKid =
        new io.jsonwebtoken.LocatorAdapter<>() {
          @Override
          protected Key locate(ProtectedHeader header) {
            return keys.verificationKey(header.getKeyId()).orElse(null);
          }
        };
    this.parser =
        Jwts.parser()
            .keyLocator(byKid)
            .requireIssuer(ISSUER)
            .requireAudience(AUDIENCE)
            .clock(() -> Date.from(clock.instant()))
            .clockSkewSeconds(CLOCK_SKEW.toSeconds())
            .build();
  }

  public Principal verify(String token) {
    if (token == null || token.isEmpty()) {
      throw invalid();
    }
    Verified v = verified.getIfPresent(token);
    if (v == null) {
      v = parse(token);
      verified.put(token, v);
    } else if (!clock.instant().isBefore(v.expiresAt().plus(CLOCK_SKEW))) {
      throw invalid();
    }
    Principal p = v.principal();
    if (revoked.isRevoked(p.accountId(), p.signInId(), v.issuedAt())) {
      throw Problem.unauthorized("This sign-in has ended; sign in again");
    }
    return p;
  }

  private Verified parse(String token) {
    try {
      Claims claims = parser.parseSignedClaims(token).getPayload();
      UUID account = UUID.fromString(claims.getSubject());
      String sid = claims.get(SIGN_IN_CLAIM, String.class);
      UUID signIn = sid == null ? null : UUID.fromString(sid);
      Role role = Role.fromClaim(claims.get(ROLE_CLAIM, String.class));
      Set<UUID> clinics = new HashSet<>();
      Object raw = claims.get(CLINICS_CLAIM);
      if (raw instanceof Collection<?> list) {
        list.forEach(id -> clinics.add(UUID.fromString(id.toString())));
      }
      return new Verified(
          new Principal(account, role, clinics, signIn, actor(claims), carerRights(claims)),
          claims.getIssuedAt().toInstant(),
          claims.getExpiration().toInstant());
    } catch (JwtException
        | IllegalArgumentException
        | NullPointerException
        | ClassCastException e) {
      throw invalid();
    }
  }

  private static Problem invalid() {
    return Problem.unauthorized("The access token is missing, expired or not valid");
  }

  private static Duration durationUntil(Instant end, Instant now) {
    return end.isAfter(now) ? Duration.between(now, end) : Duration.ZERO;
  }

  private static UUID actor(Claims claims) {
    Object act = claims.get(ACT_CLAIM);
    return act instanceof Map<?, ?> actor ? UUID.fromString(actor.get("sub").toString()) : null;
  }

  private static Set<CarerRight> carerRights(Claims claims) {
    Set<CarerRight> rights = new HashSet<>();
    if (claims.get(CARER_RIGHTS_CLAIM) instanceof Collection<?> list) {
      list.forEach(right -> rights.add(CarerRight.fromClaim(right.toString())));
    }
    return rights;
  }
}

package io.careloop.platform.auth;

import io.careloop.platform.http.Problem;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.Locator;
import io.jsonwebtoken.ProtectedHeader;
import java.security.Key;
import java.time.Clock;
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

  private final io.jsonwebtoken.JwtParser parser;
  private final RevokedSignIns revoked;

  public TokenVerifier(SigningKeys keys, Clock clock) {
    this(keys, clock, RevokedSignIns.NONE);
  }

  public TokenVerifier(SigningKeys keys, Clock clock, RevokedSignIns revoked) {
    this.revoked = revoked;
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
            .clockSkewSeconds(30)
            .build();
  }

  public Principal verify(String token) {
    try {
      Claims claims = parser.parseSignedClaims(token).getPayload();
      UUID account = UUID.fromString(claims.getSubject());
      String sid = claims.get(SIGN_IN_CLAIM, String.class);
      UUID signIn = sid == null ? null : UUID.fromString(sid);
      if (revoked.isRevoked(account, signIn, claims.getIssuedAt().toInstant())) {
        throw Problem.unauthorized("This sign-in has ended; sign in again");
      }
      Role role = Role.fromClaim(claims.get(ROLE_CLAIM, String.class));
      Set<UUID> clinics = new HashSet<>();
      Object raw = claims.get(CLINICS_CLAIM);
      if (raw instanceof Collection<?> list) {
        list.forEach(id -> clinics.add(UUID.fromString(id.toString())));
      }
      return new Principal(account, role, clinics, signIn, actor(claims), carerRights(claims));
    } catch (JwtException
        | IllegalArgumentException
        | NullPointerException
        | ClassCastException e) {
      throw Problem.unauthorized("The access token is missing, expired or not valid");
    }
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

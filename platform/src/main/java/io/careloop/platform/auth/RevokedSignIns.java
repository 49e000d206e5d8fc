package io.careloop.platform.auth;

import java.time.Instant;
import java.util.UUID;

/**
 * Sign-ins that ended before their access tokens expire: signed out, a refresh token used twice, a
 * new password, an erased account. Asked on every request, so answered from memory.
 */
public interface RevokedSignIns {

  /** Nothing is ever revoked (tools and tests that issue their own tokens). */
  RevokedSignIns NONE = (account, signIn, issuedAt) -> false;

  /**
   * Whether a token of {@code account}'s sign-in {@code signIn} (null for a token that names none),
   * issued at {@code issuedAt}, no longer counts.
   */
  boolean isRevoked(UUID account, UUID signIn, Instant issuedAt);
}

package io.careloop.platform.auth;

import java.util.Locale;

/** What a signed-in account may do. */
public enum Role {
  PATIENT, NURSE, ADMIN;

  /** The role as written in tokens and in the OpenAPI document. */
  public String claim() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Role fromClaim(String claim) {
    return valueOf(claim.toUpperCase(Locale.ROOT));
  }
}

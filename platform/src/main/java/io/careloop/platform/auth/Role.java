package io.careloop.platform.auth;

import java.util.Locale;

/**
 * What a signed-in account may do. Nurses and coordinators (front desk, patient relations) work at
 * clinics and see those clinics' patients only; admins see the chain.
 */
public enum Role {
  PATIENT,
  NURSE,
  COORDINATOR,
  ADMIN;

  /** The role as written in tokens and in the OpenAPI document. */
  public String claim() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Role fromClaim(String claim) {
    return valueOf(claim.toUpperCase(Locale.ROOT));
  }
}

package io.careloop.platform.auth;

import io.careloop.platform.http.Problem;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The account behind a request, as its verified access token says, and the sign-in the token
 * belongs to (null for a token that names none). A carer acting for a patient is the patient's
 * principal with {@code carer} (their own account) and the rights the patient granted; the sign-in
 * is then the care link, so that revoking the link ends its tokens.
 */
public record Principal(
    UUID accountId,
    Role role,
    Set<UUID> clinics,
    UUID signInId,
    UUID carer,
    Set<CarerRight> carerRights) {

  private static final String KEY = "careloop.principal";

  public Principal {
    clinics = Set.copyOf(clinics);
    carerRights = Set.copyOf(carerRights);
  }

  /** The account itself, in one of its sign-ins. */
  public Principal(UUID accountId, Role role, Set<UUID> clinics, UUID signInId) {
    this(accountId, role, clinics, signInId, null, Set.of());
  }

  /** A principal outside any sign-in (staff tools, tests). */
  public Principal(UUID accountId, Role role, Set<UUID> clinics) {
    this(accountId, role, clinics, null);
  }

  /** The carer acting for this patient, if one is. */
  public Optional<UUID> actingCarer() {
    return Optional.ofNullable(carer);
  }

  public void attachTo(RoutingContext ctx) {
    ctx.put(KEY, this);
  }

  /** The principal of an authenticated request; a route without authentication has none. */
  public static Principal of(RoutingContext ctx) {
    Principal principal = ctx.get(KEY);
    if (principal == null) {
      throw Problem.unauthorized("A valid access token is required");
    }
    return principal;
  }

  public boolean worksAt(UUID clinicId) {
    return role == Role.ADMIN || clinics.contains(clinicId);
  }
}

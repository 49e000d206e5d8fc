package io.careloop.patient.account;

import io.careloop.patient.clinic.ClinicCatalog;
import io.careloop.patient.clinic.MembershipRepository;
import io.careloop.platform.auth.Role;
import io.careloop.platform.http.Problem;
import io.vertx.core.Future;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * Staff accounts, created by an admin: nurses and coordinators for one or more clinics, and admins.
 * A nurse is listed in nurses_by_clinic of each of her clinics, which escalation asks for; a
 * coordinator (front desk, patient relations) is not, having no clinical follow-up.
 */
public final class StaffAccounts {

  private final AccountService accounts;
  private final ClinicCatalog catalog;
  private final MembershipRepository membership;

  public StaffAccounts(
      AccountService accounts, ClinicCatalog catalog, MembershipRepository membership) {
    this.accounts = accounts;
    this.catalog = catalog;
    this.membership = membership;
  }

  /**
   * Creates the account once its clinics are known to exist. A nurse is listed at her clinics
   * before her account is created, under the id the account will get, and unlisted if the account
   * cannot be created (e-mail taken): a nurse with an account is never missing from the lists.
   */
  public Future<UUID> create(
      String email, String password, String name, Role role, Set<UUID> clinicIds) {
    if ((role == Role.NURSE || role == Role.COORDINATOR) && clinicIds.isEmpty()) {
      return Future.failedFuture(
          Problem.validation("A " + role.claim() + " works at one clinic at least"));
    }
    List<Future<Void>> known =
        clinicIds.stream()
            .map(
                id ->
                    catalog
                        .clinic(id)
                        .compose(
                            c ->
                                c.isPresent()
                                    ? Future.<Void>succeededFuture()
                                    : Future.<Void>failedFuture(
                                        ClinicCatalog.unknown("clinic", id))))
            .toList();
    UUID id = UUID.randomUUID();
    boolean nurse = role == Role.NURSE;
    return Future.all(known)
        .compose(
            ok ->
                nurse
                    ? forEachClinic(clinicIds, clinic -> membership.addNurse(clinic, id, name))
                    : Future.succeededFuture())
        .compose(
            listed ->
                accounts
                    .createStaff(id, email, password, name, role, clinicIds)
                    .recover(
                        err ->
                            (nurse
                                    ? forEachClinic(
                                        clinicIds, clinic -> membership.removeNurse(clinic, id))
                                    : Future.<Void>succeededFuture())
                                .transform(x -> Future.failedFuture(err))));
  }

  /** Every staff account of the chain, by name. */
  public Future<List<AccountRepository.StaffMember>> list() {
    return accounts.staff();
  }

  private static Future<Void> forEachClinic(
      Set<UUID> clinicIds, Function<UUID, Future<Void>> step) {
    return Future.all(clinicIds.stream().map(step).toList()).mapEmpty();
  }
}

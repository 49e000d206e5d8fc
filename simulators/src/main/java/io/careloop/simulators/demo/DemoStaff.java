package io.careloop.simulators.demo;

import io.careloop.simulators.AppClient;
import io.careloop.simulators.chain.Account;
import io.careloop.simulators.demo.DemoPlan.StaffSpec;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The clinics' nurses and coordinators: created unless their e-mail exists (409), then signed in.
 */
final class DemoStaff {

  private final List<StaffSpec> specs;
  private final Map<StaffSpec, Account> accounts;

  private DemoStaff(List<StaffSpec> specs, Map<StaffSpec, Account> accounts) {
    this.specs = specs;
    this.accounts = accounts;
  }

  static DemoStaff ensure(
      AppClient app,
      Account admin,
      List<StaffSpec> specs,
      List<DemoCatalogueSetup.Clinic> clinics) {
    Map<StaffSpec, Account> accounts = new LinkedHashMap<>();
    for (StaffSpec s : specs) {
      AppClient.Response created =
          admin.send(
              "POST",
              "/api/v1/admin/staff",
              new JsonObject()
                  .put("email", s.email())
                  .put("password", DemoPlan.STAFF_PASSWORD)
                  .put("name", s.name())
                  .put("role", s.role())
                  .put("clinicIds", new JsonArray().add(clinics.get(s.clinic()).id())),
              Map.of());
      if (created.status() != 201 && created.status() != 409) {
        throw new IllegalStateException(
            "creating " + s.email() + " answered " + created.status() + ": " + created.text());
      }
      accounts.put(s, Account.signIn(app, s.email(), DemoPlan.STAFF_PASSWORD, null));
    }
    return new DemoStaff(specs, accounts);
  }

  Account nurseOf(int clinic) {
    return of(clinic, "nurse");
  }

  Account coordinatorOf(int clinic) {
    return of(clinic, "coordinator");
  }

  private Account of(int clinic, String role) {
    return accounts.get(
        specs.stream()
            .filter(s -> s.clinic() == clinic && s.role().equals(role))
            .findFirst()
            .orElseThrow());
  }
}

package io.careloop.gateway;

import io.careloop.patient.PatientApiConfig;
import io.careloop.platform.config.Hosts;
import java.util.ArrayList;
import java.util.List;

/**
 * The secrets CareLoop has built in for a developer's machine (the admin password, the ingest
 * clients' broker password) are printed in the README: they may only guard what this machine alone
 * can reach. Whatever listens beyond it needs its own.
 */
final class LocalSecrets {

  private LocalSecrets() {}

  /** Why these settings must not start; empty when they may. */
  static List<String> refusals(CareLoopApplication.Settings settings) {
    List<String> refusals = new ArrayList<>();
    PatientApiConfig patients = settings.patients();
    if (patients.usesLocalAdminPassword() && !Hosts.isLoopback(settings.gateway().host())) {
      refusals.add(
          "CARELOOP_ADMIN_PASSWORD is the built-in one while the API listens on "
              + settings.gateway().host());
    }
    settings.ingest().builtInSecretExposed().ifPresent(refusals::add);
    return refusals;
  }
}

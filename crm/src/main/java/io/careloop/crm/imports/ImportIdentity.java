package io.careloop.crm.imports;

import io.careloop.crm.identity.Identity;
import io.careloop.platform.http.Problem;

/** The identity an import line's external id gives: a line whose id cannot be one is refused. */
final class ImportIdentity {

  private ImportIdentity() {}

  static Identity of(String system, String externalId) {
    try {
      return Identity.of(system, externalId);
    } catch (Problem p) {
      throw new LineRefused(p.getMessage());
    }
  }
}

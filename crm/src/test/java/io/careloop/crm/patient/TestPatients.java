package io.careloop.crm.patient;

import java.util.Set;
import java.util.UUID;

/** CRM patients for unit tests, with only what the test names set. */
public final class TestPatients {

  private TestPatients() {}

  /** A patient the CRM knows from an import (no app account), of {@code clinic}. */
  public static CrmPatient imported(String name, String email, String phone, UUID clinic) {
    return new CrmPatient(
        UUID.randomUUID(),
        null,
        name,
        email,
        phone,
        null,
        null,
        Set.of(clinic),
        null,
        null,
        null,
        Set.of());
  }
}

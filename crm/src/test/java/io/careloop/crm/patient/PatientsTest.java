package io.careloop.crm.patient;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PatientsTest {

  private static final UUID ACCOUNT = UUID.randomUUID();
  private static final Instant REGISTERED = Instant.parse("2026-03-01T10:15:30.123456789Z");

  private static CrmPatient row(String name, String phone) {
    return new CrmPatient(
        ACCOUNT,
        ACCOUNT,
        name,
        "pat@example.org",
        phone,
        null,
        "Europe/Paris",
        Set.of(),
        Instant.parse("2026-03-01T10:15:30.123Z"),
        Instant.now(),
        null,
        Set.of());
  }

  private static AppProfile profile(String name, String phone) {
    return new AppProfile(ACCOUNT, "pat@example.org", name, phone, "Europe/Paris", REGISTERED);
  }

  @Test
  @DisplayName("A row holds a profile that says what it says, at the row's millisecond precision")
  void holds() {
    assertThat(Patients.holds(row("Pat", "+33 6 12"), profile("Pat", "+33 6 12"))).isTrue();
    assertThat(Patients.holds(row("Pat", "+33 6 12"), profile("Pat", null)))
        .as("a field the profile leaves out is left as it is")
        .isTrue();
    assertThat(Patients.holds(row("Pat", "+33 6 12"), profile("Patricia", "+33 6 12"))).isFalse();
    assertThat(Patients.holds(row("Pat", null), profile("Pat", "+33 6 12"))).isFalse();
    AppProfile otherAccount =
        new AppProfile(
            UUID.randomUUID(), "pat@example.org", "Pat", null, "Europe/Paris", REGISTERED);
    assertThat(Patients.holds(row("Pat", null), otherAccount)).isFalse();
  }
}

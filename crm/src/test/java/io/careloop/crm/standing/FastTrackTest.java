package io.careloop.crm.standing;

import static org.assertj.core.api.Assertions.assertThat;

import io.careloop.crm.patient.CrmPatient;
import io.careloop.platform.bus.PatientStanding;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class FastTrackTest {

  @Test
  void newPatientsWithoutUrgencyWait() {
    PatientStanding s = FastTrack.of(labelled("stage:acquisition", "tier:potential"));
    assertThat(s.fastTrack()).isFalse();
    assertThat(s.reasons()).isEmpty();
  }

  @Test
  void returningActivePatientsAreOnTheFastTrack() {
    PatientStanding s = FastTrack.of(labelled("stage:maturity", "tier:maintain"));
    assertThat(s.fastTrack()).isTrue();
    assertThat(s.reasons()).containsExactly("stage:maturity");
  }

  @Test
  void highTiersAndOpenHighAlertsCountEachWithTheirReason() {
    PatientStanding s =
        FastTrack.of(labelled("stage:decline", "tier:strategic", "tag:open-high-alert"));
    assertThat(s.fastTrack()).isTrue();
    assertThat(s.reasons()).containsExactly("tier:strategic", "tag:open-high-alert");
  }

  @Test
  void frequentNoShowsAreNeverOnIt() {
    PatientStanding s =
        FastTrack.of(labelled("stage:growth", "tier:strategic", "tag:frequent-no-show"));
    assertThat(s.fastTrack()).isFalse();
    assertThat(s.reasons()).containsExactly("tag:frequent-no-show");
  }

  private static CrmPatient labelled(String... labels) {
    return new CrmPatient(
        UUID.randomUUID(),
        UUID.randomUUID(),
        "Ada",
        null,
        null,
        null,
        null,
        Set.of(),
        null,
        null,
        null,
        Set.of(labels));
  }
}

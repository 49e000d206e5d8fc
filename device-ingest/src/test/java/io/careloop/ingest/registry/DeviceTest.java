package io.careloop.ingest.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class DeviceTest {

  private static final UUID ANNA = UUID.randomUUID();
  private static final UUID BEN = UUID.randomUUID();

  private static Instant t(String s) {
    return Instant.parse(s);
  }

  private static final Device DEVICE =
      new Device(
          "TB-00000001",
          "CL-100",
          "hash",
          false,
          t("2026-01-01T00:00:00Z"),
          BEN,
          List.of(
              new Device.Pairing(ANNA, t("2026-02-01T00:00:00Z"), t("2026-06-01T00:00:00Z")),
              new Device.Pairing(BEN, t("2026-07-01T00:00:00Z"), null)));

  @Test
  @DisplayName("A session brushed before the first pairing belongs to the patient who pairs it")
  void beforeFirstPairing() {
    assertThat(DEVICE.ownerAt(t("2026-01-15T08:00:00Z"))).contains(ANNA);
  }

  @Test
  @DisplayName(
      "A session brushed during a pairing belongs to that patient, also when it arrives later")
  void duringPairing() {
    assertThat(DEVICE.ownerAt(t("2026-05-31T21:00:00Z"))).contains(ANNA);
  }

  @Test
  @DisplayName("A session brushed after unpairing is not the former owner's but the next one's")
  void afterUnpairing() {
    assertThat(DEVICE.ownerAt(t("2026-06-15T08:00:00Z"))).contains(BEN);
    assertThat(DEVICE.ownerAt(t("2026-11-24T08:00:00Z"))).contains(BEN);
  }

  @Test
  @DisplayName("After the last pairing ended, a session waits for the next owner")
  void afterLastPairing() {
    Device unpaired =
        new Device(
            "TB-00000002",
            "CL-100",
            "hash",
            false,
            t("2026-01-01T00:00:00Z"),
            null,
            List.of(
                new Device.Pairing(ANNA, t("2026-02-01T00:00:00Z"), t("2026-06-01T00:00:00Z"))));

    assertThat(unpaired.ownerAt(t("2026-06-02T00:00:00Z"))).isEmpty();
    assertThat(unpaired.currentPairing()).isEmpty();
  }

  @Test
  @DisplayName(
      "A pairing code's request may finish only while nobody paired since, or its own pairing lasts")
  void pairingMayFinish() {
    Instant codeTaken = t("2026-02-01T00:00:00Z");
    Device waiting =
        new Device(
            "TB-00000003", "CL-100", "hash", false, t("2026-01-01T00:00:00Z"), null, List.of());
    assertThat(waiting.pairingMayFinish(ANNA, codeTaken)).isTrue();

    Device annaPaired =
        new Device(
            "TB-00000003",
            "CL-100",
            "hash",
            false,
            t("2026-01-01T00:00:00Z"),
            ANNA,
            List.of(new Device.Pairing(ANNA, codeTaken, null)));
    assertThat(annaPaired.pairingMayFinish(ANNA, codeTaken)).isTrue();
    assertThat(annaPaired.pairingMayFinish(BEN, codeTaken)).isFalse();

    // Anna unpaired, then Ben paired with another code: Anna's code is spent, whoever owns the
    // brush now
    assertThat(DEVICE.pairingMayFinish(ANNA, codeTaken)).isFalse();
    // a pairing before the code was taken does not spend it (the brush was someone else's then)
    assertThat(DEVICE.pairingMayFinish(BEN, t("2026-08-01T00:00:00Z"))).isTrue();
  }
}

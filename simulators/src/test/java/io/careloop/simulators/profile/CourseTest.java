package io.careloop.simulators.profile;

import static org.assertj.core.api.Assertions.assertThat;

import io.careloop.ingest.session.SessionPayloadParser;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The generator is pure, follows the contract, and each quirk does what its name says. */
class CourseTest {

  static final LocalDate FIRST = LocalDate.of(2026, 5, 4);
  static final ZoneId PARIS = ZoneId.of("Europe/Paris");
  static final String DEVICE = "TB-00C0FFEE";

  static Course course(Profile profile, Quirk... quirks) {
    Set<Quirk> set =
        quirks.length == 0 ? EnumSet.noneOf(Quirk.class) : EnumSet.of(quirks[0], quirks);
    return Course.generate(new CourseSpec(profile, set, 7, FIRST, 14, PARIS), DEVICE);
  }

  @Test
  @DisplayName("The same spec gives the same course, a different seed another")
  void seededAndDeterministic() {
    CourseSpec spec =
        new CourseSpec(Profile.RUSHED, Set.of(Quirk.DUPLICATES), 42, FIRST, 10, PARIS);
    assertThat(Course.generate(spec, DEVICE)).isEqualTo(Course.generate(spec, DEVICE));
    CourseSpec other =
        new CourseSpec(Profile.RUSHED, Set.of(Quirk.DUPLICATES), 43, FIRST, 10, PARIS);
    assertThat(Course.generate(other, DEVICE).uploads())
        .isNotEqualTo(Course.generate(spec, DEVICE).uploads());
  }

  @Test
  @DisplayName("Every payload of every profile and quirk is one device-ingest accepts as it is")
  void everyPayloadFollowsTheContract() {
    SessionPayloadParser parser = new SessionPayloadParser();
    for (Profile profile : Profile.values()) {
      for (Quirk quirk : Quirk.values()) {
        for (Upload u : course(profile, quirk).uploads()) {
          var result =
              parser.parse(
                  "careloop/v1/devices/" + DEVICE + "/sessions",
                  u.payload().encode().getBytes(StandardCharsets.UTF_8),
                  u.sendAt());
          assertThat(result)
              .as("%s + %s: %s", profile.id(), quirk.id(), u.payload())
              .isInstanceOf(SessionPayloadParser.Accepted.class);
        }
      }
    }
  }

  @Test
  @DisplayName(
      "Session ids count up by one from 1; the diligent patient brushes twice a day, the lapsed stops")
  void countersAndHabits() {
    Course diligent = course(Profile.DILIGENT);
    assertThat(diligent.uploads())
        .extracting(u -> u.payload().getLong("sessionId"))
        .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 28).boxed().toList());
    Course lapsed = course(Profile.LAPSED);
    assertThat(lapsed.uploads()).hasSize(2 * Habits.lapseDay(14));
    Course forgetful = course(Profile.FORGETFUL);
    assertThat(forgetful.uploads()).hasSize(14 + 3);
  }

  @Test
  @DisplayName(
      "Offline: the two days' sessions come together, oldest first, as a backlog after the brush is back")
  void offlineBacklog() {
    List<Upload> backlog =
        course(Profile.DILIGENT, Quirk.OFFLINE_BACKLOG).uploads().stream()
            .filter(u -> u.payload().getBoolean("backlog"))
            .toList();
    assertThat(backlog).hasSizeBetween(4, 6);
    assertThat(backlog)
        .allSatisfy(
            u ->
                assertThat(u.sendAt())
                    .isEqualTo(
                        backlog
                            .get(0)
                            .sendAt()
                            .plusSeconds(
                                u.payload().getLong("sessionId")
                                    - backlog.get(0).payload().getLong("sessionId"))));
    assertThat(Duration.between(backlog.get(0).startedAt(), backlog.get(0).sendAt()))
        .isGreaterThan(Duration.ofDays(2));
    assertThat(backlog).extracting(Upload::startedAt).isSorted();
  }

  @Test
  @DisplayName(
      "Duplicates: copies carry the same device, session id and start; nothing else is a copy")
  void duplicates() {
    List<Upload> uploads = course(Profile.DILIGENT, Quirk.DUPLICATES).uploads();
    Set<String> originals =
        uploads.stream().filter(u -> !u.copy()).map(Upload::sessionKey).collect(Collectors.toSet());
    List<Upload> copies = uploads.stream().filter(Upload::copy).toList();
    assertThat(copies).hasSizeGreaterThan(5);
    assertThat(copies).allSatisfy(c -> assertThat(originals).contains(c.sessionKey()));
    assertThat(originals).hasSize(28);
  }

  @Test
  @DisplayName("Clock skew: minutes ahead at first, days behind after the battery swap")
  void clockSkew() {
    List<Upload> uploads = course(Profile.DILIGENT, Quirk.CLOCK_SKEW).uploads();
    Duration first = Duration.between(uploads.get(0).sendAt(), uploads.get(0).startedAt());
    Upload last = uploads.get(uploads.size() - 1);
    assertThat(first).isBetween(Duration.ofMinutes(1), Duration.ofMinutes(6));
    assertThat(Duration.between(last.startedAt(), last.sendAt())).isGreaterThan(Duration.ofDays(2));
  }

  @Test
  @DisplayName("Low battery: runs down to flat, with switch-ons under 10 s once nearly flat")
  void lowBattery() {
    List<Upload> uploads = course(Profile.DILIGENT, Quirk.LOW_BATTERY).uploads();
    assertThat(uploads.get(uploads.size() - 1).payload().getInteger("batteryPct")).isLessThan(5);
    assertThat(uploads)
        .filteredOn(u -> u.payload().getInteger("durationSec") < 10)
        .isNotEmpty()
        .allSatisfy(u -> assertThat(u.payload().getInteger("batteryPct")).isLessThan(10));
  }

  @Test
  @DisplayName("Old firmware: 2.x, no plaque index, MQTT 3.1.1")
  void oldFirmware() {
    Course old = course(Profile.DECLINING, Quirk.OLD_FIRMWARE);
    assertThat(old.mqtt311()).isTrue();
    assertThat(old.uploads())
        .allSatisfy(
            u -> {
              assertThat(u.payload().getString("firmware")).startsWith("2.");
              assertThat(u.payload().containsKey("plaqueIndex")).isFalse();
            });
  }

  @Test
  @DisplayName("Changes hands: two wearers, the second heavy-handed from noon half-way")
  void changesHands() {
    Course shared = course(Profile.DILIGENT, Quirk.CHANGES_HANDS);
    assertThat(shared.wearers()).hasSize(2);
    Instant handover = shared.wearers().get(1).from();
    assertThat(shared.uploads())
        .allSatisfy(
            u -> assertThat(u.wearer()).isEqualTo(u.startedAt().isBefore(handover) ? 0 : 1));
    assertThat(shared.uploads())
        .filteredOn(u -> u.wearer() == 1)
        .allSatisfy(
            u ->
                assertThat(u.payload().getJsonObject("pressure").getInteger("highEvents"))
                    .isGreaterThan(2));
  }
}

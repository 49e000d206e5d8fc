package io.careloop.patient.waitlist;

import static org.assertj.core.api.Assertions.assertThat;

import io.careloop.patient.waitlist.WaitlistOffer.State;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class WaitlistFiguresTest {

  private static final Instant NOW = Instant.parse("2026-12-10T12:00:00Z");
  private static final LocalDate TODAY = LocalDate.of(2026, 12, 10);
  private static final UUID CLINIC = UUID.randomUUID();
  private static final UUID CHECK_UP = UUID.randomUUID();
  private static final UUID CLEANING = UUID.randomUUID();

  @Test
  @DisplayName("The median is the middle wait, or the mean of the two middle ones")
  void median() {
    assertThat(WaitlistFigures.median(List.of())).isEmpty();
    assertThat(WaitlistFigures.median(hours(5))).contains(Duration.ofHours(5));
    assertThat(WaitlistFigures.median(hours(9, 1, 5))).contains(Duration.ofHours(5));
    assertThat(WaitlistFigures.median(hours(10, 1, 4, 2))).contains(Duration.ofHours(3));
    assertThat(WaitlistFigures.median(hours(1, 2))).contains(Duration.ofMinutes(90));
  }

  @Test
  @DisplayName(
      "Offers count by what became of them as of now; only accepted ones make the median wait")
  void offers() {
    List<OfferOutcome> offers =
        List.of(
            decided(State.ACCEPTED, Duration.ofHours(30)),
            decided(State.ACCEPTED, Duration.ofHours(10)),
            decided(State.REFUSED, Duration.ofHours(2)),
            undecided(NOW.minusSeconds(1)), // ran out a second ago
            undecided(NOW), // runs out now
            undecided(NOW.plusSeconds(60))); // may still be taken

    WaitlistFigures figures = figures(List.of(), offers);

    assertThat(figures.offers()).isEqualTo(new WaitlistFigures.Offers(6, 2, 1, 2, 1));
    assertThat(figures.medianWait()).contains(Duration.ofHours(20));
  }

  @Test
  @DisplayName("Who waits: entries whose last day is not past, per service, busiest first")
  void waiting() {
    List<WaitlistEntry> entries =
        List.of(
            entry(CHECK_UP, TODAY),
            entry(CLEANING, TODAY.plusDays(3)),
            entry(CLEANING, TODAY.plusDays(1)),
            entry(CHECK_UP, TODAY.minusDays(1))); // its days are over

    WaitlistFigures figures = figures(entries, List.of());

    assertThat(figures.waiting()).isEqualTo(3);
    assertThat(figures.waitingByService()).isEqualTo(Map.of(CHECK_UP, 1L, CLEANING, 2L));
    JsonObject json = figures.toJson();
    assertThat(json.getJsonObject("waiting").getInteger("total")).isEqualTo(3);
    JsonObject busiest = json.getJsonObject("waiting").getJsonArray("byService").getJsonObject(0);
    assertThat(busiest.getString("name")).isEqualTo("Cleaning");
    assertThat(busiest.getInteger("patients")).isEqualTo(2);
    assertThat(json.containsKey("medianWaitSeconds")).as("nobody accepted").isFalse();
    assertThat(json.getJsonObject("offers").getInteger("sent")).isZero();
  }

  private static WaitlistFigures figures(List<WaitlistEntry> entries, List<OfferOutcome> offers) {
    return WaitlistFigures.of(
        CLINIC,
        TODAY.minusDays(30),
        TODAY,
        TODAY,
        entries,
        offers,
        Map.of(CHECK_UP, "Check-up", CLEANING, "Cleaning"),
        NOW);
  }

  private static List<Duration> hours(long... values) {
    return java.util.Arrays.stream(values).mapToObj(Duration::ofHours).toList();
  }

  private static OfferOutcome decided(State state, Duration afterJoining) {
    Instant joined = NOW.minus(Duration.ofDays(3));
    return new OfferOutcome(
        UUID.randomUUID(),
        CHECK_UP,
        joined.plus(afterJoining).minusSeconds(60),
        NOW.plusSeconds(600),
        Optional.of(joined),
        state,
        Optional.of(joined.plus(afterJoining)));
  }

  private static OfferOutcome undecided(Instant expires) {
    return new OfferOutcome(
        UUID.randomUUID(),
        CHECK_UP,
        expires.minus(Duration.ofMinutes(15)),
        expires,
        Optional.of(NOW.minus(Duration.ofDays(1))),
        State.OPEN,
        Optional.empty());
  }

  private static WaitlistEntry entry(UUID service, LocalDate lastDay) {
    return new WaitlistEntry(
        UUID.randomUUID(),
        UUID.randomUUID(),
        CLINIC,
        service,
        Optional.empty(),
        TODAY.minusDays(5),
        lastDay,
        NOW.minus(Duration.ofDays(2)));
  }
}

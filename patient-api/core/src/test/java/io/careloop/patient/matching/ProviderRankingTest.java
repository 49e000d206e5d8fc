package io.careloop.patient.matching;

import static org.assertj.core.api.Assertions.assertThat;

import io.careloop.patient.booking.Appointment;
import io.careloop.patient.booking.AppointmentStatus;
import io.careloop.patient.clinic.Provider;
import io.careloop.patient.clinic.ProviderKind;
import io.careloop.patient.matching.ProviderRanking.Candidate;
import io.careloop.patient.matching.ProviderRanking.Ranked;
import io.careloop.patient.matching.ProviderRanking.Reason;
import io.careloop.platform.bus.ProviderRatings.Rating;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ProviderRankingTest {

  private static final Instant NOW = Instant.parse("2026-12-01T07:00:00Z");
  private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
  private final Provider anna = provider("Anna");
  private final Provider ben = provider("Ben");

  @Test
  void thePatientsOwnDentistComesFirstWhenAllElseIsEqual() {
    List<Ranked> ranked =
        ProviderRanking.rank(
            List.of(
                new Candidate(anna, List.of(), 1, in(2), Optional.empty()),
                new Candidate(
                    ben, List.of(visit(ben, 200), visit(ben, 30)), 1, in(2), Optional.empty())),
            1,
            NOW);
    assertThat(ranked).extracting(r -> r.provider().name()).containsExactly("Ben", "Anna");
    assertThat(ranked.get(0).reasons())
        .extracting(Reason::kind, Reason::detail)
        .contains(
            org.assertj.core.groups.Tuple.tuple(
                "continuity",
                "Saw you 2 times, last on "
                    + NOW.minus(Duration.ofDays(30)).atZone(PARIS).toLocalDate()));
  }

  @Test
  void aComplexCaseGoesToTheSpecialistEvenOverTheDentistThePatientKnows() {
    List<Ranked> ranked =
        ProviderRanking.rank(
            List.of(
                new Candidate(anna, List.of(), 3, in(10), Optional.empty()),
                new Candidate(
                    ben, List.of(visit(ben, 30)), 1, in(1), Optional.of(new Rating(5, 40)))),
            3,
            NOW);
    assertThat(ranked).extracting(r -> r.provider().name()).containsExactly("Anna", "Ben");
    assertThat(ranked.get(0).meetsComplexity()).isTrue();
    assertThat(ranked.get(1).meetsComplexity()).isFalse();
    assertThat(ranked.get(1).reasons())
        .extracting(Reason::detail)
        .contains("Less experienced than this treatment asks (offers this service)");
  }

  @Test
  void soonerAndBetterRatedProvidersScoreHigherAndFewRatingsDoNotCount() {
    Ranked soon =
        ProviderRanking.rank(
                List.of(new Candidate(anna, List.of(), 2, in(1), Optional.empty())), 1, NOW)
            .get(0);
    Ranked late =
        ProviderRanking.rank(
                List.of(new Candidate(anna, List.of(), 2, in(12), Optional.empty())), 1, NOW)
            .get(0);
    Ranked none =
        ProviderRanking.rank(
                List.of(new Candidate(anna, List.of(), 2, Optional.empty(), Optional.empty())),
                1,
                NOW)
            .get(0);
    assertThat(soon.score()).isGreaterThan(late.score()).isGreaterThan(none.score());
    assertThat(none.reasons())
        .extracting(Reason::detail)
        .contains("No free time in the next 14 days");

    Ranked rated =
        ProviderRanking.rank(
                List.of(new Candidate(anna, List.of(), 2, in(1), Optional.of(new Rating(4.6, 12)))),
                1,
                NOW)
            .get(0);
    Ranked fewRatings =
        ProviderRanking.rank(
                List.of(new Candidate(anna, List.of(), 2, in(1), Optional.of(new Rating(5, 2)))),
                1,
                NOW)
            .get(0);
    assertThat(rated.score()).isGreaterThan(soon.score());
    assertThat(rated.reasons())
        .extracting(Reason::detail)
        .contains("Rated 4.6 of 5 by 12 patients");
    assertThat(fewRatings.score()).isEqualTo(soon.score());
  }

  private static Optional<Instant> in(int days) {
    return Optional.of(NOW.plus(Duration.ofDays(days)));
  }

  private static Provider provider(String name) {
    return new Provider(
        UUID.randomUUID(), name, ProviderKind.fromJson("dentist"), Set.of(), Set.of(), PARIS);
  }

  private static Appointment visit(Provider p, int daysAgo) {
    Instant start = NOW.minus(Duration.ofDays(daysAgo));
    return new Appointment(
        UUID.randomUUID(),
        UUID.randomUUID(),
        UUID.randomUUID(),
        p.id(),
        UUID.randomUUID(),
        PARIS,
        start,
        start.plus(Duration.ofMinutes(30)),
        start.plus(Duration.ofMinutes(30)),
        AppointmentStatus.COMPLETED,
        3,
        UUID.randomUUID(),
        "hash",
        start,
        start);
  }
}

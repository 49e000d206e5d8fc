package io.careloop.patient.booking;

import static org.assertj.core.api.Assertions.assertThat;

import io.careloop.patient.booking.SlotFinder.ProviderTime;
import io.careloop.patient.booking.SlotFinder.Search;
import io.careloop.patient.booking.SlotFinder.Slot;
import io.careloop.patient.clinic.ScheduleException;
import io.careloop.patient.clinic.TimeRange;
import io.careloop.patient.clinic.WeeklyHours;
import io.careloop.patient.clinic.WorkingDay;
import io.careloop.patient.time.Interval;
import io.careloop.patient.time.SlotGrid;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SlotFinderTest {

  private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
  private static final UUID ANNA = UUID.fromString("00000000-0000-0000-0000-00000000000a");
  private static final UUID BEN = UUID.fromString("00000000-0000-0000-0000-00000000000b");
  private static final Instant LONG_AGO = Instant.parse("2026-01-01T00:00:00Z");

  /** Sunday 29 March 2026: in Paris 02:00 CET becomes 03:00 CEST. */
  private static final LocalDate SPRING_FORWARD = LocalDate.of(2026, 3, 29);

  /** Sunday 25 October 2026: in Paris 03:00 CEST becomes 02:00 CET. */
  private static final LocalDate FALL_BACK = LocalDate.of(2026, 10, 25);

  private static TimeRange range(String start, String end) {
    return TimeRange.parse(start, end);
  }

  private static WeeklyHours every(DayOfWeek day, List<TimeRange> hours, List<TimeRange> breaks) {
    return new WeeklyHours(List.of(new WorkingDay(day, hours, breaks)));
  }

  private static Search search(LocalDate day, int minutes, int buffer) {
    return new Search(
        PARIS,
        day,
        day,
        Duration.ofMinutes(minutes),
        Duration.ofMinutes(buffer),
        LONG_AGO,
        day.plusYears(1));
  }

  private static Instant at(String offsetDateTime) {
    return OffsetDateTime.parse(offsetDateTime).toInstant();
  }

  private static List<Instant> starts(List<Slot> slots) {
    return slots.stream().map(Slot::start).toList();
  }

  private static List<Instant> at(String... offsetDateTimes) {
    return Arrays.stream(offsetDateTimes).map(SlotFinderTest::at).toList();
  }

  private static Interval busy(String from, String to) {
    return new Interval(at(from), at(to));
  }

  private static ScheduleException closed(
      LocalDate first, LocalDate last, TimeRange hours, UUID provider) {
    return new ScheduleException(
        UUID.randomUUID(),
        UUID.randomUUID(),
        Optional.ofNullable(provider),
        first,
        last,
        Optional.ofNullable(hours),
        ScheduleException.Reason.HOLIDAY,
        null);
  }

  @Nested
  @DisplayName("On an ordinary day")
  class OrdinaryDay {

    private final LocalDate tuesday = LocalDate.of(2026, 11, 24);
    private final WeeklyHours week =
        every(
            DayOfWeek.TUESDAY, List.of(range("08:00", "12:00")), List.of(range("10:00", "10:30")));

    @Test
    @DisplayName(
        "Starts are on the 15-minute grid and the service with its buffer fits before the break and the end")
    void hoursMinusBreakWithBuffer() {
      List<Slot> slots =
          SlotFinder.find(
              search(tuesday, 30, 15), List.of(new ProviderTime(ANNA, week, List.of(), List.of())));

      assertThat(starts(slots))
          .containsExactlyElementsOf(
              at(
                  "2026-11-24T08:00+01:00",
                  "2026-11-24T08:15+01:00",
                  "2026-11-24T08:30+01:00",
                  "2026-11-24T08:45+01:00",
                  "2026-11-24T09:00+01:00",
                  "2026-11-24T09:15+01:00",
                  "2026-11-24T10:30+01:00",
                  "2026-11-24T10:45+01:00",
                  "2026-11-24T11:00+01:00",
                  "2026-11-24T11:15+01:00"));
      assertThat(slots).allMatch(s -> s.providerId().equals(ANNA));
    }

    @Test
    @DisplayName(
        "Time claimed by an appointment and its buffer is not offered, and nothing runs into it")
    void existingAppointment() {
      // 08:30-09:15 booked: 30 minutes of service and 15 of buffer.
      var anna =
          new ProviderTime(
              ANNA,
              week,
              List.of(),
              List.of(busy("2026-11-24T08:30+01:00", "2026-11-24T09:15+01:00")));

      List<Slot> slots = SlotFinder.find(search(tuesday, 30, 0), List.of(anna));

      assertThat(starts(slots))
          .containsExactlyElementsOf(
              at(
                  "2026-11-24T08:00+01:00",
                  "2026-11-24T09:15+01:00",
                  "2026-11-24T09:30+01:00",
                  "2026-11-24T10:30+01:00",
                  "2026-11-24T10:45+01:00",
                  "2026-11-24T11:00+01:00",
                  "2026-11-24T11:15+01:00",
                  "2026-11-24T11:30+01:00"));
    }

    @Test
    @DisplayName(
        "A whole-day exception of the clinic closes every provider; a part-day one of a provider only that time")
    void exceptions() {
      var holiday = closed(tuesday, tuesday, null, null);
      var training = closed(tuesday.minusDays(3), tuesday, range("08:00", "09:00"), BEN);

      assertThat(
              SlotFinder.find(
                  search(tuesday, 60, 0),
                  List.of(new ProviderTime(ANNA, week, List.of(holiday), List.of()))))
          .isEmpty();
      assertThat(
              starts(
                  SlotFinder.find(
                      search(tuesday, 60, 0),
                      List.of(new ProviderTime(BEN, week, List.of(training), List.of())))))
          .containsExactlyElementsOf(
              at(
                  "2026-11-24T09:00+01:00",
                  "2026-11-24T10:30+01:00",
                  "2026-11-24T10:45+01:00",
                  "2026-11-24T11:00+01:00"));
    }

    @Test
    @DisplayName(
        "Nothing starts before the earliest start (minimum notice) and, from there, starts are on the grid")
    void minimumNotice() {
      var s =
          new Search(
              PARIS,
              tuesday,
              tuesday,
              Duration.ofMinutes(60),
              Duration.ZERO,
              at("2026-11-24T10:40+01:00"),
              tuesday);

      assertThat(
              starts(
                  SlotFinder.find(s, List.of(new ProviderTime(ANNA, week, List.of(), List.of())))))
          .containsExactlyElementsOf(at("2026-11-24T10:45+01:00", "2026-11-24T11:00+01:00"));
    }

    @Test
    @DisplayName(
        "Days after the horizon and weekdays without hours offer nothing; providers are merged by time")
    void horizonAndSeveralProviders() {
      LocalDate monday = tuesday.minusDays(1);
      var s =
          new Search(
              PARIS,
              monday,
              tuesday.plusDays(7),
              Duration.ofMinutes(60),
              Duration.ZERO,
              LONG_AGO,
              tuesday);
      var ben = every(DayOfWeek.TUESDAY, List.of(range("11:00", "13:00")), List.of());

      List<Slot> slots =
          SlotFinder.find(
              s,
              List.of(
                  new ProviderTime(BEN, ben, List.of(), List.of()),
                  new ProviderTime(ANNA, week, List.of(), List.of())));

      assertThat(slots).extracting(Slot::start).isSorted();
      assertThat(slots).filteredOn(x -> x.providerId().equals(BEN)).hasSize(5);
      assertThat(slots).filteredOn(x -> x.providerId().equals(ANNA)).hasSize(5 + 3);
      assertThat(slots).allMatch(x -> x.start().atZone(PARIS).toLocalDate().equals(tuesday));
      assertThat(slots.get(slots.size() - 1))
          .isEqualTo(new Slot(at("2026-11-24T12:00+01:00"), BEN));
      // At 11:00 both are free: Anna's id sorts first.
      assertThat(slots)
          .containsSubsequence(
              new Slot(at("2026-11-24T11:00+01:00"), ANNA),
              new Slot(at("2026-11-24T11:00+01:00"), BEN));
    }
  }

  @Nested
  @DisplayName("On the day daylight saving time starts (Europe/Paris, 29 March 2026)")
  class SpringForward {

    // An emergency rota through the night, the only hours a change at 02:00 can touch.
    private final WeeklyHours night =
        every(DayOfWeek.SUNDAY, List.of(range("00:00", "06:00")), List.of(range("04:00", "04:30")));

    @Test
    @DisplayName("00:00-06:00 lasts five hours; starts jump from 01:45+01:00 to 03:00+02:00")
    void hoursAcrossTheGap() {
      List<Slot> slots =
          SlotFinder.find(
              search(SPRING_FORWARD, 60, 0),
              List.of(
                  new ProviderTime(
                      ANNA,
                      every(DayOfWeek.SUNDAY, List.of(range("00:00", "06:00")), List.of()),
                      List.of(),
                      List.of())));

      // Five real hours, 60 minutes each: (300 - 60) / 15 + 1 starts.
      assertThat(slots).hasSize(17);
      assertThat(slots.get(0).start()).isEqualTo(at("2026-03-29T00:00+01:00"));
      assertThat(starts(slots))
          .containsSubsequence(at("2026-03-29T01:45+01:00", "2026-03-29T03:00+02:00"));
      assertThat(slots.get(16).start()).isEqualTo(at("2026-03-29T05:00+02:00"));
      assertThat(starts(slots)).allMatch(SlotGrid::isOnGrid);
    }

    @Test
    @DisplayName(
        "Breaks, buffers and existing appointments are taken off in real time across the change")
    void breakBufferAndAppointment() {
      // Booked 01:30+01:00 for 45 minutes (30 + 15 buffer): until 03:15+02:00, across the gap.
      var anna =
          new ProviderTime(
              ANNA,
              night,
              List.of(),
              List.of(busy("2026-03-29T01:30+01:00", "2026-03-29T03:15+02:00")));

      List<Slot> slots = SlotFinder.find(search(SPRING_FORWARD, 30, 15), List.of(anna));

      assertThat(starts(slots))
          .containsExactlyElementsOf(
              at(
                  "2026-03-29T00:00+01:00",
                  "2026-03-29T00:15+01:00",
                  "2026-03-29T00:30+01:00",
                  "2026-03-29T00:45+01:00",
                  // 03:15 to the 04:00 break: 45 minutes fit once
                  "2026-03-29T03:15+02:00",
                  // 04:30 to 06:00
                  "2026-03-29T04:30+02:00",
                  "2026-03-29T04:45+02:00",
                  "2026-03-29T05:00+02:00",
                  "2026-03-29T05:15+02:00"));
    }

    @Test
    @DisplayName("A part-day exception written in skipped local time moves forward with the clock")
    void exceptionInTheGap() {
      // 02:00-03:30 local: 02:00 does not exist and becomes 03:00+02:00, so 03:00-03:30 is closed.
      var anna =
          new ProviderTime(
              ANNA,
              every(DayOfWeek.SUNDAY, List.of(range("01:00", "04:00")), List.of()),
              List.of(closed(SPRING_FORWARD, SPRING_FORWARD, range("02:00", "03:30"), ANNA)),
              List.of());

      assertThat(starts(SlotFinder.find(search(SPRING_FORWARD, 30, 0), List.of(anna))))
          .containsExactlyElementsOf(
              at(
                  "2026-03-29T01:00+01:00",
                  "2026-03-29T01:15+01:00",
                  "2026-03-29T01:30+01:00",
                  "2026-03-29T03:30+02:00"));
    }

    @Test
    @DisplayName("Daytime hours on that day are in summer time")
    void daytime() {
      var anna =
          new ProviderTime(
              ANNA,
              every(DayOfWeek.SUNDAY, List.of(range("09:00", "10:00")), List.of()),
              List.of(),
              List.of());

      assertThat(starts(SlotFinder.find(search(SPRING_FORWARD, 30, 0), List.of(anna))))
          .containsExactlyElementsOf(
              at("2026-03-29T09:00+02:00", "2026-03-29T09:15+02:00", "2026-03-29T09:30+02:00"));
    }
  }

  @Nested
  @DisplayName("On the day daylight saving time ends (Europe/Paris, 25 October 2026)")
  class FallBack {

    @Test
    @DisplayName(
        "00:00-06:00 lasts seven hours and 02:00 to 02:45 are offered twice, with their own offsets")
    void hoursAcrossTheRepeat() {
      List<Slot> slots =
          SlotFinder.find(
              search(FALL_BACK, 60, 0),
              List.of(
                  new ProviderTime(
                      ANNA,
                      every(DayOfWeek.SUNDAY, List.of(range("00:00", "06:00")), List.of()),
                      List.of(),
                      List.of())));

      assertThat(slots).hasSize(25);
      assertThat(starts(slots))
          .containsSubsequence(
              at(
                  "2026-10-25T02:00+02:00",
                  "2026-10-25T02:15+02:00",
                  "2026-10-25T02:30+02:00",
                  "2026-10-25T02:45+02:00",
                  "2026-10-25T02:00+01:00",
                  "2026-10-25T02:15+01:00",
                  "2026-10-25T02:30+01:00",
                  "2026-10-25T02:45+01:00"));
      assertThat(slots.get(24).start()).isEqualTo(at("2026-10-25T05:00+01:00"));
    }

    @Test
    @DisplayName(
        "A break at a repeated local time closes its first occurrence; buffers and appointments count in real time")
    void breakBufferAndAppointmentInTheRepeat() {
      // Break 02:00-02:30 means the first 02:00-02:30 (summer time); booked: 02:00+01:00 to
      // 02:45+01:00.
      var anna =
          new ProviderTime(
              ANNA,
              every(
                  DayOfWeek.SUNDAY,
                  List.of(range("01:30", "03:30")),
                  List.of(range("02:00", "02:30"))),
              List.of(),
              List.of(busy("2026-10-25T02:00+01:00", "2026-10-25T02:45+01:00")));

      List<Slot> slots = SlotFinder.find(search(FALL_BACK, 15, 15), List.of(anna));

      assertThat(starts(slots))
          .containsExactlyElementsOf(
              at(
                  "2026-10-25T01:30+02:00",
                  // the second 02:00 is booked, so the first 02:45 would run into it
                  "2026-10-25T02:30+02:00",
                  "2026-10-25T02:45+01:00",
                  "2026-10-25T03:00+01:00"));
    }

    @Test
    @DisplayName("A whole-day sick day covers all 25 hours of the day")
    void wholeDayException() {
      var anna =
          new ProviderTime(
              ANNA,
              every(DayOfWeek.SUNDAY, List.of(range("00:00", "23:45")), List.of()),
              List.of(closed(FALL_BACK, FALL_BACK, null, ANNA)),
              List.of());

      assertThat(SlotFinder.find(search(FALL_BACK, 15, 0), List.of(anna))).isEmpty();
      assertThat(
              SlotFinder.workingTime(
                  PARIS,
                  FALL_BACK.plusDays(7),
                  every(DayOfWeek.SUNDAY, List.of(range("00:00", "23:45")), List.of()),
                  List.of()))
          .containsExactly(
              new Interval(at("2026-11-01T00:00+01:00"), at("2026-11-01T23:45+01:00")));
    }
  }

  @Test
  @DisplayName("offers() agrees with find() for one start, and refuses starts off the grid")
  void offers() {
    LocalDate tuesday = LocalDate.of(2026, 11, 24);
    var anna =
        new ProviderTime(
            ANNA,
            every(DayOfWeek.TUESDAY, List.of(range("08:00", "09:00")), List.of()),
            List.of(),
            List.of());

    assertThat(SlotFinder.offers(search(tuesday, 30, 0), anna, at("2026-11-24T08:30+01:00")))
        .isTrue();
    assertThat(SlotFinder.offers(search(tuesday, 30, 0), anna, at("2026-11-24T08:45+01:00")))
        .isFalse();
    assertThat(SlotFinder.offers(search(tuesday, 30, 0), anna, at("2026-11-24T08:10+01:00")))
        .isFalse();
  }
}

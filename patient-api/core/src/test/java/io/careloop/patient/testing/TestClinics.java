package io.careloop.patient.testing;

import io.careloop.patient.PatientApi;
import io.careloop.patient.clinic.Clinic;
import io.careloop.patient.clinic.ClinicCatalog;
import io.careloop.patient.clinic.ClinicalService;
import io.careloop.patient.clinic.Provider;
import io.careloop.patient.clinic.TimeRange;
import io.careloop.patient.clinic.WeeklyHours;
import io.careloop.patient.clinic.WorkingDay;
import java.time.DayOfWeek;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Clinics, services and providers set up through patient-api's own catalogue and schedules (no
 * table is written around them). Each clinic gets a fresh name, so tests sharing the keyspace do
 * not see each other's.
 */
public final class TestClinics {

  private final PatientApi api;

  public TestClinics(PatientApi api) {
    this.api = api;
  }

  public Clinic clinic(
      String zone, int bookingNoticeMinutes, int changeNoticeMinutes, int horizonDays) {
    return api.catalog()
        .createClinic(
            new ClinicCatalog.NewClinic(
                "Clinic " + UUID.randomUUID(),
                "1 Main Street",
                zone,
                Optional.of(bookingNoticeMinutes),
                Optional.of(changeNoticeMinutes),
                Optional.of(horizonDays)))
        .await();
  }

  public ClinicalService service(String name, int minutes, int buffer) {
    return api.catalog().createService(name, minutes, buffer).await();
  }

  public Provider provider(String name, Set<ClinicalService> services, Clinic... clinics) {
    return api.catalog()
        .createProvider(
            name,
            "dentist",
            services.stream().map(ClinicalService::id).collect(Collectors.toSet()),
            Stream.of(clinics).map(Clinic::id).collect(Collectors.toSet()))
        .await();
  }

  /** The same hours and breaks every day of the week. */
  public void everyDay(
      Provider provider, Clinic clinic, List<TimeRange> hours, List<TimeRange> breaks) {
    List<WorkingDay> days =
        EnumSet.allOf(DayOfWeek.class).stream()
            .map(day -> new WorkingDay(day, hours, breaks))
            .toList();
    api.schedules().setWeeklyHours(provider.id(), clinic.id(), new WeeklyHours(days)).await();
  }
}

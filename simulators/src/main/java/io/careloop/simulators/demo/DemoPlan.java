package io.careloop.simulators.demo;

import io.careloop.alerts.plan.PlanTemplate;
import io.careloop.simulators.profile.Profile;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The demo chain, worked out before anything is sent: every name, e-mail, external id and visit
 * follows from the seed and a patient's number, so a second run asks for exactly what the first one
 * made (and CareLoop answers "already there").
 */
public record DemoPlan(
    List<ClinicSpec> clinics,
    List<ServiceSpec> services,
    List<StaffSpec> staff,
    List<PatientSpec> patients,
    LocalDate today) {

  public static final String PATIENT_PASSWORD = "demo patient password";
  public static final String STAFF_PASSWORD = "demo staff password";
  public static final String IMPORT_SYSTEM = "practice";
  static final int HISTORY_MONTHS = 18;

  /** A service of the chain; {@code kinds} the providers who offer it. */
  public record ServiceSpec(String name, int minutes, List<String> kinds, BigDecimal price) {}

  /**
   * A provider at one clinic and their weekly hours (the same each weekday, shorter on Saturday).
   */
  public record ProviderSpec(String name, String kind, String weekdayHours, String saturdayHours) {}

  public record ClinicSpec(
      int index, String name, String address, ZoneId zone, List<ProviderSpec> providers) {}

  /** A nurse or coordinator of one clinic. */
  public record StaffSpec(String email, String name, String role, int clinic) {}

  /** A past visit as the practice system has it. */
  public record VisitSpec(
      String visitId,
      LocalDate date,
      String status,
      String service,
      String provider,
      BigDecimal price) {}

  /**
   * A patient: their clinic, the brush they got (or none), how they brush, the care plan their
   * nurse set, their history, and whether they left feedback on an app visit.
   */
  public record PatientSpec(
      int number,
      String externalId,
      String name,
      String email,
      String phone,
      LocalDate birthDate,
      int clinic,
      String deviceId,
      Profile profile,
      PlanTemplate plan,
      List<VisitSpec> visits,
      Feedback feedback) {

    public boolean hasBrush() {
      return deviceId != null;
    }

    /** The plans a nurse set on purpose (the others stay on the standard one). */
    public boolean hasCarePlan() {
      return plan == PlanTemplate.POST_SURGERY || plan == PlanTemplate.PERIODONTAL;
    }
  }

  /** Feedback on a completed app visit. */
  public record Feedback(int rating, String comment) {}

  public static DemoPlan of(int patientCount, long seed, LocalDate today) {
    List<ClinicSpec> clinics = DemoCatalogue.clinics();
    List<PatientSpec> patients = new ArrayList<>();
    for (int n = 1; n <= patientCount; n++) {
      patients.add(patient(n, new Random(seed * 1_000_003L + n), clinics, today));
    }
    return new DemoPlan(
        clinics,
        DemoCatalogue.services(),
        DemoCatalogue.staff(clinics),
        List.copyOf(patients),
        today);
  }

  public ClinicSpec clinicOf(PatientSpec p) {
    return clinics.get(p.clinic());
  }

  private static PatientSpec patient(
      int n, Random random, List<ClinicSpec> clinics, LocalDate today) {
    int clinic = DemoCatalogue.pick(random, new int[] {4, 3, 3});
    String first = DemoCatalogue.FIRST_NAMES.get(random.nextInt(DemoCatalogue.FIRST_NAMES.size()));
    String last = DemoCatalogue.LAST_NAMES.get(random.nextInt(DemoCatalogue.LAST_NAMES.size()));
    PlanTemplate plan =
        DemoCatalogue.PLANS.get(DemoCatalogue.pick(random, new int[] {70, 10, 15, 5}));
    Profile profile = Profile.values()[DemoCatalogue.pick(random, new int[] {5, 2, 2, 1, 1, 1, 1})];
    boolean brush = random.nextInt(100) < 85;
    LocalDate birth = today.minusYears(18 + random.nextInt(62)).minusDays(random.nextInt(365));
    String phone =
        String.format(Locale.ROOT, clinic == 2 ? "+1212555%04d" : "+3361234%04d", n % 10_000);
    Feedback feedback = random.nextInt(100) < 15 ? DemoCatalogue.feedback(random) : null;
    return new PatientSpec(
        n,
        String.format(Locale.ROOT, "DEMO-P%05d", n),
        first + " " + last,
        String.format(Locale.ROOT, "demo.patient%05d@careloop.demo", n),
        phone,
        birth,
        clinic,
        brush ? String.format(Locale.ROOT, "TB-DE%06X", n) : null,
        profile,
        plan,
        DemoHistory.visits(n, random, plan, clinics.get(clinic), today),
        feedback);
  }
}

package io.careloop.simulators.demo;

import io.careloop.alerts.plan.PlanTemplate;
import io.careloop.simulators.demo.DemoPlan.ClinicSpec;
import io.careloop.simulators.demo.DemoPlan.ProviderSpec;
import io.careloop.simulators.demo.DemoPlan.ServiceSpec;
import io.careloop.simulators.demo.DemoPlan.VisitSpec;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Eighteen months of a patient's visits as a practice system keeps them: a check-up and a scale and
 * polish twice a year, periodontal care every three months for periodontal patients, a recent
 * extraction for post-surgery ones, orthodontic reviews; mostly completed, some missed or
 * cancelled.
 */
final class DemoHistory {

  private DemoHistory() {}

  static List<VisitSpec> visits(
      int patient, Random random, PlanTemplate plan, ClinicSpec clinic, LocalDate today) {
    List<VisitSpec> visits = new ArrayList<>();
    LocalDate start = today.minusMonths(DemoPlan.HISTORY_MONTHS);
    for (LocalDate d = start.plusDays(random.nextInt(120));
        d.isBefore(today);
        d = d.plusMonths(6)) {
      add(visits, new Slot(patient, today), random, clinic, d, DemoCatalogue.CHECK_UP);
      add(
          visits,
          new Slot(patient, today),
          random,
          clinic,
          d.plusDays(7 + random.nextInt(14)),
          DemoCatalogue.CLEANING);
    }
    if (plan == PlanTemplate.PERIODONTAL) {
      for (LocalDate d = start.plusDays(random.nextInt(60));
          d.isBefore(today);
          d = d.plusMonths(3)) {
        add(visits, new Slot(patient, today), random, clinic, d, DemoCatalogue.PERIO);
      }
    }
    if (plan == PlanTemplate.POST_SURGERY) {
      visits.add(
          visit(
              patient,
              visits.size(),
              today.minusDays(3 + random.nextInt(10)),
              "completed",
              DemoCatalogue.EXTRACTION,
              clinic));
    }
    if (plan == PlanTemplate.ORTHODONTIC
        && clinic.providers().stream().anyMatch(p -> p.kind().equals("orthodontist"))) {
      for (LocalDate d = start.plusDays(random.nextInt(45));
          d.isBefore(today);
          d = d.plusMonths(2)) {
        add(visits, new Slot(patient, today), random, clinic, d, DemoCatalogue.ORTHO);
      }
    }
    return List.copyOf(visits);
  }

  /** A visit on {@code date} (when it is past): completed 85 %, missed 8 %, cancelled 7 %. */
  private static void add(
      List<VisitSpec> visits,
      Slot who,
      Random random,
      ClinicSpec clinic,
      LocalDate date,
      String service) {
    String status =
        new String[] {"completed", "no_show", "cancelled"}
            [DemoCatalogue.pick(random, new int[] {85, 8, 7})];
    if (date.isBefore(who.today())) {
      visits.add(visit(who.patient(), visits.size(), date, status, service, clinic));
    }
  }

  /** Whose history it is, and the day it ends before. */
  private record Slot(int patient, LocalDate today) {}

  private static VisitSpec visit(
      int patient, int n, LocalDate date, String status, String service, ClinicSpec clinic) {
    ServiceSpec spec =
        DemoCatalogue.services().stream()
            .filter(s -> s.name().equals(service))
            .findFirst()
            .orElseThrow();
    ProviderSpec provider =
        clinic.providers().stream()
            .filter(p -> spec.kinds().contains(p.kind()))
            .findFirst()
            .orElseThrow();
    return new VisitSpec(
        String.format(Locale.ROOT, "DEMO-V%05d-%02d", patient, n),
        date,
        status,
        service,
        provider.name(),
        status.equals("completed") ? spec.price() : null);
  }
}

package io.careloop.simulators.demo;

import io.careloop.alerts.plan.PlanTemplate;
import io.careloop.simulators.demo.DemoPlan.ClinicSpec;
import io.careloop.simulators.demo.DemoPlan.Feedback;
import io.careloop.simulators.demo.DemoPlan.ProviderSpec;
import io.careloop.simulators.demo.DemoPlan.ServiceSpec;
import io.careloop.simulators.demo.DemoPlan.StaffSpec;
import java.math.BigDecimal;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** The demo chain's fixed parts: its clinics, services, people and the words patients use. */
final class DemoCatalogue {

  static final List<PlanTemplate> PLANS =
      List.of(
          PlanTemplate.STANDARD,
          PlanTemplate.POST_SURGERY,
          PlanTemplate.PERIODONTAL,
          PlanTemplate.ORTHODONTIC);
  static final String CHECK_UP = "Check-up";
  static final String CLEANING = "Scale and polish";
  static final String PERIO = "Periodontal treatment";
  static final String EXTRACTION = "Tooth extraction";
  static final String ORTHO = "Orthodontic review";

  static final List<String> FIRST_NAMES =
      List.of(
          "Emma", "Louis", "Chloé", "Hugo", "Léa", "Gabriel", "Manon", "Arthur", "Camille", "Jules",
          "Olivia", "Noah", "Sofia", "Liam", "Ava", "Ethan", "Mia", "Lucas", "Wei", "Mei", "Aiko",
          "Omar", "Fatima", "Ines", "Paul", "Sarah", "David", "Alice", "Tom", "Nina");
  static final List<String> LAST_NAMES =
      List.of(
          "Martin",
          "Bernard",
          "Dubois",
          "Thomas",
          "Robert",
          "Richard",
          "Petit",
          "Durand",
          "Leroy",
          "Moreau",
          "Smith",
          "Johnson",
          "Williams",
          "Brown",
          "Garcia",
          "Miller",
          "Davis",
          "Chen",
          "Wang",
          "Tanaka",
          "Haddad",
          "Rossi",
          "Novak",
          "Kowalski",
          "Silva",
          "Nguyen",
          "Cohen",
          "Murphy");

  private static final List<Feedback> FEEDBACK =
      List.of(
          new Feedback(
              5, "Lovely team, the hygienist explained everything and it did not hurt at all."),
          new Feedback(5, "On time, friendly and my teeth have never felt so clean."),
          new Feedback(
              4, "Good visit. A short wait at the desk but the dentist was very thorough."),
          new Feedback(4, "Happy with the care; the brushing tips from the app helped."),
          new Feedback(
              3, "The treatment was fine but I am not sure I understood the follow-up plan."),
          new Feedback(3, "Not sure the scaling was needed again so soon."),
          new Feedback(2, "Waited forty minutes past my appointment and nobody said why."),
          new Feedback(
              1, "The bill was higher than the quote and my gum still hurts. Very disappointed."));

  private DemoCatalogue() {}

  static List<ServiceSpec> services() {
    return List.of(
        new ServiceSpec(CHECK_UP, 30, List.of("dentist"), new BigDecimal("45.00")),
        new ServiceSpec(CLEANING, 45, List.of("hygienist"), new BigDecimal("80.00")),
        new ServiceSpec(PERIO, 60, List.of("dentist", "hygienist"), new BigDecimal("180.00")),
        new ServiceSpec(EXTRACTION, 60, List.of("dentist"), new BigDecimal("150.00")),
        new ServiceSpec(ORTHO, 30, List.of("orthodontist"), new BigDecimal("60.00")));
  }

  /**
   * Three clinics in two time zones; each has a dentist and a hygienist, the first an orthodontist
   * too.
   */
  static List<ClinicSpec> clinics() {
    return List.of(
        new ClinicSpec(
            0,
            "CareLoop Demo Paris Marais",
            "12 rue des Archives\n75004 Paris",
            ZoneId.of("Europe/Paris"),
            List.of(
                new ProviderSpec("Dr Claire Morel", "dentist", "08:30-18:30", "09:00-13:00"),
                new ProviderSpec(
                    "Julien Faure (hygienist)", "hygienist", "09:00-17:00", "09:00-12:00"),
                new ProviderSpec("Dr Sami Benali", "orthodontist", "10:00-18:00", null))),
        new ClinicSpec(
            1,
            "CareLoop Demo Lyon Bellecour",
            "3 place Bellecour\n69002 Lyon",
            ZoneId.of("Europe/Paris"),
            List.of(
                new ProviderSpec("Dr Hélène Roux", "dentist", "08:00-18:00", "09:00-12:30"),
                new ProviderSpec("Marion Blanc (hygienist)", "hygienist", "08:30-16:30", null))),
        new ClinicSpec(
            2,
            "CareLoop Demo New York Midtown",
            "350 Fifth Avenue\nNew York, NY 10118",
            ZoneId.of("America/New_York"),
            List.of(
                new ProviderSpec("Dr Rachel Stein", "dentist", "08:00-17:00", "09:00-13:00"),
                new ProviderSpec("Kevin Ortiz (hygienist)", "hygienist", "09:00-17:00", null))));
  }

  /** A nurse and a coordinator at each clinic, with e-mails named after it. */
  static List<StaffSpec> staff(List<ClinicSpec> clinics) {
    List<String> towns = List.of("paris", "lyon", "newyork");
    List<StaffSpec> staff = new ArrayList<>();
    for (ClinicSpec c : clinics) {
      String town = towns.get(c.index());
      staff.add(
          new StaffSpec(
              "nurse." + town + "@careloop.demo", "Nurse of " + shortName(c), "nurse", c.index()));
      staff.add(
          new StaffSpec(
              "desk." + town + "@careloop.demo",
              "Front desk of " + shortName(c),
              "coordinator",
              c.index()));
    }
    return staff;
  }

  static Feedback feedback(Random random) {
    return FEEDBACK.get(random.nextInt(FEEDBACK.size()));
  }

  /** An index drawn with the given weights. */
  static int pick(Random random, int[] weights) {
    int total = 0;
    for (int w : weights) {
      total += w;
    }
    int r = random.nextInt(total);
    for (int i = 0; i < weights.length; i++) {
      r -= weights[i];
      if (r < 0) {
        return i;
      }
    }
    return weights.length - 1;
  }

  private static String shortName(ClinicSpec c) {
    return c.name().replace("CareLoop Demo ", "");
  }
}

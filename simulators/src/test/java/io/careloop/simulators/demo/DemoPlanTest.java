package io.careloop.simulators.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.careloop.alerts.plan.PlanTemplate;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DemoPlanTest {

  private static final LocalDate TODAY = LocalDate.of(2026, 12, 6);

  @Test
  void theSameSeedGivesTheSameChain() {
    assertThat(DemoPlan.of(200, 7, TODAY)).isEqualTo(DemoPlan.of(200, 7, TODAY));
    assertThat(DemoPlan.of(200, 7, TODAY).patients())
        .isNotEqualTo(DemoPlan.of(200, 8, TODAY).patients());
  }

  @Test
  void aSmallerChainIsTheStartOfTheLargerOne() {
    assertThat(DemoPlan.of(2000, 7, TODAY).patients().subList(0, 30))
        .isEqualTo(DemoPlan.of(30, 7, TODAY).patients());
  }

  @Test
  void threeClinicsInTwoTimeZones() {
    DemoPlan plan = DemoPlan.of(10, 7, TODAY);
    assertThat(plan.clinics()).hasSize(3);
    assertThat(plan.clinics().stream().map(DemoPlan.ClinicSpec::zone).collect(Collectors.toSet()))
        .hasSize(2);
    assertThat(plan.staff())
        .extracting(DemoPlan.StaffSpec::role)
        .containsOnly("nurse", "coordinator")
        .hasSize(6);
  }

  @Test
  void eighteenMonthsOfPastVisitsWithUniqueIds() {
    List<DemoPlan.VisitSpec> visits =
        DemoPlan.of(2000, 7, TODAY).patients().stream().flatMap(p -> p.visits().stream()).toList();
    assertThat(visits)
        .allSatisfy(
            v -> assertThat(v.date()).isBefore(TODAY).isAfterOrEqualTo(TODAY.minusMonths(18)));
    assertThat(visits.stream().map(DemoPlan.VisitSpec::visitId).collect(Collectors.toSet()))
        .hasSameSizeAs(visits);
    assertThat(visits.stream().map(DemoPlan.VisitSpec::status).collect(Collectors.toSet()))
        .isEqualTo(Set.of("completed", "no_show", "cancelled"));
  }

  @Test
  void mostPatientsHaveABrushAndOnlySurgeryAndGumPatientsACarePlan() {
    List<DemoPlan.PatientSpec> patients = DemoPlan.of(2000, 7, TODAY).patients();
    long brushes = patients.stream().filter(DemoPlan.PatientSpec::hasBrush).count();
    assertThat(brushes).isBetween(1600L, 1800L);
    assertThat(patients.stream().filter(DemoPlan.PatientSpec::hasBrush))
        .allSatisfy(p -> assertThat(p.deviceId()).matches("^TB-[0-9A-F]{8}$"));
    assertThat(
            patients.stream()
                .filter(DemoPlan.PatientSpec::hasCarePlan)
                .map(DemoPlan.PatientSpec::plan)
                .collect(Collectors.toSet()))
        .containsExactlyInAnyOrder(PlanTemplate.POST_SURGERY, PlanTemplate.PERIODONTAL);
  }
}

package io.careloop.patient.clinic;

import static org.assertj.core.api.Assertions.assertThat;

import io.careloop.patient.access.AccessNeeds;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ClinicFacilitiesTest {

  private final ClinicFacilities clinic =
      new ClinicFacilities(
          Set.of("wheelchair", "step-free", "sedation"),
          Set.of("pl"),
          Map.of("wheelchair", 10, "sedation", 30, "hoist", 20));

  @Test
  @DisplayName(
      "Needs the clinic meets fit, with the patient's own minutes plus the clinic's for each need")
  void metNeedsAddTheirTime() {
    var fit = clinic.fit(new AccessNeeds(Set.of("wheelchair", "sedation"), 15, Optional.of("pl")));

    assertThat(fit.met()).isTrue();
    assertThat(fit.extraTime()).isEqualTo(Duration.ofMinutes(15 + 10 + 30));
  }

  @Test
  @DisplayName(
      "A need or an interpreter language the clinic does not offer is named; no needs fit anywhere, with no extra time")
  void unmetNeedsAreNamed() {
    var fit =
        clinic.fit(
            new AccessNeeds(Set.of("hoist", "wheelchair", "quiet-room"), 0, Optional.of("ar")));

    assertThat(fit.met()).isFalse();
    assertThat(fit.unmet()).containsExactly("hoist", "interpreter:ar", "quiet-room");
    assertThat(ClinicFacilities.NONE.fit(AccessNeeds.NONE))
        .isEqualTo(new ClinicFacilities.Fit(Set.of(), Duration.ZERO));
  }

  @Test
  @DisplayName("The categories a change touches are the ones whose value differs")
  void changedCategories() {
    AccessNeeds before = new AccessNeeds(Set.of("wheelchair", "easy-read"), 10, Optional.empty());
    AccessNeeds after =
        new AccessNeeds(Set.of("wheelchair", "sign-language", "sedation"), 10, Optional.empty());

    assertThat(after.categoriesChangedFrom(before)).containsExactly("communication", "sedation");
    assertThat(after.categoriesChangedFrom(after)).isEmpty();
  }
}

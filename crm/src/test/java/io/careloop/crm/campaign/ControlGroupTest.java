package io.careloop.crm.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ControlGroupTest {

  @Test
  @DisplayName("The control group is about the share asked for, and the same patients every time")
  void shareAndStability() {
    UUID campaign = UUID.randomUUID();
    int held = 0;
    int n = 20_000;
    for (int i = 0; i < n; i++) {
      UUID patient = new UUID(i, i * 31L);
      boolean out = ControlGroup.heldOut(campaign, patient, 0.1);
      assertThat(ControlGroup.heldOut(campaign, patient, 0.1)).isEqualTo(out);
      held += out ? 1 : 0;
    }
    assertThat(held / (double) n).isBetween(0.09, 0.11);
  }

  @Test
  @DisplayName("Another campaign draws another control group; share 0 holds no one out")
  void perCampaign() {
    UUID a = UUID.randomUUID();
    UUID b = UUID.randomUUID();
    int differ = 0;
    for (int i = 0; i < 2_000; i++) {
      UUID patient = UUID.randomUUID();
      assertThat(ControlGroup.heldOut(a, patient, 0)).isFalse();
      differ +=
          ControlGroup.heldOut(a, patient, 0.5) != ControlGroup.heldOut(b, patient, 0.5) ? 1 : 0;
    }
    assertThat(differ).isBetween(800, 1200);
  }
}

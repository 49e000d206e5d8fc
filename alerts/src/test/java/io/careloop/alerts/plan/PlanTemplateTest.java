package io.careloop.alerts.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PlanTemplateTest {

  @Test
  @DisplayName("Each refused threshold is named with its own reason; the good ones are not")
  void refusedThresholdsByName() {
    Map<String, Number> overrides = new LinkedHashMap<>();
    overrides.put("maxPressureEvents", 0);
    overrides.put("minDurationSec", 100);
    overrides.put("absenceHours", 1.5);
    overrides.put("maxPlaqueIndex", 2.0);

    Map<String, String> refused = PlanTemplate.POST_SURGERY.refusedThresholds(overrides);

    assertThat(refused.keySet())
        .containsExactly("maxPressureEvents", "absenceHours", "maxPlaqueIndex");
    assertThat(refused.get("maxPressureEvents")).contains("between 1 and 1000, got 0");
    assertThat(refused.get("absenceHours")).contains("whole number");
    assertThat(refused.get("maxPlaqueIndex")).contains("has no threshold 'maxPlaqueIndex'");
  }

  @Test
  @DisplayName("The defaults refuse nothing")
  void defaultsAreFine() {
    for (PlanTemplate template : PlanTemplate.values()) {
      assertThat(template.refusedThresholds(template.defaults())).isEmpty();
    }
  }
}

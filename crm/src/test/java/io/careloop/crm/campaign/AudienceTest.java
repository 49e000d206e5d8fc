package io.careloop.crm.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class AudienceTest {

  private static final UUID CLINIC = UUID.randomUUID();

  private static Audience.Member member(String tier, String stage, Set<String> tags, UUID clinic) {
    return new Audience.Member(
        Optional.ofNullable(tier), Optional.ofNullable(stage), tags, Set.of(clinic));
  }

  @Test
  @DisplayName("Every named dimension must match, any of its values; an unnamed one matches all")
  void everyNamedDimension() {
    Audience audience =
        new Audience(Set.of("strategic", "growth"), Set.of("decline"), Set.of(), Set.of(CLINIC));
    assertThat(audience.matches(member("growth", "decline", Set.of(), CLINIC))).isTrue();
    assertThat(audience.matches(member("maintain", "decline", Set.of(), CLINIC))).isFalse();
    assertThat(audience.matches(member("growth", "maturity", Set.of(), CLINIC))).isFalse();
    assertThat(audience.matches(member("growth", "decline", Set.of(), UUID.randomUUID())))
        .isFalse();
    assertThat(audience.matches(member(null, "decline", Set.of(), CLINIC)))
        .as("no tier yet: not in a tiered audience")
        .isFalse();
  }

  @Test
  @DisplayName("Tags match when the patient has any of them")
  void tags() {
    Audience audience =
        new Audience(Set.of(), Set.of(), Set.of("perio-risk", "sensitive"), Set.of());
    assertThat(audience.matches(member(null, null, Set.of("sensitive", "x"), CLINIC))).isTrue();
    assertThat(audience.matches(member(null, null, Set.of("x"), CLINIC))).isFalse();
    assertThat(new Audience(Set.of(), Set.of(), Set.of(), Set.of()).isEmpty()).isTrue();
  }
}

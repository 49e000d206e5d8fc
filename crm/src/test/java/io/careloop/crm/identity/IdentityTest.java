package io.careloop.crm.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.careloop.platform.http.Problem;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class IdentityTest {

  @Test
  @DisplayName(
      "System names are lower-cased and checked; values trimmed; a phone number is its digits with its +")
  void normalized() {
    assertThat(Identity.of(" Practice ", "  P-1001 "))
        .isEqualTo(new Identity("practice", "P-1001"));
    assertThat(Identity.of("phone", "+86 (138) 0013-8000"))
        .isEqualTo(new Identity("phone", "+8613800138000"));
    assertThat(Identity.parse("miniprogram|o6_bmjrPTlm6_2sgVt7hMZOPfL2M|x"))
        .isEqualTo(new Identity("miniprogram", "o6_bmjrPTlm6_2sgVt7hMZOPfL2M|x"));
  }

  @Test
  @DisplayName("A bad identity is a 400 saying what is wrong")
  void refused() {
    assertThatThrownBy(() -> Identity.of("p", "1"))
        .isInstanceOf(Problem.class)
        .hasMessageContaining("system must be");
    assertThatThrownBy(() -> Identity.of("phone", "abc")).hasMessageContaining("phone number");
    assertThatThrownBy(() -> Identity.of("practice", "x".repeat(129)))
        .hasMessageContaining("1 to 128");
    assertThatThrownBy(() -> Identity.parse("practice-1001")).hasMessageContaining("system|value");
  }
}

package io.careloop.crm.model.tag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.careloop.crm.model.input.InvalidModelInputException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TagRuleParsingTest {

  private static final String AGE =
      "{\"kind\":\"compare\",\"fact\":\"age\",\"op\":\">=\",\"value\":65}";

  private static String ruleSet(String when) {
    return "{\"rules\":[{\"id\":\"senior\",\"tag\":\"senior\",\"family\":\"demographic\",\"when\":"
        + AGE
        + "},"
        + "{\"id\":\"second\",\"tag\":\"second\",\"family\":\"health\",\"when\":{\"kind\":\"all\",\"of\":["
        + AGE
        + ","
        + when
        + "]}}]}";
  }

  private static InvalidModelInputException refused(String json) {
    return catchThrowableOfType(InvalidModelInputException.class, () -> TagRuleSet.parse(json));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "unknown fact | {\"kind\":\"compare\",\"fact\":\"visit.count\",\"op\":\">\",\"value\":1} | /rules/1/when/of/1/fact | unknown fact 'visit.count'",
        "unknown kind | {\"kind\":\"between\",\"fact\":\"age\"} | /rules/1/when/of/1/kind | must be one of compare, known, all, any, not",
        "typo in a parameter | {\"kind\":\"compare\",\"fact\":\"visits.count\",\"windw\":\"P1Y\",\"op\":\">\",\"value\":1} | /rules/1/when/of/1/windw | unknown member 'windw'",
        "parameter the fact does not take | {\"kind\":\"compare\",\"fact\":\"age\",\"window\":\"P1Y\",\"op\":\">\",\"value\":1} | /rules/1/when/of/1/window | unknown member 'window'",
        "bad period | {\"kind\":\"compare\",\"fact\":\"visits.count\",\"window\":\"1 year\",\"op\":\">\",\"value\":1} | /rules/1/when/of/1/window | ISO-8601 period",
        "bad status | {\"kind\":\"compare\",\"fact\":\"visits.count\",\"status\":\"missed\",\"op\":\">\",\"value\":1} | /rules/1/when/of/1/status | must be one of booked, completed, no_show, cancelled",
        "unknown operator | {\"kind\":\"compare\",\"fact\":\"age\",\"op\":\"=>\",\"value\":1} | /rules/1/when/of/1/op | must be one of <",
        "operator for another type | {\"kind\":\"compare\",\"fact\":\"region\",\"op\":\">\",\"value\":\"a\"} | /rules/1/when/of/1/op | '>' does not apply to region, a text fact",
        "text for a number | {\"kind\":\"compare\",\"fact\":\"age\",\"op\":\">\",\"value\":\"old\"} | /rules/1/when/of/1/value | must be a number, got string \"old\"",
        "value and to | {\"kind\":\"compare\",\"fact\":\"age\",\"op\":\">\",\"value\":1,\"to\":{\"fact\":\"age\"}} | /rules/1/when/of/1 | either a constant 'value' or another fact 'to'",
        "neither value nor to | {\"kind\":\"compare\",\"fact\":\"age\",\"op\":\">\"} | /rules/1/when/of/1 | either a constant 'value' or another fact 'to'",
        "text fact against a fact | {\"kind\":\"compare\",\"fact\":\"age\",\"op\":\">\",\"to\":{\"fact\":\"region\"}} | /rules/1/when/of/1/to | only number facts",
        "unknown fact in to | {\"kind\":\"compare\",\"fact\":\"age\",\"op\":\">\",\"to\":{\"fact\":\"nope\"}} | /rules/1/when/of/1/to/fact | unknown fact 'nope'",
        "empty list | {\"kind\":\"any\",\"of\":[]} | /rules/1/when/of/1/of | needs at least one condition",
        "not without of | {\"kind\":\"not\"} | /rules/1/when/of/1/of | is required",
        "condition not an object | 42 | /rules/1/when/of/1 | must be a JSON object",
        "empty in | {\"kind\":\"compare\",\"fact\":\"region\",\"op\":\"in\",\"value\":[]} | /rules/1/when/of/1/value | at least one string"
      })
  @DisplayName("A rule that does not parse is refused with its place")
  void refusedWithPlace(String why, String condition, String pointer, String reason) {
    InvalidModelInputException e = refused(ruleSet(condition));

    assertThat(e).as(why).isNotNull();
    assertThat(e.pointer()).as(why).isEqualTo(pointer);
    assertThat(e.reason()).as(why).contains(reason);
    assertThat(e.getMessage()).startsWith("at " + pointer + ": ");
  }

  @Test
  @DisplayName("Errors in the rule itself name the member")
  void ruleMembers() {
    assertThat(
            refused(
                    "{\"rules\":[{\"id\":\"Bad Id\",\"tag\":\"t\",\"family\":\"health\",\"when\":"
                        + AGE
                        + "}]}")
                .pointer())
        .isEqualTo("/rules/0/id");
    assertThat(
            refused(
                    "{\"rules\":[{\"id\":\"a\",\"tag\":\"t\",\"family\":\"money\",\"when\":"
                        + AGE
                        + "}]}")
                .reason())
        .contains("demographic, health, consumption, channel, social");
    assertThat(
            refused("{\"rules\":[{\"id\":\"a\",\"tag\":\"t\",\"family\":\"health\"}]}").pointer())
        .isEqualTo("/rules/0/when");
    assertThat(
            refused(
                    "{\"rules\":[{\"id\":\"a\",\"tag\":\"t\",\"family\":\"health\",\"when\":"
                        + AGE
                        + "},"
                        + "{\"id\":\"a\",\"tag\":\"u\",\"family\":\"health\",\"when\":"
                        + AGE
                        + "}]}")
                .pointer())
        .isEqualTo("/rules/1/id");
    assertThat(refused("{\"rules\":{}}").pointer()).isEqualTo("/rules");
    assertThat(refused("{\"rule\":[]}").pointer()).isEqualTo("/rule");
  }

  @Test
  @DisplayName("A member name with a slash is escaped in the pointer (RFC 6901)")
  void pointerEscaping() {
    InvalidModelInputException e =
        refused(ruleSet("{\"kind\":\"compare\",\"fact\":\"age\",\"a/b~c\":1}"));

    assertThat(e.pointer()).isEqualTo("/rules/1/when/of/1/a~1b~0c");
  }

  @Test
  @DisplayName("Text that is not JSON is refused at the root with its line and column")
  void notJson() {
    InvalidModelInputException e = refused("{\"rules\": [\n  {\"id\": }\n]}");

    assertThat(e.pointer()).isEmpty();
    assertThat(e.reason()).contains("line 2");
    assertThatThrownBy(() -> TagRuleSet.parse(" ")).isInstanceOf(InvalidModelInputException.class);
  }

  @Test
  @DisplayName("Nesting beyond the limit is refused rather than judged")
  void depthLimit() {
    String deep = AGE;
    for (int i = 0; i < ConditionParser.MAX_DEPTH; i++) {
      deep = "{\"kind\":\"not\",\"of\":" + deep + "}";
    }

    assertThat(refused(ruleSet(deep)).reason()).contains("nest deeper than");
  }
}

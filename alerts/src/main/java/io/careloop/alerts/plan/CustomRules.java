package io.careloop.alerts.plan;

import io.careloop.alerts.rule.Condition;
import io.careloop.alerts.rule.Rule;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The rules a nurse adds to a plan's template for one patient, written as the stored rules are
 * ({@code {id, title, severity, when}}). Bounded, so that a plan stays cheap to judge on every
 * stored session: a few rules, each of a few conditions.
 */
public final class CustomRules {

  public static final int MAX_RULES = 10;

  /** Conditions in one rule, {@code all} and {@code any} included. */
  public static final int MAX_CONDITIONS = 8;

  private CustomRules() {}

  /**
   * Reads the rules of a request ({@code null}: none); fails with a message naming the rule and
   * what is wrong with it. A rule may not take the id of one of the template's.
   */
  public static List<Rule> read(Object json, List<Rule> templateRules) {
    if (json == null) {
      return List.of();
    }
    if (!(json instanceof JsonArray array)) {
      throw new IllegalArgumentException(
          "customRules must be an array of rules {id, title, severity, when}");
    }
    if (array.size() > MAX_RULES) {
      throw new IllegalArgumentException(
          "at most " + MAX_RULES + " customRules, got " + array.size());
    }
    Set<String> ids = new HashSet<>(templateRules.stream().map(Rule::id).toList());
    List<Rule> rules = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      String where = "customRules[" + i + "]: ";
      if (!(array.getValue(i) instanceof JsonObject object)) {
        throw new IllegalArgumentException(
            where + "a rule must be a JSON object {id, title, severity, when}");
      }
      Rule rule;
      try {
        rule = Rule.fromJson(object);
      } catch (IllegalArgumentException | ClassCastException e) {
        throw new IllegalArgumentException(where + e.getMessage(), e);
      }
      if (!ids.add(rule.id())) {
        throw new IllegalArgumentException(
            where + "the plan already has a rule '" + rule.id() + "'");
      }
      int size = size(rule.when());
      if (size > MAX_CONDITIONS) {
        throw new IllegalArgumentException(
            where + "at most " + MAX_CONDITIONS + " conditions in a rule, got " + size);
      }
      rules.add(rule);
    }
    return rules;
  }

  /** How many conditions make this one, itself included. */
  static int size(Condition c) {
    List<Condition> of =
        c instanceof Condition.All all
            ? all.of()
            : c instanceof Condition.Any any ? any.of() : List.of();
    return 1 + of.stream().mapToInt(CustomRules::size).sum();
  }
}

package io.careloop.alerts.rule;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One rule of a care plan: when its condition holds, the patient's alert for this rule opens. The
 * id is stable within the plan (one open alert per patient and rule id).
 */
public record Rule(String id, String title, Severity severity, Condition when) {

  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

  public Rule {
    if (id == null || !ID.matcher(id).matches()) {
      throw new IllegalArgumentException(
          "a rule id is 1 to 64 of a-z, 0-9, _ and -, got '" + id + "'");
    }
    if (title == null || title.isBlank() || title.length() > 200) {
      throw new IllegalArgumentException("rule " + id + " needs a title of 1 to 200 characters");
    }
    if (severity == null || when == null) {
      throw new IllegalArgumentException("rule " + id + " needs a severity and a condition");
    }
  }

  public Optional<Breach> test(Evidence evidence) {
    return when.test(evidence);
  }

  /** See {@link Condition#changesAt}. */
  public Instant changesAt(Evidence evidence) {
    return when.changesAt(evidence);
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id)
        .put("title", title)
        .put("severity", severity.json())
        .put("when", when.toJson());
  }

  public static Rule fromJson(JsonObject json) {
    return new Rule(
        json.getString("id"),
        json.getString("title"),
        Severity.fromJson(json.getString("severity")),
        Condition.fromJson(json.getJsonObject("when")));
  }
}

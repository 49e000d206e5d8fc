package io.careloop.patient.access;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What a patient needs to be seen: the needs a clinic must meet (by their facility names), extra
 * minutes for the appointment, and an interpreter's language. The API groups them in categories
 * (mobility, extra time, sedation, sensory, communication, behavioural support); who set what is
 * kept per category.
 *
 * @param needs the facility names a clinic must meet ({@link #MOBILITY}, {@link #SENSORY}, {@link
 *     #COMMUNICATION}, sedation, behavioural-support)
 * @param interpreterLanguage a BCP 47 tag, when the patient needs an interpreter
 */
public record AccessNeeds(
    Set<String> needs, int extraMinutes, Optional<String> interpreterLanguage) {

  public static final List<String> MOBILITY = List.of("wheelchair", "hoist", "step-free");
  public static final List<String> SENSORY = List.of("quiet-room", "low-light");
  public static final List<String> COMMUNICATION = List.of("sign-language", "easy-read");
  public static final String SEDATION = "sedation";
  public static final String BEHAVIOURAL_SUPPORT = "behavioural-support";

  /** The API's categories, each set as a whole: who set a category is kept. */
  public static final List<String> CATEGORIES =
      List.of(
          "mobility", "extraMinutes", "sedation", "sensory", "communication", "behaviouralSupport");

  public static final AccessNeeds NONE = new AccessNeeds(Set.of(), 0, Optional.empty());

  public AccessNeeds {
    needs = Set.copyOf(needs);
  }

  public Duration extraTime() {
    return Duration.ofMinutes(extraMinutes);
  }

  public boolean any() {
    return !needs.isEmpty() || extraMinutes > 0 || interpreterLanguage.isPresent();
  }

  /** From the API's shape (validated by the OpenAPI document: known names only). */
  public static AccessNeeds fromJson(JsonObject json) {
    Set<String> needs = new TreeSet<>();
    json.getJsonArray("mobility", new JsonArray()).forEach(n -> needs.add((String) n));
    json.getJsonArray("sensory", new JsonArray()).forEach(n -> needs.add((String) n));
    JsonObject communication = json.getJsonObject("communication", new JsonObject());
    if (communication.getBoolean("signLanguage", false)) {
      needs.add("sign-language");
    }
    if (communication.getBoolean("easyRead", false)) {
      needs.add("easy-read");
    }
    if (json.getBoolean("sedation", false)) {
      needs.add(SEDATION);
    }
    if (json.getBoolean("behaviouralSupport", false)) {
      needs.add(BEHAVIOURAL_SUPPORT);
    }
    return new AccessNeeds(
        needs,
        json.getInteger("extraMinutes", 0),
        Optional.ofNullable(communication.getString("interpreterLanguage")));
  }

  public JsonObject toJson() {
    JsonObject communication =
        new JsonObject()
            .put("signLanguage", needs.contains("sign-language"))
            .put("easyRead", needs.contains("easy-read"));
    interpreterLanguage.ifPresent(language -> communication.put("interpreterLanguage", language));
    return new JsonObject()
        .put("mobility", new JsonArray(MOBILITY.stream().filter(needs::contains).toList()))
        .put("extraMinutes", extraMinutes)
        .put("sedation", needs.contains(SEDATION))
        .put("sensory", new JsonArray(SENSORY.stream().filter(needs::contains).toList()))
        .put("communication", communication)
        .put("behaviouralSupport", needs.contains(BEHAVIOURAL_SUPPORT));
  }

  /** The categories whose value differs from {@code before}'s. */
  public Set<String> categoriesChangedFrom(AccessNeeds before) {
    JsonObject now = toJson();
    JsonObject then = before.toJson();
    return CATEGORIES.stream()
        .filter(category -> !now.getValue(category).equals(then.getValue(category)))
        .collect(Collectors.toCollection(TreeSet::new));
  }
}

package io.careloop.patient.clinic;

import io.careloop.patient.access.AccessNeeds;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a clinic can meet of patients' access needs (by the needs' names), the interpreter languages
 * it offers, and the minutes each need adds to an appointment there (a hoist transfer, a sedation's
 * recovery).
 */
public record ClinicFacilities(
    Set<String> meets, Set<String> interpreterLanguages, Map<String, Integer> extraMinutes) {

  public static final ClinicFacilities NONE = new ClinicFacilities(Set.of(), Set.of(), Map.of());

  public ClinicFacilities {
    meets = Set.copyOf(meets);
    interpreterLanguages = Set.copyOf(interpreterLanguages);
    extraMinutes = Map.copyOf(extraMinutes);
  }

  /**
   * How a patient's needs fit here: what is not met, and the time the appointment takes beyond the
   * service's.
   */
  public record Fit(Set<String> unmet, Duration extraTime) {

    public boolean met() {
      return unmet.isEmpty();
    }
  }

  public Fit fit(AccessNeeds needs) {
    Set<String> unmet = new TreeSet<>(needs.needs());
    unmet.removeAll(meets);
    needs
        .interpreterLanguage()
        .filter(language -> !interpreterLanguages.contains(language))
        .ifPresent(language -> unmet.add("interpreter:" + language));
    int minutes =
        needs.extraMinutes()
            + needs.needs().stream().mapToInt(n -> extraMinutes.getOrDefault(n, 0)).sum();
    return new Fit(unmet, Duration.ofMinutes(minutes));
  }

  public static ClinicFacilities fromJson(JsonObject json) {
    Set<String> meets = new TreeSet<>();
    json.getJsonArray("meets", new JsonArray()).forEach(n -> meets.add((String) n));
    Set<String> languages = new TreeSet<>();
    json.getJsonArray("interpreterLanguages", new JsonArray())
        .forEach(l -> languages.add((String) l));
    Map<String, Integer> minutes = new TreeMap<>();
    json.getJsonObject("extraMinutes", new JsonObject())
        .forEach(e -> minutes.put(e.getKey(), (Integer) e.getValue()));
    return new ClinicFacilities(meets, languages, minutes);
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("meets", new JsonArray(List.copyOf(new TreeSet<>(meets))))
        .put(
            "interpreterLanguages", new JsonArray(List.copyOf(new TreeSet<>(interpreterLanguages))))
        .put("extraMinutes", new JsonObject(new TreeMap<String, Object>(extraMinutes)));
  }
}

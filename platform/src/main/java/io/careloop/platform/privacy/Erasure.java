package io.careloop.platform.privacy;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a module's erasure did: rows deleted and rows kept under the pseudonym, counted by table.
 * Counts only, never ids: it is logged.
 */
public record Erasure(
    String module, Map<String, Integer> deleted, Map<String, Integer> pseudonymized) {

  public Erasure {
    deleted = Map.copyOf(deleted);
    pseudonymized = Map.copyOf(pseudonymized);
  }

  /** Counts rows as the steps of one module's erasure go. */
  public static Tally tally(String module) {
    return new Tally(module);
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("module", module)
        .put("deleted", new JsonObject(new TreeMap<>(deleted)))
        .put("pseudonymized", new JsonObject(new TreeMap<>(pseudonymized)));
  }

  public static Erasure fromJson(JsonObject json) {
    return new Erasure(
        json.getString("module"),
        counts(json.getJsonObject("deleted")),
        counts(json.getJsonObject("pseudonymized")));
  }

  private static Map<String, Integer> counts(JsonObject json) {
    Map<String, Integer> counts = new TreeMap<>();
    json.forEach(e -> counts.put(e.getKey(), ((Number) e.getValue()).intValue()));
    return counts;
  }

  /** The counts of an erasure under way; steps may finish on any thread. */
  public static final class Tally {

    private final String module;
    private final Map<String, Integer> deleted = new TreeMap<>();
    private final Map<String, Integer> pseudonymized = new TreeMap<>();

    private Tally(String module) {
      this.module = module;
    }

    public synchronized Tally deleted(String table, int rows) {
      deleted.merge(table, rows, Integer::sum);
      return this;
    }

    public synchronized Tally pseudonymized(String table, int rows) {
      pseudonymized.merge(table, rows, Integer::sum);
      return this;
    }

    public synchronized Erasure done() {
      return new Erasure(module, deleted, pseudonymized);
    }
  }
}

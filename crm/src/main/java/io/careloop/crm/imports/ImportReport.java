package io.careloop.crm.imports;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * What an import did: lines read (blank lines are not counted, but numbered), lines that changed
 * something, lines already stored as they say, and the lines refused with their number and reason
 * (the first {@link #LISTED}; {@code refusedCount} counts them all).
 */
public final class ImportReport {

  static final int LISTED = 1000;

  private long lines;
  private long stored;
  private long unchanged;
  private long refusedCount;
  private final List<JsonObject> refused = new ArrayList<>();

  synchronized void stored(boolean changed) {
    lines++;
    if (changed) {
      stored++;
    } else {
      unchanged++;
    }
  }

  synchronized void refused(long line, String reason) {
    lines++;
    refusedCount++;
    if (refused.size() < LISTED) {
      refused.add(new JsonObject().put("line", line).put("reason", reason));
    }
  }

  public synchronized long lines() {
    return lines;
  }

  public synchronized long stored() {
    return stored;
  }

  public synchronized long unchanged() {
    return unchanged;
  }

  public synchronized long refusedCount() {
    return refusedCount;
  }

  public synchronized JsonObject toJson() {
    List<JsonObject> sorted =
        refused.stream()
            .sorted((a, b) -> Long.compare(a.getLong("line"), b.getLong("line")))
            .toList();
    return new JsonObject()
        .put("lines", lines)
        .put("stored", stored)
        .put("unchanged", unchanged)
        .put("refused", new JsonArray(sorted))
        .put("refusedCount", refusedCount);
  }
}

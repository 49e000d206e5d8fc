package io.careloop.patient.access;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.careloop.platform.cassandra.Cql;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Stores {@link AccessNeeds} and who set each category in access_needs_by_patient. */
public final class AccessNeedsRepository {

  /** A patient's needs and, per category, who set it last. */
  public record Stored(AccessNeeds needs, Map<String, SetBy> setBy) {

    public static final Stored NONE = new Stored(AccessNeeds.NONE, Map.of());

    public JsonObject toJson() {
      JsonObject by = new JsonObject();
      setBy.forEach((category, who) -> by.put(category, who.toJson()));
      return needs.toJson().put("setBy", by);
    }
  }

  private final Cql cql;
  private final PreparedStatement select;
  private final PreparedStatement upsert;
  private final PreparedStatement delete;

  /** Prepares its statements: construct it on a worker thread. */
  public AccessNeedsRepository(CqlSession session) {
    this.cql = new Cql(session);
    select =
        session.prepare(
            "SELECT needs, extra_minutes, interpreter_language, set_by, set_at"
                + " FROM access_needs_by_patient WHERE patient_id = ?");
    // The provenance maps are merged into: only the categories this change set are written.
    upsert =
        session.prepare(
            "UPDATE access_needs_by_patient SET needs = ?, extra_minutes = ?,"
                + " interpreter_language = ?, set_by = set_by + ?, set_at = set_at + ? WHERE patient_id = ?");
    delete = session.prepare("DELETE FROM access_needs_by_patient WHERE patient_id = ?");
  }

  public Future<Stored> of(UUID patientId) {
    return cql.one(select.bind(patientId))
        .map(row -> row.map(AccessNeedsRepository::read).orElse(Stored.NONE));
  }

  /** Saves the needs, with {@code by} as the setter of {@code categories}. */
  public Future<Void> save(
      UUID patientId, AccessNeeds needs, Iterable<String> categories, SetBy by) {
    Map<String, String> setBy = new HashMap<>();
    Map<String, Instant> setAt = new HashMap<>();
    categories.forEach(
        category -> {
          setBy.put(category, by.role() + ":" + by.accountId());
          setAt.put(category, by.at());
        });
    return cql.run(
        upsert.bind(
            needs.needs(),
            needs.extraMinutes(),
            needs.interpreterLanguage().orElse(null),
            setBy,
            setAt,
            patientId));
  }

  /** An erasure: the row goes. */
  public Future<Void> delete(UUID patientId) {
    return cql.run(delete.bind(patientId));
  }

  private static Stored read(Row row) {
    AccessNeeds needs =
        new AccessNeeds(
            row.getSet("needs", String.class),
            row.getInt("extra_minutes"),
            Optional.ofNullable(row.getString("interpreter_language")));
    Map<String, Instant> at = row.getMap("set_at", String.class, Instant.class);
    Map<String, SetBy> setBy = new HashMap<>();
    row.getMap("set_by", String.class, String.class)
        .forEach(
            (category, who) -> {
              int colon = who.indexOf(':');
              setBy.put(
                  category,
                  new SetBy(
                      who.substring(0, colon),
                      UUID.fromString(who.substring(colon + 1)),
                      at.get(category)));
            });
    return new Stored(needs, setBy);
  }
}

package io.careloop.crm.models;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.careloop.platform.cassandra.Cql;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** crm_models: the tag rules and the fitted models every instance judges with. */
public final class ModelRepository {

  public static final String TAG_RULES = "tag-rules";
  public static final String TIERS = "tiers";
  public static final String CHURN = "churn";

  /** A stored model: its body as its own parser reads it, and the report of its fit. */
  public record Stored(
      String name, String body, JsonObject report, Instant updatedAt, Optional<UUID> updatedBy) {}

  private final Cql cql;
  private final PreparedStatement insert;
  private final PreparedStatement select;

  /** Prepares its statements: construct it on a worker thread. */
  public ModelRepository(CqlSession session) {
    this.cql = new Cql(session);
    insert =
        session.prepare(
            "INSERT INTO crm_models (name, body, report, updated_at, updated_by) VALUES (?, ?, ?, ?, ?)");
    select =
        session.prepare(
            "SELECT name, body, report, updated_at, updated_by FROM crm_models WHERE name = ?");
  }

  public Future<Void> save(Stored model) {
    return cql.run(
        Cql.unsetNulls(
            insert.bind(
                model.name(),
                model.body(),
                model.report().encode(),
                model.updatedAt(),
                model.updatedBy().orElse(null))));
  }

  public Future<Optional<Stored>> find(String name) {
    return cql.one(select.bind(name)).map(row -> row.map(ModelRepository::stored));
  }

  private static Stored stored(Row r) {
    return new Stored(
        r.getString("name"),
        r.getString("body"),
        r.getString("report") == null ? new JsonObject() : new JsonObject(r.getString("report")),
        r.getInstant("updated_at"),
        Optional.ofNullable(r.getUuid("updated_by")));
  }
}

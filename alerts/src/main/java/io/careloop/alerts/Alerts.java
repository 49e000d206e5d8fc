package io.careloop.alerts;

import com.datastax.oss.driver.api.core.CqlSession;
import io.careloop.platform.bus.Addresses;
import io.careloop.platform.cassandra.SchemaMigrator;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alerts module, assembled. So far it follows every stored session into its own activity
 * table; care plans, rules and alerts grow on this (issue 4).
 */
public final class Alerts {

  public static final String MODULE = "alerts";
  private static final Logger log = LoggerFactory.getLogger(Alerts.class);

  private final SessionActivity activity;

  private Alerts(SessionActivity activity) {
    this.activity = activity;
  }

  public static Future<Alerts> create(Vertx vertx, CqlSession session) {
    return new SchemaMigrator(session).migrate(vertx, MODULE)
        .compose(applied -> vertx.executeBlocking(() -> new Alerts(new SessionActivity(session))));
  }

  /** Follows stored sessions. An event lost here is made good by the sweep that rules will add. */
  public Future<Void> startConsumer(Vertx vertx) {
    return vertx.eventBus().<JsonObject>consumer(Addresses.SESSION_STORED, msg -> {
      JsonObject event = msg.body();
      String patient = event.getString("patientId");
      if (patient == null) {
        return; // a brush nobody owns yet: nothing to follow up
      }
      activity.record(new SessionActivity.LastSession(UUID.fromString(patient), Instant.parse(event.getString("placedAt")),
              event.getString("deviceId"), event.getLong("sessionId")))
          .onFailure(err -> log.warn("Could not record a session of patient {}: {}", patient, err.toString()));
    }).completion();
  }

  public SessionActivity activity() {
    return activity;
  }
}

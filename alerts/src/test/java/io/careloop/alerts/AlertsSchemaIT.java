package io.careloop.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import io.careloop.platform.cassandra.SchemaMigrator;
import io.careloop.platform.testing.TestCassandra;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class AlertsSchemaIT {

  @Test
  @DisplayName(
      "The alerts migrations keep only tables alerts uses: the stale last-session copy is dropped")
  void noStaleTables() {
    CqlSession session = TestCassandra.get().session();
    Vertx vertx = Vertx.vertx();
    try {
      new SchemaMigrator(session).migrate(vertx, Alerts.MODULE).await();
    } finally {
      vertx.close().await();
    }

    String keyspace = session.getKeyspace().orElseThrow().asInternal();
    List<String> tables = new ArrayList<>();
    session
        .execute("SELECT table_name FROM system_schema.tables WHERE keyspace_name = ?", keyspace)
        .forEach(row -> tables.add(row.getString("table_name")));
    assertThat(tables)
        .contains("care_plan_by_patient", "sweep_lease_by_shard")
        .doesNotContain("last_session_by_patient");
  }
}

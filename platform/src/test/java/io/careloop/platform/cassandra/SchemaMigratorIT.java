package io.careloop.platform.cassandra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.careloop.platform.testing.TestCassandra;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SchemaMigratorIT {

  private static final AtomicInteger keyspaces = new AtomicInteger();
  private static CqlSession admin;

  @BeforeAll
  static void connect() {
    admin = TestCassandra.get().session();
  }

  @AfterAll
  static void dropKeyspaces() {
    for (int i = 1; i <= keyspaces.get(); i++) {
      admin.execute("DROP KEYSPACE IF EXISTS migrator_" + i);
    }
  }

  private static CqlSession freshKeyspace() {
    String keyspace = "migrator_" + keyspaces.incrementAndGet();
    return CassandraConnector.connect(TestCassandra.get().config().withKeyspace(keyspace));
  }

  @Test
  @DisplayName(
      "Applying the migrations twice leaves the schema and the record as they were; the driver"
          + " knows the tables after the first")
  void secondRunChangesNothing() {
    try (CqlSession session = freshKeyspace()) {
      SchemaMigrator migrator = new SchemaMigrator(session);

      List<String> first = migrator.migrate("migrator-test");
      List<String> schemaAfterFirst = schema(session);
      List<String> recordAfterFirst = record(session);

      List<String> second = migrator.migrate("migrator-test");

      assertThat(first).containsExactly("001_notes.cql", "002_tags.cql");
      assertThat(second).isEmpty();
      assertThat(schema(session)).isEqualTo(schemaAfterFirst);
      assertThat(record(session)).isEqualTo(recordAfterFirst);
      assertThat(schemaAfterFirst)
          .contains("notes_by_patient.tags set<text>", "note_counts.total counter");
      // The driver's metadata, off while the statements ran, was read again once they were done.
      assertThat(
              session
                  .getMetadata()
                  .getKeyspace(session.getKeyspace().orElseThrow())
                  .orElseThrow()
                  .getTable("note_counts"))
          .isPresent();
    }
  }

  @Test
  @DisplayName("A file edited after it was applied stops the migration instead of drifting")
  void editedFileIsRefused() {
    try (CqlSession session = freshKeyspace()) {
      SchemaMigrator migrator = new SchemaMigrator(session);
      migrator.migrate("migrator-test");
      session.execute(
          "UPDATE schema_migrations SET checksum = 'edited' WHERE module = 'migrator-test' AND version = 1");
      List<String> schemaBefore = schema(session);

      assertThatThrownBy(() -> migrator.migrate("migrator-test"))
          .hasMessageContaining("001_notes.cql was changed after it was applied");
      assertThat(schema(session)).isEqualTo(schemaBefore);
      assertThat(session.execute("SELECT owner FROM schema_lock WHERE name = 'migrations'").one())
          .isNull();
    }
  }

  @Test
  @DisplayName("The migration lease is released after a run, so the next instance can migrate")
  void leaseIsReleased() {
    try (CqlSession session = freshKeyspace()) {
      new SchemaMigrator(session).migrate("migrator-test");
      assertThat(session.execute("SELECT owner FROM schema_lock WHERE name = 'migrations'").one())
          .isNull();
    }
  }

  private static List<String> schema(CqlSession session) {
    return session
        .execute(
            SimpleStatement.newInstance(
                "SELECT table_name, column_name, type FROM system_schema.columns WHERE keyspace_name = ?",
                session.getKeyspace().orElseThrow().asInternal()))
        .all()
        .stream()
        .map(
            r ->
                r.getString("table_name")
                    + "."
                    + r.getString("column_name")
                    + " "
                    + r.getString("type"))
        .sorted()
        .toList();
  }

  private static List<String> record(CqlSession session) {
    return session
        .execute("SELECT module, version, name, checksum, applied_at FROM schema_migrations")
        .all()
        .stream()
        .map(
            r ->
                r.getString("module")
                    + "/"
                    + r.getInt("version")
                    + "/"
                    + r.getString("name")
                    + "/"
                    + r.getString("checksum")
                    + "/"
                    + r.getInstant("applied_at"))
        .sorted()
        .toList();
  }
}

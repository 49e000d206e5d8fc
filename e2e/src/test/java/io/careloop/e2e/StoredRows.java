package io.careloop.e2e;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.data.GettableByIndex;
import io.careloop.platform.testing.TestCassandra;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What every table of the tests' keyspace holds, read straight from Cassandra: the proof that a
 * refused request stored and changed nothing, whichever module's tables it could have reached. A
 * table added later is included without a change here.
 */
final class StoredRows {

  /**
   * Tables that change on their own while a test runs (sweeps, leases, the push dispatcher, the
   * reminder scheduler, ingest, rows that expire by TTL): comparing them would fail on timing, not
   * on a refused request. No request a test refuses writes to them alone.
   */
  private static final Set<String> CHANGING_ON_THEIR_OWN =
      Set.of(
          "sweep_lease_by_shard",
          "escalations_by_shard",
          "alerts",
          "open_alert_by_patient_rule",
          "resolved_rule_by_patient",
          "unresolved_alerts_by_clinic",
          "resolved_alerts_by_clinic_month",
          "last_session_by_patient",
          "device_status",
          "sessions_by_device",
          "sessions_by_patient",
          "unattributed_sessions_by_device",
          "dead_letters_by_hour",
          "dead_letters_by_day",
          "pairing_codes",
          "reminder_sweep_lease_by_shard",
          "reminders_by_key",
          "reminders_by_due_hour",
          "reminders_by_subject",
          "reminder_sweeps_by_shard",
          "reminder_plans_by_appointment",
          "brushing_patients_by_shard",
          "push_deliveries_by_notification",
          "push_outbox_by_due_minute",
          "push_shard_leases_by_shard",
          "push_dispatchers_by_group",
          "push_tokens_by_account",
          "push_token_owners_by_token",
          "inbox_by_recipient_month",
          "inbox_months_by_recipient",
          "notifications_by_dedup_key",
          "schema_lock",
          "reminders_by_patient",
          "alerts_by_patient",
          "dedup_keys_by_recipient",
          "pairing_codes_by_patient");

  private StoredRows() {}

  /** Each compared table's rows, as text, sorted. */
  static Map<String, List<String>> snapshot() {
    Map<String, List<String>> tables = new TreeMap<>();
    for (String table : tables()) {
      if (!CHANGING_ON_THEIR_OWN.contains(table)) {
        tables.put(table, rows(table).stream().map(Row::getFormattedContents).sorted().toList());
      }
    }
    return tables;
  }

  /**
   * Every row of every table (those changing on their own included) whose text holds {@code text},
   * as "table: row".
   */
  static List<String> mentioning(String text) {
    List<String> found = new ArrayList<>();
    for (String table : tables()) {
      rows(table).stream()
          .map(Row::getFormattedContents)
          .filter(row -> row.contains(text))
          .forEach(row -> found.add(table + ": " + row));
    }
    return found;
  }

  /**
   * Every table of the tests' keyspace, as Cassandra's own schema lists it now (a table added later
   * included).
   */
  static List<String> tablesInSchema() {
    CqlSession session = TestCassandra.get().session();
    String keyspace = session.getKeyspace().orElseThrow().asInternal();
    return session
        .execute(
            SimpleStatement.newInstance(
                "SELECT table_name FROM system_schema.tables WHERE keyspace_name = ?", keyspace))
        .all()
        .stream()
        .map(r -> r.getString("table_name"))
        .sorted()
        .toList();
  }

  /**
   * Every row of every table whose values hold one of {@code texts}, as "table: row": each column's
   * value read as text, whatever its type (uuids, collections and map keys, tuples, blobs as
   * UTF-8).
   */
  static List<String> holding(Collection<String> texts) {
    List<String> found = new ArrayList<>();
    for (String table : tablesInSchema()) {
      for (Row row : rows(table)) {
        String values = valuesOf(row);
        if (texts.stream().anyMatch(values::contains)) {
          found.add(table + ": " + values);
        }
      }
    }
    return found;
  }

  private static String valuesOf(Row row) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < row.getColumnDefinitions().size(); i++) {
      text.append(row.getColumnDefinitions().get(i).getName().asInternal()).append('=');
      appendValue(text, row.getObject(i));
      text.append("; ");
    }
    return text.toString();
  }

  private static void appendValue(StringBuilder text, Object value) {
    if (value instanceof Map<?, ?> map) {
      map.forEach(
          (k, v) -> {
            appendValue(text, k);
            text.append(':');
            appendValue(text, v);
            text.append(',');
          });
    } else if (value instanceof Collection<?> values) {
      values.forEach(
          v -> {
            appendValue(text, v);
            text.append(',');
          });
    } else if (value instanceof GettableByIndex fields) { // tuples and user types
      for (int i = 0; i < fields.size(); i++) {
        appendValue(text, fields.getObject(i));
        text.append(',');
      }
    } else if (value instanceof ByteBuffer bytes) {
      text.append(StandardCharsets.UTF_8.decode(bytes.duplicate()));
    } else {
      text.append(value);
    }
  }

  private static List<String> tables() {
    CqlSession session = TestCassandra.get().session();
    CqlIdentifier keyspace = session.getKeyspace().orElseThrow();
    return session.getMetadata().getKeyspace(keyspace).orElseThrow().getTables().keySet().stream()
        .map(CqlIdentifier::asInternal)
        .sorted()
        .toList();
  }

  private static List<Row> rows(String table) {
    return TestCassandra.get()
        .session()
        .execute(SimpleStatement.newInstance("SELECT * FROM " + table))
        .all();
  }
}

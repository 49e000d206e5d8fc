package io.careloop.platform.testing;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * How many reads, range scans and writes the node served for each table of a keyspace, from
 * Cassandra's own counters (the {@code system_views} latency tables); a benchmark takes one before
 * and one after a phase and prints the difference per unit of work, to say where the node's time
 * goes.
 */
public final class TableTraffic {

  private static final List<String> KINDS =
      List.of("local_read_latency", "local_scan_latency", "local_write_latency");

  /** Requests per table, by kind (read, scan, write). */
  private final Map<String, long[]> counts;

  private TableTraffic(Map<String, long[]> counts) {
    this.counts = counts;
  }

  /** The node's counts now, for the tables of {@code keyspace}. */
  public static TableTraffic of(CqlSession session, String keyspace) {
    Map<String, long[]> counts = new TreeMap<>();
    for (int k = 0; k < KINDS.size(); k++) {
      for (Row row :
          session.execute(
              SimpleStatement.newInstance(
                  "SELECT table_name, count FROM system_views."
                      + KINDS.get(k)
                      + " WHERE keyspace_name = ?",
                  keyspace))) {
        counts.computeIfAbsent(row.getString("table_name"), t -> new long[KINDS.size()])[k] =
            row.getLong("count");
      }
    }
    return new TableTraffic(counts);
  }

  /**
   * The tables that served requests since {@code before}, busiest first, with reads, scans and
   * writes per {@code unit} (e.g. per patient).
   */
  public String since(TableTraffic before, long units, String unit) {
    Map<String, long[]> delta = new HashMap<>();
    counts.forEach(
        (table, now) -> {
          long[] then = before.counts.getOrDefault(table, new long[KINDS.size()]);
          long[] d = new long[KINDS.size()];
          boolean any = false;
          for (int k = 0; k < d.length; k++) {
            d[k] = now[k] - then[k];
            any |= d[k] != 0;
          }
          if (any) {
            delta.put(table, d);
          }
        });
    List<Map.Entry<String, long[]>> busiest = new ArrayList<>(delta.entrySet());
    busiest.sort((a, b) -> Long.compare(total(b.getValue()), total(a.getValue())));
    StringBuilder out = new StringBuilder();
    long[] sum = new long[KINDS.size()];
    for (Map.Entry<String, long[]> e : busiest) {
      long[] d = e.getValue();
      for (int k = 0; k < d.length; k++) {
        sum[k] += d[k];
      }
      out.append(line(e.getKey(), d, units));
    }
    return String.format(
            Locale.ROOT,
            "    Cassandra requests per %s (reads / scans / writes): %s%n",
            unit,
            per(sum, units))
        + out;
  }

  private static String line(String table, long[] d, long units) {
    return String.format(Locale.ROOT, "      %-40s %s%n", table, per(d, units));
  }

  private static String per(long[] d, long units) {
    double n = Math.max(1, units);
    return String.format(Locale.ROOT, "%.2f / %.2f / %.2f", d[0] / n, d[1] / n, d[2] / n);
  }

  private static long total(long[] d) {
    long t = 0;
    for (long v : d) {
      t += v;
    }
    return t;
  }
}

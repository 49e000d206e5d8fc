package io.careloop.simulators;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Gives Cassandra the first half of the machine's cores and everything else the benchmark measures
 * (CareLoop, an external broker, this process with its brushes and its bare-insert client) the
 * other half, for the whole run, as production gives the database machines of its own; then gives
 * every process all cores back. Both phases of a round then see the same Cassandra, and the
 * end-to-end rate shows what the MQTT path carries on its cores. Linux only (util-linux {@code
 * taskset}, every thread of each process).
 */
final class CoreSplit implements AutoCloseable {

  private final List<Long> pids;
  private final String allCores;
  private final String description;

  private CoreSplit(List<Long> pids, String allCores, String description) {
    this.pids = pids;
    this.allCores = allCores;
    this.description = description;
  }

  /**
   * @param processes the benchmark's processes by name, as {@link IngestBenchmark} reports them;
   *     "cassandra" gets its own cores
   */
  static CoreSplit apply(Map<String, Long> processes, int cores) {
    Long cassandra = processes.get("cassandra");
    if (cassandra == null || cores < 2) {
      throw new IllegalStateException(
          "Splitting cores needs Cassandra's process and at least 2 cores (found " + cores + ")");
    }
    String database = range(0, cores / 2 - 1);
    String rest = range(cores / 2, cores - 1);
    List<Long> pids = new ArrayList<>(processes.values());
    CoreSplit split =
        new CoreSplit(
            pids, range(0, cores - 1), "Cassandra on cores " + database + ", the rest on " + rest);
    try {
      for (Map.Entry<String, Long> process : processes.entrySet()) {
        taskset(process.getKey().equals("cassandra") ? database : rest, process.getValue());
      }
    } catch (RuntimeException e) {
      split.close();
      throw e;
    }
    return split;
  }

  String description() {
    return description;
  }

  /** Every process back on every core (those that ended meanwhile are skipped). */
  @Override
  public void close() {
    for (long pid : pids) {
      if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
        taskset(allCores, pid);
      }
    }
  }

  private static String range(int first, int last) {
    return first == last ? String.valueOf(first) : first + "-" + last;
  }

  private static void taskset(String cpus, long pid) {
    try {
      Process taskset =
          new ProcessBuilder("taskset", "-a", "-cp", cpus, String.valueOf(pid))
              .redirectErrorStream(true)
              .start();
      String output = new String(taskset.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (taskset.waitFor() != 0) {
        throw new IllegalStateException(
            "taskset -a -cp " + cpus + " " + pid + " failed: " + output.strip());
      }
    } catch (IOException e) {
      throw new IllegalStateException(
          "taskset is needed to split cores (util-linux): " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while running taskset", e);
    }
  }
}

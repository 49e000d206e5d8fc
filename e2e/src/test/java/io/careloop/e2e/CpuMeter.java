package io.careloop.e2e;

import io.careloop.simulators.CpuAccount;
import java.lang.management.CompilationMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU time per request of a benchmark's phase, from Linux's /proc: of this JVM (CareLoop as the
 * tests start it, with the benchmark's own clients) and of the tests' Cassandra node (found by its
 * data directory, which names this process). Per request only means something at a steady load: at
 * a light one, background work (compactions, the JIT) is shared among few requests, so the line
 * also says how much of this JVM's time went to compiling code (the JIT, which goes on for minutes
 * after a start on two cores) and to garbage collection pauses.
 */
public final class CpuMeter {
  private final CpuAccount account;
  private CpuAccount.Snapshot from;
  private long compilingFrom;
  private long collectingFrom;

  public CpuMeter() {
    Map<String, Long> pids = new LinkedHashMap<>();
    pids.put("CareLoop JVM", ProcessHandle.current().pid());
    CpuAccount.findProcess("test-cassandra/" + ProcessHandle.current().pid() + "-")
        .ifPresent(pid -> pids.put("Cassandra", pid));
    account = new CpuAccount(pids);
  }

  public void start() {
    from = account.snapshot();
    compilingFrom = compilingMillis();
    collectingFrom = collectingMillis();
  }

  /** The machine's busy cores since {@link #start()} (0 where /proc is not there). */
  public double machineBusy() {
    return CpuAccount.available() ? CpuAccount.between(from, account.snapshot()).busy() : 0;
  }

  public String perRequest(String what, int requests) {
    if (!CpuAccount.available() || requests == 0) {
      return "CPU: not measured here";
    }
    CpuAccount.Snapshot to = account.snapshot();
    double wall = (to.nanoTime() - from.nanoTime()) / 1e9;
    CpuAccount.Usage usage = CpuAccount.between(from, to);
    StringBuilder line = new StringBuilder("CPU per " + what + ":");
    usage
        .processes()
        .forEach(
            (name, cores) ->
                line.append(String.format(" %s %.2f ms;", name, cores * wall * 1000 / requests)));
    line.append(
        String.format(
            " machine busy %.2f of %d cores; of this JVM's, compiling (JIT) %.2f ms and GC pauses"
                + " %.2f ms",
            usage.busy(),
            Runtime.getRuntime().availableProcessors(),
            (compilingMillis() - compilingFrom) / (double) requests,
            (collectingMillis() - collectingFrom) / (double) requests));
    return line.toString();
  }

  /** Time this JVM's compiler threads spent compiling, in all (0 where it is not kept). */
  private static long compilingMillis() {
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    return jit != null && jit.isCompilationTimeMonitoringSupported()
        ? jit.getTotalCompilationTime()
        : 0;
  }

  private static long collectingMillis() {
    return ManagementFactory.getGarbageCollectorMXBeans().stream()
        .mapToLong(GarbageCollectorMXBean::getCollectionTime)
        .filter(t -> t > 0)
        .sum();
  }
}

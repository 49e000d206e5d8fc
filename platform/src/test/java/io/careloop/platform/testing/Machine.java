package io.careloop.platform.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** What a benchmark prints of the machine it ran on: cores, memory, how loaded it was, CPU used. */
public final class Machine {

  private Machine() {}

  public static String describe() {
    Runtime rt = Runtime.getRuntime();
    return String.format(
        Locale.ROOT,
        "%d cores, %.1f GiB memory, heap max %.1f GiB, load average %s",
        rt.availableProcessors(),
        totalMemoryGib(),
        rt.maxMemory() / 1024.0 / 1024 / 1024,
        loadAverage());
  }

  public static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (Exception e) {
      return "unknown";
    }
  }

  /** CPU this process used so far (CareLoop and the benchmark's client share it), in seconds. */
  public static double cpuSeconds() {
    return ProcessHandle.current()
        .info()
        .totalCpuDuration()
        .map(d -> d.toMillis() / 1000.0)
        .orElse(Double.NaN);
  }

  private static double totalMemoryGib() {
    try {
      String line = Files.readAllLines(Path.of("/proc/meminfo")).get(0);
      return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0 / 1024;
    } catch (Exception e) {
      return Double.NaN;
    }
  }
}

package io.careloop.simulators;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * Where the machine's CPU time went during a phase of a benchmark, read from Linux's {@code /proc}:
 * per named process (user + system time) and for the whole machine (user, kernel including
 * interrupts, idle), and how much of a JVM's time its JIT compiler threads took (a JVM still
 * compiling is not warm yet). Elsewhere than Linux it reports nothing. Clock ticks are taken as 100
 * a second, the value of every Linux build this runs on ({@code getconf CLK_TCK}).
 */
public final class CpuAccount {

  private static final double TICKS_PER_SECOND = 100;

  /**
   * CPU time in seconds: per process name (and of its JIT), and the machine's user, kernel and idle
   * totals.
   */
  public record Snapshot(
      long nanoTime,
      Map<String, Double> processes,
      Map<String, Double> jit,
      double user,
      double kernel,
      double idle) {}

  /**
   * Cores in use on average between two snapshots, per process (and its JIT) and for the machine.
   */
  public record Usage(
      Map<String, Double> processes,
      Map<String, Double> jit,
      double user,
      double kernel,
      double idle) {
    public double busy() {
      return user + kernel;
    }
  }

  private final Map<String, Long> pids;

  /**
   * @param pids the processes to follow, by the name to report them under (absent ones are skipped)
   */
  public CpuAccount(Map<String, Long> pids) {
    this.pids = pids;
  }

  public static boolean available() {
    return Files.isReadable(Path.of("/proc/stat"));
  }

  /** The one process whose command line contains {@code marker}, if exactly one does. */
  public static OptionalLong findProcess(String marker) {
    if (!available()) {
      return OptionalLong.empty();
    }
    List<Long> found = new ArrayList<>();
    try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
      entries
          .filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
          .forEach(
              p -> {
                try {
                  String cmdline =
                      new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8);
                  if (cmdline.contains(marker)) {
                    found.add(Long.parseLong(p.getFileName().toString()));
                  }
                } catch (IOException | RuntimeException e) {
                  // a process that ended meanwhile, or one we may not read
                }
              });
    } catch (IOException e) {
      return OptionalLong.empty();
    }
    return found.size() == 1 ? OptionalLong.of(found.get(0)) : OptionalLong.empty();
  }

  public Snapshot snapshot() {
    Map<String, Double> processes = new LinkedHashMap<>();
    Map<String, Double> jit = new LinkedHashMap<>();
    pids.forEach(
        (name, pid) -> {
          double seconds = cpuSeconds(Path.of("/proc", Long.toString(pid), "stat"));
          if (seconds >= 0) {
            processes.put(name, seconds);
            jit.put(name, compilerSeconds(pid));
          }
        });
    double[] machine = machineSeconds();
    return new Snapshot(System.nanoTime(), processes, jit, machine[0], machine[1], machine[2]);
  }

  public static Usage between(Snapshot from, Snapshot to) {
    double wall = (to.nanoTime() - from.nanoTime()) / 1e9;
    return new Usage(
        perSecond(from.processes(), to.processes(), wall),
        perSecond(from.jit(), to.jit(), wall),
        (to.user() - from.user()) / wall,
        (to.kernel() - from.kernel()) / wall,
        (to.idle() - from.idle()) / wall);
  }

  private static Map<String, Double> perSecond(
      Map<String, Double> from, Map<String, Double> to, double wall) {
    Map<String, Double> rates = new LinkedHashMap<>();
    to.forEach(
        (name, seconds) -> {
          Double before = from.get(name);
          if (before != null) {
            rates.put(name, (seconds - before) / wall);
          }
        });
    return rates;
  }

  /**
   * CPU seconds of a JVM's JIT compiler threads (HotSpot names them "C1 CompilerThread<n>" and "C2
   * CompilerThread<n>"); threads that ended meanwhile are not counted.
   */
  private static double compilerSeconds(long pid) {
    double total = 0;
    try (Stream<Path> threads = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
      for (Path thread : (Iterable<Path>) threads::iterator) {
        try {
          String name = Files.readString(thread.resolve("comm")).trim();
          if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
            total += Math.max(0, cpuSeconds(thread.resolve("stat")));
          }
        } catch (IOException e) {
          // a thread that ended meanwhile
        }
      }
    } catch (IOException e) {
      return 0;
    }
    return total;
  }

  /**
   * utime + stime in seconds from a process's or thread's stat file, or -1 when it cannot be read.
   */
  private static double cpuSeconds(Path statFile) {
    try {
      String stat = Files.readString(statFile);
      // the command name (field 2) may contain spaces: count fields after its closing parenthesis
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /**
   * The machine's user (incl. nice), kernel (system, irq, softirq, steal) and idle (incl. iowait)
   * seconds.
   */
  private static double[] machineSeconds() {
    try (Stream<String> lines = Files.lines(Path.of("/proc/stat"))) {
      String[] f =
          lines.filter(l -> l.startsWith("cpu ")).findFirst().orElseThrow().trim().split("\\s+");
      long user = Long.parseLong(f[1]) + Long.parseLong(f[2]);
      long kernel =
          Long.parseLong(f[3]) + Long.parseLong(f[6]) + Long.parseLong(f[7]) + Long.parseLong(f[8]);
      long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
      return new double[] {
        user / TICKS_PER_SECOND, kernel / TICKS_PER_SECOND, idle / TICKS_PER_SECOND
      };
    } catch (IOException | RuntimeException e) {
      return new double[] {0, 0, 0};
    }
  }
}

package io.careloop.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Services of a test as separate JVMs started, killed (SIGKILL, as a crash) and restarted by one
 * shell script, {@code svc.sh start|stop|restart NAME}: the commands a scenario file's faults name.
 * Each service has an environment file (its main class, when it is ready, its settings), a pid file
 * and a log under the folder.
 */
final class ServiceScripts implements AutoCloseable {

  private static final String SCRIPT =
      """
      #!/usr/bin/env bash
      # svc.sh start|stop|restart NAME: a test's service as its own process (NAME.env, NAME.pid, NAME.log);
      # NAME.env names a Java MAIN (or a CMD), READY: the log line that says it is up (or port:N, a port it
      # listens on), STOP: the signal that stops it (KILL by default), and AWAY: seconds a restart leaves it down
      set -u
      dir="$(cd "$(dirname "$0")" && pwd)"
      action=$1; name=$2
      stop() {
        [ -f "$dir/$name.pid" ] || return 0
        pid=$(cat "$dir/$name.pid")
        kill -"$(. "$dir/$name.env"; echo "${STOP:-KILL}")" "$pid" 2>/dev/null
        while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
        rm -f "$dir/$name.pid"
        echo "$name stopped"
      }
      start() {
        touch "$dir/$name.log"
        from=$(( $(wc -l < "$dir/$name.log") + 1 ))
        ( set -a; . "$dir/$name.env"; set +a
          if [ -n "${CMD:-}" ]; then exec setsid $CMD >> "$dir/$name.log" 2>&1 < /dev/null; fi
          exec setsid "$JAVA" -Xmx384m -cp "$(cat "$dir/classpath")" "$MAIN" >> "$dir/$name.log" 2>&1 < /dev/null ) &
        echo $! > "$dir/$name.pid"
        ready=$(. "$dir/$name.env"; echo "$READY")
        for _ in $(seq 1 1800); do
          case "$ready" in
            port:*) if (echo > "/dev/tcp/127.0.0.1/${ready#port:}") 2>/dev/null; then echo "$name ready"; return 0; fi ;;
            *) if tail -n +"$from" "$dir/$name.log" | grep -q "$ready"; then echo "$name ready"; return 0; fi ;;
          esac
          if ! kill -0 "$(cat "$dir/$name.pid")" 2>/dev/null; then echo "$name died"; tail -n 30 "$dir/$name.log"; return 1; fi
          sleep 0.1
        done
        echo "$name not ready after 180 s"; tail -n 30 "$dir/$name.log"; return 1
      }
      case "$action" in
        start) start ;;
        stop) stop ;;
        restart) stop && sleep "$(. "$dir/$name.env"; echo "${AWAY:-0}")" && start ;;
        *) echo "usage: svc.sh start|stop|restart NAME" >&2; exit 64 ;;
      esac
      """;

  private final Path dir;

  ServiceScripts(Path dir) {
    this.dir = dir;
    try {
      Path script = dir.resolve("svc.sh");
      Files.writeString(script, SCRIPT);
      Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
      String classpath = System.getProperty("surefire.test.class.path");
      Files.writeString(
          dir.resolve("classpath"),
          classpath != null && !classpath.isBlank()
              ? classpath
              : System.getProperty("java.class.path"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The shell command that does {@code action} to the service. */
  String command(String action, String name) {
    return dir.resolve("svc.sh") + " " + action + " " + name;
  }

  /**
   * Declares a JVM service: its main class, the log line that says it is ready, its environment.
   */
  void define(String name, Class<?> main, String readyLine, Map<String, String> environment) {
    define(name, "", main.getName(), readyLine, environment);
  }

  /**
   * Declares a service run by a command line, ready when it listens on {@code port:N}, stopped with
   * {@code stopSignal} (TERM: a clean restart, KILL: a crash) and left down {@code awaySeconds} on
   * a restart: a native broker is back within milliseconds, before any brush would notice it went.
   */
  void defineCommand(
      String name, String command, String readyLine, String stopSignal, int awaySeconds) {
    define(
        name,
        command,
        "",
        readyLine,
        Map.of("STOP", stopSignal, "AWAY", Integer.toString(awaySeconds)));
  }

  /** The file that holds the service's process id while it runs. */
  Path pidFile(String name) {
    return dir.resolve(name + ".pid");
  }

  private void define(
      String name, String command, String main, String readyLine, Map<String, String> environment) {
    StringBuilder env = new StringBuilder();
    env.append("JAVA='")
        .append(Path.of(System.getProperty("java.home"), "bin", "java"))
        .append("'\n");
    env.append("CMD='").append(command).append("'\n");
    env.append("MAIN='").append(main).append("'\n");
    env.append("READY='").append(readyLine).append("'\n");
    environment.forEach((k, v) -> env.append(k).append("='").append(v).append("'\n"));
    try {
      Files.writeString(dir.resolve(name + ".env"), env.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs {@code svc.sh action name} and fails with its output if it fails. */
  void run(String action, String name) {
    try {
      Process p =
          new ProcessBuilder("bash", "-c", command(action, name)).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
        throw new IllegalStateException("svc.sh " + action + " " + name + " failed:\n" + out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  String log(String name) {
    try {
      return Files.readString(dir.resolve(name + ".log"));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /** Kills every service that still runs. */
  @Override
  public void close() {
    try (var files = Files.list(dir)) {
      files
          .map(p -> p.getFileName().toString())
          .filter(f -> f.endsWith(".pid"))
          .forEach(f -> run("stop", f.substring(0, f.length() - 4)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

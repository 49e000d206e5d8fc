package io.careloop.e2e;

import io.careloop.ingest.IngestConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * Mosquitto 2 as a service of {@link ServiceScripts}, configured as operations.md tells production
 * to run it (persistence on), with the ingest users, one user all simulated brushes share (the
 * registry's credentials are not in its password file) and a monitoring user; and the planned
 * restart that loses nothing with it.
 *
 * <p>Mosquitto saves sessions and their queued messages in its persistence file, but never a shared
 * subscription (persist_write.c saves a node's {@code subs}, not its {@code shared}), so after a
 * restart the ingest group has no subscription until ingest subscribes again, and a brush that
 * publishes meanwhile is acknowledged for a session nobody receives. The planned restart therefore
 * refuses brushes at CONNECT (they keep their sessions and retry) until ingest's shared
 * subscriptions are back.
 */
final class MosquittoService {

  static final String BRUSHES_USER = "sim-brushes";
  static final String BRUSHES_SECRET = "simulated brushes secret";

  /**
   * The example configuration's autosave (ops/deploy/compose/mosquitto): the file is written after
   * 100 changes, so a crash loses fewer than 100 acknowledged sessions.
   */
  static final String SHIPPED_AUTOSAVE = "autosave_on_changes true\nautosave_interval 100";

  private static final String MONITOR_USER = "careloop-monitor";
  private static final String MONITOR_SECRET = "monitor secret for tests";

  /** Each ingest instance opens two connections: {@code <id>} and {@code <id>-c2}. */
  private static final List<String> INGEST_USERS =
      List.of("ingest-proc", "ingest-proc-c2", "ingest-app", "ingest-app-c2");

  /** One ingest connection's shared subscriptions: sessions and status. */
  private static final int SHARED_FILTERS_OF_ONE_INGEST = 2;

  private final Path dir;
  private final int port;

  private MosquittoService(Path dir, int port) {
    this.dir = dir;
    this.port = port;
  }

  /**
   * Writes the configuration, password files and ACL under {@code dir} and declares the service
   * {@code name}, stopped with {@code stopSignal} (TERM: Mosquitto saves its persistence file;
   * KILL: a crash) and left down 5 s on a restart.
   */
  static MosquittoService define(
      ServiceScripts services, String name, Path dir, int port, String stopSignal, String autosave)
      throws Exception {
    MosquittoService mosquitto = new MosquittoService(Files.createDirectories(dir), port);
    Path conf = mosquitto.writeConfig(autosave);
    services.defineCommand(name, "/usr/sbin/mosquitto -c " + conf, "port:" + port, stopSignal, 5);
    mosquitto.writePlannedRestart(services, name);
    return mosquitto;
  }

  String uri() {
    return "tcp://127.0.0.1:" + port;
  }

  /** The shell command of a planned restart (see {@link #writePlannedRestart}). */
  String plannedRestart() {
    return dir.resolve("planned-restart.sh").toString();
  }

  /**
   * The planned restart: brushes' access closed, the broker restarted, brushes admitted again (a
   * SIGHUP reloads the password file) once the monitor sees an ingest connection's shared
   * subscriptions in {@code $SYS/broker/shared_subscriptions/count}.
   */
  private void writePlannedRestart(ServiceScripts services, String name) throws IOException {
    String script =
        """
        #!/usr/bin/env bash
        # A planned Mosquitto restart that loses no session: brushes refused at CONNECT until ingest's
        # shared subscriptions are back, since Mosquitto 2 does not restore them from its persistence file.
        set -u
        cd "$(dirname "$0")"
        command -v mosquitto_sub >/dev/null || { echo "mosquitto_sub is missing (Debian: mosquitto-clients)" >&2; exit 1; }
        cp passwd.ingest-only passwd
        %1$s || exit 1
        subscribed() {
          n=$(mosquitto_sub -p %2$d -u %3$s -P '%4$s' -t '$SYS/broker/shared_subscriptions/count' -C 1 -W 2 2>/dev/null)
          [ "${n:-0}" -ge %5$d ]
        }
        for _ in $(seq 1 600); do
          if subscribed; then
            cp passwd.all passwd && kill -HUP "$(cat %6$s)" && echo "brushes admitted" && exit 0
          fi
          sleep 0.2
        done
        echo "ingest did not subscribe again within 2 minutes: brushes still refused" >&2
        exit 1
        """
            .formatted(
                services.command("restart", name),
                port,
                MONITOR_USER,
                MONITOR_SECRET,
                SHARED_FILTERS_OF_ONE_INGEST,
                services.pidFile(name));
    Path path = dir.resolve("planned-restart.sh");
    Files.writeString(path, script);
    Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private Path writeConfig(String autosave) throws Exception {
    writePasswords();
    Files.writeString(dir.resolve("acl"), acl());
    Path conf = dir.resolve("mosquitto.conf");
    Files.writeString(
        conf,
        """
        listener %d 127.0.0.1
        allow_anonymous false
        password_file %s
        acl_file %s
        persistence true
        persistence_location %s/
        %s
        max_queued_messages 100000
        max_packet_size 16384
        sys_interval 1
        user root
        log_dest file %s
        log_type error
        log_type warning
        log_type notice
        """
            .formatted(
                port,
                dir.resolve("passwd"),
                dir.resolve("acl"),
                dir,
                autosave,
                dir.resolve("mosquitto.log")));
    return conf;
  }

  /** {@code passwd.all} (in use) and {@code passwd.ingest-only}, the same without the brushes. */
  private void writePasswords() throws Exception {
    Path all = dir.resolve("passwd.all");
    Path ingestOnly = dir.resolve("passwd.ingest-only");
    passwd(List.of("-c", "-b", all.toString(), BRUSHES_USER, BRUSHES_SECRET));
    passwd(List.of("-c", "-b", ingestOnly.toString(), MONITOR_USER, MONITOR_SECRET));
    passwd(List.of("-b", all.toString(), MONITOR_USER, MONITOR_SECRET));
    for (String ingest : INGEST_USERS) {
      for (Path file : List.of(all, ingestOnly)) {
        passwd(List.of("-b", file.toString(), ingest, IngestConfig.LOCAL_BACKEND_SECRET));
      }
    }
    Files.copy(all, dir.resolve("passwd"), StandardCopyOption.REPLACE_EXISTING);
  }

  private static String acl() {
    StringBuilder acl = new StringBuilder();
    for (String ingest : INGEST_USERS) {
      acl.append("user ")
          .append(ingest)
          .append("\ntopic read careloop/v1/devices/+/sessions\n")
          .append("topic read careloop/v1/devices/+/status\n")
          .append("topic read $share/ingest/careloop/v1/devices/+/sessions\n")
          .append("topic read $share/ingest/careloop/v1/devices/+/status\n")
          .append("topic write careloop/v1/devices/+/commands\n\n");
    }
    acl.append("user ")
        .append(BRUSHES_USER)
        .append("\ntopic write careloop/v1/devices/+/sessions\n")
        .append("topic write careloop/v1/devices/+/status\n\n");
    acl.append("user ")
        .append(MONITOR_USER)
        .append("\ntopic read $SYS/broker/shared_subscriptions/count\n");
    return acl.toString();
  }

  private static void passwd(List<String> args) throws Exception {
    List<String> command = new ArrayList<>(List.of("/usr/bin/mosquitto_passwd"));
    command.addAll(args);
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new IllegalStateException("mosquitto_passwd failed: " + out);
    }
  }
}

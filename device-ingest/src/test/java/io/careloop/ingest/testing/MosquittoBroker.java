package io.careloop.ingest.testing;

import io.careloop.ingest.broker.EmbeddedBroker;
import io.careloop.platform.testing.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;

/**
 * Mosquitto 2 as its own process, configured as the README tells production brokers to be: no
 * anonymous clients, a password file with each brush's credential and the ingest user, and ACL
 * patterns that let a brush write only its own sessions and status and read only its own commands.
 */
public final class MosquittoBroker implements AutoCloseable {

  private final Path dir;
  private final int port;
  private final Process process;

  private MosquittoBroker(Path dir, int port, Process process) {
    this.dir = dir;
    this.port = port;
    this.process = process;
  }

  /** Whether the mosquitto binary is installed (CI installs it: .ci/run). */
  public static boolean installed() {
    return Files.isExecutable(Path.of("/usr/sbin/mosquitto"))
        && Files.isExecutable(Path.of("/usr/bin/mosquitto_passwd"));
  }

  public static MosquittoBroker start(int port, List<String> ingestUsers, String ingestSecret) {
    return start(port, ingestUsers, ingestSecret, "");
  }

  /** The same, with {@code moreConfig} lines appended to mosquitto.conf. */
  public static MosquittoBroker start(
      int port, List<String> ingestUsers, String ingestSecret, String moreConfig) {
    try {
      Path dir = Files.createTempDirectory("careloop-mosquitto");
      Path passwords = dir.resolve("passwd");
      StringBuilder acl = new StringBuilder();
      for (String user : ingestUsers) {
        run(
            passwords.toFile().exists()
                ? List.of(
                    "/usr/bin/mosquitto_passwd", "-b", passwords.toString(), user, ingestSecret)
                : List.of(
                    "/usr/bin/mosquitto_passwd",
                    "-c",
                    "-b",
                    passwords.toString(),
                    user,
                    ingestSecret));
        acl.append(
            """
            # an ingest connection: takes sessions and status from the shared group, sends commands
            user %s
            topic read careloop/v1/devices/+/sessions
            topic read careloop/v1/devices/+/status
            topic read $share/ingest/careloop/v1/devices/+/sessions
            topic read $share/ingest/careloop/v1/devices/+/status
            topic write careloop/v1/devices/+/commands

            """
                .formatted(user));
      }
      acl.append(
          """
          # brushes (user name = device id): their own topics only
          pattern write careloop/v1/devices/%u/sessions
          pattern write careloop/v1/devices/%u/status
          pattern read careloop/v1/devices/%u/commands
          """);
      Files.writeString(dir.resolve("acl"), acl.toString());
      Files.writeString(
          dir.resolve("mosquitto.conf"),
          """
          listener %d 127.0.0.1
          allow_anonymous false
          password_file %s
          acl_file %s
          persistence false
          max_queued_messages 100000
          max_packet_size %d
          user root
          log_dest file %s
          log_type error
          log_type warning
          log_type notice
          """
                  .formatted(
                      port,
                      passwords,
                      dir.resolve("acl"),
                      EmbeddedBroker.MAX_PACKET_BYTES,
                      dir.resolve("mosquitto.log"))
              + moreConfig);
      Process process =
          new ProcessBuilder("/usr/sbin/mosquitto", "-c", dir.resolve("mosquitto.conf").toString())
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("stdout.log").toFile())
              .start();
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (!FreePorts.listening(port)) {
        if (!process.isAlive() || System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "mosquitto did not start: " + Files.readString(dir.resolve("stdout.log")));
        }
        Thread.sleep(50);
      }
      return new MosquittoBroker(dir, port, process);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public String uri() {
    return "tcp://127.0.0.1:" + port;
  }

  /** Adds a brush's credential to the password file and makes mosquitto reload it. */
  public void addUser(String user, String password) {
    run(
        List.of(
            "/usr/bin/mosquitto_passwd", "-b", dir.resolve("passwd").toString(), user, password));
    run(List.of("kill", "-HUP", Long.toString(process.pid())));
    // The reload is asynchronous: wait until the new user is let in.
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        MqttClient probe = new MqttClient(uri(), user, new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setUserName(user);
        options.setPassword(password.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        options.setCleanStart(true);
        probe.connect(options);
        probe.disconnect();
        probe.close();
        return;
      } catch (Exception notYet) {
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
    throw new IllegalStateException(
        "mosquitto did not accept " + user + " after reloading its password file");
  }

  private static void run(List<String> command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      if (p.waitFor() != 0) {
        throw new IllegalStateException(command.get(0) + " failed: " + out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    process.destroy();
  }
}

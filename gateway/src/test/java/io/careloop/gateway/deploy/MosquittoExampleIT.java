package io.careloop.gateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.careloop.platform.testing.FreePorts;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.MqttToken;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The examples' Mosquitto configuration (ops/deploy/compose/mosquitto) on a real Mosquitto 2, with
 * the password file make-secrets.sh writes: only its paths, its listener and the user it runs as
 * are changed for a test. Ingest's users take the shared group; a brush writes only its own topics.
 */
class MosquittoExampleIT {

  private static final String BRUSH = "TB-0A1B2C3D";
  private static final String OTHER_BRUSH = "TB-0A1B2C3E";
  private static final String BRUSH_CREDENTIAL = "a-brush-credential";

  @TempDir static Path dir;
  private static Process broker;
  private static String uri;
  private static String backendSecret;

  @BeforeAll
  static void startBroker() throws Exception {
    boolean required = "true".equals(System.getenv("CARELOOP_REQUIRE_MOSQUITTO"));
    boolean installed =
        Files.isExecutable(Path.of("/usr/sbin/mosquitto"))
            && Examples.makeSecrets(dir.resolve("secrets"));
    assertThat(installed || !required)
        .as("CARELOOP_REQUIRE_MOSQUITTO is set but mosquitto is missing")
        .isTrue();
    assumeTrue(installed, "needs mosquitto, mosquitto_passwd and openssl");
    backendSecret = Files.readString(dir.resolve("secrets/mqtt-backend-secret")).trim();
    // The example leaves brushes to an auth plugin; here one brush is in the password file.
    Commands.run(
        "mosquitto_passwd",
        "-b",
        dir.resolve("secrets/mosquitto-passwd").toString(),
        BRUSH,
        BRUSH_CREDENTIAL);
    int port = FreePorts.next();
    broker = startMosquitto(dir, port);
    uri = "tcp://127.0.0.1:" + port;
  }

  /** Mosquitto with the example's configuration, its data and log in {@code home}. */
  private static Process startMosquitto(Path home, int port) throws Exception {
    Files.writeString(home.resolve("mosquitto.conf"), testConfig(port, home));
    Process mosquitto =
        new ProcessBuilder("/usr/sbin/mosquitto", "-c", home.resolve("mosquitto.conf").toString())
            .redirectErrorStream(true)
            .redirectOutput(
                ProcessBuilder.Redirect.appendTo(home.resolve("mosquitto.log").toFile()))
            .start();
    awaitListening(mosquitto, port, home.resolve("mosquitto.log"));
    return mosquitto;
  }

  /** The example's configuration, pointed at this test's files, port and data folder. */
  private static String testConfig(int port, Path data) throws IOException {
    return Examples.mosquittoConf()
        .replace("listener 1883", "listener " + port + " 127.0.0.1")
        .replace(
            Examples.mosquittoSetting("password_file"),
            dir.resolve("secrets/mosquitto-passwd").toString())
        .replace(
            Examples.mosquittoSetting("acl_file"),
            Examples.MOSQUITTO.resolve("acl").toAbsolutePath().toString())
        .replace(Examples.mosquittoSetting("persistence_location"), data + "/")
        .replace("log_dest stdout", "log_dest stdout\nuser root");
  }

  @AfterAll
  static void stopBroker() {
    if (broker != null) {
      broker.destroy();
    }
  }

  @Test
  @DisplayName(
      "Every ingest user of the examples takes the shared group with the backend secret and gets a brush's session")
  void ingestTakesTheSharedGroup() throws Exception {
    for (String user : Examples.scriptUsers()) {
      BlockingQueue<String> received = new LinkedBlockingQueue<>();
      try (Client ingest = Client.connect(uri, user, backendSecret);
          Client brush = Client.connect(uri, BRUSH, BRUSH_CREDENTIAL)) {
        assertThat(ingest.subscribe("$share/ingest/careloop/v1/devices/+/sessions", received))
            .as(user)
            .isLessThan(0x80);
        brush.publish("careloop/v1/devices/" + BRUSH + "/sessions", "session of " + user);

        assertThat(received.poll(10, TimeUnit.SECONDS)).as(user).isEqualTo("session of " + user);
      }
    }
  }

  @Test
  @DisplayName("A brush cannot write another brush's topics; its own publish still arrives")
  void brushWritesOnlyItsOwnTopics() throws Exception {
    BlockingQueue<String> received = new LinkedBlockingQueue<>();
    try (Client ingest = Client.connect(uri, "ingest-0", backendSecret)) {
      ingest.subscribe("$share/ingest/careloop/v1/devices/+/sessions", received);
      try (Client forger = Client.connect(uri, BRUSH, BRUSH_CREDENTIAL)) {
        forger.publishIgnoringRefusal("careloop/v1/devices/" + OTHER_BRUSH + "/sessions", "forged");
      }
      try (Client brush = Client.connect(uri, BRUSH, BRUSH_CREDENTIAL)) {
        brush.publish("careloop/v1/devices/" + BRUSH + "/sessions", "own");
      }

      // Mosquitto routes a publish before it answers it or closes its connection: a forged
      // session let through would have come first.
      assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("own");
      assertThat(received).isEmpty();
    }
  }

  /**
   * Mosquitto's acl_file never refuses a SUBSCRIBE (it filters at delivery): a brush can join the
   * ingest group, and the sessions handed to it are acknowledged to their brushes and then dropped
   * (seen: 5 of 10). The rules of docs/operations.md cannot prevent it; a plugin that checks
   * subscriptions (Mosquitto's dynamic security) can. This says what must hold once the example has
   * one.
   */
  @Test
  @Disabled("Mosquitto's acl_file does not check subscriptions: see ops/README.md, known gaps")
  @DisplayName("A brush cannot join the ingest group")
  void brushCannotJoinTheIngestGroup() throws Exception {
    try (Client brush = Client.connect(uri, BRUSH, BRUSH_CREDENTIAL)) {
      assertThat(
              brush.subscribe(
                  "$share/ingest/careloop/v1/devices/+/sessions", new LinkedBlockingQueue<>()))
          .isGreaterThanOrEqualTo(0x80);
    }
  }

  @Test
  @DisplayName(
      "Without a user, or with a wrong password, the broker refuses the connection; it announces 16 KiB packets")
  void refusesStrangers() throws Exception {
    assertThatThrownBy(() -> Client.connect(uri, "anonymous-client", null).close())
        .isInstanceOf(MqttException.class);
    assertThatThrownBy(() -> Client.connect(uri, "ingest-0", "not-the-secret").close())
        .isInstanceOf(MqttException.class);
    try (Client brush = Client.connect(uri, BRUSH, BRUSH_CREDENTIAL)) {
      assertThat(brush.maximumPacketSize)
          .isEqualTo(Long.parseLong(Examples.mosquittoSetting("max_packet_size")));
    }
  }

  /**
   * Mosquitto 2 saves sessions and their queued messages (on SIGTERM, and after changes), never a
   * shared subscription: after a restart a brush's session is acknowledged "no matching
   * subscribers" (an MQTT 3.1.1 brush cannot even tell) until ingest subscribes again. Hence the
   * planned restart of docs/operations.md, which refuses brushes until ingest is back.
   */
  @Test
  @DisplayName(
      "Restarted (SIGTERM), the example keeps ingest's session and queued session but not its shared"
          + " subscription")
  void restartKeepsQueuedSessionsButNotTheSharedSubscription() throws Exception {
    Path home = Files.createDirectories(dir.resolve("restarted"));
    int port = FreePorts.next();
    String restartedUri = "tcp://127.0.0.1:" + port;
    String topic = "careloop/v1/devices/" + BRUSH + "/sessions";
    BlockingQueue<String> received = new LinkedBlockingQueue<>();
    Process mosquitto = startMosquitto(home, port);
    try {
      try (Client ingest = Client.durable(restartedUri, "ingest-0", backendSecret, received)) {
        ingest.subscribe("$share/ingest/careloop/v1/devices/+/sessions", received);
      }
      try (Client brush = Client.connect(restartedUri, BRUSH, BRUSH_CREDENTIAL)) {
        assertThat(brush.publishForReason(topic, "queued")).isZero();
      }
      mosquitto.destroy(); // SIGTERM: Mosquitto saves its persistence file
      mosquitto.waitFor();
      mosquitto = startMosquitto(home, port);
      try (Client brush = Client.connect(restartedUri, BRUSH, BRUSH_CREDENTIAL)) {
        assertThat(brush.publishForReason(topic, "before ingest is back"))
            .as("no matching subscribers")
            .isEqualTo(16);
      }
      try (Client ingest = Client.durable(restartedUri, "ingest-0", backendSecret, received)) {
        assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("queued");
      }
      assertThat(received).isEmpty();
    } finally {
      mosquitto.destroy();
      mosquitto.waitFor();
    }
  }

  private static void awaitListening(Process mosquitto, int port, Path log) throws Exception {
    for (int attempt = 0; attempt < 200; attempt++) {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException notYet) {
        assertThat(mosquitto.isAlive()).as(Files.readString(log)).isTrue();
        Thread.sleep(50);
      }
    }
    throw new IllegalStateException("mosquitto did not listen: " + Files.readString(log));
  }

  /** Hands each message's payload to a queue. */
  private record Received(BlockingQueue<String> queue) implements MqttCallback {

    @Override
    public void messageArrived(String topic, MqttMessage message) {
      queue.add(new String(message.getPayload(), StandardCharsets.UTF_8));
    }

    @Override
    public void disconnected(MqttDisconnectResponse response) {}

    @Override
    public void mqttErrorOccurred(MqttException exception) {}

    @Override
    public void deliveryComplete(IMqttToken token) {}

    @Override
    public void connectComplete(boolean reconnect, String serverURI) {}

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {}
  }

  /** An MQTT 5 client as brushes and ingest connect: user name = client id. */
  private record Client(MqttClient client, Long maximumPacketSize) implements AutoCloseable {

    static Client connect(String uri, String user, String password) throws MqttException {
      MqttConnectionOptions options = new MqttConnectionOptions();
      options.setCleanStart(true);
      return connect(uri, user, password, options, null);
    }

    /**
     * As ingest connects: its session kept for an hour while it is away; what the session holds
     * comes to {@code received} as soon as it is connected.
     */
    static Client durable(String uri, String user, String password, BlockingQueue<String> received)
        throws MqttException {
      MqttConnectionOptions options = new MqttConnectionOptions();
      options.setCleanStart(false);
      options.setSessionExpiryInterval(3600L);
      return connect(uri, user, password, options, received);
    }

    private static Client connect(
        String uri,
        String user,
        String password,
        MqttConnectionOptions options,
        BlockingQueue<String> received)
        throws MqttException {
      MqttClient client = new MqttClient(uri, user, new MemoryPersistence());
      if (received != null) {
        client.setCallback(new Received(received));
      }
      if (password != null) {
        options.setUserName(user);
        options.setPassword(password.getBytes(StandardCharsets.UTF_8));
      }
      try {
        IMqttToken token = client.connectWithResult(options);
        return new Client(client, token.getResponseProperties().getMaximumPacketSize());
      } catch (MqttException e) {
        client.close();
        throw e;
      }
    }

    /**
     * The SUBACK's reason code: the granted QoS, or 0x80 and above when refused. Messages come to
     * the client's callback, as ingest takes them (Paho's per-filter listeners miss $share
     * filters).
     */
    int subscribe(String filter, BlockingQueue<String> received) throws MqttException {
      client.setCallback(new Received(received));
      return client.subscribe(new MqttSubscription[] {new MqttSubscription(filter, 1)})
          .getReasonCodes()[0];
    }

    void publish(String topic, String payload) throws MqttException {
      client.publish(topic, payload.getBytes(StandardCharsets.UTF_8), 1, false);
    }

    /** The PUBACK's reason code (16: no matching subscribers). */
    int publishForReason(String topic, String payload) throws MqttException {
      MqttToken token =
          client.getTopic(topic).publish(payload.getBytes(StandardCharsets.UTF_8), 1, false);
      token.waitForCompletion();
      return token.getReasonCodes()[0];
    }

    void publishIgnoringRefusal(String topic, String payload) {
      try {
        publish(topic, payload);
      } catch (MqttException refused) {
        // Mosquitto answers "not authorized" or closes the connection: refused either way.
      }
    }

    @Override
    public void close() throws MqttException {
      if (client.isConnected()) {
        try {
          client.disconnect();
        } catch (MqttException closing) {
          // Mosquitto may close a refused publisher's connection while we disconnect it (32102).
        }
      }
      client.close(true);
    }
  }
}

package io.careloop.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.careloop.ingest.registry.DeviceRegistry;
import io.careloop.ingest.testing.IngestStack;
import io.careloop.ingest.testing.TestBroker;
import io.careloop.ingest.testing.TestBrush;
import io.careloop.ingest.testing.TestBrushIds;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What the embedded broker tells ingest's readiness: the broker can say what it holds for the
 * ingest group, so readiness can say when sessions wait there while nothing moves.
 */
class BrokerBacklogIT {

  private static final Duration WITHIN = Duration.ofSeconds(60);

  private final IngestStack stack = IngestStack.get();
  private final TestBroker broker = stack.embeddedBroker();

  @Test
  @DisplayName(
      "Sessions held in the embedded broker by a group member that never acknowledges: ingest says it is"
          + " not ready, and is ready again once they are stored")
  void sessionsWaitingUndeliveredMakeIngestNotReady() throws Exception {
    var brush = pairedBrush();
    stack.vertx().undeploy(broker.consumer().deploymentID()).await();
    AtomicInteger held = new AtomicInteger();
    MqttAsyncClient stuckMember = stuckMember(held);
    IngestVerticle consumer = null;
    try {
      try (TestBrush device =
          TestBrush.connect(broker.uri(), brush.deviceId(), brush.credential())) {
        device.publishSession(device.session(1, Instant.now().minusSeconds(600)).encode());
        // HiveMQ hands a member nothing more while it holds one unacknowledged, and tells the group
        // of new messages only when its queue was empty: the stuck member now blocks the group.
        await().atMost(WITHIN).until(() -> held.get() == 1);
        consumer = broker.restartConsumer();
        for (int i = 2; i <= 5; i++) {
          device.publishSession(device.session(i, Instant.now().minusSeconds(600L * i)).encode());
        }
      }
      IngestVerticle restarted = consumer;

      await()
          .atMost(WITHIN)
          .untilAsserted(
              () ->
                  assertThat(restarted.notReadyBecause())
                      .hasValueSatisfying(
                          why ->
                              assertThat(why).contains("5 messages wait in the embedded broker")));
      assertThat(restarted.ready().failed()).isTrue();
      assertThat(
              stack
                  .meters()
                  .get("careloop.ingest.broker.backlog")
                  .tag("client", "ingest-embedded")
                  .gauge()
                  .value())
          .isEqualTo(5);
      assertThat(rowsOf(brush.deviceId())).as("nothing stored while they wait").isZero();
    } finally {
      stuckMember.disconnectForcibly(0, 0, false); // its deliveries go back to the group
      stuckMember.close(true);
      if (consumer == null) {
        broker.restartConsumer();
      }
    }

    await().atMost(WITHIN).until(() -> rowsOf(brush.deviceId()) == 5);
    IngestVerticle recovered = consumer;
    await().atMost(WITHIN).until(() -> recovered.ready().succeeded());
  }

  private DeviceRegistry.Registration pairedBrush() {
    DeviceRegistry registry = stack.ingest().registry();
    var registration = registry.register(TestBrushIds.random(), "CL-100").await();
    registry.pair(UUID.randomUUID(), registration.pairingCode()).await();
    return registration;
  }

  /**
   * A member of the ingest group that takes sessions and never acknowledges them (a stuck
   * instance).
   */
  private MqttAsyncClient stuckMember(AtomicInteger held) throws MqttException {
    String id = "ingest-stuck";
    MqttAsyncClient client = new MqttAsyncClient(broker.uri(), id, new MemoryPersistence());
    client.setManualAcks(true);
    client.setCallback(
        new MqttCallback() {
          @Override
          public void messageArrived(String topic, MqttMessage message) {
            held.incrementAndGet();
          }

          @Override
          public void disconnected(MqttDisconnectResponse response) {}

          @Override
          public void mqttErrorOccurred(MqttException exception) {}

          @Override
          public void deliveryComplete(IMqttToken token) {}

          @Override
          public void connectComplete(boolean reconnect, String serverUri) {}

          @Override
          public void authPacketArrived(int reasonCode, MqttProperties properties) {}
        });
    MqttConnectionOptions options = new MqttConnectionOptions();
    options.setUserName(id);
    options.setPassword(IngestConfig.LOCAL_BACKEND_SECRET.getBytes(StandardCharsets.UTF_8));
    options.setCleanStart(true);
    options.setSessionExpiryInterval(0L);
    client.connect(options).waitForCompletion(15_000);
    client
        .subscribe(
            new MqttSubscription[] {
              new MqttSubscription("$share/ingest/" + IngestRouter.SESSIONS_TOPIC, 1)
            })
        .waitForCompletion(15_000);
    return client;
  }

  private long rowsOf(String deviceId) {
    int year = Instant.now().atZone(ZoneOffset.UTC).getYear();
    long rows = 0;
    for (int y = year - 1; y <= year; y++) {
      rows +=
          stack
              .session()
              .execute(
                  SimpleStatement.newInstance(
                      "SELECT session_id FROM sessions_by_device WHERE device_id = ? AND year = ?",
                      deviceId,
                      y))
              .all()
              .size();
    }
    return rows;
  }
}

package io.careloop.notifications;

import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.CqlSession;
import io.careloop.notifications.bus.NotificationRequest;
import io.careloop.notifications.push.PushConfig;
import io.careloop.notifications.push.PushDispatcher;
import io.careloop.notifications.push.PushOutboxRepository;
import io.careloop.platform.push.Backoff;
import io.careloop.platform.push.FcmSender;
import io.careloop.platform.push.FcmSettings;
import io.careloop.platform.testing.FakeFcm;
import io.careloop.platform.testing.TestCassandra;
import io.careloop.platform.testing.TestClock;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * The real notification parts of one test class: the tests' Cassandra, the real Firebase Admin SDK
 * pointed at a {@link FakeFcm}, and a clock the test moves (backoffs and TTLs pass at once).
 */
final class PushStack implements AutoCloseable {

  final Vertx vertx = Vertx.vertx();
  final CqlSession session = TestCassandra.session(Notifications.MODULE);
  final FakeFcm fcm = FakeFcm.start();
  final TestClock clock = TestClock.startingNow();
  final FcmSettings fcmSettings;
  final PushConfig config;
  final Notifications notifications;
  private final List<String> deployments = new ArrayList<>();

  PushStack(boolean pushOn) throws Exception {
    Path credentials =
        fcm.writeCredentials(Files.createTempDirectory("push-stack"), "careloop-test");
    fcmSettings =
        new FcmSettings(
            Optional.of(credentials),
            Optional.empty(),
            Optional.of(fcm.endpoint()),
            Duration.ofSeconds(5));
    // Short sweeps and leases so that tests run in seconds; backoff from 1 s (the clock is moved).
    config =
        new PushConfig(
            pushOn ? fcmSettings : FcmSettings.off(),
            100,
            8,
            4,
            new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(8)),
            Duration.ofMillis(50),
            Duration.ofSeconds(6),
            Duration.ofHours(1));
    notifications = Notifications.create(vertx, session, config, clock).await();
  }

  /** A dispatcher of its own (own sender, own instance id) over the shared outbox. */
  PushDispatcher startDispatcher() {
    return startDispatcher(config);
  }

  /** A dispatcher of its own with these settings. */
  PushDispatcher startDispatcher(PushConfig settings) {
    PushDispatcher dispatcher =
        notifications.newDispatcher(
            vertx.executeBlocking(() -> FcmSender.start(fcmSettings, clock)).await(), settings);
    deployments.add(vertx.deployVerticle(dispatcher).await());
    return dispatcher;
  }

  void stopDispatchers() {
    for (String id : List.copyOf(deployments)) {
      vertx.undeploy(id).await();
      deployments.remove(id);
    }
  }

  UUID recipientWithTokens(String... tokens) {
    UUID recipient = UUID.randomUUID();
    for (String token : tokens) {
      notifications.tokens().register(recipient, token, "android").await();
    }
    return recipient;
  }

  static String newToken() {
    return "fcm-" + UUID.randomUUID() + ":APA91b" + UUID.randomUUID().toString().replace("-", "");
  }

  static NotificationRequest request(UUID recipient, String dedupKey) {
    return new NotificationRequest(
        recipient,
        "alert",
        "Brushing alert",
        "No brushing for 2 days",
        dedupKey,
        "alert-" + dedupKey,
        Duration.ofMinutes(10),
        Map.of("alertId", dedupKey));
  }

  PushOutboxRepository.Delivery delivery(UUID notificationId, String token) {
    return notifications.outbox().deliveries(notificationId).await().stream()
        .filter(d -> d.token().equals(token))
        .findFirst()
        .orElseThrow();
  }

  /**
   * Waits until the delivery satisfies {@code done}, moving the clock to each retry's due time as
   * soon as it is scheduled, so that backoffs take no real time.
   */
  PushOutboxRepository.Delivery driveUntil(
      UUID notificationId, String token, Predicate<PushOutboxRepository.Delivery> done) {
    return await()
        .atMost(Duration.ofSeconds(40))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              PushOutboxRepository.Delivery d = delivery(notificationId, token);
              Instant next = d.nextAttemptAt();
              if (d.state() == PushOutboxRepository.State.PENDING
                  && next != null
                  && next.isAfter(clock.instant())) {
                clock.set(next);
              }
              return d;
            },
            done);
  }

  @Override
  public void close() {
    stopDispatchers();
    vertx.close().await();
    fcm.close();
  }
}

package io.careloop.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import io.careloop.notifications.bus.NotificationRequest;
import io.careloop.notifications.bus.NotifyClient;
import io.careloop.notifications.bus.Sent;
import io.careloop.notifications.inbox.InboxEntry;
import io.careloop.notifications.push.PushConfig;
import io.careloop.platform.cluster.ClusterConfig;
import io.careloop.platform.cluster.Nodes;
import io.careloop.platform.metrics.Metrics;
import io.careloop.platform.testing.FreePorts;
import io.careloop.platform.testing.TestCassandra;
import io.careloop.platform.testing.TestClock;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.ReplyException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * NOTIFY between processes, as when reminders or alerts run alone: the notifications module on one
 * node of the clustered event bus, only a {@link NotifyClient} on the other. The records cross the
 * wire as their JSON.
 */
class NotifyAcrossNodesIT {

  private static final CqlSession session = TestCassandra.session(Notifications.MODULE);
  private static Vertx notificationsNode;
  private static Vertx senderNode;
  private static Notifications notifications;

  @BeforeAll
  static void start() {
    List<String> members =
        List.of("127.0.0.1:" + FreePorts.next(), "127.0.0.1:" + FreePorts.next());
    String name = "careloop-notify-" + UUID.randomUUID();
    notificationsNode = node(members, 0, name);
    senderNode = node(members, 1, name);
    notifications =
        Notifications.create(notificationsNode, session, PushConfig.off(), TestClock.startingNow())
            .compose(Notifications::start)
            .await();
  }

  private static Vertx node(List<String> members, int index, String name) {
    int port = Integer.parseInt(members.get(index).split(":")[1]);
    return Nodes.start(
            Metrics.newRegistry(),
            new VertxOptions(),
            new ClusterConfig(members, "127.0.0.1", port, name, Optional.empty()))
        .await();
  }

  @AfterAll
  static void stop() {
    senderNode.close().await();
    notificationsNode.close().await();
  }

  private static NotificationRequest request(UUID recipient, String kind, String dedupKey) {
    return new NotificationRequest(
        recipient,
        kind,
        "Appointment reminder",
        "Tomorrow 9:00, Rue de Rivoli",
        dedupKey,
        "appt",
        Duration.ofHours(2),
        Map.of("appointmentId", "a-1"),
        "Reminder",
        "Tomorrow 9:00");
  }

  @Test
  @DisplayName(
      "A request from another node is stored once and answered with its notification; a repeat creates nothing")
  void sentFromAnotherNode() {
    UUID recipient = UUID.randomUUID();
    NotifyClient client = new NotifyClient(senderNode.eventBus());
    String key = "appt:" + UUID.randomUUID();

    Sent first = client.send(request(recipient, "appointment", key)).await();
    Sent again = client.send(request(recipient, "appointment", key)).await();

    assertThat(first.created()).isTrue();
    assertThat(again).isEqualTo(new Sent(first.notificationId(), false));
    List<InboxEntry> inbox = notifications.inbox().list(recipient, 10, null).await().entries();
    assertThat(inbox)
        .singleElement()
        .satisfies(
            entry -> {
              assertThat(entry.id()).isEqualTo(first.notificationId());
              assertThat(entry.body()).isEqualTo("Tomorrow 9:00, Rue de Rivoli");
              assertThat(entry.data()).containsEntry("appointmentId", "a-1");
            });
  }

  @Test
  @DisplayName(
      "A request from another node that breaks a rule is refused with 400 naming the field, and stores nothing")
  void refusedFromAnotherNode() {
    UUID recipient = UUID.randomUUID();

    Throwable refused =
        new NotifyClient(senderNode.eventBus())
            .send(request(recipient, "spam", "k-" + UUID.randomUUID()))
            .map(x -> (Throwable) null)
            .recover(Future::succeededFuture)
            .await();

    assertThat(refused)
        .isInstanceOfSatisfying(
            ReplyException.class,
            e -> {
              assertThat(e.failureCode()).isEqualTo(400);
              assertThat(e.getMessage()).contains("kind must be one of");
            });
    assertThat(notifications.inbox().list(recipient, 10, null).await().entries()).isEmpty();
  }
}

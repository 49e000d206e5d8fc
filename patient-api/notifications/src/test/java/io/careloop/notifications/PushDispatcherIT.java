package io.careloop.notifications;

import static io.careloop.notifications.PushStack.newToken;
import static io.careloop.notifications.PushStack.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.careloop.notifications.bus.NotificationRequest;
import io.careloop.notifications.bus.NotifyClient;
import io.careloop.notifications.bus.Sent;
import io.careloop.notifications.inbox.InboxEntry;
import io.careloop.notifications.push.PushConfig;
import io.careloop.notifications.push.PushDispatcher;
import io.careloop.notifications.push.PushOutboxRepository;
import io.careloop.notifications.push.PushOutboxRepository.Delivery;
import io.careloop.notifications.push.PushOutboxRepository.State;
import io.careloop.notifications.push.PushTokenRepository;
import io.careloop.platform.bus.Addresses;
import io.careloop.platform.testing.FakeFcm;
import io.careloop.platform.testing.FakeFcm.Answer;
import io.vertx.core.Future;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The push outbox and dispatcher against the real Cassandra and the real Firebase SDK aimed at
 * FakeFcm.
 */
class PushDispatcherIT {

  private static PushStack stack;

  @BeforeAll
  static void start() throws Exception {
    stack = new PushStack(true);
    stack.notifications.listen().await();
  }

  @AfterAll
  static void stop() {
    stack.close();
  }

  @AfterEach
  void stopDispatchers() {
    stack.stopDispatchers();
  }

  private static NotificationRequest notify(UUID recipient, String dedupKey) {
    return new NotificationRequest(
        recipient,
        "alert",
        "Brushing alert",
        "No brushing for 2 days",
        dedupKey,
        "alert-" + dedupKey,
        Duration.ofSeconds(600),
        Map.of("alertId", "a1"));
  }

  @Test
  @DisplayName(
      "NOTIFY twice with one dedup key: one inbox entry, and one push per token counted at FCM")
  void notifyIsIdempotent() {
    stack.startDispatcher();
    String phone = newToken();
    String tablet = newToken();
    UUID recipient = stack.recipientWithTokens(phone, tablet);
    String key = "alert:" + UUID.randomUUID();

    NotifyClient client = new NotifyClient(stack.vertx.eventBus());
    Sent first = client.send(notify(recipient, key)).await();
    Sent second = client.send(notify(recipient, key)).await();

    assertThat(first.created()).isTrue();
    assertThat(second.created()).isFalse();
    assertThat(second.notificationId()).isEqualTo(first.notificationId());
    UUID id = first.notificationId();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> stack.fcm.deliveredTo(phone) == 1 && stack.fcm.deliveredTo(tablet) == 1);
    await()
        .pollDelay(Duration.ofMillis(500))
        .until(() -> true); // time for a wrongful second send to show
    assertThat(stack.fcm.requestsTo(phone)).hasSize(1);
    assertThat(stack.fcm.requestsTo(tablet)).hasSize(1);
    assertThat(stack.notifications.inbox().list(recipient, 50, null).await().entries())
        .extracting(InboxEntry::id)
        .containsExactly(id);
    assertThat(stack.notifications.outbox().deliveries(id).await())
        .extracting(Delivery::state)
        .containsOnly(State.DELIVERED);
  }

  @Test
  @DisplayName(
      "A push due now leaves at once: the sender names its shard on the bus and the dispatcher"
          + " sweeps that shard, although it sweeps every shard only every ten minutes")
  void pushDueNowLeavesAtOnce() {
    PushDispatcher dispatcher =
        stack.startDispatcher(stack.config.withSweepInterval(Duration.ofMinutes(10)));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> dispatcher.ownedShards() == PushConfig.SHARDS);
    // the sweep of every shard that follows the start is over; the next is ten minutes away
    await().pollDelay(Duration.ofSeconds(2)).until(() -> true);
    List<Integer> words = new CopyOnWriteArrayList<>();
    MessageConsumer<Integer> listener =
        stack.vertx.eventBus().consumer(PushDispatcher.DUE_ADDRESS, m -> words.add(m.body()));
    listener.completion().await();
    String token = newToken();
    UUID recipient = stack.recipientWithTokens(token);

    UUID id = sentTo(recipient);

    await().atMost(Duration.ofSeconds(5)).until(() -> stack.fcm.deliveredTo(token) == 1);
    assertThat(words).containsExactly(PushOutboxRepository.shardOf(id, token));
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> stack.delivery(id, token).state() == State.DELIVERED);
    listener.unregister().await();
  }

  @Test
  @DisplayName(
      "The SDK sends FCM the token, title, body, data, collapse key and remaining TTL of the message")
  void sendsTheExpectedRequest() {
    stack.startDispatcher();
    String token = newToken();
    UUID recipient = stack.recipientWithTokens(token);

    UUID id = sentTo(recipient);

    Delivery delivery = stack.driveUntil(id, token, d -> d.state() == State.DELIVERED);
    FakeFcm.Request sent = stack.fcm.requestsTo(token).get(0);
    JsonObject message = sent.message();
    assertThat(sent.authorization()).isEqualTo("Bearer fake-access-token");
    assertThat(message.getJsonObject("notification").getString("title"))
        .isEqualTo("Brushing alert");
    assertThat(message.getJsonObject("notification").getString("body"))
        .isEqualTo("No brushing for 2 days");
    assertThat(message.getJsonObject("android").getString("collapse_key")).startsWith("alert-k-");
    assertThat(message.getJsonObject("android").getString("ttl")).isEqualTo("600s");
    assertThat(message.getJsonObject("apns").getJsonObject("headers").getString("apns-collapse-id"))
        .startsWith("alert-k-");
    assertThat(message.getJsonObject("data").getString("alertId")).startsWith("k-");
    assertThat(delivery.attempts()).isEqualTo(1);
    assertThat(delivery.fcmMessageId()).startsWith("projects/careloop-test/messages/");
  }

  @Test
  @DisplayName(
      "UNREGISTERED deletes the token and is not retried; the recipient's other token still gets the push")
  void unregisteredTokenIsDeleted() {
    stack.startDispatcher();
    String dead = newToken();
    String alive = newToken();
    UUID recipient = stack.recipientWithTokens(dead, alive);
    stack.fcm.answerAlways(dead, Answer.unregistered());

    UUID id = sentTo(recipient);

    Delivery delivery = stack.driveUntil(id, dead, d -> d.state() == State.UNREGISTERED);
    stack.driveUntil(id, alive, d -> d.state() == State.DELIVERED);
    assertThat(delivery.attempts()).isEqualTo(1);
    assertThat(delivery.lastError()).isEqualTo("HTTP 404 UNREGISTERED");
    assertThat(stack.notifications.tokens().tokensOf(recipient).await())
        .extracting(PushTokenRepository.PushToken::token)
        .containsExactly(alive);
    stack.clock.advance(Duration.ofMinutes(1));
    await().pollDelay(Duration.ofMillis(500)).until(() -> true);
    assertThat(stack.fcm.requestsTo(dead)).hasSize(1);
  }

  @Test
  @DisplayName(
      "429 and 500 are retried with backoff and the message is finally delivered; Retry-After is honoured")
  void quotaAndInternalErrorsAreRetried() {
    stack.startDispatcher();
    String token = newToken();
    UUID recipient = stack.recipientWithTokens(token);
    stack.fcm.answer(token, Answer.tooManyRequests().withRetryAfter(30), Answer.internalError());

    Instant sentAt = stack.clock.instant();
    UUID id = sentTo(recipient);

    Delivery afterQuota =
        await()
            .atMost(Duration.ofSeconds(20))
            .until(
                () -> stack.delivery(id, token),
                d -> d.attempts() == 1 && d.state() == State.PENDING);
    assertThat(afterQuota.lastError()).isEqualTo("HTTP 429 QUOTA_EXCEEDED");
    assertThat(afterQuota.nextAttemptAt()).isAfterOrEqualTo(sentAt.plusSeconds(30));
    Delivery delivered = stack.driveUntil(id, token, d -> d.state() == State.DELIVERED);
    assertThat(delivered.attempts()).isEqualTo(3);
    assertThat(stack.fcm.requestsTo(token))
        .extracting(FakeFcm.Request::answeredStatus)
        .containsExactly(429, 500, 200);
  }

  @Test
  @DisplayName(
      "503 that outlasts the SDK's own retries is retried by the outbox and finally delivered")
  void unavailableIsRetried() {
    stack.startDispatcher();
    String token = newToken();
    UUID recipient = stack.recipientWithTokens(token);
    // The SDK itself sends a 503'd request 5 times (0.5 s to 4 s apart) before it gives up.
    stack.fcm.answer(
        token,
        Answer.unavailable(),
        Answer.unavailable(),
        Answer.unavailable(),
        Answer.unavailable(),
        Answer.unavailable());

    UUID id = sentTo(recipient);

    Delivery delivered = stack.driveUntil(id, token, d -> d.state() == State.DELIVERED);
    assertThat(delivered.attempts()).isEqualTo(2);
    assertThat(stack.fcm.requestsTo(token))
        .extracting(FakeFcm.Request::answeredStatus)
        .containsExactly(503, 503, 503, 503, 503, 200);
  }

  @Test
  @DisplayName(
      "After the last allowed attempt a message is given up and recorded as failed, not retried for ever")
  void givesUpAfterMaxAttempts() {
    stack.startDispatcher();
    String token = newToken();
    UUID recipient = stack.recipientWithTokens(token);
    stack.fcm.answerAlways(token, Answer.internalError());

    UUID id = sentTo(recipient);

    Delivery failed = stack.driveUntil(id, token, d -> d.state() == State.FAILED);
    assertThat(failed.attempts()).isEqualTo(stack.config.maxAttempts());
    assertThat(failed.lastError()).isEqualTo("gave up after 4 attempts: HTTP 500 INTERNAL");
    assertThat(stack.fcm.requestsTo(token)).hasSize(4);
    assertThat(stack.notifications.tokens().tokensOf(recipient).await())
        .hasSize(1); // the token itself is fine
  }

  @Test
  @DisplayName(
      "A message whose TTL passed before it could be sent is dropped and recorded as expired; FCM never sees it")
  void expiredMessageIsDropped() {
    String token = newToken();
    UUID recipient = stack.recipientWithTokens(token);
    UUID id = sentTo(recipient);
    stack.clock.advance(Duration.ofMinutes(11)); // its TTL is 10 minutes

    stack.startDispatcher();

    Delivery expired = stack.driveUntil(id, token, d -> d.state() == State.EXPIRED);
    assertThat(expired.lastError()).isEqualTo("expired before it was sent");
    assertThat(expired.attempts()).isZero();
    assertThat(stack.fcm.requestsTo(token)).isEmpty();
    assertThat(stack.notifications.inbox().find(recipient, id).await())
        .isPresent(); // the inbox keeps it
  }

  @Test
  @DisplayName(
      "A message whose TTL runs out while it is being retried is recorded as expired, not sent late")
  void expiresWhileRetrying() {
    stack.startDispatcher();
    String token = newToken();
    UUID recipient = stack.recipientWithTokens(token);
    stack.fcm.answer(
        token, Answer.internalError().withRetryAfter(900)); // asks to wait past the 10-minute TTL

    UUID id = sentTo(recipient);

    Delivery expired = stack.driveUntil(id, token, d -> d.state() == State.EXPIRED);
    assertThat(expired.lastError()).isEqualTo("expired while retrying: HTTP 500 INTERNAL");
    assertThat(stack.fcm.requestsTo(token)).hasSize(1);
  }

  @Test
  @DisplayName(
      "Two dispatchers over one outbox share its shards and send each message exactly once")
  void twoDispatchersSendEachMessageOnce() {
    // Time passes here as it does in production: a row one dispatcher saw claimed by the other is
    // looked at again when that claim runs out, and a lease given back mid-sweep expires.
    long ticking = stack.vertx.setPeriodic(100, id -> stack.clock.advance(Duration.ofMillis(100)));
    try {
      sendEachMessageOnce();
    } finally {
      stack.vertx.cancelTimer(ticking);
    }
  }

  private void sendEachMessageOnce() {
    PushDispatcher a = stack.startDispatcher();
    PushDispatcher b = stack.startDispatcher();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                a.ownedShards() > 0
                    && b.ownedShards() > 0
                    && a.ownedShards() + b.ownedShards() == PushConfig.SHARDS);
    List<String> tokens = new ArrayList<>();
    List<UUID> recipients = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      String phone = newToken();
      String tablet = newToken();
      tokens.add(phone);
      tokens.add(tablet);
      recipients.add(stack.recipientWithTokens(phone, tablet));
    }

    for (UUID recipient : recipients) {
      for (int n = 0; n < 3; n++) {
        sentTo(recipient);
      }
    }

    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(
                        tokens.stream()
                            .filter(t -> stack.fcm.deliveredTo(t) != 3)
                            .map(
                                t ->
                                    t
                                        + " got "
                                        + stack.fcm.deliveredTo(t)
                                        + ", dispatchers hold "
                                        + a.ownedShards()
                                        + "+"
                                        + b.ownedShards()
                                        + " shards, stats "
                                        + a.stats()
                                        + " / "
                                        + b.stats()))
                    .as("tokens without exactly 3 deliveries")
                    .isEmpty());
    await().pollDelay(Duration.ofSeconds(1)).until(() -> true);
    for (String token : tokens) {
      assertThat(stack.fcm.requestsTo(token)).as("sends to one token").hasSize(3);
    }
    assertThat(a.stats().delivered() + b.stats().delivered()).isEqualTo(240);
    assertThat(a.stats().delivered()).isPositive();
    assertThat(b.stats().delivered()).isPositive();
  }

  @Test
  @DisplayName(
      "An attempt claimed by one dispatcher cannot be claimed by another while its claim lasts")
  void claimIsExclusive() {
    String token = newToken();
    UUID recipient = stack.recipientWithTokens(token);
    UUID id = sentTo(recipient);
    PushOutboxRepository.Due due = dueRowOf(id, token);
    Instant now = stack.clock.instant();

    var first =
        stack
            .notifications
            .outbox()
            .claim(due, UUID.randomUUID(), now, now.plusSeconds(30))
            .await();
    var second =
        stack
            .notifications
            .outbox()
            .claim(due, UUID.randomUUID(), now, now.plusSeconds(30))
            .await();

    assertThat(first).isEmpty();
    assertThat(second)
        .hasValueSatisfying(
            current -> {
              assertThat(current.state()).isEqualTo(State.SENDING);
              assertThat(current.claimedUntil())
                  .isEqualTo(now.plusSeconds(30).truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
            });
    assertThat(stack.fcm.requestsTo(token)).isEmpty();
  }

  @Test
  @DisplayName(
      "An attempt whose claimant died before recording an outcome is taken over after the claim's lease and sent once")
  void deadClaimantIsTakenOver() {
    String token = newToken();
    UUID recipient = stack.recipientWithTokens(token);
    UUID id = sentTo(recipient);
    Instant now = stack.clock.instant();
    stack
        .notifications
        .outbox()
        .claim(dueRowOf(id, token), UUID.randomUUID(), now, now.plusSeconds(6))
        .await();

    stack.startDispatcher();
    await().pollDelay(Duration.ofMillis(300)).until(() -> true);
    assertThat(stack.fcm.requestsTo(token)).as("not while the dead claim lasts").isEmpty();
    stack.clock.advance(Duration.ofSeconds(7));

    Delivery delivered = stack.driveUntil(id, token, d -> d.state() == State.DELIVERED);
    assertThat(delivered.attempts()).isEqualTo(1);
    assertThat(stack.fcm.requestsTo(token)).hasSize(1);
  }

  @Test
  @DisplayName("A NOTIFY that breaks the contract is refused with 400 and leaves no inbox entry")
  void badNotifyIsRefused() {
    UUID recipient = stack.recipientWithTokens(newToken());
    NotificationRequest spam =
        new NotificationRequest(
            recipient,
            "spam",
            "Brushing alert",
            "No brushing for 2 days",
            "k-" + UUID.randomUUID(),
            null,
            null,
            Map.of());

    Throwable refused = failureOf(new NotifyClient(stack.vertx.eventBus()).send(spam));
    Throwable untyped = failureOf(stack.vertx.eventBus().request(Addresses.NOTIFY, spam.toJson()));

    assertThat(refused)
        .isInstanceOfSatisfying(
            ReplyException.class,
            e -> {
              assertThat(e.failureCode()).isEqualTo(400);
              assertThat(e.getMessage()).contains("kind must be one of");
            });
    assertThat(untyped)
        .isInstanceOfSatisfying(
            ReplyException.class,
            e -> {
              assertThat(e.failureCode()).isEqualTo(400);
              assertThat(e.getMessage())
                  .contains("NOTIFY carries a " + NotificationRequest.class.getName());
            });
    assertThat(stack.notifications.inbox().list(recipient, 50, null).await().entries()).isEmpty();
  }

  /** A new notification (its own dedup key) to the recipient, sent; its id. */
  private static UUID sentTo(UUID recipient) {
    return stack
        .notifications
        .sender()
        .send(request(recipient, "k-" + UUID.randomUUID()))
        .await()
        .notificationId();
  }

  private static Throwable failureOf(Future<?> request) {
    return request.map(x -> (Throwable) null).recover(Future::succeededFuture).await();
  }

  private static PushOutboxRepository.Due dueRowOf(UUID id, String token) {
    Delivery delivery = stack.delivery(id, token);
    Instant dueAt = delivery.nextAttemptAt();
    return stack
        .notifications
        .outbox()
        .due(
            PushOutboxRepository.shardOf(id, token),
            PushOutboxRepository.minuteOf(dueAt),
            dueAt,
            null,
            1000)
        .await()
        .stream()
        .filter(d -> d.notificationId().equals(id) && d.token().equals(token))
        .findFirst()
        .orElseThrow();
  }
}

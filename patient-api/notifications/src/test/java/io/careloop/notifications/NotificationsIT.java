package io.careloop.notifications;

import static io.careloop.notifications.PushStack.newToken;
import static io.careloop.notifications.PushStack.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.careloop.notifications.bus.NotificationRequest;
import io.careloop.notifications.bus.Sent;
import io.careloop.notifications.inbox.Inbox;
import io.careloop.notifications.inbox.InboxEntry;
import io.careloop.notifications.inbox.InboxRepository;
import io.careloop.notifications.push.PushTokenRepository;
import io.careloop.notifications.send.NotificationSender;
import io.careloop.platform.http.Problem;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Inbox, push tokens and sending with push off, against the real Cassandra. */
class NotificationsIT {

  private static PushStack stack;

  @BeforeAll
  static void start() throws Exception {
    stack = new PushStack(false);
  }

  @AfterAll
  static void stop() {
    stack.close();
  }

  private static Problem problemOf(Runnable call) {
    try {
      call.run();
    } catch (Problem p) {
      return p;
    }
    throw new AssertionError("expected a problem");
  }

  @Test
  @DisplayName(
      "Without Firebase credentials the inbox fills, nothing is queued for push and FCM is never called")
  void pushOffFillsInboxOnly() {
    String token = newToken();
    UUID recipient = stack.recipientWithTokens(token);

    Sent sent =
        stack.notifications.sender().send(request(recipient, "k-" + UUID.randomUUID())).await();

    assertThat(sent.created()).isTrue();
    assertThat(stack.notifications.start().await().pushDispatcher()).isEmpty();
    assertThat(stack.notifications.inbox().list(recipient, 10, null).await().entries())
        .extracting(InboxEntry::id)
        .containsExactly(sent.notificationId());
    assertThat(stack.notifications.outbox().deliveries(sent.notificationId()).await()).isEmpty();
    assertThat(stack.fcm.sends()).isZero();
  }

  @Test
  @DisplayName("The inbox lists newest first in pages that neither repeat nor skip, across months")
  void inboxPaging() {
    UUID recipient = UUID.randomUUID();
    List<UUID> sent = new ArrayList<>();
    // Two from about six weeks ago, in an earlier month's partition, then three now.
    for (int daysAgo : new int[] {42, 41}) {
      UUID old =
          com.datastax.oss.driver.api.core.uuid.Uuids.startOf(
              stack.clock.instant().minus(Duration.ofDays(daysAgo)).toEpochMilli());
      new InboxRepository(stack.session)
          .insert(
              recipient,
              new InboxEntry(
                  old,
                  "recall",
                  "Check-up due",
                  "Time for your check-up",
                  Map.of(),
                  stack.clock.instant(),
                  null))
          .await();
      sent.add(old);
    }
    for (int i = 0; i < 3; i++) {
      sent.add(
          stack
              .notifications
              .sender()
              .send(request(recipient, "k-" + UUID.randomUUID()))
              .await()
              .notificationId());
    }
    java.util.Collections.reverse(sent);

    List<UUID> seen = new ArrayList<>();
    String pageToken = null;
    int pages = 0;
    do {
      Inbox.Page page = stack.notifications.inbox().list(recipient, 2, pageToken).await();
      assertThat(page.entries().size()).isLessThanOrEqualTo(2);
      page.entries().forEach(e -> seen.add(e.id()));
      pageToken = page.nextPageToken().orElse(null);
      pages++;
    } while (pageToken != null);

    assertThat(seen).containsExactlyElementsOf(sent);
    assertThat(InboxRepository.monthOf(sent.get(0)))
        .isNotEqualTo(InboxRepository.monthOf(sent.get(4)));
    assertThat(pages).isEqualTo(3);
    InboxEntry newest =
        stack.notifications.inbox().list(recipient, 1, null).await().entries().get(0);
    assertThat(newest.toJson().getBoolean("read")).isFalse();
    assertThat(newest.toJson().getString("kind")).isEqualTo("alert");
    assertThat(newest.data()).containsKey("alertId");
  }

  @Test
  @DisplayName(
      "Marking read works on one's own entry only: another recipient's id is not found and stays unread")
  void markReadOnlyOwn() {
    UUID ada = UUID.randomUUID();
    UUID bob = UUID.randomUUID();
    UUID adas =
        stack
            .notifications
            .sender()
            .send(request(ada, "k-" + UUID.randomUUID()))
            .await()
            .notificationId();

    Problem notFound = problemOf(() -> stack.notifications.inbox().markRead(bob, adas).await());
    InboxEntry read = stack.notifications.inbox().markRead(ada, adas).await();
    InboxEntry again = stack.notifications.inbox().markRead(ada, adas).await();

    assertThat(notFound.status()).isEqualTo(404);
    assertThat(read.readAt()).isNotNull();
    assertThat(again.readAt()).isEqualTo(read.readAt());
    assertThat(stack.notifications.inbox().find(ada, adas).await())
        .hasValueSatisfying(e -> assertThat(e.readAt()).isNotNull());
    assertThat(stack.notifications.inbox().find(bob, adas).await()).isEmpty();
    assertThat(stack.notifications.inbox().list(bob, 10, null).await().entries()).isEmpty();
  }

  @Test
  @DisplayName(
      "A garbled page token is refused with 400, and a random (not time-based) id is simply not found")
  void badPageTokenAndId() {
    UUID recipient = UUID.randomUUID();
    stack.notifications.sender().send(request(recipient, "k-" + UUID.randomUUID())).await();

    assertThat(
            problemOf(() -> stack.notifications.inbox().list(recipient, 10, "not-a-token").await())
                .status())
        .isEqualTo(400);
    assertThat(
            problemOf(
                    () ->
                        stack.notifications.inbox().markRead(recipient, UUID.randomUUID()).await())
                .status())
        .isEqualTo(404);
    assertThat(stack.notifications.inbox().list(recipient, 10, null).await().entries())
        .allSatisfy(e -> assertThat(e.readAt()).isNull());
  }

  @Test
  @DisplayName(
      "A token moves with the phone: registered by another account, the first one no longer has it")
  void tokenBelongsToOneAccount() {
    String token = newToken();
    UUID first = stack.recipientWithTokens(token);
    UUID second = UUID.randomUUID();

    stack.notifications.tokens().register(second, token, "ios").await();

    assertThat(stack.notifications.tokens().tokensOf(first).await()).isEmpty();
    assertThat(stack.notifications.tokens().tokensOf(second).await())
        .extracting(PushTokenRepository.PushToken::token, PushTokenRepository.PushToken::platform)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(token, "ios"));
    // Unregistering it from the account that lost it changes nothing for the new holder.
    stack.notifications.tokens().unregister(first, token).await();
    assertThat(stack.notifications.tokens().tokensOf(second).await()).hasSize(1);
  }

  @Test
  @DisplayName(
      "An account keeps its 10 newest tokens; an invalid token or platform is refused and stores nothing")
  void tokenLimitsAndValidation() {
    UUID account = UUID.randomUUID();
    List<String> tokens = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      String token = newToken();
      tokens.add(token);
      stack.notifications.tokens().register(account, token, null).await();
      stack.clock.advance(Duration.ofSeconds(1));
    }

    assertThat(stack.notifications.tokens().tokensOf(account).await())
        .extracting(PushTokenRepository.PushToken::token)
        .containsExactlyInAnyOrderElementsOf(tokens.subList(2, 12));

    UUID other = UUID.randomUUID();
    assertThat(
            problemOf(() -> stack.notifications.tokens().register(other, "has space", null).await())
                .status())
        .isEqualTo(400);
    assertThat(
            problemOf(
                    () ->
                        stack.notifications.tokens().register(other, newToken(), "symbian").await())
                .status())
        .isEqualTo(400);
    assertThat(stack.notifications.tokens().tokensOf(other).await()).isEmpty();
  }

  @Test
  @DisplayName(
      "A notification that breaks a rule is refused naming the field, and creates no inbox entry")
  void invalidRequests() {
    UUID recipient = UUID.randomUUID();
    NotificationRequest noTitle =
        new NotificationRequest(
            recipient, "alert", " ", "body", "k-" + UUID.randomUUID(), null, null, Map.of());
    NotificationRequest tooLong =
        new NotificationRequest(
            recipient,
            "alert",
            "t",
            "b",
            "k-" + UUID.randomUUID(),
            null,
            Duration.ofDays(40),
            Map.of());
    NotificationRequest tooBig =
        new NotificationRequest(
            recipient,
            "recall",
            "t",
            "x".repeat(2000),
            "k-" + UUID.randomUUID(),
            null,
            null,
            Map.of("a", "y".repeat(1000), "b", "z".repeat(1000), "c", "w".repeat(500)));
    NotificationRequest blankPush =
        new NotificationRequest(
            recipient,
            "alert",
            "Plaque rising",
            "2.4 on Monday",
            "k-" + UUID.randomUUID(),
            null,
            null,
            Map.of(),
            " ",
            null);
    NotificationRequest bigInboxSmallPush =
        new NotificationRequest(
            recipient,
            "recall",
            "t",
            "x".repeat(2000),
            "k-" + UUID.randomUUID(),
            null,
            null,
            Map.of("a", "y".repeat(1000), "b", "z".repeat(1000)),
            "Recall",
            "Due");

    assertThatThrownBy(() -> stack.notifications.sender().send(noTitle).await())
        .hasMessageContaining("title");
    assertThatThrownBy(() -> stack.notifications.sender().send(blankPush).await())
        .hasMessageContaining("pushTitle");
    assertThatThrownBy(() -> stack.notifications.sender().send(tooLong).await())
        .hasMessageContaining("ttlSeconds");
    assertThatThrownBy(() -> stack.notifications.sender().send(tooBig).await())
        .hasMessageContaining("4000 bytes");
    assertThat(stack.notifications.inbox().list(recipient, 10, null).await().entries()).isEmpty();
    // FCM's limit is on what the push carries: a long inbox text with a short push text is fine
    stack.notifications.sender().send(bigInboxSmallPush).await();
    assertThat(stack.notifications.inbox().list(recipient, 10, null).await().entries())
        .singleElement()
        .satisfies(e -> assertThat(e.body()).hasSize(2000));
  }

  @Test
  @DisplayName(
      "A repeat of a send that died half-way finishes it instead of answering 'done' for a lost message")
  void repeatFinishesAHalfDoneSend() {
    UUID recipient = UUID.randomUUID();
    String key = "k-" + UUID.randomUUID();
    UUID lostId = com.datastax.oss.driver.api.core.uuid.Uuids.timeBased();
    // What a send that crashed right after its claim leaves behind: the claim, nothing else.
    stack.session.execute(
        com.datastax.oss.driver.api.core.cql.SimpleStatement.newInstance(
            "INSERT INTO notifications_by_dedup_key (dedup_key, notification_id, recipient_id, claimed_at) VALUES (?, ?, ?, ?)",
            key,
            lostId,
            recipient,
            stack.clock.instant()));

    Problem early =
        problemOf(() -> stack.notifications.sender().send(request(recipient, key)).await());
    stack.clock.advance(NotificationSender.STALE_CLAIM.plusSeconds(1));
    Sent repeat = stack.notifications.sender().send(request(recipient, key)).await();

    assertThat(early.status()).as("while the first send may still be writing").isEqualTo(503);
    assertThat(repeat.created()).isFalse();
    assertThat(repeat.notificationId()).isEqualTo(lostId);
    assertThat(stack.notifications.inbox().list(recipient, 10, null).await().entries())
        .extracting(InboxEntry::id)
        .containsExactly(lostId);
  }

  @Test
  @DisplayName(
      "A sender that holds its message alone records the key without a lightweight transaction; a"
          + " repeat, and a sole sender past its instant, find it and create nothing")
  void soleSenderRecordsTheKey() {
    UUID recipient = UUID.randomUUID();
    String key = "k-" + UUID.randomUUID();
    Instant alone = stack.clock.instant().plusSeconds(60);

    Sent first =
        stack
            .notifications
            .sender()
            .send(request(recipient, key).withSoleSenderUntil(alone))
            .await();
    int roundsAfterFirst = paxosRounds(key);
    Sent repeat = stack.notifications.sender().send(request(recipient, key)).await();
    Sent late =
        stack
            .notifications
            .sender()
            .send(request(recipient, key).withSoleSenderUntil(stack.clock.instant().minusMillis(1)))
            .await();

    assertThat(first.created()).isTrue();
    assertThat(roundsAfterFirst).as("Paxos state of the key after the sole send").isZero();
    assertThat(paxosRounds(key)).as("Paxos state once a repeat claimed the key").isOne();
    assertThat(List.of(repeat, late))
        .allSatisfy(
            s -> {
              assertThat(s.created()).isFalse();
              assertThat(s.notificationId()).isEqualTo(first.notificationId());
            });
    assertThat(stack.notifications.inbox().list(recipient, 10, null).await().entries())
        .extracting(InboxEntry::id)
        .containsExactly(first.notificationId());
  }

  /** The key's Paxos state rows: one once any lightweight transaction ran on it. */
  private static int paxosRounds(String key) {
    UUID table =
        stack
            .session
            .execute(
                SimpleStatement.newInstance(
                    "SELECT id FROM system_schema.tables WHERE keyspace_name = ? AND table_name = ?",
                    stack.session.getKeyspace().orElseThrow().asInternal(),
                    "notifications_by_dedup_key"))
            .one()
            .getUuid("id");
    return stack
        .session
        .execute(
            SimpleStatement.newInstance(
                "SELECT cf_id FROM system.paxos WHERE row_key = ? AND cf_id = ?",
                ByteBuffer.wrap(key.getBytes(StandardCharsets.UTF_8)),
                table))
        .all()
        .size();
  }
}

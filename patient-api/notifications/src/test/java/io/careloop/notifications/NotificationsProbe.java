package io.careloop.notifications;

import io.careloop.notifications.inbox.InboxEntry;
import io.careloop.notifications.push.PushOutboxRepository.Delivery;
import io.careloop.notifications.push.PushTokenRepository.PushToken;
import io.vertx.core.Future;
import java.util.List;
import java.util.UUID;

/**
 * What tests of other modules look at inside a running notifications module: a recipient's inbox,
 * an account's push tokens, a notification's push deliveries. Reads block: for test threads.
 */
public final class NotificationsProbe {

  private final Notifications notifications;

  public NotificationsProbe(Notifications notifications) {
    this.notifications = notifications;
  }

  /** The newest 50 entries of the recipient's inbox, newest first. */
  public List<InboxEntry> inbox(UUID recipientId) {
    return notifications.inbox().list(recipientId, 50, null).await().entries();
  }

  /** The recipient opens the entry in their inbox, as the app does. */
  public InboxEntry markRead(UUID recipientId, UUID notificationId) {
    return notifications.inbox().markRead(recipientId, notificationId).await();
  }

  public Future<Void> registerToken(UUID accountId, String token) {
    return notifications.tokens().register(accountId, token, "android");
  }

  public List<PushToken> tokensOf(UUID accountId) {
    return notifications.tokens().tokensOf(accountId).await();
  }

  public List<Delivery> deliveries(UUID notificationId) {
    return notifications.outbox().deliveries(notificationId).await();
  }
}

package io.careloop.notifications.bus;

import io.careloop.platform.bus.Addresses;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;

/**
 * Sends notifications over {@link Addresses#NOTIFY}, to the notifications module in this process or
 * another. A send is idempotent by its dedup key, so one that failed may simply be repeated.
 */
public final class NotifyClient {

  private final EventBus bus;

  public NotifyClient(EventBus bus) {
    this.bus = bus;
    NotifyCodecs.register(bus);
  }

  /**
   * Completes once the notification is durable (inbox, and push outbox when push is on). Fails with
   * a {@link io.vertx.core.eventbus.ReplyException} whose failure code is the problem's status: 400
   * for a request that breaks a rule (it names the field), 500 or 503 to send it again.
   */
  public Future<Sent> send(NotificationRequest request) {
    return bus.<Sent>request(Addresses.NOTIFY, request).map(Message::body);
  }
}

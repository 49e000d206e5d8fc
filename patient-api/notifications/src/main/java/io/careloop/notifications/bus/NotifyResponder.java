package io.careloop.notifications.bus;

import io.careloop.platform.bus.Addresses;
import io.careloop.platform.http.Problem;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers {@link Addresses#NOTIFY}: a {@link NotificationRequest} in, a {@link Sent} out, only once
 * the sender says the notification is durable. A request that breaks a rule fails with 400 and the
 * problem's message; one that could not be stored, with 500 or 503 (the sender sends it again).
 */
public final class NotifyResponder {

  private static final Logger log = LoggerFactory.getLogger(NotifyResponder.class);

  private final EventBus bus;
  private final Function<NotificationRequest, Future<Sent>> sender;

  public NotifyResponder(EventBus bus, Function<NotificationRequest, Future<Sent>> sender) {
    this.bus = bus;
    this.sender = sender;
  }

  public Future<Void> listen() {
    NotifyCodecs.register(bus);
    return bus.consumer(Addresses.NOTIFY, this::answer).completion();
  }

  private void answer(Message<Object> message) {
    NotificationRequest request;
    try {
      request = read(message.body());
    } catch (RuntimeException e) {
      Problem p =
          e instanceof Problem problem
              ? problem
              : Problem.validation("NOTIFY's request is unreadable: " + e);
      message.fail(p.status(), p.getMessage());
      return;
    }
    sender.apply(request).onSuccess(message::reply).onFailure(err -> fail(message, request, err));
  }

  /**
   * The request; from another process it is decoded here, where a broken field fails as a problem.
   */
  private static NotificationRequest read(Object body) {
    if (body instanceof NotificationRequest request) {
      return request;
    }
    throw Problem.validation("NOTIFY carries a " + NotificationRequest.class.getName());
  }

  private static void fail(Message<Object> message, NotificationRequest request, Throwable err) {
    if (err instanceof Problem p) {
      message.fail(p.status(), p.getMessage());
      return;
    }
    log.warn(
        "Could not store notification {} of kind {}: {}",
        request.dedupKey(),
        request.kind(),
        err.toString());
    message.fail(500, "The notification could not be stored; send it again");
  }
}

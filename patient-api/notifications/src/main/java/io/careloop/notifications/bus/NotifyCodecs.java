package io.careloop.notifications.bus;

import io.careloop.platform.bus.RecordCodec;
import io.vertx.core.eventbus.EventBus;

/**
 * The codecs of NOTIFY's records; both sides register them on their event bus (again is harmless).
 */
final class NotifyCodecs {

  private NotifyCodecs() {}

  static void register(EventBus bus) {
    RecordCodec.register(
        bus, NotificationRequest.class, NotificationRequest::toJson, NotificationRequest::fromJson);
    RecordCodec.register(bus, Sent.class, Sent::toJson, Sent::fromJson);
  }
}

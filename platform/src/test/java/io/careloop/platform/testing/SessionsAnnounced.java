package io.careloop.platform.testing;

import io.careloop.platform.bus.Addresses;
import io.careloop.platform.bus.SessionsStored;
import io.careloop.platform.bus.StoredSession;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** What device-ingest announces as stored, heard by a test. */
public final class SessionsAnnounced {

  private SessionsAnnounced() {}

  /**
   * Hands each announced session that {@code which} picks to {@code into}, from the moment this
   * returns (the consumer is registered) until the caller unregisters the consumer.
   */
  public static MessageConsumer<SessionsStored> listen(
      EventBus bus, Predicate<StoredSession> which, Consumer<StoredSession> into) {
    MessageConsumer<SessionsStored> consumer =
        bus.consumer(
            Addresses.SESSION_STORED,
            m -> m.body().sessions().stream().filter(which).forEach(into));
    consumer.completion().await();
    return consumer;
  }
}

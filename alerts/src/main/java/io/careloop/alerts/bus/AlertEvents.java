package io.careloop.alerts.bus;

import io.careloop.platform.bus.Addresses;
import io.vertx.core.eventbus.EventBus;

/** Announces each step of an alert's life ({@link Addresses#ALERT_CHANGED}) to every process. */
public final class AlertEvents {

  private final EventBus bus;

  public AlertEvents(EventBus bus) {
    this.bus = bus;
    AlertCodecs.register(bus);
  }

  public void announce(AlertChanged step) {
    bus.publish(Addresses.ALERT_CHANGED, step);
  }
}

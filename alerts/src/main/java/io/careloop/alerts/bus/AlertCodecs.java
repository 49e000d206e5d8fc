package io.careloop.alerts.bus;

import io.careloop.platform.bus.RecordCodec;
import io.vertx.core.eventbus.EventBus;

/**
 * The codecs of the alerts module's bus records; senders and listeners register them (again is
 * harmless).
 */
public final class AlertCodecs {

  private AlertCodecs() {}

  public static void register(EventBus bus) {
    RecordCodec.register(bus, AlertChanged.class, AlertChanged::toJson, AlertChanged::fromJson);
    RecordCodec.register(
        bus, PatientCareQuestion.class, PatientCareQuestion::toJson, PatientCareQuestion::fromJson);
    RecordCodec.register(bus, PatientCare.class, PatientCare::toJson, PatientCare::fromJson);
  }
}

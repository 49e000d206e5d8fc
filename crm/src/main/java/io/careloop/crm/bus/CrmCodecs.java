package io.careloop.crm.bus;

import io.careloop.platform.bus.RecordCodec;
import io.vertx.core.eventbus.EventBus;

/** The CRM's typed bus records, registered on each event bus that carries them. */
public final class CrmCodecs {

  /** Between the CRM's own instances: a model or the tag rules changed ({@link ModelChanged}). */
  public static final String MODEL_CHANGED = "careloop.crm.model-changed";

  /**
   * Between the CRM's own instances: an app account was erased (its id as text), so each forgets
   * that it had listed it and an event still in flight about it lists it again for the sweep.
   */
  public static final String ACCOUNT_ERASED = "careloop.crm.account-erased";

  private CrmCodecs() {}

  public static void register(EventBus bus) {
    RecordCodec.register(bus, StageChanged.class, StageChanged::toJson, StageChanged::fromJson);
    RecordCodec.register(bus, ModelChanged.class, ModelChanged::toJson, ModelChanged::fromJson);
  }
}

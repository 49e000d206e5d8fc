package io.careloop.alerts.bus;

import io.careloop.platform.bus.Addresses;
import io.careloop.platform.bus.BusFailures;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import java.util.function.Function;

/**
 * Answers {@link Addresses#PATIENT_CARE} with what {@code care} finds: a patient's plan and alerts.
 */
public final class CareResponder {

  private final Function<PatientCareQuestion, Future<PatientCare>> care;

  public CareResponder(Function<PatientCareQuestion, Future<PatientCare>> care) {
    this.care = care;
  }

  public void answerOn(EventBus bus) {
    AlertCodecs.register(bus);
    bus.<PatientCareQuestion>consumer(
        Addresses.PATIENT_CARE,
        question ->
            care.apply(question.body())
                .onSuccess(question::reply)
                .onFailure(err -> BusFailures.reply(question, err)));
  }
}

package io.careloop.crm.standing;

import io.careloop.crm.feedback.Feedbacks;
import io.careloop.crm.patient.Patients;
import io.careloop.platform.bus.Addresses;
import io.careloop.platform.bus.BusFailures;
import io.careloop.platform.bus.PatientStanding;
import io.careloop.platform.bus.ProviderRatings;
import io.vertx.core.eventbus.EventBus;

/**
 * What booking asks the CRM: a patient's {@link FastTrack} standing ({@link
 * Addresses#PATIENT_STANDING}; a patient the CRM does not know is not on the fast track) and
 * providers' ratings ({@link Addresses#PROVIDER_RATINGS}).
 */
public final class BookingAnswers {

  private final Patients patients;
  private final Feedbacks feedbacks;

  public BookingAnswers(Patients patients, Feedbacks feedbacks) {
    this.patients = patients;
    this.feedbacks = feedbacks;
  }

  public void answerOn(EventBus bus) {
    PatientStanding.register(bus);
    ProviderRatings.register(bus);
    bus.<PatientStanding>consumer(
        Addresses.PATIENT_STANDING,
        msg -> {
          PatientStanding asked = msg.body();
          patients
              .find(asked.patientId())
              .map(found -> found.map(FastTrack::of).orElse(asked))
              .map(judged -> withAskedId(asked, judged))
              .onSuccess(msg::reply)
              .onFailure(failure -> BusFailures.reply(msg, failure));
        });
    bus.<ProviderRatings>consumer(
        Addresses.PROVIDER_RATINGS,
        msg ->
            feedbacks
                .ratingsOf(msg.body().asked())
                .onSuccess(msg::reply)
                .onFailure(failure -> BusFailures.reply(msg, failure)));
  }

  /** The answer names the id it was asked for (an account id may differ from the CRM's). */
  private static PatientStanding withAskedId(PatientStanding asked, PatientStanding judged) {
    return new PatientStanding(asked.patientId(), judged.fastTrack(), judged.reasons());
  }
}

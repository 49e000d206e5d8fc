package io.careloop.patient.journey;

import io.careloop.platform.http.Problem;
import java.util.Locale;

/**
 * The stages of a person's journey with a clinic, in order: awareness and consideration
 * (registered, searched for slots, viewed a provider), evaluation and pre-purchase (started a
 * booking), purchase (booked), post-purchase (attended, follow-up done, returned).
 */
public enum JourneyStage {
  REGISTERED,
  SEARCHED,
  VIEWED_PROVIDER,
  STARTED_BOOKING,
  BOOKED,
  ATTENDED,
  FOLLOW_UP_DONE,
  RETURNED;

  public String json() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static JourneyStage fromJson(String value) {
    try {
      return valueOf(value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw Problem.validation("Unknown journey stage " + value);
    }
  }
}

package io.careloop.patient.waitlist;

import io.careloop.platform.config.Env;
import java.time.Duration;

/**
 * Configuration of the waitlist, read once from the environment.
 *
 * @param offerValidity how long a patient has to accept freed time offered to them (never past the
 *     clinic's booking notice before the time itself)
 * @param offersPerWave how many waiting patients one wave of offers goes to at once; the first to
 *     accept gets the time, and each is told how many shared the offer
 * @param sweepInterval how often an instance looks for waves that expired untaken, to offer the
 *     time to the next patients
 * @param maxEntriesPerPatient how many entries one patient may keep on the waitlists
 */
public record WaitlistConfig(
    Duration offerValidity, int offersPerWave, Duration sweepInterval, int maxEntriesPerPatient) {

  public WaitlistConfig {
    if (offersPerWave < 1 || offersPerWave > 50) {
      throw new IllegalArgumentException(
          "CARELOOP_WAITLIST_OFFERS_PER_WAVE must be 1 to 50, got " + offersPerWave);
    }
  }

  public static WaitlistConfig defaults() {
    return new WaitlistConfig(Duration.ofMinutes(15), 3, Duration.ofSeconds(30), 5);
  }

  public static WaitlistConfig fromEnv(Env env) {
    WaitlistConfig d = defaults();
    return new WaitlistConfig(
        env.duration("CARELOOP_WAITLIST_OFFER_VALIDITY", d.offerValidity()),
        env.integer("CARELOOP_WAITLIST_OFFERS_PER_WAVE", d.offersPerWave()),
        env.duration("CARELOOP_WAITLIST_SWEEP_INTERVAL", d.sweepInterval()),
        env.integer("CARELOOP_WAITLIST_MAX_ENTRIES", d.maxEntriesPerPatient()));
  }
}

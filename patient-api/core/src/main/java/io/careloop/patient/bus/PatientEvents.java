package io.careloop.patient.bus;

import io.careloop.patient.account.Account;
import io.careloop.patient.account.AccountService;
import io.careloop.platform.auth.Role;
import io.careloop.platform.bus.Addresses;
import io.vertx.core.eventbus.EventBus;
import java.time.Clock;

/**
 * Announces patients registered and profiles changed ({@link Addresses#PATIENT_CHANGED}) to every
 * process.
 */
public final class PatientEvents {

  private final EventBus bus;
  private final Clock clock;

  public PatientEvents(EventBus bus, Clock clock) {
    this.bus = bus;
    this.clock = clock;
    PatientCodecs.register(bus);
  }

  /** From now on, every patient the service registers or whose profile it updates. */
  public void follow(AccountService accounts) {
    accounts.onRegistered(account -> publish(PatientChanged.registered(account), account));
    accounts.onProfileUpdated(
        (before, after) -> publish(PatientChanged.profile(after, clock.instant()), after));
  }

  private void publish(PatientChanged event, Account account) {
    if (account.role() == Role.PATIENT) {
      bus.publish(Addresses.PATIENT_CHANGED, event);
    }
  }
}

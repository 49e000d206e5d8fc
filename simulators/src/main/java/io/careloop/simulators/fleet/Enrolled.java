package io.careloop.simulators.fleet;

import io.careloop.simulators.chain.Account;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A brush registered and paired through the API, with its patient(s) and when each one's pairing
 * and care plan began and ended (what CareLoop will judge the sessions by).
 */
public final class Enrolled {

  /** One wearer's time: paired, on the plan (as the API answered), unpaired (null: still). */
  public record Tenure(Account patient, Instant pairedAt, Instant planStart, Instant unpairedAt) {}

  private final FleetMember member;
  private final String credential;
  private final List<Account> patients;
  private final List<Tenure> tenures = new CopyOnWriteArrayList<>();

  Enrolled(FleetMember member, String credential, List<Account> patients) {
    this.member = member;
    this.credential = credential;
    this.patients = List.copyOf(patients);
  }

  public FleetMember member() {
    return member;
  }

  public String credential() {
    return credential;
  }

  /** The wearers' accounts, first wearer first. */
  public List<Account> patients() {
    return patients;
  }

  public List<Tenure> tenures() {
    return List.copyOf(tenures);
  }

  void began(Account patient, Instant pairedAt, Instant planStart) {
    tenures.add(new Tenure(patient, pairedAt, planStart, null));
  }

  void ended(int wearer, Instant unpairedAt) {
    Tenure t = tenures.get(wearer);
    tenures.set(wearer, new Tenure(t.patient(), t.pairedAt(), t.planStart(), unpairedAt));
  }
}

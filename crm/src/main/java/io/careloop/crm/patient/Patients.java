package io.careloop.crm.patient;

import io.vertx.core.Future;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The CRM's patients: which patient an app account is, their profile as the app and imports tell
 * it, and their clinics. An app account is the patient of its own id, unless an imported patient
 * with the same e-mail address was there first: then the account is linked to that patient (the
 * rule that joins a practice system's history to the app; phone numbers do not link, families share
 * them).
 */
public final class Patients {

  /** The sweep's shards. */
  public static final int SHARDS = 32;

  private static final int REMEMBERED = 50_000;

  private final PatientRepository repository;
  private final SearchIndex index;
  private final Clock clock;

  /**
   * Accounts whose patient row and shard listing are written: each event need not write them again.
   */
  private final Set<UUID> listed =
      Collections.newSetFromMap(
          Collections.synchronizedMap(
              new LinkedHashMap<>(1024, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<UUID, Boolean> eldest) {
                  return size() > REMEMBERED;
                }
              }));

  public Patients(PatientRepository repository, SearchIndex index, Clock clock) {
    this.repository = repository;
    this.index = index;
    this.clock = clock;
  }

  public static int shardOf(UUID patientId) {
    return Math.floorMod(patientId.hashCode(), SHARDS);
  }

  public static String normalizeEmail(String email) {
    return email.strip().toLowerCase(Locale.ROOT);
  }

  /** The patient an app account (or a patient id) stands for. */
  public Future<UUID> resolve(UUID accountOrPatientId) {
    return repository
        .patientOfAccount(accountOrPatientId)
        .map(linked -> linked.orElse(accountOrPatientId));
  }

  /** The patient, found by their id or by their app account's. */
  public Future<Optional<CrmPatient>> find(UUID accountOrPatientId) {
    return resolve(accountOrPatientId).compose(repository::find);
  }

  /**
   * The patient of an account heard of in an event, recorded as known (once per instance, mostly).
   */
  public Future<UUID> known(UUID accountId) {
    return resolve(accountId)
        .compose(
            patientId ->
                listed.contains(accountId)
                    ? Future.succeededFuture(patientId)
                    : repository
                        .knownWithAccount(patientId, accountId)
                        .compose(v -> repository.list(shardOf(patientId), patientId, accountId))
                        .map(
                            v -> {
                              listed.add(accountId);
                              return patientId;
                            }));
  }

  /** The account was erased: an event about it from now on lists it again (for the sweep). */
  public void forget(UUID accountId) {
    listed.remove(accountId);
  }

  /**
   * The profile of an app account: stored on its patient (linked by e-mail first if it can be),
   * re-indexed.
   */
  public Future<UUID> appProfile(AppProfile profile) {
    UUID account = profile.accountId();
    return resolve(account)
        .compose(
            patientId ->
                patientId.equals(account) && profile.email() != null
                    ? linkByEmail(profile)
                    : Future.succeededFuture(patientId))
        .compose(
            patientId ->
                repository
                    .saveApp(patientId, profile, clock.instant())
                    .compose(v -> repository.list(shardOf(patientId), patientId, account))
                    .compose(v -> index.reindex(patientId))
                    .map(patientId));
  }

  /** Whether the row of the account's patient already holds this profile. */
  public Future<Boolean> holds(AppProfile profile) {
    return find(profile.accountId()).map(found -> found.isPresent() && holds(found.get(), profile));
  }

  /**
   * Whether the patient's row says what the profile says; a field the profile leaves out is not
   * compared (storing the profile would leave it as it is).
   */
  static boolean holds(CrmPatient row, AppProfile profile) {
    return profile.accountId().equals(row.accountId())
        && same(profile.name(), row.name())
        && same(profile.email(), row.email())
        && same(profile.phone(), row.phone())
        && same(profile.timeZone(), row.timeZone())
        && same(
            profile.registeredAt() == null
                ? null
                : profile.registeredAt().truncatedTo(ChronoUnit.MILLIS),
            row.registeredAt());
  }

  private static boolean same(Object told, Object stored) {
    return told == null || told.equals(stored);
  }

  /**
   * The imported patient holding the account's address gets the account, unless another account has
   * it.
   */
  private Future<UUID> linkByEmail(AppProfile profile) {
    UUID account = profile.accountId();
    return repository
        .claimEmail(normalizeEmail(profile.email()), account)
        .compose(
            holder ->
                holder.equals(account)
                    ? Future.succeededFuture(account)
                    : repository
                        .linkAccount(holder, account)
                        .compose(
                            linked ->
                                linked.equals(account)
                                    ? repository.saveAccountLink(account, holder).map(holder)
                                    : Future.succeededFuture(account)));
  }

  /**
   * The patient is a patient of the clinic: its staff see them (adding it twice changes nothing).
   */
  public Future<Void> addClinic(UUID patientId, UUID clinicId) {
    return repository
        .find(patientId)
        .compose(
            p ->
                p.isPresent() && p.get().clinicIds().contains(clinicId)
                    ? Future.succeededFuture()
                    : repository
                        .addClinic(patientId, clinicId)
                        .compose(v -> index.reindex(patientId)));
  }

  /** The patient's labels as just judged, and their rows in the clinics' label lists with them. */
  public Future<Void> relabel(UUID patientId, Set<String> labels) {
    return repository.saveLabels(patientId, labels).compose(v -> index.reindex(patientId));
  }

  public PatientRepository repository() {
    return repository;
  }

  public SearchIndex index() {
    return index;
  }
}

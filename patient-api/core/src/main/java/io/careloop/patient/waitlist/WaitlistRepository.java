package io.careloop.patient.waitlist;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.careloop.platform.cassandra.Cql;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Waitlist entries, rounds of freed time and offers, in the tables of 012_waitlist.cql and
 * 022_waitlist_offers_by_clinic_day.cql.
 */
public final class WaitlistRepository {

  private static final String ENTRY_COLUMNS =
      "entry_id, patient_id, clinic_id, service_id, provider_id, from_day, to_day, joined_at";
  private static final String OFFER_COLUMNS =
      "offer_id, patient_id, entry_id, clinic_id, service_id, provider_id, start, freed_by,"
          + " expires_at, shared_with, appointment_id, created_at, day, joined_at, state,"
          + " decided_at";
  private static final String CLINIC_OFFER_COLUMNS =
      "clinic_id, day, offer_id, service_id, created_at, expires_at, joined_at, state,"
          + " decided_at";
  private static final String ROUND_COLUMNS =
      "clinic_id, start, provider_id, freed_by, wave, wave_expires, offered_entries,"
          + " taken_by_offer";

  private final Cql cql;
  private final PreparedStatement insertByPatient;
  private final PreparedStatement insertByClinic;
  private final PreparedStatement entriesOfPatient;
  private final PreparedStatement entryOfPatient;
  private final PreparedStatement entriesAtClinic;
  private final PreparedStatement deleteByPatient;
  private final PreparedStatement deleteByClinic;
  private final PreparedStatement insertRound;
  private final PreparedStatement round;
  private final PreparedStatement roundsFrom;
  private final PreparedStatement advanceWave;
  private final PreparedStatement takeRound;
  private final PreparedStatement insertOffer;
  private final PreparedStatement offer;
  private final PreparedStatement offersOfPatient;
  private final PreparedStatement deleteOffers;
  private final PreparedStatement insertClinicOffer;
  private final PreparedStatement clinicOffers;

  /** Prepares its statements: construct it on a worker thread. */
  public WaitlistRepository(CqlSession session) {
    this.cql = new Cql(session);
    insertByPatient =
        session.prepare(
            "INSERT INTO waitlist_by_patient ("
                + ENTRY_COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    insertByClinic =
        session.prepare(
            "INSERT INTO waitlist_by_clinic ("
                + ENTRY_COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    entriesOfPatient =
        session.prepare(
            "SELECT " + ENTRY_COLUMNS + " FROM waitlist_by_patient WHERE patient_id = ?");
    entryOfPatient =
        session.prepare(
            "SELECT "
                + ENTRY_COLUMNS
                + " FROM waitlist_by_patient WHERE patient_id = ? AND entry_id = ?");
    entriesAtClinic =
        session.prepare("SELECT " + ENTRY_COLUMNS + " FROM waitlist_by_clinic WHERE clinic_id = ?");
    deleteByPatient =
        session.prepare("DELETE FROM waitlist_by_patient WHERE patient_id = ? AND entry_id = ?");
    deleteByClinic =
        session.prepare(
            "DELETE FROM waitlist_by_clinic WHERE clinic_id = ? AND joined_at = ?"
                + " AND entry_id = ?");
    insertRound =
        session.prepare(
            "INSERT INTO waitlist_freed_time ("
                + ROUND_COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, null) IF NOT EXISTS USING TTL ?");
    round =
        session.prepare(
            "SELECT "
                + ROUND_COLUMNS
                + " FROM waitlist_freed_time WHERE clinic_id = ? AND start = ?"
                + " AND provider_id = ? AND freed_by = ?");
    roundsFrom =
        session.prepare(
            "SELECT "
                + ROUND_COLUMNS
                + " FROM waitlist_freed_time WHERE clinic_id = ? AND start > ?");
    advanceWave =
        session.prepare(
            "UPDATE waitlist_freed_time USING TTL ? SET wave = ?, wave_expires = ?,"
                + " offered_entries = offered_entries + ? WHERE clinic_id = ? AND start = ?"
                + " AND provider_id = ? AND freed_by = ? IF wave = ? AND taken_by_offer = null");
    takeRound =
        session.prepare(
            "UPDATE waitlist_freed_time SET taken_by_offer = ? WHERE clinic_id = ? AND start = ?"
                + " AND provider_id = ? AND freed_by = ?");
    insertOffer =
        session.prepare(
            "INSERT INTO waitlist_offers_by_patient ("
                + OFFER_COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    offer =
        session.prepare(
            "SELECT "
                + OFFER_COLUMNS
                + " FROM waitlist_offers_by_patient WHERE patient_id = ? AND offer_id = ?");
    offersOfPatient =
        session.prepare(
            "SELECT " + OFFER_COLUMNS + " FROM waitlist_offers_by_patient WHERE patient_id = ?");
    deleteOffers = session.prepare("DELETE FROM waitlist_offers_by_patient WHERE patient_id = ?");
    insertClinicOffer =
        session.prepare(
            "INSERT INTO waitlist_offers_by_clinic_day ("
                + CLINIC_OFFER_COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    clinicOffers =
        session.prepare(
            "SELECT "
                + CLINIC_OFFER_COLUMNS
                + " FROM waitlist_offers_by_clinic_day WHERE clinic_id = ? AND day IN ?");
  }

  // ------------------------------------------------------------------------------- entries

  public Future<Void> add(WaitlistEntry e) {
    Object[] values = {
      e.id(),
      e.patientId(),
      e.clinicId(),
      e.serviceId(),
      e.providerId().orElse(null),
      e.from(),
      e.to(),
      e.joinedAt()
    };
    return cql.run(
        BatchStatement.newInstance(
            DefaultBatchType.LOGGED, insertByPatient.bind(values), insertByClinic.bind(values)));
  }

  public Future<List<WaitlistEntry>> ofPatient(UUID patientId) {
    return cql.all(entriesOfPatient.bind(patientId))
        .map(rows -> rows.stream().map(WaitlistRepository::entry).toList());
  }

  public Future<Optional<WaitlistEntry>> entry(UUID patientId, UUID entryId) {
    return cql.one(entryOfPatient.bind(patientId, entryId))
        .map(row -> row.map(WaitlistRepository::entry));
  }

  /** The clinic's entries, first come first. */
  public Future<List<WaitlistEntry>> atClinic(UUID clinicId) {
    return cql.all(entriesAtClinic.bind(clinicId))
        .map(rows -> rows.stream().map(WaitlistRepository::entry).toList());
  }

  public Future<Void> remove(WaitlistEntry e) {
    return cql.run(
        BatchStatement.newInstance(
            DefaultBatchType.LOGGED,
            deleteByPatient.bind(e.patientId(), e.id()),
            deleteByClinic.bind(e.clinicId(), e.joinedAt(), e.id())));
  }

  private static WaitlistEntry entry(Row r) {
    return new WaitlistEntry(
        r.getUuid("entry_id"),
        r.getUuid("patient_id"),
        r.getUuid("clinic_id"),
        r.getUuid("service_id"),
        Optional.ofNullable(r.getUuid("provider_id")),
        r.getLocalDate("from_day"),
        r.getLocalDate("to_day"),
        r.getInstant("joined_at"));
  }

  // -------------------------------------------------------------------------------- rounds

  /** Starts a round for freed time: false when another instance started it first. */
  public Future<Boolean> startRound(FreedTime t, Duration keep) {
    return cql.applied(
        insertRound.bind(
            t.clinicId(),
            t.start(),
            t.providerId(),
            t.freedBy(),
            t.wave(),
            t.waveExpires(),
            t.offeredEntries(),
            ttl(keep)));
  }

  public Future<Optional<FreedTime>> round(UUID clinicId, Instant start, UUID provider, UUID by) {
    return cql.one(round.bind(clinicId, start, provider, by))
        .map(row -> row.map(WaitlistRepository::round));
  }

  /** The clinic's rounds for time that starts after {@code after}. */
  public Future<List<FreedTime>> roundsAfter(UUID clinicId, Instant after) {
    return cql.all(roundsFrom.bind(clinicId, after))
        .map(rows -> rows.stream().map(WaitlistRepository::round).toList());
  }

  /**
   * Moves the round from wave {@code t.wave()} to the next, offered to {@code entries} until {@code
   * expires}: false when another instance moved it first or an offer took the time.
   */
  public Future<Boolean> nextWave(FreedTime t, Instant expires, Set<UUID> entries, Duration keep) {
    return cql.applied(
        advanceWave.bind(
            ttl(keep),
            t.wave() + 1,
            expires,
            entries,
            t.clinicId(),
            t.start(),
            t.providerId(),
            t.freedBy(),
            t.wave()));
  }

  public Future<Void> taken(FreedTime t, UUID offerId) {
    return cql.run(takeRound.bind(offerId, t.clinicId(), t.start(), t.providerId(), t.freedBy()));
  }

  private static FreedTime round(Row r) {
    return new FreedTime(
        r.getUuid("clinic_id"),
        r.getInstant("start"),
        r.getUuid("provider_id"),
        r.getUuid("freed_by"),
        r.getInt("wave"),
        r.getInstant("wave_expires"),
        r.getSet("offered_entries", UUID.class),
        Optional.ofNullable(r.getUuid("taken_by_offer")));
  }

  private static int ttl(Duration keep) {
    return (int) Math.max(60, keep.toSeconds());
  }

  // -------------------------------------------------------------------------------- offers

  /**
   * Writes the offer, or its new state, for the patient and for the clinic's figures in one logged
   * batch, so the two never disagree. An offer made before the figures were kept has no day: it
   * stays out of them.
   */
  public Future<Void> save(WaitlistOffer o) {
    String state = o.state().name().toLowerCase(Locale.ROOT);
    Instant decided = o.decidedAt().orElse(null);
    var ofPatient =
        insertOffer.bind(
            o.id(),
            o.patientId(),
            o.entryId(),
            o.clinicId(),
            o.serviceId(),
            o.providerId(),
            o.start(),
            o.freedBy(),
            o.expiresAt(),
            o.sharedWith(),
            o.appointmentId().orElse(null),
            o.createdAt(),
            o.day(),
            o.joinedAt(),
            state,
            decided);
    if (o.day() == null) {
      return cql.run(ofPatient);
    }
    return cql.run(
        BatchStatement.newInstance(
            DefaultBatchType.LOGGED,
            ofPatient,
            insertClinicOffer.bind(
                o.clinicId(),
                o.day(),
                o.id(),
                o.serviceId(),
                o.createdAt(),
                o.expiresAt(),
                o.joinedAt(),
                state,
                decided)));
  }

  /** The offers made at the clinic on the given local days of the clinic. */
  public Future<List<OfferOutcome>> offersAtClinic(UUID clinicId, List<LocalDate> days) {
    return cql.all(clinicOffers.bind(clinicId, days))
        .map(rows -> rows.stream().map(WaitlistRepository::outcome).toList());
  }

  private static OfferOutcome outcome(Row r) {
    return new OfferOutcome(
        r.getUuid("offer_id"),
        r.getUuid("service_id"),
        r.getInstant("created_at"),
        r.getInstant("expires_at"),
        Optional.ofNullable(r.getInstant("joined_at")),
        state(r.getString("state"), false),
        Optional.ofNullable(r.getInstant("decided_at")));
  }

  /** Offers stored before states were kept: accepted when they became an appointment. */
  private static WaitlistOffer.State state(String stored, boolean booked) {
    if (stored == null) {
      return booked ? WaitlistOffer.State.ACCEPTED : WaitlistOffer.State.OPEN;
    }
    return WaitlistOffer.State.valueOf(stored.toUpperCase(Locale.ROOT));
  }

  public Future<Optional<WaitlistOffer>> offer(UUID patientId, UUID offerId) {
    return cql.one(offer.bind(patientId, offerId)).map(row -> row.map(WaitlistRepository::offer));
  }

  public Future<List<WaitlistOffer>> offersOf(UUID patientId) {
    return cql.all(offersOfPatient.bind(patientId))
        .map(rows -> rows.stream().map(WaitlistRepository::offer).toList());
  }

  /** Erasure: the patient's offers go; their entries go with {@link #remove}. */
  public Future<Void> forgetOffers(UUID patientId) {
    return cql.run(deleteOffers.bind(patientId));
  }

  private static WaitlistOffer offer(Row r) {
    return new WaitlistOffer(
        r.getUuid("offer_id"),
        r.getUuid("patient_id"),
        r.getUuid("entry_id"),
        r.getUuid("clinic_id"),
        r.getUuid("service_id"),
        r.getUuid("provider_id"),
        r.getInstant("start"),
        r.getUuid("freed_by"),
        r.getInstant("expires_at"),
        r.getInt("shared_with"),
        Optional.ofNullable(r.getUuid("appointment_id")),
        r.getInstant("created_at"),
        r.getLocalDate("day"),
        r.getInstant("joined_at"),
        state(r.getString("state"), r.getUuid("appointment_id") != null),
        Optional.ofNullable(r.getInstant("decided_at")));
  }
}

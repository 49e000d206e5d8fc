package io.careloop.patient.booking;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchStatementBuilder;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.careloop.platform.cassandra.Cql;
import io.vertx.core.Future;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * The claims on providers' time (provider_time_by_day), and on rooms' ({@link #forRooms}): the one
 * place that decides who holds a provider's (or a room's) quarter hour. Every write here is a
 * lightweight transaction on one partition (one provider, one local day), in one batch per request,
 * so a claim takes all of its cells or none, and a release only ever removes cells of the claim
 * that names them.
 */
public final class ProviderTimeRepository {

  /** Who holds one cell. */
  public record Claim(Instant cell, UUID appointmentId, UUID claimId) {}

  private final Cql cql;
  private final PreparedStatement insertCell;
  private final PreparedStatement retagCell;
  private final PreparedStatement deleteCell;
  private final PreparedStatement selectDay;
  private final PreparedStatement selectDays;

  /** Prepares its statements: construct it on a worker thread. */
  public ProviderTimeRepository(CqlSession session) {
    this(session, "provider_time_by_day", "provider_id");
  }

  private ProviderTimeRepository(CqlSession session, String table, String key) {
    this.cql = new Cql(session);
    insertCell =
        session.prepare(
            "INSERT INTO "
                + table
                + " ("
                + key
                + ", day, cell, appointment_id, claim_id) VALUES (?, ?, ?, ?, ?) IF NOT EXISTS");
    retagCell =
        session.prepare(
            "UPDATE "
                + table
                + " SET claim_id = ? WHERE "
                + key
                + " = ? AND day = ?"
                + " AND cell = ? IF claim_id = ?");
    deleteCell =
        session.prepare(
            "DELETE FROM "
                + table
                + " WHERE "
                + key
                + " = ? AND day = ? AND cell = ?"
                + " IF claim_id = ?");
    selectDay =
        session.prepare(
            "SELECT cell, appointment_id, claim_id FROM "
                + table
                + " WHERE "
                + key
                + " = ? AND day = ?");
    selectDays =
        session.prepare(
            "SELECT cell, appointment_id, claim_id FROM "
                + table
                + " WHERE "
                + key
                + " = ? AND day IN ?");
  }

  /**
   * The claims on rooms' time (room_time_by_day), made and read exactly as providers': a room a
   * patient's needs require is held like the provider's time. The ids are {@link
   * io.careloop.patient.clinic.ClinicFacilities.Room#id rooms' ids}.
   */
  public static ProviderTimeRepository forRooms(CqlSession session) {
    return new ProviderTimeRepository(session, "room_time_by_day", "room_id");
  }

  /**
   * Claims {@code fresh} cells (free until now) and takes over {@code retagged} cells from the
   * appointment's previous claim (when a reschedule overlaps the old time), all or nothing.
   *
   * @return whether the claim was applied; false when anyone holds any of the fresh cells
   */
  public Future<Boolean> claim(
      UUID providerId,
      LocalDate day,
      List<Instant> fresh,
      List<Instant> retagged,
      UUID appointmentId,
      UUID claimId,
      UUID previousClaimId) {
    BatchStatementBuilder batch = BatchStatement.builder(DefaultBatchType.LOGGED);
    fresh.forEach(
        cell -> batch.addStatement(insertCell.bind(providerId, day, cell, appointmentId, claimId)));
    retagged.forEach(
        cell ->
            batch.addStatement(retagCell.bind(claimId, providerId, day, cell, previousClaimId)));
    return cql.applied(batch.build());
  }

  /** Gives back cells taken by a claim whose appointment change did not go through. */
  public Future<Void> undo(
      UUID providerId,
      LocalDate day,
      List<Instant> fresh,
      List<Instant> retagged,
      UUID claimId,
      UUID previousClaimId) {
    return Future.all(
            release(providerId, day, fresh, claimId),
            retag(providerId, day, retagged, claimId, previousClaimId))
        .mapEmpty();
  }

  /** Hands cells from one claim to another, each only if {@code from} still holds it. */
  public Future<Void> retag(
      UUID providerId, LocalDate day, List<Instant> cells, UUID from, UUID to) {
    return Future.all(
            cells.stream()
                .map(cell -> cql.run(retagCell.bind(to, providerId, day, cell, from)))
                .toList())
        .mapEmpty();
  }

  /**
   * Frees the cells that {@code claimId} holds among {@code cells}. One batch normally; should a
   * cell have changed hands (it cannot, unless something outside this class wrote it), each cell is
   * released on its own so the others are still freed.
   */
  public Future<Void> release(UUID providerId, LocalDate day, List<Instant> cells, UUID claimId) {
    if (cells.isEmpty()) {
      return Future.succeededFuture();
    }
    BatchStatementBuilder batch = BatchStatement.builder(DefaultBatchType.LOGGED);
    cells.forEach(cell -> batch.addStatement(deleteCell.bind(providerId, day, cell, claimId)));
    return cql.applied(batch.build())
        .compose(
            applied ->
                applied
                    ? Future.succeededFuture()
                    : Future.all(
                            cells.stream()
                                .map(
                                    cell ->
                                        cql.applied(
                                            deleteCell.bind(providerId, day, cell, claimId)))
                                .toList())
                        .mapEmpty());
  }

  /** The provider's claimed cells that day, as last committed (what the slot search reads). */
  public Future<List<Claim>> claimsOn(UUID providerId, LocalDate day) {
    return cql.all(selectDay.bind(providerId, day)).map(ProviderTimeRepository::toClaims);
  }

  /**
   * The provider's claimed cells on several days (at most a search's 31) in one request: the
   * coordinator reads the partitions, instead of the client sending one request per day, which
   * under load exhausts the driver's in-flight requests per connection.
   */
  public Future<List<Claim>> claimsOn(UUID providerId, List<LocalDate> days) {
    if (days.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    return cql.all(selectDays.bind(providerId, days)).map(ProviderTimeRepository::toClaims);
  }

  /**
   * The same, read through Paxos (LOCAL_SERIAL): it also sees a claim another request is committing
   * right now. Used to tell our own earlier claim from someone else's.
   */
  public Future<List<Claim>> claimsOnSerial(UUID providerId, LocalDate day) {
    return cql.all(
            selectDay
                .bind(providerId, day)
                .setConsistencyLevel(DefaultConsistencyLevel.LOCAL_SERIAL))
        .map(ProviderTimeRepository::toClaims);
  }

  private static List<Claim> toClaims(List<Row> rows) {
    return rows.stream()
        .map(
            r ->
                new Claim(r.getInstant("cell"), r.getUuid("appointment_id"), r.getUuid("claim_id")))
        .toList();
  }
}

package io.careloop.patient.clinic;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.careloop.platform.cassandra.Cql;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.UUID;

/** Stores {@link ClinicFacilities} in clinic_facilities_by_clinic. */
public final class FacilitiesRepository {

  private final Cql cql;
  private final Clock clock;
  private final PreparedStatement select;
  private final PreparedStatement upsert;

  /** Prepares its statements: construct it on a worker thread. */
  public FacilitiesRepository(CqlSession session, Clock clock) {
    this.cql = new Cql(session);
    this.clock = clock;
    select =
        session.prepare(
            "SELECT meets, interpreter_languages, extra_minutes FROM clinic_facilities_by_clinic"
                + " WHERE clinic_id = ?");
    upsert =
        session.prepare(
            "INSERT INTO clinic_facilities_by_clinic (clinic_id, meets, interpreter_languages,"
                + " extra_minutes, updated_at) VALUES (?, ?, ?, ?, ?)");
  }

  /** What the clinic declared; {@link ClinicFacilities#NONE} if nothing. */
  public Future<ClinicFacilities> of(UUID clinicId) {
    return cql.one(select.bind(clinicId))
        .map(row -> row.map(FacilitiesRepository::read).orElse(ClinicFacilities.NONE));
  }

  public Future<Void> save(UUID clinicId, ClinicFacilities facilities) {
    return cql.run(
        upsert.bind(
            clinicId,
            facilities.meets(),
            facilities.interpreterLanguages(),
            facilities.extraMinutes(),
            clock.instant()));
  }

  private static ClinicFacilities read(Row row) {
    return new ClinicFacilities(
        row.getSet("meets", String.class),
        row.getSet("interpreter_languages", String.class),
        row.getMap("extra_minutes", String.class, Integer.class));
  }
}

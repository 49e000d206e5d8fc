package io.careloop.patient.clinic;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.type.reflect.GenericType;
import io.careloop.platform.cassandra.Cql;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/** Stores {@link ClinicFacilities} in clinic_facilities_by_clinic. */
public final class FacilitiesRepository {

  private static final GenericType<Map<String, Set<String>>> ROOMS =
      GenericType.mapOf(GenericType.STRING, GenericType.setOf(GenericType.STRING));

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
            "SELECT meets, interpreter_languages, extra_minutes, rooms"
                + " FROM clinic_facilities_by_clinic WHERE clinic_id = ?");
    upsert =
        session.prepare(
            "INSERT INTO clinic_facilities_by_clinic (clinic_id, meets, interpreter_languages,"
                + " extra_minutes, rooms, updated_at) VALUES (?, ?, ?, ?, ?, ?)");
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
            roomsByName(facilities),
            clock.instant()));
  }

  private static Map<String, Set<String>> roomsByName(ClinicFacilities facilities) {
    Map<String, Set<String>> rooms = new TreeMap<>();
    facilities.rooms().forEach(room -> rooms.put(room.name(), room.meets()));
    return rooms;
  }

  private static ClinicFacilities read(Row row) {
    Map<String, Set<String>> rooms = new TreeMap<>();
    Map<String, Set<String>> stored = row.get("rooms", ROOMS);
    if (stored != null) {
      rooms.putAll(stored);
    }
    return new ClinicFacilities(
        row.getSet("meets", String.class),
        row.getSet("interpreter_languages", String.class),
        row.getMap("extra_minutes", String.class, Integer.class),
        rooms.entrySet().stream()
            .map(room -> new ClinicFacilities.Room(room.getKey(), room.getValue()))
            .toList());
  }
}

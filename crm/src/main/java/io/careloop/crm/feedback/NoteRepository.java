package io.careloop.crm.feedback;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import io.careloop.platform.cassandra.Cql;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** crm_notes_by_patient: staff notes, newest first. */
public final class NoteRepository {

  private final Cql cql;
  private final PreparedStatement insert;
  private final PreparedStatement select;

  /** Prepares its statements: construct it on a worker thread. */
  public NoteRepository(CqlSession session) {
    this.cql = new Cql(session);
    insert =
        session.prepare(
            "INSERT INTO crm_notes_by_patient (patient_id, note_id, channel, text, sentiment,"
                + " classifier, author_id, author_role) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    select =
        session.prepare(
            "SELECT note_id, channel, text, sentiment, classifier, author_id, author_role"
                + " FROM crm_notes_by_patient WHERE patient_id = ? LIMIT ?");
  }

  public Future<Void> save(Note n) {
    return cql.run(
        insert.bind(
            n.patientId(),
            n.id(),
            n.channel(),
            n.text(),
            n.sentiment(),
            n.classifier(),
            n.authorId(),
            n.authorRole()));
  }

  public Future<List<Note>> ofPatient(UUID patientId, int limit) {
    return cql.all(select.bind(patientId, limit))
        .map(rows -> rows.stream().map(r -> note(patientId, r)).toList());
  }

  private static Note note(UUID patientId, Row r) {
    UUID id = r.getUuid("note_id");
    return new Note(
        id,
        patientId,
        r.getString("channel"),
        r.getString("text"),
        r.getString("sentiment"),
        r.getString("classifier"),
        r.getUuid("author_id"),
        r.getString("author_role"),
        Instant.ofEpochMilli(Uuids.unixTimestamp(id)));
  }
}

package io.careloop.crm.imports;

import io.careloop.crm.identity.Identities;
import io.careloop.crm.identity.Identity;
import io.careloop.crm.judgement.Judgements;
import io.careloop.crm.patient.Patients;
import io.careloop.crm.projection.VisitRepository;
import io.careloop.crm.sheet.SheetRepository;
import io.careloop.crm.timeline.Timeline;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.time.Clock;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A chain's history from its practice system, as JSON lines: patients (with their external ids and
 * contacts), then their past visits. Read as the body arrives, validated line by line, stored
 * idempotently: the same file twice changes what once did. The patients a file changed are judged
 * before the answer, so the record it shows is current.
 */
public final class Imports {

  private final Identities identities;
  private final Patients patients;
  private final VisitRepository visits;
  private final Timeline timeline;
  private final SheetRepository sheets;
  private final Judgements judgements;
  private final int concurrency;
  private final Clock clock;

  public Imports(
      Identities identities,
      Patients patients,
      VisitRepository visits,
      Timeline timeline,
      SheetRepository sheets,
      Judgements judgements,
      int concurrency,
      Clock clock) {
    this.identities = identities;
    this.patients = patients;
    this.visits = visits;
    this.timeline = timeline;
    this.sheets = sheets;
    this.judgements = judgements;
    this.concurrency = concurrency;
    this.clock = clock;
  }

  /** The external ids' system must be an identity system name (400 otherwise). */
  public Future<ImportReport> patients(ReadStream<Buffer> body, String system) {
    String checked = Identity.of(system, "-").system();
    Set<UUID> changed = ConcurrentHashMap.newKeySet();
    return judged(
        new LineImport<>(
                new PatientImport(checked, identities, patients, changed, clock), concurrency)
            .run(body),
        changed);
  }

  public Future<ImportReport> visits(ReadStream<Buffer> body, String system) {
    String checked = Identity.of(system, "-").system();
    Set<UUID> changed = ConcurrentHashMap.newKeySet();
    return judged(
        new LineImport<>(
                new VisitImport(
                    checked, identities, patients, visits, timeline, sheets, changed, clock),
                concurrency)
            .run(body),
        changed);
  }

  private Future<ImportReport> judged(Future<ImportReport> imported, Set<UUID> changed) {
    return imported.compose(report -> judgements.judgeAll(changed, concurrency).map(report));
  }
}

package io.careloop.crm;

import com.datastax.oss.driver.api.core.CqlSession;
import io.careloop.crm.audit.RecordReads;
import io.careloop.crm.bus.EventIntake;
import io.careloop.crm.bus.Sources;
import io.careloop.crm.feedback.FeedbackRepository;
import io.careloop.crm.feedback.Feedbacks;
import io.careloop.crm.feedback.NoteRepository;
import io.careloop.crm.http.FeedbackApi;
import io.careloop.crm.http.ImportApi;
import io.careloop.crm.http.StaffPatientApi;
import io.careloop.crm.identity.Identities;
import io.careloop.crm.identity.IdentityRepository;
import io.careloop.crm.imports.Imports;
import io.careloop.crm.patient.PatientRepository;
import io.careloop.crm.patient.Patients;
import io.careloop.crm.patient.SearchIndex;
import io.careloop.crm.patient.SearchRepository;
import io.careloop.crm.projection.AppointmentProjectionRepository;
import io.careloop.crm.projection.OpenAlertRepository;
import io.careloop.crm.projection.Projections;
import io.careloop.crm.projection.VisitRepository;
import io.careloop.crm.record.PatientRecords;
import io.careloop.crm.rights.CrmPersonalData;
import io.careloop.crm.rights.CrmPrivacyRepository;
import io.careloop.crm.search.PatientSearch;
import io.careloop.crm.sentiment.RatingOnlySentiment;
import io.careloop.crm.sentiment.SentimentClassifier;
import io.careloop.crm.sweep.CrmSweep;
import io.careloop.crm.timeline.Timeline;
import io.careloop.crm.timeline.TimelineRepository;
import io.careloop.platform.cassandra.SchemaMigrator;
import io.careloop.platform.cassandra.ShardLeases;
import io.careloop.platform.http.HttpApi;
import io.careloop.platform.privacy.PersonalDataResponder;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.List;

/**
 * The CRM, assembled: the patient record and timeline kept current from the other modules' events
 * and by a sweep, external identities, imports from practice systems, feedback and notes, staff
 * search, and the audit of every read. Only wires; the parts do the work.
 */
public final class Crm {

  public static final String MODULE = "crm";

  /** The parts that prepare statements, built together on a worker thread. */
  private record Repositories(PatientRepository patients, SearchRepository search, IdentityRepository identities,
                              TimelineRepository timeline, AppointmentProjectionRepository appointments,
                              VisitRepository visits, OpenAlertRepository openAlerts, FeedbackRepository feedback,
                              NoteRepository notes, RecordReads reads, ShardLeases leases,
                              CrmPrivacyRepository privacy) {

    static Repositories prepare(CqlSession session, CrmConfig config) {
      return new Repositories(new PatientRepository(session), new SearchRepository(session),
          new IdentityRepository(session), new TimelineRepository(session),
          new AppointmentProjectionRepository(session), new VisitRepository(session), new OpenAlertRepository(session),
          new FeedbackRepository(session), new NoteRepository(session), new RecordReads(session),
          new ShardLeases(session, "crm_sweep_lease_by_shard", config.sweepLease()), new CrmPrivacyRepository(session));
    }
  }

  private final Vertx vertx;
  private final Patients patients;
  private final Identities identities;
  private final PatientRecords records;
  private final EventIntake intake;
  private final CrmSweep sweep;
  private final RecordReads reads;
  private final List<HttpApi> apis;
  private final PersonalDataResponder dataRights;

  private Crm(Vertx vertx, Repositories r, CrmConfig config, SentimentClassifier classifier, Clock clock) {
    this.vertx = vertx;
    this.reads = r.reads();
    Sources sources = new Sources(vertx.eventBus());
    Timeline timeline = new Timeline(r.timeline());
    this.patients = new Patients(r.patients(), new SearchIndex(r.patients(), r.search()), clock);
    this.identities = new Identities(r.identities(), timeline, clock);
    Projections projections = new Projections(patients, timeline, r.appointments(), r.openAlerts());
    Feedbacks feedbacks = new Feedbacks(sources, patients, r.feedback(), r.notes(), timeline, classifier, clock);
    this.records = new PatientRecords(patients, identities, r.appointments(), r.visits(), feedbacks, timeline, sources,
        r.reads(), clock);
    this.intake = new EventIntake(vertx.eventBus(), projections);
    this.sweep = new CrmSweep(patients, projections, r.openAlerts(), sources, r.leases().newHolder(),
        new CrmSweep.Settings(config.sweepInterval(), config.sweepConcurrency(), config.sessionLookback()), clock);
    PatientSearch search = new PatientSearch(patients, r.search(), identities, r.appointments(), r.openAlerts(),
        r.reads(), clock);
    this.apis = List.of(new StaffPatientApi(search, records, identities, feedbacks, clock), new FeedbackApi(feedbacks),
        new ImportApi(new Imports(identities, patients, r.visits(), timeline, config.importConcurrency(), clock)));
    this.dataRights = PersonalDataResponder.answer(vertx.eventBus(), new CrmPersonalData(MODULE, r.privacy(),
        r.search(), clock));
  }

  /** With the placeholder sentiment ({@link RatingOnlySentiment}) until the CRM model's classifier lands. */
  public static Future<Crm> create(Vertx vertx, CqlSession session, CrmConfig config, Clock clock) {
    return create(vertx, session, config, new RatingOnlySentiment(), clock);
  }

  public static Future<Crm> create(Vertx vertx, CqlSession session, CrmConfig config, SentimentClassifier classifier,
                                   Clock clock) {
    return new SchemaMigrator(session).migrate(vertx, MODULE)
        .compose(applied -> vertx.executeBlocking(() -> Repositories.prepare(session, config)))
        .map(repositories -> new Crm(vertx, repositories, config, classifier, clock));
  }

  /** Hears the other modules' events from now on. */
  public Future<Void> startListening() {
    return intake.start();
  }

  public void startSweeper() {
    sweep.start(vertx);
  }

  /** Stops hearing events and sweeping (this instance only); its sweep shards go back at once. */
  public Future<Void> stop() {
    return Future.join(intake.stop(), sweep.stop(vertx)).mapEmpty();
  }

  public List<HttpApi> apis() {
    return apis;
  }

  public Patients patients() {
    return patients;
  }

  public Identities identities() {
    return identities;
  }

  public PatientRecords records() {
    return records;
  }

  public EventIntake intake() {
    return intake;
  }

  public CrmSweep sweep() {
    return sweep;
  }

  public RecordReads reads() {
    return reads;
  }

  /** Where this module answers for the personal data it holds. */
  public PersonalDataResponder dataRights() {
    return dataRights;
  }
}

package io.careloop.crm;

import com.datastax.oss.driver.api.core.CqlSession;
import io.careloop.crm.audit.RecordReads;
import io.careloop.crm.bus.CrmCodecs;
import io.careloop.crm.bus.EventIntake;
import io.careloop.crm.bus.Sources;
import io.careloop.crm.campaign.CampaignRepository;
import io.careloop.crm.campaign.CampaignStats;
import io.careloop.crm.campaign.CampaignTriggers;
import io.careloop.crm.campaign.Campaigns;
import io.careloop.crm.campaign.SeedCampaigns;
import io.careloop.crm.feedback.FeedbackRepository;
import io.careloop.crm.feedback.Feedbacks;
import io.careloop.crm.feedback.NoteRepository;
import io.careloop.crm.forecast.Forecasts;
import io.careloop.crm.http.AdminCrmApi;
import io.careloop.crm.http.CampaignApi;
import io.careloop.crm.http.FeedbackApi;
import io.careloop.crm.http.ForecastApi;
import io.careloop.crm.http.ImportApi;
import io.careloop.crm.http.StaffPatientApi;
import io.careloop.crm.identity.Identities;
import io.careloop.crm.identity.IdentityRepository;
import io.careloop.crm.imports.Imports;
import io.careloop.crm.judgement.ClinicSummary;
import io.careloop.crm.judgement.CurrentJudge;
import io.careloop.crm.judgement.Judgements;
import io.careloop.crm.judgement.StageHistoryRepository;
import io.careloop.crm.model.sentiment.SentimentClassifier;
import io.careloop.crm.models.ChurnRefit;
import io.careloop.crm.models.ModelRepository;
import io.careloop.crm.models.ModelSchedule;
import io.careloop.crm.models.Models;
import io.careloop.crm.models.TierRefit;
import io.careloop.crm.patient.PatientRepository;
import io.careloop.crm.patient.Patients;
import io.careloop.crm.patient.SearchIndex;
import io.careloop.crm.patient.SearchRepository;
import io.careloop.crm.projection.AppointmentProjectionRepository;
import io.careloop.crm.projection.OpenAlertRepository;
import io.careloop.crm.projection.Projections;
import io.careloop.crm.projection.ServiceNames;
import io.careloop.crm.projection.VisitRepository;
import io.careloop.crm.record.PatientRecords;
import io.careloop.crm.rights.CrmPersonalData;
import io.careloop.crm.rights.CrmPrivacyRepository;
import io.careloop.crm.search.PatientSearch;
import io.careloop.crm.sheet.SheetRepository;
import io.careloop.crm.standing.BookingAnswers;
import io.careloop.crm.sweep.CrmSweep;
import io.careloop.crm.timeline.Timeline;
import io.careloop.crm.timeline.TimelineRepository;
import io.careloop.platform.bus.Addresses;
import io.careloop.platform.cassandra.SchemaMigrator;
import io.careloop.platform.cassandra.ShardLeases;
import io.careloop.platform.http.HttpApi;
import io.careloop.platform.privacy.DataSubject;
import io.careloop.platform.privacy.PersonalDataResponder;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The CRM, assembled: the patient record and timeline kept current from the other modules' events
 * and by a sweep, external identities, imports from practice systems, feedback and notes, staff
 * search, the audit of every read, and the judgement of every patient (tags, RFM-Health, tier,
 * churn risk, lifecycle stage) with the admin's rules and the models refitted on a schedule. Only
 * wires; the parts do the work.
 */
public final class Crm {

  public static final String MODULE = "crm";

  /** A refit holds its lease this long at most: a refit of a chain takes minutes. */
  static final Duration REFIT_LEASE = Duration.ofHours(1);

  /**
   * What the CRM is given by the process it runs in: where its metrics go, and the names of
   * patient-api's services (which tag rules name) when patient-api runs in the same process.
   */
  public record Neighbours(MeterRegistry meters, ServiceNames services) {

    /** Alone: metrics kept to itself, services known by id. */
    public static Neighbours alone() {
      return new Neighbours(new SimpleMeterRegistry(), ServiceNames.unknown());
    }
  }

  /** The parts that prepare statements, built together on a worker thread. */
  private record Repositories(
      PatientRepository patients,
      SearchRepository search,
      IdentityRepository identities,
      TimelineRepository timeline,
      AppointmentProjectionRepository appointments,
      VisitRepository visits,
      OpenAlertRepository openAlerts,
      FeedbackRepository feedback,
      NoteRepository notes,
      RecordReads reads,
      ShardLeases leases,
      SheetRepository sheets,
      StageHistoryRepository stages,
      ModelRepository models,
      ShardLeases modelLeases,
      CrmPrivacyRepository privacy,
      CampaignRepository campaigns) {

    static Repositories prepare(CqlSession session, CrmConfig config) {
      return new Repositories(
          new PatientRepository(session),
          new SearchRepository(session),
          new IdentityRepository(session),
          new TimelineRepository(session),
          new AppointmentProjectionRepository(session),
          new VisitRepository(session),
          new OpenAlertRepository(session),
          new FeedbackRepository(session),
          new NoteRepository(session),
          new RecordReads(session),
          new ShardLeases(session, "crm_sweep_lease_by_shard", config.sweepLease()),
          new SheetRepository(session),
          new StageHistoryRepository(session),
          new ModelRepository(session),
          new ShardLeases(session, "crm_model_lease_by_shard", REFIT_LEASE),
          new CrmPrivacyRepository(session),
          new CampaignRepository(session));
    }
  }

  private static SentimentClassifier trainedSentiment;

  private final Vertx vertx;
  private final CrmConfig config;
  private final Patients patients;
  private final Identities identities;
  private final PatientRecords records;
  private final EventIntake intake;
  private final CrmSweep sweep;
  private final RecordReads reads;
  private final Judgements judgements;
  private final Models models;
  private final TierRefit tierRefit;
  private final ChurnRefit churnRefit;
  private final ModelSchedule schedule;
  private final Imports imports;
  private final Campaigns campaigns;
  private final CampaignTriggers campaignTriggers;
  private final CampaignStats campaignStats;
  private final List<HttpApi> apis;
  private final PersonalDataResponder dataRights;
  private MessageConsumer<Object> erasedAccounts;

  private Crm(
      Vertx vertx,
      Repositories r,
      CrmConfig config,
      Neighbours neighbours,
      SentimentClassifier classifier,
      Clock clock) {
    this.vertx = vertx;
    this.config = config;
    this.reads = r.reads();
    Sources sources = new Sources(vertx.eventBus());
    Timeline timeline = new Timeline(r.timeline());
    this.patients = new Patients(r.patients(), new SearchIndex(r.patients(), r.search()), clock);
    this.identities = new Identities(r.identities(), timeline, clock);
    CurrentJudge current = new CurrentJudge();
    this.models = new Models(r.models(), current, vertx.eventBus(), clock);
    this.judgements =
        new Judgements(
            patients,
            r.sheets(),
            r.stages(),
            timeline,
            current,
            transition -> vertx.eventBus().publish(Addresses.STAGE_CHANGED, transition),
            neighbours.meters(),
            clock);
    Projections projections =
        new Projections(
            patients,
            timeline,
            r.appointments(),
            r.openAlerts(),
            r.sheets(),
            neighbours.services());
    Feedbacks feedbacks =
        new Feedbacks(
            sources,
            patients,
            r.feedback(),
            r.notes(),
            timeline,
            classifier,
            r.sheets(),
            judgements,
            clock);
    this.records =
        new PatientRecords(
            patients,
            identities,
            r.appointments(),
            r.visits(),
            feedbacks,
            timeline,
            r.sheets(),
            r.stages(),
            sources,
            r.reads(),
            clock);
    this.intake = new EventIntake(vertx.eventBus(), projections, sources, judgements::judge);
    CrmPersonalData personalData =
        new CrmPersonalData(
            MODULE,
            r.privacy(),
            r.search(),
            clock,
            id -> vertx.eventBus().publish(CrmCodecs.ACCOUNT_ERASED, id.toString()));
    new BookingAnswers(patients, feedbacks).answerOn(vertx.eventBus());
    this.sweep =
        new CrmSweep(
            patients,
            projections,
            r.openAlerts(),
            sources,
            judgements,
            models::load,
            account -> eraseLeftovers(personalData, account, clock),
            r.leases().newHolder(),
            new CrmSweep.Settings(
                config.sweepInterval(), config.sweepConcurrency(), config.sessionLookback()),
            clock);
    ShardLeases.Holder refits = r.modelLeases().newHolder();
    this.tierRefit =
        new TierRefit(
            vertx,
            r.patients(),
            models,
            judgements,
            refits,
            config.tierSample(),
            config.sweepConcurrency(),
            clock);
    this.churnRefit =
        new ChurnRefit(
            vertx,
            r.patients(),
            r.sheets(),
            models,
            refits,
            config.churnSample(),
            config.sweepConcurrency(),
            clock);
    this.schedule = new ModelSchedule(models, clock);
    PatientSearch search =
        new PatientSearch(
            patients, r.search(), identities, r.appointments(), r.openAlerts(), r.reads(), clock);
    this.imports =
        new Imports(
            identities,
            patients,
            r.visits(),
            timeline,
            r.sheets(),
            judgements,
            config.importConcurrency(),
            clock);
    this.campaigns = new Campaigns(r.campaigns(), vertx, clock);
    this.campaignTriggers =
        new CampaignTriggers(
            campaigns,
            r.campaigns(),
            r.sheets(),
            r.appointments(),
            patients,
            vertx,
            neighbours.services());
    this.campaignStats = new CampaignStats(r.campaigns(), r.appointments(), vertx.eventBus());
    this.apis =
        List.of(
            new CampaignApi(campaigns, campaignStats),
            new StaffPatientApi(search, records, identities, feedbacks, clock),
            new FeedbackApi(feedbacks),
            new ImportApi(imports),
            new AdminCrmApi(models, tierRefit, new ClinicSummary(r.search(), r.stages(), clock)),
            new ForecastApi(new Forecasts(vertx.eventBus(), clock)));
    this.dataRights = PersonalDataResponder.answer(vertx.eventBus(), personalData);
  }

  /**
   * What events heard after an account's erasure left in the CRM goes too, by the same erasure:
   * such events are minutes late at most, a late session up to a month.
   */
  private static Future<Void> eraseLeftovers(
      CrmPersonalData personalData, UUID accountId, Clock clock) {
    DataSubject subject =
        new DataSubject(accountId, clock.instant().minus(Duration.ofDays(62)), "UTC");
    return personalData.erase(subject, UUID.randomUUID()).mapEmpty();
  }

  /** Alone in its process (tests): metrics kept to itself, services known by id. */
  public static Future<Crm> create(Vertx vertx, CqlSession session, CrmConfig config, Clock clock) {
    return create(vertx, session, config, Neighbours.alone(), clock);
  }

  public static Future<Crm> create(
      Vertx vertx, CqlSession session, CrmConfig config, Neighbours neighbours, Clock clock) {
    CrmCodecs.register(vertx.eventBus());
    Future<SentimentClassifier> sentiment = vertx.executeBlocking(Crm::sentiment);
    return new SchemaMigrator(session)
        .migrate(vertx, MODULE)
        .compose(applied -> vertx.executeBlocking(() -> Repositories.prepare(session, config)))
        .compose(
            repositories ->
                SeedCampaigns.seed(repositories.campaigns(), clock.instant()).map(repositories))
        .compose(
            repositories ->
                sentiment.map(
                    classifier ->
                        new Crm(vertx, repositories, config, neighbours, classifier, clock)))
        .compose(crm -> crm.models.load().map(crm));
  }

  /**
   * Trained once per process (a second or two, on a worker thread): the model is immutable and
   * thread-safe.
   */
  private static synchronized SentimentClassifier sentiment() {
    if (trainedSentiment == null) {
      trainedSentiment = SentimentClassifier.trainDefault();
    }
    return trainedSentiment;
  }

  /** Hears the other modules' events, and the other CRM instances' model changes, from now on. */
  public Future<Void> startListening() {
    campaignTriggers.listen(judgements);
    erasedAccounts =
        vertx
            .eventBus()
            .consumer(
                CrmCodecs.ACCOUNT_ERASED, m -> patients.forget(UUID.fromString((String) m.body())));
    return Future.all(intake.start(), models.listen()).mapEmpty();
  }

  /** Sweeps its share of the patients, and refits the models when they are due. */
  public void startSweeper() {
    sweep.start(vertx);
    campaignTriggers.startRepairs(vertx);
    schedule.every(
        vertx,
        ModelRepository.TIERS,
        config.tierRefitInterval(),
        () -> tierRefit.refit(Optional.empty()));
    schedule.every(vertx, ModelRepository.CHURN, config.churnRefitInterval(), churnRefit::refit);
  }

  /** Stops hearing events and sweeping (this instance only); its sweep shards go back at once. */
  public Future<Void> stop() {
    schedule.stop(vertx);
    Future<Void> erased =
        erasedAccounts == null ? Future.succeededFuture() : erasedAccounts.unregister();
    return Future.join(
            erased, intake.stop(), models.stop(), sweep.stop(vertx), campaignTriggers.stop(vertx))
        .mapEmpty();
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

  public Imports imports() {
    return imports;
  }

  public Campaigns campaigns() {
    return campaigns;
  }

  public CampaignTriggers campaignTriggers() {
    return campaignTriggers;
  }

  public CampaignStats campaignStats() {
    return campaignStats;
  }

  public Judgements judgements() {
    return judgements;
  }

  public Models models() {
    return models;
  }

  public TierRefit tierRefit() {
    return tierRefit;
  }

  public ChurnRefit churnRefit() {
    return churnRefit;
  }

  /** Where this module answers for the personal data it holds. */
  public PersonalDataResponder dataRights() {
    return dataRights;
  }
}

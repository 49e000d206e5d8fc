package io.careloop.patient;

import com.datastax.oss.driver.api.core.CqlSession;
import io.careloop.notifications.bus.NotifyClient;
import io.careloop.patient.access.AccessNeedsRepository;
import io.careloop.patient.access.AccessNeedsService;
import io.careloop.patient.account.AccountErasureRepository;
import io.careloop.patient.account.AccountRepository;
import io.careloop.patient.account.AccountService;
import io.careloop.patient.account.NotificationPreferencesRepository;
import io.careloop.patient.account.PasswordHasher;
import io.careloop.patient.account.PasswordResetRepository;
import io.careloop.patient.account.PasswordResetSender;
import io.careloop.patient.account.Passwords;
import io.careloop.patient.account.RevocationRepository;
import io.careloop.patient.account.SignInRepository;
import io.careloop.patient.account.SignInRevocations;
import io.careloop.patient.account.StaffAccounts;
import io.careloop.patient.account.TokenIssuer;
import io.careloop.patient.audit.StaffReads;
import io.careloop.patient.booking.AccessFit;
import io.careloop.patient.booking.AppointmentRepository;
import io.careloop.patient.booking.Appointments;
import io.careloop.patient.booking.BookingService;
import io.careloop.patient.booking.PriorityHolds;
import io.careloop.patient.booking.ProviderTimeRepository;
import io.careloop.patient.booking.RoomTime;
import io.careloop.patient.booking.SlotSearch;
import io.careloop.patient.bus.PatientAnswers;
import io.careloop.patient.bus.PatientEvents;
import io.careloop.patient.care.CareRepository;
import io.careloop.patient.care.Carers;
import io.careloop.patient.clinic.ClinicCatalog;
import io.careloop.patient.clinic.ClinicRepository;
import io.careloop.patient.clinic.FacilitiesRepository;
import io.careloop.patient.clinic.MembershipRepository;
import io.careloop.patient.clinic.PriorityTimeRepository;
import io.careloop.patient.clinic.ProviderSchedules;
import io.careloop.patient.clinic.ScheduleRepository;
import io.careloop.patient.http.AccessApi;
import io.careloop.patient.http.AccountApi;
import io.careloop.patient.http.AdminApi;
import io.careloop.patient.http.AppointmentApi;
import io.careloop.patient.http.CareApi;
import io.careloop.patient.http.ClinicApi;
import io.careloop.patient.http.DataRightsApi;
import io.careloop.patient.http.JourneyApi;
import io.careloop.patient.http.MatchingApi;
import io.careloop.patient.http.WaitlistApi;
import io.careloop.patient.journey.JourneyRepository;
import io.careloop.patient.journey.Journeys;
import io.careloop.patient.matching.ExpertiseRepository;
import io.careloop.patient.matching.ProviderMatching;
import io.careloop.patient.rights.DataRightsService;
import io.careloop.patient.rights.PatientPersonalData;
import io.careloop.patient.waitlist.FreedTimeOffers;
import io.careloop.patient.waitlist.Waitlist;
import io.careloop.patient.waitlist.WaitlistRepository;
import io.careloop.platform.auth.SigningKeys;
import io.careloop.platform.cassandra.SchemaMigrator;
import io.careloop.platform.http.HttpApi;
import io.careloop.platform.privacy.DataRights;
import io.careloop.platform.privacy.PersonalDataClient;
import io.careloop.platform.privacy.PersonalDataResponder;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The patient-api module, assembled: accounts and sign-in, clinics and their schedules, slots and
 * appointments, what other modules ask of it over the event bus (a patient's profile, clinics and
 * appointments, a clinic's nurses), and the patients registered and changed, announced to them.
 */
public final class PatientApi {

  public static final String MODULE = "patient-api";
  private static final Logger log = LoggerFactory.getLogger(PatientApi.class);

  /** The parts that prepare statements, built together on a worker thread. */
  private record Parts(
      SignInRevocations revocations,
      AccountService accounts,
      Passwords passwords,
      ClinicCatalog catalog,
      ProviderSchedules schedules,
      MembershipRepository membership,
      ProviderTimeRepository claims,
      ProviderTimeRepository roomClaims,
      AppointmentRepository appointments,
      StaffReads staffReads,
      NotificationPreferencesRepository preferences,
      AccessNeedsRepository accessNeeds,
      FacilitiesRepository facilities,
      CareRepository care,
      WaitlistRepository waitlist,
      PriorityTimeRepository priorityTime,
      ExpertiseRepository expertise,
      JourneyRepository journeys) {}

  private final AccountService accounts;
  private final ClinicCatalog catalog;
  private final ProviderSchedules schedules;
  private final MembershipRepository membership;
  private final SlotSearch slots;
  private final BookingService booking;
  private final PriorityTimeRepository priorityTime;
  private final Waitlist waitlist;
  private final Journeys journeys;
  private final Carers carers;
  private final AccessNeedsService accessNeeds;
  private final FacilitiesRepository facilities;
  private final FreedTimeOffers freedTimeOffers;
  private final StaffReads staffReads;
  private final List<HttpApi> apis;
  private final NotificationPreferencesRepository preferences;
  private final SignInRevocations revocations;
  private final Passwords passwords;
  private final PersonalDataResponder dataRights;

  private PatientApi(Vertx vertx, Parts parts, PatientApiConfig config, Clock clock) {
    this.revocations = parts.revocations();
    this.passwords = parts.passwords();
    this.accounts = parts.accounts();
    this.catalog = parts.catalog();
    this.schedules = parts.schedules();
    this.membership = parts.membership();
    this.staffReads = parts.staffReads();
    this.preferences = parts.preferences();
    AccessFit access = new AccessFit(parts.accessNeeds(), parts.facilities(), catalog);
    this.accessNeeds = new AccessNeedsService(parts.accessNeeds(), clock);
    this.facilities = parts.facilities();
    this.carers = new Carers(parts.care(), accounts, clock);
    this.priorityTime = parts.priorityTime();
    PriorityHolds holds = new PriorityHolds(priorityTime, vertx.eventBus(), clock);
    RoomTime rooms = new RoomTime(parts.roomClaims(), parts.appointments(), clock);
    this.slots =
        new SlotSearch(
            catalog, schedules, parts.claims(), rooms, access, holds, config.booking(), clock);
    this.booking =
        new BookingService(
            vertx,
            catalog,
            slots,
            access,
            holds,
            parts.claims(),
            rooms,
            parts.appointments(),
            membership,
            clock);
    this.journeys = new Journeys(parts.journeys(), accounts, parts.accessNeeds(), catalog, clock);
    journeys.follow(booking);
    this.waitlist = new Waitlist(parts.waitlist(), catalog, booking, config.waitlist(), clock);
    this.freedTimeOffers =
        new FreedTimeOffers(
            parts.waitlist(),
            catalog,
            slots,
            access,
            holds,
            new NotifyClient(vertx.eventBus()),
            config.waitlist(),
            clock);
    freedTimeOffers.follow(vertx, booking);
    this.apis =
        List.of(
            new AccountApi(
                accounts, parts.passwords(), parts.preferences(), config.authPerAddress(), clock),
            new AdminApi(
                new StaffAccounts(accounts, catalog, membership),
                catalog,
                schedules,
                parts.priorityTime()),
            new ClinicApi(catalog, slots, journeys),
            new AccessApi(accessNeeds, parts.facilities(), catalog),
            new CareApi(carers),
            new AppointmentApi(booking, staffReads, accessNeeds, journeys, clock),
            new JourneyApi(journeys),
            new WaitlistApi(waitlist),
            new MatchingApi(
                new ProviderMatching(
                    catalog, slots, booking, parts.expertise(), vertx.eventBus(), clock),
                parts.expertise(),
                catalog,
                journeys),
            new DataRightsApi(
                new DataRightsService(
                    accounts,
                    new PersonalDataClient(vertx.eventBus(), DataRights.MODULES),
                    clock)));
    new PatientAnswers(accounts, membership, booking, accessNeeds).answerOn(vertx.eventBus());
    new PatientEvents(vertx.eventBus(), clock).follow(accounts);
    this.dataRights =
        PersonalDataResponder.answer(
            vertx.eventBus(),
            new PatientPersonalData(
                accounts,
                preferences,
                parts.accessNeeds(),
                carers,
                waitlist,
                journeys,
                membership,
                parts.appointments(),
                booking,
                staffReads,
                clock));
  }

  /**
   * With no channel for password-reset tokens, except on a developer's machine (the local admin
   * password), where they go to the log.
   */
  public static Future<PatientApi> create(
      Vertx vertx, CqlSession session, PatientApiConfig config, SigningKeys keys, Clock clock) {
    return create(
        vertx,
        session,
        config,
        keys,
        config.usesLocalAdminPassword() ? PasswordResetSender.LOG : PasswordResetSender.NONE,
        clock);
  }

  public static Future<PatientApi> create(
      Vertx vertx,
      CqlSession session,
      PatientApiConfig config,
      SigningKeys keys,
      PasswordResetSender resets,
      Clock clock) {
    return new SchemaMigrator(session)
        .migrate(vertx, MODULE)
        .compose(
            applied ->
                vertx.executeBlocking(
                    () -> {
                      ClinicCatalog catalog =
                          new ClinicCatalog(new ClinicRepository(session), config.booking(), clock);
                      SignInRevocations revocations =
                          new SignInRevocations(
                              new RevocationRepository(session), config.accessTokenTtl(), clock);
                      AccountRepository accountRows = new AccountRepository(session);
                      PasswordResetRepository resetRows = new PasswordResetRepository(session);
                      AccountService accounts =
                          new AccountService(
                              vertx,
                              accountRows,
                              new SignInRepository(session),
                              resetRows,
                              new AccountErasureRepository(session),
                              revocations,
                              PasswordHasher.owaspBaseline(),
                              new TokenIssuer(keys, config.accessTokenTtl(), clock),
                              config.refreshTokenTtl(),
                              clock);
                      return new Parts(
                          revocations,
                          accounts,
                          new Passwords(accounts, accountRows, resetRows, resets, clock),
                          catalog,
                          new ProviderSchedules(new ScheduleRepository(session), catalog, clock),
                          new MembershipRepository(session),
                          new ProviderTimeRepository(session),
                          ProviderTimeRepository.forRooms(session),
                          new AppointmentRepository(session),
                          new StaffReads(session),
                          new NotificationPreferencesRepository(session, clock),
                          new AccessNeedsRepository(session),
                          new FacilitiesRepository(session, clock),
                          new CareRepository(session),
                          new WaitlistRepository(session),
                          new PriorityTimeRepository(session, clock),
                          new ExpertiseRepository(session),
                          new JourneyRepository(session));
                    }))
        .compose(parts -> parts.revocations().start(vertx, config.revocationPoll()).map(parts))
        .map(parts -> new PatientApi(vertx, parts, config, clock));
  }

  /**
   * Creates the first admin from configuration unless an account with that e-mail exists. Only the
   * process that serves the HTTP API calls it: a service started alone (reminders) never makes an
   * admin, least of all one with the local default password.
   */
  public Future<Void> ensureFirstAdmin(PatientApiConfig config) {
    return accounts
        .ensureAdmin(config.adminEmail(), config.adminPassword())
        .map(
            created -> {
              if (config.usesLocalAdminPassword()) {
                log.warn(
                    "The admin account {} has the local default password: set CARELOOP_ADMIN_PASSWORD outside a"
                        + " developer machine",
                    config.adminEmail());
              }
              return null;
            });
  }

  /** The sign-ins whose access tokens the gateway refuses before they expire. */
  public SignInRevocations revocations() {
    return revocations;
  }

  public Passwords passwords() {
    return passwords;
  }

  public NotificationPreferencesRepository preferences() {
    return preferences;
  }

  public AccountService accounts() {
    return accounts;
  }

  public ClinicCatalog catalog() {
    return catalog;
  }

  public ProviderSchedules schedules() {
    return schedules;
  }

  public MembershipRepository membership() {
    return membership;
  }

  public SlotSearch slots() {
    return slots;
  }

  public BookingService booking() {
    return booking;
  }

  public PriorityTimeRepository priorityTime() {
    return priorityTime;
  }

  /** Carers, as reminders need them (copies to carers holding the reminders right). */
  public Carers carers() {
    return carers;
  }

  /** Patients' access needs: what reminders and staff views follow. */
  public AccessNeedsService accessNeeds() {
    return accessNeeds;
  }

  public FacilitiesRepository facilities() {
    return facilities;
  }

  public Journeys journeys() {
    return journeys;
  }

  public Waitlist waitlist() {
    return waitlist;
  }

  /** Offers freed time to the waitlist; it runs by itself, tests may sweep at once. */
  public FreedTimeOffers freedTimeOffers() {
    return freedTimeOffers;
  }

  /** Appointments as the reminders module may see them. */
  public Appointments appointments() {
    return booking;
  }

  public StaffReads staffReads() {
    return staffReads;
  }

  public List<HttpApi> apis() {
    return apis;
  }

  /** Where this module answers for the personal data it holds. */
  public PersonalDataResponder dataRights() {
    return dataRights;
  }
}

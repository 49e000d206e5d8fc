package io.careloop.crm;

import static io.careloop.crm.CampaignWorld.PARIS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.careloop.crm.campaign.Audience;
import io.careloop.crm.campaign.Campaign;
import io.careloop.crm.campaign.CampaignRepository;
import io.careloop.crm.campaign.CampaignTriggers;
import io.careloop.crm.campaign.ControlGroup;
import io.careloop.crm.campaign.InvalidCampaignException;
import io.careloop.crm.campaign.SeedCampaigns;
import io.careloop.crm.patient.PatientRepository;
import io.careloop.crm.patient.SearchRepository;
import io.careloop.crm.rights.CrmPersonalData;
import io.careloop.crm.rights.CrmPrivacyRepository;
import io.careloop.notifications.inbox.InboxEntry;
import io.careloop.patient.booking.Appointments.AppointmentChanged;
import io.careloop.platform.auth.Principal;
import io.careloop.platform.auth.Role;
import io.careloop.platform.bus.Addresses;
import io.careloop.platform.http.Problem;
import io.careloop.platform.privacy.DataSubject;
import io.careloop.platform.privacy.Erasure;
import io.careloop.reminders.bus.CampaignBus;
import io.vertx.core.Handler;
import io.vertx.core.eventbus.DeliveryContext;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Campaigns end to end on real parts: a stage transition heard by two CRM instances, the decision,
 * the message planned by reminders and sent by its clock-driven sweep into the inbox, and the
 * stats. Each test has its own clinic, so the campaigns of one never reach the patients of another.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CampaignsIT {

  private static final UUID AUTHOR = UUID.randomUUID();
  private static final UUID APPROVER = UUID.randomUUID();
  private static CampaignWorld world;

  @BeforeAll
  static void start() {
    world = new CampaignWorld(paris("2027-03-01T09:00"));
  }

  @AfterAll
  static void stop() {
    world.close();
  }

  private static Instant paris(String local) {
    return LocalDateTime.parse(local).atZone(PARIS).toInstant();
  }

  private static Campaign approved(JsonObject json) {
    Campaign draft = world.crm.campaigns().create(json, AUTHOR).await();
    return world.crm.campaigns().approve(draft.id(), APPROVER).await();
  }

  private static List<String> titles(UUID patient) {
    return world.inbox(patient).stream().map(InboxEntry::title).toList();
  }

  @Test
  @Order(1)
  @DisplayName(
      "A patient entering decline, heard twice by two CRM instances, gets the message once, the next day at the end of their quiet hours (07:30 asked, 08:00 sent)")
  void declineOnceAtLocalTimeOutOfQuietHours() {
    world.clock.set(paris("2027-03-01T09:00"));
    UUID clinic = UUID.randomUUID();
    Campaign c =
        approved(CampaignWorld.declineCampaign(clinic).put("delayDays", 1).put("sendAt", "07:30"));
    assertThat(c.status(world.clock.instant())).isEqualTo("active");
    UUID patient = world.patient(PARIS.getId());

    world.entered(patient, clinic, "decline", world.clock.instant(), 2);

    JsonObject planned = world.statsWhen(c.id(), s -> s.getInteger("planned") == 1);
    assertThat(planned.getInteger("audience")).as("one decision for one firing").isEqualTo(1);
    assertThat(planned.getInteger("pending")).isEqualTo(1);
    world.sweepAt(paris("2027-03-02T07:59"));
    assertThat(world.inbox(patient)).as("not before the end of quiet hours").isEmpty();
    world.sweepAt(paris("2027-03-02T08:00"));
    world.sweepAt(paris("2027-03-02T08:05"));
    world.entered(patient, clinic, "decline", paris("2027-03-01T09:00"), 1);
    world.sweepAt(paris("2027-03-02T08:10"));

    List<InboxEntry> inbox = world.inbox(patient);
    assertThat(inbox).hasSize(1);
    assertThat(inbox.get(0).kind()).isEqualTo("care_tip");
    assertThat(inbox.get(0).createdAt()).isEqualTo(paris("2027-03-02T08:00"));
    assertThat(inbox.get(0).data()).containsEntry("deepLink", "careloop://book?service=check-up");
    assertThat(world.statsWhen(c.id(), s -> s.getInteger("sent") == 1).getInteger("read")).isZero();
    world.notifications.markRead(patient, inbox.get(0).id());
    JsonObject stats = world.crm.campaignStats().of(c.id()).await();
    assertThat(stats.getInteger("audience")).isEqualTo(1);
    assertThat(stats.getInteger("read")).isEqualTo(1);
    assertThat(stats.getInteger("heldOut")).isZero();
  }

  @Test
  @Order(2)
  @DisplayName(
      "A marketing message reaches only the patient who consented, and not one who withdrew consent before it was due; care needs no consent")
  void marketingOnlyWithConsent() {
    world.clock.set(paris("2027-04-01T09:00"));
    UUID clinic = UUID.randomUUID();
    Campaign c =
        approved(
            CampaignWorld.declineCampaign(clinic)
                .put("kind", "marketing")
                .put("consent", "marketing")
                .put("sendAt", "10:00"));
    UUID noConsent = world.patient(PARIS.getId());
    UUID consented = world.patient(PARIS.getId());
    UUID withdraws = world.patient(PARIS.getId());
    world.preferences(consented, new JsonObject().put("marketing", true));
    world.preferences(withdraws, new JsonObject().put("marketing", true));

    for (UUID p : List.of(noConsent, consented, withdraws)) {
      world.entered(p, clinic, "decline", world.clock.instant(), 1);
    }
    world.statsWhen(c.id(), s -> s.getInteger("audience") == 3 && s.getInteger("undecided") == 0);
    world.preferences(withdraws, new JsonObject().put("marketing", false));
    world.sweepAt(paris("2027-04-01T10:00"));

    assertThat(world.inbox(noConsent)).isEmpty();
    assertThat(world.inbox(withdraws)).isEmpty();
    assertThat(world.inbox(consented)).extracting(InboxEntry::kind).containsExactly("marketing");
    JsonObject stats = world.statsWhen(c.id(), s -> s.getInteger("sent") == 1);
    assertThat(stats.getInteger("planned")).isEqualTo(2);
    assertThat(stats.getJsonObject("heldBack").getInteger("consent")).isEqualTo(1);
    assertThat(stats.getJsonObject("heldBack").fieldNames())
        .as("the withdrawn consent, at send time")
        .anyMatch(reason -> reason.startsWith("opted-out"));
  }

  @Test
  @Order(3)
  @DisplayName(
      "Past the frequency cap (one message in 30 days) a second entry into decline is held back and counted")
  void notPastTheCap() {
    world.clock.set(paris("2027-05-01T09:00"));
    UUID clinic = UUID.randomUUID();
    Campaign c =
        approved(
            CampaignWorld.declineCampaign(clinic)
                .put("sendAt", "10:00")
                .put("frequencyCap", new JsonObject().put("messages", 1).put("days", 30)));
    UUID patient = world.patient(PARIS.getId());

    world.entered(patient, clinic, "decline", world.clock.instant(), 1);
    world.statsWhen(c.id(), s -> s.getInteger("planned") == 1);
    world.sweepAt(paris("2027-05-01T10:00"));
    world.clock.set(paris("2027-05-08T09:00"));
    world.entered(patient, clinic, "decline", world.clock.instant(), 1);
    JsonObject stats =
        world.statsWhen(
            c.id(), s -> s.getInteger("audience") == 2 && s.getInteger("undecided") == 0);
    world.sweepAt(paris("2027-05-08T10:00"));

    assertThat(world.inbox(patient)).hasSize(1);
    assertThat(stats.getInteger("planned")).isEqualTo(1);
    assertThat(stats.getJsonObject("heldBack").getInteger("cap")).isEqualTo(1);
  }

  @Test
  @Order(4)
  @DisplayName(
      "The control group: the held-out patient gets nothing and is counted, and their booking within 30 days is counted like the messaged patient's")
  void heldOutGetsNothingAndIsCounted() {
    world.clock.set(paris("2027-06-01T09:00"));
    UUID clinic = UUID.randomUUID();
    Campaign c =
        approved(
            CampaignWorld.declineCampaign(clinic).put("sendAt", "10:00").put("controlShare", 0.5));
    UUID heldOut = null;
    UUID messaged = null;
    while (heldOut == null || messaged == null) {
      UUID p = world.patient(PARIS.getId());
      if (ControlGroup.heldOut(c.id(), p, 0.5)) {
        heldOut = heldOut == null ? p : heldOut;
      } else {
        messaged = messaged == null ? p : messaged;
      }
    }

    world.entered(heldOut, clinic, "decline", world.clock.instant(), 1);
    world.entered(messaged, clinic, "decline", world.clock.instant(), 1);
    world.statsWhen(c.id(), s -> s.getInteger("audience") == 2 && s.getInteger("undecided") == 0);
    world.sweepAt(paris("2027-06-01T10:00"));
    world.clock.set(paris("2027-06-03T09:00"));
    world.book(heldOut, paris("2027-06-20T11:00"));

    assertThat(world.inbox(heldOut)).isEmpty();
    assertThat(world.inbox(messaged)).hasSize(1);
    JsonObject stats =
        world.statsWhen(
            c.id(),
            s ->
                s.getJsonObject("bookedWithin30Days").getJsonObject("heldOut").getInteger("booked")
                    == 1);
    assertThat(stats.getInteger("heldOut")).isEqualTo(1);
    assertThat(stats.getInteger("sent")).isEqualTo(1);
    assertThat(stats.getJsonObject("bookedWithin30Days").getJsonObject("planned"))
        .isEqualTo(new JsonObject().put("patients", 1).put("booked", 0).put("rate", 0.0));
  }

  @Test
  @Order(5)
  @DisplayName("Ending a campaign cancels its unsent messages: nothing arrives when they were due")
  void endingStopsUnsentMessages() {
    world.clock.set(paris("2027-07-01T09:00"));
    UUID clinic = UUID.randomUUID();
    Campaign c =
        approved(CampaignWorld.declineCampaign(clinic).put("delayDays", 2).put("sendAt", "10:00"));
    UUID patient = world.patient(PARIS.getId());
    world.entered(patient, clinic, "decline", world.clock.instant(), 1);
    world.statsWhen(c.id(), s -> s.getInteger("planned") == 1);

    Campaign ended = world.crm.campaigns().end(c.id()).await();
    world.sweepAt(paris("2027-07-03T10:00"));
    world.entered(patient, clinic, "decline", paris("2027-07-03T10:01"), 1);

    assertThat(ended.status(world.clock.instant())).isEqualTo("ended");
    assertThat(world.inbox(patient)).isEmpty();
    JsonObject stats = world.crm.campaignStats().of(c.id()).await();
    assertThat(stats.getInteger("sent")).isZero();
    assertThat(stats.getInteger("audience")).as("an ended campaign fires no more").isEqualTo(1);
    assertThat(stats.getJsonObject("heldBack").getInteger("ended")).isEqualTo(1);
  }

  @Test
  @Order(6)
  @DisplayName(
      "A campaign is approved by a second admin only, once; a bad one is refused with its place and nothing is stored; an approved one is changed by a new version")
  void lifecycleAndValidation() {
    int before = world.crm.campaigns().all().await().size();
    assertThatThrownBy(
            () ->
                world
                    .crm
                    .campaigns()
                    .create(
                        CampaignWorld.declineCampaign(UUID.randomUUID()).put("kind", "marketing"),
                        AUTHOR))
        .isInstanceOfSatisfying(
            InvalidCampaignException.class, e -> assertThat(e.pointer()).isEqualTo("/consent"));
    assertThatThrownBy(
            () ->
                world
                    .crm
                    .campaigns()
                    .create(
                        CampaignWorld.declineCampaign(UUID.randomUUID())
                            .put("audience", new JsonObject()),
                        AUTHOR))
        .isInstanceOfSatisfying(
            InvalidCampaignException.class, e -> assertThat(e.pointer()).isEqualTo("/audience"));
    assertThat(world.crm.campaigns().all().await()).hasSize(before);

    Campaign draft =
        world
            .crm
            .campaigns()
            .create(CampaignWorld.declineCampaign(UUID.randomUUID()), AUTHOR)
            .await();
    assertThat(await(world.crm.campaigns().approve(draft.id(), AUTHOR)))
        .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.status()).isEqualTo(403));
    world.crm.campaigns().approve(draft.id(), APPROVER).await();
    assertThat(await(world.crm.campaigns().approve(draft.id(), UUID.randomUUID())))
        .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.status()).isEqualTo(409));

    Campaign next =
        world
            .crm
            .campaigns()
            .edit(draft.id(), CampaignWorld.declineCampaign(UUID.randomUUID()), AUTHOR)
            .await();
    assertThat(next.id()).isNotEqualTo(draft.id());
    assertThat(next.supersedes()).contains(draft.id());
    assertThat(next.version()).isEqualTo(2);
    world.crm.campaigns().approve(next.id(), APPROVER).await();
    assertThat(world.crm.campaigns().get(draft.id()).await().state())
        .as("replaced by its new version")
        .isEqualTo(Campaign.State.ENDED);
  }

  @Test
  @Order(7)
  @DisplayName(
      "A completed cleaning is followed seven days later, at 10:00 local time, by the campaign's care content, once")
  void visitThenCareContent() {
    world.clock.set(paris("2027-08-02T08:00"));
    Campaign c =
        approved(
            CampaignWorld.declineCampaign(UUID.randomUUID())
                .put(
                    "audience",
                    new JsonObject()
                        .put("clinicIds", new JsonArray().add(world.clinicId().toString())))
                .put("trigger", new JsonObject().put("type", "visit").put("service", "Cleaning"))
                .put("delayDays", 7)
                .put("sendAt", "10:00"));
    String title = c.spec().message().title();
    UUID patient = world.patient(PARIS.getId());

    world.cleaned(patient, paris("2027-08-02T09:00"));
    world.statsWhen(c.id(), s -> s.getInteger("planned") == 1);
    world.sweepAt(paris("2027-08-09T09:59"));
    assertThat(titles(patient)).doesNotContain(title);
    world.sweepAt(paris("2027-08-09T10:00"));

    assertThat(titles(patient).stream().filter(title::equals)).hasSize(1);
  }

  @Test
  @Order(8)
  @DisplayName(
      "A campaign of a date reaches the audience judged that day: the consenting patient gets the marketing offer, the other is held back for consent")
  void datedMarketingToTheAudience() {
    world.clock.set(paris("2027-09-06T08:00"));
    UUID clinic = world.clinicId();
    UUID consented = world.patient(PARIS.getId());
    UUID notConsented = world.patient(PARIS.getId());
    world.preferences(consented, new JsonObject().put("marketing", true));
    for (UUID p : List.of(consented, notConsented)) {
      world.book(p, paris("2027-10-01T09:00").plusSeconds(1800L * (p == consented ? 1 : 2)));
    }
    world.awaitKnownAt(List.of(consented, notConsented), clinic);
    Campaign c =
        approved(
            CampaignWorld.declineCampaign(clinic)
                .put("kind", "marketing")
                .put("consent", "marketing")
                .put(
                    "audience",
                    new JsonObject().put("clinicIds", new JsonArray().add(clinic.toString())))
                .put("trigger", new JsonObject().put("type", "date").put("date", "2027-09-06"))
                .put("sendAt", "11:00"));

    for (UUID p : List.of(consented, notConsented)) {
      world.crm.judgements().judge(p).await();
      world.crm.judgements().judge(p).await();
    }
    JsonObject stats =
        world.statsWhen(
            c.id(), s -> s.getInteger("audience") == 2 && s.getInteger("undecided") == 0);
    world.sweepAt(paris("2027-09-06T11:00"));

    assertThat(stats.getInteger("planned")).isEqualTo(1);
    assertThat(stats.getJsonObject("heldBack").getInteger("consent")).isEqualTo(1);
    assertThat(titles(consented)).containsOnlyOnce(c.spec().message().title());
    assertThat(titles(notConsented)).doesNotContain(c.spec().message().title());
  }

  @Test
  @Order(9)
  @DisplayName(
      "A patient's campaign decisions are in their export, and an erasure leaves no campaign row naming them")
  void decisionsExportedAndErased() {
    world.clock.set(paris("2027-10-01T09:00"));
    UUID clinic = UUID.randomUUID();
    Campaign c = approved(CampaignWorld.declineCampaign(clinic).put("sendAt", "10:00"));
    UUID patient = world.patient(PARIS.getId());
    world.entered(patient, clinic, "decline", world.clock.instant(), 1);
    world.statsWhen(c.id(), s -> s.getInteger("planned") == 1);
    CrmPersonalData rights =
        new CrmPersonalData(
            Crm.MODULE,
            new CrmPrivacyRepository(world.session),
            new SearchRepository(world.session),
            world.clock);
    DataSubject subject =
        new DataSubject(patient, world.clock.instant().minus(Duration.ofDays(1)), PARIS.getId());

    JsonObject exported = rights.export(subject).await();
    assertThat(exported.getJsonArray("crmCampaignMessages"))
        .singleElement()
        .satisfies(m -> assertThat(((JsonObject) m).getString("outcome")).isEqualTo("planned"));
    Erasure erased = rights.erase(subject, UUID.randomUUID()).await();

    assertThat(erased.deleted())
        .containsEntry("crm_campaign_decisions_by_campaign", 1)
        .containsEntry("crm_campaign_messages_by_patient", 1);
    assertThat(rights.export(subject).await().getJsonArray("crmCampaignMessages")).isEmpty();
    assertThat(world.crm.campaignStats().of(c.id()).await().getInteger("audience")).isZero();
  }

  @Test
  @Order(10)
  @DisplayName(
      "A decision left undecided by a failed planning request is decided again by the repair, once, after ten minutes")
  void undecidedIsRepaired() {
    world.clock.set(paris("2027-11-02T09:00"));
    UUID clinic = UUID.randomUUID();
    Campaign c = approved(CampaignWorld.declineCampaign(clinic).put("sendAt", "10:00"));
    UUID patient = world.patient(PARIS.getId());
    AtomicInteger refused = new AtomicInteger();
    Handler<DeliveryContext<Object>> remindersDown =
        ctx -> {
          if (ctx.message().address().equals(CampaignBus.PLAN)) {
            refused.incrementAndGet();
            ctx.message().fail(503, "reminders unreachable");
          } else {
            ctx.next();
          }
        };
    world.vertx.eventBus().addInboundInterceptor(remindersDown);
    try {
      world.entered(patient, clinic, "decline", world.clock.instant(), 1);
      world.statsWhen(c.id(), s -> s.getInteger("undecided") == 1);
      org.awaitility.Awaitility.await().until(() -> refused.get() == 1);
    } finally {
      world.vertx.eventBus().removeInboundInterceptor(remindersDown);
    }

    world.clock.set(paris("2027-11-02T09:05"));
    assertThat(world.crm.campaignTriggers().repairUndecided().await())
        .as("five minutes after its claim a decision may still be under way")
        .isZero();
    world.clock.set(paris("2027-11-02T09:11"));
    assertThat(world.crm.campaignTriggers().repairUndecided().await()).isEqualTo(1);
    assertThat(world.otherCrm.campaignTriggers().repairUndecided().await())
        .as("the other instance finds nothing left")
        .isZero();
    world.entered(patient, clinic, "decline", paris("2027-11-02T09:00"), 1); // heard again, late

    JsonObject stats = world.crm.campaignStats().of(c.id()).await();
    assertThat(stats.getInteger("audience")).isEqualTo(1);
    assertThat(stats.getInteger("undecided")).isZero();
    assertThat(stats.getInteger("planned")).isEqualTo(1);
    world.sweepAt(paris("2027-11-02T10:00"));
    world.sweepAt(paris("2027-11-02T10:05"));
    assertThat(titles(patient)).containsOnlyOnce(c.spec().message().title());
  }

  @Test
  @Order(11)
  @DisplayName(
      "Two campaigns fired by one transition and decided on two instances at once respect the cap across campaigns: one message per patient")
  void capHoldsAcrossInstances() {
    world.clock.set(paris("2027-12-01T09:00"));
    UUID clinic = UUID.randomUUID();
    JsonObject oneIn30Days = new JsonObject().put("messages", 1).put("days", 30);
    Campaign first =
        approved(
            CampaignWorld.declineCampaign(clinic)
                .put("sendAt", "10:00")
                .put("frequencyCap", oneIn30Days.copy()));
    Campaign second =
        approved(
            CampaignWorld.declineCampaign(clinic)
                .put("name", "A second look")
                .put("sendAt", "11:00")
                .put("frequencyCap", oneIn30Days.copy()));
    int patients = 20;
    for (int i = 0; i < patients; i++) {
      world.entered(world.patient(PARIS.getId()), clinic, "decline", world.clock.instant(), 1);
    }

    JsonObject a = world.statsWhen(first.id(), s -> decidedAll(s, patients));
    JsonObject b = world.statsWhen(second.id(), s -> decidedAll(s, patients));
    assertThat(a.getInteger("planned") + b.getInteger("planned"))
        .as("one message per patient across both campaigns")
        .isEqualTo(patients);
    assertThat(heldBackFor(a, "cap") + heldBackFor(b, "cap")).isEqualTo(patients);
  }

  @Test
  @Order(12)
  @DisplayName(
      "A campaign's messages are counted and ended a page at a time: pages of two add up to the whole, and ending cancels the pending ones of every page")
  void countedAndEndedInPages() {
    UUID clinic = UUID.randomUUID();
    Campaign c = nextDayAtTen("2027-12-15T09:00", clinic);
    List<UUID> early = List.of(world.patient(PARIS.getId()), world.patient(PARIS.getId()));
    List<UUID> late =
        List.of(
            world.patient(PARIS.getId()),
            world.patient(PARIS.getId()),
            world.patient(PARIS.getId()));
    early.forEach(p -> world.entered(p, clinic, "decline", paris("2027-12-15T09:00"), 1));
    late.forEach(p -> world.entered(p, clinic, "decline", paris("2027-12-17T09:00"), 1));
    world.statsWhen(c.id(), s -> s.getInteger("planned") == 5);
    world.sweepAt(paris("2027-12-16T10:00"));
    UUID reader = early.get(0);
    world.notifications.markRead(reader, world.inbox(reader).get(0).id());

    CampaignBus.Outcomes whole = outcomes(CampaignBus.OUTCOMES, c.id(), 1_000);
    CampaignBus.Outcomes paged = outcomes(CampaignBus.OUTCOMES, c.id(), 2);
    assertThat(whole.counts())
        .containsOnly(entry("sent", 2), entry("pending", 3), entry("read", 1));
    assertThat(paged).isEqualTo(whole);

    CampaignBus.Outcomes ended = outcomes(CampaignBus.END, c.id(), 2);
    assertThat(ended.counts())
        .containsOnly(entry("sent", 2), entry("cancelled:campaign-ended", 3), entry("read", 1));
    world.sweepAt(paris("2027-12-18T10:00"));
    late.forEach(p -> assertThat(world.inbox(p)).as("cancelled on every page").isEmpty());
    assertThat(outcomes(CampaignBus.OUTCOMES, c.id(), 3)).isEqualTo(ended);
  }

  @Test
  @Order(13)
  @DisplayName(
      "Approving the seeded after-cleaning campaign retires the care journey it replaces: a cleaning brings the article once")
  void seededCampaignReplacesTheJourney() {
    world.clock.set(paris("2028-01-10T08:00"));
    String article = "Keeping your teeth clean at home";
    UUID patient = world.patient(PARIS.getId());
    assertThat(journeyActive()).as("the journey reminders was seeded with").isTrue();

    world.crm.campaigns().approve(SeedCampaigns.AFTER_CLEANING, APPROVER).await();
    assertThat(journeyActive()).isFalse();
    world.cleaned(patient, paris("2028-01-10T09:00"));
    world.statsWhen(SeedCampaigns.AFTER_CLEANING, s -> s.getInteger("planned") == 1);
    world.sweepAt(paris("2028-01-17T10:00"));
    world.sweepAt(paris("2028-01-17T10:05"));

    assertThat(titles(patient)).containsOnlyOnce(article);
    // the other tests of this keyspace expect the seeds as they were
    world.crm.campaigns().end(SeedCampaigns.AFTER_CLEANING).await();
    world.session.execute(
        "UPDATE care_journeys_by_trigger SET active = true WHERE trigger = 'appointment.completed'"
            + " AND journey_id = "
            + SeedCampaigns.AFTER_CLEANING_JOURNEY);
  }

  @Test
  @Order(14)
  @DisplayName(
      "A stage entered whose announcement was lost is fired again by the patient's next judgement a minute on, decided once, and only for campaigns approved by then")
  void lostAnnouncementIsFiredAgain() {
    world.clock.set(paris("2028-02-01T09:00"));
    UUID clinic = world.clinicId();
    Campaign before = approved(acquisitionCampaign(clinic, "before"));
    UUID patient = world.patient(PARIS.getId());
    Principal admin = new Principal(UUID.randomUUID(), Role.ADMIN, Set.of());
    AtomicInteger lost = new AtomicInteger();
    Handler<DeliveryContext<Object>> announcementsLost =
        ctx -> {
          if (ctx.message().address().equals(Addresses.STAGE_CHANGED)) {
            lost.incrementAndGet();
          } else {
            ctx.next();
          }
        };
    world.vertx.eventBus().addInboundInterceptor(announcementsLost);
    try {
      world.book(patient, paris("2028-02-03T10:00"));
      world.awaitKnownAt(List.of(patient), clinic);
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> lost.get() > 0 && stageOf(admin, patient).equals("acquisition"));
    } finally {
      world.vertx.eventBus().removeInboundInterceptor(announcementsLost);
    }
    assertThat(world.crm.campaignStats().of(before.id()).await().getInteger("audience"))
        .as("the announcement was lost: nothing decided")
        .isZero();

    world.clock.set(paris("2028-02-01T09:01"));
    Campaign after = approved(acquisitionCampaign(clinic, "after"));
    world.clock.set(paris("2028-02-01T09:02"));
    world.crm.judgements().judge(patient).await();
    world.otherCrm.judgements().judge(patient).await();

    JsonObject stats = world.statsWhen(before.id(), s -> s.getInteger("planned") == 1);
    assertThat(stats.getInteger("audience")).as("one decision for two judgements").isEqualTo(1);
    world.clock.set(paris("2028-02-01T09:03"));
    world.crm.judgements().judge(patient).await();
    org.awaitility.Awaitility.await()
        .during(Duration.ofSeconds(1))
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                world.crm.campaignStats().of(after.id()).await().getInteger("audience") == 0
                    && world.crm.campaignStats().of(before.id()).await().getInteger("audience")
                        == 1);
    world.crm.campaigns().end(before.id()).await();
    world.crm.campaigns().end(after.id()).await();
  }

  @Test
  @Order(15)
  @DisplayName(
      "A completed cleaning whose events the campaigns never heard is fired again when the sweep reads the patient's appointments, decided once")
  void lostVisitIsFiredAgain() {
    world.clock.set(paris("2028-03-01T08:00"));
    UUID clinic = world.clinicId();
    JsonObject spec = CampaignWorld.declineCampaign(clinic).put("name", "After a lost cleaning");
    spec.getJsonObject("audience").remove("stages");
    Campaign c =
        approved(
            spec.put("trigger", new JsonObject().put("type", "visit").put("service", "cleaning")));
    UUID patient = world.patient(PARIS.getId());
    Set<String> lost = java.util.concurrent.ConcurrentHashMap.newKeySet();
    Handler<DeliveryContext<Object>> appointmentsLost =
        ctx -> {
          if (ctx.message().body() instanceof AppointmentChanged changed) {
            lost.add(changed.change());
          } else {
            ctx.next();
          }
        };
    world.vertx.eventBus().addInboundInterceptor(appointmentsLost);
    try {
      world.cleaned(patient, paris("2028-03-01T09:00"));
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> lost.contains("completed"));
    } finally {
      world.vertx.eventBus().removeInboundInterceptor(appointmentsLost);
    }
    assertThat(world.crm.campaignStats().of(c.id()).await().getInteger("audience"))
        .as("the visit's events were lost: nothing decided")
        .isZero();

    world.clock.set(paris("2028-03-01T09:05"));
    world.crm.sweep().refresh(new PatientRepository.Listed(patient, patient)).await();
    world.otherCrm.sweep().refresh(new PatientRepository.Listed(patient, patient)).await();

    JsonObject stats = world.statsWhen(c.id(), s -> s.getInteger("planned") == 1);
    assertThat(stats.getInteger("audience")).as("one decision for two sweeps").isEqualTo(1);
    world.crm.campaigns().end(c.id()).await();
  }

  @Test
  @Order(16)
  @DisplayName(
      "An instance that finds the patient's turn held for the same firing leaves it to the holder at once; held for another, it waits for the turn and decides")
  void turnHeldForTheSameFiring() {
    UUID clinic = UUID.randomUUID();
    Campaign c = nextDayAtTen("2028-04-01T09:00", clinic);
    UUID patient = world.patient(PARIS.getId());
    CampaignTriggers.Firing firing =
        new CampaignTriggers.Firing(
            patient,
            Optional.of(patient),
            "stage:decline:test",
            world.clock.instant(),
            new Audience.Member(Optional.empty(), Optional.of("decline"), Set.of(), Set.of(clinic)),
            trigger -> true,
            false);
    CampaignRepository turns = new CampaignRepository(world.session);
    UUID holder = UUID.randomUUID();
    Duration ttl = Duration.ofSeconds(60);
    assertThat(
            turns.takeTurn(patient, holder, deciding(c, "stage:decline:test"), ttl).await().mine())
        .isTrue();

    world.crm.campaignTriggers().fire(firing).await();
    assertThat(world.crm.campaignStats().of(c.id()).await().getInteger("audience"))
        .as("left to the holder, which claims it: nothing claimed here")
        .isZero();

    turns.endTurn(patient, holder).await();
    UUID other = UUID.randomUUID();
    assertThat(turns.takeTurn(patient, other, deciding(c, "stage:decline:other"), ttl).await())
        .isEqualTo(new CampaignRepository.Turn(true, Optional.empty()));
    io.vertx.core.Future<Void> waiting = world.crm.campaignTriggers().fire(firing);
    world.vertx.timer(200).await();
    assertThat(waiting.isComplete()).as("waits while another decision holds the turn").isFalse();
    turns.endTurn(patient, other).await();
    waiting.await();
    JsonObject stats = world.crm.campaignStats().of(c.id()).await();
    assertThat(stats.getInteger("audience")).isEqualTo(1);
    assertThat(stats.getInteger("planned")).isEqualTo(1);
  }

  /** The clock at {@code local} in Paris, and the clinic's decline campaign, sent the next day. */
  private static Campaign nextDayAtTen(String local, UUID clinic) {
    world.clock.set(paris(local));
    return approved(
        CampaignWorld.declineCampaign(clinic).put("delayDays", 1).put("sendAt", "10:00"));
  }

  private static String deciding(Campaign c, String occurrence) {
    return CampaignRepository.Turn.deciding(c.id(), occurrence);
  }

  private static CampaignBus.Outcomes outcomes(String address, UUID campaignId, int pageSize) {
    return CampaignBus.everyPage(world.vertx.eventBus(), address, campaignId, pageSize).await();
  }

  private static JsonObject acquisitionCampaign(UUID clinic, String name) {
    JsonObject json = CampaignWorld.declineCampaign(clinic).put("name", "Welcome " + name);
    json.getJsonObject("audience").put("stages", new JsonArray().add("acquisition"));
    return json.put(
        "trigger", new JsonObject().put("type", "stage-entered").put("stage", "acquisition"));
  }

  private static String stageOf(Principal staff, UUID patient) {
    JsonObject stage = world.crm.records().record(staff, patient).await().getJsonObject("stage");
    return stage == null ? "" : stage.getString("stage", "");
  }

  private static boolean journeyActive() {
    return world
        .session
        .execute(
            "SELECT active FROM care_journeys_by_trigger WHERE trigger = 'appointment.completed'"
                + " AND journey_id = "
                + SeedCampaigns.AFTER_CLEANING_JOURNEY)
        .one()
        .getBoolean("active");
  }

  private static boolean decidedAll(JsonObject stats, int audience) {
    return stats.getInteger("audience") == audience && stats.getInteger("undecided") == 0;
  }

  private static int heldBackFor(JsonObject stats, String reason) {
    return stats.getJsonObject("heldBack").getInteger(reason, 0);
  }

  private static Throwable await(io.vertx.core.Future<?> f) {
    try {
      f.await();
      return null;
    } catch (Throwable t) {
      return t;
    }
  }
}

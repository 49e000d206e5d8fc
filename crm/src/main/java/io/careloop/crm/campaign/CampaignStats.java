package io.careloop.crm.campaign;

import io.careloop.crm.projection.AppointmentProjectionRepository;
import io.careloop.crm.projection.KnownAppointment;
import io.careloop.platform.vertx.Bounded;
import io.careloop.reminders.bus.CampaignBus;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Whether a campaign works: its audience (every decision), what was planned, sent and read, what
 * was held back and why (by the CRM's decision or at send time), the control group, and who booked
 * within 30 days among the patients it was planned for and among those held out.
 */
public final class CampaignStats {

  static final Duration BOOKING_WINDOW = Duration.ofDays(30);
  private static final int CONCURRENCY = 32;

  /** Messages counted per question to reminders. */
  static final int PAGE = CampaignBus.CampaignPage.MAX_PAGE;

  private final CampaignRepository repository;
  private final AppointmentProjectionRepository appointments;
  private final EventBus bus;

  public CampaignStats(
      CampaignRepository repository, AppointmentProjectionRepository appointments, EventBus bus) {
    this.repository = repository;
    this.appointments = appointments;
    this.bus = bus;
  }

  public Future<JsonObject> of(UUID campaignId) {
    Future<List<Decision>> decisions = repository.decisions(campaignId);
    Future<CampaignBus.Outcomes> messages =
        CampaignBus.everyPage(bus, CampaignBus.OUTCOMES, campaignId, PAGE);
    return Future.all(decisions, messages)
        .compose(
            both ->
                booked(decisions.result())
                    .map(
                        booked ->
                            stats(campaignId, decisions.result(), messages.result(), booked)));
  }

  private static JsonObject stats(
      UUID campaignId,
      List<Decision> decisions,
      CampaignBus.Outcomes messages,
      Map<String, Integer> booked) {
    Map<String, Integer> outcomes = new TreeMap<>();
    Map<String, Integer> heldBack = new TreeMap<>();
    for (Decision d : decisions) {
      outcomes.merge(d.outcome(), 1, Integer::sum);
      d.reason().ifPresent(r -> heldBack.merge(r, 1, Integer::sum));
    }
    messages
        .counts()
        .forEach(
            (outcome, n) -> {
              int colon = outcome.indexOf(':');
              // "read" has no colon, and "sent" has no reason: neither is held back
              if (colon > 0 && !outcome.startsWith("sent")) {
                heldBack.merge(atSendTime(outcome.substring(colon + 1)), n, Integer::sum);
              }
            });
    int planned = outcomes.getOrDefault(Decision.PLANNED, 0);
    int heldOut = outcomes.getOrDefault(Decision.HELD_OUT, 0);
    return new JsonObject()
        .put("campaignId", campaignId.toString())
        .put("audience", decisions.size())
        .put("planned", planned)
        .put("sent", messages.count("sent"))
        .put("read", messages.read().orElse(null))
        .put("pending", messages.count("pending") + messages.count("sending"))
        .put("heldOut", heldOut)
        .put("heldBack", new JsonObject(new TreeMap<>(heldBack)))
        .put("undecided", outcomes.getOrDefault(Decision.DECIDING, 0))
        .put(
            "bookedWithin30Days",
            new JsonObject()
                .put("planned", group(planned, booked.getOrDefault(Decision.PLANNED, 0)))
                .put("heldOut", group(heldOut, booked.getOrDefault(Decision.HELD_OUT, 0))));
  }

  /** A reason given at send time, in the words of the CRM's (opted-out of marketing is consent). */
  private static String atSendTime(String reason) {
    return switch (reason) {
      case "opted-out" -> "opted-out-at-send";
      case "campaign-ended" -> "ended";
      default -> reason;
    };
  }

  private static JsonObject group(int patients, int booked) {
    return new JsonObject()
        .put("patients", patients)
        .put("booked", booked)
        .put("rate", patients == 0 ? 0.0 : Math.round(1000.0 * booked / patients) / 1000.0);
  }

  /** How many of the planned and held-out patients booked within 30 days of the decision. */
  private Future<Map<String, Integer>> booked(List<Decision> decisions) {
    List<Decision> compared =
        decisions.stream()
            .filter(
                d -> d.outcome().equals(Decision.PLANNED) || d.outcome().equals(Decision.HELD_OUT))
            .toList();
    return Bounded.map(
            compared,
            CONCURRENCY,
            d -> appointments.ofPatient(d.patientId()).map(list -> bookedAfter(d, list)))
        .map(
            bookedOrNot -> {
              Map<String, Integer> booked = new HashMap<>();
              for (int i = 0; i < compared.size(); i++) {
                if (bookedOrNot.get(i)) {
                  booked.merge(compared.get(i).outcome(), 1, Integer::sum);
                }
              }
              return booked;
            });
  }

  static boolean bookedAfter(Decision d, List<KnownAppointment> appointments) {
    return appointments.stream()
        .anyMatch(
            a ->
                a.bookedAt() != null
                    && !a.bookedAt().isBefore(d.decidedAt())
                    && a.bookedAt().isBefore(d.decidedAt().plus(BOOKING_WINDOW)));
  }
}

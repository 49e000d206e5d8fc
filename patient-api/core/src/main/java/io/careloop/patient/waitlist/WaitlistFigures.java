package io.careloop.patient.waitlist;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A clinic's waitlist for the front desk: who waits now (in total and per service), what became of
 * the offers made between two local days, and the median wait from joining the list to an accepted
 * offer. Counts only: it names no patient.
 *
 * @param waitingByService patients waiting per service id
 * @param serviceNames the clinic's services by id, to name them
 */
public record WaitlistFigures(
    UUID clinicId,
    LocalDate from,
    LocalDate to,
    Map<UUID, Long> waitingByService,
    Map<UUID, String> serviceNames,
    Offers offers,
    Optional<Duration> medianWait) {

  /** The offers made in the window by what became of them, as of the moment of the figures. */
  public record Offers(long sent, long accepted, long refused, long ranOut, long open) {}

  /**
   * The figures of the entries waiting on {@code today} (their last day not past) and of the offers
   * made in the window, as they stand at {@code now}.
   */
  static WaitlistFigures of(
      UUID clinicId,
      LocalDate from,
      LocalDate to,
      LocalDate today,
      List<WaitlistEntry> entries,
      List<OfferOutcome> offers,
      Map<UUID, String> serviceNames,
      Instant now) {
    Map<UUID, Long> waiting =
        entries.stream()
            .filter(e -> !e.to().isBefore(today))
            .collect(
                Collectors.groupingBy(
                    WaitlistEntry::serviceId, TreeMap::new, Collectors.counting()));
    Offers counted =
        new Offers(
            offers.size(),
            count(offers, o -> o.state() == WaitlistOffer.State.ACCEPTED),
            count(offers, o -> o.state() == WaitlistOffer.State.REFUSED),
            count(offers, o -> o.ranOutAt(now)),
            count(offers, o -> o.openAt(now)));
    List<Duration> waits = offers.stream().flatMap(o -> o.waited().stream()).toList();
    return new WaitlistFigures(clinicId, from, to, waiting, serviceNames, counted, median(waits));
  }

  private static long count(List<OfferOutcome> offers, Predicate<OfferOutcome> which) {
    return offers.stream().filter(which).count();
  }

  /** The middle value; of an even number, the mean of the two middle ones. */
  static Optional<Duration> median(List<Duration> values) {
    if (values.isEmpty()) {
      return Optional.empty();
    }
    List<Duration> sorted = values.stream().sorted().toList();
    int middle = sorted.size() / 2;
    return Optional.of(
        sorted.size() % 2 == 1
            ? sorted.get(middle)
            : sorted.get(middle - 1).plus(sorted.get(middle)).dividedBy(2));
  }

  public long waiting() {
    return waitingByService.values().stream().mapToLong(Long::longValue).sum();
  }

  /** The figures as the API answers them, services by name where the catalogue knows them. */
  public JsonObject toJson() {
    JsonArray byService = new JsonArray();
    waitingByService.entrySet().stream()
        .sorted(
            Map.Entry.<UUID, Long>comparingByValue(Comparator.reverseOrder())
                .thenComparing(e -> serviceNames.getOrDefault(e.getKey(), "")))
        .forEach(
            e -> {
              JsonObject service =
                  new JsonObject()
                      .put("serviceId", e.getKey().toString())
                      .put("patients", e.getValue());
              Optional.ofNullable(serviceNames.get(e.getKey()))
                  .ifPresent(n -> service.put("name", n));
              byService.add(service);
            });
    JsonObject json =
        new JsonObject()
            .put("clinicId", clinicId.toString())
            .put("from", from.toString())
            .put("to", to.toString())
            .put("waiting", new JsonObject().put("total", waiting()).put("byService", byService))
            .put(
                "offers",
                new JsonObject()
                    .put("sent", offers.sent())
                    .put("accepted", offers.accepted())
                    .put("refused", offers.refused())
                    .put("ranOut", offers.ranOut())
                    .put("open", offers.open()));
    medianWait.ifPresent(w -> json.put("medianWaitSeconds", w.toSeconds()));
    return json;
  }
}

package io.careloop.simulators.clinical;

import io.careloop.alerts.rule.Breach;
import io.careloop.alerts.rule.Evidence;
import io.careloop.alerts.rule.Rule;
import io.careloop.alerts.rule.SessionFacts;
import io.careloop.ingest.registry.Device;
import io.careloop.ingest.session.BrushingSession;
import io.careloop.ingest.session.SessionPayloadParser;
import io.careloop.ingest.session.SessionPlacement;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * What the alerts module would open for a run of uploads, without Cassandra or a broker: every
 * upload goes through device-ingest's real parser, placement and pairing rules (a copy of a session
 * stored before changes nothing and is not judged again), then the owner's plan is judged with the
 * alerts module's real rules as {@code AlertService} judges it: on every stored session at its
 * arrival, and by the sweep every {@code sweepEvery}. Nobody resolves, so a rule opens at most
 * once.
 */
public final class AlertsJudge {

  /** A pairing as the registry records it; {@code unpairedAt} null while it lasts. */
  public record Pairing(String deviceId, UUID patientId, Instant pairedAt, Instant unpairedAt) {}

  /** A message reaching ingest at {@code at}. */
  public record Arrival(Instant at, JsonObject payload) {}

  /** An alert the module would open: when it would, and the breach it would name. */
  public record Opened(
      UUID patientId, String ruleId, Instant openedAt, Instant breachAt, String detail) {}

  private final Map<UUID, JudgedPatient> patients = new LinkedHashMap<>();
  private final List<Pairing> pairings;
  private final Duration sweepEvery;
  private final SessionPayloadParser parser = new SessionPayloadParser();
  private final Map<UUID, List<SessionFacts>> stored = new HashMap<>();
  private final Set<String> identities = new HashSet<>();
  private final Map<UUID, Map<String, Opened>> opened = new LinkedHashMap<>();
  private int refused;
  private int unattributed;

  public AlertsJudge(List<JudgedPatient> patients, List<Pairing> pairings, Duration sweepEvery) {
    patients.forEach(p -> this.patients.put(p.id(), p));
    this.pairings = List.copyOf(pairings);
    this.sweepEvery = sweepEvery;
  }

  /**
   * Replays the arrivals (in time order) and the sweeps up to {@code until}; returns the alerts per
   * patient.
   */
  public Map<UUID, Map<String, Opened>> judge(List<Arrival> arrivals, Instant until) {
    List<Arrival> ordered = new ArrayList<>(arrivals);
    ordered.sort(Comparator.comparing(Arrival::at));
    Instant sweep =
        patients.values().stream()
            .map(JudgedPatient::planStart)
            .min(Comparator.naturalOrder())
            .orElse(until);
    for (Arrival arrival : ordered) {
      for (;
          !sweep.isAfter(arrival.at()) && !sweep.isAfter(until);
          sweep = sweep.plus(sweepEvery)) {
        sweepAll(sweep);
      }
      if (!arrival.at().isAfter(until)) {
        arrive(arrival);
      }
    }
    for (; !sweep.isAfter(until); sweep = sweep.plus(sweepEvery)) {
      sweepAll(sweep);
    }
    sweepAll(until);
    return opened;
  }

  /** The rule ids opened for a patient, in the order they opened. */
  public Set<String> rulesOpened(UUID patientId) {
    return opened.getOrDefault(patientId, Map.of()).keySet();
  }

  /** Payloads ingest would dead-letter (none, for a simulator that follows the contract). */
  public int refused() {
    return refused;
  }

  /** Sessions of a brush nobody had paired when they arrived. */
  public int unattributed() {
    return unattributed;
  }

  private void arrive(Arrival arrival) {
    String deviceId = arrival.payload().getString("deviceId");
    var result =
        parser.parse(
            "careloop/v1/devices/" + deviceId + "/sessions",
            arrival.payload().encode().getBytes(StandardCharsets.UTF_8),
            arrival.at());
    if (!(result instanceof SessionPayloadParser.Accepted accepted)) {
      refused++;
      return;
    }
    Device device = deviceAt(deviceId, arrival.at());
    BrushingSession session = SessionPlacement.withinPairing(accepted.session(), device::ownerAt);
    if (!identities.add(session.identity())) {
      return; // a copy: stored again, not announced
    }
    Optional<UUID> owner = device.ownerAt(session.placedAt());
    if (owner.isEmpty() || !patients.containsKey(owner.get())) {
      unattributed++;
      return;
    }
    SessionFacts facts = SessionFacts.of(session.toStored(null));
    stored.computeIfAbsent(owner.get(), k -> new ArrayList<>()).add(facts);
    evaluate(patients.get(owner.get()), Optional.of(facts), arrival.at());
  }

  /** The registry's view at {@code now}: pairings made so far, those that ended by then ended. */
  private Device deviceAt(String deviceId, Instant now) {
    List<Device.Pairing> known =
        pairings.stream()
            .filter(p -> p.deviceId().equals(deviceId) && !p.pairedAt().isAfter(now))
            .sorted(Comparator.comparing(Pairing::pairedAt))
            .map(
                p ->
                    new Device.Pairing(
                        p.patientId(),
                        p.pairedAt(),
                        p.unpairedAt() != null && !p.unpairedAt().isAfter(now)
                            ? p.unpairedAt()
                            : null))
            .toList();
    return new Device(deviceId, "CL-SIM", "", false, Instant.EPOCH, null, known);
  }

  private void sweepAll(Instant now) {
    patients.values().forEach(p -> evaluate(p, Optional.empty(), now));
  }

  private void evaluate(JudgedPatient patient, Optional<SessionFacts> trigger, Instant now) {
    if (!patient.activeAt(now)) {
      return;
    }
    List<SessionFacts> recent = recentOf(patient, now);
    Evidence evidence =
        new Evidence(
            now,
            patient.zone(),
            patient.planStart(),
            trigger.isPresent() ? trigger : recent.stream().findFirst(),
            recent);
    Map<String, Opened> mine = opened.computeIfAbsent(patient.id(), k -> new LinkedHashMap<>());
    for (Rule rule : patient.rules()) {
      if (!mine.containsKey(rule.id())) {
        Optional<Breach> breach = rule.test(evidence);
        breach.ifPresent(
            b -> mine.put(rule.id(), new Opened(patient.id(), rule.id(), now, b.at(), b.detail())));
      }
    }
  }

  /**
   * PATIENT_SESSIONS as ingest answers it: placed within the look-back (up to a day ahead), newest
   * first.
   */
  private List<SessionFacts> recentOf(JudgedPatient patient, Instant now) {
    Instant from = now.minus(patient.lookback());
    Instant to = now.plus(Duration.ofDays(1));
    return stored.getOrDefault(patient.id(), List.of()).stream()
        .filter(s -> !s.placedAt().isBefore(from) && s.placedAt().isBefore(to))
        .sorted(Comparator.comparing(SessionFacts::placedAt).reversed())
        .toList();
  }
}

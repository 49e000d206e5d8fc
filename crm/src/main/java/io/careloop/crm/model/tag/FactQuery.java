package io.careloop.crm.model.tag;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.careloop.crm.model.facts.AlertSeverity;
import io.careloop.crm.model.facts.Channel;
import io.careloop.crm.model.facts.FeedbackSource;
import io.careloop.crm.model.facts.PatientFacts;
import io.careloop.crm.model.facts.Sentiment;
import io.careloop.crm.model.facts.VisitStatus;
import java.time.Instant;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A named fact with the parameters a rule gave it; {@link #value} reads it from a patient's facts.
 * Parameters the fact does not take are refused by the parser, so every field here is meaningful.
 */
public record FactQuery(
    FactDefinition definition,
    Optional<Period> window,
    Optional<Period> shift,
    Optional<VisitStatus> status,
    Optional<String> service,
    Optional<Channel> channel,
    Optional<AlertSeverity> severity,
    Optional<Sentiment> sentiment,
    Optional<FeedbackSource> source) {

  /** The fact without parameters (defaults everywhere). */
  public static FactQuery of(FactDefinition definition) {
    return new FactQuery(
        definition,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  public Optional<Object> value(PatientFacts facts, Instant now) {
    return definition.function().apply(facts, now, this);
  }

  /** The window of a windowed fact: its own, or the fact's default. */
  Window span(Instant now) {
    return Window.of(
        now, window.or(definition::defaultWindow).orElseThrow(), shift.orElse(Period.ZERO));
  }

  /**
   * The name with the parameters set, e.g. {@code visits.count[status=no_show,window=P1Y]}: the
   * evidence's key.
   */
  public String label() {
    List<String> parts = new ArrayList<>();
    window.ifPresent(w -> parts.add("window=" + w));
    shift.ifPresent(s -> parts.add("shift=" + s));
    status.ifPresent(s -> parts.add("status=" + s.json()));
    service.ifPresent(s -> parts.add("service=" + s));
    channel.ifPresent(c -> parts.add("channel=" + c.json()));
    severity.ifPresent(s -> parts.add("severity=" + s.json()));
    sentiment.ifPresent(s -> parts.add("sentiment=" + s.json()));
    source.ifPresent(s -> parts.add("source=" + s.json()));
    return parts.isEmpty()
        ? definition.name()
        : definition.name() + "[" + String.join(",", parts) + "]";
  }

  void writeTo(ObjectNode json) {
    json.put("fact", definition.name());
    window.ifPresent(w -> json.put("window", w.toString()));
    shift.ifPresent(s -> json.put("shift", s.toString()));
    status.ifPresent(s -> json.put("status", s.json()));
    service.ifPresent(s -> json.put("service", s));
    channel.ifPresent(c -> json.put("channel", c.json()));
    severity.ifPresent(s -> json.put("severity", s.json()));
    sentiment.ifPresent(s -> json.put("sentiment", s.json()));
    source.ifPresent(s -> json.put("source", s.json()));
  }
}

package io.careloop.crm.model.tag;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.careloop.crm.model.facts.PatientFacts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A condition on a patient's facts, stored as JSON data and judged by {@link #test}, a pure
 * function of the facts and the time. The shape follows the alerts' rule conditions: one record per
 * kind.
 *
 * <p>Kinds: {@code compare} (a fact, an operator, and a constant {@code value} or another fact
 * {@code to}, optionally {@code times} a factor: {@code {"kind":"compare","fact":"visits.count",
 * "status":"no_show","window":"P1Y","op":">=","value":2}}); {@code known} (the fact has a value);
 * and the combinations {@code all} (AND), {@code any} (OR) and {@code not}. A fact without a value
 * (no birth date, no brush) fails every comparison; {@code not} then holds.
 */
public sealed interface Condition
    permits Condition.Compare, Condition.Known, Condition.All, Condition.Any, Condition.Not {

  /** Whether it holds, with the fact values that decided it (its evidence). */
  Outcome test(PatientFacts facts, Instant now);

  ObjectNode toJson();

  /** The result of a test: {@code observations} are the values that made it true, or false. */
  record Outcome(boolean holds, List<Observation> observations) {
    public Outcome {
      observations = List.copyOf(observations);
    }
  }

  /** What a fact is compared with: a constant, or another fact times a factor. */
  sealed interface Operand permits Constant, OtherFact {}

  /** A constant: a Double, a String, or a List of Strings for {@code in}. */
  record Constant(Object value) implements Operand {}

  /**
   * Another number fact, multiplied by {@code times}: "cleanings this year below those of the year
   * before".
   */
  record OtherFact(FactQuery fact, double times) implements Operand {}

  /** The fact compared with the operand by the operator. */
  record Compare(FactQuery fact, Op op, Operand operand) implements Condition {
    public Outcome test(PatientFacts facts, Instant now) {
      Optional<Object> left = fact.value(facts, now);
      List<Observation> seen = new ArrayList<>(List.of(new Observation(fact.label(), left)));
      Optional<Object> right;
      if (operand instanceof OtherFact o) {
        Optional<Object> other = o.fact().value(facts, now);
        seen.add(new Observation(o.fact().label(), other));
        right = other.map(v -> (Double) v * o.times());
      } else {
        right = Optional.of(((Constant) operand).value());
      }
      boolean holds = left.isPresent() && right.isPresent() && op.apply(left.get(), right.get());
      return new Outcome(holds, seen);
    }

    public ObjectNode toJson() {
      ObjectNode json = kind("compare");
      fact.writeTo(json);
      json.put("op", op.symbol());
      if (operand instanceof OtherFact o) {
        ObjectNode to = json.putObject("to");
        o.fact().writeTo(to);
        if (o.times() != 1.0) {
          to.put("times", o.times());
        }
      } else {
        json.set("value", constant(((Constant) operand).value()));
      }
      return json;
    }
  }

  /** The fact has a value (a birth date was given, a brush measured plaque, ...). */
  record Known(FactQuery fact) implements Condition {
    public Outcome test(PatientFacts facts, Instant now) {
      Optional<Object> value = fact.value(facts, now);
      return new Outcome(value.isPresent(), List.of(new Observation(fact.label(), value)));
    }

    public ObjectNode toJson() {
      ObjectNode json = kind("known");
      fact.writeTo(json);
      return json;
    }
  }

  /** Every condition holds (AND); its evidence is all of theirs, or the first that failed. */
  record All(List<Condition> of) implements Condition {
    public All {
      of = List.copyOf(of);
    }

    public Outcome test(PatientFacts facts, Instant now) {
      List<Observation> seen = new ArrayList<>();
      for (Condition c : of) {
        Outcome outcome = c.test(facts, now);
        if (!outcome.holds()) {
          return new Outcome(false, outcome.observations());
        }
        seen.addAll(outcome.observations());
      }
      return new Outcome(true, seen);
    }

    public ObjectNode toJson() {
      return list("all", of);
    }
  }

  /** At least one condition holds (OR); its evidence is that of those that hold, or of all. */
  record Any(List<Condition> of) implements Condition {
    public Any {
      of = List.copyOf(of);
    }

    public Outcome test(PatientFacts facts, Instant now) {
      List<Outcome> outcomes = of.stream().map(c -> c.test(facts, now)).toList();
      boolean holds = outcomes.stream().anyMatch(Outcome::holds);
      return new Outcome(
          holds,
          outcomes.stream()
              .filter(o -> o.holds() == holds)
              .flatMap(o -> o.observations().stream())
              .toList());
    }

    public ObjectNode toJson() {
      return list("any", of);
    }
  }

  /** The condition does not hold; the evidence is the values that made it fail. */
  record Not(Condition of) implements Condition {
    public Outcome test(PatientFacts facts, Instant now) {
      Outcome inner = of.test(facts, now);
      return new Outcome(!inner.holds(), inner.observations());
    }

    public ObjectNode toJson() {
      ObjectNode json = kind("not");
      json.set("of", of.toJson());
      return json;
    }
  }

  private static com.fasterxml.jackson.databind.JsonNode constant(Object value) {
    var nodes = JsonNodeFactory.instance;
    if (value instanceof Double d) {
      return d == Math.rint(d) && Math.abs(d) < 1e15
          ? nodes.numberNode(d.longValue())
          : nodes.numberNode(d);
    }
    if (value instanceof List<?> list) {
      ArrayNode array = nodes.arrayNode();
      list.forEach(v -> array.add(String.valueOf(v)));
      return array;
    }
    return nodes.textNode(String.valueOf(value));
  }

  private static ObjectNode kind(String kind) {
    return JsonNodeFactory.instance.objectNode().put("kind", kind);
  }

  private static ObjectNode list(String kind, List<Condition> conditions) {
    ObjectNode json = kind(kind);
    ArrayNode of = json.putArray("of");
    conditions.forEach(c -> of.add(c.toJson()));
    return json;
  }
}

package io.careloop.crm.model.tag;

import io.careloop.crm.model.facts.AlertSeverity;
import io.careloop.crm.model.facts.Channel;
import io.careloop.crm.model.facts.FeedbackSource;
import io.careloop.crm.model.facts.Sentiment;
import io.careloop.crm.model.facts.VisitStatus;
import io.careloop.crm.model.input.JsonInput;
import java.time.Period;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a {@link Condition} from JSON, refusing with the place (JSON pointer) anything that would
 * not judge cleanly: an unknown kind or fact, a parameter the fact does not take, an operator the
 * fact's type does not allow, a value of the wrong type, a typo in a member's name.
 */
public final class ConditionParser {

  /** Deeper nesting is refused: no useful rule needs it, and it bounds the parser's stack. */
  public static final int MAX_DEPTH = 12;

  private static final Set<String> LIST_MEMBERS = Set.of("kind", "of");
  private static final List<String> KINDS = List.of("compare", "known", "all", "any", "not");

  private ConditionParser() {}

  public static Condition parse(JsonInput json) {
    return parse(json, 1);
  }

  private static Condition parse(JsonInput json, int depth) {
    json.requireObject();
    if (depth > MAX_DEPTH) {
      throw json.error("conditions nest deeper than " + MAX_DEPTH + " levels");
    }
    String kind = json.required("kind").oneOf(k -> Optional.of(k).filter(KINDS::contains), KINDS);
    return switch (kind) {
      case "compare" -> compare(json);
      case "known" -> known(json);
      case "all" -> new Condition.All(list(json, depth));
      case "any" -> new Condition.Any(list(json, depth));
      default -> new Condition.Not(parse(json.onlyMembers(LIST_MEMBERS).required("of"), depth + 1));
    };
  }

  private static List<Condition> list(JsonInput json, int depth) {
    List<JsonInput> items = json.onlyMembers(LIST_MEMBERS).required("of").elements();
    if (items.isEmpty()) {
      throw json.member("of").error("needs at least one condition");
    }
    return items.stream().map(item -> parse(item, depth + 1)).toList();
  }

  private static Condition known(JsonInput json) {
    FactQuery fact = factQuery(json, Set.of("kind"));
    return new Condition.Known(fact);
  }

  private static Condition compare(JsonInput json) {
    FactQuery fact = factQuery(json, Set.of("kind", "op", "value", "to"));
    Op op = json.required("op").oneOf(Op::fromSymbol, Op.symbols());
    if (!op.appliesTo(fact.definition().type())) {
      throw json.member("op")
          .error(
              "'"
                  + op.symbol()
                  + "' does not apply to "
                  + fact.definition().name()
                  + ", a "
                  + fact.definition().type().name().toLowerCase(java.util.Locale.ROOT)
                  + " fact");
    }
    if (json.has("value") == json.has("to")) {
      throw json.error(
          "a comparison needs either a constant 'value' or another fact 'to', not both");
    }
    Condition.Operand operand =
        json.has("value")
            ? constant(json.member("value"), fact, op)
            : otherFact(json.member("to"), fact);
    return new Condition.Compare(fact, op, operand);
  }

  private static Condition.Operand constant(JsonInput value, FactQuery fact, Op op) {
    if (op == Op.IN) {
      List<JsonInput> items = value.elements();
      if (items.isEmpty()) {
        throw value.error("'in' needs at least one string");
      }
      return new Condition.Constant(items.stream().map(JsonInput::text).toList());
    }
    if (fact.definition().type() == FactType.NUMBER) {
      return new Condition.Constant(value.number());
    }
    return new Condition.Constant(value.text());
  }

  private static Condition.Operand otherFact(JsonInput to, FactQuery fact) {
    FactQuery other = factQuery(to, Set.of("times"));
    if (fact.definition().type() != FactType.NUMBER
        || other.definition().type() != FactType.NUMBER) {
      throw to.error("only number facts compare with another fact");
    }
    double times = to.has("times") ? to.member("times").number(0, 1000) : 1.0;
    return new Condition.OtherFact(other, times);
  }

  /**
   * The fact named by {@code fact} with its parameters; {@code ownMembers} are the rest the object
   * may hold.
   */
  static FactQuery factQuery(JsonInput json, Set<String> ownMembers) {
    JsonInput name = json.required("fact");
    FactDefinition fact =
        FactCatalogue.find(name.text())
            .orElseThrow(() -> name.error("unknown fact '" + name.text() + "'"));
    Set<String> allowed = new HashSet<>(ownMembers);
    allowed.add("fact");
    fact.params().forEach(p -> allowed.add(p.json()));
    json.onlyMembers(allowed);
    return new FactQuery(
        fact,
        period(json, "window"),
        period(json, "shift"),
        optional(json, "status").map(s -> s.oneOf(VisitStatus::fromJson, VisitStatus.names())),
        optional(json, "service").map(ConditionParser::service),
        optional(json, "channel").map(s -> s.oneOf(Channel::fromJson, Channel.names())),
        optional(json, "severity")
            .map(s -> s.oneOf(AlertSeverity::fromJson, AlertSeverity.names())),
        optional(json, "sentiment").map(s -> s.oneOf(Sentiment::fromJson, Sentiment.names())),
        optional(json, "source")
            .map(s -> s.oneOf(FeedbackSource::fromJson, FeedbackSource.names())));
  }

  private static Optional<Period> period(JsonInput json, String name) {
    return optional(json, name).map(JsonInput::period);
  }

  private static Optional<JsonInput> optional(JsonInput json, String name) {
    return json.has(name) ? Optional.of(json.member(name)) : Optional.empty();
  }

  private static String service(JsonInput json) {
    String service = json.text();
    if (service.isBlank()) {
      throw json.error("must name a service");
    }
    return service;
  }
}

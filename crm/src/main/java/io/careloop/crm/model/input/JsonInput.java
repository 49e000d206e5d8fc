package io.careloop.crm.model.input;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * A node of a submitted JSON document that knows its own JSON pointer, so that every reading error
 * of the rule and configuration parsers names the place (RFC 6901) of what is wrong.
 */
public final class JsonInput {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final JsonNode node;
  private final String pointer;

  private JsonInput(JsonNode node, String pointer) {
    this.node = node;
    this.pointer = pointer;
  }

  /**
   * The document's root; a text that is not JSON fails at {@code ""} with the parser's line and
   * column.
   */
  public static JsonInput parse(String json) {
    if (json == null || json.isBlank()) {
      throw new InvalidModelInputException("", "the document is empty");
    }
    try {
      return new JsonInput(MAPPER.readTree(json), "");
    } catch (JsonProcessingException e) {
      var at = e.getLocation();
      throw new InvalidModelInputException(
          "",
          "not JSON (line "
              + (at == null ? "?" : at.getLineNr())
              + ", column "
              + (at == null ? "?" : at.getColumnNr())
              + "): "
              + e.getOriginalMessage());
    }
  }

  public String pointer() {
    return pointer;
  }

  /** A failure at this node. */
  public InvalidModelInputException error(String reason) {
    return new InvalidModelInputException(pointer, reason);
  }

  public JsonInput requireObject() {
    if (!node.isObject()) {
      throw error("must be a JSON object, got " + describe(node));
    }
    return this;
  }

  /** Refuses a member not in {@code allowed}, so that a typo fails instead of being ignored. */
  public JsonInput onlyMembers(Set<String> allowed) {
    requireObject();
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!allowed.contains(name)) {
        throw member(name)
            .error(
                "unknown member '"
                    + name
                    + "' (allowed: "
                    + String.join(", ", sorted(allowed))
                    + ")");
      }
    }
    return this;
  }

  public boolean has(String name) {
    return node.has(name) && !node.get(name).isNull();
  }

  /** The member {@code name}, present or not (a missing one reads as JSON null). */
  public JsonInput member(String name) {
    JsonNode child = node.isObject() && node.has(name) ? node.get(name) : MAPPER.nullNode();
    return new JsonInput(child, pointer + "/" + escape(name));
  }

  public JsonInput required(String name) {
    requireObject();
    if (!has(name)) {
      throw member(name).error("is required");
    }
    return member(name);
  }

  public List<JsonInput> elements() {
    if (!node.isArray()) {
      throw error("must be an array, got " + describe(node));
    }
    List<JsonInput> out = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      out.add(new JsonInput(node.get(i), pointer + "/" + i));
    }
    return out;
  }

  public List<String> memberNames() {
    requireObject();
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  public String text() {
    if (!node.isTextual()) {
      throw error("must be a string, got " + describe(node));
    }
    return node.textValue();
  }

  public double number() {
    if (!node.isNumber() || !Double.isFinite(node.doubleValue())) {
      throw error("must be a number, got " + describe(node));
    }
    return node.doubleValue();
  }

  public double number(double min, double max) {
    double value = number();
    if (value < min || value > max) {
      throw error("must be between " + min + " and " + max + ", got " + value);
    }
    return value;
  }

  public int integer(int min, int max) {
    double value = number();
    if (value != Math.rint(value) || value < min || value > max) {
      throw error("must be a whole number between " + min + " and " + max + ", got " + node);
    }
    return (int) value;
  }

  public boolean bool() {
    if (!node.isBoolean()) {
      throw error("must be true or false, got " + describe(node));
    }
    return node.booleanValue();
  }

  public boolean isNumber() {
    return node.isNumber();
  }

  public boolean isText() {
    return node.isTextual();
  }

  public boolean isBoolean() {
    return node.isBoolean();
  }

  public boolean isArray() {
    return node.isArray();
  }

  public boolean isObject() {
    return node.isObject();
  }

  /** An ISO-8601 period such as {@code P90D}, {@code P12M} or {@code P1Y}, positive. */
  public Period period() {
    try {
      Period p = Period.parse(text());
      if (p.isNegative() || p.isZero()) {
        throw error("must be a positive period, got " + node);
      }
      return p;
    } catch (DateTimeParseException e) {
      throw error("must be an ISO-8601 period such as P90D, P12M or P1Y, got " + node);
    }
  }

  /**
   * The text, read as one of {@code values} by {@code read}; anything else fails listing what is
   * allowed.
   */
  public <T> T oneOf(Function<String, Optional<T>> read, List<String> values) {
    String text = text();
    return read.apply(text)
        .orElseThrow(
            () -> error("must be one of " + String.join(", ", values) + ", got '" + text + "'"));
  }

  /** Ascending increasing numbers, {@code size} of them, such as the cut points of a score. */
  public double[] increasing(int size) {
    List<JsonInput> items = elements();
    if (items.size() != size) {
      throw error("must hold " + size + " numbers, got " + items.size());
    }
    double[] values = new double[size];
    for (int i = 0; i < size; i++) {
      values[i] = items.get(i).number();
      if (i > 0 && values[i] <= values[i - 1]) {
        throw items
            .get(i)
            .error("must be greater than the number before it (" + values[i - 1] + ")");
      }
    }
    return values;
  }

  static String describe(JsonNode node) {
    JsonNodeType type = node.getNodeType();
    return switch (type) {
      case NULL, MISSING -> "nothing";
      case OBJECT -> "an object";
      case ARRAY -> "an array";
      default -> type.name().toLowerCase(java.util.Locale.ROOT) + " " + node;
    };
  }

  private static String escape(String name) {
    return name.replace("~", "~0").replace("/", "~1");
  }

  private static List<String> sorted(Set<String> names) {
    return names.stream().sorted().toList();
  }
}

package io.careloop.crm.imports;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/** Reads the fields of one line of an import, refusing it with the first thing that is wrong. */
final class LineFields {

  private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]{2,}");

  private final JsonObject json;

  private LineFields(JsonObject json) {
    this.json = json;
  }

  /** The line as a JSON object with only these fields. */
  static LineFields of(String line, Set<String> allowed) {
    JsonObject json;
    try {
      json = new JsonObject(line);
    } catch (DecodeException | ClassCastException e) {
      throw new LineRefused("not a JSON object");
    }
    for (String field : json.fieldNames()) {
      if (!allowed.contains(field)) {
        throw new LineRefused("unknown field " + field);
      }
    }
    return new LineFields(json);
  }

  String text(String field, int max, boolean required) {
    Object value = json.getValue(field);
    if (value == null) {
      if (required) {
        throw new LineRefused(field + " is required");
      }
      return null;
    }
    if (!(value instanceof String s) || s.isBlank() || s.length() > max) {
      throw new LineRefused(field + " must be text of 1 to " + max + " characters");
    }
    if (s.codePoints()
        .anyMatch(
            c ->
                Character.getType(c) == Character.CONTROL
                    || Character.getType(c) == Character.SURROGATE)) {
      throw new LineRefused(field + " holds a control character or a lone surrogate");
    }
    return s.strip();
  }

  String email(String field) {
    String email = text(field, 254, false);
    if (email != null && !EMAIL.matcher(email).matches()) {
      throw new LineRefused(field + " must be an e-mail address");
    }
    return email;
  }

  String phone(String field) {
    String phone = text(field, 40, false);
    if (phone != null && phone.replaceAll("\\D", "").length() < 4) {
      throw new LineRefused(field + " must be a phone number (4 digits at least)");
    }
    return phone;
  }

  LocalDate pastDate(String field, LocalDate today, boolean required) {
    String text = text(field, 10, required);
    if (text == null) {
      return null;
    }
    try {
      LocalDate date = LocalDate.parse(text);
      if (date.isAfter(today) || date.getYear() < 1900) {
        throw new LineRefused(field + " must be a date from 1900 to today, got " + text);
      }
      return date;
    } catch (DateTimeParseException e) {
      throw new LineRefused(field + " must be a date YYYY-MM-DD, got " + text);
    }
  }

  UUID uuid(String field, boolean required) {
    String text = text(field, 36, required);
    try {
      return text == null ? null : UUID.fromString(text);
    } catch (IllegalArgumentException e) {
      throw new LineRefused(field + " must be a UUID, got " + text);
    }
  }

  BigDecimal price(String field) {
    Object value = json.getValue(field);
    if (value == null) {
      return null;
    }
    if (!(value instanceof Number n)) {
      throw new LineRefused(field + " must be a number");
    }
    BigDecimal price = new BigDecimal(n.toString());
    if (price.signum() < 0
        || price.compareTo(BigDecimal.valueOf(10_000_000)) > 0
        || price.scale() > 2) {
      throw new LineRefused(field + " must be 0 to 10000000 with at most 2 decimals, got " + n);
    }
    return price;
  }
}

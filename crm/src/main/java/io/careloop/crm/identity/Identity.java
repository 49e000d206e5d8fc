package io.careloop.crm.identity;

import io.careloop.platform.http.Problem;
import io.vertx.core.json.JsonObject;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An external record a patient is known by: a system (the practice system's record numbers, {@code
 * practice}; the mini-program, {@code miniprogram}; {@code phone}; any other name the chain uses)
 * and the value it gives the patient there. A phone number is kept as its digits (with a leading
 * +), so that different spellings of one number are one identity.
 */
public record Identity(String system, String value) {

  private static final Pattern SYSTEM = Pattern.compile("[a-z][a-z0-9_-]{1,31}");
  static final int MAX_VALUE = 128;

  /** Checked and normalized; a bad one is a 400 saying what is wrong. */
  public static Identity of(String system, String value) {
    String s = system == null ? "" : system.strip().toLowerCase(Locale.ROOT);
    if (!SYSTEM.matcher(s).matches()) {
      throw Problem.validation(
          "system must be 2 to 32 letters, digits, - or _, starting with a letter; got '"
              + system
              + "'");
    }
    String v = value == null ? "" : value.strip();
    if (s.equals("phone")) {
      v = (v.startsWith("+") ? "+" : "") + v.replaceAll("\\D", "");
    }
    if (v.isEmpty() || v.equals("+") || v.length() > MAX_VALUE) {
      throw Problem.validation(
          "value must have 1 to "
              + MAX_VALUE
              + " characters"
              + (s.equals("phone") ? " (a phone number's digits)" : ""));
    }
    return new Identity(s, v);
  }

  /** {@code system|value}, as the search parameter {@code identity} gives it. */
  public static Identity parse(String systemBarValue) {
    int bar = systemBarValue.indexOf('|');
    if (bar < 0) {
      throw Problem.validation("identity must be system|value, e.g. practice|P-1001");
    }
    return of(systemBarValue.substring(0, bar), systemBarValue.substring(bar + 1));
  }

  public JsonObject toJson() {
    return new JsonObject().put("system", system).put("value", value);
  }
}

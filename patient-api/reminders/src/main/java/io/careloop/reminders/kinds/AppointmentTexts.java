package io.careloop.reminders.kinds;

import io.careloop.patient.access.AccessNeeds;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The appointment reminder's words, kept as data in {@value #RESOURCE}: the standard text, or the
 * easy-read one (short sentences: what, when, where) for a patient who needs it, and a line saying
 * that an interpreter for the patient's language is booked.
 */
public final class AppointmentTexts {

  static final String RESOURCE = "/reminder-texts/appointment.json";

  /** A reminder's title and body. */
  public record Text(String title, String body) {}

  /** What the texts name: the service, the clinic, its address, and when (the clinic's time). */
  public record Visit(String service, String clinic, String address, String when) {}

  private final JsonObject texts;

  AppointmentTexts(JsonObject texts) {
    this.texts = texts;
  }

  public static AppointmentTexts load() {
    try (InputStream in = AppointmentTexts.class.getResourceAsStream(RESOURCE)) {
      return new AppointmentTexts(
          new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Which words the needs call for: empty for the usual ones, otherwise a short name of the variant
   * (easy-read, the interpreter's language), so that a change of needs replans reminders.
   */
  public static String variant(AccessNeeds needs) {
    String style = needs.needs().contains("easy-read") ? "easy-read" : "";
    String interpreter = needs.interpreterLanguage().map(l -> "interpreter-" + l).orElse("");
    return style.isEmpty() || interpreter.isEmpty()
        ? style + interpreter
        : style + "+" + interpreter;
  }

  public Text of(Visit visit, AccessNeeds needs) {
    String style = needs.needs().contains("easy-read") ? "easyRead" : "standard";
    JsonObject text = texts.getJsonObject(style);
    Map<String, String> values =
        Map.of(
            "{service}", visit.service(),
            "{clinic}", visit.clinic(),
            "{address}", visit.address(),
            "{when}", visit.when());
    String interpreter =
        needs
            .interpreterLanguage()
            .map(
                tag ->
                    texts
                        .getJsonObject("interpreter")
                        .getString(style)
                        .replace("{language}", languageName(tag)))
            .orElse("");
    return new Text(text.getString("title"), filled(text.getString("body"), values) + interpreter);
  }

  /** "Polish" for {@code pl}; the tag itself where Java knows no English name for it. */
  static String languageName(String tag) {
    String name = Locale.forLanguageTag(tag).getDisplayName(Locale.ENGLISH);
    return Optional.of(name).filter(n -> !n.isBlank()).orElse(tag);
  }

  private static String filled(String template, Map<String, String> values) {
    String text = template;
    for (Map.Entry<String, String> value : values.entrySet()) {
      text = text.replace(value.getKey(), value.getValue());
    }
    return text;
  }
}

package io.careloop.crm.model.facts;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a sentiment came from: the patient's own feedback after a visit, or a staff member's note.
 */
public enum FeedbackSource {
  FEEDBACK,
  NOTE;

  public String json() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<FeedbackSource> fromJson(String value) {
    return Arrays.stream(values()).filter(s -> s.json().equals(value)).findFirst();
  }

  public static List<String> names() {
    return Arrays.stream(values()).map(FeedbackSource::json).toList();
  }
}

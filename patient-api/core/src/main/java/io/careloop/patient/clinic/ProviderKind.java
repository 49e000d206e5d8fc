package io.careloop.patient.clinic;

import io.careloop.platform.http.Problem;
import java.util.Locale;

/** What a provider is; the app shows it next to the name. */
public enum ProviderKind {
  DENTIST,
  HYGIENIST,
  ORTHODONTIST;

  public String json() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static ProviderKind fromJson(String value) {
    try {
      return valueOf(value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw Problem.validation("kind must be dentist, hygienist or orthodontist, got " + value);
    }
  }
}

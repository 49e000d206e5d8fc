package io.careloop.crm.model.facts;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** How an appointment was booked: the channel facts compare the app with the rest. */
public enum Channel {
  APP,
  MINI_PROGRAM,
  PHONE,
  WALK_IN,
  WEB,
  IMPORT,
  OTHER;

  public String json() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The patient booked it themselves in the app or the mini-program. */
  public boolean isApp() {
    return this == APP || this == MINI_PROGRAM;
  }

  public static Optional<Channel> fromJson(String value) {
    return Arrays.stream(values()).filter(s -> s.json().equals(value)).findFirst();
  }

  public static List<String> names() {
    return Arrays.stream(values()).map(Channel::json).toList();
  }
}

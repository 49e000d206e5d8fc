package io.careloop.alerts.alert;

import java.util.Locale;

/**
 * open → acknowledged → resolved; open → resolved. Whether the condition still holds is the
 * separate cleared flag.
 */
public enum AlertStatus {
  OPEN,
  ACKNOWLEDGED,
  RESOLVED;

  public String json() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static AlertStatus fromJson(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }
}

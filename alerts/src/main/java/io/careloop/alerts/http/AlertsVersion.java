package io.careloop.alerts.http;

import io.careloop.alerts.alert.Alert;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

/**
 * A fingerprint of a work list: what a client polls to learn cheaply that the list changed. It
 * names no patient, and changes when an alert opens, is acknowledged, resolved, cleared or
 * escalated.
 */
final class AlertsVersion {

  private AlertsVersion() {}

  static String of(List<Alert> alerts) {
    MessageDigest digest = sha256();
    alerts.stream()
        .sorted(Comparator.comparing(Alert::id))
        .map(AlertsVersion::line)
        .forEach(line -> digest.update(line.getBytes(StandardCharsets.UTF_8)));
    return HexFormat.of().formatHex(digest.digest(), 0, 16);
  }

  private static String line(Alert a) {
    return a.id() + "|" + a.status() + "|" + a.cleared() + "|" + a.escalatedAt() + "\n";
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java has SHA-256", e);
    }
  }
}

package io.careloop.platform.privacy;

import io.vertx.core.eventbus.EventBus;
import java.time.Duration;
import java.util.List;

/**
 * The modules that hold personal data, and the event-bus addresses where each answers for it:
 * {@code careloop.data-rights.<module>.ready}, {@code .export} and {@code .erase}. A module that
 * starts keeping personal data joins {@link #MODULES}; the end-to-end test of erasure reads every
 * table of every module, so a table nobody erases fails it.
 */
public final class DataRights {

  /**
   * In the order an erasure visits them, sources before those that follow their events: the brushes
   * are unpaired first (no new session of the person's), appointments are pseudonymized before the
   * reminders and alerts that follow them, the CRM's record of them all goes after them (no event
   * of theirs brings it back), and the inbox goes last (nothing is sent to the person once
   * reminders and alerts have forgotten them).
   */
  public static final List<String> MODULES =
      List.of("device-ingest", "patient-api", "alerts", "reminders", "crm", "notifications");

  /** A module's export reads every row it holds of the person: a few years of sessions at most. */
  public static final Duration EXPORT_TIMEOUT = Duration.ofSeconds(60);

  public static final Duration ERASE_TIMEOUT = Duration.ofSeconds(120);
  static final Duration READY_TIMEOUT = Duration.ofSeconds(5);

  private DataRights() {}

  static String readyAddress(String module) {
    return "careloop.data-rights." + module + ".ready";
  }

  static String exportAddress(String module) {
    return "careloop.data-rights." + module + ".export";
  }

  static String eraseAddress(String module) {
    return "careloop.data-rights." + module + ".erase";
  }

  /** The payloads' codecs, on either side of the addresses (again is harmless). */
  static void registerCodecs(EventBus bus) {
    io.careloop.platform.bus.RecordCodec.register(
        bus, DataSubject.class, DataSubject::toJson, DataSubject::fromJson);
    io.careloop.platform.bus.RecordCodec.register(
        bus, ErasureRequest.class, ErasureRequest::toJson, ErasureRequest::fromJson);
    io.careloop.platform.bus.RecordCodec.register(
        bus, Erasure.class, Erasure::toJson, Erasure::fromJson);
  }
}

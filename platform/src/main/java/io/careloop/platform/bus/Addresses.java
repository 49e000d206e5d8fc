package io.careloop.platform.bus;

/**
 * Event-bus addresses shared by modules. Messages are JSON objects; the module named in each
 * comment owns the address and documents the fields where it sends or answers.
 */
public final class Addresses {

  private Addresses() {
  }

  /** Published by device-ingest after a brushing session is durably stored. */
  public static final String SESSION_STORED = "careloop.ingest.session-stored";

  /** Answered by patient-api: {@code {patientId}} → {@code {patientId, timeZone}}. */
  public static final String PATIENT_PROFILE = "careloop.patients.profile";

  /**
   * Answered by device-ingest: {@code {patientId, from, to, timeZone}} (dates) →
   * {@code {days: [...]}}, the same daily view the patient app shows.
   */
  public static final String DAILY_BRUSHING = "careloop.ingest.daily-brushing";
}

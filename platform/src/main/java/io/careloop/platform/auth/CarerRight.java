package io.careloop.platform.auth;

import java.util.Locale;

/**
 * What a patient lets a carer do for them, as the carer's acting tokens carry it and the OpenAPI
 * document's {@code x-carer-rights} asks it of an operation: an operation that names none is the
 * patient's alone.
 */
public enum CarerRight {
  /** Find slots, book, change and cancel appointments, see them. */
  APPOINTMENTS,
  /** See the brushing sessions and daily summary. */
  BRUSHING,
  /** Read and set the patient's access needs. */
  ACCESS_NEEDS,
  /** Receive the patient's reminders, read their inbox. */
  REMINDERS;

  /** As written in tokens and in the OpenAPI document ({@code access-needs}). */
  public String claim() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public static CarerRight fromClaim(String claim) {
    return valueOf(claim.toUpperCase(Locale.ROOT).replace('-', '_'));
  }
}

package io.careloop.alerts.rule;

import java.time.Instant;

/**
 * A condition that holds.
 *
 * @param key which breach this is (the session, the window's last day, the start of an absence):
 *     the same evidence gives the same key
 * @param at when the breach happened, what a nurse reads: when its session was brushed (placed),
 *     the end of the window, the moment the absence reached its limit
 * @param knownAt when its evidence reached us: the session's first arrival (a backlog brushed
 *     before a resolve arrives after it, and is news), otherwise {@code at}. A breach known no
 *     later than the rule's last resolve is the one the nurse already resolved, not a new one.
 * @param detail what a nurse reads
 */
public record Breach(String key, Instant at, Instant knownAt, String detail) {

  /** A breach known when it happened: a window's or an absence's. */
  public Breach(String key, Instant at, String detail) {
    this(key, at, at, detail);
  }

  /**
   * A breach found in a session: it happened when the session was brushed, and is as new as its
   * first arrival.
   */
  public static Breach inSession(String key, SessionFacts session, String detail) {
    return new Breach(key, session.placedAt(), session.receivedAt(), detail);
  }
}

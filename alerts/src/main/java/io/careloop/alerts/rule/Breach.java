package io.careloop.alerts.rule;

import java.time.Instant;

/**
 * A condition that holds.
 *
 * @param key    which breach this is (the session, the window's last day, the start of an absence):
 *               the same evidence gives the same key
 * @param at     when the evidence of the breach was complete: when its session was received, the end of the
 *               window, the moment the absence reached its limit. A breach no newer than the
 *               rule's last resolve is the one the nurse already resolved, not a new one.
 * @param detail what a nurse reads
 */
public record Breach(String key, Instant at, String detail) {
}

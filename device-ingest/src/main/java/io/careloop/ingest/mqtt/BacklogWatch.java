package io.careloop.ingest.mqtt;

import java.time.Duration;

/**
 * Tells when messages wait in the broker for ingest and nothing moves: the broker holds some for
 * the ingest group, yet for {@code quietFor} it sent nothing and its backlog did not shrink. That
 * covers a broker that stopped delivering and ingest holding messages it cannot store; a backlog
 * that is being worked off, however long, is not waiting.
 */
public final class BacklogWatch {

  private final long quietNanos;
  private long lastBacklog = -1;
  private long lastSent;
  private long movedNanos;

  public BacklogWatch(Duration quietFor) {
    this.quietNanos = quietFor.toNanos();
  }

  /**
   * @param backlog the messages the broker holds for the ingest group now (waiting or handed out)
   * @param sentPublishes the broker's count of PUBLISH packets sent so far
   * @return how many messages wait without anything moving, or 0
   */
  public synchronized long waiting(long backlog, long sentPublishes, long nowNanos) {
    if (backlog == 0 || lastBacklog < 0 || backlog < lastBacklog || sentPublishes > lastSent) {
      movedNanos = nowNanos;
    }
    lastBacklog = backlog;
    lastSent = sentPublishes;
    return nowNanos - movedNanos >= quietNanos ? backlog : 0;
  }
}

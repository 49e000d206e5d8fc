package io.careloop.ingest.broker;

import com.hivemq.embedded.EmbeddedHiveMQ;
import com.hivemq.mqtt.message.MessageWithID;
import com.hivemq.mqtt.message.publish.PUBLISH;
import com.hivemq.persistence.ProducerQueues;
import com.hivemq.persistence.SingleWriterService;
import com.hivemq.persistence.clientqueue.ClientQueueLocalPersistence;
import com.hivemq.persistence.clientqueue.ClientQueuePersistence;
import java.lang.reflect.Method;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The embedded broker's queues of the ingest group's shared subscriptions, reached through HiveMQ
 * CE's internals (the version is pinned; {@code IngestCrashRestartIT} and {@code BrokerBacklogIT}
 * fail if they change). HiveMQ's extension SDK says nothing about queues.
 *
 * <p>HiveMQ marks a shared-queue message as in flight when it hands it to a member, on disk with
 * file persistence, and clears the mark when that member acknowledges it or its connection ends. A
 * process killed meanwhile leaves the marks behind: after a restart nobody holds those messages,
 * yet HiveMQ never hands them out again, and since its "new message" signal fires only when a
 * message arrives in an empty queue, it never fires for that queue again either (ingest then gets
 * only what it polls by itself, after its own acknowledgements or a reconnect).
 */
final class SharedQueues {

  private static final long WAIT_SECONDS = 30;

  private final ClientQueuePersistence queues;
  private final ClientQueueLocalPersistence local;
  private final ProducerQueues writer;
  private final List<String> ids;

  private SharedQueues(
      ClientQueuePersistence queues,
      ClientQueueLocalPersistence local,
      ProducerQueues writer,
      List<String> ids) {
    this.queues = queues;
    this.local = local;
    this.writer = writer;
    this.ids = List.copyOf(ids);
  }

  /**
   * @param hive a broker past its persistence start-up (from its extensions' start on)
   * @param ids the shared subscriptions, as HiveMQ names their queues: {@code <group>/<topic
   *     filter>}
   */
  static SharedQueues of(EmbeddedHiveMQ hive, List<String> ids) {
    try {
      Method injectorOf = hive.getClass().getDeclaredMethod("getInjector");
      injectorOf.setAccessible(true);
      Object injector = injectorOf.invoke(hive);
      Method getInstance =
          Class.forName("com.google.inject.Injector").getMethod("getInstance", Class.class);
      return new SharedQueues(
          (ClientQueuePersistence) getInstance.invoke(injector, ClientQueuePersistence.class),
          (ClientQueueLocalPersistence)
              getInstance.invoke(injector, ClientQueueLocalPersistence.class),
          ((SingleWriterService) getInstance.invoke(injector, SingleWriterService.class))
              .getQueuedMessagesQueue(),
          ids);
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException(
          "This HiveMQ version does not expose its queues as expected", e);
    }
  }

  /**
   * Gives back to the queue every message still marked as handed to a member, so that it is
   * delivered again. Only for a broker whose listeners are not open yet: no mark can then belong to
   * a live connection.
   *
   * @return how many messages were released
   */
  int releaseDeliveriesOfEarlierRun() {
    int released = 0;
    for (String id : ids) {
      // The marked messages lead their queue: HiveMQ hands out a queue from its front.
      List<MessageWithID> marked =
          await(
              writer.submit(
                  id,
                  bucket ->
                      local.readInflight(id, true, Integer.MAX_VALUE, Long.MAX_VALUE, bucket)));
      for (MessageWithID message : marked) {
        if (message instanceof PUBLISH publish) {
          await(queues.removeInFlightMarker(id, publish.getUniqueId()));
          released++;
        }
      }
    }
    return released;
  }

  /** Messages in the group's queues: waiting, and handed out but not acknowledged yet. */
  long size() {
    long size = 0;
    for (String id : ids) {
      size += await(queues.size(id, true));
    }
    return size;
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.get(WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("The broker's queue persistence did not answer", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}

package io.careloop.ingest.broker;

import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.embedded.EmbeddedHiveMQ;
import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default MQTT broker: HiveMQ Community Edition embedded in this JVM, with {@link BrokerAccess}
 * deciding who connects. It listens on loopback unless told otherwise and always gets an explicit
 * config.xml (without one HiveMQ would open 1883 on every interface). It refuses to run when the
 * access extension did not start, since HiveMQ would then admit every client.
 */
public final class EmbeddedBroker implements BrokerInsight, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedBroker.class);

  /**
   * The largest MQTT packet the broker takes, four times the contract's 4 KiB payload: a payload a
   * little over the contract still reaches ingest and is dead-lettered with its reason; a larger
   * one is refused by the broker (MQTT 5 clients learn the limit at CONNECT) before it is queued
   * for ingest, whose in-flight messages it would otherwise fill the heap with.
   */
  public static final int MAX_PACKET_BYTES = 16 * 1024;

  /**
   * @param dataDir where HiveMQ keeps sessions and queued messages; null for in-memory persistence
   * @param workDir where its configuration and extension folders go
   * @param maxQueuedMessages messages the broker keeps per client (and per shared group) before it
   *     discards new ones that it has already acknowledged to the brush; HiveMQ's default of 1,000
   *     would lose sessions in a reconnect storm while ingest is down, so it must exceed the worst
   *     backlog (brushes x 30)
   * @param inflightWindow messages the broker sends a subscriber before waiting for its
   *     acknowledgements (also bounded by the subscriber's receive maximum)
   */
  public record Settings(
      String host,
      int port,
      Path dataDir,
      Path workDir,
      long maxQueuedMessages,
      int inflightWindow) {}

  private final EmbeddedHiveMQ hive;
  private final int port;
  private final SharedQueues ingestQueues;

  private EmbeddedBroker(EmbeddedHiveMQ hive, int port, SharedQueues ingestQueues) {
    this.hive = hive;
    this.port = port;
    this.ingestQueues = ingestQueues;
  }

  /** Blocking: starts the broker and returns once it listens. */
  public static EmbeddedBroker start(
      Settings settings, DeviceCredentialCheck devices, String backendSecret, String sharedGroup) {
    try {
      Path conf = Files.createDirectories(settings.workDir().resolve("conf"));
      Path extensions = Files.createDirectories(settings.workDir().resolve("extensions"));
      Path data =
          Files.createDirectories(
              settings.dataDir() != null ? settings.dataDir() : settings.workDir().resolve("data"));
      Files.writeString(conf.resolve("config.xml"), configXml(settings));
      // HiveMQ CE hands a shared-subscription member at most 50 messages, then waits for all their
      // acknowledgements before the next poll; ingest acknowledges after a Cassandra write, so that
      // lock-step caps ingest at 50 writes per round trip. These internal settings (public, pinned
      // HiveMQ version) widen the window; they are JVM-wide, which is fine for the one broker we
      // embed.
      com.hivemq.configuration.service.InternalConfigurations.MAX_INFLIGHT_WINDOW_SIZE_MESSAGES =
          settings.inflightWindow();
      com.hivemq.configuration.service.InternalConfigurations.PUBLISH_POLL_BATCH_SIZE =
          settings.inflightWindow();
      BrokerAccess access = new BrokerAccess(devices, backendSecret, sharedGroup);
      AtomicReference<EmbeddedHiveMQ> built = new AtomicReference<>();
      Runnable beforeListening =
          settings.dataDir() == null
              ? () -> {}
              : () -> releaseDeliveriesOfEarlierRun(built.get(), access.sharedQueueIds());
      EmbeddedExtension extension =
          EmbeddedExtension.builder()
              .withId("careloop-access")
              .withName("CareLoop device access")
              .withVersion("1")
              .withAuthor("CareLoop")
              .withPriority(1000)
              .withStartPriority(1000)
              .withExtensionMain(new Startup(access, beforeListening))
              .build();
      EmbeddedHiveMQ hive =
          EmbeddedHiveMQ.builder()
              .withConfigurationFolder(conf)
              .withDataFolder(data)
              .withExtensionsFolder(extensions)
              .withEmbeddedExtension(extension)
              .withoutLoggingBootstrap()
              .build();
      built.set(hive);
      try {
        hive.start().join();
      } catch (RuntimeException e) {
        closeQuietly(hive);
        throw new IllegalStateException(
            "The embedded MQTT broker did not start on port " + settings.port(), e);
      }
      if (!access.started()) {
        closeQuietly(hive);
        throw new IllegalStateException(
            "The broker's access extension did not start; refusing to run an open broker");
      }
      SharedQueues ingestQueues;
      try {
        ingestQueues = SharedQueues.of(hive, access.sharedQueueIds());
      } catch (RuntimeException e) {
        closeQuietly(hive);
        throw e;
      }
      log.info(
          "Embedded MQTT broker listening on {}:{} ({} persistence)",
          settings.host(),
          settings.port(),
          settings.dataDir() != null ? "file" : "in-memory");
      return new EmbeddedBroker(hive, settings.port(), ingestQueues);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int port() {
    return port;
  }

  @Override
  public long receivedPublishes() {
    return count("com.hivemq.messages.incoming.publish.count");
  }

  private long count(String metricName) {
    var metric = hive.getMetricRegistry().getMetrics().get(metricName);
    return metric instanceof com.codahale.metrics.Counting counting ? counting.getCount() : 0;
  }

  @Override
  public long ingestBacklog() {
    return ingestQueues.size();
  }

  @Override
  public long sentPublishes() {
    return count("com.hivemq.messages.outgoing.publish.count");
  }

  /** Ends a client's connection (a revoked or rotated brush must connect again). */
  public void disconnect(String clientId) {
    BrokerAccess.disconnect(clientId);
  }

  @Override
  public void close() {
    closeQuietly(hive);
  }

  private static void closeQuietly(EmbeddedHiveMQ hive) {
    try {
      hive.stop().join();
    } catch (RuntimeException e) {
      log.warn("Stopping the embedded broker failed: {}", e.toString());
    }
    try {
      hive.close();
    } catch (Exception e) {
      log.warn("Closing the embedded broker failed: {}", e.toString());
    }
  }

  /**
   * A process killed while ingest held messages leaves them marked as handed out, and HiveMQ would
   * never deliver them again nor signal new ones on that queue (see {@link SharedQueues}). Nothing
   * is connected yet, so no mark belongs to a live delivery.
   */
  private static void releaseDeliveriesOfEarlierRun(EmbeddedHiveMQ hive, List<String> queueIds) {
    try {
      int released = SharedQueues.of(hive, queueIds).releaseDeliveriesOfEarlierRun();
      if (released > 0) {
        log.warn(
            "The embedded broker held {} messages handed to ingest before an unclean stop; they are delivered"
                + " again (ingest stores each once)",
            released);
      }
    } catch (RuntimeException
        | LinkageError e) { // never out of the extension's start: HiveMQ would disable it
      log.error(
          "Could not give back the messages handed to ingest before an unclean stop: they may stay undelivered"
              + " and the broker may not deliver new ones until ingest reconnects",
          e);
    }
  }

  /**
   * The broker's one extension: before any listener opens, the queue repair, then the access rules.
   */
  private record Startup(BrokerAccess access, Runnable beforeListening) implements ExtensionMain {

    @Override
    public void extensionStart(ExtensionStartInput input, ExtensionStartOutput output) {
      beforeListening.run();
      access.extensionStart(input, output);
    }

    @Override
    public void extensionStop(ExtensionStopInput input, ExtensionStopOutput output) {
      access.extensionStop(input, output);
    }
  }

  private static String configXml(Settings settings) {
    return """
        <?xml version="1.0"?>
        <hivemq>
          <listeners>
            <tcp-listener><port>%d</port><bind-address>%s</bind-address></tcp-listener>
          </listeners>
          <persistence><mode>%s</mode></persistence>
          <mqtt>
            <queued-messages>
              <max-queue-size>%d</max-queue-size>
              <strategy>discard</strategy>
            </queued-messages>
            <packets><max-packet-size>%d</max-packet-size></packets>
          </mqtt>
          <anonymous-usage-statistics><enabled>false</enabled></anonymous-usage-statistics>
        </hivemq>
        """
        .formatted(
            settings.port(),
            settings.host(),
            settings.dataDir() != null ? "file" : "in-memory",
            settings.maxQueuedMessages(),
            MAX_PACKET_BYTES);
  }
}

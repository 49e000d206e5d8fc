package io.careloop.platform.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free loopback ports for the services a test starts. The system may hand out the same free port
 * twice in a row (nothing listens on it yet), so a port is given at most once per JVM: two services
 * asked for together (a node's CQL and storage ports) never get the same one.
 */
public final class FreePorts {

  private static final Set<Integer> GIVEN = ConcurrentHashMap.newKeySet();

  private FreePorts() {}

  public static int next() {
    for (int attempt = 0; attempt < 100; attempt++) {
      int port = anyFree();
      if (GIVEN.add(port)) {
        return port;
      }
    }
    throw new IllegalStateException("No loopback port that this JVM has not handed out already");
  }

  /**
   * A free loopback port below the system's ephemeral range, for a service a test stops and starts
   * again while others keep connecting to it (a broker, a cluster member). While nothing listens on
   * a port of the ephemeral range, a client's repeated connects to it can be given that very port
   * as their own and connect to themselves (Linux's TCP self-connect); the port is then taken and
   * the service cannot bind it when it comes back. ScenarioFaultsIT lost its ingest process that
   * way ("Connecting to self!" from Hazelcast, then no member at the port).
   */
  public static int forRestarts() {
    int high = ephemeralStart() - 1;
    int low = Math.min(10_000, high - 1_000);
    for (int attempt = 0; attempt < 200; attempt++) {
      int port = ThreadLocalRandom.current().nextInt(low, high + 1);
      if (!GIVEN.contains(port) && bindable(port) && GIVEN.add(port)) {
        return port;
      }
    }
    throw new IllegalStateException("No free loopback port between " + low + " and " + high);
  }

  /** The first port of the system's ephemeral range (Linux's, or its default). */
  static int ephemeralStart() {
    try {
      String range =
          Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).get(0).trim();
      int start = Integer.parseInt(range.split("\\s+")[0]);
      return start > 2_048 ? start : 32_768;
    } catch (IOException | RuntimeException e) {
      return 32_768;
    }
  }

  private static boolean bindable(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(false);
      socket.bind(new InetSocketAddress("127.0.0.1", port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int anyFree() {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(false);
      socket.bind(new InetSocketAddress("127.0.0.1", 0));
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Whether something listens on the loopback port (a service a test started is up). */
  public static boolean listening(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}

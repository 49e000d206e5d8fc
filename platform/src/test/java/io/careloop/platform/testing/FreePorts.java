package io.careloop.platform.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

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

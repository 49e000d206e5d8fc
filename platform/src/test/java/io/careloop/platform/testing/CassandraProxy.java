package io.careloop.platform.testing;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP hop between CareLoop and the tests' real Cassandra that a test can break: {@link #cut()}
 * closes every connection and refuses new ones (no node reachable), {@link #blackHole()} keeps
 * connections open but lets nothing through (every request times out), {@link #restore()} lets new
 * connections through again.
 */
public final class CassandraProxy implements AutoCloseable {

  private enum Mode {
    OPEN,
    CUT,
    BLACK_HOLE
  }

  private final Vertx vertx = Vertx.vertx();
  private final NetClient client = vertx.createNetClient();
  private final List<NetSocket> sockets = new CopyOnWriteArrayList<>();
  private final SocketAddress target;
  private final NetServer server;
  private volatile Mode mode = Mode.OPEN;

  private CassandraProxy(SocketAddress target) {
    this.target = target;
    this.server = vertx.createNetServer().connectHandler(this::accept);
  }

  /** Listens on a free loopback port and forwards to {@code host:port}. */
  public static CassandraProxy start(String host, int port) {
    CassandraProxy proxy = new CassandraProxy(SocketAddress.inetSocketAddress(port, host));
    proxy.server.listen(0, "127.0.0.1").await();
    return proxy;
  }

  public int port() {
    return server.actualPort();
  }

  public void cut() {
    mode = Mode.CUT;
    closeAll();
  }

  public void blackHole() {
    mode = Mode.BLACK_HOLE;
  }

  /**
   * Lets connections through again; those that lived through a black hole are closed (their streams
   * lost bytes).
   */
  public void restore() {
    closeAll();
    mode = Mode.OPEN;
  }

  private void accept(NetSocket downstream) {
    if (mode == Mode.CUT) {
      downstream.close();
      return;
    }
    sockets.add(downstream);
    downstream.pause();
    client
        .connect(target)
        .onComplete(
            connected -> {
              if (connected.failed()) {
                downstream.close();
                return;
              }
              NetSocket upstream = connected.result();
              sockets.add(upstream);
              forward(downstream, upstream);
              forward(upstream, downstream);
              downstream.resume();
            });
  }

  private void forward(NetSocket from, NetSocket to) {
    from.handler(
        bytes -> {
          if (mode == Mode.OPEN) {
            to.write(bytes);
          }
        });
    from.closeHandler(v -> to.close());
  }

  private void closeAll() {
    sockets.forEach(NetSocket::close);
    sockets.clear();
  }

  @Override
  public void close() {
    vertx.close().await();
  }
}

package io.careloop.ingest.mqtt;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import javax.net.SocketFactory;

/**
 * Plain TCP sockets whose input is buffered. Paho reads each packet from the raw socket stream in
 * several small reads (the header byte, each byte of the length, then the rest), each one a system
 * call; a broker delivering a batch sends many packets per TCP segment, which one buffered read
 * takes at once. Only for {@code tcp://}: TLS sockets buffer whole records already.
 */
final class BufferedSocketFactory extends SocketFactory {

  static final BufferedSocketFactory INSTANCE = new BufferedSocketFactory();
  private static final int BUFFER_BYTES = 64 * 1024;

  private BufferedSocketFactory() {}

  @Override
  public Socket createSocket() {
    return new BufferedReadSocket();
  }

  @Override
  public Socket createSocket(String host, int port) throws IOException {
    return connected(new InetSocketAddress(host, port));
  }

  @Override
  public Socket createSocket(InetAddress host, int port) throws IOException {
    return connected(new InetSocketAddress(host, port));
  }

  @Override
  public Socket createSocket(String host, int port, InetAddress localHost, int localPort)
      throws IOException {
    return bound(new InetSocketAddress(localHost, localPort), new InetSocketAddress(host, port));
  }

  @Override
  public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
      throws IOException {
    return bound(
        new InetSocketAddress(localAddress, localPort), new InetSocketAddress(address, port));
  }

  private static Socket connected(InetSocketAddress remote) throws IOException {
    Socket socket = new BufferedReadSocket();
    socket.connect(remote);
    return socket;
  }

  private static Socket bound(InetSocketAddress local, InetSocketAddress remote)
      throws IOException {
    Socket socket = new BufferedReadSocket();
    socket.bind(local);
    socket.connect(remote);
    return socket;
  }

  /**
   * A socket that hands out one buffered input stream (reads with a timeout keep working: nothing
   * is lost).
   */
  private static final class BufferedReadSocket extends Socket {
    private InputStream input;

    @Override
    public synchronized InputStream getInputStream() throws IOException {
      if (input == null) {
        input = new BufferedSocketInput(super.getInputStream(), BUFFER_BYTES);
      }
      return input;
    }
  }

  /**
   * Paho asks {@code available()} before reading each packet. A plain buffered stream adds what the
   * socket holds, which costs a system call every time (an ioctl per message under load); while the
   * buffer holds bytes, those are the answer.
   */
  static final class BufferedSocketInput extends BufferedInputStream {

    BufferedSocketInput(InputStream socketInput, int size) {
      super(socketInput, size);
    }

    @Override
    public synchronized int available() throws IOException {
      if (buf != null && count > pos) {
        return count - pos;
      }
      return super.available();
    }
  }
}

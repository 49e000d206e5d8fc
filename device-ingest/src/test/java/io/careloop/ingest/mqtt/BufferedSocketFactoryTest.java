package io.careloop.ingest.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The sockets Paho gets for tcp:// (a loopback server, no broker needed). */
class BufferedSocketFactoryTest {

  @Test
  @DisplayName(
      "Reads go through one buffer, and a read that times out loses no byte of what follows")
  void bufferedReadsSurviveTimeouts() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Socket client = BufferedSocketFactory.INSTANCE.createSocket()) {
      // as Paho does: an unconnected socket from the factory, then connect and a read timeout
      client.connect(
          new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()), 5_000);
      client.setSoTimeout(200);
      try (Socket peer = server.accept()) {
        InputStream input = client.getInputStream();
        assertThat(input).isInstanceOf(BufferedInputStream.class).isSameAs(client.getInputStream());
        DataInputStream packets = new DataInputStream(input);

        assertThatThrownBy(packets::readByte).isInstanceOf(SocketTimeoutException.class);

        OutputStream out = peer.getOutputStream();
        out.write(new byte[] {0x30, 3, 'a', 'b', 'c', 0x40, 2});
        out.flush();
        assertThat(packets.readByte()).isEqualTo((byte) 0x30);
        assertThat(packets.readByte()).isEqualTo((byte) 3);
        byte[] body = new byte[3];
        packets.readFully(body);
        assertThat(body).containsExactly('a', 'b', 'c');
        assertThat(packets.readByte()).isEqualTo((byte) 0x40);
        assertThat(packets.readByte()).isEqualTo((byte) 2);
        assertThatThrownBy(packets::readByte)
            .as("nothing more yet")
            .isInstanceOf(SocketTimeoutException.class);

        out.write(new byte[] {0x00, 0x07});
        out.flush();
        assertThat(packets.readByte())
            .as("the stream goes on after a timeout")
            .isEqualTo((byte) 0x00);
        assertThat(packets.readByte()).isEqualTo((byte) 0x07);
      }
    }
  }

  @Test
  @DisplayName("The connecting variants return connected sockets with the same buffered input")
  void connectingVariants() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 2, InetAddress.getLoopbackAddress());
        Socket byName =
            BufferedSocketFactory.INSTANCE.createSocket("127.0.0.1", server.getLocalPort());
        Socket byAddress =
            BufferedSocketFactory.INSTANCE.createSocket(
                InetAddress.getLoopbackAddress(), server.getLocalPort())) {
      assertThat(byName.isConnected()).isTrue();
      assertThat(byAddress.isConnected()).isTrue();
      assertThat(byName.getInputStream()).isInstanceOf(BufferedInputStream.class);
      assertThat(byAddress.getInputStream()).isInstanceOf(BufferedInputStream.class);
    }
  }

  @Test
  @DisplayName(
      "available() answers from the buffer while it holds bytes, and asks the socket only when it is empty")
  void availableFromTheBuffer() throws Exception {
    CountingInput socket = new CountingInput(new byte[] {0x30, 3, 'a', 'b', 'c'});
    var input = new BufferedSocketFactory.BufferedSocketInput(socket, 64);

    assertThat(input.read()).isEqualTo(0x30); // one read fills the buffer with all five bytes
    assertThat(input.available()).isEqualTo(4);
    assertThat(socket.availableCalls)
        .as("no question to the socket while bytes are buffered")
        .isZero();

    input.readNBytes(4);
    assertThat(input.available()).isZero();
    assertThat(socket.availableCalls).as("an empty buffer asks the socket").isEqualTo(1);
  }

  /** A socket's input as Paho's reads see it, counting how often it is asked what it holds. */
  private static final class CountingInput extends java.io.ByteArrayInputStream {
    int availableCalls;

    CountingInput(byte[] bytes) {
      super(bytes);
    }

    @Override
    public synchronized int available() {
      availableCalls++;
      return super.available();
    }
  }
}

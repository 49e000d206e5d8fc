package io.careloop.platform.cassandra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.internal.core.protocol.ByteBufPrimitiveCodec;
import com.datastax.oss.protocol.internal.Compressor;
import com.datastax.oss.protocol.internal.Frame;
import com.datastax.oss.protocol.internal.FrameCodec;
import com.datastax.oss.protocol.internal.ProtocolConstants;
import com.datastax.oss.protocol.internal.ProtocolV5ClientCodecs;
import com.datastax.oss.protocol.internal.response.Ready;
import com.datastax.oss.protocol.internal.response.error.WriteTimeout;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Two v5 responses in one segment, the first a CAS write timeout as Cassandra 5 writes it. */
class WholeFrameCodecTest {

  private static final ByteBufPrimitiveCodec PRIMITIVES =
      new ByteBufPrimitiveCodec(ByteBufAllocator.DEFAULT);

  @Test
  @DisplayName("The response after a CAS write timeout is read whole, with its own stream id")
  void responseAfterCasTimeout() {
    ByteBuf segment = casTimeoutThenReady();
    FrameCodec<ByteBuf> codec =
        new CareLoopDriverContext.WholeFrameCodec(PRIMITIVES, Compressor.none());

    Frame timeout = codec.decode(segment);
    Frame ready = codec.decode(segment);

    assertThat(timeout.streamId).isEqualTo(7);
    assertThat(timeout.message)
        .isInstanceOfSatisfying(WriteTimeout.class, t -> assertThat(t.writeType).isEqualTo("CAS"));
    assertThat(ready.streamId).isEqualTo(8);
    assertThat(ready.message).isInstanceOf(Ready.class);
    assertThat(segment.isReadable()).isFalse();
  }

  @Test
  @DisplayName("The driver's own codec still stops short (remove the repair once it does not)")
  void driversCodecStopsShort() {
    ByteBuf segment = casTimeoutThenReady();
    FrameCodec<ByteBuf> codec =
        new FrameCodec<>(PRIMITIVES, Compressor.none(), new ProtocolV5ClientCodecs());

    codec.decode(segment);

    // two bytes early: the contentions are read as the next header's version and flags
    assertThatThrownBy(() -> codec.decode(segment)).isInstanceOf(RuntimeException.class);
  }

  /** What Cassandra 5.0 sends in protocol v5: the timeout ends with its contentions (a short). */
  private static ByteBuf casTimeoutThenReady() {
    ByteBuf body = Unpooled.buffer();
    body.writeInt(ProtocolConstants.ErrorCode.WRITE_TIMEOUT);
    string(body, "CAS operation timed out - encountered contentions: 3");
    body.writeShort(ProtocolConstants.ConsistencyLevel.SERIAL);
    body.writeInt(0);
    body.writeInt(1);
    string(body, "CAS");
    body.writeShort(3);
    ByteBuf segment = Unpooled.buffer();
    header(segment, 7, ProtocolConstants.Opcode.ERROR, body.readableBytes());
    segment.writeBytes(body);
    header(segment, 8, ProtocolConstants.Opcode.READY, 0);
    return segment;
  }

  private static void header(ByteBuf out, int streamId, int opcode, int length) {
    out.writeByte(0x80 | ProtocolConstants.Version.V5);
    out.writeByte(0);
    out.writeShort(streamId);
    out.writeByte(opcode);
    out.writeInt(length);
  }

  private static void string(ByteBuf out, String s) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    out.writeShort(bytes.length);
    out.writeBytes(bytes);
  }
}

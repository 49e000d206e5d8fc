package io.careloop.platform.cassandra;

import com.datastax.dse.protocol.internal.DseProtocolV1ClientCodecs;
import com.datastax.dse.protocol.internal.DseProtocolV2ClientCodecs;
import com.datastax.dse.protocol.internal.ProtocolV4ClientCodecsForDse;
import com.datastax.oss.driver.api.core.CqlSessionBuilder;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.context.DriverContext;
import com.datastax.oss.driver.api.core.session.ProgrammaticArguments;
import com.datastax.oss.driver.internal.core.context.DefaultDriverContext;
import com.datastax.oss.protocol.internal.Compressor;
import com.datastax.oss.protocol.internal.Frame;
import com.datastax.oss.protocol.internal.FrameCodec;
import com.datastax.oss.protocol.internal.PrimitiveCodec;
import com.datastax.oss.protocol.internal.ProtocolV3ClientCodecs;
import com.datastax.oss.protocol.internal.ProtocolV5ClientCodecs;
import com.datastax.oss.protocol.internal.ProtocolV6ClientCodecs;
import io.netty.buffer.ByteBuf;

/**
 * The driver's context with one repair: a response is read to the end its header declares.
 *
 * <p>In protocol v5 (what the driver and Cassandra 4 and 5 agree on), Cassandra writes the number
 * of contentions at the end of a CAS write timeout, and the driver's decoder (native-protocol
 * 1.5.2, driver 4.19.3) stops before it. Several responses share one v5 segment, so the next one
 * was read two bytes early: the driver failed to decode it and closed the connection, failing every
 * request in flight on it (hundreds, under a campaign's claims) and the ones sent until it was open
 * again. Reading each response to its declared end keeps whatever a newer server adds from
 * misaligning the next ({@code CasContentionIT}, {@code WholeFrameCodecTest}).
 */
final class CareLoopDriverContext extends DefaultDriverContext {

  CareLoopDriverContext(DriverConfigLoader configLoader, ProgrammaticArguments arguments) {
    super(configLoader, arguments);
  }

  /** A session builder whose sessions run on this context. */
  static CqlSessionBuilder builder() {
    return new CqlSessionBuilder() {
      @Override
      protected DriverContext buildContext(
          DriverConfigLoader configLoader, ProgrammaticArguments arguments) {
        return new CareLoopDriverContext(configLoader, arguments);
      }
    };
  }

  @Override
  protected FrameCodec<ByteBuf> buildFrameCodec() {
    return new WholeFrameCodec(getPrimitiveCodec(), getCompressor());
  }

  /** Decodes like the driver's codec, then skips what the message's decoder left of its body. */
  static final class WholeFrameCodec extends FrameCodec<ByteBuf> {

    /** With the codec groups the driver's own context registers, in its order. */
    WholeFrameCodec(PrimitiveCodec<ByteBuf> primitives, Compressor<ByteBuf> compressor) {
      super(
          primitives,
          compressor,
          new ProtocolV3ClientCodecs(),
          new ProtocolV4ClientCodecsForDse(),
          new ProtocolV5ClientCodecs(),
          new ProtocolV6ClientCodecs(),
          new DseProtocolV1ClientCodecs(),
          new DseProtocolV2ClientCodecs());
    }

    @Override
    public Frame decode(ByteBuf source) {
      int start = source.readerIndex();
      Frame frame = super.decode(source);
      // A compressed body was read from a copy; only an uncompressed one leaves bytes in source.
      if (frame.compressedSize < 0) {
        int unread = start + frame.size - source.readerIndex();
        if (unread > 0) {
          source.skipBytes(unread);
        }
      }
      return frame;
    }
  }
}

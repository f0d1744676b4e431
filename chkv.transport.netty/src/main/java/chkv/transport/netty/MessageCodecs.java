package chkv.transport.netty;

import chkv.api.spi.Transport;
import chkv.api.spi.TransportConfig;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Builds the pipeline of an internal message connection: 4-byte length framing limited to
 * {@code maxFrameLength}, the version handshake, Kryo, then the message handler.
 */
final class MessageCodecs {

    private static final int LENGTH_FIELD = 4;

    private final List<Class<?>> messageTypes;
    private final int maxFrameLength;
    private final int protocolVersion;

    MessageCodecs(TransportConfig config) {
        this.messageTypes = config.messageTypes();
        this.maxFrameLength = config.maxFrameLength();
        this.protocolVersion = config.protocolVersion();
        // Fail at start-up, not on the first connection, when a type cannot be registered.
        KryoCodec.newKryo(messageTypes);
    }

    /**
     * @param channel a new connection
     * @param handler receives its messages
     * @param handshaken on the connecting side, completed once the handshake passed
     */
    void install(SocketChannel channel, Transport.MessageHandler handler,
            CompletableFuture<Transport.MessageConnection> handshaken) {
        channel.pipeline().addLast(
                new LengthFieldBasedFrameDecoder(maxFrameLength + LENGTH_FIELD, 0, LENGTH_FIELD, 0, LENGTH_FIELD),
                new LengthFieldPrepender(LENGTH_FIELD),
                new MessageHandshake(protocolVersion),
                new KryoCodec(messageTypes, maxFrameLength),
                new MessageChannelHandler(handler, handshaken));
    }
}

package chkv.transport.netty;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.KryoBufferOverflowException;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.ImmutableCollectionsSerializers;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.EncoderException;
import io.netty.handler.codec.MessageToMessageCodec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

/**
 * Turns a frame into one registered message and back. Registration is required, so a class
 * named on the wire is instantiated only when it is one of the configured message types (or a
 * basic value type they are made of). Kryo is not thread-safe: one instance per channel.
 */
final class KryoCodec extends MessageToMessageCodec<ByteBuf, Object> {

    /** The configured message types take ids from here on, in the configured order. */
    static final int FIRST_MESSAGE_ID = 100;

    private final Kryo kryo;
    private final Output output;
    private final int maxFrameLength;

    /**
     * @param messageTypes the message classes, registered in order with fixed ids
     * @param maxFrameLength the largest serialised message
     */
    KryoCodec(List<Class<?>> messageTypes, int maxFrameLength) {
        this.kryo = newKryo(messageTypes);
        this.maxFrameLength = maxFrameLength;
        this.output = new Output(256, maxFrameLength);
    }

    static Kryo newKryo(List<Class<?>> messageTypes) {
        Kryo kryo = new Kryo();
        kryo.setRegistrationRequired(true);
        // Value types messages are commonly built of; fixed ids below the message range.
        int id = 20;
        for (Class<?> basic : List.<Class<?>>of(byte[].class, int[].class, long[].class, String[].class,
                ArrayList.class, HashMap.class)) {
            kryo.register(basic, id++);
        }
        // List.of / Set.of / Map.of, which records hold most often; ids follow the basics.
        ImmutableCollectionsSerializers.registerSerializers(kryo);
        for (int i = 0; i < messageTypes.size(); i++) {
            kryo.register(messageTypes.get(i), FIRST_MESSAGE_ID + i);
        }
        return kryo;
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Object message, List<Object> out) {
        output.reset();
        try {
            kryo.writeClassAndObject(output, message);
        } catch (KryoBufferOverflowException e) {
            throw new EncoderException("message frame: " + message.getClass().getName() + " exceeds "
                    + maxFrameLength + " bytes (expected: at most " + maxFrameLength + ")", e);
        } catch (KryoException | IllegalArgumentException e) {
            throw new EncoderException("message " + message.getClass().getName() + ": not serialisable ("
                    + e.getMessage() + ")", e);
        }
        if (output.position() > maxFrameLength) {
            throw new EncoderException("message frame: " + output.position() + " bytes (expected: at most "
                    + maxFrameLength + ")");
        }
        ByteBuf frame = ctx.alloc().ioBuffer(output.position());
        frame.writeBytes(output.getBuffer(), 0, output.position());
        out.add(frame);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf frame, List<Object> out) {
        byte[] bytes = ByteBufUtil.getBytes(frame);
        Input input = new Input(bytes);
        Object message;
        try {
            message = kryo.readClassAndObject(input);
        } catch (KryoException | IllegalArgumentException e) {
            throw new DecoderException("message frame: unreadable (" + e.getMessage() + ")", e);
        }
        if (input.position() != bytes.length || message == null) {
            throw new DecoderException("message frame: " + bytes.length + " bytes, message used "
                    + input.position() + " (expected: exactly one message)");
        }
        out.add(message);
    }
}

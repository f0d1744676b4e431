package chkv.transport.netty;

import chkv.api.ChkvException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;

/**
 * The first frame each way: a magic number and the protocol version. Both ends send theirs as
 * soon as the connection opens; a peer with another version is refused on both sides with an
 * error that names both versions. Removes itself once the versions agree.
 */
final class MessageHandshake extends ChannelInboundHandlerAdapter {

    /** "CHKV" in ASCII: a RESP client or a stray port scan fails fast instead of parsing Kryo. */
    static final int MAGIC = 0x43484b56;

    /** Fired down the pipeline once the peer's version matched. */
    enum Ready { INSTANCE }

    private final int version;

    MessageHandshake(int version) {
        this.version = version;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ctx.writeAndFlush(ctx.alloc().buffer(8).writeInt(MAGIC).writeInt(version));
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf hello = (ByteBuf) msg;
        try {
            if (hello.readableBytes() != 8 || hello.getInt(hello.readerIndex()) != MAGIC) {
                ctx.fireExceptionCaught(new ChkvException("message handshake: not a CHKV peer at "
                        + ctx.channel().remoteAddress() + " (expected: magic " + Integer.toHexString(MAGIC) + ")"));
                ctx.close();
                return;
            }
            int peer = hello.getInt(hello.readerIndex() + 4);
            if (peer != version) {
                ctx.fireExceptionCaught(new ChkvException("message protocol version: peer "
                        + ctx.channel().remoteAddress() + " speaks " + peer + " (expected: " + version + ")"));
                ctx.close();
                return;
            }
        } finally {
            ReferenceCountUtil.release(hello);
        }
        ctx.pipeline().remove(this);
        ctx.fireUserEventTriggered(Ready.INSTANCE);
    }
}

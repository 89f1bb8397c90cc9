package io.vidgate.bench.signaling;

import java.net.URI;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLException;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;

/**
 * The event loops every {@link SignalingClient} of a run shares: one per run, created before the first socket and
 * closed after the last. A few Netty threads read and write all the sockets (epoll where the native transport loads,
 * NIO otherwise), where the JDK's WebSocket spent several threads and milliseconds of CPU per call on its own
 * scheduling; the CPU a bench's client spends is CPU the measured servers on the same machine do not get.
 */
public final class SignalingTransport implements AutoCloseable {

    /** The broker refuses frames above 256 KiB, but answers and notifications may be larger; 8 MiB is plenty. */
    static final int MAX_MESSAGE_BYTES = 8 << 20;
    private static final int CONNECT_TIMEOUT_MILLIS = 10_000;

    private final EventLoopGroup group;
    private final Bootstrap bootstrap;
    private SslContext tls; // made on the first wss:// socket

    public SignalingTransport(int threads) {
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        group = new MultiThreadIoEventLoopGroup(threads, io);
        bootstrap = new Bootstrap().group(group).channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                // The pooled allocator: measured with a 500-participant burst, its event loops spent ~17 % less CPU
                // than with 4.2's default adaptive one, which kept allocating and freeing direct memory here.
                .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MILLIS);
    }

    /**
     * Connects a channel to {@code uri} whose pipeline does the HTTP upgrade and then speaks WebSocket frames, whole
     * messages (continuation frames reassembled) reaching {@code socket}. The handshake's end is a user event there.
     */
    ChannelFuture connect(URI uri, ChannelHandler socket) {
        boolean secure = "wss".equalsIgnoreCase(uri.getScheme());
        int port = uri.getPort() != -1 ? uri.getPort() : secure ? 443 : 80;
        SslContext context = secure ? tls() : null;
        WebSocketClientProtocolConfig config = WebSocketClientProtocolConfig.newBuilder()
                .webSocketUri(uri)
                .generateOriginHeader(false) // a non-browser client: the edge checks Origin only when one is sent
                .maxFramePayloadLength(MAX_MESSAGE_BYTES)
                .handshakeTimeoutMillis(SignalingClient.REQUEST_TIMEOUT.toMillis())
                .handleCloseFrames(false)    // SignalingClient reads the server's close code and reason
                .sendCloseFrame(null)        // closing the channel must not say goodbye: kill() is a killed tab
                .dropPongFrames(true)
                .withUTF8Validator(false)    // the JSON parser reads the bytes anyway; a check of its own is CPU spent
                .build();
        return bootstrap.clone().handler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel channel) {
                if (context != null) {
                    channel.pipeline().addLast(context.newHandler(channel.alloc(), uri.getHost(), port));
                }
                channel.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(65_536),
                        new WebSocketClientProtocolHandler(config), new WebSocketFrameAggregator(MAX_MESSAGE_BYTES),
                        socket);
            }
        }).connect(uri.getHost(), port);
    }

    /** Verified against the JVM's trust store, as the JDK's client did. */
    private synchronized SslContext tls() {
        if (tls == null) {
            try {
                tls = SslContextBuilder.forClient().build();
            } catch (SSLException e) {
                throw new IllegalStateException("no TLS client context", e);
            }
        }
        return tls;
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}

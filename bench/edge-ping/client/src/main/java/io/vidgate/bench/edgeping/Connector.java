package io.vidgate.bench.edgeping;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.function.BiConsumer;
import java.util.function.IntFunction;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;

/** Opens client WebSockets on a fixed number of Netty event loops (NIO), a bounded number of handshakes at a time. */
final class Connector implements AutoCloseable {

    /** What one socket needs: where to connect and its joinRoom frame (null: none). */
    record Plan(URI uri, String joinFrame) {
    }

    private final EventLoopGroup group;
    private final Bootstrap bootstrap;

    Connector(int threads) {
        group = new MultiThreadIoEventLoopGroup(threads, NioIoHandler.newFactory());
        bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000);
    }

    /**
     * Opens {@code count} sockets, at most {@code parallel} handshakes (with their joinRoom) at once, and returns
     * them all; each one's {@link BenchSocket#ready} tells whether it got there. {@code onReady} runs for each socket
     * as soon as it is ready (or failed): the broker evicts a joined socket that stays silent for 10 s, so sockets
     * must not wait for the others before they start talking.
     */
    List<BenchSocket> openAll(int count, IntFunction<Plan> plans, LoadRun run, int parallel,
            BiConsumer<BenchSocket, Throwable> onReady) throws InterruptedException {
        Semaphore handshakes = new Semaphore(parallel);
        List<BenchSocket> sockets = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            handshakes.acquire();
            BenchSocket socket = open(plans.apply(i), run);
            socket.ready.whenComplete((joined, error) -> {
                handshakes.release();
                onReady.accept(socket, error);
            });
            sockets.add(socket);
        }
        return sockets;
    }

    private BenchSocket open(Plan plan, LoadRun run) {
        BenchSocket socket = new BenchSocket(plan.joinFrame(), run);
        WebSocketClientProtocolConfig config = WebSocketClientProtocolConfig.newBuilder()
                .webSocketUri(plan.uri())
                .generateOriginHeader(false) // a backend-style client; browsers' Origin is checked, not needed
                .maxFramePayloadLength(1 << 20)
                .handshakeTimeoutMillis(60_000)
                .dropPongFrames(true)
                .build();
        URI uri = plan.uri();
        bootstrap.clone().handler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel channel) {
                channel.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(65_536),
                        new WebSocketClientProtocolHandler(config), new WebSocketFrameAggregator(1 << 20), socket);
            }
        }).connect(uri.getHost(), uri.getPort()).addListener(connected -> {
            if (!connected.isSuccess()) {
                socket.ready.completeExceptionally(connected.cause());
                socket.closed.complete(null);
            }
        });
        return socket;
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }
}

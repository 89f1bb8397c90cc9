package io.vidgate.gateway.listeners;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.Channel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.netty.ConnectionObserver;

/**
 * Counts one listener's open connections, in all and per client address, and closes a new connection at once when
 * either count is full — before Reactor Netty reads a byte from it. The TCP peer is the client address: nothing has
 * been read yet. Peers that are trusted proxies (a load balancer carries many clients) count only toward the total.
 * Refusals are counted ({@code vidgate.listener.refused{listener, reason}}) and logged at most every 10 s.
 */
final class ConnectionLimiter {

    private static final Logger log = LoggerFactory.getLogger(ConnectionLimiter.class);
    private static final long LOG_EVERY_NANOS = 10_000_000_000L;

    private final String listener;
    private final String propertyPrefix;
    private final ListenerLimits limits;
    private final TrustedProxies exempt;
    private final AtomicInteger open = new AtomicInteger();
    private final Map<InetAddress, Integer> perIp = new ConcurrentHashMap<>();
    private final Counter refusedTotal;
    private final Counter refusedPerIp;
    private final AtomicLong unlogged = new AtomicLong();
    private final AtomicLong lastLog = new AtomicLong(System.nanoTime() - LOG_EVERY_NANOS);

    ConnectionLimiter(Listener listener, ListenerLimits limits, TrustedProxies exempt, MeterRegistry registry) {
        this.listener = listener.name().toLowerCase(Locale.ROOT);
        this.propertyPrefix = "vidgate." + this.listener + ".";
        this.limits = limits;
        this.exempt = exempt;
        this.refusedTotal = Counter.builder("vidgate.listener.refused").tag("listener", this.listener)
                .tag("reason", "max-connections").register(registry);
        this.refusedPerIp = Counter.builder("vidgate.listener.refused").tag("listener", this.listener)
                .tag("reason", "max-connections-per-ip").register(registry);
        Gauge.builder("vidgate.listener.connections", open, AtomicInteger::get).tag("listener", this.listener)
                .register(registry);
    }

    /** Reactor Netty's channel-init hook: admits the new connection, or closes it. */
    void onChannelInit(ConnectionObserver observer, Channel channel, SocketAddress remote) {
        // The channel's own peer: Reactor Netty may hand servers a null or proxy-protocol address here.
        SocketAddress peer = channel.remoteAddress();
        InetAddress ip = peer instanceof InetSocketAddress inet ? inet.getAddress() : null;
        if (tryAdmit(ip)) {
            channel.closeFuture().addListener(closed -> release(ip));
        } else {
            channel.close();
        }
    }

    boolean tryAdmit(InetAddress ip) {
        if (open.incrementAndGet() > limits.maxConnections()) {
            open.decrementAndGet();
            refused(refusedTotal, ip, "max-connections", limits.maxConnections());
            return false;
        }
        if (ip == null || exempt.contains(ip)) {
            return true;
        }
        boolean[] admitted = {false};
        perIp.compute(ip, (address, count) -> {
            int current = count == null ? 0 : count;
            if (current >= limits.maxConnectionsPerIp()) {
                return count;
            }
            admitted[0] = true;
            return current + 1;
        });
        if (!admitted[0]) {
            open.decrementAndGet();
            refused(refusedPerIp, ip, "max-connections-per-ip", limits.maxConnectionsPerIp());
        }
        return admitted[0];
    }

    void release(InetAddress ip) {
        open.decrementAndGet();
        if (ip != null && !exempt.contains(ip)) {
            perIp.computeIfPresent(ip, (address, count) -> count <= 1 ? null : count - 1);
        }
    }

    int openConnections() {
        return open.get();
    }

    /** One line per 10 s at most: a flood must not become a flood of log lines. */
    private void refused(Counter counter, InetAddress ip, String limit, int value) {
        counter.increment();
        long now = System.nanoTime();
        long last = lastLog.get();
        if (now - last >= LOG_EVERY_NANOS && lastLog.compareAndSet(last, now)) {
            long others = unlogged.getAndSet(0);
            log.warn("The {} listener closed a new connection from {}: {} reached ({}{}){}", listener,
                    ip == null ? "unknown" : ip.getHostAddress(), value == 1 ? "1 connection" : value + " connections",
                    propertyPrefix, limit, others == 0 ? "" : "; " + others + " more refused since the last message");
        } else {
            unlogged.incrementAndGet();
        }
    }
}

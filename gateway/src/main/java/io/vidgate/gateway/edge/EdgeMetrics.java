package io.vidgate.gateway.edge;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Metrics of the {@code /openvidu} edge: {@code vidgate.edge.refused} (counter, tag {@code reason}, one per
 * {@link EdgeRefusal}), {@code vidgate.edge.connections} (gauge: sockets open, joined or not),
 * {@code vidgate.edge.joined} (counter: sockets piped to the broker after a verified joinRoom) and
 * {@code vidgate.edge.resumed} (counter: sockets piped after an admitted resume).
 */
public class EdgeMetrics {

    private final Map<EdgeRefusal, Counter> refused = new EnumMap<>(EdgeRefusal.class);
    private final Counter joined;
    private final Counter resumed;
    private final AtomicInteger open = new AtomicInteger();

    public EdgeMetrics(MeterRegistry registry) {
        for (EdgeRefusal reason : EdgeRefusal.values()) {
            refused.put(reason, Counter.builder("vidgate.edge.refused")
                    .description("Clients of the public /openvidu WebSocket refused by the edge")
                    .tag("reason", reason.tag())
                    .register(registry));
        }
        joined = Counter.builder("vidgate.edge.joined")
                .description("Sockets whose joinRoom was verified and piped to the broker").register(registry);
        resumed = Counter.builder("vidgate.edge.resumed")
                .description("Sockets that resumed a joined connection and were piped to the broker").register(registry);
        Gauge.builder("vidgate.edge.connections", open, AtomicInteger::get)
                .description("Open /openvidu sockets").register(registry);
    }

    public void refused(EdgeRefusal reason) {
        refused.get(reason).increment();
    }

    public double refusedCount(EdgeRefusal reason) {
        return refused.get(reason).count();
    }

    public void joined() {
        joined.increment();
    }

    public void resumed() {
        resumed.increment();
    }

    public double resumedCount() {
        return resumed.count();
    }

    /** Reserves a connection slot; false (nothing reserved) when {@code max} are open. */
    public boolean tryOpen(int max) {
        while (true) {
            int current = open.get();
            if (current >= max) {
                return false;
            }
            if (open.compareAndSet(current, current + 1)) {
                return true;
            }
        }
    }

    public void closed() {
        open.decrementAndGet();
    }

    public int openConnections() {
        return open.get();
    }
}

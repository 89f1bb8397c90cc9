package io.vidgate.bench.brokerload;

import java.util.Map;

/**
 * One round's figures, as {@link BrokerLoad} writes them (one JSON file per round) and {@link Report} reads them.
 *
 * @param target              {@code vidgate} or {@code openvidu}
 * @param arrivalRate         participants per second; 0 for a burst (everyone at once)
 * @param operations          joins, publishes and subscriptions that succeeded in the active phase
 * @param activeSeconds       from the first arrival until the last participant was ready (published, and subscribed
 *                            to every other publisher of its session)
 * @param cpuMsPerOperation   per measured process (gateway, broker / openvidu, and the client itself): CPU time in
 *                            the active phase divided by {@code operations}
 * @param heapMbPerProcess    heap used after a full GC, before the arrivals and while everyone holds; empty unless
 *                            the round measured it
 * @param kurentoObjectsBefore objects the emulator held before the arrivals (left by an earlier round)
 * @param kurentoObjectsLeft  objects the emulator still held when the round gave up waiting after everyone left
 */
record RoundResult(String target, double arrivalRate, int participants, int sessions, int sessionSize,
                   int kurentoLatencyMs, Latency join, Latency publish, Latency subscribe, Latency ping, Latency leave,
                   long operations, double activeSeconds, long errors, Map<String, Long> errorKinds,
                   Map<String, Double> cpuMsPerOperation, Map<String, Heap> heapMbPerProcess,
                   int kurentoObjectsBefore, int kurentoObjectsLeft, double settleSeconds, double p99BoundMs) {

    /** Latency of one operation kind, in milliseconds. */
    record Latency(long count, double p50, double p99, double max) {
    }

    /** Heap used after a full GC, MB. */
    record Heap(double baseline, double loaded) {
        double kibPerParticipant(int participants) {
            return (loaded - baseline) * 1024 / participants;
        }
    }

    boolean burst() {
        return arrivalRate == 0;
    }

    double operationsPerSecond() {
        return activeSeconds > 0 ? operations / activeSeconds : 0;
    }

    /** No error, and join, publish and subscribe within the p99 bound. */
    boolean withinBound() {
        return errors == 0 && join.p99() <= p99BoundMs && publish.p99() <= p99BoundMs
                && subscribe.p99() <= p99BoundMs;
    }
}

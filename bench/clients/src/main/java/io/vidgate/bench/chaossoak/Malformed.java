package io.vidgate.bench.chaossoak;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** Frames a broken or hostile client sends instead of JSON-RPC: each should be answered or refused, never break the rest. */
final class Malformed {

    static final List<String> KINDS = List.of("garbage", "not-json-rpc", "unknown-method", "wrong-types",
            "no-id-request", "oversize");

    private Malformed() {
    }

    static String pick() {
        return KINDS.get(ThreadLocalRandom.current().nextInt(KINDS.size()));
    }

    static String frame(String kind) {
        return switch (kind) {
            case "garbage" -> "\u0000\u00ff{{{ not json at all";
            case "not-json-rpc" -> "{\"hello\":[1,2,3],\"id\":\"x\"}";
            case "unknown-method" -> "{\"jsonrpc\":\"2.0\",\"method\":\"formatDisk\",\"params\":{},\"id\":900001}";
            case "wrong-types" -> "{\"jsonrpc\":\"2.0\",\"method\":\"publishVideo\",\"params\":{\"sdpOffer\":42,"
                    + "\"hasVideo\":\"yes\",\"videoDimensions\":[]},\"id\":900002}";
            case "no-id-request" -> "{\"jsonrpc\":\"2.0\",\"method\":\"receiveVideoFrom\",\"params\":{\"sender\":null}}";
            // Above vidgate.signaling.max-message-bytes (256 KiB): closed with 1009, never reaching the broker.
            case "oversize" -> "{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"params\":{\"pad\":\"" + "x".repeat(300 * 1024)
                    + "\"},\"id\":900003}";
            default -> throw new IllegalArgumentException(kind);
        };
    }
}

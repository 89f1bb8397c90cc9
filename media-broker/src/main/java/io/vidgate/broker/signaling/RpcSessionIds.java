package io.vidgate.broker.signaling;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * The RPC session id of a joined participant ({@code sessionId} in the joinRoom answer). openvidu-browser presents
 * it in {@code connect} to resume on a new socket, so it is a bearer secret: 128 random bits.
 */
final class RpcSessionIds {
    private static final SecureRandom RANDOM = new SecureRandom();

    private RpcSessionIds() {
    }

    static String generate() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return "rpc_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}

package io.vidgate.gateway.turn;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/** The keys third parties present to the TURN REST API; compared in constant time. */
public final class TurnRestApiKeys {

    private final List<byte[]> keys;

    public TurnRestApiKeys(List<String> keys) {
        this.keys = keys.stream().map(String::trim).filter(key -> !key.isEmpty())
                .map(key -> key.getBytes(StandardCharsets.UTF_8)).toList();
    }

    public boolean accepts(String offered) {
        if (offered == null || offered.isEmpty()) {
            return false;
        }
        byte[] candidate = offered.getBytes(StandardCharsets.UTF_8);
        boolean accepted = false;
        for (byte[] key : keys) {
            accepted |= MessageDigest.isEqual(key, candidate);
        }
        return accepted;
    }

    @Override
    public String toString() {
        return "TurnRestApiKeys[<" + keys.size() + " hidden>]";
    }
}

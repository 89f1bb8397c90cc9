package io.vidgate.broker.session;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A message for participants of a session ({@code POST /openvidu/api/signal}, or a client's {@code sendMessage}).
 *
 * @param to   connection ids; empty = every active connection of the session
 * @param type the app's type, passed through unchanged; may be null
 * @param data the payload, passed through unchanged; may be null
 * @param from the sending connection id, or null when the server sends it (openvidu-browser then shows no sender)
 */
public record Signal(String sessionId, List<String> to, String type, String data, String from) {

    public Signal {
        // A List.copyOf would refuse null entries; the registry reports them as invalid recipients instead.
        to = to == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(to));
    }
}

package io.vidgate.gateway.listeners;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * Which paths belong to the internal listener. Everything else belongs to the public one.
 *
 * <p>The check runs on a normalised form of the raw path (percent-decoded, lower-cased, matrix parameters and empty
 * or dot segments removed), so that {@code /OpenVidu//api;x=1/%73essions} cannot slip an admin path past it on the
 * public listener, whatever a later component would make of such a path.
 */
public final class ListenerPaths {

    /** Path prefixes served only on the internal listener. A prefix matches itself and anything below it. */
    public static final List<String> INTERNAL_PREFIXES = List.of("/openvidu/api", "/openvidu/recordings", "/actuator",
            "/turn-rest-api");

    private ListenerPaths() {
    }

    public static Listener ownerOf(String rawPath) {
        String path = normalise(rawPath);
        for (String prefix : INTERNAL_PREFIXES) {
            if (path.equals(prefix) || path.startsWith(prefix + "/")) {
                return Listener.INTERNAL;
            }
        }
        return Listener.PUBLIC;
    }

    static String normalise(String rawPath) {
        String decoded = decode(rawPath == null ? "" : rawPath);
        StringBuilder normal = new StringBuilder();
        for (String segment : decoded.split("/")) {
            int matrix = segment.indexOf(';');
            String name = (matrix >= 0 ? segment.substring(0, matrix) : segment).toLowerCase(Locale.ROOT);
            if (name.isEmpty() || name.equals(".")) {
                continue;
            }
            if (name.equals("..")) {
                int last = normal.lastIndexOf("/");
                normal.setLength(Math.max(last, 0));
                continue;
            }
            normal.append('/').append(name);
        }
        return normal.length() == 0 ? "/" : normal.toString();
    }

    /** Decodes repeatedly so that double encoding (%252F) is seen through too; bounded to stay cheap. */
    private static String decode(String path) {
        String current = path;
        for (int i = 0; i < 3 && current.indexOf('%') >= 0; i++) {
            try {
                current = URLDecoder.decode(current.replace("+", "%2B"), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException malformed) {
                return current;
            }
        }
        return current;
    }
}

package io.vidgate.gateway.edge;

import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The joined clients that may come back after their socket dropped. openvidu-browser reconnects with
 * {@code connect {sessionId: <rpcSessionId>, reconnect: true}} as its first frame, without a token; the
 * rpcSessionId is the {@code sessionId} of the broker's {@code joinRoom} result, an unguessable id that only that
 * client has seen. So a resume is admitted when this gateway itself piped a verified {@code joinRoom} whose answer
 * carried that id: the edge then forwards the {@code connect} and the broker decides whether the connection is still
 * there.
 *
 * <p>An id is <em>held</em> while a socket that learned it is open, and resumable for {@code resumeWindow} after
 * that socket closed. A resume claims it (one resume per close); the resumed socket holds it again once the broker
 * accepted the resume. Held ids are resumable too: a client whose old socket the gateway still thinks open (a
 * half-dead TCP connection) must be able to come back, and the broker replaces the old socket.
 *
 * <p>Bounded: at most {@code maxEntries}; when full, expired ids go first, then the ids released longest ago, and
 * held ids only when nothing else is left. In memory, per gateway: behind several gateways a client must reconnect
 * to the same one (sticky routing), or its resume is refused and openvidu-browser reports {@code networkDisconnect}.
 */
final class ResumableSessions {

    /** Who resumes: for logs, never the rpcSessionId itself (it is as good as a token). */
    record Resumable(String sessionId, String connectionId) {
    }

    /** @param holder the open socket that learned the id; null once it closed */
    private record Entry(Resumable who, Object holder, long expiresAtMillis) {
    }

    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private final int maxEntries;
    private final Duration window;
    private final Clock clock;

    ResumableSessions(int maxEntries, Duration window, Clock clock) {
        this.maxEntries = maxEntries;
        this.window = window;
        this.clock = clock;
    }

    /** The broker told {@code socket}'s client its rpcSessionId: resumable while the socket is open and after. */
    private synchronized void hold(String rpcSessionId, Resumable who, Object socket) {
        entries.remove(rpcSessionId);
        makeRoom();
        entries.put(rpcSessionId, new Entry(who, socket, Long.MAX_VALUE));
    }

    /**
     * {@code socket} closed: its id stays resumable for the window from now. Nothing happens when the id was claimed
     * meanwhile (a newer socket resumed it, or is resuming it).
     */
    private synchronized void release(String rpcSessionId, Object socket) {
        Entry entry = entries.get(rpcSessionId);
        if (entry == null || entry.holder() != socket) {
            return;
        }
        // Re-inserted at the end: the map's order is then the order in which ids became evictable.
        entries.remove(rpcSessionId);
        entries.put(rpcSessionId, new Entry(entry.who(), null, clock.millis() + window.toMillis()));
    }

    /** Takes the id for a resume: who it was, or null when unknown or expired. */
    synchronized Resumable claim(String rpcSessionId) {
        Entry entry = entries.remove(rpcSessionId);
        if (entry == null || expired(entry, clock.millis())) {
            return null;
        }
        return entry.who();
    }

    /** A socket's part: it holds the id it learned until it closes, whichever of the two happens first. */
    Holding holding() {
        return new Holding();
    }

    final class Holding {
        private String rpcSessionId;
        private boolean closed;

        /** The broker accepted this socket's joinRoom or resume; later answers change nothing. */
        synchronized void learned(String id, Resumable who) {
            if (rpcSessionId != null) {
                return;
            }
            rpcSessionId = id;
            hold(id, who, this);
            if (closed) {
                release(id, this); // the answer was still on its way when the socket closed
            }
        }

        synchronized void closed() {
            closed = true;
            if (rpcSessionId != null) {
                release(rpcSessionId, this);
            }
        }
    }

    synchronized int size() {
        return entries.size();
    }

    private static boolean expired(Entry entry, long now) {
        return entry.holder() == null && entry.expiresAtMillis() <= now;
    }

    private void makeRoom() {
        if (entries.size() < maxEntries) {
            return;
        }
        long now = clock.millis();
        entries.values().removeIf(entry -> expired(entry, now));
        if (entries.size() < maxEntries) {
            return;
        }
        for (Iterator<Entry> oldest = entries.values().iterator(); oldest.hasNext(); ) {
            if (oldest.next().holder() == null) {
                oldest.remove();
                return;
            }
        }
        Iterator<Entry> oldest = entries.values().iterator();
        oldest.next();
        oldest.remove();
    }
}

package io.vidgate.broker.facts;

import java.util.List;

import io.vidgate.broker.session.MediaOptions;
import io.vidgate.protocol.Role;
import io.vidgate.protocol.rpc.EndReason;

/**
 * Something that happened in the broker, told to every {@link FactObserver} after the state changed. The records
 * carry every field OpenVidu 2.32 puts in the webhook event of the same name (openvidu-server's {@code cdr}
 * package); {@link OpenViduEventJson} writes them in that shape.
 */
public sealed interface Fact {

    /** When it happened (epoch milliseconds), as OpenVidu's {@code timestamp}. */
    long timestamp();

    /** OpenVidu's event name ({@code sessionCreated}, {@code participantLeft}, …). */
    String event();

    /**
     * A fact about one session. Per session, facts reach each observer in the order the changes happened.
     * OpenVidu's {@code uniqueSessionId} tells apart two sessions that had the same id one after the other.
     */
    sealed interface SessionFact extends Fact {

        String sessionId();

        /** When the session was created: {@code startTime} of sessionDestroyed, and part of uniqueSessionId. */
        long sessionCreatedAt();

        default String uniqueSessionId() {
            return sessionId() + "_" + sessionCreatedAt();
        }
    }

    /** A fact about a session that ends something: how long it lasted and why. */
    sealed interface EndFact extends SessionFact {

        long startTime();

        EndReason reason();

        /** Whole seconds, truncated, as OpenVidu's {@code duration}. */
        default long durationSeconds() {
            return (timestamp() - startTime()) / 1000;
        }
    }

    /**
     * A participant as OpenVidu reports it in participantJoined/participantLeft.
     *
     * @param activeAt   when it joined: participantJoined's timestamp, participantLeft's startTime
     * @param location   "unknown" unless something better is known (as OpenVidu CE)
     * @param clientData the client's metadata ({@code Session.connect(token, data)}); never null
     * @param serverData the backend's data for the connection; never null
     */
    record Participant(String connectionId, long activeAt, Role role, String location, String ip, String platform,
            String clientData, String serverData) {
    }

    /**
     * A WebRtcEndpoint as OpenVidu reports it: a participant's publisher (OUTBOUND) or one of its subscriptions
     * (INBOUND, {@code receivingFrom} the publisher's connection id).
     *
     * @param media the published stream's options (a subscription reports its publisher's)
     */
    record WebrtcConnection(String streamId, String connectionId, String receivingFrom, MediaOptions media,
            long startTime) {

        public boolean inbound() {
            return receivingFrom != null;
        }
    }

    record SessionCreated(String sessionId, long sessionCreatedAt) implements SessionFact {
        @Override
        public long timestamp() {
            return sessionCreatedAt;
        }

        @Override
        public String event() {
            return "sessionCreated";
        }
    }

    record SessionDestroyed(String sessionId, long sessionCreatedAt, long timestamp, EndReason reason)
            implements EndFact {
        @Override
        public long startTime() {
            return sessionCreatedAt;
        }

        @Override
        public String event() {
            return "sessionDestroyed";
        }
    }

    record ParticipantJoined(String sessionId, long sessionCreatedAt, Participant participant) implements SessionFact {
        @Override
        public long timestamp() {
            return participant.activeAt();
        }

        @Override
        public String event() {
            return "participantJoined";
        }
    }

    record ParticipantLeft(String sessionId, long sessionCreatedAt, Participant participant, long timestamp,
            EndReason reason) implements EndFact {
        @Override
        public long startTime() {
            return participant.activeAt();
        }

        @Override
        public String event() {
            return "participantLeft";
        }
    }

    record WebrtcConnectionCreated(String sessionId, long sessionCreatedAt, WebrtcConnection connection)
            implements SessionFact {
        @Override
        public long timestamp() {
            return connection.startTime();
        }

        @Override
        public String event() {
            return "webrtcConnectionCreated";
        }
    }

    record WebrtcConnectionDestroyed(String sessionId, long sessionCreatedAt, WebrtcConnection connection,
            long timestamp, EndReason reason) implements EndFact {
        @Override
        public long startTime() {
            return connection.startTime();
        }

        @Override
        public String event() {
            return "webrtcConnectionDestroyed";
        }
    }

    /**
     * A signal delivered, from a participant ({@code sendMessage}) or from the server ({@code POST /signal}).
     *
     * @param from null when the server sent it
     * @param to   the connection ids it was delivered to
     * @param type as OpenVidu reports it: without the {@code signal:} prefix when a participant sent it
     */
    record SignalSent(String sessionId, long sessionCreatedAt, long timestamp, String from, List<String> to,
            String type, String data) implements SessionFact {
        public SignalSent {
            to = List.copyOf(to);
        }

        @Override
        public String event() {
            return "signalSent";
        }
    }

    /**
     * A recording moved to a new status: {@code starting}, {@code started}, {@code stopped}, {@code ready} or
     * {@code failed}, as openvidu-server's recordingStatusChanged. Its {@code startTime} is the recording's creation
     * and its {@code duration} the recorded seconds (OpenVidu overwrites the end event's whole seconds with them).
     *
     * @param recording what OpenVidu's event says of the recording, as it is at this status
     * @param reason    why it stopped; null until it stops
     */
    record RecordingStatusChanged(String sessionId, long sessionCreatedAt, long timestamp, Recording recording,
            String status, EndReason reason) implements SessionFact {
        @Override
        public String event() {
            return "recordingStatusChanged";
        }
    }

    /**
     * A recording as recordingStatusChanged reports it.
     *
     * @param resolution      COMPOSED with video only, else null (as are frameRate and recordingLayout)
     * @param customLayout    a CUSTOM layout's name, else null
     * @param size            bytes written so far (0 until it stops)
     * @param durationSeconds seconds recorded (0 until it stops)
     */
    record Recording(String id, String name, String outputMode, long createdAt, String resolution, Integer frameRate,
            String recordingLayout, String customLayout, boolean hasAudio, boolean hasVideo, long size,
            double durationSeconds) {
    }

    /**
     * A Kurento Media Server was lost (connection dropped, restarted, stopped answering pings): the media of
     * {@code sessionIds} died with it. OpenVidu CE has no such webhook event (Pro's is {@code nodeCrashed}).
     */
    record MediaServerLost(long timestamp, String mediaServer, String why, List<String> sessionIds) implements Fact {
        public MediaServerLost {
            sessionIds = List.copyOf(sessionIds);
        }

        @Override
        public String event() {
            return "mediaServerLost";
        }
    }

    /** A Kurento Media Server is healthy again and takes new sessions (Pro's {@code nodeRecovered}). */
    record MediaServerRecovered(long timestamp, String mediaServer) implements Fact {
        @Override
        public String event() {
            return "mediaServerRecovered";
        }
    }
}

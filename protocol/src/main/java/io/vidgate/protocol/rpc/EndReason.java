package io.vidgate.protocol.rpc;

/**
 * Why a session, connection or stream ended, with OpenVidu's names: openvidu-browser shows them to the app as the
 * {@code reason} of {@code sessionDisconnected}, {@code connectionDestroyed} and {@code streamDestroyed} events.
 */
public enum EndReason {
    UNSUBSCRIBE("unsubscribe"),
    UNPUBLISH("unpublish"),
    DISCONNECT("disconnect"),
    FORCE_UNPUBLISH_BY_USER("forceUnpublishByUser"),
    FORCE_UNPUBLISH_BY_SERVER("forceUnpublishByServer"),
    FORCE_DISCONNECT_BY_USER("forceDisconnectByUser"),
    FORCE_DISCONNECT_BY_SERVER("forceDisconnectByServer"),
    LAST_PARTICIPANT_LEFT("lastParticipantLeft"),
    /** A recording stopped through the REST API ({@code recordingStopped}, recordingStatusChanged). */
    RECORDING_STOPPED_BY_SERVER("recordingStoppedByServer"),
    SESSION_CLOSED_BY_SERVER("sessionClosedByServer"),
    NETWORK_DISCONNECT("networkDisconnect"),
    MEDIA_SERVER_DISCONNECT("mediaServerDisconnect"),
    MEDIA_SERVER_RECONNECT("mediaServerReconnect"),
    NODE_CRASHED("nodeCrashed"),
    OPENVIDU_SERVER_STOPPED("openviduServerStopped"),
    /** A recording stopped by itself: nobody published for the auto-stop timeout. */
    AUTOMATIC_STOP("automaticStop");

    private final String wireName;

    EndReason(String wireName) {
        this.wireName = wireName;
    }

    /** The name sent to clients. */
    public String wireName() {
        return wireName;
    }
}

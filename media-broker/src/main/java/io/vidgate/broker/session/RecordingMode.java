package io.vidgate.broker.session;

/** OpenVidu's recording modes: {@code ALWAYS} records from the first publish until the session closes. */
public enum RecordingMode {
    MANUAL,
    ALWAYS
}

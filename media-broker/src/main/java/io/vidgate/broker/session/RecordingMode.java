package io.vidgate.broker.session;

/** OpenVidu's recording modes. Stored and reported only: this Vidgate version does not record. */
public enum RecordingMode {
    MANUAL,
    ALWAYS
}

package io.vidgate.emulator.webrtc;

/** The pair ICE selected (kmd {@code IceCandidatePair}: streamId is a string there). */
public record IceCandidatePair(String streamId, int componentId, String localCandidate,
    String remoteCandidate) {}

package io.vidgate.emulator.webrtc;

/** An ICE candidate as trickled in either direction (kmd complex type {@code IceCandidate}). */
public record IceCandidate(String candidate, String sdpMid, int sdpMLineIndex) {}

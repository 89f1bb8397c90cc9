package io.vidgate.emulator.webrtc;

/** ICE component states, named as the kmd enum {@code IceComponentState}. */
public enum IceComponentState { DISCONNECTED, GATHERING, CONNECTING, CONNECTED, READY, FAILED }

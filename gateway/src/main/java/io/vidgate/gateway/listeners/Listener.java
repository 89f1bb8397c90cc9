package io.vidgate.gateway.listeners;

/** The two doors of the gateway. Every request arrives through exactly one of them. */
public enum Listener {
    /** Browsers: the OpenVidu WebSocket, JWKS, ICE servers, routes to existing apps. */
    PUBLIC,
    /** Backends and operators: the admin REST API, TURN REST API, actuator. Never reachable through PUBLIC. */
    INTERNAL
}

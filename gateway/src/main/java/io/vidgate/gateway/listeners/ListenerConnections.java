package io.vidgate.gateway.listeners;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import reactor.netty.Connection;

/**
 * What a request's own TCP connection says about it: which listener accepted it, and who is at the other end. Both
 * come from the Netty channel, never from the request: Reactor Netty rewrites the request's local and remote
 * addresses from {@code X-Forwarded-*} and {@code Forwarded} headers whenever Spring Boot turns its forwarded-header
 * handler on — which it does by itself in every Kubernetes pod, and with {@code server.forward-headers-strategy} —
 * and those headers are whatever the client wrote.
 */
public final class ListenerConnections {

    /** Set on every connection a listener accepts, by that listener's server ({@link ListenerServerCustomizer}). */
    static final AttributeKey<Listener> LISTENER = AttributeKey.valueOf("vidgate.listener");

    private ListenerConnections() {
    }

    /**
     * The listener whose server accepted the request's connection. A connection without the mark (a server this
     * class did not configure) counts as public: the admin surface is never served on a guess.
     */
    public static Listener arrivedOn(ServerHttpRequest request) {
        for (Channel channel = channelOf(request); channel != null; channel = channel.parent()) {
            Listener tagged = channel.attr(LISTENER).get();
            if (tagged != null) {
                return tagged;
            }
        }
        return Listener.PUBLIC;
    }

    /** The TCP peer of the request's connection: the client, or the proxy in front of it. Null if not an IP socket. */
    public static InetSocketAddress peerOf(ServerHttpRequest request) {
        Channel channel = channelOf(request);
        SocketAddress remote = channel == null ? null : channel.remoteAddress();
        if (remote == null && channel != null && channel.parent() != null) {
            remote = channel.parent().remoteAddress(); // an HTTP/2 stream: its connection's peer
        }
        return remote instanceof InetSocketAddress inet ? inet : null;
    }

    /** The request's Netty channel; null when it does not run on Reactor Netty (never in this application). */
    public static Channel channelOf(ServerHttpRequest request) {
        Object nativeRequest = ServerHttpRequestDecorator.getNativeRequest(request);
        return nativeRequest instanceof Connection connection ? connection.channel() : null;
    }
}

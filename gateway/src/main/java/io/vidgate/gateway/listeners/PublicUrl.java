package io.vidgate.gateway.listeners;

import java.net.URI;

import org.springframework.boot.web.server.reactive.context.ReactiveWebServerInitializedEvent;
import org.springframework.context.ApplicationListener;

/**
 * How browsers reach the public listener: {@code vidgate.public.url} when set (production: the TLS host a load
 * balancer answers on), otherwise {@code http://localhost:<bound port>} for development.
 */
public class PublicUrl implements ApplicationListener<ReactiveWebServerInitializedEvent> {

    private final String configured;
    private volatile int boundPort = -1;

    public PublicUrl(PublicListenerProperties properties) {
        this.configured = properties.url().isBlank() ? null : stripTrailingSlash(properties.url());
    }

    @Override
    public void onApplicationEvent(ReactiveWebServerInitializedEvent event) {
        boundPort = event.getWebServer().getPort();
    }

    public URI uri() {
        if (configured != null) {
            return URI.create(configured);
        }
        if (boundPort < 0) {
            throw new IllegalStateException("The public listener has not started yet");
        }
        return URI.create("http://localhost:" + boundPort);
    }

    /** The port the public listener is bound to, or -1 before it starts. */
    public int boundPort() {
        return boundPort;
    }

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}

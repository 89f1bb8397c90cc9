package io.vidgate.gateway.listeners;

import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.vidgate.boot.config.ConfiguredAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.boot.web.server.Shutdown;
import org.springframework.boot.web.server.WebServer;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.server.reactive.HttpHandler;

/**
 * The second listener of the gateway process. Neither Reactor Netty nor Spring Boot offer several ports for one
 * WebFlux application, so this starts a second Netty web server that shares the application's {@link HttpHandler}
 * (and so every WebFilter, Spring Security included); {@link ListenerIsolationWebFilter} then decides per request
 * which paths each listener serves, from the mark this server's {@link ListenerServerCustomizer} puts on each
 * connection it accepts. It is built by Boot's own {@link NettyReactiveWebServerFactory}, like the public
 * one: a bare Reactor Netty server left some keep-alive connections hanging after error responses to HEAD and
 * POST requests, which Boot's configuration of the same server does not.
 */
public class InternalListenerServer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(InternalListenerServer.class);
    private static final Duration BIND_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(10);

    private final InternalListenerProperties properties;
    private final ObjectProvider<HttpHandler> httpHandler;
    private final NettyServerCustomizer customizer;
    private volatile WebServer server;

    public InternalListenerServer(InternalListenerProperties properties, ObjectProvider<HttpHandler> httpHandler,
            NettyServerCustomizer customizer) {
        this.properties = properties;
        this.httpHandler = httpHandler;
        this.customizer = customizer;
    }

    @Override
    public void start() {
        InetAddress address = ConfiguredAddress.resolve("vidgate.internal.address", properties.address());
        warnIfReachableFromNetwork(address);
        try {
            NettyReactiveWebServerFactory factory = new NettyReactiveWebServerFactory(properties.port());
            factory.setAddress(address);
            factory.setShutdown(Shutdown.GRACEFUL);
            factory.setLifecycleTimeout(BIND_TIMEOUT);
            // Backends reach this listener directly: no proxy writes forwarded headers for them, so none are read
            // (Boot's server.forward-headers-strategy and its Kubernetes detection configure the public server only).
            factory.setUseForwardHeaders(false);
            factory.addServerCustomizers(customizer);
            WebServer started = factory.getWebServer(httpHandler.getObject());
            started.start();
            server = started;
        } catch (RuntimeException bindFailure) {
            throw new InvalidConfigurationPropertyValueException("vidgate.internal.port", properties.port(),
                    "cannot listen on " + properties.address() + ":" + properties.port() + " ("
                            + rootMessage(bindFailure) + ")");
        }
        log.info("Internal listener (admin API, actuator) on http://{}:{}", properties.address(), port());
    }

    @Override
    public void stop() {
        WebServer running = server;
        if (running != null) {
            // Lets requests in flight finish, as Boot's graceful shutdown does for the public one, then stops.
            CountDownLatch drained = new CountDownLatch(1);
            running.shutDownGracefully(result -> drained.countDown());
            try {
                drained.await(DRAIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            running.stop();
            server = null;
        }
    }

    @Override
    public boolean isRunning() {
        return server != null;
    }

    /** Starts with the public web server and stops just before it. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 2048;
    }

    /** The port actually bound (differs from the configured one when that is 0), or -1 when not running. */
    public int port() {
        WebServer running = server;
        return running == null ? -1 : running.getPort();
    }

    private void warnIfReachableFromNetwork(InetAddress address) {
        if (!address.isLoopbackAddress()) {
            log.warn("The internal listener is bound to {}, which is not a loopback address: the admin API is "
                    + "reachable from the network. Make sure a firewall or the container network keeps it private "
                    + "(vidgate.internal.address).", properties.address());
        }
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}

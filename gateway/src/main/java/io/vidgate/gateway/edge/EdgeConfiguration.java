package io.vidgate.gateway.edge;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.vidgate.boot.config.ConfigurationProblem;
import io.vidgate.boot.signaling.SignalingMessageProperties;
import io.vidgate.gateway.broker.BrokerProperties;
import io.vidgate.gateway.listeners.PublicListenerProperties;
import io.vidgate.protocol.token.ConnectionTokenVerifier;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;
import org.springframework.web.reactive.socket.server.support.HandshakeWebSocketService;
import org.springframework.web.reactive.socket.server.upgrade.ReactorNettyRequestUpgradeStrategy;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;
import reactor.netty.http.server.WebsocketServerSpec;
import reactor.netty.resources.ConnectionProvider;
import tools.jackson.databind.json.JsonMapper;

/**
 * The public {@code /openvidu} WebSocket: a plain WebFlux handler, not a Spring Cloud Gateway {@code ws://} route
 * (a route accepts the upgrade before anything can be checked, and cannot look at the first frame). Its own
 * WebSocket server and client objects, kept out of the context so that the gateway's own beans are untouched.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SignalingMessageProperties.class)
public class EdgeConfiguration {

    /** Replaced by {@link SignalingMessageProperties#PROPERTY}, which the broker reads too. */
    static final String RETIRED_FRAME_LIMIT = "vidgate.edge.max-frame-bytes";

    /** Before Spring Cloud Gateway's route mapping (order 1) and the annotated controllers (0). */
    static final int MAPPING_ORDER = Ordered.HIGHEST_PRECEDENCE + 100;

    @Bean
    EdgeMetrics edgeMetrics(MeterRegistry registry) {
        return new EdgeMetrics(registry);
    }

    @Bean
    OpenViduEdgeProxy openViduEdgeProxy(EdgeProperties properties, SignalingMessageProperties messages,
            PublicListenerProperties publicListener, EdgeMetrics metrics, ConnectionTokenVerifier verifier,
            BrokerProperties broker, JsonMapper json, Environment environment) {
        ConfigurationProblem.check(() -> {
            if (environment.containsProperty(RETIRED_FRAME_LIMIT)) {
                // Silently ignoring it would let the gateway and the broker disagree again.
                throw new IllegalArgumentException(RETIRED_FRAME_LIMIT + " was replaced by "
                        + SignalingMessageProperties.PROPERTY + ", which the gateway and the broker both read");
            }
            properties.checkConsistent(messages);
            return properties;
        });
        // One limit for both hops: the same as the broker's WebSocket, both ways (the broker's answers included).
        int maxFrame = messages.maxMessageBytes();
        HandshakeWebSocketService server = new HandshakeWebSocketService(new ReactorNettyRequestUpgradeStrategy(
                () -> WebsocketServerSpec.builder().maxFramePayloadLength(maxFrame)));
        // Not pooled: a WebSocket holds its connection for life, and a shared pool (WebFlux's allows 500 per host)
        // would make socket 501 wait, then fail.
        HttpClient client = HttpClient.create(ConnectionProvider.newConnection()).responseTimeout(Duration.ofSeconds(5));
        WebsocketClientSpec socket = WebsocketClientSpec.builder().maxFramePayloadLength(maxFrame).build();
        ResumableSessions resumable = new ResumableSessions(resumeCapacity(properties.maxConnections()),
                properties.resumeWindow(), Clock.systemUTC());
        return new OpenViduEdgeProxy(properties, messages, publicListener.allowedOrigins(),
                new HandshakeRateLimiter(properties.handshakesPerIpPerMinute(), Clock.systemUTC()), metrics, server,
                new FirstFrameCheck(properties.maxFirstFrameBytes(), verifier, resumable, json),
                new BrokerPipe(client, socket, OpenViduEdgeProxy.brokerWebSocketUri(broker.url()), metrics, json),
                resumable);
    }

    /**
     * Room for every open socket's id plus as many of closed ones: a burst of drops fits, and a flood of joins cannot
     * grow the map without bound.
     */
    static int resumeCapacity(int maxConnections) {
        return (int) Math.min(Integer.MAX_VALUE, 2L * maxConnections);
    }

    @Bean
    SimpleUrlHandlerMapping openViduEdgeMapping(OpenViduEdgeProxy proxy) {
        return new SimpleUrlHandlerMapping(Map.of("/openvidu", proxy), MAPPING_ORDER);
    }

    /**
     * Closes the sockets (1001, so that openvidu-browser reconnects, to another gateway behind the load balancer)
     * before the web server's graceful shutdown starts waiting for requests: stops first, being in a later phase.
     */
    @Bean
    SmartLifecycle openViduEdgeShutdown(OpenViduEdgeProxy proxy) {
        return new SmartLifecycle() {
            private volatile boolean running;

            @Override
            public void start() {
                running = true;
            }

            @Override
            public void stop() {
                proxy.shutdown(Duration.ofSeconds(10)).block(Duration.ofSeconds(15));
                running = false;
            }

            @Override
            public boolean isRunning() {
                return running;
            }

            @Override
            public int getPhase() {
                return SmartLifecycle.DEFAULT_PHASE;
            }
        };
    }
}

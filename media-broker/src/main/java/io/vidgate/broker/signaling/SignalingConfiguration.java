package io.vidgate.broker.signaling;

import java.time.Clock;
import java.util.Map;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.vidgate.boot.config.ConfigurationProblem;
import io.vidgate.boot.config.DataDirectoryProperties;
import io.vidgate.boot.signaling.SignalingMessageProperties;
import io.vidgate.boot.tokens.TokenKeys;
import io.vidgate.boot.tokens.TokenProperties;
import io.vidgate.boot.turn.TurnCredentials;
import io.vidgate.boot.turn.TurnProperties;
import io.vidgate.broker.recording.RecordingService;
import io.vidgate.broker.room.Rooms;
import io.vidgate.protocol.rpc.OpenViduMethods;
import io.vidgate.protocol.token.ConnectionTokenVerifier;
import io.vidgate.protocol.token.InMemoryTokenReplayGuard;
import io.vidgate.protocol.token.TokenReplayGuard;
import io.vidgate.protocol.token.TokenSettings;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;
import org.springframework.web.reactive.socket.server.WebSocketService;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code /openvidu} WebSocket and everything behind it. Authentication is the token in {@code joinRoom}
 * (verified here again with the gateway's public keys), not the admin filter.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({SignalingProperties.class, SignalingMessageProperties.class, TokenProperties.class,
        DataDirectoryProperties.class})
public class SignalingConfiguration {

    public static final String PATH = "/openvidu";

    @Bean
    ConnectionTokenVerifier connectionTokenVerifier(TokenProperties tokens, DataDirectoryProperties data,
            Environment environment) {
        TokenSettings settings = TokenKeys.settings(tokens);
        return ConfigurationProblem.check(() -> new ConnectionTokenVerifier(settings,
                TokenKeys.verificationKeys(tokens, data, environment), TokenKeys.apiKeys(tokens), Clock.systemUTC()));
    }

    /**
     * The one place single-use tokens are enforced: the gateway's edge check must not consume them. With
     * {@code vidgate.tokens.single-use} every token joins once, backend-minted ones included (docs/tokens.md).
     */
    @Bean
    TokenReplayGuard tokenReplayGuard(TokenProperties tokens) {
        return new InMemoryTokenReplayGuard(Clock.systemUTC(), tokens.leeway(),
                InMemoryTokenReplayGuard.DEFAULT_MAX_ENTRIES, tokens.singleUse());
    }

    @Bean(destroyMethod = "close")
    TurnCredentials turnCredentials(TurnProperties turn) {
        return TurnCredentials.from(turn);
    }

    @Bean
    OpenViduSignalingHandler openViduSignalingHandler(JsonMapper json, SignalingProperties properties,
            SignalingMessageProperties messages) {
        return new OpenViduSignalingHandler(json, Clock.systemUTC(),
                ConfigurationProblem.check(() -> properties.checkRoomFor(messages.maxMessageBytes())));
    }

    @Bean
    MediaMethods mediaMethods(OpenViduSignalingHandler handler) {
        MediaMethods media = new MediaMethods();
        media.registerOn(handler);
        return media;
    }

    /** Registered on the handler as a side effect: each of these beans is one group of methods. */
    @Bean
    JoinRoomMethod joinRoomMethod(ConnectionTokenVerifier verifier, TokenReplayGuard replays, TurnCredentials turn,
            Rooms rooms, OpenViduSignalingHandler handler, RecordingService recordings) {
        JoinRoomMethod joinRoom = new JoinRoomMethod(verifier::verifyJoinRoomToken, replays, turn, rooms, handler,
                recordings::announcedTo);
        handler.register(OpenViduMethods.JOIN_ROOM, false, joinRoom);
        return joinRoom;
    }

    @Bean
    SignalMethods signalMethods(JsonMapper json, OpenViduSignalingHandler handler) {
        SignalMethods signals = new SignalMethods(json);
        signals.registerOn(handler);
        return signals;
    }

    @Bean
    ModeratorMethods moderatorMethods(OpenViduSignalingHandler handler) {
        ModeratorMethods moderator = new ModeratorMethods();
        moderator.registerOn(handler);
        return moderator;
    }

    @Bean(initMethod = "start", destroyMethod = "close")
    ParticipantLifecycle participantLifecycle(Rooms rooms, OpenViduSignalingHandler handler,
            SignalingProperties properties) {
        return new ParticipantLifecycle(rooms, handler, properties);
    }

    /** On {@code /actuator/prometheus}: what the outbound queue bounds are doing. */
    @Bean
    MeterBinder signalingMetrics(OpenViduSignalingHandler handler) {
        return registry -> {
            Gauge.builder("vidgate.signaling.sockets", handler, OpenViduSignalingHandler::openSockets)
                    .description("Open /openvidu sockets").register(registry);
            Gauge.builder("vidgate.signaling.outbound.queued", handler, OpenViduSignalingHandler::queuedFrames)
                    .description("Frames waiting for their clients to read them").register(registry);
            FunctionCounter.builder("vidgate.signaling.outbound.closed", handler,
                            OpenViduSignalingHandler::closedNotDraining)
                    .description("Sockets closed because their client did not read (outbound queue full)")
                    .register(registry);
        };
    }

    /**
     * The WebSocket upgrades of this application (only {@code /openvidu}), with the shared message-size limit:
     * WebFlux's {@code WebSocketHandlerAdapter} takes its service from the {@link WebFluxConfigurer}s.
     */
    @Bean
    WebFluxConfigurer signalingWebSocketService(SignalingMessageProperties messages) {
        WebSocketService service = new SignalingWebSocketService(messages);
        return new WebFluxConfigurer() {
            @Override
            public WebSocketService getWebSocketService() {
                return service;
            }
        };
    }

    @Bean
    HandlerMapping openViduWebSocketMapping(OpenViduSignalingHandler handler) {
        // Before the annotated controllers' mapping: /openvidu is not a REST path.
        return new SimpleUrlHandlerMapping(Map.of(PATH, handler), Ordered.HIGHEST_PRECEDENCE + 100);
    }
}

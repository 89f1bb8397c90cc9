package io.vidgate.broker.signaling;

import java.time.Clock;
import java.util.Map;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;
import tools.jackson.databind.json.JsonMapper;

/** The {@code /openvidu} WebSocket. Authentication is the token in {@code joinRoom}, not the admin filter. */
@Configuration(proxyBeanMethods = false)
public class SignalingConfiguration {

    public static final String PATH = "/openvidu";

    @Bean
    OpenViduSignalingHandler openViduSignalingHandler(JsonMapper json) {
        return new OpenViduSignalingHandler(json, Clock.systemUTC());
    }

    @Bean
    HandlerMapping openViduWebSocketMapping(OpenViduSignalingHandler handler) {
        // Before the annotated controllers' mapping: /openvidu is not a REST path.
        return new SimpleUrlHandlerMapping(Map.of(PATH, handler), Ordered.HIGHEST_PRECEDENCE + 100);
    }
}

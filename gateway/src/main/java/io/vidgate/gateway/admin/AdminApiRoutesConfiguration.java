package io.vidgate.gateway.admin;

import java.net.URI;

import io.vidgate.boot.tokens.TokenProperties;
import io.vidgate.gateway.broker.BrokerProperties;
import io.vidgate.gateway.listeners.InternalListenerProperties;
import io.vidgate.gateway.listeners.PublicUrl;
import io.vidgate.protocol.BrokerHeaders;
import io.vidgate.protocol.token.ConnectionTokenIssuer;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.GatewayFilterSpec;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import tools.jackson.databind.json.JsonMapper;

/**
 * The OpenVidu REST API is the broker's: it owns session state. The gateway forwards {@code /openvidu/api/**} to it
 * (only ever from the internal listener — {@code ListenerIsolationWebFilter} sees to that — and with the client's
 * Basic credentials, which the broker checks again), minting the token when a connection is created.
 * Recordings' files, {@code /openvidu/recordings/**}, go the same way. {@code /openvidu/api/config/openvidu-publicurl}
 * is the gateway's own ({@link ServerConfigController}); controllers
 * take precedence over routes.
 */
@Configuration(proxyBeanMethods = false)
public class AdminApiRoutesConfiguration {

    @Bean
    MintConnectionTokenGatewayFilterFactory mintConnectionTokenGatewayFilterFactory(ConnectionTokenIssuer issuer,
            TokenProperties tokens, PublicUrl publicUrl, JsonMapper json, InternalListenerProperties internalListener) {
        return new MintConnectionTokenGatewayFilterFactory(issuer, tokens, publicUrl, json,
                internalListener.maxBodyBytes());
    }

    @Bean
    BrokerUnavailableGatewayFilterFactory brokerUnavailableGatewayFilterFactory(JsonMapper json) {
        return new BrokerUnavailableGatewayFilterFactory(json);
    }

    @Bean
    RouteLocator adminApiRoutes(RouteLocatorBuilder routes, BrokerProperties broker,
            MintConnectionTokenGatewayFilterFactory mint, BrokerUnavailableGatewayFilterFactory unavailable,
            PublicUrl publicUrl) {
        String brokerUrl = broker.url().toString();
        GatewayFilter minting = mint.apply(new Object());
        GatewayFilter brokerDown = unavailable.apply(new Object());
        GatewayFilter withPublicUrl = publicUrlFor(publicUrl);
        return routes.routes()
                .route("openvidu-api-create-connection", route -> route.order(-1)
                        .method(HttpMethod.POST).and().path("/openvidu/api/sessions/{sessionId}/connection")
                        .filters(filters -> toBroker(filters, brokerDown, withPublicUrl).filter(minting))
                        .uri(brokerUrl))
                .route("openvidu-api-create-token", route -> route.order(-1)
                        .method(HttpMethod.POST).and().path("/openvidu/api/tokens")
                        .filters(filters -> toBroker(filters, brokerDown, withPublicUrl).filter(minting))
                        .uri(brokerUrl))
                .route("openvidu-api", route -> route
                        .path("/openvidu/api/**")
                        .filters(filters -> toBroker(filters, brokerDown, withPublicUrl))
                        .uri(brokerUrl))
                // A recording's url points here: its files, downloaded with the admin credentials (Range included).
                .route("openvidu-recordings", route -> route
                        .path("/openvidu/recordings/**")
                        .filters(filters -> toBroker(filters, brokerDown, withPublicUrl))
                        .uri(brokerUrl))
                .build();
    }

    /**
     * What every forwarded call gets: a 503 when the broker is down, and only the gateway speaks
     * {@link BrokerHeaders} — whatever a client sent under those names is dropped first.
     */
    private static GatewayFilterSpec toBroker(GatewayFilterSpec filters, GatewayFilter brokerDown,
            GatewayFilter withPublicUrl) {
        return filters
                .filter(brokerDown)
                .removeRequestHeader(BrokerHeaders.CONNECTION_ID)
                .removeRequestHeader(BrokerHeaders.CONNECTION_TOKEN)
                .filter(withPublicUrl)
                .filter(WITH_ADMIN_URL);
    }

    /**
     * The internal listener as this caller reached it ({@code scheme://host[:port]}, after trusted forwarded headers),
     * for the broker's recording URLs: a backend downloads a recording from where it called the API.
     */
    private static final GatewayFilter WITH_ADMIN_URL = (exchange, chain) -> {
        URI called = exchange.getRequest().getURI();
        String adminUrl = called.getScheme() + "://" + called.getRawAuthority();
        return chain.filter(exchange.mutate()
                .request(request -> request.headers(headers -> headers.set(BrokerHeaders.ADMIN_URL, adminUrl)))
                .build());
    };

    /**
     * The public URL, for the broker's {@code GET /openvidu/api/config}; set (replacing whatever a client sent) per
     * request, as in development it is known only once the public listener is bound.
     */
    private static GatewayFilter publicUrlFor(PublicUrl publicUrl) {
        return (exchange, chain) -> chain.filter(exchange.mutate()
                .request(request -> request.headers(headers -> headers.set(BrokerHeaders.PUBLIC_URL,
                        publicUrl.uri().toString())))
                .build());
    }
}

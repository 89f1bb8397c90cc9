package io.vidgate.gateway.apps;

import io.vidgate.protocol.token.ConnectionTokenVerifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/**
 * Routes to existing apps are the operator's ({@code spring.cloud.gateway.server.webflux.routes} in YAML); this adds
 * what they can rely on: the {@code VidgateToken} filter, and no client-made {@code X-Vidgate-*} header on any route.
 */
@Configuration(proxyBeanMethods = false)
public class AppRoutesConfiguration {

    @Bean
    VidgateTokenGatewayFilterFactory vidgateTokenGatewayFilterFactory(ConnectionTokenVerifier verifier, JsonMapper json) {
        return new VidgateTokenGatewayFilterFactory(verifier, json);
    }

    @Bean
    StripClientVidgateHeadersFilter stripClientVidgateHeadersFilter() {
        return new StripClientVidgateHeadersFilter();
    }
}

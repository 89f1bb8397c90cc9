package io.vidgate.broker.admin;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.vidgate.protocol.BrokerHeaders;
import io.vidgate.protocol.ConnectionIds;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * TEST ONLY. Does what the gateway does for real (its {@code MintConnectionTokenGatewayFilterFactory}): adds the
 * minted {@code X-Vidgate-Connection-Id} and {@code X-Vidgate-Connection-Token} to connection creations, so that
 * openvidu-java-client, which knows nothing of them, can drive the broker directly. The token here is only
 * well-formed, not signed: the broker checks its form, the gateway its signature.
 */
public class GatewayHeadersStandInForTests implements WebFilter, Ordered {

    private static final Pattern CREATE_CONNECTION = Pattern.compile("/openvidu/api/sessions/([^/]+)/connection");

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 20;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        if (request.getMethod() != HttpMethod.POST || request.getHeaders().containsHeader(BrokerHeaders.CONNECTION_ID)) {
            return chain.filter(exchange);
        }
        String path = request.getPath().value();
        Matcher connection = CREATE_CONNECTION.matcher(path);
        if (connection.matches()) {
            return chain.filter(exchange.mutate().request(minted(request, connection.group(1))).build());
        }
        if (path.equals("/openvidu/api/tokens")) {
            // The deprecated token API names the session in the body: read it, then hand the same bytes on.
            return DataBufferUtils.join(request.getBody()).map(buffer -> {
                byte[] bytes = new byte[buffer.readableByteCount()];
                buffer.read(bytes);
                DataBufferUtils.release(buffer);
                return bytes;
            }).flatMap(body -> {
                JsonNode json = BrokerApi.JSON.readTree(new String(body, StandardCharsets.UTF_8));
                ServerHttpRequest withHeaders = minted(request, json.path("session").asString(""));
                ServerHttpRequest replayed = new ServerHttpRequestDecorator(withHeaders) {
                    @Override
                    public Flux<DataBuffer> getBody() {
                        return Flux.defer(() -> Flux.just(exchange.getResponse().bufferFactory().wrap(body)));
                    }
                };
                return chain.filter(exchange.mutate().request(replayed).build());
            });
        }
        return chain.filter(exchange);
    }

    private static ServerHttpRequest minted(ServerHttpRequest request, String sessionId) {
        String connectionId = ConnectionIds.generate();
        return request.mutate()
                .header(BrokerHeaders.CONNECTION_ID, connectionId)
                .header(BrokerHeaders.CONNECTION_TOKEN, BrokerApi.tokenUrl(sessionId, connectionId))
                .build();
    }
}

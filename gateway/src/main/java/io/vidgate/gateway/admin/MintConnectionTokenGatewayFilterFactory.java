package io.vidgate.gateway.admin;

import java.util.Map;

import io.vidgate.boot.admin.ErrorResponses;
import io.vidgate.boot.tokens.TokenProperties;
import io.vidgate.gateway.listeners.PublicUrl;
import io.vidgate.gateway.listeners.RequestBodies;
import io.vidgate.protocol.BrokerHeaders;
import io.vidgate.protocol.ConnectionIds;
import io.vidgate.protocol.Role;
import io.vidgate.protocol.SessionIds;
import io.vidgate.protocol.token.ConnectionGrant;
import io.vidgate.protocol.token.ConnectionTokenIssuer;
import io.vidgate.protocol.token.OpenViduTokenUrl;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * On {@code POST /openvidu/api/sessions/{sessionId}/connection} (and the deprecated {@code POST /openvidu/api/tokens},
 * which names the session in its body's {@code session} field): mints the connection id and its signed token from
 * the request's {@code role} and {@code data}, and hands both to the broker in {@link BrokerHeaders}; the broker
 * stores them with the connection it creates. The signing keys never leave the gateway.
 */
public class MintConnectionTokenGatewayFilterFactory extends AbstractGatewayFilterFactory<Object> {

    private final ConnectionTokenIssuer issuer;
    private final TokenProperties tokens;
    private final PublicUrl publicUrl;
    private final JsonMapper json;
    private final int maxBodyBytes;

    /**
     * @param maxBodyBytes {@code vidgate.internal.max-body-bytes}: the OpenVidu Connection API body is small; anything
     *                     bigger is not a connection request, and is answered 413
     */
    public MintConnectionTokenGatewayFilterFactory(ConnectionTokenIssuer issuer, TokenProperties tokens,
            PublicUrl publicUrl, JsonMapper json, int maxBodyBytes) {
        super(Object.class);
        this.issuer = issuer;
        this.tokens = tokens;
        this.publicUrl = publicUrl;
        this.json = json;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public GatewayFilter apply(Object config) {
        return (exchange, chain) -> RequestBodies.read(exchange.getRequest(), maxBodyBytes)
                .onErrorResume(RequestBodies.TooLarge.class, tooLarge -> tooLarge(exchange, tooLarge).then(Mono.empty()))
                .flatMap(body -> {
                    JsonNode request;
                    try {
                        request = parse(body);
                    } catch (IllegalArgumentException | JacksonException badRequest) {
                        return ErrorResponses.write(exchange, HttpStatus.BAD_REQUEST, message(badRequest), json);
                    }
                    String sessionId;
                    try {
                        sessionId = sessionId(exchange, request);
                    } catch (IllegalArgumentException badRequest) {
                        return ErrorResponses.write(exchange, HttpStatus.BAD_REQUEST, badRequest.getMessage(), json);
                    }
                    if (sessionId == null) {
                        return ErrorResponses.write(exchange, HttpStatus.BAD_REQUEST,
                                "The body must name the session: {\"session\": \"<session id>\"}", json);
                    }
                    if (!SessionIds.isValid(sessionId)) {
                        return ErrorResponses.write(exchange, HttpStatus.NOT_FOUND, "No session with id " + sessionId, json);
                    }
                    ConnectionGrant grant;
                    try {
                        grant = grantFrom(sessionId, request);
                    } catch (IllegalArgumentException badRequest) {
                        return ErrorResponses.write(exchange, HttpStatus.BAD_REQUEST, badRequest.getMessage(), json);
                    }
                    String token;
                    try {
                        token = OpenViduTokenUrl.build(publicUrl.uri(), sessionId, issuer.issue(grant).jwt());
                    } catch (IllegalArgumentException tooLarge) {
                        return ErrorResponses.write(exchange, HttpStatus.BAD_REQUEST, tooLarge.getMessage(), json);
                    }
                    ServerHttpRequest forwarded = withBody(exchange.getRequest().mutate()
                            .header(BrokerHeaders.CONNECTION_ID, grant.connectionId())
                            .header(BrokerHeaders.CONNECTION_TOKEN, token)
                            .build(), body, exchange);
                    return chain.filter(exchange.mutate().request(forwarded).build());
                });
    }

    private JsonNode parse(byte[] body) {
        JsonNode request = body.length == 0 ? json.createObjectNode() : json.readTree(body);
        if (!request.isObject()) {
            throw new IllegalArgumentException("The body must be a JSON object");
        }
        return request;
    }

    /** From the path ({@code /sessions/{sessionId}/connection}) or, for {@code /tokens}, the body's {@code session}. */
    private static String sessionId(ServerWebExchange exchange, JsonNode request) {
        Map<String, String> variables = ServerWebExchangeUtils.getUriTemplateVariables(exchange);
        if (variables.containsKey("sessionId")) {
            return variables.get("sessionId");
        }
        return text(request, "session");
    }

    private ConnectionGrant grantFrom(String sessionId, JsonNode request) {
        String role = text(request, "role");
        String data = text(request, "data");
        return ConnectionGrant.of(sessionId, ConnectionIds.generate(), role == null ? Role.PUBLISHER : Role.parse(role))
                .withServerData(data == null ? "" : data)
                .withSingleUse(tokens.singleUse());
    }

    /**
     * 413 in OpenVidu's error style. The connection is not closed on the client: Reactor Netty reads and drops the
     * rest of the body, so the client, still sending, reads the 413 instead of a reset.
     */
    private Mono<Void> tooLarge(ServerWebExchange exchange, RequestBodies.TooLarge tooLarge) {
        return ErrorResponses.write(exchange, HttpStatus.CONTENT_TOO_LARGE,
                tooLarge.getMessage() + " (vidgate.internal.max-body-bytes)", json);
    }

    /**
     * A field that must be a string, as the broker reads it too; absent or null is null. Read with Jackson 3's
     * {@code asString()}, an object or an array threw, and the client got a 500 for its own mistake.
     */
    private static String text(JsonNode request, String field) {
        JsonNode value = request.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            throw new IllegalArgumentException("Type error in parameter '" + field + "': expected a string");
        }
        return value.stringValue();
    }

    /** The body was consumed to read it; the broker gets the same bytes again. */
    private static ServerHttpRequest withBody(ServerHttpRequest request, byte[] body, ServerWebExchange exchange) {
        return new ServerHttpRequestDecorator(request) {
            @Override
            public Flux<DataBuffer> getBody() {
                return Flux.defer(() -> Flux.just(exchange.getResponse().bufferFactory().wrap(body)));
            }
        };
    }

    private static String message(Exception badRequest) {
        return badRequest instanceof JacksonException ? "The body is not valid JSON" : badRequest.getMessage();
    }

}

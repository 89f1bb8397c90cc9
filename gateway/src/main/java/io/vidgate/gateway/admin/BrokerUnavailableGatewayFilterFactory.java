package io.vidgate.gateway.admin;

import java.net.ConnectException;
import java.net.UnknownHostException;

import io.vidgate.boot.admin.ErrorResponses;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.http.HttpStatus;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * A broker that cannot be reached (refused, or its host unknown) is a 503 with OpenVidu's error body — something a
 * backend can retry on — rather than the 500 a refused connection would otherwise become.
 */
public class BrokerUnavailableGatewayFilterFactory extends AbstractGatewayFilterFactory<Object> {

    private final JsonMapper json;

    public BrokerUnavailableGatewayFilterFactory(JsonMapper json) {
        super(Object.class);
        this.json = json;
    }

    @Override
    public GatewayFilter apply(Object config) {
        return (exchange, chain) -> chain.filter(exchange).onErrorResume(
                failure -> failure instanceof ConnectException || failure instanceof UnknownHostException,
                refused -> exchange.getResponse().isCommitted() ? Mono.error(refused)
                        : ErrorResponses.write(exchange, HttpStatus.SERVICE_UNAVAILABLE,
                                "The media broker is unavailable; try again shortly", json));
    }
}

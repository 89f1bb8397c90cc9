package io.vidgate.gateway.turn;

import java.net.URI;
import java.time.Duration;

import io.vidgate.boot.admin.AdminCredentials;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * Asks the broker, which owns session state, whether a connection is still in its session: {@code GET
 * /openvidu/api/sessions/{sessionId}/connection/{connectionId}} with the admin credentials, as any OpenVidu REST
 * client would (200: it is, pending or active; 404: it was deleted, evicted or left, or its session is gone). A token
 * outlives its connection (it is valid until it expires), so a token alone does not prove the caller may still get
 * TURN credentials.
 */
public class BrokerConnectionCheck {

    /** The broker did not answer, or answered something else than 200 or 404. */
    public static final class BrokerUnavailable extends RuntimeException {
        BrokerUnavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final WebClient broker;
    private final String authorization;

    public BrokerConnectionCheck(URI brokerUrl, AdminCredentials credentials) {
        this.broker = WebClient.builder().baseUrl(brokerUrl.toString())
                .clientConnector(new ReactorClientHttpConnector(HttpClient.create().responseTimeout(TIMEOUT)))
                .build();
        this.authorization = credentials.basicAuthorization();
    }

    /** True while the connection exists in its session; errors with {@link BrokerUnavailable} otherwise unknown. */
    public Mono<Boolean> isInSession(String sessionId, String connectionId) {
        return broker.get().uri("/openvidu/api/sessions/{sessionId}/connection/{connectionId}", sessionId, connectionId)
                .header(HttpHeaders.AUTHORIZATION, authorization)
                .exchangeToMono(response -> {
                    if (response.statusCode().isSameCodeAs(HttpStatus.OK)) {
                        return response.releaseBody().thenReturn(true);
                    }
                    if (response.statusCode().isSameCodeAs(HttpStatus.NOT_FOUND)) {
                        return response.releaseBody().thenReturn(false);
                    }
                    return response.releaseBody().then(Mono.error(new BrokerUnavailable(
                            "the broker answered " + response.statusCode().value(), null)));
                })
                .timeout(TIMEOUT)
                .onErrorMap(failed -> !(failed instanceof BrokerUnavailable),
                        failed -> new BrokerUnavailable("the broker did not answer: " + failed, failed));
    }
}

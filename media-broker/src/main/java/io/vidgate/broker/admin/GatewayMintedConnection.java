package io.vidgate.broker.admin;

import java.util.List;

import io.vidgate.protocol.BrokerHeaders;
import io.vidgate.protocol.ConnectionIds;
import io.vidgate.protocol.token.OpenViduTokenUrl;
import io.vidgate.protocol.token.TokenRejectedException;
import org.springframework.http.HttpHeaders;

/**
 * The connection id and token the gateway minted for a new connection. The gateway holds the signing keys, so the
 * broker never creates a token: it receives them in the two {@link BrokerHeaders}, which the gateway strips from every
 * client request before adding its own, and stores them with the connection.
 */
record GatewayMintedConnection(String connectionId, String token) {

    static final String NOT_FROM_GATEWAY = "connections are created through the Vidgate gateway";
    /**
     * The gateway enforces its own {@code vidgate.tokens.max-size}; the broker only refuses what no gateway setting
     * allows (64 KiB of JWT). {@code server.max-http-request-header-size} leaves room for such a header.
     */
    static final int MAX_TOKEN_CHARS = 64 * 1024 + OpenViduTokenUrl.URL_OVERHEAD_CHARS;

    /** @throws ApiException 400 when the headers are missing or do not fit the session */
    static GatewayMintedConnection from(HttpHeaders headers, String sessionId) {
        String connectionId = single(headers, BrokerHeaders.CONNECTION_ID);
        String token = single(headers, BrokerHeaders.CONNECTION_TOKEN);
        if (!ConnectionIds.isValid(connectionId) || token == null || !tokenFor(token, sessionId)) {
            throw ApiException.badRequest(NOT_FROM_GATEWAY + " (it supplies a valid " + BrokerHeaders.CONNECTION_ID
                    + " and " + BrokerHeaders.CONNECTION_TOKEN + " for this session)");
        }
        return new GatewayMintedConnection(connectionId, token);
    }

    private static boolean tokenFor(String token, String sessionId) {
        try {
            OpenViduTokenUrl url = OpenViduTokenUrl.parse(token, MAX_TOKEN_CHARS);
            return !url.isBareJwt() && !url.hasSecret() && url.sessionId().filter(sessionId::equals).isPresent();
        } catch (TokenRejectedException notATokenUrl) {
            return false;
        }
    }

    private static String single(HttpHeaders headers, String name) {
        List<String> values = headers.get(name);
        return values == null || values.size() != 1 ? null : values.get(0);
    }

    /** Without the token. */
    @Override
    public String toString() {
        return "GatewayMintedConnection[" + connectionId + "]";
    }
}

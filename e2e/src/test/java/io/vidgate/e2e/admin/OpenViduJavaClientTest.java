package io.vidgate.e2e.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

import io.openvidu.java.client.Connection;
import io.openvidu.java.client.ConnectionProperties;
import io.openvidu.java.client.OpenVidu;
import io.openvidu.java.client.OpenViduHttpException;
import io.openvidu.java.client.OpenViduRole;
import io.openvidu.java.client.Session;
import io.openvidu.java.client.SessionProperties;
import io.vidgate.e2e.stack.StackProcesses;
import io.vidgate.protocol.token.SigningKeys;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backend written for OpenVidu 2, using the real {@code openvidu-java-client} 2.32.1 unmodified, creates sessions
 * and connection tokens through the gateway's internal listener; the broker behind it owns the state. The tokens
 * are verified by an independent JOSE library against the key set the public listener publishes.
 */
class OpenViduJavaClientTest {

    private static final String SECRET = "e2e-admin-secret";
    private static final String PUBLIC_URL = "https://edge.example.test";

    @TempDir
    static Path work;
    static StackProcesses stack;
    static OpenVidu openVidu;

    @BeforeAll
    static void startStack() throws Exception {
        Path keys = work.resolve("keys.jwks.json");
        SigningKeys.loadOrGenerate(keys);
        stack = StackProcesses.start(work, SECRET, Map.of(
                "vidgate.tokens.jwks-file", keys.toString(),
                "vidgate.public.url", PUBLIC_URL,
                "vidgate.tokens.issuer", PUBLIC_URL,
                "vidgate.tokens.audience", "vidgate-e2e"));
        openVidu = new OpenVidu(stack.internalUrl(), SECRET);
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aBackendCreatesSessionsAndTokensAsWithOpenVidu() throws Exception {
        Session session = openVidu.createSession();
        assertThat(session.getSessionId()).startsWith("ses_");

        Connection connection = session.createConnection(new ConnectionProperties.Builder()
                .role(OpenViduRole.MODERATOR).data("{\"user\":\"alice\"}").build());
        assertThat(connection.getConnectionId()).startsWith("con_");
        assertThat(connection.getRole()).isEqualTo(OpenViduRole.MODERATOR);
        assertThat(connection.getServerData()).isEqualTo("{\"user\":\"alice\"}");
        assertThat(connection.getStatus()).isEqualTo("pending");

        String token = connection.getToken();
        assertThat(token).startsWith("wss://edge.example.test?sessionId=" + session.getSessionId() + "&token=");
        JwtClaims claims = verifiedByJose4j(token.substring(token.indexOf("&token=") + 7));
        assertThat(claims.getSubject()).isEqualTo(connection.getConnectionId());
        assertThat(claims.getStringClaimValue("sid")).isEqualTo(session.getSessionId());
        assertThat(claims.getStringClaimValue("role")).isEqualTo("MODERATOR");
        assertThat(claims.getStringClaimValue("data")).isEqualTo("{\"user\":\"alice\"}");
        assertThat(claims.getExpirationTime().getValue() - claims.getIssuedAt().getValue()).isEqualTo(600);

        assertThat(session.fetch()).isFalse();
        assertThat(session.getConnection(connection.getConnectionId()).getToken()).isEqualTo(token);
        assertThat(openVidu.getActiveSession(session.getSessionId())).isNotNull();

        session.forceDisconnect(connection);
        session.fetch();
        assertThat(session.getConnections()).isEmpty();

        session.close();
        openVidu.fetch();
        assertThat(openVidu.getActiveSession(session.getSessionId())).isNull();
    }

    @Test
    void aCustomSessionIdIsKeptAndCannotBeTakenTwice() throws Exception {
        Session session = openVidu.createSession(new SessionProperties.Builder().customSessionId("e2e-room-1").build());
        assertThat(session.getSessionId()).isEqualTo("e2e-room-1");
        // The server answers 409; openvidu-java-client 2.32 then fetches and returns the existing session.
        assertThat(post("/openvidu/api/sessions", "{\"customSessionId\":\"e2e-room-1\"}").statusCode()).isEqualTo(409);
        Session again = openVidu.createSession(new SessionProperties.Builder().customSessionId("e2e-room-1").build());
        assertThat(again.createdAt()).isEqualTo(session.createdAt());
        Connection subscriber = session.createConnection(new ConnectionProperties.Builder()
                .role(OpenViduRole.SUBSCRIBER).build());
        assertThat(subscriber.getRole()).isEqualTo(OpenViduRole.SUBSCRIBER);
        session.close();
    }

    @Test
    void theDeprecatedTokenCallOfTheJavaClientGetsASignedTokenToo() throws Exception {
        Session session = openVidu.createSession();
        String token = session.generateToken();
        assertThat(token).startsWith("wss://edge.example.test?sessionId=" + session.getSessionId() + "&token=");
        JwtClaims claims = verifiedByJose4j(token.substring(token.indexOf("&token=") + 7));
        assertThat(claims.getStringClaimValue("sid")).isEqualTo(session.getSessionId());
        assertThat(claims.getStringClaimValue("role")).isEqualTo("PUBLISHER");
        session.close();
    }

    @Test
    void aWrongSecretIsRefused() {
        OpenVidu intruder = new OpenVidu(stack.internalUrl(), "not-the-secret");
        assertThatThrownBy(intruder::createSession)
                .isInstanceOfSatisfying(OpenViduHttpException.class, e -> assertThat(e.getStatus()).isEqualTo(401));
    }

    @Test
    void theRestApiIsNotOnThePublicListener() {
        OpenVidu throughThePublicListener = new OpenVidu(stack.publicUrl(), SECRET);
        assertThatThrownBy(throughThePublicListener::createSession)
                .isInstanceOfSatisfying(OpenViduHttpException.class, e -> assertThat(e.getStatus()).isEqualTo(404));
    }

    @Test
    void aBackendCannotInjectItsOwnConnectionIdOrToken() throws Exception {
        Session session = openVidu.createSession();
        HttpResponse<String> response = post("/openvidu/api/sessions/" + session.getSessionId() + "/connection",
                "{\"role\":\"PUBLISHER\"}", "X-Vidgate-Connection-Id", "con_Forged0000",
                "X-Vidgate-Connection-Token", "wss://evil?sessionId=x&token=forged");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).doesNotContain("con_Forged0000").doesNotContain("forged");
        session.close();
    }

    @Test
    void recordingIsRefusedWith501WhenDisabledAsByOpenVidu() throws Exception {
        // This stack runs without vidgate.recording.enabled (the default), as OpenVidu without OPENVIDU_RECORDING.
        Session session = openVidu.createSession();
        assertThatThrownBy(() -> openVidu.startRecording(session.getSessionId()))
                .isInstanceOfSatisfying(OpenViduHttpException.class, e -> assertThat(e.getStatus()).isEqualTo(501));
        assertThatThrownBy(openVidu::listRecordings)
                .isInstanceOfSatisfying(OpenViduHttpException.class, e -> assertThat(e.getStatus()).isEqualTo(501));
        session.close();
    }

    @Test
    void aBadRoleIsRefusedBeforeAnyTokenIsMinted() throws Exception {
        Session session = openVidu.createSession();
        HttpResponse<String> response = post("/openvidu/api/sessions/" + session.getSessionId() + "/connection",
                "{\"role\":\"ADMIN\"}");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("\"status\":400").doesNotContain("token");
        session.close();
    }

    private static HttpResponse<String> post(String path, String json, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stack.internalUrl() + path))
                .header("Authorization", "Basic " + java.util.Base64.getEncoder()
                        .encodeToString(("OPENVIDUAPP:" + SECRET).getBytes()))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JwtClaims verifiedByJose4j(String jwt) throws Exception {
        String jwks = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(stack.publicUrl() + "/.well-known/jwks.json")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return new JwtConsumerBuilder()
                .setVerificationKeyResolver(new JwksVerificationKeyResolver(new JsonWebKeySet(jwks).getJsonWebKeys()))
                .setExpectedIssuer(PUBLIC_URL)
                .setExpectedAudience("vidgate-e2e")
                .setRequireExpirationTime()
                .build()
                .processToClaims(jwt);
    }
}

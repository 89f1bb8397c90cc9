package io.vidgate.e2e.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import io.openvidu.java.client.Connection;
import io.openvidu.java.client.ConnectionProperties;
import io.openvidu.java.client.OpenVidu;
import io.openvidu.java.client.OpenViduRole;
import io.openvidu.java.client.Session;
import io.vidgate.e2e.call.EdgeClient;
import io.vidgate.e2e.stack.StackProcesses;
import io.vidgate.protocol.token.SigningKeys;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A call on docker-compose.yml's media path: browsers may only use coturn (relay candidates), Kurento only its own
 * addresses (no STUN, no TURN, no external address: config/kurento/WebRtcEndpoint.conf.ini), and coturn, started
 * from config/coturn, relays to Kurento only. A backend gets tokens with openvidu-java-client, a publisher and a
 * subscriber join through the gateway's edge, the broker builds the pipeline, and the subscriber decodes the
 * publisher's moving picture. Run with the kurento-emulator and Debian's coturn ({@link RelayedCallTest}), and with
 * the real Kurento and coturn images ({@link KurentoImageCallTest}).
 */
abstract class RelayedCallChecks {

    static final String SECRET = "deploy-call-admin-secret";
    static final String TURN_SECRETS = "deploy-call-turn-secret";
    static final Duration MEDIA = Duration.ofSeconds(45);

    /**
     * The gateway and the broker as processes, handing out credentials for {@code coturn}, on the Kurento at
     * {@code kurentoUri} or, if null, on a kurento-emulator with real media; tokens signed with keys from {@code work}.
     */
    static StackProcesses startStack(Path work, DeployedCoturn coturn, String kurentoUri) throws Exception {
        Path keys = work.resolve("signing-keys.jwks.json");
        SigningKeys.loadOrGenerate(keys);
        Map<String, String> properties = new HashMap<>();
        properties.put("vidgate.tokens.jwks-file", keys.toString());
        properties.put("vidgate.turn.secrets", TURN_SECRETS);
        properties.put("vidgate.turn.uris", coturn.turnUri("udp") + "," + coturn.turnUri("tcp"));
        if (kurentoUri != null) {
            properties.put("vidgate.kurento.uris", kurentoUri);
        }
        StackProcesses.Options options = StackProcesses.Options.of(properties);
        return StackProcesses.start(work, SECRET, kurentoUri == null ? options.withRealMedia() : options);
    }

    abstract StackProcesses stack();

    abstract DeployedCoturn coturn();

    /** What the Kurento in use logged, for failure messages. */
    abstract String kurentoLog();

    @Test
    void aPublishersVideoReachesASubscriberThroughCoturnAndKurento() throws Exception {
        OpenVidu openVidu = new OpenVidu(stack().internalUrl(), SECRET);
        Session session = openVidu.createSession();
        Connection aliceGrant = session.createConnection(new ConnectionProperties.Builder().role(OpenViduRole.PUBLISHER).build());
        Connection bobGrant = session.createConnection(new ConnectionProperties.Builder().role(OpenViduRole.SUBSCRIBER).build());

        try (MediaClient.Factory clients = new MediaClient.Factory();
             EdgeClient bob = EdgeClient.connect("bob", bobGrant.getToken());
             EdgeClient alice = EdgeClient.connect("alice", aliceGrant.getToken())) {
            JsonNode bobJoin = joined(bob, bobGrant, session);
            JsonNode aliceJoin = joined(alice, aliceGrant, session);
            String aliceId = alice.connectionId();

            MediaClient camera = clients.client(alice, aliceJoin);
            String stream = camera.publish(320, 240, 15);
            assertThat(bob.awaitNotification("participantPublished").get("id").stringValue()).isEqualTo(aliceId);

            MediaClient viewer = clients.client(bob, bobJoin);
            viewer.subscribe(stream, aliceId);

            Instant deadline = Instant.now().plus(MEDIA);
            while (viewer.framesDecoded() < 20 && Instant.now().isBefore(deadline)) {
                Thread.sleep(100);
            }
            assertThat(viewer.framesDecoded()).as("frames decoded by the subscriber (publisher connected: %s, "
                    + "subscriber connected: %s)%n--- coturn ---%n%s%n--- Kurento ---%n%s%n--- broker ---%n%s",
                    camera.connected(), viewer.connected(), tail(coturn().log()), tail(kurentoLog()),
                    tail(stack().log("media-broker"))).isGreaterThanOrEqualTo(20);
            // As sent, or scaled down by the sender's encoder if it estimated too little bandwidth at first.
            assertThat(viewer.frameSizes()).allSatisfy(size -> {
                String[] wh = size.split("x");
                assertThat(Integer.parseInt(wh[0]) * 3).as(size).isEqualTo(Integer.parseInt(wh[1]) * 4);
                assertThat(Integer.parseInt(wh[0])).as(size).isBetween(80, 320);
            });
            assertThat(viewer.distinctPictures()).as("the picture moves").isGreaterThan(3);
            // Both legs went through coturn: the browsers' side of each selected pair is a relay candidate.
            assertThat(camera.selectedCandidateTypes()).first().isEqualTo("relay");
            assertThat(viewer.selectedCandidateTypes()).first().isEqualTo("relay");

            bob.result("leaveRoom", null);
            alice.result("leaveRoom", null);
        }
    }

    /** joinRoom as openvidu-browser sends it; its result, with customIceServers. */
    private static JsonNode joined(EdgeClient client, Connection grant, Session session) {
        JsonNode answer = client.joinRoom(grant.getToken(), session.getSessionId());
        assertThat(answer.has("result")).as(client + " joined: " + answer).isTrue();
        return answer.get("result");
    }

    private static String tail(String log) {
        return log.length() <= 6000 ? log : "…" + log.substring(log.length() - 6000);
    }
}

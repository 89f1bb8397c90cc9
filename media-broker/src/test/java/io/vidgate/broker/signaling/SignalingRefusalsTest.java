package io.vidgate.broker.signaling;

import static io.vidgate.broker.signaling.OpenViduTestClient.params;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;

import io.vidgate.protocol.ConnectionIds;
import io.vidgate.protocol.Role;
import io.vidgate.protocol.token.ConnectionGrant;
import io.vidgate.protocol.token.ConnectionTokenIssuer;
import io.vidgate.protocol.token.OpenViduTokenUrl;
import io.vidgate.protocol.token.SigningKeys;
import io.vidgate.protocol.token.TokenSettings;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** What joinRoom refuses, and bad input after joining: a JSON-RPC error each time, the session unharmed. */
class SignalingRefusalsTest extends SignalingEndToEndSupport {

    private static String tokenUrl(ConnectionTokenIssuer issuer, ConnectionGrant grant) {
        return OpenViduTokenUrl.build(PUBLIC_URL, grant.sessionId(), issuer.issue(grant).jwt());
    }

    /** The same token with a claim changed and the signature kept. */
    private static String tampered(String tokenUrl) {
        String jwt = tokenUrl.substring(tokenUrl.indexOf("&token=") + 7);
        String[] parts = jwt.split("\\.");
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"PUBLISHER\"", "\"MODERATOR\"");
        assertThat(claims).contains("MODERATOR");
        String forged = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        return tokenUrl.substring(0, tokenUrl.indexOf("&token=") + 7) + forged;
    }

    private static void assertRefused(JsonNode response, int code) {
        assertThat(response.has("error")).as(response.toString()).isTrue();
        assertThat(response.get("error").get("code").intValue()).as(response.toString()).isEqualTo(code);
    }

    @Test
    void joinRoomRefusesTheSecretAndBadTokensAndTheSocketStaysUsable() {
        String session = newSession();
        ConnectionGrant grant = ConnectionGrant.of(session, ConnectionIds.generate(), Role.PUBLISHER);
        Grant pending = newConnection(grant);
        OpenViduTestClient client = open();

        // OpenVidu's backdoor: joining with the master secret (recorder/admin participants).
        assertRefused(client.call("joinRoom", OpenViduTestClient.joinParams(pending.tokenUrl(), session, SECRET)), 401);
        assertRefused(client.call("joinRoom", OpenViduTestClient.joinParams(pending.tokenUrl() + "&secret=" + SECRET,
                session, "")), 401);
        // A forged claim (signature of the original), a token of another key, an expired token.
        assertRefused(client.joinRoom(tampered(pending.tokenUrl()), session), 401);
        TokenSettings settings = TokenSettings.of("vidgate", "vidgate");
        assertRefused(client.joinRoom(tokenUrl(new ConnectionTokenIssuer(SigningKeys.generate(), settings,
                Clock.systemUTC()), grant), session), 401);
        Clock anHourAgo = Clock.fixed(Instant.now().minus(Duration.ofHours(1)), ZoneOffset.UTC);
        assertRefused(client.joinRoom(tokenUrl(new ConnectionTokenIssuer(signingKeys(), settings, anHourAgo), grant),
                session), 401);
        // Not a token at all; no token; a valid token for a connection that was never created.
        assertRefused(client.joinRoom("ws://127.0.0.1:4443?sessionId=" + session + "&token=garbage", session), 401);
        assertRefused(client.call("joinRoom", params("session", session)), -32602);
        assertRefused(client.joinRoom(tokenUrl(ISSUER, ConnectionGrant.of(session, ConnectionIds.generate(),
                Role.PUBLISHER)), session), 401);
        assertThat(connection(session, grant.connectionId()).orElseThrow().isActive()).isFalse();

        // None of that used the socket up: the real token joins on it.
        JsonNode joined = client.joinRoom(pending.tokenUrl(), session);
        assertThat(joined.has("result")).as(joined.toString()).isTrue();
        assertThat(joined.get("result").get("role").stringValue()).isEqualTo("PUBLISHER");
        // A second joinRoom on the same socket, and the same token on another socket, are refused.
        assertRefused(client.joinRoom(pending.tokenUrl(), session), 401);
        assertRefused(open().joinRoom(pending.tokenUrl(), session), 401);
        assertThat(rooms.session(session).orElseThrow().activeConnections()).hasSize(1);
    }

    @Test
    void aSingleUseTokenJoinsOnce() {
        String session = newSession();
        Grant once = newConnection(ConnectionGrant.of(session, ConnectionIds.generate(), Role.PUBLISHER)
                .withSingleUse(true));
        OpenViduTestClient first = open();
        assertThat(first.joinRoom(once.tokenUrl(), session).has("result")).isTrue();
        first.call("leaveRoom", null);

        JsonNode replay = open().joinRoom(once.tokenUrl(), session);
        assertRefused(replay, 401);
        assertThat(replay.get("error").get("message").stringValue()).contains("single-use");
    }

    @Test
    void methodsBeforeJoinRoomAreRefused() {
        OpenViduTestClient client = open();
        for (String method : new String[] {"publishVideo", "prepareReceiveVideoFrom", "receiveVideoFrom",
                "onIceCandidate", "unpublishVideo", "unsubscribeFromVideo", "leaveRoom", "sendMessage",
                "streamPropertyChanged", "forceDisconnect", "forceUnpublish"}) {
            assertRefused(client.call(method, OpenViduTestClient.publishParams(PUBLISH_OFFER)), 401);
        }
        assertThat(client.result("ping", params()).get("value").stringValue()).isEqualTo("pong");
    }

    @Test
    void badInputAfterJoiningIsAnErrorAndTheSessionIsUnharmed() throws Exception {
        String session = newSession();
        OpenViduTestClient alice = join(session, Role.PUBLISHER);
        OpenViduTestClient bob = join(session, Role.SUBSCRIBER);
        alice.clearNotifications();

        assertRefused(alice.call("noSuchMethod", params()), -32601);
        alice.sendRaw("{\"jsonrpc\":\"2.0\",\"method\":\"publishVideo\",\"params\":{\"sdpOffer\":");
        JsonNode parseError = alice.answerWithoutId();
        assertThat(parseError.get("error").get("code").intValue()).isEqualTo(-32700);
        assertRefused(alice.call("publishVideo", params("typeOfVideo", "CAMERA")), -32602); // no sdpOffer
        assertRefused(alice.call("onIceCandidate", params("endpointName", alice.connectionId, "candidate", CANDIDATE,
                "sdpMid", "0", "sdpMLineIndex", 0)), 105); // not publishing
        assertRefused(alice.call("prepareReceiveVideoFrom", params("sender", "str_CAM_none_con_nobodyhere")), 105);

        // Malformed SDP: refused by the broker itself, then one that only KMS can refuse; 302 (MEDIA_SDP) each.
        assertRefused(alice.call("publishVideo", OpenViduTestClient.publishParams("hello")), 302);
        assertRefused(alice.call("publishVideo", OpenViduTestClient.publishParams("v=0\r\nm=garbage\r\n")), 302);
        assertRefused(bob.call("receiveVideoFrom", params("sender", "str_CAM_none_con_nobodyhere",
                "sdpOffer", "v=0\r\nm=garbage\r\n")), 105);
        awaitKmsObjects("WebRtcEndpoint", 0);

        // Unharmed: the same participant publishes, Bob (still in) sees it and subscribes.
        bob.assertNoNotification("participantLeft", p -> true, Duration.ZERO);
        bob.assertNoNotification("participantPublished", p -> true, Duration.ZERO);
        String stream = alice.publish(PUBLISH_OFFER);
        assertThat(bob.awaitNotification("participantPublished").get("id").stringValue()).isEqualTo(alice.connectionId);
        // A subscription with a broken answer is refused the same way and can be retried.
        bob.result("prepareReceiveVideoFrom", params("sender", stream, "reconnect", false));
        assertRefused(bob.call("receiveVideoFrom", params("sender", stream, "sdpAnswer", "v=0\r\nm=garbage\r\n")),
                302);
        bob.subscribe(stream, io.vidgate.emulator.testing.BrowserSdp::answerTo);
        awaitKmsObjects("WebRtcEndpoint", 2);
        assertThat(rooms.session(session).orElseThrow().activeConnections()).hasSize(2);
        alice.call("leaveRoom", null);
        bob.call("leaveRoom", null);
        awaitNoKmsObjects();
    }

    @Test
    void aPublishTimeFilterIsRefusedNotDroppedAndNothingIsPublished() throws InterruptedException {
        String session = newSession();
        OpenViduTestClient alice = join(session, Role.PUBLISHER);
        OpenViduTestClient bob = join(session, Role.PUBLISHER);
        // openvidu-browser sends PublisherProperties.filter as {type, options}.
        tools.jackson.databind.node.ObjectNode withFilter = OpenViduTestClient.publishParams(PUBLISH_OFFER);
        withFilter.putObject("filter").put("type", "GStreamerFilter").putObject("options")
                .put("command", "videobalance saturation=0.0");
        JsonNode refused = alice.call("publishVideo", withFilter);
        assertRefused(refused, 406);
        assertThat(refused.get("error").get("message").stringValue())
                .isEqualTo("Error applying filter for publishing user " + alice.connectionId
                        + ". The token has no permissions to apply filter GStreamerFilter");
        tools.jackson.databind.node.ObjectNode malformed = OpenViduTestClient.publishParams(PUBLISH_OFFER);
        malformed.put("filter", "GStreamerFilter");
        assertRefused(alice.call("publishVideo", malformed), 406);

        assertThat(kms.objects().count("WebRtcEndpoint")).isZero();
        assertThat(connection(session, alice.connectionId).orElseThrow().publishers()).isEmpty();
        // Without a filter (or with filter: null, as openvidu-browser leaves it undefined) it publishes.
        tools.jackson.databind.node.ObjectNode nullFilter = OpenViduTestClient.publishParams(PUBLISH_OFFER);
        nullFilter.putNull("filter");
        assertThat(alice.result("publishVideo", nullFilter).get("id").stringValue()).startsWith("str_");
        assertThat(bob.awaitNotification("participantPublished").get("id").stringValue()).isEqualTo(alice.connectionId);
    }

    @Test
    void videoDataIsKeptWithTheParticipant() {
        String session = newSession();
        OpenViduTestClient alice = join(session, Role.PUBLISHER);
        assertThat(alice.result("videoData", params("height", 480, "width", 640, "videoActive", true,
                "audioActive", false)).isObject()).isTrue();
        assertThat(rooms.existing(session).videoDataOf(alice.connectionId))
                .contains(new io.vidgate.broker.room.VideoData(480, 640, true, false));
    }
}

package io.vidgate.broker.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;

import io.vidgate.broker.facts.Fact;
import io.vidgate.broker.room.RoomException;
import io.vidgate.protocol.ConnectionIds;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ConnectionsApiTest extends ApiTestSupport {

    @Test
    void createsAPendingConnectionWithTheGatewaysIdAndToken() {
        String sessionId = newSession();
        String connectionId = ConnectionIds.generate();
        Map<String, String> minted = BrokerApi.mintedHeaders(connectionId, sessionId);

        BrokerApi.Response created = api.send("POST", "/openvidu/api/sessions/" + sessionId + "/connection", """
                {"type":"WEBRTC","data":"{\\"user\\":\\"alice\\"}","record":false,"role":"MODERATOR",
                 "kurentoOptions":{"videoMaxRecvBandwidth":1000,"allowedFilters":["GStreamerFilter"]},
                 "customIceServers":[{"url":"turn:turn.example.com:3478?transport=udp","username":"u","credential":"c"},
                                     {"url":"stun:stun.example.com:3478"}]}
                """, minted);

        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        JsonNode connection = created.json();
        assertThat(connection.get("id").stringValue()).isEqualTo(connectionId);
        assertThat(connection.get("connectionId").stringValue()).isEqualTo(connectionId);
        assertThat(connection.get("object").stringValue()).isEqualTo("connection");
        assertThat(connection.get("type").stringValue()).isEqualTo("WEBRTC");
        assertThat(connection.get("status").stringValue()).isEqualTo("pending");
        assertThat(connection.get("sessionId").stringValue()).isEqualTo(sessionId);
        assertThat(connection.get("createdAt").longValue()).isPositive();
        assertThat(connection.get("token").stringValue()).isEqualTo(minted.get("X-Vidgate-Connection-Token"));
        assertThat(connection.get("serverData").stringValue()).isEqualTo("{\"user\":\"alice\"}");
        assertThat(connection.get("record").booleanValue()).isFalse();
        assertThat(connection.get("role").stringValue()).isEqualTo("MODERATOR");
        assertThat(connection.get("kurentoOptions").get("videoMaxRecvBandwidth").intValue()).isEqualTo(1000);
        assertThat(connection.get("kurentoOptions").get("allowedFilters").get(0).stringValue()).isEqualTo("GStreamerFilter");
        assertThat(connection.get("customIceServers").size()).isEqualTo(2);
        assertThat(connection.get("customIceServers").get(1).has("username")).isFalse();
        for (String nullWhilePending : new String[] {"activeAt", "location", "ip", "platform", "clientData",
                "publishers", "subscribers", "rtspUri", "adaptativeBitrate", "onlyPlayWithSubscribers", "networkCache"}) {
            assertThat(connection.get(nullWhilePending)).as(nullWhilePending).isNotNull();
            assertThat(connection.get(nullWhilePending).isNull()).as(nullWhilePending).isTrue();
        }
    }

    @Test
    void appliesOpenViduDefaultsToAnEmptyOrNullFilledBody() {
        String sessionId = newSession();
        // openvidu-java-client sends explicit nulls for everything it does not set.
        JsonNode connection = newConnection(sessionId, """
                {"session":"%s","type":null,"data":null,"record":null,"role":null,"kurentoOptions":null,
                 "customIceServers":[],"rtspUri":null,"adaptativeBitrate":null,"onlyPlayWithSubscribers":null,"networkCache":null}
                """.formatted(sessionId));

        assertThat(connection.get("type").stringValue()).isEqualTo("WEBRTC");
        assertThat(connection.get("role").stringValue()).isEqualTo("PUBLISHER");
        assertThat(connection.get("record").booleanValue()).isTrue();
        assertThat(connection.get("serverData").stringValue()).isEmpty();
        assertThat(connection.get("kurentoOptions").isNull()).isTrue();
        assertThat(newConnection(sessionId, "{}").get("role").stringValue()).isEqualTo("PUBLISHER");
    }

    @Test
    void withoutTheGatewaysHeadersThereIsNoConnection() {
        String sessionId = newSession();
        String path = "/openvidu/api/sessions/" + sessionId + "/connection";
        String otherSession = newSession();

        Map<String, Map<String, String>> wrong = new LinkedHashMap<>();
        wrong.put("none", Map.of());
        wrong.put("id only", Map.of("X-Vidgate-Connection-Id", ConnectionIds.generate()));
        wrong.put("token only", Map.of("X-Vidgate-Connection-Token", BrokerApi.tokenUrl(sessionId, ConnectionIds.generate())));
        wrong.put("malformed id", BrokerApi.mintedHeaders("con_short", sessionId));
        wrong.put("bad id chars", BrokerApi.mintedHeaders("con_AbCdE-GhIj", sessionId));
        wrong.put("token of another session", BrokerApi.mintedHeaders(otherSession));
        Map<String, String> bareJwt = new LinkedHashMap<>(BrokerApi.mintedHeaders(sessionId));
        bareJwt.put("X-Vidgate-Connection-Token", "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln");
        wrong.put("bare JWT", bareJwt);
        Map<String, String> withSecret = new LinkedHashMap<>(BrokerApi.mintedHeaders(sessionId));
        withSecret.put("X-Vidgate-Connection-Token", withSecret.get("X-Vidgate-Connection-Token") + "&secret=x");
        wrong.put("secret parameter", withSecret);

        wrong.forEach((what, headers) -> {
            BrokerApi.Response refused = api.send("POST", path, "{}", headers);
            assertErrorBody(refused, 400, path);
            assertThat(refused.json().get("message").stringValue()).as(what)
                    .contains("connections are created through the Vidgate gateway");
        });
        assertThat(rooms.session(sessionId).orElseThrow().connections()).isEmpty();
    }

    @Test
    void refusesBadValuesAndIpCameras() {
        String sessionId = newSession();
        String path = "/openvidu/api/sessions/" + sessionId + "/connection";
        for (String body : new String[] {
                "{\"role\":\"ADMIN\"}", "{\"role\":\"publisher\"}", "{\"role\":7}", "{\"type\":\"SIP\"}",
                "{\"data\":{\"not\":\"a string\"}}", "{\"record\":\"yes\"}", "{\"kurentoOptions\":[1]}",
                "{\"kurentoOptions\":{\"videoMaxRecvBandwidth\":\"fast\"}}",
                "{\"kurentoOptions\":{\"videoMaxRecvBandwidth\":-1}}",
                "{\"customIceServers\":{}}", "{\"customIceServers\":[{\"url\":\"http://x\"}]}",
                "{\"customIceServers\":[{\"url\":\"turn:x:3478\"}]}",
                "{\"customIceServers\":[{\"url\":\"stun:x:3478\",\"username\":\"u\",\"credential\":\"c\"}]}",
                "{\"customIceServers\":[{\"url\":\"turn:x:3478\",\"staticAuthSecret\":\"s\"}]}",
                "{\"role\": "}) {
            assertErrorBody(api.createConnection(sessionId, body), 400, path);
        }

        BrokerApi.Response ipcam = api.createConnection(sessionId, "{\"type\":\"IPCAM\",\"rtspUri\":\"rtsp://cam.example/1\"}");
        assertErrorBody(ipcam, 501, path);
        assertThat(ipcam.json().get("message").stringValue()).contains("IPCAM").contains("not supported");
    }

    @Test
    void aMissingSessionIsA404AndADuplicateIdA409() {
        assertErrorBody(api.createConnection("ses_Missing000", "{}"), 404, "/openvidu/api/sessions/ses_Missing000/connection");

        String sessionId = newSession();
        Map<String, String> minted = BrokerApi.mintedHeaders(sessionId);
        String path = "/openvidu/api/sessions/" + sessionId + "/connection";
        assertThat(api.send("POST", path, "{}", minted).status()).isEqualTo(200);
        assertErrorBody(api.send("POST", path, "{}", minted), 409, path);
    }

    @Test
    void listsAndFetchesConnections() {
        String sessionId = newSession();
        String active = newConnection(sessionId, "{\"role\":\"SUBSCRIBER\"}").get("id").stringValue();
        String pending = newConnection(sessionId, "{}").get("id").stringValue();
        join(sessionId, active);

        JsonNode all = api.get("/openvidu/api/sessions/" + sessionId + "/connection").json();
        assertThat(all.get("numberOfElements").intValue()).isEqualTo(2);
        assertThat(all.get("content").get(0).get("id").stringValue()).isEqualTo(active);
        JsonNode activeOnly = api.get("/openvidu/api/sessions/" + sessionId + "/connection?pendingConnections=false").json();
        assertThat(activeOnly.get("numberOfElements").intValue()).isEqualTo(1);

        JsonNode fetched = api.get("/openvidu/api/sessions/" + sessionId + "/connection/" + active).json();
        assertThat(fetched.get("status").stringValue()).isEqualTo("active");
        assertThat(fetched.get("activeAt").longValue()).isGreaterThanOrEqualTo(fetched.get("createdAt").longValue());
        assertThat(fetched.get("ip").stringValue()).isEqualTo("203.0.113.7");
        assertThat(fetched.get("platform").stringValue()).isEqualTo("Chrome 126 on Linux");
        assertThat(fetched.get("clientData").stringValue()).isEqualTo("{\"name\":\"alice\"}");
        assertThat(fetched.get("location").stringValue()).isEqualTo("unknown");
        assertThat(fetched.get("publishers").isArray()).isTrue();
        assertThat(fetched.get("subscribers").isArray()).isTrue();
        assertThat(api.get("/openvidu/api/sessions/" + sessionId + "/connection/" + pending).json()
                .get("status").stringValue()).isEqualTo("pending");

        assertErrorBody(api.get("/openvidu/api/sessions/" + sessionId + "/connection/con_Nope000000"), 404,
                "/openvidu/api/sessions/" + sessionId + "/connection/con_Nope000000");
        // openvidu-server answers 400, not 404, when the session itself is unknown here.
        assertErrorBody(api.get("/openvidu/api/sessions/ses_Nope000000/connection/" + active), 400,
                "/openvidu/api/sessions/ses_Nope000000/connection/" + active);
        assertErrorBody(api.get("/openvidu/api/sessions/ses_Nope000000/connection"), 404,
                "/openvidu/api/sessions/ses_Nope000000/connection");
    }

    @Test
    void removingAPendingConnectionInvalidatesItsTokenSilently() {
        String sessionId = newSession();
        String pending = newConnection(sessionId, "{}").get("id").stringValue();

        assertThat(api.delete("/openvidu/api/sessions/" + sessionId + "/connection/" + pending).status()).isEqualTo(204);

        assertThat(facts.of(sessionId)).as("nobody had joined: nothing happened to tell")
                .extracting(Fact::event).containsExactly("sessionCreated");
        assertThatThrownBy(() -> join(sessionId, pending))
                .isInstanceOfSatisfying(RoomException.class,
                        refused -> assertThat(refused.problem()).isEqualTo(RoomException.Problem.UNKNOWN_CONNECTION));
        assertErrorBody(api.delete("/openvidu/api/sessions/" + sessionId + "/connection/" + pending), 404,
                "/openvidu/api/sessions/" + sessionId + "/connection/" + pending);
        assertErrorBody(api.delete("/openvidu/api/sessions/ses_Nope000000/connection/" + pending), 400,
                "/openvidu/api/sessions/ses_Nope000000/connection/" + pending);
    }

    @Test
    void removingAnActiveConnectionEvictsIt() throws InterruptedException {
        String sessionId = newSession();
        String publisher = newConnection(sessionId, "{}").get("id").stringValue();
        String viewer = newConnection(sessionId, "{\"role\":\"SUBSCRIBER\"}").get("id").stringValue();
        join(sessionId, publisher);
        join(sessionId, viewer);
        String streamId = publish(sessionId, publisher);
        subscribe(sessionId, viewer, streamId);

        assertThat(api.delete("/openvidu/api/sessions/" + sessionId + "/connection/" + publisher).status()).isEqualTo(204);

        assertThat(links.get(publisher).told()).contains("evicted " + publisher + " forceDisconnectByServer");
        assertThat(links.get(viewer).told()).contains("left " + publisher + " forceDisconnectByServer");
        assertThat(facts.await(Fact.ParticipantLeft.class, left -> left.participant().connectionId().equals(publisher))
                .reason().wireName()).isEqualTo("forceDisconnectByServer");
        JsonNode remaining = api.get("/openvidu/api/sessions/" + sessionId + "/connection/" + viewer).json();
        assertThat(remaining.get("subscribers").size()).as("its stream's subscriptions went with it").isZero();
    }

    @Test
    void aTokenJoinsOnlyOnce() {
        String sessionId = newSession();
        String connectionId = newConnection(sessionId, "{}").get("id").stringValue();
        join(sessionId, connectionId);

        assertThatThrownBy(() -> join(sessionId, connectionId))
                .isInstanceOfSatisfying(RoomException.class,
                        refused -> assertThat(refused.problem()).isEqualTo(RoomException.Problem.CONNECTION_ALREADY_ACTIVE));
    }

    @Test
    void theDeprecatedTokenApiCreatesAConnectionToo() {
        String sessionId = newSession();
        Map<String, String> minted = BrokerApi.mintedHeaders(sessionId);

        BrokerApi.Response token = api.send("POST", "/openvidu/api/tokens",
                "{\"session\":\"" + sessionId + "\",\"role\":\"SUBSCRIBER\",\"data\":\"bob\",\"record\":false}", minted);

        assertThat(token.status()).as(token.toString()).isEqualTo(200);
        assertThat(token.json().get("id").stringValue()).isEqualTo(minted.get("X-Vidgate-Connection-Token"));
        assertThat(token.json().get("token").stringValue()).isEqualTo(minted.get("X-Vidgate-Connection-Token"));
        assertThat(token.json().get("connectionId").stringValue()).isEqualTo(minted.get("X-Vidgate-Connection-Id"));
        assertThat(token.json().get("role").stringValue()).isEqualTo("SUBSCRIBER");
        assertThat(connection(sessionId, minted.get("X-Vidgate-Connection-Id")).orElseThrow().properties().record())
                .as("the token API had no record option").isTrue();

        assertErrorBody(api.send("POST", "/openvidu/api/tokens", "{\"role\":\"SUBSCRIBER\"}", minted), 400, "/openvidu/api/tokens");
        assertErrorBody(api.send("POST", "/openvidu/api/tokens", "{\"session\":\"ses_Nope000000\"}",
                BrokerApi.mintedHeaders("ses_Nope000000")), 404, "/openvidu/api/tokens");
        BrokerApi.Response direct = api.post("/openvidu/api/tokens", "{\"session\":\"" + sessionId + "\"}");
        assertErrorBody(direct, 400, "/openvidu/api/tokens");
        assertThat(direct.json().get("message").stringValue()).contains("connections are created through the Vidgate gateway");
    }

    @Test
    void acceptsTheLargestTokenTheGatewayCanMint() {
        String sessionId = newSession();
        String connectionId = ConnectionIds.generate();
        String bigToken = "ws://edge.example.com?sessionId=" + sessionId + "&token=eyJhbGciOiJFUzI1NiJ9."
                + "A".repeat(64 * 1024 - 100) + ".c2ln";

        BrokerApi.Response created = api.send("POST", "/openvidu/api/sessions/" + sessionId + "/connection", "{}",
                Map.of("X-Vidgate-Connection-Id", connectionId, "X-Vidgate-Connection-Token", bigToken));

        assertThat(created.status()).as(created.toString().substring(0, Math.min(300, created.toString().length()))).isEqualTo(200);
        assertThat(created.json().get("token").stringValue()).isEqualTo(bigToken);
    }
}

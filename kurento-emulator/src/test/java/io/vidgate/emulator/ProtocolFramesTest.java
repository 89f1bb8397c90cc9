package io.vidgate.emulator;

import static io.vidgate.emulator.support.RawKmsClient.params;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.vidgate.emulator.kmd.KmdModel;
import io.vidgate.emulator.kmd.PropertyDef;
import io.vidgate.emulator.support.RawKmsClient;
import io.vidgate.emulator.support.Sdps;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The exact frames, checked with a bare WebSocket client. */
class ProtocolFramesTest {

  private static KurentoEmulator kms;
  private RawKmsClient raw;

  @BeforeAll
  static void start() {
    kms = KurentoEmulator.start(EmulatorOptions.ephemeral());
  }

  @AfterAll
  static void stop() {
    kms.close();
  }

  @BeforeEach
  void connect() {
    raw = new RawKmsClient(kms.uri() + "?client=raw");
  }

  @AfterEach
  void disconnect() {
    raw.close();
    kms.restart();
  }

  @Test
  void pingBeforeAnySessionIsAnsweredWithPongOnly() {
    assertThat(raw.callRaw("ping", params("interval", 240000)))
        .isEqualTo("{\"id\":1,\"jsonrpc\":\"2.0\",\"result\":{\"value\":\"pong\"}}");
  }

  @Test
  void createOpensASessionThatLaterRequestsInherit() {
    String text = raw.callRaw("create", params("type", "MediaPipeline",
        "constructorParams", new JsonObject(), "properties", new JsonObject()));
    assertThat(text).matches("\\{\"id\":1,\"jsonrpc\":\"2.0\",\"result\":\\{\"sessionId\":\"[0-9a-f-]{36}\","
        + "\"value\":\"[0-9a-f-]{36}_kurento\\.MediaPipeline\"}}");
    JsonObject result = JsonParser.parseString(text).getAsJsonObject().getAsJsonObject("result");
    String session = result.get("sessionId").getAsString();
    String pipeline = result.get("value").getAsString();

    // No sessionId sent: KMS injects the connection's.
    JsonObject pong = raw.result("ping", null);
    assertThat(pong.get("sessionId").getAsString()).isEqualTo(session);

    JsonObject endpoint = raw.result("create", params("type", "WebRtcEndpoint",
        "constructorParams", params("mediaPipeline", pipeline), "sessionId", session));
    assertThat(endpoint.get("value").getAsString())
        .matches(java.util.regex.Pattern.quote(pipeline) + "/[0-9a-f-]{36}_kurento\\.WebRtcEndpoint");

    JsonObject voidResult = raw.result("invoke", params("object", pipeline,
        "operation", "setName", "operationParams", params("name", "x"), "sessionId", session));
    assertThat(voidResult.toString()).isEqualTo("{\"sessionId\":\"" + session
        + "\",\"value\":null}");
  }

  @Test
  void errorsHaveKmsShapes() {
    assertThat(raw.callRaw("invoke", params("object", "nope_kurento.MediaPipeline",
        "operation", "getName")))
        .isEqualTo("{\"error\":{\"code\":40101,\"data\":{\"type\":\"MEDIA_OBJECT_NOT_FOUND\"},"
            + "\"message\":\"Object 'nope_kurento.MediaPipeline' not found\"},\"id\":1,"
            + "\"jsonrpc\":\"2.0\"}");
    assertThat(raw.callRaw("frobnicate", null)).isEqualTo(
        "{\"error\":{\"code\":-32601,\"message\":\"Method not found.\"},\"id\":2,"
            + "\"jsonrpc\":\"2.0\"}");
    raw.sendText("{\"id\":3,\"method\":\"ping\",\"jsonrpc\":\"1.0\"}");
    assertThat(raw.nextRaw()).isEqualTo("{\"error\":{\"code\":-32600,"
        + "\"message\":\"Invalid JSON-RPC request.\"},\"id\":null,\"jsonrpc\":\"2.0\"}");
    assertThat(code(raw.call("create", params("type", "NoSuchThing"))))
        .isEqualTo(40108);
    assertThat(code(raw.call("create", params("type", "MediaElement")))).isEqualTo(40108);
    assertThat(raw.call("create", new JsonObject()).getAsJsonObject("error").toString())
        .isEqualTo("{\"code\":-32000,\"message\":\"'type' parameter is required\"}");
    assertThat(code(raw.call("create", params("type", "WebRtcEndpoint",
        "constructorParams", new JsonObject())))).isEqualTo(40001);
    assertThat(code(raw.call("connect", params("sessionId", "unknown-session"))))
        .isEqualTo(40007);
  }

  @Test
  void invokeIsCheckedAgainstTheKmd() {
    String pipeline = createPipeline();
    String endpoint = create("WebRtcEndpoint", params("mediaPipeline", pipeline));

    JsonObject unknown = raw.call("invoke", params("object", endpoint, "operation", "fly"));
    assertThat(unknown.getAsJsonObject("error").toString()).isEqualTo(
        "{\"code\":40008,\"data\":{\"type\":\"MALFORMED_TRANSACTION\"},"
            + "\"message\":\"Method 'fly' with 0 parameters not found\"}");
    assertThat(code(raw.call("invoke", params("object", endpoint, "operation", "processOffer",
        "operationParams", params("offer", "v=0", "extra", 1))))).isEqualTo(40008);
    JsonObject missing = raw.call("invoke", params("object", endpoint,
        "operation", "processOffer"));
    assertThat(missing.getAsJsonObject("error").get("message").getAsString())
        .isEqualTo("'operationParams' is required");
    JsonObject wrongType = raw.call("invoke", params("object", endpoint,
        "operation", "setStunServerPort", "operationParams", params("stunServerPort", "x")));
    assertThat(wrongType.getAsJsonObject("error").toString()).isEqualTo(
        "{\"code\":40001,\"data\":{\"type\":\"MARSHALL_ERROR\"},"
            + "\"message\":\"'stunServerPort' parameter should be an integer\"}");
    assertThat(code(raw.call("invoke", params("object", endpoint, "operation", "connect",
        "operationParams", params("sink", "newref:0"))))).isEqualTo(40109);
    assertThat(code(raw.call("invoke", params("object", endpoint, "operation", "connect",
        "operationParams", params("sink", pipeline))))).isEqualTo(40001);
    assertThat(code(raw.call("invoke", params("object", endpoint, "operation", "connect",
        "operationParams", params("sink", endpoint, "mediaType", "SMELL"))))).isEqualTo(40001);
    // Read-only properties have no setter.
    assertThat(code(raw.call("invoke", params("object", endpoint, "operation", "setMediaState",
        "operationParams", params("mediaState", "CONNECTED"))))).isEqualTo(40008);
    assertThat(code(raw.call("subscribe", params("object", pipeline,
        "type", "IceCandidateFound")))).isEqualTo(40106);
    assertThat(code(raw.call("subscribe", params("object", endpoint,
        "type", "OnIceCandidate")))).isEqualTo(40106);
  }

  @Test
  void describeGivesTheHierarchy() {
    String pipeline = createPipeline();
    String endpoint = create("WebRtcEndpoint", params("mediaPipeline", pipeline));
    JsonObject d = raw.result("describe", params("object", endpoint));
    assertThat(d.get("type").getAsString()).isEqualTo("WebRtcEndpoint");
    assertThat(d.get("qualifiedType").getAsString()).isEqualTo("kurento.WebRtcEndpoint");
    assertThat(d.getAsJsonArray("hierarchy").toString()).isEqualTo("[\"kurento.BaseRtpEndpoint\","
        + "\"kurento.SdpEndpoint\",\"kurento.SessionEndpoint\",\"kurento.Endpoint\","
        + "\"kurento.MediaElement\",\"kurento.MediaObject\"]");
  }

  @Test
  void oneEventPerSessionHoweverManySubscriptions() throws Exception {
    String pipeline = createPipeline();
    String endpoint = create("WebRtcEndpoint", params("mediaPipeline", pipeline));
    String s1 = raw.result("subscribe", params("object", endpoint, "type", "IceGatheringDone"))
        .get("value").getAsString();
    String s2 = raw.result("subscribe", params("object", endpoint, "type", "IceGatheringDone"))
        .get("value").getAsString();
    assertThat(s1).isNotEqualTo(s2);

    raw.result("invoke", params("object", endpoint, "operation", "processOffer",
        "operationParams", params("offer", Sdps.chromeOffer())));
    raw.result("invoke", params("object", endpoint, "operation", "gatherCandidates"));

    JsonObject event = raw.nextEvent(Duration.ofSeconds(5));
    assertThat(event).isNotNull();
    assertThat(event.has("id")).isFalse();
    JsonObject value = event.getAsJsonObject("params").getAsJsonObject("value");
    assertThat(value.keySet()).containsExactly("data", "object", "type");
    assertThat(value.get("object").getAsString()).isEqualTo(endpoint);
    assertThat(value.get("type").getAsString()).isEqualTo("IceGatheringDone");
    JsonObject data = value.getAsJsonObject("data");
    assertThat(data.keySet()).containsExactly("source", "tags", "timestampMillis", "type");
    assertThat(data.get("timestampMillis").getAsJsonPrimitive().isString()).isTrue();
    assertThat(raw.nextEvent(Duration.ofMillis(300))).isNull();

    // Unknown subscription ids succeed; after both are gone no event comes.
    assertThat(raw.result("unsubscribe", params("subscription", "nope", "object", endpoint))
        .keySet()).containsExactly("sessionId");
    raw.result("unsubscribe", params("subscription", s1, "object", endpoint));
    raw.result("unsubscribe", params("subscription", s2, "object", endpoint));
  }

  /** Every event of a publish/subscribe flow carries every property its kmd declares. */
  @Test
  void eventPayloadsHaveTheirKmdShape() throws Exception {
    KmdModel kmd = KmdModel.stock();
    String pipeline = createPipeline();
    String publisher = create("WebRtcEndpoint", params("mediaPipeline", pipeline));
    String subscriber = create("WebRtcEndpoint", params("mediaPipeline", pipeline));
    List<String> types = List.of("IceCandidateFound", "IceGatheringDone",
        "IceComponentStateChanged", "NewCandidatePairSelected", "DtlsConnectionStateChange",
        "ConnectionStateChanged", "MediaStateChanged", "MediaSessionStarted",
        "MediaFlowOutStateChanged", "MediaFlowInStateChanged", "ElementConnected");
    for (String endpoint : List.of(publisher, subscriber)) {
      for (String type : types) {
        raw.result("subscribe", params("object", endpoint, "type", type));
      }
    }
    raw.result("subscribe", params("object", "manager_ServerManager", "type", "ObjectCreated"));
    raw.result("invoke", params("object", publisher, "operation", "processOffer",
        "operationParams", params("offer", Sdps.chromeOffer())));
    raw.result("invoke", params("object", publisher, "operation", "gatherCandidates"));
    JsonObject candidate = params("candidate", Sdps.BROWSER_CANDIDATE, "sdpMid", "0",
        "sdpMLineIndex", 0, "__module__", "kurento", "__type__", "IceCandidate");
    raw.result("invoke", params("object", publisher, "operation", "addIceCandidate",
        "operationParams", params("candidate", candidate)));
    create("PassThrough", params("mediaPipeline", pipeline));
    raw.result("invoke", params("object", publisher, "operation", "connect",
        "operationParams", params("sink", subscriber)));

    Set<String> seen = new HashSet<>();
    for (JsonObject e = raw.nextEvent(Duration.ofSeconds(2)); e != null;
        e = raw.nextEvent(Duration.ofMillis(500))) {
      JsonObject value = e.getAsJsonObject("params").getAsJsonObject("value");
      String type = value.get("type").getAsString();
      JsonObject data = value.getAsJsonObject("data");
      seen.add(type);
      assertThat(data.keySet()).as(type).containsAll(kmd.eventProperties(type).stream()
          .map(PropertyDef::name).toList());
      if (kmd.isMediaEvent(type)) {
        assertThat(data.get("type").getAsString()).isEqualTo(type);
      }
    }
    assertThat(seen).containsAll(types).contains("ObjectCreated");
  }

  @Test
  void transactionsResolveNewrefByOperationIndex() {
    JsonArray ops = new JsonArray();
    ops.add(op(0, "create", params("type", "MediaPipeline", "constructorParams",
        new JsonObject())));
    ops.add(op(1, "create", params("type", "PassThrough", "constructorParams",
        params("mediaPipeline", "newref:0"))));
    ops.add(op(2, "invoke", params("object", "newref:1", "operation", "connect",
        "operationParams", params("sink", "newref:1"))));
    ops.add(op(3, "invoke", params("object", "newref:0", "operation", "getName")));
    JsonObject result = raw.result("transaction", params("operations", ops));

    JsonArray answers = result.getAsJsonArray("value");
    assertThat(answers).hasSize(4);
    String pipeline = answers.get(0).getAsJsonObject().getAsJsonObject("result")
        .get("value").getAsString();
    assertThat(answers.get(1).getAsJsonObject().get("jsonrpc").getAsString()).isEqualTo("2.0");
    assertThat(answers.get(2).getAsJsonObject().get("id").getAsInt()).isEqualTo(2);
    assertThat(answers.get(2).getAsJsonObject().getAsJsonObject("result").get("value")
        .isJsonNull()).isTrue();
    assertThat(answers.get(3).getAsJsonObject().getAsJsonObject("result").get("value")
        .getAsString()).isEqualTo(pipeline);
    assertThat(result.get("sessionId").getAsString()).isNotEmpty();
  }

  @Test
  void transactionsStopAtTheFirstFailureAndStillSucceed() {
    JsonArray ops = new JsonArray();
    ops.add(op(0, "create", params("type", "MediaPipeline", "constructorParams",
        new JsonObject())));
    ops.add(op(1, "invoke", params("object", "nope", "operation", "getName")));
    ops.add(op(2, "create", params("type", "MediaPipeline", "constructorParams",
        new JsonObject())));
    JsonArray answers = raw.result("transaction", params("operations", ops))
        .getAsJsonArray("value");
    assertThat(answers).hasSize(2);
    assertThat(answers.get(1).getAsJsonObject().getAsJsonObject("error").get("code").getAsInt())
        .isEqualTo(40101);
    assertThat(kms.objects().count("MediaPipeline")).isEqualTo(1);

    JsonArray badIds = new JsonArray();
    badIds.add(op(5, "ping", null));
    assertThat(code(raw.call("transaction", params("operations", badIds)))).isEqualTo(40008);
    JsonArray badRef = new JsonArray();
    badRef.add(op(0, "invoke", params("object", "newref:3", "operation", "getName")));
    assertThat(code(raw.call("transaction", params("operations", badRef)))).isEqualTo(40008);
  }

  @Test
  void releaseIsIdempotentGlobalAndCascades() {
    String pipeline = createPipeline();
    create("PassThrough", params("mediaPipeline", pipeline));
    try (RawKmsClient other = new RawKmsClient(kms.uri())) {
      assertThat(other.result("release", params("object", pipeline)).keySet())
          .containsExactly("sessionId");
      assertThat(other.result("release", params("object", pipeline))).isNotNull();
    }
    assertThat(kms.objects().total()).isZero();
  }

  @Test
  void closeSessionReleasesWhatOnlyThatSessionHeld() {
    String pipeline = createPipeline();
    JsonObject answer = raw.call("closeSession", null);
    assertThat(answer.has("result")).isTrue();
    assertThat(answer.get("result").isJsonNull()).isTrue();
    assertThat(kms.objects().total()).isZero();
    assertThat(code(raw.call("keepAlive", params("sessionId", "gone")))).isEqualTo(40007);
    assertThat(pipeline).isNotEmpty();
  }

  @Test
  void notificationsRunButCannotBeAnswered() throws Exception {
    raw.sendText("{\"method\":\"create\",\"params\":{\"type\":\"MediaPipeline\","
        + "\"constructorParams\":{}},\"jsonrpc\":\"2.0\"}");
    JsonObject answer = JsonParser.parseString(raw.nextRaw()).getAsJsonObject();
    assertThat(answer.get("id").isJsonNull()).isTrue();
    assertThat(answer.getAsJsonObject("error").get("code").getAsInt()).isEqualTo(-32000);
    assertThat(answer.getAsJsonObject("error").get("message").getAsString())
        .isEqualTo("Ignoring response because of a notification request");
    assertThat(kms.objects().count("MediaPipeline")).isEqualTo(1);

    raw.sendText("{this is not json");
    assertThat(raw.pollRaw(Duration.ofMillis(300))).isNull();
  }

  @Test
  void largeMessagesAreAccepted() {
    String pipeline = createPipeline();
    String big = "x".repeat(1_200_000);
    JsonObject result = raw.result("invoke", params("object", pipeline, "operation", "setName",
        "operationParams", params("name", big)));
    assertThat(result.get("value").isJsonNull()).isTrue();
  }

  // ---------------------------------------------------------------------------------------------

  private String createPipeline() {
    return create("MediaPipeline", new JsonObject());
  }

  private String create(String type, JsonObject constructorParams) {
    return raw.result("create", params("type", type, "constructorParams", constructorParams))
        .get("value").getAsString();
  }

  private static JsonObject op(int id, String method, JsonObject params) {
    JsonObject o = new JsonObject();
    o.addProperty("id", id);
    o.addProperty("method", method);
    if (params != null) {
      o.add("params", params);
    }
    o.addProperty("jsonrpc", "2.0");
    return o;
  }

  private static int code(JsonObject answer) {
    assertThat(answer.has("error")).as("error expected in %s", answer).isTrue();
    return answer.getAsJsonObject("error").get("code").getAsInt();
  }
}

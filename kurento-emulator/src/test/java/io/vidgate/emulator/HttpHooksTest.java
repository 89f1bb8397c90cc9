package io.vidgate.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.vidgate.emulator.support.EmulatedKms;
import io.vidgate.emulator.support.Sdps;
import io.vidgate.emulator.support.Waits;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kurento.client.ErrorEvent;
import org.kurento.client.MediaPipeline;
import org.kurento.client.WebRtcEndpoint;
import org.kurento.client.internal.server.KurentoServerException;

/** The hooks over HTTP, as a test in another process would use them. */
class HttpHooksTest {

  @RegisterExtension
  static final EmulatedKms kms = new EmulatedKms();

  private static final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void clean() {
    post("/emulator/calls/reset", "");
    delete("/emulator/faults");
    delete("/emulator/latency");
  }

  @Test
  void objectsAreListedByTypeAndPipeline() {
    MediaPipeline pipeline = kms.client().createMediaPipeline();
    WebRtcEndpoint endpoint = new WebRtcEndpoint.Builder(pipeline).build();
    endpoint.setName("alice");

    JsonObject objects = get("/emulator/objects");
    assertThat(objects.get("total").getAsInt()).isEqualTo(2);
    assertThat(objects.getAsJsonObject("byType").get("WebRtcEndpoint").getAsInt()).isEqualTo(1);
    JsonObject p = objects.getAsJsonArray("pipelines").get(0).getAsJsonObject();
    assertThat(p.get("id").getAsString()).isEqualTo(pipeline.getId());
    assertThat(p.get("total").getAsInt()).isEqualTo(1);
    JsonObject entry = p.getAsJsonArray("objects").get(0).getAsJsonObject();
    assertThat(entry.get("name").getAsString()).isEqualTo("alice");
    assertThat(entry.get("parent").getAsString()).isEqualTo(pipeline.getId());
    assertThat(objects.getAsJsonArray("sessions").toString()).contains(kms.client().getSessionId());
    assertThat(objects.get("connections").getAsInt()).isEqualTo(1);

    pipeline.release();
    assertThat(get("/emulator/objects").get("total").getAsInt()).isZero();
  }

  @Test
  void callsCountRequestsAndSequentialRoundTrips() {
    MediaPipeline pipeline = kms.client().createMediaPipeline();
    WebRtcEndpoint endpoint = new WebRtcEndpoint.Builder(pipeline).build();
    endpoint.processOffer(Sdps.chromeOffer());
    endpoint.gatherCandidates();

    JsonObject calls = get("/emulator/calls");
    assertThat(calls.getAsJsonObject("byMethod").get("create").getAsInt()).isEqualTo(2);
    assertThat(calls.getAsJsonObject("byCall").get("invoke:processOffer").getAsInt())
        .isEqualTo(1);
    assertThat(calls.get("longestChain").getAsInt()).isEqualTo(4);
    JsonObject session = calls.getAsJsonArray("sessions").get(0).getAsJsonObject();
    assertThat(session.get("sessionId").getAsString()).isEqualTo(kms.client().getSessionId());
    JsonObject chain = session.getAsJsonArray("chains").get(0).getAsJsonObject();
    assertThat(chain.get("depth").getAsInt()).isEqualTo(4);
    assertThat(chain.getAsJsonArray("steps").get(2).getAsJsonObject().get("call").getAsString())
        .isEqualTo("invoke:processOffer");
    pipeline.release();
  }

  @Test
  void latencyIsAddedToEveryCall() {
    post("/emulator/latency", "{\"fixedMillis\":120}");
    long start = System.nanoTime();
    MediaPipeline pipeline = kms.client().createMediaPipeline();
    assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(120);
    delete("/emulator/latency");

    post("/emulator/latency", "{\"call\":\"release\",\"minMillis\":150,\"maxMillis\":200}");
    JsonObject latency = get("/emulator/latency");
    assertThat(latency.getAsJsonObject("perCall").getAsJsonObject("release")
        .get("minMillis").getAsInt()).isEqualTo(150);
    start = System.nanoTime();
    pipeline.release();
    assertThat((System.nanoTime() - start) / 1_000_000).isBetween(150L, 2_000L);
  }

  @Test
  void failNextMakesCallsFailWithTheGivenCode() {
    MediaPipeline pipeline = kms.client().createMediaPipeline();
    post("/emulator/faults/fail-next", "{\"call\":\"processOffer\",\"count\":2,"
        + "\"code\":40205,\"message\":\"Error processing offer\"}");
    assertThat(get("/emulator/faults").getAsJsonArray("pending")).hasSize(1);
    WebRtcEndpoint endpoint = new WebRtcEndpoint.Builder(pipeline).build();
    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> endpoint.processOffer(Sdps.chromeOffer()))
          .isInstanceOfSatisfying(KurentoServerException.class, e -> {
            assertThat(e.getCode()).isEqualTo(40205);
            assertThat(e.getMessage()).contains("SDP_END_POINT_PROCESS_OFFER_ERROR");
          });
    }
    assertThat(endpoint.processOffer(Sdps.chromeOffer())).startsWith("v=0");
    assertThat(get("/emulator/faults").getAsJsonArray("pending")).isEmpty();
    pipeline.release();
  }

  @Test
  void eventsCanBeRaisedOnObjects() {
    MediaPipeline pipeline = kms.client().createMediaPipeline();
    BlockingQueue<ErrorEvent> errors = new LinkedBlockingQueue<>();
    pipeline.addErrorListener(errors::add);
    JsonObject delivered = post("/emulator/events", "{\"object\":\"" + pipeline.getId()
        + "\",\"type\":\"Error\",\"data\":{\"description\":\"boom\",\"errorCode\":1,"
        + "\"type\":\"UNEXPECTED_PIPELINE_ERROR\"}}");
    assertThat(delivered.get("delivered").getAsInt()).isEqualTo(1);
    assertThat(Waits.next(errors).getType()).isEqualTo("UNEXPECTED_PIPELINE_ERROR");
    assertThat(status("POST", "/emulator/events", "{\"object\":\"nope\",\"type\":\"Error\"}"))
        .isEqualTo(404);
    assertThat(status("POST", "/emulator/events", "{\"object\":\"" + pipeline.getId()
        + "\",\"type\":\"IceGatheringDone\"}")).isEqualTo(400);
    pipeline.release();
  }

  @Test
  void infoLoadAndBadInput() {
    JsonObject info = get("/emulator");
    assertThat(info.get("uri").getAsString()).isEqualTo(kms.server().uri());
    assertThat(info.get("serverId").getAsString()).isEqualTo(kms.server().serverId());
    JsonObject load = post("/emulator/load", "{\"cpuPercent\":12.5,\"memoryKiB\":2048}");
    assertThat(load.get("cpuPercent").getAsFloat()).isEqualTo(12.5f);
    assertThat(kms.client().getServerManager().getUsedMemory()).isEqualTo(2048);
    post("/emulator/load", "{}");
    assertThat(status("POST", "/emulator/latency", "{\"fixedMillis\":-5}")).isEqualTo(400);
    assertThat(status("POST", "/emulator/faults/fail-next", "[1]")).isEqualTo(400);
    assertThat(status("GET", "/emulator/nothing", null)).isEqualTo(404);
  }

  @Test
  void restartAndRefuseOverHttp() {
    String before = kms.server().serverId();
    String after = post("/emulator/faults/restart", "").get("serverId").getAsString();
    assertThat(after).isNotEqualTo(before).isEqualTo(kms.server().serverId());

    assertThat(status("POST", "/emulator/faults/refuse-connections", "{}")).isEqualTo(400);
    assertThat(post("/emulator/faults/refuse-connections", "{\"forMillis\":1000}")
        .get("refusingForMillis").getAsInt()).isEqualTo(1000);
    Waits.until(() -> kms.server().faults().refusingConnections(), Duration.ofSeconds(2));
    // A new client: the pooled keep-alive connection of `http` stays open, as all open ones do.
    assertThatThrownBy(() -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create(kms.server().httpUri() + "/emulator")).build(),
        HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(java.net.ConnectException.class);
    Waits.until(() -> !kms.server().faults().refusingConnections(), Duration.ofSeconds(5));
    assertThat(status("GET", "/emulator", null)).isEqualTo(200);
    Waits.until(() -> {
      try {
        kms.client().getServerManager().getCpuCount();
        return true;
      } catch (RuntimeException e) {
        return false;
      }
    }, Duration.ofSeconds(10));
  }

  // ---------------------------------------------------------------------------------------------

  private static JsonObject get(String path) {
    return JsonParser.parseString(send("GET", path, null).body()).getAsJsonObject();
  }

  private static JsonObject post(String path, String body) {
    return JsonParser.parseString(send("POST", path, body).body()).getAsJsonObject();
  }

  private static void delete(String path) {
    send("DELETE", path, null);
  }

  private static int status(String method, String path, String body) {
    return send(method, path, body).statusCode();
  }

  private static HttpResponse<String> send(String method, String path, String body) {
    try {
      HttpRequest request = HttpRequest.newBuilder(URI.create(kms.server().httpUri() + path))
          .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofString(body))
          .build();
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}

package io.vidgate.emulator.hooks;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.vidgate.emulator.KurentoEmulator;
import io.vidgate.emulator.rpc.KmsException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.HttpServerRoutes;

/**
 * The hooks over HTTP, on the emulator's own port, for tests running in other processes. Every
 * route maps JSON onto the Java API of {@link KurentoEmulator}; see the module README for the
 * shapes.
 */
public final class HttpHooks {

  private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().setPrettyPrinting()
      .serializeNulls().create();

  private final KurentoEmulator emulator;

  public HttpHooks(KurentoEmulator emulator) {
    this.emulator = emulator;
  }

  public void register(HttpServerRoutes routes) {
    routes.get("/emulator", json(body -> info()))
        .get("/emulator/objects", json(body -> emulator.objects()))
        .get("/emulator/calls", json(body -> emulator.calls()))
        .post("/emulator/calls/reset", json(body -> {
          emulator.resetCalls();
          return emulator.calls();
        }))
        .get("/emulator/latency", json(body -> latency()))
        .post("/emulator/latency", json(this::setLatency))
        .delete("/emulator/latency", json(body -> {
          emulator.latency().none();
          return latency();
        }))
        .get("/emulator/faults", json(body -> faults()))
        .delete("/emulator/faults", json(body -> {
          emulator.faults().clear();
          return faults();
        }))
        .post("/emulator/faults/drop-connections",
            json(body -> Map.of("dropped", emulator.faults().dropConnections())))
        .post("/emulator/faults/refuse-connections", json(this::refuse))
        .post("/emulator/faults/restart", json(body -> {
          emulator.restart();
          return Map.of("serverId", emulator.serverId());
        }))
        .post("/emulator/faults/fail-next", json(this::failNext))
        .post("/emulator/events", json(this::raiseEvent))
        .post("/emulator/load", json(this::setLoad));
  }

  private Map<String, Object> info() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("serverId", emulator.serverId());
    out.put("uri", emulator.uri());
    out.put("kmsVersion", emulator.kmsVersion());
    out.put("media", emulator.media());
    out.put("peerConnections", emulator.livePeerConnections());
    return out;
  }

  private Map<String, Object> latency() {
    Map<String, Object> perCall = new LinkedHashMap<>();
    emulator.latency().perCall().forEach((call, range) -> perCall.put(call, range(range)));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("default", range(emulator.latency().defaultRange()));
    out.put("perCall", perCall);
    return out;
  }

  private static Map<String, Long> range(Latency.Range r) {
    Map<String, Long> out = new LinkedHashMap<>();
    out.put("minMillis", r.min().toMillis());
    out.put("maxMillis", r.max().toMillis());
    return out;
  }

  /** {"fixedMillis":n} or {"minMillis":a,"maxMillis":b}, optionally with "call". */
  private Object setLatency(JsonObject body) {
    Duration min;
    Duration max;
    if (body.has("fixedMillis")) {
      min = max = Duration.ofMillis(body.get("fixedMillis").getAsLong());
    } else if (body.has("minMillis") && body.has("maxMillis")) {
      min = Duration.ofMillis(body.get("minMillis").getAsLong());
      max = Duration.ofMillis(body.get("maxMillis").getAsLong());
    } else {
      throw new IllegalArgumentException("need fixedMillis, or minMillis and maxMillis");
    }
    if (body.has("call")) {
      emulator.latency().forCall(body.get("call").getAsString(), min, max);
    } else {
      emulator.latency().range(min, max);
    }
    return latency();
  }

  private Map<String, Object> faults() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("refusingConnections", emulator.faults().refusingConnections());
    out.put("pending", emulator.faults().pending());
    return out;
  }

  /**
   * {"forMillis":3000}: stop listening now, listen again later. The hooks share the port, so a
   * refusal without an end could only be lifted from the Java API and is not offered here.
   */
  private Object refuse(JsonObject body) {
    if (!body.has("forMillis")) {
      throw new IllegalArgumentException("need forMillis: the hooks are unreachable meanwhile");
    }
    Duration duration = Duration.ofMillis(body.get("forMillis").getAsLong());
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("forMillis must be positive");
    }
    // Answer first: the listening socket closes once this response is on its way.
    Mono.delay(Duration.ofMillis(50), Schedulers.boundedElastic())
        .subscribe(t -> emulator.faults().refuseConnectionsFor(duration));
    return Map.of("refusingForMillis", duration.toMillis());
  }

  /** {"call":"invoke:processOffer","count":1,"action":"ERROR","code":40205,"message":"…"}. */
  private Object failNext(JsonObject body) {
    if (!body.has("call")) {
      throw new IllegalArgumentException("need call");
    }
    emulator.faults().failNext(new FaultRule(body.get("call").getAsString(),
        body.has("count") ? body.get("count").getAsInt() : 1,
        body.has("action") ? FaultRule.Action.valueOf(body.get("action").getAsString())
            : FaultRule.Action.ERROR,
        body.has("code") ? body.get("code").getAsInt() : FaultRule.DEFAULT_CODE,
        body.has("message") ? body.get("message").getAsString() : null));
    return faults();
  }

  /** {"object":"<id>","type":"Error","data":{…}}. */
  private Object raiseEvent(JsonObject body) {
    if (!body.has("object") || !body.has("type")) {
      throw new IllegalArgumentException("need object and type");
    }
    JsonObject data = body.has("data") ? body.getAsJsonObject("data") : new JsonObject();
    return Map.of("delivered", emulator.raiseEvent(body.get("object").getAsString(),
        body.get("type").getAsString(), data));
  }

  /** {"cpuPercent":42.5,"memoryKiB":123456}; null or absent returns to the default. */
  private Object setLoad(JsonObject body) {
    Float cpu = body.has("cpuPercent") && !body.get("cpuPercent").isJsonNull()
        ? body.get("cpuPercent").getAsFloat() : null;
    Long memory = body.has("memoryKiB") && !body.get("memoryKiB").isJsonNull()
        ? body.get("memoryKiB").getAsLong() : null;
    emulator.load().set(cpu, memory);
    return Map.of("cpuPercent", emulator.load().cpuPercent(),
        "memoryKiB", emulator.load().memoryKiB());
  }

  private static BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> json(
      Function<JsonObject, Object> action) {
    return (request, response) -> request.receive().aggregate()
        .asString(StandardCharsets.UTF_8).defaultIfEmpty("")
        .map(text -> {
          try {
            JsonElement body = text.isBlank() ? new JsonObject() : JsonParser.parseString(text);
            if (!body.isJsonObject()) {
              throw new IllegalArgumentException("body must be a JSON object");
            }
            return new Result(HttpResponseStatus.OK, action.apply(body.getAsJsonObject()));
          } catch (KmsException e) {
            return new Result(HttpResponseStatus.NOT_FOUND, Map.of("error", e.getMessage()));
          } catch (RuntimeException e) {
            return new Result(HttpResponseStatus.BAD_REQUEST,
                Map.of("error", String.valueOf(e.getMessage())));
          }
        })
        .flatMap(result -> response.status(result.status())
            .header(HttpHeaderNames.CONTENT_TYPE, "application/json")
            .sendString(Mono.just(GSON.toJson(result.body()) + "\n"), StandardCharsets.UTF_8)
            .then());
  }

  private record Result(HttpResponseStatus status, Object body) {}
}

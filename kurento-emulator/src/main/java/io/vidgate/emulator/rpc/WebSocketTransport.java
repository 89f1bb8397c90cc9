package io.vidgate.emulator.rpc;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.vidgate.emulator.hooks.CallRecorder;
import io.vidgate.emulator.hooks.Faults;
import io.vidgate.emulator.hooks.Latency;
import io.vidgate.emulator.objects.CallContext;
import io.vidgate.emulator.objects.MediaServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.WebsocketServerSpec;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;

/**
 * The {@code /kurento} WebSocket: one JSON-RPC message per text frame, answered with KMS's
 * envelope rules. Requests are handled asynchronously, after the injected latency, so answers may
 * overtake each other as they can with KMS's worker threads.
 */
public final class WebSocketTransport {

  private static final Logger log = LoggerFactory.getLogger(WebSocketTransport.class);
  /** Marks "send nothing" through the reactive chain. */
  private static final JsonObject NO_ANSWER = new JsonObject();

  private final ServerMethods methods;
  private final SessionBindings bindings;
  private final MediaServer server;
  private final Latency latency;
  private final CallRecorder recorder;
  private final WebsocketServerSpec spec;
  private final int maxFramePayload;

  public WebSocketTransport(MediaServer server, SessionBindings bindings, Faults faults,
      Latency latency, CallRecorder recorder, int maxFramePayload) {
    this.server = server;
    this.bindings = bindings;
    this.latency = latency;
    this.recorder = recorder;
    this.methods = new ServerMethods(server, faults, recorder);
    this.maxFramePayload = maxFramePayload;
    this.spec = WebsocketServerSpec.builder().maxFramePayloadLength(maxFramePayload).build();
  }

  /** The route handler for {@code GET /kurento}. */
  public Publisher<Void> upgrade(HttpServerRequest request, HttpServerResponse response) {
    return response.sendWebsocket(this::serve, spec);
  }

  private Publisher<Void> serve(WebsocketInbound in, WebsocketOutbound out) {
    RpcConnection connection = new RpcConnection();
    in.withConnection(connection::attach);
    bindings.opened(connection);
    log.debug("Connection {} opened", connection.id());
    Mono<Void> receiving = in.aggregateFrames(maxFramePayload).receive()
        .asString(StandardCharsets.UTF_8)
        .doOnNext(text -> onText(connection, text))
        .then()
        .onErrorResume(e -> Mono.empty())
        .doFinally(signal -> {
          log.debug("Connection {} closed", connection.id());
          bindings.closed(connection);
        });
    Mono<Void> sending = out.sendString(connection.outbound(), StandardCharsets.UTF_8).then();
    return Mono.when(receiving, sending);
  }

  private void onText(RpcConnection connection, String text) {
    if (!connection.isOpen()) {
      return; // dropped: frames already read are lost with the socket
    }
    log.debug("<- [{}] {}", connection.id(), text);
    JsonElement parsed;
    try {
      parsed = JsonParser.parseString(text);
    } catch (JsonParseException e) {
      // KMS's WebSocket path throws on unparseable JSON and never answers.
      log.warn("Unparseable message ignored, as KMS does: {}", e.getMessage());
      return;
    }
    JsonObject message = parsed.isJsonObject() ? parsed.getAsJsonObject() : null;
    JsonElement id = message == null ? null : message.get("id");
    String method = message == null ? null : JsonRpc.string(message, "method");
    if (message == null || !"2.0".equals(JsonRpc.string(message, "jsonrpc")) || method == null
        || (id != null && (id.isJsonObject() || id.isJsonArray()))) {
      send(connection, JsonRpc.error(null,
          KmsError.INVALID_REQUEST.exception("Invalid JSON-RPC request.")));
      return;
    }
    JsonElement rawParams = message.get("params");
    if (rawParams != null && !rawParams.isJsonNull() && !rawParams.isJsonObject()) {
      send(connection, JsonRpc.error(id, KmsError.INVALID_PARAMS.exception("Invalid params")));
      return;
    }
    JsonObject params = rawParams != null && rawParams.isJsonObject()
        ? rawParams.getAsJsonObject() : new JsonObject();
    handle(connection, id, method, params);
  }

  private void handle(RpcConnection connection, JsonElement id, String method,
      JsonObject params) {
    String sessionId = methods.resolveSession(method, params, connection);
    String call = ServerMethods.callName(method, params);
    CallRecorder.Token token = recorder.arrived(sessionId, call);
    CallContext ctx = new CallContext(sessionId);
    Duration delay = latency.sample(call);
    Mono<JsonElement> result = methods.execute(method, params, ctx, connection, false);
    if (!delay.isZero()) {
      result = Mono.delay(delay).then(result);
    }
    result.map(value -> JsonRpc.success(id, value))
        .onErrorResume(e -> Mono.just(JsonRpc.error(id, asKmsError(e, method))))
        .defaultIfEmpty(NO_ANSWER)
        .subscribe(response -> answer(connection, id, response, ctx, token));
  }

  private void answer(RpcConnection connection, JsonElement id, JsonObject response,
      CallContext ctx, CallRecorder.Token token) {
    if (response != NO_ANSWER) {
      JsonElement result = response.get("result");
      if (result != null && result.isJsonObject()) {
        String sessionId = JsonRpc.string(result.getAsJsonObject(), "sessionId");
        if (sessionId != null) {
          // KMS binds the session of every answer to the connection it goes out on.
          bindings.bind(sessionId, connection);
        }
      }
    }
    // Recorded before sending, so that a request sent in reaction to this answer sees it.
    recorder.answered(token);
    if (response != NO_ANSWER) {
      if (id == null) {
        answerNotification(connection, response);
      } else {
        send(connection, response);
      }
    }
    server.locked(() -> ctx.drainAfterResponse().forEach(Runnable::run));
  }

  /** KMS runs notifications and complains about any result it cannot send back. */
  private void answerNotification(RpcConnection connection, JsonObject response) {
    JsonElement result = response.get("result");
    if (result == null) {
      send(connection, response);
    } else if (!result.isJsonNull()) {
      send(connection, JsonRpc.error(null, new KmsException(KmsError.SERVER_ERROR.code(),
          "Ignoring response because of a notification request", result)));
    }
  }

  private static KmsException asKmsError(Throwable e, String method) {
    if (e instanceof KmsException k) {
      return k;
    }
    log.error("Unexpected error in {}", method, e);
    return KmsError.INTERNAL_ERROR.exception(
        "Unexpected error while processing method: " + e.getMessage());
  }

  private static void send(RpcConnection connection, JsonObject message) {
    String text = JsonRpc.write(message);
    log.debug("-> [{}] {}", connection.id(), text);
    connection.send(text);
  }
}

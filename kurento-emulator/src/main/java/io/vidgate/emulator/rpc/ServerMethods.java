package io.vidgate.emulator.rpc;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import io.vidgate.emulator.hooks.CallNames;
import io.vidgate.emulator.hooks.CallRecorder;
import io.vidgate.emulator.hooks.FaultRule;
import io.vidgate.emulator.hooks.Faults;
import io.vidgate.emulator.kmd.KmdModel;
import io.vidgate.emulator.kmd.Operation;
import io.vidgate.emulator.kmd.RemoteClassDef;
import io.vidgate.emulator.objects.CallContext;
import io.vidgate.emulator.objects.MediaObjectImpl;
import io.vidgate.emulator.objects.MediaServer;
import io.vidgate.emulator.objects.Reply;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The KMS JSON-RPC methods ({@code ServerMethods.cpp}): ping, connect, create, invoke,
 * subscribe, unsubscribe, release, describe, transaction, closeSession, keepAlive, ref, unref,
 * with KMS's session handling and error answers.
 */
public final class ServerMethods {

  /** Methods that open a session when the request carries none (KMS getOrCreateSessionId). */
  private static final Set<String> CREATES_SESSION =
      Set.of("create", "invoke", "subscribe", "describe", "release", "transaction");

  /** Signals "no answer" (an injected fault) through a transaction. */
  private static final class NoAnswer extends RuntimeException {
    NoAnswer() {
      super(null, null, false, false);
    }
  }

  private final MediaServer server;
  private final KmdModel kmd;
  private final Faults faults;
  private final CallRecorder recorder;

  public ServerMethods(MediaServer server, Faults faults, CallRecorder recorder) {
    this.server = server;
    this.kmd = server.kmd();
    this.faults = faults;
    this.recorder = recorder;
  }

  /**
   * The session a request works in, written into its params the way KMS does it: the one it
   * names; else the connection's (KMS injects it); else, for methods that open one, a new one.
   * Null for requests without a session (a first ping, a parameterless connect).
   */
  String resolveSession(String method, JsonObject params, RpcConnection connection) {
    String sessionId = JsonRpc.string(params, "sessionId");
    if (sessionId != null) {
      return sessionId;
    }
    sessionId = connection.boundSession();
    if (sessionId == null && CREATES_SESSION.contains(method)) {
      sessionId = UUID.randomUUID().toString();
    }
    if (sessionId != null) {
      params.addProperty("sessionId", sessionId);
    }
    return sessionId;
  }

  /** The hooks' name of a call: {@code invoke:processOffer}, {@code create:PassThrough}… */
  static String callName(String method, JsonObject params) {
    return switch (method) {
      case "invoke" -> CallNames.of(method, JsonRpc.string(params, "operation"));
      case "create", "subscribe" -> CallNames.of(method, JsonRpc.string(params, "type"));
      default -> method;
    };
  }

  /**
   * Runs a request and emits its {@code result}, or a {@link KmsException}; completes empty when
   * no answer must be sent (an injected fault).
   */
  Mono<JsonElement> execute(String method, JsonObject params, CallContext ctx,
      RpcConnection connection, boolean inTransaction) {
    String call = callName(method, params);
    if (inTransaction) {
      recorder.transactionOperation(call);
    }
    Optional<FaultRule> fault = faults.take(call);
    if (fault.isPresent()) {
      FaultRule rule = fault.get();
      return switch (rule.action()) {
        case ERROR -> Mono.error(new KmsException(rule.code(), rule.message(),
            KmsException.typeData(KmsError.typeOf(rule.code()))));
        case NO_RESPONSE -> Mono.empty();
        case DROP_CONNECTION -> {
          connection.drop();
          yield Mono.empty();
        }
      };
    }
    if (method.equals("transaction")) {
      return transaction(params, ctx, connection);
    }
    return Mono.defer(() -> {
      CompletableFuture<?>[] held = new CompletableFuture<?>[1];
      Reply reply = server.locked(() -> {
        server.takeHeldAnswer();
        Reply r = executeLocked(method, params, ctx);
        held[0] = server.takeHeldAnswer();
        return r;
      });
      Mono<JsonElement> answer = reply.delay().isZero() ? Mono.just(reply.value())
          : Mono.delay(reply.delay()).thenReturn(reply.value());
      return held[0].isDone() ? answer : Mono.fromFuture(held[0]).then(answer);
    });
  }

  private Reply executeLocked(String method, JsonObject params, CallContext ctx) {
    return switch (method) {
      case "ping" -> {
        JsonObject result = new JsonObject();
        String sessionId = JsonRpc.string(params, "sessionId");
        if (sessionId != null) {
          result.addProperty("sessionId", sessionId);
        }
        result.addProperty("value", "pong");
        yield Reply.of(result);
      }
      case "connect" -> Reply.of(connect(params));
      case "create" -> {
        String type = requireString(params, "type");
        String sessionId = openSession(params);
        MediaObjectImpl o = server.create(type, params.get("constructorParams"), ctx);
        yield Reply.of(withSession(sessionId, new JsonPrimitive(o.id())));
      }
      case "invoke" -> invoke(params, ctx);
      case "subscribe" -> {
        String type = requireString(params, "type");
        String objectId = requireString(params, "object");
        String sessionId = openSession(params);
        String subscription = server.subscribe(sessionId, server.require(objectId), type);
        yield Reply.of(withSession(sessionId, new JsonPrimitive(subscription)));
      }
      case "unsubscribe" -> {
        String sessionId = requireSession(params);
        server.unsubscribe(requireString(params, "subscription"));
        yield Reply.of(withSession(sessionId, null));
      }
      case "release" -> {
        String objectId = requireString(params, "object");
        String sessionId = openSession(params);
        // Unknown or already released ids succeed: KMS swallows the error.
        MediaObjectImpl o = server.find(objectId);
        if (o != null) {
          server.release(o);
        }
        yield Reply.of(withSession(sessionId, null));
      }
      case "describe" -> Reply.of(describe(params));
      case "closeSession" -> {
        String sessionId = requireSession(params);
        JsonElement release = params.get("release");
        server.closeSession(sessionId, release != null && release.isJsonPrimitive()
            && release.getAsJsonPrimitive().isBoolean() && release.getAsBoolean());
        yield Reply.VOID;
      }
      case "keepAlive" -> {
        String sessionId = requireSession(params);
        if (!server.sessionKnown(sessionId)) {
          throw KmsError.INVALID_SESSION.exception("Invalid session");
        }
        server.touchSession(sessionId);
        yield Reply.of(withSession(sessionId, null));
      }
      case "ref", "unref" -> {
        String sessionId = requireSession(params);
        MediaObjectImpl o = server.require(requireString(params, "object"));
        server.touchSession(sessionId);
        if (method.equals("ref")) {
          server.ref(sessionId, o);
        } else {
          server.unref(sessionId, o);
        }
        yield Reply.of(withSession(sessionId, null));
      }
      default -> throw KmsError.METHOD_NOT_FOUND.exception("Method not found.");
    };
  }

  /** Resumes a known session, or opens a new one when none is named. */
  private JsonObject connect(JsonObject params) {
    String sessionId = JsonRpc.string(params, "sessionId");
    if (sessionId == null) {
      sessionId = UUID.randomUUID().toString();
    } else if (!server.sessionKnown(sessionId)) {
      throw KmsError.INVALID_SESSION.exception("Invalid session");
    }
    server.touchSession(sessionId);
    JsonObject result = new JsonObject();
    result.addProperty("serverId", server.serverId());
    result.addProperty("sessionId", sessionId);
    return result;
  }

  private Reply invoke(JsonObject params, CallContext ctx) {
    String objectId = requireString(params, "object");
    String operation = requireString(params, "operation");
    String sessionId = openSession(params);
    MediaObjectImpl o = server.require(objectId);
    JsonElement given = params.get("operationParams");
    Operation op = kmd.findOperation(o.type(), operation);
    if (op == null || hasUndeclared(op, given)) {
      int count = given != null && given.isJsonObject() ? given.getAsJsonObject().size() : 0;
      throw KmsError.MALFORMED_TRANSACTION.exception(
          "Method '" + operation + "' with " + count + " parameters not found");
    }
    JsonObject validated =
        server.validator().validate(op.params(), given, "operationParams", server::typeOf);
    server.ref(sessionId, o);
    Reply reply = o.invoke(op, validated, ctx);
    return new Reply(withSession(sessionId, reply.value()), reply.delay());
  }

  /** KMS's generated invoke code only matches methods by their declared parameters. */
  private static boolean hasUndeclared(Operation op, JsonElement given) {
    if (given == null || !given.isJsonObject()) {
      return false;
    }
    Set<String> declared = new HashSet<>();
    op.params().forEach(p -> declared.add(p.name()));
    return !declared.containsAll(given.getAsJsonObject().keySet());
  }

  private JsonObject describe(JsonObject params) {
    String objectId = requireString(params, "object");
    String sessionId = openSession(params);
    MediaObjectImpl o = server.require(objectId);
    server.ref(sessionId, o);
    JsonArray hierarchy = new JsonArray();
    List<RemoteClassDef> classes = kmd.hierarchy(o.type());
    classes.subList(1, classes.size()).forEach(c -> hierarchy.add(kmd.qualified(c.name())));
    JsonObject result = new JsonObject();
    result.add("hierarchy", hierarchy);
    result.addProperty("qualifiedType", kmd.qualified(o.type()));
    result.addProperty("sessionId", sessionId);
    result.addProperty("type", o.type());
    return result;
  }

  // --- transactions --------------------------------------------------------------------------

  /**
   * Runs the operations in order, each through the normal handling with the outer session, and
   * stops at the first that fails; the transaction itself still succeeds, with the per-operation
   * answers (the failing one last) as its value. {@code newref:<n>} anywhere in an operation's
   * params stands for the value of operation n's answer: n is the operation index, as in KMS.
   */
  private Mono<JsonElement> transaction(JsonObject params, CallContext ctx,
      RpcConnection connection) {
    return Mono.defer(() -> {
      JsonElement operations = params.get("operations");
      if (operations == null || operations.isJsonNull()) {
        throw KmsError.SERVER_ERROR.exception("'operations' parameter is required");
      }
      if (!operations.isJsonArray()) {
        throw KmsError.MALFORMED_TRANSACTION.exception("'operations' should be an array");
      }
      String sessionId = JsonRpc.string(params, "sessionId");
      server.locked(() -> server.touchSession(sessionId));
      JsonArray ops = operations.getAsJsonArray();
      JsonArray answers = new JsonArray();
      return Flux.range(0, ops.size())
          .concatMap(i -> operation(i, ops.get(i), answers, sessionId, ctx, connection))
          .takeUntil(answer -> answer.has("error"))
          .then(Mono.fromSupplier(() -> (JsonElement) withSession(sessionId, answers)))
          .onErrorResume(NoAnswer.class, e -> Mono.empty());
    });
  }

  private Mono<JsonObject> operation(int index, JsonElement raw, JsonArray answers,
      String sessionId, CallContext ctx, RpcConnection connection) {
    return Mono.defer(() -> {
      // Errors thrown here fail the whole transaction, as in KMS.
      if (!raw.isJsonObject()) {
        throw KmsError.MALFORMED_TRANSACTION.exception("Invalid operation " + index);
      }
      JsonObject op = raw.getAsJsonObject();
      JsonElement id = op.get("id");
      if (id == null || !id.isJsonPrimitive() || !id.getAsJsonPrimitive().isNumber()
          || id.getAsDouble() != index) {
        throw KmsError.MALFORMED_TRANSACTION.exception(
            "Id of request '" + id + "' should be '" + index + "'");
      }
      String method = JsonRpc.string(op, "method");
      if (method == null) {
        throw KmsError.MALFORMED_TRANSACTION.exception("Invalid operation " + index);
      }
      JsonElement opParams = op.get("params");
      JsonObject resolved = opParams != null && opParams.isJsonObject()
          ? resolveNewrefs(opParams, answers).getAsJsonObject() : new JsonObject();
      resolved.addProperty("sessionId", sessionId);
      JsonPrimitive answerId = new JsonPrimitive(index);
      return execute(method, resolved, ctx, connection, true)
          .map(result -> JsonRpc.success(answerId, result))
          .onErrorResume(KmsException.class, e -> Mono.just(JsonRpc.error(answerId, e)))
          .switchIfEmpty(Mono.error(new NoAnswer()))
          .doOnNext(answers::add);
    });
  }

  private static JsonElement resolveNewrefs(JsonElement e, JsonArray answers) {
    if (e.isJsonObject()) {
      JsonObject out = new JsonObject();
      e.getAsJsonObject().entrySet()
          .forEach(en -> out.add(en.getKey(), resolveNewrefs(en.getValue(), answers)));
      return out;
    }
    if (e.isJsonArray()) {
      JsonArray out = new JsonArray();
      e.getAsJsonArray().forEach(v -> out.add(resolveNewrefs(v, answers)));
      return out;
    }
    if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isString()
        && e.getAsString().startsWith("newref:")) {
      return answerValue(e.getAsString(), answers);
    }
    return e;
  }

  private static JsonElement answerValue(String ref, JsonArray answers) {
    int n;
    try {
      n = Integer.parseInt(ref.substring("newref:".length()));
    } catch (NumberFormatException ex) {
      n = -1;
    }
    if (n < 0 || n >= answers.size()) {
      throw KmsError.MALFORMED_TRANSACTION.exception("Invalid index of newref '" + ref + "'");
    }
    JsonElement result = answers.get(n).getAsJsonObject().get("result");
    JsonElement value = result != null && result.isJsonObject()
        ? result.getAsJsonObject().get("value") : null;
    if (value == null) {
      throw KmsError.MALFORMED_TRANSACTION.exception("Result not found on request " + n);
    }
    // A void operation's null is substituted as is; the operation using it then fails.
    return value;
  }

  // --- helpers -------------------------------------------------------------------------------

  /** The request's session (present: see resolveSession), registered as alive. */
  private String openSession(JsonObject params) {
    String sessionId = JsonRpc.string(params, "sessionId");
    server.touchSession(sessionId);
    return sessionId;
  }

  private static String requireSession(JsonObject params) {
    return requireString(params, "sessionId");
  }

  /** Missing or ill-typed top-level members are -32000 without data in KMS. */
  private static String requireString(JsonObject params, String name) {
    JsonElement v = params.get(name);
    if (v == null || v.isJsonNull()) {
      throw KmsError.SERVER_ERROR.exception("'" + name + "' parameter is required");
    }
    if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isString()) {
      throw KmsError.SERVER_ERROR.exception("'" + name + "' parameter should be a string");
    }
    return v.getAsString();
  }

  private static JsonObject withSession(String sessionId, JsonElement value) {
    JsonObject result = new JsonObject();
    result.addProperty("sessionId", sessionId);
    if (value != null) {
      result.add("value", value);
    }
    return result;
  }
}

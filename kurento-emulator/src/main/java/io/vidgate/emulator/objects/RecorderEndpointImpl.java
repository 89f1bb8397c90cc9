package io.vidgate.emulator.objects;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import io.vidgate.emulator.kmd.Operation;
import io.vidgate.emulator.kmd.PropertyDef;
import java.util.Set;

/**
 * A RecorderEndpoint: the UriEndpoint state machine (STOP, START, PAUSE) with its events. Nothing
 * is written anywhere. A recorder consumes media and produces none.
 */
final class RecorderEndpointImpl extends MediaElementImpl {

  private String state = "STOP";

  RecorderEndpointImpl(Init init) {
    super(init);
  }

  @Override
  Set<MediaType> produced(Set<MediaType> in) {
    return Set.of();
  }

  @Override
  protected Reply call(Operation op, JsonObject params, CallContext ctx) {
    switch (op.name()) {
      case "record" -> moveTo("START", "Recording", ctx);
      case "pause" -> moveTo("PAUSE", "Paused", ctx);
      case "stop" -> moveTo("STOP", "Stopped", ctx);
      // KMS answers stopAndWait only once the recorder reached STOP: the event comes first.
      case "stopAndWait" -> moveTo("STOP", "Stopped", null);
      default -> {
        return super.call(op, params, ctx);
      }
    }
    return Reply.VOID;
  }

  /** Changes state now; the events follow the answer, or precede it when {@code ctx} is null. */
  private void moveTo(String next, String event, CallContext ctx) {
    if (state.equals(next)) {
      return;
    }
    state = next;
    Runnable events = () -> {
      fire("UriEndpointStateChanged", EventBus.fields("state", next));
      fire(event, new JsonObject());
    };
    if (ctx == null) {
      events.run();
    } else {
      ctx.afterResponse(events);
    }
  }

  @Override
  protected JsonElement get(PropertyDef property) {
    return property.name().equals("state") ? new JsonPrimitive(state) : super.get(property);
  }
}

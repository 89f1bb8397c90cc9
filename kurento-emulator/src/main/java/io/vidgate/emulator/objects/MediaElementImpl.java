package io.vidgate.emulator.objects;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import io.vidgate.emulator.kmd.Operation;
import io.vidgate.emulator.rpc.JsonRpc;
import io.vidgate.emulator.rpc.KmsError;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * A MediaElement: connections to other elements of the same pipeline, and the media flow state
 * that follows from them (see {@link MediaFlow}). By default an element passes on what it
 * receives, which is what PassThrough, filters and hub ports do.
 */
public class MediaElementImpl extends MediaObjectImpl {

  static final String DEFAULT_DESCRIPTION = "default";
  private static final List<MediaType> ALL_TYPES =
      List.of(MediaType.AUDIO, MediaType.VIDEO, MediaType.DATA);

  /** Connections where this element is the source. */
  private final List<ElementConnection> sinks = new ArrayList<>();
  /** Connections where this element is the sink. */
  private final List<ElementConnection> sources = new ArrayList<>();
  final Set<MediaType> flowingIn = EnumSet.noneOf(MediaType.class);
  final Set<MediaType> flowingOut = EnumSet.noneOf(MediaType.class);

  MediaElementImpl(Init init) {
    super(init);
  }

  List<ElementConnection> sinkConnections() {
    return sinks;
  }

  List<ElementConnection> sourceConnections() {
    return sources;
  }

  /** The media this element pushes into the pipeline, given what flows into it. */
  Set<MediaType> produced(Set<MediaType> in) {
    return in;
  }

  /**
   * The same, for an element whose output also depends on what flows into the elements it is
   * {@link #mixedWith} ({@code inOf} gives theirs).
   */
  Set<MediaType> produced(Set<MediaType> in, Function<MediaElementImpl, Set<MediaType>> inOf) {
    return produced(in);
  }

  /**
   * Elements whose output depends on what flows into this one, without a connection between
   * them: the other ports of a Composite.
   */
  List<MediaElementImpl> mixedWith() {
    return List.of();
  }

  @Override
  protected Reply call(Operation op, JsonObject params, CallContext ctx) {
    return switch (op.name()) {
      case "connect" -> {
        connect(sinkOf(params), types(params), description(params, "sourceMediaDescription"),
            description(params, "sinkMediaDescription"), ctx);
        yield Reply.VOID;
      }
      case "disconnect" -> {
        disconnect(sinkOf(params), types(params), description(params, "sourceMediaDescription"),
            description(params, "sinkMediaDescription"), ctx);
        yield Reply.VOID;
      }
      case "getSourceConnections" -> Reply.of(connections(sources, params, true));
      case "getSinkConnections" -> Reply.of(connections(sinks, params, false));
      case "isMediaFlowingIn" -> Reply.of(new JsonPrimitive(
          flowingIn.contains(MediaType.valueOf(params.get("mediaType").getAsString()))));
      case "isMediaFlowingOut" -> Reply.of(new JsonPrimitive(
          flowingOut.contains(MediaType.valueOf(params.get("mediaType").getAsString()))));
      case "isMediaTranscoding" -> Reply.of(new JsonPrimitive(false));
      case "getStats" -> Reply.of(new JsonObject());
      case "getGstreamerDot" -> Reply.of(new JsonPrimitive(GstreamerDot.of(pipeline())));
      default -> super.call(op, params, ctx);
    };
  }

  private MediaElementImpl sinkOf(JsonObject params) {
    // The validator already checked that the id exists and names a MediaElement.
    MediaElementImpl sink = (MediaElementImpl) server.require(params.get("sink").getAsString());
    if (sink.pipeline() != pipeline()) {
      throw KmsError.CONNECT_ERROR.exception("Media elements do not share pipeline");
    }
    return sink;
  }

  /** connect(sink) without a media type links AUDIO, VIDEO and DATA, as KMS does. */
  private static List<MediaType> types(JsonObject params) {
    String t = JsonRpc.string(params, "mediaType");
    return t == null ? ALL_TYPES : List.of(MediaType.valueOf(t));
  }

  private static String description(JsonObject params, String name) {
    String d = JsonRpc.string(params, name);
    return d == null ? DEFAULT_DESCRIPTION : d;
  }

  private void connect(MediaElementImpl sink, List<MediaType> types, String sourceDescription,
      String sinkDescription, CallContext ctx) {
    List<MediaElementImpl> sourcesChanged = new ArrayList<>(List.of(this));
    for (MediaType type : types) {
      ElementConnection existing = sink.sources.stream()
          .filter(c -> c.type() == type && c.sinkDescription().equals(sinkDescription))
          .findFirst().orElse(null);
      if (existing != null) {
        if (existing.source() == this && existing.sourceDescription().equals(sourceDescription)) {
          continue;
        }
        // A sink pad takes one source per media type: the new source replaces the old one.
        existing.source().unlink(existing, ctx);
        sourcesChanged.add(existing.source());
      }
      ElementConnection c =
          new ElementConnection(this, sink, type, sourceDescription, sinkDescription);
      sinks.add(c);
      sink.sources.add(c);
      ctx.afterResponse(() -> fire("ElementConnected", linkFields(c)));
    }
    ctx.afterResponse(() -> MediaFlow.linksChanged(pipeline(), sourcesChanged, List.of(sink)));
  }

  private void disconnect(MediaElementImpl sink, List<MediaType> types, String sourceDescription,
      String sinkDescription, CallContext ctx) {
    for (ElementConnection c : List.copyOf(sinks)) {
      if (c.sink() == sink && types.contains(c.type())
          && c.sourceDescription().equals(sourceDescription)
          && c.sinkDescription().equals(sinkDescription)) {
        unlink(c, ctx);
      }
    }
    ctx.afterResponse(() -> MediaFlow.linksChanged(pipeline(), List.of(this), List.of(sink)));
  }

  private void unlink(ElementConnection c, CallContext ctx) {
    sinks.remove(c);
    c.sink().sources.remove(c);
    ctx.afterResponse(() -> fire("ElementDisconnected", linkFields(c)));
  }

  private static JsonObject linkFields(ElementConnection c) {
    return EventBus.fields("sink", c.sink().id(), "mediaType", c.type().name(),
        "sourceMediaDescription", c.sourceDescription(),
        "sinkMediaDescription", c.sinkDescription());
  }

  /**
   * getSourceConnections / getSinkConnections with their optional filters; {@code description}
   * is this element's side of the link.
   */
  private static JsonArray connections(List<ElementConnection> list, JsonObject params,
      boolean thisIsSink) {
    String type = JsonRpc.string(params, "mediaType");
    String description = JsonRpc.string(params, "description");
    JsonArray out = new JsonArray();
    for (ElementConnection c : list) {
      String ownDescription = thisIsSink ? c.sinkDescription() : c.sourceDescription();
      if ((type == null || c.type().name().equals(type))
          && (description == null || ownDescription.equals(description))) {
        out.add(c.toJson());
      }
    }
    return out;
  }

  /** Applies a newly computed flow state and raises MediaFlowIn/OutStateChanged for changes. */
  void applyFlow(Set<MediaType> in, Set<MediaType> out) {
    fireChanges("MediaFlowInStateChanged", flowingIn, in);
    fireChanges("MediaFlowOutStateChanged", flowingOut, out);
  }

  private void fireChanges(String event, Set<MediaType> current, Set<MediaType> next) {
    for (MediaType t : List.of(MediaType.AUDIO, MediaType.VIDEO)) {
      boolean was = current.contains(t);
      boolean is = next.contains(t);
      if (was != is) {
        if (is) {
          current.add(t);
        } else {
          current.remove(t);
        }
        fire(event, EventBus.fields("state", is ? "FLOWING" : "NOT_FLOWING",
            "padName", DEFAULT_DESCRIPTION, "mediaType", t.name()));
      }
    }
  }

  @Override
  protected void onRelease() {
    // This element loses what flowed into it (its subscribers hear so before ObjectDestroyed),
    // its former sinks lose what it sent them, its former sources' routes lose it.
    List<MediaElementImpl> flowChanged = new ArrayList<>(List.of(this));
    List<MediaElementImpl> routesChanged = new ArrayList<>();
    for (ElementConnection c : List.copyOf(sinks)) {
      c.sink().sources.remove(c);
      flowChanged.add(c.sink());
    }
    for (ElementConnection c : List.copyOf(sources)) {
      c.source().sinks.remove(c);
      routesChanged.add(c.source());
    }
    sinks.clear();
    sources.clear();
    MediaFlow.linksChanged(pipeline(), routesChanged, flowChanged);
  }
}

package io.vidgate.emulator.objects;

import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import io.vidgate.emulator.kmd.Operation;
import java.util.ArrayList;
import java.util.List;

/** A MediaPipeline: the parent of every element and hub created in it. */
public final class MediaPipelineImpl extends MediaObjectImpl {

  MediaPipelineImpl(Init init) {
    super(init);
  }

  /** A pipeline's mediaPipeline is itself. */
  @Override
  public MediaPipelineImpl pipeline() {
    return this;
  }

  /** Every media element of the pipeline, hub ports included. */
  List<MediaElementImpl> elements() {
    List<MediaElementImpl> out = new ArrayList<>();
    collect(this, out);
    return out;
  }

  private static void collect(MediaObjectImpl o, List<MediaElementImpl> out) {
    for (MediaObjectImpl child : o.children()) {
      if (child instanceof MediaElementImpl e) {
        out.add(e);
      }
      collect(child, out);
    }
  }

  @Override
  protected Reply call(Operation op, JsonObject params, CallContext ctx) {
    if (op.name().equals("getGstreamerDot")) {
      return Reply.of(new JsonPrimitive(GstreamerDot.of(this)));
    }
    return super.call(op, params, ctx);
  }
}

package io.vidgate.emulator.objects;

import com.google.gson.JsonElement;
import io.vidgate.emulator.media.GridMixer;
import io.vidgate.emulator.media.VideoSink;
import java.util.ArrayList;
import java.util.List;

/**
 * A Composite: KMS's hub that mixes the video of its HubPorts into one grid ({@link GridMixer})
 * and sends that grid out of every HubPort. A port is an input while something is connected into
 * its video (KMS counts a port once its sink pad is linked), in the order the ports were made.
 * The canvas has the constructor's {@code width}, {@code height} and {@code framerate} (KMS's
 * defaults 800x600 at 15 fps). Audio is not mixed: the emulator's peers carry silence.
 */
final class CompositeImpl extends MediaObjectImpl {

  private final GridMixer mixer;

  CompositeImpl(Init init) {
    super(init);
    this.mixer = new GridMixer(intParam("width", 800), intParam("height", 600),
        intParam("framerate", 15));
  }

  private int intParam(String name, int absent) {
    JsonElement v = properties.get(name);
    int value = v == null || v.isJsonNull() ? absent : v.getAsInt();
    return value > 0 ? value : absent;
  }

  /** The ports, in the order they were made. */
  List<HubPortImpl> ports() {
    List<HubPortImpl> out = new ArrayList<>();
    for (MediaObjectImpl child : children()) {
      if (child instanceof HubPortImpl port && !port.released()) {
        out.add(port);
      }
    }
    return out;
  }

  /**
   * Recomputes the grid's inputs (ports with video connected into them) and where the grid
   * goes: every video sink the ports' outgoing connections reach.
   */
  void updateRoutes(List<VideoSink> outputs) {
    if (released()) {
      return;
    }
    List<HubPortImpl> inputs = new ArrayList<>();
    for (HubPortImpl port : ports()) {
      if (port.sourceConnections().stream().anyMatch(c -> c.type() == MediaType.VIDEO)) {
        inputs.add(port);
      }
    }
    mixer.inputs(inputs);
    mixer.outputTo(outputs);
  }

  /** The grid's input for a port, or null while it is none. */
  VideoSink inputOf(HubPortImpl port) {
    return mixer.input(port);
  }

  @Override
  protected void onRelease() {
    mixer.close();
  }
}

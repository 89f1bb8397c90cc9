package io.vidgate.emulator.objects;

import io.vidgate.emulator.media.I420Frame;
import io.vidgate.emulator.media.VideoSink;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * A HubPort. Of a {@link CompositeImpl}: what is connected into it is one input of the grid, and
 * what it sends out is the grid, whatever it receives itself. Of any other hub (Dispatcher…), it
 * passes on what it receives, as any element.
 */
final class HubPortImpl extends MediaElementImpl {

  /** Frames routed into this port, on to its tile in the grid (dropped while it has none). */
  private final VideoSink input = new VideoSink() {
    @Override
    public FrameSize sizeFor(int width, int height) {
      VideoSink tile = tile();
      return tile == null ? new FrameSize(width, height) : tile.sizeFor(width, height);
    }

    @Override
    public void accept(I420Frame frame) {
      VideoSink tile = tile();
      if (tile != null) {
        tile.accept(frame);
      }
    }
  };

  HubPortImpl(Init init) {
    super(init);
  }

  /** The Composite this port belongs to, or null for another kind of hub. */
  CompositeImpl composite() {
    return parent() instanceof CompositeImpl c ? c : null;
  }

  VideoSink videoInput() {
    return input;
  }

  private VideoSink tile() {
    CompositeImpl c = composite();
    return c == null ? null : c.inputOf(this);
  }

  /**
   * A Composite's port sends the grid (video while any port receives video) and the audio of the
   * others (KMS mixes every port's audio but its own).
   */
  @Override
  Set<MediaType> produced(Set<MediaType> in, Function<MediaElementImpl, Set<MediaType>> inOf) {
    CompositeImpl c = composite();
    if (c == null) {
      return in;
    }
    Set<MediaType> out = EnumSet.noneOf(MediaType.class);
    for (HubPortImpl port : c.ports()) {
      Set<MediaType> received = port == this ? in : inOf.apply(port);
      if (received.contains(MediaType.VIDEO)) {
        out.add(MediaType.VIDEO);
      }
      if (port != this && received.contains(MediaType.AUDIO)) {
        out.add(MediaType.AUDIO);
      }
    }
    return out;
  }

  /** The other ports of the same Composite: their output depends on this port's input. */
  @Override
  List<MediaElementImpl> mixedWith() {
    CompositeImpl c = composite();
    return c == null ? List.of() : List.copyOf(c.ports());
  }

  @Override
  protected void onRelease() {
    super.onRelease();
    CompositeImpl c = composite();
    if (c != null && !c.released()) {
      // Its tile goes, and its outgoing connections stop receiving the grid.
      MediaRoutes.update(List.of(c));
      MediaFlow.productionChanged(c.ports());
    }
  }
}

package io.vidgate.emulator.objects;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which media flows where in a pipeline. A source produces media (a WebRtcEndpoint: what its
 * remote peer sends); every other element receives what its connected sources push out and, in
 * turn, pushes out what it produces from that. The state is the least fixed point of those rules,
 * recomputed after anything that changes it; differences become MediaFlowIn/OutStateChanged
 * events. Only AUDIO and VIDEO are modelled.
 */
final class MediaFlow {

  private MediaFlow() {}

  static void update(MediaPipelineImpl pipeline) {
    if (pipeline == null || pipeline.released()) {
      return;
    }
    List<MediaElementImpl> elements = pipeline.elements();
    Map<MediaElementImpl, Set<MediaType>> in = new HashMap<>();
    Map<MediaElementImpl, Set<MediaType>> out = new HashMap<>();
    elements.forEach(e -> {
      in.put(e, EnumSet.noneOf(MediaType.class));
      out.put(e, EnumSet.noneOf(MediaType.class));
    });
    boolean changed = true;
    while (changed) {
      changed = false;
      for (MediaElementImpl e : elements) {
        Set<MediaType> received = EnumSet.noneOf(MediaType.class);
        for (ElementConnection c : e.sourceConnections()) {
          if (c.type() != MediaType.DATA && out.get(c.source()).contains(c.type())) {
            received.add(c.type());
          }
        }
        Set<MediaType> produced = EnumSet.noneOf(MediaType.class);
        produced.addAll(e.produced(received));
        if (!received.equals(in.get(e)) || !produced.equals(out.get(e))) {
          in.put(e, received);
          out.put(e, produced);
          changed = true;
        }
      }
    }
    elements.forEach(e -> e.applyFlow(in.get(e), out.get(e)));
    MediaRoutes.update(elements);
  }
}

package io.vidgate.emulator.objects;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which media flows where in a pipeline. A source produces media (a WebRtcEndpoint: what its
 * remote peer sends); every other element receives what its connected sources push out and, in
 * turn, pushes out what it produces from that. The state is the least fixed point of those rules,
 * recomputed after anything that changes it; differences become MediaFlowIn/OutStateChanged
 * events. Only AUDIO and VIDEO are modelled.
 *
 * <p>Only the part of the pipeline a change can affect is recomputed: an element's state depends
 * on its upstream alone, so a change at some elements (a connection into them, what a peer sends
 * them, their release) can only alter them and what lies downstream of them. Everything else
 * keeps its state, which is already the fixed point, and is read as fixed input. Recomputing the
 * whole pipeline instead made each connect or release cost as much as the room is large, and a
 * room's joins and leaves quadratic. A change whose update is still queued (a connect's runs
 * after its answer) is not missed: its own update recomputes its downstream when it runs.
 */
final class MediaFlow {

  private MediaFlow() {}

  /**
   * Connections changed: the flow below {@code sinks} (the elements whose incoming connections
   * changed, or which are released) is recomputed, and the routes of the WebRtcEndpoints whose
   * media reaches through {@code sources} (the elements whose outgoing connections changed).
   */
  static void linksChanged(MediaPipelineImpl pipeline, Collection<MediaElementImpl> sources,
      Collection<MediaElementImpl> sinks) {
    if (pipeline == null || pipeline.released()) {
      return;
    }
    update(sinks);
    MediaRoutes.update(MediaRoutes.feeding(sources, sinks));
  }

  /** What an element produces changed (a WebRtcEndpoint's peer started or stopped sending). */
  static void productionChanged(MediaElementImpl element) {
    productionChanged(List.of(element));
  }

  /** What these elements produce changed (a Composite lost a port). */
  static void productionChanged(List<? extends MediaElementImpl> elements) {
    if (elements.isEmpty()) {
      return;
    }
    MediaPipelineImpl pipeline = elements.get(0).pipeline();
    if (pipeline == null || pipeline.released()) {
      return;
    }
    update(List.copyOf(elements));
  }

  private static void update(Collection<MediaElementImpl> changed) {
    List<MediaElementImpl> elements = downstreamOf(changed);
    Map<MediaElementImpl, Set<MediaType>> in = new IdentityHashMap<>();
    Map<MediaElementImpl, Set<MediaType>> out = new IdentityHashMap<>();
    elements.forEach(e -> {
      in.put(e, EnumSet.noneOf(MediaType.class));
      out.put(e, EnumSet.noneOf(MediaType.class));
    });
    // Kleene iteration from "nothing flows" inside the affected part, so that a cycle of
    // elements passing media on cannot keep media alive once its source is gone.
    boolean changedAny = true;
    while (changedAny) {
      changedAny = false;
      for (MediaElementImpl e : elements) {
        Set<MediaType> received = EnumSet.noneOf(MediaType.class);
        for (ElementConnection c : e.sourceConnections()) {
          Set<MediaType> sourceOut = out.get(c.source());
          if (sourceOut == null) {
            sourceOut = c.source().flowingOut; // unaffected: its state stands
          }
          if (c.type() != MediaType.DATA && sourceOut.contains(c.type())) {
            received.add(c.type());
          }
        }
        Set<MediaType> produced = EnumSet.noneOf(MediaType.class);
        produced.addAll(e.produced(received, other -> {
          Set<MediaType> otherIn = in.get(other);
          return otherIn != null ? otherIn : other.flowingIn;
        }));
        if (!received.equals(in.get(e)) || !produced.equals(out.get(e))) {
          in.put(e, received);
          out.put(e, produced);
          changedAny = true;
        }
      }
    }
    elements.forEach(e -> e.applyFlow(in.get(e), out.get(e)));
  }

  /**
   * The changed elements and every element their connections lead to, in the pipeline's order
   * (as {@link MediaPipelineImpl#elements} lists them), so events come in the order they did
   * when the whole pipeline was recomputed.
   */
  private static List<MediaElementImpl> downstreamOf(Collection<MediaElementImpl> changed) {
    Set<MediaElementImpl> seen = new LinkedHashSet<>(changed);
    Deque<MediaElementImpl> next = new ArrayDeque<>(changed);
    while (!next.isEmpty()) {
      MediaElementImpl e = next.poll();
      for (ElementConnection c : e.sinkConnections()) {
        if (seen.add(c.sink())) {
          next.add(c.sink());
        }
      }
      for (MediaElementImpl mixed : e.mixedWith()) {
        if (seen.add(mixed)) {
          next.add(mixed);
        }
      }
    }
    List<MediaElementImpl> out = new ArrayList<>(seen);
    out.sort(MediaObjectImpl.PIPELINE_ORDER);
    return out;
  }
}

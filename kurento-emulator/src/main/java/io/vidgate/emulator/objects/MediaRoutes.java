package io.vidgate.emulator.objects;

import io.vidgate.emulator.media.VideoSink;
import io.vidgate.emulator.webrtc.WebRtcPeer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Where media goes. Two kinds of element produce it: a WebRtcEndpoint (what its remote peer
 * sends) and a Composite (its grid, out of every HubPort). Each one's media is sent to what its
 * connections reach, directly or through elements that pass media on (PassThrough, filters, other
 * hubs' ports), up to the first element that takes it: a WebRtcEndpoint (its peer sends it on), a
 * RecorderEndpoint (writes it), a Composite's HubPort (one input of the grid). Handed to the
 * WebRtcEndpoints' peers ({@link WebRtcPeer#forwardTo}, {@link WebRtcPeer#feed}) and the
 * Composites after every change of the pipeline's connections; peers without media ignore it.
 *
 * <p>A route ends at the first element that takes media, so a changed connection out of an
 * element alters the routes of that element if it produces media, else of the producers feeding
 * it through elements that pass media on ({@link #feeding}); only those are recomputed. A changed
 * connection into a Composite's port changes that Composite's inputs.
 */
final class MediaRoutes {

  private MediaRoutes() {}

  /** Recomputes the routes of these producers (WebRtcEndpoints and Composites). */
  static void update(Collection<? extends MediaObjectImpl> producers) {
    for (MediaObjectImpl producer : producers) {
      if (producer instanceof WebRtcEndpointImpl source) {
        Targets video = reached(List.of(source), MediaType.VIDEO);
        source.peer().forwardTo("audio", reached(List.of(source), MediaType.AUDIO).peers);
        source.peer().forwardTo("video", video.peers);
        source.peer().feed(video.sinks);
      } else if (producer instanceof CompositeImpl composite) {
        Targets video = reached(composite.ports(), MediaType.VIDEO);
        List<VideoSink> outputs = new ArrayList<>(video.sinks);
        for (WebRtcPeer peer : video.peers) {
          VideoSink input = peer.videoInput();
          if (input != null) {
            outputs.add(input);
          }
        }
        composite.updateRoutes(outputs);
      }
    }
  }

  /**
   * The live producers whose routes pass through the outgoing connections of {@code sources}:
   * the elements themselves when WebRtcEndpoints, the Composite of a port, else those upstream of
   * them up to the first producer on each path; and the Composites of the ports among
   * {@code sinks}, whose inputs changed.
   */
  static Set<MediaObjectImpl> feeding(Collection<MediaElementImpl> sources,
      Collection<MediaElementImpl> sinks) {
    Set<MediaObjectImpl> out = new LinkedHashSet<>();
    for (MediaElementImpl sink : sinks) {
      if (sink instanceof HubPortImpl port && port.composite() != null
          && !port.composite().released()) {
        out.add(port.composite());
      }
    }
    Set<MediaElementImpl> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    Deque<MediaElementImpl> next = new ArrayDeque<>();
    sources.forEach(e -> {
      if (seen.add(e)) {
        next.add(e);
      }
    });
    while (!next.isEmpty()) {
      MediaElementImpl e = next.poll();
      if (e instanceof WebRtcEndpointImpl endpoint) {
        if (!endpoint.released()) { // a released endpoint's peer is closed
          out.add(endpoint);
        }
        continue;
      }
      if (e instanceof HubPortImpl port && port.composite() != null) {
        if (!port.composite().released()) {
          out.add(port.composite());
        }
        continue;
      }
      for (ElementConnection c : e.sourceConnections()) {
        if (seen.add(c.source())) {
          next.add(c.source());
        }
      }
    }
    return out;
  }

  /** What media of a type reaches from these elements' outgoing connections. */
  private static Targets reached(List<? extends MediaElementImpl> from, MediaType type) {
    Targets out = new Targets();
    Set<MediaElementImpl> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    Deque<MediaElementImpl> next = new ArrayDeque<>(from);
    seen.addAll(from);
    while (!next.isEmpty()) {
      for (ElementConnection c : next.poll().sinkConnections()) {
        MediaElementImpl sink = c.sink();
        if (c.type() != type || !seen.add(sink)) {
          continue;
        }
        if (sink instanceof WebRtcEndpointImpl endpoint) {
          out.peers.add(endpoint.peer());
        } else if (sink instanceof RecorderEndpointImpl recorder) {
          out.sinks.add(recorder.videoInput());
        } else if (sink instanceof HubPortImpl port && port.composite() != null) {
          out.sinks.add(port.videoInput());
        } else {
          next.add(sink);
        }
      }
    }
    return out;
  }

  /** Peers a producer's media is forwarded to, and the other sinks its video is copied to. */
  private static final class Targets {
    final List<WebRtcPeer> peers = new ArrayList<>();
    final List<VideoSink> sinks = new ArrayList<>();
  }
}

package io.vidgate.emulator.objects;

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
 * Where each WebRtcEndpoint's received media must be sent: to the WebRtcEndpoints its connections
 * reach, directly or through any other elements (PassThrough, filters, hub ports pass media on).
 * Handed to the endpoints' peers after every change of the pipeline's connections; peers without
 * media ignore it.
 *
 * <p>A route ends at the first WebRtcEndpoint, so a changed connection out of an element alters
 * the routes of that element if it is a WebRtcEndpoint, else of the WebRtcEndpoints feeding it
 * through elements that pass media on ({@link #feeding}); only those are recomputed.
 */
final class MediaRoutes {

  private MediaRoutes() {}

  static void update(Collection<WebRtcEndpointImpl> sources) {
    for (WebRtcEndpointImpl source : sources) {
      source.peer().forwardTo("audio", reached(source, MediaType.AUDIO));
      source.peer().forwardTo("video", reached(source, MediaType.VIDEO));
    }
  }

  /**
   * The live WebRtcEndpoints whose routes pass through the outgoing connections of these
   * elements: the elements themselves when WebRtcEndpoints, else those upstream of them up to
   * the first WebRtcEndpoint on each path.
   */
  static Set<WebRtcEndpointImpl> feeding(Collection<MediaElementImpl> elements) {
    Set<WebRtcEndpointImpl> out = new LinkedHashSet<>();
    Set<MediaElementImpl> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    Deque<MediaElementImpl> next = new ArrayDeque<>();
    elements.forEach(e -> {
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
      for (ElementConnection c : e.sourceConnections()) {
        if (seen.add(c.source())) {
          next.add(c.source());
        }
      }
    }
    return out;
  }

  private static List<WebRtcPeer> reached(WebRtcEndpointImpl source, MediaType type) {
    List<WebRtcPeer> out = new ArrayList<>();
    Set<MediaElementImpl> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    Deque<MediaElementImpl> next = new ArrayDeque<>();
    next.add(source);
    while (!next.isEmpty()) {
      for (ElementConnection c : next.poll().sinkConnections()) {
        MediaElementImpl sink = c.sink();
        if (c.type() != type || !seen.add(sink)) {
          continue;
        }
        if (sink instanceof WebRtcEndpointImpl endpoint) {
          out.add(endpoint.peer());
        } else {
          next.add(sink);
        }
      }
    }
    return out;
  }
}
